// Inside a container (`kubectl exec`): which commands exist (the image's tools only), how the image's
// shell words "not found" and draws its prompt, and the few programs whose output depends on the
// container rather than the machine (hostname, ps, curl/wget to the pod itself, nginx -v, java -version).
import type { ContainerSession, Program } from '../kubectl/context.ts';

/** The shell `argv[0]` starts: bash, or a POSIX sh (busybox/alpine ash, debian dash). */
export function shellKind(session: ContainerSession, argv0: string): 'bash' | 'ash' | 'dash' {
  if (argv0.endsWith('bash')) return 'bash';
  return session.env.distro === 'busybox' || session.env.distro === 'alpine' ? 'ash' : 'dash';
}

/** `root@mynginx-7c79c4bf97-4xq2z:/# ` (bash), `/ # ` (busybox/alpine sh), `# ` (dash). */
export function containerPrompt(kind: 'bash' | 'ash' | 'dash', hostname: string, cwd: string, home: string): string {
  if (kind === 'bash') return `root@${hostname}:${cwd === home ? '~' : cwd.startsWith(`${home}/`) ? `~${cwd.slice(home.length)}` : cwd}# `;
  if (kind === 'ash') return `${cwd === home ? '~' : cwd} # `;
  return '# ';
}

export function notFoundText(kind: 'bash' | 'ash' | 'dash', name: string): string {
  if (kind === 'bash') return `bash: ${name}: command not found\n`;
  if (kind === 'dash') return `sh: 1: ${name}: not found\n`;
  return `sh: ${name}: not found\n`;
}

const pad = (s: string | number, n: number) => String(s).padStart(n);

/** Programs that answer from the container itself. */
export function containerPrograms(session: ContainerSession, ownPid: () => number): Record<string, Program> {
  const env = session.env;
  const hostname: Program = async (ctx) => {
    ctx.out(`${env.hostname}\n`);
    return 0;
  };
  const ps: Program = async (ctx) => {
    const procs = env.processes();
    const pid = ownPid();
    // busybox ps: PID USER TIME COMMAND
    let text = 'PID   USER     TIME  COMMAND\n';
    for (const p of procs) text += `${pad(p.pid, 5)} ${p.user.padEnd(8)}  0:00 ${p.command}\n`;
    // `kubectl exec POD -- ps` registered ps itself; inside a shell, ps is a new process
    if (!procs.at(-1)?.command.startsWith('ps')) text += `${pad(pid + 6, 5)} root      0:00 ps${ctx.args.length ? ` ${ctx.args.join(' ')}` : ''}\n`;
    ctx.out(text);
    return 0;
  };
  const fetch = (url: string) => {
    const m = /^(?:http:\/\/)?([^/:]+)(?::(\d+))?(\/.*)?$/.exec(url);
    if (!m) return undefined;
    const host = m[1]!;
    const port = Number(m[2] ?? 80);
    if (host !== 'localhost' && host !== '127.0.0.1' && host !== env.hostname) return { error: 'remote' as const, host, port };
    return { host, port, path: m[3] ?? '/' };
  };
  const curl: Program = async (ctx) => {
    const url = ctx.args.filter((a) => !a.startsWith('-')).pop();
    if (!url) {
      ctx.err("curl: try 'curl --help' or 'curl --manual' for more information\n");
      return 2;
    }
    const f = fetch(url);
    if (!f || 'error' in f) {
      ctx.err(`curl: (6) Could not resolve host: ${f?.host ?? url}\n`);
      return 6;
    }
    const res = ctx.cluster.runtime?.serve(session.namespace, session.pod, f.port, { method: 'GET', path: f.path, clientIP: '127.0.0.1', userAgent: 'curl/7.88.1', host: `${f.host}${f.port === 80 ? '' : `:${f.port}`}` });
    if (!res) {
      ctx.err(`curl: (7) Failed to connect to ${f.host} port ${f.port} after 0 ms: Couldn't connect to server\n`);
      return 7;
    }
    if (ctx.args.includes('-I')) {
      ctx.out(`HTTP/1.1 ${res.status} ${res.status === 200 ? 'OK' : 'Not Found'}\r\n${Object.entries(res.headers).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`);
      return 0;
    }
    ctx.out(res.body);
    return 0;
  };
  const wget: Program = async (ctx) => {
    const url = ctx.args.filter((a) => !a.startsWith('-')).pop();
    if (!url) {
      ctx.err('BusyBox v1.37.0 (2024-09-26 21:31:42 UTC) multi-call binary.\n\nUsage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]\n\t[--post-data STR | --post-file FILE] [-Y on/off]\n\t[-P DIR] [-U AGENT] [-T SEC] URL...\n');
      return 1;
    }
    const f = fetch(url);
    if (!f || 'error' in f) {
      ctx.err(`wget: bad address '${f?.host ?? url}'\n`);
      return 1;
    }
    const res = ctx.cluster.runtime?.serve(session.namespace, session.pod, f.port, { method: 'GET', path: f.path, clientIP: '127.0.0.1', userAgent: 'Wget', host: f.host });
    if (!res) {
      const quiet = ctx.args.some((a) => /^-\w*q/.test(a));
      ctx.err(`${quiet ? '' : `Connecting to ${f.host}:${f.port} (127.0.0.1:${f.port})\n`}wget: can't connect to remote host (127.0.0.1): Connection refused\n`);
      return 1;
    }
    const toStdout = ctx.args.some((a) => /^-\w*O-$/.test(a)) || (ctx.args.includes('-O') && ctx.args[ctx.args.indexOf('-O') + 1] === '-');
    if (toStdout) ctx.out(res.body);
    else {
      ctx.err(`Connecting to ${f.host}:${f.port} (127.0.0.1:${f.port})\nsaving to 'index.html'\nindex.html           100% |********************************|   ${res.body.length}  0:00:00 ETA\n'index.html' saved\n`);
      env.fs.write(`${ctx.cwd === '/' ? '' : ctx.cwd}/index.html`, res.body);
    }
    return 0;
  };
  const nginx: Program = async (ctx) => {
    if (ctx.args.includes('-v') || ctx.args.includes('-V')) {
      ctx.err(`nginx version: nginx/${env.env.NGINX_VERSION ?? '1.27.3'}\n`);
      return 0;
    }
    if (ctx.args.includes('-t')) {
      ctx.err('nginx: the configuration file /etc/nginx/nginx.conf syntax is ok\nnginx: configuration file /etc/nginx/nginx.conf test is successful\n');
      return 0;
    }
    ctx.err('nginx: [emerg] bind() to 0.0.0.0:80 failed (98: Address already in use)\n');
    return 1;
  };
  const java: Program = async (ctx) => {
    if (ctx.args.includes('-version') || ctx.args.includes('--version')) {
      ctx.err('openjdk version "17.0.2" 2022-01-18\nOpenJDK Runtime Environment (build 17.0.2+8-86)\nOpenJDK 64-Bit Server VM (build 17.0.2+8-86, mixed mode, sharing)\n');
      return 0;
    }
    ctx.err('Usage: java [options] <mainclass> [args...]\n');
    return 1;
  };
  return { hostname, ps, curl, wget, nginx, java };
}
