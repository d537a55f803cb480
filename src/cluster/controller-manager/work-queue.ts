// A keyed work queue on the virtual clock, like client-go's workqueue: a key queued twice runs once.
import type { Clock, TimerHandle } from '../types.ts';

export interface WorkQueue {
  /** Run `sync(key)` after `delayMs` (the sooner of two requests wins). */
  add(key: string, delayMs?: number): void;
  /** Forget a key (object deleted). */
  forget(key: string): void;
}

export function createWorkQueue(clock: Clock, label: string, defaultDelayMs: number, sync: (key: string) => void): WorkQueue {
  const pending = new Map<string, { at: number; timer: TimerHandle }>();
  const run = (key: string) => {
    pending.delete(key);
    sync(key);
  };
  return {
    add(key, delayMs = defaultDelayMs) {
      const at = clock.now() + Math.max(0, delayMs);
      const cur = pending.get(key);
      if (cur) {
        if (cur.at <= at) return;
        cur.timer.cancel();
      }
      pending.set(key, { at, timer: clock.at(at, () => run(key), `${label} ${key}`) });
    },
    forget(key) {
      pending.get(key)?.timer.cancel();
      pending.delete(key);
    },
  };
}
