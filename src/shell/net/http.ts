// What the shell's HTTP clients share beyond what they share with the container tools (net-wording.ts):
// redirects, status lines, and which side of a connection (a machine's shell or a pod) a command runs on.
import { header, hostHeader, type Url } from '../../cluster/kubelet/net-wording.ts';
import type { ClusterNetwork, HttpResponse, NetOrigin } from '../../cluster/types.ts';
import type { ProgramContext } from '../../kubectl/context.ts';

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

/** `HTTP/1.1 200 OK` as the server sends it. */
export function statusLine(res: HttpResponse): string {
  const nginx = /^nginx/i.test(header(res, 'server') ?? '');
  const reason = (nginx ? NGINX_REASONS[res.status] : undefined) ?? REASONS[res.status] ?? '';
  return `HTTP/1.1 ${res.status}${reason ? ` ${reason}` : ''}`;
}

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
