// `ssh [user@]HOST` moves the shell session to another machine (prompt `[root@node1 ~]#`, files,
// cwd /root) until `exit`; `ssh HOST COMMAND…` runs one command there. Keys are set up (no password).
import type { Program } from '../../kubectl/context.ts';
import { journalTime } from '../../cluster/hosts/services.ts';
import { here, reach } from './common.ts';

const lastLogin = new WeakMap<object, Map<string, { at: number; from: string }>>();

/** `Sun Nov 22 01:00:00 2026` (ctime, as sshd's Last login line). */
function ctime(ms: number): string {
  const d = new Date(ms);
  const day = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][d.getUTCDay()];
  return `${day} ${journalTime(ms)} ${d.getUTCFullYear()}`;
}

/** ssh's options that take a value (getopt "b:c:D:E:e:F:I:i:J:L:l:m:O:o:p:Q:R:S:W:w:"). */
const WITH_VALUE = new Set('bcDEeFIiJLlmOopQRSWw');

/** Split ssh's argv as its getopt does: options before the host; the host; everything after it is the remote command. */
export function parseSshArgs(argv: readonly string[]): { host?: string; login?: string; command: string[]; error?: string } {
  let login: string | undefined;
  let i = 0;
  for (; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      i++;
      break;
    }
    if (!a.startsWith('-') || a === '-') break;
    for (let j = 1; j < a.length; j++) {
      const c = a[j]!;
      if (!WITH_VALUE.has(c)) continue;
      const value = j + 1 < a.length ? a.slice(j + 1) : argv[++i];
      if (value === undefined) return { command: [], error: `ssh: option requires an argument -- '${c}'` };
      if (c === 'l') login = value;
      break;
    }
  }
  return { host: argv[i], login, command: argv.slice(i + 1) };
}

export const ssh: Program = async (ctx) => {
  const parsed = parseSshArgs(ctx.args);
  if (parsed.error) ctx.err(`${parsed.error}\n`);
  const args = parsed.host === undefined || parsed.error ? [] : [parsed.login && !parsed.host.includes('@') ? `${parsed.login}@${parsed.host}` : parsed.host, ...parsed.command];
  if (!args.length) {
    ctx.err('usage: ssh [-1246AaCfGgKkMNnqsTtVvXxYy] [-b bind_address] [-c cipher_spec]\n           [-D [bind_address:]port] [-E log_file] [-e escape_char]\n           [-F configfile] [-I pkcs11] [-i identity_file]\n           [-J [user@]host[:port]] [-L address] [-l login_name] [-m mac_spec]\n           [-O ctl_cmd] [-o option] [-p port] [-Q query_option] [-R address]\n           [-S ctl_path] [-W host:port] [-w local_tun[:remote_tun]]\n           [user@]hostname [command]\n');
    return 255;
  }
  const r = reach(ctx, args[0]!);
  if ('error' in r) {
    ctx.err(r.error + '\n');
    return 255;
  }
  if (r.user !== 'root') {
    ctx.err(`${r.user}@${r.name}: Permission denied (publickey,gssapi-keyex,gssapi-with-mic,password).\n`);
    return 255;
  }
  if (args.length > 1) {
    if (!ctx.runOn) return 255;
    return ctx.runOn(r.machine.name, args.slice(1).join(' '));
  }
  if (!ctx.login) {
    ctx.err('Pseudo-terminal will not be allocated because stdin is not a terminal.\n');
    return 255;
  }
  const from = here(ctx);
  const seen = lastLogin.get(ctx.cluster) ?? new Map<string, { at: number; from: string }>();
  lastLogin.set(ctx.cluster, seen);
  const prev = seen.get(r.machine.name) ?? { at: ctx.cluster.clock.now() - 3 * 24 * 3600 * 1000 + 7 * 60 * 1000, from: '10.0.2.2' };
  ctx.out(`Last login: ${ctime(prev.at)} from ${prev.from}\n`);
  seen.set(r.machine.name, { at: ctx.cluster.clock.now(), from: from?.ip ?? '10.0.2.15' });
  ctx.login(r.machine.name);
  return 0;
};
