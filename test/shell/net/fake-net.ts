// A scripted ClusterNetwork (names, listeners, failures) and a way to run one network program against it.
import type { Cluster, ClusterNetwork, DnsResult, HttpResponse, NetOrigin, NetRequest, NetResult, PortForwardHandle } from '../../../src/cluster/types.ts';
import type { Program, ProgramContext } from '../../../src/kubectl/context.ts';
import { fakeCluster } from '../helpers.ts';

export const NGINX_PAGE = '<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome to nginx!</title>\n</head>\n<body>\n<h1>Welcome to nginx!</h1>\n</body>\n</html>\n';

export function nginx(body = NGINX_PAGE, status = 200, extra: Record<string, string> = {}): HttpResponse {
  return { status, headers: { Server: 'nginx/1.27.3', 'Content-Type': 'text/html', 'Content-Length': String(new TextEncoder().encode(body).length), ...extra }, body };
}

type Listener = (req: NetRequest, from: NetOrigin) => HttpResponse | 'reset';

export interface FakeNet extends ClusterNetwork {
  /** every request as it arrived: where from, where to, what */
  log: { from: NetOrigin; host: string; port: number; req: NetRequest }[];
}

/**
 * names: short and full names -> IP (pods search `default.svc.cluster.local` etc. like the real resolver);
 * listen: `ip:port` -> a responder; failures: `ip:port` or `ip` -> the error a connection gets.
 */
export function fakeNet(opts: {
  names?: Record<string, string>;
  listen?: Record<string, Listener>;
  failures?: Record<string, 'refused' | 'timeout' | 'unreachable' | 'reset'>;
  dnsDown?: boolean;
  ptr?: Record<string, string>;
  tls?: Record<string, { trusted?: boolean; selfSigned?: boolean }>;
}): FakeNet {
  const names = opts.names ?? {};
  const log: FakeNet['log'] = [];
  const lookup = (from: NetOrigin, name: string): DnsResult => {
    const server = from.kind === 'pod' ? '10.96.0.10' : '10.0.2.3';
    if (opts.dnsDown) return { ok: false, server, tried: [], reason: 'timeout' };
    if (/^\d+\.\d+\.\d+\.\d+$/.test(name)) return { ok: true, server, tried: [], name, addresses: [name] };
    const absolute = name.endsWith('.');
    const bare = name.replace(/\.$/, '');
    const candidates = absolute ? [bare] : from.kind === 'pod' && bare.split('.').length < 6 ? [`${bare}.default.svc.cluster.local`, `${bare}.svc.cluster.local`, `${bare}.cluster.local`, bare] : [bare];
    const tried: string[] = [];
    for (const c of candidates) {
      if (names[c]) return { ok: true, server, tried, name: c, addresses: [names[c]!] };
      tried.push(c);
    }
    return { ok: false, server, tried, reason: 'NXDOMAIN' };
  };
  return {
    log,
    lookup,
    reverse: (_from, ip) => opts.ptr?.[ip],
    request(from, host, port, req): NetResult {
      log.push({ from, host, port, req });
      const dns = lookup(from, host);
      if (!dns.ok) return { ok: false, error: 'resolve', dns };
      const ip = dns.addresses[0]!;
      const fail = opts.failures?.[`${ip}:${port}`] ?? opts.failures?.[ip];
      if (fail) return { ok: false, error: fail, ip };
      const l = opts.listen?.[`${ip}:${port}`];
      if (!l) return { ok: false, error: 'refused', ip };
      const res = l(req, from);
      if (res === 'reset') return { ok: false, error: 'reset', ip };
      const out = { ok: true as const, ip, response: res };
      const tls = opts.tls?.[`${ip}:${port}`];
      return tls ? Object.assign(out, { tls }) : out;
    },
    portForward(): PortForwardHandle | { error: 'in-use' } {
      return { error: 'in-use' };
    },
    forwards: () => [],
  };
}

/** A stand-in cluster whose `net` is the given fake. */
export function clusterWith(net: ClusterNetwork): Cluster & { advanced: number[] } {
  const c = fakeCluster();
  return Object.assign(c, { net });
}

/** Run one program with arguments, as the shell would on `host` (or in a pod through `origin`-aware builds). */
export async function runProgram(program: Program, args: string[], opts: { cluster: Cluster; tty?: boolean; cwd?: string; host?: string; columns?: number; fs?: ProgramContext['fs'] }) {
  let out = '';
  let err = '';
  let both = '';
  const cluster = opts.cluster;
  const ctx: ProgramContext = {
    args,
    stdin: null,
    out: (s) => {
      out += s;
      both += s;
    },
    err: (s) => {
      err += s;
      both += s;
    },
    cluster,
    fs: opts.fs ?? cluster.hosts.get(opts.host ?? 'master')!.fs,
    cwd: opts.cwd ?? '/root',
    env: {},
    sleep: async (ms) => cluster.advance(ms),
    signal: new AbortController().signal,
    tty: opts.tty ?? false,
    realtime: false,
    columns: opts.columns ?? 80,
    host: opts.host ?? 'master',
  };
  const status = await program(ctx);
  return { out, err, both, status };
}
