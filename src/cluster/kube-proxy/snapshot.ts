// What kube-proxy's iptables rules (and the CNI's routes) look like at one API revision: who owns each
// address, which Service answers at a ClusterIP, a NodePort or an external address, and which nodes
// run kube-proxy at all. Rebuilt only when the API changes, so a request costs O(endpoints).
import type { ApiServer, Hosts, KubeObject } from '../types.ts';
import { weaveAddress } from '../network.ts';

export interface Snapshot {
  /** pods on the pod network by IP (hostNetwork pods excluded) */
  podsByIP: Map<string, KubeObject>;
  /** hostNetwork pods per node */
  hostNetPods: Map<string, KubeObject[]>;
  /** `node:hostPort` → the pod and container port the portmap plugin forwards to */
  hostPorts: Map<string, { pod: KubeObject; port: number }>;
  svcByClusterIP: Map<string, KubeObject>;
  /** TCP node port → Service */
  nodePorts: Map<number, KubeObject>;
  /** status.loadBalancer.ingress[].ip → Services */
  lbIPs: Map<string, KubeObject[]>;
  /** spec.externalIPs → Services */
  externalIPs: Map<string, KubeObject[]>;
  /** nodes whose kube-proxy pod runs (only they have Service rules) */
  proxyNodes: Set<string>;
  /** machine addresses (LAN IPs and weave bridge addresses) → machine name */
  machineByIP: Map<string, string>;
  /** machine name → its LAN IP */
  machineIP: Map<string, string>;
  /** Kubernetes Node names */
  nodes: Map<string, KubeObject>;
}

const TERMINAL = new Set(['Succeeded', 'Failed']);

const push = <K, V>(m: Map<K, V[]>, k: K, v: V) => {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
};

export function buildSnapshot(api: ApiServer, hosts: Hosts): Snapshot {
  const s: Snapshot = {
    podsByIP: new Map(),
    hostNetPods: new Map(),
    hostPorts: new Map(),
    svcByClusterIP: new Map(),
    nodePorts: new Map(),
    lbIPs: new Map(),
    externalIPs: new Map(),
    proxyNodes: new Set(),
    machineByIP: new Map(),
    machineIP: new Map(),
    nodes: new Map(),
  };
  for (const name of hosts.names()) {
    const ip = hosts.get(name)?.ip;
    if (!ip) continue;
    s.machineByIP.set(ip, name);
    s.machineIP.set(name, ip);
  }
  for (const node of api.list('nodes')) {
    const name = node.metadata.name;
    s.nodes.set(name, node);
    const internal = ((node.status?.addresses ?? []) as any[]).find((a) => a.type === 'InternalIP')?.address as string | undefined;
    if (internal && !s.machineIP.has(name)) {
      s.machineIP.set(name, internal);
      if (!s.machineByIP.has(internal)) s.machineByIP.set(internal, name);
    }
    const weave = weaveAddress(name);
    if (weave) s.machineByIP.set(weave, name);
  }

  for (const pod of api.list('pods')) {
    const node = pod.spec?.nodeName as string | undefined;
    const phase = pod.status?.phase as string | undefined;
    if (pod.metadata.namespace === 'kube-system' && pod.metadata.labels?.['k8s-app'] === 'kube-proxy' && node && phase === 'Running') s.proxyNodes.add(node);
    if (!node || (phase && TERMINAL.has(phase))) continue;
    if (pod.spec?.hostNetwork) {
      push(s.hostNetPods, node, pod);
      continue;
    }
    const ip = pod.status?.podIP as string | undefined;
    if (ip) s.podsByIP.set(ip, pod);
    for (const c of (pod.spec?.containers ?? []) as any[]) {
      for (const p of (c.ports ?? []) as any[]) {
        if (p.hostPort && (p.protocol ?? 'TCP') === 'TCP' && ip) s.hostPorts.set(`${node}:${p.hostPort}`, { pod, port: p.containerPort });
      }
    }
  }

  for (const svc of api.list('services')) {
    const spec = svc.spec ?? {};
    if (spec.type === 'ExternalName') continue;
    if (spec.clusterIP && spec.clusterIP !== 'None') s.svcByClusterIP.set(spec.clusterIP, svc);
    for (const p of (spec.ports ?? []) as any[]) if (p.nodePort && (p.protocol ?? 'TCP') === 'TCP') s.nodePorts.set(p.nodePort, svc);
    for (const ing of (svc.status?.loadBalancer?.ingress ?? []) as any[]) if (ing?.ip) push(s.lbIPs, ing.ip as string, svc);
    for (const ip of (spec.externalIPs ?? []) as string[]) push(s.externalIPs, ip, svc);
  }
  return s;
}
