// A pod's resolver configuration as the kubelet builds it (pkg/kubelet/network/dns): the dnsPolicy
// picks the cluster's (ClusterFirst: kube-dns, the cluster search path, ndots:5) or the node's
// /etc/resolv.conf (Default, and ClusterFirst on the host network) or nothing (None); spec.dnsConfig is
// merged on top; containerd writes the result as the container's /etc/resolv.conf.
import type { KubeObject } from '../types.ts';
import { CLUSTER_DOMAIN, KUBE_DNS_IP } from './coredns.ts';

export interface PodDnsConfig {
  nameservers: string[];
  searches: string[];
  /** `ndots:5`, `edns0` */
  options: string[];
}

/** The kubelet's limits (formDNSConfigFitsLimits): 3 nameservers, 32 search domains of 2048 characters in all. */
const MAX_NAMESERVERS = 3;
const MAX_SEARCHES = 32;
const MAX_SEARCH_CHARS = 2048;

const unique = (xs: string[]) => [...new Set(xs)];

/** The node's /etc/resolv.conf as the kubelet parses it: every nameserver, the last search line, all options. */
export function parseHostResolvConf(text: string): PodDnsConfig {
  const cfg: PodDnsConfig = { nameservers: [], searches: [], options: [] };
  for (const raw of text.split('\n')) {
    const fields = raw.replace(/#.*/, '').trim().split(/\s+/).filter(Boolean);
    if (!fields.length) continue;
    if (fields[0] === 'nameserver' && fields[1]) cfg.nameservers.push(fields[1]);
    if (fields[0] === 'search') cfg.searches = fields.slice(1).filter((s) => s !== '.').map((s) => s.replace(/\.$/, ''));
    if (fields[0] === 'options') cfg.options = mergeOptions(cfg.options, fields.slice(1));
  }
  return cfg;
}

/** Options by name, a later one replacing an earlier one in place (the kubelet keys them by name). */
function mergeOptions(existing: string[], added: string[]): string[] {
  const byName = new Map<string, string>();
  for (const op of [...existing, ...added]) {
    const i = op.indexOf(':');
    byName.set(i >= 0 ? op.slice(0, i) : op, op);
  }
  return [...byName.values()];
}

/** What the pod's /etc/resolv.conf holds, from its dnsPolicy, dnsConfig and the node's resolv.conf. */
export function podDnsConfig(pod: KubeObject, hostResolvConf: string): PodDnsConfig {
  const host = parseHostResolvConf(hostResolvConf);
  const policy = (pod.spec?.dnsPolicy as string | undefined) ?? 'ClusterFirst';
  const hostNetwork = !!pod.spec?.hostNetwork;
  let cfg: PodDnsConfig;
  if (policy === 'None') cfg = { nameservers: [], searches: [], options: [] };
  else if (policy === 'ClusterFirstWithHostNet' || (policy === 'ClusterFirst' && !hostNetwork)) {
    const ns = pod.metadata.namespace ?? 'default';
    cfg = { nameservers: [KUBE_DNS_IP], searches: unique([`${ns}.svc.${CLUSTER_DOMAIN}`, `svc.${CLUSTER_DOMAIN}`, CLUSTER_DOMAIN, ...host.searches]), options: ['ndots:5'] };
  } else cfg = host;
  const extra = pod.spec?.dnsConfig as { nameservers?: string[]; searches?: string[]; options?: { name: string; value?: string }[] } | undefined;
  if (extra) {
    cfg = {
      nameservers: unique([...cfg.nameservers, ...(extra.nameservers ?? [])]),
      searches: unique([...cfg.searches, ...(extra.searches ?? []).map((s) => s.replace(/\.$/, ''))]),
      options: mergeOptions(cfg.options, (extra.options ?? []).filter((o) => o?.name).map((o) => (o.value !== undefined && o.value !== '' ? `${o.name}:${o.value}` : o.name))),
    };
  }
  let searches = cfg.searches.slice(0, MAX_SEARCHES);
  while (searches.join(' ').length > MAX_SEARCH_CHARS) searches = searches.slice(0, -1);
  return { nameservers: cfg.nameservers.slice(0, MAX_NAMESERVERS), searches, options: cfg.options };
}

/** containerd's rendering of the DNS config (search, nameservers, options; empty parts left out). */
export function resolvConfText(cfg: PodDnsConfig): string {
  let text = '';
  if (cfg.searches.length) text += `search ${cfg.searches.join(' ')}\n`;
  for (const ns of cfg.nameservers) text += `nameserver ${ns}\n`;
  if (cfg.options.length) text += `options ${cfg.options.join(' ')}\n`;
  return text;
}
