import type { ApiServer, DeleteOptions, KubeObject, ListOptions, NewObject, ResourceInfo, Random, StatusCause, WatchHandler, WriteOptions } from '../types.ts';
import type { VirtualClock } from '../clock.ts';
import { rfc3339 } from '../clock.ts';
import type { Etcd } from '../etcd.ts';
import { clone, deepEqual, equalExceptStatus } from '../etcd.ts';
import { ApiError, alreadyExists, badRequest, conflict, forbidden, invalid, notFound } from './errors.ts';
import { HAS_GENERATION, HAS_STATUS, apiVersionOf, createResourceRegistry } from './resources.ts';
import type { CustomResource } from './resources.ts';
import { SelectorError, checkFieldLabels, matchesFields, matchesRequirements, parseFieldSelector, parseLabelSelector } from './selectors.ts';
import { admitPod, builtinPriority, defaultPodSpec, defaultSpec, initialStatus } from './defaults.ts';
import { invalidValue, validateObject, validateObjectMeta, validateUpdate } from './validation.ts';
import { createServiceAllocator } from './service-alloc.ts';
import { decodeProblems } from './schema.ts';
import { CRD_PLURAL, applyDefaults, crdStatus, customResourceOf, defaultCrd, unknownFields, validateCrd, validateCrdUpdate, versionOf } from './crd.ts';
import { admitIngress, defaultServiceStatus, dropTypeDependentFields } from './networking.ts';
import { admitWithWebhooks } from './webhooks.ts';
import type { AdmissionOperation, WebhookServer } from './webhooks.ts';

export { ApiError, isApiError } from './errors.ts';
export { RESOURCES, apiVersionOf, resolveResource } from './resources.ts';
export type { CustomResource, CustomVersion } from './resources.ts';
export type { AdmissionRequest, WebhookServer } from './webhooks.ts';
export { matchesLabelSelector, formatLabelSelector, parseLabelSelector, matchesRequirements } from './selectors.ts';
export { podQOSClass, defaultPullPolicy } from './defaults.ts';

const IMMORTAL_NAMESPACES = new Set(['default', 'kube-system', 'kube-public']);
const TEMPLATE_GENERATION = 'deprecated.daemonset.template.generation';

export interface ApiServerDeps {
  etcd: Etcd;
  clock: VirtualClock;
  random: Random;
}

/** The API server's extra surface used inside src/cluster (bootstrap, tests). */
export interface InternalApiServer extends ApiServer {
  readonly etcd: Etcd;
  /** The custom resource a CRD registered behind a resolved resource (undefined for built-ins). */
  customResource(r: ResourceInfo): CustomResource | undefined;
  /** Serve a validating webhook path (`/validate-metallb-io-v1beta1-ipaddresspool`) in this cluster: what a webhook pod would answer once reachable. */
  registerWebhookServer(path: string, server: WebhookServer): void;
}


export function createApiServer({ etcd, clock, random }: ApiServerDeps): InternalApiServer {
  const services = createServiceAllocator(random);
  const registry = createResourceRegistry();
  const custom = (r: ResourceInfo) => registry.custom(r);
  /** A built-in resource by plural (a custom resource may reuse a built-in plural in its own group). */
  const is = (r: ResourceInfo, plural: string) => r.plural === plural && !registry.custom(r);
  const hasStatus = (r: ResourceInfo) => {
    const c = registry.custom(r);
    return c ? c.versions.some((v) => v.status) : HAS_STATUS.has(r.plural);
  };
  // Custom objects always carry a generation; built-ins only where their strategy sets one.
  const hasGeneration = (r: ResourceInfo) => !!registry.custom(r) || HAS_GENERATION.has(r.plural);
  const keyOf = (r: ResourceInfo) => registry.storageKey(r);
  const webhookServers = new Map<string, WebhookServer>();
  const admit = (operation: AdmissionOperation, r: ResourceInfo, namespace: string, name: string, object: KubeObject | undefined, oldObject: KubeObject | undefined, apiVersion: string) => {
    const version = apiVersion.slice(apiVersion.indexOf('/') + 1);
    admitWithWebhooks(etcd, webhookServers, { operation, resource: r, namespace, name, object, oldObject, api }, version);
  };

  const info = (plural: string): ResourceInfo => {
    const r = registry.resolve(plural);
    if (!r) throw new ApiError('NotFound', 'the server could not find the requested resource', { group: '', kind: plural, name: '' });
    return r;
  };
  const nsKey = (r: ResourceInfo, namespace: string | undefined) => (r.namespaced ? namespace ?? 'default' : '');

  const resourceFor = (obj: { apiVersion?: string; kind?: string }): ResourceInfo => {
    const r = obj.apiVersion && obj.kind ? registry.forKind(obj.apiVersion, obj.kind) : undefined;
    if (r) return r;
    if (!obj.kind) throw badRequest("Object 'Kind' is missing in the request body");
    const other = registry.kindExists(obj.kind);
    if (other) throw badRequest(`${obj.kind} in version "${obj.apiVersion}" cannot be handled as a ${obj.kind}: no kind "${obj.kind}" is registered for version "${obj.apiVersion}"`);
    throw badRequest(`no kind "${obj.kind}" is registered for version "${obj.apiVersion}"`);
  };

  /** What the decoder would say about the request body, before anything else looks at it. */
  const decode = (r: ResourceInfo, body: NewObject, opts?: WriteOptions) => {
    if (!opts?.fieldValidation) return;
    const c = registry.custom(r);
    if (c) {
      const v = versionOf(c, body.apiVersion);
      const unknown = opts.fieldValidation === 'Strict' ? unknownFields(body as Record<string, unknown>, v?.schema as Record<string, unknown> | undefined) : [];
      if (unknown.length) throw badRequest(`${r.kind} in version "${v?.name ?? r.version}" cannot be handled as a ${r.kind}: strict decoding error: ${unknown.map((u) => `unknown field "${u}"`).join(', ')}`);
      return;
    }
    const p = decodeProblems(body as Record<string, unknown>);
    if (!p) return;
    const prefix = `${r.kind} in version "${r.version}" cannot be handled as a ${r.kind}: `;
    if (p.typeError) throw badRequest(prefix + p.typeError);
    if (opts.fieldValidation === 'Strict' && p.unknown.length) throw badRequest(`${prefix}strict decoding error: ${p.unknown.map((u) => `unknown field "${u}"`).join(', ')}`);
  };

  /** Schema defaults of the object's version (custom objects only). */
  const defaultCustom = (c: CustomResource, obj: KubeObject) => {
    const schema = versionOf(c, obj.apiVersion)?.schema as Record<string, unknown> | undefined;
    applyDefaults(obj, schema);
  };

  /** Register what a stored CRD defines (again after an update: versions, names, columns may change). */
  const registerCrd = (crd: KubeObject) => {
    if (!crd.metadata.deletionTimestamp) registry.register(customResourceOf(crd));
  };

  /** The CustomResourceCleanup finalizer's work, done at once: every object of the resource goes, then the CRD. */
  const finishCrdDeletion = (crdName: string) => {
    const c = registry.unregister(crdName);
    if (c) for (const o of etcd.list(c.crd)) etcd.remove(c.crd, o.metadata.namespace ?? '', o.metadata.name);
    const crdInfo = info(CRD_PLURAL);
    const cur = etcd.get(CRD_PLURAL, '', crdName);
    if (cur) removeNow(crdInfo, cur);
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

  const stored = (r: ResourceInfo, ns: string, name: string) => etcd.get(keyOf(r), ns, name);

  /** Remove from storage for real; release what the object held. */
  const removeNow = (r: ResourceInfo, obj: KubeObject): KubeObject => {
    const last = etcd.remove(keyOf(r), obj.metadata.namespace ?? '', obj.metadata.name) ?? obj;
    if (is(r, 'services')) services.release(obj);
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
    if (is(r, 'services')) defaultServiceStatus(status);
    if (deepEqual(status, prev.status)) return opts?.frozenResult ? prev : clone(prev);
    const next: KubeObject = { ...prev, metadata: { ...prev.metadata } };
    if (status === undefined) delete next.status;
    else next.status = status;
    const out = etcd.put(keyOf(r), next, 'MODIFIED');
    return opts?.frozenResult ? out : clone(out);
  };
  const result = (obj: KubeObject, opts?: WriteOptions) => (opts?.frozenResult ? obj : clone(obj));

  const api: InternalApiServer = {
    etcd,
    get resources() {
      return registry.all();
    },
    resolve: (typed) => registry.resolve(typed),
    customResource: (r) => registry.custom(r),
    registerWebhookServer(path, server) {
      webhookServers.set(path, server);
    },

    create(input: NewObject, opts?: WriteOptions): KubeObject {
      const r = resourceFor(input);
      if (r.plural === 'bindings') return bind(input);
      decode(r, input, opts);
      const obj = (opts?.handOver ? input : clone(input)) as KubeObject;
      obj.apiVersion = apiVersionOf(r);
      const md = (obj.metadata ??= {} as KubeObject['metadata']);
      if (r.namespaced) md.namespace ||= 'default';
      // EnsureObjectNamespaceMatchesRequestNamespace: a cluster-scoped object's namespace is cleared, not refused.
      else delete md.namespace;
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
      const c = custom(r);
      if (c) {
        obj.apiVersion = input.apiVersion;
        defaultCustom(c, obj);
      } else {
        defaultSpec(r.plural, obj);
        if (r.plural === 'pods') admitPod(obj, random, priorityOf);
        else if (r.plural === 'services') services.defaults(obj);
        else if (r.plural === CRD_PLURAL) defaultCrd(obj);
        else if (r.plural === 'ingresses') admitIngress(obj, etcd.list('ingressclasses'));
        else if (r.plural === 'daemonsets') md.annotations = { ...(md.annotations ?? {}), [TEMPLATE_GENERATION]: '1' };
      }
      const causes = c ? validateObjectMeta(obj, r.plural, r.namespaced) : validateObject(obj, r.plural, r.namespaced);
      if (!c && r.plural === CRD_PLURAL) causes.push(...validateCrd(obj));
      if (!c && r.plural === 'pods' && obj.spec?.priorityClassName && priorityOf(obj.spec.priorityClassName) === undefined) {
        throw forbidden('pods', '', md.name ?? '', `no PriorityClass with name ${obj.spec.priorityClassName} was found`);
      }
      if (causes.length) throw invalid(r.kind, r.group, md.name ?? '', causes);
      const ns = nsKey(r, md.namespace);
      checkNamespace(r, ns, md.name!);
      admit('CREATE', r, ns, md.name!, obj, undefined, obj.apiVersion);
      if (stored(r, ns, md.name!)) throw alreadyExists(r.plural, r.group, md.name!);
      if (is(r, 'services')) {
        const errs = services.allocate(obj, !!opts?.dryRun);
        if (errs.length) throw invalid(r.kind, r.group, md.name!, errs);
      }
      md.uid = random.uuid();
      md.creationTimestamp = rfc3339(clock.now());
      if (hasGeneration(r)) md.generation = 1;
      if (c) {
        if (hasStatus(r)) delete obj.status;
      } else if (HAS_STATUS.has(r.plural) && r.plural !== 'nodes' && r.plural !== 'pods') {
        delete obj.status;
        initialStatus(r.plural, obj);
        if (r.plural === CRD_PLURAL) obj.status = crdStatus(obj, md.creationTimestamp);
      }
      if (opts?.dryRun) return obj;
      const out = etcd.put(keyOf(r), obj, 'ADDED');
      if (!c && r.plural === CRD_PLURAL) registerCrd(out);
      return result(out, opts);
    },

    get(plural, namespace, name) {
      const r = info(plural);
      const o = stored(r, nsKey(r, namespace), name);
      if (!o) throw notFound(r.plural, r.group, name);
      return clone(o);
    },

    tryGet(plural, namespace, name, opts) {
      const r = registry.resolve(plural);
      if (!r) return undefined;
      const o = stored(r, nsKey(r, namespace), name);
      return o ? result(o, opts) : undefined;
    },

    list(plural, namespace, opts?: ListOptions) {
      const r = info(plural);
      let items = etcd.list(keyOf(r), r.namespaced ? namespace : undefined);
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
      const c = custom(r);
      next.apiVersion = c ? input.apiVersion : apiVersionOf(r);
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
      if (hasStatus(r)) {
        if (prev.status !== undefined) next.status = clone(prev.status);
        else delete next.status;
      }
      let causes: StatusCause[];
      if (c) {
        defaultCustom(c, next);
        causes = validateObjectMeta(next, r.plural, r.namespaced);
      } else {
        defaultSpec(r.plural, next);
        if (r.plural === 'pods') defaultPodSpec(next.spec);
        if (r.plural === 'services') {
          dropTypeDependentFields(next, prev);
          services.defaults(next);
          services.keepAllocations(next, prev);
        }
        if (r.plural === CRD_PLURAL) defaultCrd(next);
        if (r.plural === 'daemonsets') {
          // spec.templateGeneration lives on as this annotation in apps/v1; a template change bumps it.
          const gen = Number(pm.annotations?.[TEMPLATE_GENERATION] ?? 1) || 1;
          md.annotations = { ...(md.annotations ?? {}), [TEMPLATE_GENERATION]: String(deepEqual(next.spec?.template, prev.spec?.template) ? gen : gen + 1) };
        }
        if (r.plural === 'namespaces' && pm.deletionTimestamp) {
          // Only the namespace controller's finalize may drop `kubernetes`; keep the object terminating.
          next.metadata.labels = { ...(next.metadata.labels ?? {}), 'kubernetes.io/metadata.name': pm.name };
        }
        causes = [...validateObject(next, r.plural, r.namespaced), ...validateUpdate(next, prev, r.plural)];
        if (r.plural === CRD_PLURAL) causes.push(...validateCrd(next), ...validateCrdUpdate(next, prev));
      }
      if (causes.length) throw invalid(r.kind, r.group, name, causes);
      // A no-op write is not sent to webhooks (it stores nothing).
      if (etcd.count('validatingwebhookconfigurations') && !deepEqual(next, { ...prev, metadata: { ...prev.metadata, resourceVersion: md.resourceVersion } })) admit('UPDATE', r, ns, name, next, prev, next.apiVersion);
      if (is(r, 'services')) {
        const errs = services.reallocate(next, prev, !!opts?.dryRun);
        if (errs.length) throw invalid(r.kind, r.group, name, errs);
      }
      // Custom objects count every change outside metadata (and status, when it has its own endpoint).
      const specChanged = c ? !equalOutside(next, prev, hasStatus(r)) : !deepEqual(next.spec, prev.spec);
      if (hasGeneration(r) && specChanged) md.generation = (pm.generation ?? 1) + 1;
      md.resourceVersion = pm.resourceVersion;
      if (!c && r.plural === CRD_PLURAL && specChanged) next.status = crdStatus(next, rfc3339(clock.now()), prev.status);
      if (deepEqual(next, prev)) return result(prev, opts);
      if (opts?.dryRun) return next;
      if (pm.deletionTimestamp && !(md.finalizers?.length) && !(r.plural === 'namespaces' && next.spec?.finalizers?.length)) {
        return result(removeNow(r, next), opts);
      }
      const out = etcd.put(keyOf(r), next, 'MODIFIED');
      if (!c && r.plural === CRD_PLURAL) registerCrd(out);
      return result(out, opts);
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
      const statusChanged = hasStatus(r) && !deepEqual(draft.status, prev.status);
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
      admit('DELETE', r, ns, name, undefined, prev, prev.apiVersion);
      if (opts?.dryRun) return result(prev, opts);
      if (is(r, CRD_PLURAL)) {
        finishCrdDeletion(name);
        return result(prev, opts);
      }
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
        if (hasGeneration(r)) md.generation = (md.generation ?? 1) + 1;
        return result(etcd.put(keyOf(r), next, 'MODIFIED'), opts);
      }

      if (finalizers.length) {
        const changed = !md.deletionTimestamp || finalizers.length !== (md.finalizers?.length ?? 0);
        if (!changed && (md.deletionGracePeriodSeconds ?? 0) === 0) return result(prev, opts);
        md.deletionTimestamp ??= rfc3339(now);
        md.deletionGracePeriodSeconds = 0;
        md.finalizers = finalizers;
        if (hasGeneration(r) && !prev.metadata.deletionTimestamp) md.generation = (md.generation ?? 1) + 1;
        return result(etcd.put(keyOf(r), next, 'MODIFIED'), opts);
      }
      return result(removeNow(r, prev), opts);
    },

    watch(plural: string | '*', namespace: string | undefined, handler: WatchHandler) {
      if (plural === '*') return etcd.watch('*', namespace, handler);
      const r = info(plural);
      return etcd.watch(keyOf(r), r.namespaced ? namespace : undefined, handler);
    },
  };
  void invalidValue;
  return api;
}

/** Two objects alike outside metadata (and outside status when `skipStatus`). */
function equalOutside(a: KubeObject, b: KubeObject, skipStatus: boolean): boolean {
  const strip = (o: KubeObject) => {
    const { metadata: _m, status: _s, ...rest } = o;
    return skipStatus ? rest : { ...rest, status: o.status };
  };
  return deepEqual(strip(a), strip(b));
}
