// Background jobs (`cmd &`): the job table bash keeps, its status lines, job specs (%1, %+, %sleep),
// and the headless clock that lets background jobs sleep while the foreground advances time.
import type { Cluster } from '../cluster/types.ts';

/** Signals a job can be stopped with, as `kill` names them; `text` is what bash prints (strsignal). */
export const SIGNALS: Record<string, { num: number; text: string }> = {
  HUP: { num: 1, text: 'Hangup' },
  INT: { num: 2, text: 'Interrupt' },
  QUIT: { num: 3, text: 'Quit' },
  KILL: { num: 9, text: 'Killed' },
  USR1: { num: 10, text: 'User defined signal 1' },
  USR2: { num: 12, text: 'User defined signal 2' },
  PIPE: { num: 13, text: 'Broken pipe' },
  ALRM: { num: 14, text: 'Alarm clock' },
  TERM: { num: 15, text: 'Terminated' },
};

export interface Job {
  /** job number, `[1]` */
  id: number;
  pid: number;
  /** the command as typed, blanks collapsed */
  text: string;
  /** working directory when started */
  wd: string;
  state: 'running' | 'done';
  /** exit status once done (128+N when killed by signal N) */
  status: number;
  /** the signal that ended it, when one did */
  signal?: string;
  /** reported (or waited for): no more notice */
  notified: boolean;
  /** `kill` was typed on this command line: bash reaps the job after the prompt is drawn, so the notice waits a line */
  heldUntil?: number;
  /** order of start, for the current (+) and previous (-) job */
  seq: number;
  /** resolves with the exit status when the job ends */
  done: Promise<number>;
  /** deliver a signal (aborts the job's programs) */
  kill(signal: string): void;
}

const STATUS_WIDTH = 24;

/** `/root/x` as `~/x` when under HOME. */
function politeDir(dir: string, home: string): string {
  if (dir === home) return '~';
  if (home !== '/' && dir.startsWith(home + '/')) return '~' + dir.slice(home.length);
  return dir;
}

export class JobTable {
  readonly jobs: Job[] = [];
  private started = 0;

  nextId(): number {
    return this.jobs.reduce((m, j) => Math.max(m, j.id), 0) + 1;
  }

  nextSeq(): number {
    return ++this.started;
  }

  add(job: Job): void {
    this.jobs.push(job);
  }

  remove(job: Job): void {
    const i = this.jobs.indexOf(job);
    if (i >= 0) this.jobs.splice(i, 1);
  }

  /** The current job (`+`): the most recently started one; previous (`-`): the one before. */
  private marks(): { current?: Job; previous?: Job } {
    const order = [...this.jobs].sort((a, b) => b.seq - a.seq);
    return { current: order[0], previous: order[1] };
  }

  mark(job: Job): string {
    const m = this.marks();
    return job === m.current ? '+' : job === m.previous ? '-' : ' ';
  }

  /** What `jobs` and the notices say about a job's state. */
  static statusText(job: Job): string {
    if (job.state === 'running') return 'Running';
    if (job.signal) return SIGNALS[job.signal]?.text ?? `Signal ${job.signal}`;
    return job.status === 0 ? 'Done' : `Exit ${job.status}`;
  }

  /** `[1]+  Running                 sleep 100 &` (long: `[1]+  4321 Running …`). */
  line(job: Job, opts: { long?: boolean; cwd: string; home: string }): string {
    const status = JobTable.statusText(job);
    let out = `[${job.id}]${this.mark(job)} `;
    out += opts.long ? `${String(job.pid).padStart(5)} ` : ' ';
    out += status + ' '.repeat(Math.max(0, STATUS_WIDTH - status.length)) + job.text;
    if (job.state === 'running') out += ' &';
    if (job.wd !== opts.cwd) out += `  (wd: ${politeDir(job.wd, opts.home)})`;
    return out + '\n';
  }

  /** Find a job by a job spec: `%1`, `1`, `%%`, `%+`, `%-`, `%name` (command prefix), `%?text`. */
  find(spec: string | undefined): Job | undefined {
    const m = this.marks();
    if (spec === undefined || spec === '%' || spec === '%%' || spec === '%+') return m.current;
    if (spec === '%-') return m.previous;
    const s = spec.startsWith('%') ? spec.slice(1) : spec;
    if (/^\d+$/.test(s)) return this.jobs.find((j) => j.id === Number(s));
    if (!spec.startsWith('%')) return undefined;
    if (s.startsWith('?')) return this.jobs.find((j) => j.text.includes(s.slice(1)));
    return [...this.jobs].sort((a, b) => b.seq - a.seq).find((j) => j.text.startsWith(s));
  }

  /** Notices bash prints before the prompt: finished background jobs not yet reported (then forgotten). */
  notices(opts: { line: number; cwd: string; home: string }): string {
    let out = '';
    for (const job of [...this.jobs]) {
      if (job.state !== 'done') continue;
      if (job.notified) {
        this.remove(job);
        continue;
      }
      if (job.heldUntil !== undefined && opts.line <= job.heldUntil) continue;
      // SIGINT is not reported (the terminal already showed ^C)
      if (job.signal !== 'INT') {
        out += this.line(job, { cwd: opts.cwd, home: opts.home });
        if (job.wd !== opts.cwd) out += `(wd now: ${politeDir(opts.cwd, opts.home)})\n`;
      }
      job.notified = true;
      this.remove(job);
    }
    return out;
  }
}

interface Waiter {
  at: number;
  order: number;
  resolve: () => void;
}

/**
 * Headless virtual time with background jobs: a background job's sleep waits for the clock to reach
 * its moment; the foreground's sleep advances the clock in steps, waking background jobs on the way.
 */
export class VirtualTimers {
  private readonly cluster: Cluster;
  private waiters: Waiter[] = [];
  private order = 0;

  constructor(cluster: Cluster) {
    this.cluster = cluster;
  }

  get pending(): number {
    return this.waiters.length;
  }

  /** A background job waits `ms` of virtual time (or until aborted). */
  wait(ms: number, signal: AbortSignal): Promise<void> {
    if (signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const w: Waiter = {
        at: this.cluster.clock.now() + Math.max(0, ms),
        order: this.order++,
        resolve: () => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = () => {
        this.waiters = this.waiters.filter((x) => x !== w);
        resolve();
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(w);
    });
  }

  /** Let queued background work run (their promise continuations). */
  async flush(): Promise<void> {
    await new Promise((r) => setTimeout(r, 0));
  }

  private earliest(): Waiter | undefined {
    let best: Waiter | undefined;
    for (const w of this.waiters) if (!best || w.at < best.at || (w.at === best.at && w.order < best.order)) best = w;
    return best;
  }

  /** Wake every waiter whose moment has come. */
  private wakeDue(): boolean {
    const now = this.cluster.clock.now();
    const due = this.waiters.filter((w) => w.at <= now).sort((a, b) => a.at - b.at || a.order - b.order);
    if (!due.length) return false;
    this.waiters = this.waiters.filter((w) => w.at > now);
    for (const w of due) w.resolve();
    return true;
  }

  /** The foreground lets `ms` pass: synchronous when no background job waits (as before jobs existed). */
  advance(ms: number): Promise<void> | void {
    const target = this.cluster.clock.now() + Math.max(0, ms);
    if (!this.waiters.some((w) => w.at <= target)) {
      this.cluster.advance(Math.max(0, ms));
      return;
    }
    return this.step(target);
  }

  private async step(target: number): Promise<void> {
    for (;;) {
      const w = this.earliest();
      const now = this.cluster.clock.now();
      if (!w || w.at > target) {
        if (target > now) this.cluster.advance(target - now);
        this.wakeDue();
        return;
      }
      if (w.at > now) this.cluster.advance(w.at - now);
      this.wakeDue();
      await this.flush();
    }
  }

  /**
   * Wait (headless) until `done` settles, moving the clock to each background wake-up in turn.
   * Returns false when nothing could ever finish it (it waits for a signal only).
   */
  async until(done: Promise<unknown>, signal: AbortSignal): Promise<boolean> {
    let finished = false;
    void done.then(
      () => (finished = true),
      () => (finished = true),
    );
    for (;;) {
      await this.flush();
      if (finished) return true;
      if (signal.aborted) return true;
      const w = this.earliest();
      if (!w) return false;
      const now = this.cluster.clock.now();
      if (w.at > now) this.cluster.advance(w.at - now);
      this.wakeDue();
    }
  }
}
