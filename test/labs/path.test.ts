import { describe, expect, it } from 'vitest';
import { compare } from '../../src/labs/checks.ts';
import { getPath, parsePath } from '../../src/labs/path.ts';
import { matchesSelector } from '../../src/labs/selector.ts';

const pod = {
  metadata: { name: 'web-1', labels: { app: 'web', 'app.kubernetes.io/name': 'shop' } },
  spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }, { name: 'side', image: 'busybox' }] },
  status: { phase: 'Running', conditions: [{ type: 'PodScheduled', status: 'True' }, { type: 'Ready', status: 'False' }] },
};

describe('field paths', () => {
  it('reads nested fields, indexes, [key=value] filters and quoted keys', () => {
    expect(getPath(pod, 'status.phase')).toBe('Running');
    expect(getPath(pod, 'spec.containers[1].image')).toBe('busybox');
    expect(getPath(pod, 'status.conditions[type=Ready].status')).toBe('False');
    expect(getPath(pod, 'spec.containers[name=side].image')).toBe('busybox');
    expect(getPath(pod, 'metadata.labels["app.kubernetes.io/name"]')).toBe('shop');
    expect(getPath(pod, '.metadata.name')).toBe('web-1');
  });

  it('gives undefined for anything missing instead of throwing', () => {
    expect(getPath(pod, 'status.readyReplicas')).toBeUndefined();
    expect(getPath(pod, 'spec.containers[5].image')).toBeUndefined();
    expect(getPath(pod, 'status.conditions[type=Nope].status')).toBeUndefined();
    expect(getPath(pod, 'metadata.name.first')).toBeUndefined();
  });

  it('rejects malformed paths with the position', () => {
    expect(() => parsePath('spec..x')).toThrow('bad path "spec..x" at character 6: expected a field name');
    expect(() => parsePath('spec.containers[0')).toThrow(/expected "\]"/);
    expect(() => parsePath('labels["x')).toThrow(/unterminated quote/);
  });
});

describe('comparisons', () => {
  it('compares numbers as numbers and text as text', () => {
    expect(compare(4, 'eq', 4)).toBe(true);
    expect(compare('4', 'eq', 4)).toBe(true);
    expect(compare(3, 'gte', 4)).toBe(false);
    expect(compare(10, 'gt', 9)).toBe(true);
    expect(compare('True', 'eq', 'True')).toBe(true);
    expect(compare('nginx:1.27', 'matches', '^nginx(:|$)')).toBe(true);
    expect(compare('nginx', 'ne', 'httpd')).toBe(true);
  });

  it('fails every op on a missing field except notExists', () => {
    for (const op of ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'matches', 'exists'] as const) expect(compare(undefined, op, 0)).toBe(false);
    expect(compare(undefined, 'notExists', undefined)).toBe(true);
    expect(compare('2026-01-01T00:00:00Z', 'notExists', undefined)).toBe(false);
  });
});

describe('label selectors on observed objects', () => {
  it('understands equality, inequality, set and existence requirements', () => {
    const l = { app: 'web', tier: 'front' };
    expect(matchesSelector(l, 'app=web')).toBe(true);
    expect(matchesSelector(l, 'app==web,tier!=back')).toBe(true);
    expect(matchesSelector(l, 'tier in (front, back)')).toBe(true);
    expect(matchesSelector(l, 'tier notin (front)')).toBe(false);
    expect(matchesSelector(l, 'app,!env')).toBe(true);
    expect(matchesSelector(l, 'app=db')).toBe(false);
    expect(matchesSelector(undefined, 'app')).toBe(false);
  });
});
