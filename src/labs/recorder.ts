// Records a learner's session in a lab as submission events (command lines, lines typed to programs,
// files saved by editors), with virtual time since the lab started, and writes the submission file.
import type { ShellSession } from '../shell/session.ts';
import type { LabSession } from './runtime.ts';
import { SUBMISSION_FORMAT } from './submission.ts';
import type { Submission, SubmissionEvent } from './submission.ts';

export interface RecorderOptions {
  session: LabSession;
  learner: string;
  /** the variant seed the learner's lab was started with (default: session.seed) */
  seed?: number;
  /** the course version (package.json version) */
  course: string;
  /** ISO wall-clock time the lab started, from the embedder's clock (informational) */
  startedAt?: string;
}

export interface Recorder {
  /** Start recording what `shell` runs; returns a function that stops. Several shells may be attached. */
  attach(shell: ShellSession): () => void;
  /** the events so far, in order */
  events(): SubmissionEvent[];
  /** virtual ms since the lab (re)started */
  elapsed(): number;
  /** The submission as of now: claimed = the checkpoints evaluated now. `submittedAt` is informational (ISO). */
  submission(submittedAt?: string): Submission;
  /** forget the events (the lab was reset); called on its own when the lab session resets */
  clear(): void;
  dispose(): void;
}

export function createRecorder(opts: RecorderOptions): Recorder {
  const { session } = opts;
  const clock = () => session.cluster.clock.now();
  let startAt = clock();
  let startedAt = opts.startedAt ?? new Date(0).toISOString();
  let events: SubmissionEvent[] = [];
  const t = () => Math.max(0, Math.round(clock() - startAt));
  const offReset = session.onReset(() => recorder.clear());
  const detachers = new Set<() => void>();

  const recorder: Recorder = {
    attach(shell) {
      const sh = shell.interpreter;
      const offCommand = shell.onCommand((line) => {
        events.push({ kind: 'command', t: t(), line });
      });
      const prevFile = sh.onFileSaved;
      const prevInput = sh.onInputLine;
      sh.onFileSaved = (host, path, content) => {
        prevFile?.(host, path, content);
        events.push({ kind: 'file', t: t(), host, path, content });
      };
      sh.onInputLine = (line) => {
        prevInput?.(line);
        events.push({ kind: 'input', t: t(), line });
      };
      const detach = () => {
        offCommand();
        sh.onFileSaved = prevFile;
        sh.onInputLine = prevInput;
        detachers.delete(detach);
      };
      detachers.add(detach);
      return detach;
    },
    events: () => [...events],
    elapsed: t,
    submission(submittedAt) {
      const now = t();
      return {
        format: SUBMISSION_FORMAT,
        course: opts.course,
        lab: session.lab.id,
        learner: opts.learner,
        seed: opts.seed ?? session.seed,
        startedAt,
        submittedAt: submittedAt ?? startedAt,
        durationMs: events.length ? events.at(-1)!.t : 0,
        events: [...events],
        claimed: session.evaluate().map((r) => ({ id: r.id, passed: r.passed })),
        claimedAt: now,
      };
    },
    clear() {
      events = [];
      startAt = clock();
      if (opts.startedAt) startedAt = opts.startedAt;
    },
    dispose() {
      offReset();
      for (const d of [...detachers]) d();
    },
  };
  return recorder;
}
