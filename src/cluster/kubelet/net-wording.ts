// What a container's wget, curl and nslookup (net-tools.ts) and the shell's (src/shell/net) share: their
// wording, option tables and URL helpers. It lives in the cluster because the cluster may not import the shell.
import type { ClusterNetwork, DnsResult, FileSystem, HttpResponse, NetOrigin, NetRequest } from '../types.ts';

// ---------- HTTP ----------

export const isIPv4 = (s: string) => /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.test(s) && s.split('.').every((o) => Number(o) <= 255);

/** Bytes on the wire (UTF-8), as Content-Length and the meters count them. */
export const byteLength = (s: string) => new TextEncoder().encode(s).length;

export function header(res: HttpResponse, name: string): string | undefined {
  const key = Object.keys(res.headers).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : res.headers[key];
}

/** Private and loopback ranges: the cluster's own servers, whose certificates no public CA signed. */
export function isPrivate(ip: string): boolean {
  const [a, b] = ip.split('.').map(Number) as [number, number];
  return a === 10 || a === 127 || (a === 172 && b >= 16 && b < 32) || (a === 192 && b === 168);
}

/** Linux gives up on a SYN nobody answers after 6 retries: 1+2+4+8+16+32+64 s. */
export const KERNEL_CONNECT_TIMEOUT_MS = 127_000;
/** ARP finds nobody at an on-link address after about 3 s: No route to host. */
export const ARP_TIMEOUT_MS = 3_000;

/** The connection failures the kernel reports, each with its errno text and how long it takes to come. */
export type ConnectError = 'refused' | 'timeout' | 'unreachable';
export const ERRNO_TEXT: Record<ConnectError, string> = { refused: 'Connection refused', timeout: 'Connection timed out', unreachable: 'No route to host' };
export const connectWaitMs = (e: ConnectError) => (e === 'timeout' ? KERNEL_CONNECT_TIMEOUT_MS : e === 'unreachable' ? ARP_TIMEOUT_MS : 1);

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

/** The schemes a URL may name, with their default ports (the shell's curl also speaks ftp). */
const DEFAULT_PORTS: Record<string, number> = { http: 80, https: 443, ftp: 21 };
export const HTTP_PORTS: Record<string, number> = { http: 80, https: 443 };

/** A URL as curl reads it: the scheme may be left out (http), the path too (`/`), a fragment is dropped. */
export function parseUrl(input: string, ports: Record<string, number> = DEFAULT_PORTS): Url | { error: 'scheme'; scheme: string } | { error: 'malformed' } {
  let rest = input.trim();
  let scheme = 'http';
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(rest);
  if (m) {
    scheme = m[1]!.toLowerCase();
    rest = rest.slice(m[0].length);
  } else if (/^ftp\./i.test(rest) && 'ftp' in ports) scheme = 'ftp';
  if (!(scheme in ports)) return { error: 'scheme', scheme: m ? m[1]! : scheme };
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
  const port = explicitPort ? Number(pm[2]) : ports[scheme]!;
  if (port > 65535) return { error: 'malformed' };
  return { scheme, host, port, explicitPort, path, userinfo };
}

/** `host` or `host:port` as the Host header carries it (the port only when not the scheme's default). */
export function hostHeader(u: Url): string {
  return u.port === DEFAULT_PORTS[u.scheme] ? u.host : `${u.host}:${u.port}`;
}

// ---------- BusyBox wget ----------

const BUSYBOX_BANNER = 'BusyBox v1.37.0 (2024-09-26 21:31:42 UTC) multi-call binary.\n';

const WGET_USAGE = `${BUSYBOX_BANNER}
Usage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]
	[--post-data STR | --post-file FILE] [-Y on/off]
	[--no-check-certificate] [-P DIR] [-U AGENT] [-T SEC] URL...

Retrieve files via HTTP or FTP

	--spider	Only check URL existence: $? is 0 if exists
	--header STR	Add STR (of form 'header: value') to headers
	--post-data STR	Send STR using POST method
	--post-file FILE	Send FILE using POST method
	--no-check-certificate	Don't validate the server's certificate
	-c		Continue retrieval of aborted transfer
	-q		Quiet
	-P DIR		Save to DIR (default .)
	-S    		Show server response
	-T SEC		Network read timeout is SEC seconds
	-O FILE		Save to FILE ('-' for stdout)
	-o LOGFILE	Log messages to FILE
	-U STR		Use STR for User-Agent header
	-Y on/off	Use proxy
`;

/** wget's long options, as the letter (or name) they set and whether they take a value. */
export const WGET_LONG: Record<string, { letter: string; arg: boolean }> = {
  quiet: { letter: 'q', arg: false },
  'server-response': { letter: 'S', arg: false },
  'output-document': { letter: 'O', arg: true },
  'output-file': { letter: 'o', arg: true },
  'directory-prefix': { letter: 'P', arg: true },
  proxy: { letter: 'Y', arg: true },
  'user-agent': { letter: 'U', arg: true },
  timeout: { letter: 'T', arg: true },
  tries: { letter: 't', arg: true },
  header: { letter: 'header', arg: true },
  'post-data': { letter: 'post-data', arg: true },
  spider: { letter: 'spider', arg: false },
  'no-check-certificate': { letter: 'insecure', arg: false },
  continue: { letter: 'c', arg: false },
};
const WGET_SHORT_FLAGS = 'cqS';
const WGET_SHORT_ARGS = 'OoPYUTt';

export interface WgetArgs {
  /** every value each option letter (or long name) was given, in order */
  opts: Map<string, string[]>;
  urls: string[];
}

/** wget's command line, or what it prints to stderr before it exits 1; `skip` letters end a cluster of short options unread (-nv). */
export function parseWgetArgs(args: string[], long: Record<string, { letter: string; arg: boolean }> = WGET_LONG, skip = ''): WgetArgs | { error: string } {
  const opts = new Map<string, string[]>();
  const urls: string[] = [];
  const add = (k: string, v: string) => opts.set(k, [...(opts.get(k) ?? []), v]);
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      urls.push(...args.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq < 0 ? a.slice(2) : a.slice(2, eq);
      const spec = long[name] ?? Object.entries(long).find(([k]) => k.startsWith(name) && name.length > 1)?.[1];
      if (!spec) return { error: `wget: unrecognized option '${a}'\n${WGET_USAGE}` };
      if (spec.arg) {
        const v = eq >= 0 ? a.slice(eq + 1) : args[++i];
        if (v === undefined) return { error: `wget: option '--${name}' requires an argument\n${WGET_USAGE}` };
        add(spec.letter, v);
      } else add(spec.letter, '1');
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const c = a[j]!;
        if (WGET_SHORT_FLAGS.includes(c)) add(c, '1');
        else if (WGET_SHORT_ARGS.includes(c)) {
          const v = j + 1 < a.length ? a.slice(j + 1) : args[++i];
          if (v === undefined) return { error: `wget: option requires an argument -- '${c}'\n${WGET_USAGE}` };
          add(c, v);
          break;
        } else if (skip.includes(c)) break;
        else return { error: `wget: invalid option -- '${c}'\n${WGET_USAGE}` };
      }
      continue;
    }
    urls.push(a);
  }
  if (!urls.length) return { error: WGET_USAGE };
  return { opts, urls };
}

export interface WgetUrl {
  /** as written (`http` when left out): BusyBox compares it case-sensitively */
  scheme: string;
  /** `host[:port]` without any user:password */
  hostPort: string;
  host: string;
  port: number;
  /** after the first `/`, without the fragment */
  path: string;
}

/** A URL as BusyBox wget's parse_url splits it. */
export function wgetUrl(url: string): WgetUrl {
  const m = /^([A-Za-z]+):\/\//.exec(url);
  const scheme = m ? m[1]! : 'http';
  const rest = m ? url.slice(m[0].length) : url;
  const cut = rest.search(/[/?#]/);
  let hostPort = cut < 0 ? rest : rest.slice(0, cut);
  const path = (cut < 0 ? '' : rest.slice(cut + 1)).replace(/#.*$/, '');
  const at = hostPort.lastIndexOf('@');
  if (at >= 0) hostPort = hostPort.slice(at + 1);
  const pm = /^(.*?)(?::(\d+))?$/.exec(hostPort)!;
  const lower = scheme.toLowerCase();
  const port = pm[2] ? Number(pm[2]) : lower === 'https' ? 443 : lower === 'ftp' ? 21 : 80;
  return { scheme, hostPort, host: pm[1]!, port, path };
}

/** The request wget sends: Host and User-Agent (--header may replace them), a form POST with --post-data. */
export function wgetRequest(scheme: string, hostPort: string, path: string, opts: Map<string, string[]>): NetRequest {
  const postData = opts.get('post-data')?.at(-1);
  const headers: Record<string, string> = { Host: hostPort, 'User-Agent': opts.get('U')?.at(-1) ?? 'Wget' };
  for (const h of opts.get('header') ?? []) {
    const hm = /^([^:]+):\s*(.*)$/.exec(h);
    if (!hm) continue;
    const key = Object.keys(headers).find((k) => k.toLowerCase() === hm[1]!.toLowerCase());
    if (key) delete headers[key];
    headers[hm[1]!] = hm[2]!;
  }
  if (postData !== undefined) {
    headers['Content-Type'] ??= 'application/x-www-form-urlencoded';
    headers['Content-Length'] = String(byteLength(postData));
  }
  headers.Connection = 'close';
  return { scheme: scheme === 'https' ? 'https' : 'http', method: postData !== undefined ? 'POST' : 'GET', path: `/${path}`, headers, ...(postData !== undefined ? { body: postData } : {}) };
}

/** The URL a redirect's Location sends wget to. */
export function wgetRedirect(location: string, scheme: string, hostPort: string): string {
  return /^[a-z]+:\/\//i.test(location) ? location : location.startsWith('/') ? `${scheme}://${hostPort}${location}` : `${scheme}://${hostPort}/${location}`;
}

/** The file wget saves to without -O: the path's last segment (else index.html), under -P's folder. */
export function wgetFileName(path: string, dir: string | undefined): string {
  const file = path.split('?')[0]!.replace(/^.*\//, '') || 'index.html';
  return dir ? `${dir.replace(/\/$/, '')}/${file}` : file;
}

/** busybox's smart_ulltoa5: a size in five columns (`  615`, ` 1234`, `12.3k`). */
function ulltoa5(n: number): string {
  if (n <= 99999) return String(n).padStart(5);
  const scale = ' kMGTPEZY';
  let idx = 0;
  let ul = n * 10;
  do {
    ul = Math.floor(ul / 1024);
    idx++;
  } while (ul >= 100000);
  const u = Math.floor(ul / 10);
  const v = ul % 10;
  if (u >= 100) return `${String(u).padStart(4)}${scale[idx]}`;
  return `${String(u).padStart(2)}.${v}${scale[idx]}`;
}

/** One update of libbb's progress bar for a finished transfer of `size` bytes (`total` 0 = unknown length). */
export function wgetProgress(curfile: string, size: number, total: number, tty: boolean, columns: number): string {
  let out = (tty ? '\r' : '') + curfile.slice(0, 20).padEnd(20) + ' ';
  if (total) {
    out += '100% ';
    let bar = (tty ? columns : 80) - 48;
    if (bar > 2) {
      bar = Math.min(bar, 999);
      out += `|${'*'.repeat(bar)}| `;
    }
  }
  out += ulltoa5(size);
  out += total && size ? '  0:00:00 ETA' : ' --:--:-- ETA';
  return out + '\n';
}

// ---------- curl ----------

const num = (v: string) => v.split('.').map(Number) as [number, number, number];
/** The curl release `v` (`7.88.1`) is `a.b.c` or later. */
export function atLeast(v: string, a: number, b: number, c = 0): boolean {
  const [x, y, z] = num(v);
  return x !== a ? x > a : y !== b ? y > b : z >= c;
}

/** The wording switches between the curl releases the course meets (7.29.0, 7.88.1, 8.5.0, 8.11.1). */
export interface CurlRelease {
  is729: boolean;
  v8: boolean;
  /** "after N ms" in connect errors (7.75) */
  afterMs: boolean;
  /** "Couldn't connect to server" instead of the errno (7.87) */
  modernConnect: boolean;
  /** "Could not" spelt out (8.9) */
  couldNot: boolean;
}

export function curlRelease(v: string): CurlRelease {
  return { is729: !atLeast(v, 7, 30), v8: atLeast(v, 8, 0), afterMs: atLeast(v, 7, 75), modernConnect: atLeast(v, 7, 87), couldNot: atLeast(v, 8, 9) };
}

/** curl's message for a name that did not resolve. */
export function curlResolveMessage(rel: CurlRelease, host: string): string {
  return rel.is729 ? `Could not resolve host: ${host}; Unknown error` : `Could not resolve host: ${host}`;
}

/** curl's message for a connection the kernel refused or gave up on after `ms`. */
export function curlConnectMessage(rel: CurlRelease, host: string, port: number, e: ConnectError, ms: number): string {
  if (rel.is729) return `Failed connect to ${host}:${port}; ${ERRNO_TEXT[e]}`;
  if (!rel.afterMs) return `Failed to connect to ${host} port ${port}: ${ERRNO_TEXT[e]}`;
  if (!rel.modernConnect) return `Failed to connect to ${host} port ${port} after ${ms} ms: ${ERRNO_TEXT[e]}`;
  return `Failed to connect to ${host} port ${port} after ${ms} ms: ${rel.couldNot ? 'Could not' : "Couldn't"} connect to server`;
}

export const CURL_TRY = "curl: try 'curl --help' or 'curl --manual' for more information\n";

export const METER_HEADER = '  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n                                 Dload  Upload   Total   Spent    Left  Speed\n';

/** curl's max5data: a size in at most 5 columns (`  615`, ` 300k`, `12.3M`). */
function max5(bytes: number): string {
  const K = 1024;
  const M = K * K;
  if (bytes < 100000) return String(bytes).padStart(5);
  if (bytes < 10000 * K) return `${String(Math.floor(bytes / K)).padStart(4)}k`;
  if (bytes < 100 * M) return `${String(Math.floor(bytes / M)).padStart(2)}.${Math.floor((bytes % M) / (M / 10))}M`;
  return `${String(Math.floor(bytes / M)).padStart(4)}M`;
}

function time2str(seconds: number): string {
  if (seconds <= 0) return '--:--:--';
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = Math.floor(seconds % 60);
  return `${String(h).padStart(2)}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
}

/** One line of the progress meter for a download of `expected` bytes of which `got` arrived in `ms`. */
export function progressLine(expected: number, got: number, ms: number): string {
  const secs = ms / 1000;
  const speed = Math.floor(got / (secs > 0 ? secs : 1));
  const pct = (part: number, total: number) => (total > 10000 ? Math.floor(part / Math.floor(total / 100)) : total > 0 ? Math.floor((part * 100) / total) : 0);
  const total = Math.max(expected, got);
  const estimate = speed > 0 && expected > 0 ? Math.floor(expected / speed) : 0;
  const spent = Math.floor(secs);
  return `${String(pct(got, total)).padStart(3)} ${max5(total)}  ${String(pct(got, expected)).padStart(3)} ${max5(got)}  ${String(0).padStart(3)} ${max5(0)}  ${max5(speed)}  ${max5(0)} ${time2str(estimate)} ${time2str(spent)} ${time2str(estimate > 0 ? estimate - spent : 0)} ${max5(speed)}`;
}

export const CA_ERROR_729 = `More details here: http://curl.haxx.se/docs/sslcerts.html

curl performs SSL certificate verification by default, using a "bundle"
 of Certificate Authority (CA) public keys (CA certs). If the default
 bundle file isn't adequate, you can specify an alternate file
 using the --cacert option.
If this HTTPS server uses a certificate signed by a CA represented in
 the bundle, the certificate verification probably failed due to a
 problem with the certificate (it might be expired, or the name might
 not match the domain name in the URL).
If you'd like to turn off curl's verification of the certificate, use
 the -k (or --insecure) option.
`;

export const CA_ERROR_MODERN = `More details here: https://curl.se/docs/sslcerts.html

curl failed to verify the legitimacy of the server and therefore could not
establish a secure connection to it. To learn more about this situation and
how to fix it, please visit the web page mentioned above.
`;

// ---------- DNS: nslookup ----------

export const NSLOOKUP_USAGE = `${BUSYBOX_BANNER}
Usage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]

Query DNS about HOST

QUERY_TYPE: soa,ns,a,aaaa,cname,mx,txt,ptr,srv,any
`;

export const NO_SERVERS = ';; connection timed out; no servers could be reached\n';

export interface ResolvConf {
  nameserver: string;
  search: string[];
  ndots: number;
}

export function readResolvConf(fs: FileSystem): ResolvConf {
  let text = '';
  try {
    text = fs.read('/etc/resolv.conf');
  } catch {
    // no resolv.conf: the resolver's defaults
  }
  const ns = /^nameserver\s+(\S+)/m.exec(text)?.[1] ?? '127.0.0.1';
  const search = (/^(?:search|domain)\s+(.+)$/m.exec(text)?.[1] ?? '').split(/\s+/).filter(Boolean);
  const ndots = Number(/ndots:(\d+)/.exec(text)?.[1] ?? 1);
  return { nameserver: ns, search, ndots };
}

/** Names the cluster DNS serves itself (answers carry the authoritative flag). */
export const inClusterZone = (name: string) => /(^|\.)cluster\.local$/.test(name) || name.endsWith('.in-addr.arpa');

export const ptrName = (ip: string) => ip.split('.').reverse().join('.') + '.in-addr.arpa';

/** One absolute name, as a DNS server answers it: `found` with its addresses, or NXDOMAIN, or no answer at all. */
export type Answer = { kind: 'found'; name: string; cname?: string; addresses: string[] } | { kind: 'nxdomain' } | { kind: 'timeout' };

export function queryAbsolute(net: ClusterNetwork | undefined, from: NetOrigin, fqdn: string): Answer {
  if (!net) return { kind: 'timeout' };
  // the trailing dot asks for this name only, no search path
  const r: DnsResult = net.lookup(from, `${fqdn}.`);
  if (!r.ok) return r.reason === 'timeout' ? { kind: 'timeout' } : { kind: 'nxdomain' };
  const name = r.name.replace(/\.$/, '');
  if (name !== fqdn && r.cname === undefined) return { kind: 'nxdomain' };
  return { kind: 'found', name: fqdn, cname: r.cname, addresses: r.addresses };
}

export function reverseAnswer(net: ClusterNetwork | undefined, from: NetOrigin, ip: string): Answer {
  if (!net) return { kind: 'timeout' };
  const name = net.reverse(from, ip);
  return name ? { kind: 'found', name: name.replace(/\.$/, ''), addresses: [] } : { kind: 'nxdomain' };
}

export interface DnsQuery {
  qtype: 'A' | 'AAAA' | 'PTR';
  name: string;
}

/** The queries BusyBox nslookup sends: a PTR for an address, else A and AAAA for each search-domain name. */
export function busyboxQueries(name: string, type: string | undefined, search: string[], server: string | undefined): DnsQuery[] {
  const queries: DnsQuery[] = [];
  if (isIPv4(name) && !type) queries.push({ qtype: 'PTR', name: ptrName(name) });
  else {
    const names = name.includes('.') || !search.length || server ? [name.replace(/\.$/, '')] : search.map((d) => `${name}.${d}`);
    const types: ('A' | 'AAAA')[] = type === 'a' ? ['A'] : type === 'aaaa' ? ['AAAA'] : ['A', 'AAAA'];
    for (const t of types) for (const n of names) queries.push({ qtype: t, name: n });
  }
  return queries;
}

/** BusyBox nslookup's report of every reply (and exit status), once some server answered. */
export function busyboxReport(server: string, answers: { q: DnsQuery; a: Answer }[]): { text: string; status: number } {
  let out = `Server:\t\t${server}\nAddress:\t${server}:53\n\n`;
  let status = 0;
  for (const { q, a } of answers) {
    if (a.kind === 'timeout') continue;
    if (a.kind === 'nxdomain') {
      out += `** server can't find ${q.name}: NXDOMAIN\n\n`;
      status = 1;
      continue;
    }
    if (!inClusterZone(q.name)) out += 'Non-authoritative answer:\n';
    if (q.qtype === 'PTR') out += `${q.name}\tname = ${a.name}\n`;
    else if (q.qtype === 'A') {
      if (a.cname) out += `${q.name}\tcanonical name = ${a.cname}\n`;
      for (const ip of a.addresses) out += `Name:\t${a.cname ?? q.name}\nAddress: ${ip}\n`;
    } else if (a.cname) out += `${q.name}\tcanonical name = ${a.cname}\n`;
    out += '\n';
  }
  const unanswered = answers.filter((x) => x.a.kind === 'timeout');
  for (const { q } of unanswered) out += `*** Can't find ${q.name}: No answer\n`;
  if (unanswered.length) out += '\n';
  return { text: out, status };
}

const bindHead = (server: string) => `Server:\t\t${server}\nAddress:\t${server}#53\n\n`;

/** bind9 nslookup's reply for the address `ip`, whose PTR record names `ptr` (undefined: NXDOMAIN). */
export function bindReverseReport(server: string, ip: string, ptr: string | undefined): { text: string; status: number } {
  if (!ptr) return { text: `${bindHead(server)}** server can't find ${ptrName(ip)}: NXDOMAIN\n\n`, status: 1 };
  return { text: `${bindHead(server)}${ptrName(ip)}\tname = ${ptr.replace(/\.$/, '')}.\n\n`, status: 0 };
}

/** bind9 nslookup's reply for `name` from a server that answered `r` (not a timeout). */
export function bindReport(server: string, name: string, r: DnsResult): { text: string; status: number } {
  let out = bindHead(server);
  if (!r.ok) return { text: `${out}** server can't find ${name}: NXDOMAIN\n\n`, status: 1 };
  const fq = r.name.replace(/\.$/, '');
  if (!inClusterZone(fq)) out += 'Non-authoritative answer:\n';
  if (r.cname) out += `${fq}\tcanonical name = ${r.cname.replace(/\.$/, '')}.\n`;
  for (const ip of r.addresses) out += `Name:\t${r.cname?.replace(/\.$/, '') ?? fq}\nAddress: ${ip}\n`;
  return { text: `${out}\n`, status: 0 };
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

/** The status line and headers of a response, as they travel (`HTTP/1.1 200 OK\r\nServer: …\r\n\r\n`). */
export function headLines(res: HttpResponse): string {
  return `${statusLine(res)}\r\n${Object.entries(res.headers).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`;
}
