// Inside a container (`kubectl exec`): which commands exist (the image's tools only), how the image's
// shell words "not found" and draws its prompt, and the few programs whose output depends on the
// container rather than the machine (hostname, ps, nginx -v, java -version), and the network tools the
// image ships (curl, wget, nslookup, dig, host), which connect from the pod.
import type { Cluster } from '../cluster/types.ts';
import type { ContainerSession, Program } from '../kubectl/context.ts';
import { containerNetPrograms } from './net/tools.ts';

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
export function containerPrograms(session: ContainerSession, ownPid: () => number, cluster: Cluster): Record<string, Program> {
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
  return { hostname, ps, nginx, java, ...containerNetPrograms(session, cluster) };
}
