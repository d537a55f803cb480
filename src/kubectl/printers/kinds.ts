// Printers for every kind other than pods, cell by cell as pkg/printers/internalversion/printers.go.
import type { KubeObject } from '../../cluster/types.ts';
import { age, humanDuration } from '../format/duration.ts';
import { ageColumn, containersAndImages, formatLabelSelector, formatLabels, nameColumn, num, registerPrinter } from './table.ts';
import './pod.ts';

const containers = { header: 'CONTAINERS', wide: true, cell: (o: KubeObject) => containersAndImages(o.spec?.template?.spec)[0] };
const images = { header: 'IMAGES', wide: true, cell: (o: KubeObject) => containersAndImages(o.spec?.template?.spec)[1] };
const selector = { header: 'SELECTOR', wide: true, cell: (o: KubeObject) => formatLabelSelector(o.spec?.selector) };

registerPrinter('deployments', [
  nameColumn,
  { header: 'READY', cell: (o) => `${num(o.status?.readyReplicas)}/${num(o.spec?.replicas)}` },
  { header: 'UP-TO-DATE', cell: (o) => num(o.status?.updatedReplicas) },
  { header: 'AVAILABLE', cell: (o) => num(o.status?.availableReplicas) },
  ageColumn,
  containers,
  images,
  selector,
]);

registerPrinter('replicasets', [
  nameColumn,
  { header: 'DESIRED', cell: (o) => num(o.spec?.replicas) },
  { header: 'CURRENT', cell: (o) => num(o.status?.replicas) },
  { header: 'READY', cell: (o) => num(o.status?.readyReplicas) },
  ageColumn,
  containers,
  images,
  selector,
]);

registerPrinter('replicationcontrollers', [
  nameColumn,
  { header: 'DESIRED', cell: (o) => num(o.spec?.replicas) },
  { header: 'CURRENT', cell: (o) => num(o.status?.replicas) },
  { header: 'READY', cell: (o) => num(o.status?.readyReplicas) },
  ageColumn,
  containers,
  images,
  { header: 'SELECTOR', wide: true, cell: (o) => formatLabels(o.spec?.selector) },
]);

registerPrinter('daemonsets', [
  nameColumn,
  { header: 'DESIRED', cell: (o) => num(o.status?.desiredNumberScheduled) },
  { header: 'CURRENT', cell: (o) => num(o.status?.currentNumberScheduled) },
  { header: 'READY', cell: (o) => num(o.status?.numberReady) },
  { header: 'UP-TO-DATE', cell: (o) => num(o.status?.updatedNumberScheduled) },
  { header: 'AVAILABLE', cell: (o) => num(o.status?.numberAvailable) },
  { header: 'NODE SELECTOR', cell: (o) => formatLabels(o.spec?.template?.spec?.nodeSelector) },
  ageColumn,
  containers,
  images,
  selector,
]);

registerPrinter('statefulsets', [
  nameColumn,
  { header: 'READY', cell: (o) => `${num(o.status?.readyReplicas)}/${num(o.spec?.replicas)}` },
  ageColumn,
  containers,
  images,
]);

registerPrinter('jobs', [
  nameColumn,
  {
    header: 'STATUS',
    cell: (o) => {
      const conds: any[] = o.status?.conditions ?? [];
      const has = (t: string) => conds.some((c) => c.type === t && c.status === 'True');
      if (has('Complete')) return 'Complete';
      if (has('Failed')) return 'Failed';
      if (o.metadata.deletionTimestamp) return 'Terminating';
      if (has('Suspended')) return 'Suspended';
      if (has('FailureTarget')) return 'FailureTarget';
      return 'Running';
    },
  },
  {
    header: 'COMPLETIONS',
    cell: (o) => {
      const c = o.spec?.completions;
      return c !== undefined && c !== null ? `${num(o.status?.succeeded)}/${c}` : `${num(o.status?.succeeded)}/1 of ${o.spec?.parallelism ?? 1}`;
    },
  },
  {
    header: 'DURATION',
    cell: (o, env) => {
      const start = o.status?.startTime;
      if (!start) return '';
      const end = o.status?.completionTime ? Date.parse(o.status.completionTime) : env.now;
      return humanDuration(end - Date.parse(start));
    },
  },
  ageColumn,
  { header: 'CONTAINERS', wide: true, cell: (o) => containersAndImages(o.spec?.template?.spec)[0] },
  { header: 'IMAGES', wide: true, cell: (o) => containersAndImages(o.spec?.template?.spec)[1] },
  selector,
]);

registerPrinter('cronjobs', [
  nameColumn,
  { header: 'SCHEDULE', cell: (o) => o.spec?.schedule ?? '' },
  { header: 'TIMEZONE', cell: (o) => o.spec?.timeZone || '<none>' },
  { header: 'SUSPEND', cell: (o) => (o.spec?.suspend ? 'True' : 'False') },
  { header: 'ACTIVE', cell: (o) => String((o.status?.active ?? []).length) },
  { header: 'LAST SCHEDULE', cell: (o, env) => (o.status?.lastScheduleTime ? age(o.status.lastScheduleTime, env.now) : '<none>') },
  ageColumn,
  { header: 'CONTAINERS', wide: true, cell: (o) => containersAndImages(o.spec?.jobTemplate?.spec?.template?.spec)[0] },
  { header: 'IMAGES', wide: true, cell: (o) => containersAndImages(o.spec?.jobTemplate?.spec?.template?.spec)[1] },
  { header: 'SELECTOR', wide: true, cell: (o) => formatLabelSelector(o.spec?.jobTemplate?.spec?.selector) },
]);

registerPrinter('nodes', [
  nameColumn,
  {
    header: 'STATUS',
    cell: (o) => {
      const ready = (o.status?.conditions ?? []).find((c: any) => c.type === 'Ready');
      const parts = [ready ? (ready.status === 'True' ? 'Ready' : 'NotReady') : 'Unknown'];
      if (o.spec?.unschedulable) parts.push('SchedulingDisabled');
      return parts.join(',');
    },
  },
  { header: 'ROLES', cell: (o) => nodeRoles(o) },
  ageColumn,
  { header: 'VERSION', cell: (o) => o.status?.nodeInfo?.kubeletVersion ?? '' },
  { header: 'INTERNAL-IP', wide: true, cell: (o) => nodeAddress(o, 'InternalIP') },
  { header: 'EXTERNAL-IP', wide: true, cell: (o) => nodeAddress(o, 'ExternalIP') },
  { header: 'OS-IMAGE', wide: true, cell: (o) => o.status?.nodeInfo?.osImage || '<unknown>' },
  { header: 'KERNEL-VERSION', wide: true, cell: (o) => o.status?.nodeInfo?.kernelVersion || '<unknown>' },
  { header: 'CONTAINER-RUNTIME', wide: true, cell: (o) => o.status?.nodeInfo?.containerRuntimeVersion || '<unknown>' },
]);

export function nodeRoles(o: KubeObject): string {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(o.metadata.labels ?? {})) {
    if (k.startsWith('node-role.kubernetes.io/')) roles.add(k.slice('node-role.kubernetes.io/'.length));
    else if (k === 'kubernetes.io/role' && v) roles.add(v);
  }
  return roles.size ? [...roles].filter((r) => r !== '').sort().join(',') || '<none>' : '<none>';
}

function nodeAddress(o: KubeObject, type: string): string {
  return (o.status?.addresses ?? []).find((a: any) => a.type === type)?.address || '<none>';
}

registerPrinter('namespaces', [nameColumn, { header: 'STATUS', cell: (o) => o.status?.phase ?? '' }, ageColumn]);

registerPrinter('services', [
  nameColumn,
  { header: 'TYPE', cell: (o) => o.spec?.type ?? '' },
  { header: 'CLUSTER-IP', cell: (o) => o.spec?.clusterIPs?.[0] ?? '<none>' },
  { header: 'EXTERNAL-IP', cell: (o, env) => serviceExternalIP(o, env.wide) },
  { header: 'PORT(S)', cell: (o) => servicePorts(o) },
  ageColumn,
  { header: 'SELECTOR', wide: true, cell: (o) => formatLabels(o.spec?.selector) },
]);

const LOAD_BALANCER_WIDTH = 16;

/** loadBalancerStatusStringer: the unique IPs (or hostnames) sorted, cut to 16 characters unless -o wide. */
export function loadBalancerStatus(status: any, wide = false): string {
  const set = new Set<string>();
  for (const i of (status?.ingress ?? []) as any[]) {
    if (i.ip) set.add(i.ip);
    else if (i.hostname) set.add(i.hostname);
  }
  const r = [...set].sort().join(',');
  return !wide && r.length > LOAD_BALANCER_WIDTH ? r.slice(0, LOAD_BALANCER_WIDTH - 3) + '...' : r;
}

export function serviceExternalIP(o: KubeObject, wide = false): string {
  const spec = o.spec ?? {};
  const ext: string[] = spec.externalIPs ?? [];
  switch (spec.type) {
    case 'ClusterIP':
    case 'NodePort':
      return ext.length ? ext.join(',') : '<none>';
    case 'LoadBalancer': {
      const lb = loadBalancerStatus(o.status?.loadBalancer, wide);
      if (ext.length) return [...(lb ? lb.split(',') : []), ...ext].join(',');
      return lb || '<pending>';
    }
    case 'ExternalName':
      return spec.externalName ?? '';
    default:
      return '<unknown>';
  }
}

export function servicePorts(o: KubeObject): string {
  const ports: any[] = o.spec?.ports ?? [];
  if (ports.length === 0) return '<none>';
  return ports.map((p) => (p.nodePort > 0 ? `${p.port}:${p.nodePort}/${p.protocol ?? ''}` : `${p.port}/${p.protocol ?? ''}`)).join(',');
}

registerPrinter('endpoints', [nameColumn, { header: 'ENDPOINTS', cell: (o) => formatEndpoints(o) }, ageColumn]);

export function formatEndpoints(o: KubeObject): string {
  const subsets: any[] = (o.subsets as any[]) ?? [];
  if (subsets.length === 0) return '<none>';
  const list: string[] = [];
  const max = 3;
  let more = false;
  let count = 0;
  for (const ss of subsets) {
    const addrs: any[] = ss.addresses ?? [];
    const ports: any[] = ss.ports ?? [];
    if (ports.length === 0) {
      count += addrs.length;
      for (const a of addrs) {
        if (list.length === max) {
          more = true;
          break;
        }
        list.push(a.ip);
      }
    } else {
      for (const p of ports) {
        count += addrs.length;
        for (const a of addrs) {
          if (list.length === max) {
            more = true;
            break;
          }
          list.push(a.ip.includes(':') ? `[${a.ip}]:${p.port}` : `${a.ip}:${p.port}`);
        }
      }
    }
  }
  const ret = list.join(',');
  return more ? `${ret} + ${count - max} more...` : ret;
}

registerPrinter('configmaps', [
  nameColumn,
  { header: 'DATA', cell: (o) => String(Object.keys((o.data as object) ?? {}).length + Object.keys((o.binaryData as object) ?? {}).length) },
  ageColumn,
]);

registerPrinter('secrets', [
  nameColumn,
  { header: 'TYPE', cell: (o) => String(o.type ?? '') },
  { header: 'DATA', cell: (o) => String(Object.keys((o.data as object) ?? {}).length) },
  ageColumn,
]);

registerPrinter('serviceaccounts', [nameColumn, { header: 'SECRETS', cell: (o) => String(((o.secrets as unknown[]) ?? []).length) }, ageColumn]);

registerPrinter('events', [
  { header: 'LAST SEEN', cell: (o, env) => eventLastSeen(o, env.now) },
  { header: 'TYPE', cell: (o) => String(o.type ?? '') },
  { header: 'REASON', cell: (o) => String(o.reason ?? '') },
  { header: 'OBJECT', cell: (o) => eventObject(o) },
  { header: 'SUBOBJECT', wide: true, cell: (o) => (o.involvedObject as any)?.fieldPath ?? '' },
  { header: 'SOURCE', wide: true, cell: (o) => eventSource(o) },
  { header: 'MESSAGE', cell: (o) => String(o.message ?? '').trim() },
  { header: 'FIRST SEEN', wide: true, cell: (o, env) => eventFirstSeen(o, env.now) },
  { header: 'COUNT', wide: true, cell: (o) => String((o.series as any)?.count ?? (o.count || 1)) },
  { header: 'NAME', wide: true, cell: (o) => o.metadata.name },
]);

function eventFirstSeen(o: KubeObject, now: number): string {
  return o.firstTimestamp ? age(o.firstTimestamp as string, now) : age(o.eventTime as string, now);
}

export function eventLastSeen(o: KubeObject, now: number): string {
  const series = o.series as any;
  if (series?.lastObservedTime) return age(series.lastObservedTime, now);
  return o.lastTimestamp ? age(o.lastTimestamp as string, now) : eventFirstSeen(o, now);
}

function eventObject(o: KubeObject): string {
  const io = (o.involvedObject as any) ?? {};
  const kind = String(io.kind ?? '').toLowerCase();
  return io.name ? `${kind}/${io.name}` : kind;
}

function eventSource(o: KubeObject): string {
  const s = (o.source as any) ?? {};
  if (!s.component && !s.host) {
    const rc = String(o.reportingComponent ?? '');
    const ri = String(o.reportingInstance ?? '');
    return ri ? `${rc}, ${ri}` : rc;
  }
  return s.host ? `${s.component}, ${s.host}` : s.component;
}

registerPrinter('persistentvolumeclaims', [
  nameColumn,
  { header: 'STATUS', cell: (o) => o.status?.phase ?? '' },
  { header: 'VOLUME', cell: (o) => o.spec?.volumeName ?? '' },
  { header: 'CAPACITY', cell: (o) => o.status?.capacity?.storage ?? '' },
  { header: 'ACCESS MODES', cell: (o) => accessModes(o.status?.accessModes) },
  { header: 'STORAGECLASS', cell: (o) => o.spec?.storageClassName || '<unset>' },
  { header: 'VOLUMEATTRIBUTESCLASS', cell: (o) => o.spec?.volumeAttributesClassName || '<unset>' },
  ageColumn,
  { header: 'VOLUMEMODE', wide: true, cell: (o) => o.spec?.volumeMode ?? 'Filesystem' },
]);

function accessModes(modes: string[] | undefined): string {
  const short: Record<string, string> = { ReadWriteOnce: 'RWO', ReadOnlyMany: 'ROX', ReadWriteMany: 'RWX', ReadWriteOncePod: 'RWOP' };
  return (modes ?? []).map((m) => short[m] ?? m).join(',');
}

registerPrinter('ingresses', [
  nameColumn,
  { header: 'CLASS', cell: (o) => o.spec?.ingressClassName ?? '<none>' },
  { header: 'HOSTS', cell: (o) => ingressHosts(o.spec?.rules ?? []) },
  { header: 'ADDRESS', cell: (o, env) => loadBalancerStatus(o.status?.loadBalancer, env.wide) },
  { header: 'PORTS', cell: (o) => ((o.spec?.tls ?? []).length ? '80, 443' : '80') },
  ageColumn,
]);

/** formatHosts: up to three hosts, `*` when none is set. */
function ingressHosts(rules: any[]): string {
  const list: string[] = [];
  const max = 3;
  let more = false;
  for (const rule of rules) {
    if (list.length === max) more = true;
    if (!more && rule.host) list.push(rule.host);
  }
  if (list.length === 0) return '*';
  return more ? `${list.join(',')} + ${rules.length - max} more...` : list.join(',');
}

registerPrinter('ingressclasses', [
  nameColumn,
  { header: 'CONTROLLER', cell: (o) => o.spec?.controller ?? '' },
  {
    header: 'PARAMETERS',
    cell: (o) => {
      const p = o.spec?.parameters;
      if (!p) return '<none>';
      return `${p.kind}${p.apiGroup !== undefined && p.apiGroup !== null ? `.${p.apiGroup}` : ''}/${p.name}`;
    },
  },
  ageColumn,
]);

/** listWithMoreString: up to three, then ` + N more...`; `<unset>` when empty. */
function listWithMore(items: string[]): string {
  const max = 3;
  const shown = items.slice(0, max).join(',');
  if (items.length > max) return `${shown} + ${items.length - max} more...`;
  return shown || '<unset>';
}

registerPrinter('endpointslices', [
  nameColumn,
  { header: 'ADDRESSTYPE', cell: (o) => String(o.addressType ?? '') },
  { header: 'PORTS', cell: (o) => listWithMore(((o.ports as any[]) ?? []).map((p) => (p.port !== undefined && p.port !== null ? String(p.port) : p.name !== undefined && p.name !== null ? p.name : '*'))) },
  { header: 'ENDPOINTS', cell: (o) => listWithMore(((o.endpoints as any[]) ?? []).flatMap((e) => e.addresses ?? [])) },
  ageColumn,
]);

// apiextensions-apiserver prints CRDs with their creation time as written, not as an age
registerPrinter('customresourcedefinitions', [nameColumn, { header: 'CREATED AT', cell: (o) => o.metadata.creationTimestamp ?? '' }]);
