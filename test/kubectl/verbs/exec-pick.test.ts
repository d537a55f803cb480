// `kubectl exec deploy/x` picks its pod as kubectl's AttachablePodForObject does: sort.Reverse(ActivePods).
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/cluster/types.ts';
import { activePodsLess } from '../../../src/kubectl/verbs/exec.ts';

function pod(name: string, o: { node?: string; phase?: string; ready?: string; restarts?: number; created?: string; deleting?: boolean }): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, uid: name, resourceVersion: '1', creationTimestamp: o.created ?? '2026-11-22T01:00:00Z', ...(o.deleting ? { deletionTimestamp: '2026-11-22T01:10:00Z' } : {}) },
    spec: { nodeName: o.node ?? 'node1' },
    status: {
      phase: o.phase ?? 'Running',
      conditions: o.ready ? [{ type: 'Ready', status: 'True', lastTransitionTime: o.ready }] : [{ type: 'Ready', status: 'False' }],
      containerStatuses: [{ restartCount: o.restarts ?? 0 }],
    },
  };
}

const first = (pods: KubeObject[]) => [...pods].sort((a, b) => (activePodsLess(b, a) ? -1 : activePodsLess(a, b) ? 1 : 0))[0]!.metadata.name;

describe('exec TYPE/NAME pod choice (reverse ActivePods)', () => {
  it('prefers the new Ready pod over an old crash-looping one that is being replaced', () => {
    const old = pod('old', { restarts: 5, created: '2026-11-22T00:00:00Z', deleting: true });
    const fresh = pod('fresh', { ready: '2026-11-22T01:05:00Z', created: '2026-11-22T01:04:50Z' });
    expect(first([old, fresh])).toBe('fresh');
    expect(first([fresh, old])).toBe('fresh');
  });

  it('ranks assigned over unassigned, Running over Pending, then the pod Ready longest, then fewer restarts, then older', () => {
    expect(first([pod('pending', { node: '', phase: 'Pending' }), pod('scheduled', { phase: 'Pending' })])).toBe('scheduled');
    expect(first([pod('pending', { phase: 'Pending' }), pod('running', {})])).toBe('running');
    expect(first([pod('later', { ready: '2026-11-22T01:05:00Z' }), pod('longer', { ready: '2026-11-22T01:01:00Z' })])).toBe('longer');
    expect(first([pod('crashy', { restarts: 3 }), pod('calm', { restarts: 0, created: '2026-11-22T02:00:00Z' })])).toBe('calm');
    expect(first([pod('newer', { created: '2026-11-22T02:00:00Z' }), pod('older', { created: '2026-11-22T01:00:00Z' })])).toBe('older');
  });
});
