import type { Cluster, ClusterOptions, VersionInfo } from './types.ts';
import type { Component, ComponentContext, EventRecorder } from './component.ts';
import { DEFAULT_START, createClock, createRandom } from './clock.ts';
import type { VirtualClock } from './clock.ts';
import { createEtcd } from './etcd.ts';
import { createApiServer } from './apiserver/index.ts';
import type { InternalApiServer } from './apiserver/index.ts';
import { createEventRecorder } from './events.ts';
import { createPodNetwork } from './network.ts';
import type { PodNetwork } from './network.ts';
import { createHosts } from './hosts/index.ts';
import type { MutableHosts } from './hosts/index.ts';
import { createImageCache } from './hosts/images.ts';
import type { ImageCache } from './hosts/images.ts';
import { createContainerStore, type ContainerStore } from './kubelet/containers.ts';
import { defaultComponents } from './controller-manager/index.ts';
import { SCHEDULER_NAME } from './scheduler/index.ts';
import type { Scheduler } from './scheduler/index.ts';
import { KUBEADM_HISTORY_MS, bootstrapEmpty, bootstrapKubeadm } from './bootstrap/index.ts';
import { createClusterNetwork, type SimClusterNetwork } from './kube-proxy/index.ts';
import { PROXY_PROGRAMS, loadBalancerReachable } from './addons/index.ts';
import { createInternet } from './internet/index.ts';
import { UPSTREAM_DNS } from './registry/index.ts';
import { createTraceRecorder, type TraceRecorder } from './trace/recorder.ts';
import { createControlPlane } from './bootstrap/control-plane-live.ts';
import type { ControlPlaneLifecycle } from './bootstrap/control-plane.ts';
import type { LiveControlPlane } from './bootstrap/control-plane-live.ts';

export const VERSION: VersionInfo = {
  major: '1',
  minor: '32',
  gitVersion: 'v1.32.4',
  gitCommit: '59526cd4867447956156ae3a602fcbac10a2c335',
  gitTreeState: 'clean',
  buildDate: '2025-04-22T16:01:56Z',
  goVersion: 'go1.23.6',
  compiler: 'gc',
  platform: 'linux/amd64',
};

export const SERVER_URL = 'https://10.0.2.15:6443';

/** Options beyond the public contract: which components run (tests start a cluster with none or a few). */
export interface CreateClusterOptions extends ClusterOptions {
  components?: Component[];
}

/** The cluster as src/cluster builds it: the public Cluster plus the parts labs and tests poke at. */
export interface SimCluster extends Cluster {
  readonly api: InternalApiServer;
  readonly clock: VirtualClock;
  readonly hosts: MutableHosts;
  readonly network: PodNetwork;
  readonly images: ImageCache;
  readonly events: EventRecorder;
  /** The nodes' container runtimes: logs, exec environments, HTTP answers. */
  readonly runtime: ContainerStore;
  /** Traffic: DNS, Service routing, port-forwards (see kube-proxy/index.ts). */
  readonly net: SimClusterNetwork;
  /** Start another component (a fault, a lab's extra controller) on the running cluster. */
  start(component: Component): void;
  /** The scheduler's view: why each pending pod was not placed, node by node (empty without a scheduler). */
  readonly scheduler: SchedulerView;
  /** Which component did what, and why (writes through `api` show as kubectl). */
  readonly trace: TraceRecorder;
  /** kubeadm init / join / reset on the machines (preset 'bare'; on the kubeadm preset it reports the cluster as initialized). */
  readonly controlPlane: ControlPlaneLifecycle;
}

/** What the scheduler tells about pods it could not place. */
export type SchedulerView = Pick<Scheduler, 'diagnosis' | 'diagnoses'>;

const NO_SCHEDULER: SchedulerView = { diagnosis: () => undefined, diagnoses: () => [] };
const isScheduler = (c: Component): c is Scheduler => c.name === SCHEDULER_NAME && typeof (c as Partial<Scheduler>).diagnosis === 'function';

const DEFAULT_HORIZON = 5 * 60 * 1000;
// Virtual time the components run before the start instant, to finish their initial sync.
const STARTUP_MS = 1000;
// A crash-looping pod never goes quiet; settle() stops after this much virtual time unless told otherwise.
const DEFAULT_MAX = 60 * 60 * 1000;

export function createCluster(opts: CreateClusterOptions = {}): SimCluster {
  const start = opts.startTime ?? DEFAULT_START;
  const preset = opts.preset ?? 'kubeadm';
  const kubeadm = preset === 'kubeadm';
  const clock = createClock(kubeadm ? start - KUBEADM_HISTORY_MS : start - STARTUP_MS);
  const random = createRandom(opts.seed ?? 1);
  const etcd = createEtcd(clock);
  const api = createApiServer({ etcd, clock, random });
  const hosts = createHosts(() => clock.now(), undefined, { bare: preset === 'bare' });
  const network = createPodNetwork();
  const images = createImageCache();
  const events = createEventRecorder(api, clock, random);
  const containers = createContainerStore(clock, random);
  // the API server's version follows what kubeadm initialized on a bare cluster (the kubeadm preset stays v1.32.4)
  let controlPlane: LiveControlPlane | undefined;
  const liveVersion = (): VersionInfo => controlPlane?.versionInfo ?? VERSION;
  const versionView = Object.defineProperties({}, Object.fromEntries(Object.keys(VERSION).map((k) => [k, { enumerable: true, get: () => liveVersion()[k as keyof VersionInfo] }]))) as VersionInfo;
  const net = createClusterNetwork({
    api,
    clock,
    // traffic draws from its own stream: a curl must not change the next pod's name
    random: createRandom((Math.imul(opts.seed ?? 1, 0x9e3779b1) + 0x6b7078) >>> 0),
    hosts,
    runtime: containers,
    version: versionView,
    proxyPrograms: PROXY_PROGRAMS,
    loadBalancerReachable,
    internet: createInternet({ now: () => clock.now() }),
    upstreamNames: UPSTREAM_DNS,
    revision: () => etcd.revision(),
    daemonRunning: preset === 'bare' ? (m, d) => controlPlane?.daemonRunning(m, d) ?? false : undefined,
  });
  const ctx: ComponentContext = { api, clock, random, events, hosts, network, images, containers, net };

  if (kubeadm) bootstrapKubeadm(ctx, clock, SERVER_URL);
  else if (preset === 'empty') bootstrapEmpty(ctx);
  controlPlane = createControlPlane(ctx, { preset });
  const lifecycle: ControlPlaneLifecycle = controlPlane;

  // each traced component writes through its own api and event recorder, named in the trace
  const trace = createTraceRecorder(clock, api);
  const ctxFor = (c: Component): ComponentContext => {
    const who = trace.whoIs(c.name);
    return who ? { ...ctx, api: trace.wrapApi(api, who), events: trace.wrapEvents(events, who), trace: trace.hooks(who) } : ctx;
  };
  const publicApi = trace.wrapApi(api, { actor: 'kubectl' });

  const listeners = new Set<() => void>();
  let notified = etcd.revision();
  const notify = () => {
    if (etcd.revision() === notified) return;
    notified = etcd.revision();
    for (const l of [...listeners]) l();
  };

  // Components come up a moment before the start instant, so their initial sync is history too.
  clock.setNow(start - STARTUP_MS);
  const components = opts.components ?? defaultComponents();
  let scheduler: SchedulerView = components.find(isScheduler) ?? NO_SCHEDULER;
  for (const c of components) c.start(ctxFor(c));
  clock.runDue();
  for (;;) {
    const next = clock.nextWorkAt();
    if (next === undefined || next > start) break;
    clock.setNow(next);
    clock.runDue();
  }
  clock.setNow(start);
  clock.runDue();
  notified = etcd.revision();

  const advanceTo = (target: number) => {
    clock.runDue();
    for (;;) {
      const next = clock.nextAt();
      if (next === undefined || next > target) break;
      clock.setNow(next);
      clock.runDue();
    }
    clock.setNow(target);
    clock.runDue();
  };

  const cluster: SimCluster = {
    api: publicApi,
    trace,
    clock,
    random,
    hosts,
    network,
    images,
    events,
    runtime: containers,
    net,
    controlPlane: lifecycle,
    get version() {
      return liveVersion();
    },
    serverUrl: SERVER_URL,
    advance(ms: number) {
      advanceTo(clock.now() + Math.max(0, ms));
      notify();
    },
    settle(o?: { horizonMs?: number; maxMs?: number }) {
      const horizon = o?.horizonMs ?? DEFAULT_HORIZON;
      const max = o?.maxMs ?? DEFAULT_MAX;
      const t0 = clock.now();
      clock.runDue();
      for (;;) {
        const next = clock.nextWorkAt();
        if (next === undefined || next - clock.now() > horizon) break;
        if (next - t0 > max) {
          advanceTo(t0 + max);
          break;
        }
        advanceTo(next);
      }
      notify();
      return clock.now() - t0;
    },
    idle() {
      const next = clock.nextAt();
      return next === undefined || next > clock.now();
    },
    onChange(listener: () => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    get scheduler() {
      return scheduler;
    },
    start(component: Component) {
      if (isScheduler(component)) scheduler = component;
      component.start(ctxFor(component));
    },
  };
  return cluster;
}
