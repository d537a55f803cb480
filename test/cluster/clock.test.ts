import { describe, expect, it } from 'vitest';
import { createClock, createRandom, rfc3339 } from '../../src/cluster/clock.ts';

describe('virtual clock', () => {
  it('runs timers in time order, same-time timers in scheduling order', () => {
    const clock = createClock(1000);
    const seen: string[] = [];
    clock.at(3000, () => seen.push('c'));
    clock.at(2000, () => seen.push('a'));
    clock.at(2000, () => seen.push('b'));
    clock.setNow(2500);
    clock.runDue();
    expect(seen).toEqual(['a', 'b']);
    expect(clock.nextAt()).toBe(3000);
  });

  it('runs timers scheduled for the current instant by other timers in the same pass', () => {
    const clock = createClock(0);
    const seen: string[] = [];
    clock.after(0, () => {
      seen.push('first');
      clock.after(0, () => seen.push('second'));
    });
    expect(clock.runDue()).toBe(2);
    expect(seen).toEqual(['first', 'second']);
  });

  it('forgets cancelled timers and never moves backwards', () => {
    const clock = createClock(5000);
    const h = clock.after(100, () => {
      throw new Error('cancelled timer ran');
    });
    h.cancel();
    expect(clock.nextAt()).toBeUndefined();
    clock.setNow(1000);
    expect(clock.now()).toBe(5000);
  });

  it('keeps background timers out of nextWorkAt', () => {
    const clock = createClock(0);
    clock.after(10, () => {}, 'heartbeat', { background: true });
    expect(clock.nextAt()).toBe(10);
    expect(clock.nextWorkAt()).toBeUndefined();
    clock.after(50, () => {});
    expect(clock.nextWorkAt()).toBe(50);
  });

  it('formats metav1.Time with second precision', () => {
    expect(rfc3339(Date.UTC(2026, 10, 22, 1, 27, 42, 999))).toBe('2026-11-22T01:27:42Z');
  });
});

describe('seeded random', () => {
  it('repeats exactly for the same seed and differs for another', () => {
    const a = createRandom(7);
    const b = createRandom(7);
    const c = createRandom(8);
    const seq = (r: ReturnType<typeof createRandom>) => [r.suffix(), r.uuid(), r.hex(8), r.int(1000)];
    const sa = seq(a);
    expect(seq(b)).toEqual(sa);
    expect(seq(c)).not.toEqual(sa);
  });

  it('draws name suffixes from the Kubernetes alphabet and shapes uuids like v4', () => {
    const r = createRandom(1);
    for (let i = 0; i < 200; i++) expect(r.suffix()).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(r.uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(r.hex(64)).toMatch(/^[0-9a-f]{64}$/);
  });
});
