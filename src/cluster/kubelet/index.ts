// The kubelet: one per node. It runs the pods bound to its node through the stage table in stages.ts,
// pulls images (serialised per node, like serializeImagePulls), hands out pod IPs through the CNI, writes
// pod status and events, and finishes graceful deletion by removing the pod object.
import type { Component, ComponentContext } from '../component.ts';
import type { KubeObject } from '../types.ts';
import { isApiError } from '../apiserver/errors.ts';
import { defaultPullPolicy } from '../apiserver/defaults.ts';
import { createRegistry, type ImageResolution, type Registry, type ResolvedImage } from '../registry/index.ts';
import { machinesOf } from '../hosts/index.ts';
import { STAGE_BY_NAME } from './stages.ts';
import { createContainerStore, type ContainerInstance, type ContainerStore } from './containers.ts';
import { startProcess } from './programs.ts';
import type { Step } from './sh.ts';
import { listenPorts } from './go-programs.ts';
import { containerEnv, containerFs, curlVersionOf, expandRefs, imageDetails } from './launch.ts';
import { buildStatus, refreshConditions, setCondition } from './status.ts';
import { rfc3339 } from '../controller-manager/workload.ts';
import { kubeletSaw } from '../trace/hooks.ts';
import { hasCniConfig, needsCni, networkNotReadyMessage } from '../bootstrap/cni.ts';
import { kubeletRuntime } from '../hosts/kubelet-unit.ts';
import {
  type ContainerRuntime,
  type PodRuntime,
  goDuration,
  inBackoff,
  nextBackoff,
  processLifetime,
} from './runtime.ts';

export { STAGES, type Stage } from './stages.ts';
export { goDuration, processLifetime } from './runtime.ts';
export { createContainerStore, type ContainerStore, type ContainerInstance } from './containers.ts';

export interface KubeletOptions {
  /** where images come from (default: the public catalogue) */
  registry?: Registry;
}

/** What the stage table may do to a pod (implemented by each node's kubelet). */
export interface KubeletOps {
  random(): number;
  changedStopDuration(rt: PodRuntime): number;
  changedStopped(rt: PodRuntime): string | undefined;
  accept(rt: PodRuntime): void;
  setupNetwork(rt: PodRuntime): boolean;
  sandboxReady(rt: PodRuntime): void;
  ensureImage(rt: PodRuntime): string | undefined;
  pullDuration(rt: PodRuntime): number;
  finishPull(rt: PodRuntime): string | undefined;
  pullBackoffSync(rt: PodRuntime): string | undefined;
  invalidImage(rt: PodRuntime): string | undefined;
  createContainer(rt: PodRuntime): string | undefined;
  startContainer(rt: PodRuntime): string | undefined;
  initRunTime(rt: PodRuntime): number;
  initDone(rt: PodRuntime): string | undefined;
  running(rt: PodRuntime): string | undefined;
  exitDelay(rt: PodRuntime): number;
  containerExited(rt: PodRuntime): string | undefined;
  crashBackoffDelay(rt: PodRuntime): number;
  restartContainer(rt: PodRuntime): string | undefined;
  stopDuration(rt: PodRuntime): number;
  containersStopped(rt: PodRuntime): string | undefined;
  remove(rt: PodRuntime): void;
}


/**
 * Kubelets for every node: one per Node object, present now or registered later. Each reports as
 * `kubelet` from its own host.
 */
export function kubelets(opts: KubeletOptions = {}): Component {
  return {
    name: 'kubelet',
    start(ctx) {
      const registry = opts.registry ?? pullsThroughNodes(ctx) ?? createRegistry();
      const store = ctx.containers ?? createContainerStore(ctx.clock, ctx.random);
      const running = new Map<string, NodeKubelet>();
      const ensure = (name: string) => {
        let k = running.get(name);
        if (!k) {
          running.set(name, (k = new NodeKubelet(ctx, name, registry, store)));
          k.startNodeMonitor();
        }
        return k;
      };
      for (const node of ctx.api.list('nodes')) ensure(node.metadata.name).adoptExisting();
      ctx.api.watch('nodes', undefined, (ev) => {
        if (ev.type === 'ADDED' && !running.has(ev.object.metadata.name)) ensure(ev.object.metadata.name).adoptExisting();
      });
      ctx.api.watch('pods', undefined, (ev) => {
        const node = ev.object.spec?.nodeName ?? ev.old?.spec?.nodeName;
        if (node && ctx.trace && running.has(node)) kubeletSaw(ctx.trace, ev, node);
        if (node) running.get(node)?.onPod(ev.type, ev.object);
      });
    },
  };
}

/** A single node's kubelet, for a node a lab adds by hand. */
export function kubelet(nodeName: string, opts: KubeletOptions = {}): Component {
  return {
    name: `kubelet-${nodeName}`,
    start(ctx) {
      const k = new NodeKubelet(ctx, nodeName, opts.registry ?? pullsThroughNodes(ctx) ?? createRegistry(), ctx.containers ?? createContainerStore(ctx.clock, ctx.random));
      k.adoptExisting();
      ctx.api.watch('pods', undefined, (ev) => {
        if (ctx.trace && ev.object.spec?.nodeName === nodeName) kubeletSaw(ctx.trace, ev, nodeName);
        if ((ev.object.spec?.nodeName ?? ev.old?.spec?.nodeName) === nodeName) k.onPod(ev.type, ev.object);
      });
    },
  };
}

/**
 * Pulls decided by each node's containerd (its config.toml, its /etc/hosts): a Registry whose
 * resolve() takes the node as its second argument's owner. Undefined when the hosts are plain.
 */
function pullsThroughNodes(ctx: ComponentContext): Registry | undefined {
  const machines = machinesOf(ctx.hosts);
  if (!machines) return undefined;
  return {
    resolve: (image, arch) => createRegistry().resolve(image, arch),
    resolveOn: (node: string, image: string, arch: string) => machines.registries.resolvePull(node, image, { architecture: arch }),
    add: (repo) => machines.registries.catalogue.add(repo),
    addHost: (host) => machines.registries.catalogue.addHost(host),
  } as Registry & { resolveOn(node: string, image: string, arch: string): ImageResolution };
}

interface PullPlan {
  requestedAt: number;
  start: number;
  duration: number;
  result: ImageResolution;
}

const between = (r: () => number, min: number, max: number) => min + Math.floor(r() * (max - min));

/** A main process held for an attached session: silent until the session ends it. */
function* heldProcess(): Generator<Step, number> {
  yield { kind: 'sleep', ms: Infinity };
  return 0;
}

class NodeKubelet implements KubeletOps {
  private readonly ctx: ComponentContext;
  private readonly node: string;
  private readonly registry: Registry;
  private readonly pods = new Map<string, PodRuntime>();
  private readonly pulls = new Map<string, PullPlan>();
  /** the image puller is busy until (serializeImagePulls) */
  private pullerFreeAt = 0;
  /** images whose pull is queued or under way on this node → when it completes */
  private readonly pullingUntil = new Map<string, number>();
  private nodeStatusTimer: { cancel(): void } | undefined;
  private readonly source: { component: string; host: string };
  private readonly store: ContainerStore;
  /** what each image in this node's store was pulled as (its program, config, architecture) */
  private readonly pulled = new Map<string, ResolvedImage>();

  constructor(ctx: ComponentContext, node: string, registry: Registry, store: ContainerStore) {
    this.ctx = ctx;
    this.node = node;
    this.registry = registry;
    this.store = store;
    this.source = { component: 'kubelet', host: node };
  }

  random(): number {
    return this.ctx.random.next();
  }

  private now(): number {
    return this.ctx.clock.now();
  }

  private hostIP(): string | undefined {
    const h = this.ctx.hosts.get(this.node)?.ip;
    if (h) return h;
    const n = this.ctx.api.tryGet('nodes', undefined, this.node, { frozenResult: true });
    return (n?.status?.addresses as any[] | undefined)?.find((a) => a.type === 'InternalIP')?.address;
  }

  /** A pull as this node's containerd would do it. */
  private resolve(image: string): ImageResolution {
    const r = this.registry as Registry & { resolveOn?(node: string, image: string, arch: string): ImageResolution };
    return r.resolveOn ? r.resolveOn(this.node, image, this.arch()) : r.resolve(image, this.arch());
  }

  private arch(): string {
    return this.ctx.api.tryGet('nodes', undefined, this.node, { frozenResult: true })?.status?.nodeInfo?.architecture ?? 'amd64';
  }

  // ---- pods arriving ----

  /** Pods already on the node when the kubelet starts: running ones are adopted as they are. */
  adoptExisting(): void {
    for (const pod of this.ctx.api.list('pods', undefined, { fieldSelector: `spec.nodeName=${this.node}` })) this.onPod('ADDED', pod);
  }

  onPod(type: string, pod: KubeObject): void {
    const uid = pod.metadata.uid;
    let rt = this.pods.get(uid);
    if (type === 'DELETED') {
      if (rt) this.forget(rt);
      this.store.forgetPod(pod.metadata.namespace ?? 'default', pod.metadata.name, uid);
      return;
    }
    if (pod.spec?.nodeName !== this.node) return;
    if (!rt) {
      const phase = pod.status?.phase;
      if ((phase === 'Succeeded' || phase === 'Failed') && !pod.metadata.deletionTimestamp) return;
      rt = this.newRuntime(pod);
      this.pods.set(uid, rt);
      if (phase === 'Running' || phase === 'Succeeded' || phase === 'Failed') {
        this.adopt(rt, pod);
      } else if (!pod.metadata.deletionTimestamp) {
        this.go(rt, 'accepted');
      }
    } else {
      rt.pod = pod;
      if (!pod.metadata.deletionTimestamp && rt.deletionSeen === undefined) this.specChanged(rt, pod);
    }
    if (pod.metadata.deletionTimestamp && rt.deletionSeen === undefined) this.beginKill(rt);
  }

  /**
   * `kubectl set image pod/…` (a container's image is the one mutable field that matters): the
   * container's spec hash changes, so a running one is killed and started again, and a waiting one
   * starts at once (pull and crash back-offs are keyed by image and spec hash, so the new one has none).
   */
  private specChanged(rt: PodRuntime, pod: KubeObject): void {
    const specs = new Map<string, any>();
    for (const s of [...((pod.spec?.initContainers as any[]) ?? []), ...((pod.spec?.containers as any[]) ?? [])]) specs.set(s.name, s);
    let kill = false;
    let retry: ContainerRuntime | undefined;
    for (const c of rt.containers) {
      const s = specs.get(c.name);
      if (!s || s.image === c.spec.image) continue;
      c.spec = s;
      if (c.init) continue;
      c.pullBackoff = undefined;
      c.crashBackoff = undefined;
      if (c.state === 'running') {
        c.definitionChanged = true;
        this.event(rt, 'Normal', 'Killing', `Container ${c.name} definition changed, will be restarted`, c);
        kill = true;
      } else retry ??= c;
    }
    if (kill) {
      if (rt.stage !== 'definition-changed') this.go(rt, 'definition-changed');
      return;
    }
    if (!retry) return;
    if (rt.stage === 'image-pull-backoff' || rt.stage === 'invalid-image') {
      if (rt.containers[rt.current] !== retry) return;
      rt.resyncs = 0;
      this.go(rt, 'ensure-image');
    } else if (rt.stage === 'crash-backoff') {
      rt.resyncs = 0;
      this.go(rt, 'crash-backoff');
    }
  }

  changedStopDuration(rt: PodRuntime): number {
    const r = () => this.random();
    const grace = (rt.pod.spec?.terminationGracePeriodSeconds ?? 30) * 1000;
    let longest = between(r, 40, 250);
    for (const c of rt.containers) if (c.definitionChanged && c.state === 'running') longest = Math.max(longest, Math.min(this.stopTime(c, grace, r), grace));
    return longest;
  }

  changedStopped(rt: PodRuntime): string | undefined {
    const now = this.now();
    const grace = (rt.pod.spec?.terminationGracePeriodSeconds ?? 30) * 1000;
    let first = -1;
    rt.containers.forEach((c, i) => {
      if (!c.definitionChanged) return;
      c.definitionChanged = false;
      if (c.state !== 'running') return;
      const inst = c.inst;
      const exited = inst?.exitAt !== undefined && inst.exitAt <= now;
      // SIGTERM (or the image's stop signal): servers end cleanly, JVMs with 143, shells only to SIGKILL
      const code = exited ? (inst!.exitWith ?? 0) : this.stopTime(c, grace, () => 0) >= grace ? 137 : inst?.program.kind === 'java-spring' || inst?.program.kind === 'java' ? 143 : 0;
      if (inst) this.store.stop(inst, code);
      c.state = 'terminated';
      c.exitCode = code;
      c.reason = code === 0 ? 'Completed' : 'Error';
      c.finishedAt = now;
      this.rememberTermination(c);
      c.restartCount++;
      c.state = 'waiting';
      c.reason = 'ContainerCreating';
      c.message = undefined;
      c.ready = false;
      c.started = false;
      c.inst = undefined;
      if (first < 0) first = i;
    });
    if (first < 0) return this.nextExit(rt) !== undefined ? 'container-exited' : 'running';
    refreshConditions(rt, now);
    this.writeStatus(rt);
    rt.current = first;
    return 'ensure-image';
  }

  private newRuntime(pod: KubeObject): PodRuntime {
    const containers: ContainerRuntime[] = [];
    for (const spec of (pod.spec?.initContainers as any[] | undefined) ?? []) containers.push(this.newContainer(spec, true));
    for (const spec of (pod.spec?.containers as any[] | undefined) ?? []) containers.push(this.newContainer(spec, false));
    return {
      uid: pod.metadata.uid,
      namespace: pod.metadata.namespace ?? 'default',
      name: pod.metadata.name,
      pod,
      stage: 'new',
      current: 0,
      containers,
      conditions: new Map(),
      phase: 'Pending',
      resyncs: 0,
    };
  }

  private newContainer(spec: any, init: boolean): ContainerRuntime {
    return { name: spec.name, spec, init, state: 'waiting', restartCount: 0, ready: false, started: false };
  }

  /** A pod that was running before this kubelet (bootstrap): keep its containers as they are. */
  private adopt(rt: PodRuntime, pod: KubeObject): void {
    rt.stage = 'running';
    rt.phase = pod.status?.phase ?? 'Running';
    rt.ip = pod.status?.podIP;
    rt.startTime = Date.parse(pod.status?.startTime ?? '') || this.now();
    const statuses = new Map<string, any>();
    for (const s of [...((pod.status?.initContainerStatuses as any[]) ?? []), ...((pod.status?.containerStatuses as any[]) ?? [])]) statuses.set(s.name, s);
    for (const c of rt.containers) {
      const s = statuses.get(c.name);
      c.containerID = s?.containerID;
      c.restartCount = s?.restartCount ?? 0;
      if (s?.state?.running) {
        c.state = 'running';
        c.started = true;
        c.ready = !!s.ready;
        c.startedAt = Date.parse(s.state.running.startedAt) || rt.startTime;
      } else if (s?.state?.terminated) {
        c.state = 'terminated';
        c.exitCode = s.state.terminated.exitCode;
        c.reason = s.state.terminated.reason;
        c.startedAt = Date.parse(s.state.terminated.startedAt) || rt.startTime;
        c.finishedAt = Date.parse(s.state.terminated.finishedAt) || rt.startTime;
      }
      const resolved = this.resolve(c.spec.image);
      if (resolved.ok) c.image = resolved;
      if (c.state === 'running') this.launch(rt, c, c.startedAt ?? rt.startTime);
    }
    for (const cond of (pod.status?.conditions as any[] | undefined) ?? []) {
      if (cond.type !== 'PodScheduled') rt.conditions.set(cond.type, [cond.status, Date.parse(cond.lastTransitionTime) || rt.startTime]);
    }
  }

  // ---- the stage machine ----

  private go(rt: PodRuntime, stageName: string): void {
    rt.timer?.cancel();
    rt.timer = undefined;
    const stage = STAGE_BY_NAME.get(stageName);
    if (!stage) throw new Error(`kubelet: no stage ${stageName}`);
    rt.stage = stageName;
    const delay = Math.max(0, stage.delay(rt, this));
    const background = stage.background?.(rt) ?? false;
    const fire = () => {
      rt.timer = undefined;
      if (this.pods.get(rt.uid) !== rt || rt.stage !== stageName) return;
      const next = stage.next(rt, this);
      if (next && this.pods.get(rt.uid) === rt) this.go(rt, next);
    };
    rt.timer = this.ctx.clock.after(delay, fire, `kubelet ${this.node} ${stageName} ${rt.name}`, { background });
  }

  private forget(rt: PodRuntime): void {
    rt.timer?.cancel();
    rt.timer = undefined;
    this.pods.delete(rt.uid);
    this.pulls.delete(rt.uid);
    this.ctx.network.release(rt.uid);
  }

  private writeStatus(rt: PodRuntime): void {
    if (this.pods.get(rt.uid) !== rt) return;
    try {
      // Status only: read the stored pod without copying it, and let the /status write share its spec.
      const cur = this.ctx.api.tryGet('pods', rt.namespace, rt.name, { frozenResult: true });
      if (!cur || cur.metadata.uid !== rt.uid) return this.forget(rt);
      rt.pod = this.ctx.api.updateStatus({ ...cur, status: buildStatus(rt, cur, this.hostIP()) }, { frozenResult: true });
    } catch (e) {
      if (isApiError(e) && e.reason === 'NotFound') return this.forget(rt);
      throw e;
    }
  }

  private event(rt: PodRuntime, type: 'Normal' | 'Warning', reason: string, message: string, c?: ContainerRuntime): void {
    const fieldPath = c ? `spec.${c.init ? 'initContainers' : 'containers'}{${c.name}}` : undefined;
    this.ctx.events.record(rt.pod, type, reason, message, this.source, fieldPath ? { fieldPath } : undefined);
  }

  private cur(rt: PodRuntime): ContainerRuntime {
    return rt.containers[rt.current]!;
  }

  // ---- stage actions ----

  accept(rt: PodRuntime): void {
    const now = this.now();
    rt.startTime = now;
    rt.phase = 'Pending';
    const hasInit = rt.containers.some((c) => c.init);
    for (const c of rt.containers) c.reason = hasInit && !c.init ? 'PodInitializing' : 'ContainerCreating';
    setCondition(rt, 'PodReadyToStartContainers', 'False', now);
    refreshConditions(rt, now);
    this.writeStatus(rt);
  }

  setupNetwork(rt: PodRuntime): boolean {
    const down = this.runtimeDown();
    if (down) {
      // RunPodSandbox fails while containerd is down; the pod stays ContainerCreating
      rt.resyncs++;
      this.event(rt, 'Warning', 'FailedCreatePodSandBox', `Failed to create pod sandbox: ${down}`);
      return false;
    }
    const net = rt.pod.spec?.hostNetwork ? undefined : this.networkNotReady();
    if (net) {
      // no CNI config on this node: the kubelet will not create a sandbox that needs the pod network
      rt.resyncs++;
      this.event(rt, 'Warning', 'NetworkNotReady', `network is not ready: ${net}`);
      return false;
    }
    rt.resyncs = 0;
    rt.ip = this.ctx.network.allocate(this.node, rt.uid);
    return true;
  }

  /** The runtime's network status while a kubeadm-configured machine has no CNI config, else undefined. */
  private networkNotReady(): string | undefined {
    const fs = machinesOf(this.ctx.hosts)?.machine(this.node)?.fs;
    if (!fs || !needsCni(fs) || hasCniConfig(fs)) return undefined;
    return networkNotReadyMessage(this.ctx.api.tryGet('nodes', undefined, this.node, { frozenResult: true }));
  }

  /** The CRI error while this node's runtime (containerd, or Docker through dockershim before 1.24) is not serving, else undefined. */
  private runtimeDown(): string | undefined {
    const machine = machinesOf(this.ctx.hosts)?.machine(this.node);
    const kubeletPkg = machine?.os.packages.installed('kubelet');
    // the notes' 1.21 kubelet talks to Docker itself (dockershim); containerd's CRI plugin does not matter then
    if (machine && kubeletPkg && kubeletRuntime(machine, kubeletPkg.version)?.runtime === 'docker') {
      return machine.unit('docker')?.running ? undefined : 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?';
    }
    const cd = machine?.containerd;
    if (!cd) return undefined;
    if (!cd.running) return 'rpc error: code = Unavailable desc = connection error: desc = "transport: Error while dialing: dial unix /run/containerd/containerd.sock: connect: no such file or directory"';
    if (cd.criError) return 'rpc error: code = Unimplemented desc = unknown service runtime.v1.RuntimeService';
    return undefined;
  }

  /**
   * Node status as this kubelet posts it: Ready follows the container runtime (checked every 10s,
   * nodeStatusUpdateFrequency, while something is wrong); with the kubelet stopped, the node
   * controller's 40s grace period turns the conditions Unknown. Healthy nodes keep no timers: a
   * unit's start/stop/restart wakes the monitor.
   */
  startNodeMonitor(): void {
    const machine = machinesOf(this.ctx.hosts)?.machine(this.node);
    if (!machine) return;
    let lastPost = this.now();
    let timer: { cancel(): void } | undefined;
    const schedule = (ms: number, background = true) => {
      timer?.cancel();
      timer = this.ctx.clock.after(ms, tick, `kubelet ${this.node} node status`, { background });
    };
    const tick = () => {
      timer = undefined;
      const kubeletUp = machine.unit('kubelet')?.running ?? true;
      const down = this.runtimeDown();
      const n = this.ctx.api.tryGet('nodes', undefined, this.node, { frozenResult: true });
      if (!n) return;
      const now = this.now();
      let ready: { status: string; reason: string; message: string } | undefined;
      if (kubeletUp) {
        lastPost = now;
        const net = down ? undefined : this.networkNotReady();
        ready = down ? { status: 'False', reason: 'KubeletNotReady', message: 'container runtime is down' } : net ? { status: 'False', reason: 'KubeletNotReady', message: net } : { status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' };
      } else if (now - lastPost >= 40_000) {
        // the node controller's grace period: no heartbeat for 40s makes the kubelet's conditions Unknown
        ready = { status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' };
      }
      const conds = (n.status?.conditions as any[] | undefined) ?? [];
      const cur = conds.find((c) => c.type === 'Ready');
      if (ready && cur && (cur.status !== ready.status || cur.message !== ready.message)) {
        const t = rfc3339(now);
        const r = ready;
        const next = conds.map((c) => {
          if (c.type === 'NetworkUnavailable') return c;
          if (c.type === 'Ready') return { ...c, status: r.status, reason: r.reason, message: r.message, lastHeartbeatTime: kubeletUp ? t : c.lastHeartbeatTime, lastTransitionTime: t };
          if (r.status === 'Unknown') return { ...c, status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.', lastTransitionTime: t };
          if (c.status === 'Unknown') {
            const healthy: Record<string, [string, string]> = {
              MemoryPressure: ['KubeletHasSufficientMemory', 'kubelet has sufficient memory available'],
              DiskPressure: ['KubeletHasNoDiskPressure', 'kubelet has no disk pressure'],
              PIDPressure: ['KubeletHasSufficientPID', 'kubelet has sufficient PID available'],
            };
            const [reason, message] = healthy[c.type] ?? [c.reason, c.message];
            return { ...c, status: 'False', reason, message, lastHeartbeatTime: t, lastTransitionTime: t };
          }
          return c;
        });
        try {
          this.ctx.api.updateStatus({ ...n, status: { ...n.status, conditions: next } }, { frozenResult: true });
        } catch (e) {
          if (!isApiError(e)) throw e;
        }
      }
      // keep watching only while the node is not plainly healthy
      if (!kubeletUp || down || this.networkNotReady()) schedule(10_000);
    };
    let wasUp = machine.unit('kubelet')?.running ?? true;
    const wake = () => {
      const up = machine.unit('kubelet')?.running ?? true;
      // a healthy kubelet posted status every 10s: its last heartbeat was shortly before it stopped
      if (wasUp && !up) lastPost = this.now() - between(() => this.random(), 0, 10_000);
      wasUp = up;
      if (!timer) schedule(machine.unit('kubelet')?.running === false ? 10_000 : between(() => this.random(), 1000, 10_000));
    };
    for (const name of ['containerd', 'kubelet']) {
      const unit = machine.unit(name) as unknown as Record<string, unknown> | undefined;
      if (!unit) continue;
      for (const m of ['start', 'stop', 'restart']) {
        const orig = unit[m];
        if (typeof orig !== 'function') continue;
        // units have no change hook: wrap their verbs so a stop or start reaches the node status
        unit[m] = (...args: unknown[]) => {
          const r = (orig as (...a: unknown[]) => unknown).apply(unit, args);
          wake();
          return r;
        };
      }
    }
    if ((machine.unit('kubelet')?.running ?? true) === false || this.runtimeDown() || this.networkNotReady()) schedule(10_000);
    // a CNI config appears when the network add-on's pod starts here: the next status post (within 10s) says Ready
    let cniWake = false;
    this.ctx.api.watch('pods', undefined, (ev) => {
      if (cniWake || ev.object.spec?.nodeName !== this.node || ev.type === 'DELETED') return;
      const n = this.ctx.api.tryGet('nodes', undefined, this.node, { frozenResult: true });
      const ready = ((n?.status?.conditions as any[] | undefined) ?? []).find((c) => c.type === 'Ready');
      if (!ready || ready.status !== 'False' || !/NetworkReady=false/.test(ready.message ?? '') || this.networkNotReady()) return;
      cniWake = true;
      schedule(between(() => this.random(), 1000, 10_000), false);
      this.ctx.clock.after(0, () => (cniWake = false), `kubelet ${this.node} cni wake`, { background: true });
    });
  }

  sandboxReady(rt: PodRuntime): void {
    if (rt.pod.spec?.hostNetwork) rt.ip = this.hostIP();
    setCondition(rt, 'PodReadyToStartContainers', 'True', this.now());
    rt.current = 0;
    this.writeStatus(rt);
  }

  ensureImage(rt: PodRuntime): string | undefined {
    const c = this.cur(rt);
    const image: string = c.spec.image ?? '';
    const now = this.now();
    const res = this.resolve(image);
    if (!res.ok && res.reason === 'InvalidImageName') {
      c.reason = 'InvalidImageName';
      c.message = res.message;
      rt.resyncs = 0;
      return 'invalid-image';
    }
    const policy: string = c.spec.imagePullPolicy ?? defaultPullPolicy(image);
    const cached = this.ctx.images.get(this.node, image);
    if (cached && policy !== 'Always') {
      c.image = this.pulled.get(cached.ref) ?? (res.ok ? res : this.fromCache(image, cached));
      this.event(rt, 'Normal', 'Pulled', `Container image "${image}" already present on machine`, c);
      return 'create-container';
    }
    if (policy === 'Never') {
      c.reason = 'ErrImageNeverPull';
      c.message = `Container image "${image}" is not present with pull policy of Never`;
      rt.resyncs = 0;
      return 'invalid-image';
    }
    this.event(rt, 'Normal', 'Pulling', `Pulling image "${image}"`, c);
    const r = () => this.random();
    const key = res.ok ? res.imageName : image;
    const start = Math.max(now, this.pullerFreeAt);
    const layersHere = !!cached || (this.pullingUntil.get(key) ?? -1) >= now;
    let duration: number;
    if (!res.ok) duration = between(r, 250, 1400);
    else if (layersHere) duration = between(r, 250, 900);
    else duration = between(r, 400, 900) + Math.round((res.size / between(r, 18_000_000, 40_000_000)) * 1000);
    this.pullerFreeAt = start + duration;
    if (res.ok) this.pullingUntil.set(key, Math.max(this.pullingUntil.get(key) ?? 0, start + duration));
    this.pulls.set(rt.uid, { requestedAt: now, start, duration, result: res });
    return 'pulling';
  }

  private fromCache(image: string, cached: { ref: string; repoDigest: string; sizeBytes: number }): ResolvedImage {
    const at = cached.repoDigest.indexOf('@');
    return {
      ok: true,
      ref: { raw: image, domain: '', path: '', repository: cached.repoDigest.slice(0, at), canonical: cached.ref },
      imageName: cached.ref,
      imageID: cached.repoDigest,
      digest: cached.repoDigest.slice(at + 1),
      size: cached.sizeBytes,
      behaviour: { stop: [80, 400] },
    };
  }

  pullDuration(rt: PodRuntime): number {
    const p = this.pulls.get(rt.uid);
    return p ? p.start + p.duration - this.now() : 0;
  }

  finishPull(rt: PodRuntime): string | undefined {
    const c = this.cur(rt);
    const image: string = c.spec.image ?? '';
    const p = this.pulls.get(rt.uid);
    this.pulls.delete(rt.uid);
    const res = p?.result ?? this.resolve(image);
    const now = this.now();
    if (res.ok) {
      const added = this.ctx.images.add(this.node, image, res.digest, res.size);
      this.pulled.set(added.ref, res);
      this.scheduleNodeStatus();
      c.image = res;
      c.pullBackoff = undefined;
      const took = goDuration(p?.duration ?? 0);
      const total = goDuration(now - (p?.requestedAt ?? now));
      this.event(rt, 'Normal', 'Pulled', `Successfully pulled image "${image}" in ${took} (${total} including waiting). Image size: ${res.size} bytes.`, c);
      return 'create-container';
    }
    c.pullError = res.message;
    c.reason = 'ErrImagePull';
    c.message = res.message;
    c.pullBackoff = nextBackoff(c.pullBackoff, now);
    this.event(rt, 'Warning', 'Failed', `Failed to pull image "${image}": ${res.message}`, c);
    this.event(rt, 'Warning', 'Failed', 'Error: ErrImagePull', c);
    this.writeStatus(rt);
    rt.resyncs = 0;
    return 'image-pull-backoff';
  }

  pullBackoffSync(rt: PodRuntime): string | undefined {
    rt.resyncs++;
    const c = this.cur(rt);
    const image: string = c.spec.image ?? '';
    if (!inBackoff(c.pullBackoff, this.now())) return 'ensure-image';
    this.event(rt, 'Normal', 'BackOff', `Back-off pulling image "${image}"`, c);
    this.event(rt, 'Warning', 'Failed', 'Error: ImagePullBackOff', c);
    const changed = c.reason !== 'ImagePullBackOff';
    c.reason = 'ImagePullBackOff';
    c.message = `Back-off pulling image "${image}": ErrImagePull: ${c.pullError ?? ''}`;
    if (changed) this.writeStatus(rt);
    return 'image-pull-backoff';
  }

  invalidImage(rt: PodRuntime): string | undefined {
    const first = rt.resyncs === 0;
    rt.resyncs++;
    const c = this.cur(rt);
    if (c.reason === 'ErrImageNeverPull') {
      this.event(rt, 'Warning', 'ErrImageNeverPull', c.message ?? '', c);
      this.event(rt, 'Warning', 'Failed', 'Error: ErrImageNeverPull', c);
    } else {
      this.event(rt, 'Warning', 'InspectFailed', c.message ?? '', c);
      this.event(rt, 'Warning', 'Failed', 'Error: InvalidImageName', c);
    }
    if (first) this.writeStatus(rt);
    return 'invalid-image';
  }

  createContainer(rt: PodRuntime): string | undefined {
    const c = this.cur(rt);
    c.containerID = `containerd://${this.ctx.random.hex(64)}`;
    this.event(rt, 'Normal', 'Created', `Created container ${c.name}`, c);
    return 'start-container';
  }

  /** Create the container's instance: its file system, environment and process. */
  private launch(rt: PodRuntime, c: ContainerRuntime, startedAt = this.now()): { ok: true; inst: ContainerInstance } | { ok: false; message: string } {
    const details = imageDetails(c.image, c.spec.image ?? '');
    const node = this.ctx.api.tryGet('nodes', undefined, this.node, { frozenResult: true });
    const facts = { pod: rt.pod, podIP: rt.ip ?? '', hostIP: this.hostIP() ?? '', node: this.node };
    const env = containerEnv(this.ctx.api, facts, c.spec, details.config);
    const nodeFs = this.ctx.hosts.get(this.node)?.fs;
    const read = (path: string) => {
      try {
        return nodeFs?.read(path) ?? '';
      } catch {
        return '';
      }
    };
    const fs = containerFs(() => this.now(), details, facts, { resolvConf: read('/etc/resolv.conf'), hosts: read('/etc/hosts') });
    const net = this.ctx.net;
    const exp = (a: unknown) => expandRefs(String(a), env);
    const outcome = startProcess({
      repository: details.repository,
      tag: details.tag,
      version: details.version,
      program: details.program,
      config: details.config,
      distro: details.distro,
      imageArch: details.architecture ?? this.arch(),
      nodeArch: this.arch(),
      command: (c.spec.command as unknown[] | undefined)?.map(exp),
      args: (c.spec.args as unknown[] | undefined)?.map(exp),
      env,
      fs,
      hostname: env.HOSTNAME ?? rt.name,
      kernel: node?.status?.nodeInfo?.kernelVersion ?? '3.10.0-1160.el7.x86_64',
      cpus: Number(node?.status?.capacity?.cpu ?? 2) || 2,
      now: () => inst?.cursor ?? startedAt,
      random: () => this.random(),
      ...(net ? { net: { net, from: { kind: 'pod' as const, namespace: rt.namespace, pod: rt.name }, curlVersion: curlVersionOf(details), nslookup: details.distro === 'busybox' || details.distro === 'alpine' ? ('busybox' as const) : ('bind' as const) } } : {}),
    });
    if (!outcome.ok) return outcome;
    // stdin open (kubectl run -i): a shell or a named command reads the attached session, which runs it
    const named = !!((c.spec.command as unknown[] | undefined)?.length || (c.spec.args as unknown[] | undefined)?.length);
    const holds = c.spec.stdin === true && (details.architecture ?? this.arch()) === this.arch() && (named || details.program.kind === 'shell');
    let inst: ContainerInstance | undefined;
    inst = this.store.add({
      id: (c.containerID ?? '').replace(/^containerd:\/\//, ''),
      podUid: rt.uid,
      namespace: rt.namespace,
      pod: rt.name,
      container: c.name,
      node: this.node,
      startedAt,
      fs,
      env,
      // flags such as http-echo's `-listen=:8080` move the port the process listens on
      program: { ...details.program, ports: listenPorts(details.program, outcome.argv, env) ?? details.program.ports },
      config: details.config,
      distro: details.distro,
      hostname: env.HOSTNAME ?? rt.name,
      podIP: rt.ip ?? '',
      version: details.version,
      argv: outcome.argv,
      processes: outcome.processes,
      gen: holds ? heldProcess() : outcome.run,
      held: holds,
      onExitKnown: () => this.kick(rt),
    }, (i) => (inst = i));
    c.inst = inst;
    return { ok: true, inst };
  }

  /** A process's exit became known after the stage machine went to rest: schedule it. */
  private kick(rt: PodRuntime): void {
    if (this.pods.get(rt.uid) !== rt || rt.deletionSeen !== undefined) return;
    if (rt.stage === 'running' && !rt.timer) this.go(rt, 'container-exited');
    else if (rt.stage === 'container-exited') this.go(rt, 'container-exited');
    else if (rt.stage === 'init-running') this.go(rt, 'init-running');
  }

  startContainer(rt: PodRuntime): string | undefined {
    const c = this.cur(rt);
    const now = this.now();
    const launched = this.launch(rt, c, now);
    if (!launched.ok) {
      // runc could not exec the command: the task fails, containerd reports exit 128 StartError
      this.event(rt, 'Warning', 'Failed', `Error: ${launched.message}`, c);
      c.state = 'terminated';
      c.started = false;
      c.startedAt = 0;
      c.finishedAt = now;
      c.exitCode = 128;
      c.reason = 'StartError';
      c.message = launched.message;
      c.inst = undefined;
      c.startFailed = true;
      return 'container-exited';
    }
    c.state = 'running';
    c.started = true;
    c.startedAt = now;
    c.reason = undefined;
    c.message = undefined;
    c.exitCode = undefined;
    c.finishedAt = undefined;
    this.event(rt, 'Normal', 'Started', `Started container ${c.name}`, c);
    if (c.init) {
      // the running init container shows in the status (Init:0/1)
      this.writeStatus(rt);
      return 'init-running';
    }
    return this.nextContainer(rt);
  }

  private nextContainer(rt: PodRuntime): string {
    // containers the pod worker still has to start (first start, or restarts after a crash)
    const i = rt.containers.findIndex((c, idx) => idx > rt.current && c.state === 'waiting' && !c.crashBackoff);
    if (i >= 0) {
      rt.current = i;
      return 'ensure-image';
    }
    return 'running';
  }

  initRunTime(rt: PodRuntime): number {
    const c = this.cur(rt);
    const at = c.inst?.exitAt;
    // still running (a long or endless init container): look again when the run-ahead has gone further
    return at !== undefined ? at - this.now() : 10 * 60 * 1000;
  }

  initDone(rt: PodRuntime): string | undefined {
    const c = this.cur(rt);
    const now = this.now();
    const inst = c.inst;
    if (c.startFailed) {
      c.startFailed = false;
    } else {
      if (!inst || inst.exitAt === undefined || inst.exitAt > now) return 'init-running';
      this.store.exited(inst);
      c.exitCode = inst.exitCode ?? 0;
      c.reason = c.exitCode === 0 ? 'Completed' : 'Error';
    }
    c.state = 'terminated';
    c.finishedAt = now;
    c.ready = c.exitCode === 0;
    if (c.exitCode !== 0) {
      rt.phase = rt.pod.spec?.restartPolicy === 'Never' ? 'Failed' : 'Pending';
      refreshConditions(rt, now);
      this.writeStatus(rt);
      return undefined;
    }
    refreshConditions(rt, now);
    const apps = rt.containers.filter((x) => !x.init);
    if (rt.containers.slice(rt.current + 1).some((x) => x.init)) {
      rt.current++;
    } else {
      for (const a of apps) a.reason = 'ContainerCreating';
      rt.current = rt.containers.indexOf(apps[0]!);
    }
    this.writeStatus(rt);
    return 'ensure-image';
  }

  running(rt: PodRuntime): string | undefined {
    const now = this.now();
    const apps = rt.containers.filter((c) => !c.init);
    rt.phase = apps.some((c) => c.state === 'running') ? 'Running' : rt.phase;
    // readiness: a container without a readiness probe is ready once started
    for (const c of apps) if (c.state === 'running') c.ready = true;
    refreshConditions(rt, now);
    this.writeStatus(rt);
    return this.nextExit(rt) !== undefined ? 'container-exited' : undefined;
  }

  private exitOf(c: ContainerRuntime): number | undefined {
    if (c.init) return undefined;
    if (c.startFailed) return c.finishedAt;
    return c.state === 'running' ? c.inst?.exitAt : undefined;
  }

  private nextExit(rt: PodRuntime): number | undefined {
    let at: number | undefined;
    for (const c of rt.containers) {
      const e = this.exitOf(c);
      if (e !== undefined && (at === undefined || e < at)) at = e;
    }
    return at;
  }

  exitDelay(rt: PodRuntime): number {
    return (this.nextExit(rt) ?? this.now()) - this.now();
  }

  containerExited(rt: PodRuntime): string | undefined {
    const now = this.now();
    const policy = rt.pod.spec?.restartPolicy ?? 'Always';
    let restart = false;
    let exited = false;
    for (const c of rt.containers) {
      const e = this.exitOf(c);
      if (e === undefined || e > now) continue;
      exited = true;
      if (c.startFailed) {
        c.startFailed = false;
      } else {
        const inst = c.inst!;
        this.store.exited(inst);
        c.state = 'terminated';
        c.exitCode = inst.exitCode ?? 0;
        c.reason = c.exitCode === 0 ? 'Completed' : 'Error';
        c.message = undefined;
        c.finishedAt = inst.finishedAt ?? now;
      }
      c.ready = false;
      if (policy === 'Always' || (policy === 'OnFailure' && c.exitCode !== 0)) {
        restart = true;
        if (c.reason === 'StartError') {
          // the reason cache: the failed start shows as waiting RunContainerError until the next sync
          this.rememberTermination(c);
          c.state = 'waiting';
          c.reason = 'RunContainerError';
        }
      }
    }
    if (!exited) return this.nextExit(rt) !== undefined ? 'container-exited' : undefined;
    const apps = rt.containers.filter((c) => !c.init);
    if (!restart && apps.every((c) => c.state === 'terminated')) {
      rt.phase = apps.every((c) => c.exitCode === 0) ? 'Succeeded' : 'Failed';
      setCondition(rt, 'PodReadyToStartContainers', 'False', now);
    }
    refreshConditions(rt, now);
    this.writeStatus(rt);
    if (restart) {
      rt.resyncs = 0;
      return 'crash-backoff';
    }
    return this.nextExit(rt) !== undefined ? 'container-exited' : undefined;
  }

  private crashed(rt: PodRuntime): ContainerRuntime | undefined {
    return (
      rt.containers.find((c) => !c.init && c.state === 'terminated') ??
      rt.containers.find((c) => !c.init && (c.reason === 'CrashLoopBackOff' || c.reason === 'RunContainerError'))
    );
  }

  crashBackoffDelay(rt: PodRuntime): number {
    const c = this.crashed(rt);
    const r = () => this.random();
    // the first sync after an exit comes from the runtime's event (PLEG relist); later ones from the worker's resync
    if (!c || rt.resyncs === 0 || !inBackoff(c.crashBackoff, this.now())) return between(r, 300, 1000);
    const remaining = c.crashBackoff!.lastUpdate + c.crashBackoff!.period - this.now();
    return Math.min(remaining + between(r, 0, 1000), between(r, 10_000, 15_000));
  }

  restartContainer(rt: PodRuntime): string | undefined {
    rt.resyncs++;
    const c = this.crashed(rt);
    if (!c) return undefined;
    const now = this.now();
    if (inBackoff(c.crashBackoff, now)) {
      const msg = `back-off ${goDuration(c.crashBackoff!.period)} restarting failed container=${c.name} pod=${rt.name}_${rt.namespace}(${rt.uid})`;
      this.event(rt, 'Warning', 'BackOff', `Back-off restarting failed container ${c.name} in pod ${rt.name}_${rt.namespace}(${rt.uid})`, c);
      if (c.state === 'terminated') {
        this.rememberTermination(c);
        c.state = 'waiting';
      }
      const changed = c.reason !== 'CrashLoopBackOff' || c.message !== msg;
      c.reason = 'CrashLoopBackOff';
      c.message = msg;
      if (changed) this.writeStatus(rt);
      return 'crash-backoff';
    }
    c.crashBackoff = nextBackoff(c.crashBackoff, now);
    if (c.state === 'terminated') this.rememberTermination(c);
    c.restartCount++;
    c.state = 'waiting';
    c.reason = undefined;
    c.message = undefined;
    rt.current = rt.containers.indexOf(c);
    return 'ensure-image';
  }

  private rememberTermination(c: ContainerRuntime): void {
    c.lastTerminated = {
      exitCode: c.exitCode ?? 0,
      reason: c.reason ?? 'Completed',
      startedAt: c.startedAt ?? 0,
      finishedAt: c.finishedAt ?? 0,
      containerID: c.containerID ?? '',
      ...(c.reason === 'StartError' && c.message ? { message: c.message } : {}),
    };
  }

  // ---- deletion ----

  private beginKill(rt: PodRuntime): void {
    rt.deletionSeen = this.now();
    for (const c of rt.containers) {
      if (c.state === 'running') this.event(rt, 'Normal', 'Killing', `Stopping container ${c.name}`, c);
    }
    this.pulls.delete(rt.uid);
    this.go(rt, 'killing');
  }

  stopDuration(rt: PodRuntime): number {
    const r = () => this.random();
    const grace = (rt.pod.metadata.deletionGracePeriodSeconds ?? rt.pod.spec?.terminationGracePeriodSeconds ?? 30) * 1000;
    let longest = between(r, 40, 250);
    for (const c of rt.containers) {
      if (c.state !== 'running') continue;
      const ms = this.stopTime(c, grace, r);
      (c as any).killedBySignal = ms >= grace;
      longest = Math.max(longest, Math.min(ms, grace));
    }
    return longest;
  }

  private stopTime(c: ContainerRuntime, grace: number, r: () => number): number {
    const inst = c.inst;
    const now = this.now();
    // a process that ends by itself before the signal matters
    if (inst?.exitAt !== undefined && inst.exitAt - now < grace) return Math.max(0, inst.exitAt - now) + 1;
    const pid1 = (inst?.processes[0]?.command ?? '').split(' ')[0]!.split('/').pop()!;
    // a shell or sleep as PID 1 has no SIGTERM handler: the runtime kills it when the grace period ends
    if (['sh', 'bash', 'ash', 'sleep', 'tail'].includes(pid1)) return grace;
    const b = c.image?.behaviour;
    if (b?.stop === 'grace') return grace;
    if (inst?.program.kind === 'java-spring' || inst?.program.kind === 'java') return between(r, 800, 2500);
    const [min, max] = b?.stop ?? [80, 400];
    return between(r, min, max);
  }

  containersStopped(rt: PodRuntime): string | undefined {
    const now = this.now();
    for (const c of rt.containers) {
      if (c.state !== 'running') continue;
      const killed = !!(c as any).killedBySignal;
      const inst = c.inst;
      let code = killed ? 137 : 0;
      if (!killed && inst?.exitAt !== undefined && inst.exitAt <= now) code = inst.exitWith ?? 0;
      else if (!killed && (inst?.program.kind === 'java-spring' || inst?.program.kind === 'java')) code = 143;
      if (inst) this.store.stop(inst, code);
      c.state = 'terminated';
      c.exitCode = code;
      c.reason = code === 0 ? 'Completed' : 'Error';
      c.finishedAt = now;
      c.ready = false;
    }
    const apps = rt.containers.filter((c) => !c.init);
    if (apps.length > 0 && apps.every((c) => c.state === 'terminated')) {
      rt.phase = apps.every((c) => c.exitCode === 0) ? 'Succeeded' : 'Failed';
    }
    setCondition(rt, 'PodReadyToStartContainers', 'False', now);
    if (rt.conditions.size > 1) refreshConditions(rt, now);
    if (rt.startTime !== undefined) this.writeStatus(rt);
    this.ctx.network.release(rt.uid);
    return 'remove';
  }

  remove(rt: PodRuntime): void {
    try {
      const cur = this.ctx.api.tryGet('pods', rt.namespace, rt.name, { frozenResult: true });
      if (cur && cur.metadata.uid === rt.uid) this.ctx.api.delete('pods', rt.namespace, rt.name, { gracePeriodSeconds: 0 });
    } catch (e) {
      if (!isApiError(e)) throw e;
    }
    this.forget(rt);
  }

  // ---- node status ----

  /** After a pull, node status.images lists the new image (what the scheduler's ImageLocality reads). */
  private scheduleNodeStatus(): void {
    if (this.nodeStatusTimer) return;
    this.nodeStatusTimer = this.ctx.clock.after(0, () => {
      this.nodeStatusTimer = undefined;
      try {
        const n = this.ctx.api.tryGet('nodes', undefined, this.node, { frozenResult: true });
        if (n) this.ctx.api.updateStatus({ ...n, status: { ...(n.status ?? {}), images: this.ctx.images.nodeStatusImages(this.node) } }, { frozenResult: true });
      } catch (e) {
        if (!isApiError(e)) throw e;
      }
    }, `kubelet ${this.node} node status`);
  }
}
