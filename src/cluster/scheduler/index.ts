// kube-scheduler (default-scheduler): a scheduling queue (active, back-off, unschedulable), one cycle per
// pod over a node cache (filter, score, pick with seeded ties), binding through pods/binding, and the
// FitError diagnosis kept per pod so it can be shown.
import type { Component, ComponentContext } from '../component.ts';
import type { KubeObject, TimerHandle, WatchEvent } from '../types.ts';
import { isApiError } from '../apiserver/errors.ts';
import { rfc3339 } from '../controller-manager/workload.ts';
import { bindReason } from '../trace/scheduler-reason.ts';
import {
  type AssignedPod,
  type FilterStatus,
  type NodeInfo,
  addPod,
  newNodeInfo,
  normalizedImage,
  podResources,
  removePod,
  runFilters,
  scoreNodes,
  setNode,
} from './plugins.ts';

export { podResources, runFilters, tolerates } from './plugins.ts';
export { parseQuantity, milliCpu, bytes } from './quantity.ts';

export const SCHEDULER_NAME = 'default-scheduler';
const SOURCE = { component: SCHEDULER_NAME };
/** Time from a pod appearing to its scheduling cycle. */
const CYCLE_DELAY_MS = 6;
const INITIAL_BACKOFF_MS = 1000;
const MAX_BACKOFF_MS = 10_000;
/** podMaxInUnschedulablePodsDuration, checked by a flush every 30s */
const MAX_UNSCHEDULABLE_MS = 5 * 60_000;
const FLUSH_PERIOD_MS = 30_000;

/** Why one node was rejected for a pod. */
export interface NodeRejection {
  node: string;
  plugin: string;
  reasons: string[];
}

/** The outcome of a pod's last failed scheduling attempt. */
export interface SchedulingDiagnosis {
  namespace: string;
  name: string;
  /** the FailedScheduling message */
  message: string;
  /** virtual ms of the attempt */
  at: number;
  nodes: NodeRejection[];
}

export interface Scheduler extends Component {
  /** The last failed attempt for a pod still waiting to be scheduled, with every node's rejection. */
  diagnosis(namespace: string, name: string): SchedulingDiagnosis | undefined;
  /** Every pod currently held back, in namespace/name order. */
  diagnoses(): SchedulingDiagnosis[];
}

type QueuedPod = {
  uid: string;
  key: string;
  attempts: number;
  /** virtual ms of the last attempt */
  lastAttempt: number;
  /** plugins that rejected it last time: decides which cluster changes can help */
  plugins: Set<string>;
  since: number;
  timer?: TimerHandle;
};


export function defaultScheduler(): Scheduler {
  const diagnoses = new Map<string, SchedulingDiagnosis>();
  return {
    name: SCHEDULER_NAME,
    start(ctx) {
      startScheduler(ctx, diagnoses);
    },
    diagnosis(namespace, name) {
      return diagnoses.get(`${namespace}/${name}`);
    },
    diagnoses() {
      return [...diagnoses.values()].sort((a, b) => (a.namespace + '/' + a.name < b.namespace + '/' + b.name ? -1 : 1));
    },
  };
}

function startScheduler(ctx: ComponentContext, diagnoses: Map<string, SchedulingDiagnosis>): void {
  const { api, clock, random, events } = ctx;
  const nodes = new Map<string, NodeInfo>();
  /** assigned pods by uid */
  const assigned = new Map<string, AssignedPod>();
  /** latest view of every pending pod we are responsible for, by uid */
  const pending = new Map<string, KubeObject>();
  const queued = new Map<string, QueuedPod>();
  /** activeQ: FIFO by arrival (all pods share priority 0 unless set; higher priority first) */
  let active: string[] = [];
  const activeSet = new Set<string>();
  const unschedulable = new Set<string>();
  /** how many nodes list each image, for ImageLocality */
  const imageSpread = new Map<string, number>();
  let cycleTimer: TimerHandle | undefined;
  let flushTimer: TimerHandle | undefined;
  let moveRequest: 'all' | 'resources' | undefined;

  const keyOf = (p: KubeObject) => `${p.metadata.namespace ?? 'default'}/${p.metadata.name}`;
  const ours = (p: KubeObject) => (p.spec?.schedulerName ?? SCHEDULER_NAME) === SCHEDULER_NAME;
  const terminal = (p: KubeObject) => p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed';
  const ownerOf = (p: KubeObject) => p.metadata.ownerReferences?.find((r) => r.controller)?.uid;
  const sortedNodes = () => [...nodes.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

  const scheduleCycle = (delay = CYCLE_DELAY_MS) => {
    if (cycleTimer) return;
    cycleTimer = clock.after(delay, runCycles, 'scheduler cycle');
  };

  const ensureFlush = () => {
    if (flushTimer || unschedulable.size === 0) return;
    // periodic housekeeping: it must not keep settle() busy
    flushTimer = clock.at(clock.now() + FLUSH_PERIOD_MS, flushUnschedulable, 'scheduler flush', { background: true });
  };

  function addToActive(uid: string): void {
    if (activeSet.has(uid)) return;
    activeSet.add(uid);
    active.push(uid);
    scheduleCycle();
  }

  function backoffMs(q: QueuedPod): number {
    return Math.min(MAX_BACKOFF_MS, INITIAL_BACKOFF_MS * 2 ** Math.max(0, q.attempts - 1));
  }

  /** Move a held-back pod towards the active queue, through back-off if it has not expired. */
  function requeue(q: QueuedPod): void {
    unschedulable.delete(q.uid);
    q.timer?.cancel();
    q.timer = undefined;
    const ready = q.lastAttempt + backoffMs(q);
    if (ready <= clock.now()) addToActive(q.uid);
    else q.timer = clock.at(ready, () => {
      q.timer = undefined;
      addToActive(q.uid);
    }, 'scheduler backoff');
  }

  function requestMove(kind: 'all' | 'resources'): void {
    if (unschedulable.size === 0) return;
    if (moveRequest !== 'all') moveRequest = kind;
    scheduleCycle(0);
  }

  function applyMoves(): void {
    const kind = moveRequest;
    moveRequest = undefined;
    if (!kind) return;
    for (const uid of [...unschedulable]) {
      const q = queued.get(uid)!;
      if (kind === 'all' || q.plugins.has('NodeResourcesFit') || q.plugins.has('NodePorts')) requeue(q);
    }
  }

  function flushUnschedulable(): void {
    flushTimer = undefined;
    const now = clock.now();
    for (const uid of [...unschedulable]) {
      const q = queued.get(uid)!;
      if (now - q.since >= MAX_UNSCHEDULABLE_MS) requeue(q);
    }
    ensureFlush();
  }

  function forgetPending(uid: string): void {
    const p = pending.get(uid);
    if (p) diagnoses.delete(keyOf(p));
    pending.delete(uid);
    const q = queued.get(uid);
    q?.timer?.cancel();
    queued.delete(uid);
    unschedulable.delete(uid);
    activeSet.delete(uid);
  }

  function assume(pod: KubeObject, nodeName: string): void {
    const uid = pod.metadata.uid;
    if (assigned.has(uid)) return;
    const a: AssignedPod = {
      uid,
      namespace: pod.metadata.namespace ?? 'default',
      name: pod.metadata.name,
      node: nodeName,
      owner: ownerOf(pod),
      res: podResources(pod),
    };
    assigned.set(uid, a);
    const info = nodes.get(nodeName);
    if (info) addPod(info, a);
  }

  function unassign(uid: string): boolean {
    const a = assigned.get(uid);
    if (!a) return false;
    assigned.delete(uid);
    const info = nodes.get(a.node);
    if (info) removePod(info, uid);
    return true;
  }

  function updateImageSpread(before: NodeInfo | undefined, after: NodeInfo | undefined): void {
    for (const name of before?.images.keys() ?? []) imageSpread.set(name, (imageSpread.get(name) ?? 1) - 1);
    for (const name of after?.images.keys() ?? []) imageSpread.set(name, (imageSpread.get(name) ?? 0) + 1);
  }

  const onNode = (ev: WatchEvent) => {
    const node = ev.object;
    const name = node.metadata.name;
    if (ev.type === 'DELETED') {
      updateImageSpread(nodes.get(name), undefined);
      nodes.delete(name);
      return;
    }
    let info = nodes.get(name);
    const before = info ? relevant(info.node) : undefined;
    if (!info) {
      info = newNodeInfo(node);
      nodes.set(name, info);
      for (const a of assigned.values()) if (a.node === name) addPod(info, a);
      updateImageSpread(undefined, info);
    } else {
      const old = { ...info, images: info.images };
      setNode(info, node);
      updateImageSpread(old, info);
    }
    if (before !== relevant(node)) requestMove('all');
  };

  const onPod = (ev: WatchEvent) => {
    const pod = ev.object;
    const uid = pod.metadata.uid;
    if (ev.type === 'DELETED') {
      forgetPending(uid);
      if (unassign(uid)) requestMove('resources');
      return;
    }
    if (pod.spec?.nodeName) {
      forgetPending(uid);
      if (terminal(pod)) {
        if (unassign(uid)) requestMove('resources');
      } else {
        assume(pod, pod.spec.nodeName);
      }
      return;
    }
    if (!ours(pod) || pod.metadata.deletionTimestamp) {
      forgetPending(uid);
      return;
    }
    const prev = pending.get(uid);
    pending.set(uid, pod);
    if (!queued.has(uid)) {
      queued.set(uid, { uid, key: keyOf(pod), attempts: 0, lastAttempt: 0, plugins: new Set(), since: clock.now() });
      ctx.trace?.saw(pod, 'saw an unbound pod', { reason: 'spec.nodeName is empty: the pod needs a node', flowStep: 3 });
      addToActive(uid);
    } else if (prev && unschedulable.has(uid) && schedulingInputs(prev) !== schedulingInputs(pod)) {
      // the pod itself changed (labels, tolerations, ...): worth another try
      requeue(queued.get(uid)!);
    }
  };

  // informers: list, then watch
  for (const node of api.list('nodes')) onNode({ type: 'ADDED', object: node });
  for (const pod of api.list('pods')) onPod({ type: 'ADDED', object: pod });
  api.watch('nodes', undefined, onNode);
  api.watch('pods', undefined, onPod);

  function runCycles(): void {
    cycleTimer = undefined;
    applyMoves();
    const batch = active;
    active = [];
    // higher priority first, then arrival order (PrioritySort)
    batch.sort((a, b) => (pending.get(b)?.spec?.priority ?? 0) - (pending.get(a)?.spec?.priority ?? 0));
    for (const uid of batch) {
      if (!activeSet.delete(uid)) continue;
      const pod = pending.get(uid);
      const q = queued.get(uid);
      if (!pod || !q) continue;
      scheduleOne(pod, q);
    }
    ensureFlush();
  }

  function scheduleOne(pod: KubeObject, q: QueuedPod): void {
    const now = clock.now();
    q.attempts++;
    q.lastAttempt = now;
    const res = podResources(pod);
    const all = sortedNodes();
    const feasible: NodeInfo[] = [];
    const rejected: { info: NodeInfo; status: FilterStatus }[] = [];
    for (const info of all) {
      const status = runFilters(pod, res, info);
      if (status) rejected.push({ info, status });
      else feasible.push(info);
    }
    if (feasible.length === 0) return unschedulableAttempt(pod, q, all.length, rejected);

    let chosen = feasible[0]!;
    let scores: number[] | undefined;
    if (feasible.length > 1) {
      scores = scoreNodes(pod, res, ownerOf(pod), feasible, (img) => imageSpread.get(img) ?? 0, all.length);
      let best = scores[0]!;
      let ties = 1;
      for (let i = 1; i < feasible.length; i++) {
        if (scores[i]! > best) {
          best = scores[i]!;
          chosen = feasible[i]!;
          ties = 1;
        } else if (scores[i] === best) {
          ties++;
          if (random.int(ties) === 0) chosen = feasible[i]!;
        }
      }
    }
    if (ctx.trace) ctx.trace.because(bindReason(chosen.name, feasible.map((f) => f.name), scores, rejected.map((r) => ({ node: r.info.name, reasons: r.status.reasons }))));
    try {
      api.create({
        apiVersion: 'v1',
        kind: 'Binding',
        metadata: { name: pod.metadata.name, namespace: pod.metadata.namespace },
        target: { apiVersion: 'v1', kind: 'Node', name: chosen.name },
      });
    } catch (e) {
      if (!isApiError(e)) throw e;
      // deleted or bound meanwhile: the watch will tell
      return;
    }
    assume(pod, chosen.name);
    const uid = pod.metadata.uid;
    queued.delete(uid);
    pending.delete(uid);
    diagnoses.delete(keyOf(pod));
    events.record(pod, 'Normal', 'Scheduled', `Successfully assigned ${keyOf(pod)} to ${chosen.name}`, SOURCE);
  }

  function unschedulableAttempt(pod: KubeObject, q: QueuedPod, numNodes: number, rejected: { info: NodeInfo; status: FilterStatus }[]): void {
    const message = fitErrorMessage(numNodes, rejected.map((r) => r.status));
    diagnoses.set(keyOf(pod), {
      namespace: pod.metadata.namespace ?? 'default',
      name: pod.metadata.name,
      message,
      at: clock.now(),
      nodes: rejected.map((r) => ({ node: r.info.name, plugin: r.status.plugin, reasons: [...r.status.reasons] })),
    });
    q.plugins = new Set(rejected.map((r) => r.status.plugin));
    q.since = clock.now();
    unschedulable.add(q.uid);
    events.record(pod, 'Warning', 'FailedScheduling', message, SOURCE);
    const cur = (pod.status?.conditions as any[] | undefined)?.find((c) => c.type === 'PodScheduled');
    if (cur?.status === 'False' && cur.reason === 'Unschedulable' && cur.message === message) return;
    try {
      const updated = api.patch('pods', pod.metadata.namespace, pod.metadata.name, (p) => {
        const conds: any[] = [...((p.status?.conditions as any[] | undefined) ?? [])];
        const i = conds.findIndex((c) => c.type === 'PodScheduled');
        const keepTransition = i >= 0 && conds[i].status === 'False';
        const c = {
          lastProbeTime: null,
          lastTransitionTime: keepTransition ? conds[i].lastTransitionTime : rfc3339(clock.now()),
          message,
          reason: 'Unschedulable',
          status: 'False',
          type: 'PodScheduled',
        };
        if (i >= 0) conds[i] = c;
        else conds.push(c);
        p.status = { ...(p.status ?? {}), conditions: conds };
      });
      if (pending.has(q.uid)) pending.set(q.uid, updated);
    } catch (e) {
      if (!isApiError(e)) throw e;
    }
  }
}

/** What about a node can change a filter's verdict (not heartbeats). */
function relevant(node: KubeObject): string {
  return JSON.stringify([node.metadata.labels, node.spec?.taints, node.spec?.unschedulable, node.status?.allocatable]);
}

/** What about a pending pod can change a filter's verdict. */
function schedulingInputs(pod: KubeObject): string {
  return JSON.stringify([pod.metadata.labels, pod.spec?.tolerations, pod.spec?.nodeSelector, pod.spec?.affinity, pod.spec?.containers?.map((c: any) => c.resources)]);
}

/**
 * framework.FitError.Error(): `0/4 nodes are available: <sorted "count reason" pairs>.` followed by the
 * DefaultPreemption post-filter message in the same form.
 */
export function fitErrorMessage(numNodes: number, statuses: FilterStatus[]): string {
  if (numNodes === 0) return 'no nodes available to schedule pods';
  const histogram = (counts: Map<string, number>) =>
    [...counts.entries()].map(([reason, n]) => `${n} ${reason}`).sort().join(', ');
  const reasons = new Map<string, number>();
  const preemption = new Map<string, number>();
  for (const s of statuses) {
    for (const r of s.reasons) reasons.set(r, (reasons.get(r) ?? 0) + 1);
    const p = s.code === 'UnschedulableAndUnresolvable' ? 'Preemption is not helpful for scheduling' : 'No preemption victims found for incoming pod';
    preemption.set(p, (preemption.get(p) ?? 0) + 1);
  }
  let msg = `0/${numNodes} nodes are available:`;
  if (reasons.size) msg += ` ${histogram(reasons)}.`;
  msg += ` preemption: 0/${numNodes} nodes are available: ${histogram(preemption)}.`;
  return msg;
}

export { normalizedImage };
