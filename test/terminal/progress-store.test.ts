// Lab progress in localStorage: what survives a reload, and what a bad saved value does.
import { describe, expect, it } from 'vitest';
import {
  loadProgress,
  progressKey,
  recordCommand,
  recordPassed,
  saveProgress,
  clearProgress,
} from '../../src/terminal/progress-store.ts';
import type { ProgressStorage } from '../../src/terminal/progress-store.ts';

function memoryStorage(initial: Record<string, string> = {}): ProgressStorage & { data: Record<string, string> } {
  const data = { ...initial };
  return {
    data,
    getItem: (k) => (k in data ? data[k]! : null),
    setItem: (k, v) => {
      data[k] = v;
    },
    removeItem: (k) => {
      delete data[k];
    },
  };
}

describe('lab progress store', () => {
  it('keeps passed checkpoints and their first-pass time across a save and a load', () => {
    const storage = memoryStorage();
    const progress = loadProgress(storage, 'scale-deployment');
    expect(recordPassed(progress, ['create-deployment'], new Date('2026-01-02T03:04:05Z'))).toEqual(['create-deployment']);
    // passing again later does not move the timestamp
    expect(recordPassed(progress, ['create-deployment', 'scaled-to-four'], new Date('2026-01-02T04:00:00Z'))).toEqual(['scaled-to-four']);
    recordCommand(progress, 'kubectl create deployment mynginx --image=nginx');
    saveProgress(storage, progress);

    const again = loadProgress(storage, 'scale-deployment');
    expect(again).toEqual({
      v: 1,
      labId: 'scale-deployment',
      passed: { 'create-deployment': '2026-01-02T03:04:05.000Z', 'scaled-to-four': '2026-01-02T04:00:00.000Z' },
      history: ['kubectl create deployment mynginx --image=nginx'],
    });
    expect(JSON.parse(storage.data[progressKey('scale-deployment')]!).v).toBe(1);
  });

  it.each([
    ['not JSON', '{"v":1,'],
    ['an older schema version', JSON.stringify({ v: 0, labId: 'scale-deployment', passed: {}, history: [] })],
    ['another lab', JSON.stringify({ v: 1, labId: 'other', passed: {}, history: [] })],
    ['passed as a list', JSON.stringify({ v: 1, labId: 'scale-deployment', passed: ['a'], history: [] })],
    ['a bad timestamp', JSON.stringify({ v: 1, labId: 'scale-deployment', passed: { a: 'yesterday' }, history: [] })],
    ['history not strings', JSON.stringify({ v: 1, labId: 'scale-deployment', passed: {}, history: [1] })],
    ['null', 'null'],
  ])('recovers to empty progress with a warning from %s', (_what, raw) => {
    const storage = memoryStorage({ [progressKey('scale-deployment')]: raw });
    const warnings: string[] = [];
    const progress = loadProgress(storage, 'scale-deployment', (m) => warnings.push(m));
    expect(progress).toEqual({ v: 1, labId: 'scale-deployment', passed: {}, history: [] });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('scale-deployment');
  });

  it('works without storage, and when storage throws', () => {
    expect(loadProgress(undefined, 'x').passed).toEqual({});
    const broken: ProgressStorage = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
      removeItem: () => {
        throw new Error('SecurityError');
      },
    };
    const progress = loadProgress(broken, 'x', () => {});
    expect(() => saveProgress(broken, progress)).not.toThrow();
    expect(() => clearProgress(broken, 'x')).not.toThrow();
  });

  it('clears saved progress on reset', () => {
    const storage = memoryStorage();
    const progress = loadProgress(storage, 'lab-a');
    recordPassed(progress, ['a'], new Date());
    saveProgress(storage, progress);
    clearProgress(storage, 'lab-a');
    expect(loadProgress(storage, 'lab-a').passed).toEqual({});
  });

  it('keeps only the most recent 200 commands and skips blank lines', () => {
    const progress = loadProgress(undefined, 'x');
    recordCommand(progress, '   ');
    for (let i = 0; i < 250; i++) recordCommand(progress, `echo ${i}`);
    expect(progress.history).toHaveLength(200);
    expect(progress.history[0]).toBe('echo 50');
    expect(progress.history.at(-1)).toBe('echo 249');
  });
});
