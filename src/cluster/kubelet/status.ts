// Pod status as the kubelet's status manager writes it (generateAPIPodStatus): phase, the five
// conditions in the kubelet's order, container statuses, IPs and start time.
import type { KubeObject } from '../types.ts';
import { rfc3339 } from '../controller-manager/workload.ts';
import type { ContainerRuntime, PodRuntime } from './runtime.ts';

const CONDITION_ORDER = ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady'];

export function setCondition(rt: PodRuntime, type: string, status: 'True' | 'False', now: number): void {
  const cur = rt.conditions.get(type);
  if (cur && cur[0] === status) return;
  rt.conditions.set(type, [status, now]);
}

/** Recompute the derived conditions from the containers' state. */
export function refreshConditions(rt: PodRuntime, now: number): void {
  const inits = rt.containers.filter((c) => c.init);
  const apps = rt.containers.filter((c) => !c.init);
  const initsDone = inits.every((c) => c.state === 'terminated' && c.exitCode === 0);
  setCondition(rt, 'Initialized', initsDone ? 'True' : 'False', now);
  const ready = apps.length > 0 && apps.every((c) => c.ready);
  setCondition(rt, 'ContainersReady', ready ? 'True' : 'False', now);
  setCondition(rt, 'Ready', ready ? 'True' : 'False', now);
}

function stateOf(c: ContainerRuntime): any {
  if (c.state === 'running') return { running: { startedAt: rfc3339(c.startedAt ?? 0) } };
  if (c.state === 'terminated') {
    const t: any = {
      containerID: c.containerID,
      exitCode: c.exitCode ?? 0,
      finishedAt: rfc3339(c.finishedAt ?? 0),
      ...(c.reason === 'StartError' && c.message ? { message: c.message } : {}),
      reason: c.reason ?? (c.exitCode ? 'Error' : 'Completed'),
      startedAt: rfc3339(c.startedAt ?? 0),
    };
    if (!t.containerID) delete t.containerID;
    return { terminated: t };
  }
  const w: any = { reason: c.reason ?? 'ContainerCreating' };
  if (c.message) w.message = c.message;
  return { waiting: w };
}

function containerStatus(c: ContainerRuntime, pod: KubeObject): any {
  const s: any = {};
  if (c.containerID) s.containerID = c.containerID;
  s.image = c.image?.imageName ?? c.spec?.image;
  s.imageID = c.containerID && c.image ? c.image.imageID : '';
  s.lastState = c.lastTerminated
    ? {
        terminated: {
          containerID: c.lastTerminated.containerID,
          exitCode: c.lastTerminated.exitCode,
          finishedAt: rfc3339(c.lastTerminated.finishedAt),
          ...(c.lastTerminated.message ? { message: c.lastTerminated.message } : {}),
          reason: c.lastTerminated.reason,
          startedAt: rfc3339(c.lastTerminated.startedAt),
        },
      }
    : {};
  s.name = c.name;
  s.ready = c.ready;
  s.restartCount = c.restartCount;
  s.started = c.state === 'running' && c.started;
  s.state = stateOf(c);
  const mounts = (c.spec?.volumeMounts as any[] | undefined) ?? [];
  if (c.containerID && mounts.length) {
    s.volumeMounts = mounts.map((m) => {
      const v: any = { mountPath: m.mountPath, name: m.name };
      if (m.readOnly) {
        v.readOnly = true;
        v.recursiveReadOnly = 'Disabled';
      }
      return v;
    });
  }
  void pod;
  return s;
}

/** The status to store for this pod, merged over what the API already has (PodScheduled, qosClass, ...). */
export function buildStatus(rt: PodRuntime, pod: KubeObject, hostIP: string | undefined): any {
  const prev = pod.status ?? {};
  const status: any = {};
  const conditions: any[] = [];
  const unready = rt.containers.filter((c) => !c.init && !c.ready).map((c) => c.name);
  const unreadyInit = rt.containers.filter((c) => c.init && !(c.state === 'terminated' && c.exitCode === 0)).map((c) => c.name);
  for (const type of CONDITION_ORDER) {
    const c = rt.conditions.get(type);
    if (!c) continue;
    const cond: any = { lastProbeTime: null, lastTransitionTime: rfc3339(c[1]), status: c[0], type };
    if (c[0] === 'False' && (type === 'Ready' || type === 'ContainersReady') && unready.length) {
      cond.message = `containers with unready status: [${unready.join(' ')}]`;
      cond.reason = 'ContainersNotReady';
    }
    if (c[0] === 'False' && type === 'Initialized' && unreadyInit.length) {
      cond.message = `containers with incomplete status: [${unreadyInit.join(' ')}]`;
      cond.reason = 'ContainersNotInitialized';
    }
    conditions.push(cond);
  }
  for (const c of (prev.conditions as any[] | undefined) ?? []) {
    if (!CONDITION_ORDER.includes(c.type)) conditions.push(c);
  }
  // the kubelet always reports PodScheduled (a pod created with spec.nodeName never saw the scheduler)
  if (!conditions.some((c) => c.type === 'PodScheduled')) {
    conditions.push({ lastProbeTime: null, lastTransitionTime: rfc3339(rt.startTime ?? 0), status: 'True', type: 'PodScheduled' });
  }
  status.conditions = conditions;
  const apps = rt.containers.filter((c) => !c.init);
  const inits = rt.containers.filter((c) => c.init);
  status.containerStatuses = apps.map((c) => containerStatus(c, pod));
  if (hostIP) {
    status.hostIP = hostIP;
    status.hostIPs = [{ ip: hostIP }];
  }
  if (inits.length) status.initContainerStatuses = inits.map((c) => containerStatus(c, pod));
  status.phase = rt.phase;
  if (rt.ip) {
    status.podIP = rt.ip;
    status.podIPs = [{ ip: rt.ip }];
  }
  if (prev.qosClass) status.qosClass = prev.qosClass;
  if (rt.startTime !== undefined) status.startTime = rfc3339(rt.startTime);
  for (const k of Object.keys(prev)) if (!(k in status) && k !== 'conditions') status[k] = prev[k];
  return status;
}
