// Namespace lifecycle in kube-controller-manager: the namespace controller empties a terminating
// namespace and finalizes it; the serviceaccount controller and root-ca-cert-publisher give every
// namespace its `default` ServiceAccount and `kube-root-ca.crt` ConfigMap.
import type { Component, ComponentContext } from '../component.ts';
import type { KubeObject } from '../types.ts';
import { isApiError } from '../apiserver/errors.ts';
import { storedResources } from './garbage-collector.ts';
import { CA_PEM } from '../bootstrap/pki.ts';

/** The ConfigMap the root-ca-cert-publisher writes into every namespace. */
export function rootCAConfigMap(namespace: string): any {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: 'kube-root-ca.crt',
      namespace,
      annotations: {
        'kubernetes.io/description':
          'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.',
      },
    },
    data: { 'ca.crt': CA_PEM },
  };
}

const ignore = (e: unknown) => {
  if (!isApiError(e)) throw e;
};

export function namespaceController(): Component {
  return { name: 'namespace-controller', start: startNamespaceController };
}

function startNamespaceController(ctx: ComponentContext): void {
  const { api } = ctx;
  const terminating = new Set<string>();
  const namespaced = () => storedResources(api).filter((r) => r.namespaced);

  const sweep = (ns: string) => {
    let remaining = 0;
    for (const r of namespaced()) {
      for (const obj of api.list(r.plural, ns)) {
        remaining++;
        if (obj.metadata.deletionTimestamp) continue;
        try {
          api.delete(r.plural, ns, obj.metadata.name, { propagationPolicy: 'Background' });
        } catch (e) {
          ignore(e);
        }
      }
    }
    return remaining;
  };
  const isEmpty = (ns: string) => namespaced().every((r) => api.list(r.plural, ns).length === 0);
  const finalize = (ns: string) => {
    try {
      api.patch('namespaces', undefined, ns, (o) => {
        o.spec = { ...(o.spec ?? {}), finalizers: [] };
      });
    } catch (e) {
      ignore(e);
    }
    terminating.delete(ns);
  };
  const process = (nsObj: KubeObject) => {
    const ns = nsObj.metadata.name;
    if (!nsObj.metadata.deletionTimestamp) return;
    terminating.add(ns);
    sweep(ns);
    if (isEmpty(ns)) finalize(ns);
  };

  for (const ns of api.list('namespaces')) if (ns.metadata.deletionTimestamp) process(ns);

  api.watch('namespaces', undefined, (ev) => {
    if (ev.type === 'DELETED') {
      terminating.delete(ev.object.metadata.name);
      return;
    }
    if (ev.object.metadata.deletionTimestamp && !terminating.has(ev.object.metadata.name)) process(ev.object);
  });
  api.watch('*', undefined, (ev) => {
    const ns = ev.object.metadata.namespace;
    if (!ns || !terminating.has(ns)) return;
    if (ev.type === 'DELETED') {
      if (isEmpty(ns)) finalize(ns);
    } else if (ev.type === 'ADDED' && !ev.object.metadata.deletionTimestamp) {
      // Something slipped in before the namespace turned Terminating; sweep again.
      sweep(ns);
      if (isEmpty(ns)) finalize(ns);
    }
  });
}

export function serviceAccountController(): Component {
  return {
    name: 'serviceaccount-controller',
    start(ctx: ComponentContext) {
      const ensure = (ns: KubeObject) => {
        if (ns.metadata.deletionTimestamp) return;
        const name = ns.metadata.name;
        if (!ctx.api.tryGet('serviceaccounts', name, 'default')) {
          try {
            ctx.api.create({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: name } });
          } catch (e) {
            ignore(e);
          }
        }
      };
      for (const ns of ctx.api.list('namespaces')) ensure(ns);
      ctx.api.watch('namespaces', undefined, (ev) => {
        if (ev.type !== 'DELETED') ensure(ev.object);
      });
      ctx.api.watch('serviceaccounts', undefined, (ev) => {
        if (ev.type !== 'DELETED' || ev.object.metadata.name !== 'default') return;
        const ns = ctx.api.tryGet('namespaces', undefined, ev.object.metadata.namespace!);
        if (ns) ensure(ns);
      });
    },
  };
}

export function rootCACertPublisher(): Component {
  return {
    name: 'root-ca-cert-publisher',
    start(ctx: ComponentContext) {
      const ensure = (ns: KubeObject) => {
        if (ns.metadata.deletionTimestamp) return;
        const name = ns.metadata.name;
        if (!ctx.api.tryGet('configmaps', name, 'kube-root-ca.crt')) {
          try {
            ctx.api.create(rootCAConfigMap(name));
          } catch (e) {
            ignore(e);
          }
        }
      };
      for (const ns of ctx.api.list('namespaces')) ensure(ns);
      ctx.api.watch('namespaces', undefined, (ev) => {
        if (ev.type !== 'DELETED') ensure(ev.object);
      });
      ctx.api.watch('configmaps', undefined, (ev) => {
        if (ev.type !== 'DELETED' || ev.object.metadata.name !== 'kube-root-ca.crt') return;
        const ns = ctx.api.tryGet('namespaces', undefined, ev.object.metadata.namespace!);
        if (ns) ensure(ns);
      });
    },
  };
}
