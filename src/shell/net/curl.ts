// curl over the cluster's network: CentOS 7's curl 7.29.0 on the machines, and the curl an image
// ships inside pods (Debian 12's 7.88.1, curlimages/curl 8.x, ...). Each version words its errors,
// verbose lines and progress meter its own way; the wording here follows each version's source.
import {
  atLeast, byteLength, CA_ERROR_729, CA_ERROR_MODERN, connectWaitMs, CURL_TRY, curlConnectMessage, curlRelease, curlResolveMessage, ERRNO_TEXT, header,
  hostHeader, isIPv4, isPrivate, METER_HEADER, parseUrl, progressLine, type ConnectError, type Url,
} from '../../cluster/kubelet/net-wording.ts';
import type { ClusterNetwork, HttpResponse, NetOrigin, NetResult } from '../../cluster/types.ts';
import type { Program, ProgramContext } from '../../kubectl/context.ts';
import { joinPath } from '../paths.ts';
import { headLines, netOf, resolveLocation, statusLine } from './http.ts';
import { CURL_729_HELP, CURL_788_HELP, CURL_8_HELP } from './curl-help.ts';

export interface CurlBuild {
  /** `7.29.0`, `7.88.1`, `8.11.1` */
  version: string;
  /** what `curl -V` prints */
  versionText: string;
  /** where this curl's connections start */
  origin(ctx: ProgramContext): NetOrigin;
  /** the CA bundle the build trusts (verbose TLS lines) */
  caFile: string;
  caPath?: string;
}

interface OptSpec {
  long: string;
  short?: string;
  arg?: boolean;
  /** first curl version that knows it */
  since?: [number, number];
  /** boolean that `--no-<name>` turns off */
  bool?: boolean;
}

// the options a learner plausibly types; others are "unknown" (which the real curl would accept)
const OPTIONS: OptSpec[] = [
  { long: 'silent', short: 's', bool: true },
  { long: 'show-error', short: 'S', bool: true },
  { long: 'verbose', short: 'v', bool: true },
  { long: 'include', short: 'i', bool: true },
  { long: 'head', short: 'I', bool: true },
  { long: 'header', short: 'H', arg: true },
  { long: 'output', short: 'o', arg: true },
  { long: 'remote-name', short: 'O', bool: true },
  { long: 'write-out', short: 'w', arg: true },
  { long: 'location', short: 'L', bool: true },
  { long: 'insecure', short: 'k', bool: true },
  { long: 'request', short: 'X', arg: true },
  { long: 'data', short: 'd', arg: true },
  { long: 'data-ascii', arg: true },
  { long: 'data-binary', arg: true },
  { long: 'data-raw', arg: true, since: [7, 43] },
  { long: 'data-urlencode', arg: true },
  { long: 'json', arg: true, since: [7, 82] },
  { long: 'max-time', short: 'm', arg: true },
  { long: 'connect-timeout', arg: true },
  { long: 'fail', short: 'f', bool: true },
  { long: 'fail-with-body', bool: true, since: [7, 76] },
  { long: 'resolve', arg: true },
  { long: 'ipv4', short: '4' },
  { long: 'ipv6', short: '6' },
  { long: 'user-agent', short: 'A', arg: true },
  { long: 'user', short: 'u', arg: true },
  { long: 'referer', short: 'e', arg: true },
  { long: 'cookie', short: 'b', arg: true },
  { long: 'cookie-jar', short: 'c', arg: true },
  { long: 'cacert', arg: true },
  { long: 'capath', arg: true },
  { long: 'cert', short: 'E', arg: true },
  { long: 'key', arg: true },
  { long: 'compressed', bool: true },
  { long: 'http1.0', short: '0' },
  { long: 'http1.1' },
  { long: 'http2', since: [7, 33] },
  { long: 'no-buffer', short: 'N' },
  { long: 'retry', arg: true },
  { long: 'retry-delay', arg: true },
  { long: 'retry-max-time', arg: true },
  { long: 'globoff', short: 'g', bool: true },
  { long: 'progress-bar', short: '#', bool: true },
  { long: 'no-progress-meter', since: [7, 67] },
  { long: 'version', short: 'V' },
  { long: 'help', short: 'h' },
  { long: 'manual', short: 'M' },
  { long: 'url', arg: true },
  { long: 'get', short: 'G', bool: true },
  { long: 'max-redirs', arg: true },
  { long: 'proxy', short: 'x', arg: true },
  { long: 'noproxy', arg: true },
  { long: 'keepalive', bool: true },
  { long: 'tcp-nodelay', bool: true },
  { long: 'create-dirs', bool: true },
  { long: 'disable', short: 'q' },
];

interface Options {
  silent: boolean;
  showError: boolean;
  verbose: boolean;
  include: boolean;
  head: boolean;
  headers: string[];
  outputs: string[];
  remoteName: number;
  writeOut?: string;
  location: boolean;
  insecure: boolean;
  method?: string;
  data: string[];
  json?: string;
  maxTime?: number;
  connectTimeout?: number;
  fail: boolean;
  failWithBody: boolean;
  resolve: { host: string; port: number; addr: string }[];
  userAgent?: string;
  user?: string;
  referer?: string;
  cacert?: string;
  progressBar: boolean;
  noMeter: boolean;
  get: boolean;
  maxRedirs: number;
  urls: string[];
}

type ParseResult = { kind: 'ok'; opts: Options } | { kind: 'help'; topic?: string } | { kind: 'version' } | { kind: 'manual' } | { kind: 'error'; message: string };

function parseArgs(args: string[], version: string): ParseResult {
  const o: Options = { silent: false, showError: false, verbose: false, include: false, head: false, headers: [], outputs: [], remoteName: 0, location: false, insecure: false, data: [], fail: false, failWithBody: false, resolve: [], progressBar: false, noMeter: false, get: false, maxRedirs: 50, urls: [] };
  const known = OPTIONS.filter((s) => !s.since || atLeast(version, s.since[0], s.since[1]));
  let showErrorSet = false;
  const apply = (spec: OptSpec, value: string | undefined, on: boolean, orig: string): ParseResult | undefined => {
    switch (spec.long) {
      case 'silent':
        o.silent = on;
        if (!showErrorSet) o.showError = !on;
        break;
      case 'show-error':
        o.showError = on;
        showErrorSet = true;
        break;
      case 'verbose':
        o.verbose = on;
        break;
      case 'include':
        o.include = on;
        break;
      case 'head':
        o.head = on;
        break;
      case 'header':
        o.headers.push(value!);
        break;
      case 'output':
        o.outputs.push(value!);
        break;
      case 'remote-name':
        o.outputs.push('\0remote');
        break;
      case 'write-out':
        o.writeOut = value;
        break;
      case 'location':
        o.location = on;
        break;
      case 'insecure':
        o.insecure = on;
        break;
      case 'request':
        o.method = value;
        break;
      case 'data':
      case 'data-ascii':
      case 'data-binary':
      case 'data-raw':
        o.data.push(value!);
        break;
      case 'data-urlencode': {
        const eq = value!.indexOf('=');
        o.data.push(eq < 0 ? encodeURIComponent(value!) : value!.slice(0, eq + 1) + encodeURIComponent(value!.slice(eq + 1)));
        break;
      }
      case 'json':
        o.json = (o.json ?? '') + value;
        break;
      case 'max-time':
      case 'connect-timeout': {
        const n = Number(value);
        if (!/^\d+(\.\d+)?$/.test(value!) || !Number.isFinite(n)) return { kind: 'error', message: `option ${orig}: expected a proper numerical parameter` };
        if (spec.long === 'max-time') o.maxTime = n;
        else o.connectTimeout = n;
        break;
      }
      case 'fail':
        o.fail = on;
        break;
      case 'fail-with-body':
        o.failWithBody = on;
        break;
      case 'resolve': {
        const m = /^([^:]+):(\d+):(.+)$/.exec(value!);
        if (m) o.resolve.push({ host: m[1]!, port: Number(m[2]), addr: m[3]! });
        break;
      }
      case 'user-agent':
        o.userAgent = value;
        break;
      case 'user':
        o.user = value;
        break;
      case 'referer':
        o.referer = value;
        break;
      case 'cacert':
        o.cacert = value;
        break;
      case 'progress-bar':
        o.progressBar = on;
        break;
      case 'no-progress-meter':
        o.noMeter = true;
        break;
      case 'get':
        o.get = on;
        break;
      case 'max-redirs':
        o.maxRedirs = Number(value);
        break;
      case 'url':
        o.urls.push(value!);
        break;
      case 'version':
        return { kind: 'version' };
      case 'help':
        return { kind: 'help' };
      case 'manual':
        return { kind: 'manual' };
    }
    return undefined;
  };
  let stillFlags = true;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (stillFlags && a === '--') {
      stillFlags = false;
      continue;
    }
    if (stillFlags && a.startsWith('--')) {
      let name = a.slice(2);
      let on = true;
      let spec = known.find((s) => s.long === name);
      if (!spec && name.startsWith('no-')) {
        const base = known.find((s) => s.long === name.slice(3) && s.bool);
        if (base) {
          spec = base;
          on = false;
          name = name.slice(3);
        }
      }
      if (!spec) {
        const prefixed = known.filter((s) => s.long.startsWith(name));
        if (prefixed.length > 1) return { kind: 'error', message: `option ${a}: is ambiguous` };
        spec = prefixed[0];
      }
      if (!spec) return { kind: 'error', message: `option ${a}: is unknown` };
      let value: string | undefined;
      if (spec.arg) {
        value = args[++i];
        if (value === undefined) return { kind: 'error', message: `option ${a}: requires parameter` };
      }
      const r = apply(spec, value, on, a);
      if (r) return r;
      continue;
    }
    if (stillFlags && a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const spec = known.find((s) => s.short === a[j]);
        if (!spec) return { kind: 'error', message: `option ${a}: is unknown` };
        let value: string | undefined;
        if (spec.arg) {
          value = j + 1 < a.length ? a.slice(j + 1) : args[++i];
          if (value === undefined) return { kind: 'error', message: `option ${a}: requires parameter` };
          j = a.length;
        }
        const r = apply(spec, value, true, a);
        if (r) return r;
      }
      continue;
    }
    o.urls.push(a);
  }
  return { kind: 'ok', opts: o };
}

class Failure {
  readonly code: number;
  readonly message: string;
  constructor(code: number, message: string) {
    this.code = code;
    this.message = message;
  }
}

interface Transfer {
  url: Url;
  ip: string;
  port: number;
  res: HttpResponse;
  /** virtual ms the request took */
  ms: number;
  servedBy?: { namespace: string; pod: string };
}

/** `curl` as one build prints it. */
export function makeCurl(build: CurlBuild): Program {
  const v = build.version;
  const rel = curlRelease(v);
  const { is729, afterMs, v8 } = rel;
  const ua = `curl/${v}`;

  return async (ctx) => {
    if (!ctx.args.length) {
      ctx.err(CURL_TRY);
      return 2;
    }
    const parsed = parseArgs(ctx.args, v);
    if (parsed.kind === 'error') {
      ctx.err(`curl: ${parsed.message}\n${CURL_TRY}`);
      return 2;
    }
    if (parsed.kind === 'help') {
      ctx.out(is729 ? CURL_729_HELP : v8 ? CURL_8_HELP : CURL_788_HELP);
      return 0;
    }
    if (parsed.kind === 'version') {
      ctx.out(build.versionText);
      return 0;
    }
    if (parsed.kind === 'manual') {
      ctx.out(`curl: built-in manual was disabled at build-time!\n`);
      return 0;
    }
    const o = parsed.opts;
    if (!o.urls.length) {
      ctx.err(v8 ? `curl: (2) no URL specified\n${CURL_TRY}` : `curl: no URL specified!\n${CURL_TRY}`);
      return 2;
    }
    let status = 0;
    let outIndex = 0;
    for (const raw of o.urls) {
      const target = o.outputs[outIndex++];
      status = await fetchOne(ctx, o, raw, target);
      if (ctx.signal.aborted) return 130;
    }
    return status;
  };

  async function fetchOne(ctx: ProgramContext, o: Options, raw: string, target: string | undefined): Promise<number> {
    const stderr = (s: string) => ctx.err(s);
    const verbose = (s: string) => {
      if (o.verbose) stderr(`* ${s}\n`);
    };
    let elapsed = 0;
    const wait = async (ms: number) => {
      elapsed += ms;
      await ctx.sleep(ms);
    };
    // the progress meter: on unless silenced, or the body goes to a terminal
    const toTerminal = target === undefined && (ctx.screen ?? ctx.tty);
    const meter = !o.silent && !o.noMeter && !o.progressBar && !toTerminal;
    let meterOpen = false;
    const meterLine = (expected: number, got: number, ms: number) => progressLine(expected, got, ms);
    const startMeter = () => {
      if (!meter) return;
      stderr(METER_HEADER + '\r' + meterLine(0, 0, 0));
      meterOpen = true;
    };
    let lastMeter = meterLine(0, 0, 0);
    const failWith = (f: Failure, httpCode = 0): number => {
      verbose(f.message);
      // 7.88 and later finish the meter (a forced last update and a newline) before closing; 7.29 leaves it open
      if (meterOpen && !is729) stderr('\r' + lastMeter + '\n');
      meterOpen = false;
      verbose(v8 ? 'closing connection #0' : 'Closing connection 0');
      if (o.showError || !o.silent) {
        stderr(`curl: (${f.code}) ${f.message}\n`);
        if (f.code === 60) stderr(is729 ? CA_ERROR_729 : CA_ERROR_MODERN);
      }
      if (o.writeOut) ctx.out(writeOut(o.writeOut, { code: httpCode, url: raw, ms: elapsed, size: 0, headerSize: 0, ip: '', port: 0, contentType: '', redirects: 0, exitCode: f.code, error: f.message, method: o.method ?? 'GET' }, ctx));
      return f.code;
    };

    let url: Url;
    const p = parseUrl(raw);
    if ('error' in p) {
      if (p.error === 'scheme') return failWith(new Failure(1, is729 ? `Protocol ${p.scheme} not supported or disabled in libcurl` : v8 ? `Protocol "${p.scheme}" not supported` : `Protocol "${p.scheme}" not supported or disabled in libcurl`));
      return failWith(new Failure(3, is729 ? `<url> malformed` : 'URL using bad/illegal format or missing URL'));
    }
    url = p;
    if (url.scheme === 'ftp') return failWith(new Failure(7, is729 ? `Failed connect to ${url.host}:${url.port}; Connection refused` : curlConnectMessage(rel, url.host, url.port, 'refused', 1)));

    const net = netOf(ctx);
    const body = o.json ?? (o.data.length ? o.data.join('&') : undefined);
    let method = o.method ?? (o.head ? 'HEAD' : body !== undefined && !o.get ? 'POST' : 'GET');
    let redirects = 0;
    startMeter();
    for (const r of o.resolve) verbose(`Added ${r.host}:${r.port}:${r.addr} to DNS cache`);

    for (;;) {
      const reqHeaders = requestHeaders(url, o, method, body);
      const result = await connectAndSend(ctx, net, url, o, method, reqHeaders, body, wait, () => elapsed);
      if (result instanceof Failure) return failWith(result);
      const { res, ip } = result;
      if (o.verbose) {
        const head = `${method} ${url.path} HTTP/1.1\r\n` + reqHeaders.map(([k, val]) => `${k}: ${val}\r\n`).join('') + '\r\n';
        stderr(head.split('\r\n').slice(0, -1).map((l) => `> ${l}\r\n`).join(''));
        // 7.29 notes the upload; later versions say nothing
        if (is729 && body !== undefined && method !== 'GET') verbose(`upload completely sent off: ${byteLength(body)} out of ${byteLength(body)} bytes`);
        if (v8) verbose('Request completely sent off');
        stderr(`< ${statusLine(res)}\r\n` + Object.entries(res.headers).map(([k, val]) => `< ${k}: ${val}\r\n`).join('') + '< \r\n');
      }
      const location = header(res, 'location');
      if (o.location && location && res.status >= 300 && res.status < 400) {
        if (redirects >= o.maxRedirs) return failWith(new Failure(47, `Maximum (${o.maxRedirs}) redirects followed`));
        const next = resolveLocation(url, location);
        verbose(`Connection #0 to host ${url.host} left intact`);
        verbose(`Issue another request to this URL: '${next}'`);
        const np = parseUrl(next);
        if ('error' in np) return failWith(new Failure(1, `Protocol ${next} not supported or disabled in libcurl`));
        url = np;
        redirects++;
        // 301/302/303 turn a POST into a GET, as browsers do
        if (method === 'POST' && res.status <= 303 && !o.method) method = 'GET';
        continue;
      }
      // --fail: no body, and the status as this version words it
      if ((o.fail || o.failWithBody) && res.status >= 400) {
        if (o.failWithBody) writeBody(ctx, o, url, res, method, target);
        const text = is729 ? statusLine(res).replace(/^HTTP\/1\.1 /, '') : String(res.status);
        lastMeter = meterLine(Number(header(res, 'content-length') ?? 0), 0, elapsed);
        if (meterOpen && is729) stderr('\r' + lastMeter);
        return failWith(new Failure(22, `The requested URL returned error: ${text}`), res.status);
      }
      const bytes = method === 'HEAD' ? 0 : byteLength(res.body);
      const w = writeBody(ctx, o, url, res, method, target);
      if (typeof w === 'number') return w;
      if (o.verbose && !toTerminal && method !== 'HEAD' && bytes > 0) stderr(is729 ? '{ [data not shown]\n' : `{ [${bytes} bytes data]\n`);
      if (o.progressBar && !o.silent && !toTerminal) {
        // -#: a bar of '#' as wide as COLUMNS (79 when unset) less the percentage
        const width = Number(ctx.env.COLUMNS) > 0 ? Number(ctx.env.COLUMNS) : 79;
        stderr(`\r${'#'.repeat(width - 7)} 100.0%\n`);
      }
      if (meterOpen) {
        const expected = Number(header(res, 'content-length') ?? bytes);
        stderr('\r' + meterLine(expected, bytes, elapsed) + '\n');
        meterOpen = false;
      }
      verbose(`Connection #0 to host ${url.host} left intact`);
      if (o.writeOut) {
        const headerSize = byteLength(headLines(res));
        ctx.out(writeOut(o.writeOut, { code: res.status, url: `${url.scheme}://${hostHeader(url)}${url.path}`, ms: elapsed, size: bytes, headerSize, ip, port: url.port, contentType: header(res, 'content-type') ?? '', redirects, exitCode: 0, error: '', method, redirectUrl: !o.location && location ? resolveLocation(url, location) : '' }, ctx));
      }
      return 0;
    }
  }

  /** The request headers in this version's order: 7.29 sends User-Agent first, later versions Host first. */
  function requestHeaders(url: Url, o: Options, method: string, body: string | undefined): [string, string][] {
    const base: [string, string][] = is729
      ? [['User-Agent', o.userAgent ?? ua], ['Host', hostHeader(url)], ['Accept', '*/*']]
      : [['Host', hostHeader(url)], ['User-Agent', o.userAgent ?? ua], ['Accept', '*/*']];
    if (o.user !== undefined || url.userinfo !== undefined) base.splice(is729 ? 0 : 1, 0, ['Authorization', `Basic ${base64(o.user ?? decodeURIComponent(url.userinfo!))}`]);
    if (o.referer !== undefined) base.push(['Referer', o.referer]);
    const custom: [string, string][] = [];
    for (const h of o.headers) {
      const m = /^([^:;]+)[:;]\s*(.*)$/.exec(h);
      if (!m) continue;
      const name = m[1]!.trim();
      const value = m[2]!;
      const at = base.findIndex(([k]) => k.toLowerCase() === name.toLowerCase());
      // `-H 'Host: x'` replaces the header in place; `-H 'Accept:'` removes it
      if (at >= 0) {
        if (value === '' && h.trim().endsWith(':')) base.splice(at, 1);
        else base[at] = [name, value];
      } else if (value !== '' || !h.trim().endsWith(':')) custom.push([name, value]);
    }
    const out = [...base, ...custom];
    if (body !== undefined && method !== 'GET' && method !== 'HEAD') {
      if (!out.some(([k]) => k.toLowerCase() === 'content-length')) out.push(['Content-Length', String(byteLength(body))]);
      if (!out.some(([k]) => k.toLowerCase() === 'content-type')) out.push(['Content-Type', sendsJson(o) ? 'application/json' : 'application/x-www-form-urlencoded']);
      if (sendsJson(o) && !custom.some(([k]) => k.toLowerCase() === 'accept')) {
        const acc = out.findIndex(([k]) => k === 'Accept');
        if (acc >= 0) out[acc] = ['Accept', 'application/json'];
      }
    }
    return out;
  }

  function sendsJson(o: Options): boolean {
    return o.json !== undefined;
  }


  /** Resolve, connect and send; a Failure carries curl's exit code and message. */
  async function connectAndSend(ctx: ProgramContext, net: ClusterNetwork | undefined, url: Url, o: Options, method: string, headers: [string, string][], body: string | undefined, wait: (ms: number) => Promise<void>, spent: () => number): Promise<Transfer | Failure> {
    const verbose = (s: string) => {
      if (o.verbose) ctx.err(`* ${s}\n`);
    };
    const origin = build.origin(ctx);
    const pinned = o.resolve.find((r) => r.host === url.host && r.port === url.port);
    let connectHost = pinned?.addr ?? url.host;
    // an unresolvable name is known before any connection is tried
    let resolvedIp: string | undefined = isIPv4(connectHost) ? connectHost : undefined;
    if (!resolvedIp && net) {
      const dns = net.lookup(origin, connectHost);
      if (!dns.ok) {
        // the resolver waits out its timeouts (5 s, 2 tries) when no DNS server answers
        await wait(dns.reason === 'timeout' ? 10_000 : 1);
        if (o.maxTime !== undefined && dns.reason === 'timeout' && o.maxTime * 1000 < 10_000) return new Failure(28, `Resolving timed out after ${Math.round(o.maxTime * 1000) + 1} milliseconds`);
        return new Failure(6, curlResolveMessage(rel, url.host));
      }
      resolvedIp = dns.addresses[0];
      // a name costs a round trip to the DNS server
      await wait(1);
      connectHost = resolvedIp ?? connectHost;
    } else if (!resolvedIp && !net) {
      await wait(1);
      if (url.host === 'localhost') resolvedIp = '127.0.0.1';
      else return new Failure(6, curlResolveMessage(rel, url.host));
    }
    const ip = resolvedIp ?? connectHost;
    if (v8 && o.verbose && !isIPv4(url.host)) {
      verbose(`Host ${url.host}:${url.port} was resolved.`);
      verbose('IPv6: (none)');
      verbose(`IPv4: ${ip}`);
    }
    if (is729) verbose(`About to connect() to ${url.host} port ${url.port} (#0)`);
    // CentOS resolves localhost to ::1 first; only kubectl port-forward listens there
    let viaIPv6 = false;
    if (is729 && url.host === 'localhost' && !pinned && origin.kind === 'host') {
      verbose('  Trying ::1...');
      viaIPv6 = !!net?.forwards(origin.host).some((f) => f.localPort === url.port);
      if (!viaIPv6) verbose('Connection refused');
    }
    if (!viaIPv6) verbose(is729 ? `  Trying ${ip}...` : `  Trying ${ip}:${url.port}...`);
    const reqHeaders: Record<string, string> = {};
    for (const [k, val] of headers) reqHeaders[k] = val;
    let r: NetResult;
    if (net) r = net.request(origin, ip, url.port, { scheme: url.scheme === 'https' ? 'https' : 'http', method, path: url.path, headers: reqHeaders, ...(body !== undefined && method !== 'GET' && method !== 'HEAD' ? { body } : {}) });
    else r = { ok: false, error: 'refused', ip };
    const limit = timeLimitMs(o);
    if (!r.ok) {
      if (r.error === 'resolve') {
        await wait(1);
        return new Failure(6, curlResolveMessage(rel, url.host));
      }
      if (r.error === 'reset') {
        await wait(1);
        connected(ctx, o, url, ip);
        return new Failure(52, 'Empty reply from server');
      }
      const e: ConnectError = r.error;
      const natural = connectWaitMs(e);
      if (limit !== undefined && limit < spent() + natural) {
        await wait(Math.max(0, limit + 1 - spent()));
        if (v8) return new Failure(28, `Failed to connect to ${url.host} port ${url.port} after ${limit + 1} ms: Timeout was reached`);
        return new Failure(28, `Connection timed out after ${limit + 1} milliseconds`);
      }
      await wait(natural + (e === 'refused' ? 0 : 3));
      // modern curls count from the start of the transfer, name lookup included
      const ms = spent();
      if (is729) verbose(ERRNO_TEXT[e]);
      else verbose(v8 ? `connect to ${ip} port ${url.port} from ${clientAddress(ctx)} port ${40000 + (ms % 20000)} failed: ${ERRNO_TEXT[e]}` : `connect to ${ip} port ${url.port} failed: ${ERRNO_TEXT[e]}`);
      // the kernel's own timeout is exit 28 for curl versions that map ETIMEDOUT
      const code = e === 'timeout' && afterMs ? 28 : 7;
      return new Failure(code, curlConnectMessage(rel, url.host, url.port, e, ms));
    }
    await wait(1);
    connected(ctx, o, url, viaIPv6 ? '::1' : r.ip);
    if (url.scheme === 'https') {
      const tls = tlsCheck(ctx, o, url, r);
      if (tls) return tls;
    }
    await wait(1);
    return { url, ip: viaIPv6 ? '::1' : r.ip, port: url.port, res: r.response, ms: 2, servedBy: r.servedBy };
  }

  function connected(ctx: ProgramContext, o: Options, url: Url, ip: string): void {
    if (!o.verbose) return;
    ctx.err(v8 ? `* Connected to ${url.host} (${ip}) port ${url.port}\n` : `* Connected to ${url.host} (${ip}) port ${url.port} (#0)\n`);
    if (v8 && url.scheme === 'http') ctx.err('* using HTTP/1.x\n');
  }

  function clientAddress(ctx: ProgramContext): string {
    const origin = build.origin(ctx);
    if (origin.kind === 'pod') {
      const pod = ctx.cluster.api.tryGet?.('pods', origin.namespace, origin.pod);
      return (pod?.status?.podIP as string | undefined) ?? '0.0.0.0';
    }
    return ctx.cluster.hosts.get(origin.host)?.ip ?? '0.0.0.0';
  }

  /**
   * Certificate verification: the cluster's own servers (API server, kubelets, the ingress controller's
   * fake certificate, Harbor) are signed by no CA in the system bundle; -k or a --cacert that exists passes.
   */
  function tlsCheck(ctx: ProgramContext, o: Options, url: Url, r: Extract<NetResult, { ok: true }>): Failure | undefined {
    const verbose = (s: string) => {
      if (o.verbose) ctx.err(`* ${s}\n`);
    };
    const declared = (r as { tls?: { trusted?: boolean; selfSigned?: boolean } }).tls;
    let trusted = declared?.trusted ?? !isPrivate(r.ip);
    if (!trusted && o.cacert !== undefined) {
      try {
        ctx.fs.read(joinPath(ctx.cwd, o.cacert));
        trusted = true;
      } catch {
        return new Failure(77, is729 ? `Problem with the SSL CA cert (path? access rights?)` : `error setting certificate file: ${o.cacert}`);
      }
    }
    if (is729) {
      verbose('Initializing NSS with certpath: sql:/etc/pki/nssdb');
      if (!o.insecure) ctx.err(o.verbose ? `*   CAfile: ${o.cacert ?? build.caFile}\n  CApath: none\n` : '');
      else verbose('skipping SSL peer certificate verification');
    } else {
      verbose('ALPN: offers h2,http/1.1');
      if (!o.insecure) {
        verbose(` CAfile: ${o.cacert ?? build.caFile}`);
        verbose(` CApath: ${build.caPath ?? 'none'}`);
      }
    }
    if (trusted || o.insecure) {
      verbose(is729 ? 'SSL connection using TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256' : 'SSL connection using TLSv1.3 / TLS_AES_128_GCM_SHA256');
      return undefined;
    }
    if (is729) {
      verbose('NSS error -8179 (SEC_ERROR_UNKNOWN_ISSUER)');
      return new Failure(60, "Peer's certificate issuer has not been recognized.");
    }
    const selfSigned = declared?.selfSigned ?? !(url.port === 6443 || url.port === 443 || r.ip === '10.96.0.1');
    return new Failure(60, `SSL certificate problem: ${selfSigned ? 'self-signed certificate' : 'unable to get local issuer certificate'}`);
  }

  /** Body (and with -i the headers) to stdout or the -o/-O file; a number is curl's exit code on failure. */
  function writeBody(ctx: ProgramContext, o: Options, url: Url, res: HttpResponse, method: string, target: string | undefined): number | undefined {
    let text = '';
    if (o.include || method === 'HEAD') text += headLines(res);
    if (method !== 'HEAD') text += res.body;
    if (target === undefined) {
      ctx.out(text);
      return undefined;
    }
    let file = target;
    if (target === '\0remote') {
      file = url.path.split('?')[0]!.replace(/^.*\//, '');
      if (!file) {
        ctx.err(`curl: Remote file name has no length!\n${CURL_TRY}`);
        return 23;
      }
    }
    if (file === '-') {
      ctx.out(text);
      return undefined;
    }
    const path = joinPath(ctx.cwd, file);
    if (path === '/dev/null') return undefined;
    try {
      ctx.fs.write(path, text);
    } catch {
      ctx.err(is729 ? `Warning: Failed to create the file ${file}: No such file or directory\ncurl: (23) Failed writing body (0 != ${byteLength(text)})\n` : `Warning: Failed to open the file ${file}: No such file or directory\ncurl: (23) Failure writing output to destination\n`);
      return 23;
    }
    return undefined;
  }

  function writeOut(fmt: string, w: WriteOutInfo, ctx: ProgramContext): string {
    const secs = (ms: number) => (ms / 1000).toFixed(is729 ? 3 : 6);
    let out = '';
    for (let i = 0; i < fmt.length; i++) {
      const c = fmt[i]!;
      if (c === '%' && fmt[i + 1] === '%') {
        out += '%';
        i++;
      } else if (c === '%' && fmt[i + 1] === '{') {
        const end = fmt.indexOf('}', i);
        if (end < 0) {
          out += c;
          continue;
        }
        const name = fmt.slice(i + 2, end);
        i = end;
        const vals: Record<string, string> = {
          http_code: String(w.code).padStart(3, '0'),
          response_code: String(w.code).padStart(3, '0'),
          http_connect: '000',
          time_total: secs(w.ms),
          time_namelookup: secs(Math.min(w.ms, 1)),
          time_connect: secs(Math.min(w.ms, 1)),
          time_appconnect: secs(0),
          time_pretransfer: secs(Math.min(w.ms, 1)),
          time_starttransfer: secs(w.ms),
          time_redirect: secs(0),
          size_download: String(w.size),
          size_upload: '0',
          size_header: String(w.headerSize),
          size_request: '0',
          speed_download: is729 ? (w.ms ? (w.size * 1000) / w.ms : 0).toFixed(3) : String(Math.floor(w.ms ? (w.size * 1000) / w.ms : 0)),
          speed_upload: is729 ? '0.000' : '0',
          content_type: w.contentType,
          num_connects: w.code ? '1' : '0',
          num_redirects: String(w.redirects),
          redirect_url: w.redirectUrl ?? '',
          ssl_verify_result: '0',
          filename_effective: '',
          remote_ip: w.ip,
          remote_port: w.ip ? String(w.port) : '0',
          local_ip: w.ip ? '10.0.2.15' : '',
          local_port: w.ip ? '41734' : '0',
          url_effective: w.url,
        };
        if (!is729) {
          vals.scheme = w.ip ? w.url.split(':')[0]!.toUpperCase() : '';
          vals.http_version = w.code ? '1.1' : '0';
          vals.exitcode = String(w.exitCode);
          vals.errormsg = w.error;
          vals.method = w.method;
          vals.num_headers = String(w.headerSize ? 1 : 0);
        }
        if (name in vals) out += vals[name];
        else ctx.err(`curl: unknown --write-out variable: '${name}'\n`);
      } else if (c === '\\' && i + 1 < fmt.length) {
        const n = fmt[++i]!;
        out += n === 'n' ? '\n' : n === 'r' ? '\r' : n === 't' ? '\t' : n === '\\' ? '\\' : '\\' + n;
      } else out += c;
    }
    return out;
  }
}

interface WriteOutInfo {
  code: number;
  url: string;
  ms: number;
  size: number;
  headerSize: number;
  ip: string;
  port: number;
  contentType: string;
  redirects: number;
  exitCode: number;
  error: string;
  method: string;
  redirectUrl?: string;
}

function timeLimitMs(o: Options): number | undefined {
  const limits = [o.maxTime, o.connectTimeout].filter((x): x is number => x !== undefined && x > 0).map((s) => Math.round(s * 1000));
  return limits.length ? Math.min(...limits) : undefined;
}

function base64(s: string): string {
  const bytes = new TextEncoder().encode(s);
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
}

// the meter line stays importable from here, where the shell's curl lives
export { progressLine };
