import type { KubeObject, Random } from '../types.ts';

// Server-side defaulting (pkg/apis/*/v1/defaults.go SetDefaults_*) and the built-in admission
// plugins that mutate (ServiceAccount, DefaultTolerationSeconds, Priority).

/** `nginx`, `nginx:latest`, `repo/app@sha256:…` → the pull policy the server defaults. */
export function defaultPullPolicy(image: string): 'Always' | 'IfNotPresent' {
  if (image.includes('@')) return 'IfNotPresent';
  const slash = image.lastIndexOf('/');
  const last = image.slice(slash + 1);
  const colon = last.lastIndexOf(':');
  if (colon < 0) return 'Always';
  return last.slice(colon + 1) === 'latest' ? 'Always' : 'IfNotPresent';
}

function defaultContainer(c: any): void {
  if (!c || typeof c !== 'object') return;
  if (c.imagePullPolicy === undefined && typeof c.image === 'string') c.imagePullPolicy = defaultPullPolicy(c.image);
  if (c.terminationMessagePath === undefined) c.terminationMessagePath = '/dev/termination-log';
  if (c.terminationMessagePolicy === undefined) c.terminationMessagePolicy = 'File';
  if (c.resources === undefined || c.resources === null) c.resources = {};
  for (const p of Array.isArray(c.ports) ? c.ports : []) if (p && p.protocol === undefined) p.protocol = 'TCP';
  for (const e of Array.isArray(c.env) ? c.env : []) {
    const fr = e?.valueFrom?.fieldRef;
    if (fr && fr.apiVersion === undefined) fr.apiVersion = 'v1';
  }
  for (const probe of [c.livenessProbe, c.readinessProbe, c.startupProbe]) {
    if (!probe || typeof probe !== 'object') continue;
    probe.timeoutSeconds ??= 1;
    probe.periodSeconds ??= 10;
    probe.successThreshold ??= 1;
    probe.failureThreshold ??= 3;
    if (probe.httpGet) probe.httpGet.scheme ??= 'HTTP';
    if (probe.httpGet) probe.httpGet.path ??= '/';
  }
}

/** SetDefaults_PodSpec + container defaults (templates and pods alike). */
export function defaultPodSpec(spec: any): void {
  if (!spec || typeof spec !== 'object') return;
  spec.dnsPolicy ??= 'ClusterFirst';
  spec.restartPolicy ??= 'Always';
  spec.terminationGracePeriodSeconds ??= 30;
  spec.securityContext ??= {};
  spec.schedulerName ??= 'default-scheduler';
  for (const c of Array.isArray(spec.containers) ? spec.containers : []) defaultContainer(c);
  for (const c of Array.isArray(spec.initContainers) ? spec.initContainers : []) defaultContainer(c);
  for (const v of Array.isArray(spec.volumes) ? spec.volumes : []) {
    if (v?.configMap) v.configMap.defaultMode ??= 420;
    if (v?.secret) v.secret.defaultMode ??= 420;
    if (v?.hostPath) v.hostPath.type ??= '';
    if (v?.emptyDir === null) v.emptyDir = {};
  }
  if (spec.hostNetwork) {
    for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) {
      for (const p of c?.ports ?? []) if (p && p.hostPort === undefined) p.hostPort = p.containerPort;
    }
  }
}

/** SetDefaults_PodTemplateSpec: template metadata always serialises `creationTimestamp: null`. */
export function defaultTemplate(tpl: any): void {
  if (!tpl || typeof tpl !== 'object') return;
  tpl.metadata ??= {};
  if (!('creationTimestamp' in tpl.metadata)) tpl.metadata.creationTimestamp = null;
  defaultPodSpec(tpl.spec);
}

/** The QoS class a pod gets (pkg/apis/core/helper/qos). */
export function podQOSClass(spec: any): 'BestEffort' | 'Burstable' | 'Guaranteed' {
  const containers = [...(spec?.containers ?? []), ...(spec?.initContainers ?? [])];
  let any = false;
  let guaranteed = true;
  for (const c of containers) {
    const req = c?.resources?.requests ?? {};
    const lim = c?.resources?.limits ?? {};
    for (const r of ['cpu', 'memory']) {
      if (req[r] !== undefined || lim[r] !== undefined) any = true;
      if (lim[r] === undefined) guaranteed = false;
      else if (req[r] !== undefined && String(req[r]) !== String(lim[r])) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

function defaultResourcesFromLimits(spec: any): void {
  for (const c of [...(spec?.containers ?? []), ...(spec?.initContainers ?? [])]) {
    const lim = c?.resources?.limits;
    if (!lim) continue;
    c.resources.requests ??= {};
    for (const [k, v] of Object.entries(lim)) if (c.resources.requests[k] === undefined) c.resources.requests[k] = v;
  }
}

const PRIORITY_CLASSES: Record<string, number> = { 'system-node-critical': 2000001000, 'system-cluster-critical': 2000000000 };

/** SetDefaults_Pod and the mutating admission plugins a kubeadm API server runs on pod create. */
export function admitPod(pod: KubeObject, random: Random, priorityOf: (name: string) => number | undefined): void {
  const spec = pod.spec;
  if (!spec || typeof spec !== 'object') return;
  defaultResourcesFromLimits(spec);
  defaultPodSpec(spec);
  spec.enableServiceLinks ??= true;
  // ServiceAccount admission.
  spec.serviceAccountName ||= spec.serviceAccount || 'default';
  spec.serviceAccount = spec.serviceAccountName;
  const mirror = pod.metadata.annotations?.['kubernetes.io/config.mirror'] !== undefined;
  if (!mirror && spec.automountServiceAccountToken !== false) {
    const hasMount = (c: any) => (c.volumeMounts ?? []).some((m: any) => m?.mountPath === '/var/run/secrets/kubernetes.io/serviceaccount');
    const vol = `kube-api-access-${random.suffix(5)}`;
    const all = [...(spec.initContainers ?? []), ...(spec.containers ?? [])];
    if (all.some((c: any) => c && !hasMount(c))) {
      spec.volumes = [...(spec.volumes ?? []), projectedTokenVolume(vol)];
      for (const c of all) {
        if (!c || hasMount(c)) continue;
        c.volumeMounts = [...(c.volumeMounts ?? []), { mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', name: vol, readOnly: true }];
      }
    }
  }
  // Priority admission.
  if (spec.priorityClassName) {
    const p = priorityOf(spec.priorityClassName);
    if (p !== undefined) spec.priority ??= p;
  } else {
    spec.priority ??= 0;
  }
  spec.preemptionPolicy ??= 'PreemptLowerPriority';
  // DefaultTolerationSeconds admission.
  const tol: any[] = spec.tolerations ?? [];
  const has = (key: string) => tol.some((t) => (t?.key === key || (t?.operator === 'Exists' && !t?.key)) && (t?.effect === 'NoExecute' || !t?.effect));
  const add: any[] = [];
  if (!has('node.kubernetes.io/not-ready')) add.push({ effect: 'NoExecute', key: 'node.kubernetes.io/not-ready', operator: 'Exists', tolerationSeconds: 300 });
  if (!has('node.kubernetes.io/unreachable')) add.push({ effect: 'NoExecute', key: 'node.kubernetes.io/unreachable', operator: 'Exists', tolerationSeconds: 300 });
  if (add.length) spec.tolerations = [...tol, ...add];
  pod.status = { phase: 'Pending', qosClass: podQOSClass(spec) };
}

export function builtinPriority(name: string): number | undefined {
  return PRIORITY_CLASSES[name];
}

export function projectedTokenVolume(name: string): any {
  return {
    name,
    projected: {
      defaultMode: 420,
      sources: [
        { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
        { configMap: { items: [{ key: 'ca.crt', path: 'ca.crt' }], name: 'kube-root-ca.crt' } },
        { downwardAPI: { items: [{ fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' }, path: 'namespace' }] } },
      ],
    },
  };
}

/** Spec defaults per kind (before validation, as the decoder does). Status for new objects is set by `initialStatus`. */
export function defaultSpec(plural: string, obj: KubeObject): void {
  const spec = obj.spec;
  switch (plural) {
    case 'deployments':
      if (!spec) return;
      spec.replicas ??= 1;
      spec.strategy ??= {};
      if (spec.strategy.type === undefined) spec.strategy.type = 'RollingUpdate';
      if (spec.strategy.type === 'RollingUpdate') {
        spec.strategy.rollingUpdate ??= {};
        spec.strategy.rollingUpdate.maxUnavailable ??= '25%';
        spec.strategy.rollingUpdate.maxSurge ??= '25%';
      }
      spec.revisionHistoryLimit ??= 10;
      spec.progressDeadlineSeconds ??= 600;
      defaultTemplate(spec.template);
      return;
    case 'replicasets':
    case 'replicationcontrollers':
      if (!spec) return;
      spec.replicas ??= 1;
      defaultTemplate(spec.template);
      if (plural === 'replicationcontrollers' && !spec.selector && spec.template?.metadata?.labels) spec.selector = { ...spec.template.metadata.labels };
      return;
    case 'daemonsets':
      if (!spec) return;
      spec.updateStrategy ??= {};
      spec.updateStrategy.type ??= 'RollingUpdate';
      if (spec.updateStrategy.type === 'RollingUpdate') {
        spec.updateStrategy.rollingUpdate ??= {};
        spec.updateStrategy.rollingUpdate.maxUnavailable ??= 1;
        spec.updateStrategy.rollingUpdate.maxSurge ??= 0;
      }
      spec.revisionHistoryLimit ??= 10;
      defaultTemplate(spec.template);
      return;
    case 'statefulsets':
      if (!spec) return;
      spec.replicas ??= 1;
      spec.podManagementPolicy ??= 'OrderedReady';
      spec.updateStrategy ??= {};
      spec.updateStrategy.type ??= 'RollingUpdate';
      if (spec.updateStrategy.type === 'RollingUpdate') {
        spec.updateStrategy.rollingUpdate ??= {};
        spec.updateStrategy.rollingUpdate.partition ??= 0;
      }
      spec.revisionHistoryLimit ??= 10;
      spec.persistentVolumeClaimRetentionPolicy ??= { whenDeleted: 'Retain', whenScaled: 'Retain' };
      defaultTemplate(spec.template);
      return;
    case 'jobs':
      if (!spec) return;
      if (spec.completions === undefined && spec.parallelism === undefined) spec.completions = 1;
      spec.parallelism ??= 1;
      spec.backoffLimit ??= 6;
      spec.completionMode ??= 'NonIndexed';
      spec.suspend ??= false;
      spec.podReplacementPolicy ??= 'TerminatingOrFailed';
      defaultTemplate(spec.template);
      return;
    case 'cronjobs':
      if (!spec) return;
      spec.concurrencyPolicy ??= 'Allow';
      spec.suspend ??= false;
      spec.successfulJobsHistoryLimit ??= 3;
      spec.failedJobsHistoryLimit ??= 1;
      if (spec.jobTemplate) {
        spec.jobTemplate.metadata ??= {};
        if (!('creationTimestamp' in spec.jobTemplate.metadata)) spec.jobTemplate.metadata.creationTimestamp = null;
        const js = spec.jobTemplate.spec;
        if (js) defaultTemplate(js.template);
      }
      return;
    case 'namespaces':
      obj.spec ??= {};
      obj.spec.finalizers ??= ['kubernetes'];
      obj.metadata.labels = { ...(obj.metadata.labels ?? {}), 'kubernetes.io/metadata.name': obj.metadata.name };
      return;
    case 'secrets':
      obj.type ??= 'Opaque';
      if (obj.stringData && typeof obj.stringData === 'object') {
        const data: Record<string, string> = { ...((obj.data as Record<string, string>) ?? {}) };
        for (const [k, v] of Object.entries(obj.stringData as Record<string, string>)) data[k] = base64(String(v));
        obj.data = data;
        delete obj.stringData;
      }
      return;
    case 'persistentvolumeclaims':
      if (!spec) return;
      spec.volumeMode ??= 'Filesystem';
      return;
    case 'persistentvolumes':
      if (!spec) return;
      spec.persistentVolumeReclaimPolicy ??= 'Retain';
      spec.volumeMode ??= 'Filesystem';
      return;
    case 'podtemplates':
      defaultTemplate(obj.template);
      return;
    case 'validatingwebhookconfigurations':
    case 'mutatingwebhookconfigurations':
      // admissionregistration/v1 SetDefaults_ValidatingWebhook / SetDefaults_MutatingWebhook
      for (const w of Array.isArray(obj.webhooks) ? (obj.webhooks as any[]) : []) {
        if (!w || typeof w !== 'object') continue;
        w.failurePolicy ??= 'Fail';
        w.matchPolicy ??= 'Equivalent';
        w.namespaceSelector ??= {};
        w.objectSelector ??= {};
        w.timeoutSeconds ??= 10;
        if (plural === 'mutatingwebhookconfigurations') w.reinvocationPolicy ??= 'Never';
        if (w.clientConfig?.service) w.clientConfig.service.port ??= 443;
        for (const r of Array.isArray(w.rules) ? w.rules : []) if (r && typeof r === 'object') r.scope ??= '*';
      }
      return;
  }
}

/** The status a freshly created object carries (registry PrepareForCreate). */
export function initialStatus(plural: string, obj: KubeObject): void {
  switch (plural) {
    case 'deployments':
      obj.status = {};
      return;
    case 'replicasets':
    case 'replicationcontrollers':
      obj.status = { replicas: 0 };
      return;
    case 'daemonsets':
      obj.status = { currentNumberScheduled: 0, desiredNumberScheduled: 0, numberMisscheduled: 0, numberReady: 0 };
      return;
    case 'statefulsets':
      obj.status = { availableReplicas: 0, replicas: 0 };
      return;
    case 'jobs':
    case 'cronjobs':
      obj.status = {};
      return;
    case 'namespaces':
      obj.status = { phase: 'Active' };
      return;
    case 'services':
      obj.status = { loadBalancer: {} };
      return;
    case 'persistentvolumeclaims':
      obj.status = { phase: 'Pending' };
      return;
    case 'persistentvolumes':
      obj.status = { phase: 'Pending' };
      return;
    case 'ingresses':
      obj.status = { loadBalancer: {} };
      return;
    case 'horizontalpodautoscalers':
    case 'poddisruptionbudgets':
      obj.status = obj.status ?? {};
      return;
  }
}

/** base64 without Buffer or btoa dependency differences (UTF-8 input). */
export function base64(s: string): string {
  const bytes = new TextEncoder().encode(s);
  const A = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const b0 = bytes[i]!;
    const b1 = bytes[i + 1];
    const b2 = bytes[i + 2];
    out += A[b0 >> 2]! + A[((b0 & 3) << 4) | ((b1 ?? 0) >> 4)]!;
    out += b1 === undefined ? '=' : A[((b1 & 15) << 2) | ((b2 ?? 0) >> 6)]!;
    out += b2 === undefined ? '=' : A[b2 & 63]!;
  }
  return out;
}
