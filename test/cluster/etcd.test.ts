import { describe, expect, it } from 'vitest';
import { createClock } from '../../src/cluster/clock.ts';
import { createEtcd } from '../../src/cluster/etcd.ts';
import type { KubeObject, WatchEvent } from '../../src/cluster/types.ts';

const obj = (ns: string, name: string, extra: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: ns, uid: `${ns}-${name}`, resourceVersion: '', creationTimestamp: '' },
  ...extra,
});

describe('etcd store', () => {
  it('gives every write a new, increasing resourceVersion', () => {
    const etcd = createEtcd(createClock(0));
    const a = etcd.put('configmaps', obj('default', 'a'), 'ADDED');
    const b = etcd.put('configmaps', obj('default', 'b'), 'ADDED');
    const a2 = etcd.put('configmaps', obj('default', 'a', { data: { x: '1' } }), 'MODIFIED');
    expect(Number(b.metadata.resourceVersion)).toBeGreaterThan(Number(a.metadata.resourceVersion));
    expect(Number(a2.metadata.resourceVersion)).toBeGreaterThan(Number(b.metadata.resourceVersion));
    expect(etcd.revision()).toBe(Number(a2.metadata.resourceVersion));
  });

  it('lists sorted by namespace then name, per namespace or across all', () => {
    const etcd = createEtcd(createClock(0));
    for (const [ns, n] of [['kube-system', 'z'], ['default', 'b'], ['default', 'a'], ['apps', 'm']]) etcd.put('configmaps', obj(ns!, n!), 'ADDED');
    expect(etcd.list('configmaps').map((o) => `${o.metadata.namespace}/${o.metadata.name}`)).toEqual(['apps/m', 'default/a', 'default/b', 'kube-system/z']);
    expect(etcd.list('configmaps', 'default').map((o) => o.metadata.name)).toEqual(['a', 'b']);
    expect(etcd.list('configmaps', 'nowhere')).toEqual([]);
  });

  it('delivers watch events from the clock, not inside the write, in write order', () => {
    const clock = createClock(0);
    const etcd = createEtcd(clock);
    const seen: string[] = [];
    etcd.watch('configmaps', 'default', (e: WatchEvent) => seen.push(`${e.type} ${e.object.metadata.name}`));
    etcd.put('configmaps', obj('default', 'a'), 'ADDED');
    etcd.put('configmaps', obj('other', 'x'), 'ADDED');
    etcd.put('configmaps', obj('default', 'a', { data: {} }), 'MODIFIED');
    etcd.remove('configmaps', 'default', 'a');
    expect(seen).toEqual([]);
    clock.runDue();
    expect(seen).toEqual(['ADDED a', 'MODIFIED a', 'DELETED a']);
  });

  it('hands out frozen objects so nobody edits the store behind its back', () => {
    const etcd = createEtcd(createClock(0));
    etcd.put('configmaps', obj('default', 'a', { data: { k: 'v' } }), 'ADDED');
    const stored = etcd.get('configmaps', 'default', 'a')!;
    expect(() => {
      (stored.data as Record<string, string>).k = 'changed';
    }).toThrow(TypeError);
  });

  it('stops delivering after unsubscribe', () => {
    const clock = createClock(0);
    const etcd = createEtcd(clock);
    let n = 0;
    const stop = etcd.watch('*', undefined, () => n++);
    etcd.put('configmaps', obj('default', 'a'), 'ADDED');
    stop();
    clock.runDue();
    expect(n).toBe(0);
  });
});
