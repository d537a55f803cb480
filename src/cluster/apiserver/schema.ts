// Just enough of the Go types to decode like the API server: unknown fields (kubectl's default
// --validate=strict asks for fieldValidation=Strict) and wrong JSON types, with the server's words.
// Sub-structures not listed here are open: anything goes, so a gap never rejects a valid object.

type Leaf = 'string' | 'int32' | 'int64' | 'bool' | 'any' | 'map';
interface Struct {
  go: string;
  fields: Record<string, Schema>;
}
type Schema = Leaf | Struct | { items: Schema } | { values: Schema };

const isStruct = (s: Schema): s is Struct => typeof s === 'object' && 'fields' in s;

const S = (go: string, fields: Record<string, Schema>): Struct => ({ go, fields });
const arr = (items: Schema) => ({ items });
const strs = arr('string');

const ObjectMeta = S('ObjectMeta', {
  name: 'string', generateName: 'string', namespace: 'string', selfLink: 'string', uid: 'string', resourceVersion: 'string',
  generation: 'int64', creationTimestamp: 'any', deletionTimestamp: 'any', deletionGracePeriodSeconds: 'int64',
  labels: 'map', annotations: 'map', ownerReferences: arr('any'), finalizers: strs, managedFields: 'any',
});
const LabelSelector = S('LabelSelector', { matchLabels: 'map', matchExpressions: arr('any') });
const ContainerPort = S('ContainerPort', { name: 'string', hostPort: 'int32', containerPort: 'int32', protocol: 'string', hostIP: 'string' });
const EnvVar = S('EnvVar', { name: 'string', value: 'string', valueFrom: 'any' });
const VolumeMount = S('VolumeMount', { name: 'string', readOnly: 'bool', recursiveReadOnly: 'string', mountPath: 'string', subPath: 'string', mountPropagation: 'string', subPathExpr: 'string' });
const ResourceRequirements = S('ResourceRequirements', { limits: { values: 'any' }, requests: { values: 'any' }, claims: arr('any') });
const Container = S('Container', {
  name: 'string', image: 'string', command: strs, args: strs, workingDir: 'string', ports: arr(ContainerPort), envFrom: arr('any'),
  env: arr(EnvVar), resources: ResourceRequirements, resizePolicy: arr('any'), restartPolicy: 'string', volumeMounts: arr(VolumeMount),
  volumeDevices: arr('any'), livenessProbe: 'any', readinessProbe: 'any', startupProbe: 'any', lifecycle: 'any',
  terminationMessagePath: 'string', terminationMessagePolicy: 'string', imagePullPolicy: 'string', securityContext: 'any',
  stdin: 'bool', stdinOnce: 'bool', tty: 'bool',
});
const PodSpec = S('PodSpec', {
  volumes: arr('any'), initContainers: arr(Container), containers: arr(Container), ephemeralContainers: arr('any'),
  restartPolicy: 'string', terminationGracePeriodSeconds: 'int64', activeDeadlineSeconds: 'int64', dnsPolicy: 'string',
  nodeSelector: 'map', serviceAccountName: 'string', serviceAccount: 'string', automountServiceAccountToken: 'bool',
  nodeName: 'string', hostNetwork: 'bool', hostPID: 'bool', hostIPC: 'bool', shareProcessNamespace: 'bool', securityContext: 'any',
  imagePullSecrets: arr('any'), hostname: 'string', subdomain: 'string', affinity: 'any', schedulerName: 'string',
  tolerations: arr('any'), hostAliases: arr('any'), priorityClassName: 'string', priority: 'int32', dnsConfig: 'any',
  readinessGates: arr('any'), runtimeClassName: 'string', enableServiceLinks: 'bool', preemptionPolicy: 'string', overhead: 'any',
  topologySpreadConstraints: arr('any'), setHostnameAsFQDN: 'bool', os: 'any', hostUsers: 'bool', schedulingGates: arr('any'),
  resourceClaims: arr('any'), resources: 'any',
});
const PodTemplateSpec = S('PodTemplateSpec', { metadata: ObjectMeta, spec: PodSpec });
const top = (extra: Record<string, Schema>): Struct => S('', { apiVersion: 'string', kind: 'string', metadata: ObjectMeta, ...extra });

const ServicePort = S('ServicePort', { name: 'string', protocol: 'string', appProtocol: 'string', port: 'int32', targetPort: 'any', nodePort: 'int32' });

const IngressBackend = S('IngressBackend', {
  service: S('IngressServiceBackend', { name: 'string', port: S('ServiceBackendPort', { name: 'string', number: 'int32' }) }),
  resource: 'any',
});
const IngressSpec = S('IngressSpec', {
  ingressClassName: 'string',
  defaultBackend: IngressBackend,
  tls: arr(S('IngressTLS', { hosts: strs, secretName: 'string' })),
  rules: arr(S('IngressRule', {
    host: 'string',
    http: S('HTTPIngressRuleValue', { paths: arr(S('HTTPIngressPath', { path: 'string', pathType: 'string', backend: IngressBackend })) }),
  })),
});

const SCHEMAS: Record<string, Struct> = {
  Ingress: top({ spec: IngressSpec, status: 'any' }),
  Pod: top({ spec: PodSpec, status: 'any' }),
  Deployment: top({
    spec: S('DeploymentSpec', {
      replicas: 'int32', selector: LabelSelector, template: PodTemplateSpec, strategy: 'any', minReadySeconds: 'int32',
      revisionHistoryLimit: 'int32', paused: 'bool', progressDeadlineSeconds: 'int32',
    }),
    status: 'any',
  }),
  ReplicaSet: top({ spec: S('ReplicaSetSpec', { replicas: 'int32', minReadySeconds: 'int32', selector: LabelSelector, template: PodTemplateSpec }), status: 'any' }),
  DaemonSet: top({
    spec: S('DaemonSetSpec', { selector: LabelSelector, template: PodTemplateSpec, updateStrategy: 'any', minReadySeconds: 'int32', revisionHistoryLimit: 'int32' }),
    status: 'any',
  }),
  StatefulSet: top({
    spec: S('StatefulSetSpec', {
      replicas: 'int32', selector: LabelSelector, template: PodTemplateSpec, volumeClaimTemplates: arr('any'), serviceName: 'string',
      podManagementPolicy: 'string', updateStrategy: 'any', revisionHistoryLimit: 'int32', minReadySeconds: 'int32',
      persistentVolumeClaimRetentionPolicy: 'any', ordinals: 'any',
    }),
    status: 'any',
  }),
  Service: top({
    spec: S('ServiceSpec', {
      ports: arr(ServicePort), selector: 'map', clusterIP: 'string', clusterIPs: strs, type: 'string', externalIPs: strs,
      sessionAffinity: 'string', loadBalancerIP: 'string', loadBalancerSourceRanges: strs, externalName: 'string',
      externalTrafficPolicy: 'string', healthCheckNodePort: 'int32', publishNotReadyAddresses: 'bool', sessionAffinityConfig: 'any',
      ipFamilies: strs, ipFamilyPolicy: 'string', allocateLoadBalancerNodePorts: 'bool', loadBalancerClass: 'string',
      internalTrafficPolicy: 'string', trafficDistribution: 'string',
    }),
    status: 'any',
  }),
  ConfigMap: top({ data: 'map', binaryData: 'map', immutable: 'bool' }),
  Secret: top({ data: 'map', stringData: 'map', type: 'string', immutable: 'bool' }),
  Namespace: top({ spec: 'any', status: 'any' }),
  ServiceAccount: top({ secrets: arr('any'), imagePullSecrets: arr('any'), automountServiceAccountToken: 'bool' }),
};

export interface DecodeProblems {
  unknown: string[];
  /** the first JSON type error, worded as encoding/json does */
  typeError?: string;
}

const JS_KIND = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v === 'object' ? 'object' : typeof v);

export function decodeProblems(obj: Record<string, unknown>): DecodeProblems | undefined {
  const schema = SCHEMAS[String(obj.kind)];
  if (!schema) return undefined;
  const out: DecodeProblems = { unknown: [] };
  const walk = (v: unknown, s: Schema, path: string, goPath: string, owner: string) => {
    if (v === null || v === undefined || s === 'any') return;
    const typeErr = (goType: string) => {
      const field = goPath ? `${owner}.${goPath}` : owner;
      const kind = JS_KIND(v) === 'boolean' ? 'bool' : JS_KIND(v);
      out.typeError ??= `json: cannot unmarshal ${kind} into Go struct field ${field} of type ${goType}`;
    };
    if (s === 'string') {
      if (typeof v !== 'string') typeErr('string');
      return;
    }
    if (s === 'int32' || s === 'int64') {
      if (typeof v !== 'number' || !Number.isInteger(v)) typeErr(s);
      return;
    }
    if (s === 'bool') {
      if (typeof v !== 'boolean') typeErr('bool');
      return;
    }
    if (s === 'map') {
      if (typeof v !== 'object' || Array.isArray(v)) return typeErr('map[string]string');
      for (const [k, x] of Object.entries(v)) if (typeof x !== 'string' && x !== null) walk(x, 'string', `${path}.${k}`, goPath, owner);
      return;
    }
    if ('items' in s) {
      if (!Array.isArray(v)) return typeErr(`[]${isStruct(s.items) ? `v1.${s.items.go}` : s.items}`);
      v.forEach((x, i) => walk(x, s.items, `${path}[${i}]`, goPath, owner));
      return;
    }
    if ('values' in s) return;
    if (typeof v !== 'object' || Array.isArray(v)) return typeErr(`v1.${s.go}`);
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      const p = path ? `${path}.${k}` : k;
      const f = s.fields[k];
      if (!f) {
        out.unknown.push(p);
        continue;
      }
      walk(x, f, p, goPath ? `${goPath}.${k}` : k, s.go || owner);
    }
  };
  walk(obj, schema, '', '', String(obj.kind));
  return out.unknown.length || out.typeError ? out : undefined;
}
