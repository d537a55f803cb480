// What traefik/whoami and hashicorp/http-echo answer to an HTTP request, byte for byte: whoami
// echoes its hostname, addresses and the request as Go's Request.Write puts it on the wire.
import type { HttpRequest, HttpResponse } from '../types.ts';
import { goDurationNs, goLogTime, httpEchoOptions, parseGoFlags } from './go-programs.ts';
import { fnv32a } from '../registry/images.ts';

/** The container a request reached (the parts of a ContainerInstance these servers read). */
export interface GoServerView {
  hostname: string;
  podIP: string;
  env: Record<string, string>;
  argv?: string[];
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const p2 = (n: number) => String(n).padStart(2, '0');

/** net/http's TimeFormat for the Date header: `Sun, 22 Nov 2026 01:00:05 GMT`. */
export function httpDate(ms: number): string {
  const d = new Date(ms);
  return `${DAYS[d.getUTCDay()]}, ${p2(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} GMT`;
}

/** textproto.CanonicalMIMEHeaderKey: `x-real-ip` → `X-Real-Ip`. */
export function canonicalHeaderKey(k: string): string {
  if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(k)) return k;
  return k
    .split('-')
    .map((w) => (w ? w[0]!.toUpperCase() + w.slice(1).toLowerCase() : w))
    .join('-');
}

/** A header's value, whatever case the client used for its name. */
export function headerValue(headers: Record<string, string> | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  const want = name.toLowerCase();
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === want) return v;
  return undefined;
}

const bytes = (s: string) => new TextEncoder().encode(s).length;

/** The Host the server sees: the Host header, else the address the client dialled. */
function hostOf(req: HttpRequest): string {
  return headerValue(req.headers, 'Host') ?? req.host ?? req.localAddr ?? '';
}

function remoteAddr(req: HttpRequest): string {
  return `${req.clientIP}:${req.clientPort ?? 40000 + (fnv32a(`${req.clientIP}${req.path}`) % 20000)}`;
}

/** Request.Write: request line, Host, User-Agent, Content-Length, then the other headers sorted, CRLF line ends. */
export function goRequestWire(req: HttpRequest): string {
  const lines = [`${req.method} ${req.path || '/'} HTTP/1.1`, `Host: ${hostOf(req)}`];
  const uaHeader = headerValue(req.headers, 'User-Agent');
  const ua = uaHeader ?? (req.userAgent || 'Go-http-client/1.1');
  if (ua !== '') lines.push(`User-Agent: ${ua}`);
  const body = req.method === 'GET' || req.method === 'HEAD' ? '' : (req as HttpRequest & { body?: string }).body ?? '';
  if (body || ['POST', 'PUT', 'PATCH'].includes(req.method)) lines.push(`Content-Length: ${bytes(body)}`);
  const skip = new Set(['Host', 'User-Agent', 'Content-Length', 'Transfer-Encoding', 'Trailer']);
  const grouped = new Map<string, string[]>();
  for (const [k, v] of Object.entries(req.headers ?? {})) {
    const ck = canonicalHeaderKey(k);
    if (skip.has(ck)) continue;
    grouped.set(ck, [...(grouped.get(ck) ?? []), v]);
  }
  for (const k of [...grouped.keys()].sort()) for (const v of grouped.get(k)!) lines.push(`${k}: ${v}`);
  return `${lines.join('\r\n')}\r\n\r\n${body}`;
}

const WHOAMI_NAME_FLAGS = [
  { name: 'verbose', kind: 'bool' as const, usage: '' },
  { name: 'cert', kind: 'string' as const, usage: '' },
  { name: 'key', kind: 'string' as const, usage: '' },
  { name: 'cacert', kind: 'string' as const, usage: '' },
  { name: 'port', kind: 'string' as const, usage: '' },
  { name: 'name', kind: 'string' as const, usage: '' },
];

/** traefik/whoami v1.10/v1.11: `/` (and any unknown path) prints who answered and the request it got. */
export function whoamiAnswer(c: GoServerView, req: HttpRequest, now: number): HttpResponse {
  const [path = '/', query = ''] = req.path.split('?');
  const q = new URLSearchParams(query);
  const flags = parseGoFlags((c.argv ?? []).slice(1), WHOAMI_NAME_FLAGS).values;
  const name = flags.name ?? c.env.WHOAMI_NAME ?? '';
  const ips = ['127.0.0.1', ...(c.podIP ? [c.podIP] : [])];
  const headers = (type: string, body: string): Record<string, string> => ({ Date: httpDate(now), 'Content-Length': String(bytes(body)), 'Content-Type': type });
  if (path === '/health') return { status: 200, headers: { Date: httpDate(now), 'Content-Length': '0' }, body: '' };
  if (path === '/bench') return { status: 200, headers: { Connection: 'keep-alive', ...headers('text/plain', '1') }, body: '1' };
  if (path === '/api') {
    const reqHeaders: Record<string, string[]> = {};
    for (const [k, v] of Object.entries(req.headers ?? {})) if (canonicalHeaderKey(k) !== 'Host') (reqHeaders[canonicalHeaderKey(k)] ??= []).push(v);
    if (!headerValue(req.headers, 'User-Agent') && req.userAgent) reqHeaders['User-Agent'] = [req.userAgent];
    const data: Record<string, unknown> = { hostname: c.hostname, ip: ips, headers: sortKeys(reqHeaders), url: req.path || '/', host: hostOf(req), method: req.method };
    if (name) data.name = name;
    data.remoteAddr = remoteAddr(req);
    if (['1', 't', 'T', 'true', 'TRUE', 'True'].includes(q.get('env') ?? '')) data.environ = sortKeys({ ...c.env });
    const body = `${JSON.stringify(data)}\n`;
    return { status: 200, headers: headers('application/json', body), body };
  }
  let body = name ? `Name: ${name}\n` : '';
  body += `Hostname: ${c.hostname}\n`;
  for (const ip of ips) body += `IP: ${ip}\n`;
  body += `RemoteAddr: ${remoteAddr(req)}\n`;
  body += goRequestWire(req);
  if (['1', 't', 'T', 'true', 'TRUE', 'True'].includes(q.get('env') ?? '')) for (const [k, v] of Object.entries(c.env)) body += `${k}=${v}\n`;
  return { status: 200, headers: headers('text/plain; charset=utf-8', body), body };
}

function sortKeys<T>(o: Record<string, T>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const k of Object.keys(o).sort()) out[k] = o[k]!;
  return out;
}

/** hashicorp/http-echo 1.0: the `-text` on every path, `/health` as JSON; returns the access-log line too. */
export function httpEchoAnswer(c: GoServerView, req: HttpRequest, now: number, durationNs: number): { response: HttpResponse; log?: string } {
  const o = httpEchoOptions((c.argv ?? []).slice(1), c.env);
  const path = req.path.split('?')[0] || '/';
  const app = { 'X-App-Name': 'http-echo', 'X-App-Version': '1.0.0' };
  if (path === '/health') {
    const body = '{"status":"ok"}\n';
    return { response: { status: 200, headers: { ...app, Date: httpDate(now), 'Content-Length': String(bytes(body)), 'Content-Type': 'text/plain; charset=utf-8' }, body } };
  }
  const body = `${o.text}\n`;
  const ua = headerValue(req.headers, 'User-Agent') ?? req.userAgent;
  const log = `${goLogTime(now)} ${hostOf(req)} ${remoteAddr(req)} "${req.method} ${path} HTTP/1.1" ${o.status} ${bytes(body)} "${ua}" ${goDurationNs(durationNs)}\n`;
  return { response: { status: o.status, headers: { ...app, Date: httpDate(now), 'Content-Length': String(bytes(body)), 'Content-Type': 'text/plain; charset=utf-8' }, body }, log };
}
