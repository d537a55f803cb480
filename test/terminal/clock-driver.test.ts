// The page's clock driver: the cluster's virtual time follows real elapsed time, plus fast-forwards.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startClockDriver } from '../../src/terminal/clock-driver.ts';

describe('clock driver', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('advances the cluster by exactly the real time that passed, even when ticks arrive late', () => {
    let realNow = 1000;
    const steps: number[] = [];
    const driver = startClockDriver({ advance: (ms) => steps.push(ms), now: () => realNow, intervalMs: 100 });
    realNow += 100;
    vi.advanceTimersByTime(100);
    realNow += 1000; // a background tab: one late tick covers a whole second
    vi.advanceTimersByTime(100);
    expect(steps.reduce((a, b) => a + b, 0)).toBe(1100);
    driver.fastForward(30_000);
    expect(steps.at(-1)).toBe(30_000);
    driver.stop();
    realNow += 5000;
    vi.advanceTimersByTime(1000);
    expect(steps.reduce((a, b) => a + b, 0)).toBe(31_100);
  });

  it('keeps running after a step throws, and follows a new cluster after setAdvance', () => {
    let realNow = 0;
    const errors: unknown[] = [];
    const second: number[] = [];
    const driver = startClockDriver({
      advance: () => {
        throw new Error('boom');
      },
      now: () => realNow,
      onError: (e) => errors.push(e),
    });
    realNow += 100;
    vi.advanceTimersByTime(100);
    expect(errors).toHaveLength(1);
    driver.setAdvance((ms) => second.push(ms));
    realNow += 250;
    vi.advanceTimersByTime(100);
    expect(second).toEqual([250]);
    driver.stop();
  });
});
