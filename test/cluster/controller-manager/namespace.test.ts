import { describe, expect, it } from 'vitest';
import { createCluster } from '../../../src/cluster/index.ts';
import { garbageCollector } from '../../../src/cluster/controller-manager/garbage-collector.ts';
import { namespaceController, rootCACertPublisher, serviceAccountController } from '../../../src/cluster/controller-manager/namespace.ts';

const setup = () => createCluster({ preset: 'empty', components: [garbageCollector(), namespaceController(), serviceAccountController(), rootCACertPublisher()] });

describe('namespace lifecycle', () => {
  it('gives a new namespace its default ServiceAccount and kube-root-ca.crt', () => {
    const c = setup();
    c.api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'dev' } });
    c.settle();
    expect(c.api.get('serviceaccounts', 'dev', 'default').metadata.namespace).toBe('dev');
    expect((c.api.get('configmaps', 'dev', 'kube-root-ca.crt').data as Record<string, string>)['ca.crt']).toMatch(/^-----BEGIN CERTIFICATE-----\nMII/);
  });

  it('marks a deleted namespace Terminating, empties it, then removes it', () => {
    const c = setup();
    c.api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'dev' } });
    c.settle();
    c.api.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'app', namespace: 'dev' } });
    c.api.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'dev' }, spec: { nodeName: 'node1', containers: [{ name: 'c', image: 'nginx' }] } });
    const ns = c.api.delete('namespaces', undefined, 'dev');
    expect(ns.status.phase).toBe('Terminating');
    expect(() => c.api.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'late', namespace: 'dev' } })).toThrow(
      'configmaps "late" is forbidden: unable to create new content in namespace dev because it is being terminated',
    );
    c.settle();
    // The bound pod waits for its kubelet; nothing else is left.
    expect(c.api.list('configmaps', 'dev')).toEqual([]);
    expect(c.api.get('namespaces', undefined, 'dev').status.phase).toBe('Terminating');
    c.api.delete('pods', 'dev', 'p', { gracePeriodSeconds: 0 });
    c.settle();
    expect(c.api.tryGet('namespaces', undefined, 'dev')).toBeUndefined();
  });
});
