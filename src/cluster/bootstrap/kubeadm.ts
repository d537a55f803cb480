// The starting cluster: what the notes' `kubeadm init` + weave-net + three `kubeadm join`s leave
// behind, three days before the course begins. Objects are written through the API server with the
// clock set back to when each step happened, so ages, uids and resourceVersions look lived-in.
import { stringify } from 'yaml';
import type { ComponentContext } from '../component.ts';
import type { ApiServer, KubeObject, NewObject, OwnerReference, WriteOptions } from '../types.ts';
import type { VirtualClock } from '../clock.ts';
import { rfc3339 } from '../clock.ts';
import { MACHINES } from '../hosts/index.ts';
import { rootCAConfigMap } from '../controller-manager/namespace.ts';
import { computeHash } from '../controller-manager/pod-template-hash.ts';
import { CA_PEM, adminKubeconfig, b64, fakeBase64, fakeHex, kubeletKubeconfig } from './pki.ts';
import { IMAGES, K8S_VERSION, MASTER_IMAGES, WORKER_IMAGES } from './images.ts';
import type { BootImage } from './images.ts';

const SEC = 1000;
const MIN = 60 * SEC;
const DAY = 24 * 60 * MIN;
const NAMESPACES = ['default', 'kube-node-lease', 'kube-public', 'kube-system'];

/** The kubeadm cluster was built this long before the start instant. */
// A little over three days, so `kubectl get nodes` reads AGE 3d at the start (not 2d23h).
export const KUBEADM_HISTORY_MS = 3 * DAY + 40 * MIN;

type Ctx = ComponentContext;

function baseNamespaces(ctx: Ctx): void {
  for (const ns of ['default', 'kube-system', 'kube-public', 'kube-node-lease']) {
    ctx.api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  }
}

function namespaceDefaults(ctx: Ctx, namespaces: string[]): void {
  for (const ns of namespaces) {
    ctx.api.create({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: ns } });
    ctx.api.create(rootCAConfigMap(ns));
  }
}

/** `preset: 'empty'`: the four namespaces with their default ServiceAccount and CA ConfigMap, nothing else. */
export function bootstrapEmpty(ctx: Ctx): void {
  baseNamespaces(ctx);
  namespaceDefaults(ctx, NAMESPACES);
}

// ---------------------------------------------------------------------------------------------

interface Machine {
  name: string;
  ip: string;
  joinedAt: number;
  uid?: string;
}

const cond = (type: string, at: string) => ({ lastProbeTime: null, lastTransitionTime: at, status: 'True', type });

/** What the kubelet reports for a running pod. */
function runningStatus(ctx: Ctx, pod: KubeObject, o: { hostIP: string; podIP: string; createdAt: number; startedAt: number; readyAt: number; images: Record<string, BootImage> }): any {
  const spec = pod.spec;
  const t = (ms: number) => rfc3339(ms);
  const mountsOf = (c: any) =>
    (c.volumeMounts ?? []).map((m: any) => (m.readOnly ? { mountPath: m.mountPath, name: m.name, readOnly: true, recursiveReadOnly: 'Disabled' } : { mountPath: m.mountPath, name: m.name })).sort((a: any, b: any) => (a.mountPath < b.mountPath ? -1 : 1));
  const statusOf = (c: any, init: boolean) => {
    const im = o.images[c.name]!;
    const base: any = {
      containerID: `containerd://${ctx.random.hex(64)}`,
      image: im.ref,
      imageID: `${im.ref.replace(/:[^:/]+$/, '')}@${im.digest}`,
      lastState: {},
      name: c.name,
      ready: !init,
      restartCount: 0,
      started: !init,
      state: init
        ? { terminated: { containerID: '', exitCode: 0, finishedAt: t(o.startedAt - 2 * SEC), reason: 'Completed', startedAt: t(o.startedAt - 3 * SEC) } }
        : { running: { startedAt: t(o.startedAt) } },
    };
    if (init) base.state.terminated.containerID = base.containerID;
    const mounts = mountsOf(c);
    if (mounts.length) base.volumeMounts = mounts;
    return base;
  };
  const status: any = {
    conditions: [
      cond('PodReadyToStartContainers', t(o.startedAt - 1 * SEC)),
      cond('Initialized', t(spec.initContainers ? o.startedAt - 2 * SEC : o.createdAt)),
      cond('Ready', t(o.readyAt)),
      cond('ContainersReady', t(o.readyAt)),
      cond('PodScheduled', t(o.createdAt)),
    ],
    containerStatuses: spec.containers.map((c: any) => statusOf(c, false)).sort((a: any, b: any) => (a.name < b.name ? -1 : 1)),
    hostIP: o.hostIP,
    hostIPs: [{ ip: o.hostIP }],
    phase: 'Running',
    podIP: o.podIP,
    podIPs: [{ ip: o.podIP }],
    qosClass: pod.status?.qosClass,
    startTime: t(o.createdAt),
  };
  if (spec.initContainers) status.initContainerStatuses = spec.initContainers.map((c: any) => statusOf(c, true));
  return status;
}

function nodeObject(ctx: Ctx, m: Machine, control: boolean): NewObject {
  const labels: Record<string, string> = {
    'beta.kubernetes.io/arch': 'amd64',
    'beta.kubernetes.io/os': 'linux',
    'kubernetes.io/arch': 'amd64',
    'kubernetes.io/hostname': m.name,
    'kubernetes.io/os': 'linux',
  };
  if (control) {
    labels['node-role.kubernetes.io/control-plane'] = '';
    labels['node.kubernetes.io/exclude-from-external-load-balancers'] = '';
  }
  const t = rfc3339(m.joinedAt);
  const heartbeat = rfc3339(m.joinedAt);
  const images = control ? MASTER_IMAGES : WORKER_IMAGES;
  for (const im of images) ctx.images.add(m.name, im.image, im.digest, im.sizeBytes);
  const capacity = { cpu: '2', 'ephemeral-storage': '17811456Ki', 'hugepages-1Gi': '0', 'hugepages-2Mi': '0', memory: '3861508Ki', pods: '110' };
  const allocatable = { cpu: '2', 'ephemeral-storage': '16415037823', 'hugepages-1Gi': '0', 'hugepages-2Mi': '0', memory: '3759108Ki', pods: '110' };
  const hexId = ctx.random.hex(32);
  const uuid = ctx.random.uuid().toUpperCase();
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: m.name,
      labels,
      annotations: {
        'kubeadm.alpha.kubernetes.io/cri-socket': 'unix:///var/run/containerd/containerd.sock',
        'node.alpha.kubernetes.io/ttl': '0',
        'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
      },
    },
    spec: control ? { taints: [{ effect: 'NoSchedule', key: 'node-role.kubernetes.io/control-plane' }] } : {},
    status: {
      addresses: [
        { address: m.ip, type: 'InternalIP' },
        { address: m.name, type: 'Hostname' },
      ],
      allocatable,
      capacity,
      conditions: [
        { lastHeartbeatTime: t, lastTransitionTime: t, message: 'Weave pod has set this', reason: 'WeaveIsUp', status: 'False', type: 'NetworkUnavailable' },
        { lastHeartbeatTime: heartbeat, lastTransitionTime: t, message: 'kubelet has sufficient memory available', reason: 'KubeletHasSufficientMemory', status: 'False', type: 'MemoryPressure' },
        { lastHeartbeatTime: heartbeat, lastTransitionTime: t, message: 'kubelet has no disk pressure', reason: 'KubeletHasNoDiskPressure', status: 'False', type: 'DiskPressure' },
        { lastHeartbeatTime: heartbeat, lastTransitionTime: t, message: 'kubelet has sufficient PID available', reason: 'KubeletHasSufficientPID', status: 'False', type: 'PIDPressure' },
        { lastHeartbeatTime: heartbeat, lastTransitionTime: t, message: 'kubelet is posting ready status', reason: 'KubeletReady', status: 'True', type: 'Ready' },
      ],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      images: ctx.images.nodeStatusImages(m.name),
      nodeInfo: {
        architecture: 'amd64',
        bootID: ctx.random.uuid(),
        containerRuntimeVersion: 'containerd://1.7.27',
        kernelVersion: '3.10.0-1160.el7.x86_64',
        kubeProxyVersion: K8S_VERSION,
        kubeletVersion: K8S_VERSION,
        machineID: hexId,
        operatingSystem: 'linux',
        osImage: 'CentOS Linux 7 (Core)',
        systemUUID: uuid,
      },
    },
  };
}

const hostPath = (name: string, path: string, type: string) => ({ hostPath: { path, type }, name });
const probe = (path: string, port: number, scheme: 'HTTP' | 'HTTPS', failureThreshold: number, extra: Record<string, number> = {}) => ({
  failureThreshold,
  httpGet: { host: '127.0.0.1', path, port, scheme },
  ...(extra.initialDelaySeconds !== undefined ? { initialDelaySeconds: extra.initialDelaySeconds } : {}),
  periodSeconds: extra.periodSeconds ?? 10,
  timeoutSeconds: 15,
});

/** Image names the control-plane manifests run (the kubeadm preset's 1.32 images by default). */
export interface ControlPlaneImages {
  etcd: string;
  apiserver: string;
  controllerManager: string;
  scheduler: string;
}

const DEFAULT_CP_IMAGES: ControlPlaneImages = { etcd: IMAGES.etcd.image, apiserver: IMAGES.apiserver.image, controllerManager: IMAGES.controllerManager.image, scheduler: IMAGES.scheduler.image };

/** The four static pod manifests kubeadm writes to /etc/kubernetes/manifests. */
export function staticPodManifests(ip: string, images: ControlPlaneImages = DEFAULT_CP_IMAGES, node = 'master'): Record<string, any> {
  const manifest = (component: string, annotations: Record<string, string> | undefined, container: any, volumes: any[]) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { ...(annotations ? { annotations } : {}), creationTimestamp: null, labels: { component, tier: 'control-plane' }, name: component, namespace: 'kube-system' },
    spec: {
      containers: [{ ...container, imagePullPolicy: 'IfNotPresent', name: component }],
      hostNetwork: true,
      priority: 2000001000,
      priorityClassName: 'system-node-critical',
      securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
      volumes,
    },
    status: {},
  });
  const pkiMounts = [
    { mountPath: '/etc/ssl/certs', name: 'ca-certs', readOnly: true },
    { mountPath: '/etc/pki', name: 'etc-pki', readOnly: true },
    { mountPath: '/etc/kubernetes/pki', name: 'k8s-certs', readOnly: true },
  ];
  const pkiVolumes = [hostPath('ca-certs', '/etc/ssl/certs', 'DirectoryOrCreate'), hostPath('etc-pki', '/etc/pki', 'DirectoryOrCreate'), hostPath('k8s-certs', '/etc/kubernetes/pki', 'DirectoryOrCreate')];
  return {
    etcd: manifest(
      'etcd',
      { 'kubeadm.kubernetes.io/etcd.advertise-client-urls': `https://${ip}:2379` },
      {
        command: [
          'etcd',
          `--advertise-client-urls=https://${ip}:2379`,
          '--cert-file=/etc/kubernetes/pki/etcd/server.crt',
          '--client-cert-auth=true',
          '--data-dir=/var/lib/etcd',
          '--experimental-initial-corrupt-check=true',
          '--experimental-watch-progress-notify-interval=5s',
          `--initial-advertise-peer-urls=https://${ip}:2380`,
          `--initial-cluster=${node}=https://${ip}:2380`,
          '--key-file=/etc/kubernetes/pki/etcd/server.key',
          `--listen-client-urls=https://127.0.0.1:2379,https://${ip}:2379`,
          '--listen-metrics-urls=http://127.0.0.1:2381',
          `--listen-peer-urls=https://${ip}:2380`,
          `--name=${node}`,
          '--peer-cert-file=/etc/kubernetes/pki/etcd/peer.crt',
          '--peer-client-cert-auth=true',
          '--peer-key-file=/etc/kubernetes/pki/etcd/peer.key',
          '--peer-trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt',
          '--snapshot-count=10000',
          '--trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt',
        ],
        image: images.etcd,
        livenessProbe: probe('/livez', 2381, 'HTTP', 8, { initialDelaySeconds: 10 }),
        readinessProbe: probe('/readyz', 2381, 'HTTP', 3, { periodSeconds: 1 }),
        resources: { requests: { cpu: '100m', memory: '100Mi' } },
        startupProbe: probe('/readyz', 2381, 'HTTP', 24, { initialDelaySeconds: 10 }),
        volumeMounts: [
          { mountPath: '/var/lib/etcd', name: 'etcd-data' },
          { mountPath: '/etc/kubernetes/pki/etcd', name: 'etcd-certs' },
        ],
      },
      [hostPath('etcd-certs', '/etc/kubernetes/pki/etcd', 'DirectoryOrCreate'), hostPath('etcd-data', '/var/lib/etcd', 'DirectoryOrCreate')],
    ),
    'kube-apiserver': manifest(
      'kube-apiserver',
      { 'kubeadm.kubernetes.io/kube-apiserver.advertise-address.endpoint': `${ip}:6443` },
      {
        command: [
          'kube-apiserver',
          `--advertise-address=${ip}`,
          '--allow-privileged=true',
          '--authorization-mode=Node,RBAC',
          '--client-ca-file=/etc/kubernetes/pki/ca.crt',
          '--enable-admission-plugins=NodeRestriction',
          '--enable-bootstrap-token-auth=true',
          '--etcd-cafile=/etc/kubernetes/pki/etcd/ca.crt',
          '--etcd-certfile=/etc/kubernetes/pki/apiserver-etcd-client.crt',
          '--etcd-keyfile=/etc/kubernetes/pki/apiserver-etcd-client.key',
          '--etcd-servers=https://127.0.0.1:2379',
          '--kubelet-client-certificate=/etc/kubernetes/pki/apiserver-kubelet-client.crt',
          '--kubelet-client-key=/etc/kubernetes/pki/apiserver-kubelet-client.key',
          '--kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname',
          '--proxy-client-cert-file=/etc/kubernetes/pki/front-proxy-client.crt',
          '--proxy-client-key-file=/etc/kubernetes/pki/front-proxy-client.key',
          '--requestheader-allowed-names=front-proxy-client',
          '--requestheader-client-ca-file=/etc/kubernetes/pki/front-proxy-ca.crt',
          '--requestheader-extra-headers-prefix=X-Remote-Extra-',
          '--requestheader-group-headers=X-Remote-Group',
          '--requestheader-username-headers=X-Remote-User',
          '--secure-port=6443',
          '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
          '--service-account-key-file=/etc/kubernetes/pki/sa.pub',
          '--service-account-signing-key-file=/etc/kubernetes/pki/sa.key',
          '--service-cluster-ip-range=10.96.0.0/12',
          '--tls-cert-file=/etc/kubernetes/pki/apiserver.crt',
          '--tls-private-key-file=/etc/kubernetes/pki/apiserver.key',
        ],
        image: images.apiserver,
        livenessProbe: { ...probe('/livez', 6443, 'HTTPS', 8, { initialDelaySeconds: 10 }), httpGet: { host: ip, path: '/livez', port: 6443, scheme: 'HTTPS' } },
        readinessProbe: { ...probe('/readyz', 6443, 'HTTPS', 3, { periodSeconds: 1 }), httpGet: { host: ip, path: '/readyz', port: 6443, scheme: 'HTTPS' } },
        resources: { requests: { cpu: '250m' } },
        startupProbe: { ...probe('/livez', 6443, 'HTTPS', 24, { initialDelaySeconds: 10 }), httpGet: { host: ip, path: '/livez', port: 6443, scheme: 'HTTPS' } },
        volumeMounts: pkiMounts,
      },
      pkiVolumes,
    ),
    'kube-controller-manager': manifest(
      'kube-controller-manager',
      undefined,
      {
        command: [
          'kube-controller-manager',
          '--authentication-kubeconfig=/etc/kubernetes/controller-manager.conf',
          '--authorization-kubeconfig=/etc/kubernetes/controller-manager.conf',
          '--bind-address=127.0.0.1',
          '--client-ca-file=/etc/kubernetes/pki/ca.crt',
          '--cluster-name=kubernetes',
          '--cluster-signing-cert-file=/etc/kubernetes/pki/ca.crt',
          '--cluster-signing-key-file=/etc/kubernetes/pki/ca.key',
          '--controllers=*,bootstrapsigner,tokencleaner',
          '--kubeconfig=/etc/kubernetes/controller-manager.conf',
          '--leader-elect=true',
          '--requestheader-client-ca-file=/etc/kubernetes/pki/front-proxy-ca.crt',
          '--root-ca-file=/etc/kubernetes/pki/ca.crt',
          '--service-account-private-key-file=/etc/kubernetes/pki/sa.key',
          '--use-service-account-credentials=true',
        ],
        image: images.controllerManager,
        livenessProbe: probe('/healthz', 10257, 'HTTPS', 8, { initialDelaySeconds: 10 }),
        resources: { requests: { cpu: '200m' } },
        startupProbe: probe('/healthz', 10257, 'HTTPS', 24, { initialDelaySeconds: 10 }),
        volumeMounts: [
          ...pkiMounts.slice(0, 2),
          { mountPath: '/usr/libexec/kubernetes/kubelet-plugins/volume/exec', name: 'flexvolume-dir' },
          pkiMounts[2],
          { mountPath: '/etc/kubernetes/controller-manager.conf', name: 'kubeconfig', readOnly: true },
        ],
      },
      [
        ...pkiVolumes.slice(0, 2),
        hostPath('flexvolume-dir', '/usr/libexec/kubernetes/kubelet-plugins/volume/exec', 'DirectoryOrCreate'),
        pkiVolumes[2],
        hostPath('kubeconfig', '/etc/kubernetes/controller-manager.conf', 'FileOrCreate'),
      ],
    ),
    'kube-scheduler': manifest(
      'kube-scheduler',
      undefined,
      {
        command: [
          'kube-scheduler',
          '--authentication-kubeconfig=/etc/kubernetes/scheduler.conf',
          '--authorization-kubeconfig=/etc/kubernetes/scheduler.conf',
          '--bind-address=127.0.0.1',
          '--kubeconfig=/etc/kubernetes/scheduler.conf',
          '--leader-elect=true',
        ],
        image: images.scheduler,
        livenessProbe: probe('/livez', 10259, 'HTTPS', 8, { initialDelaySeconds: 10 }),
        readinessProbe: probe('/readyz', 10259, 'HTTPS', 3, { periodSeconds: 1 }),
        resources: { requests: { cpu: '100m' } },
        startupProbe: probe('/livez', 10259, 'HTTPS', 24, { initialDelaySeconds: 10 }),
        volumeMounts: [{ mountPath: '/etc/kubernetes/scheduler.conf', name: 'kubeconfig', readOnly: true }],
      },
      [hostPath('kubeconfig', '/etc/kubernetes/scheduler.conf', 'FileOrCreate')],
    ),
  };
}

export const DS_TOLERATIONS = [
  { effect: 'NoExecute', key: 'node.kubernetes.io/not-ready', operator: 'Exists' },
  { effect: 'NoExecute', key: 'node.kubernetes.io/unreachable', operator: 'Exists' },
  { effect: 'NoSchedule', key: 'node.kubernetes.io/disk-pressure', operator: 'Exists' },
  { effect: 'NoSchedule', key: 'node.kubernetes.io/memory-pressure', operator: 'Exists' },
  { effect: 'NoSchedule', key: 'node.kubernetes.io/pid-pressure', operator: 'Exists' },
  { effect: 'NoSchedule', key: 'node.kubernetes.io/unschedulable', operator: 'Exists' },
  { effect: 'NoSchedule', key: 'node.kubernetes.io/network-unavailable', operator: 'Exists' },
];

export function kubeProxyDaemonSet(image: string = IMAGES.proxy.image): NewObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'kube-proxy', namespace: 'kube-system', labels: { 'k8s-app': 'kube-proxy' }, annotations: { 'deprecated.daemonset.template.generation': '1' } },
    spec: {
      selector: { matchLabels: { 'k8s-app': 'kube-proxy' } },
      template: {
        metadata: { labels: { 'k8s-app': 'kube-proxy' } },
        spec: {
          containers: [
            {
              command: ['/usr/local/bin/kube-proxy', '--config=/var/lib/kube-proxy/config.conf', '--hostname-override=$(NODE_NAME)'],
              env: [{ name: 'NODE_NAME', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'spec.nodeName' } } }],
              image,
              imagePullPolicy: 'IfNotPresent',
              name: 'kube-proxy',
              securityContext: { privileged: true },
              volumeMounts: [
                { mountPath: '/var/lib/kube-proxy', name: 'kube-proxy' },
                { mountPath: '/run/xtables.lock', name: 'xtables-lock' },
                { mountPath: '/lib/modules', name: 'lib-modules', readOnly: true },
              ],
            },
          ],
          hostNetwork: true,
          nodeSelector: { 'kubernetes.io/os': 'linux' },
          priorityClassName: 'system-node-critical',
          serviceAccount: 'kube-proxy',
          serviceAccountName: 'kube-proxy',
          tolerations: [{ operator: 'Exists' }],
          volumes: [
            { configMap: { defaultMode: 420, name: 'kube-proxy' }, name: 'kube-proxy' },
            hostPath('xtables-lock', '/run/xtables.lock', 'FileOrCreate'),
            hostPath('lib-modules', '/lib/modules', ''),
          ],
        },
      },
      updateStrategy: { rollingUpdate: { maxSurge: 0, maxUnavailable: 1 }, type: 'RollingUpdate' },
    },
  };
}

export function weaveDaemonSet(): NewObject {
  const env = [
    { name: 'HOSTNAME', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'spec.nodeName' } } },
    { name: 'INIT_CONTAINER', value: 'true' },
  ];
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: {
      name: 'weave-net',
      namespace: 'kube-system',
      labels: { name: 'weave-net' },
      annotations: {
        'cloud.weave.works/launcher-info': '{\n  "original-request": {\n    "url": "/k8s/v1.16/net.yaml?k8s-version=v1.32.4",\n    "date": "Thu Nov 19 2026 01:05:12 GMT+0000 (UTC)"\n  },\n  "email-address": "support@weave.works"\n}',
        'deprecated.daemonset.template.generation': '1',
      },
    },
    spec: {
      minReadySeconds: 5,
      selector: { matchLabels: { name: 'weave-net' } },
      template: {
        metadata: { labels: { name: 'weave-net' } },
        spec: {
          containers: [
            {
              command: ['/home/weave/launch.sh'],
              env: [env[0], { name: 'INIT_CONTAINER', value: 'true' }],
              image: IMAGES.weave.image,
              name: 'weave',
              readinessProbe: { failureThreshold: 3, httpGet: { host: '127.0.0.1', path: '/status', port: 6784, scheme: 'HTTP' }, periodSeconds: 10, successThreshold: 1, timeoutSeconds: 1 },
              resources: { requests: { cpu: '50m' } },
              securityContext: { privileged: true },
              volumeMounts: [
                { mountPath: '/weavedb', name: 'weavedb' },
                { mountPath: '/host/var/lib/dbus', name: 'dbus', readOnly: true },
                { mountPath: '/host/etc/machine-id', name: 'cni-machine-id', readOnly: true },
                { mountPath: '/run/xtables.lock', name: 'xtables-lock' },
              ],
            },
            {
              env: [env[0]],
              image: IMAGES.weaveNpc.image,
              name: 'weave-npc',
              resources: { requests: { cpu: '50m' } },
              securityContext: { privileged: true },
              volumeMounts: [{ mountPath: '/run/xtables.lock', name: 'xtables-lock' }],
            },
          ],
          dnsPolicy: 'ClusterFirstWithHostNet',
          hostNetwork: true,
          initContainers: [
            {
              command: ['/home/weave/init.sh'],
              image: IMAGES.weave.image,
              name: 'weave-init',
              securityContext: { privileged: true },
              volumeMounts: [
                { mountPath: '/opt', name: 'cni-bin' },
                { mountPath: '/host/home', name: 'cni-bin2' },
                { mountPath: '/host/etc', name: 'cni-conf' },
                { mountPath: '/lib/modules', name: 'lib-modules' },
                { mountPath: '/run/xtables.lock', name: 'xtables-lock' },
              ],
            },
          ],
          priorityClassName: 'system-node-critical',
          securityContext: { seLinuxOptions: {} },
          serviceAccount: 'weave-net',
          serviceAccountName: 'weave-net',
          tolerations: [
            { effect: 'NoSchedule', operator: 'Exists' },
            { effect: 'NoExecute', operator: 'Exists' },
          ],
          volumes: [
            hostPath('weavedb', '/var/lib/weave', ''),
            hostPath('cni-bin', '/opt', ''),
            hostPath('cni-bin2', '/home', ''),
            hostPath('cni-conf', '/etc', ''),
            hostPath('cni-machine-id', '/etc/machine-id', ''),
            hostPath('dbus', '/var/lib/dbus', ''),
            hostPath('lib-modules', '/lib/modules', ''),
            hostPath('xtables-lock', '/run/xtables.lock', 'FileOrCreate'),
          ],
        },
      },
      updateStrategy: { type: 'RollingUpdate' },
    },
  };
}

export function corednsDeployment(image: string = IMAGES.coredns.image, extraTolerations: any[] = []): NewObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'coredns', namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' } },
    spec: {
      replicas: 2,
      selector: { matchLabels: { 'k8s-app': 'kube-dns' } },
      strategy: { rollingUpdate: { maxSurge: '25%', maxUnavailable: 1 }, type: 'RollingUpdate' },
      template: {
        metadata: { labels: { 'k8s-app': 'kube-dns' } },
        spec: {
          affinity: {
            podAntiAffinity: {
              preferredDuringSchedulingIgnoredDuringExecution: [
                { podAffinityTerm: { labelSelector: { matchExpressions: [{ key: 'k8s-app', operator: 'In', values: ['kube-dns'] }] }, topologyKey: 'kubernetes.io/hostname' }, weight: 100 },
              ],
            },
          },
          containers: [
            {
              args: ['-conf', '/etc/coredns/Corefile'],
              image,
              imagePullPolicy: 'IfNotPresent',
              livenessProbe: { failureThreshold: 5, httpGet: { path: '/health', port: 8080, scheme: 'HTTP' }, initialDelaySeconds: 60, periodSeconds: 10, successThreshold: 1, timeoutSeconds: 5 },
              name: 'coredns',
              ports: [
                { containerPort: 53, name: 'dns', protocol: 'UDP' },
                { containerPort: 53, name: 'dns-tcp', protocol: 'TCP' },
                { containerPort: 9153, name: 'metrics', protocol: 'TCP' },
              ],
              readinessProbe: { failureThreshold: 3, httpGet: { path: '/ready', port: 8181, scheme: 'HTTP' }, periodSeconds: 10, successThreshold: 1, timeoutSeconds: 1 },
              resources: { limits: { memory: '170Mi' }, requests: { cpu: '100m', memory: '70Mi' } },
              securityContext: { allowPrivilegeEscalation: false, capabilities: { add: ['NET_BIND_SERVICE'], drop: ['ALL'] }, readOnlyRootFilesystem: true },
              volumeMounts: [{ mountPath: '/etc/coredns', name: 'config-volume', readOnly: true }],
            },
          ],
          dnsPolicy: 'Default',
          nodeSelector: { 'kubernetes.io/os': 'linux' },
          priorityClassName: 'system-cluster-critical',
          serviceAccount: 'coredns',
          serviceAccountName: 'coredns',
          tolerations: [
            { key: 'CriticalAddonsOnly', operator: 'Exists' },
            ...extraTolerations,
            { effect: 'NoSchedule', key: 'node-role.kubernetes.io/control-plane' },
          ],
          volumes: [{ configMap: { defaultMode: 420, items: [{ key: 'Corefile', path: 'Corefile' }], name: 'coredns' }, name: 'config-volume' }],
        },
      },
    },
  };
}

export const COREFILE = `.:53 {
    errors
    health {
       lameduck 5s
    }
    ready
    kubernetes cluster.local in-addr.arpa ip6.arpa {
       pods insecure
       fallthrough in-addr.arpa ip6.arpa
       ttl 30
    }
    prometheus :9153
    forward . /etc/resolv.conf {
       max_concurrent 1000
    }
    cache 30 {
       disable success cluster.local
       disable denial cluster.local
    }
    loop
    reload
    loadbalance
}
`;

const CLUSTER_CONFIGURATION = `apiServer: {}
apiVersion: kubeadm.k8s.io/v1beta4
caCertificateValidityPeriod: 87600h0m0s
certificateValidityPeriod: 8760h0m0s
certificatesDir: /etc/kubernetes/pki
clusterName: kubernetes
controlPlaneEndpoint: ""
controllerManager: {}
dns: {}
encryptionAlgorithm: RSA-2048
etcd:
  local:
    dataDir: /var/lib/etcd
imageRepository: registry.k8s.io
kind: ClusterConfiguration
kubernetesVersion: ${K8S_VERSION}
networking:
  dnsDomain: cluster.local
  serviceSubnet: 10.96.0.0/12
proxy: {}
scheduler: {}
`;

export const KUBELET_CONFIG = `apiVersion: kubelet.config.k8s.io/v1beta1
authentication:
  anonymous:
    enabled: false
  webhook:
    cacheTTL: 0s
    enabled: true
  x509:
    clientCAFile: /etc/kubernetes/pki/ca.crt
authorization:
  mode: Webhook
  webhook:
    cacheAuthorizedTTL: 0s
    cacheUnauthorizedTTL: 0s
cgroupDriver: systemd
clusterDNS:
- 10.96.0.10
clusterDomain: cluster.local
containerRuntimeEndpoint: ""
cpuManagerReconcilePeriod: 0s
crashLoopBackOff: {}
evictionPressureTransitionPeriod: 0s
fileCheckFrequency: 0s
healthzBindAddress: 127.0.0.1
healthzPort: 10248
httpCheckFrequency: 0s
imageMaximumGCAge: 0s
imageMinimumGCAge: 0s
kind: KubeletConfiguration
logging:
  flushFrequency: 0
  options:
    json:
      infoBufferSize: "0"
    text:
      infoBufferSize: "0"
  verbosity: 0
memorySwap: {}
nodeStatusReportFrequency: 0s
nodeStatusUpdateFrequency: 0s
rotateCertificates: true
runtimeRequestTimeout: 0s
shutdownGracePeriod: 0s
shutdownGracePeriodCriticalPods: 0s
staticPodPath: /etc/kubernetes/manifests
streamingConnectionIdleTimeout: 0s
syncFrequency: 0s
volumeStatsAggPeriod: 0s
`;

export const KUBE_PROXY_CONFIG = `apiVersion: kubeproxy.config.k8s.io/v1alpha1
bindAddress: 0.0.0.0
bindAddressHardFail: false
clientConnection:
  acceptContentTypes: ""
  burst: 0
  contentType: ""
  kubeconfig: /var/lib/kube-proxy/kubeconfig.conf
  qps: 0
clusterCIDR: ""
configSyncPeriod: 0s
conntrack:
  maxPerCore: null
  min: null
  tcpBeLiberal: false
  tcpCloseWaitTimeout: null
  tcpEstablishedTimeout: null
  udpStreamTimeout: 0s
  udpTimeout: 0s
detectLocal:
  bridgeInterface: ""
  interfaceNamePrefix: ""
detectLocalMode: ""
enableProfiling: false
healthzBindAddress: ""
hostnameOverride: ""
iptables:
  localhostNodePorts: null
  masqueradeAll: false
  masqueradeBit: null
  minSyncPeriod: 0s
  syncPeriod: 0s
ipvs:
  excludeCIDRs: null
  minSyncPeriod: 0s
  scheduler: ""
  strictARP: false
  syncPeriod: 0s
  tcpFinTimeout: 0s
  tcpTimeout: 0s
  udpTimeout: 0s
kind: KubeProxyConfiguration
logging:
  flushFrequency: 0
  options:
    json:
      infoBufferSize: "0"
    text:
      infoBufferSize: "0"
  verbosity: 0
metricsBindAddress: ""
mode: ""
nftables:
  masqueradeAll: false
  masqueradeBit: null
  minSyncPeriod: 0s
  syncPeriod: 0s
nodePortAddresses: null
oomScoreAdj: null
portRange: ""
showHiddenMetricsForVersion: ""
winkernel:
  enableDSR: false
  forwardHealthCheckVip: false
  networkName: ""
  rootHnsEndpointName: ""
  sourceVip: ""
`;

export const KUBE_PROXY_KUBECONFIG = (server: string) => `apiVersion: v1
kind: Config
clusters:
- cluster:
    certificate-authority: /var/run/secrets/kubernetes.io/serviceaccount/ca.crt
    server: ${server}
  name: default
contexts:
- context:
    cluster: default
    namespace: default
    user: default
  name: default
current-context: default
users:
- name: default
  user:
    tokenFile: /var/run/secrets/kubernetes.io/serviceaccount/token
`;

/** The ConfigMap kube-apiserver publishes for aggregated API servers (front-proxy request headers). */
export function extensionApiserverAuthentication(): NewObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'extension-apiserver-authentication', namespace: 'kube-system' },
    data: {
      'client-ca-file': CA_PEM,
      'requestheader-allowed-names': '["front-proxy-client"]',
      'requestheader-client-ca-file': CA_PEM,
      'requestheader-extra-headers-prefix': '["X-Remote-Extra-"]',
      'requestheader-group-headers': '["X-Remote-Group"]',
      'requestheader-username-headers': '["X-Remote-User"]',
    },
  };
}

/** The kube-dns Service kubeadm's CoreDNS addon creates (10.96.0.10). */
export function kubeDnsService(): NewObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: 'kube-dns',
      namespace: 'kube-system',
      labels: { 'k8s-app': 'kube-dns', 'kubernetes.io/cluster-service': 'true', 'kubernetes.io/name': 'CoreDNS' },
      annotations: { 'prometheus.io/port': '9153', 'prometheus.io/scrape': 'true' },
    },
    spec: {
      clusterIP: '10.96.0.10',
      ports: [
        { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
        { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 },
        { name: 'metrics', port: 9153, protocol: 'TCP', targetPort: 9153 },
      ],
      selector: { 'k8s-app': 'kube-dns' },
      type: 'ClusterIP',
    },
  };
}

export const SYSTEM_SERVICE_ACCOUNTS = [
  'attachdetach-controller', 'bootstrap-signer', 'certificate-controller', 'clusterrole-aggregation-controller', 'coredns',
  'cronjob-controller', 'daemon-set-controller', 'deployment-controller', 'disruption-controller',
  'endpoint-controller', 'endpointslice-controller', 'endpointslicemirroring-controller', 'ephemeral-volume-controller',
  'expand-controller', 'generic-garbage-collector', 'horizontal-pod-autoscaler', 'job-controller', 'kube-proxy',
  'legacy-service-account-token-cleaner', 'namespace-controller', 'node-controller', 'persistent-volume-binder',
  'pod-garbage-collector', 'pv-protection-controller', 'pvc-protection-controller', 'replicaset-controller',
  'replication-controller', 'resourcequota-controller', 'root-ca-cert-publisher', 'service-account-controller',
  'service-cidrs-controller', 'statefulset-controller', 'token-cleaner', 'ttl-after-finished-controller', 'ttl-controller',
  'validatingadmissionpolicy-status-controller',
];

const ownerRef = (o: KubeObject, controller = true): OwnerReference => ({
  apiVersion: o.apiVersion,
  kind: o.kind,
  name: o.metadata.name,
  uid: o.metadata.uid,
  controller,
  blockOwnerDeletion: true,
});

/** The API with every result handed back frozen and uncopied: the bootstrap only reads what it wrote. */
function readOnlyResults(api: ApiServer): ApiServer {
  const frozen = <T extends WriteOptions | undefined>(o: T) => ({ ...o, frozenResult: true });
  return {
    ...api,
    // every object the bootstrap writes is built fresh for the call
    create: (obj, o) => api.create(obj, { ...frozen(o), handOver: true }),
    update: (obj, o) => api.update(obj, frozen(o)),
    updateStatus: (obj, o) => api.updateStatus(obj, frozen(o)),
    get: (plural, ns, name) => api.tryGet(plural, ns, name, { frozenResult: true }) ?? api.get(plural, ns, name),
  };
}

/** `preset: 'kubeadm'`: master + node1..3, weave-net, coredns — the notes' cluster, up for three days. */
export function bootstrapKubeadm(ctx0: Ctx, clock: VirtualClock, serverUrl: string): void {
  const ctx: Ctx = { ...ctx0, api: readOnlyResults(ctx0.api) };
  const { api, random } = ctx;
  // The clock starts KUBEADM_HISTORY_MS before the course begins; the history is written walking forward.
  const T = clock.now();
  const start = T + KUBEADM_HISTORY_MS;
  const at = (ms: number) => clock.setNow(ms);
  const machines: Machine[] = MACHINES.map((m, i) => ({ ...m, joinedAt: i === 0 ? T + 2 * SEC : T + (10 + i) * MIN }));
  const master = machines[0]!;

  // kubeadm init: the API server comes up with its namespaces, the kubernetes Service, priority classes.
  at(T);
  baseNamespaces(ctx);
  for (const [name, value, description] of [
    ['system-cluster-critical', 2000000000, 'Used for system critical pods that must run in the cluster, but can be moved to another node if necessary.'],
    ['system-node-critical', 2000001000, 'Used for system critical pods that must not be moved from their current node.'],
  ] as const) {
    api.create({ apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name }, value, description, preemptionPolicy: 'PreemptLowerPriority' });
  }
  at(T + 1 * SEC);
  const kubernetesSvc = api.create({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'kubernetes', namespace: 'default', labels: { component: 'apiserver', provider: 'kubernetes' } },
    spec: { clusterIP: '10.96.0.1', ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }], type: 'ClusterIP' },
  });
  api.create({
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: { name: 'kubernetes', namespace: 'default', labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } },
    subsets: [{ addresses: [{ ip: master.ip }], ports: [{ name: 'https', port: 6443, protocol: 'TCP' }] }],
  });
  api.create({
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name: 'kubernetes', namespace: 'default', labels: { 'kubernetes.io/service-name': 'kubernetes' } },
    addressType: 'IPv4',
    endpoints: [{ addresses: [master.ip], conditions: { ready: true } }],
    ports: [{ name: 'https', port: 6443, protocol: 'TCP' }],
  });
  void kubernetesSvc;

  // The master's kubelet registers its node and its lease.
  at(master.joinedAt);
  const nodes: Record<string, KubeObject> = {};
  nodes[master.name] = api.create(nodeObject(ctx, master, true));
  const lease = (m: Machine) =>
    api.create({
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name: m.name, namespace: 'kube-node-lease', ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: m.name, uid: nodes[m.name]!.metadata.uid }] },
      spec: { holderIdentity: m.name, leaseDurationSeconds: 40, renewTime: new Date(start - random.int(10000)).toISOString().replace('Z', '000Z') },
    });
  lease(master);

  // Static pods: the kubelet's mirror pods for /etc/kubernetes/manifests.
  const manifests = staticPodManifests(master.ip);
  const staticImages: Record<string, BootImage> = { etcd: IMAGES.etcd, 'kube-apiserver': IMAGES.apiserver, 'kube-controller-manager': IMAGES.controllerManager, 'kube-scheduler': IMAGES.scheduler };
  const writeRunning = (pod: KubeObject, o: { hostIP: string; podIP: string; createdAt: number; startedAt: number; readyAt: number; images: Record<string, BootImage> }) => {
    api.updateStatus({ ...pod, status: runningStatus(ctx, pod, o), metadata: { ...pod.metadata, resourceVersion: '' } });
  };
  let offset = 3;
  for (const [component, manifest] of Object.entries(manifests)) {
    at(T + offset * SEC);
    const hash = random.hex(32);
    const pod = api.create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: `${component}-${master.name}`,
        namespace: 'kube-system',
        labels: manifest.metadata.labels,
        annotations: {
          ...(manifest.metadata.annotations ?? {}),
          'kubernetes.io/config.hash': hash,
          'kubernetes.io/config.mirror': hash,
          'kubernetes.io/config.seen': new Date(T + (offset - 1) * SEC + random.int(1000)).toISOString().replace('Z', '000000Z').replace(/\.(\d{3})000000Z$/, `.$1${String(random.int(1000000)).padStart(6, '0')}Z`),
          'kubernetes.io/config.source': 'file',
        },
        ownerReferences: [{ apiVersion: 'v1', controller: true, kind: 'Node', name: master.name, uid: nodes[master.name]!.metadata.uid }],
      },
      spec: { ...JSON.parse(JSON.stringify(manifest.spec)), nodeName: master.name, tolerations: [{ effect: 'NoExecute', operator: 'Exists' }] },
    });
    writeRunning(pod, { hostIP: master.ip, podIP: master.ip, createdAt: T + offset * SEC, startedAt: T - 20 * SEC + offset * SEC, readyAt: T + (offset + 8) * SEC, images: { [component]: staticImages[component]! } });
    offset++;
  }

  // kubeadm uploads its configuration and installs the CoreDNS and kube-proxy addons.
  at(T + 7 * SEC);
  api.create({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'kubeadm-config', namespace: 'kube-system' },
    data: { ClusterConfiguration: CLUSTER_CONFIGURATION },
  });
  api.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'kubelet-config', namespace: 'kube-system' }, data: { kubelet: KUBELET_CONFIG } });
  api.create(extensionApiserverAuthentication());
  api.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'kube-apiserver-legacy-service-account-token-tracking', namespace: 'kube-system' }, data: { since: rfc3339(T).slice(0, 10) } });
  api.create({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'cluster-info', namespace: 'kube-public' },
    data: {
      kubeconfig: `apiVersion: v1\nclusters:\n- cluster:\n    certificate-authority-data: ${b64(CA_PEM)}\n    server: ${serverUrl}\n  name: ""\ncontexts: null\ncurrent-context: ""\nkind: Config\npreferences: {}\nusers: null\n`,
    },
  });
  namespaceDefaults(ctx, NAMESPACES);
  for (const sa of SYSTEM_SERVICE_ACCOUNTS) api.create({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: sa, namespace: 'kube-system' } });
  api.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'coredns', namespace: 'kube-system' }, data: { Corefile: COREFILE } });
  api.create({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'kube-proxy', namespace: 'kube-system', labels: { app: 'kube-proxy' } },
    data: { 'config.conf': KUBE_PROXY_CONFIG, 'kubeconfig.conf': KUBE_PROXY_KUBECONFIG(serverUrl) },
  });
  const kubeDns = api.create(kubeDnsService());

  // Workload controllers' objects: the coredns Deployment → ReplicaSet, and the two DaemonSets.
  const coredns = api.create(corednsDeployment());
  const rsTemplate = JSON.parse(JSON.stringify(coredns.spec.template));
  const hash = computeHash(rsTemplate);
  rsTemplate.metadata.labels = { ...rsTemplate.metadata.labels, 'pod-template-hash': hash };
  const rs = api.create({
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: `coredns-${hash}`,
      namespace: 'kube-system',
      labels: { 'k8s-app': 'kube-dns', 'pod-template-hash': hash },
      annotations: { 'deployment.kubernetes.io/desired-replicas': '2', 'deployment.kubernetes.io/max-replicas': '3', 'deployment.kubernetes.io/revision': '1' },
      ownerReferences: [ownerRef(coredns)],
    },
    spec: { replicas: 2, selector: { matchLabels: { 'k8s-app': 'kube-dns', 'pod-template-hash': hash } }, template: rsTemplate },
  });
  const dsObjects: Record<string, KubeObject> = {};
  const dsRevision: Record<string, string> = {};
  for (const ds of [kubeProxyDaemonSet()]) {
    const created = api.create(ds);
    dsObjects[created.metadata.name] = created;
  }

  // DaemonSet pods for a node, created when the node is there.
  const dsPods: KubeObject[] = [];
  const daemonPod = (ds: KubeObject, m: Machine, createdAt: number, images: Record<string, BootImage>) => {
    at(createdAt);
    const tpl = JSON.parse(JSON.stringify(ds.spec.template));
    dsRevision[ds.metadata.name] ??= computeHash({ template: tpl, ds: ds.metadata.name });
    const pod = api.create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        generateName: `${ds.metadata.name}-`,
        namespace: 'kube-system',
        labels: { ...tpl.metadata.labels, 'controller-revision-hash': dsRevision[ds.metadata.name]!, 'pod-template-generation': '1' },
        ownerReferences: [ownerRef(ds)],
      },
      spec: {
        ...tpl.spec,
        affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [m.name] }] }] } } },
        nodeName: m.name,
        tolerations: [...(tpl.spec.tolerations ?? []), ...DS_TOLERATIONS],
      },
    });
    writeRunning(pod, { hostIP: m.ip, podIP: m.ip, createdAt, startedAt: createdAt + 2 * SEC, readyAt: createdAt + 8 * SEC, images });
    dsPods.push(pod);
  };
  daemonPod(dsObjects['kube-proxy']!, master, T + 8 * SEC, { 'kube-proxy': IMAGES.proxy });

  // coredns pods exist from the start but wait (Pending) for a pod network.
  at(T + 8 * SEC);
  const corednsPods: KubeObject[] = [];
  for (let i = 0; i < 2; i++) {
    corednsPods.push(
      api.create({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { generateName: `${rs.metadata.name}-`, namespace: 'kube-system', labels: rs.spec.template.metadata.labels, ownerReferences: [ownerRef(rs)] },
        spec: JSON.parse(JSON.stringify(rs.spec.template.spec)),
      }),
    );
  }

  // The learner applies weave-net (notes step 13); coredns is scheduled on the master and starts.
  const weaveAt = T + 5 * MIN;
  at(weaveAt);
  api.create({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'weave-net', namespace: 'kube-system', labels: { name: 'weave-net' } } }).metadata;
  const weave = api.create(weaveDaemonSet());
  dsObjects['weave-net'] = weave;
  daemonPod(weave, master, weaveAt + 1 * SEC, { weave: IMAGES.weave, 'weave-npc': IMAGES.weaveNpc, 'weave-init': IMAGES.weave });
  for (const [i, pod] of corednsPods.entries()) {
    at(weaveAt + 20 * SEC + i * SEC);
    api.create({ apiVersion: 'v1', kind: 'Binding', metadata: { name: pod.metadata.name, namespace: 'kube-system' }, target: { apiVersion: 'v1', kind: 'Node', name: master.name } });
    const bound = api.get('pods', 'kube-system', pod.metadata.name);
    const ip = ctx.network.allocate(master.name, bound.metadata.uid);
    const status = runningStatus(ctx, bound, { hostIP: master.ip, podIP: ip, createdAt: T + 8 * SEC, startedAt: weaveAt + 25 * SEC, readyAt: weaveAt + 27 * SEC, images: { coredns: IMAGES.coredns } });
    // Scheduled later than created: PodScheduled moves to the binding time.
    status.conditions = status.conditions.map((c: any) => (c.type === 'PodScheduled' || c.type === 'Initialized' ? { ...c, lastTransitionTime: rfc3339(weaveAt + 20 * SEC + i * SEC) } : c));
    status.startTime = rfc3339(weaveAt + 20 * SEC + i * SEC);
    api.updateStatus({ ...bound, status, metadata: { ...bound.metadata, resourceVersion: '' } });
  }
  api.create({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'weave-net', namespace: 'kube-system', annotations: { 'kube-peers.weave.works/peers': JSON.stringify({ Peers: machines.map((m) => ({ PeerName: fakeHex(`peer:${m.name}`, 12).replace(/(..)(?=.)/g, '$1:'), NodeName: m.name })) }) } },
  });

  // kubeadm join on node1..3: each registers, gets kube-proxy and weave-net.
  for (const m of machines.slice(1)) {
    at(m.joinedAt);
    nodes[m.name] = api.create(nodeObject(ctx, m, false));
    lease(m);
    daemonPod(dsObjects['kube-proxy']!, m, m.joinedAt + 3 * SEC, { 'kube-proxy': IMAGES.proxy });
    daemonPod(weave, m, m.joinedAt + 3 * SEC, { weave: IMAGES.weave, 'weave-npc': IMAGES.weaveNpc, 'weave-init': IMAGES.weave });
  }

  // Controller status as the controllers left it.
  const settledAt = machines[machines.length - 1]!.joinedAt + 30 * SEC;
  at(settledAt);
  const readyPods = api.list('pods', 'kube-system', { labelSelector: 'k8s-app=kube-dns' });
  const ipList = readyPods.map((p) => ({ ip: p.status.podIP, nodeName: p.spec.nodeName, targetRef: { kind: 'Pod', name: p.metadata.name, namespace: 'kube-system', uid: p.metadata.uid } }));
  api.create({
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: {
      name: 'kube-dns',
      namespace: 'kube-system',
      labels: kubeDns.metadata.labels,
      annotations: { 'endpoints.kubernetes.io/last-change-trigger-time': rfc3339(weaveAt + 27 * SEC) },
    },
    subsets: [{ addresses: ipList, ports: [{ name: 'dns-tcp', port: 53, protocol: 'TCP' }, { name: 'dns', port: 53, protocol: 'UDP' }, { name: 'metrics', port: 9153, protocol: 'TCP' }] }],
  });
  api.create({
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      generateName: 'kube-dns-',
      namespace: 'kube-system',
      labels: { ...kubeDns.metadata.labels, 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io', 'kubernetes.io/service-name': 'kube-dns' },
      annotations: { 'endpoints.kubernetes.io/last-change-trigger-time': rfc3339(weaveAt + 27 * SEC) },
      ownerReferences: [ownerRef(kubeDns)],
    },
    addressType: 'IPv4',
    endpoints: readyPods.map((p) => ({
      addresses: [p.status.podIP],
      conditions: { ready: true, serving: true, terminating: false },
      nodeName: p.spec.nodeName,
      targetRef: { kind: 'Pod', name: p.metadata.name, namespace: 'kube-system', uid: p.metadata.uid },
    })),
    ports: [
      { name: 'dns-tcp', port: 53, protocol: 'TCP' },
      { name: 'dns', port: 53, protocol: 'UDP' },
      { name: 'metrics', port: 9153, protocol: 'TCP' },
    ],
  });

  const readyTime = rfc3339(weaveAt + 27 * SEC);
  api.updateStatus({
    ...rs,
    metadata: { ...rs.metadata, resourceVersion: '' },
    status: { availableReplicas: 2, fullyLabeledReplicas: 2, observedGeneration: 1, readyReplicas: 2, replicas: 2 },
  });
  api.updateStatus({
    ...coredns,
    metadata: { ...coredns.metadata, resourceVersion: '' },
    status: {
      availableReplicas: 2,
      conditions: [
        { lastTransitionTime: readyTime, lastUpdateTime: readyTime, message: 'Deployment has minimum availability.', reason: 'MinimumReplicasAvailable', status: 'True', type: 'Available' },
        { lastTransitionTime: rfc3339(T + 7 * SEC), lastUpdateTime: readyTime, message: `ReplicaSet "${rs.metadata.name}" has successfully progressed.`, reason: 'NewReplicaSetAvailable', status: 'True', type: 'Progressing' },
      ],
      observedGeneration: 1,
      readyReplicas: 2,
      replicas: 2,
      updatedReplicas: 2,
    },
  });
  api.patch('deployments', 'kube-system', 'coredns', (d) => {
    d.metadata.annotations = { ...(d.metadata.annotations ?? {}), 'deployment.kubernetes.io/revision': '1' };
  });
  for (const ds of Object.values(dsObjects)) {
    const n = machines.length;
    api.updateStatus({
      ...ds,
      metadata: { ...ds.metadata, resourceVersion: '' },
      status: { currentNumberScheduled: n, desiredNumberScheduled: n, numberAvailable: n, numberMisscheduled: 0, numberReady: n, observedGeneration: 1, updatedNumberScheduled: n },
    });
    api.create({
      apiVersion: 'apps/v1',
      kind: 'ControllerRevision',
      metadata: {
        name: `${ds.metadata.name}-${dsRevision[ds.metadata.name]}`,
        namespace: 'kube-system',
        labels: { ...ds.spec.template.metadata.labels, 'controller-revision-hash': dsRevision[ds.metadata.name]! },
        annotations: { 'deprecated.daemonset.template.generation': '1' },
        ownerReferences: [ownerRef(ds)],
      },
      data: { spec: { template: { $patch: 'replace', ...ds.spec.template } } },
      revision: 1,
    });
  }

  // Leader-election leases the control plane keeps renewing.
  for (const name of ['kube-controller-manager', 'kube-scheduler']) {
    api.create({
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name, namespace: 'kube-system' },
      spec: { acquireTime: new Date(T + 10 * SEC).toISOString().replace('Z', '000Z'), holderIdentity: `master_${random.uuid()}`, leaseDurationSeconds: 15, leaseTransitions: 0, renewTime: new Date(start - random.int(2000)).toISOString().replace('Z', '000Z') },
    });
  }
  api.create({
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: { name: `apiserver-${fakeBase64('apiserver-lease', 26).toLowerCase().replace(/[^a-z0-9]/g, 'a')}`, namespace: 'kube-system', labels: { 'apiserver.kubernetes.io/identity': 'kube-apiserver', 'kubernetes.io/hostname': master.name } },
    spec: { holderIdentity: `apiserver-${random.uuid()}_${random.uuid()}`, leaseDurationSeconds: 3600, renewTime: new Date(start - random.int(10000)).toISOString().replace('Z', '000Z') },
  });
  for (const [name, message] of [['controller-manager', 'ok'], ['etcd-0', 'ok'], ['scheduler', 'ok']] as const) {
    api.create({ apiVersion: 'v1', kind: 'ComponentStatus', metadata: { name }, conditions: [{ message, status: 'True', type: 'Healthy' }] });
  }

  writeHostFiles(ctx, machines, manifests, serverUrl);
}

// Every cluster writes the same four manifests: render each distinct one to YAML once per process.
const yamlCache = new Map<string, string>();
/** /etc/cni/net.d/10-weave.conflist as weave-net's init container writes it. */
export const WEAVE_CONFLIST = '{\n    "cniVersion": "0.3.0",\n    "name": "weave",\n    "plugins": [\n        {\n            "name": "weave",\n            "type": "weave-net",\n            "hairpinMode": true\n        },\n        {\n            "type": "portmap",\n            "capabilities": {"portMappings": true},\n            "snat": true\n        }\n    ]\n}\n';

export function manifestYaml(manifest: unknown): string {
  const k = JSON.stringify(manifest);
  let text = yamlCache.get(k);
  if (text === undefined) {
    text = stringify(manifest, { sortMapEntries: true, lineWidth: 0 });
    yamlCache.set(k, text);
  }
  return text;
}

function writeHostFiles(ctx: Ctx, machines: Machine[], manifests: Record<string, any>, serverUrl: string): void {
  for (const m of machines) {
    const fs = ctx.hosts.get(m.name)?.fs;
    if (!fs) continue;
    fs.mkdir('/etc/kubernetes/pki', { parents: true });
    fs.mkdir('/etc/kubernetes/manifests', { parents: true });
    fs.write('/etc/kubernetes/pki/ca.crt', CA_PEM);
    fs.write('/etc/kubernetes/kubelet.conf', kubeletKubeconfig(serverUrl, m.name));
    fs.mkdir('/var/lib/kubelet', { parents: true });
    fs.write('/var/lib/kubelet/config.yaml', KUBELET_CONFIG);
    fs.mkdir('/etc/cni/net.d', { parents: true });
    fs.write('/etc/cni/net.d/10-weave.conflist', WEAVE_CONFLIST);
  }
  const fs = ctx.hosts.get(machines[0]!.name)?.fs;
  if (!fs) return;
  const admin = adminKubeconfig(serverUrl);
  fs.write('/etc/kubernetes/admin.conf', admin);
  fs.write('/etc/kubernetes/super-admin.conf', admin);
  fs.write('/etc/kubernetes/controller-manager.conf', admin.replaceAll('kubernetes-admin', 'system:kube-controller-manager'));
  fs.write('/etc/kubernetes/scheduler.conf', admin.replaceAll('kubernetes-admin', 'system:kube-scheduler'));
  fs.mkdir('/root/.kube', { parents: true });
  fs.write('/root/.kube/config', admin);
  for (const [name, manifest] of Object.entries(manifests)) fs.write(`/etc/kubernetes/manifests/${name}.yaml`, manifestYaml(manifest));
  writePki(fs);
}

/** The certificates and keys kubeadm's certs phase writes under /etc/kubernetes/pki. */
export function writePki(fs: import('../types.ts').FileSystem): void {
  fs.mkdir('/etc/kubernetes/pki', { parents: true });
  fs.write('/etc/kubernetes/pki/ca.crt', CA_PEM);
  for (const f of ['apiserver.crt', 'apiserver.key', 'apiserver-etcd-client.crt', 'apiserver-etcd-client.key', 'apiserver-kubelet-client.crt', 'apiserver-kubelet-client.key', 'ca.key', 'front-proxy-ca.crt', 'front-proxy-ca.key', 'front-proxy-client.crt', 'front-proxy-client.key', 'sa.key', 'sa.pub']) {
    fs.write(`/etc/kubernetes/pki/${f}`, f.endsWith('.pub') ? `-----BEGIN PUBLIC KEY-----\n${fakeBase64(f, 64)}\n-----END PUBLIC KEY-----\n` : f.endsWith('.key') ? `-----BEGIN RSA PRIVATE KEY-----\n${fakeBase64(f, 64)}\n-----END RSA PRIVATE KEY-----\n` : CA_PEM.replace(/MII[^\n]*/, `MII${fakeBase64(f, 61)}`));
  }
  fs.mkdir('/etc/kubernetes/pki/etcd', { parents: true });
  for (const f of ['ca.crt', 'ca.key', 'healthcheck-client.crt', 'healthcheck-client.key', 'peer.crt', 'peer.key', 'server.crt', 'server.key']) fs.write(`/etc/kubernetes/pki/etcd/${f}`, CA_PEM.replace(/MII[^\n]*/, `MII${fakeBase64(`etcd/${f}`, 61)}`));
}
