// BusyBox 1.37 wget over the cluster's network, worded as networking/wget.c and libbb print it.
import type { NetOrigin } from '../../cluster/types.ts';
import type { Program, ProgramContext } from '../../kubectl/context.ts';
import { joinPath } from '../paths.ts';
import { byteLength, header, isIPv4, netOf, statusLine } from './http.ts';

export const BUSYBOX_BANNER = 'BusyBox v1.37.0 (2024-09-26 21:31:42 UTC) multi-call binary.\n';

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

const LONG: Record<string, { letter: string; arg: boolean }> = {
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
  'post-file': { letter: 'post-file', arg: true },
  spider: { letter: 'spider', arg: false },
  'no-check-certificate': { letter: 'insecure', arg: false },
  continue: { letter: 'c', arg: false },
  'passive-ftp': { letter: 'ignored', arg: false },
  'no-cache': { letter: 'ignored', arg: false },
  'no-verbose': { letter: 'ignored', arg: false },
  'no-clobber': { letter: 'ignored', arg: false },
  'no-host-directories': { letter: 'ignored', arg: false },
  'no-parent': { letter: 'ignored', arg: false },
};
const SHORT_FLAGS = 'cqS';
const SHORT_ARGS = 'OoPYUTt';

/** The connect wait of a SYN nobody answers, as for curl: Linux gives up after 127 s. */
const KERNEL_CONNECT_TIMEOUT_MS = 127_000;

/** busybox's smart_ulltoa5: a size in five columns (`  615`, ` 1234`, `12.3k`). */
function ulltoa5(n: number): string {
  const scale = ' kMGTPEZY';
  let idx = 0;
  let ul = n;
  if (ul > 99999) {
    ul *= 10;
    do {
      ul = Math.floor(ul / 1024);
      idx++;
    } while (ul >= 100000);
  }
  let v = ul;
  let u = Math.floor(v / 10);
  v = v % 10;
  const d = '0123456789';
  if (!idx) {
    let fmt = ' 123456789';
    let out = '';
    let c = ' 123456789'[Math.floor(u / 1000)]!;
    out += c;
    if (c !== ' ') fmt = d;
    c = fmt[Math.floor(u / 100) % 10]!;
    out += c;
    if (c !== ' ') fmt = d;
    c = fmt[Math.floor(u / 10) % 10]!;
    out += c;
    if (c !== ' ') fmt = d;
    out += fmt[u % 10]! + d[v]!;
    return out;
  }
  let fmt = ' 123456789';
  if (u >= 100) {
    let out = '';
    let c = ' 123456789'[Math.floor(u / 1000)]!;
    out += c;
    if (c !== ' ') fmt = d;
    c = fmt[Math.floor(u / 100) % 10]!;
    out += c;
    if (c !== ' ') fmt = d;
    v = u % 10;
    u = Math.floor(u / 10);
    out += fmt[u % 10]!;
    return out + d[v]! + scale[idx]!;
  }
  const c = ' 123456789'[Math.floor(u / 10)]!;
  if (c !== ' ') fmt = d;
  return c + fmt[u % 10]! + '.' + d[v]! + scale[idx]!;
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

/** BusyBox wget; connections start at `origin`. */
export function makeBusyboxWget(origin: (ctx: ProgramContext) => NetOrigin): Program {
  return async (ctx) => {
    const opts = new Map<string, string[]>();
    const urls: string[] = [];
    const add = (k: string, v: string) => opts.set(k, [...(opts.get(k) ?? []), v]);
    const args = ctx.args;
    for (let i = 0; i < args.length; i++) {
      const a = args[i]!;
      if (a === '--') {
        urls.push(...args.slice(i + 1));
        break;
      }
      if (a.startsWith('--')) {
        const eq = a.indexOf('=');
        const name = eq < 0 ? a.slice(2) : a.slice(2, eq);
        const spec = LONG[name] ?? Object.entries(LONG).find(([k]) => k.startsWith(name) && name.length > 1)?.[1];
        if (!spec) {
          ctx.err(`wget: unrecognized option '${a}'\n${WGET_USAGE}`);
          return 1;
        }
        if (spec.arg) {
          const v = eq >= 0 ? a.slice(eq + 1) : args[++i];
          if (v === undefined) {
            ctx.err(`wget: option '--${name}' requires an argument\n${WGET_USAGE}`);
            return 1;
          }
          add(spec.letter, v);
        } else add(spec.letter, '1');
        continue;
      }
      if (a.startsWith('-') && a.length > 1) {
        for (let j = 1; j < a.length; j++) {
          const c = a[j]!;
          if (SHORT_FLAGS.includes(c)) add(c, '1');
          else if (SHORT_ARGS.includes(c)) {
            const v = j + 1 < a.length ? a.slice(j + 1) : args[++i];
            if (v === undefined) {
              ctx.err(`wget: option requires an argument -- '${c}'\n${WGET_USAGE}`);
              return 1;
            }
            add(c, v);
            break;
          } else if (c === 'n') break;
          else {
            ctx.err(`wget: invalid option -- '${c}'\n${WGET_USAGE}`);
            return 1;
          }
        }
        continue;
      }
      urls.push(a);
    }
    if (!urls.length) {
      ctx.err(WGET_USAGE);
      return 1;
    }
    const quiet = opts.has('q');
    const say = (s: string) => {
      if (!quiet) ctx.err(s);
    };
    const outName = opts.get('O')?.at(-1);
    const timeoutS = Number(opts.get('T')?.at(-1) ?? 900);
    const net = netOf(ctx);
    const from = origin(ctx);
    let elapsed = 0;
    const wait = async (ms: number) => {
      elapsed += ms;
      await ctx.sleep(ms);
    };
    const die = (msg: string) => {
      ctx.err(`wget: ${msg}\n`);
      return 1;
    };
    for (const raw of urls) {
      let url = raw;
      for (let redirects = 0; ; redirects++) {
        const m = /^([A-Za-z]+):\/\//.exec(url);
        const scheme = m ? m[1]! : 'http';
        if (m && scheme !== 'http' && scheme !== 'https' && scheme !== 'ftp') return die(`not an http or ftp url: ${url}`);
        let rest = m ? url.slice(m[0].length) : url;
        const cut = rest.search(/[/?#]/);
        let hostPort = cut < 0 ? rest : rest.slice(0, cut);
        let path = cut < 0 ? '' : rest[cut] === '/' ? rest.slice(cut + 1) : rest.slice(cut + 1);
        path = path.replace(/#.*$/, '');
        rest = '';
        const at = hostPort.lastIndexOf('@');
        if (at >= 0) hostPort = hostPort.slice(at + 1);
        const pm = /^(.*?)(?::(\d+))?$/.exec(hostPort)!;
        const host = pm[1]!;
        const port = pm[2] ? Number(pm[2]) : scheme === 'https' ? 443 : scheme === 'ftp' ? 21 : 80;
        // resolve first: busybox dies with "bad address" before saying anything
        let ip = isIPv4(host) ? host : undefined;
        if (!ip) {
          const dns = net?.lookup(from, host);
          if (!dns || !dns.ok || !dns.addresses.length) {
            if (dns && !dns.ok && dns.reason === 'timeout') await wait(Math.min(timeoutS * 1000, 10_000));
            return die(`bad address '${host}'`);
          }
          ip = dns.addresses[0]!;
        }
        say(`Connecting to ${hostPort} (${ip}:${port})\n`);
        if (scheme === 'https') say('wget: note: TLS certificate validation not implemented\n');
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
          headers['Content-Type'] = headers['Content-Type'] ?? 'application/x-www-form-urlencoded';
          headers['Content-Length'] = String(byteLength(postData));
        }
        headers.Connection = 'close';
        const r = net ? net.request(from, ip, port, { scheme: scheme === 'https' ? 'https' : 'http', method: postData !== undefined ? 'POST' : 'GET', path: `/${path}`, headers, ...(postData !== undefined ? { body: postData } : {}) }) : ({ ok: false, error: 'refused' } as const);
        if (!r.ok) {
          if (r.error === 'resolve') return die(`bad address '${host}'`);
          if (r.error === 'reset') {
            await wait(1);
            return die('error getting response');
          }
          const natural = r.error === 'timeout' ? KERNEL_CONNECT_TIMEOUT_MS : r.error === 'unreachable' ? 3_000 : 1;
          if (timeoutS * 1000 < natural) {
            await wait(timeoutS * 1000);
            return die('download timed out');
          }
          await wait(natural);
          const text = r.error === 'timeout' ? 'Connection timed out' : r.error === 'unreachable' ? 'No route to host' : 'Connection refused';
          return die(`can't connect to remote host (${ip}): ${text}`);
        }
        await wait(2);
        const res = r.response;
        const line = statusLine(res);
        if (opts.has('S')) ctx.err([line, ...Object.entries(res.headers).map(([k, v]) => `${k}: ${v}`)].map((l) => `  ${l}\n`).join(''));
        const location = header(res, 'location');
        if ([300, 301, 302, 303, 307, 308].includes(res.status) && location) {
          if (redirects >= 20) return die('too many redirections');
          url = /^[a-z]+:\/\//i.test(location) ? location : location.startsWith('/') ? `${scheme}://${hostPort}${location}` : `${scheme}://${hostPort}/${location}`;
          continue;
        }
        if (!(res.status >= 200 && res.status < 300) || res.status === 206) return die(`server returned error: ${line}`);
        if (opts.has('spider')) {
          say('remote file exists\n');
          break;
        }
        const toStdout = outName === '-';
        let file = outName;
        if (file === undefined) {
          file = path.split('?')[0]!.replace(/^.*\//, '') || 'index.html';
          const dir = opts.get('P')?.at(-1);
          if (dir) file = `${dir.replace(/\/$/, '')}/${file}`;
        }
        const fullPath = toStdout ? '' : joinPath(ctx.cwd, file);
        if (!toStdout) {
          // without -O, busybox refuses to overwrite (O_EXCL)
          if (outName === undefined && ctx.fs.exists(fullPath) && !opts.has('c')) return die(`can't open '${file}': File exists`);
          try {
            if (fullPath !== '/dev/null') ctx.fs.write(fullPath, '');
          } catch {
            return die(`can't open '${file}': No such file or directory`);
          }
        }
        say(toStdout ? 'writing to stdout\n' : `saving to '${file}'\n`);
        const size = byteLength(res.body);
        const total = header(res, 'content-length') !== undefined ? size : 0;
        if (!quiet) ctx.err(wgetProgress(toStdout ? '-' : file.replace(/^.*\//, ''), size, total, ctx.tty, ctx.columns));
        if (toStdout) ctx.out(res.body);
        else if (fullPath !== '/dev/null') ctx.fs.write(fullPath, res.body);
        say(toStdout ? 'written to stdout\n' : `'${file}' saved\n`);
        break;
      }
    }
    void elapsed;
    return 0;
  };
}
