// What HTTP clients share: URLs as curl and wget read them, status lines, and which side of a
// connection (a machine's shell or a pod) a command runs on.
import type { ClusterNetwork, HttpResponse, NetOrigin } from '../../cluster/types.ts';
import type { ProgramContext } from '../../kubectl/context.ts';

export interface Url {
  scheme: string;
  host: string;
  port: number;
  /** the port was written in the URL */
  explicitPort: boolean;
  /** path with query, always starting with `/` */
  path: string;
  /** user:password before the host, when given */
  userinfo?: string;
}

const DEFAULT_PORTS: Record<string, number> = { http: 80, https: 443, ftp: 21 };

/** A URL as curl reads it: the scheme may be left out (http), the path too (`/`), a fragment is dropped. */
export function parseUrl(input: string): Url | { error: 'scheme'; scheme: string } | { error: 'malformed' } {
  let rest = input.trim();
  let scheme = 'http';
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(rest);
  if (m) {
    scheme = m[1]!.toLowerCase();
    rest = rest.slice(m[0].length);
  } else if (/^ftp\./i.test(rest)) scheme = 'ftp';
  if (!(scheme in DEFAULT_PORTS)) return { error: 'scheme', scheme: m ? m[1]! : scheme };
  const hash = rest.indexOf('#');
  if (hash >= 0) rest = rest.slice(0, hash);
  const cut = rest.search(/[/?]/);
  let authority = cut < 0 ? rest : rest.slice(0, cut);
  let path = cut < 0 ? '/' : rest.slice(cut);
  if (path.startsWith('?')) path = '/' + path;
  let userinfo: string | undefined;
  const at = authority.lastIndexOf('@');
  if (at >= 0) {
    userinfo = authority.slice(0, at);
    authority = authority.slice(at + 1);
  }
  const pm = /^(.*?)(?::(\d*))?$/.exec(authority)!;
  const host = pm[1]!;
  if (!host) return { error: 'malformed' };
  const explicitPort = pm[2] !== undefined && pm[2] !== '';
  const port = explicitPort ? Number(pm[2]) : DEFAULT_PORTS[scheme]!;
  if (port > 65535) return { error: 'malformed' };
  return { scheme, host, port, explicitPort, path, userinfo };
}

/** `host` or `host:port` as the Host header carries it (the port only when not the scheme's default). */
export function hostHeader(u: Url): string {
  return u.port === DEFAULT_PORTS[u.scheme] ? u.host : `${u.host}:${u.port}`;
}

export function urlString(u: Url): string {
  return `${u.scheme}://${hostHeader(u)}${u.path}`;
}

/** Resolve a Location header against the URL that answered. */
export function resolveLocation(base: Url, location: string): string {
  if (/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(location)) return location;
  if (location.startsWith('//')) return `${base.scheme}:${location}`;
  if (location.startsWith('/')) return `${base.scheme}://${hostHeader(base)}${location}`;
  const dir = base.path.split('?')[0]!.replace(/[^/]*$/, '');
  return `${base.scheme}://${hostHeader(base)}${dir}${location}`;
}

export const isIPv4 = (s: string) => /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.test(s) && s.split('.').every((o) => Number(o) <= 255);

/** Private and loopback ranges: the cluster's own servers, whose certificates no public CA signed. */
export function isPrivate(ip: string): boolean {
  const [a, b] = ip.split('.').map(Number) as [number, number];
  return a === 10 || a === 127 || (a === 172 && b >= 16 && b < 32) || (a === 192 && b === 168);
}

const REASONS: Record<number, string> = {
  100: 'Continue',
  101: 'Switching Protocols',
  200: 'OK',
  201: 'Created',
  202: 'Accepted',
  204: 'No Content',
  206: 'Partial Content',
  301: 'Moved Permanently',
  302: 'Found',
  303: 'See Other',
  304: 'Not Modified',
  307: 'Temporary Redirect',
  308: 'Permanent Redirect',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  409: 'Conflict',
  413: 'Request Entity Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

// nginx words a few status lines its own way
const NGINX_REASONS: Record<number, string> = { 405: 'Not Allowed', 503: 'Service Temporarily Unavailable', 504: 'Gateway Time-out', 413: 'Request Entity Too Large' };

export function header(res: HttpResponse, name: string): string | undefined {
  const key = Object.keys(res.headers).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : res.headers[key];
}

/** `HTTP/1.1 200 OK` as the server sends it. */
export function statusLine(res: HttpResponse): string {
  const nginx = /^nginx/i.test(header(res, 'server') ?? '');
  const reason = (nginx ? NGINX_REASONS[res.status] : undefined) ?? REASONS[res.status] ?? '';
  return `HTTP/1.1 ${res.status}${reason ? ` ${reason}` : ''}`;
}

/** Bytes on the wire (UTF-8), as Content-Length and the meters count them. */
export const byteLength = (s: string) => new TextEncoder().encode(s).length;

/** Where a command's connections start: the machine the shell is on. */
export function hostOrigin(ctx: ProgramContext): NetOrigin {
  return { kind: 'host', host: ctx.host ?? 'master' };
}

export function netOf(ctx: ProgramContext): ClusterNetwork | undefined {
  return ctx.cluster.net;
}

/** The machine's first nameserver (resolv.conf), what host-side DNS tools report. */
export function nameserver(ctx: ProgramContext): string {
  try {
    const m = /^nameserver\s+(\S+)/m.exec(ctx.fs.read('/etc/resolv.conf'));
    if (m) return m[1]!;
  } catch {
    // no resolv.conf: glibc falls back to the local host
  }
  return '127.0.0.1';
}
