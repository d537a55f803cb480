// MetalLB v0.14.9 in layer-2 mode, as the pods of its native manifest behave once they run: the
// controller (Deployment `controller`) hands LoadBalancer Services addresses from IPAddressPools, and the
// speakers (DaemonSet `speaker`) elect one node per address to answer ARP for it. Each half works only
// while its pods are Running and Ready; without MetalLB a LoadBalancer Service stays <pending>.
import type { Component, ComponentContext } from '../component.ts';
import type { ApiServer, KubeObject, WatchEvent } from '../types.ts';
import type { AdmissionRequest, InternalApiServer } from '../apiserver/index.ts';
import { isApiError } from '../apiserver/errors.ts';
import { deepEqual } from '../etcd.ts';
import {
  IPADDRESSPOOLS,
  L2ADVERTISEMENTS,
  SERVICEL2STATUSES,
  advertisementCoversNode,
  advertisementsFor,
  parseIPv4,
  parseL2Advertisements,
  parsePools,
  poolFor,
  poolServes,
  sha256Hex,
  type Pool,
} from './metallb-config.ts';
import { intToIp } from '../network.ts';
import { isPodReady } from '../controller-manager/workload.ts';

export const METALLB_CONTROLLER = 'metallb-controller';
export const METALLB_SPEAKER = 'metallb-speaker';
const CONTROLLER_SOURCE = { component: METALLB_CONTROLLER };
const SPEAKER_SOURCE = { component: METALLB_SPEAKER };
/** From a watch event to MetalLB acting on it (informer + reconcile). */
const REACTION_MS = 20;

const ANNOTATION_POOL = 'metallb.io/address-pool';
const ANNOTATION_IPS = 'metallb.io/loadBalancerIPs';
const ANNOTATION_SHARED = 'metallb.io/allow-shared-ip';
const ANNOTATION_ALLOCATED_FROM = 'metallb.io/ip-allocated-from-pool';
const DEPRECATED_PREFIX = 'metallb.universe.tf';
const EXCLUDE_LB = 'node.kubernetes.io/exclude-from-external-load-balancers';

const isReady = (pod: KubeObject) =>
  pod.status?.phase === 'Running' && !pod.metadata.deletionTimestamp && isPodReady(pod);

const isMetalLB = (pod: KubeObject, component: 'controller' | 'speaker') => pod.metadata.labels?.app === 'metallb' && pod.metadata.labels?.component === component;

/** The value of a MetalLB annotation, the metallb.io key first, then the deprecated metallb.universe.tf one. */
function annotation(svc: KubeObject, key: string): string | undefined {
  const a = svc.metadata.annotations ?? {};
  if (key in a) return a[key];
  const old = `${DEPRECATED_PREFIX}/${key.slice(key.indexOf('/') + 1)}`;
  return old in a ? a[old] : undefined;
}

const quoteIPs = (ips: string[]) => `[${ips.map((ip) => JSON.stringify(ip)).join(' ')}]`;

const listIfServed = (api: ApiServer, resource: string, namespace?: string): KubeObject[] => (api.resolve(resource) ? api.list(resource, namespace) : []);

/** Subscribe to a custom resource once its CRD is there (and again after it is recreated). */
function watchCustom(api: ApiServer, resource: string, handler: () => void): void {
  let stop: (() => void) | undefined;
  const sync = () => {
    const served = !!api.resolve(resource);
    if (served && !stop) {
      stop = api.watch(resource, undefined, handler);
      handler();
    } else if (!served && stop) {
      stop();
      stop = undefined;
      handler();
    }
  };
  api.watch('customresourcedefinitions', undefined, (ev) => {
    if (ev.object.metadata.name === resource) sync();
  });
  sync();
}

// ---------------------------------------------------------------------------------------------
// Validating webhooks (served by the controller pod on :9443 behind metallb-webhook-service)

function webhookNamespace(api: ApiServer): string {
  const pod = api.list('pods', undefined, { labelSelector: 'app=metallb,component=controller' }).find(isReady);
  return pod?.metadata.namespace ?? 'metallb-system';
}

/** ipaddresspoolvalidationwebhook.metallb.io: the pool list with this pool must still parse. */
function validatePoolWebhook(req: AdmissionRequest): string | undefined {
  if (req.operation === 'DELETE' || !req.object) return undefined;
  const ns = webhookNamespace(req.api);
  if (req.operation === 'CREATE' && req.namespace !== ns) return `resource must be created in ${ns} namespace`;
  const others = listIfServed(req.api, IPADDRESSPOOLS, ns).filter((p) => p.metadata.name !== req.name);
  const parsed = parsePools([...others, req.object]);
  return typeof parsed === 'string' ? parsed : undefined;
}

/** l2advertisementvalidationwebhook.metallb.io */
function validateL2Webhook(req: AdmissionRequest): string | undefined {
  if (req.operation === 'DELETE' || !req.object) return undefined;
  const ns = webhookNamespace(req.api);
  if (req.operation === 'CREATE' && req.namespace !== ns) return `resource must be created in ${ns} namespace`;
  const pools: unknown[] = req.object.spec?.ipAddressPools ?? [];
  const seen = new Set<unknown>();
  for (const p of pools) {
    if (seen.has(p)) return `duplicate definition of ipAddressPools "${String(p)}"`;
    seen.add(p);
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// controller

interface Allocation {
  pool: string;
  ips: string[];
  sharing: string;
}

export function metallbController(): Component {
  return { name: METALLB_CONTROLLER, start: startController };
}

function startController(ctx: ComponentContext): void {
  const { api, clock, events, random } = ctx;
  const internal = api as Partial<InternalApiServer>;
  internal.registerWebhookServer?.('/validate-metallb-io-v1beta1-ipaddresspool', validatePoolWebhook);
  internal.registerWebhookServer?.('/validate-metallb-io-v1beta1-l2advertisement', validateL2Webhook);

  let active: KubeObject | undefined;
  let pools: Pool[] | undefined;
  const allocated = new Map<string, Allocation>();
  const pending = new Set<string>();
  let all = false;
  let timer: { cancel(): void } | undefined;

  const schedule = (svcKey?: string) => {
    if (svcKey) pending.add(svcKey);
    else all = true;
    timer ??= clock.after(REACTION_MS, run, 'metallb-controller');
  };

  const findActive = () => api.list('pods', undefined, { labelSelector: 'app=metallb,component=controller' }).find(isReady);

  const onPod = (ev: WatchEvent) => {
    if (!isMetalLB(ev.object, 'controller') && !(ev.old && isMetalLB(ev.old, 'controller'))) return;
    const now = findActive();
    if (now?.metadata.uid !== active?.metadata.uid) schedule();
  };
  const onService = (ev: WatchEvent) => {
    const k = `${ev.object.metadata.namespace}/${ev.object.metadata.name}`;
    if (ev.type === 'DELETED') {
      if (allocated.delete(k)) schedule();
      return;
    }
    schedule(k);
  };

  api.watch('pods', undefined, onPod);
  api.watch('services', undefined, onService);
  watchCustom(api, IPADDRESSPOOLS, () => schedule());

  function run(): void {
    timer = undefined;
    const was = active;
    active = findActive();
    if (!active) {
      pending.clear();
      all = false;
      pools = undefined;
      return;
    }
    const ns = active.metadata.namespace!;
    if (active.metadata.uid !== was?.metadata.uid) {
      // A (re)started controller learns the assignments again from the Services' status.
      allocated.clear();
      all = true;
      ensureSecrets(ns);
    }
    const parsed = parsePools(listIfServed(api, IPADDRESSPOOLS, ns));
    // An invalid configuration is not loaded: the previous one stays in force.
    if (typeof parsed !== 'string' && !deepEqual(parsed, pools)) {
      pools = parsed;
      all = true;
    }
    const keys = all ? undefined : [...pending];
    all = false;
    pending.clear();
    const services = keys
      ? keys.map((k) => api.tryGet('services', k.slice(0, k.indexOf('/')), k.slice(k.indexOf('/') + 1), { frozenResult: true })).filter((s): s is KubeObject => !!s)
      : api.list('services');
    if (!keys) {
      // Forget what no longer exists, then keep the addresses Services already hold before handing out new ones.
      const live = new Set(services.map((s) => `${s.metadata.namespace}/${s.metadata.name}`));
      for (const k of [...allocated.keys()]) if (!live.has(k)) allocated.delete(k);
    }
    const first = services.filter((s) => (s.status?.loadBalancer?.ingress?.length ?? 0) > 0);
    const rest = services.filter((s) => !((s.status?.loadBalancer?.ingress?.length ?? 0) > 0));
    let released = false;
    for (const svc of [...first, ...rest]) released = setBalancer(svc) || released;
    if (released) schedule();
  }

  /** The memberlist key the speakers mount, and the webhook certificate the controller's rotator writes. */
  function ensureSecrets(ns: string): void {
    const deploy = api.tryGet('deployments', ns, 'controller', { frozenResult: true });
    if (deploy && !api.tryGet('secrets', ns, 'memberlist')) {
      const raw = btoa(String.fromCharCode(...Array.from({ length: 16 }, () => random.int(256)))).replace(/=+$/, '');
      try {
        api.create({
          apiVersion: 'v1',
          kind: 'Secret',
          metadata: { name: 'memberlist', namespace: ns, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: deploy.metadata.name, uid: deploy.metadata.uid }] },
          data: { secretkey: btoa(raw) },
          type: 'Opaque',
        });
      } catch (e) {
        if (!isApiError(e)) throw e;
      }
    }
    const cert = api.tryGet('secrets', ns, 'metallb-webhook-cert', { frozenResult: true });
    if (cert && !Object.keys((cert.data as object | undefined) ?? {}).length) {
      const pem = (kind: string) => btoa(`-----BEGIN ${kind}-----\n${random.hex(64)}\n-----END ${kind}-----\n`);
      try {
        api.patch('secrets', ns, 'metallb-webhook-cert', (s) => {
          s.data = { 'ca.crt': pem('CERTIFICATE'), 'ca.key': pem('RSA PRIVATE KEY'), 'tls.crt': pem('CERTIFICATE'), 'tls.key': pem('RSA PRIVATE KEY') };
        });
      } catch (e) {
        if (!isApiError(e)) throw e;
      }
    }
  }

  /** controller.SetBalancer + convergeBalancer. Returns true when an address went back to a pool. */
  function setBalancer(svc: KubeObject): boolean {
    const k = `${svc.metadata.namespace}/${svc.metadata.name}`;
    const had = allocated.has(k);
    if (!pools) return false;
    const status = svc.status?.loadBalancer ?? {};
    let lbIPs: string[] = ((status.ingress as any[] | undefined) ?? []).map((i) => i?.ip).filter((ip): ip is string => !!ip);
    let nextStatus: any = status;
    let pool: string | undefined;
    const clear = () => {
      allocated.delete(k);
      lbIPs = [];
      nextStatus = {};
      pool = undefined;
    };
    const finish = (): boolean => {
      write(svc, nextStatus, pool);
      return had && !allocated.has(k);
    };
    if (svc.spec?.type !== 'LoadBalancer') {
      clear();
      return finish();
    }
    if (pools.length === 0 || (!svc.spec?.clusterIP && !svc.spec?.clusterIPs?.length)) {
      clear();
      return finish();
    }
    if (lbIPs.length) {
      const err = assign(k, svc, lbIPs);
      if (err) {
        events.record(svc, 'Normal', 'ClearAssignment', `current IP for "${k}" not allowed by config, will attempt for new IP assignment: ${err}`, CONTROLLER_SOURCE);
        clear();
      }
      const wantPool = annotation(svc, ANNOTATION_POOL);
      if (lbIPs.length && wantPool && allocated.get(k)?.pool !== wantPool) clear();
      const desired = desiredIPs(svc);
      if (typeof desired === 'string') {
        events.record(svc, 'Warning', 'LoadBalancerFailed', `invalid requested loadbalancer IPs: ${desired}`, CONTROLLER_SOURCE);
        return false;
      }
      if (desired.length && !deepEqual([...desired].sort(), [...lbIPs].sort())) clear();
    }
    if (!lbIPs.length) {
      const got = allocate(k, svc);
      if (typeof got === 'string') {
        events.record(svc, 'Warning', 'AllocationFailed', `Failed to allocate IP for "${k}": ${got}`, CONTROLLER_SOURCE);
        write(svc, {}, undefined);
        return had;
      }
      lbIPs = got;
      events.record(svc, 'Normal', 'IPAllocated', `Assigned IP ${quoteIPs(lbIPs)}`, CONTROLLER_SOURCE);
    }
    pool = allocated.get(k)?.pool;
    nextStatus = { ingress: lbIPs.map((ip) => ({ ip })) };
    return finish();
  }

  /** Write the status (and the pool annotation) when they changed; warn once per change about deprecated annotations. */
  function write(svc: KubeObject, lb: any, pool: string | undefined): void {
    const curLB = svc.status?.loadBalancer ?? {};
    const curPool = svc.metadata.annotations?.[ANNOTATION_ALLOCATED_FROM];
    const sameLB = deepEqual(
      ((curLB.ingress as any[] | undefined) ?? []).map((i) => i.ip),
      ((lb.ingress as any[] | undefined) ?? []).map((i: any) => i.ip),
    );
    if (sameLB && curPool === pool) return;
    for (const key of Object.keys(svc.metadata.annotations ?? {})) {
      if (key.startsWith(`${DEPRECATED_PREFIX}/`)) events.record(svc, 'Warning', 'deprecatedAnnotation', `Service uses deprecated annotation ${key}`, CONTROLLER_SOURCE);
    }
    try {
      api.patch('services', svc.metadata.namespace, svc.metadata.name, (s) => {
        const ann = { ...(s.metadata.annotations ?? {}) };
        if (pool) ann[ANNOTATION_ALLOCATED_FROM] = pool;
        else delete ann[ANNOTATION_ALLOCATED_FROM];
        if (Object.keys(ann).length) s.metadata.annotations = ann;
        else delete s.metadata.annotations;
        s.status = { ...(s.status ?? {}), loadBalancer: lb.ingress?.length ? { ingress: lb.ingress.map((i: any) => ({ ip: i.ip })) } : {} };
      }, { fieldManager: METALLB_CONTROLLER, frozenResult: true });
    } catch (e) {
      if (!isApiError(e)) throw e;
    }
  }

  /** getDesiredLbIPs: the annotation or spec.loadBalancerIP, or MetalLB's error text. */
  function desiredIPs(svc: KubeObject): string[] | string {
    const ann = annotation(svc, ANNOTATION_IPS);
    const lbip: string = svc.spec?.loadBalancerIP ?? '';
    if (!ann && !lbip) return [];
    if (ann && lbip) return `service can not have both ${ANNOTATION_IPS} and svc.Spec.LoadBalancerIP`;
    if (ann) {
      const out: string[] = [];
      for (const part of ann.split(',')) {
        const n = parseIPv4(part);
        if (n === undefined) return `invalid ${ANNOTATION_IPS}: ${JSON.stringify(ann)}`;
        out.push(intToIp(n));
      }
      return out;
    }
    const n = parseIPv4(lbip);
    if (n === undefined) return `invalid spec.loadBalancerIP ${JSON.stringify(lbip)}`;
    return [intToIp(n)];
  }

  /** Allocator.Assign: the addresses must sit in a pool that serves the Service and not be another Service's. */
  function assign(k: string, svc: KubeObject, ips: string[]): string | undefined {
    const nums = ips.map((ip) => parseIPv4(ip));
    const pool = nums[0] === undefined ? undefined : poolFor(pools!, nums[0]);
    if (!pool || !nums.every((n) => n !== undefined && poolFor(pools!, n) === pool)) return `${quoteIPs(ips)} is not allowed in config`;
    if (!poolServes(pool, svc)) return `pool ${pool.name} not compatible for ip assignment`;
    const sharing = annotation(svc, ANNOTATION_SHARED) ?? '';
    for (const ip of ips) {
      const others = [...allocated].filter(([other, a]) => other !== k && a.ips.includes(ip));
      if (!others.length) continue;
      const existing = others[0]![1].sharing;
      const incompatible = existing === '' || sharing === '' || existing !== sharing;
      if (incompatible) return `can't change sharing key for "${k}", address also in use by ${others.map(([o]) => o).join(',')}`;
    }
    allocated.set(k, { pool: pool.name, ips, sharing });
    return undefined;
  }

  /** allocateIPs: the requested addresses, or the first free address of the requested pool, or of any auto-assign pool. */
  function allocate(k: string, svc: KubeObject): string[] | string {
    const desired = desiredIPs(svc);
    if (typeof desired === 'string') return desired;
    const wantPool = annotation(svc, ANNOTATION_POOL);
    if (desired.length) {
      const err = assign(k, svc, desired);
      if (err) return err;
      if (wantPool && allocated.get(k)?.pool !== wantPool) {
        allocated.delete(k);
        return `requested loadBalancer IP(s) ${quoteIPs(desired)} is not compatible with requested address pool ${wantPool}`;
      }
      return desired;
    }
    if (wantPool) {
      const p = pools!.find((x) => x.name === wantPool);
      if (!p) return `unknown pool "${wantPool}"`;
      const ip = freeIP(p, k, svc);
      if (!ip) return 'no available IPs';
      allocated.set(k, { pool: p.name, ips: [ip], sharing: annotation(svc, ANNOTATION_SHARED) ?? '' });
      return [ip];
    }
    // Pools pinned to the Service's namespace or labels go first (by priority), then every other auto-assign pool.
    const pinned = pools!.filter((p) => (p.namespaces || p.serviceSelectors) && p.autoAssign && poolServes(p, svc)).sort((a, b) => (a.priority || Infinity) - (b.priority || Infinity));
    const open = pools!.filter((p) => p.autoAssign && !p.namespaces && !p.serviceSelectors);
    for (const p of [...pinned, ...open]) {
      const ip = freeIP(p, k, svc);
      if (!ip) continue;
      allocated.set(k, { pool: p.name, ips: [ip], sharing: annotation(svc, ANNOTATION_SHARED) ?? '' });
      return [ip];
    }
    return 'no available IPs';
  }

  /** getIPFromCIDR: the lowest free address, skipping .0 and .255 when the pool avoids buggy IPs. */
  function freeIP(p: Pool, k: string, svc: KubeObject): string | undefined {
    const sharing = annotation(svc, ANNOTATION_SHARED) ?? '';
    const inUse = new Map<string, string>();
    for (const [other, a] of allocated) if (other !== k) for (const ip of a.ips) inUse.set(ip, a.sharing);
    for (const c of p.cidrs) {
      const n = 2 ** (32 - c.bits);
      for (let i = 0; i < n; i++) {
        const ip = intToIp(c.base + i);
        const last = (c.base + i) % 256;
        if (p.avoidBuggyIPs && (last === 0 || last === 255)) continue;
        const holder = inUse.get(ip);
        if (holder !== undefined && (holder === '' || holder !== sharing)) continue;
        return ip;
      }
    }
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// speaker

export function metallbSpeaker(): Component {
  return { name: METALLB_SPEAKER, start: startSpeaker };
}

/** The speakers' layer-2 decision for one Service address: the announcing node, or undefined. */
export function electL2Node(api: ApiServer, svc: KubeObject, ip: string, speakers: ReadonlyMap<string, KubeObject>, ns: string): string | undefined {
  const parsedPools = parsePools(listIfServed(api, IPADDRESSPOOLS, ns));
  if (typeof parsedPools === 'string') return undefined;
  const n = parseIPv4(ip);
  const pool = n === undefined ? undefined : poolFor(parsedPools, n);
  if (!pool) return undefined;
  const advs = advertisementsFor(pool, parseL2Advertisements(listIfServed(api, L2ADVERTISEMENTS, ns)));
  if (!advs.length) return undefined;
  const slices = api.list('endpointslices', svc.metadata.namespace, { labelSelector: `kubernetes.io/service-name=${svc.metadata.name}` });
  const serving = slices.flatMap((s) => ((s.endpoints as any[] | undefined) ?? []).filter((e) => e?.conditions?.ready !== false && e?.addresses?.length));
  if (!serving.length) return undefined;
  const candidates: string[] = [];
  for (const [node] of speakers) {
    const nodeObj = api.tryGet('nodes', undefined, node, { frozenResult: true });
    if (!nodeObj || EXCLUDE_LB in (nodeObj.metadata.labels ?? {})) continue;
    if (!advs.some((a) => advertisementCoversNode(a, nodeObj))) continue;
    if (svc.spec?.externalTrafficPolicy === 'Local' && !serving.some((e) => e.nodeName === node)) continue;
    candidates.push(node);
  }
  candidates.sort((a, b) => {
    const ha = sha256Hex(`${a}#${ip}`);
    const hb = sha256Hex(`${b}#${ip}`);
    return ha < hb ? -1 : ha > hb ? 1 : 0;
  });
  return candidates[0];
}

function startSpeaker(ctx: ComponentContext): void {
  const { api, clock, events } = ctx;
  /** Service key → the node announcing it and the ServiceL2Status recording that. */
  const announced = new Map<string, { node: string; ip: string }>();
  const pending = new Set<string>();
  let all = false;
  let timer: { cancel(): void } | undefined;

  const schedule = (svcKey?: string) => {
    if (svcKey) pending.add(svcKey);
    else all = true;
    timer ??= clock.after(REACTION_MS, run, 'metallb-speaker');
  };

  api.watch('pods', undefined, (ev) => {
    if (isMetalLB(ev.object, 'speaker') || (ev.old && isMetalLB(ev.old, 'speaker'))) {
      if (ev.type === 'MODIFIED' && ev.old && isReady(ev.old) === isReady(ev.object) && ev.old.spec?.nodeName === ev.object.spec?.nodeName) return;
      schedule();
    }
  });
  api.watch('services', undefined, (ev) => schedule(`${ev.object.metadata.namespace}/${ev.object.metadata.name}`));
  api.watch('endpointslices', undefined, (ev) => {
    const svc = ev.object.metadata.labels?.['kubernetes.io/service-name'];
    if (svc) schedule(`${ev.object.metadata.namespace}/${svc}`);
  });
  api.watch('nodes', undefined, (ev) => {
    if (ev.type === 'MODIFIED' && ev.old && deepEqual(ev.old.metadata.labels, ev.object.metadata.labels)) return;
    schedule();
  });
  watchCustom(api, IPADDRESSPOOLS, () => schedule());
  watchCustom(api, L2ADVERTISEMENTS, () => schedule());

  function run(): void {
    timer = undefined;
    const speakerPods = api.list('pods', undefined, { labelSelector: 'app=metallb,component=speaker' }).filter((p) => isReady(p) && p.spec?.nodeName);
    const speakers = new Map<string, KubeObject>();
    for (const p of speakerPods) if (!speakers.has(p.spec.nodeName)) speakers.set(p.spec.nodeName, p);
    const ns = speakerPods[0]?.metadata.namespace ?? 'metallb-system';
    const keys = all ? undefined : [...pending];
    all = false;
    pending.clear();
    const services = keys
      ? keys.map((k) => api.tryGet('services', k.slice(0, k.indexOf('/')), k.slice(k.indexOf('/') + 1), { frozenResult: true }) ?? k)
      : [...api.list('services'), ...[...announced.keys()].filter((k) => !api.tryGet('services', k.slice(0, k.indexOf('/')), k.slice(k.indexOf('/') + 1)))];
    for (const s of services) {
      if (typeof s === 'string') withdraw(s, ns);
      else reconcile(s, speakers, ns);
    }
  }

  function reconcile(svc: KubeObject, speakers: Map<string, KubeObject>, ns: string): void {
    const k = `${svc.metadata.namespace}/${svc.metadata.name}`;
    const ip: string | undefined = svc.spec?.type === 'LoadBalancer' ? svc.status?.loadBalancer?.ingress?.[0]?.ip : undefined;
    const node = ip && speakers.size ? electL2Node(api, svc, ip, speakers, ns) : undefined;
    if (!node || !ip) {
      withdraw(k, ns);
      return;
    }
    const prev = announced.get(k);
    if (prev && (prev.node !== node || prev.ip !== ip)) withdraw(k, ns);
    announced.set(k, { node, ip });
    events.record(svc, 'Normal', 'nodeAssigned', `announcing from node "${node}" with protocol "layer2"`, SPEAKER_SOURCE);
    writeL2Status(svc, node, speakers.get(node)!, ns);
  }

  function withdraw(k: string, ns: string): void {
    const prev = announced.get(k);
    if (!prev) return;
    announced.delete(k);
    const [svcNs, svcName] = [k.slice(0, k.indexOf('/')), k.slice(k.indexOf('/') + 1)];
    for (const st of statusesFor(ns, svcNs, svcName)) {
      if (st.status?.node !== prev.node && st.metadata.labels?.['metallb.io/node'] !== prev.node) continue;
      try {
        api.delete(SERVICEL2STATUSES, ns, st.metadata.name);
      } catch (e) {
        if (!isApiError(e)) throw e;
      }
    }
  }

  function statusesFor(ns: string, svcNs: string, svcName: string): KubeObject[] {
    return listIfServed(api, SERVICEL2STATUSES, ns).filter((s) => s.metadata.labels?.['metallb.io/service-name'] === svcName && s.metadata.labels?.['metallb.io/service-namespace'] === svcNs);
  }

  /** Layer2StatusReconciler: a ServiceL2Status per announced Service, owned by the announcing speaker pod. */
  function writeL2Status(svc: KubeObject, node: string, pod: KubeObject, ns: string): void {
    if (!api.resolve(SERVICEL2STATUSES)) return;
    const svcNs = svc.metadata.namespace!;
    const svcName = svc.metadata.name;
    const want = { node, serviceName: svcName, serviceNamespace: svcNs };
    const existing = statusesFor(ns, svcNs, svcName)[0];
    try {
      if (existing) {
        if (deepEqual(existing.status, want) && existing.metadata.labels?.['metallb.io/node'] === node) return;
        api.patch(SERVICEL2STATUSES, ns, existing.metadata.name, (o) => {
          o.metadata.labels = { ...(o.metadata.labels ?? {}), 'metallb.io/node': node };
          o.metadata.ownerReferences = [{ apiVersion: 'v1', kind: 'Pod', name: pod.metadata.name, uid: pod.metadata.uid }];
          o.status = want;
        });
        return;
      }
      const created = api.create({
        apiVersion: 'metallb.io/v1beta1',
        kind: 'ServiceL2Status',
        metadata: {
          generateName: 'l2-',
          namespace: ns,
          labels: { 'metallb.io/node': node, 'metallb.io/service-name': svcName, 'metallb.io/service-namespace': svcNs },
          ownerReferences: [{ apiVersion: 'v1', kind: 'Pod', name: pod.metadata.name, uid: pod.metadata.uid }],
        },
      });
      api.updateStatus({ ...created, status: want });
    } catch (e) {
      if (!isApiError(e)) throw e;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// reachability (kube-proxy asks before routing a LoadBalancer address)

/**
 * Whether a packet to `ip` reaches a node. With MetalLB installed (its IPAddressPool CRD exists) only an
 * address a running speaker announces answers ARP (ServiceL2Status records who). Without MetalLB, an
 * address a LoadBalancer Service's status lists counts as reachable: a lab wrote it, standing in for a
 * cloud load balancer; otherwise nothing answers.
 */
export function metallbReachable(api: ApiServer, ip: string): boolean {
  const lbServices = api.list('services').filter((s) => s.spec?.type === 'LoadBalancer' && ((s.status?.loadBalancer?.ingress as any[] | undefined) ?? []).some((i) => i?.ip === ip));
  if (!lbServices.length) return false;
  if (!api.resolve(IPADDRESSPOOLS)) return true;
  if (!api.resolve(SERVICEL2STATUSES)) return false;
  for (const st of api.list(SERVICEL2STATUSES)) {
    const svc = lbServices.find((s) => s.metadata.name === st.status?.serviceName && s.metadata.namespace === st.status?.serviceNamespace);
    if (!svc || !st.status?.node) continue;
    const speaker = api.list('pods', st.metadata.namespace, { labelSelector: 'app=metallb,component=speaker', fieldSelector: `spec.nodeName=${st.status.node}` }).find(isReady);
    if (speaker) return true;
  }
  return false;
}
