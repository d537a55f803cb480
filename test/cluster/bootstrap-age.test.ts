import { describe, expect, it } from 'vitest';
import { createCluster } from '../../src/cluster/cluster.ts';

const DAY = 24 * 3600_000;
const created = (o: { metadata: { creationTimestamp: string } }) => Date.parse(o.metadata.creationTimestamp);

describe('kubeadm bootstrap history', () => {
  const c = createCluster({ seed: 1 });
  const start = c.clock.now();
  const age = (t: number) => start - t;

  it('makes nodes, namespaces and kube-system pods a little over 3 days old at the start (AGE 3d, not 2d23h)', () => {
    const objs = [...c.api.list('nodes'), ...c.api.list('namespaces'), ...c.api.list('pods', 'kube-system')];
    expect(objs.length).toBeGreaterThan(10);
    for (const o of objs) {
      expect(age(created(o)), o.metadata.name).toBeGreaterThanOrEqual(3 * DAY);
      expect(age(created(o)), o.metadata.name).toBeLessThan(3 * DAY + 3600_000);
    }
  });

  it('keeps the install order: master first, weave-net after it, the workers minutes later', () => {
    const node = (n: string) => created(c.api.get('nodes', undefined, n));
    const weave = c.api.list('pods', 'kube-system').filter((p) => p.metadata.name.startsWith('weave-net-'));
    const masterWeave = weave.find((p) => p.spec.nodeName === 'master')!;
    expect(node('master')).toBeLessThan(created(masterWeave));
    for (const w of ['node1', 'node2', 'node3']) {
      expect(node(w) - node('master')).toBeGreaterThanOrEqual(5 * 60_000);
      expect(created(masterWeave)).toBeLessThan(node(w));
    }
  });
});
