// The endpoint and endpointslice controllers (pkg/controller/endpoint, endpointslice): for every
// Service with a selector, the addresses of the matching pods, ready ones in `addresses` and the rest
// in `notReadyAddresses`; terminating pods leave Endpoints at once and stay in the slice as terminating.
import type { Component, ComponentContext } from '../component.ts';
import type { KubeObject } from '../types.ts';
import { isApiError } from '../apiserver/errors.ts';
import { deepEqual } from '../etcd.ts';
import { matchesLabelSelector } from '../apiserver/selectors.ts';
import { rfc3339 } from '../clock.ts';
import { createWorkQueue } from './work-queue.ts';
import { isPodReady } from './workload.ts';
import { byIP } from '../network.ts';

/** Time from a watch event to the controllers writing Endpoints (both run in kube-controller-manager). */
const REACTION_MS = 6;
const MANAGED_BY = 'endpointslice-controller.k8s.io';

export function endpointsController(): Component {
  return { name: 'endpoint-controller', start: startEndpointsController };
}

interface ServicePort {
  name?: string;
  port: number;
  targetPort?: number | string;
  protocol?: string;
}

interface EndpointPort {
  name?: string;
  port: number;
  protocol: string;
}

/** The container port a Service port sends to on this pod: a number, or a named container port; undefined if the name is missing. */
function resolvePort(pod: KubeObject, sp: ServicePort): number | undefined {
  const target = sp.targetPort ?? sp.port;
  if (typeof target === 'number') return target;
  if (/^\d+$/.test(target)) return Number(target);
  for (const c of pod.spec?.containers ?? []) {
    for (const p of c.ports ?? []) if (p.name === target && (p.protocol ?? 'TCP') === (sp.protocol ?? 'TCP')) return p.containerPort;
  }
  return undefined;
}

function endpointPorts(pod: KubeObject, svc: KubeObject): EndpointPort[] | undefined {
  const ports: EndpointPort[] = [];
  for (const sp of (svc.spec?.ports ?? []) as ServicePort[]) {
    const port = resolvePort(pod, sp);
    if (port === undefined) continue;
    ports.push({ ...(sp.name ? { name: sp.name } : {}), port, protocol: sp.protocol ?? 'TCP' });
  }
  return ports.length ? ports : undefined;
}

function startEndpointsController(ctx: ComponentContext): void {
  const { api, clock } = ctx;
  const queue = createWorkQueue(clock, 'endpoints', REACTION_MS, sync);
  const keyOf = (ns: string, name: string) => `${ns}/${name}`;

  const ignore = (e: unknown) => {
    if (!isApiError(e)) throw e;
  };

  /** Services whose selector matches these labels, in this namespace. */
  const servicesFor = (ns: string, labels: Record<string, string> | undefined): KubeObject[] =>
    api.list('services', ns).filter((s) => s.spec?.selector && Object.keys(s.spec.selector).length && matchesLabelSelector({ matchLabels: s.spec.selector }, labels));

  function sync(key: string): void {
    const [ns, name] = key.split('/') as [string, string];
    const svc = api.tryGet('services', ns, name, { frozenResult: true });
    if (!svc || svc.metadata.deletionTimestamp) {
      try {
        if (api.tryGet('endpoints', ns, name, { frozenResult: true })) api.delete('endpoints', ns, name);
      } catch (e) {
        ignore(e);
      }
      return;
    }
    const selector = svc.spec?.selector as Record<string, string> | undefined;
    if (!selector || !Object.keys(selector).length || svc.spec?.type === 'ExternalName') return;
    const pods = api.list('pods', ns, { labelSelector: Object.entries(selector).map(([k, v]) => `${k}=${v}`).join(',') });
    writeEndpoints(svc, pods);
    writeSlice(svc, pods);
  }

  function writeEndpoints(svc: KubeObject, pods: KubeObject[]): void {
    const { namespace, name } = svc.metadata as { namespace: string; name: string };
    // pods with the same port set share a subset (RepackSubsets)
    const subsets = new Map<string, { addresses: any[]; notReadyAddresses: any[]; ports: EndpointPort[] }>();
    for (const pod of pods) {
      const ip = pod.status?.podIP;
      if (!ip || pod.metadata.deletionTimestamp || pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') continue;
      const ports = endpointPorts(pod, svc);
      if (!ports) continue;
      const k = JSON.stringify(ports);
      let s = subsets.get(k);
      if (!s) subsets.set(k, (s = { addresses: [], notReadyAddresses: [], ports }));
      const address = { ip, nodeName: pod.spec?.nodeName, targetRef: { kind: 'Pod', name: pod.metadata.name, namespace, uid: pod.metadata.uid } };
      (isPodReady(pod) || svc.spec?.publishNotReadyAddresses ? s.addresses : s.notReadyAddresses).push(address);
    }
    const packed = [...subsets.values()].map((s) => ({
      ...(s.addresses.length ? { addresses: s.addresses.sort((a, b) => byIP(a.ip, b.ip)) } : {}),
      ...(s.notReadyAddresses.length ? { notReadyAddresses: s.notReadyAddresses.sort((a, b) => byIP(a.ip, b.ip)) } : {}),
      ports: s.ports,
    }));
    const labels = { ...(svc.metadata.labels ?? {}) };
    const current = api.tryGet('endpoints', namespace, name, { frozenResult: true });
    if (current && deepEqual(current.subsets ?? [], packed) && deepEqual(current.metadata.labels ?? {}, labels)) return;
    const annotations = { 'endpoints.kubernetes.io/last-change-trigger-time': rfc3339(clock.now()) };
    try {
      if (!current) {
        api.create({ apiVersion: 'v1', kind: 'Endpoints', metadata: { name, namespace, labels, annotations }, ...(packed.length ? { subsets: packed } : {}) }, { fieldManager: 'kube-controller-manager' });
      } else {
        api.patch('endpoints', namespace, name, (o) => {
          o.metadata.labels = labels;
          o.metadata.annotations = { ...(o.metadata.annotations ?? {}), ...annotations };
          if (packed.length) o.subsets = packed;
          else delete o.subsets;
        });
      }
    } catch (e) {
      ignore(e);
    }
  }

  function writeSlice(svc: KubeObject, pods: KubeObject[]): void {
    const { namespace, name } = svc.metadata as { namespace: string; name: string };
    const endpoints = pods
      .filter((p) => p.status?.podIP && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed' && endpointPorts(p, svc))
      .map((p) => {
        const terminating = Boolean(p.metadata.deletionTimestamp);
        const ready = isPodReady(p) && !terminating;
        return {
          addresses: [p.status.podIP as string],
          conditions: { ready, serving: isPodReady(p), terminating },
          nodeName: p.spec?.nodeName,
          targetRef: { kind: 'Pod', name: p.metadata.name, namespace, uid: p.metadata.uid },
        };
      })
      .sort((a, b) => byIP(a.addresses[0]!, b.addresses[0]!));
    const ports = ((svc.spec?.ports ?? []) as ServicePort[]).map((sp) => {
      const first = pods.map((p) => resolvePort(p, sp)).find((n) => n !== undefined);
      return { ...(sp.name !== undefined ? { name: sp.name } : { name: '' }), port: first ?? (typeof sp.targetPort === 'number' ? sp.targetPort : sp.port), protocol: sp.protocol ?? 'TCP' };
    });
    const existing = api.list('endpointslices', namespace, { labelSelector: `kubernetes.io/service-name=${name}` })[0];
    const labels = { ...(svc.metadata.labels ?? {}), 'endpointslice.kubernetes.io/managed-by': MANAGED_BY, 'kubernetes.io/service-name': name };
    try {
      if (!existing) {
        api.create(
          {
            apiVersion: 'discovery.k8s.io/v1',
            kind: 'EndpointSlice',
            metadata: {
              generateName: `${name}-`,
              namespace,
              labels,
              annotations: { 'endpoints.kubernetes.io/last-change-trigger-time': rfc3339(clock.now()) },
              ownerReferences: [{ apiVersion: 'v1', kind: 'Service', name, uid: svc.metadata.uid, controller: true, blockOwnerDeletion: true }],
            },
            addressType: 'IPv4',
            endpoints,
            ports,
          },
          { fieldManager: 'kube-controller-manager' },
        );
      } else if (!deepEqual(existing.endpoints ?? [], endpoints) || !deepEqual(existing.ports ?? [], ports)) {
        api.patch('endpointslices', namespace, existing.metadata.name, (o) => {
          o.endpoints = endpoints;
          o.ports = ports;
          o.metadata.annotations = { ...(o.metadata.annotations ?? {}), 'endpoints.kubernetes.io/last-change-trigger-time': rfc3339(clock.now()) };
        });
      }
    } catch (e) {
      ignore(e);
    }
  }

  api.watch('services', undefined, (ev) => {
    const { namespace, name } = ev.object.metadata;
    queue.add(keyOf(namespace ?? 'default', name));
  });
  api.watch('pods', undefined, (ev) => {
    const ns = ev.object.metadata.namespace ?? 'default';
    const touched = new Set<string>();
    for (const s of servicesFor(ns, ev.object.metadata.labels)) touched.add(s.metadata.name);
    if (ev.old) for (const s of servicesFor(ns, ev.old.metadata.labels)) touched.add(s.metadata.name);
    for (const name of touched) queue.add(keyOf(ns, name));
  });
}
