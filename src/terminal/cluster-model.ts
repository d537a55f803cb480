// What the cluster map draws, read from the cluster: machines, their components and pods, Services and endpoints.
// Pure data (no DOM), so the map and its screen-reader text say the same thing and tests can read it in Node.
import type { Cluster, KubeObject } from '../cluster/types.ts';
import { podSummary } from '../kubectl/printers/pod.ts';

/** ok = Running and Ready; wait = on its way (Pending, ContainerCreating, not Ready yet); bad = failing; gone = Terminating. */
export type PodTone = 'ok' | 'wait' | 'bad' | 'gone';

export interface MapPod {
  key: string;
  namespace: string;
  name: string;
  /** the STATUS column of `kubectl get pods` */
  status: string;
  ready: string;
  tone: PodTone;
  /** kube-system pods are drawn as the machine's components, not as workload */
  system: boolean;
  /** the component this pod is, on the master (kube-apiserver, etcd, ...) or a node (kube-proxy, weave-net) */
  component?: string;
}

export interface MapComponent {
  name: string;
  /** static pod, DaemonSet pod, or a systemd service on the machine itself */
  kind: 'static-pod' | 'pod' | 'service';
  tone: PodTone;
  pod?: string;
}

export interface MapMachine {
  name: string;
  ip?: string;
  role: 'control-plane' | 'worker';
  ready: boolean;
  cordoned: boolean;
  components: MapComponent[];
  /** workload pods (not kube-system's own components), in name order */
  pods: MapPod[];
}

export interface MapService {
  key: string;
  namespace: string;
  name: string;
  type: string;
  clusterIP: string;
  /** keys (namespace/name) of the pods listed in its Endpoints */
  endpoints: string[];
}

export interface ClusterModel {
  machines: MapMachine[];
  /** pods no node has been chosen for yet */
  unscheduled: MapPod[];
  services: MapService[];
}

const CONTROL_PLANE = ['kube-apiserver', 'etcd', 'kube-scheduler', 'kube-controller-manager'];
const BAD = /BackOff|ErrImage|Err|Error|Invalid|OOMKilled|Evicted|Failed|Unknown|NodeLost|Crash/;

function podTone(status: string, ready: string): PodTone {
  if (status === 'Terminating') return 'gone';
  if (BAD.test(status)) return 'bad';
  if (status === 'Completed' || status === 'Succeeded') return 'gone';
  if (status === 'Running') {
    const [a, b] = ready.split('/');
    return a === b ? 'ok' : 'wait';
  }
  return 'wait';
}

function componentOf(pod: KubeObject): string | undefined {
  if (pod.metadata.namespace !== 'kube-system') return undefined;
  const name = pod.metadata.name;
  const cp = CONTROL_PLANE.find((c) => name.startsWith(`${c}-`));
  if (cp) return cp;
  for (const c of ['kube-proxy', 'coredns', 'weave-net']) if (name.startsWith(`${c}-`)) return c;
  return undefined;
}

/** Reads the whole picture from the API server at the cluster's current time. */
export function readClusterModel(cluster: Cluster): ClusterModel {
  const now = cluster.clock.now();
  const nodes = cluster.api.list('nodes');
  const pods = cluster.api.list('pods').map((p) => {
    const s = podSummary(p, now);
    const component = componentOf(p);
    const mp: MapPod = {
      key: `${p.metadata.namespace}/${p.metadata.name}`,
      namespace: p.metadata.namespace ?? 'default',
      name: p.metadata.name,
      status: s.status,
      ready: s.ready,
      tone: podTone(s.status, s.ready),
      system: component !== undefined,
      component,
    };
    return { mp, node: p.spec?.nodeName as string | undefined };
  });

  const machines: MapMachine[] = nodes.map((n) => {
    const labels = n.metadata.labels ?? {};
    const role = 'node-role.kubernetes.io/control-plane' in labels || n.metadata.name === 'master' ? 'control-plane' : 'worker';
    const conditions: any[] = n.status?.conditions ?? [];
    const ready = conditions.some((c) => c.type === 'Ready' && c.status === 'True');
    const ip = (n.status?.addresses ?? []).find((a: any) => a.type === 'InternalIP')?.address;
    const here = pods.filter((p) => p.node === n.metadata.name).map((p) => p.mp);
    const components: MapComponent[] = [];
    const add = (name: string, kind: MapComponent['kind']) => {
      const pod = here.find((p) => p.component === name);
      if (kind !== 'service' && !pod) return;
      components.push({ name, kind, tone: pod ? pod.tone : ready ? 'ok' : 'wait', pod: pod?.name });
    };
    for (const c of CONTROL_PLANE) add(c, 'static-pod');
    add('coredns', 'pod');
    add('kubelet', 'service');
    add('kube-proxy', 'pod');
    add('container runtime', 'service');
    const byName = (a: MapPod, b: MapPod) => a.name.localeCompare(b.name);
    return {
      name: n.metadata.name,
      ip,
      role,
      ready,
      cordoned: n.spec?.unschedulable === true,
      components,
      pods: here.filter((p) => !p.system).sort(byName),
    };
  });
  machines.sort((a, b) => (a.role === b.role ? a.name.localeCompare(b.name) : a.role === 'control-plane' ? -1 : 1));

  const unscheduled = pods.filter((p) => !p.node && !p.mp.system).map((p) => p.mp);

  const endpointsByKey = new Map<string, string[]>();
  for (const ep of cluster.api.list('endpoints')) {
    const keys: string[] = [];
    for (const subset of (ep.subsets ?? []) as any[]) {
      for (const a of subset.addresses ?? []) {
        if (a.targetRef?.kind === 'Pod') keys.push(`${a.targetRef.namespace ?? ep.metadata.namespace}/${a.targetRef.name}`);
      }
    }
    endpointsByKey.set(`${ep.metadata.namespace}/${ep.metadata.name}`, keys);
  }
  const services: MapService[] = cluster.api
    .list('services')
    // the API server's own Service and kube-dns are part of the furniture; the learner's Services are the story
    .filter((s) => s.metadata.namespace !== 'kube-system' && !(s.metadata.namespace === 'default' && s.metadata.name === 'kubernetes'))
    .map((s) => {
      const key = `${s.metadata.namespace}/${s.metadata.name}`;
      return {
        key,
        namespace: s.metadata.namespace ?? 'default',
        name: s.metadata.name,
        type: s.spec?.type ?? 'ClusterIP',
        clusterIP: s.spec?.clusterIP ?? '',
        endpoints: endpointsByKey.get(key) ?? [],
      };
    })
    .sort((a, b) => a.key.localeCompare(b.key));

  return { machines, unscheduled, services };
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** One line per machine and per Service, the same facts the map draws, for screen readers. */
export function describeClusterModel(model: ClusterModel): string[] {
  const lines: string[] = [];
  for (const m of model.machines) {
    const state = [m.ready ? 'Ready' : 'NotReady', m.cordoned ? 'cordoned (SchedulingDisabled)' : ''].filter(Boolean).join(', ');
    const comps = m.components.filter((c) => c.kind === 'static-pod' || c.name === 'coredns').map((c) => c.name);
    const head = `${m.name} (${m.role}, ${state})` + (comps.length ? `, runs ${comps.join(', ')}` : '');
    const pods = m.pods.map((p) => `${p.name} ${p.status}`).join('; ');
    lines.push(`${head}: ${plural(m.pods.length, 'pod')}${pods ? `: ${pods}` : ''}.`);
  }
  if (model.unscheduled.length) {
    lines.push(`Not scheduled yet: ${model.unscheduled.map((p) => `${p.name} ${p.status}`).join('; ')}.`);
  }
  for (const s of model.services) {
    const eps = s.endpoints.map((k) => k.split('/')[1]).join(', ');
    lines.push(`Service ${s.name} (${s.type} ${s.clusterIP}): ${s.endpoints.length ? `endpoints ${eps}` : 'no endpoints'}.`);
  }
  return lines;
}
