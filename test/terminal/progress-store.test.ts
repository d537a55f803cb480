// Lab progress in localStorage: what survives a reload, and what a bad saved value does.
import { describe, expect, it } from 'vitest';
import {
  loadProgress,
  progressKey,
  recordCommand,
  recordEvent,
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
    expect(recordPassed(progress, ['create-deployment', 'scaled'], new Date('2026-01-02T04:00:00Z'))).toEqual(['scaled']);
    recordCommand(progress, 'kubectl create deployment mynginx --image=nginx');
    saveProgress(storage, progress);

    const again = loadProgress(storage, 'scale-deployment');
    expect(again).toEqual({
      v: 2,
      labId: 'scale-deployment',
      passed: { 'create-deployment': '2026-01-02T03:04:05.000Z', 'scaled': '2026-01-02T04:00:00.000Z' },
      history: ['kubectl create deployment mynginx --image=nginx'],
    });
    expect(JSON.parse(storage.data[progressKey('scale-deployment')]!).v).toBe(2);
  });

  it.each([
    ['not JSON', '{"v":1,'],
    ['an unknown schema version', JSON.stringify({ v: 0, labId: 'scale-deployment', passed: {}, history: [] })],
    ['another lab', JSON.stringify({ v: 2, labId: 'other', passed: { a: '2026-01-01T00:00:00Z' }, history: [] })],
    ['a bad timestamp', JSON.stringify({ v: 2, labId: 'scale-deployment', passed: { a: 'yesterday' }, history: [] })],
    ['history not strings', JSON.stringify({ v: 2, labId: 'scale-deployment', passed: {}, history: [1] })],
    ['null', 'null'],
  ])('recovers to empty progress with a warning from %s', (_what, raw) => {
    const storage = memoryStorage({ [progressKey('scale-deployment')]: raw });
    const warnings: string[] = [];
    const progress = loadProgress(storage, 'scale-deployment', (m) => warnings.push(m));
    expect(progress).toEqual({ v: 2, labId: 'scale-deployment', passed: {}, history: [] });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('scale-deployment');
  });

  it('migrates a version 1 record with a notice and keeps everything in it', () => {
    const v1 = { v: 1, labId: 'scale-deployment', passed: { create: '2026-01-02T03:04:05.000Z' }, history: ['kubectl get pods'] };
    const storage = memoryStorage({ [progressKey('scale-deployment')]: JSON.stringify(v1) });
    const warnings: string[] = [];
    const progress = loadProgress(storage, 'scale-deployment', (m) => warnings.push(m));
    expect(progress).toEqual({ ...v1, v: 2 });
    expect(warnings).toEqual(['kubeclass: saved progress for lab "scale-deployment" came from an older version and was migrated']);
  });

  it('keeps the valid parts of a damaged record: good timestamps, string history lines, readable events', () => {
    const raw = JSON.stringify({
      v: 2,
      labId: 'scale-deployment',
      passed: { create: '2026-01-02T03:04:05.000Z', scaled: 'soon' },
      history: ['kubectl get pods', 7],
      attempt: {
        learner: 'ana',
        seed: 12,
        startedAt: '2026-01-02T03:00:00.000Z',
        events: [{ kind: 'command', t: 5, line: 'kubectl get pods' }, { kind: 'command', t: -1, line: 'x' }],
      },
    });
    const warnings: string[] = [];
    const progress = loadProgress(memoryStorage({ [progressKey('scale-deployment')]: raw }), 'scale-deployment', (m) => warnings.push(m));
    expect(progress.passed).toEqual({ create: '2026-01-02T03:04:05.000Z' });
    expect(progress.history).toEqual(['kubectl get pods']);
    expect(progress.attempt?.events).toEqual([{ kind: 'command', t: 5, line: 'kubectl get pods' }]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/passed\.scaled.*not strings.*1 recorded event/);
  });

  it('keeps the checkpoints of an old list-shaped "passed"', () => {
    const raw = JSON.stringify({ v: 1, labId: 'scale-deployment', passed: ['create'], history: [] });
    const progress = loadProgress(memoryStorage({ [progressKey('scale-deployment')]: raw }), 'scale-deployment', () => {});
    expect(Object.keys(progress.passed)).toEqual(['create']);
  });

  it('records events in the attempt and survives a save and load', () => {
    const storage = memoryStorage();
    const progress = loadProgress(storage, 'scale-deployment');
    expect(recordEvent(progress, { kind: 'command', t: 0, line: 'ls' })).toBe(false); // no attempt yet
    progress.attempt = { learner: 'ana', seed: 3, startedAt: '2026-01-02T03:00:00.000Z', events: [] };
    expect(recordEvent(progress, { kind: 'command', t: 1500, line: 'kubectl get pods' })).toBe(true);
    saveProgress(storage, progress);
    expect(loadProgress(storage, 'scale-deployment').attempt).toEqual({
      learner: 'ana',
      seed: 3,
      startedAt: '2026-01-02T03:00:00.000Z',
      events: [{ kind: 'command', t: 1500, line: 'kubectl get pods' }],
    });
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
