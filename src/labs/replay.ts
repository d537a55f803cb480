// Replaying a submission: the learner's variant from their id, the lab's start, every recorded event at
// its virtual time, then the checkpoints computed here. The file's own claims are only compared.
import type { Cluster } from '../cluster/types.ts';
import { ShellSession } from '../shell/session.ts';
import { createLabProgram } from './program.ts';
import { createLabSession } from './runtime.ts';
import type { CheckpointResult } from './runtime.ts';
import type { Lab } from './schema.ts';
import type { Submission, SubmissionEvent } from './submission.ts';
import { instantiate, variantOf } from './variants.ts';

export type ReplayStatus = 'ok' | 'altered' | 'variant mismatch' | 'error';

export interface ReplayBudget {
  /** virtual ms a submission may run past its last event (a `sleep 999999` is cut off there); default 1 h */
  maxVirtualMs?: number;
  /** shell steps (commands, loop turns) for the whole replay; default 50,000 */
  maxSteps?: number;
  /** real ms for the whole replay, measured with `now` (the CLI passes performance.now); no limit without `now` */
  maxRealMs?: number;
  /** a wall clock for maxRealMs, injected by the embedder: the simulation itself never reads one */
  now?: () => number;
}

export interface ReplayOutcome {
  status: ReplayStatus;
  /** why: the checkpoints whose claims differ, the variant mismatch, the error */
  message?: string;
  /** the checkpoints as the replay computed them (after the cluster settled) */
  results: CheckpointResult[];
  points: number;
  maxPoints: number;
  /** what the replayed commands printed */
  transcript: string;
}

/** A replay cut off because it ran past its budget. */
export class BudgetExceeded extends Error {}

const DEFAULT_VIRTUAL_MS = 60 * 60_000;
const DEFAULT_STEPS = 50_000;
const DEFAULT_REAL_MS = 5_000;

function zeroResults(lab: Lab): CheckpointResult[] {
  return lab.tasks.flatMap((task) => task.checkpoints.map((cp) => ({ id: cp.id, taskId: task.id, title: cp.title, points: cp.points, passed: false })));
}

function score(results: CheckpointResult[]): { points: number; maxPoints: number } {
  return { points: results.reduce((n, r) => n + (r.passed ? r.points : 0), 0), maxPoints: results.reduce((n, r) => n + r.points, 0) };
}

/** Write a recorded file where it was saved: a machine's file system, or a container's through the runtime. */
export function writeRecordedFile(cluster: Cluster, ev: Extract<SubmissionEvent, { kind: 'file' }>): void {
  const m = /^pod:([^/]+)\/([^/]+)\/(.+)$/.exec(ev.host);
  const fs = m ? cluster.runtime?.exec(m[1]!, m[2]!, m[3]!)?.fs : cluster.hosts.get(ev.host)?.fs;
  if (!fs) return;
  const dir = ev.path.slice(0, ev.path.lastIndexOf('/')) || '/';
  try {
    if (!fs.exists(dir)) fs.mkdir(dir, { parents: true });
    fs.write(ev.path, ev.content);
  } catch {
    // the editor could not have saved there either (a directory, a read-only path): nothing changes
  }
}

/**
 * Run recorded events into `shell`, each at its virtual time since `startAt`: the same steps for the
 * grader and for a reloaded page, so both rebuild the same cluster. An editor run takes the file saves
 * recorded right after its command line; a program's prompt takes the next recorded input line.
 * `after` runs after each event (a budget check); `progress.ran` counts the events run.
 */
export async function runRecordedEvents(
  shell: ShellSession,
  cluster: Cluster,
  events: readonly SubmissionEvent[],
  startAt: number,
  opts: { out?: (s: string) => void; after?: () => void; progress?: { ran: number } } = {},
): Promise<void> {
  const sh = shell.interpreter;
  const catchUp = (t: number) => {
    const due = startAt + t - cluster.clock.now();
    if (due > 0) cluster.advance(due);
  };
  let i = 0;
  sh.replayEditor = async () => {
    while (i < events.length && events[i]!.kind === 'file') {
      const ev = events[i++] as Extract<SubmissionEvent, { kind: 'file' }>;
      catchUp(ev.t);
      writeRecordedFile(cluster, ev);
    }
    return 0;
  };
  const input = () => {
    const ev = events[i];
    if (!ev || ev.kind !== 'input') return null;
    i++;
    catchUp(ev.t);
    return ev.line;
  };
  const out = opts.out ?? (() => {});
  while (i < events.length) {
    const ev = events[i++]!;
    const due = startAt + ev.t - cluster.clock.now();
    if (due > 0) await sh.timers.advance(due);
    if (ev.kind === 'command') await shell.runEntered(ev.line, out, input);
    else if (ev.kind === 'file') writeRecordedFile(cluster, ev);
    if (opts.progress) opts.progress.ran++;
    opts.after?.();
  }
}

/** Replay `sub` in `lab` (the lab as loaded, before variants). Never throws for bad submissions. */
export async function replaySubmission(sub: Submission, lab: Lab, budget: ReplayBudget = {}): Promise<ReplayOutcome> {
  const variant = variantOf(lab, sub.learner);
  if (variant.seed !== sub.seed) {
    const results = zeroResults(lab);
    return { status: 'variant mismatch', message: "variant mismatch: this file was made for another learner's variant", results, ...score(results), transcript: '' };
  }
  const inst = instantiate(lab, variant.params);
  const session = await createLabSession({ lab: inst, seed: variant.seed, realtime: false });
  let transcript = '';
  const out = (s: string) => {
    if (transcript.length < 200_000) transcript += s;
  };
  try {
    const cluster = session.cluster;
    const startAt = cluster.clock.now();
    const shell = new ShellSession({ cluster, realtime: false, programs: { lab: createLabProgram(session) } });
    const sh = shell.interpreter;
    const events = sub.events;
    const lastT = events.reduce((m, e) => Math.max(m, e.t), sub.claimedAt ?? sub.durationMs);
    const maxSteps = budget.maxSteps ?? DEFAULT_STEPS;
    const deadline = startAt + lastT + (budget.maxVirtualMs ?? DEFAULT_VIRTUAL_MS);
    let steps = 0;
    let cut: string | undefined;
    const wall = budget.now;
    const maxReal = budget.maxRealMs ?? DEFAULT_REAL_MS;
    const realDeadline = wall ? wall() + maxReal : Infinity;
    sh.onStep = () => {
      if (cut) throw new BudgetExceeded(cut);
      if (++steps > maxSteps) cut = `cut off: a command ran more than ${maxSteps.toLocaleString('en-US')} shell steps`;
      else if (wall && (steps & 63) === 0 && wall() > realDeadline) cut = `cut off: the replay took more than ${maxReal / 1000} s of real time`;
      else if (cluster.clock.now() > deadline) cut = `cut off: a command ran more than ${Math.round((budget.maxVirtualMs ?? DEFAULT_VIRTUAL_MS) / 60_000)} min of virtual time past the last event`;
      if (cut) throw new BudgetExceeded(cut);
    };
    const advanceTo = async (t: number) => {
      const target = startAt + t;
      const now = cluster.clock.now();
      if (target > now) await sh.timers.advance(target - now);
    };
    try {
      // an input event no program read: the terminal would have shown it at the prompt, nothing ran
      await runRecordedEvents(shell, cluster, events, startAt, {
        out,
        after: () => {
          if (cut) throw new BudgetExceeded(cut);
        },
      });
      shell.endJobs();
    } catch (e) {
      shell.endJobs();
      const results = zeroResults(inst);
      const message = e instanceof BudgetExceeded ? e.message : `error: replay failed: ${e instanceof Error ? e.message : String(e)}`;
      return { status: 'error', message, results, ...score(results), transcript };
    }
    sh.onStep = undefined;
    await advanceTo(sub.claimedAt ?? sub.durationMs);
    const atClaim = session.evaluate();
    const known = new Map(atClaim.map((r) => [r.id, r.passed]));
    const differ = sub.claimed.filter((c) => known.get(c.id) !== c.passed).map((c) => (known.has(c.id) ? `${c.id} (claims ${c.passed ? 'pass' : 'fail'}, replay ${c.passed ? 'fails' : 'passes'})` : `${c.id} (no such checkpoint)`));
    cluster.settle();
    const results = session.evaluate();
    const status: ReplayStatus = differ.length ? 'altered' : 'ok';
    return { status, message: differ.length ? `altered: ${differ.join(', ')}` : undefined, results, ...score(results), transcript };
  } finally {
    session.dispose();
  }
}
