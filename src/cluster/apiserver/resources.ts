import type { ResourceInfo } from '../types.ts';

const STD = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
const NS_VERBS = ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'];
const CREATE = ['create'];

type Row = [plural: string, singular: string, short: string, kind: string, gv: string, namespaced: boolean, verbs?: string[], categories?: string[]];

// Discovery order of a kubeadm v1.32 cluster (`kubectl api-resources`): core first, then groups alphabetically.
const ROWS: Row[] = [
  ['bindings', 'binding', '', 'Binding', 'v1', true, CREATE],
  ['componentstatuses', 'componentstatus', 'cs', 'ComponentStatus', 'v1', false, ['get', 'list']],
  ['configmaps', 'configmap', 'cm', 'ConfigMap', 'v1', true],
  ['endpoints', 'endpoints', 'ep', 'Endpoints', 'v1', true],
  ['events', 'event', 'ev', 'Event', 'v1', true],
  ['limitranges', 'limitrange', 'limits', 'LimitRange', 'v1', true],
  ['namespaces', 'namespace', 'ns', 'Namespace', 'v1', false, NS_VERBS],
  ['nodes', 'node', 'no', 'Node', 'v1', false],
  ['persistentvolumeclaims', 'persistentvolumeclaim', 'pvc', 'PersistentVolumeClaim', 'v1', true],
  ['persistentvolumes', 'persistentvolume', 'pv', 'PersistentVolume', 'v1', false],
  ['pods', 'pod', 'po', 'Pod', 'v1', true, STD, ['all']],
  ['podtemplates', 'podtemplate', '', 'PodTemplate', 'v1', true],
  ['replicationcontrollers', 'replicationcontroller', 'rc', 'ReplicationController', 'v1', true, STD, ['all']],
  ['resourcequotas', 'resourcequota', 'quota', 'ResourceQuota', 'v1', true],
  ['secrets', 'secret', '', 'Secret', 'v1', true],
  ['serviceaccounts', 'serviceaccount', 'sa', 'ServiceAccount', 'v1', true],
  ['services', 'service', 'svc', 'Service', 'v1', true, NS_VERBS, ['all']],
  ['mutatingwebhookconfigurations', 'mutatingwebhookconfiguration', '', 'MutatingWebhookConfiguration', 'admissionregistration.k8s.io/v1', false, STD, ['api-extensions']],
  ['validatingadmissionpolicies', 'validatingadmissionpolicy', '', 'ValidatingAdmissionPolicy', 'admissionregistration.k8s.io/v1', false, STD, ['api-extensions']],
  ['validatingadmissionpolicybindings', 'validatingadmissionpolicybinding', '', 'ValidatingAdmissionPolicyBinding', 'admissionregistration.k8s.io/v1', false, STD, ['api-extensions']],
  ['validatingwebhookconfigurations', 'validatingwebhookconfiguration', '', 'ValidatingWebhookConfiguration', 'admissionregistration.k8s.io/v1', false, STD, ['api-extensions']],
  ['customresourcedefinitions', 'customresourcedefinition', 'crd,crds', 'CustomResourceDefinition', 'apiextensions.k8s.io/v1', false, STD, ['api-extensions']],
  ['apiservices', 'apiservice', '', 'APIService', 'apiregistration.k8s.io/v1', false, STD, ['api-extensions']],
  ['controllerrevisions', 'controllerrevision', '', 'ControllerRevision', 'apps/v1', true],
  ['daemonsets', 'daemonset', 'ds', 'DaemonSet', 'apps/v1', true, STD, ['all']],
  ['deployments', 'deployment', 'deploy', 'Deployment', 'apps/v1', true, STD, ['all']],
  ['replicasets', 'replicaset', 'rs', 'ReplicaSet', 'apps/v1', true, STD, ['all']],
  ['statefulsets', 'statefulset', 'sts', 'StatefulSet', 'apps/v1', true, STD, ['all']],
  ['selfsubjectreviews', 'selfsubjectreview', '', 'SelfSubjectReview', 'authentication.k8s.io/v1', false, CREATE],
  ['tokenreviews', 'tokenreview', '', 'TokenReview', 'authentication.k8s.io/v1', false, CREATE],
  ['localsubjectaccessreviews', 'localsubjectaccessreview', '', 'LocalSubjectAccessReview', 'authorization.k8s.io/v1', true, CREATE],
  ['selfsubjectaccessreviews', 'selfsubjectaccessreview', '', 'SelfSubjectAccessReview', 'authorization.k8s.io/v1', false, CREATE],
  ['selfsubjectrulesreviews', 'selfsubjectrulesreview', '', 'SelfSubjectRulesReview', 'authorization.k8s.io/v1', false, CREATE],
  ['subjectaccessreviews', 'subjectaccessreview', '', 'SubjectAccessReview', 'authorization.k8s.io/v1', false, CREATE],
  ['horizontalpodautoscalers', 'horizontalpodautoscaler', 'hpa', 'HorizontalPodAutoscaler', 'autoscaling/v2', true, STD, ['all']],
  ['cronjobs', 'cronjob', 'cj', 'CronJob', 'batch/v1', true, STD, ['all']],
  ['jobs', 'job', '', 'Job', 'batch/v1', true, STD, ['all']],
  ['certificatesigningrequests', 'certificatesigningrequest', 'csr', 'CertificateSigningRequest', 'certificates.k8s.io/v1', false],
  ['leases', 'lease', '', 'Lease', 'coordination.k8s.io/v1', true],
  ['endpointslices', 'endpointslice', '', 'EndpointSlice', 'discovery.k8s.io/v1', true],
  ['events', 'event', 'ev', 'Event', 'events.k8s.io/v1', true],
  ['flowschemas', 'flowschema', '', 'FlowSchema', 'flowcontrol.apiserver.k8s.io/v1', false],
  ['prioritylevelconfigurations', 'prioritylevelconfiguration', '', 'PriorityLevelConfiguration', 'flowcontrol.apiserver.k8s.io/v1', false],
  ['ingressclasses', 'ingressclass', '', 'IngressClass', 'networking.k8s.io/v1', false],
  ['ingresses', 'ingress', 'ing', 'Ingress', 'networking.k8s.io/v1', true],
  ['networkpolicies', 'networkpolicy', 'netpol', 'NetworkPolicy', 'networking.k8s.io/v1', true],
  ['runtimeclasses', 'runtimeclass', '', 'RuntimeClass', 'node.k8s.io/v1', false],
  ['poddisruptionbudgets', 'poddisruptionbudget', 'pdb', 'PodDisruptionBudget', 'policy/v1', true],
  ['clusterrolebindings', 'clusterrolebinding', '', 'ClusterRoleBinding', 'rbac.authorization.k8s.io/v1', false],
  ['clusterroles', 'clusterrole', '', 'ClusterRole', 'rbac.authorization.k8s.io/v1', false],
  ['rolebindings', 'rolebinding', '', 'RoleBinding', 'rbac.authorization.k8s.io/v1', true],
  ['roles', 'role', '', 'Role', 'rbac.authorization.k8s.io/v1', true],
  ['priorityclasses', 'priorityclass', 'pc', 'PriorityClass', 'scheduling.k8s.io/v1', false],
  ['csidrivers', 'csidriver', '', 'CSIDriver', 'storage.k8s.io/v1', false],
  ['csinodes', 'csinode', '', 'CSINode', 'storage.k8s.io/v1', false],
  ['csistoragecapacities', 'csistoragecapacity', '', 'CSIStorageCapacity', 'storage.k8s.io/v1', true],
  ['storageclasses', 'storageclass', 'sc', 'StorageClass', 'storage.k8s.io/v1', false],
  ['volumeattachments', 'volumeattachment', '', 'VolumeAttachment', 'storage.k8s.io/v1', false],
];

export const RESOURCES: readonly ResourceInfo[] = ROWS.map(([plural, singular, short, kind, gv, namespaced, verbs, categories]) => {
  const slash = gv.indexOf('/');
  const info: ResourceInfo = {
    plural,
    singular,
    shortNames: short ? short.split(',') : [],
    kind,
    group: slash < 0 ? '' : gv.slice(0, slash),
    version: slash < 0 ? gv : gv.slice(slash + 1),
    namespaced,
    verbs: verbs ?? STD,
  };
  if (categories) info.categories = categories;
  return Object.freeze(info);
});

/** `v1`, `apps/v1` */
export function apiVersionOf(r: ResourceInfo): string {
  return r.group ? `${r.group}/${r.version}` : r.version;
}

/** Resources whose spec changes bump metadata.generation (their registry strategies set it). */
export const HAS_GENERATION = new Set([
  'deployments', 'replicasets', 'daemonsets', 'statefulsets', 'jobs', 'cronjobs', 'replicationcontrollers',
  'horizontalpodautoscalers', 'ingresses', 'ingressclasses', 'networkpolicies', 'poddisruptionbudgets',
  'customresourcedefinitions', 'flowschemas', 'prioritylevelconfigurations', 'validatingadmissionpolicies',
  'validatingadmissionpolicybindings', 'mutatingwebhookconfigurations', 'validatingwebhookconfigurations',
]);

/** Resources with a /status subresource: a plain update keeps the stored status. */
export const HAS_STATUS = new Set([
  'pods', 'deployments', 'replicasets', 'daemonsets', 'statefulsets', 'jobs', 'cronjobs', 'replicationcontrollers',
  'nodes', 'namespaces', 'services', 'persistentvolumes', 'persistentvolumeclaims', 'horizontalpodautoscalers',
  'poddisruptionbudgets', 'ingresses', 'resourcequotas', 'certificatesigningrequests', 'apiservices',
  'customresourcedefinitions', 'flowschemas', 'prioritylevelconfigurations', 'validatingadmissionpolicies',
  'volumeattachments',
]);

/** Key in the store: both Event APIs share one storage, as on a real server. */
export function storageKey(r: ResourceInfo): string {
  return r.plural;
}

const byKind = new Map<string, ResourceInfo>();
for (const r of RESOURCES) {
  const k = `${apiVersionOf(r)}/${r.kind}`;
  if (!byKind.has(k)) byKind.set(k, r);
}

/** The built-in resource for an object's apiVersion + kind (CustomResourceDefinitions add more per server: see ResourceRegistry). */
export function forKind(apiVersion: string, kind: string): ResourceInfo | undefined {
  return byKind.get(`${apiVersion}/${kind}`);
}

/** Any version of a built-in kind (for `no matches for kind` vs wrong version errors). */
export function kindExists(kind: string): ResourceInfo | undefined {
  return RESOURCES.find((r) => r.kind === kind);
}

/** Every name a user may type for a resource, most specific last: plural, singular, kind, short names, `plural.group`, `plural.version.group`. */
function namesOf(r: ResourceInfo): string[] {
  const out = [r.plural, r.singular, r.kind.toLowerCase(), ...r.shortNames];
  for (const n of [r.plural, r.singular, r.kind.toLowerCase()]) {
    if (r.group) out.push(`${n}.${r.group}`, `${n}.${r.version}.${r.group}`);
    else out.push(`${n}.${r.version}`);
  }
  return out;
}

const lookup = new Map<string, ResourceInfo>();
for (const r of RESOURCES) for (const n of namesOf(r)) if (!lookup.has(n)) lookup.set(n, r);

/** `po`, `pods`, `Pod`, `deployments.apps`, `deployment.v1.apps` → the built-in ResourceInfo. */
export function resolveResource(typed: string): ResourceInfo | undefined {
  return lookup.get(typed.toLowerCase());
}

/** The built-in resource by its storage plural (as used by get/list/watch). */
export function byPlural(plural: string): ResourceInfo | undefined {
  return resolveResource(plural);
}

// ---------- resources a CustomResourceDefinition adds (per API server) ----------

/** One version of a custom resource as its CRD declares it. */
export interface CustomVersion {
  name: string;
  served: boolean;
  storage: boolean;
  /** openAPIV3Schema (defaults and strict decoding only) */
  schema?: unknown;
  /** `subresources.status` is set: status has its own endpoint, spec changes bump generation */
  status: boolean;
  additionalPrinterColumns?: unknown[];
}

/** A custom resource: its discovery row plus what the API server needs to store it. */
export interface CustomResource {
  /** the CRD's name, `<plural>.<group>` */
  crd: string;
  info: ResourceInfo;
  versions: CustomVersion[];
}

/** Kubernetes version priority (v1 > v1beta2 > v1beta1 > v1alpha1 > others alphabetically), as discovery orders versions. */
export function compareKubeVersions(a: string, b: string): number {
  const parse = (v: string) => {
    const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(v);
    if (!m) return undefined;
    return { major: Number(m[1]), stage: m[2] === 'alpha' ? 0 : m[2] === 'beta' ? 1 : 2, minor: Number(m[3] ?? 0) };
  };
  const pa = parse(a);
  const pb = parse(b);
  if (pa && !pb) return -1;
  if (!pa && pb) return 1;
  if (!pa || !pb) return a < b ? -1 : a > b ? 1 : 0;
  if (pa.stage !== pb.stage) return pb.stage - pa.stage;
  if (pa.major !== pb.major) return pb.major - pa.major;
  return pb.minor - pa.minor;
}

/**
 * The resources one API server serves: the built-in table plus those its CustomResourceDefinitions
 * register. Built-in names win when a custom short name collides, as kubectl's RESTMapper prefers them.
 */
export interface ResourceRegistry {
  /** Discovery order: by group (core first), built-ins in table order, custom resources by plural within their group. */
  all(): readonly ResourceInfo[];
  resolve(typed: string): ResourceInfo | undefined;
  forKind(apiVersion: string, kind: string): ResourceInfo | undefined;
  kindExists(kind: string): ResourceInfo | undefined;
  /** The custom resource behind a ResourceInfo, or undefined for built-ins. */
  custom(r: ResourceInfo): CustomResource | undefined;
  customByCrd(crd: string): CustomResource | undefined;
  register(c: CustomResource): void;
  unregister(crd: string): CustomResource | undefined;
  /** Key in the store: built-ins by plural (both Event APIs share one), custom resources by `plural.group`. */
  storageKey(r: ResourceInfo): string;
}

export function createResourceRegistry(): ResourceRegistry {
  const customs = new Map<string, CustomResource>();
  const byInfo = new Map<ResourceInfo, CustomResource>();
  let merged: readonly ResourceInfo[] | undefined;
  let names: Map<string, ResourceInfo> | undefined;

  const customNames = () => {
    if (names) return names;
    names = new Map();
    for (const c of [...customs.values()].sort((a, b) => (a.crd < b.crd ? -1 : 1))) {
      for (const n of namesOf(c.info)) if (!names.has(n)) names.set(n, c.info);
      for (const v of c.versions) if (v.served && c.info.group) for (const n of [c.info.plural, c.info.singular, c.info.kind.toLowerCase()]) {
        const q = `${n}.${v.name}.${c.info.group}`;
        if (!names.has(q)) names.set(q, c.info);
      }
    }
    return names;
  };
  const changed = () => {
    merged = undefined;
    names = undefined;
  };

  return {
    all() {
      if (merged) return merged;
      if (customs.size === 0) return (merged = RESOURCES);
      const extra = [...customs.values()].map((c) => c.info).sort((a, b) => (a.group === b.group ? (a.plural < b.plural ? -1 : 1) : a.group < b.group ? -1 : 1));
      const out: ResourceInfo[] = [];
      let i = 0;
      for (const r of RESOURCES) {
        while (i < extra.length && extra[i]!.group < r.group) out.push(extra[i++]!);
        out.push(r);
      }
      while (i < extra.length) out.push(extra[i++]!);
      return (merged = Object.freeze(out));
    },
    resolve(typed) {
      const t = typed.toLowerCase();
      return lookup.get(t) ?? (customs.size ? customNames().get(t) : undefined);
    },
    forKind(apiVersion, kind) {
      const r = byKind.get(`${apiVersion}/${kind}`);
      if (r) return r;
      for (const c of customs.values()) {
        if (c.info.kind !== kind) continue;
        if (c.versions.some((v) => v.served && `${c.info.group}/${v.name}` === apiVersion)) return c.info;
      }
      return undefined;
    },
    kindExists(kind) {
      return kindExists(kind) ?? [...customs.values()].find((c) => c.info.kind === kind)?.info;
    },
    custom: (r) => byInfo.get(r),
    customByCrd: (crd) => customs.get(crd),
    register(c) {
      const prev = customs.get(c.crd);
      if (prev) byInfo.delete(prev.info);
      customs.set(c.crd, c);
      byInfo.set(c.info, c);
      changed();
    },
    unregister(crd) {
      const c = customs.get(crd);
      if (!c) return undefined;
      customs.delete(crd);
      byInfo.delete(c.info);
      changed();
      return c;
    },
    storageKey(r) {
      const c = byInfo.get(r);
      return c ? c.crd : r.plural;
    },
  };
}
