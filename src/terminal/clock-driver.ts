// Drives the simulated cluster's virtual clock from real elapsed time in the browser.

export interface ClockDriverOptions {
  /** moves the virtual clock forward; usually `(ms) => cluster.advance(ms)` */
  advance(ms: number): void;
  /** real-time source in ms; defaults to performance.now */
  now?: () => number;
  intervalMs?: number;
  /** called when advance throws, so one bad timer does not stop the clock for good */
  onError?: (error: unknown) => void;
}

export interface ClockDriver {
  /** Advance the cluster by `ms` of extra virtual time at once (instructor/test hook). */
  fastForward(ms: number): void;
  /** Re-targets the driver, e.g. after a lab reset replaced the cluster. */
  setAdvance(advance: (ms: number) => void): void;
  stop(): void;
}

export function startClockDriver(options: ClockDriverOptions): ClockDriver {
  const now = options.now ?? (() => performance.now());
  const intervalMs = options.intervalMs ?? 100;
  let advance = options.advance;
  let last = now();
  let running = true;

  const step = (ms: number) => {
    if (ms <= 0) return;
    try {
      advance(ms);
    } catch (error) {
      (options.onError ?? ((e) => console.error('kubeclass: cluster clock step failed', e)))(error);
    }
  };

  // setInterval rather than requestAnimationFrame: rAF stops in background tabs, and pods should
  // keep starting while the learner reads another tab (the elapsed time is measured, so throttled
  // intervals still advance by the right amount).
  const timer = setInterval(() => {
    if (!running) return;
    const t = now();
    const elapsed = Math.floor(t - last);
    if (elapsed <= 0) return;
    last += elapsed;
    step(elapsed);
  }, intervalMs);

  return {
    fastForward(ms: number) {
      step(Math.max(0, Math.floor(ms)));
    },
    setAdvance(next) {
      advance = next;
      last = now();
    },
    stop() {
      running = false;
      clearInterval(timer);
    },
  };
}
