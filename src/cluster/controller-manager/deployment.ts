// The Deployment controller (pkg/controller/deployment): one ReplicaSet per pod template, named
// `<deployment>-<pod-template-hash>`; scaling, RollingUpdate and Recreate rollouts, revisions, history
// clean-up, and status with the Available / Progressing conditions as upstream computes them.
import type { Component, ComponentContext } from '../component.ts';
import type { KubeObject, NewObject, WatchEvent } from '../types.ts';
import { isApiError } from '../apiserver/errors.ts';
import { clone, deepEqual } from '../etcd.ts';
import { matchesLabelSelector } from '../apiserver/selectors.ts';
import { POD_TEMPLATE_HASH_LABEL, computeHash, equalIgnoreHash } from './pod-template-hash.ts';
import { createWorkQueue } from './work-queue.ts';
import { CONTROLLER_MANAGER, OwnedIndex, controllerRef, key, newControllerRef, omitZero, parseTime, rfc3339, scaledValue } from './workload.ts';

const SOURCE = { component: 'deployment-controller' };
const REACTION_MS = 3;

export const REVISION = 'deployment.kubernetes.io/revision';
export const REVISION_HISTORY = 'deployment.kubernetes.io/revision-history';
export const DESIRED_REPLICAS = 'deployment.kubernetes.io/desired-replicas';
export const MAX_REPLICAS = 'deployment.kubernetes.io/max-replicas';
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
const ROLLBACK_TO = 'deprecated.deployment.rollback.to';
const SKIP_COPY = new Set([LAST_APPLIED, REVISION, REVISION_HISTORY, DESIRED_REPLICAS, MAX_REPLICAS, ROLLBACK_TO]);
const REV_HISTORY_CHARS = 2000;

// Condition reasons (deployment/util).
const NEW_RS_REASON = 'NewReplicaSetCreated';
const FOUND_NEW_RS_REASON = 'FoundNewReplicaSet';
const RS_UPDATED_REASON = 'ReplicaSetUpdated';
const NEW_RS_AVAILABLE_REASON = 'NewReplicaSetAvailable';
const TIMED_OUT_REASON = 'ProgressDeadlineExceeded';
const PAUSED_REASON = 'DeploymentPaused';
const RESUMED_REASON = 'DeploymentResumed';

export interface DeploymentCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  lastUpdateTime: string;
  lastTransitionTime: string;
  reason: string;
  message: string;
}

/** The Deployment controller as a component. */
export function deploymentController(): Component {
  return {
    name: 'deployment-controller',
    start(ctx) {
      startDeploymentController(ctx);
    },
  };
}

// ---- small accessors with the API defaults, in case an object arrives undefaulted ----

const replicasOf = (d: KubeObject): number => d.spec?.replicas ?? 1;
const rsReplicas = (rs: KubeObject): number => rs.spec?.replicas ?? 1;
const isRolling = (d: KubeObject): boolean => (d.spec?.strategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
const hasProgressDeadline = (d: KubeObject): boolean => {
  const p = d.spec?.progressDeadlineSeconds ?? 600;
  return p !== 2147483647;
};
const revisionOf = (rs: KubeObject): number => Number.parseInt(rs.metadata.annotations?.[REVISION] ?? '', 10) || 0;
const byCreation = (a: KubeObject, b: KubeObject): number => {
  const ta = parseTime(a.metadata.creationTimestamp) ?? 0;
  const tb = parseTime(b.metadata.creationTimestamp) ?? 0;
  return ta !== tb ? ta - tb : a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0;
};

/** ResolveFenceposts: [maxSurge, maxUnavailable] as absolute numbers for this replica count. */
function fenceposts(d: KubeObject): [number, number] {
  const ru = d.spec?.strategy?.rollingUpdate ?? {};
  const desired = replicasOf(d);
  const surge = scaledValue(ru.maxSurge, desired, true, '25%');
  let unavailable = scaledValue(ru.maxUnavailable, desired, false, '25%');
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return [surge, unavailable];
}

export function maxSurge(d: KubeObject): number {
  return isRolling(d) ? fenceposts(d)[0] : 0;
}

export function maxUnavailable(d: KubeObject): number {
  if (!isRolling(d) || replicasOf(d) === 0) return 0;
  return Math.min(fenceposts(d)[1], replicasOf(d));
}

const sumSpec = (rss: (KubeObject | undefined)[]) => rss.reduce((n, rs) => n + (rs ? rsReplicas(rs) : 0), 0);
const sumStatus = (rss: (KubeObject | undefined)[], f: string) => rss.reduce((n, rs) => n + (rs ? (rs.status?.[f] ?? 0) : 0), 0);
const active = (rss: (KubeObject | undefined)[]) => rss.filter((rs): rs is KubeObject => !!rs && rsReplicas(rs) > 0);

function getCondition(status: any, type: string): DeploymentCondition | undefined {
  return (status?.conditions as DeploymentCondition[] | undefined)?.find((c) => c.type === type);
}

/** SetDeploymentCondition: same status and reason is a no-op; same status keeps lastTransitionTime; the condition moves to the end. */
function setCondition(status: any, c: DeploymentCondition): void {
  const cur = getCondition(status, c.type);
  if (cur && cur.status === c.status && cur.reason === c.reason) return;
  if (cur && cur.status === c.status) c = { ...c, lastTransitionTime: cur.lastTransitionTime };
  status.conditions = [...((status.conditions as DeploymentCondition[] | undefined) ?? []).filter((x) => x.type !== c.type), c];
}

function removeCondition(status: any, type: string): void {
  if (!status.conditions) return;
  status.conditions = (status.conditions as DeploymentCondition[]).filter((x) => x.type !== type);
  if (status.conditions.length === 0) delete status.conditions;
}

function startDeploymentController(ctx: ComponentContext): void {
  const { api, clock, events } = ctx;
  const deployments = new Map<string, KubeObject>();
  const uidToKey = new Map<string, string>();
  const replicaSets = new OwnedIndex();
  const pods = new OwnedIndex();
  const queue = createWorkQueue(clock, 'deployment', REACTION_MS, sync);
  const now = () => clock.now();
  const condition = (type: string, status: DeploymentCondition['status'], reason: string, message: string): DeploymentCondition => {
    const t = rfc3339(now());
    return { type, status, lastUpdateTime: t, lastTransitionTime: t, reason, message };
  };

  const enqueueOwner = (rs: KubeObject) => {
    const ref = controllerRef(rs);
    if (ref?.kind === 'Deployment') {
      const k = uidToKey.get(ref.uid);
      if (k) queue.add(k);
    } else if (!ref) {
      for (const d of deployments.values()) {
        if (d.metadata.namespace === rs.metadata.namespace && matchesLabelSelector(d.spec?.selector, rs.metadata.labels)) queue.add(key(d));
      }
    }
  };

  const onDeployment = (ev: WatchEvent) => {
    const d = ev.object;
    const k = key(d);
    if (ev.type === 'DELETED') {
      deployments.delete(k);
      uidToKey.delete(d.metadata.uid);
      queue.forget(k);
      return;
    }
    const cur = deployments.get(k);
    if (cur && cur.metadata.uid === d.metadata.uid && Number(cur.metadata.resourceVersion) > Number(d.metadata.resourceVersion)) return;
    deployments.set(k, d);
    uidToKey.set(d.metadata.uid, k);
    queue.add(k);
  };

  const onReplicaSet = (ev: WatchEvent) => {
    const rs = ev.object;
    if (ev.type === 'DELETED') replicaSets.remove(rs);
    else replicaSets.upsert(rs);
    enqueueOwner(rs);
  };

  // Only Recreate needs pods: it waits until every old pod is gone before scaling up.
  const onPod = (ev: WatchEvent) => {
    const pod = ev.object;
    if (ev.type === 'DELETED') pods.remove(pod);
    else pods.upsert(pod);
    if (ev.type !== 'DELETED') return;
    const rsRef = controllerRef(pod);
    const rs = rsRef && replicaSets.byUid.get(rsRef.uid);
    const dRef = rs && controllerRef(rs);
    const k = dRef && uidToKey.get(dRef.uid);
    const d = k && deployments.get(k);
    if (d && !isRolling(d) && pods.ownedCount(rsRef!.uid) === 0) queue.add(k);
  };

  // informers: list, then watch
  for (const d of api.list('deployments')) onDeployment({ type: 'ADDED', object: d });
  for (const rs of api.list('replicasets')) onReplicaSet({ type: 'ADDED', object: rs });
  for (const pod of api.list('pods')) onPod({ type: 'ADDED', object: pod });
  api.watch('deployments', undefined, onDeployment);
  api.watch('replicasets', undefined, onReplicaSet);
  api.watch('pods', undefined, onPod);

  // ---- writes that keep the local caches fresh ----

  function storeDeployment(d: KubeObject): KubeObject {
    deployments.set(key(d), d);
    return d;
  }

  function writeStatus(d: KubeObject, status: any): KubeObject {
    return storeDeployment(api.updateStatus({ ...d, status }, { frozenResult: true }));
  }

  function setRevisionAnnotation(d: KubeObject, revision: string): KubeObject {
    if (d.metadata.annotations?.[REVISION] === revision) return d;
    return storeDeployment(
      api.patch('deployments', d.metadata.namespace, d.metadata.name, (o) => {
        o.metadata.annotations = { ...(o.metadata.annotations ?? {}), [REVISION]: revision };
      }, { fieldManager: CONTROLLER_MANAGER, frozenResult: true }),
    );
  }

  /** Write a set's replicas, minReadySeconds and annotations (read-modify-write, so its status writes never conflict). */
  function updateRS(rs: KubeObject): KubeObject {
    const stored = api.patch('replicasets', rs.metadata.namespace, rs.metadata.name, (o) => {
      o.spec.replicas = rs.spec.replicas;
      o.spec.minReadySeconds = rs.spec.minReadySeconds;
      o.metadata.annotations = rs.metadata.annotations;
    }, { fieldManager: CONTROLLER_MANAGER, frozenResult: true });
    replicaSets.upsert(stored);
    return stored;
  }

  // ---- the sync loop ----

  function sync(k: string): void {
    let d = deployments.get(k);
    if (!d) return;
    try {
      // d is the frozen cached object: every change goes through the API, never into d.
      const rsList = replicaSetsFor(d);
      if (d.metadata.deletionTimestamp) return syncStatusOnly(d, rsList);
      d = checkPausedConditions(d);
      if (d.spec?.paused) return syncScale(d, rsList);
      if (isScalingEvent(d, rsList)) return syncScale(d, rsList);
      if (isRolling(d)) rolloutRolling(d, rsList);
      else rolloutRecreate(d, rsList);
    } catch (e) {
      if (!isApiError(e)) throw e;
      // Conflict or NotFound: the watch will bring the fresh object; retry shortly like a rate-limited requeue
      if (e.reason !== 'NotFound') queue.add(k, 5);
    }
  }

  /** getReplicaSetsForDeployment: owned sets that still match, adopting matching orphans. */
  function replicaSetsFor(d: KubeObject): KubeObject[] {
    const out: KubeObject[] = [];
    const sel = d.spec?.selector;
    for (const rs of [...replicaSets.owned(d.metadata.uid)]) {
      if (matchesLabelSelector(sel, rs.metadata.labels)) out.push(rs);
      else if (!rs.metadata.deletionTimestamp && !d.metadata.deletionTimestamp) {
        replicaSets.upsert(
          api.patch('replicasets', rs.metadata.namespace, rs.metadata.name, (o) => {
            o.metadata.ownerReferences = (o.metadata.ownerReferences ?? []).filter((r) => r.uid !== d.metadata.uid);
            if (o.metadata.ownerReferences.length === 0) delete o.metadata.ownerReferences;
          }, { fieldManager: CONTROLLER_MANAGER }),
        );
      }
    }
    if (!d.metadata.deletionTimestamp) {
      for (const rs of [...replicaSets.orphansIn(d.metadata.namespace ?? '')]) {
        if (rs.metadata.deletionTimestamp || !matchesLabelSelector(sel, rs.metadata.labels)) continue;
        const adopted = api.patch('replicasets', rs.metadata.namespace, rs.metadata.name, (o) => {
          o.metadata.ownerReferences = [...(o.metadata.ownerReferences ?? []), newControllerRef(d)];
        }, { fieldManager: CONTROLLER_MANAGER });
        replicaSets.upsert(adopted);
        out.push(adopted);
      }
    }
    return out.sort(byCreation);
  }

  function findNewRS(d: KubeObject, rsList: KubeObject[]): KubeObject | undefined {
    return rsList.find((rs) => equalIgnoreHash(rs.spec?.template, d.spec?.template));
  }

  /** getAllReplicaSetsAndSyncRevision: [newRS (created when asked), oldRSs, the deployment as now stored]. */
  function allReplicaSetsAndSyncRevision(d: KubeObject, rsList: KubeObject[], create: boolean): [KubeObject | undefined, KubeObject[], KubeObject] {
    const existing = findNewRS(d, rsList);
    const oldRSs = rsList.filter((rs) => rs !== existing);
    const maxOld = oldRSs.reduce((m, rs) => Math.max(m, revisionOf(rs)), 0);
    const newRevision = String(maxOld + 1);

    if (existing) {
      let rs = existing;
      const copy = editable(existing);
      const changed = setNewRSAnnotations(d, copy, newRevision, true);
      if (changed || (copy.spec.minReadySeconds ?? 0) !== (d.spec?.minReadySeconds ?? 0)) {
        copy.spec.minReadySeconds = d.spec?.minReadySeconds ?? 0;
        rs = updateRS(copy);
      }
      d = setRevisionAnnotation(d, rs.metadata.annotations?.[REVISION] ?? newRevision);
      if (hasProgressDeadline(d) && !getCondition(d.status, 'Progressing')) {
        const status = clone(d.status ?? {});
        setCondition(status, condition('Progressing', 'True', FOUND_NEW_RS_REASON, `Found new replica set "${rs.metadata.name}"`));
        d = writeStatus(d, status);
      }
      return [rs, oldRSs, d];
    }
    if (!create) return [undefined, oldRSs, d];

    const collisionCount: number | undefined = d.status?.collisionCount;
    const hash = computeHash(d.spec?.template, collisionCount);
    const template = clone(d.spec?.template ?? {});
    template.metadata = { ...(template.metadata ?? {}), labels: { ...(template.metadata?.labels ?? {}), [POD_TEMPLATE_HASH_LABEL]: hash } };
    const selector = clone(d.spec?.selector ?? {});
    selector.matchLabels = { ...(selector.matchLabels ?? {}), [POD_TEMPLATE_HASH_LABEL]: hash };
    const newRS: NewObject = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: `${d.metadata.name}-${hash}`,
        namespace: d.metadata.namespace,
        labels: clone(template.metadata.labels),
        ownerReferences: [newControllerRef(d)],
      },
      spec: { replicas: 0, minReadySeconds: d.spec?.minReadySeconds ?? 0, selector, template },
    };
    const count = newRSNewReplicas(d, [...oldRSs, newRS as KubeObject], newRS as KubeObject);
    newRS.spec.replicas = count;
    setNewRSAnnotations(d, newRS as KubeObject, newRevision, false);

    let created: KubeObject;
    let alreadyExists = false;
    try {
      created = api.create(newRS, { fieldManager: CONTROLLER_MANAGER, frozenResult: true });
      replicaSets.upsert(created);
    } catch (e) {
      if (!isApiError(e) || e.reason !== 'AlreadyExists') throw e;
      const found = api.tryGet('replicasets', d.metadata.namespace, newRS.metadata.name!);
      if (found && controllerRef(found)?.uid === d.metadata.uid && equalIgnoreHash(found.spec?.template, d.spec?.template)) {
        created = found;
        alreadyExists = true;
      } else {
        // hash collision with a foreign ReplicaSet: bump collisionCount so the next hash differs
        const status = clone(d.status ?? {});
        status.collisionCount = (collisionCount ?? 0) + 1;
        writeStatus(d, status);
        throw e;
      }
    }
    if (!alreadyExists && count > 0) {
      events.record(d, 'Normal', 'ScalingReplicaSet', `Scaled up replica set ${created.metadata.name} from 0 to ${count}`, SOURCE);
    }
    d = setRevisionAnnotation(d, newRevision);
    if (!alreadyExists && hasProgressDeadline(d)) {
      const status = clone(d.status ?? {});
      setCondition(status, condition('Progressing', 'True', NEW_RS_REASON, `Created new replica set "${created.metadata.name}"`));
      d = writeStatus(d, status);
    }
    return [created, oldRSs, d];
  }

  function setNewRSAnnotations(d: KubeObject, rs: KubeObject, newRevision: string, exists: boolean): boolean {
    let changed = false;
    const ann: Record<string, string> = (rs.metadata.annotations ??= {});
    for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) {
      if (SKIP_COPY.has(k) || ann[k] === v) continue;
      ann[k] = v;
      changed = true;
    }
    const oldRevision = ann[REVISION];
    const oldInt = oldRevision === undefined ? 0 : Number.parseInt(oldRevision, 10);
    if (Number.isNaN(oldInt)) return false;
    const newInt = Number.parseInt(newRevision, 10);
    if (oldInt < newInt) {
      ann[REVISION] = newRevision;
      changed = true;
      if (oldRevision !== undefined) {
        // rolling back to this set: keep the revisions it had before
        const hist = ann[REVISION_HISTORY];
        let list = hist ? hist.split(',') : [];
        list.push(oldRevision);
        while (list.join(',').length > REV_HISTORY_CHARS) list = list.slice(1);
        ann[REVISION_HISTORY] = list.join(',');
      }
    }
    if (!exists && setReplicasAnnotations(rs, replicasOf(d), replicasOf(d) + maxSurge(d))) changed = true;
    return changed;
  }

  function setReplicasAnnotations(rs: KubeObject, desired: number, max: number): boolean {
    const ann: Record<string, string> = (rs.metadata.annotations ??= {});
    let changed = false;
    if (ann[DESIRED_REPLICAS] !== String(desired)) {
      ann[DESIRED_REPLICAS] = String(desired);
      changed = true;
    }
    if (ann[MAX_REPLICAS] !== String(max)) {
      ann[MAX_REPLICAS] = String(max);
      changed = true;
    }
    return changed;
  }

  function newRSNewReplicas(d: KubeObject, allRSs: KubeObject[], newRS: KubeObject): number {
    if (!isRolling(d)) return replicasOf(d);
    const current = sumSpec(allRSs);
    const maxTotal = replicasOf(d) + maxSurge(d);
    if (current >= maxTotal) return rsReplicas(newRS);
    const up = Math.min(maxTotal - current, replicasOf(d) - rsReplicas(newRS));
    return rsReplicas(newRS) + up;
  }

  /** scaleReplicaSet: writes replicas + annotations; records ScalingReplicaSet when the size changed. */
  function scaleRS(rs: KubeObject, newScale: number, d: KubeObject, op: 'up' | 'down' | ''): [boolean, KubeObject] {
    const oldScale = rsReplicas(rs);
    const sizeChange = oldScale !== newScale;
    const copy = editable(rs);
    const annChange = setReplicasAnnotations(copy, replicasOf(d), replicasOf(d) + maxSurge(d));
    if (!sizeChange && !annChange) return [false, rs];
    copy.spec.replicas = newScale;
    const stored = updateRS(copy);
    if (sizeChange) {
      events.record(d, 'Normal', 'ScalingReplicaSet', `Scaled ${op} replica set ${stored.metadata.name} from ${oldScale} to ${newScale}`, SOURCE);
    }
    return [sizeChange, stored];
  }

  function scaleAndRecord(rs: KubeObject, newScale: number, d: KubeObject): [boolean, KubeObject] {
    if (rsReplicas(rs) === newScale) return [false, rs];
    return scaleRS(rs, newScale, d, rsReplicas(rs) < newScale ? 'up' : 'down');
  }

  function isScalingEvent(d: KubeObject, rsList: KubeObject[]): boolean {
    const [newRS, oldRSs] = allReplicaSetsAndSyncRevision(d, rsList, false);
    for (const rs of active([...oldRSs, newRS])) {
      const desired = rs.metadata.annotations?.[DESIRED_REPLICAS];
      if (desired === undefined) continue;
      if (Number.parseInt(desired, 10) !== replicasOf(d)) return true;
    }
    return false;
  }

  function checkPausedConditions(d: KubeObject): KubeObject {
    if (!hasProgressDeadline(d)) return d;
    const cond = getCondition(d.status, 'Progressing');
    if (cond?.reason === TIMED_OUT_REASON) return d;
    const paused = !!d.spec?.paused;
    const pausedCond = cond?.reason === PAUSED_REASON;
    const status = clone(d.status ?? {});
    if (paused && !pausedCond) {
      setCondition(status, condition('Progressing', 'Unknown', PAUSED_REASON, 'Deployment is paused'));
    } else if (!paused && pausedCond) {
      setCondition(status, condition('Progressing', 'Unknown', RESUMED_REASON, 'Deployment is resumed'));
    } else {
      return d;
    }
    return writeStatus(d, status);
  }

  /** sync(): a scaling event or a paused deployment — resize proportionally, then status. */
  function syncScale(d: KubeObject, rsList: KubeObject[]): void {
    let newRS: KubeObject | undefined;
    let oldRSs: KubeObject[];
    [newRS, oldRSs, d] = allReplicaSetsAndSyncRevision(d, rsList, false);
    [newRS, oldRSs] = scale(d, newRS, oldRSs);
    if (d.spec?.paused) cleanup(oldRSs, d);
    syncDeploymentStatus([...oldRSs, newRS], newRS, d);
  }

  function syncStatusOnly(d: KubeObject, rsList: KubeObject[]): void {
    let newRS: KubeObject | undefined;
    let oldRSs: KubeObject[];
    [newRS, oldRSs, d] = allReplicaSetsAndSyncRevision(d, rsList, false);
    syncDeploymentStatus([...oldRSs, newRS], newRS, d);
  }

  /** DeploymentController.scale. Returns the sets as stored after the writes. */
  function scale(d: KubeObject, newRS: KubeObject | undefined, oldRSs: KubeObject[]): [KubeObject | undefined, KubeObject[]] {
    const fresh = (rs: KubeObject) => replicaSets.byUid.get(rs.metadata.uid) ?? rs;
    const result = (): [KubeObject | undefined, KubeObject[]] => [newRS && fresh(newRS), oldRSs.map(fresh)];
    const activeOrLatest = findActiveOrLatest(newRS, oldRSs);
    if (activeOrLatest) {
      if (rsReplicas(activeOrLatest) !== replicasOf(d)) scaleAndRecord(activeOrLatest, replicasOf(d), d);
      return result();
    }
    if (isSaturated(d, newRS)) {
      for (const old of active(oldRSs)) scaleAndRecord(old, 0, d);
      return result();
    }
    if (!isRolling(d)) return result();
    const all = active([...oldRSs, newRS]);
    const allReplicas = sumSpec(all);
    const allowed = replicasOf(d) > 0 ? replicasOf(d) + maxSurge(d) : 0;
    const toAdd = allowed - allReplicas;
    let op: 'up' | 'down' | '' = '';
    const newerFirst = (a: KubeObject, b: KubeObject) => rsReplicas(b) - rsReplicas(a) || byCreation(b, a);
    const olderFirst = (a: KubeObject, b: KubeObject) => rsReplicas(b) - rsReplicas(a) || byCreation(a, b);
    if (toAdd > 0) {
      all.sort(newerFirst);
      op = 'up';
    } else if (toAdd < 0) {
      all.sort(olderFirst);
      op = 'down';
    }
    let added = 0;
    const sizes = new Map<string, number>();
    for (const rs of all) {
      if (toAdd !== 0) {
        const p = proportion(rs, d, toAdd, added);
        sizes.set(rs.metadata.uid, rsReplicas(rs) + p);
        added += p;
      } else {
        sizes.set(rs.metadata.uid, rsReplicas(rs));
      }
    }
    all.forEach((rs, i) => {
      let size = sizes.get(rs.metadata.uid)!;
      if (i === 0 && toAdd !== 0) size = Math.max(0, size + (toAdd - added));
      scaleRS(rs, size, d, op);
    });
    return result();
  }

  function proportion(rs: KubeObject, d: KubeObject, toAdd: number, added: number): number {
    if (rsReplicas(rs) === 0 || toAdd === 0 || toAdd === added) return 0;
    let fraction: number;
    if (replicasOf(d) === 0) {
      fraction = -rsReplicas(rs);
    } else {
      const deploymentReplicas = replicasOf(d) + maxSurge(d);
      const annotated = Number.parseInt(rs.metadata.annotations?.[MAX_REPLICAS] ?? '', 10);
      const base = Number.isNaN(annotated) ? (d.status?.replicas ?? 0) : annotated;
      fraction = Math.round((rsReplicas(rs) * deploymentReplicas) / base) - rsReplicas(rs);
      if (!Number.isFinite(fraction)) fraction = 0;
    }
    const allowed = toAdd - added;
    return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
  }

  function findActiveOrLatest(newRS: KubeObject | undefined, oldRSs: KubeObject[]): KubeObject | undefined {
    if (!newRS && oldRSs.length === 0) return undefined;
    const olds = [...oldRSs].sort((a, b) => byCreation(b, a));
    const all = active([...olds, newRS]);
    if (all.length === 0) return newRS ?? olds[0];
    if (all.length === 1) return all[0];
    return undefined;
  }

  function isSaturated(d: KubeObject, rs: KubeObject | undefined): boolean {
    if (!rs) return false;
    const desired = Number.parseInt(rs.metadata.annotations?.[DESIRED_REPLICAS] ?? '', 10);
    if (Number.isNaN(desired)) return false;
    return rsReplicas(rs) === replicasOf(d) && desired === replicasOf(d) && (rs.status?.availableReplicas ?? 0) === replicasOf(d);
  }

  // ---- RollingUpdate ----

  function rolloutRolling(d: KubeObject, rsList: KubeObject[]): void {
    let newRS: KubeObject | undefined;
    let oldRSs: KubeObject[];
    [newRS, oldRSs, d] = allReplicaSetsAndSyncRevision(d, rsList, true);
    const all = () => [...oldRSs.map((r) => replicaSets.byUid.get(r.metadata.uid) ?? r), newRS && (replicaSets.byUid.get(newRS.metadata.uid) ?? newRS)];
    if (newRS && reconcileNewRS(all().filter((x): x is KubeObject => !!x), newRS, d)) {
      return syncRolloutStatus(all(), replicaSets.byUid.get(newRS.metadata.uid) ?? newRS, d);
    }
    if (newRS && reconcileOldRSs(all().filter((x): x is KubeObject => !!x), active(oldRSs), newRS, d)) {
      return syncRolloutStatus(all(), newRS, d);
    }
    if (deploymentComplete(d, d.status ?? {})) cleanup(oldRSs, d);
    syncRolloutStatus(all(), newRS, d);
  }

  function reconcileNewRS(allRSs: KubeObject[], newRS: KubeObject, d: KubeObject): boolean {
    if (rsReplicas(newRS) === replicasOf(d)) return false;
    if (rsReplicas(newRS) > replicasOf(d)) return scaleAndRecord(newRS, replicasOf(d), d)[0];
    return scaleAndRecord(newRS, newRSNewReplicas(d, allRSs, newRS), d)[0];
  }

  function reconcileOldRSs(allRSs: KubeObject[], oldRSs: KubeObject[], newRS: KubeObject, d: KubeObject): boolean {
    if (sumSpec(oldRSs) === 0) return false;
    const allPods = sumSpec(allRSs);
    const minAvailable = replicasOf(d) - maxUnavailable(d);
    const newUnavailable = rsReplicas(newRS) - (newRS.status?.availableReplicas ?? 0);
    const maxScaledDown = allPods - minAvailable - newUnavailable;
    if (maxScaledDown <= 0) return false;
    // unhealthy old replicas first, or they would block the rollout
    const olds = [...oldRSs].sort(byCreation);
    let cleaned = 0;
    for (let i = 0; i < olds.length; i++) {
      if (cleaned >= maxScaledDown) break;
      const rs = olds[i]!;
      const avail = rs.status?.availableReplicas ?? 0;
      if (rsReplicas(rs) === 0 || rsReplicas(rs) === avail) continue;
      const n = Math.min(maxScaledDown - cleaned, rsReplicas(rs) - avail);
      olds[i] = scaleAndRecord(rs, rsReplicas(rs) - n, d)[1];
      cleaned += n;
    }
    const all = [...olds, newRS];
    const availableCount = sumStatus(all, 'availableReplicas');
    let scaledDown = 0;
    if (availableCount > minAvailable) {
      const total = availableCount - minAvailable;
      for (const rs of olds) {
        if (scaledDown >= total) break;
        if (rsReplicas(rs) === 0) continue;
        const n = Math.min(rsReplicas(rs), total - scaledDown);
        scaleAndRecord(rs, rsReplicas(rs) - n, d);
        scaledDown += n;
      }
    }
    return cleaned + scaledDown > 0;
  }

  // ---- Recreate ----

  function rolloutRecreate(d: KubeObject, rsList: KubeObject[]): void {
    let newRS: KubeObject | undefined;
    let oldRSs: KubeObject[];
    [newRS, oldRSs, d] = allReplicaSetsAndSyncRevision(d, rsList, false);
    let scaledDown = false;
    for (const rs of active(oldRSs)) if (scaleAndRecord(rs, 0, d)[0]) scaledDown = true;
    const fresh = (rs: KubeObject) => replicaSets.byUid.get(rs.metadata.uid) ?? rs;
    if (scaledDown) return syncRolloutStatus([...oldRSs.map(fresh), newRS], newRS, d);
    if (oldPodsRunning(newRS, oldRSs.map(fresh))) return syncRolloutStatus([...oldRSs.map(fresh), newRS], newRS, d);
    if (!newRS) [newRS, oldRSs, d] = allReplicaSetsAndSyncRevision(d, rsList, true);
    if (newRS && rsReplicas(newRS) !== replicasOf(d)) newRS = scaleAndRecord(newRS, replicasOf(d), d)[1];
    if (deploymentComplete(d, d.status ?? {})) cleanup(oldRSs, d);
    syncRolloutStatus([...oldRSs.map(fresh), newRS], newRS, d);
  }

  function oldPodsRunning(newRS: KubeObject | undefined, oldRSs: KubeObject[]): boolean {
    if (sumStatus(oldRSs, 'replicas') > 0) return true;
    for (const rs of oldRSs) {
      if (newRS && rs.metadata.uid === newRS.metadata.uid) continue;
      for (const p of pods.owned(rs.metadata.uid)) {
        const phase = p.status?.phase;
        if (phase !== 'Failed' && phase !== 'Succeeded') return true;
      }
    }
    return false;
  }

  // ---- history clean-up ----

  function cleanup(oldRSs: KubeObject[], d: KubeObject): void {
    const limit = d.spec?.revisionHistoryLimit ?? 10;
    const alive = oldRSs.map((rs) => replicaSets.byUid.get(rs.metadata.uid) ?? rs).filter((rs) => !rs.metadata.deletionTimestamp);
    const diff = alive.length - limit;
    if (diff <= 0) return;
    alive.sort((a, b) => revisionOf(a) - revisionOf(b) || byCreation(a, b));
    for (let i = 0; i < diff; i++) {
      const rs = alive[i]!;
      if ((rs.status?.replicas ?? 0) !== 0 || rsReplicas(rs) !== 0 || (rs.metadata.generation ?? 0) > (rs.status?.observedGeneration ?? 0)) continue;
      try {
        api.delete('replicasets', rs.metadata.namespace, rs.metadata.name, { fieldManager: CONTROLLER_MANAGER });
        replicaSets.remove(rs);
      } catch (e) {
        if (!isApiError(e)) throw e;
      }
    }
  }

  // ---- status ----

  function calculateStatus(allRSs: (KubeObject | undefined)[], newRS: KubeObject | undefined, d: KubeObject): any {
    const sets = allRSs.filter((x): x is KubeObject => !!x);
    const available = sumStatus(sets, 'availableReplicas');
    const total = sumSpec(sets);
    const status: any = {
      observedGeneration: d.metadata.generation ?? 1,
      replicas: sumStatus(sets, 'replicas'),
      updatedReplicas: newRS ? (newRS.status?.replicas ?? 0) : 0,
      readyReplicas: sumStatus(sets, 'readyReplicas'),
      availableReplicas: available,
      unavailableReplicas: Math.max(0, total - available),
      conditions: clone(d.status?.conditions),
      collisionCount: d.status?.collisionCount,
    };
    if (available >= replicasOf(d) - maxUnavailable(d)) {
      setCondition(status, condition('Available', 'True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.'));
    } else {
      setCondition(status, condition('Available', 'False', 'MinimumReplicasUnavailable', 'Deployment does not have minimum availability.'));
    }
    return status;
  }

  function finish(status: any): any {
    const out = omitZero(status);
    if (status.conditions === undefined) delete out.conditions;
    return out;
  }

  function syncDeploymentStatus(allRSs: (KubeObject | undefined)[], newRS: KubeObject | undefined, d: KubeObject): void {
    const fresh = (rs: KubeObject | undefined) => rs && (replicaSets.byUid.get(rs.metadata.uid) ?? rs);
    const status = finish(calculateStatus(allRSs.map(fresh), fresh(newRS), d));
    if (sameStatus(d.status, status)) return;
    writeStatus(d, status);
  }

  function syncRolloutStatus(allRSs: (KubeObject | undefined)[], newRS: KubeObject | undefined, d: KubeObject): void {
    const fresh = (rs: KubeObject | undefined) => rs && (replicaSets.byUid.get(rs.metadata.uid) ?? rs);
    newRS = fresh(newRS);
    const status = calculateStatus(allRSs.map(fresh), newRS, d);
    if (!hasProgressDeadline(d)) removeCondition(status, 'Progressing');
    const cur = getCondition(d.status, 'Progressing');
    const isComplete = status.replicas === status.updatedReplicas && cur?.reason === NEW_RS_AVAILABLE_REASON;
    if (hasProgressDeadline(d) && !isComplete) {
      const name = newRS?.metadata.name;
      if (deploymentComplete(d, status)) {
        const msg = name ? `ReplicaSet "${name}" has successfully progressed.` : `Deployment "${d.metadata.name}" has successfully progressed.`;
        setCondition(status, condition('Progressing', 'True', NEW_RS_AVAILABLE_REASON, msg));
      } else if (deploymentProgressing(d, status)) {
        const msg = name ? `ReplicaSet "${name}" is progressing.` : `Deployment "${d.metadata.name}" is progressing.`;
        let c = condition('Progressing', 'True', RS_UPDATED_REASON, msg);
        if (cur) {
          if (cur.status === 'True') c = { ...c, lastTransitionTime: cur.lastTransitionTime };
          removeCondition(status, 'Progressing');
        }
        setCondition(status, c);
      } else if (deploymentTimedOut(d, status)) {
        const msg = name ? `ReplicaSet "${name}" has timed out progressing.` : `Deployment "${d.metadata.name}" has timed out progressing.`;
        setCondition(status, condition('Progressing', 'False', TIMED_OUT_REASON, msg));
      }
    }
    const failure = replicaFailure(allRSs, newRS);
    if (failure) setCondition(status, failure);
    else removeCondition(status, 'ReplicaFailure');
    const next = finish(status);
    if (sameStatus(d.status, next)) {
      requeueStuck(d, next);
      return;
    }
    d = writeStatus(d, next);
    requeueStuck(d, next);
  }

  function replicaFailure(allRSs: (KubeObject | undefined)[], newRS: KubeObject | undefined): DeploymentCondition | undefined {
    const order = newRS ? [newRS, ...allRSs.filter((r) => r && r !== newRS)] : allRSs;
    for (const rs of order) {
      const c = (rs?.status?.conditions as any[] | undefined)?.find((x) => x.type === 'ReplicaFailure');
      if (c) return { type: 'ReplicaFailure', status: c.status, lastUpdateTime: c.lastTransitionTime, lastTransitionTime: c.lastTransitionTime, reason: c.reason, message: c.message };
    }
    return undefined;
  }

  function deploymentComplete(d: KubeObject, s: any): boolean {
    const want = replicasOf(d);
    return (s.updatedReplicas ?? 0) === want && (s.replicas ?? 0) === want && (s.availableReplicas ?? 0) === want && (s.observedGeneration ?? 0) >= (d.metadata.generation ?? 1);
  }

  function deploymentProgressing(d: KubeObject, s: any): boolean {
    const old = d.status ?? {};
    const oldOld = (old.replicas ?? 0) - (old.updatedReplicas ?? 0);
    const newOld = (s.replicas ?? 0) - (s.updatedReplicas ?? 0);
    return (s.updatedReplicas ?? 0) > (old.updatedReplicas ?? 0) || newOld < oldOld || (s.readyReplicas ?? 0) > (old.readyReplicas ?? 0) || (s.availableReplicas ?? 0) > (old.availableReplicas ?? 0);
  }

  function deploymentTimedOut(d: KubeObject, s: any): boolean {
    const c = getCondition(s, 'Progressing');
    if (!c || c.reason === NEW_RS_AVAILABLE_REASON) return false;
    if (c.reason === TIMED_OUT_REASON) return true;
    const from = parseTime(c.lastUpdateTime) ?? 0;
    return from + (d.spec?.progressDeadlineSeconds ?? 600) * 1000 < now();
  }

  /** requeueStuckDeployment: look again when the progress deadline would pass. */
  function requeueStuck(d: KubeObject, s: any): void {
    const c = getCondition(s, 'Progressing');
    if (!hasProgressDeadline(d) || !c || c.reason === NEW_RS_AVAILABLE_REASON || c.reason === TIMED_OUT_REASON) return;
    if (deploymentComplete(d, s)) return;
    const after = (parseTime(c.lastUpdateTime) ?? now()) + (d.spec?.progressDeadlineSeconds ?? 600) * 1000 - now();
    queue.add(key(d), after < 1000 ? REACTION_MS : after + 1000);
  }
}

/** A copy of a stored ReplicaSet whose spec and annotations may be changed; the rest stays shared and frozen. */
function editable(rs: KubeObject): KubeObject {
  const md = { ...rs.metadata };
  if (md.annotations) md.annotations = { ...md.annotations };
  return { ...rs, metadata: md, spec: { ...rs.spec } };
}

/** Deep equality of two status objects regardless of key order. */
function sameStatus(a: unknown, b: unknown): boolean {
  return deepEqual(a ?? {}, b ?? {});
}
