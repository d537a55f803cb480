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

/** The resource for an object's apiVersion + kind. */
export function forKind(apiVersion: string, kind: string): ResourceInfo | undefined {
  return byKind.get(`${apiVersion}/${kind}`);
}

/** Any version of a kind (for `no matches for kind` vs wrong version errors). */
export function kindExists(kind: string): ResourceInfo | undefined {
  return RESOURCES.find((r) => r.kind === kind);
}

const lookup = new Map<string, ResourceInfo>();
for (const r of RESOURCES) {
  const names = [r.plural, r.singular, r.kind.toLowerCase(), ...r.shortNames];
  for (const n of names) if (!lookup.has(n)) lookup.set(n, r);
  for (const n of [r.plural, r.singular, r.kind.toLowerCase()]) {
    if (r.group) {
      const q = `${n}.${r.group}`;
      if (!lookup.has(q)) lookup.set(q, r);
      const qv = `${n}.${r.version}.${r.group}`;
      if (!lookup.has(qv)) lookup.set(qv, r);
    } else {
      const qv = `${n}.${r.version}`;
      if (!lookup.has(qv)) lookup.set(qv, r);
    }
  }
}

/** `po`, `pods`, `Pod`, `deployments.apps`, `deployment.v1.apps` → ResourceInfo. */
export function resolveResource(typed: string): ResourceInfo | undefined {
  return lookup.get(typed.toLowerCase());
}

/** The resource by its storage plural (as used by get/list/watch). */
export function byPlural(plural: string): ResourceInfo | undefined {
  return resolveResource(plural);
}
