import type { Clock, ClockOptions, Random, TimerHandle } from './types.ts';

/** Options for a timer; `background` timers (periodic housekeeping) do not keep settle() busy. */
export type TimerOptions = ClockOptions;

interface Timer {
  at: number;
  seq: number;
  fn: () => void;
  label: string | undefined;
  background: boolean;
  cancelled: boolean;
}

/** The cluster's clock: the public Clock plus the driver methods cluster.ts uses. */
export interface VirtualClock extends Clock {
  at(at: number, fn: () => void, label?: string, opts?: TimerOptions): TimerHandle;
  after(ms: number, fn: () => void, label?: string, opts?: TimerOptions): TimerHandle;
  /** Next timer that is not `background`, or undefined. */
  nextWorkAt(): number | undefined;
  /** Run every timer due at or before `now()`, including ones they schedule for the same instant. Returns how many ran. */
  runDue(): number;
  /** Move time to `t` (never backwards) without running anything. */
  setNow(t: number): void;
  /** Number of pending (not cancelled) timers. */
  pending(): number;
}

const MAX_TIMERS_PER_INSTANT = 2_000_000;

export function createClock(start: number): VirtualClock {
  let now = start;
  let seq = 0;
  const heap: Timer[] = [];
  let live = 0;
  let liveWork = 0;

  const less = (a: Timer, b: Timer) => a.at < b.at || (a.at === b.at && a.seq < b.seq);
  const push = (t: Timer) => {
    heap.push(t);
    let i = heap.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!less(heap[i]!, heap[p]!)) break;
      [heap[i], heap[p]] = [heap[p]!, heap[i]!];
      i = p;
    }
  };
  const pop = (): Timer | undefined => {
    const top = heap[0];
    const last = heap.pop();
    if (heap.length > 0 && last) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && less(heap[l]!, heap[m]!)) m = l;
        if (r < heap.length && less(heap[r]!, heap[m]!)) m = r;
        if (m === i) break;
        [heap[i], heap[m]] = [heap[m]!, heap[i]!];
        i = m;
      }
    }
    return top;
  };
  const dropCancelled = () => {
    while (heap.length > 0 && heap[0]!.cancelled) pop();
  };

  const schedule = (at: number, fn: () => void, label?: string, opts?: TimerOptions): TimerHandle => {
    const t: Timer = { at: Math.max(at, now), seq: seq++, fn, label, background: !!opts?.background, cancelled: false };
    push(t);
    live++;
    if (!t.background) liveWork++;
    return {
      cancel() {
        if (t.cancelled) return;
        t.cancelled = true;
        live--;
        if (!t.background) liveWork--;
      },
    };
  };

  return {
    now: () => now,
    at: schedule,
    after: (ms, fn, label, opts) => schedule(now + Math.max(0, ms), fn, label, opts),
    nextAt() {
      dropCancelled();
      return heap[0]?.at;
    },
    nextWorkAt() {
      if (liveWork === 0) return undefined;
      dropCancelled();
      if (!heap[0]!.background) return heap[0]!.at;
      let best: Timer | undefined;
      for (const t of heap) if (!t.cancelled && !t.background && (!best || less(t, best))) best = t;
      return best?.at;
    },
    runDue() {
      let n = 0;
      for (;;) {
        dropCancelled();
        const t = heap[0];
        if (!t || t.at > now) return n;
        // Handlers that keep rescheduling each other at one instant would hang the page; fail loudly instead.
        if (n >= MAX_TIMERS_PER_INSTANT) throw new Error(`clock: more than ${MAX_TIMERS_PER_INSTANT} timers at one instant (last: ${t.label ?? 'unlabelled'})`);
        pop();
        t.cancelled = true;
        live--;
        if (!t.background) liveWork--;
        n++;
        t.fn();
      }
    },
    setNow(t) {
      if (t > now) now = t;
    },
    pending: () => live,
  };
}

const ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
const HEX = '0123456789abcdef';

/** sfc32 seeded from a single integer: small, fast, and identical in Node and browsers. */
export function createRandom(seed: number): Random {
  let a = 0x9e3779b9 ^ seed;
  let b = 0x243f6a88 + seed * 7;
  let c = 0xb7e15162 ^ (seed << 3);
  let d = 1;
  const u32 = () => {
    a >>>= 0; b >>>= 0; c >>>= 0; d >>>= 0;
    const t = (a + b + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t;
  };
  for (let i = 0; i < 15; i++) u32();
  const next = () => u32() / 4294967296;
  const int = (n: number) => Math.floor(next() * n);
  // floor(u32 / 2^32 * 16) is exactly the top four bits: the same draws as int(16), without the float.
  const hex = (n: number) => {
    let s = '';
    for (let i = 0; i < n; i++) s += HEX[u32() >>> 28];
    return s;
  };
  return {
    next,
    int,
    pick: <T>(items: readonly T[]): T => items[int(items.length)]!,
    suffix(n = 5) {
      let s = '';
      for (let i = 0; i < n; i++) s += ALPHABET[int(ALPHABET.length)];
      return s;
    },
    uuid() {
      // 32 nibbles are drawn (two are overwritten by the version and variant), then the variant.
      let s = '';
      for (let i = 0; i < 32; i++) {
        const c = HEX[u32() >>> 28]!;
        if (i === 8 || i === 20) s += '-' + c;
        else if (i === 12) s += '-4';
        else if (i === 16) s += '-?';
        else s += c;
      }
      return s.replace('?', HEX[8 + (u32() >>> 30)]!);
    },
    hex,
  };
}

/** RFC 3339 with second precision, as metav1.Time serialises: `2026-11-22T01:27:42Z`. */
export function rfc3339(ms: number): string {
  const sec = Math.floor(ms / 1000);
  // Controllers format the same second thousands of times while a big scale settles.
  if (sec !== lastSec) {
    lastSec = sec;
    lastText = new Date(sec * 1000).toISOString().replace('.000Z', 'Z');
  }
  return lastText;
}
let lastSec = NaN;
let lastText = '';

/** The fixed default start instant: headless runs never read the wall clock. */
export const DEFAULT_START = Date.UTC(2026, 10, 22, 1, 0, 0);
