// The grader (Node): find submission files, guard against bad input, replay each one, and collect a
// gradebook row per file. A bad file becomes a row with a clear status; it never stops the batch.
import { closeSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadLab, UnknownLabError } from './load.ts';
import { LabError } from './parse.ts';
import { replaySubmission } from './replay.ts';
import type { ReplayBudget, ReplayStatus } from './replay.ts';
import type { Lab } from './schema.ts';
import { formatOf, SUBMISSION_FORMAT, submissionSchema } from './submission.ts';
import type { Submission } from './submission.ts';

/** Files larger than this are refused unread (a submission of a long session is well under 1 MB). */
export const MAX_SUBMISSION_BYTES = 5 * 1024 * 1024;

export interface CheckpointGrade {
  id: string;
  title: string;
  points: number;
  passed: boolean;
  detail?: string;
}

export interface GradeRow {
  /** the file as given (or found under a folder) */
  file: string;
  learner: string;
  lab: string;
  score: number;
  max: number;
  checkpoints: CheckpointGrade[];
  /** virtual ms from the start to the last event, as the file says */
  durationMs: number;
  /** command lines typed */
  commands: number;
  status: ReplayStatus;
  /** why, for any status but ok */
  message?: string;
}

export interface GradeOptions extends ReplayBudget {
  /** lab lookup (default: labs/ of the project), cached per id */
  loadLab?: (id: string) => Lab;
  /** default MAX_SUBMISSION_BYTES */
  maxBytes?: number;
}

/** Every *.json under the given files and folders (recursively, sorted), and the paths that do not exist. */
export function findSubmissions(paths: string[]): { files: string[]; missing: string[] } {
  const files: string[] = [];
  const missing: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      const st = statSync(p, { throwIfNoEntry: false });
      if (st?.isDirectory()) walk(p);
      else if (st?.isFile() && name.toLowerCase().endsWith('.json')) files.push(p);
    }
  };
  for (const p of paths) {
    const st = statSync(p, { throwIfNoEntry: false });
    if (!st) missing.push(p);
    else if (st.isDirectory()) walk(p);
    else files.push(p);
  }
  return { files, missing };
}

function errorRow(file: string, message: string, partial: Partial<GradeRow> = {}): GradeRow {
  return { file, learner: '', lab: '', score: 0, max: 0, checkpoints: [], durationMs: 0, commands: 0, ...partial, status: 'error', message: `error: ${message}` };
}

function fmtBytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(n / 1024)} kB`;
}

/** The first few zod issues as `path: message`. */
function zodSummary(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string {
  const shown = issues.slice(0, 3).map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`);
  return shown.join('; ') + (issues.length > 3 ? ` (and ${issues.length - 3} more)` : '');
}

/** A lab lookup that parses each lab once per process. */
export function cachedLabs(load: (id: string) => Lab = loadLab): (id: string) => Lab {
  const cache = new Map<string, Lab | Error>();
  return (id) => {
    let v = cache.get(id);
    if (!v) {
      try {
        v = load(id);
      } catch (e) {
        v = e instanceof Error ? e : new Error(String(e));
      }
      cache.set(id, v);
    }
    if (v instanceof Error) throw v;
    return v;
  };
}

const defaultLabs = cachedLabs();

/** Parse and check a submission's text; a string is the reason it cannot be graded. */
export function parseSubmission(text: string): Submission | { error: string; partial?: Partial<GradeRow> } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return { error: `malformed JSON: ${(e as Error).message}` };
  }
  return checkSubmission(data);
}

/** A workshop page's "Download all submissions" file: one learner's submissions for every lab of a workshop. */
export const BUNDLE_KIND = 'kubeclass-submissions';

/** Check parsed JSON as a submission (format version, then schema). */
export function checkSubmission(data: unknown): Submission | { error: string; partial?: Partial<GradeRow> } {
  const { format, course } = formatOf(data);
  const o = (data && typeof data === 'object' ? data : {}) as Record<string, unknown>;
  const partial: Partial<GradeRow> = { learner: typeof o.learner === 'string' ? o.learner : '', lab: typeof o.lab === 'string' ? o.lab : '' };
  if (format !== SUBMISSION_FORMAT) {
    const by = typeof course === 'string' ? `course ${course}` : 'an unknown course version';
    return { error: `written by ${by} with submission format ${JSON.stringify(format ?? null)}; this grader reads format ${SUBMISSION_FORMAT}`, partial };
  }
  const r = submissionSchema.safeParse(data);
  if (!r.success) return { error: `not a submission: ${zodSummary(r.error.issues)}`, partial };
  return r.data;
}

/** Grade a submission already parsed. */
export async function gradeSubmission(sub: Submission, file: string, opts: GradeOptions = {}): Promise<GradeRow> {
  const base = { learner: sub.learner, lab: sub.lab, durationMs: sub.durationMs, commands: sub.events.filter((e) => e.kind === 'command').length };
  let lab: Lab;
  try {
    lab = (opts.loadLab ?? defaultLabs)(sub.lab);
  } catch (e) {
    if (e instanceof UnknownLabError) return errorRow(file, e.message, base);
    return errorRow(file, `lab ${sub.lab} does not load: ${e instanceof LabError ? e.message.split('\n')[0] : (e as Error).message}`, base);
  }
  try {
    const r = await replaySubmission(sub, lab, opts);
    return {
      file,
      ...base,
      score: r.points,
      max: r.maxPoints,
      checkpoints: r.results.map((c) => ({ id: c.id, title: c.title, points: c.points, passed: c.passed, detail: c.detail })),
      status: r.status,
      message: r.message,
    };
  } catch (e) {
    return errorRow(file, `replay failed: ${(e as Error).message}`, base);
  }
}

/** Grade one file: size cap before reading, then JSON, format version, schema, lab, replay. */
export async function gradeFile(file: string, opts: GradeOptions = {}): Promise<GradeRow> {
  const max = opts.maxBytes ?? MAX_SUBMISSION_BYTES;
  let text: string;
  try {
    const st = statSync(file);
    if (!st.isFile()) return errorRow(file, 'not a file');
    if (st.size > max) return errorRow(file, `too large (${fmtBytes(st.size)}; the limit is ${fmtBytes(max)}): not read`);
    text = readCapped(file, max);
  } catch (e) {
    return errorRow(file, `cannot read: ${(e as Error).message}`);
  }
  const sub = parseSubmission(text);
  if ('error' in sub) return errorRow(file, sub.error, sub.partial);
  return gradeSubmission(sub, file, opts);
}

/** Grade one file into rows: a single submission gives one row, a workshop bundle one row per submission in it (a damaged entry fails only itself). */
export async function gradeFileRows(file: string, opts: GradeOptions = {}): Promise<GradeRow[]> {
  const max = opts.maxBytes ?? MAX_SUBMISSION_BYTES;
  let data: unknown;
  try {
    const st = statSync(file);
    if (!st.isFile() || st.size > max) return [await gradeFile(file, opts)];
    data = JSON.parse(readCapped(file, max));
  } catch {
    return [await gradeFile(file, opts)];
  }
  const o = data as { kind?: unknown; submissions?: unknown } | null;
  if (!o || typeof o !== 'object' || o.kind !== BUNDLE_KIND) return [await gradeFile(file, opts)];
  if (!Array.isArray(o.submissions)) return [errorRow(file, 'a submissions bundle without a "submissions" list')];
  if (!o.submissions.length) return [errorRow(file, 'a submissions bundle with no submissions in it')];
  const rows: GradeRow[] = [];
  for (const [i, entry] of o.submissions.entries()) {
    const where = `${file}#${i + 1}`;
    const sub = checkSubmission(entry);
    rows.push('error' in sub ? errorRow(where, sub.error, sub.partial) : await gradeSubmission(sub, where, opts));
  }
  return rows;
}

/** Read at most `max` bytes (a file growing after stat is still capped). */
function readCapped(file: string, max: number): string {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(Math.min(max + 1, statSync(file).size + 1));
    const n = readSync(fd, buf, 0, buf.length, 0);
    if (n > max) throw new Error(`grew past ${fmtBytes(max)} while reading`);
    return buf.subarray(0, n).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/** What a submission must reach: points (`--min-score`), a percent of its lab's points (`--min-percent`), or (neither) every point. */
export interface PassBar {
  points?: number;
  percent?: number;
}

/** Whether a row passes the gate: replay ok and at least the bar (a number is points; default: every point). */
export function rowPasses(row: GradeRow, bar?: PassBar | number): boolean {
  const b = typeof bar === 'number' ? { points: bar } : (bar ?? {});
  if (row.status !== 'ok') return false;
  if (b.points !== undefined) return row.score >= b.points;
  if (b.percent !== undefined) return row.max === 0 || (row.score * 100) / row.max >= b.percent - 1e-9;
  return row.score >= row.max;
}

/** The bar in words: "full points", "3 points", "75% of the points". */
export function barText(bar?: PassBar | number): string {
  const b = typeof bar === 'number' ? { points: bar } : (bar ?? {});
  if (b.points !== undefined) return `${b.points} point${b.points === 1 ? '' : 's'}`;
  if (b.percent !== undefined) return `${b.percent}% of the points`;
  return 'full points';
}

/** One learner's result over a workshop: every lab of it counts, a lab not handed in with 0 of its points. */
export interface WorkshopResult {
  learner: string;
  /** per workshop lab: the best replayed score of an ok submission, else 0, and why */
  labs: { lab: string; score: number; max: number; status: 'ok' | 'missing' | ReplayStatus }[];
  score: number;
  max: number;
  percent: number;
  passed: boolean;
}

/**
 * Each learner's total over a workshop's labs against its passing score (a percent of all points).
 * Only submissions that replayed as they claim count; an altered or mismatched one scores 0 for its lab.
 */
export function workshopResults(rows: GradeRow[], workshop: { labs: string[]; passingScore: number }, maxOf: (lab: string) => number): WorkshopResult[] {
  const learners = [...new Set(rows.filter((r) => r.learner).map((r) => r.learner))].sort();
  return learners.map((learner) => {
    const mine = rows.filter((r) => r.learner === learner);
    const labs = workshop.labs.map((lab) => {
      const subs = mine.filter((r) => r.lab === lab);
      const ok = subs.filter((r) => r.status === 'ok').sort((a, b) => b.score - a.score)[0];
      const max = ok?.max ?? maxOf(lab);
      if (ok) return { lab, score: ok.score, max, status: 'ok' as const };
      return { lab, score: 0, max, status: subs[0]?.status ?? ('missing' as const) };
    });
    const score = labs.reduce((n, l) => n + l.score, 0);
    const max = labs.reduce((n, l) => n + l.max, 0);
    const percent = max ? Math.floor((score * 1000) / max) / 10 : 100;
    return { learner, labs, score, max, percent, passed: percent >= workshop.passingScore };
  });
}

/** Grade files one after another in this thread (see grade-pool.ts for worker threads). */
export async function gradeFiles(files: string[], opts: GradeOptions = {}): Promise<GradeRow[]> {
  const rows: GradeRow[] = [];
  for (const f of files) rows.push(...(await gradeFileRows(f, opts)));
  return rows;
}

