// The DaemonSet controller (pkg/controller/daemon): one pod per node that should run it (node name,
// node selector and affinity, taints against the pod's tolerations plus the ones every daemon pod gets),
// ControllerRevisions named by the template hash, RollingUpdate or OnDelete updates, and the status.
import type { Component, ComponentContext } from '../component.ts';
import type { KubeObject, NewObject, WatchEvent } from '../types.ts';
import { isApiError } from '../apiserver/errors.ts';
import { clone, deepEqual } from '../etcd.ts';
import { matchesLabelSelector } from '../apiserver/selectors.ts';
import { matchesTerm, tolerates } from '../scheduler/plugins.ts';
import { computeHash } from './pod-template-hash.ts';
import { createWorkQueue } from './work-queue.ts';
import { CONTROLLER_MANAGER, OwnedIndex, controllerRef, isPodAvailable, isPodReady, key, newControllerRef, parseTime, scaledValue } from './workload.ts';

const SOURCE = { component: 'daemonset-controller' };
/** Time from a watch event to the controller acting on it. */
const REACTION_MS = 4;
export const REVISION_HASH_LABEL = 'controller-revision-hash';
export const TEMPLATE_GENERATION_LABEL = 'pod-template-generation';
export const TEMPLATE_GENERATION_ANNOTATION = 'deprecated.daemonset.template.generation';

type Toleration = { key?: string; operator?: string; value?: string; effect?: string; tolerationSeconds?: number };

/** util.AddOrUpdateDaemonPodTolerations: daemon pods survive node problems and cordons. */
export function daemonPodTolerations(spec: any): Toleration[] {
  const out: Toleration[] = [...((spec?.tolerations as Toleration[] | undefined) ?? [])];
  const add = (t: Toleration) => {
    const i = out.findIndex((x) => (x.key ?? '') === (t.key ?? '') && (x.effect ?? '') === (t.effect ?? '') && (x.operator ?? 'Equal') === t.operator && (x.value ?? '') === '');
    if (i >= 0) out[i] = t;
    else out.push(t);
  };
  add({ effect: 'NoExecute', key: 'node.kubernetes.io/not-ready', operator: 'Exists' });
  add({ effect: 'NoExecute', key: 'node.kubernetes.io/unreachable', operator: 'Exists' });
  add({ effect: 'NoSchedule', key: 'node.kubernetes.io/disk-pressure', operator: 'Exists' });
  add({ effect: 'NoSchedule', key: 'node.kubernetes.io/memory-pressure', operator: 'Exists' });
  add({ effect: 'NoSchedule', key: 'node.kubernetes.io/pid-pressure', operator: 'Exists' });
  add({ effect: 'NoSchedule', key: 'node.kubernetes.io/unschedulable', operator: 'Exists' });
  if (spec?.hostNetwork) add({ effect: 'NoSchedule', key: 'node.kubernetes.io/network-unavailable', operator: 'Exists' });
  return out;
}

/** NodeShouldRunDaemonPod: [should run a new pod there, may keep a running one there]. */
export function nodeShouldRunDaemonPod(node: KubeObject, ds: KubeObject): [boolean, boolean] {
  const spec = ds.spec?.template?.spec ?? {};
  if (spec.nodeName && spec.nodeName !== node.metadata.name) return [false, false];
  const labels = node.metadata.labels ?? {};
  for (const [k, v] of Object.entries((spec.nodeSelector as Record<string, string> | undefined) ?? {})) if (labels[k] !== v) return [false, false];
  const terms: any[] | undefined = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (terms && !terms.some((t) => matchesTerm(t, node))) return [false, false];
  const tols = daemonPodTolerations(spec);
  const taints: any[] = node.spec?.taints ?? [];
  const untolerated = (effects: string[]) => taints.some((t) => effects.includes(t.effect) && !tols.some((x) => tolerates(x, t)));
  if (untolerated(['NoSchedule', 'NoExecute'])) return [false, !untolerated(['NoExecute'])];
  return [true, true];
}

/** util.GetTargetNodeName: the node a daemon pod is bound to, or the one its node affinity names. */
export function targetNodeName(pod: KubeObject): string | undefined {
  if (pod.spec?.nodeName) return pod.spec.nodeName;
  for (const term of pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? []) {
    for (const f of term?.matchFields ?? []) if (f?.key === 'metadata.name' && f.operator === 'In' && f.values?.length === 1) return f.values[0];
  }
  return undefined;
}

/** util.ReplaceDaemonSetPodNodeNameNodeAffinity: the pod may only be scheduled to its node. */
function nodeAffinityFor(affinity: any, node: string): any {
  const field = { key: 'metadata.name', operator: 'In', values: [node] };
  const out = affinity ? clone(affinity) : {};
  out.nodeAffinity ??= {};
  const req = out.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution;
  if (!req?.nodeSelectorTerms?.length) {
    out.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution = { nodeSelectorTerms: [{ matchFields: [field] }] };
    return out;
  }
  for (const term of req.nodeSelectorTerms) term.matchFields = [field];
  return out;
}

/** The ControllerRevision data of a template (the patch Match compares). */
function revisionData(template: unknown): any {
  return { spec: { template: { $patch: 'replace', ...(template as object) } } };
}
function revisionTemplate(rev: KubeObject): unknown {
  const t = (rev as any).data?.spec?.template;
  if (!t) return undefined;
  const { $patch: _p, ...rest } = t;
  return rest;
}

export function daemonSetController(): Component {
  return { name: 'daemonset-controller', start: startDaemonSetController };
}

function startDaemonSetController(ctx: ComponentContext): void {
  const { api, clock, events } = ctx;
  const daemonSets = new Map<string, KubeObject>();
  const dsUidToKey = new Map<string, string>();
  const pods = new OwnedIndex();
  const revisions = new OwnedIndex();
  const nodes = new Map<string, KubeObject>();
  const queue = createWorkQueue(clock, 'daemonset', REACTION_MS, sync);

  const enqueueAll = () => {
    for (const k of daemonSets.keys()) queue.add(k);
  };
  const enqueueOwner = (obj: KubeObject) => {
    const ref = controllerRef(obj);
    if (ref?.kind === 'DaemonSet') {
      const k = dsUidToKey.get(ref.uid);
      if (k) queue.add(k);
    } else if (!ref) {
      for (const ds of daemonSets.values()) {
        if (ds.metadata.namespace === obj.metadata.namespace && matchesLabelSelector(ds.spec?.selector, obj.metadata.labels)) queue.add(key(ds));
      }
    }
  };
  const trackPod = (pod: KubeObject) => {
    const cur = pods.byUid.get(pod.metadata.uid);
    if (cur && Number(cur.metadata.resourceVersion) > Number(pod.metadata.resourceVersion)) return;
    pods.upsert(pod);
  };

  const onDaemonSet = (ev: WatchEvent) => {
    const ds = ev.object;
    const k = key(ds);
    if (ev.type === 'DELETED') {
      daemonSets.delete(k);
      dsUidToKey.delete(ds.metadata.uid);
      queue.forget(k);
      return;
    }
    const cur = daemonSets.get(k);
    if (cur && Number(cur.metadata.resourceVersion) > Number(ds.metadata.resourceVersion)) return;
    daemonSets.set(k, ds);
    dsUidToKey.set(ds.metadata.uid, k);
    queue.add(k);
  };
  const onPod = (ev: WatchEvent) => {
    if (ev.type === 'DELETED') pods.remove(ev.object);
    else trackPod(ev.object);
    enqueueOwner(ev.object);
    const oldRef = ev.old && controllerRef(ev.old);
    if (oldRef && oldRef.uid !== controllerRef(ev.object)?.uid) enqueueOwner(ev.old!);
  };
  const onRevision = (ev: WatchEvent) => {
    if (ev.type === 'DELETED') revisions.remove(ev.object);
    else revisions.upsert(ev.object);
  };
  const onNode = (ev: WatchEvent) => {
    const n = ev.object;
    if (ev.type === 'DELETED') nodes.delete(n.metadata.name);
    else nodes.set(n.metadata.name, n);
    // Labels, taints and cordons decide where daemon pods belong; status-only writes do not.
    if (ev.type === 'MODIFIED' && ev.old && deepEqual(ev.old.metadata.labels, n.metadata.labels) && deepEqual(ev.old.spec, n.spec)) return;
    enqueueAll();
  };

  for (const n of api.list('nodes')) nodes.set(n.metadata.name, n);
  for (const r of api.list('controllerrevisions')) revisions.upsert(r);
  for (const p of api.list('pods')) trackPod(p);
  for (const ds of api.list('daemonsets')) onDaemonSet({ type: 'ADDED', object: ds });
  api.watch('nodes', undefined, onNode);
  api.watch('controllerrevisions', undefined, onRevision);
  api.watch('pods', undefined, onPod);
  api.watch('daemonsets', undefined, onDaemonSet);

  const sortedNodes = () => [...nodes.values()].sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));

  function sync(k: string): void {
    const ds = daemonSets.get(k);
    if (!ds) return;
    if (ds.metadata.deletionTimestamp) return;
    const hash = currentRevision(ds);
    if (!hash) return;
    claimPods(ds);
    const byNode = nodeToDaemonPods(ds);
    let requeue = manage(ds, byNode, hash);
    if (!requeue && ds.spec?.updateStrategy?.type !== 'OnDelete') requeue = rollingUpdate(ds, nodeToDaemonPods(ds), hash);
    updateStatus(daemonSets.get(k) ?? ds, nodeToDaemonPods(ds), hash);
    const minReady = ds.spec?.minReadySeconds ?? 0;
    if (requeue) queue.add(k, REACTION_MS);
    else if (minReady > 0) {
      const now = clock.now();
      for (const list of nodeToDaemonPods(ds).values()) {
        if (list.some((p) => isPodReady(p) && !isPodAvailable(p, minReady, now))) {
          queue.add(k, minReady * 1000);
          break;
        }
      }
    }
  }

  /** The hash of the revision matching the current template; creates that ControllerRevision when none does. */
  function currentRevision(ds: KubeObject): string | undefined {
    const tpl = ds.spec?.template;
    const owned = [...revisions.owned(ds.metadata.uid)];
    const match = owned.find((r) => deepEqual(revisionTemplate(r), tpl));
    if (match) return match.metadata.labels?.[REVISION_HASH_LABEL] ?? match.metadata.name.slice(ds.metadata.name.length + 1);
    const collision = ds.status?.collisionCount;
    const hash = computeHash(tpl, collision);
    const revision = owned.reduce((m, r) => Math.max(m, Number((r as any).revision) || 0), 0) + 1;
    const generation = ds.metadata.annotations?.[TEMPLATE_GENERATION_ANNOTATION];
    try {
      const rev = api.create(
        {
          apiVersion: 'apps/v1',
          kind: 'ControllerRevision',
          metadata: {
            name: `${ds.metadata.name}-${hash}`,
            namespace: ds.metadata.namespace,
            labels: { ...(tpl?.metadata?.labels ?? {}), [REVISION_HASH_LABEL]: hash },
            ...(generation ? { annotations: { [TEMPLATE_GENERATION_ANNOTATION]: generation } } : {}),
            ownerReferences: [newControllerRef(ds)],
          },
          data: revisionData(clone(tpl)),
          revision,
        },
        { fieldManager: CONTROLLER_MANAGER, frozenResult: true },
      );
      revisions.upsert(rev);
      return hash;
    } catch (e) {
      if (!isApiError(e)) throw e;
      if (e.reason !== 'AlreadyExists') return undefined;
      // A revision of that name holds another template: a hash collision; bump the count and try again later.
      try {
        const updated = api.patch('daemonsets', ds.metadata.namespace, ds.metadata.name, (d) => {
          d.status = { ...(d.status ?? {}), collisionCount: (d.status?.collisionCount ?? 0) + 1 };
        }, { frozenResult: true });
        daemonSets.set(key(updated), updated);
      } catch (e2) {
        if (!isApiError(e2)) throw e2;
      }
      queue.add(key(ds));
      return undefined;
    }
  }

  /** ClaimPods: adopt matching orphans, release owned pods whose labels no longer match. */
  function claimPods(ds: KubeObject): void {
    const sel = ds.spec?.selector;
    for (const pod of [...pods.owned(ds.metadata.uid)]) {
      if (matchesLabelSelector(sel, pod.metadata.labels) || pod.metadata.deletionTimestamp) continue;
      patchPod(pod, (p) => {
        p.metadata.ownerReferences = (p.metadata.ownerReferences ?? []).filter((r) => r.uid !== ds.metadata.uid);
        if (p.metadata.ownerReferences.length === 0) delete p.metadata.ownerReferences;
      });
    }
    for (const pod of [...pods.orphansIn(ds.metadata.namespace ?? '')]) {
      if (pod.metadata.deletionTimestamp || !matchesLabelSelector(sel, pod.metadata.labels)) continue;
      patchPod(pod, (p) => {
        p.metadata.ownerReferences = [...(p.metadata.ownerReferences ?? []), newControllerRef(ds)];
      });
    }
  }

  function patchPod(pod: KubeObject, mutate: (p: KubeObject) => void): void {
    try {
      trackPod(api.patch('pods', pod.metadata.namespace, pod.metadata.name, mutate, { fieldManager: CONTROLLER_MANAGER, frozenResult: true }));
    } catch (e) {
      if (!isApiError(e)) throw e;
    }
  }

  function nodeToDaemonPods(ds: KubeObject): Map<string, KubeObject[]> {
    const out = new Map<string, KubeObject[]>();
    for (const pod of pods.owned(ds.metadata.uid)) {
      const node = targetNodeName(pod);
      if (!node) continue;
      let list = out.get(node);
      if (!list) out.set(node, (list = []));
      list.push(pod);
    }
    for (const list of out.values()) list.sort(byCreation);
    return out;
  }

  /** syncNodes: create the missing daemon pods, delete failed, surplus and misplaced ones. */
  function manage(ds: KubeObject, byNode: Map<string, KubeObject[]>, hash: string): boolean {
    const toCreate: string[] = [];
    const toDelete: KubeObject[] = [];
    const seen = new Set<string>();
    for (const node of sortedNodes()) {
      const name = node.metadata.name;
      seen.add(name);
      const [shouldRun, shouldContinue] = nodeShouldRunDaemonPod(node, ds);
      const daemonPods = byNode.get(name) ?? [];
      if (shouldRun) {
        const running: KubeObject[] = [];
        for (const pod of daemonPods) {
          if (pod.metadata.deletionTimestamp) continue;
          const phase = pod.status?.phase;
          if (phase === 'Failed') {
            events.record(ds, 'Warning', 'FailedDaemonPod', `Found failed daemon pod ${pod.metadata.namespace}/${pod.metadata.name} on node ${name}, will try to kill it`, SOURCE);
            toDelete.push(pod);
          } else if (phase === 'Succeeded') {
            toDelete.push(pod);
          } else running.push(pod);
        }
        if (running.length === 0) toCreate.push(name);
        else if (running.length > 1) toDelete.push(...running.slice(1));
      } else if (!shouldContinue) {
        for (const pod of daemonPods) if (!pod.metadata.deletionTimestamp) toDelete.push(pod);
      }
    }
    // Pods bound to nodes that are gone.
    for (const [name, list] of byNode) if (!seen.has(name)) for (const pod of list) if (!pod.metadata.deletionTimestamp) toDelete.push(pod);

    const generation = ds.metadata.annotations?.[TEMPLATE_GENERATION_ANNOTATION];
    for (const node of toCreate) {
      let pod: KubeObject;
      try {
        pod = api.create(podFor(ds, node, hash, generation), { fieldManager: CONTROLLER_MANAGER, frozenResult: true });
      } catch (e) {
        if (!isApiError(e)) throw e;
        events.record(ds, 'Warning', 'FailedCreate', `Error creating: ${e.message}`, SOURCE);
        return false;
      }
      trackPod(pod);
      events.record(ds, 'Normal', 'SuccessfulCreate', `Created pod: ${pod.metadata.name}`, SOURCE);
    }
    deletePods(ds, toDelete);
    return false;
  }

  function deletePods(ds: KubeObject, victims: KubeObject[]): void {
    for (const victim of victims) {
      try {
        api.delete('pods', victim.metadata.namespace, victim.metadata.name, { fieldManager: CONTROLLER_MANAGER });
      } catch (e) {
        if (!isApiError(e)) throw e;
        if (e.reason !== 'NotFound') {
          events.record(ds, 'Warning', 'FailedDelete', `Error deleting: ${e.message}`, SOURCE);
          continue;
        }
      }
      const after = api.tryGet('pods', victim.metadata.namespace, victim.metadata.name, { frozenResult: true });
      if (after && after.metadata.uid === victim.metadata.uid) trackPod(after);
      else pods.remove(victim);
      events.record(ds, 'Normal', 'SuccessfulDelete', `Deleted pod: ${victim.metadata.name}`, SOURCE);
    }
  }

  /** rollingUpdate with maxSurge 0: replace old pods while at most maxUnavailable nodes lack an available pod. */
  function rollingUpdate(ds: KubeObject, byNode: Map<string, KubeObject[]>, hash: string): boolean {
    const now = clock.now();
    const minReady = ds.spec?.minReadySeconds ?? 0;
    const generation = ds.metadata.annotations?.[TEMPLATE_GENERATION_ANNOTATION];
    let desired = 0;
    for (const node of sortedNodes()) if (nodeShouldRunDaemonPod(node, ds)[0]) desired++;
    const maxUnavailable = Math.max(scaledValue(ds.spec?.updateStrategy?.rollingUpdate?.maxUnavailable, desired, true, '1'), 0) || 1;
    let numUnavailable = 0;
    const replace: KubeObject[] = [];
    const candidates: KubeObject[] = [];
    for (const node of sortedNodes()) {
      if (!nodeShouldRunDaemonPod(node, ds)[0]) continue;
      const live = (byNode.get(node.metadata.name) ?? []).filter((p) => !p.metadata.deletionTimestamp);
      const fresh = live.find((p) => isPodUpdated(p, hash, generation));
      const old = live.find((p) => !isPodUpdated(p, hash, generation));
      if ((!fresh && !old) || (fresh && old)) numUnavailable++;
      else if (fresh) {
        if (!isPodAvailable(fresh, minReady, now)) numUnavailable++;
      } else if (old) {
        if (!isPodAvailable(old, minReady, now)) {
          replace.push(old);
          numUnavailable++;
        } else if (numUnavailable < maxUnavailable) candidates.push(old);
      }
    }
    const room = Math.min(Math.max(maxUnavailable - numUnavailable, 0), candidates.length);
    const victims = [...replace, ...candidates.slice(0, room)];
    deletePods(ds, victims);
    return false;
  }

  function updateStatus(ds: KubeObject, byNode: Map<string, KubeObject[]>, hash: string): void {
    const now = clock.now();
    const minReady = ds.spec?.minReadySeconds ?? 0;
    const generation = ds.metadata.annotations?.[TEMPLATE_GENERATION_ANNOTATION];
    let desired = 0;
    let current = 0;
    let misscheduled = 0;
    let ready = 0;
    let available = 0;
    let updated = 0;
    for (const node of sortedNodes()) {
      const [shouldRun] = nodeShouldRunDaemonPod(node, ds);
      const list = byNode.get(node.metadata.name) ?? [];
      if (!shouldRun) {
        if (list.length) misscheduled++;
        continue;
      }
      desired++;
      if (!list.length) continue;
      current++;
      const pod = [...list].sort(byCreationAndPhase)[0]!;
      if (isPodReady(pod)) {
        ready++;
        if (isPodAvailable(pod, minReady, now)) available++;
      }
      if (isPodUpdated(pod, hash, generation)) updated++;
    }
    const cur = ds.status ?? {};
    const next: Record<string, unknown> = {
      currentNumberScheduled: current,
      desiredNumberScheduled: desired,
      numberMisscheduled: misscheduled,
      numberReady: ready,
    };
    if (available) next.numberAvailable = available;
    if (desired - available) next.numberUnavailable = desired - available;
    next.observedGeneration = ds.metadata.generation ?? 1;
    if (updated) next.updatedNumberScheduled = updated;
    if (cur.collisionCount) next.collisionCount = cur.collisionCount;
    if (cur.conditions) next.conditions = cur.conditions;
    if (deepEqual(next, cur)) return;
    try {
      const stored = api.updateStatus({ ...ds, status: next }, { frozenResult: true });
      daemonSets.set(key(stored), stored);
    } catch (e) {
      if (!isApiError(e)) throw e;
      queue.add(key(ds));
    }
  }
}

/** util.IsPodUpdated: the pod carries the current revision hash or template generation. */
function isPodUpdated(pod: KubeObject, hash: string, generation: string | undefined): boolean {
  const labels = pod.metadata.labels ?? {};
  return (!!hash && labels[REVISION_HASH_LABEL] === hash) || (generation !== undefined && labels[TEMPLATE_GENERATION_LABEL] === generation);
}

function byCreation(a: KubeObject, b: KubeObject): number {
  const ta = parseTime(a.metadata.creationTimestamp) ?? 0;
  const tb = parseTime(b.metadata.creationTimestamp) ?? 0;
  if (ta !== tb) return ta - tb;
  return a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0;
}

const PHASE_RANK: Record<string, number> = { Running: 0, Pending: 1, Unknown: 2, Succeeded: 3, Failed: 4 };
/** podByCreationTimestampAndPhase: running before pending, then oldest first. */
function byCreationAndPhase(a: KubeObject, b: KubeObject): number {
  const pa = PHASE_RANK[a.status?.phase ?? 'Pending'] ?? 1;
  const pb = PHASE_RANK[b.status?.phase ?? 'Pending'] ?? 1;
  if (pa !== pb) return pa - pb;
  return byCreation(a, b);
}

/** util.CreatePodTemplate + the node affinity that pins the pod to `node` (the scheduler binds it). */
function podFor(ds: KubeObject, node: string, hash: string, generation: string | undefined): NewObject {
  const t = ds.spec?.template ?? {};
  const labels: Record<string, string> = { ...(t.metadata?.labels ?? {}) };
  if (generation !== undefined) labels[TEMPLATE_GENERATION_LABEL] = generation;
  labels[REVISION_HASH_LABEL] = hash;
  const meta: NewObject['metadata'] = {
    generateName: `${ds.metadata.name}-`,
    namespace: ds.metadata.namespace,
    labels,
    ownerReferences: [newControllerRef(ds)],
  };
  if (t.metadata?.annotations) meta.annotations = clone(t.metadata.annotations);
  const spec = clone(t.spec ?? {});
  spec.affinity = nodeAffinityFor(spec.affinity, node);
  spec.tolerations = daemonPodTolerations(spec);
  return { apiVersion: 'v1', kind: 'Pod', metadata: meta, spec };
}
