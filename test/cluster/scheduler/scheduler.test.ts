import { describe, expect, it } from 'vitest';
import { createCluster, type SimCluster } from '../../../src/cluster/cluster.ts';
import { controllerManagerComponents } from '../../../src/cluster/controller-manager/index.ts';
import { defaultScheduler, fitErrorMessage } from '../../../src/cluster/scheduler/index.ts';
import { kubelets } from '../../../src/cluster/kubelet/index.ts';

function cluster(seed = 1) {
  const scheduler = defaultScheduler();
  const c = createCluster({ seed, components: [...controllerManagerComponents(), scheduler, kubelets()] });
  return { c, scheduler };
}

function pod(c: SimCluster, name: string, spec: Record<string, unknown> = {}, container: Record<string, unknown> = {}) {
  return c.api.create({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', labels: { run: name } },
    spec: { containers: [{ name, image: 'nginx', ...container }], ...spec },
  });
}

const events = (c: SimCluster, name: string, reason: string) =>
  c.api.list('events', 'default').filter((e: any) => e.involvedObject.name === name && e.reason === reason) as any[];

describe('default-scheduler', () => {
  it('explains a nodeSelector that matches no node, node by node, and keeps the pod Pending', () => {
    const { c, scheduler } = cluster();
    pod(c, 'picky', { nodeSelector: { disktype: 'ssd' } });
    c.settle();
    const msg =
      "0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 3 node(s) didn't match Pod's node affinity/selector. " +
      'preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling.';
    const failed = events(c, 'picky', 'FailedScheduling');
    expect(failed).toHaveLength(1);
    expect(failed[0].type).toBe('Warning');
    expect(failed[0].source).toEqual({ component: 'default-scheduler' });
    expect(failed[0].message).toBe(msg);
    const p = c.api.get('pods', 'default', 'picky');
    expect(p.spec.nodeName).toBeUndefined();
    expect(p.status.phase).toBe('Pending');
    expect(p.status.conditions).toEqual([
      { lastProbeTime: null, lastTransitionTime: p.metadata.creationTimestamp, message: msg, reason: 'Unschedulable', status: 'False', type: 'PodScheduled' },
    ]);
    const d = scheduler.diagnosis('default', 'picky')!;
    expect(d.message).toBe(msg);
    expect(d.nodes).toEqual([
      { node: 'master', plugin: 'TaintToleration', reasons: ['node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }'] },
      { node: 'node1', plugin: 'NodeAffinity', reasons: ["node(s) didn't match Pod's node affinity/selector"] },
      { node: 'node2', plugin: 'NodeAffinity', reasons: ["node(s) didn't match Pod's node affinity/selector"] },
      { node: 'node3', plugin: 'NodeAffinity', reasons: ["node(s) didn't match Pod's node affinity/selector"] },
    ]);
  });

  it('schedules the waiting pod as soon as a node gets the label', () => {
    const { c, scheduler } = cluster();
    pod(c, 'picky', { nodeSelector: { disktype: 'ssd' } });
    c.settle();
    c.api.patch('nodes', undefined, 'node2', (n) => void (n.metadata.labels = { ...n.metadata.labels, disktype: 'ssd' }));
    c.settle();
    const p = c.api.get('pods', 'default', 'picky');
    expect(p.spec.nodeName).toBe('node2');
    expect(p.status.phase).toBe('Running');
    expect(events(c, 'picky', 'Scheduled').map((e) => e.message)).toEqual(['Successfully assigned default/picky to node2']);
    expect(scheduler.diagnosis('default', 'picky')).toBeUndefined();
  });

  it('reports resources it cannot find with the preemption verdict, as the reference shows', () => {
    const { c } = cluster();
    pod(c, 'hungry', {}, { resources: { requests: { cpu: '3' } } });
    c.settle();
    expect(events(c, 'hungry', 'FailedScheduling').map((e) => e.message)).toEqual([
      '0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 3 Insufficient cpu. ' +
        'preemption: 0/4 nodes are available: 1 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod.',
    ]);
  });

  it('honours tolerations, nodeName-free binding and unschedulable (cordoned) nodes', () => {
    const { c } = cluster();
    for (const n of ['node1', 'node2', 'node3']) c.api.patch('nodes', undefined, n, (o) => void (o.spec.unschedulable = true));
    pod(c, 'tolerant', { tolerations: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }] });
    pod(c, 'plain');
    c.settle();
    expect(c.api.get('pods', 'default', 'tolerant').spec.nodeName).toBe('master');
    expect(events(c, 'plain', 'FailedScheduling')[0].message).toBe(
      '0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 3 node(s) were unschedulable. ' +
        'preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling.',
    );
    c.api.patch('nodes', undefined, 'node3', (o) => void delete o.spec.unschedulable);
    c.settle();
    expect(c.api.get('pods', 'default', 'plain').spec.nodeName).toBe('node3');
  });

  it('retries pods that did not fit when room is freed', () => {
    const { c } = cluster();
    for (const n of ['node1', 'node2', 'node3']) pod(c, `big-${n}`, { nodeName: n }, { resources: { requests: { cpu: '1500m' } } });
    pod(c, 'late', {}, { resources: { requests: { cpu: '1' } } });
    c.settle();
    expect(c.api.get('pods', 'default', 'late').spec.nodeName).toBeUndefined();
    expect(events(c, 'late', 'FailedScheduling')[0].message).toContain('3 Insufficient cpu');
    c.api.delete('pods', 'default', 'big-node1');
    c.settle();
    expect(c.api.get('pods', 'default', 'late').spec.nodeName).toBe('node1');
  });

  it('formats FitError reasons sorted as strings, counts first', () => {
    const msg = fitErrorMessage(12, [
      ...Array.from({ length: 10 }, () => ({ plugin: 'NodeResourcesFit', code: 'Unschedulable' as const, reasons: ['Insufficient memory'] })),
      { plugin: 'NodeResourcesFit', code: 'Unschedulable', reasons: ['Too many pods', 'Insufficient cpu'] },
      { plugin: 'TaintToleration', code: 'UnschedulableAndUnresolvable', reasons: ['node(s) had untolerated taint {a: b}'] },
    ]);
    expect(msg).toBe(
      '0/12 nodes are available: 1 Insufficient cpu, 1 Too many pods, 1 node(s) had untolerated taint {a: b}, 10 Insufficient memory. ' +
        'preemption: 0/12 nodes are available: 1 Preemption is not helpful for scheduling, 11 No preemption victims found for incoming pod.',
    );
  });

  it('spreads the pods of one ReplicaSet across the workers', () => {
    const { c } = cluster(9);
    c.api.create({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'spread', namespace: 'default' },
      spec: {
        replicas: 6,
        selector: { matchLabels: { app: 'spread' } },
        template: { metadata: { labels: { app: 'spread' } }, spec: { containers: [{ name: 'nginx', image: 'nginx' }] } },
      },
    });
    c.settle();
    const perNode = new Map<string, number>();
    for (const p of c.api.list('pods', 'default')) perNode.set(p.spec.nodeName, (perNode.get(p.spec.nodeName) ?? 0) + 1);
    expect([...perNode.keys()].sort()).toEqual(['node1', 'node2', 'node3']);
    expect([...perNode.values()]).toEqual([2, 2, 2]);
  });
});

describe('cluster.scheduler', () => {
  it('tells, node by node, why a pending pod was not placed, and forgets once it is scheduled', () => {
    const c = createCluster({ seed: 1 });
    c.settle();
    pod(c, 'picky', { nodeSelector: { disktype: 'ssd' } });
    c.settle();
    const d = c.scheduler.diagnosis('default', 'picky');
    expect(d?.message).toContain("didn't match Pod's node affinity/selector");
    expect(d?.nodes.map((n) => n.node).sort()).toEqual(['master', 'node1', 'node2', 'node3']);
    expect(c.scheduler.diagnoses().map((x) => x.name)).toEqual(['picky']);
    c.api.patch('nodes', undefined, 'node2', (n) => {
      n.metadata.labels = { ...n.metadata.labels, disktype: 'ssd' };
    });
    c.settle();
    expect(c.api.get('pods', 'default', 'picky').spec.nodeName).toBe('node2');
    expect(c.scheduler.diagnosis('default', 'picky')).toBeUndefined();
  });
});
