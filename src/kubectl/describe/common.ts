// Shared pieces of kubectl describe (pkg/describe/describe.go): prefix writer, labels, events, containers.
import type { ApiServer, KubeObject } from '../../cluster/types.ts';
import { age, rfc1123z } from '../format/duration.ts';
import { describeWriter } from '../format/tabwriter.ts';

export type Describer = (obj: KubeObject, api: ApiServer, now: number) => string;

const describers = new Map<string, Describer>();

/** Register the describer for a resource (by plural). */
export function registerDescriber(plural: string, d: Describer): void {
  describers.set(plural, d);
}

export function describerFor(plural: string): Describer | undefined {
  return describers.get(plural);
}

/** PrefixWriter over a tab writer; `w(level, text)` indents by 2 spaces per level. */
export class Out {
  private text = '';
  w(level: number, s: string): void {
    this.text += '  '.repeat(level) + s;
  }
  line(s: string): void {
    this.text += s + '\n';
  }
  /** The text as written, tabs left in (kubectl's PrefixWriter straight onto a buffer, as `rollout history --revision` prints). */
  raw(): string {
    return this.text;
  }
  done(): string {
    const tw = describeWriter();
    tw.write(this.text);
    return tw.flush();
  }
}

export const time = rfc1123z;

export function labelsMultiline(o: Out, title: string, labels: Record<string, string> | undefined): void {
  o.w(0, `${title}:\t`);
  const keys = Object.keys(labels ?? {}).sort();
  if (keys.length === 0) return o.line('<none>');
  keys.forEach((k, i) => {
    if (i !== 0) o.w(0, '\t');
    o.w(0, `${k}=${labels![k]}\n`);
  });
}

const MAX_ANNOTATION_LEN = 140;

export function annotationsMultiline(o: Out, title: string, annotations: Record<string, string> | undefined): void {
  o.w(0, `${title}:\t`);
  const keys = Object.keys(annotations ?? {})
    .filter((k) => k !== 'kubectl.kubernetes.io/last-applied-configuration')
    .sort();
  if (keys.length === 0) return o.line('<none>');
  keys.forEach((k, i) => {
    if (i !== 0) o.w(0, '\t');
    const value = annotations![k].replace(/\n$/, '');
    if (value.length + k.length + 2 > MAX_ANNOTATION_LEN || value.includes('\n')) {
      o.w(0, `${k}:\n`);
      for (const s of value.split('\n')) o.w(0, `\t  ${shorten(s, MAX_ANNOTATION_LEN - 2)}\n`);
    } else o.w(0, `${k}: ${value}\n`);
  });
}

function shorten(s: string, max: number): string {
  return s.length > max ? s.slice(0, max) + '...' : s;
}

export function tolerationsMultiline(o: Out, title: string, tolerations: any[] | undefined): void {
  o.w(0, `${title}:\t`);
  const list = [...(tolerations ?? [])].sort((a, b) => ((a.key ?? '') < (b.key ?? '') ? -1 : (a.key ?? '') > (b.key ?? '') ? 1 : 0));
  if (list.length === 0) return o.line('<none>');
  list.forEach((t, i) => {
    if (i !== 0) o.w(0, '\t');
    let s = t.key ?? '';
    if (t.value) s += `=${t.value}`;
    if (t.effect) s += `:${t.effect}`;
    if (t.operator === 'Exists' && !t.value) s += t.key || t.effect ? ' op=Exists' : 'op=Exists';
    if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null) s += ` for ${t.tolerationSeconds}s`;
    o.w(0, s + '\n');
  });
}

export function controllerOf(obj: KubeObject): string {
  const ref = (obj.metadata.ownerReferences ?? []).find((r) => r.controller);
  return ref ? `${ref.kind}/${ref.name}` : '';
}

/** Events about an object, oldest first (SortableEvents by lastTimestamp). */
export function eventsFor(api: ApiServer, obj: KubeObject): KubeObject[] {
  const ns = obj.metadata.namespace;
  const all = api.list('events', ns);
  const uid = obj.metadata.uid;
  const list = all.filter((e) => {
    const io = e.involvedObject as any;
    if (!io || io.name !== obj.metadata.name || io.kind !== obj.kind) return false;
    return !io.uid || io.uid === uid || obj.kind === 'Node';
  });
  const ts = (e: KubeObject) => Date.parse(String(e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp ?? e.metadata.creationTimestamp));
  return list.map((e, i) => ({ e, i, t: ts(e) })).sort((a, b) => a.t - b.t || a.i - b.i).map((x) => x.e);
}

export function describeEvents(o: Out, events: KubeObject[], now: number): void {
  if (events.length === 0) return o.w(0, 'Events:\t<none>\n');
  o.w(0, 'Events:\n  Type\tReason\tAge\tFrom\tMessage\n');
  o.w(1, '----\t------\t----\t----\t-------\n');
  for (const e of events) {
    const first = e.eventTime ? age(String(e.eventTime), now) : age(String(e.firstTimestamp ?? ''), now);
    const series = e.series as any;
    const count = Number(e.count ?? 0);
    let interval: string;
    if (series) interval = `${age(series.lastObservedTime, now)} (x${series.count} over ${first})`;
    else if (count > 1) interval = `${age(String(e.lastTimestamp ?? ''), now)} (x${count} over ${first})`;
    else interval = first;
    const source = (e.source as any)?.component || String(e.reportingComponent ?? '');
    o.w(1, `${e.type}\t${e.reason}\t${interval}\t${source}\t${String(e.message ?? '').trim()}\n`);
  }
}

// ---- containers and pod templates

function ports(cPorts: any[] | undefined, host: boolean): string {
  return (cPorts ?? []).map((p) => `${host ? p.hostPort ?? 0 : p.containerPort}/${p.protocol ?? 'TCP'}`).join(', ');
}

function stateBlock(o: Out, name: string, state: any): void {
  if (state?.running) {
    o.w(2, `${name}:\tRunning\n`);
    o.w(3, `Started:\t${time(state.running.startedAt)}\n`);
  } else if (state?.waiting) {
    o.w(2, `${name}:\tWaiting\n`);
    if (state.waiting.reason) o.w(3, `Reason:\t${state.waiting.reason}\n`);
  } else if (state?.terminated) {
    const t = state.terminated;
    o.w(2, `${name}:\tTerminated\n`);
    if (t.reason) o.w(3, `Reason:\t${t.reason}\n`);
    if (t.message) o.w(3, `Message:\t${t.message}\n`);
    o.w(3, `Exit Code:\t${t.exitCode ?? 0}\n`);
    if (t.signal > 0) o.w(3, `Signal:\t${t.signal}\n`);
    o.w(3, `Started:\t${t.startedAt ? time(t.startedAt) : 'Mon, 01 Jan 0001 00:00:00 +0000'}\n`);
    o.w(3, `Finished:\t${t.finishedAt ? time(t.finishedAt) : 'Mon, 01 Jan 0001 00:00:00 +0000'}\n`);
  } else {
    o.w(2, `${name}:\tWaiting\n`);
  }
}

function probe(p: any): string {
  const attrs = `delay=${p.initialDelaySeconds ?? 0}s timeout=${p.timeoutSeconds ?? 1}s period=${p.periodSeconds ?? 10}s #success=${p.successThreshold ?? 1} #failure=${p.failureThreshold ?? 3}`;
  if (p.exec) return `exec [${(p.exec.command ?? []).join(' ')}] ${attrs}`;
  if (p.httpGet) {
    const h = p.httpGet;
    const url = `${(h.scheme ?? 'HTTP').toLowerCase()}://${h.host ?? ''}:${h.port}${h.path ?? ''}`;
    return `http-get ${url} ${attrs}`;
  }
  if (p.tcpSocket) return `tcp-socket ${p.tcpSocket.host ?? ''}:${p.tcpSocket.port} ${attrs}`;
  if (p.grpc) return `grpc <pod>:${p.grpc.port} ${p.grpc.service ?? ''} ${attrs}`;
  return `unknown ${attrs}`;
}

const RESOURCE_ORDER = ['cpu', 'memory', 'ephemeral-storage'];
function sortedResourceNames(list: Record<string, string>): string[] {
  return Object.keys(list).sort((a, b) => {
    const ia = RESOURCE_ORDER.indexOf(a);
    const ib = RESOURCE_ORDER.indexOf(b);
    if (ia >= 0 || ib >= 0) return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib);
    return a < b ? -1 : 1;
  });
}

export function describeContainers(o: Out, label: string, containers: any[], statuses: any[] | null, space: string): void {
  if (!containers || containers.length === 0) {
    o.w(0, `${space}${label}: <none>\n`);
    return;
  }
  o.w(0, `${space}${label}:\n`);
  const byName = new Map<string, any>((statuses ?? []).map((s) => [s.name, s]));
  for (const c of containers) {
    const st = byName.get(c.name);
    o.w(1, `${space ? ' ' : ''}${c.name}:\n`);
    if (st) o.w(2, `Container ID:\t${st.containerID ?? ''}\n`);
    o.w(2, `Image:\t${c.image ?? ''}\n`);
    if (st) o.w(2, `Image ID:\t${st.imageID ?? ''}\n`);
    const p = ports(c.ports, false);
    o.w(2, p.includes(',') ? `Ports:\t${p}\n` : `Port:\t${p || '<none>'}\n`);
    const hp = ports(c.ports, true);
    o.w(2, hp.includes(',') ? `Host Ports:\t${hp}\n` : `Host Port:\t${hp || '<none>'}\n`);
    if (c.command?.length) {
      o.w(2, 'Command:\n');
      for (const s of c.command) for (const l of String(s).split('\n')) o.w(3, `${l}\n`);
    }
    if (c.args?.length) {
      o.w(2, 'Args:\n');
      for (const s of c.args) for (const l of String(s).split('\n')) o.w(3, `${l}\n`);
    }
    if (st) {
      stateBlock(o, 'State', st.state);
      if (st.lastState?.terminated) stateBlock(o, 'Last State', st.lastState);
      o.w(2, `Ready:\t${st.ready ? 'True' : 'False'}\n`);
      o.w(2, `Restart Count:\t${st.restartCount ?? 0}\n`);
    }
    const limits = c.resources?.limits ?? {};
    const requests = c.resources?.requests ?? {};
    if (Object.keys(limits).length) o.w(2, 'Limits:\n');
    for (const n of sortedResourceNames(limits)) o.w(3, `${n}:\t${limits[n]}\n`);
    if (Object.keys(requests).length) o.w(2, 'Requests:\n');
    for (const n of sortedResourceNames(requests)) o.w(3, `${n}:\t${requests[n]}\n`);
    if (c.livenessProbe) o.w(2, `Liveness:\t${probe(c.livenessProbe)}\n`);
    if (c.readinessProbe) o.w(2, `Readiness:\t${probe(c.readinessProbe)}\n`);
    if (c.startupProbe) o.w(2, `Startup:\t${probe(c.startupProbe)}\n`);
    if (c.envFrom?.length) {
      o.w(2, 'Environment Variables from:\n');
      for (const ef of c.envFrom) {
        const ref = ef.configMapRef ?? ef.secretRef;
        const kind = ef.configMapRef ? 'ConfigMap' : 'Secret';
        o.w(3, `${ref?.name}\t${kind}\tOptional: ${ref?.optional ? 'true' : 'false'}\n`);
      }
    }
    const env: any[] = c.env ?? [];
    o.w(2, `Environment:${env.length ? '' : '\t<none>'}\n`);
    for (const e of env) {
      if (!e.valueFrom) {
        String(e.value ?? '').split('\n').forEach((s, i) => o.w(3, i === 0 ? `${e.name}:\t${s}\n` : `\t${s}\n`));
        continue;
      }
      const vf = e.valueFrom;
      if (vf.fieldRef) o.w(3, `${e.name}:\t (${vf.fieldRef.apiVersion ?? 'v1'}:${vf.fieldRef.fieldPath})\n`);
      else if (vf.configMapKeyRef) o.w(3, `${e.name}:\t<set to the key '${vf.configMapKeyRef.key}' of config map '${vf.configMapKeyRef.name}'>\tOptional: ${!!vf.configMapKeyRef.optional}\n`);
      else if (vf.secretKeyRef) o.w(3, `${e.name}:\t<set to the key '${vf.secretKeyRef.key}' in secret '${vf.secretKeyRef.name}'>\tOptional: ${!!vf.secretKeyRef.optional}\n`);
      else if (vf.resourceFieldRef) o.w(3, `${e.name}:\t${vf.resourceFieldRef.resource}\n`);
    }
    const mounts: any[] = [...(c.volumeMounts ?? [])].sort((a, b) => (a.mountPath < b.mountPath ? -1 : 1));
    o.w(2, `Mounts:${mounts.length ? '' : '\t<none>'}\n`);
    for (const m of mounts) {
      const flags = [m.readOnly ? 'ro' : 'rw'];
      if (m.subPath) flags.push(`path=${JSON.stringify(m.subPath)}`);
      o.w(3, `${m.mountPath} from ${m.name} (${flags.join(',')})\n`);
    }
  }
}

export function describeVolumes(o: Out, volumes: any[] | undefined, space: string): void {
  if (!volumes || volumes.length === 0) {
    o.w(0, `${space}Volumes:\t<none>\n`);
    return;
  }
  o.w(0, `${space}Volumes:\n`);
  for (const v of volumes) {
    o.w(1, `${space ? ' ' : ''}${v.name}:\n`);
    if (v.hostPath) o.w(2, `Type:\tHostPath (bare host directory volume)\n    Path:\t${v.hostPath.path}\n    HostPathType:\t${v.hostPath.type ?? '<none>'}\n`);
    else if (v.emptyDir) o.w(2, `Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n    Medium:\t${v.emptyDir.medium ?? ''}\n    SizeLimit:\t${v.emptyDir.sizeLimit ?? '<unset>'}\n`);
    else if (v.configMap) o.w(2, `Type:\tConfigMap (a volume populated by a ConfigMap)\n    Name:\t${v.configMap.name}\n    Optional:\t${!!v.configMap.optional}\n`);
    else if (v.secret) o.w(2, `Type:\tSecret (a volume populated by a Secret)\n    SecretName:\t${v.secret.secretName}\n    Optional:\t${!!v.secret.optional}\n`);
    else if (v.persistentVolumeClaim) o.w(2, `Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)\n    ClaimName:\t${v.persistentVolumeClaim.claimName}\n    ReadOnly:\t${!!v.persistentVolumeClaim.readOnly}\n`);
    else if (v.projected) {
      o.w(2, 'Type:\tProjected (a volume that contains injected data from multiple sources)\n');
      for (const s of v.projected.sources ?? []) {
        if (s.secret) o.w(2, `SecretName:\t${s.secret.name}\n    SecretOptionalName:\t${s.secret.optional === undefined ? '<nil>' : s.secret.optional}\n`);
        else if (s.downwardAPI) o.w(2, 'DownwardAPI:\ttrue\n');
        else if (s.configMap) o.w(2, `ConfigMapName:\t${s.configMap.name}\n    ConfigMapOptional:\t${s.configMap.optional === undefined ? '<nil>' : s.configMap.optional}\n`);
        else if (s.serviceAccountToken) o.w(2, `TokenExpirationSeconds:\t${s.serviceAccountToken.expirationSeconds ?? 3607}\n`);
      }
    } else o.w(2, 'Type:\t<unknown>\n');
  }
}

export function describePodTemplate(o: Out, template: any): void {
  o.w(0, 'Pod Template:\n');
  if (!template) return o.w(1, '<unset>');
  labelsMultiline(o, '  Labels', template.metadata?.labels);
  if (Object.keys(template.metadata?.annotations ?? {}).length) annotationsMultiline(o, '  Annotations', template.metadata.annotations);
  const spec = template.spec ?? {};
  if (spec.serviceAccountName) o.w(1, `Service Account:\t${spec.serviceAccountName}\n`);
  if (spec.initContainers?.length) describeContainers(o, 'Init Containers', spec.initContainers, null, '  ');
  describeContainers(o, 'Containers', spec.containers ?? [], null, '  ');
  describeVolumes(o, spec.volumes, '  ');
  if (spec.priorityClassName) o.w(1, `Priority Class Name:\t${spec.priorityClassName}\n`);
  labelsMultiline(o, '  Node-Selectors', spec.nodeSelector);
  tolerationsMultiline(o, '  Tolerations', spec.tolerations);
}

export function conditionsTable(o: Out, conditions: any[] | undefined): void {
  if (!conditions?.length) return;
  o.w(0, 'Conditions:\n  Type\tStatus\tReason\n');
  o.w(1, '----\t------\t------\n');
  for (const c of conditions) o.w(1, `${c.type} \t${c.status}\t${c.reason ?? ''}\n`);
}
