// The pod lifecycle as a table of stages, in the spirit of kwok: each row names the state it applies to,
// how long the kubelet takes before acting (virtual ms, jitter from the seeded source), and what it does
// next (events, status, the following stage). Faults are rows too.
import type { PodRuntime } from './runtime.ts';
import type { KubeletOps } from './index.ts';

export interface Stage {
  name: string;
  /** virtual ms until `next` runs */
  delay(rt: PodRuntime, k: KubeletOps): number;
  /** do the stage's work; return the stage that follows (undefined: rest here) */
  next(rt: PodRuntime, k: KubeletOps): string | undefined;
  /** periodic retries (back-off resyncs) do not keep settle() busy */
  background?(rt: PodRuntime): boolean;
}

/** Jittered delay in [min, max) ms. */
const between = (k: KubeletOps, min: number, max: number) => min + Math.floor(k.random() * (max - min));

export const STAGES: Stage[] = [
  {
    // pod bound to this node: the pod worker starts, the first status goes out (Pending, ContainerCreating)
    name: 'accepted',
    delay: (_rt, k) => between(k, 15, 60),
    next(rt, k) {
      k.accept(rt);
      return rt.pod.spec?.hostNetwork ? 'network-ready' : 'sandbox';
    },
  },
  {
    // RunPodSandbox + CNI ADD: weave hands out an address from the node's range
    name: 'sandbox',
    // retries after a failed RunPodSandbox come with the pod worker's resync
    delay: (rt, k) => (rt.resyncs === 0 ? between(k, 250, 700) : between(k, 10_000, 15_000)),
    next(rt, k) {
      if (!k.setupNetwork(rt)) return 'sandbox';
      return 'network-ready';
    },
    background: (rt) => rt.resyncs > 1,
  },
  {
    name: 'network-ready',
    delay: () => 0,
    next(rt, k) {
      k.sandboxReady(rt);
      return 'ensure-image';
    },
  },
  {
    // EnsureImageExists: present and allowed → no pull; else queue a pull (serialised per node)
    name: 'ensure-image',
    delay: () => 0,
    next: (rt, k) => k.ensureImage(rt),
  },
  {
    name: 'pulling',
    delay: (rt, k) => k.pullDuration(rt),
    next: (rt, k) => k.finishPull(rt),
  },
  {
    // a failed pull: ErrImagePull now, the back-off state at the pod worker's next sync
    name: 'image-pull-backoff',
    delay: (rt, k) => (rt.resyncs === 0 ? between(k, 800, 2000) : between(k, 10_000, 15_000)),
    next: (rt, k) => k.pullBackoffSync(rt),
    background: (rt) => rt.resyncs > 1,
  },
  {
    name: 'invalid-image',
    delay: (rt, k) => (rt.resyncs === 0 ? 0 : between(k, 10_000, 15_000)),
    next: (rt, k) => k.invalidImage(rt),
    background: (rt) => rt.resyncs > 0,
  },
  {
    name: 'create-container',
    delay: (_rt, k) => between(k, 30, 120),
    next: (rt, k) => k.createContainer(rt),
  },
  {
    name: 'start-container',
    delay: (_rt, k) => between(k, 40, 160),
    next: (rt, k) => k.startContainer(rt),
  },
  {
    // an init container runs to completion before the next one starts
    name: 'init-running',
    delay: (rt, k) => k.initRunTime(rt),
    next: (rt, k) => k.initDone(rt),
  },
  {
    // every container started: Running; Ready once no readiness probe holds it back
    name: 'running',
    delay: (_rt, k) => between(k, 5, 40),
    next: (rt, k) => k.running(rt),
  },
  {
    // the main process exits by itself (a shell with nothing to do, `sleep 10`)
    name: 'container-exited',
    delay: (rt, k) => k.exitDelay(rt),
    next: (rt, k) => k.containerExited(rt),
  },
  {
    // CrashLoopBackOff: wait out the restart back-off, then start the container again
    name: 'crash-backoff',
    delay: (rt, k) => k.crashBackoffDelay(rt),
    next: (rt, k) => k.restartContainer(rt),
    background: (rt) => rt.resyncs > 1,
  },
  {
    // a running container's image changed in the pod spec: Killing, stop it, then start it with the new image
    name: 'definition-changed',
    delay: (rt, k) => k.changedStopDuration(rt),
    next: (rt, k) => k.changedStopped(rt),
  },
  {
    // deletionTimestamp seen: Killing, SIGTERM, wait for the process (or the grace period)
    name: 'killing',
    delay: (rt, k) => k.stopDuration(rt),
    next: (rt, k) => k.containersStopped(rt),
  },
  {
    // the status manager deletes the finished pod object for good
    name: 'remove',
    delay: (_rt, k) => between(k, 20, 120),
    next(rt, k) {
      k.remove(rt);
      return undefined;
    },
  },
];

export const STAGE_BY_NAME: ReadonlyMap<string, Stage> = new Map(STAGES.map((s) => [s.name, s]));
