// A running lab: a cluster in the lab's starting state, its checkpoints evaluated live, hints, reset.
import { createCluster } from '../cluster/cluster.ts';
import type { Cluster } from '../cluster/types.ts';
import type { ProgramContext } from '../kubectl/context.ts';
import { kubectl } from '../kubectl/index.ts';
import { ShellSession } from '../shell/session.ts';
import { runCheck } from './checks.ts';
import { observe } from './observe.ts';
import type { Observations } from './observe.ts';
import type { Check, Lab, Task } from './schema.ts';
import { labFor, paramsOf } from './variants.ts';
import type { Variant } from './variants.ts';

export interface CheckpointResult {
  id: string;
  taskId: string;
  title: string;
  points: number;
  passed: boolean;
  /** why it passes or not, e.g. `deployment mynginx: spec.replicas is 1 (want 4)` */
  detail?: string;
}

export interface LabProgress {
  results: CheckpointResult[];
  passed: number;
  total: number;
  points: number;
  maxPoints: number;
  /** every checkpoint that has passed at least once since the last reset (progress a learner keeps) */
  achieved: string[];
  /** true when every checkpoint passes now */
  complete: boolean;
}

export interface Hint {
  task: Task;
  /** 0-based */
  index: number;
  total: number;
  text: string;
  /** true for a state hint (`{ text, when }`): index and total then count the task's state hints */
  state?: boolean;
}

export interface LabSession {
  /** the lab as this learner sees it (parameters filled in) */
  readonly lab: Lab;
  readonly seed: number;
  /** the learner's variant (parameters and seed); the default variant when no learner was given */
  readonly variant: Variant;
  readonly realtime: boolean;
  /**
   * A stable handle on the lab's cluster: every property forwards to the current cluster, and its
   * onChange listeners carry over a reset, so a shell or clock driver built on it survives `lab reset`.
   */
  readonly cluster: Cluster;
  /** the cluster behind the handle right now (a reset replaces it) */
  readonly current: Cluster;
  readonly observations: Observations;
  /** what the start manifests and commands printed, for debugging a lab */
  readonly setupLog: string;
  evaluate(): CheckpointResult[];
  progress(): LabProgress;
  /** called (debounced) whenever a checkpoint's state may have changed; only when something did change */
  onProgress(cb: (p: LabProgress) => void): () => void;
  /** called after a reset with the new cluster, so terminals can attach to it */
  onReset(cb: (cluster: Cluster) => void): () => void;
  /** a fresh cluster from the same seed and starting state */
  reset(): Promise<void>;
  /** the next hint for the first open task: a state hint whose check passes now, else one more ordered hint each call; undefined when every task is done */
  nextHint(): Hint | { task: Task; index: number; total: number; text?: undefined } | undefined;
  /** the first task with a checkpoint that does not pass */
  currentTask(): Task | undefined;
  dispose(): void;
}

export interface LabSessionOptions {
  lab: Lab;
  /** default: the lab's seed, or the learner's variant seed */
  seed?: number;
  /** the learner id: a lab with `params` is filled in with this learner's variant (the default variant when unset) */
  learner?: string;
  /** browser: true (the page drives the clock); CLI and tests: false */
  realtime: boolean;
  /** debounce for onProgress in ms; default 0 headless (next microtask), 50 in real time */
  debounceMs?: number;
}

function headlessContext(cluster: Cluster, args: string[], stdin: string | null, out: (s: string) => void): ProgramContext {
  const master = cluster.hosts.get('master') ?? cluster.hosts.get(cluster.hosts.names()[0] ?? '');
  if (!master) throw new Error('the cluster has no master host');
  return {
    args,
    stdin,
    out,
    err: out,
    cluster,
    fs: master.fs,
    cwd: '/root',
    env: { HOME: '/root', USER: 'root', PATH: '/usr/local/bin:/usr/bin:/bin' },
    sleep: async (ms) => cluster.advance(ms),
    signal: new AbortController().signal,
    tty: false,
    realtime: false,
    columns: 120,
  };
}

/** A Cluster that forwards to whichever cluster is current; listeners survive a swap. `afterAdvance` runs after each advance or settle. */
export function createClusterHandle(initial: Cluster, afterAdvance?: () => void): { handle: Cluster; swap(next: Cluster): void } {
  let current = initial;
  const listeners = new Set<() => void>();
  const fanOut = () => {
    for (const l of [...listeners]) l();
  };
  let off = current.onChange(fanOut);
  const handle: Cluster & { readonly controlPlane?: unknown } = {
    get api() {
      return current.api;
    },
    get clock() {
      return current.clock;
    },
    get random() {
      return current.random;
    },
    get hosts() {
      return current.hosts;
    },
    get version() {
      return current.version;
    },
    get serverUrl() {
      return current.serverUrl;
    },
    // kubectl logs/exec read the nodes' container runtimes through the handle too
    get runtime() {
      return current.runtime;
    },
    // curl, nslookup and port-forward reach the cluster's traffic layer through the handle too
    get net() {
      return current.net;
    },
    // the `trace` command and the architecture page read the control-plane trace of the current cluster
    get trace() {
      return current.trace;
    },
    // kubeadm init/join/reset in a lab's terminal change the current cluster's control plane
    get controlPlane() {
      return (current as { controlPlane?: unknown }).controlPlane;
    },
    advance: (ms) => {
      current.advance(ms);
      afterAdvance?.();
    },
    settle: (opts) => {
      const ms = current.settle(opts);
      afterAdvance?.();
      return ms;
    },
    idle: () => current.idle(),
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return {
    handle,
    swap(next) {
      off();
      current = next;
      off = current.onChange(fanOut);
      fanOut();
    },
  };
}

export class LabSetupError extends Error {}

/** Checks that judge more than API objects (files, units, traffic): they can change without any watch event. */
const BEYOND_API = new Set<Check['type']>(['http', 'dns', 'file', 'resolves', 'service', 'registryImage', 'package', 'os', 'containerRuntime', 'kubectlAccess']);

function looksBeyondApi(check: Check): boolean {
  if (check.type === 'allOf' || check.type === 'anyOf') return check.checks.some(looksBeyondApi);
  if (check.type === 'not') return looksBeyondApi(check.check);
  return BEYOND_API.has(check.type);
}

/** How often (virtual ms) a lab with such checks looks again while the clock runs and no object changes. */
const POLL_MS = 1000;

/** Build a cluster in the lab's starting state, headless: files, manifests (kubectl apply -f -), commands, settle. */
export async function startCluster(lab: Lab, seed: number = lab.seed): Promise<{ cluster: Cluster; log: string }> {
  const cluster = createCluster({ seed, preset: lab.start.preset });
  cluster.settle();
  let log = '';
  const out = (s: string) => {
    log += s;
  };
  const master = cluster.hosts.get('master');
  for (const f of lab.start.files) {
    if (!master) break;
    const path = f.path.startsWith('/') ? f.path : `/root/${f.path}`;
    const dir = path.slice(0, path.lastIndexOf('/')) || '/';
    if (!master.fs.exists(dir)) master.fs.mkdir(dir, { parents: true });
    master.fs.write(path, f.content ?? '');
  }
  for (const [i, manifest] of lab.start.manifests.entries()) {
    const before = log.length;
    const code = await kubectl(headlessContext(cluster, ['apply', '-f', '-'], manifest, out));
    if (code !== 0) throw new LabSetupError(`lab ${lab.id}: start.manifests[${i}] failed to apply:\n${log.slice(before)}`);
  }
  if (lab.start.commands.length) {
    const shell = new ShellSession({ cluster, realtime: false });
    await shell.runScript(lab.start.commands.join('\n') + '\n', out);
  }
  if (lab.start.settle) cluster.settle();
  return { cluster, log };
}

export async function createLabSession(opts: LabSessionOptions): Promise<LabSession> {
  const { realtime } = opts;
  // with a learner: that learner's variant; without: the lab as given (already instantiated, or its default variant)
  const { lab, variant } =
    opts.learner !== undefined ? labFor(opts.lab, opts.learner) : { lab: opts.lab, variant: { seed: opts.lab.seed, params: paramsOf(opts.lab) } };
  const seed = opts.seed ?? variant.seed;
  const debounceMs = opts.debounceMs ?? (realtime ? 50 : 0);
  const checkpoints = lab.tasks.flatMap((task) => task.checkpoints.map((cp) => ({ task, cp })));

  let cluster!: Cluster;
  let handle: ReturnType<typeof createClusterHandle> | undefined;
  let observations: Observations;
  let setupLog: string;
  let unsubscribe: () => void = () => {};
  let achieved = new Set<string>();
  let hintsShown = new Map<string, number>();
  let stateHintsShown = new Set<string>();
  const progressListeners = new Set<(p: LabProgress) => void>();
  const resetListeners = new Set<(c: Cluster) => void>();
  let lastKey = '';
  let pending = false;
  let disposed = false;

  const evaluate = (): CheckpointResult[] => {
    const ctx = { api: cluster.api, observations, hosts: cluster.hosts, net: cluster.net, cluster };
    return checkpoints.map(({ task, cp }) => {
      const o = runCheck(cp.check, ctx);
      if (o.passed) achieved.add(cp.id);
      return { id: cp.id, taskId: task.id, title: cp.title, points: cp.points, passed: o.passed, detail: o.detail };
    });
  };

  const progress = (): LabProgress => {
    const results = evaluate();
    const passed = results.filter((r) => r.passed);
    return {
      results,
      passed: passed.length,
      total: results.length,
      points: passed.reduce((n, r) => n + r.points, 0),
      maxPoints: results.reduce((n, r) => n + r.points, 0),
      achieved: checkpoints.map((c) => c.cp.id).filter((id) => achieved.has(id)),
      complete: passed.length === results.length,
    };
  };

  const emit = (force: boolean) => {
    pending = false;
    if (disposed || !progressListeners.size) return;
    const p = progress();
    const key = p.results.map((r) => (r.passed ? '1' : '0')).join('') + '|' + p.achieved.join(',');
    if (!force && key === lastKey) return;
    lastKey = key;
    for (const cb of progressListeners) cb(p);
  };

  const schedule = () => {
    if (pending || disposed) return;
    pending = true;
    if (debounceMs > 0) setTimeout(() => emit(false), debounceMs);
    else queueMicrotask(() => emit(false));
  };

  // A page that edits a file in a container or on a node changes no API object: look again as time passes.
  const polls = checkpoints.some(({ cp }) => looksBeyondApi(cp.check));
  let lastPoll = -Infinity;
  const poll = () => {
    if (!polls || disposed) return;
    const now = cluster.clock.now();
    if (now - lastPoll < POLL_MS) return;
    lastPoll = now;
    schedule();
  };

  const attach = async () => {
    const started = await startCluster(lab, seed);
    cluster = started.cluster;
    setupLog = started.log;
    observations = observe(cluster);
    lastPoll = -Infinity;
    if (handle) handle.swap(cluster);
    else handle = createClusterHandle(cluster, poll);
    const offChange = cluster.onChange(schedule);
    const offObserve = observations.onObserve(schedule);
    unsubscribe = () => {
      offChange();
      offObserve();
      observations.stop();
    };
  };

  await attach();

  const currentTask = (): Task | undefined => {
    const results = evaluate();
    return lab.tasks.find((t) => results.some((r) => r.taskId === t.id && !r.passed));
  };

  const session: LabSession = {
    lab,
    seed,
    variant: { ...variant, seed },
    realtime,
    get cluster() {
      return handle!.handle;
    },
    get current() {
      return cluster;
    },
    get observations() {
      return observations;
    },
    get setupLog() {
      return setupLog;
    },
    evaluate,
    progress,
    onProgress(cb) {
      progressListeners.add(cb);
      return () => progressListeners.delete(cb);
    },
    onReset(cb) {
      resetListeners.add(cb);
      return () => resetListeners.delete(cb);
    },
    async reset() {
      unsubscribe();
      achieved = new Set();
      hintsShown = new Map();
      stateHintsShown = new Set();
      lastKey = '';
      await attach();
      for (const cb of resetListeners) cb(cluster);
      emit(true);
    },
    nextHint() {
      const task = currentTask();
      if (!task) return undefined;
      // state hints first: each one whose check passes now, once until its check stops passing
      const ctx = { api: cluster.api, observations, hosts: cluster.hosts, net: cluster.net, cluster };
      const holding = (task.stateHints ?? []).flatMap((h, i) => {
        const key = `${task.id}#${i}`;
        if (runCheck(h.when, ctx).passed) return [{ h, i, key }];
        stateHintsShown.delete(key);
        return [];
      });
      const fresh = holding.find((x) => !stateHintsShown.has(x.key));
      const shown = hintsShown.get(task.id) ?? 0;
      const total = task.hints.length;
      // after the ordered hints run out, a state hint that still holds is worth repeating
      const pick = fresh ?? (shown >= total ? holding[0] : undefined);
      if (pick) {
        stateHintsShown.add(pick.key);
        return { task, index: pick.i, total: (task.stateHints ?? []).length, text: pick.h.text, state: true };
      }
      if (shown >= total) return { task, index: shown, total };
      hintsShown.set(task.id, shown + 1);
      return { task, index: shown, total, text: task.hints[shown]! };
    },
    currentTask,
    dispose() {
      disposed = true;
      unsubscribe();
      progressListeners.clear();
      resetListeners.clear();
    },
  };
  return session;
}
