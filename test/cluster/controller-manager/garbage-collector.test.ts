import { describe, expect, it } from 'vitest';
import { createCluster } from '../../../src/cluster/index.ts';
import { garbageCollector } from '../../../src/cluster/controller-manager/garbage-collector.ts';
import type { KubeObject, NewObject } from '../../../src/cluster/types.ts';

const setup = () => createCluster({ preset: 'empty', components: [garbageCollector()] });
const ref = (o: KubeObject) => ({ apiVersion: o.apiVersion, kind: o.kind, name: o.metadata.name, uid: o.metadata.uid, controller: true, blockOwnerDeletion: true });
const cm = (name: string, owner?: KubeObject): NewObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, ...(owner ? { ownerReferences: [ref(owner)] } : {}) } });

describe('garbage collector', () => {
  it('deletes dependents, and their dependents, when the owner goes (Background)', () => {
    const c = setup();
    const owner = c.api.create(cm('owner'));
    const child = c.api.create(cm('child', owner));
    c.api.create(cm('grandchild', child));
    c.api.create(cm('bystander'));
    c.api.delete('configmaps', 'default', 'owner');
    expect(c.api.tryGet('configmaps', 'default', 'child')).toBeDefined();
    c.settle();
    expect(c.api.list('configmaps', 'default').map((o) => o.metadata.name)).toEqual(['bystander', 'kube-root-ca.crt']);
  });

  it('orphans dependents with propagationPolicy Orphan', () => {
    const c = setup();
    const owner = c.api.create(cm('owner'));
    c.api.create(cm('child', owner));
    c.api.delete('configmaps', 'default', 'owner', { propagationPolicy: 'Orphan' });
    c.settle();
    expect(c.api.tryGet('configmaps', 'default', 'owner')).toBeUndefined();
    const child = c.api.get('configmaps', 'default', 'child');
    expect(child.metadata.ownerReferences).toBeUndefined();
  });

  it('removes dependents before the owner with propagationPolicy Foreground', () => {
    const c = setup();
    const owner = c.api.create(cm('owner'));
    c.api.create(cm('child', owner));
    const marked = c.api.delete('configmaps', 'default', 'owner', { propagationPolicy: 'Foreground' });
    expect(marked.metadata.finalizers).toEqual(['foregroundDeletion']);
    c.settle();
    expect(c.api.tryGet('configmaps', 'default', 'child')).toBeUndefined();
    expect(c.api.tryGet('configmaps', 'default', 'owner')).toBeUndefined();
  });

  it('deletes an object whose owner no longer exists', () => {
    const c = setup();
    const owner = c.api.create(cm('owner'));
    c.api.delete('configmaps', 'default', 'owner');
    c.settle();
    c.api.create(cm('late', owner));
    c.settle();
    expect(c.api.tryGet('configmaps', 'default', 'late')).toBeUndefined();
  });

  it('lets bound pods of a deleted owner terminate gracefully', () => {
    const c = setup();
    const owner = c.api.create(cm('owner'));
    c.api.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', ownerReferences: [ref(owner)] }, spec: { nodeName: 'node1', containers: [{ name: 'c', image: 'nginx' }] } });
    c.api.delete('configmaps', 'default', 'owner');
    c.settle();
    expect(c.api.get('pods', 'default', 'p').metadata.deletionTimestamp).toBe('2026-11-22T01:00:30Z');
  });
});
