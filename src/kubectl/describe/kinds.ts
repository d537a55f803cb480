// Describers per kind: pod, deployment, replicaset, node, namespace, service (describe.go layouts).
import type { ApiServer, KubeObject } from '../../cluster/types.ts';
import { matchesLabelSelector } from '../../cluster/apiserver/selectors.ts';
import { age } from '../format/duration.ts';
import { formatLabelSelector, formatLabels } from '../printers/table.ts';
import { nodeRoles } from '../printers/kinds.ts';
import {
  Out, annotationsMultiline, conditionsTable, controllerOf, describeContainers, describeEvents, describePodTemplate,
  describeVolumes, eventsFor, labelsMultiline, registerDescriber, time, tolerationsMultiline,
} from './common.ts';

function qosClass(pod: KubeObject): string {
  if (pod.status?.qosClass) return pod.status.qosClass;
  const cs: any[] = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])];
  let any = false;
  let guaranteed = true;
  for (const c of cs) {
    const req = c.resources?.requests ?? {};
    const lim = c.resources?.limits ?? {};
    if (Object.keys(req).length || Object.keys(lim).length) any = true;
    for (const r of ['cpu', 'memory']) if (!lim[r] || (req[r] !== undefined && req[r] !== lim[r])) guaranteed = false;
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

function describePod(pod: KubeObject, api: ApiServer, now: number): string {
  const o = new Out();
  const spec = pod.spec ?? {};
  const status = pod.status ?? {};
  o.w(0, `Name:\t${pod.metadata.name}\n`);
  o.w(0, `Namespace:\t${pod.metadata.namespace}\n`);
  if (spec.priority !== undefined) o.w(0, `Priority:\t${spec.priority}\n`);
  if (spec.priorityClassName) o.w(0, `Priority Class Name:\t${spec.priorityClassName}\n`);
  if (spec.runtimeClassName) o.w(0, `Runtime Class Name:\t${spec.runtimeClassName}\n`);
  if (spec.serviceAccountName) o.w(0, `Service Account:\t${spec.serviceAccountName}\n`);
  o.w(0, spec.nodeName ? `Node:\t${spec.nodeName}/${status.hostIP ?? ''}\n` : 'Node:\t<none>\n');
  if (status.startTime) o.w(0, `Start Time:\t${time(status.startTime)}\n`);
  labelsMultiline(o, 'Labels', pod.metadata.labels);
  annotationsMultiline(o, 'Annotations', pod.metadata.annotations);
  const phase = status.phase ?? '';
  if (pod.metadata.deletionTimestamp && phase !== 'Failed' && phase !== 'Succeeded') {
    const left = Date.parse(pod.metadata.deletionTimestamp) - now;
    o.w(0, `Status:\tTerminating (lasts ${age(new Date(now - left).toISOString(), now)})\n`);
    o.w(0, `Termination Grace Period:\t${pod.metadata.deletionGracePeriodSeconds ?? 0}s\n`);
  } else o.w(0, `Status:\t${phase}\n`);
  if (status.reason) o.w(0, `Reason:\t${status.reason}\n`);
  if (status.message) o.w(0, `Message:\t${status.message}\n`);
  o.w(0, `IP:\t${status.podIP ?? ''}\n`);
  const ips: any[] = status.podIPs ?? [];
  if (ips.length === 0) o.w(0, 'IPs:\t<none>\n');
  else {
    o.w(0, 'IPs:\n');
    for (const ip of ips) o.w(1, `IP:\t${ip.ip}\n`);
  }
  const ctl = controllerOf(pod);
  if (ctl) o.w(0, `Controlled By:\t${ctl}\n`);
  if (status.nominatedNodeName) o.w(0, `NominatedNodeName:\t${status.nominatedNodeName}\n`);
  if (spec.initContainers?.length) describeContainers(o, 'Init Containers', spec.initContainers, status.initContainerStatuses ?? [], '');
  describeContainers(o, 'Containers', spec.containers ?? [], status.containerStatuses ?? [], '');
  if (spec.readinessGates?.length) {
    o.w(0, 'Readiness Gates:\n  Type\tStatus\n');
    for (const g of spec.readinessGates) {
      const c = (status.conditions ?? []).find((x: any) => x.type === g.conditionType);
      o.w(1, `${g.conditionType} \t${c ? c.status : '<none>'} \n`);
    }
  }
  if (status.conditions?.length) {
    o.w(0, 'Conditions:\n  Type\tStatus\n');
    for (const c of status.conditions) o.w(1, `${c.type} \t${c.status} \n`);
  }
  describeVolumes(o, spec.volumes, '');
  o.w(0, `QoS Class:\t${qosClass(pod)}\n`);
  labelsMultiline(o, 'Node-Selectors', spec.nodeSelector);
  tolerationsMultiline(o, 'Tolerations', spec.tolerations);
  describeEvents(o, eventsFor(api, pod), now);
  return o.done();
}

function rsSummary(rss: KubeObject[]): string {
  const list = rss.map((rs) => `${rs.metadata.name} (${rs.status?.replicas ?? 0}/${rs.spec?.replicas ?? 0} replicas created)`).join(', ');
  return list || '<none>';
}

function ownedBy(objs: KubeObject[], owner: KubeObject): KubeObject[] {
  return objs.filter((x) => (x.metadata.ownerReferences ?? []).some((r) => r.controller && r.uid === owner.metadata.uid));
}

function templateKey(t: any): string {
  const copy = JSON.parse(JSON.stringify(t ?? {}));
  if (copy.metadata?.labels) delete copy.metadata.labels['pod-template-hash'];
  return JSON.stringify(sortDeep(copy));
}

function sortDeep(v: any): any {
  if (Array.isArray(v)) return v.map(sortDeep);
  if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortDeep(v[k])]));
  return v;
}

function describeDeployment(d: KubeObject, api: ApiServer, now: number): string {
  const o = new Out();
  const spec = d.spec ?? {};
  const st = d.status ?? {};
  o.w(0, `Name:\t${d.metadata.name}\n`);
  o.w(0, `Namespace:\t${d.metadata.namespace}\n`);
  o.w(0, `CreationTimestamp:\t${time(d.metadata.creationTimestamp)}\n`);
  labelsMultiline(o, 'Labels', d.metadata.labels);
  annotationsMultiline(o, 'Annotations', d.metadata.annotations);
  o.w(0, `Selector:\t${formatLabelSelector(spec.selector)}\n`);
  o.w(0, `Replicas:\t${spec.replicas ?? 0} desired | ${st.updatedReplicas ?? 0} updated | ${st.replicas ?? 0} total | ${st.availableReplicas ?? 0} available | ${st.unavailableReplicas ?? 0} unavailable\n`);
  o.w(0, `StrategyType:\t${spec.strategy?.type ?? ''}\n`);
  o.w(0, `MinReadySeconds:\t${spec.minReadySeconds ?? 0}\n`);
  const ru = spec.strategy?.rollingUpdate;
  if (ru) o.w(0, `RollingUpdateStrategy:\t${ru.maxUnavailable ?? ''} max unavailable, ${ru.maxSurge ?? ''} max surge\n`);
  describePodTemplate(o, spec.template);
  conditionsTable(o, st.conditions);
  const rss = ownedBy(api.list('replicasets', d.metadata.namespace), d);
  const key = templateKey(spec.template);
  const newRS = rss.filter((rs) => templateKey(rs.spec?.template) === key).sort((a, b) => (a.metadata.creationTimestamp < b.metadata.creationTimestamp ? -1 : 1))[0];
  const old = rss.filter((rs) => rs !== newRS && (rs.spec?.replicas ?? 0) > 0);
  o.w(0, `OldReplicaSets:\t${rsSummary(old)}\n`);
  o.w(0, `NewReplicaSet:\t${rsSummary(newRS ? [newRS] : [])}\n`);
  describeEvents(o, eventsFor(api, d), now);
  return o.done();
}

function describeReplicaSet(rs: KubeObject, api: ApiServer, now: number): string {
  const o = new Out();
  o.w(0, `Name:\t${rs.metadata.name}\n`);
  o.w(0, `Namespace:\t${rs.metadata.namespace}\n`);
  o.w(0, `Selector:\t${formatLabelSelector(rs.spec?.selector)}\n`);
  labelsMultiline(o, 'Labels', rs.metadata.labels);
  annotationsMultiline(o, 'Annotations', rs.metadata.annotations);
  const ctl = controllerOf(rs);
  if (ctl) o.w(0, `Controlled By:\t${ctl}\n`);
  o.w(0, `Replicas:\t${rs.status?.replicas ?? 0} current / ${rs.spec?.replicas ?? 0} desired\n`);
  const pods = ownedBy(api.list('pods', rs.metadata.namespace), rs).filter((p) => matchesLabelSelector(rs.spec?.selector, p.metadata.labels));
  const count = (ph: string) => pods.filter((p) => (p.status?.phase ?? 'Pending') === ph).length;
  o.w(0, `Pods Status:\t${count('Running')} Running / ${count('Pending')} Waiting / ${count('Succeeded')} Succeeded / ${count('Failed')} Failed\n`);
  describePodTemplate(o, rs.spec?.template);
  conditionsTable(o, rs.status?.conditions);
  describeEvents(o, eventsFor(api, rs), now);
  return o.done();
}

// ---- quantities for node resource summaries

function cpuMilli(q: string | undefined): number {
  if (!q) return 0;
  if (q.endsWith('m')) return Number(q.slice(0, -1));
  return Math.round(Number(q) * 1000);
}

const BIN: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40 };
const DEC: Record<string, number> = { k: 1e3, M: 1e6, G: 1e9, T: 1e12 };
function bytes(q: string | undefined): number {
  if (!q) return 0;
  const m = /^(\d+(?:\.\d+)?)([A-Za-z]*)$/.exec(q);
  if (!m) return 0;
  return Number(m[1]) * (BIN[m[2]] ?? DEC[m[2]] ?? 1);
}

function cpuString(m: number): string {
  return m % 1000 === 0 ? String(m / 1000) : `${m}m`;
}
function memString(b: number): string {
  if (b === 0) return '0';
  for (const [suffix, f] of [['Ti', 2 ** 40], ['Gi', 2 ** 30], ['Mi', 2 ** 20], ['Ki', 2 ** 10]] as const) if (b % f === 0) return `${b / f}${suffix}`;
  return String(b);
}

function podTotals(pod: KubeObject): { cpuReq: number; cpuLim: number; memReq: number; memLim: number } {
  const t = { cpuReq: 0, cpuLim: 0, memReq: 0, memLim: 0 };
  for (const c of pod.spec?.containers ?? []) {
    t.cpuReq += cpuMilli(c.resources?.requests?.cpu ?? c.resources?.limits?.cpu);
    t.cpuLim += cpuMilli(c.resources?.limits?.cpu);
    t.memReq += bytes(c.resources?.requests?.memory ?? c.resources?.limits?.memory);
    t.memLim += bytes(c.resources?.limits?.memory);
  }
  return t;
}

const pct = (v: number, of: number) => (of ? Math.trunc((v / of) * 100) : 0);

function describeNode(node: KubeObject, api: ApiServer, now: number): string {
  const o = new Out();
  const st = node.status ?? {};
  o.w(0, `Name:\t${node.metadata.name}\n`);
  o.w(0, `Roles:\t${nodeRoles(node)}\n`);
  labelsMultiline(o, 'Labels', node.metadata.labels);
  annotationsMultiline(o, 'Annotations', node.metadata.annotations);
  o.w(0, `CreationTimestamp:\t${time(node.metadata.creationTimestamp)}\n`);
  const taints: any[] = [...(node.spec?.taints ?? [])].sort((a, b) => (`${a.effect},${a.key}` < `${b.effect},${b.key}` ? -1 : 1));
  o.w(0, 'Taints:\t');
  if (taints.length === 0) o.line('<none>');
  taints.forEach((t, i) => {
    if (i) o.w(0, '\t');
    o.w(0, `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}\n`);
  });
  o.w(0, `Unschedulable:\t${!!node.spec?.unschedulable}\n`);
  const lease = api.tryGet('leases', 'kube-node-lease', node.metadata.name);
  if (lease) {
    o.w(0, 'Lease:\n');
    o.w(1, `HolderIdentity:\t${lease.spec?.holderIdentity ?? '<unset>'}\n`);
    o.w(1, `AcquireTime:\t${lease.spec?.acquireTime ? time(lease.spec.acquireTime) : '<unset>'}\n`);
    o.w(1, `RenewTime:\t${lease.spec?.renewTime ? time(lease.spec.renewTime) : '<unset>'}\n`);
  }
  if (st.conditions?.length) {
    o.w(0, 'Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n');
    o.w(1, '----\t------\t-----------------\t------------------\t------\t-------\n');
    for (const c of st.conditions) o.w(1, `${c.type} \t${c.status} \t${time(c.lastHeartbeatTime)} \t${time(c.lastTransitionTime)} \t${c.reason ?? ''} \t${c.message ?? ''}\n`);
  }
  o.w(0, 'Addresses:\n');
  for (const a of st.addresses ?? []) o.w(1, `${a.type}:\t${a.address}\n`);
  const resList = (title: string, list: Record<string, string> | undefined) => {
    if (!list || !Object.keys(list).length) return;
    o.w(0, `${title}:\n`);
    for (const k of Object.keys(list).sort()) o.w(0, `  ${k}:\t${list[k]}\n`);
  };
  resList('Capacity', st.capacity);
  resList('Allocatable', st.allocatable);
  const ni = st.nodeInfo ?? {};
  o.w(0, 'System Info:\n');
  o.w(0, `  Machine ID:\t${ni.machineID ?? ''}\n`);
  o.w(0, `  System UUID:\t${ni.systemUUID ?? ''}\n`);
  o.w(0, `  Boot ID:\t${ni.bootID ?? ''}\n`);
  o.w(0, `  Kernel Version:\t${ni.kernelVersion ?? ''}\n`);
  o.w(0, `  OS Image:\t${ni.osImage ?? ''}\n`);
  o.w(0, `  Operating System:\t${ni.operatingSystem ?? ''}\n`);
  o.w(0, `  Architecture:\t${ni.architecture ?? ''}\n`);
  o.w(0, `  Container Runtime Version:\t${ni.containerRuntimeVersion ?? ''}\n`);
  o.w(0, `  Kubelet Version:\t${ni.kubeletVersion ?? ''}\n`);
  o.w(0, `  Kube-Proxy Version:\t${ni.kubeProxyVersion ?? ''}\n`);
  if (node.spec?.podCIDR) o.w(0, `PodCIDR:\t${node.spec.podCIDR}\n`);
  if (node.spec?.podCIDRs?.length) o.w(0, `PodCIDRs:\t${node.spec.podCIDRs.join(',')}\n`);
  if (node.spec?.providerID) o.w(0, `ProviderID:\t${node.spec.providerID}\n`);
  const pods = api.list('pods').filter((p) => p.spec?.nodeName === node.metadata.name && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed');
  const alloc = st.allocatable && Object.keys(st.allocatable).length ? st.allocatable : st.capacity ?? {};
  const cpuAlloc = cpuMilli(alloc.cpu);
  const memAlloc = bytes(alloc.memory);
  o.w(0, `Non-terminated Pods:\t(${pods.length} in total)\n`);
  o.w(1, 'Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n');
  o.w(1, '---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n');
  const tot = { cpuReq: 0, cpuLim: 0, memReq: 0, memLim: 0 };
  for (const p of pods) {
    const t = podTotals(p);
    tot.cpuReq += t.cpuReq;
    tot.cpuLim += t.cpuLim;
    tot.memReq += t.memReq;
    tot.memLim += t.memLim;
    o.w(1, `${p.metadata.namespace}\t${p.metadata.name}\t\t${cpuString(t.cpuReq)} (${pct(t.cpuReq, cpuAlloc)}%)\t${cpuString(t.cpuLim)} (${pct(t.cpuLim, cpuAlloc)}%)\t${memString(t.memReq)} (${pct(t.memReq, memAlloc)}%)\t${memString(t.memLim)} (${pct(t.memLim, memAlloc)}%)\t${age(p.metadata.creationTimestamp, now)}\n`);
  }
  o.w(0, 'Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n');
  o.w(1, 'Resource\tRequests\tLimits\n');
  o.w(1, '--------\t--------\t------\n');
  o.w(1, `cpu\t${cpuString(tot.cpuReq)} (${pct(tot.cpuReq, cpuAlloc)}%)\t${cpuString(tot.cpuLim)} (${pct(tot.cpuLim, cpuAlloc)}%)\n`);
  o.w(1, `memory\t${memString(tot.memReq)} (${pct(tot.memReq, memAlloc)}%)\t${memString(tot.memLim)} (${pct(tot.memLim, memAlloc)}%)\n`);
  const standard = new Set(['cpu', 'memory', 'ephemeral-storage', 'pods']);
  const keys = Object.keys(alloc);
  for (const k of keys.filter((k) => k.startsWith('hugepages-')).sort()) o.w(1, `${k}\t0 (0%)\t0 (0%)\n`);
  for (const k of keys.filter((k) => !standard.has(k) && !k.startsWith('hugepages-')).sort()) o.w(1, `${k}\t0\t0\n`);
  describeEvents(o, eventsFor(api, node), now);
  return o.done();
}

function describeNamespace(ns: KubeObject, api: ApiServer): string {
  const o = new Out();
  o.w(0, `Name:\t${ns.metadata.name}\n`);
  labelsMultiline(o, 'Labels', ns.metadata.labels);
  annotationsMultiline(o, 'Annotations', ns.metadata.annotations);
  o.w(0, `Status:\t${ns.status?.phase ?? ''}\n`);
  const quotas = api.list('resourcequotas', ns.metadata.name);
  const limits = api.list('limitranges', ns.metadata.name);
  if (!quotas.length) o.w(0, '\nNo resource quota.\n');
  if (!limits.length) o.w(0, '\nNo LimitRange resource.\n');
  return o.done();
}

registerDescriber('pods', describePod);
registerDescriber('deployments', describeDeployment);
registerDescriber('replicasets', describeReplicaSet);
registerDescriber('nodes', describeNode);
registerDescriber('namespaces', (o, api) => describeNamespace(o, api));
