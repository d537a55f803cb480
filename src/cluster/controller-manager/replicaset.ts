// The ReplicaSet controller (pkg/controller/replicaset): keeps `spec.replicas` active pods that match the
// selector, creating pods from the template and deleting the least valuable ones first, and keeps status.
import type { Component, ComponentContext } from '../component.ts';
import type { KubeObject, NewObject, WatchEvent } from '../types.ts';
import { isApiError } from '../apiserver/errors.ts';
import { clone } from '../etcd.ts';
import { matchesLabelSelector } from '../apiserver/selectors.ts';
import { createWorkQueue } from './work-queue.ts';
import {
  CONTROLLER_MANAGER,
  OwnedIndex,
  controllerRef,
  isPodActive,
  isPodAvailable,
  isPodReady,
  key,
  newControllerRef,
  omitZero,
  parseTime,
  podReadyTime,
} from './workload.ts';

const SOURCE = { component: 'replicaset-controller' };
/** controller.BurstReplicas: at most this many creations or deletions per sync. */
const BURST_REPLICAS = 500;
/** Time from a watch event to the controller acting on it. */
const REACTION_MS = 4;
const DELETION_COST = 'controller.kubernetes.io/pod-deletion-cost';

/** The ReplicaSet controller as a component; pods are found through an index by owner, never by listing. */
export function replicaSetController(): Component {
  return {
    name: 'replicaset-controller',
    start(ctx) {
      startReplicaSetController(ctx);
    },
  };
}

function startReplicaSetController(ctx: ComponentContext): void {
  const { api, clock, events } = ctx;
  const replicaSets = new Map<string, KubeObject>();
  /** ReplicaSets per controller (Deployment) uid: the "related" sets whose pods count when ranking victims */
  const rsByOwner = new OwnedIndex();
  const pods = new OwnedIndex();
  const queue = createWorkQueue(clock, 'replicaset', REACTION_MS, sync);
  /** per ReplicaSet uid: counts kept up to date as pods change, so a sync never walks every pod */
  const stats = new Map<string, { active: number; ready: number; labeled: number }>();
  /** what each pod contributes to its owner's counts */
  const contributions = new Map<string, { owner: string; active: number; ready: number; labeled: number }>();
  /** ReplicaSets whose pods must be matched against the selector again (new set, label changes, orphans) */
  const needsClaim = new Set<string>();
  const rsByUid = new Map<string, KubeObject>();

  const contribute = (pod: KubeObject, sign: 1 | -1) => {
    const uid = pod.metadata.uid;
    if (sign < 0) {
      const c = contributions.get(uid);
      if (!c) return;
      contributions.delete(uid);
      const st = stats.get(c.owner);
      if (st) {
        st.active -= c.active;
        st.ready -= c.ready;
        st.labeled -= c.labeled;
      }
      return;
    }
    const ref = controllerRef(pod);
    if (!ref) return;
    const activeNow = isPodActive(pod) ? 1 : 0;
    const tpl = rsByUid.get(ref.uid)?.spec?.template?.metadata?.labels ?? {};
    const c = {
      owner: ref.uid,
      active: activeNow,
      ready: activeNow && isPodReady(pod) ? 1 : 0,
      labeled: activeNow && Object.entries(tpl).every(([k, v]) => pod.metadata.labels?.[k] === v) ? 1 : 0,
    };
    contributions.set(uid, c);
    let st = stats.get(ref.uid);
    if (!st) stats.set(ref.uid, (st = { active: 0, ready: 0, labeled: 0 }));
    st.active += c.active;
    st.ready += c.ready;
    st.labeled += c.labeled;
  };
  const trackPod = (pod: KubeObject) => {
    const cur = pods.byUid.get(pod.metadata.uid);
    if (cur && Number(cur.metadata.resourceVersion) > Number(pod.metadata.resourceVersion)) return;
    contribute(pod, -1);
    pods.upsert(pod);
    contribute(pod, 1);
  };
  const untrackPod = (pod: KubeObject) => {
    contribute(pod, -1);
    pods.remove(pod);
  };
  /** Recount one set from scratch (its template labels changed, or it was just seen). */
  const recount = (rs: KubeObject) => {
    for (const p of [...pods.owned(rs.metadata.uid)]) {
      contribute(p, -1);
      contribute(p, 1);
    }
  };

  const rsUidToKey = new Map<string, string>();
  const enqueueOwnerOf = (pod: KubeObject) => {
    const ref = controllerRef(pod);
    if (ref?.kind === 'ReplicaSet') {
      const k = rsUidToKey.get(ref.uid);
      if (k) queue.add(k);
    } else if (!ref) {
      // an orphan may be adopted by any matching ReplicaSet in its namespace
      for (const rs of replicaSets.values()) {
        if (rs.metadata.namespace === pod.metadata.namespace && matchesLabelSelector(rs.spec?.selector, pod.metadata.labels)) queue.add(key(rs));
      }
    }
  };

  const onReplicaSet = (ev: WatchEvent) => {
    const rs = ev.object;
    const k = key(rs);
    if (ev.type === 'DELETED') {
      replicaSets.delete(k);
      rsUidToKey.delete(rs.metadata.uid);
      rsByUid.delete(rs.metadata.uid);
      rsByOwner.remove(rs);
      needsClaim.delete(rs.metadata.uid);
      queue.forget(k);
      return;
    }
    const cur = replicaSets.get(k);
    if (cur && Number(cur.metadata.resourceVersion) > Number(rs.metadata.resourceVersion)) return;
    storeRS(rs, cur);
    queue.add(k);
  };

  function storeRS(rs: KubeObject, prev: KubeObject | undefined): void {
    const k = key(rs);
    replicaSets.set(k, rs);
    rsUidToKey.set(rs.metadata.uid, k);
    rsByUid.set(rs.metadata.uid, rs);
    rsByOwner.upsert(rs);
    if (!prev || prev.metadata.uid !== rs.metadata.uid) {
      needsClaim.add(rs.metadata.uid);
      recount(rs);
    } else if (JSON.stringify(prev.spec?.template?.metadata?.labels) !== JSON.stringify(rs.spec?.template?.metadata?.labels)) {
      recount(rs);
    }
  }

  const onPod = (ev: WatchEvent) => {
    const pod = ev.object;
    if (ev.type === 'DELETED') untrackPod(pod);
    else trackPod(pod);
    const ref = controllerRef(pod);
    if (ref && ev.old && ev.old.metadata.labels !== pod.metadata.labels && JSON.stringify(ev.old.metadata.labels) !== JSON.stringify(pod.metadata.labels)) needsClaim.add(ref.uid);
    if (!ref && ev.type !== 'DELETED') {
      for (const rs of replicaSets.values()) {
        if (rs.metadata.namespace === pod.metadata.namespace && matchesLabelSelector(rs.spec?.selector, pod.metadata.labels)) needsClaim.add(rs.metadata.uid);
      }
    }
    enqueueOwnerOf(pod);
    // a controller reference dropped or changed: the old owner must notice too
    const oldRef = ev.old && controllerRef(ev.old);
    if (oldRef && oldRef.uid !== controllerRef(pod)?.uid) enqueueOwnerOf(ev.old!);
  };

  // informers: list, then watch
  for (const rs of api.list('replicasets')) onReplicaSet({ type: 'ADDED', object: rs });
  for (const pod of api.list('pods')) onPod({ type: 'ADDED', object: pod });
  api.watch('replicasets', undefined, onReplicaSet);
  api.watch('pods', undefined, onPod);

  function sync(k: string): void {
    const rs = replicaSets.get(k);
    if (!rs) return;
    const uid = rs.metadata.uid;
    if (needsClaim.delete(uid)) claimPods(rs);
    const activePods = () => [...pods.owned(uid)].filter(isPodActive);
    let requeue: number | undefined;
    if (!rs.metadata.deletionTimestamp) {
      const more = manageReplicas(stats.get(uid)?.active ?? 0, activePods, rs);
      if (more) requeue = REACTION_MS;
    }
    const fresh = replicaSets.get(k) ?? rs;
    const minReady = rs.spec?.minReadySeconds ?? 0;
    updateStatus(fresh, minReady > 0 ? activePods() : undefined);
    if (minReady > 0 && activePods().some((p) => isPodReady(p) && !isPodAvailable(p, minReady, clock.now()))) {
      requeue = Math.min(requeue ?? Infinity, minReady * 1000);
    }
    if (requeue !== undefined) queue.add(k, requeue);
  }

  /** ControllerRefManager.ClaimPods: owned pods that still match, plus orphans that match (adopted). */
  function claimPods(rs: KubeObject): void {
    const sel = rs.spec?.selector;
    for (const pod of [...pods.owned(rs.metadata.uid)]) {
      if (!matchesLabelSelector(sel, pod.metadata.labels) && !pod.metadata.deletionTimestamp) release(pod, rs);
    }
    if (!rs.metadata.deletionTimestamp) {
      for (const pod of [...pods.orphansIn(rs.metadata.namespace ?? '')]) {
        if (pod.metadata.deletionTimestamp || !matchesLabelSelector(sel, pod.metadata.labels)) continue;
        adopt(pod, rs);
      }
    }
  }

  function adopt(pod: KubeObject, rs: KubeObject): KubeObject | undefined {
    try {
      const updated = api.patch('pods', pod.metadata.namespace, pod.metadata.name, (p) => {
        p.metadata.ownerReferences = [...(p.metadata.ownerReferences ?? []), newControllerRef(rs)];
      }, { fieldManager: CONTROLLER_MANAGER });
      trackPod(updated);
      return updated;
    } catch (e) {
      if (isApiError(e)) return undefined;
      throw e;
    }
  }

  function release(pod: KubeObject, rs: KubeObject): void {
    try {
      const updated = api.patch('pods', pod.metadata.namespace, pod.metadata.name, (p) => {
        p.metadata.ownerReferences = (p.metadata.ownerReferences ?? []).filter((r) => r.uid !== rs.metadata.uid);
        if (p.metadata.ownerReferences.length === 0) delete p.metadata.ownerReferences;
      }, { fieldManager: CONTROLLER_MANAGER });
      trackPod(updated);
    } catch (e) {
      if (!isApiError(e)) throw e;
    }
  }

  /** Create or delete pods towards spec.replicas. Returns true when a burst limit left work for another sync. */
  function manageReplicas(activeCount: number, activePods: () => KubeObject[], rs: KubeObject): boolean {
    const want = rs.spec?.replicas ?? 1;
    const diff = activeCount - want;
    if (diff < 0) {
      const n = Math.min(-diff, BURST_REPLICAS);
      for (let i = 0; i < n; i++) {
        let pod: KubeObject;
        try {
          pod = api.create(podFromTemplate(rs), { fieldManager: CONTROLLER_MANAGER, frozenResult: true });
        } catch (e) {
          if (!isApiError(e)) throw e;
          events.record(rs, 'Warning', 'FailedCreate', `Error creating: ${e.message}`, SOURCE);
          return false;
        }
        trackPod(pod);
        events.record(rs, 'Normal', 'SuccessfulCreate', `Created pod: ${pod.metadata.name}`, SOURCE);
      }
      return -diff > n;
    }
    if (diff > 0) {
      const n = Math.min(diff, BURST_REPLICAS);
      for (const victim of podsToDelete(activePods(), relatedPods(rs), n)) {
        try {
          api.delete('pods', victim.metadata.namespace, victim.metadata.name, { fieldManager: CONTROLLER_MANAGER });
        } catch (e) {
          if (!isApiError(e)) throw e;
          if (e.reason !== 'NotFound') {
            events.record(rs, 'Warning', 'FailedDelete', `Error deleting: ${e.message}`, SOURCE);
            continue;
          }
        }
        const after = api.tryGet('pods', victim.metadata.namespace, victim.metadata.name, { frozenResult: true });
        if (after && after.metadata.uid === victim.metadata.uid) trackPod(after);
        else untrackPod(victim);
        events.record(rs, 'Normal', 'SuccessfulDelete', `Deleted pod: ${victim.metadata.name}`, SOURCE);
      }
      return diff > n;
    }
    return false;
  }

  /** Pods of every ReplicaSet with the same controller (getIndirectlyRelatedPods). */
  function relatedPods(rs: KubeObject): KubeObject[] {
    const owner = controllerRef(rs);
    if (!owner) return [...pods.owned(rs.metadata.uid)];
    const out: KubeObject[] = [];
    for (const sibling of rsByOwner.owned(owner.uid)) for (const p of pods.owned(sibling.metadata.uid)) out.push(p);
    return out;
  }

  function podsToDelete(active: KubeObject[], related: KubeObject[], n: number): KubeObject[] {
    if (n >= active.length) return active.slice(0, n);
    const onNode = new Map<string, number>();
    for (const p of related) {
      if (!isPodActive(p)) continue;
      const node = p.spec?.nodeName ?? '';
      onNode.set(node, (onNode.get(node) ?? 0) + 1);
    }
    const now = clock.now();
    const ranked = active.map((pod) => ({ pod, rank: pod.spec?.nodeName ? (onNode.get(pod.spec.nodeName) ?? 0) : 0 }));
    ranked.sort((a, b) => compareForDeletion(a.pod, a.rank, b.pod, b.rank, now));
    return ranked.slice(0, n).map((r) => r.pod);
  }

  /** Status from the running counts; `active` is only walked when minReadySeconds makes availability time-dependent. */
  function updateStatus(rs: KubeObject, active: KubeObject[] | undefined): void {
    const minReady = rs.spec?.minReadySeconds ?? 0;
    const now = clock.now();
    const st = stats.get(rs.metadata.uid) ?? { active: 0, ready: 0, labeled: 0 };
    const fully = st.labeled;
    const ready = st.ready;
    let available = ready;
    if (active) available = active.filter((p) => isPodAvailable(p, minReady, now)).length;
    const cur = rs.status ?? {};
    const next = omitZero(
      {
        replicas: st.active,
        fullyLabeledReplicas: fully,
        readyReplicas: ready,
        availableReplicas: available,
        observedGeneration: rs.metadata.generation ?? 1,
        conditions: cur.conditions,
      },
      ['replicas'],
    );
    if (JSON.stringify(next) === JSON.stringify(orderLike(cur, next))) return;
    try {
      const stored = api.updateStatus({ ...rs, status: next }, { frozenResult: true });
      storeRS(stored, rs);
    } catch (e) {
      if (!isApiError(e)) throw e;
      queue.add(key(rs));
    }
  }
}

/** `cur` with keys in the order of `like` (so a comparison ignores key order). */
function orderLike(cur: Record<string, unknown>, like: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(like)) if (k in cur) out[k] = cur[k];
  for (const k of Object.keys(cur)) if (!(k in out)) out[k] = cur[k];
  return out;
}

/** The pod the ReplicaSet creates from its template (controller.GetPodFromTemplate). */
function podFromTemplate(rs: KubeObject): NewObject {
  const t = rs.spec?.template ?? {};
  const meta: NewObject['metadata'] = {
    generateName: `${rs.metadata.name}-`,
    namespace: rs.metadata.namespace,
    ownerReferences: [newControllerRef(rs)],
  };
  if (t.metadata?.labels) meta.labels = clone(t.metadata.labels);
  if (t.metadata?.annotations) meta.annotations = clone(t.metadata.annotations);
  if (t.metadata?.finalizers) meta.finalizers = clone(t.metadata.finalizers);
  return { apiVersion: 'v1', kind: 'Pod', metadata: meta, spec: clone(t.spec ?? {}) };
}


const PHASE_ORDINAL: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

function maxRestarts(pod: KubeObject): number {
  let m = 0;
  for (const c of (pod.status?.containerStatuses as any[] | undefined) ?? []) m = Math.max(m, c.restartCount ?? 0);
  return m;
}

function deletionCost(pod: KubeObject): number {
  const v = Number(pod.metadata.annotations?.[DELETION_COST]);
  return Number.isFinite(v) ? v : 0;
}

/** floor(log2(now - t)) in nanoseconds, as logarithmicRankDiff buckets ages. */
function logRank(t: number | undefined, now: number): number {
  if (t === undefined) return -1;
  const d = (now - t) * 1e6;
  return d > 0 ? Math.floor(Math.log2(d)) : -1;
}

/**
 * controller.ActivePodsWithRanks.Less (LogarithmicScaleDown on): negative when `a` should go first.
 * Unassigned < assigned; Pending < Unknown < Running; not ready < ready; lower deletion cost first;
 * doubled-up first; ready for less time first; more restarts first; newer first.
 */
export function compareForDeletion(a: KubeObject, rankA: number, b: KubeObject, rankB: number, now: number): number {
  const na = a.spec?.nodeName ?? '';
  const nb = b.spec?.nodeName ?? '';
  if (na !== nb && (na === '' || nb === '')) return na === '' ? -1 : 1;
  const pa = PHASE_ORDINAL[a.status?.phase ?? 'Pending'] ?? 0;
  const pb = PHASE_ORDINAL[b.status?.phase ?? 'Pending'] ?? 0;
  if (pa !== pb) return pa - pb;
  const ra = isPodReady(a);
  const rb = isPodReady(b);
  if (ra !== rb) return ra ? 1 : -1;
  const ca = deletionCost(a);
  const cb = deletionCost(b);
  if (ca !== cb) return ca - cb;
  if (rankA !== rankB) return rankB - rankA;
  if (ra && rb) {
    const ta = podReadyTime(a);
    const tb = podReadyTime(b);
    if (ta !== tb) {
      if (ta === undefined || tb === undefined) return ta === undefined ? -1 : 1;
      const diff = logRank(ta, now) - logRank(tb, now);
      if (diff !== 0) return diff;
      return a.metadata.uid < b.metadata.uid ? -1 : a.metadata.uid > b.metadata.uid ? 1 : 0;
    }
  }
  const xa = maxRestarts(a);
  const xb = maxRestarts(b);
  if (xa !== xb) return xb - xa;
  const ta = parseTime(a.metadata.creationTimestamp);
  const tb = parseTime(b.metadata.creationTimestamp);
  if (ta !== tb) {
    if (ta === undefined || tb === undefined) return ta === undefined ? -1 : 1;
    const diff = logRank(ta, now) - logRank(tb, now);
    if (diff !== 0) return diff;
    return a.metadata.uid < b.metadata.uid ? -1 : a.metadata.uid > b.metadata.uid ? 1 : 0;
  }
  return 0;
}
