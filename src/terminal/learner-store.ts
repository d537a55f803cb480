// The learner id, typed once on any lab panel and remembered in this browser (localStorage
// `kubeclass:learner`); the "variants" helper derives each learner's lab variant from it.
import type { ProgressStorage } from './progress-store.ts';

export const LEARNER_KEY = 'kubeclass:learner';
/** the submission format's limit */
export const LEARNER_MAX = 200;

export function getLearner(storage: ProgressStorage | undefined): string {
  try {
    return normalizeLearner(storage?.getItem(LEARNER_KEY) ?? '') ?? '';
  } catch {
    return '';
  }
}

/** Trims and checks a typed id; undefined when it cannot be used (empty or too long). */
export function normalizeLearner(value: string): string | undefined {
  const v = value.trim().replace(/\s+/g, ' ');
  if (!v || v.length > LEARNER_MAX) return undefined;
  return v;
}

/** Saves the id; returns the stored value, or undefined when the id is not usable. */
export function setLearner(storage: ProgressStorage | undefined, value: string): string | undefined {
  const v = normalizeLearner(value);
  if (v === undefined) return undefined;
  try {
    storage?.setItem(LEARNER_KEY, v);
  } catch {
    // storage disabled: the id lives for this page only
  }
  return v;
}

/** A file-name-safe form of the id: `Ana María 42` -> `ana-maria-42`. */
export function learnerSlug(learner: string): string {
  const slug = learner
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return slug || 'learner';
}
