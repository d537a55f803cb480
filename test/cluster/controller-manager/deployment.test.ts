import { describe, expect, it } from 'vitest';
import { createCluster, type SimCluster } from '../../../src/cluster/cluster.ts';
import type { KubeObject } from '../../../src/cluster/types.ts';

function deploy(c: SimCluster, name = 'mynginx', image = 'nginx', replicas = 1): KubeObject {
  return c.api.create({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default', labels: { app: name } },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: image.split(':')[0]!, image }] } },
    },
  });
}

const pods = (c: SimCluster, app = 'mynginx') => c.api.list('pods', 'default', { labelSelector: `app=${app}` });
const rsList = (c: SimCluster) => c.api.list('replicasets', 'default');
const eventsFor = (c: SimCluster, name: string) =>
  c.api
    .list('events', 'default')
    .filter((e: any) => e.involvedObject.name === name)
    .sort((a: any, b: any) => (a.metadata.name < b.metadata.name ? -1 : 1));
const messages = (c: SimCluster, name: string, reason: string) => eventsFor(c, name).filter((e: any) => e.reason === reason).map((e: any) => e.message);
const scale = (c: SimCluster, n: number, name = 'mynginx') => c.api.patch('deployments', 'default', name, (d) => void (d.spec.replicas = n));
const ready = (p: KubeObject) => p.status?.conditions?.some((x: any) => x.type === 'Ready' && x.status === 'True');

describe('Deployment controller', () => {
  it('creates a ReplicaSet named after the pod-template-hash, owned by the Deployment', () => {
    const c = createCluster({ seed: 1 });
    const d = deploy(c);
    c.advance(100);
    const [rs] = rsList(c);
    expect(rs).toBeDefined();
    const hash = rs!.metadata.labels!['pod-template-hash']!;
    expect(hash).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{8,10}$/);
    expect(rs!.metadata.name).toBe(`mynginx-${hash}`);
    expect(rs!.metadata.labels).toEqual({ app: 'mynginx', 'pod-template-hash': hash });
    expect(rs!.spec.selector).toEqual({ matchLabels: { app: 'mynginx', 'pod-template-hash': hash } });
    expect(rs!.spec.template.metadata.labels).toEqual({ app: 'mynginx', 'pod-template-hash': hash });
    expect(rs!.metadata.ownerReferences).toEqual([
      { apiVersion: 'apps/v1', kind: 'Deployment', name: 'mynginx', uid: d.metadata.uid, controller: true, blockOwnerDeletion: true },
    ]);
    expect(rs!.metadata.annotations).toEqual({
      'deployment.kubernetes.io/revision': '1',
      'deployment.kubernetes.io/desired-replicas': '1',
      'deployment.kubernetes.io/max-replicas': '2',
    });
    expect(c.api.get('deployments', 'default', 'mynginx').metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('1');
    const [pod] = pods(c);
    expect(pod!.metadata.name).toMatch(new RegExp(`^mynginx-${hash}-[bcdfghjklmnpqrstvwxz2456789]{5}$`));
    expect(pod!.metadata.labels).toEqual({ app: 'mynginx', 'pod-template-hash': hash });
    expect(pod!.metadata.ownerReferences).toEqual([
      { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rs!.metadata.name, uid: rs!.metadata.uid, controller: true, blockOwnerDeletion: true },
    ]);
    expect(messages(c, 'mynginx', 'ScalingReplicaSet')).toEqual([`Scaled up replica set ${rs!.metadata.name} from 0 to 1`]);
    expect(messages(c, rs!.metadata.name, 'SuccessfulCreate')).toEqual([`Created pod: ${pod!.metadata.name}`]);
  });

  it('brings the pod to Running 1/1 on a worker with a weave address, with the usual events in order', () => {
    const c = createCluster({ seed: 1 });
    deploy(c);
    const took = c.settle();
    expect(took).toBeGreaterThan(2000);
    expect(took).toBeLessThan(12000);
    const [pod] = pods(c);
    expect(pod!.status.phase).toBe('Running');
    expect(ready(pod!)).toBe(true);
    const node = pod!.spec.nodeName as string;
    expect(['node1', 'node2', 'node3']).toContain(node);
    const prefix = { node1: '10.44.', node2: '10.36.', node3: '10.40.' }[node as 'node1'];
    expect(pod!.status.podIP.startsWith(prefix)).toBe(true);
    expect(eventsFor(c, pod!.metadata.name).map((e: any) => e.reason)).toEqual(['Scheduled', 'Pulling', 'Pulled', 'Created', 'Started']);
    const pulled = messages(c, pod!.metadata.name, 'Pulled')[0]!;
    expect(pulled).toMatch(/^Successfully pulled image "nginx" in \d+(\.\d+)?m?s \(\d+(\.\d+)?m?s including waiting\)\. Image size: 72195292 bytes\.$/);
    expect(messages(c, pod!.metadata.name, 'Scheduled')).toEqual([`Successfully assigned default/${pod!.metadata.name} to ${node}`]);
  });

  it('keeps status and conditions as the controller does', () => {
    const c = createCluster({ seed: 3 });
    deploy(c);
    c.advance(50);
    const early = c.api.get('deployments', 'default', 'mynginx').status;
    expect(early.conditions.find((x: any) => x.type === 'Available')).toMatchObject({
      status: 'False',
      reason: 'MinimumReplicasUnavailable',
      message: 'Deployment does not have minimum availability.',
    });
    c.settle();
    const d = c.api.get('deployments', 'default', 'mynginx');
    const rs = rsList(c)[0]!;
    expect(d.status).toMatchObject({ observedGeneration: 1, replicas: 1, updatedReplicas: 1, readyReplicas: 1, availableReplicas: 1 });
    expect('unavailableReplicas' in d.status).toBe(false);
    const types = d.status.conditions.map((x: any) => `${x.type}=${x.status}/${x.reason}`);
    expect(types).toEqual(['Available=True/MinimumReplicasAvailable', 'Progressing=True/NewReplicaSetAvailable']);
    const progressing = d.status.conditions[1];
    expect(progressing.message).toBe(`ReplicaSet "${rs.metadata.name}" has successfully progressed.`);
    // Progressing has been True since the ReplicaSet was created; only lastUpdateTime moved on
    expect(progressing.lastTransitionTime).toBe(d.metadata.creationTimestamp);
    expect(Date.parse(progressing.lastUpdateTime)).toBeGreaterThan(Date.parse(progressing.lastTransitionTime));
    expect(rs.status).toEqual({ replicas: 1, fullyLabeledReplicas: 1, readyReplicas: 1, availableReplicas: 1, observedGeneration: 1 });
  });

  it('scales up over the three workers and never onto the tainted master', () => {
    const c = createCluster({ seed: 1 });
    deploy(c);
    c.settle();
    scale(c, 4);
    c.settle();
    const list = pods(c);
    expect(list).toHaveLength(4);
    expect(list.every((p) => p.status.phase === 'Running' && ready(p))).toBe(true);
    expect(new Set(list.map((p) => p.spec.nodeName))).toEqual(new Set(['node1', 'node2', 'node3']));
    const rs = rsList(c)[0]!.metadata.name;
    expect(messages(c, 'mynginx', 'ScalingReplicaSet')).toEqual([`Scaled up replica set ${rs} from 0 to 1`, `Scaled up replica set ${rs} from 1 to 4`]);
    expect(c.api.get('deployments', 'default', 'mynginx').status).toMatchObject({ replicas: 4, readyReplicas: 4, availableReplicas: 4 });
  });

  it('scales down, deleting pods with SuccessfulDelete; they terminate and disappear', () => {
    const c = createCluster({ seed: 2 });
    deploy(c, 'mynginx', 'nginx', 4);
    c.settle();
    scale(c, 3);
    c.advance(50);
    const terminating = pods(c).filter((p) => p.metadata.deletionTimestamp);
    expect(terminating).toHaveLength(1);
    const rs = rsList(c)[0]!.metadata.name;
    expect(messages(c, rs, 'SuccessfulDelete')).toEqual([`Deleted pod: ${terminating[0]!.metadata.name}`]);
    expect(messages(c, 'mynginx', 'ScalingReplicaSet')).toContain(`Scaled down replica set ${rs} from 4 to 3`);
    c.settle();
    expect(pods(c)).toHaveLength(3);
    expect(pods(c).some((p) => p.metadata.name === terminating[0]!.metadata.name)).toBe(false);
    expect(messages(c, terminating[0]!.metadata.name, 'Killing')).toEqual(['Stopping container nginx']);
  });

  it('replaces a deleted pod: four again, one younger than the rest', () => {
    const c = createCluster({ seed: 4 });
    deploy(c, 'mynginx', 'nginx', 4);
    c.settle();
    c.advance(60_000);
    const before = pods(c).map((p) => p.metadata.name);
    const victim = before[0]!;
    c.api.delete('pods', 'default', victim);
    c.advance(100);
    // the old pod shows as terminating while its replacement is already being created
    expect(c.api.get('pods', 'default', victim).metadata.deletionTimestamp).toBeDefined();
    expect(pods(c).filter((p) => !p.metadata.deletionTimestamp)).toHaveLength(4);
    c.settle();
    const after = pods(c);
    expect(after).toHaveLength(4);
    expect(after.every((p) => p.status.phase === 'Running' && ready(p))).toBe(true);
    expect(after.map((p) => p.metadata.name)).not.toContain(victim);
    const fresh = after.filter((p) => !before.includes(p.metadata.name));
    expect(fresh).toHaveLength(1);
    const ages = after.map((p) => Date.parse(p.metadata.creationTimestamp));
    expect(Date.parse(fresh[0]!.metadata.creationTimestamp)).toBe(Math.max(...ages));
    expect(Date.parse(fresh[0]!.metadata.creationTimestamp) - Math.min(...ages)).toBeGreaterThanOrEqual(60_000);
  });

  it('cascades the deletion of a Deployment to its ReplicaSet and pods', () => {
    const c = createCluster({ seed: 5 });
    deploy(c, 'mynginx', 'nginx', 2);
    c.settle();
    c.api.delete('deployments', 'default', 'mynginx');
    c.settle();
    expect(rsList(c)).toHaveLength(0);
    expect(pods(c)).toHaveLength(0);
  });

  it('rolls out a new template: revision 2, the old ReplicaSet scaled to zero, every pod on the new one', () => {
    const c = createCluster({ seed: 6 });
    deploy(c, 'web', 'nginx:1.25', 4);
    c.settle();
    const oldRs = rsList(c)[0]!;
    c.api.patch('deployments', 'default', 'web', (d) => void (d.spec.template.spec.containers[0].image = 'nginx:1.26'));
    c.settle();
    const sets = rsList(c);
    expect(sets).toHaveLength(2);
    const newRs = sets.find((r) => r.metadata.uid !== oldRs.metadata.uid)!;
    expect(newRs.metadata.name).not.toBe(oldRs.metadata.name);
    expect(newRs.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('2');
    expect(c.api.get('replicasets', 'default', oldRs.metadata.name).spec.replicas).toBe(0);
    expect(newRs.spec.replicas).toBe(4);
    const live = pods(c, 'web');
    expect(live).toHaveLength(4);
    expect(live.every((p) => p.metadata.labels?.['pod-template-hash'] === newRs.metadata.labels?.['pod-template-hash'])).toBe(true);
    const scaling = messages(c, 'web', 'ScalingReplicaSet');
    expect(scaling[1]).toBe(`Scaled up replica set ${newRs.metadata.name} from 0 to 1`);
    expect(scaling.some((m) => m.startsWith(`Scaled down replica set ${oldRs.metadata.name} from 4 to 3`))).toBe(true);
    expect(scaling.at(-1)).toMatch(new RegExp(`^Scaled (down replica set ${oldRs.metadata.name} from \\d to 0|up replica set ${newRs.metadata.name} from \\d to 4)$`));
    const d = c.api.get('deployments', 'default', 'web');
    expect(d.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('2');
    expect(d.status).toMatchObject({ observedGeneration: 2, replicas: 4, updatedReplicas: 4, availableReplicas: 4 });
  });

  it('Recreate scales the old pods away before any new one starts', () => {
    const c = createCluster({ seed: 7 });
    c.api.create({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'db', namespace: 'default' },
      spec: {
        replicas: 2,
        strategy: { type: 'Recreate' },
        selector: { matchLabels: { app: 'db' } },
        template: { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'redis', image: 'redis:7.2' }] } },
      },
    });
    c.settle();
    const oldHash = pods(c, 'db')[0]!.metadata.labels!['pod-template-hash'];
    c.api.patch('deployments', 'default', 'db', (d) => void (d.spec.template.spec.containers[0].image = 'redis:7.4'));
    for (let i = 0; i < 200; i++) {
      c.advance(50);
      const list = pods(c, 'db');
      const hashes = new Set(list.map((p) => p.metadata.labels!['pod-template-hash']));
      expect(hashes.size).toBeLessThanOrEqual(1);
    }
    c.settle();
    const list = pods(c, 'db');
    expect(list).toHaveLength(2);
    expect(list.every((p) => p.metadata.labels!['pod-template-hash'] !== oldHash)).toBe(true);
  });

  it('keeps only revisionHistoryLimit old ReplicaSets', () => {
    const c = createCluster({ seed: 8 });
    c.api.create({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'h', namespace: 'default' },
      spec: {
        replicas: 1,
        revisionHistoryLimit: 1,
        selector: { matchLabels: { app: 'h' } },
        template: { metadata: { labels: { app: 'h' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.25' }] } },
      },
    });
    c.settle();
    for (const tag of ['1.26', '1.27', 'alpine']) {
      c.api.patch('deployments', 'default', 'h', (d) => void (d.spec.template.spec.containers[0].image = `nginx:${tag}`));
      c.settle();
    }
    const revisions = rsList(c).map((r) => r.metadata.annotations?.['deployment.kubernetes.io/revision']).sort();
    expect(revisions).toEqual(['3', '4']);
  });

  it('gives the same names for the same seed and other names for another seed', () => {
    const run = (seed: number) => {
      const c = createCluster({ seed });
      deploy(c, 'mynginx', 'nginx', 3);
      c.settle();
      return pods(c).map((p) => `${p.metadata.name} ${p.spec.nodeName} ${p.status.podIP}`);
    };
    expect(run(11)).toEqual(run(11));
    expect(run(11)).not.toEqual(run(12));
  });
});
