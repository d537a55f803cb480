// BusyBox 1.37 wget over the cluster's network, worded as networking/wget.c and libbb print it.
import {
  byteLength, connectWaitMs, ERRNO_TEXT, header, isIPv4, parseWgetArgs, WGET_LONG, wgetFileName, wgetProgress, wgetRedirect, wgetRequest, wgetUrl,
} from '../../cluster/kubelet/net-wording.ts';
import type { NetOrigin } from '../../cluster/types.ts';
import type { Program, ProgramContext } from '../../kubectl/context.ts';
import { joinPath } from '../paths.ts';
import { netOf, statusLine } from './http.ts';

// the options the container tools' wget knows, and the ones only this wget accepts (or ignores)
const LONG: Record<string, { letter: string; arg: boolean }> = {
  ...WGET_LONG,
  'post-file': { letter: 'post-file', arg: true },
  'passive-ftp': { letter: 'ignored', arg: false },
  'no-cache': { letter: 'ignored', arg: false },
  'no-verbose': { letter: 'ignored', arg: false },
  'no-clobber': { letter: 'ignored', arg: false },
  'no-host-directories': { letter: 'ignored', arg: false },
  'no-parent': { letter: 'ignored', arg: false },
};

// the progress bar stays importable from here, where the shell's wget lives
export { wgetProgress };

/** BusyBox wget; connections start at `origin`. */
export function makeBusyboxWget(origin: (ctx: ProgramContext) => NetOrigin): Program {
  return async (ctx) => {
    const parsed = parseWgetArgs(ctx.args, LONG, 'n');
    if ('error' in parsed) {
      ctx.err(parsed.error);
      return 1;
    }
    const { opts, urls } = parsed;
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
        const { scheme, hostPort, host, port, path } = wgetUrl(url);
        if (scheme !== 'http' && scheme !== 'https' && scheme !== 'ftp') return die(`not an http or ftp url: ${url}`);
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
        const r = net ? net.request(from, ip, port, wgetRequest(scheme, hostPort, path, opts)) : ({ ok: false, error: 'refused' } as const);
        if (!r.ok) {
          if (r.error === 'resolve') return die(`bad address '${host}'`);
          if (r.error === 'reset') {
            await wait(1);
            return die('error getting response');
          }
          const natural = connectWaitMs(r.error);
          if (timeoutS * 1000 < natural) {
            await wait(timeoutS * 1000);
            return die('download timed out');
          }
          await wait(natural);
          return die(`can't connect to remote host (${ip}): ${ERRNO_TEXT[r.error]}`);
        }
        await wait(2);
        const res = r.response;
        const line = statusLine(res);
        if (opts.has('S')) ctx.err([line, ...Object.entries(res.headers).map(([k, v]) => `${k}: ${v}`)].map((l) => `  ${l}\n`).join(''));
        const location = header(res, 'location');
        if ([300, 301, 302, 303, 307, 308].includes(res.status) && location) {
          if (redirects >= 20) return die('too many redirections');
          url = wgetRedirect(location, scheme, hostPort);
          continue;
        }
        if (!(res.status >= 200 && res.status < 300) || res.status === 206) return die(`server returned error: ${line}`);
        if (opts.has('spider')) {
          say('remote file exists\n');
          break;
        }
        const toStdout = outName === '-';
        const file = outName ?? wgetFileName(path, opts.get('P')?.at(-1));
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
        if (!quiet) ctx.err(wgetProgress(toStdout ? '-' : file.replace(/^.*\//, ''), size, total, ctx.screen ?? ctx.tty, ctx.columns));
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
