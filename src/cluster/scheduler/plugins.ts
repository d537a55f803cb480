// The default profile's filter and score plugins (pkg/scheduler/framework/plugins), in the order and with
// the reason texts kube-scheduler v1.32 uses, over a small per-node cache.
import type { KubeObject } from '../types.ts';
import { parseImageReference } from '../registry/reference.ts';
import { bytes, milliCpu } from './quantity.ts';

/** Requests the scheduler assumes for a container that sets none (only for scoring). */
const DEFAULT_MILLI_CPU = 100;
const DEFAULT_MEMORY = 200 * 1024 * 1024;
const MAX_NODE_SCORE = 100;

export interface HostPort {
  protocol: string;
  hostIP: string;
  port: number;
}

export interface PodResources {
  cpu: number;
  memory: number;
  /** with the scoring defaults for containers that request nothing */
  nonZeroCpu: number;
  nonZeroMemory: number;
  ports: HostPort[];
}

export interface AssignedPod {
  uid: string;
  namespace: string;
  name: string;
  node: string;
  owner: string | undefined;
  res: PodResources;
}

export interface NodeInfo {
  name: string;
  node: KubeObject;
  allocCpu: number;
  allocMemory: number;
  allocPods: number;
  cpu: number;
  memory: number;
  nonZeroCpu: number;
  nonZeroMemory: number;
  pods: Map<string, AssignedPod>;
  ports: Map<string, number>;
  /** pods per controller uid, for the default topology spreading */
  byOwner: Map<string, number>;
  /** normalised image name → size, from node status.images */
  images: Map<string, number>;
}

export type StatusCode = 'Unschedulable' | 'UnschedulableAndUnresolvable';

export interface FilterStatus {
  plugin: string;
  code: StatusCode;
  reasons: string[];
}

export function podResources(pod: KubeObject): PodResources {
  let cpu = 0;
  let memory = 0;
  let nonZeroCpu = 0;
  let nonZeroMemory = 0;
  const ports: HostPort[] = [];
  for (const c of (pod.spec?.containers as any[] | undefined) ?? []) {
    const req = c?.resources?.requests ?? {};
    const cCpu = req.cpu !== undefined ? milliCpu(req.cpu) : 0;
    const cMem = req.memory !== undefined ? bytes(req.memory) : 0;
    cpu += cCpu;
    memory += cMem;
    nonZeroCpu += req.cpu !== undefined ? cCpu : DEFAULT_MILLI_CPU;
    nonZeroMemory += req.memory !== undefined ? cMem : DEFAULT_MEMORY;
    for (const p of c?.ports ?? []) {
      if (p?.hostPort > 0) ports.push({ protocol: p.protocol ?? 'TCP', hostIP: p.hostIP || '0.0.0.0', port: p.hostPort });
    }
  }
  // init containers run one at a time: the pod needs the larger of their max and the sum above
  for (const c of (pod.spec?.initContainers as any[] | undefined) ?? []) {
    const req = c?.resources?.requests ?? {};
    if (req.cpu !== undefined) cpu = Math.max(cpu, milliCpu(req.cpu));
    if (req.memory !== undefined) memory = Math.max(memory, bytes(req.memory));
  }
  return { cpu, memory, nonZeroCpu, nonZeroMemory, ports };
}

export function newNodeInfo(node: KubeObject): NodeInfo {
  const info: NodeInfo = {
    name: node.metadata.name,
    node,
    allocCpu: 0,
    allocMemory: 0,
    allocPods: 0,
    cpu: 0,
    memory: 0,
    nonZeroCpu: 0,
    nonZeroMemory: 0,
    pods: new Map(),
    ports: new Map(),
    byOwner: new Map(),
    images: new Map(),
  };
  setNode(info, node);
  return info;
}

export function setNode(info: NodeInfo, node: KubeObject): void {
  info.node = node;
  const alloc = node.status?.allocatable ?? node.status?.capacity ?? {};
  info.allocCpu = milliCpu(alloc.cpu ?? 0);
  info.allocMemory = bytes(alloc.memory ?? 0);
  info.allocPods = bytes(alloc.pods ?? 110);
  info.images = new Map();
  for (const img of (node.status?.images as any[] | undefined) ?? []) {
    for (const n of img?.names ?? []) {
      if (typeof n !== 'string' || n.includes('@')) continue;
      info.images.set(normalizedImage(n), img.sizeBytes ?? 0);
    }
  }
}

const portKey = (p: HostPort) => `${p.protocol}/${p.hostIP}/${p.port}`;

export function addPod(info: NodeInfo, p: AssignedPod): void {
  info.pods.set(p.uid, p);
  info.cpu += p.res.cpu;
  info.memory += p.res.memory;
  info.nonZeroCpu += p.res.nonZeroCpu;
  info.nonZeroMemory += p.res.nonZeroMemory;
  for (const hp of p.res.ports) info.ports.set(portKey(hp), (info.ports.get(portKey(hp)) ?? 0) + 1);
  if (p.owner) info.byOwner.set(p.owner, (info.byOwner.get(p.owner) ?? 0) + 1);
}

export function removePod(info: NodeInfo, uid: string): void {
  const p = info.pods.get(uid);
  if (!p) return;
  info.pods.delete(uid);
  info.cpu -= p.res.cpu;
  info.memory -= p.res.memory;
  info.nonZeroCpu -= p.res.nonZeroCpu;
  info.nonZeroMemory -= p.res.nonZeroMemory;
  for (const hp of p.res.ports) {
    const n = (info.ports.get(portKey(hp)) ?? 1) - 1;
    if (n > 0) info.ports.set(portKey(hp), n);
    else info.ports.delete(portKey(hp));
  }
  if (p.owner) {
    const n = (info.byOwner.get(p.owner) ?? 1) - 1;
    if (n > 0) info.byOwner.set(p.owner, n);
    else info.byOwner.delete(p.owner);
  }
}

export function normalizedImage(image: string): string {
  const r = parseImageReference(image);
  return r.ok ? r.ref.canonical : image;
}

// ---- filters ----

interface Taint {
  key: string;
  value?: string;
  effect: string;
}

interface Toleration {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
}

/** v1helper.ToleratesTaint */
export function tolerates(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  if (!t.key && t.operator !== 'Exists') return false;
  if (t.operator === 'Exists') return true;
  return (t.value ?? '') === (taint.value ?? '');
}

function nodeUnschedulable(pod: KubeObject, info: NodeInfo): FilterStatus | undefined {
  if (!info.node.spec?.unschedulable) return undefined;
  const taint = { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' };
  if (((pod.spec?.tolerations as Toleration[] | undefined) ?? []).some((t) => tolerates(t, taint))) return undefined;
  return { plugin: 'NodeUnschedulable', code: 'UnschedulableAndUnresolvable', reasons: ['node(s) were unschedulable'] };
}

function nodeName(pod: KubeObject, info: NodeInfo): FilterStatus | undefined {
  const want = pod.spec?.nodeName;
  if (!want || want === info.name) return undefined;
  return { plugin: 'NodeName', code: 'UnschedulableAndUnresolvable', reasons: ["node(s) didn't match the requested node name"] };
}

function taintToleration(pod: KubeObject, info: NodeInfo): FilterStatus | undefined {
  const tols = (pod.spec?.tolerations as Toleration[] | undefined) ?? [];
  for (const taint of (info.node.spec?.taints as Taint[] | undefined) ?? []) {
    if (taint.effect !== 'NoSchedule' && taint.effect !== 'NoExecute') continue;
    if (tols.some((t) => tolerates(t, taint))) continue;
    return {
      plugin: 'TaintToleration',
      code: 'UnschedulableAndUnresolvable',
      reasons: [`node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`],
    };
  }
  return undefined;
}

function matchExpression(e: any, value: string | undefined, has: boolean): boolean {
  const vals: string[] = e?.values ?? [];
  switch (e?.operator) {
    case 'In':
      return has && vals.includes(value!);
    case 'NotIn':
      return !has || !vals.includes(value!);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    case 'Gt':
    case 'Lt': {
      if (!has || vals.length !== 1) return false;
      const a = Number.parseInt(value!, 10);
      const b = Number.parseInt(vals[0]!, 10);
      if (Number.isNaN(a) || Number.isNaN(b)) return false;
      return e.operator === 'Gt' ? a > b : a < b;
    }
    default:
      return false;
  }
}

/** One NodeSelectorTerm: every expression and field must match; an empty term matches nothing. */
export function matchesTerm(term: any, node: KubeObject): boolean {
  const exprs: any[] = term?.matchExpressions ?? [];
  const fields: any[] = term?.matchFields ?? [];
  if (exprs.length === 0 && fields.length === 0) return false;
  const labels = node.metadata.labels ?? {};
  for (const e of exprs) if (!matchExpression(e, labels[e.key], Object.prototype.hasOwnProperty.call(labels, e.key))) return false;
  for (const f of fields) {
    if (f.key !== 'metadata.name') return false;
    if (!matchExpression(f, node.metadata.name, true)) return false;
  }
  return true;
}

function nodeAffinity(pod: KubeObject, info: NodeInfo): FilterStatus | undefined {
  const labels = info.node.metadata.labels ?? {};
  const fail: FilterStatus = { plugin: 'NodeAffinity', code: 'UnschedulableAndUnresolvable', reasons: ["node(s) didn't match Pod's node affinity/selector"] };
  for (const [k, v] of Object.entries((pod.spec?.nodeSelector as Record<string, string> | undefined) ?? {})) {
    if (labels[k] !== v) return fail;
  }
  const terms: any[] | undefined = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (terms && !terms.some((t) => matchesTerm(t, info.node))) return fail;
  return undefined;
}

function nodePorts(res: PodResources, info: NodeInfo): FilterStatus | undefined {
  for (const p of res.ports) {
    const clash =
      info.ports.has(portKey(p)) ||
      (p.hostIP === '0.0.0.0'
        ? [...info.ports.keys()].some((k) => k.startsWith(`${p.protocol}/`) && k.endsWith(`/${p.port}`))
        : info.ports.has(portKey({ ...p, hostIP: '0.0.0.0' })));
    if (clash) return { plugin: 'NodePorts', code: 'Unschedulable', reasons: ["node(s) didn't have free ports for the requested pod ports"] };
  }
  return undefined;
}

function nodeResourcesFit(res: PodResources, info: NodeInfo): FilterStatus | undefined {
  const reasons: string[] = [];
  if (info.pods.size + 1 > info.allocPods) reasons.push('Too many pods');
  if (res.cpu > 0 || res.memory > 0) {
    if (info.allocCpu < res.cpu + info.cpu) reasons.push('Insufficient cpu');
    if (info.allocMemory < res.memory + info.memory) reasons.push('Insufficient memory');
  }
  return reasons.length ? { plugin: 'NodeResourcesFit', code: 'Unschedulable', reasons } : undefined;
}

/** Run the filters in the default profile's order; the first failing plugin decides for the node. */
export function runFilters(pod: KubeObject, res: PodResources, info: NodeInfo): FilterStatus | undefined {
  return (
    nodeUnschedulable(pod, info) ??
    nodeName(pod, info) ??
    taintToleration(pod, info) ??
    nodeAffinity(pod, info) ??
    nodePorts(res, info) ??
    nodeResourcesFit(res, info)
  );
}

// ---- scores ----

function leastAllocated(res: PodResources, info: NodeInfo): number {
  const one = (requested: number, capacity: number) => (capacity === 0 || requested > capacity ? 0 : Math.floor(((capacity - requested) * MAX_NODE_SCORE) / capacity));
  const cpu = one(info.nonZeroCpu + res.nonZeroCpu, info.allocCpu);
  const mem = one(info.nonZeroMemory + res.nonZeroMemory, info.allocMemory);
  return Math.floor((cpu + mem) / 2);
}

function balancedAllocation(res: PodResources, info: NodeInfo): number {
  const frac = (requested: number, capacity: number) => (capacity === 0 ? 1 : Math.min(1, requested / capacity));
  const c = frac(info.cpu + res.cpu, info.allocCpu);
  const m = frac(info.memory + res.memory, info.allocMemory);
  const std = Math.abs(c - m) / 2;
  return Math.floor((1 - std) * MAX_NODE_SCORE);
}

function imageLocality(pod: KubeObject, info: NodeInfo, nodesWithImage: (image: string) => number, totalNodes: number): number {
  const mb = 1024 * 1024;
  const min = 23 * mb;
  const containers = [...((pod.spec?.initContainers as any[]) ?? []), ...((pod.spec?.containers as any[]) ?? [])];
  let sum = 0;
  for (const c of containers) {
    const name = normalizedImage(c.image ?? '');
    const size = info.images.get(name);
    if (size !== undefined) sum += Math.floor(size * (nodesWithImage(name) / totalNodes));
  }
  const max = 1000 * mb * Math.max(1, ((pod.spec?.containers as any[]) ?? []).length);
  sum = Math.min(Math.max(sum, min), max);
  return Math.floor((MAX_NODE_SCORE * (sum - min)) / (max - min));
}

function preferNoScheduleCount(pod: KubeObject, info: NodeInfo): number {
  const tols = ((pod.spec?.tolerations as Toleration[] | undefined) ?? []).filter((t) => !t.effect || t.effect === 'PreferNoSchedule');
  let n = 0;
  for (const taint of (info.node.spec?.taints as Taint[] | undefined) ?? []) {
    if (taint.effect === 'PreferNoSchedule' && !tols.some((t) => tolerates(t, taint))) n++;
  }
  return n;
}

function preferredAffinity(pod: KubeObject, info: NodeInfo): number {
  let n = 0;
  for (const p of (pod.spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution as any[] | undefined) ?? []) {
    if (p?.weight && matchesTerm(p.preference, info.node)) n += p.weight;
  }
  return n;
}

/**
 * Weighted total per feasible node, as the default profile sums them: NodeResourcesFit 1,
 * BalancedAllocation 1, ImageLocality 1, TaintToleration 3, NodeAffinity 2, PodTopologySpread 2.
 */
export function scoreNodes(
  pod: KubeObject,
  res: PodResources,
  owner: string | undefined,
  feasible: NodeInfo[],
  nodesWithImage: (image: string) => number,
  totalNodes: number,
): number[] {
  const taintRaw = feasible.map((n) => preferNoScheduleCount(pod, n));
  const maxTaint = Math.max(0, ...taintRaw);
  const affRaw = feasible.map((n) => preferredAffinity(pod, n));
  const maxAff = Math.max(0, ...affRaw);
  // default PodTopologySpread: kubernetes.io/hostname, maxSkew 3, weight log(nodes + 2)
  const spreadWeight = Math.log(feasible.length + 2);
  const spreadRaw = feasible.map((n) => Math.round((owner ? (n.byOwner.get(owner) ?? 0) : 0) * spreadWeight + (3 - 1)));
  const maxSpread = Math.max(0, ...spreadRaw);
  const minSpread = Math.min(...spreadRaw);
  return feasible.map((n, i) => {
    const taint = maxTaint === 0 ? MAX_NODE_SCORE : MAX_NODE_SCORE - Math.floor((taintRaw[i]! * MAX_NODE_SCORE) / maxTaint);
    const aff = maxAff === 0 ? 0 : Math.floor((affRaw[i]! * MAX_NODE_SCORE) / maxAff);
    const spread = !owner ? 0 : maxSpread === 0 ? MAX_NODE_SCORE : Math.floor((MAX_NODE_SCORE * (maxSpread + minSpread - spreadRaw[i]!)) / maxSpread);
    return (
      leastAllocated(res, n) +
      balancedAllocation(res, n) +
      imageLocality(pod, n, nodesWithImage, totalNodes) +
      3 * taint +
      2 * aff +
      2 * spread
    );
  });
}
