// true, false, sleep, date, hostname, whoami, env, uname.
import type { Program } from '../../kubectl/context.ts';

export const trueCmd: Program = async () => 0;
export const falseCmd: Program = async () => 1;

/** `1.5`, `10s`, `2m`, `1h`, `1d` -> milliseconds; null when invalid. */
export function parseInterval(s: string): number | null {
  const m = /^(\d+(?:\.\d*)?|\.\d+)([smhd]?)$/.exec(s);
  if (!m) return null;
  const unit = { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[m[2]]!;
  return Math.round(Number(m[1]) * unit * 1000);
}

export const sleep: Program = async (ctx) => {
  if (!ctx.args.length) {
    ctx.err("sleep: missing operand\nTry 'sleep --help' for more information.\n");
    return 1;
  }
  let ms = 0;
  for (const a of ctx.args) {
    const v = parseInterval(a);
    if (v === null) {
      ctx.err(`sleep: invalid time interval ‘${a}’\nTry 'sleep --help' for more information.\n`);
      return 1;
    }
    ms += v;
  }
  await ctx.sleep(ms);
  return ctx.signal.aborted ? 130 : 0;
};

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const FULL_DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const FULL_MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** strftime for the conversions people use with `date +…` (the machine's zone is UTC). */
export function strftime(fmt: string, ms: number): string {
  const d = new Date(ms);
  const p2 = (n: number) => String(n).padStart(2, '0');
  const conv: Record<string, () => string> = {
    a: () => DAYS[d.getUTCDay()],
    A: () => FULL_DAYS[d.getUTCDay()],
    b: () => MONTHS[d.getUTCMonth()],
    h: () => MONTHS[d.getUTCMonth()],
    B: () => FULL_MONTHS[d.getUTCMonth()],
    d: () => p2(d.getUTCDate()),
    e: () => String(d.getUTCDate()).padStart(2),
    H: () => p2(d.getUTCHours()),
    I: () => p2(((d.getUTCHours() + 11) % 12) + 1),
    p: () => (d.getUTCHours() < 12 ? 'AM' : 'PM'),
    M: () => p2(d.getUTCMinutes()),
    S: () => p2(d.getUTCSeconds()),
    m: () => p2(d.getUTCMonth() + 1),
    y: () => p2(d.getUTCFullYear() % 100),
    Y: () => String(d.getUTCFullYear()),
    Z: () => 'UTC',
    z: () => '+0000',
    s: () => String(Math.floor(ms / 1000)),
    N: () => String((ms % 1000) * 1e6).padStart(9, '0'),
    T: () => `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`,
    D: () => `${p2(d.getUTCMonth() + 1)}/${p2(d.getUTCDate())}/${p2(d.getUTCFullYear() % 100)}`,
    F: () => `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())}`,
    R: () => `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}`,
    j: () => String(Math.floor((ms - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86400000) + 1).padStart(3, '0'),
    n: () => '\n',
    t: () => '\t',
    '%': () => '%',
  };
  return fmt.replace(/%([a-zA-Z%])/g, (m, c: string) => (conv[c] ? conv[c]() : m));
}

export const date: Program = async (ctx) => {
  const now = ctx.cluster.clock.now();
  let fmt = '%a %b %e %H:%M:%S %Z %Y';
  for (const a of ctx.args) {
    if (a.startsWith('+')) fmt = a.slice(1);
    else if (a === '-u' || a === '--utc' || a === '-R' || a === '-I') {
      if (a === '-R') fmt = '%a, %d %b %Y %H:%M:%S +0000';
      if (a === '-I') fmt = '%F';
    } else {
      ctx.err(`date: invalid date ‘${a}’\n`);
      return 1;
    }
  }
  ctx.out(strftime(fmt, now) + '\n');
  return 0;
};

export const hostname: Program = async (ctx) => {
  ctx.out((ctx.env.HOSTNAME ?? 'master') + '\n');
  return 0;
};

export const whoami: Program = async (ctx) => {
  ctx.out('root\n');
  return 0;
};

export const env: Program = async (ctx) => {
  if (ctx.args.length) {
    ctx.err(`env: ‘${ctx.args[0]}’: No such file or directory\n`);
    return 127;
  }
  // environment order, as the process received it (PATH and HOSTNAME first in a container)
  ctx.out(Object.entries(ctx.env).map(([k, v]) => `${k}=${v}\n`).join(''));
  return 0;
};

/** `printenv` lists like env; `printenv NAME…` prints the values, exit 1 if any is unset. */
export const printenv: Program = async (ctx) => {
  if (!ctx.args.length) return env({ ...ctx, args: [] });
  let code = 0;
  for (const name of ctx.args) {
    if (name in ctx.env) ctx.out(`${ctx.env[name]}\n`);
    else code = 1;
  }
  return code;
};

export const uname: Program = async (ctx) => {
  const all = ctx.args.includes('-a');
  const host = ctx.env.HOSTNAME ?? 'master';
  if (all) ctx.out(`Linux ${host} 3.10.0-1160.el7.x86_64 #1 SMP Mon Oct 19 16:18:59 UTC 2020 x86_64 x86_64 x86_64 GNU/Linux\n`);
  else if (ctx.args.includes('-r')) ctx.out('3.10.0-1160.el7.x86_64\n');
  else if (ctx.args.includes('-n')) ctx.out(host + '\n');
  else if (ctx.args.includes('-m')) ctx.out('x86_64\n');
  else ctx.out('Linux\n');
  return 0;
};

/** The learner is root on every machine (coreutils 8.22 wording; SELinux context as CentOS 7 shows it). */
export const id: Program = async (ctx) => {
  const flags = ctx.args.filter((a) => a.startsWith('-'));
  const users = ctx.args.filter((a) => !a.startsWith('-'));
  if (users.length && users[0] !== 'root' && users[0] !== '0') {
    ctx.err(`id: ${users[0]}: no such user\n`);
    return 1;
  }
  const has = (c: string) => flags.some((f) => !f.startsWith('--') && f.includes(c)) || flags.includes(`--${{ u: 'user', g: 'group', G: 'groups', n: 'name' }[c] ?? c}`);
  const name = has('n');
  if (has('u')) ctx.out(name ? 'root\n' : '0\n');
  else if (has('g')) ctx.out(name ? 'root\n' : '0\n');
  else if (has('G')) ctx.out(name ? 'root\n' : '0\n');
  else ctx.out(`uid=0(root) gid=0(root) groups=0(root)${users.length ? '' : ' context=unconfined_u:unconfined_r:unconfined_t:s0-s0:c0.c1023'}\n`);
  return 0;
};

/** chown/chmod: every file belongs to root here, so they check their arguments and the files, and change nothing visible. */
function ownershipCommand(name: 'chown' | 'chmod'): Program {
  return async (ctx) => {
    const args = ctx.args.filter((a) => a !== '-R' && a !== '-v' && a !== '--recursive');
    if (args.length < 2) {
      ctx.err(args.length ? `${name}: missing operand after ‘${args[0]}’\nTry '${name} --help' for more information.\n` : `${name}: missing operand\nTry '${name} --help' for more information.\n`);
      return 1;
    }
    const [spec, ...files] = args;
    if (name === 'chown') {
      const [user, group] = spec!.split(/[:.]/);
      if (user && !['root', '0'].includes(user)) {
        ctx.err(`chown: invalid user: ‘${spec}’\n`);
        return 1;
      }
      if (group && !['root', '0'].includes(group)) {
        ctx.err(`chown: invalid group: ‘${spec}’\n`);
        return 1;
      }
    } else if (!/^([0-7]{1,4}|([ugoa]*[-+=][rwxXst]*,?)+)$/.test(spec!)) {
      ctx.err(`chmod: invalid mode: ‘${spec}’\nTry 'chmod --help' for more information.\n`);
      return 1;
    }
    let status = 0;
    for (const f of files) {
      const path = f.startsWith('/') ? f : `${ctx.cwd.replace(/\/$/, '')}/${f}`;
      if (!ctx.fs.exists(path)) {
        ctx.err(`${name}: cannot access ‘${f}’: No such file or directory\n`);
        status = 1;
      }
    }
    return status;
  };
}

export const chown = ownershipCommand('chown');
export const chmod = ownershipCommand('chmod');
