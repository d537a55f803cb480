// systemd units on a machine (CentOS 7, systemd 219): state, Main PID, start time, journal, and the
// text `systemctl status` prints. A unit's start hook decides whether the daemon comes up (containerd
// reads its config.toml there); a unit with Restart=always that fails is retried every RestartSec,
// lazily, whenever someone looks at it.
//   new Unit(spec, env) ; unit.start() / stop() / restart() → { ok, message? } ; unit.statusText()

export type ActiveState = 'active' | 'inactive' | 'failed' | 'activating';

export interface UnitSpec {
  /** `containerd` (without .service) */
  name: string;
  description: string;
  /** `/usr/lib/systemd/system/containerd.service` */
  path: string;
  docs: string[];
  dropIns?: { dir: string; files: string[] };
  /** `/usr/bin/containerd` (Main PID's command line, shown in the CGroup tree) */
  exec: string;
  /** ExecStartPre lines shown after a failed start */
  execStartPre?: string[];
  /** the process name in journal lines: `containerd` */
  ident: string;
  memory: string;
  /** extra processes in the cgroup (containerd-shim, dockerd's children), given the Main PID of the first start */
  children?: (pid: number) => string[];
  restartAlways?: boolean;
  restartSec?: number;
  /** the daemon's log lines when it starts successfully */
  startLog?: (at: number) => string[];
  /** start hook: undefined = came up; a string = the error the process exits with */
  onStart?: () => string | undefined;
  onStop?: () => void;
}

export interface UnitEnv {
  host: string;
  now(): number;
  nextPid(): number;
}

interface JournalLine {
  at: number;
  ident: string;
  pid: number;
  text: string;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const p2 = (n: number) => String(n).padStart(2, '0');

/** `Sun 2026-11-22 01:00:00 UTC` */
export function systemdTime(ms: number): string {
  const d = new Date(ms);
  return `${DAYS[d.getUTCDay()]} ${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} UTC`;
}

/** `Nov 22 01:00:00` (journal prefix) */
export function journalTime(ms: number): string {
  const d = new Date(ms);
  return `${MONTHS[d.getUTCMonth()]} ${p2(d.getUTCDate())} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`;
}

/** systemd's format_timestamp_relative: `3 days ago`, `2min 3s ago`, `5s ago`. */
export function systemdAgo(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const USEC_MIN = 60, HOUR = 3600, DAY = 86400, WEEK = 7 * DAY, MONTH = 2629800, YEAR = 31557600;
  if (s >= YEAR) return `${Math.floor(s / YEAR)} years ${Math.floor((s % YEAR) / MONTH)} months ago`;
  if (s >= MONTH) return `${Math.floor(s / MONTH)} months ${Math.floor((s % MONTH) / DAY)} days ago`;
  if (s >= WEEK) return `${Math.floor(s / WEEK)} weeks ${Math.floor((s % WEEK) / DAY)} days ago`;
  if (s >= 2 * DAY) return `${Math.floor(s / DAY)} days ago`;
  if (s >= 25 * HOUR) return `1 day ${Math.floor((s - DAY) / HOUR)}h ago`;
  if (s >= 6 * HOUR) return `${Math.floor(s / HOUR)}h ago`;
  if (s >= HOUR) return `${Math.floor(s / HOUR)}h ${Math.floor((s % HOUR) / USEC_MIN)}min ago`;
  if (s >= 5 * USEC_MIN) return `${Math.floor(s / USEC_MIN)}min ago`;
  if (s >= USEC_MIN) return `${Math.floor(s / USEC_MIN)}min ${s % USEC_MIN}s ago`;
  return `${s}s ago`;
}

/** Go's logrus text timestamp: `2026-11-22T01:00:00.123456789Z` */
export function logrusTime(ms: number, salt = 0): string {
  const iso = new Date(ms).toISOString().slice(0, 19);
  const frac = String(((ms % 1000) * 1000000 + ((salt * 7919) % 1000000)) >>> 0).padStart(9, '0').slice(0, 9);
  return `${iso}.${frac}Z`;
}

export class Unit {
  readonly spec: UnitSpec;
  private readonly env: UnitEnv;
  state: ActiveState = 'inactive';
  enabled = true;
  since: number;
  pid: number | undefined;
  /** Main PID of the first successful start: children spawned then outlive restarts (KillMode=process) */
  private firstPid: number | undefined;
  /** the last failed attempt: its pid, and the error it exited with */
  private failure: { pid: number; prePid: number; error: string } | undefined;
  private nextRetry: number | undefined;
  readonly journal: JournalLine[] = [];

  constructor(spec: UnitSpec, env: UnitEnv) {
    this.spec = spec;
    this.env = env;
    this.since = env.now();
  }

  get name(): string {
    return this.spec.name;
  }

  private log(ident: string, pid: number, text: string, at = this.env.now()): void {
    this.journal.push({ at, ident, pid, text });
    if (this.journal.length > 200) this.journal.splice(0, this.journal.length - 200);
  }

  /** a start at boot that falls due at this virtual ms (the machine is rebooting until then) */
  private pendingBoot: number | undefined;

  /** Start at `at` (a reboot's end), when someone first looks at the unit after it. */
  bootAt(at: number): void {
    this.pendingBoot = at;
  }

  /** Run auto-restarts that fell due (Restart=always, RestartSec). */
  tick(): void {
    if (this.pendingBoot !== undefined && this.env.now() >= this.pendingBoot) {
      const at = this.pendingBoot;
      this.pendingBoot = undefined;
      this.attempt(at);
    }
    while (this.state === 'activating' && this.nextRetry !== undefined && this.env.now() >= this.nextRetry) {
      const at = this.nextRetry;
      this.nextRetry = undefined;
      this.log('systemd', 1, `${this.name}.service holdoff time over, scheduling restart.`, at);
      this.attempt(at);
    }
  }

  /** True while the daemon runs. */
  get running(): boolean {
    this.tick();
    return this.state === 'active';
  }

  private attempt(at: number): boolean {
    const prePid = this.env.nextPid();
    const pid = this.spec.execStartPre?.length ? this.env.nextPid() : prePid;
    this.log('systemd', 1, `Starting ${this.spec.description}...`, at);
    const error = this.spec.onStart?.();
    if (error === undefined) {
      this.state = 'active';
      this.since = at;
      this.pid = pid;
      this.firstPid ??= pid;
      this.failure = undefined;
      for (const l of this.spec.startLog?.(at) ?? []) this.log(this.spec.ident, pid, l, at);
      this.log('systemd', 1, `Started ${this.spec.description}.`, at);
      return true;
    }
    this.pid = undefined;
    this.failure = { pid, prePid, error };
    this.since = at;
    for (const l of error.split('\n')) this.log(this.spec.ident, pid, l, at);
    this.log('systemd', 1, `${this.name}.service: main process exited, code=exited, status=1/FAILURE`, at);
    this.log('systemd', 1, `Failed to start ${this.spec.description}.`, at);
    this.log('systemd', 1, `Unit ${this.name}.service entered failed state.`, at);
    this.log('systemd', 1, `${this.name}.service failed.`, at);
    if (this.spec.restartAlways) {
      this.state = 'activating';
      this.nextRetry = at + (this.spec.restartSec ?? 5) * 1000;
    } else this.state = 'failed';
    return false;
  }

  /** Bring the unit up as at boot (no journal noise about Starting). */
  boot(at: number): void {
    this.attempt(at);
  }

  start(): { ok: boolean } {
    this.tick();
    if (this.state === 'active') return { ok: true };
    return { ok: this.attempt(this.env.now()) };
  }

  stop(): void {
    this.tick();
    this.pendingBoot = undefined;
    const now = this.env.now();
    if (this.state === 'active') {
      this.log('systemd', 1, `Stopping ${this.spec.description}...`, now);
      this.spec.onStop?.();
      this.log('systemd', 1, `Stopped ${this.spec.description}.`, now);
    }
    this.state = 'inactive';
    this.pid = undefined;
    this.nextRetry = undefined;
    this.failure = undefined;
    this.since = now;
  }

  restart(): { ok: boolean } {
    this.stop();
    return this.start();
  }

  isActiveWord(): string {
    this.tick();
    return this.state === 'activating' ? 'activating' : this.state;
  }

  /** What `systemctl status <name>` prints. */
  statusText(lines = 10): string {
    this.tick();
    const s = this.spec;
    const now = this.env.now();
    const dot = this.state === 'active' ? '●' : this.state === 'failed' ? '●' : this.state === 'activating' ? '●' : '●';
    const out: string[] = [];
    out.push(`${dot} ${s.name}.service - ${s.description}`);
    out.push(`   Loaded: loaded (${s.path}; ${this.enabled ? 'enabled' : 'disabled'}; vendor preset: disabled)`);
    if (s.dropIns) {
      out.push(`  Drop-In: ${s.dropIns.dir}`);
      s.dropIns.files.forEach((f, i) => out.push(`           ${i === s.dropIns!.files.length - 1 ? '└─' : '├─'}${f}`));
    }
    const when = `since ${systemdTime(this.since)}; ${systemdAgo(now - this.since)}`;
    if (this.state === 'active') out.push(`   Active: active (running) ${when}`);
    else if (this.state === 'activating') out.push(`   Active: activating (auto-restart) (Result: exit-code) ${when}`);
    else if (this.state === 'failed') out.push(`   Active: failed (Result: exit-code) ${when}`);
    else out.push(`   Active: inactive (dead)${this.journal.length ? ` ${when}` : ''}`);
    s.docs.forEach((d, i) => out.push(`${i === 0 ? '     Docs: ' : '           '}${d}`));
    if (this.state === 'active' && this.pid !== undefined) {
      out.push(` Main PID: ${this.pid} (${s.ident})`);
      out.push(`   Memory: ${s.memory}`);
      // systemd lists a cgroup's processes by PID
      const procs = [`${this.pid} ${s.exec}`, ...(s.children?.(this.firstPid ?? this.pid) ?? [])].sort((a, b) => parseInt(a) - parseInt(b));
      out.push(`   CGroup: /system.slice/${s.name}.service`);
      procs.forEach((p, i) => out.push(`           ${i === procs.length - 1 ? '└─' : '├─'}${p}`));
    } else if (this.failure) {
      out.push(`  Process: ${this.failure.pid} ExecStart=${s.exec} (code=exited, status=1/FAILURE)`);
      for (const pre of s.execStartPre ?? []) out.push(`  Process: ${this.failure.prePid} ExecStartPre=${pre} (code=exited, status=0/SUCCESS)`);
      out.push(` Main PID: ${this.failure.pid} (code=exited, status=1/FAILURE)`);
    }
    const tail = this.journal.slice(-lines);
    if (tail.length) {
      out.push('');
      for (const j of tail) out.push(`${journalTime(j.at)} ${this.env.host} ${j.ident}[${j.pid}]: ${j.text}`);
    }
    return out.join('\n') + '\n';
  }

  /** `journalctl -u <name>` lines. */
  journalLines(): string[] {
    this.tick();
    return this.journal.map((j) => `${journalTime(j.at)} ${this.env.host} ${j.ident}[${j.pid}]: ${j.text}`);
  }
}
