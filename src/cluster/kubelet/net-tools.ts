// wget, curl and nslookup for a container's main process (`sh -c 'while true; do wget -qO- http://backend;
// sleep 5; done'`, curlimages/curl's `curl -s http://mynginx`): the same cluster network and the same
// wording as the interactive shell's tools (BusyBox 1.37 wget and nslookup, curl 7.29 to 8.x), as
// generators of output and sleeps. Each yields a `sync` step before it touches the network, so the
// container store runs it at the virtual instant the process reaches, against the cluster as it is then.
import type { ClusterNetwork, FileSystem, HttpResponse, NetOrigin, NetRequest, NetResult } from '../types.ts';
import {
  bindReport, bindReverseReport, busyboxQueries, busyboxReport, byteLength, CA_ERROR_729, CA_ERROR_MODERN, connectWaitMs, CURL_TRY, curlConnectMessage,
  curlRelease, curlResolveMessage, ERRNO_TEXT, header, headLines, hostHeader, HTTP_PORTS, isIPv4, isPrivate, METER_HEADER, NO_SERVERS, NSLOOKUP_USAGE, parseUrl, progressLine,
  parseWgetArgs, queryAbsolute, readResolvConf, reverseAnswer, statusLine, wgetFileName, wgetProgress, wgetRedirect, wgetRequest, wgetUrl, type Url,
} from './net-wording.ts';
import type { Step } from './sh.ts';

/** What a process needs to reach the network: the cluster's, as the pod it runs in. */
export interface NetTools {
  net: ClusterNetwork;
  from: NetOrigin;
  /** the image's curl release (`7.88.1`, `8.11.1`) */
  curlVersion: string;
  /** BusyBox's nslookup (busybox, alpine) or bind9's (dnsutils images) */
  nslookup: 'busybox' | 'bind';
}

/** Where a tool runs: the container's file system and whether its network waits keep settle() busy. */
export interface ToolIo {
  fs: FileSystem;
  cwd: string;
  /** the process loops forever (`while true`): its waits are background work */
  background: boolean;
}

type Gen = Generator<Step, number>;

const out = (text: string): Step => ({ kind: 'write', stream: 'stdout', text });
const err = (text: string): Step => ({ kind: 'write', stream: 'stderr', text });
const sleep = (ms: number): Step => ({ kind: 'sleep', ms });
const sync = (io: ToolIo): Step => ({ kind: 'sync', background: io.background });

const abs = (cwd: string, p: string) => (p.startsWith('/') ? p : `${cwd.replace(/\/$/, '')}/${p}`);


/** the resolver's wait when no DNS server answers (5 s, 2 tries) */
const DNS_TIMEOUT_MS = 10_000;

// ---------- BusyBox wget ----------

/** BusyBox 1.37 `wget`. */
export function* busyboxWget(args: string[], t: NetTools, io: ToolIo): Gen {
  const parsed = parseWgetArgs(args);
  if ('error' in parsed) {
    yield err(parsed.error);
    return 1;
  }
  const { opts, urls } = parsed;
  const quiet = opts.has('q');
  const outName = opts.get('O')?.at(-1);
  const timeoutS = Number(opts.get('T')?.at(-1) ?? 900);
  const die = (msg: string) => err(`wget: ${msg}\n`);
  for (const raw of urls) {
    let url = raw;
    for (let redirects = 0; ; redirects++) {
      const { scheme: written, hostPort, host, port, path } = wgetUrl(url);
      // unlike BusyBox, a container's wget takes the scheme in any case
      const scheme = written.toLowerCase();
      if (scheme !== 'http' && scheme !== 'https' && scheme !== 'ftp') {
        yield die(`not an http or ftp url: ${url}`);
        return 1;
      }
      yield sync(io);
      // resolve first: busybox dies with "bad address" before saying anything
      let ip = isIPv4(host) ? host : undefined;
      if (!ip) {
        const dns = t.net.lookup(t.from, host);
        if (!dns.ok || !dns.addresses.length) {
          if (!dns.ok && dns.reason === 'timeout') yield sleep(Math.min(timeoutS * 1000, DNS_TIMEOUT_MS));
          yield die(`bad address '${host}'`);
          return 1;
        }
        ip = dns.addresses[0]!;
      }
      if (!quiet) yield err(`Connecting to ${hostPort} (${ip}:${port})\n`);
      if (!quiet && scheme === 'https') yield err('wget: note: TLS certificate validation not implemented\n');
      const req = wgetRequest(scheme, hostPort, path, opts);
      const r = t.net.request(t.from, ip, port, req);
      if (!r.ok) {
        if (r.error === 'resolve') {
          yield die(`bad address '${host}'`);
          return 1;
        }
        if (r.error === 'reset') {
          yield sleep(1);
          yield die('error getting response');
          return 1;
        }
        const natural = connectWaitMs(r.error);
        if (timeoutS * 1000 < natural) {
          yield sleep(timeoutS * 1000);
          yield die('download timed out');
          return 1;
        }
        yield sleep(natural);
        yield die(`can't connect to remote host (${ip}): ${ERRNO_TEXT[r.error]}`);
        return 1;
      }
      yield sleep(2);
      const res = r.response;
      const line = statusLine(res);
      if (opts.has('S')) yield err([line, ...Object.entries(res.headers).map(([k, v]) => `${k}: ${v}`)].map((l) => `  ${l}\n`).join(''));
      const location = header(res, 'location');
      if ([300, 301, 302, 303, 307, 308].includes(res.status) && location) {
        if (redirects >= 20) {
          yield die('too many redirections');
          return 1;
        }
        url = wgetRedirect(location, scheme, hostPort);
        continue;
      }
      if (!(res.status >= 200 && res.status < 300) || res.status === 206) {
        yield die(`server returned error: ${line}`);
        return 1;
      }
      if (opts.has('spider')) {
        if (!quiet) yield err('remote file exists\n');
        break;
      }
      const toStdout = outName === '-';
      const file = outName ?? wgetFileName(path, opts.get('P')?.at(-1));
      const full = toStdout ? '' : abs(io.cwd, file);
      if (!toStdout && full !== '/dev/null') {
        // without -O, busybox refuses to overwrite (O_EXCL)
        if (outName === undefined && io.fs.exists(full) && !opts.has('c')) {
          yield die(`can't open '${file}': File exists`);
          return 1;
        }
        try {
          io.fs.write(full, '');
        } catch {
          yield die(`can't open '${file}': No such file or directory`);
          return 1;
        }
      }
      if (!quiet) yield err(toStdout ? 'writing to stdout\n' : `saving to '${file}'\n`);
      const size = byteLength(res.body);
      if (!quiet) yield err(wgetProgress(toStdout ? '-' : file.replace(/^.*\//, ''), size, header(res, 'content-length') !== undefined ? size : 0, false, 80));
      if (toStdout) yield out(res.body);
      else if (full !== '/dev/null') io.fs.write(full, res.body);
      if (!quiet) yield err(toStdout ? 'written to stdout\n' : `'${file}' saved\n`);
      break;
    }
  }
  return 0;
}

// ---------- curl ----------

interface CurlOpts {
  silent: boolean;
  showError: boolean;
  include: boolean;
  head: boolean;
  fail: boolean;
  location: boolean;
  insecure: boolean;
  headers: string[];
  output?: string;
  remoteName: boolean;
  writeOut?: string;
  method?: string;
  data: string[];
  maxTime?: number;
  connectTimeout?: number;
  userAgent?: string;
  urls: string[];
}

// short letter → long name; the ones that take a value
const CURL_SHORT: Record<string, string> = { s: 'silent', S: 'show-error', v: 'verbose', i: 'include', I: 'head', H: 'header', o: 'output', O: 'remote-name', w: 'write-out', L: 'location', k: 'insecure', X: 'request', d: 'data', m: 'max-time', f: 'fail', A: 'user-agent', '4': 'ipv4', '6': 'ipv6', N: 'no-buffer', q: 'disable' };
const CURL_WITH_ARG = new Set(['header', 'output', 'write-out', 'request', 'data', 'data-raw', 'data-binary', 'data-ascii', 'max-time', 'connect-timeout', 'user-agent', 'retry', 'resolve', 'cacert']);
const CURL_FLAGS = new Set(['silent', 'show-error', 'verbose', 'include', 'head', 'remote-name', 'location', 'insecure', 'fail', 'ipv4', 'ipv6', 'no-buffer', 'disable', 'http1.1', 'compressed', 'no-progress-meter']);

function parseCurl(args: string[]): CurlOpts | { error: string } {
  const o: CurlOpts = { silent: false, showError: false, include: false, head: false, fail: false, location: false, insecure: false, headers: [], remoteName: false, data: [], urls: [] };
  const set = (name: string, value: string | undefined, orig: string): string | undefined => {
    switch (name) {
      case 'silent': o.silent = true; break;
      case 'no-progress-meter': break;
      case 'show-error': o.showError = true; break;
      case 'include': o.include = true; break;
      case 'head': o.head = true; break;
      case 'fail': o.fail = true; break;
      case 'location': o.location = true; break;
      case 'insecure': o.insecure = true; break;
      case 'remote-name': o.remoteName = true; break;
      case 'header': o.headers.push(value!); break;
      case 'output': o.output = value; break;
      case 'write-out': o.writeOut = value; break;
      case 'request': o.method = value; break;
      case 'user-agent': o.userAgent = value; break;
      case 'data': case 'data-raw': case 'data-binary': case 'data-ascii': o.data.push(value!); break;
      case 'max-time': case 'connect-timeout': {
        const n = Number(value);
        if (!/^\d+(\.\d+)?$/.test(value!) || !Number.isFinite(n)) return `option ${orig}: expected a proper numerical parameter`;
        if (name === 'max-time') o.maxTime = n;
        else o.connectTimeout = n;
        break;
      }
      default: break;
    }
    return undefined;
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a.startsWith('--') && a.length > 2) {
      const name = a.slice(2);
      if (!CURL_WITH_ARG.has(name) && !CURL_FLAGS.has(name)) return { error: `option ${a}: is unknown` };
      let value: string | undefined;
      if (CURL_WITH_ARG.has(name)) {
        value = args[++i];
        if (value === undefined) return { error: `option ${a}: requires parameter` };
      }
      const e = set(name, value, a);
      if (e) return { error: e };
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const name = CURL_SHORT[a[j]!];
        if (!name) return { error: `option -${a.slice(j)}: is unknown` };
        let value: string | undefined;
        if (CURL_WITH_ARG.has(name)) {
          value = j + 1 < a.length ? a.slice(j + 1) : args[++i];
          if (value === undefined) return { error: `option -${a[j]}: requires parameter` };
          const e = set(name, value, `-${a[j]}`);
          if (e) return { error: e };
          break;
        }
        set(name, undefined, `-${a[j]}`);
      }
      continue;
    }
    o.urls.push(a);
  }
  return o;
}

/** `curl` of release `version` (7.29.0 on CentOS 7, 7.88.1 on Debian 12, 8.11.1 in curlimages/curl). */
export function* curl(args: string[], t: NetTools, io: ToolIo): Gen {
  const { v8 } = curlRelease(t.curlVersion);
  if (!args.length) {
    yield err(CURL_TRY);
    return 2;
  }
  const p = parseCurl(args);
  if ('error' in p) {
    yield err(`curl: ${p.error}\n${CURL_TRY}`);
    return 2;
  }
  if (!p.urls.length) {
    yield err(v8 ? `curl: (2) no URL specified\n${CURL_TRY}` : `curl: no URL specified!\n${CURL_TRY}`);
    return 2;
  }
  let status = 0;
  for (const raw of p.urls) status = yield* curlOne(raw, p, t, io);
  return status;
}

function* curlOne(raw: string, o: CurlOpts, t: NetTools, io: ToolIo): Gen {
  const v = t.curlVersion;
  const rel = curlRelease(v);
  const { is729, v8, afterMs } = rel;
  const limit = [o.maxTime, o.connectTimeout].filter((x): x is number => x !== undefined && x > 0).map((s) => Math.round(s * 1000));
  const limitMs = limit.length ? Math.min(...limit) : undefined;
  let elapsed = 0;
  const wait = (ms: number): Step => {
    elapsed += ms;
    return sleep(ms);
  };
  // the meter goes to stderr whenever the output is not a terminal, and a container's stdout never is
  const meter = !o.silent;
  let meterOpen = false;
  let lastMeter = progressLine(0, 0, 0);
  const fail = function* (code: number, message: string, httpCode = 0): Gen {
    // 7.88 and later finish the meter before closing; 7.29 leaves it open
    if (meterOpen && !is729) yield err(`\r${lastMeter}\n`);
    if (!o.silent || o.showError) {
      yield err(`curl: (${code}) ${message}\n`);
      if (code === 60) yield err(is729 ? CA_ERROR_729 : CA_ERROR_MODERN);
    }
    if (o.writeOut) yield out(writeOut(o.writeOut, { code: httpCode, ms: elapsed, size: 0, ip: '', port: 0, url: raw, contentType: '' }, is729));
    return code;
  };
  const resolveFail = () => curlResolveMessage(rel, url.host);

  const parsed = parseUrl(raw, HTTP_PORTS);
  if ('error' in parsed) {
    if (parsed.error === 'scheme') return yield* fail(1, is729 ? `Protocol ${parsed.scheme} not supported or disabled in libcurl` : v8 ? `Protocol "${parsed.scheme}" not supported` : `Protocol "${parsed.scheme}" not supported or disabled in libcurl`);
    return yield* fail(3, is729 ? '<url> malformed' : 'URL using bad/illegal format or missing URL');
  }
  let url: Url = parsed;
  const body = o.data.length ? o.data.join('&') : undefined;
  let method = o.method ?? (o.head ? 'HEAD' : body !== undefined ? 'POST' : 'GET');
  if (meter) {
    yield err(`${METER_HEADER}\r${progressLine(0, 0, 0)}`);
    meterOpen = true;
  }
  for (let redirects = 0; ; redirects++) {
    yield sync(io);
    let ip = isIPv4(url.host) ? url.host : undefined;
    if (!ip) {
      const dns = t.net.lookup(t.from, url.host);
      if (!dns.ok || !dns.addresses.length) {
        const timedOut = !dns.ok && dns.reason === 'timeout';
        yield wait(timedOut ? DNS_TIMEOUT_MS : 1);
        if (limitMs !== undefined && timedOut && limitMs < DNS_TIMEOUT_MS) return yield* fail(28, `Resolving timed out after ${limitMs + 1} milliseconds`);
        return yield* fail(6, resolveFail());
      }
      ip = dns.addresses[0]!;
      // a name costs a round trip to the DNS server
      yield wait(1);
    }
    const headers: [string, string][] = is729
      ? [['User-Agent', o.userAgent ?? `curl/${v}`], ['Host', hostHeader(url)], ['Accept', '*/*']]
      : [['Host', hostHeader(url)], ['User-Agent', o.userAgent ?? `curl/${v}`], ['Accept', '*/*']];
    for (const h of o.headers) {
      const m = /^([^:;]+)[:;]\s*(.*)$/.exec(h);
      if (!m) continue;
      const name = m[1]!.trim();
      const at = headers.findIndex(([k]) => k.toLowerCase() === name.toLowerCase());
      if (at >= 0) {
        if (m[2] === '' && h.trim().endsWith(':')) headers.splice(at, 1);
        else headers[at] = [name, m[2]!];
      } else if (m[2] !== '' || !h.trim().endsWith(':')) headers.push([name, m[2]!]);
    }
    if (body !== undefined && method !== 'GET' && method !== 'HEAD') {
      if (!headers.some(([k]) => k.toLowerCase() === 'content-length')) headers.push(['Content-Length', String(byteLength(body))]);
      if (!headers.some(([k]) => k.toLowerCase() === 'content-type')) headers.push(['Content-Type', 'application/x-www-form-urlencoded']);
    }
    const r: NetResult = t.net.request(t.from, ip, url.port, { scheme: url.scheme === 'https' ? 'https' : 'http', method, path: url.path, headers: Object.fromEntries(headers), ...(body !== undefined && method !== 'GET' && method !== 'HEAD' ? { body } : {}) });
    if (!r.ok) {
      if (r.error === 'resolve') {
        yield wait(1);
        return yield* fail(6, resolveFail());
      }
      if (r.error === 'reset') {
        yield wait(1);
        return yield* fail(52, 'Empty reply from server');
      }
      const e = r.error;
      const natural = connectWaitMs(e);
      if (limitMs !== undefined && limitMs < elapsed + natural) {
        yield wait(Math.max(0, limitMs + 1 - elapsed));
        if (v8) return yield* fail(28, `Failed to connect to ${url.host} port ${url.port} after ${limitMs + 1} ms: Timeout was reached`);
        return yield* fail(28, `Connection timed out after ${limitMs + 1} milliseconds`);
      }
      yield wait(natural + (e === 'refused' ? 0 : 3));
      return yield* fail(e === 'timeout' && afterMs ? 28 : 7, curlConnectMessage(rel, url.host, url.port, e, elapsed));
    }
    yield wait(1);
    if (url.scheme === 'https' && !o.insecure) {
      const tls = r.response.tls;
      const trusted = tls ? !tls.selfSigned && !isPrivate(r.ip) : !isPrivate(r.ip);
      if (!trusted) {
        if (is729) return yield* fail(60, "Peer's certificate issuer has not been recognized.");
        const selfSigned = tls?.selfSigned ?? !(url.port === 6443 || url.port === 443 || r.ip === '10.96.0.1');
        return yield* fail(60, `SSL certificate problem: ${selfSigned ? 'self-signed certificate' : 'unable to get local issuer certificate'}`);
      }
    }
    yield wait(1);
    const res = r.response;
    const location = header(res, 'location');
    if (o.location && location && res.status >= 300 && res.status < 400) {
      if (redirects >= 50) return yield* fail(47, 'Maximum (50) redirects followed');
      const next = /^[a-z][a-z0-9+.-]*:\/\//i.test(location) ? location : location.startsWith('/') ? `${url.scheme}://${hostHeader(url)}${location}` : `${url.scheme}://${hostHeader(url)}${url.path.split('?')[0]!.replace(/[^/]*$/, '')}${location}`;
      const np = parseUrl(next, HTTP_PORTS);
      if ('error' in np) return yield* fail(1, `Protocol ${next} not supported or disabled in libcurl`);
      url = np;
      if (method === 'POST' && res.status <= 303 && !o.method) method = 'GET';
      continue;
    }
    if (o.fail && res.status >= 400) {
      lastMeter = progressLine(Number(header(res, 'content-length') ?? 0), 0, elapsed);
      if (meterOpen && is729) yield err(`\r${lastMeter}`);
      return yield* fail(22, `The requested URL returned error: ${is729 ? statusLine(res).replace(/^HTTP\/1\.1 /, '') : res.status}`, res.status);
    }
    let text = '';
    if (o.include || method === 'HEAD') text += headLines(res);
    if (method !== 'HEAD') text += res.body;
    const bytes = method === 'HEAD' ? 0 : byteLength(res.body);
    let target = o.output;
    if (target === undefined && o.remoteName) {
      target = url.path.split('?')[0]!.replace(/^.*\//, '');
      if (!target) {
        yield err(`curl: Remote file name has no length!\n${CURL_TRY}`);
        return 23;
      }
    }
    if (target === undefined || target === '-') yield out(text);
    else {
      const path = abs(io.cwd, target);
      if (path !== '/dev/null') {
        try {
          io.fs.write(path, text);
        } catch {
          yield err(is729 ? `Warning: Failed to create the file ${target}: No such file or directory\ncurl: (23) Failed writing body (0 != ${byteLength(text)})\n` : `Warning: Failed to open the file ${target}: No such file or directory\ncurl: (23) Failure writing output to destination\n`);
          return 23;
        }
      }
    }
    if (meterOpen) yield err(`\r${progressLine(Number(header(res, 'content-length') ?? bytes), bytes, elapsed)}\n`);
    if (o.writeOut) yield out(writeOut(o.writeOut, { code: res.status, ms: elapsed, size: bytes, ip: r.ip, port: url.port, url: `${url.scheme}://${hostHeader(url)}${url.path}`, contentType: header(res, 'content-type') ?? '' }, is729));
    return 0;
  }
}

function writeOut(fmt: string, w: { code: number; ms: number; size: number; ip: string; port: number; url: string; contentType: string }, is729: boolean): string {
  const secs = (ms: number) => (ms / 1000).toFixed(is729 ? 3 : 6);
  const vals: Record<string, string> = {
    http_code: String(w.code).padStart(3, '0'),
    response_code: String(w.code).padStart(3, '0'),
    time_total: secs(w.ms),
    time_namelookup: secs(Math.min(w.ms, 1)),
    time_connect: secs(Math.min(w.ms, 1)),
    time_starttransfer: secs(w.ms),
    size_download: String(w.size),
    content_type: w.contentType,
    remote_ip: w.ip,
    remote_port: w.ip ? String(w.port) : '0',
    url_effective: w.url,
  };
  return fmt
    .replace(/%\{([a-z_]+)\}/g, (m, name: string) => vals[name] ?? m)
    .replace(/\\([nrt\\])/g, (_, c: string) => (c === 'n' ? '\n' : c === 'r' ? '\r' : c === 't' ? '\t' : '\\'));
}

// ---------- nslookup ----------

/** `nslookup`: BusyBox's (one query per search domain, A then AAAA, every reply printed) or bind9's. */
export function* nslookup(args: string[], t: NetTools, io: ToolIo): Gen {
  const operands = args.filter((a) => !a.startsWith('-'));
  const type = args.map((a) => /^-(?:type|query|q|t)=(.*)$/.exec(a)?.[1]?.toLowerCase()).find((x) => x !== undefined);
  if (t.nslookup === 'busybox' && (operands.length < 1 || operands.length > 2)) {
    yield err(NSLOOKUP_USAGE);
    return 1;
  }
  if (!operands.length) {
    // bind's interactive mode reads commands from an empty stdin
    yield out('> ');
    return 0;
  }
  const name = operands[0]!;
  const conf = readResolvConf(io.fs);
  const server = operands[1] ?? conf.nameserver;
  yield sync(io);
  if (t.nslookup === 'bind') return yield* bindNslookup(name, server, t);
  const queries = busyboxQueries(name, type, conf.search, operands[1]);
  const answers = queries.map((q) => ({ q, a: q.qtype === 'PTR' ? reverseAnswer(t.net, t.from, name) : queryAbsolute(t.net, t.from, q.name) }));
  yield sleep(1);
  if (answers.every((x) => x.a.kind === 'timeout')) {
    yield sleep(5_000);
    yield out(`${NO_SERVERS}\n`);
    return 1;
  }
  const report = busyboxReport(server, answers);
  yield out(report.text);
  return report.status;
}

function* bindNslookup(name: string, server: string, t: NetTools): Gen {
  yield sleep(1);
  if (isIPv4(name)) {
    const report = bindReverseReport(server, name, t.net.reverse(t.from, name));
    yield out(report.text);
    return report.status;
  }
  const r = t.net.lookup(t.from, name);
  if (!r.ok && r.reason === 'timeout') {
    yield sleep(10_000);
    yield out(`${NO_SERVERS}\n`);
    return 1;
  }
  const report = bindReport(server, name, r);
  yield out(report.text);
  return report.status;
}
