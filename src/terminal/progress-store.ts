// Lab progress kept in the browser: which checkpoints were passed (and when), the commands typed, and
// the record of the current attempt (events for "Download submission"). The simulated cluster
// restarts fresh on every page load; this record is what survives a reload.
import { submissionEventSchema } from '../labs/submission.ts';
import type { SubmissionEvent } from '../labs/submission.ts';

/** v1: passed + history; v2 adds `attempt` (the submission record). v1 records are migrated on load. */
export const PROGRESS_VERSION = 2;
const HISTORY_LIMIT = 200;
/** the submission format's own limit */
export const EVENT_LIMIT = 20_000;

/** One attempt at a lab since its last start or reset: what a submission is built from. */
export interface Attempt {
  /** learner id when the attempt started ('' when none was typed yet) */
  learner: string;
  /** the variant seed the cluster started from */
  seed: number;
  /** ISO wall-clock time the attempt started */
  startedAt: string;
  /** commands, answers and editor saves with virtual ms since the start */
  events: SubmissionEvent[];
  /** the checkpoint results last seen, and their virtual time (a workshop page's bundle claims these) */
  claimed?: { id: string; passed: boolean }[];
  claimedAt?: number;
}

export interface LabProgress {
  v: typeof PROGRESS_VERSION;
  labId: string;
  /** checkpoint id -> ISO time it first passed */
  passed: Record<string, string>;
  /** command lines typed in this lab, oldest first */
  history: string[];
  attempt?: Attempt;
}

/** The part of Web Storage we use, so tests can hand in a plain object. */
export interface ProgressStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export function progressKey(labId: string): string {
  return `kubeclass:lab:${labId}`;
}

export function emptyProgress(labId: string): LabProgress {
  return { v: PROGRESS_VERSION, labId, passed: {}, history: [] };
}

/**
 * Reads saved progress. An older version is migrated; a damaged record keeps what is still valid;
 * `warn` gets one sentence whenever anything was migrated, recovered or dropped.
 */
export function loadProgress(
  storage: ProgressStorage | undefined,
  labId: string,
  warn: (message: string) => void = (m) => console.warn(m),
): LabProgress {
  if (!storage) return emptyProgress(labId);
  let raw: string | null;
  try {
    raw = storage.getItem(progressKey(labId));
  } catch {
    return emptyProgress(labId); // storage disabled (privacy mode): run without persistence
  }
  if (raw === null) return emptyProgress(labId);
  const { progress, notice } = parseProgress(raw, labId);
  if (notice) warn(notice);
  return progress;
}

/** Parses one saved record: the progress that could be kept, and a notice when it was not kept as is. */
export function parseProgress(raw: string, labId: string): { progress: LabProgress; notice?: string } {
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return { progress: emptyProgress(labId), notice: `kubeclass: saved progress for lab "${labId}" is not valid JSON; starting fresh` };
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return { progress: emptyProgress(labId), notice: `kubeclass: saved progress for lab "${labId}" is not an object; starting fresh` };
  }
  const record = data as Record<string, unknown>;
  if (record.labId !== undefined && record.labId !== labId) {
    return {
      progress: emptyProgress(labId),
      notice: `kubeclass: ignoring saved progress for lab "${labId}": it belongs to lab ${JSON.stringify(record.labId)}; starting fresh`,
    };
  }
  const problems: string[] = [];
  const progress = emptyProgress(labId);
  if (record.v !== PROGRESS_VERSION && record.v !== 1) problems.push(`schema version ${JSON.stringify(record.v)} is unknown`);

  // passed: an object of timestamps; an old list of ids is kept with "unknown time" = the epoch
  const passed = record.passed;
  if (Array.isArray(passed)) {
    for (const id of passed) if (typeof id === 'string') progress.passed[id] = new Date(0).toISOString();
    problems.push('"passed" was a list');
  } else if (typeof passed === 'object' && passed !== null) {
    for (const [id, at] of Object.entries(passed)) {
      if (typeof at === 'string' && !Number.isNaN(Date.parse(at))) progress.passed[id] = at;
      else problems.push(`"passed.${id}" is not a timestamp`);
    }
  } else if (passed !== undefined) problems.push('"passed" is not an object');

  if (Array.isArray(record.history)) {
    progress.history = record.history.filter((l): l is string => typeof l === 'string').slice(-HISTORY_LIMIT);
    if (progress.history.length !== Math.min(record.history.length, HISTORY_LIMIT)) problems.push('"history" had entries that are not strings');
  } else if (record.history !== undefined) problems.push('"history" is not a list');

  if (record.attempt !== undefined) {
    const attempt = parseAttempt(record.attempt);
    if (attempt.attempt) progress.attempt = attempt.attempt;
    if (attempt.problem) problems.push(attempt.problem);
  }

  if (problems.length) {
    return { progress, notice: `kubeclass: saved progress for lab "${labId}" was damaged (${problems.join('; ')}); kept what was still valid` };
  }
  if (record.v === 1) return { progress, notice: `kubeclass: saved progress for lab "${labId}" came from an older version and was migrated` };
  return { progress };
}

function parseAttempt(value: unknown): { attempt?: Attempt; problem?: string } {
  if (typeof value !== 'object' || value === null) return { problem: '"attempt" is not an object' };
  const a = value as Record<string, unknown>;
  if (typeof a.learner !== 'string' || typeof a.seed !== 'number' || !Number.isInteger(a.seed) || typeof a.startedAt !== 'string') {
    return { problem: '"attempt" lacks learner, seed or start time' };
  }
  const events: SubmissionEvent[] = [];
  let dropped = 0;
  for (const e of Array.isArray(a.events) ? a.events : []) {
    const ok = submissionEventSchema.safeParse(e);
    if (ok.success) events.push(ok.data);
    else dropped++;
  }
  const attempt: Attempt = { learner: a.learner, seed: a.seed, startedAt: a.startedAt, events: events.slice(0, EVENT_LIMIT) };
  if (Array.isArray(a.claimed) && a.claimed.every((c) => typeof c?.id === 'string' && typeof c?.passed === 'boolean')) {
    attempt.claimed = (a.claimed as { id: string; passed: boolean }[]).map((c) => ({ id: c.id, passed: c.passed }));
    if (typeof a.claimedAt === 'number' && Number.isInteger(a.claimedAt) && a.claimedAt >= 0) attempt.claimedAt = a.claimedAt;
  }
  return {
    attempt,
    problem: dropped ? `${dropped} recorded event(s) were unreadable and were dropped` : Array.isArray(a.events) ? undefined : '"attempt.events" is not a list',
  };
}

export function saveProgress(storage: ProgressStorage | undefined, progress: LabProgress): void {
  if (!storage) return;
  try {
    storage.setItem(progressKey(progress.labId), JSON.stringify(progress));
  } catch {
    // quota exceeded or storage disabled: progress lives for this page only
  }
}

export function clearProgress(storage: ProgressStorage | undefined, labId: string): void {
  if (!storage) return;
  try {
    storage.removeItem(progressKey(labId));
  } catch {
    // nothing saved that we could remove
  }
}

/** Records checkpoints that pass now; returns the ids that were newly passed. Passed ones stay passed. */
export function recordPassed(progress: LabProgress, passingIds: Iterable<string>, at: Date): string[] {
  const added: string[] = [];
  for (const id of passingIds) {
    if (progress.passed[id]) continue;
    progress.passed[id] = at.toISOString();
    added.push(id);
  }
  return added;
}

export function recordCommand(progress: LabProgress, line: string): void {
  if (!line.trim()) return;
  progress.history.push(line);
  if (progress.history.length > HISTORY_LIMIT) progress.history.splice(0, progress.history.length - HISTORY_LIMIT);
}

/** Appends an event to the current attempt; false when there is no attempt or the record is full. */
export function recordEvent(progress: LabProgress, event: SubmissionEvent): boolean {
  const attempt = progress.attempt;
  if (!attempt || attempt.events.length >= EVENT_LIMIT) return false;
  attempt.events.push(event);
  return true;
}
