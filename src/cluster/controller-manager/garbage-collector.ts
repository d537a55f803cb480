// The garbage collector (pkg/controller/garbagecollector): when an owner is gone its dependents
// go too (Background); `orphan` strips ownerReferences; `foregroundDeletion` removes dependents first.
import type { Component, ComponentContext } from '../component.ts';
import type { ApiServer, KubeObject, ResourceInfo } from '../types.ts';
import { isApiError } from '../apiserver/errors.ts';

interface Ref {
  plural: string;
  namespace: string;
  name: string;
}

/** Storage plural of an object from its apiVersion + kind. */
export function pluralOf(api: ApiServer, obj: { apiVersion: string; kind: string }): ResourceInfo | undefined {
  const slash = obj.apiVersion.indexOf('/');
  const group = slash < 0 ? '' : obj.apiVersion.slice(0, slash);
  return api.resources.find((r) => r.kind === obj.kind && r.group === group) ?? api.resolve(obj.kind);
}

/** Distinct stored resources (both Event APIs share one store). */
export function storedResources(api: ApiServer): ResourceInfo[] {
  const seen = new Set<string>();
  return api.resources.filter((r) => {
    if (seen.has(r.plural) || !r.verbs.includes('list')) return false;
    seen.add(r.plural);
    return true;
  });
}

export function garbageCollector(): Component {
  return { name: 'garbage-collector', start: startGarbageCollector };
}

function startGarbageCollector(ctx: ComponentContext): void {
  const { api } = ctx;
  const live = new Map<string, Ref>();
  const dependents = new Map<string, Map<string, Ref>>();
  const ownersOf = new Map<string, string[]>();
  const refKey = (r: Ref) => `${r.plural}/${r.namespace}/${r.name}`;
  const kindCache = new Map<string, string | undefined>();
  const plural = (obj: KubeObject) => {
    const k = `${obj.apiVersion}/${obj.kind}`;
    if (!kindCache.has(k)) kindCache.set(k, pluralOf(api, obj)?.plural);
    return kindCache.get(k);
  };

  const index = (obj: KubeObject, p: string) => {
    const uid = obj.metadata.uid;
    const ns = obj.metadata.namespace ?? '';
    const known = live.get(uid);
    const refs = obj.metadata.ownerReferences ?? [];
    const before = ownersOf.get(uid) ?? [];
    // Status writes leave identity and owners alone: nothing to re-index.
    if (known && known.plural === p && known.namespace === ns && known.name === obj.metadata.name && before.length === refs.length && refs.every((r, i) => r.uid === before[i])) return;
    const me: Ref = { plural: p, namespace: ns, name: obj.metadata.name };
    live.set(uid, me);
    const after = refs.map((o) => o.uid);
    for (const o of before) if (!after.includes(o)) dependents.get(o)?.delete(uid);
    for (const o of after) {
      let m = dependents.get(o);
      if (!m) dependents.set(o, (m = new Map()));
      m.set(uid, me);
    }
    if (after.length) ownersOf.set(uid, after);
    else ownersOf.delete(uid);
  };
  const unindex = (obj: KubeObject) => {
    const uid = obj.metadata.uid;
    live.delete(uid);
    for (const o of ownersOf.get(uid) ?? []) dependents.get(o)?.delete(uid);
    ownersOf.delete(uid);
  };

  const ignore = (e: unknown) => {
    if (!isApiError(e)) throw e;
  };
  const deleteRef = (r: Ref, policy: 'Background' | 'Foreground') => {
    try {
      api.delete(r.plural, r.namespace || undefined, r.name, { propagationPolicy: policy });
    } catch (e) {
      ignore(e);
    }
  };
  const dropFinalizer = (obj: KubeObject, p: string, finalizer: string) => {
    try {
      api.patch(p, obj.metadata.namespace, obj.metadata.name, (o) => {
        o.metadata.finalizers = (o.metadata.finalizers ?? []).filter((f) => f !== finalizer);
        if (o.metadata.finalizers.length === 0) delete o.metadata.finalizers;
      });
    } catch (e) {
      ignore(e);
    }
  };

  /** An owner being deleted with a GC finalizer: orphan or remove its dependents, then let it go. */
  const processOwner = (obj: KubeObject, p: string) => {
    const fins = obj.metadata.finalizers ?? [];
    if (!obj.metadata.deletionTimestamp) return;
    const deps = [...(dependents.get(obj.metadata.uid)?.values() ?? [])];
    if (fins.includes('orphan')) {
      for (const d of deps) {
        try {
          api.patch(d.plural, d.namespace || undefined, d.name, (o) => {
            o.metadata.ownerReferences = (o.metadata.ownerReferences ?? []).filter((r) => r.uid !== obj.metadata.uid);
            if (o.metadata.ownerReferences.length === 0) delete o.metadata.ownerReferences;
          });
        } catch (e) {
          ignore(e);
        }
      }
      dropFinalizer(obj, p, 'orphan');
    } else if (fins.includes('foregroundDeletion')) {
      if (deps.length === 0) dropFinalizer(obj, p, 'foregroundDeletion');
      else for (const d of deps) deleteRef(d, 'Foreground');
    }
  };

  /** A dependent whose owner no longer exists is deleted (dangling reference). */
  const checkDangling = (obj: KubeObject) => {
    for (const o of obj.metadata.ownerReferences ?? []) {
      if (live.has(o.uid)) continue;
      const info = pluralOf(api, o);
      const owner = info ? api.tryGet(info.plural, info.namespaced ? obj.metadata.namespace : undefined, o.name) : undefined;
      if (owner && owner.metadata.uid === o.uid) continue;
      const rest = (obj.metadata.ownerReferences ?? []).filter((r) => r.uid !== o.uid && live.has(r.uid));
      const p = plural(obj);
      if (!p) return;
      if (rest.length === 0) deleteRef({ plural: p, namespace: obj.metadata.namespace ?? '', name: obj.metadata.name }, 'Background');
      return;
    }
  };

  for (const r of storedResources(api)) {
    if (r.plural === 'events') continue;
    for (const obj of api.list(r.plural)) index(obj, r.plural);
  }

  api.watch('*', undefined, (ev) => {
    const obj = ev.object;
    if (obj.kind === 'Event') return;
    const p = plural(obj);
    if (!p) return;
    if (ev.type === 'DELETED') {
      const uid = obj.metadata.uid;
      unindex(obj);
      for (const d of [...(dependents.get(uid)?.values() ?? [])]) deleteRef(d, 'Background');
      dependents.delete(uid);
      // A foreground-deleting owner waits for its last dependent.
      for (const o of obj.metadata.ownerReferences ?? []) {
        const owner = live.get(o.uid);
        if (!owner) continue;
        const cur = api.tryGet(owner.plural, owner.namespace || undefined, owner.name);
        if (cur?.metadata.deletionTimestamp && cur.metadata.finalizers?.includes('foregroundDeletion') && !(dependents.get(o.uid)?.size)) {
          dropFinalizer(cur, owner.plural, 'foregroundDeletion');
        }
      }
      return;
    }
    index(obj, p);
    if (obj.metadata.ownerReferences?.length && !obj.metadata.deletionTimestamp) checkDangling(obj);
    if (obj.metadata.deletionTimestamp && obj.metadata.finalizers?.some((f) => f === 'orphan' || f === 'foregroundDeletion')) processOwner(obj, p);
  });
}
