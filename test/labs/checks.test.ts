// Every check type against a real simulated cluster (apiserver, controllers, scheduler, kubelet).
import { beforeEach, describe, expect, it } from 'vitest';
import { createCluster } from '../../src/cluster/cluster.ts';
import type { Cluster } from '../../src/cluster/types.ts';
import { runCheck } from '../../src/labs/checks.ts';
import type { CheckContext } from '../../src/labs/checks.ts';
import { observe } from '../../src/labs/observe.ts';
import { checkSchema } from '../../src/labs/schema.ts';
import { machinesOf } from '../../src/cluster/hosts/index.ts';
import { parseImageReference } from '../../src/cluster/registry/reference.ts';

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
  ctx = { api: cluster.api, observations: observe(cluster), hosts: cluster.hosts };
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
    ctx = { api: cluster.api, observations: observe(cluster), hosts: cluster.hosts };
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
    ctx = { api: cluster.api, observations: observe(cluster), hosts: cluster.hosts };
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

describe('machines: file, resolves, service', () => {
  const node = (n: string) => machinesOf(cluster.hosts)!.machine(n)!;

  it('file: exists, has a line (blanks squashed), matches a regex, or is absent — on every machine listed', () => {
    const hostsLine = { type: 'file', machine: ['node1', 'node2'], path: '/etc/hosts', line: '10.0.2.20   msa.harbor.com' };
    expect(check({ type: 'file', machine: 'node1', path: '/etc/hosts' })).toEqual({ passed: true, detail: 'node1:/etc/hosts exists' });
    expect(check(hostsLine)).toEqual({ passed: false, detail: 'node1:/etc/hosts has no line "10.0.2.20 msa.harbor.com"' });
    node('node1').fs.append('/etc/hosts', '10.0.2.20 msa.harbor.com\n');
    expect(check(hostsLine)).toEqual({ passed: false, detail: 'node2:/etc/hosts has no line "10.0.2.20 msa.harbor.com"' });
    node('node2').fs.append('/etc/hosts', '  10.0.2.20\tmsa.harbor.com  \n');
    expect(check(hostsLine).passed).toBe(true);
    expect(check({ type: 'file', machine: 'node1', path: '/etc/containerd/config.toml', matches: '^\\s*endpoint = \\["http://msa' }).passed).toBe(false);
    expect(check({ type: 'file', machine: 'master', path: '/root/notes.txt', exists: false }).passed).toBe(true);
    node('master').fs.write('/root/notes.txt', 'x\n');
    expect(check({ type: 'file', machine: 'master', path: '/root/notes.txt', exists: false })).toEqual({ passed: false, detail: 'master:/root/notes.txt exists (want no such file)' });
    expect(check({ type: 'file', machine: 'node9', path: '/etc/hosts' })).toMatchObject({ passed: false, detail: expect.stringContaining('no machine "node9"') });
  });

  it('file rejects a bad regex and line/matches without exists', () => {
    expect(checkSchema.safeParse({ type: 'file', machine: 'node1', path: '/etc/hosts', matches: '(' }).success).toBe(false);
    expect(checkSchema.safeParse({ type: 'file', machine: 'node1', path: '/etc/hosts', exists: false, line: 'x' }).success).toBe(false);
    expect(checkSchema.safeParse({ type: 'file', machine: 'node1', path: 'etc/hosts' }).success).toBe(false);
  });

  it('resolves follows /etc/hosts as the machine reads it now', () => {
    const c = { type: 'resolves', machine: ['node1', 'node3'], name: 'msa.harbor.com', ip: '10.0.2.20' };
    expect(check(c)).toEqual({ passed: false, detail: 'node1 cannot resolve msa.harbor.com' });
    expect(check({ type: 'resolves', machine: 'harbor', name: 'msa.harbor.com' }).passed).toBe(true);
    node('node1').fs.append('/etc/hosts', '10.0.2.99 msa.harbor.com\n');
    node('node3').fs.append('/etc/hosts', '10.0.2.20 msa.harbor.com\n');
    expect(check(c)).toEqual({ passed: false, detail: 'node1 resolves msa.harbor.com to 10.0.2.99 (want 10.0.2.20)' });
    node('node1').fs.write('/etc/hosts', node('node1').fs.read('/etc/hosts').replace('10.0.2.99', '10.0.2.20'));
    expect(check(c).passed).toBe(true);
  });

  it('service compares systemctl is-active', () => {
    const c = { type: 'service', machine: ['node1', 'node2'], unit: 'containerd.service' };
    expect(check(c).passed).toBe(true);
    node('node2').unit('containerd')!.stop();
    expect(check(c)).toEqual({ passed: false, detail: 'node2: containerd is inactive (want active)' });
    expect(check({ type: 'service', machine: 'node2', unit: 'containerd', state: 'inactive' }).passed).toBe(true);
    expect(check({ type: 'service', machine: 'harbor', unit: 'kubelet', state: 'inactive' })).toEqual({ passed: false, detail: 'harbor: no unit kubelet.service (want inactive)' });
  });

  it('machine checks fail with a reason when the context has no machines', () => {
    ctx = { api: cluster.api, observations: ctx.observations };
    expect(check({ type: 'resolves', machine: 'node1', name: 'master' })).toEqual({ passed: false, detail: 'this cluster has no machines to look at' });
  });
});

function openjdkRef() {
  const r = parseImageReference('openjdk:17-jdk-slim');
  if (!r.ok) throw new Error(r.message);
  return r.ref;
}

describe('registryImage', () => {
  const hosts = () => machinesOf(cluster.hosts)!;
  function seedHarbor(path: string, tag: string, arch: string) {
    const pub = hosts().registries.publicImage(openjdkRef(), arch)!;
    hosts().registries.harbor.seed(path, tag, { digest: `sha256:${arch.padEnd(64, '0')}`, manifestSize: 1000, image: { ...pub.content, architecture: arch }, pushedAt: 0 });
  }

  it('judges the registry itself: present, and for the wanted platform', () => {
    const c = { type: 'registryImage', image: 'msa.harbor.com/discovery-service', architecture: 'amd64' };
    expect(check(c)).toEqual({ passed: false, detail: 'msa.harbor.com/discovery-service:latest is not in msa.harbor.com' });
    seedHarbor('discovery-service', 'latest', 'arm64');
    expect(check(c)).toEqual({ passed: false, detail: 'msa.harbor.com/discovery-service:latest in msa.harbor.com is linux/arm64 (want linux/amd64)' });
    expect(check({ ...c, architecture: 'arm64' }).passed).toBe(true);
    seedHarbor('discovery-service', 'latest', 'amd64');
    expect(check(c)).toEqual({ passed: true, detail: 'msa.harbor.com/discovery-service:latest is in msa.harbor.com for linux/amd64' });
    expect(check({ ...c, image: 'msa.harbor.com/discovery-service:2.0' }).passed).toBe(false);
  });

  it('reads the public catalogue for other registries', () => {
    expect(check({ type: 'registryImage', image: 'nginx:1.27', architecture: 'arm64' }).passed).toBe(true);
    expect(check({ type: 'registryImage', image: 'nginx:no-such-tag' }).passed).toBe(false);
    expect(check({ type: 'registryImage', image: 'nosuchuser/nothing' }).passed).toBe(false);
  });

  it('imageOf follows the image a Deployment names now', () => {
    seedHarbor('discovery-service', 'latest', 'amd64');
    const c = { type: 'registryImage', imageOf: { name: 'web' }, architecture: 'amd64' };
    expect(check(c)).toEqual({ passed: false, detail: 'no deployment "web" in namespace default' });
    createDeployment('web', 1, 'nginx:1.27');
    cluster.api.patch('deployments', 'default', 'web', (d) => {
      d.spec.template.spec.containers[0].image = 'msa.harbor.com/discovery-service:9.9';
    });
    expect(check(c)).toEqual({ passed: false, detail: 'msa.harbor.com/discovery-service:9.9 is not in msa.harbor.com' });
    cluster.api.patch('deployments', 'default', 'web', (d) => {
      d.spec.template.spec.containers[0].image = 'msa.harbor.com/discovery-service';
    });
    expect(check(c).passed).toBe(true);
    expect(check({ ...c, imageOf: { name: 'web', container: 'nope' } }).passed).toBe(false);
    expect(checkSchema.safeParse({ type: 'registryImage', architecture: 'amd64' }).success).toBe(false);
  });

  it('engine looks in a machine\'s Docker images instead', () => {
    const c = { type: 'registryImage', image: 'kimtaeheon/discoveryservice:1.0', engine: 'master', architecture: 'amd64' };
    expect(check(c)).toEqual({ passed: false, detail: 'no image kimtaeheon/discoveryservice:1.0 in the Docker engine on master' });
    const pub = hosts().registries.publicImage(openjdkRef(), 'arm64')!;
    hosts().machine('master')!.docker!.addImage({ ...pub.content, id: 'sha256:' + 'a'.repeat(64), architecture: 'arm64' }, ['kimtaeheon/discoveryservice:1.0']);
    expect(check(c)).toEqual({ passed: false, detail: 'kimtaeheon/discoveryservice:1.0 on master is linux/arm64 (want linux/amd64)' });
    expect(check({ ...c, engine: 'node1' })).toEqual({ passed: false, detail: 'node1 has no Docker engine' });
  });

  it('pullableFrom asks each node\'s containerd, with its /etc/hosts and running config', () => {
    seedHarbor('discovery-service', 'latest', 'amd64');
    const c = { type: 'registryImage', image: 'msa.harbor.com/discovery-service', pullableFrom: ['node1'] };
    expect(check(c)).toMatchObject({ passed: false, detail: expect.stringContaining('node1 cannot pull it: rpc error: code = Unknown') });
    const n1 = hosts().machine('node1')!;
    n1.fs.append('/etc/hosts', '10.0.2.20 msa.harbor.com\n');
    n1.fs.append('/etc/containerd/config.toml', '[plugins."io.containerd.grpc.v1.cri".registry.mirrors."msa.harbor.com"]\n  endpoint = ["http://msa.harbor.com"]\n');
    expect(check(c)).toMatchObject({ passed: false, detail: expect.stringContaining('10.0.2.20:443: connect: connection refused') });
    n1.unit('containerd')!.restart();
    expect(check(c)).toEqual({ passed: true, detail: 'msa.harbor.com/discovery-service:latest is in msa.harbor.com for linux/amd64; node1 can pull it' });
    expect(check({ ...c, pullableFrom: ['node1', 'node2'] }).passed).toBe(false);
  });
});
