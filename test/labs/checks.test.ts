// Every check type against a real simulated cluster (apiserver, controllers, scheduler, kubelet).
import { beforeEach, describe, expect, it } from 'vitest';
import { createCluster } from '../../src/cluster/cluster.ts';
import type { Cluster } from '../../src/cluster/types.ts';
import { runCheck } from '../../src/labs/checks.ts';
import type { CheckContext } from '../../src/labs/checks.ts';
import { observe } from '../../src/labs/observe.ts';
import { checkSchema } from '../../src/labs/schema.ts';

let cluster: Cluster;
let ctx: CheckContext;

/** Parse through the schema, so defaults apply exactly as in a lab.yaml. */
function check(raw: unknown) {
  return runCheck(checkSchema.parse(raw), ctx);
}

function createDeployment(name: string, replicas: number, image = 'nginx') {
  cluster.api.create({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default', labels: { app: name } },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: image.split(':')[0], image }] } },
    },
  });
}

function podsOf(app: string) {
  return cluster.api.list('pods', 'default', { labelSelector: `app=${app}` });
}

beforeEach(() => {
  cluster = createCluster({ seed: 3 });
  cluster.settle();
  ctx = { api: cluster.api, observations: observe(cluster) };
});

describe('exists / notExists', () => {
  it('finds an object by name, by selector, and with where conditions', () => {
    expect(check({ type: 'exists', resource: 'deploy', name: 'web' })).toEqual({ passed: false, detail: 'no deployment "web" in namespace default' });
    createDeployment('web', 2);
    cluster.settle();
    expect(check({ type: 'exists', resource: 'deployments.apps', name: 'web' }).passed).toBe(true);
    expect(check({ type: 'exists', resource: 'po', selector: 'app=web', where: [{ path: 'status.phase', value: 'Running' }] }).passed).toBe(true);
    expect(check({ type: 'exists', resource: 'pods', selector: 'app=web', where: [{ path: 'status.phase', value: 'Pending' }] }).passed).toBe(false);
    expect(check({ type: 'exists', resource: 'deploy', name: 'web', namespace: 'kube-system' }).passed).toBe(false);
    expect(check({ type: 'exists', resource: 'deploy', name: 'web', namespace: '*' }).passed).toBe(true);
  });

  it('finds cluster-scoped objects whatever the namespace says', () => {
    expect(check({ type: 'exists', resource: 'nodes', name: 'node2' }).passed).toBe(true);
    expect(check({ type: 'exists', resource: 'ns', name: 'kube-system' }).passed).toBe(true);
  });

  it('notExists passes only once the object is gone', () => {
    createDeployment('web', 1);
    cluster.settle();
    const gone = { type: 'notExists', resource: 'deployment', name: 'web' };
    expect(check(gone)).toMatchObject({ passed: false, detail: 'deployment "web" in namespace default still exists: web' });
    cluster.api.delete('deployments', 'default', 'web');
    cluster.settle();
    expect(check(gone).passed).toBe(true);
    expect(check({ type: 'notExists', resource: 'pods', selector: 'app=web' }).passed).toBe(true);
  });

  it('fails with the server wording for an unknown resource', () => {
    expect(check({ type: 'exists', resource: 'widgets', name: 'x' })).toEqual({ passed: false, detail: `the server doesn't have a resource type "widgets"` });
  });
});

describe('field', () => {
  it('compares spec and status fields of a named object', () => {
    createDeployment('web', 3, 'nginx:1.27');
    expect(check({ type: 'field', resource: 'deploy', name: 'web', path: 'spec.replicas', value: 3 }).passed).toBe(true);
    expect(check({ type: 'field', resource: 'deploy', name: 'web', path: 'status.readyReplicas', op: 'gte', value: 3 }).passed).toBe(false);
    cluster.settle();
    expect(check({ type: 'field', resource: 'deploy', name: 'web', path: 'status.readyReplicas', op: 'gte', value: 3 }).passed).toBe(true);
    expect(check({ type: 'field', resource: 'deploy', name: 'web', path: 'spec.template.spec.containers[0].image', op: 'matches', value: '^nginx:' }).passed).toBe(true);
    expect(check({ type: 'field', resource: 'deploy', name: 'web', path: 'spec.replicas', value: 4 })).toEqual({
      passed: false,
      detail: 'deployment web: spec.replicas is 3 (want 4)',
    });
    expect(check({ type: 'field', resource: 'deploy', name: 'web', path: 'spec.paused', op: 'notExists' }).passed).toBe(true);
    expect(check({ type: 'field', resource: 'deploy', name: 'nope', path: 'spec.replicas', value: 1 }).detail).toBe('no deployment "nope" in namespace default');
  });
});

describe('count and podsReady', () => {
  it('counts Running and Ready pods behind a selector', () => {
    createDeployment('web', 4);
    const running = {
      type: 'count',
      resource: 'pods',
      selector: 'app=web',
      where: [
        { path: 'status.phase', value: 'Running' },
        { path: 'status.conditions[type=Ready].status', value: 'True' },
      ],
      value: 4,
    };
    cluster.advance(1000);
    expect(check(running).passed).toBe(false);
    cluster.settle();
    expect(check(running)).toMatchObject({ passed: true });
    expect(check({ type: 'count', resource: 'pods', selector: 'app=web', op: 'gt', value: 4 })).toMatchObject({ passed: false, detail: expect.stringMatching(/^4 pods with app=web/) });
    expect(check({ type: 'podsReady', selector: 'app=web', count: 4 })).toEqual({ passed: true, detail: '4 of 4 pods with app=web Ready' });
    expect(check({ type: 'podsReady', selector: 'app=web', count: 3 }).passed).toBe(false);
    expect(check({ type: 'podsReady', selector: 'app=web', min: 2 }).passed).toBe(true);
    expect(check({ type: 'podsReady', selector: 'app=web' }).passed).toBe(true);
    expect(check({ type: 'podsReady', selector: 'app=db' })).toMatchObject({ passed: false, detail: '0 of 0 pods with app=db Ready (want all, at least one)' });
  });

  it('does not count pods that are still starting', () => {
    createDeployment('web', 2);
    cluster.advance(500);
    expect(podsOf('web').length).toBe(2);
    expect(check({ type: 'podsReady', selector: 'app=web', count: 2 }).passed).toBe(false);
  });
});

describe('event', () => {
  it('sees events recorded after the lab started, matching reason, kind and name', () => {
    const scaled = { type: 'event', reason: 'ScalingReplicaSet', involvedKind: 'Deployment', involvedName: '^web$' };
    expect(check(scaled)).toEqual({ passed: false, detail: 'no event ScalingReplicaSet on Deployment ^web$ seen yet' });
    createDeployment('web', 1);
    cluster.settle();
    expect(check(scaled).passed).toBe(true);
    expect(check({ type: 'event', reason: 'Pulled', involvedKind: 'Pod', involvedName: '^web-' }).passed).toBe(true);
    expect(check({ type: 'event', reason: 'Killing' }).passed).toBe(false);
    expect(check({ type: 'event', reason: 'Pulled', eventType: 'Warning' }).passed).toBe(false);
  });

  it('ignores events from before observation began', () => {
    createDeployment('web', 1);
    cluster.settle();
    ctx = { api: cluster.api, observations: observe(cluster) };
    expect(check({ type: 'event', reason: 'ScalingReplicaSet' }).passed).toBe(false);
  });
});

describe('replaced', () => {
  const healed = { type: 'replaced', selector: 'app=web', count: 3 };

  it('passes once a deleted pod was replaced and the set is Ready again, one pod younger', () => {
    createDeployment('web', 3);
    cluster.settle();
    expect(check(healed)).toEqual({ passed: false, detail: 'no pod with app=web has been deleted yet' });
    const victim = podsOf('web')[0]!.metadata.name;
    cluster.api.delete('pods', 'default', victim);
    expect(check(healed).passed).toBe(false);
    cluster.settle();
    const out = check(healed);
    expect(out.passed).toBe(true);
    expect(out.detail).toMatch(new RegExp(`^${victim} deleted; web-\\S+ replaced it; 3 Ready$`));
    expect(podsOf('web').map((p) => p.metadata.name)).not.toContain(victim);
  });

  it('does not count a pod deleted before the lab started or one outside the selector', () => {
    createDeployment('web', 3);
    createDeployment('db', 1);
    cluster.settle();
    cluster.api.delete('pods', 'default', podsOf('web')[0]!.metadata.name);
    cluster.settle();
    ctx = { api: cluster.api, observations: observe(cluster) };
    cluster.api.delete('pods', 'default', podsOf('db')[0]!.metadata.name);
    cluster.settle();
    expect(check(healed).passed).toBe(false);
  });

  it('wants the others kept: recreating everything is not "one pod younger than the others"', () => {
    createDeployment('web', 3);
    cluster.settle();
    cluster.api.delete('deployments', 'default', 'web');
    cluster.settle();
    createDeployment('web', 3);
    cluster.settle();
    expect(check(healed)).toMatchObject({ passed: false, detail: 'every pod with app=web is new; want the others to stay' });
    expect(check({ ...healed, keepsOthers: false }).passed).toBe(true);
  });

  it('counts a later deletion when an early one left no older pod (deleted at one replica, then scaled)', () => {
    createDeployment('web', 1);
    cluster.settle();
    cluster.api.delete('pods', 'default', podsOf('web')[0]!.metadata.name);
    cluster.settle();
    cluster.api.patch('deployments', 'default', 'web', (d) => {
      d.spec.replicas = 3;
    });
    cluster.settle();
    expect(check(healed).passed).toBe(false);
    cluster.api.delete('pods', 'default', podsOf('web')[1]!.metadata.name);
    cluster.settle();
    expect(check(healed).passed).toBe(true);
  });

  it('fails while fewer pods than wanted are Ready', () => {
    createDeployment('web', 3);
    cluster.settle();
    cluster.api.delete('pods', 'default', podsOf('web')[0]!.metadata.name);
    cluster.settle();
    expect(check({ ...healed, count: 4 })).toMatchObject({ passed: false, detail: '3 of 3 pods with app=web Ready (want 4 of 4)' });
  });
});

describe('combinators', () => {
  it('allOf, anyOf and not combine checks and explain the failing part', () => {
    createDeployment('web', 1);
    cluster.settle();
    const has = { type: 'exists', resource: 'deploy', name: 'web' };
    const lacks = { type: 'exists', resource: 'deploy', name: 'db' };
    expect(check({ type: 'allOf', checks: [has, lacks] })).toEqual({ passed: false, detail: 'no deployment "db" in namespace default' });
    expect(check({ type: 'anyOf', checks: [lacks, has] }).passed).toBe(true);
    expect(check({ type: 'not', check: lacks }).passed).toBe(true);
    expect(check({ type: 'not', check: has }).passed).toBe(false);
  });
});
