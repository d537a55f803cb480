import { describe, expect, it } from 'vitest';
import { createCluster, type SimCluster } from '../../../src/cluster/cluster.ts';
import type { KubeObject } from '../../../src/cluster/types.ts';
import { compareForDeletion } from '../../../src/cluster/controller-manager/replicaset.ts';

function rs(c: SimCluster, replicas: number, extra: Record<string, unknown> = {}) {
  return c.api.create({
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name: 'frontend', namespace: 'default' },
    spec: {
      replicas,
      selector: { matchLabels: { tier: 'frontend' } },
      template: { metadata: { labels: { tier: 'frontend' } }, spec: { containers: [{ name: 'php', image: 'httpd' }] } },
      ...extra,
    },
  });
}
const pods = (c: SimCluster) => c.api.list('pods', 'default', { labelSelector: 'tier=frontend' });

describe('ReplicaSet controller', () => {
  it('creates pods named <rs>-<5 chars> from the template and reports status', () => {
    const c = createCluster({ seed: 1 });
    const set = rs(c, 3);
    c.settle();
    const list = pods(c);
    expect(list).toHaveLength(3);
    for (const p of list) {
      expect(p.metadata.name).toMatch(/^frontend-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
      expect(p.metadata.generateName).toBe('frontend-');
      expect(p.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'ReplicaSet', name: 'frontend', uid: set.metadata.uid, controller: true });
    }
    expect(c.api.get('replicasets', 'default', 'frontend').status).toEqual({
      replicas: 3,
      fullyLabeledReplicas: 3,
      readyReplicas: 3,
      availableReplicas: 3,
      observedGeneration: 1,
    });
  });

  it('adopts a matching orphan pod and deletes the surplus', () => {
    const c = createCluster({ seed: 2 });
    c.api.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'stray', namespace: 'default', labels: { tier: 'frontend' } }, spec: { containers: [{ name: 'x', image: 'nginx' }] } });
    c.settle();
    rs(c, 1);
    c.settle();
    const list = pods(c);
    expect(list).toHaveLength(1);
    expect(list[0]!.metadata.name).toBe('stray');
    expect(list[0]!.metadata.ownerReferences?.[0]?.name).toBe('frontend');
  });

  it('releases a pod whose labels no longer match, and replaces it', () => {
    const c = createCluster({ seed: 3 });
    rs(c, 2);
    c.settle();
    const victim = pods(c)[0]!.metadata.name;
    c.api.patch('pods', 'default', victim, (p) => void (p.metadata.labels = { tier: 'debug' }));
    c.settle();
    expect(c.api.get('pods', 'default', victim).metadata.ownerReferences).toBeUndefined();
    expect(pods(c)).toHaveLength(2);
  });

  it('scales down unscheduled and not-ready pods before running ones', () => {
    const c = createCluster({ seed: 4 });
    rs(c, 2);
    c.settle();
    const running = pods(c).map((p) => p.metadata.name);
    c.api.patch('replicasets', 'default', 'frontend', (r) => void (r.spec.replicas = 4));
    c.advance(30);
    c.api.patch('replicasets', 'default', 'frontend', (r) => void (r.spec.replicas = 2));
    c.settle();
    expect(pods(c).map((p) => p.metadata.name).sort()).toEqual(running.sort());
    const deleted = c.api.list('events', 'default').filter((e: any) => e.reason === 'SuccessfulDelete');
    expect(deleted).toHaveLength(2);
  });

  it('orders victims like ActivePodsWithRanks', () => {
    const now = Date.parse('2026-11-22T02:00:00Z');
    const mk = (name: string, node: string, phase: string, ready: boolean, created: string): KubeObject => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, uid: name, resourceVersion: '1', creationTimestamp: created },
      spec: { nodeName: node || undefined },
      status: { phase, conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: created }] },
    });
    const unassigned = mk('a', '', 'Pending', false, '2026-11-22T01:59:00Z');
    const pending = mk('b', 'node1', 'Pending', false, '2026-11-22T01:59:00Z');
    const old = mk('c', 'node1', 'Running', true, '2026-11-22T00:00:00Z');
    const young = mk('d', 'node1', 'Running', true, '2026-11-22T01:59:30Z');
    const sorted = [old, young, pending, unassigned].sort((x, y) => compareForDeletion(x, 1, y, 1, now));
    expect(sorted.map((p) => p.metadata.name)).toEqual(['a', 'b', 'd', 'c']);
    // doubled-up pods go first among equals
    expect(compareForDeletion(old, 2, young, 1, now)).toBeLessThan(0);
  });
});
