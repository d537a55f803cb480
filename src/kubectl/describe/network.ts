// Describers for Services, Endpoints, EndpointSlices, Ingresses and IngressClasses (describe.go, v1.32).
import type { ApiServer, KubeObject } from '../../cluster/types.ts';
import { formatLabels } from '../printers/table.ts';
import { loadBalancerStatus } from '../printers/kinds.ts';
import { Out, annotationsMultiline, describeEvents, eventsFor, labelsMultiline, registerDescriber } from './common.ts';

/** EndpointSlices of a Service, by the kubernetes.io/service-name label. */
function slicesOf(api: ApiServer, ns: string, service: string): KubeObject[] {
  return api.list('endpointslices', ns, { labelSelector: `kubernetes.io/service-name=${service}` });
}

const joinHostPort = (host: string, port: number) => (host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`);

/** formatEndpointSlices: ready addresses of the named ports, up to three, then `+ N more...`. */
function formatEndpointSlices(slices: KubeObject[], portNames: Set<string> | null): string {
  if (slices.length === 0) return '<none>';
  const list: string[] = [];
  const max = 3;
  let more = false;
  let count = 0;
  const ready = (e: any) => e.conditions?.ready === undefined || e.conditions?.ready === null || e.conditions.ready === true;
  for (const s of slices) {
    const ports: any[] = (s.ports as any[]) ?? [];
    const endpoints: any[] = (s.endpoints as any[]) ?? [];
    if (ports.length === 0) {
      // headless services may have no ports
      for (const e of endpoints) {
        if (list.length === max) more = true;
        if (!ready(e)) continue;
        if (!more) list.push(e.addresses[0]);
        count++;
      }
      continue;
    }
    for (const p of ports) {
      if (portNames && !portNames.has(p.name ?? '')) continue;
      for (const e of endpoints) {
        if (list.length === max) more = true;
        if (!ready(e)) continue;
        if (!more) list.push(joinHostPort(e.addresses[0], p.port));
        count++;
      }
    }
  }
  const ret = list.join(',');
  return more ? `${ret} + ${count - max} more...` : ret;
}

/** buildIngressString: `ip (mode)` or the hostname, comma-separated. */
function lbIngress(ingress: any[]): string {
  return ingress.map((i) => (i.ip ? (i.ipMode ? `${i.ip} (${i.ipMode})` : i.ip) : i.hostname ?? '')).join(', ');
}

function describeService(svc: KubeObject, api: ApiServer, now: number): string {
  const o = new Out();
  const spec = svc.spec ?? {};
  const ns = svc.metadata.namespace ?? '';
  o.w(0, `Name:\t${svc.metadata.name}\n`);
  o.w(0, `Namespace:\t${ns}\n`);
  labelsMultiline(o, 'Labels', svc.metadata.labels);
  annotationsMultiline(o, 'Annotations', svc.metadata.annotations);
  o.w(0, `Selector:\t${formatLabels(spec.selector)}\n`);
  o.w(0, `Type:\t${spec.type ?? ''}\n`);
  if (spec.ipFamilyPolicy) o.w(0, `IP Family Policy:\t${spec.ipFamilyPolicy}\n`);
  o.w(0, `IP Families:\t${spec.ipFamilies?.length ? spec.ipFamilies.join(',') : '<none>'}\n`);
  o.w(0, `IP:\t${spec.clusterIP ?? ''}\n`);
  o.w(0, `IPs:\t${spec.clusterIPs?.length ? spec.clusterIPs.join(',') : '<none>'}\n`);
  if (spec.externalIPs?.length) o.w(0, `External IPs:\t${spec.externalIPs.join(',')}\n`);
  if (spec.loadBalancerIP) o.w(0, `Desired LoadBalancer IP:\t${spec.loadBalancerIP}\n`);
  if (spec.externalName) o.w(0, `External Name:\t${spec.externalName}\n`);
  const ing: any[] = svc.status?.loadBalancer?.ingress ?? [];
  if (ing.length) o.w(0, `LoadBalancer Ingress:\t${lbIngress(ing)}\n`);
  const slices = slicesOf(api, ns, svc.metadata.name);
  for (const p of spec.ports ?? []) {
    const name = p.name || '<unset>';
    const proto = p.protocol ?? '';
    o.w(0, `Port:\t${name}\t${p.port}/${proto}\n`);
    o.w(0, `TargetPort:\t${p.targetPort ?? 0}/${proto}\n`);
    if (p.nodePort) o.w(0, `NodePort:\t${name}\t${p.nodePort}/${proto}\n`);
    o.w(0, `Endpoints:\t${formatEndpointSlices(slices, new Set([p.name ?? '']))}\n`);
  }
  o.w(0, `Session Affinity:\t${spec.sessionAffinity ?? ''}\n`);
  if (spec.externalTrafficPolicy) o.w(0, `External Traffic Policy:\t${spec.externalTrafficPolicy}\n`);
  if (spec.internalTrafficPolicy) o.w(0, `Internal Traffic Policy:\t${spec.internalTrafficPolicy}\n`);
  if (spec.healthCheckNodePort) o.w(0, `HealthCheck NodePort:\t${spec.healthCheckNodePort}\n`);
  if (spec.loadBalancerSourceRanges?.length) o.w(0, `LoadBalancer Source Ranges:\t${spec.loadBalancerSourceRanges.join(',')}\n`);
  describeEvents(o, eventsFor(api, svc), now);
  return o.done();
}

function describeEndpoints(ep: KubeObject, api: ApiServer, now: number): string {
  const o = new Out();
  o.w(0, `Name:\t${ep.metadata.name}\n`);
  o.w(0, `Namespace:\t${ep.metadata.namespace ?? ''}\n`);
  labelsMultiline(o, 'Labels', ep.metadata.labels);
  annotationsMultiline(o, 'Annotations', ep.metadata.annotations);
  o.w(0, 'Subsets:\n');
  for (const ss of (ep.subsets as any[]) ?? []) {
    o.w(1, `Addresses:\t${((ss.addresses ?? []) as any[]).map((a) => a.ip).join(',') || '<none>'}\n`);
    o.w(1, `NotReadyAddresses:\t${((ss.notReadyAddresses ?? []) as any[]).map((a) => a.ip).join(',') || '<none>'}\n`);
    const ports: any[] = ss.ports ?? [];
    if (ports.length) {
      o.w(1, 'Ports:\n');
      o.w(2, 'Name\tPort\tProtocol\n');
      o.w(2, '----\t----\t--------\n');
      for (const p of ports) o.w(2, `${p.name || '<unset>'}\t${p.port}\t${p.protocol ?? ''}\n`);
    }
    o.w(0, '\n');
  }
  describeEvents(o, eventsFor(api, ep), now);
  return o.done();
}

function describeEndpointSlice(eps: KubeObject, api: ApiServer, now: number): string {
  const o = new Out();
  o.w(0, `Name:\t${eps.metadata.name}\n`);
  o.w(0, `Namespace:\t${eps.metadata.namespace ?? ''}\n`);
  labelsMultiline(o, 'Labels', eps.metadata.labels);
  annotationsMultiline(o, 'Annotations', eps.metadata.annotations);
  o.w(0, `AddressType:\t${String(eps.addressType ?? '')}\n`);
  const ports: any[] = (eps.ports as any[]) ?? [];
  if (ports.length === 0) o.w(0, 'Ports: <unset>\n');
  else {
    o.w(0, 'Ports:\n');
    o.w(1, 'Name\tPort\tProtocol\n');
    o.w(1, '----\t----\t--------\n');
    for (const p of ports) o.w(1, `${p.name || '<unset>'}\t${p.port ?? '<unset>'}\t${p.protocol ?? ''}\n`);
  }
  const endpoints: any[] = (eps.endpoints as any[]) ?? [];
  if (endpoints.length === 0) o.w(0, 'Endpoints: <none>\n');
  else {
    o.w(0, 'Endpoints:\n');
    for (const e of endpoints) {
      o.w(1, `- Addresses:\t${((e.addresses ?? []) as string[]).join(', ') || '<none>'}\n`);
      o.w(2, 'Conditions:\n');
      o.w(3, `Ready:\t${e.conditions?.ready === undefined || e.conditions?.ready === null ? '<unset>' : String(e.conditions.ready)}\n`);
      o.w(2, `Hostname:\t${e.hostname ?? '<unset>'}\n`);
      if (e.targetRef) o.w(2, `TargetRef:\t${e.targetRef.kind}/${e.targetRef.name}\n`);
      o.w(2, `NodeName:\t${e.nodeName ?? '<unset>'}\n`);
      o.w(2, `Zone:\t${e.zone ?? '<unset>'}\n`);
    }
  }
  describeEvents(o, eventsFor(api, eps), now);
  return o.done();
}

/** describeBackendV1: `svc:port (endpoints)`, or the resource a backend points at. */
function describeBackend(api: ApiServer, ns: string, backend: any): string {
  if (backend?.service) {
    const b = backend.service;
    const sb = `${b.name}:${b.port?.number ? b.port.number : b.port?.name ?? ''}`;
    const slices = slicesOf(api, ns, b.name);
    const svc = api.tryGet('services', ns, b.name);
    if (!svc) return `${sb} (<error: services ${JSON.stringify(b.name)} not found>)`;
    let spName = '';
    for (const sp of svc.spec?.ports ?? []) {
      if (b.port?.number && b.port.number === sp.port) spName = sp.name ?? '';
      else if (b.port?.name && b.port.name === sp.name) spName = sp.name ?? '';
    }
    return `${sb} (${formatEndpointSlices(slices, new Set([spName]))})`;
  }
  if (backend?.resource) {
    const r = backend.resource;
    return `APIGroup: ${r.apiGroup ?? '<none>'}, Kind: ${r.kind}, Name: ${r.name}`;
  }
  return '';
}

function describeIngress(ing: KubeObject, api: ApiServer, now: number): string {
  const o = new Out();
  const spec = ing.spec ?? {};
  const ns = ing.metadata.namespace ?? '';
  o.w(0, `Name:\t${ing.metadata.name}\n`);
  labelsMultiline(o, 'Labels', ing.metadata.labels);
  o.w(0, `Namespace:\t${ns}\n`);
  o.w(0, `Address:\t${loadBalancerStatus(ing.status?.loadBalancer, true)}\n`);
  o.w(0, `Ingress Class:\t${spec.ingressClassName ?? '<none>'}\n`);
  const def = spec.defaultBackend ? describeBackend(api, ns, spec.defaultBackend) : '<default>';
  o.w(0, `Default backend:\t${def}\n`);
  const tls: any[] = spec.tls ?? [];
  if (tls.length) {
    o.w(0, 'TLS:\n');
    for (const t of tls) o.w(1, t.secretName ? `${t.secretName} terminates ${(t.hosts ?? []).join(',')}\n` : `SNI routes ${(t.hosts ?? []).join(',')}\n`);
  }
  o.w(0, 'Rules:\n  Host\tPath\tBackends\n');
  o.w(1, '----\t----\t--------\n');
  let count = 0;
  for (const rule of spec.rules ?? []) {
    if (!rule.http) continue;
    count++;
    o.w(1, `${rule.host || '*'}\t\n`);
    for (const p of rule.http.paths ?? []) o.w(2, `\t${p.path ?? ''} \t${describeBackend(api, ns, p.backend)}\n`);
  }
  if (count === 0) o.w(1, `*\t*\t${def}\n`);
  annotationsMultiline(o, 'Annotations', ing.metadata.annotations);
  describeEvents(o, eventsFor(api, ing), now);
  return o.done();
}

function describeIngressClass(ic: KubeObject, api: ApiServer, now: number): string {
  const o = new Out();
  o.w(0, `Name:\t${ic.metadata.name}\n`);
  labelsMultiline(o, 'Labels', ic.metadata.labels);
  annotationsMultiline(o, 'Annotations', ic.metadata.annotations);
  o.w(0, `Controller:\t${ic.spec?.controller ?? ''}\n`);
  const p = ic.spec?.parameters;
  if (p) {
    o.w(0, 'Parameters:\n');
    if (p.apiGroup !== undefined && p.apiGroup !== null) o.w(1, `APIGroup:\t${p.apiGroup}\n`);
    o.w(1, `Kind:\t${p.kind}\n`);
    o.w(1, `Name:\t${p.name}\n`);
  }
  describeEvents(o, eventsFor(api, ic), now);
  return o.done();
}

registerDescriber('services', describeService);
registerDescriber('endpoints', describeEndpoints);
registerDescriber('endpointslices', describeEndpointSlice);
registerDescriber('ingresses', describeIngress);
registerDescriber('ingressclasses', describeIngressClass);
