// The bridge between a chapter page and a lab: lab session (cluster), shell, clock, xterm, progress.
// Everything heavy arrives through this module, which the page loads with a dynamic import.
import { parseLab } from '../labs/parse.ts';
import { createLabProgram } from '../labs/program.ts';
import { createLabSession } from '../labs/runtime.ts';
import type { Lab } from '../labs/schema.ts';
export { sandboxLab } from './sandbox-lab.ts';
import type { LabSession } from '../labs/runtime.ts';
import type { Cluster } from '../cluster/types.ts';
import { ShellSession } from '../shell/session.ts';
import { startClockDriver } from './clock-driver.ts';
import { clearProgress, loadProgress, recordCommand, recordEvent, recordPassed, saveProgress } from './progress-store.ts';
import type { Attempt, LabProgress as SavedProgress, ProgressStorage } from './progress-store.ts';
import { instantiate, variantOf } from '../labs/variants.ts';
import type { Submission, SubmissionEvent } from '../labs/submission.ts';
import { runRecordedEvents } from '../labs/replay.ts';
import { getLearner } from './learner-store.ts';
import { buildSubmission } from './submission-build.ts';
import { createTerminalView } from './terminal-view.ts';
import type { TerminalView } from './terminal-view.ts';

const labYaml = import.meta.glob<string>('/labs/*/lab.yaml', { query: '?raw', import: 'default' });
const labFiles = import.meta.glob<string>('/labs/*/**/*', { query: '?raw', import: 'default' });

/** Loads and validates labs/<id>/lab.yaml, with the files beside it that it names. */
export async function loadLab(id: string) {
  const load = labYaml[`/labs/${id}/lab.yaml`];
  if (!load) throw new Error(`unknown lab "${id}"`);
  const files: Record<string, string> = {};
  const prefix = `/labs/${id}/`;
  await Promise.all(
    Object.entries(labFiles)
      .filter(([path]) => path.startsWith(prefix) && path !== `${prefix}lab.yaml`)
      .map(async ([path, read]) => {
        files[path.slice(prefix.length)] = await read();
      }),
  );
  return parseLab(await load(), { source: `labs/${id}/lab.yaml`, files });
}

export interface StartLabOptions {
  labId: string;
  /** the lab itself, instead of loading labs/<labId>/lab.yaml (a sandbox) */
  lab?: Lab;
  /** the box xterm renders into */
  screen: HTMLElement;
  storage?: ProgressStorage;
  /** every checkpoint passed so far (saved and live), whenever that set changes */
  onCheckpoints(passedIds: string[]): void;
  /** after any reset (panel button or `lab reset` in the shell) */
  onReset?(): void;
  /** the window title a terminal would show, `root@node1: ~`, whenever it changes (ssh, cd) */
  onTitle?(title: string): void;
  /** a sentence for the learner: saved progress migrated or recovered, a session restored */
  onNotice?(message: string): void;
  /** `lab solution` prints the reference solution (a workshop that shows solutions) */
  allowSolution?: boolean;
  /** course version written into submissions */
  course?: string;
}

/** A lab running on the page. Also what `window.__kubeclass.labs[id]` exposes to instructors and tests. */
export interface LabRuntime {
  readonly labId: string;
  readonly session: LabSession;
  /** the current cluster (a reset replaces it) */
  readonly cluster: Cluster;
  /** checkpoint id -> 'passed' | 'open', as the panel shows it */
  checkpoints(): Record<string, 'open' | 'passed'>;
  /** the saved progress record */
  progress(): SavedProgress;
  /** Advance the simulated cluster by `ms` at once (instructor/test hook; `sleep` in the shell still waits real time). */
  fastForward(ms: number): void;
  /** true while a command runs (the shell is not at its prompt) */
  readonly busy: boolean;
  /** Feed keystrokes to the shell as if typed (`\r` is Enter, `\t` is Tab). */
  input(data: string): void;
  /** The terminal's text, one string per line (from xterm's buffer). */
  lines(): string[];
  /** The terminal line the cursor is on. */
  cursorLine(): string;
  focus(): void;
  /** A fresh cluster in the lab's starting state; clears saved progress. */
  reset(): Promise<void>;
  /** The submission for this attempt (learner, seed, events since the start, checkpoint results shown). */
  submission(): { submission: Submission } | { error: string };
  /** the learner id and variant seed this attempt runs with */
  readonly learner: string;
  readonly seed: number;
  dispose(): void;
}

export async function startLab(options: StartLabOptions): Promise<LabRuntime> {
  const { labId, storage } = options;
  const base = options.lab ?? (await loadLab(labId));
  const learner = getLearner(storage);
  // the learner's own variant: same learner, same lab text, start and checkpoints (the grader derives it too)
  const variant = variantOf(base, learner || undefined);
  const lab = instantiate(base, variant.params);
  const session = await createLabSession({ lab, seed: variant.seed, realtime: true });

  let saved = loadProgress(storage, labId, (m) => {
    console.warn(m);
    options.onNotice?.(m.replace(/^kubeclass: saved progress/, 'Saved progress'));
  });
  const passedIds = () => lab.tasks.flatMap((t) => t.checkpoints.map((c) => c.id)).filter((id) => saved.passed[id]);
  const publish = () => options.onCheckpoints(passedIds());
  const checkpointIds = lab.tasks.flatMap((t) => t.checkpoints.map((c) => c.id));

  // Virtual time of the attempt: ms since this cluster started (a reset starts a new attempt at 0).
  let startClock = session.cluster.clock.now();
  const newAttempt = (): Attempt => ({ learner, seed: variant.seed, startedAt: new Date().toISOString(), events: [] });
  const attempt = saved.attempt;
  const restorable = attempt && attempt.seed === variant.seed && attempt.learner === learner;
  if (!restorable) {
    if (attempt && attempt.events.length) {
      options.onNotice?.('Your name or the lab changed since the last visit, so this is a new attempt: the earlier record was replaced.');
    }
    saved.attempt = newAttempt();
    saveProgress(storage, saved);
  } else if (attempt.events.length) {
    // A reload gives a fresh cluster: replay the recorded session so the cluster is where the learner left it.
    const replayed = await restoreSession(session, attempt.events, startClock);
    options.onNotice?.(
      replayed.failed
        ? `The page was reloaded: ${replayed.ran} of your ${attempt.events.length} recorded steps were replayed to restore the cluster (${replayed.failed}).`
        : `The page was reloaded: your ${replayed.ran} recorded step${replayed.ran === 1 ? ' was' : 's were'} replayed to restore the cluster.`,
    );
  }

  const columns = () => view?.term.cols ?? 80;
  let view: TerminalView | undefined;
  const makeShell = (cluster: Cluster, history: readonly string[]) => {
    const shell = new ShellSession({
      cluster,
      realtime: true,
      programs: { lab: createLabProgram(session, { allowSolution: options.allowSolution }) },
      columns: columns(),
      history: [...history],
    });
    // the submission record: the same three kinds of event as the CLI's recorder (src/labs/recorder.ts)
    const t = () => Math.max(0, Math.round(session.cluster.clock.now() - startClock));
    shell.onCommand((line) => {
      recordCommand(saved, line);
      if (line.trim()) recordEvent(saved, { kind: 'command', t: t(), line });
      saveProgress(storage, saved);
    });
    const sh = shell.interpreter;
    sh.onFileSaved = (host, path, content) => {
      recordEvent(saved, { kind: 'file', t: t(), host, path, content });
      saveProgress(storage, saved);
    };
    sh.onInputLine = (line) => {
      recordEvent(saved, { kind: 'input', t: t(), line });
      saveProgress(storage, saved);
    };
    let title = '';
    shell.onOutput(() => {
      const cwd = shell.cwd === '/root' ? '~' : shell.cwd.replace(/^\/root\//, '~/');
      const next = `root@${shell.host}: ${cwd}`;
      if (next !== title) options.onTitle?.((title = next));
    });
    return shell;
  };

  let shell = makeShell(session.cluster, saved.history);
  view = createTerminalView(options.screen, shell);
  shell.start();

  const clock = startClockDriver({ advance: (ms) => session.cluster.advance(ms) });

  session.onProgress((p) => {
    recordPassed(saved, p.achieved, new Date());
    // the latest checkpoint results with their virtual time: what a workshop page's bundle claims
    if (saved.attempt) {
      saved.attempt.claimed = p.results.map((r) => ({ id: r.id, passed: r.passed }));
      saved.attempt.claimedAt = Math.max(0, Math.round(session.cluster.clock.now() - startClock));
    }
    saveProgress(storage, saved);
    publish();
  });

  // A reset (panel button or `lab reset`) replaces the cluster: start over with a fresh shell on it.
  session.onReset((cluster) => {
    // progress goes; command history stays, like a fresh login on the same machine
    const history = [...shell.history];
    saved = { v: saved.v, labId, passed: {}, history: saved.history };
    clearProgress(storage, labId);
    startClock = cluster.clock.now();
    saved.attempt = newAttempt();
    saveProgress(storage, saved);
    shell = makeShell(cluster, history);
    view!.attach(shell);
    view!.term.write(`Lab "${lab.title}" reset: a fresh cluster in the starting state.\r\n`);
    shell.start();
    publish();
    options.onReset?.();
  });

  // Checkpoints passed in an earlier visit stay passed; the live cluster adds to them.
  recordPassed(saved, session.progress().achieved, new Date());
  publish();

  return {
    labId,
    session,
    get cluster() {
      return session.cluster;
    },
    get busy() {
      return shell.busy;
    },
    checkpoints() {
      const out: Record<string, 'open' | 'passed'> = {};
      for (const t of lab.tasks) for (const c of t.checkpoints) out[c.id] = saved.passed[c.id] ? 'passed' : 'open';
      return out;
    },
    progress() {
      return structuredClone(saved);
    },
    fastForward(ms) {
      clock.fastForward(ms);
    },
    input(data) {
      shell.input(data);
    },
    lines() {
      return view!.lines();
    },
    cursorLine() {
      return view!.cursorLine();
    },
    focus() {
      view!.focus();
    },
    reset() {
      return session.reset();
    },
    learner,
    seed: variant.seed,
    submission() {
      // claims are what the checkpoints say now, at this virtual moment: the grader checks them there
      const claims = { claimed: session.evaluate().map((r) => ({ id: r.id, passed: r.passed })), claimedAt: Math.max(0, Math.round(session.cluster.clock.now() - startClock)) };
      return buildSubmission({ progress: saved, course: options.course ?? '0.0.0', checkpointIds, learner, now: new Date(), claims });
    },
    dispose() {
      clock.stop();
      session.dispose();
      view!.dispose();
    },
  };
}

/**
 * Replays recorded events into a freshly started cluster, headless, each at its virtual time; the
 * same steps as the grader's replay (src/labs/replay.ts), so the restored cluster is the one it sees.
 */
async function restoreSession(session: LabSession, events: readonly SubmissionEvent[], startClock: number): Promise<{ ran: number; failed?: string }> {
  const cluster = session.cluster;
  const shell = new ShellSession({ cluster, realtime: false, programs: { lab: createLabProgram(session) } });
  const progress = { ran: 0 };
  try {
    await runRecordedEvents(shell, cluster, events, startClock, { progress });
  } catch (e) {
    return { ran: progress.ran, failed: `step ${progress.ran + 1} failed: ${(e as Error).message}` };
  } finally {
    shell.endJobs();
  }
  return { ran: progress.ran };
}

