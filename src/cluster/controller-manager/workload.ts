// Helpers the workload controllers share: pod readiness as podutil computes it, owner references,
// timestamps, and a small informer-like cache that also records the controller's own writes.
import type { KubeObject, OwnerReference } from '../types.ts';

export const CONTROLLER_MANAGER = 'kube-controller-manager';

export { rfc3339 } from '../clock.ts';

export function parseTime(s: string | undefined | null): number | undefined {
  if (!s) return undefined;
  const t = Date.parse(s);
  return Number.isNaN(t) ? undefined : t;
}

export function key(obj: KubeObject): string {
  return `${obj.metadata.namespace ?? ''}/${obj.metadata.name}`;
}

export function controllerRef(obj: KubeObject): OwnerReference | undefined {
  return obj.metadata.ownerReferences?.find((r) => r.controller === true);
}

export function newControllerRef(owner: KubeObject): OwnerReference {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.metadata.name,
    uid: owner.metadata.uid,
    controller: true,
    blockOwnerDeletion: true,
  };
}

export function podCondition(pod: KubeObject, type: string): any {
  return (pod.status?.conditions as any[] | undefined)?.find((c) => c.type === type);
}

export function isPodReady(pod: KubeObject): boolean {
  return podCondition(pod, 'Ready')?.status === 'True';
}

/** The time the pod became ready, or undefined. */
export function podReadyTime(pod: KubeObject): number | undefined {
  const c = podCondition(pod, 'Ready');
  return c?.status === 'True' ? parseTime(c.lastTransitionTime) : undefined;
}

/** podutil.IsPodAvailable: ready for at least minReadySeconds. */
export function isPodAvailable(pod: KubeObject, minReadySeconds: number, now: number): boolean {
  if (!isPodReady(pod)) return false;
  if (!minReadySeconds) return true;
  const t = podReadyTime(pod);
  return t !== undefined && t + minReadySeconds * 1000 <= now;
}

/** controller.IsPodActive: not finished and not being deleted. */
export function isPodActive(pod: KubeObject): boolean {
  const phase = pod.status?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed' && !pod.metadata.deletionTimestamp;
}

function rv(obj: KubeObject): number {
  return Number(obj.metadata.resourceVersion) || 0;
}

/**
 * Objects by uid, grouped by their controller's uid. The controller feeds it both watch events and the
 * objects its own writes return, so it never acts on a view older than what it just did.
 */
export class OwnedIndex {
  readonly byUid = new Map<string, KubeObject>();
  readonly byOwner = new Map<string, Map<string, KubeObject>>();
  /** objects without a controller, per namespace */
  readonly orphans = new Map<string, Map<string, KubeObject>>();

  upsert(obj: KubeObject): void {
    const uid = obj.metadata.uid;
    const cur = this.byUid.get(uid);
    if (cur && rv(cur) > rv(obj)) return;
    if (cur) this.unlink(cur);
    this.byUid.set(uid, obj);
    const ref = controllerRef(obj);
    if (ref) {
      let m = this.byOwner.get(ref.uid);
      if (!m) this.byOwner.set(ref.uid, (m = new Map()));
      m.set(uid, obj);
    } else {
      const ns = obj.metadata.namespace ?? '';
      let m = this.orphans.get(ns);
      if (!m) this.orphans.set(ns, (m = new Map()));
      m.set(uid, obj);
    }
  }

  remove(obj: KubeObject): void {
    const cur = this.byUid.get(obj.metadata.uid);
    if (!cur) return;
    this.unlink(cur);
    this.byUid.delete(obj.metadata.uid);
  }

  owned(ownerUid: string): Iterable<KubeObject> {
    return this.byOwner.get(ownerUid)?.values() ?? [];
  }

  ownedCount(ownerUid: string): number {
    return this.byOwner.get(ownerUid)?.size ?? 0;
  }

  orphansIn(namespace: string): Iterable<KubeObject> {
    return this.orphans.get(namespace)?.values() ?? [];
  }

  private unlink(obj: KubeObject): void {
    const ref = controllerRef(obj);
    if (ref) {
      const m = this.byOwner.get(ref.uid);
      m?.delete(obj.metadata.uid);
      if (m && m.size === 0) this.byOwner.delete(ref.uid);
    } else {
      const m = this.orphans.get(obj.metadata.namespace ?? '');
      m?.delete(obj.metadata.uid);
    }
  }
}

/** Go's integer rounding of `intstr` percentages: GetScaledValueFromIntOrPercent. */
export function scaledValue(v: number | string | undefined, total: number, roundUp: boolean, fallback: string): number {
  const x = v ?? fallback;
  if (typeof x === 'number') return x;
  const m = /^(\d+)%$/.exec(x);
  if (!m) return Number.parseInt(x, 10) || 0;
  const f = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(f) : Math.floor(f);
}

/** Drop zero/empty fields the way Go's omitempty would. */
export function omitZero<T extends Record<string, unknown>>(o: T, keep: string[] = []): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) {
    if (keep.includes(k) || (v !== 0 && v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0))) out[k] = v;
  }
  return out as T;
}
