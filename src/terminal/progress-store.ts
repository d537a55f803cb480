// Lab progress kept in the browser: which checkpoints were passed (and when), and the commands typed.
// The simulated cluster restarts fresh on every page load; this record is what survives a reload.

export const PROGRESS_VERSION = 1;
const HISTORY_LIMIT = 200;

export interface LabProgress {
  v: typeof PROGRESS_VERSION;
  labId: string;
  /** checkpoint id -> ISO time it first passed */
  passed: Record<string, string>;
  /** command lines typed in this lab, oldest first */
  history: string[];
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

/** Reads saved progress; anything missing, corrupt or from another schema version yields empty progress. */
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
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    warn(`kubeclass: saved progress for lab "${labId}" is not valid JSON; starting fresh`);
    return emptyProgress(labId);
  }
  const problem = validate(data, labId);
  if (problem) {
    warn(`kubeclass: ignoring saved progress for lab "${labId}": ${problem}; starting fresh`);
    return emptyProgress(labId);
  }
  const record = data as LabProgress;
  return { v: PROGRESS_VERSION, labId, passed: { ...record.passed }, history: [...record.history] };
}

function validate(data: unknown, labId: string): string | undefined {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return 'not an object';
  const record = data as Record<string, unknown>;
  if (record.v !== PROGRESS_VERSION) return `schema version ${JSON.stringify(record.v)}, expected ${PROGRESS_VERSION}`;
  if (record.labId !== labId) return `it belongs to lab ${JSON.stringify(record.labId)}`;
  const passed = record.passed;
  if (typeof passed !== 'object' || passed === null || Array.isArray(passed)) return '"passed" is not an object';
  for (const [id, at] of Object.entries(passed)) {
    if (typeof at !== 'string' || Number.isNaN(Date.parse(at))) return `"passed.${id}" is not a timestamp`;
  }
  if (!Array.isArray(record.history) || !record.history.every((line) => typeof line === 'string')) {
    return '"history" is not a list of strings';
  }
  return undefined;
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
