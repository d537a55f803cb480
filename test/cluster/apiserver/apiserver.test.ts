import { describe, expect, it } from 'vitest';
import { createCluster } from '../../../src/cluster/index.ts';
import type { NewObject } from '../../../src/cluster/types.ts';

const empty = () => createCluster({ preset: 'empty', components: [] });
const cm = (name: string, ns = 'default', labels?: Record<string, string>): NewObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: ns, labels }, data: { k: 'v' } });
const pod = (name: string, nodeName?: string): NewObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: [{ name: 'c', image: 'nginx' }], ...(nodeName ? { nodeName } : {}) } });

describe('API server resource table', () => {
  it('resolves plural, singular, short names, kinds and group-qualified names', () => {
    const { api } = empty();
    for (const typed of ['po', 'pod', 'pods', 'Pod', 'PODS']) expect(api.resolve(typed)?.plural).toBe('pods');
    for (const typed of ['deploy', 'deployment', 'deployments', 'Deployment', 'deployments.apps', 'deployment.apps', 'deployments.v1.apps']) expect(api.resolve(typed)?.plural).toBe('deployments');
    expect(api.resolve('ev')).toMatchObject({ plural: 'events', group: '' });
    expect(api.resolve('netpol')).toMatchObject({ group: 'networking.k8s.io', kind: 'NetworkPolicy', namespaced: true });
    expect(api.resolve('cs')).toMatchObject({ kind: 'ComponentStatus', namespaced: false, verbs: ['get', 'list'] });
    expect(api.resolve('nosuch')).toBeUndefined();
  });

  it('puts the kinds of `get all` in the all category, in discovery order', () => {
    const { api } = empty();
    expect(api.resources.filter((r) => r.categories?.includes('all')).map((r) => r.plural)).toEqual([
      'pods', 'replicationcontrollers', 'services', 'daemonsets', 'deployments', 'replicasets', 'statefulsets', 'horizontalpodautoscalers', 'cronjobs', 'jobs',
    ]);
  });
});

describe('API server reads and writes', () => {
  it('reports NotFound and AlreadyExists with the server wording', () => {
    const { api } = empty();
    expect(() => api.get('pods', 'default', 'nosuch')).toThrow('pods "nosuch" not found');
    expect(() => api.get('deployments', 'default', 'nope')).toThrow('deployments.apps "nope" not found');
    expect(api.tryGet('pods', 'default', 'nosuch')).toBeUndefined();
    api.create(cm('a'));
    expect(() => api.create(cm('a'))).toThrow('configmaps "a" already exists');
  });

  it('refuses objects in a namespace that does not exist', () => {
    const { api } = empty();
    expect(() => api.create(cm('a', 'foo'))).toThrow('namespaces "foo" not found');
  });

  it('rejects an update carrying a stale resourceVersion', () => {
    const { api } = empty();
    api.create({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x' }, spec: { selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'i' }] } } } });
    const first = api.get('deployments', 'default', 'x');
    const second = api.get('deployments', 'default', 'x');
    first.spec.replicas = 3;
    api.update(first);
    second.spec.replicas = 5;
    expect(() => api.update(second)).toThrow(
      'Operation cannot be fulfilled on deployments.apps "x": the object has been modified; please apply your changes to the latest version and try again',
    );
  });

  it('bumps generation on spec changes only, and does not write a no-op update', () => {
    const { api } = empty();
    const d = api.create({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x' }, spec: { selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'i' }] } } } });
    const same = api.update(api.get('deployments', 'default', 'x'));
    expect(same.metadata.resourceVersion).toBe(d.metadata.resourceVersion);
    const labelled = api.patch('deployments', 'default', 'x', (o) => {
      o.metadata.labels = { team: 'a' };
    });
    expect(labelled.metadata.generation).toBe(1);
    const scaled = api.patch('deployments', 'default', 'x', (o) => {
      o.spec.replicas = 4;
    });
    expect(scaled.metadata.generation).toBe(2);
    const status = api.patch('deployments', 'default', 'x', (o) => {
      o.status = { replicas: 4 };
    });
    expect(status.metadata.generation).toBe(2);
    expect(status.status).toEqual({ replicas: 4 });
  });

  it('keeps status on update and changes only status through updateStatus', () => {
    const { api } = empty();
    api.create(pod('p'));
    const withStatus = api.updateStatus({ ...api.get('pods', 'default', 'p'), status: { phase: 'Running' } });
    expect(withStatus.status).toEqual({ phase: 'Running' });
    const p = api.get('pods', 'default', 'p');
    p.metadata.labels = { x: 'y' };
    p.status = { phase: 'Failed' };
    expect(api.update(p).status).toEqual({ phase: 'Running' });
  });

  it('filters lists by label and field selectors', () => {
    const { api } = empty();
    api.create(cm('a', 'default', { app: 'web', tier: 'fe' }));
    api.create(cm('b', 'default', { app: 'web', tier: 'be' }));
    api.create(cm('c', 'kube-system', { app: 'db' }));
    const names = (opts: object, ns?: string) => api.list('configmaps', ns, opts).map((o) => o.metadata.name);
    expect(names({ labelSelector: 'app=web' })).toEqual(['a', 'b']);
    expect(names({ labelSelector: 'app=web,tier!=fe' })).toEqual(['b']);
    expect(names({ labelSelector: 'app in (db, web)' })).toEqual(['a', 'b', 'c']);
    expect(names({ labelSelector: 'app,!tier' })).toEqual(['c']);
    expect(names({ fieldSelector: 'metadata.name=b' })).toEqual(['b']);
    expect(names({ fieldSelector: 'metadata.namespace!=default', labelSelector: 'app' })).toEqual(['c']);
    expect(names({}, 'kube-system')).toEqual(['c', 'kube-root-ca.crt']);
  });

  it('binds a pod to a node once, marking it scheduled', () => {
    const { api } = empty();
    api.create(pod('p'));
    api.create({ apiVersion: 'v1', kind: 'Binding', metadata: { name: 'p', namespace: 'default' }, target: { apiVersion: 'v1', kind: 'Node', name: 'node1' } });
    const p = api.get('pods', 'default', 'p');
    expect(p.spec.nodeName).toBe('node1');
    expect(p.status.conditions).toEqual([{ lastProbeTime: null, lastTransitionTime: '2026-11-22T01:00:00Z', status: 'True', type: 'PodScheduled' }]);
    expect(() => api.create({ apiVersion: 'v1', kind: 'Binding', metadata: { name: 'p', namespace: 'default' }, target: { apiVersion: 'v1', kind: 'Node', name: 'node2' } })).toThrow('is already assigned to node "node1"');
  });
});

describe('API server deletes', () => {
  it('removes unbound pods at once and gives bound pods a grace period', () => {
    const c = empty();
    const { api } = c;
    api.create(pod('unbound'));
    api.delete('pods', 'default', 'unbound');
    expect(api.tryGet('pods', 'default', 'unbound')).toBeUndefined();

    api.create(pod('bound', 'node1'));
    const terminating = api.delete('pods', 'default', 'bound');
    expect(terminating.metadata.deletionTimestamp).toBe('2026-11-22T01:00:30Z');
    expect(terminating.metadata.deletionGracePeriodSeconds).toBe(30);
    expect(api.get('pods', 'default', 'bound').metadata.deletionTimestamp).toBe('2026-11-22T01:00:30Z');
    // The kubelet finishes the job with a zero grace period.
    api.delete('pods', 'default', 'bound', { gracePeriodSeconds: 0 });
    expect(api.tryGet('pods', 'default', 'bound')).toBeUndefined();
  });

  it('keeps an object with finalizers until they are removed', () => {
    const { api } = empty();
    api.create({ ...cm('held'), metadata: { name: 'held', finalizers: ['example.com/hold'] } });
    const marked = api.delete('configmaps', 'default', 'held');
    expect(marked.metadata.deletionTimestamp).toBeDefined();
    expect(api.get('configmaps', 'default', 'held').metadata.finalizers).toEqual(['example.com/hold']);
    api.patch('configmaps', 'default', 'held', (o) => {
      o.metadata.finalizers = [];
    });
    expect(api.tryGet('configmaps', 'default', 'held')).toBeUndefined();
  });

  it('will not delete the system namespaces', () => {
    const { api } = empty();
    expect(() => api.delete('namespaces', undefined, 'default')).toThrow('namespaces "default" is forbidden: this namespace may not be deleted');
  });

  it('frees a Service cluster IP when the Service is deleted', () => {
    const { api } = empty();
    api.create({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'a' }, spec: { clusterIP: '10.100.0.7', ports: [{ port: 80 }] } });
    api.delete('services', 'default', 'a');
    expect(api.create({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'b' }, spec: { clusterIP: '10.100.0.7', ports: [{ port: 80 }] } }).spec.clusterIP).toBe('10.100.0.7');
  });
});

describe('field selectors', () => {
  it('select pods by node and phase, and refuse fields the server does not index', () => {
    const { api } = empty();
    api.create(pod('a', 'node1'));
    api.create(pod('b', 'node2'));
    expect(api.list('pods', undefined, { fieldSelector: 'spec.nodeName=node2' }).map((p) => p.metadata.name)).toEqual(['b']);
    expect(api.list('pods', 'default', { fieldSelector: 'status.phase=Pending' })).toHaveLength(2);
    expect(() => api.list('pods', 'default', { fieldSelector: 'spec.containers=x' })).toThrow('field label not supported: spec.containers');
  });
});
