// Pod rows (printers.go printPod): READY, STATUS per the kubelet's container states, RESTARTS with "ago".
import type { KubeObject } from '../../cluster/types.ts';
import { age } from '../format/duration.ts';
import { ageColumn, nameColumn, registerPrinter, type PrintEnv } from './table.ts';

export interface PodSummary {
  ready: string;
  status: string;
  restarts: string;
}

export function podSummary(pod: KubeObject, now: number): PodSummary {
  const spec = pod.spec ?? {};
  const status = pod.status ?? {};
  let restarts = 0;
  let total = (spec.containers ?? []).length;
  let ready = 0;
  let lastRestart = 0;
  const phase: string = status.phase ?? '';
  let reason: string = status.reason || phase;
  for (const c of status.conditions ?? []) if (c.type === 'PodScheduled' && c.reason === 'SchedulingGated') reason = 'SchedulingGated';
  const inits: any[] = spec.initContainers ?? [];
  const sidecar = (name: string) => inits.find((c) => c.name === name)?.restartPolicy === 'Always';
  for (const c of inits) if (c.restartPolicy === 'Always') total++;
  let initializing = false;
  let sidecarRestarts = 0;
  let sidecarLast = 0;
  const initStatuses: any[] = status.initContainerStatuses ?? [];
  for (let i = 0; i < initStatuses.length; i++) {
    const c = initStatuses[i];
    restarts += c.restartCount ?? 0;
    const fin = c.lastState?.terminated?.finishedAt;
    if (fin) lastRestart = Math.max(lastRestart, Date.parse(fin));
    if (sidecar(c.name)) {
      sidecarRestarts += c.restartCount ?? 0;
      if (fin) sidecarLast = Math.max(sidecarLast, Date.parse(fin));
    }
    const term = c.state?.terminated;
    const wait = c.state?.waiting;
    if (term && term.exitCode === 0) continue;
    if (sidecar(c.name) && c.started) {
      if (c.ready) ready++;
      continue;
    }
    if (term) reason = term.reason ? `Init:${term.reason}` : term.signal ? `Init:Signal:${term.signal}` : `Init:ExitCode:${term.exitCode}`;
    else if (wait && wait.reason && wait.reason !== 'PodInitializing') reason = `Init:${wait.reason}`;
    else reason = `Init:${i}/${inits.length}`;
    initializing = true;
    break;
  }
  const initializedTrue = (status.conditions ?? []).some((c: any) => c.type === 'Initialized' && c.status === 'True');
  if (!initializing || initializedTrue) {
    restarts = sidecarRestarts;
    lastRestart = sidecarLast;
    let hasRunning = false;
    const cs: any[] = status.containerStatuses ?? [];
    for (let i = cs.length - 1; i >= 0; i--) {
      const c = cs[i];
      restarts += c.restartCount ?? 0;
      const fin = c.lastState?.terminated?.finishedAt;
      if (fin) lastRestart = Math.max(lastRestart, Date.parse(fin));
      const wait = c.state?.waiting;
      const term = c.state?.terminated;
      if (wait && wait.reason) reason = wait.reason;
      else if (term && term.reason) reason = term.reason;
      else if (term) reason = term.signal ? `Signal:${term.signal}` : `ExitCode:${term.exitCode}`;
      else if (c.ready && c.state?.running) {
        hasRunning = true;
        ready++;
      }
    }
    if (reason === 'Completed' && hasRunning) {
      const readyCond = (status.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True');
      reason = readyCond ? 'Running' : 'NotReady';
    }
  }
  if (pod.metadata.deletionTimestamp && status.reason === 'NodeLost') reason = 'Unknown';
  else if (pod.metadata.deletionTimestamp && phase !== 'Succeeded' && phase !== 'Failed') reason = 'Terminating';
  let restartsText = String(restarts);
  if (restarts !== 0 && lastRestart > 0) restartsText = `${restarts} (${age(new Date(lastRestart).toISOString(), now)} ago)`;
  return { ready: `${ready}/${total}`, status: reason, restarts: restartsText };
}

// Rows are computed once per pod per print; the cache keys on the object identity and now.
let memo: { pod: KubeObject; now: number; s: PodSummary } | undefined;
function summary(pod: KubeObject, env: PrintEnv): PodSummary {
  if (memo && memo.pod === pod && memo.now === env.now) return memo.s;
  const s = podSummary(pod, env.now);
  memo = { pod, now: env.now, s };
  return s;
}

registerPrinter('pods', [
  nameColumn,
  { header: 'READY', cell: (o, env) => summary(o, env).ready },
  { header: 'STATUS', cell: (o, env) => summary(o, env).status },
  { header: 'RESTARTS', cell: (o, env) => summary(o, env).restarts },
  ageColumn,
  { header: 'IP', wide: true, cell: (o) => o.status?.podIPs?.[0]?.ip || o.status?.podIP || '<none>' },
  { header: 'NODE', wide: true, cell: (o) => o.spec?.nodeName || '<none>' },
  { header: 'NOMINATED NODE', wide: true, cell: (o) => o.status?.nominatedNodeName || '<none>' },
  {
    header: 'READINESS GATES',
    wide: true,
    cell: (o) => {
      const gates: any[] = o.spec?.readinessGates ?? [];
      if (gates.length === 0) return '<none>';
      const conds: any[] = o.status?.conditions ?? [];
      const ok = gates.filter((g) => conds.some((c) => c.type === g.conditionType && c.status === 'True')).length;
      return `${ok}/${gates.length}`;
    },
  },
]);
