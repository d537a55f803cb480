// weave-net 2.8.1 as the learner applies it: the notes' cloud.weave.works launcher (gone today; the
// chapter says so) and the release asset on GitHub (a 302 from github.com to objects.githubusercontent.com).
import { stringify } from 'yaml';
import { weaveDaemonSet } from '../../bootstrap/kubeadm.ts';

export const WEAVE_CLOUD_HOST = 'cloud.weave.works';
export const WEAVE_CLOUD_PATH = '/k8s/net';
export const WEAVE_RELEASE_HOST = 'github.com';
export const WEAVE_RELEASE_PATH = '/weaveworks/weave/releases/download/v2.8.1/weave-daemonset-k8s.yaml';
export const WEAVE_ASSET_HOST = 'objects.githubusercontent.com';
export const WEAVE_ASSET_PATH = '/github-production-release-asset-2e65be/19089593/8d0d7a00-6a6b-11eb-8e3e-5a0b0b2b4f1c';
export const WEAVE_RELEASE_URL = `https://${WEAVE_RELEASE_HOST}${WEAVE_RELEASE_PATH}`;

const label = { name: 'weave-net' };
const sa = { kind: 'ServiceAccount', name: 'weave-net', namespace: 'kube-system' };

/** The RBAC the DaemonSet's service account needs, then the DaemonSet: what `kubectl apply` creates, in order. */
function items(daemonSet: Record<string, any>): Record<string, any>[] {
  return [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'weave-net', labels: label, namespace: 'kube-system' } },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'weave-net', labels: label },
      rules: [
        { apiGroups: [''], resources: ['pods', 'namespaces', 'nodes'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: ['extensions'], resources: ['networkpolicies'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: ['networking.k8s.io'], resources: ['networkpolicies'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: [''], resources: ['nodes/status'], verbs: ['patch', 'update'] },
      ],
    },
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'weave-net', labels: label }, roleRef: { kind: 'ClusterRole', name: 'weave-net', apiGroup: 'rbac.authorization.k8s.io' }, subjects: [sa] },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: 'weave-net', namespace: 'kube-system', labels: label },
      rules: [
        { apiGroups: [''], resources: ['configmaps'], resourceNames: ['weave-net'], verbs: ['get', 'update'] },
        { apiGroups: [''], resources: ['configmaps'], verbs: ['create'] },
      ],
    },
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'weave-net', namespace: 'kube-system', labels: label }, roleRef: { kind: 'Role', name: 'weave-net', apiGroup: 'rbac.authorization.k8s.io' }, subjects: [sa] },
    daemonSet,
  ];
}

function releaseDaemonSet(): Record<string, any> {
  const ds = JSON.parse(JSON.stringify(weaveDaemonSet()));
  // the release asset carries no launcher annotation
  delete ds.metadata.annotations;
  return ds;
}

function cloudDaemonSet(): Record<string, any> {
  const ds = JSON.parse(JSON.stringify(weaveDaemonSet()));
  ds.metadata.annotations = {
    'cloud.weave.works/launcher-info': '{\n  "original-request": {\n    "url": "/k8s/v1.16/net.yaml",\n    "date": "Thu Jul 21 2022 01:05:12 GMT+0000 (UTC)"\n  },\n  "email-address": "support@weave.works"\n}',
  };
  return ds;
}

const list = (objs: Record<string, any>[]) => stringify({ apiVersion: 'v1', kind: 'List', items: objs }, { lineWidth: 0, aliasDuplicateObjects: false });

/** weave-daemonset-k8s.yaml of the v2.8.1 release. */
export const WEAVE_RELEASE_YAML = list(items(releaseDaemonSet()));
/** What cloud.weave.works/k8s/net?k8s-version=… answered in 2022. */
export const WEAVE_CLOUD_YAML = list(items(cloudDaemonSet()));
