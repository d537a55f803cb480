// Job control builtins: jobs, fg, bg, kill, wait (bash 4.2 wording).
import type { ProgramContext } from '../../kubectl/context.ts';
import type { Shell } from '../executor.ts';
import { SIGNALS, type Job } from '../jobs.ts';

type Builtin = (ctx: ProgramContext, sh: Shell) => Promise<number>;

const home = (sh: Shell) => sh.getVar('HOME') ?? '/root';

export const jobs: Builtin = async (ctx, sh) => {
  let long = false;
  let pidsOnly = false;
  const specs: string[] = [];
  for (const a of ctx.args) {
    if (/^-[lprs]+$/.test(a)) {
      if (a.includes('l')) long = true;
      if (a.includes('p')) pidsOnly = true;
    } else if (a.startsWith('-') && a !== '-') {
      ctx.err(`bash: jobs: ${a}: invalid option\njobs: usage: jobs [-lnprs] [jobspec ...] or jobs -x command [args]\n`);
      return 2;
    } else specs.push(a);
  }
  let status = 0;
  let list: Job[] = [...sh.jobs.jobs].sort((a, b) => a.id - b.id);
  if (specs.length) {
    list = [];
    for (const s of specs) {
      const j = sh.jobs.find(s);
      if (!j) {
        ctx.err(`bash: jobs: ${s}: no such job\n`);
        status = 1;
      } else list.push(j);
    }
  }
  for (const j of list) {
    ctx.out(pidsOnly ? `${j.pid}\n` : sh.jobs.line(j, { long, cwd: sh.cwd, home: home(sh) }));
    // a finished job shown by `jobs` has been reported
    if (j.state === 'done') j.notified = true;
  }
  return status;
};

/** Resolve the job a fg/bg/wait argument names, or print bash's complaint. */
function pick(ctx: ProgramContext, sh: Shell, cmd: string, spec: string | undefined): Job | undefined {
  const job = sh.jobs.find(spec);
  if (!job) ctx.err(`bash: ${cmd}: ${spec ?? 'current'}: no such job\n`);
  return job;
}

/** Wait for a job as the foreground (headless: let virtual time run to its end). */
async function waitJob(ctx: ProgramContext, sh: Shell, job: Job): Promise<'done' | 'interrupted' | 'stuck'> {
  if (job.state === 'done') return 'done';
  if (!ctx.realtime) {
    const finished = await sh.timers.until(job.done, ctx.signal);
    if (ctx.signal.aborted) return 'interrupted';
    return finished ? 'done' : 'stuck';
  }
  const r = await Promise.race([job.done.then(() => 'done' as const), new Promise<'interrupted'>((resolve) => ctx.signal.addEventListener('abort', () => resolve('interrupted'), { once: true }))]);
  return r;
}

export const fg: Builtin = async (ctx, sh) => {
  const job = pick(ctx, sh, 'fg', ctx.args[0]);
  if (!job) return 1;
  if (job.state === 'done') {
    ctx.err(`bash: fg: job has terminated\n`);
    job.notified = true;
    sh.jobs.remove(job);
    return 1;
  }
  ctx.out(`${job.text}\n`);
  const r = await waitJob(ctx, sh, job);
  if (r !== 'done') {
    // Ctrl-C reaches the job now that it has the terminal (headless: nothing else could end it)
    job.kill('INT');
    await job.done;
  }
  job.notified = true;
  sh.jobs.remove(job);
  return job.status;
};

export const bg: Builtin = async (ctx, sh) => {
  const job = pick(ctx, sh, 'bg', ctx.args[0]);
  if (!job) return 1;
  // nothing here stops a job (no Ctrl-Z), so every job is already running
  ctx.err(`bash: bg: job ${job.id} already in background\n`);
  return 0;
};

export const wait: Builtin = async (ctx, sh) => {
  let targets: Job[] = [];
  let status = 0;
  for (const a of ctx.args) {
    if (a.startsWith('%')) {
      const j = sh.jobs.find(a);
      if (!j) {
        ctx.err(`bash: wait: ${a}: no such job\n`);
        status = 127;
      } else targets.push(j);
    } else if (/^\d+$/.test(a)) {
      const j = sh.jobs.jobs.find((x) => x.pid === Number(a));
      if (!j) {
        ctx.err(`bash: wait: pid ${a} is not a child of this shell\n`);
        status = 127;
      } else targets.push(j);
    } else {
      ctx.err(`bash: wait: \`${a}': not a pid or valid job spec\n`);
      status = 1;
    }
  }
  const all = !ctx.args.length;
  if (all) targets = [...sh.jobs.jobs];
  for (const job of targets) {
    const r = await waitJob(ctx, sh, job);
    if (r === 'interrupted') return 130;
    if (r === 'stuck') return 130;
    job.notified = true;
    if (!all) status = job.status;
  }
  return all ? 0 : status;
};

const BASE = ['HUP', 'INT', 'QUIT', 'ILL', 'TRAP', 'ABRT', 'BUS', 'FPE', 'KILL', 'USR1', 'SEGV', 'USR2', 'PIPE', 'ALRM', 'TERM', 'STKFLT', 'CHLD', 'CONT', 'STOP', 'TSTP', 'TTIN', 'TTOU', 'URG', 'XCPU', 'XFSZ', 'VTALRM', 'PROF', 'WINCH', 'IO', 'PWR', 'SYS'];
/** `kill -l` on Linux: 1-31, then the real-time signals 34-64 */
const LINUX_SIGNALS: [number, string][] = [
  ...BASE.map((n, i): [number, string] => [i + 1, n]),
  ...Array.from({ length: 31 }, (_, k): [number, string] => [34 + k, k === 0 ? 'RTMIN' : k <= 15 ? `RTMIN+${k}` : k === 30 ? 'RTMAX' : `RTMAX-${30 - k}`]),
];

const KILL_USAGE = 'kill: usage: kill [-s sigspec | -n signum | -sigspec] pid | jobspec ... or kill -l [sigspec]\n';

/** `TERM`, `SIGTERM`, `15`, `term` -> `TERM`; undefined when unknown. */
function signalName(s: string): string | undefined {
  const up = s.toUpperCase().replace(/^SIG/, '');
  if (/^\d+$/.test(up)) {
    const n = Number(up);
    if (n === 0) return '0';
    return Object.entries(SIGNALS).find(([, v]) => v.num === n)?.[0] ?? (n === 18 ? 'CONT' : n === 19 ? 'STOP' : n === 20 ? 'TSTP' : undefined);
  }
  if (up in SIGNALS || up === 'CONT' || up === 'STOP' || up === 'TSTP') return up;
  return undefined;
}

export const kill: Builtin = async (ctx, sh) => {
  const args = [...ctx.args];
  let sig = 'TERM';
  if (!args.length) {
    ctx.err(KILL_USAGE);
    return 2;
  }
  if (args[0] === '-l' || args[0] === '-L') {
    if (args[1]) {
      const n = signalName(args[1]);
      if (!n) {
        ctx.err(`bash: kill: ${args[1]}: invalid signal specification\n`);
        return 1;
      }
      ctx.out(/^\d+$/.test(args[1]) ? `${n}\n` : `${SIGNALS[n]?.num ?? ''}\n`);
      return 0;
    }
    let out = '';
    LINUX_SIGNALS.forEach((name, i) => {
      out += `${String(name[0]).padStart(2)}) SIG${name[1]}` + ((i + 1) % 5 === 0 ? '\n' : '\t');
    });
    ctx.out(out + (LINUX_SIGNALS.length % 5 ? '\n' : ''));
    return 0;
  }
  if (args[0] === '-s' || args[0] === '-n') {
    const n = args[1] === undefined ? undefined : signalName(args[1]);
    if (!n) {
      ctx.err(args[1] === undefined ? `bash: kill: ${args[0]}: option requires an argument\n${KILL_USAGE}` : `bash: kill: ${args[1]}: invalid signal specification\n`);
      return args[1] === undefined ? 2 : 1;
    }
    sig = n;
    args.splice(0, 2);
  } else if (/^-[A-Za-z0-9]+$/.test(args[0])) {
    const n = signalName(args[0].slice(1));
    if (!n) {
      ctx.err(`bash: kill: ${args[0].slice(1)}: invalid signal specification\n`);
      return 1;
    }
    sig = n;
    args.shift();
  }
  if (args[0] === '--') args.shift();
  if (!args.length) {
    ctx.err(KILL_USAGE);
    return 2;
  }
  let status = 0;
  for (const a of args) {
    let job: Job | undefined;
    if (a.startsWith('%')) {
      job = sh.jobs.find(a);
      if (!job) {
        ctx.err(`bash: kill: ${a}: no such job\n`);
        status = 1;
        continue;
      }
    } else if (/^-?\d+$/.test(a)) {
      const pid = Number(a);
      job = sh.jobs.jobs.find((j) => j.pid === Math.abs(pid));
      if (!job) {
        // the shell itself and init shrug off SIGTERM; anything else is gone
        if (pid === 4242 || pid === 1) continue;
        ctx.err(`bash: kill: (${a}) - No such process\n`);
        status = 1;
        continue;
      }
    } else {
      ctx.err(`bash: kill: ${a}: arguments must be process or job IDs\n`);
      status = 1;
      continue;
    }
    if (job.state !== 'running') continue;
    // signal 0 only checks; stop/continue have nothing to do without a terminal's job control
    if (sig === '0' || sig === 'CONT' || sig === 'STOP' || sig === 'TSTP') continue;
    job.heldUntil = sh.commandLine;
    job.kill(sig);
  }
  return status;
};
