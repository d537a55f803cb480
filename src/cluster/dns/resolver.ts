// The stub resolver in every process (glibc's res_search, which musl matches for these cases): the
// search list and ndots decide which fully qualified names are asked, in which order.
import type { DnsResult } from '../types.ts';

/** What a DNS server said about one fully qualified name. */
export type DnsAnswer =
  | { rcode: 'NOERROR'; addresses: string[]; cname?: string }
  | { rcode: 'NXDOMAIN' }
  /** no server answered: unreachable, or no endpoints behind it */
  | { rcode: 'timeout' };

export interface ResolverConfig {
  nameservers: string[];
  search: string[];
  ndots: number;
}

/** /etc/resolv.conf as glibc reads it: nameserver lines (up to 3), the last search/domain line, options ndots. */
export function parseResolvConf(text: string): ResolverConfig {
  const conf: ResolverConfig = { nameservers: [], search: [], ndots: 1 };
  for (const raw of text.split('\n')) {
    const line = raw.replace(/[#;].*/, '').trim();
    if (!line) continue;
    const [key, ...args] = line.split(/\s+/);
    if (key === 'nameserver' && args[0] && conf.nameservers.length < 3) conf.nameservers.push(args[0]);
    else if (key === 'search' || key === 'domain') conf.search = args.slice(0, 6).map((d) => d.replace(/\.$/, '').toLowerCase());
    else if (key === 'options') {
      for (const o of args) {
        const m = /^ndots:(\d+)$/.exec(o);
        if (m) conf.ndots = Math.min(15, Number(m[1]));
      }
    }
  }
  return conf;
}

/**
 * Resolve `name` the way res_search does: a name with a trailing dot is asked as is; one with at least
 * `ndots` dots is asked as is first, then with each search domain; any other name goes through the
 * search domains first and is asked as is last. NXDOMAIN moves on; a timeout ends the search.
 */
export function searchResolve(conf: ResolverConfig, name: string, query: (server: string, fqdn: string) => DnsAnswer): DnsResult {
  const absolute = name.endsWith('.');
  const bare = name.replace(/\.+$/, '').toLowerCase();
  const candidates: string[] = [];
  if (absolute) candidates.push(bare);
  else {
    const dots = (bare.match(/\./g) ?? []).length;
    if (dots >= conf.ndots) candidates.push(bare);
    for (const d of conf.search) candidates.push(`${bare}.${d}`);
    if (dots < conf.ndots) candidates.push(bare);
  }
  const servers = conf.nameservers.length ? conf.nameservers : ['127.0.0.1'];
  const tried: string[] = [];
  let lastServer = servers[0]!;
  for (const fqdn of [...new Set(candidates)]) {
    let answer: DnsAnswer = { rcode: 'timeout' };
    // the next nameserver is asked only when one does not answer at all
    for (const server of servers) {
      lastServer = server;
      answer = query(server, fqdn);
      if (answer.rcode !== 'timeout') break;
    }
    if (answer.rcode === 'timeout') return { ok: false, server: servers[0]!, tried, reason: 'timeout' };
    if (answer.rcode === 'NXDOMAIN') {
      tried.push(fqdn);
      continue;
    }
    return { ok: true, server: lastServer, tried, name: fqdn, ...(answer.cname ? { cname: answer.cname } : {}), addresses: answer.addresses };
  }
  return { ok: false, server: lastServer, tried, reason: 'NXDOMAIN' };
}
