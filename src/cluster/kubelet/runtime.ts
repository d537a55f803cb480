// The kubelet's view of a pod on its node: the sandbox, each container's runtime state, the
// back-off entries, and the condition transition times its status reports.
import type { KubeObject, TimerHandle } from '../types.ts';
import type { ImageBehaviour, ResolvedImage } from '../registry/index.ts';
import type { ContainerInstance } from './containers.ts';

export type ContainerState = 'waiting' | 'running' | 'terminated';

export interface ContainerRuntime {
  name: string;
  /** the container spec */
  spec: any;
  init: boolean;
  state: ContainerState;
  /** waiting reason (ContainerCreating, ErrImagePull, ImagePullBackOff, CrashLoopBackOff, ...) or terminated reason */
  reason?: string;
  message?: string;
  image?: ResolvedImage;
  containerID?: string;
  startedAt?: number;
  finishedAt?: number;
  exitCode?: number;
  restartCount: number;
  ready: boolean;
  started: boolean;
  lastTerminated?: { exitCode: number; reason: string; startedAt: number; finishedAt: number; containerID: string; message?: string };
  /** the runtime's record of the current instance (process, logs, file system) */
  inst?: ContainerInstance;
  /** the last start failed in runc (StartError), not yet handled by the exit stage */
  startFailed?: boolean;
  /** image pull back-off (flowcontrol.Backoff entry) */
  pullBackoff?: BackoffEntry;
  /** crash-loop back-off */
  crashBackoff?: BackoffEntry;
  /** last pull error text */
  pullError?: string;
  /** its image changed in the pod spec while it ran: being stopped to start again with the new one */
  definitionChanged?: boolean;
}

export interface BackoffEntry {
  /** current period in ms */
  period: number;
  /** when it was last bumped (ms) */
  lastUpdate: number;
}

export interface PodRuntime {
  uid: string;
  namespace: string;
  name: string;
  /** latest pod object seen */
  pod: KubeObject;
  /** current row of the stage table */
  stage: string;
  /** index into containers of the one being worked on */
  current: number;
  containers: ContainerRuntime[];
  ip?: string;
  startTime?: number;
  timer?: TimerHandle;
  /** the stage the timer will run */
  pendingStage?: string;
  /** condition type → [status, lastTransitionTime ms] */
  conditions: Map<string, [string, number]>;
  phase: string;
  /** virtual ms when a deletion was first seen */
  deletionSeen?: number;
  /** how many background resyncs this failure has had (the first is real work) */
  resyncs: number;
}

/** flowcontrol.Backoff.Next: 10s doubling to 5m; an entry idle for 2×max starts over. */
export function nextBackoff(entry: BackoffEntry | undefined, now: number, initial = 10_000, max = 300_000): BackoffEntry {
  if (!entry || now - entry.lastUpdate > 2 * max) return { period: initial, lastUpdate: now };
  return { period: Math.min(entry.period * 2, max), lastUpdate: now };
}

export function inBackoff(entry: BackoffEntry | undefined, now: number): boolean {
  return !!entry && now - entry.lastUpdate < entry.period;
}

/** Go's time.Duration.String() for a whole number of milliseconds: `3.412s`, `412ms`, `1m2.5s`, `5m0s`. */
export function goDuration(ms: number): string {
  ms = Math.trunc(ms);
  if (ms === 0) return '0s';
  const neg = ms < 0;
  if (neg) ms = -ms;
  let out: string;
  if (ms < 1000) {
    out = `${ms}ms`;
  } else {
    const h = Math.floor(ms / 3_600_000);
    const m = Math.floor((ms % 3_600_000) / 60_000);
    const sMs = ms % 60_000;
    const whole = Math.floor(sMs / 1000);
    const frac = sMs % 1000;
    const secs = frac ? `${whole}.${String(frac).padStart(3, '0').replace(/0+$/, '')}s` : `${whole}s`;
    out = h ? `${h}h${m}m${secs}` : m ? `${m}m${secs}` : secs;
  }
  return neg ? `-${out}` : out;
}

/**
 * How long the container's process runs before exiting by itself, from the image's behaviour and the
 * command: `sleep 3600` runs an hour, `tail -f` / `while true` forever, a bare shell exits at once.
 * Returns undefined for "runs until stopped".
 */
export function processLifetime(spec: any, behaviour: ImageBehaviour | undefined): { afterMs: number; exitCode: number } | undefined {
  const words: string[] = [...(spec?.command ?? []), ...(spec?.args ?? [])].map(String);
  const text = words.join(' ');
  if (words.length > 0) {
    if (/\bwhile\s+(true|:)|\btail\s+-f\b|\bsleep\s+(infinity|inf)\b|\bnginx\b|\bhttpd\b/.test(text)) return undefined;
    const sleeps = [...text.matchAll(/\bsleep\s+(\d+(?:\.\d+)?)([smhd]?)\b/g)];
    const exitMatch = /\bexit\s+(\d+)/.exec(text);
    const exitCode = exitMatch ? Number(exitMatch[1]) : /\bfalse\b/.test(text) ? 1 : 0;
    if (sleeps.length > 0) {
      const unit: Record<string, number> = { '': 1000, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
      const total = sleeps.reduce((n, m) => n + Number(m[1]) * unit[m[2] ?? '']!, 0);
      return { afterMs: Math.max(10, Math.round(total)), exitCode };
    }
    // a command that is not a long-running server: the image decides (a shell command finishes at once)
    if (behaviour?.exits) return { afterMs: behaviour.exits.afterMs, exitCode };
    return exitMatch ? { afterMs: 20, exitCode } : undefined;
  }
  return behaviour?.exits ? { afterMs: behaviour.exits.afterMs, exitCode: behaviour.exits.code } : undefined;
}
