import type { ApiServer, Clock, ClusterNetwork, Hosts, KubeObject, Random } from './types.ts';
import type { PodNetwork } from './network.ts';
import type { ImageCache } from './hosts/images.ts';
import type { ContainerStore } from './kubelet/containers.ts';
import type { TraceHooks } from './trace/recorder.ts';

/** Who reported an event: `default-scheduler`, `kubelet` (+ host), `deployment-controller`, ... */
export interface EventSource {
  component: string;
  host?: string;
}

/** Records core/v1 Events the way client-go's recorder does: same object+reason+message within 10 min bumps count/lastTimestamp. */
export interface EventRecorder {
  record(involved: KubeObject, type: 'Normal' | 'Warning', reason: string, message: string, source: EventSource, opts?: { fieldPath?: string }): void;
}

/** What every control-plane or node component is started with. All of them talk only to `api`. */
export interface ComponentContext {
  api: ApiServer;
  clock: Clock;
  random: Random;
  events: EventRecorder;
  hosts: Hosts;
  /** Pod IP address management (weave-net's per-node ranges). */
  network: PodNetwork;
  /** Each node's container image store (what is already pulled). */
  images: ImageCache;
  /** The nodes' container instances: processes, logs, root file systems (the kubelet creates one if absent). */
  containers?: ContainerStore;
  /** The cluster's traffic (kube-proxy, DNS): what a container's own wget or curl reaches. */
  net?: ClusterNetwork;
  /** The control-plane trace: why this component's next write happens, what it saw (absent when untraced). */
  trace?: TraceHooks;
}

/**
 * A component (controller, scheduler, kubelet, ...). `start` registers watches and timers.
 * Watch handlers run from the clock's queue at the instant of the change, never re-entrantly inside a write.
 */
export interface Component {
  readonly name: string;
  start(ctx: ComponentContext): void;
}
