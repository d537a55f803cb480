// Progress export/import: a lossless round trip, and old or damaged files repaired with notices, never a crash.
import { describe, expect, it } from 'vitest';
import { exportState, importState } from '../../src/terminal/state-export.ts';
import type { StateStorage } from '../../src/terminal/state-export.ts';

function memoryStorage(initial: Record<string, string> = {}): StateStorage & { data: Record<string, string> } {
  const data = { ...initial };
  return {
    data,
    get length() {
      return Object.keys(data).length;
    },
    key: (i) => Object.keys(data)[i] ?? null,
    getItem: (k) => data[k] ?? null,
    setItem: (k, v) => void (data[k] = v),
    removeItem: (k) => void delete data[k],
  };
}

const lab = JSON.stringify({
  v: 2,
  labId: 'scale-deployment',
  passed: { create: '2026-01-02T03:04:05.000Z' },
  history: ['kubectl get pods'],
  attempt: { learner: 'ana', seed: 5, startedAt: '2026-01-02T03:00:00.000Z', events: [{ kind: 'command', t: 3, line: 'kubectl get pods' }] },
});

describe('progress export and import', () => {
  it('round-trips every kubeclass key exactly and leaves other keys out', () => {
    const source = memoryStorage({
      'kubeclass:lab:scale-deployment': lab,
      'kubeclass:learner': 'ana',
      'kubeclass:workshop:k8s-basics': '{"startedAt":"2026-01-02T03:00:00.000Z"}',
      'starlight-theme': 'dark',
    });
    const file = exportState(source, new Date('2026-01-03T00:00:00Z'));
    expect(file).toMatchObject({ format: 'kubeclass-state', version: 1, exportedAt: '2026-01-03T00:00:00.000Z' });
    expect(Object.keys(file.items)).not.toContain('starlight-theme');
    const target = memoryStorage();
    const result = importState(target, JSON.stringify(file));
    expect(result.notices).toEqual([]);
    expect(target.data).toEqual({
      'kubeclass:lab:scale-deployment': lab,
      'kubeclass:learner': 'ana',
      'kubeclass:workshop:k8s-basics': '{"startedAt":"2026-01-02T03:00:00.000Z"}',
    });
  });

  it('migrates an old lab record and repairs a damaged one, with a notice for each', () => {
    const file = {
      format: 'kubeclass-state',
      version: 1,
      exportedAt: '2026-01-03T00:00:00Z',
      items: {
        'kubeclass:lab:a': JSON.stringify({ v: 1, labId: 'a', passed: { x: '2026-01-02T03:04:05.000Z' }, history: [] }),
        'kubeclass:lab:b': '{"v":2,',
        'other:key': 'x',
      },
    };
    const target = memoryStorage();
    const result = importState(target, JSON.stringify(file));
    expect(JSON.parse(target.data['kubeclass:lab:a']!)).toMatchObject({ v: 2, passed: { x: '2026-01-02T03:04:05.000Z' } });
    expect(JSON.parse(target.data['kubeclass:lab:b']!)).toMatchObject({ v: 2, passed: {} });
    expect(target.data['other:key']).toBeUndefined();
    expect(result.notices.join('\n')).toMatch(/"a" came from an older version/);
    expect(result.notices.join('\n')).toMatch(/"b" is not valid JSON/);
    expect(result.notices.join('\n')).toMatch(/Skipped "other:key"/);
  });

  it('accepts a plain copy of localStorage with a notice', () => {
    const target = memoryStorage();
    const result = importState(target, JSON.stringify({ 'kubeclass:learner': 'ana' }));
    expect(target.data['kubeclass:learner']).toBe('ana');
    expect(result.notices).toHaveLength(1);
  });

  it.each([
    ['not JSON', 'PK\u0003\u0004'],
    ['another JSON file', '{"name":"my-package"}'],
    ['an array', '[]'],
    ['an export without items', '{"format":"kubeclass-state","version":1}'],
  ])('refuses %s with a readable message and changes nothing', (_what, text) => {
    const target = memoryStorage({ 'kubeclass:learner': 'ana' });
    expect(() => importState(target, text)).toThrow(/kubeclass|export|import/);
    expect(target.data).toEqual({ 'kubeclass:learner': 'ana' });
  });
});
