// The control-plane trace: which component did what to which object, and why. Components get an
// api and an event recorder that note their writes under their own name; writes from outside the
// components (kubectl, a lab's setup) go through the cluster's public api and show as kubectl.
import type { ApiServer, Clock, ControlPlaneTrace, KubeObject, NewObject, TraceActor, TraceStep } from '../types.ts';
import type { EventRecorder } from '../component.ts';
import { isPodReady } from '../controller-manager/workload.ts';

/** Steps kept in memory (older ones drop off). */
export const TRACE_CAP = 5000;

/** Who acts: a component as the trace names it. */
export interface TraceWho {
  actor: TraceActor;
  controller?: string;
  host?: string;
}

/** What a component may tell the trace beyond its writes (see ComponentContext.trace). */
export interface TraceHooks {
  /** The reason for this component's next write (the scheduler's filter and score results). */
  because(reason: string): void;
  /** The component saw an object through its watch and will act on it (no write yet). */
  saw(obj: KubeObject, action: string, opts?: { host?: string; reason?: string; flowStep?: number }): void;
}

export interface TraceRecorder extends ControlPlaneTrace {
  /** Add one step now; returns it (with id and time). */
  record(step: Omit<TraceStep, 'id' | 'time'>, obj?: KubeObject): TraceStep;
  /** The api a component (or kubectl, when `who` is kubectl) writes through. */
  wrapApi<A extends ApiServer>(api: A, who: TraceWho): A;
  wrapEvents(events: EventRecorder, who: TraceWho): EventRecorder;
  hooks(who: TraceWho): TraceHooks;
  /** Who a started component is in the trace (undefined: not traced, e.g. add-ons). */
  whoIs(componentName: string): TraceWho | undefined;
}

type Ref = TraceStep['object'];

const CONTROLLERS = new Set([
  'garbage-collector',
  'namespace-controller',
  'serviceaccount-controller',
  'root-ca-cert-publisher',
  'deployment-controller',
  'replicaset-controller',
  'daemonset-controller',
  'endpoint-controller',
]);

// Kinds whose writes are heartbeats or bookkeeping, not something a learner watches happen.
const QUIET = new Set(['events', 'leases', 'endpointslices', 'nodes', 'tokenreviews', 'subjectaccessreviews', 'selfsubjectaccessreviews']);

const KUBELET_EVENTS: Record<string, string> = {
  Pulling: 'asked the container runtime to pull image',
  Pulled: 'pulled image',
  Created: 'created container',
  Started: 'started container',
  Killing: 'stopped container',
  BackOff: 'backing off',
  Failed: 'failed',
  Unhealthy: 'probe failed',
};
const RUNTIME_FLOW = new Set(['Pulling', 'Pulled', 'Created', 'Started']);

const kindOf = (api: ApiServer, plural: string): string => api.resolve(plural)?.kind ?? plural;

export function createTraceRecorder(clock: Clock, raw: ApiServer): TraceRecorder {
  let steps: TraceStep[] = [];
  let nextId = 1;
  const listeners = new Set<(s: TraceStep) => void>();
  /** last step about an object, by uid and by kind/namespace/name */
  const lastByUid = new Map<string, number>();
  const lastByKey = new Map<string, number>();
  /** controller owner of each object seen (uid → owner uid), for "a deployment and what it owns" */
  const ownerOf = new Map<string, string>();
  const pending = new Map<string, string>();
  /** pods whose status report (flow step 7) was recorded */
  const reported = new Map<string, string>();
  let lastPodReport: number | undefined;
  /** pods the replicaset-controller created since a ReplicaSet's last stored change, by its uid */
  const createdSince = new Map<string, { rv: string; n: number }>();

  const keyOf = (kind: string, ns: string | undefined, name: string) => `${kind}/${ns ?? ''}/${name}`;
  const refOf = (o: KubeObject, kind = o.kind): Ref => ({
    kind,
    ...(o.metadata.namespace ? { namespace: o.metadata.namespace } : {}),
    name: o.metadata.name,
    ...(o.metadata.uid ? { uid: o.metadata.uid } : {}),
  });
  const lastAbout = (r: Ref): number | undefined => (r.uid ? lastByUid.get(r.uid) : undefined) ?? lastByKey.get(keyOf(r.kind, r.namespace, r.name));
  const whoKey = (w: TraceWho) => `${w.actor}/${w.controller ?? ''}/${w.host ?? ''}`;

  const record = (s: Omit<TraceStep, 'id' | 'time'>, obj?: KubeObject): TraceStep => {
    const step: TraceStep = { id: nextId++, time: clock.now(), ...s };
    steps.push(step);
    // trim in batches so recording stays O(1) amortized
    if (steps.length > TRACE_CAP + TRACE_CAP / 5) steps = steps.slice(steps.length - TRACE_CAP);
    const o = step.object;
    if (o.uid) lastByUid.set(o.uid, step.id);
    lastByKey.set(keyOf(o.kind, o.namespace, o.name), step.id);
    const owner = obj?.metadata.ownerReferences?.find((r) => r.controller)?.uid;
    if (obj?.metadata.uid && owner) ownerOf.set(obj.metadata.uid, owner);
    if (listeners.size) for (const l of [...listeners]) l(step);
    return step;
  };

  const ownerCause = (obj: KubeObject | NewObject): number | undefined => {
    const ref = obj.metadata?.ownerReferences?.find((r) => r.controller);
    if (!ref) return undefined;
    return lastByUid.get(ref.uid) ?? lastByKey.get(keyOf(ref.kind, obj.metadata?.namespace, ref.name));
  };

  const takeReason = (who: TraceWho) => {
    const k = whoKey(who);
    const r = pending.get(k);
    if (r !== undefined) pending.delete(k);
    return r;
  };

  /** Why a controller created an object, in a sentence. */
  const createReason = (who: TraceWho, created: KubeObject): string | undefined => {
    const ns = created.metadata.namespace;
    const ref = created.metadata.ownerReferences?.find((r) => r.controller);
    if (who.controller === 'deployment-controller' && created.kind === 'ReplicaSet' && ref) {
      const d = raw.tryGet('deployments', ns, ref.name, { frozenResult: true });
      return `Deployment wants ${d?.spec?.replicas ?? 1} replicas, no ReplicaSet matches its template`;
    }
    if ((who.controller === 'replicaset-controller' || who.controller === 'daemonset-controller') && created.kind === 'Pod' && ref) {
      if (ref.kind === 'ReplicaSet') {
        const rs = raw.tryGet('replicasets', ns, ref.name, { frozenResult: true });
        const want = (rs?.spec?.replicas as number | undefined) ?? 1;
        // O(1): the last status count plus what this burst created (listing pods would be O(n) per pod)
        const rv = rs?.metadata.resourceVersion ?? '';
        let burst = createdSince.get(ref.uid);
        if (!burst || burst.rv !== rv) createdSince.set(ref.uid, (burst = { rv, n: 0 }));
        // the controller only creates while fewer than wanted are active (status still counts terminating pods)
        const have = Math.min(((rs?.status?.replicas as number | undefined) ?? 0) + burst.n++, want - 1);
        return `${have} of ${want} replicas existed, one more is wanted`;
      }
      return `${ref.kind} ${ref.name} wants a pod on ${created.spec?.affinity ? 'this node' : 'each node'}`;
    }
    return undefined;
  };

  const endpointCount = (ep: KubeObject): number => {
    let n = 0;
    for (const s of (ep.subsets as { addresses?: unknown[] }[] | undefined) ?? []) n += s.addresses?.length ?? 0;
    return n;
  };

  /** kube-proxy on every node reprograms its Service rules when a Service's Endpoints change. */
  const proxyStep = (ep: KubeObject, cause: number) => {
    const nodes = new Set<string>();
    for (const p of raw.list('pods', 'kube-system')) {
      if (p.metadata.labels?.['k8s-app'] === 'kube-proxy' && p.status?.phase === 'Running' && p.spec?.nodeName) nodes.add(p.spec.nodeName);
    }
    const where = nodes.size ? `on ${[...nodes].sort().join(', ')}` : 'on every node';
    const n = endpointCount(ep);
    record({
      actor: 'kube-proxy',
      action: 'updated Service rules',
      object: { kind: 'Service', ...(ep.metadata.namespace ? { namespace: ep.metadata.namespace } : {}), name: ep.metadata.name },
      reason: `${ep.metadata.name}: ${n} endpoint${n === 1 ? '' : 's'}; iptables rules reprogrammed ${where}`,
      cause,
    });
  };

  const podSummary = (p: KubeObject | undefined): string => {
    if (!p) return '';
    const ready = isPodReady(p);
    return `${p.status?.phase ?? 'Pending'}${ready ? ', Ready' : ''}`;
  };

  /** After a component's write: what the trace says about it. */
  const afterWrite = (who: TraceWho, verb: 'create' | 'update' | 'status' | 'delete', plural: string, before: KubeObject | undefined, after: KubeObject | undefined, input?: KubeObject | NewObject) => {
    const reason = takeReason(who);
    if (who.actor === 'kube-scheduler') {
      if (plural === 'bindings' && input) {
        const ns = input.metadata?.namespace;
        const pod = raw.tryGet('pods', ns, input.metadata?.name ?? '', { frozenResult: true });
        const node = String((input as { target?: { name?: string } }).target?.name ?? "");
        const ref: Ref = pod ? refOf(pod) : { kind: 'Pod', ...(ns ? { namespace: ns } : {}), name: input.metadata?.name ?? '' };
        record({ actor: 'kube-scheduler', ...(who.host ? { host: who.host } : {}), action: `bound to ${node}`, object: ref, ...(reason ? { reason } : {}), cause: lastAbout(ref), flowStep: 4 }, pod);
      }
      return;
    }
    if (who.actor === 'kubelet') {
      if (plural !== 'pods' || !after) return;
      if (verb === 'status') {
        const now = podSummary(after);
        if (now === podSummary(before) || reported.get(after.metadata.uid) === now) return;
        const first = !reported.has(after.metadata.uid) && after.status?.phase !== 'Pending';
        if (after.status?.phase === 'Pending' && !reported.has(after.metadata.uid)) return;
        reported.set(after.metadata.uid, now);
        const host = after.spec?.nodeName ?? who.host;
        const ref = refOf(after);
        const s = record({ actor: 'kubelet', ...(host ? { host } : {}), action: `reported ${now}`, object: ref, reason: `the API server stored the pod's new status in etcd (resourceVersion ${after.metadata.resourceVersion})`, cause: lastAbout(ref), ...(first ? { flowStep: 7 } : {}) }, after);
        lastPodReport = s.id;
      } else if (verb === 'delete') {
        const host = after.spec?.nodeName ?? who.host;
        record({ actor: 'kubelet', ...(host ? { host } : {}), action: 'removed pod', object: refOf(after), reason: 'its containers stopped; the API server deleted it from etcd', cause: lastAbout(refOf(after)) }, after);
      }
      return;
    }
    // kube-controller-manager
    if (!after) return;
    const kind = after.kind || kindOf(raw, plural);
    const ref = refOf(after, kind);
    if (who.controller === 'endpoint-controller') {
      if (plural !== 'endpoints') return;
      if (verb !== 'delete' && before && before.metadata.resourceVersion === after.metadata.resourceVersion) return;
      const n = verb === 'delete' ? 0 : endpointCount(after);
      const svc = lastByKey.get(keyOf('Service', ref.namespace, ref.name));
      const cause = Math.max(svc ?? 0, lastPodReport ?? 0) || undefined;
      const s = record({ actor: 'kube-controller-manager', controller: 'endpoint-controller', action: verb === 'create' ? 'created Endpoints' : verb === 'delete' ? 'deleted Endpoints' : 'updated Endpoints', object: ref, reason: `Service ${ref.name} selects ${n} ready pod${n === 1 ? '' : 's'}`, ...(cause ? { cause } : {}) }, after);
      if (verb !== 'delete') proxyStep(after, s.id);
      return;
    }
    if (verb === 'create') {
      const why = reason ?? createReason(who, after);
      const s = record({ actor: 'kube-controller-manager', ...(who.controller ? { controller: who.controller } : {}), action: `created ${kind}`, object: ref, ...(why ? { reason: why } : {}), cause: ownerCause(after), ...(kind === 'Pod' ? { flowStep: 1 } : {}) }, after);
      if (kind === 'Pod') stored(after, s.id);
      return;
    }
    if (verb === 'delete') {
      record({ actor: 'kube-controller-manager', ...(who.controller ? { controller: who.controller } : {}), action: `deleted ${kind}`, object: ref, ...(reason ? { reason } : {}), cause: ownerCause(after) ?? lastAbout(ref) }, after);
      return;
    }
    if (verb === 'update' && who.controller === 'deployment-controller' && kind === 'ReplicaSet' && before && before.spec?.replicas !== after.spec?.replicas) {
      record({ actor: 'kube-controller-manager', controller: 'deployment-controller', action: `scaled ReplicaSet from ${before.spec?.replicas ?? 0} to ${after.spec?.replicas ?? 0}`, object: ref, reason: reason ?? 'rolling the Deployment towards its desired replicas', cause: ownerCause(after) }, after);
    }
  };

  /** kube-apiserver's half of a write: validated and stored in etcd. */
  const stored = (obj: KubeObject, cause: number) =>
    record({ actor: 'kube-apiserver', action: 'stored in etcd', object: refOf(obj), reason: `validated and saved as resourceVersion ${obj.metadata.resourceVersion}`, cause, ...(obj.kind === 'Pod' ? { flowStep: 2 } : {}) }, obj);

  const wrapKubectl = <A extends ApiServer>(api: A): A => {
    const w = Object.create(api) as A;
    const sent = (verb: string, kind: string, ns: string | undefined, name: string, flow?: number) => {
      const object: Ref = { kind, ...(ns ? { namespace: ns } : {}), name };
      return record({ actor: 'kubectl', action: `sent ${verb}`, object, reason: `${verb} request to the API server`, ...(flow ? { flowStep: flow } : {}) });
    };
    const rejected = (cause: number, object: Ref, e: unknown) => {
      record({ actor: 'kube-apiserver', action: 'rejected', object, reason: e instanceof Error ? e.message : String(e), cause });
    };
    const quiet = (plural: string) => QUIET.has(api.resolve(plural)?.plural ?? plural);
    w.create = (obj, opts) => {
      const plural = api.resolve(obj.kind ?? '')?.plural ?? '';
      if (quiet(plural) || opts?.dryRun) return api.create(obj, opts);
      const s = sent('create', obj.kind, obj.metadata?.namespace ?? (api.resolve(plural)?.namespaced ? 'default' : undefined), obj.metadata?.name ?? obj.metadata?.generateName ?? '', obj.kind === 'Pod' ? 1 : undefined);
      try {
        const out = api.create(obj, opts);
        s.object = refOf(out, obj.kind);
        stored(out, s.id);
        return out;
      } catch (e) {
        rejected(s.id, s.object, e);
        throw e;
      }
    };
    const change = (verb: string, plural: string, ns: string | undefined, name: string, run: () => KubeObject): KubeObject => {
      const kind = kindOf(api, plural);
      const s = sent(verb, kind, ns, name);
      try {
        const out = run();
        stored(out, s.id);
        return out;
      } catch (e) {
        rejected(s.id, s.object, e);
        throw e;
      }
    };
    w.update = (obj, opts) => (quiet(obj.kind) || opts?.dryRun ? api.update(obj, opts) : change('update', obj.kind, obj.metadata.namespace, obj.metadata.name, () => api.update(obj, opts)));
    w.updateStatus = (obj, opts) => (quiet(obj.kind) || opts?.dryRun ? api.updateStatus(obj, opts) : change('status update', obj.kind, obj.metadata.namespace, obj.metadata.name, () => api.updateStatus(obj, opts)));
    w.patch = (plural, ns, name, mutate, opts) => (quiet(plural) || opts?.dryRun ? api.patch(plural, ns, name, mutate, opts) : change('patch', plural, ns, name, () => api.patch(plural, ns, name, mutate, opts)));
    w.delete = (plural, ns, name, opts) => {
      if (quiet(plural) || opts?.dryRun) return api.delete(plural, ns, name, opts);
      const kind = kindOf(api, plural);
      const s = sent('delete', kind, ns, name);
      try {
        const out = api.delete(plural, ns, name, opts);
        s.object = refOf(out, kind);
        record({ actor: 'kube-apiserver', action: out.metadata.deletionTimestamp ? 'marked for deletion' : 'deleted from etcd', object: refOf(out, kind), reason: out.metadata.deletionTimestamp ? 'deletionTimestamp set; the kubelet or a finalizer finishes it' : 'removed from etcd', cause: s.id }, out);
        return out;
      } catch (e) {
        rejected(s.id, s.object, e);
        throw e;
      }
    };
    return w;
  };

  const wrapComponent = <A extends ApiServer>(api: A, who: TraceWho): A => {
    const w = Object.create(api) as A;
    w.create = (obj, opts) => {
      const out = api.create(obj, opts);
      if (!opts?.dryRun) {
        const plural = obj.kind === 'Binding' ? 'bindings' : (api.resolve(obj.kind ?? '')?.plural ?? '');
        if (!QUIET.has(plural)) afterWrite(who, 'create', plural, undefined, out, obj);
      }
      return out;
    };
    w.update = (obj, opts) => {
      const plural = api.resolve(obj.kind)?.plural ?? '';
      if (QUIET.has(plural) || who.actor === 'kubelet') return api.update(obj, opts);
      const before = api.tryGet(plural, obj.metadata.namespace, obj.metadata.name, { frozenResult: true });
      const out = api.update(obj, opts);
      afterWrite(who, 'update', plural, before, out);
      return out;
    };
    w.updateStatus = (obj, opts) => {
      // only the kubelet's pod status reports are steps (controllers' status updates are bookkeeping)
      if (who.actor !== 'kubelet' || obj.kind !== 'Pod') return api.updateStatus(obj, opts);
      const before = api.tryGet('pods', obj.metadata.namespace, obj.metadata.name, { frozenResult: true });
      const out = api.updateStatus(obj, opts);
      afterWrite(who, 'status', 'pods', before, out);
      return out;
    };
    w.patch = (plural, ns, name, mutate, opts) => {
      const p = api.resolve(plural)?.plural ?? plural;
      if (QUIET.has(p) || (p !== 'endpoints' && p !== 'replicasets' && p !== 'pods')) return api.patch(plural, ns, name, mutate, opts);
      const before = api.tryGet(p, ns, name, { frozenResult: true });
      const out = api.patch(plural, ns, name, mutate, opts);
      afterWrite(who, who.actor === 'kubelet' ? 'status' : 'update', p, before, out);
      return out;
    };
    w.delete = (plural, ns, name, opts) => {
      const out = api.delete(plural, ns, name, opts);
      const p = api.resolve(plural)?.plural ?? plural;
      if (!QUIET.has(p) && !opts?.dryRun) afterWrite(who, 'delete', p, undefined, out);
      return out;
    };
    return w;
  };

  const wrapEvents = (events: EventRecorder, who: TraceWho): EventRecorder => ({
    record(involved, type, reason, message, source, opts) {
      events.record(involved, type, reason, message, source, opts);
      if (involved.kind !== 'Pod') return;
      if (who.actor === 'kubelet') {
        const action = KUBELET_EVENTS[reason] ?? reason;
        const ref = refOf(involved);
        const host = source.host ?? involved.spec?.nodeName;
        const container = opts?.fieldPath?.match(/\{(.*)\}/)?.[1];
        record({ actor: 'kubelet', ...(host ? { host } : {}), action: container && !action.includes('image') ? `${action} ${container}` : action, object: ref, reason: message, cause: lastAbout(ref), ...(RUNTIME_FLOW.has(reason) ? { flowStep: 6 } : {}) }, involved);
      } else if (who.actor === 'kube-scheduler' && reason === 'FailedScheduling') {
        const ref = refOf(involved);
        record({ actor: 'kube-scheduler', ...(who.host ? { host: who.host } : {}), action: 'could not place pod', object: ref, reason: message, cause: lastAbout(ref) }, involved);
      }
    },
  });

  const hooks = (who: TraceWho): TraceHooks => ({
    because(reason) {
      pending.set(whoKey(who), reason);
    },
    saw(obj, action, opts) {
      const ref = refOf(obj);
      const host = opts?.host ?? who.host;
      record({ actor: who.actor, ...(who.controller ? { controller: who.controller } : {}), ...(host ? { host } : {}), action, object: ref, ...(opts?.reason ? { reason: opts.reason } : {}), cause: lastAbout(ref), ...(opts?.flowStep ? { flowStep: opts.flowStep } : {}) }, obj);
    },
  });

  /** Does a step belong to the object (or to something it owns, transitively)? */
  const owns = (rootUids: Set<string>, uid: string | undefined): boolean => {
    for (let u = uid, depth = 0; u && depth < 8; u = ownerOf.get(u), depth++) if (rootUids.has(u)) return true;
    return false;
  };

  return {
    record,
    wrapApi: (api, who) => (who.actor === 'kubectl' ? wrapKubectl(api) : wrapComponent(api, who)),
    wrapEvents,
    hooks,
    whoIs(name) {
      if (CONTROLLERS.has(name)) return { actor: 'kube-controller-manager', controller: name };
      if (name === 'default-scheduler') return { actor: 'kube-scheduler', host: 'master' };
      if (name === 'kubelet' || name.startsWith('kubelet-')) return { actor: 'kubelet', ...(name.startsWith('kubelet-') ? { host: name.slice(8) } : {}) };
      return undefined;
    },
    steps(filter) {
      const since = filter?.since;
      let out = since === undefined ? steps : steps.filter((s) => s.time >= since);
      if (!filter?.name) return filter?.kind ? out.filter((s) => s.object.kind.toLowerCase() === filter.kind!.toLowerCase()) : out.slice();
      const kind = filter.kind?.toLowerCase();
      const mine = (s: TraceStep) => s.object.name === filter.name && (!kind || s.object.kind.toLowerCase() === kind) && (filter.namespace === undefined || (s.object.namespace ?? filter.namespace) === filter.namespace);
      const roots = new Set<string>();
      for (const s of out) if (mine(s) && s.object.uid) roots.add(s.object.uid);
      // a Service's story includes its Endpoints
      const svc = kind === 'service';
      out = out.filter((s) => mine(s) || owns(roots, s.object.uid) || (svc && s.object.kind === 'Endpoints' && s.object.name === filter.name && s.object.namespace === filter.namespace));
      return out;
    },
    onStep(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
