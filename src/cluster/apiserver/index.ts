import type { ApiServer, DeleteOptions, KubeObject, ListOptions, NewObject, ResourceInfo, Random, WatchHandler, WriteOptions } from '../types.ts';
import type { VirtualClock } from '../clock.ts';
import { rfc3339 } from '../clock.ts';
import type { Etcd } from '../etcd.ts';
import { clone, deepEqual, equalExceptStatus } from '../etcd.ts';
import { ApiError, alreadyExists, badRequest, conflict, forbidden, invalid, notFound } from './errors.ts';
import { HAS_GENERATION, HAS_STATUS, RESOURCES, apiVersionOf, forKind, kindExists, resolveResource, storageKey } from './resources.ts';
import { SelectorError, checkFieldLabels, matchesFields, matchesRequirements, parseFieldSelector, parseLabelSelector } from './selectors.ts';
import { admitPod, builtinPriority, defaultPodSpec, defaultSpec, initialStatus } from './defaults.ts';
import { invalidValue, validateObject, validateUpdate } from './validation.ts';
import { createServiceAllocator } from './service-alloc.ts';
import { decodeProblems } from './schema.ts';

export { ApiError, isApiError } from './errors.ts';
export { RESOURCES, apiVersionOf, resolveResource } from './resources.ts';
export { matchesLabelSelector, formatLabelSelector, parseLabelSelector, matchesRequirements } from './selectors.ts';
export { podQOSClass, defaultPullPolicy } from './defaults.ts';

const IMMORTAL_NAMESPACES = new Set(['default', 'kube-system', 'kube-public']);

export interface ApiServerDeps {
  etcd: Etcd;
  clock: VirtualClock;
  random: Random;
}

/** The API server's extra surface used inside src/cluster (bootstrap, tests). */
export interface InternalApiServer extends ApiServer {
  readonly etcd: Etcd;
}


export function createApiServer({ etcd, clock, random }: ApiServerDeps): InternalApiServer {
  const services = createServiceAllocator(random);

  const info = (plural: string): ResourceInfo => {
    const r = resolveResource(plural);
    if (!r) throw new ApiError('NotFound', 'the server could not find the requested resource', { group: '', kind: plural, name: '' });
    return r;
  };
  const nsKey = (r: ResourceInfo, namespace: string | undefined) => (r.namespaced ? namespace ?? 'default' : '');

  const resourceFor = (obj: { apiVersion?: string; kind?: string }): ResourceInfo => {
    const r = obj.apiVersion && obj.kind ? forKind(obj.apiVersion, obj.kind) : undefined;
    if (r) return r;
    if (!obj.kind) throw badRequest("Object 'Kind' is missing in the request body");
    const other = kindExists(obj.kind);
    if (other) throw badRequest(`${obj.kind} in version "${obj.apiVersion}" cannot be handled as a ${obj.kind}: no kind "${obj.kind}" is registered for version "${obj.apiVersion}"`);
    throw badRequest(`no kind "${obj.kind}" is registered for version "${obj.apiVersion}"`);
  };

  /** What the decoder would say about the request body, before anything else looks at it. */
  const decode = (r: ResourceInfo, body: NewObject, opts?: WriteOptions) => {
    if (!opts?.fieldValidation) return;
    const p = decodeProblems(body as Record<string, unknown>);
    if (!p) return;
    const prefix = `${r.kind} in version "${r.version}" cannot be handled as a ${r.kind}: `;
    if (p.typeError) throw badRequest(prefix + p.typeError);
    if (opts.fieldValidation === 'Strict' && p.unknown.length) throw badRequest(`${prefix}strict decoding error: ${p.unknown.map((u) => `unknown field "${u}"`).join(', ')}`);
  };

  const priorityOf = (name: string): number | undefined => {
    const pc = etcd.get('priorityclasses', '', name);
    if (pc) return Number(pc.value ?? 0);
    return builtinPriority(name);
  };

  const checkNamespace = (r: ResourceInfo, ns: string, name: string) => {
    if (!r.namespaced) return;
    const nsObj = etcd.get('namespaces', '', ns);
    if (!nsObj) throw notFound('namespaces', '', ns);
    if (nsObj.metadata.deletionTimestamp || nsObj.status?.phase === 'Terminating') {
      throw forbidden(r.plural, r.group, name, `unable to create new content in namespace ${ns} because it is being terminated`);
    }
  };

  const stored = (r: ResourceInfo, ns: string, name: string) => etcd.get(storageKey(r), ns, name);

  /** Remove from storage for real; release what the object held. */
  const removeNow = (r: ResourceInfo, obj: KubeObject): KubeObject => {
    const last = etcd.remove(storageKey(r), obj.metadata.namespace ?? '', obj.metadata.name) ?? obj;
    if (r.plural === 'services') services.release(obj);
    return last;
  };

  const bind = (binding: NewObject): KubeObject => {
    const ns = binding.metadata.namespace ?? 'default';
    const name = binding.metadata.name ?? '';
    const target = (binding as any).target;
    const pod = etcd.get('pods', ns, name);
    if (!pod) throw notFound('pods', '', name);
    if (!target?.name) throw invalid('Binding', '', name, [{ type: 'FieldValueRequired', field: 'target.name', message: 'Required value' }]);
    if (pod.metadata.deletionTimestamp) throw new ApiError('Conflict', `Operation cannot be fulfilled on pods/binding "${name}": pod ${name} is being deleted, cannot be assigned to a host`, { group: '', kind: 'pods/binding', name });
    if (pod.spec?.nodeName) throw new ApiError('Conflict', `Operation cannot be fulfilled on pods/binding "${name}": pod ${name} is already assigned to node "${pod.spec.nodeName}"`, { group: '', kind: 'pods/binding', name });
    // Share the frozen parts of the stored pod; only spec, status and metadata get new top levels.
    const next: KubeObject = { ...pod, metadata: { ...pod.metadata }, spec: { ...pod.spec, nodeName: target.name } };
    if (pod.status !== undefined) next.status = { ...pod.status };
    const conds: any[] = [...(next.status?.conditions ?? [])];
    const now = rfc3339(clock.now());
    const cond = { lastProbeTime: null, lastTransitionTime: now, status: 'True', type: 'PodScheduled' };
    const i = conds.findIndex((c) => c.type === 'PodScheduled');
    if (i >= 0) conds[i] = cond;
    else conds.push(cond);
    next.status = { ...(next.status ?? {}), conditions: conds };
    etcd.put('pods', next, 'MODIFIED');
    return { apiVersion: 'v1', kind: 'Binding', metadata: { name, namespace: ns, uid: '', resourceVersion: '', creationTimestamp: '' }, target } as KubeObject;
  };

  /** Store `status` (already a private copy) over `prev`, sharing every other part of the frozen stored object. */
  const writeStatus = (r: ResourceInfo, prev: KubeObject, status: unknown, opts?: WriteOptions): KubeObject => {
    if (deepEqual(status, prev.status)) return opts?.frozenResult ? prev : clone(prev);
    const next: KubeObject = { ...prev, metadata: { ...prev.metadata } };
    if (status === undefined) delete next.status;
    else next.status = status;
    const out = etcd.put(storageKey(r), next, 'MODIFIED');
    return opts?.frozenResult ? out : clone(out);
  };
  const result = (obj: KubeObject, opts?: WriteOptions) => (opts?.frozenResult ? obj : clone(obj));

  const api: InternalApiServer = {
    etcd,
    resources: RESOURCES,
    resolve: (typed) => resolveResource(typed),

    create(input: NewObject, opts?: WriteOptions): KubeObject {
      const r = resourceFor(input);
      if (r.plural === 'bindings') return bind(input);
      decode(r, input, opts);
      const obj = clone(input) as KubeObject;
      obj.apiVersion = apiVersionOf(r);
      const md = (obj.metadata ??= {} as KubeObject['metadata']);
      if (r.namespaced) md.namespace ||= 'default';
      else if (md.namespace === '') delete md.namespace;
      if (!md.name && md.generateName) {
        // The registry retries a taken generated name; the odds here are the same as a real cluster's.
        for (let i = 0; i < 8; i++) {
          md.name = md.generateName + random.suffix(5);
          if (!stored(r, nsKey(r, md.namespace), md.name)) break;
        }
      }
      for (const k of ['uid', 'resourceVersion', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'generation', 'selfLink', 'managedFields'] as const) {
        delete (md as unknown as Record<string, unknown>)[k];
      }
      defaultSpec(r.plural, obj);
      if (r.plural === 'pods') admitPod(obj, random, priorityOf);
      else if (r.plural === 'services') services.defaults(obj);
      const causes = validateObject(obj, r.plural, r.namespaced);
      if (r.plural === 'pods' && obj.spec?.priorityClassName && priorityOf(obj.spec.priorityClassName) === undefined) {
        throw forbidden('pods', '', md.name ?? '', `no PriorityClass with name ${obj.spec.priorityClassName} was found`);
      }
      if (causes.length) throw invalid(r.kind, r.group, md.name ?? '', causes);
      const ns = nsKey(r, md.namespace);
      checkNamespace(r, ns, md.name!);
      if (stored(r, ns, md.name!)) throw alreadyExists(r.plural, r.group, md.name!);
      if (r.plural === 'services') {
        const errs = services.allocate(obj, !!opts?.dryRun);
        if (errs.length) throw invalid(r.kind, r.group, md.name!, errs);
      }
      md.uid = random.uuid();
      md.creationTimestamp = rfc3339(clock.now());
      if (HAS_GENERATION.has(r.plural)) md.generation = 1;
      if (HAS_STATUS.has(r.plural) && r.plural !== 'nodes' && r.plural !== 'pods') {
        delete obj.status;
        initialStatus(r.plural, obj);
      }
      if (opts?.dryRun) return obj;
      return result(etcd.put(storageKey(r), obj, 'ADDED'), opts);
    },

    get(plural, namespace, name) {
      const r = info(plural);
      const o = stored(r, nsKey(r, namespace), name);
      if (!o) throw notFound(r.plural, r.group, name);
      return clone(o);
    },

    tryGet(plural, namespace, name, opts) {
      const r = resolveResource(plural);
      if (!r) return undefined;
      const o = stored(r, nsKey(r, namespace), name);
      return o ? result(o, opts) : undefined;
    },

    list(plural, namespace, opts?: ListOptions) {
      const r = info(plural);
      let items = etcd.list(storageKey(r), r.namespaced ? namespace : undefined);
      try {
        if (opts?.labelSelector) {
          const reqs = parseLabelSelector(opts.labelSelector);
          items = items.filter((o) => matchesRequirements(reqs, o.metadata.labels));
        }
        if (opts?.fieldSelector) {
          const reqs = parseFieldSelector(opts.fieldSelector);
          checkFieldLabels(r.plural, reqs);
          items = items.filter((o) => matchesFields(reqs, o));
        }
      } catch (e) {
        if (e instanceof SelectorError) throw badRequest(e.message);
        throw e;
      }
      // Stored objects are frozen snapshots: handing them out uncopied keeps `get -A` within a frame.
      return items === undefined ? [] : items.slice();
    },

    update(input: KubeObject, opts?: WriteOptions) {
      const r = resourceFor(input);
      decode(r, input, opts);
      const ns = nsKey(r, input.metadata?.namespace);
      const name = input.metadata?.name;
      const prev = stored(r, ns, name);
      if (!prev) throw notFound(r.plural, r.group, name);
      if (input.metadata.resourceVersion && input.metadata.resourceVersion !== prev.metadata.resourceVersion) throw conflict(r.plural, r.group, name);
      const next = clone(input);
      next.apiVersion = apiVersionOf(r);
      const md = next.metadata;
      const pm = prev.metadata;
      md.name = pm.name;
      if (pm.namespace !== undefined) md.namespace = pm.namespace;
      else delete md.namespace;
      md.uid = pm.uid;
      md.creationTimestamp = pm.creationTimestamp;
      if (pm.generateName !== undefined) md.generateName = pm.generateName;
      for (const k of ['deletionTimestamp', 'deletionGracePeriodSeconds', 'generation'] as const) {
        if (pm[k] !== undefined) (md as any)[k] = pm[k];
        else delete (md as any)[k];
      }
      if (HAS_STATUS.has(r.plural)) {
        if (prev.status !== undefined) next.status = clone(prev.status);
        else delete next.status;
      }
      defaultSpec(r.plural, next);
      if (r.plural === 'pods') defaultPodSpec(next.spec);
      if (r.plural === 'services') services.keepAllocations(next, prev);
      if (r.plural === 'namespaces' && pm.deletionTimestamp) {
        // Only the namespace controller's finalize may drop `kubernetes`; keep the object terminating.
        next.metadata.labels = { ...(next.metadata.labels ?? {}), 'kubernetes.io/metadata.name': pm.name };
      }
      const causes = [...validateObject(next, r.plural, r.namespaced), ...validateUpdate(next, prev, r.plural)];
      if (causes.length) throw invalid(r.kind, r.group, name, causes);
      if (r.plural === 'services') {
        const errs = services.reallocate(next, prev, !!opts?.dryRun);
        if (errs.length) throw invalid(r.kind, r.group, name, errs);
      }
      if (HAS_GENERATION.has(r.plural) && !deepEqual(next.spec, prev.spec)) md.generation = (pm.generation ?? 1) + 1;
      md.resourceVersion = pm.resourceVersion;
      if (deepEqual(next, prev)) return result(prev, opts);
      if (opts?.dryRun) return next;
      if (pm.deletionTimestamp && !(md.finalizers?.length) && !(r.plural === 'namespaces' && next.spec?.finalizers?.length)) {
        return result(removeNow(r, next), opts);
      }
      return result(etcd.put(storageKey(r), next, 'MODIFIED'), opts);
    },

    updateStatus(input: KubeObject, opts?: WriteOptions) {
      const r = resourceFor(input);
      const ns = nsKey(r, input.metadata?.namespace);
      const name = input.metadata?.name;
      const prev = stored(r, ns, name);
      if (!prev) throw notFound(r.plural, r.group, name);
      if (input.metadata.resourceVersion && input.metadata.resourceVersion !== prev.metadata.resourceVersion) throw conflict(r.plural, r.group, name);
      return writeStatus(r, prev, input.status === undefined ? undefined : clone(input.status), opts);
    },

    patch(plural, namespace, name, mutate, opts) {
      const r = info(plural);
      const prev = stored(r, nsKey(r, namespace), name);
      if (!prev) throw notFound(r.plural, r.group, name);
      const draft = clone(prev);
      mutate(draft);
      const statusChanged = HAS_STATUS.has(r.plural) && !deepEqual(draft.status, prev.status);
      draft.metadata.resourceVersion = prev.metadata.resourceVersion;
      // A status-only change (the kubelet's and the controllers' writes) skips re-validating the unchanged rest.
      const plain = !opts || (!opts.dryRun && !opts.fieldValidation);
      if (statusChanged && plain && r.plural !== 'services' && r.plural !== 'namespaces' && equalExceptStatus(draft, prev)) {
        return writeStatus(r, prev, draft.status === undefined ? undefined : clone(draft.status), opts);
      }
      const inner = statusChanged && !opts?.dryRun ? { ...opts, frozenResult: true } : opts;
      let out = api.update(draft, inner);
      if (statusChanged && !opts?.dryRun && stored(r, nsKey(r, namespace), name)) {
        const cur = stored(r, nsKey(r, namespace), name)!;
        out = writeStatus(r, cur, draft.status === undefined ? undefined : clone(draft.status), opts);
      } else if (inner !== opts && !opts?.frozenResult) {
        out = clone(out);
      }
      return out;
    },

    delete(plural, namespace, name, opts?: DeleteOptions) {
      const r = info(plural);
      const ns = nsKey(r, namespace);
      const prev = stored(r, ns, name);
      if (!prev) throw notFound(r.plural, r.group, name);
      if (r.plural === 'namespaces' && IMMORTAL_NAMESPACES.has(name)) throw forbidden('namespaces', '', name, 'this namespace may not be deleted');
      if (opts?.dryRun) return result(prev, opts);
      const now = clock.now();
      const next = clone(prev);
      const md = next.metadata;
      const finalizers = [...(md.finalizers ?? [])];
      const policy = opts?.propagationPolicy;
      if (policy === 'Orphan' && !finalizers.includes('orphan')) finalizers.push('orphan');
      if (policy === 'Foreground' && !finalizers.includes('foregroundDeletion')) finalizers.push('foregroundDeletion');

      if (r.plural === 'namespaces') {
        if (md.deletionTimestamp) return result(prev, opts);
        md.deletionTimestamp = rfc3339(now);
        md.deletionGracePeriodSeconds = 0;
        if (finalizers.length) md.finalizers = finalizers;
        next.status = { ...(next.status ?? {}), phase: 'Terminating' };
        return result(etcd.put('namespaces', next, 'MODIFIED'), opts);
      }

      let grace = 0;
      if (r.plural === 'pods') {
        const phase = prev.status?.phase;
        const requested = opts?.gracePeriodSeconds ?? prev.spec?.terminationGracePeriodSeconds ?? 30;
        grace = !prev.spec?.nodeName || phase === 'Succeeded' || phase === 'Failed' ? 0 : Math.max(0, requested);
        if (opts?.gracePeriodSeconds === 0) grace = 0;
      }

      if (grace > 0) {
        const at = rfc3339(now + grace * 1000);
        if (md.deletionTimestamp) {
          // A second delete may only shorten the grace period.
          if ((md.deletionGracePeriodSeconds ?? Infinity) <= grace && (md.finalizers?.length ?? 0) === finalizers.length) return result(prev, opts);
          if ((md.deletionGracePeriodSeconds ?? Infinity) > grace) {
            md.deletionTimestamp = at;
            md.deletionGracePeriodSeconds = grace;
          }
        } else {
          md.deletionTimestamp = at;
          md.deletionGracePeriodSeconds = grace;
        }
        if (finalizers.length) md.finalizers = finalizers;
        if (HAS_GENERATION.has(r.plural)) md.generation = (md.generation ?? 1) + 1;
        return result(etcd.put(storageKey(r), next, 'MODIFIED'), opts);
      }

      if (finalizers.length) {
        const changed = !md.deletionTimestamp || finalizers.length !== (md.finalizers?.length ?? 0);
        if (!changed && (md.deletionGracePeriodSeconds ?? 0) === 0) return result(prev, opts);
        md.deletionTimestamp ??= rfc3339(now);
        md.deletionGracePeriodSeconds = 0;
        md.finalizers = finalizers;
        if (HAS_GENERATION.has(r.plural) && !prev.metadata.deletionTimestamp) md.generation = (md.generation ?? 1) + 1;
        return result(etcd.put(storageKey(r), next, 'MODIFIED'), opts);
      }
      return result(removeNow(r, prev), opts);
    },

    watch(plural: string | '*', namespace: string | undefined, handler: WatchHandler) {
      if (plural === '*') return etcd.watch('*', namespace, handler);
      const r = info(plural);
      return etcd.watch(storageKey(r), r.namespaced ? namespace : undefined, handler);
    },
  };
  void invalidValue;
  return api;
}
