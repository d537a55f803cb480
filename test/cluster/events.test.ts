import { describe, expect, it } from 'vitest';
import { createCluster } from '../../src/cluster/index.ts';

describe('event recorder', () => {
  it('writes core/v1 Events named after the object, and counts repeats on the same Event', () => {
    const c = createCluster({ preset: 'empty', components: [] });
    const pod = c.api.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } });
    c.events.record(pod, 'Normal', 'Pulling', 'Pulling image "nginx"', { component: 'kubelet', host: 'node1' }, { fieldPath: 'spec.containers{c}' });
    c.advance(42_000);
    c.events.record(pod, 'Normal', 'Pulling', 'Pulling image "nginx"', { component: 'kubelet', host: 'node1' }, { fieldPath: 'spec.containers{c}' });
    c.events.record(pod, 'Warning', 'BackOff', 'Back-off pulling image "nginx"', { component: 'kubelet', host: 'node1' });
    const events = c.api.list('events', 'default');
    expect(events).toHaveLength(2);
    const pulling = events.find((e) => e.reason === 'Pulling')!;
    expect(pulling.metadata.name).toMatch(/^web\.[0-9a-f]{16}$/);
    expect(pulling).toMatchObject({
      count: 2,
      firstTimestamp: '2026-11-22T01:00:00Z',
      lastTimestamp: '2026-11-22T01:00:42Z',
      type: 'Normal',
      message: 'Pulling image "nginx"',
      source: { component: 'kubelet', host: 'node1' },
      reportingComponent: 'kubelet',
      reportingInstance: 'node1',
      involvedObject: { apiVersion: 'v1', kind: 'Pod', name: 'web', namespace: 'default', uid: pod.metadata.uid, fieldPath: 'spec.containers{c}' },
    });
  });

  it('puts events about cluster-scoped objects in the default namespace', () => {
    const c = createCluster({ preset: 'kubeadm', components: [] });
    const node = c.api.get('nodes', undefined, 'node1');
    c.events.record(node, 'Normal', 'NodeNotReady', 'Node node1 status is now: NodeNotReady', { component: 'node-controller' });
    const [ev] = c.api.list('events', 'default');
    expect(ev!.involvedObject).toMatchObject({ kind: 'Node', name: 'node1' });
    expect((ev!.involvedObject as Record<string, unknown>).namespace).toBeUndefined();
  });
});
