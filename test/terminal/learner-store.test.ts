// The learner id typed once on a lab panel: what is stored and the file-name slug it gives.
import { describe, expect, it } from 'vitest';
import { getLearner, LEARNER_KEY, learnerSlug, setLearner } from '../../src/terminal/learner-store.ts';
import type { ProgressStorage } from '../../src/terminal/progress-store.ts';

function memoryStorage(): ProgressStorage & { data: Record<string, string> } {
  const data: Record<string, string> = {};
  return { data, getItem: (k) => data[k] ?? null, setItem: (k, v) => void (data[k] = v), removeItem: (k) => void delete data[k] };
}

describe('learner id', () => {
  it('is remembered trimmed under kubeclass:learner and can be changed', () => {
    const s = memoryStorage();
    expect(getLearner(s)).toBe('');
    expect(setLearner(s, '  Ana   María 42 ')).toBe('Ana María 42');
    expect(s.data[LEARNER_KEY]).toBe('Ana María 42');
    expect(setLearner(s, 's1234567')).toBe('s1234567');
    expect(getLearner(s)).toBe('s1234567');
  });

  it('refuses an empty or over-long id and keeps the old one', () => {
    const s = memoryStorage();
    setLearner(s, 'ana');
    expect(setLearner(s, '   ')).toBeUndefined();
    expect(setLearner(s, 'x'.repeat(201))).toBeUndefined();
    expect(getLearner(s)).toBe('ana');
  });

  it('gives a file-name-safe slug', () => {
    expect(learnerSlug('Ana María 42')).toBe('ana-maria-42');
    expect(learnerSlug('ana@example.com')).toBe('ana-example-com');
    expect(learnerSlug('김민수')).toBe('learner');
  });
});
