// Export and import of everything kubeclass keeps in this browser (localStorage keys `kubeclass:*`),
// so a learner can carry progress to another machine. The round trip is lossless: values are copied
// as the exact strings stored; only damaged or older lab records are repaired on import, with a notice.
import { parseProgress, PROGRESS_VERSION } from './progress-store.ts';
import type { ProgressStorage } from './progress-store.ts';

export const STATE_FORMAT = 'kubeclass-state';
export const STATE_VERSION = 1;
const PREFIX = 'kubeclass:';
const LAB_PREFIX = 'kubeclass:lab:';

/** Web Storage with enumeration. */
export interface StateStorage extends ProgressStorage {
  readonly length: number;
  key(index: number): string | null;
}

export interface StateFile {
  format: typeof STATE_FORMAT;
  version: typeof STATE_VERSION;
  exportedAt: string;
  /** localStorage key -> the exact stored string */
  items: Record<string, string>;
}

export function stateKeys(storage: StateStorage): string[] {
  const keys: string[] = [];
  for (let i = 0; i < storage.length; i++) {
    const k = storage.key(i);
    if (k?.startsWith(PREFIX)) keys.push(k);
  }
  return keys.sort();
}

export function exportState(storage: StateStorage, now: Date): StateFile {
  const items: Record<string, string> = {};
  for (const k of stateKeys(storage)) {
    const v = storage.getItem(k);
    if (v !== null) items[k] = v;
  }
  return { format: STATE_FORMAT, version: STATE_VERSION, exportedAt: now.toISOString(), items };
}

export interface ImportResult {
  /** keys written */
  imported: string[];
  /** one sentence per thing repaired, migrated or skipped */
  notices: string[];
}

/**
 * Reads an exported file and writes its keys (existing keys with the same name are replaced, others
 * kept). Throws an Error with a readable message when nothing in the file can be used.
 */
export function importState(storage: ProgressStorage, text: string): ImportResult {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new Error('This file is not JSON: it is not a kubeclass progress export.');
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new Error('This file is not a kubeclass progress export.');
  const notices: string[] = [];
  const file = data as Record<string, unknown>;
  let items: Record<string, unknown>;
  if (file.format === STATE_FORMAT) {
    if (file.version !== STATE_VERSION) notices.push(`The file says export version ${JSON.stringify(file.version)}; read as version ${STATE_VERSION}.`);
    if (typeof file.items !== 'object' || file.items === null || Array.isArray(file.items)) throw new Error('The export has no "items": nothing to import.');
    items = file.items as Record<string, unknown>;
  } else if (Object.keys(file).some((k) => k.startsWith(PREFIX))) {
    // a bare dump of localStorage (what one gets by copying it from devtools): accept it
    notices.push('The file is a plain copy of saved state, not an export; imported what it holds.');
    items = file;
  } else {
    throw new Error('This file is not a kubeclass progress export (no "format": "kubeclass-state").');
  }

  const imported: string[] = [];
  for (const [key, value] of Object.entries(items)) {
    if (!key.startsWith(PREFIX)) {
      notices.push(`Skipped "${key}": not a kubeclass key.`);
      continue;
    }
    // values are strings; an object (hand-edited file) is accepted as its JSON
    let raw = typeof value === 'string' ? value : value !== null && typeof value === 'object' ? JSON.stringify(value) : undefined;
    if (raw === undefined) {
      notices.push(`Skipped "${key}": its value is not text.`);
      continue;
    }
    if (key.startsWith(LAB_PREFIX)) {
      const labId = key.slice(LAB_PREFIX.length);
      const { progress, notice } = parseProgress(raw, labId);
      if (notice) {
        notices.push(notice.replace(/^kubeclass: saved progress/, 'Progress'));
        raw = JSON.stringify(progress);
      }
      if (progress.v !== PROGRESS_VERSION) continue;
    }
    try {
      storage.setItem(key, raw);
      imported.push(key);
    } catch {
      notices.push(`Could not save "${key}": this browser's storage is full or disabled.`);
    }
  }
  return { imported, notices };
}
