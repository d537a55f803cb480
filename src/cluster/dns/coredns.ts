// CoreDNS's kubernetes plugin as kubeadm configures it (`kubernetes cluster.local in-addr.arpa ip6.arpa
// { pods insecure; fallthrough in-addr.arpa ip6.arpa }`, `forward . /etc/resolv.conf`): names in
// cluster.local come from Services, Endpoints and pods; everything else goes upstream.
import type { ApiServer, KubeObject } from '../types.ts';
import { byIP, isIPv4 } from '../network.ts';
import type { DnsAnswer } from './resolver.ts';

export const CLUSTER_DOMAIN = 'cluster.local';
/** kube-dns's ClusterIP on a kubeadm cluster */
export const KUBE_DNS_IP = '10.96.0.10';

const ZONE_SUFFIX = `.${CLUSTER_DOMAIN}`;
/** CNAME chains CoreDNS follows inside its own zone before giving up */
const MAX_CHAIN = 8;

/** The dashed form CoreDNS uses for an address without a hostname: 10-44-0-1. */
export const dashed = (ip: string): string => ip.replace(/\./g, '-');

export interface EndpointRecord {
  ip: string;
  /** hostname label: the pod's spec.hostname when its spec.subdomain names the Service, else the dashed IP */
  hostname: string;
}

/** The ready addresses of a Service's Endpoints, each with the name CoreDNS gives it. */
export function endpointRecords(api: ApiServer, svc: KubeObject): EndpointRecord[] {
  const { namespace, name } = svc.metadata;
  const ep = api.tryGet('endpoints', namespace, name, { frozenResult: true });
  const out = new Map<string, EndpointRecord>();
  for (const subset of (ep?.subsets ?? []) as any[]) {
    for (const a of (subset.addresses ?? []) as any[]) {
      if (!a?.ip || out.has(a.ip)) continue;
      let hostname: string | undefined = a.hostname;
      if (!hostname && a.targetRef?.kind === 'Pod') {
        const pod = api.tryGet('pods', a.targetRef.namespace ?? namespace, a.targetRef.name, { frozenResult: true });
        // the endpoints controller names an address after the pod when the pod's subdomain is this Service
        if (pod?.spec?.hostname && pod.spec.subdomain === name) hostname = pod.spec.hostname;
      }
      out.set(a.ip, { ip: a.ip, hostname: hostname ?? dashed(a.ip) });
    }
  }
  return [...out.values()].sort((x, y) => byIP(x.ip, y.ip));
}

export interface CoreDnsDeps {
  api: ApiServer;
  /** the upstream server CoreDNS forwards to (the node's /etc/resolv.conf: VirtualBox's 10.0.2.3) */
  upstream(fqdn: string): DnsAnswer;
}

/** The answer CoreDNS gives for a fully qualified name (no trailing dot). */
export function coreDnsAnswer(deps: CoreDnsDeps, fqdn: string, depth = 0): DnsAnswer {
  const name = fqdn.toLowerCase().replace(/\.$/, '');
  if (name !== CLUSTER_DOMAIN && !name.endsWith(ZONE_SUFFIX)) return deps.upstream(name);
  const labels = name === CLUSTER_DOMAIN ? [] : name.slice(0, -ZONE_SUFFIX.length).split('.');
  const kind = labels[labels.length - 1];
  if (kind === 'svc' && labels.length === 3) return serviceAnswer(deps, labels[1]!, labels[0]!, depth);
  if (kind === 'svc' && labels.length === 4) return endpointAnswer(deps.api, labels[2]!, labels[1]!, labels[0]!);
  if (kind === 'pod' && labels.length === 3) return podAnswer(deps.api, labels[1]!, labels[0]!);
  return { rcode: 'NXDOMAIN' };
}

function serviceAnswer(deps: CoreDnsDeps, namespace: string, name: string, depth: number): DnsAnswer {
  const svc = deps.api.tryGet('services', namespace, name, { frozenResult: true });
  if (!svc) return { rcode: 'NXDOMAIN' };
  if (svc.spec?.type === 'ExternalName') {
    const target = String(svc.spec.externalName ?? '').toLowerCase().replace(/\.$/, '');
    if (!target) return { rcode: 'NXDOMAIN' };
    // the CNAME comes back with whatever the target resolves to (nothing, when it does not)
    const next = depth < MAX_CHAIN ? coreDnsAnswer(deps, target, depth + 1) : ({ rcode: 'NXDOMAIN' } as DnsAnswer);
    if (next.rcode === 'timeout') return next;
    return { rcode: 'NOERROR', cname: target, addresses: next.rcode === 'NOERROR' ? next.addresses : [] };
  }
  const clusterIP = svc.spec?.clusterIP;
  if (clusterIP && clusterIP !== 'None') return { rcode: 'NOERROR', addresses: [clusterIP] };
  const ready = endpointRecords(deps.api, svc).map((r) => r.ip);
  return ready.length ? { rcode: 'NOERROR', addresses: ready } : { rcode: 'NXDOMAIN' };
}

function endpointAnswer(api: ApiServer, namespace: string, service: string, host: string): DnsAnswer {
  const svc = api.tryGet('services', namespace, service, { frozenResult: true });
  if (!svc) return { rcode: 'NXDOMAIN' };
  const hits = endpointRecords(api, svc).filter((r) => r.hostname === host).map((r) => r.ip);
  return hits.length ? { rcode: 'NOERROR', addresses: hits } : { rcode: 'NXDOMAIN' };
}

/** `pods insecure`: any dashed IPv4 in an existing namespace answers with that address. */
function podAnswer(api: ApiServer, namespace: string, label: string): DnsAnswer {
  const ip = label.replace(/-/g, '.');
  if (!isIPv4(ip) || !api.tryGet('namespaces', undefined, namespace, { frozenResult: true })) return { rcode: 'NXDOMAIN' };
  return { rcode: 'NOERROR', addresses: [ip] };
}

/**
 * The PTR name CoreDNS gives an address: a Service's ClusterIP, or an endpoint of a Service
 * (`10-44-0-1.mynginx.default.svc.cluster.local`); undefined falls through to upstream.
 */
export function coreDnsReverse(api: ApiServer, ip: string, serviceAt: (ip: string) => KubeObject | undefined): string | undefined {
  const svc = serviceAt(ip);
  if (svc) return `${svc.metadata.name}.${svc.metadata.namespace}.svc.${CLUSTER_DOMAIN}`;
  for (const ep of api.list('endpoints')) {
    for (const subset of (ep.subsets ?? []) as any[]) {
      for (const a of (subset.addresses ?? []) as any[]) {
        if (a?.ip !== ip) continue;
        const owner = api.tryGet('services', ep.metadata.namespace, ep.metadata.name, { frozenResult: true });
        const rec = owner ? endpointRecords(api, owner).find((r) => r.ip === ip) : undefined;
        return `${rec?.hostname ?? dashed(ip)}.${ep.metadata.name}.${ep.metadata.namespace}.svc.${CLUSTER_DOMAIN}`;
      }
    }
  }
  return undefined;
}
