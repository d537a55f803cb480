// The node lifecycle controller's condition taints, as `kubectl describe node` would list them.
import { describe, expect, it } from 'vitest';
import { createCluster } from '../../../src/cluster/cluster.ts';

const taintsOf = (c: ReturnType<typeof createCluster>, node: string) => ((c.api.get('nodes', undefined, node).spec.taints ?? []) as any[]).map((t) => `${t.key}:${t.effect}`);

function setReady(c: ReturnType<typeof createCluster>, node: string, status: string): void {
  const n = c.api.get('nodes', undefined, node);
  c.api.updateStatus({ ...n, status: { ...n.status, conditions: n.status.conditions.map((x: any) => (x.type === 'Ready' ? { ...x, status } : x)) } });
  c.settle();
}

describe('node lifecycle controller', () => {
  it('adds not-ready:NoSchedule after the control-plane taint while Ready is False, and removes it when Ready', () => {
    const c = createCluster();
    c.settle();
    setReady(c, 'master', 'False');
    expect(taintsOf(c, 'master')).toEqual(['node-role.kubernetes.io/control-plane:NoSchedule', 'node.kubernetes.io/not-ready:NoSchedule']);
    setReady(c, 'master', 'True');
    expect(taintsOf(c, 'master')).toEqual(['node-role.kubernetes.io/control-plane:NoSchedule']);
  });

  it('marks a node whose kubelet stopped posting (Unknown) unreachable, NoSchedule and NoExecute', () => {
    const c = createCluster();
    c.settle();
    c.hosts.machine('node2')!.unit('kubelet')!.stop();
    c.advance(60_000);
    expect(taintsOf(c, 'node2')).toEqual(['node.kubernetes.io/unreachable:NoSchedule', 'node.kubernetes.io/unreachable:NoExecute']);
    expect(c.api.get('nodes', undefined, 'node2').spec.taints[1].timeAdded).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it('leaves the healthy kubeadm preset alone', () => {
    const c = createCluster();
    const before = c.api.list('nodes').map((n) => n.metadata.resourceVersion);
    c.settle();
    expect(c.api.list('nodes').map((n) => n.metadata.resourceVersion)).toEqual(before);
    expect(taintsOf(c, 'node1')).toEqual([]);
  });
});
