import type { KubeObject, WatchEvent, WatchEventType, WatchHandler } from './types.ts';
import type { VirtualClock } from './clock.ts';

/** A fast deep copy of plain JSON data (much quicker than structuredClone or a JSON round trip). */
export function clone<T>(v: T): T {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) {
    const out = new Array(v.length);
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      out[i] = x !== null && typeof x === 'object' ? clone(x) : x;
    }
    return out as T;
  }
  const out: Record<string, unknown> = {};
  for (const k in v as Record<string, unknown>) {
    const x = (v as Record<string, unknown>)[k];
    if (x === undefined) continue;
    out[k] = x !== null && typeof x === 'object' ? clone(x) : x;
  }
  return out as T;
}

/** Structural equality of plain JSON data, ignoring key order; undefined-valued keys count as absent. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  let na = 0;
  for (const k in ao) {
    if (ao[k] === undefined) continue;
    na++;
    if (!deepEqual(ao[k], bo[k])) return false;
  }
  let nb = 0;
  for (const k in bo) if (bo[k] !== undefined) nb++;
  return na === nb;
}

/** deepEqual of two objects' top-level fields other than `status`. */
export function equalExceptStatus(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  let na = 0;
  for (const k in a) {
    if (k === 'status' || a[k] === undefined) continue;
    na++;
    if (!deepEqual(a[k], b[k])) return false;
  }
  let nb = 0;
  for (const k in b) if (k !== 'status' && b[k] !== undefined) nb++;
  return na === nb;
}

/** Freeze a stored object so watch handlers cannot change what etcd holds. */
export function deepFreeze<T>(v: T): T {
  if (v === null || typeof v !== 'object' || Object.isFrozen(v)) return v;
  Object.freeze(v);
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      if (x !== null && typeof x === 'object') deepFreeze(x);
    }
  } else {
    for (const k in v as Record<string, unknown>) {
      const x = (v as Record<string, unknown>)[k];
      if (x !== null && typeof x === 'object') deepFreeze(x);
    }
  }
  return v;
}

interface Watcher {
  resource: string;
  namespace: string | undefined;
  handler: WatchHandler;
  active: boolean;
}

interface Bucket {
  byName: Map<string, KubeObject>;
  sorted: string[] | undefined;
}

/** Versioned object store: one global revision; objects are frozen; watch events are delivered from the clock, never inside a write. */
export interface Etcd {
  revision(): number;
  get(resource: string, namespace: string, name: string): KubeObject | undefined;
  /** Frozen objects sorted by namespace then name. `namespace` undefined = every namespace. */
  list(resource: string, namespace?: string): KubeObject[];
  count(resource: string, namespace?: string): number;
  /** Namespaces ('' for cluster-scoped) that hold objects of `resource`. */
  namespaces(resource: string): string[];
  /** Every resource name that has been stored at least once. */
  resources(): string[];
  /** Store a new object (key must be free). Sets metadata.resourceVersion. Returns the frozen stored object. */
  put(resource: string, obj: KubeObject, type: 'ADDED' | 'MODIFIED'): KubeObject;
  remove(resource: string, namespace: string, name: string): KubeObject | undefined;
  watch(resource: string, namespace: string | undefined, handler: WatchHandler): () => void;
  /** Watch events not yet delivered. */
  pendingEvents(): number;
}

export function createEtcd(clock: VirtualClock): Etcd {
  let rev = 1000;
  const data = new Map<string, Map<string, Bucket>>();
  const watchers: Watcher[] = [];
  let queue: { watchers: Watcher[]; event: WatchEvent }[] = [];
  let flushScheduled = false;

  const bucket = (resource: string, ns: string, create: boolean): Bucket | undefined => {
    let byNs = data.get(resource);
    if (!byNs) {
      if (!create) return undefined;
      byNs = new Map();
      data.set(resource, byNs);
    }
    let b = byNs.get(ns);
    if (!b && create) {
      b = { byName: new Map(), sorted: undefined };
      byNs.set(ns, b);
    }
    return b;
  };
  const sortedNames = (b: Bucket) => {
    if (!b.sorted) b.sorted = [...b.byName.keys()].sort(cmp);
    return b.sorted;
  };

  const flush = () => {
    flushScheduled = false;
    const batch = queue;
    queue = [];
    for (const { watchers: ws, event } of batch) {
      for (const w of ws) if (w.active) w.handler(event);
    }
  };

  const emit = (resource: string, ns: string, type: WatchEventType, object: KubeObject, old?: KubeObject) => {
    let matched: Watcher[] | undefined;
    for (const w of watchers) {
      if ((w.resource === resource || w.resource === '*') && (w.namespace === undefined || w.namespace === ns)) {
        (matched ??= []).push(w);
      }
    }
    if (!matched) return;
    queue.push({ watchers: matched, event: old ? { type, object, old } : { type, object } });
    if (!flushScheduled) {
      flushScheduled = true;
      clock.after(0, flush, 'watch');
    }
  };

  return {
    revision: () => rev,
    get(resource, namespace, name) {
      return bucket(resource, namespace, false)?.byName.get(name);
    },
    list(resource, namespace) {
      const byNs = data.get(resource);
      if (!byNs) return [];
      if (namespace !== undefined) {
        const b = byNs.get(namespace);
        if (!b) return [];
        const names = sortedNames(b);
        const out = new Array<KubeObject>(names.length);
        for (let i = 0; i < names.length; i++) out[i] = b.byName.get(names[i]!)!;
        return out;
      }
      const out: KubeObject[] = [];
      for (const ns of [...byNs.keys()].sort(cmp)) {
        const b = byNs.get(ns)!;
        for (const n of sortedNames(b)) out.push(b.byName.get(n)!);
      }
      return out;
    },
    count(resource, namespace) {
      const byNs = data.get(resource);
      if (!byNs) return 0;
      if (namespace !== undefined) return byNs.get(namespace)?.byName.size ?? 0;
      let n = 0;
      for (const b of byNs.values()) n += b.byName.size;
      return n;
    },
    namespaces(resource) {
      const byNs = data.get(resource);
      return byNs ? [...byNs.entries()].filter(([, b]) => b.byName.size > 0).map(([ns]) => ns).sort(cmp) : [];
    },
    resources: () => [...data.keys()],
    put(resource, obj, type) {
      const ns = obj.metadata.namespace ?? '';
      const b = bucket(resource, ns, true)!;
      const old = b.byName.get(obj.metadata.name);
      rev++;
      obj.metadata.resourceVersion = String(rev);
      deepFreeze(obj);
      if (!old) b.sorted = undefined;
      b.byName.set(obj.metadata.name, obj);
      emit(resource, ns, old ? type : 'ADDED', obj, old);
      return obj;
    },
    remove(resource, namespace, name) {
      const b = bucket(resource, namespace, false);
      const old = b?.byName.get(name);
      if (!b || !old) return undefined;
      rev++;
      b.byName.delete(name);
      b.sorted = undefined;
      // A deleted object's final state carries the deletion's revision, as a real watch does.
      const last = clone(old);
      last.metadata.resourceVersion = String(rev);
      deepFreeze(last);
      emit(resource, namespace, 'DELETED', last, old);
      return last;
    },
    watch(resource, namespace, handler) {
      const w: Watcher = { resource, namespace, handler, active: true };
      watchers.push(w);
      return () => {
        w.active = false;
        const i = watchers.indexOf(w);
        if (i >= 0) watchers.splice(i, 1);
      };
    },
    pendingEvents: () => queue.length,
  };
}

/** Byte-order comparison, as etcd orders keys. */
export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
