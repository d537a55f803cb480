// kubeadm's effect on the machines and the API (contract in control-plane.ts). On the 'bare' preset the
// control plane exists only after init: the files kubeadm writes, the kubelet restarted, then the objects
// the API server, the kubelet and kubeadm's upload phases create, all as of now. The controllers,
// scheduler and kubelets already running take it from there (kube-proxy pods, coredns Pending).
import type { ComponentContext } from '../component.ts';
import type { KubeObject, NewObject, VersionInfo } from '../types.ts';
import { isApiError } from '../apiserver/errors.ts';
import { rfc3339 } from '../clock.ts';
import { machinesOf, type Machine } from '../hosts/index.ts';
import { kubeletRuntime } from '../hosts/kubelet-unit.ts';
import type { BootstrapToken, ControlPlaneHealth, ControlPlaneLifecycle, InitOptions, InitResult, JoinCheck, JoinOptions } from './control-plane.ts';
import { CA_PEM, adminKubeconfig, b64, fakeHex, kubeletKubeconfig } from './pki.ts';
import { IMAGES } from './images.ts';
import {
  COREFILE,
  KUBELET_CONFIG,
  KUBE_PROXY_CONFIG,
  KUBE_PROXY_KUBECONFIG,
  SYSTEM_SERVICE_ACCOUNTS,
  corednsDeployment,
  extensionApiserverAuthentication,
  kubeDnsService,
  kubeProxyDaemonSet,
  manifestYaml,
  staticPodManifests,
  writePki,
} from './kubeadm.ts';
import { networkNotReadyMessage } from './cni.ts';
import { componentImage, minorOf, releaseImages, versionInfo, withV } from './versions.ts';

/** The lifecycle plus the version the API server answers with (for cluster.version). */
export interface LiveControlPlane extends ControlPlaneLifecycle {
  /** The initialized bare cluster's /version; undefined on the kubeadm preset and before init. */
  readonly versionInfo: VersionInfo | undefined;
}

const SEC = 1000;
const DAY = 24 * 3600 * SEC;
const TOKEN_CHARS = 'abcdefghijklmnopqrstuvwxyz0123456789';
const CP_DAEMONS = new Set(['kube-apiserver', 'etcd', 'kube-controller', 'kube-scheduler']);
const CONTROL_PLANE_COMPONENTS = ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler'];

/** The sha256 of the cluster CA's public key (what `--discovery-token-ca-cert-hash` pins). */
export const CA_CERT_HASH = `sha256:${fakeHex(`ca-public-key:${CA_PEM}`, 64)}`;

function b64url(s: string): string {
  return b64(s).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
}

export function createControlPlane(ctx: ComponentContext, opts: { preset: 'kubeadm' | 'empty' | 'bare' }): LiveControlPlane {
  const { api, clock, random } = ctx;
  const machines = machinesOf(ctx.hosts);
  const bare = opts.preset === 'bare';
  let initialized = opts.preset === 'kubeadm';
  let version: string | undefined = initialized ? 'v1.32.4' : undefined;
  let cpNode: string | undefined = initialized ? 'master' : undefined;
  let advertise = '10.0.2.15';
  let joined: string[] = initialized ? ['node1', 'node2', 'node3'] : [];
  let tokens: BootstrapToken[] = [];
  /** init ran but the API server never came up (kubelet down or crash-looping static pods) */
  let apiFailed = false;

  const machine = (name: string): Machine | undefined => machines?.machine(name);
  const now = () => clock.now();

  const randomToken = (): string => {
    const pick = (n: number) => Array.from({ length: n }, () => TOKEN_CHARS[random.int(TOKEN_CHARS.length)]).join('');
    return `${pick(6)}.${pick(16)}`;
  };

  const tryCreate = (obj: NewObject): KubeObject | undefined => {
    try {
      return api.create(obj);
    } catch (e) {
      if (isApiError(e) && e.code === 409) return undefined;
      throw e;
    }
  };

  const kubeletRunning = (name: string) => machine(name)?.unit('kubelet')?.running ?? false;

  /** The installed kubelet's version on a machine (`v1.21.1`), else the control plane's. */
  const kubeletVersionOf = (name: string, fallback: string) => {
    const v = machine(name)?.os.packages.installed('kubelet')?.version;
    return withV(v ?? fallback);
  };

  const runtimeVersionOf = (name: string, kubeletVersion: string): string => {
    const m = machine(name);
    const rt = m ? kubeletRuntime(m, kubeletVersion) : undefined;
    if (rt?.runtime === 'docker') return `docker://${rt.version || '20.10.24'}`;
    return `containerd://${rt?.version || '1.6.33'}`;
  };

  /** A cgroup driver mismatch under a remote CRI runtime: the kubelet runs, but the sandboxes it asks for die. */
  const cgroupMismatch = (name: string, kubeletVersion: string): boolean => {
    const m = machine(name);
    if (!m) return false;
    const rt = kubeletRuntime(m, kubeletVersion);
    const cfg = m.fs.exists('/var/lib/kubelet/config.yaml') ? m.fs.read('/var/lib/kubelet/config.yaml') : '';
    const driver = /^cgroupDriver:\s*systemd\s*$/m.test(cfg) ? 'systemd' : 'cgroupfs';
    return !!rt && rt.runtime === 'containerd' && rt.cgroupDriver !== driver;
  };

  const health = (): ControlPlaneHealth => {
    if (opts.preset === 'kubeadm') return 'ok';
    if (!cpNode || !version) return 'not-initialized';
    if (!kubeletRunning(cpNode)) return 'kubelet-down';
    if (cgroupMismatch(cpNode, kubeletVersionOf(cpNode, version))) return 'apiserver-crashloop';
    return 'ok';
  };

  // ---- files ----

  const kubeletConfig = (v: string, cgroupDriver: string): string => {
    const minor = minorOf(v);
    let text = KUBELET_CONFIG.replace(/^cgroupDriver: .*$/m, `cgroupDriver: ${cgroupDriver}`);
    // fields the KubeletConfiguration of older releases did not have
    if (minor < 27) text = text.replace(/^containerRuntimeEndpoint: .*\n/m, '');
    if (minor < 32) text = text.replace(/^crashLoopBackOff: .*\n/m, '');
    if (minor < 29) text = text.replace(/^imageMaximumGCAge: .*\n/m, '');
    if (minor < 22) text = text.replace(/^logging:\n(?: .*\n)+/m, 'logging: {}\n').replace(/^memorySwap: .*\n/m, '');
    return text;
  };

  const kubeadmFlags = (v: string, criSocket: string): string => {
    const minor = minorOf(v);
    const pause = `--pod-infra-container-image=${releaseImages(v).pause}`;
    if (criSocket.includes('dockershim')) return `KUBELET_KUBEADM_ARGS="--network-plugin=cni ${pause}"\n`;
    const endpoint = criSocket.startsWith('unix://') || criSocket.startsWith('npipe://') ? criSocket : `unix://${criSocket}`;
    return minor < 24 ? `KUBELET_KUBEADM_ARGS="--container-runtime=remote --container-runtime-endpoint=${endpoint} ${pause}"\n` : `KUBELET_KUBEADM_ARGS="--container-runtime-endpoint=${endpoint} ${pause}"\n`;
  };

  const writeKubeletFiles = (m: Machine, v: string, criSocket: string, cgroupDriver: string, server: string) => {
    const fs = m.fs;
    fs.mkdir('/etc/kubernetes/pki', { parents: true });
    fs.mkdir('/etc/kubernetes/manifests', { parents: true });
    fs.write('/etc/kubernetes/pki/ca.crt', CA_PEM);
    fs.write('/etc/kubernetes/kubelet.conf', kubeletKubeconfig(server, m.name));
    fs.mkdir('/var/lib/kubelet/pki', { parents: true });
    fs.write('/var/lib/kubelet/config.yaml', kubeletConfig(v, cgroupDriver));
    fs.write('/var/lib/kubelet/kubeadm-flags.env', kubeadmFlags(v, criSocket));
    fs.write('/var/lib/kubelet/pki/kubelet-client-current.pem', CA_PEM.replace(/MII[^\n]*/, `MII${fakeHex(`kubelet-client:${m.name}`, 61)}`));
  };

  /** kubeadm pre-pulls the control-plane images (`[preflight] Pulling images required for setting up a Kubernetes cluster`). */
  const prePull = (node: string, images: string[]) => {
    for (const image of images) {
      if (ctx.images.get(node, image)) continue;
      const base = image.replace(/^.*\//, '').replace(/:.*$/, '');
      const size = ({ pause: IMAGES.pause, etcd: IMAGES.etcd, 'kube-apiserver': IMAGES.apiserver, 'kube-controller-manager': IMAGES.controllerManager, 'kube-scheduler': IMAGES.scheduler, 'kube-proxy': IMAGES.proxy, coredns: IMAGES.coredns } as Record<string, { sizeBytes: number }>)[base]?.sizeBytes ?? 30_000_000;
      ctx.images.add(node, image, `sha256:${fakeHex(`digest:${image}`, 64)}`, size);
    }
  };

  // ---- API objects ----

  const nodeObject = (name: string, ip: string, v: string, control: boolean, criSocket: string): NewObject => {
    const minor = minorOf(v);
    const labels: Record<string, string> = {
      'beta.kubernetes.io/arch': 'amd64',
      'beta.kubernetes.io/os': 'linux',
      'kubernetes.io/arch': 'amd64',
      'kubernetes.io/hostname': name,
      'kubernetes.io/os': 'linux',
    };
    const taints: { effect: string; key: string }[] = [];
    if (control) {
      labels['node-role.kubernetes.io/control-plane'] = '';
      // the "master" label went in 1.24, its taint in 1.25
      if (minor < 24) labels['node-role.kubernetes.io/master'] = '';
      labels['node.kubernetes.io/exclude-from-external-load-balancers'] = '';
      if (minor < 25) taints.push({ effect: 'NoSchedule', key: 'node-role.kubernetes.io/master' });
      if (minor >= 24) taints.push({ effect: 'NoSchedule', key: 'node-role.kubernetes.io/control-plane' });
    }
    const kubeletVersion = kubeletVersionOf(name, v);
    const t = rfc3339(now());
    const nodeInfo = {
      architecture: 'amd64',
      bootID: random.uuid(),
      containerRuntimeVersion: runtimeVersionOf(name, kubeletVersion),
      kernelVersion: '3.10.0-1160.el7.x86_64',
      kubeProxyVersion: kubeletVersion,
      kubeletVersion,
      machineID: fakeHex(`machine-id:${name}`, 32),
      operatingSystem: 'linux',
      osImage: 'CentOS Linux 7 (Core)',
      systemUUID: random.uuid().toUpperCase(),
    };
    const notReady = networkNotReadyMessage({ status: { nodeInfo } } as unknown as KubeObject);
    return {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        name,
        labels,
        annotations: {
          'kubeadm.alpha.kubernetes.io/cri-socket': criSocket,
          'node.alpha.kubernetes.io/ttl': '0',
          'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
        },
      },
      spec: taints.length ? { taints } : {},
      status: {
        addresses: [
          { address: ip, type: 'InternalIP' },
          { address: name, type: 'Hostname' },
        ],
        allocatable: { cpu: '2', 'ephemeral-storage': '16415037823', 'hugepages-1Gi': '0', 'hugepages-2Mi': '0', memory: '3759108Ki', pods: '110' },
        capacity: { cpu: '2', 'ephemeral-storage': '17811456Ki', 'hugepages-1Gi': '0', 'hugepages-2Mi': '0', memory: '3861508Ki', pods: '110' },
        conditions: [
          { lastHeartbeatTime: t, lastTransitionTime: t, message: 'kubelet has sufficient memory available', reason: 'KubeletHasSufficientMemory', status: 'False', type: 'MemoryPressure' },
          { lastHeartbeatTime: t, lastTransitionTime: t, message: 'kubelet has no disk pressure', reason: 'KubeletHasNoDiskPressure', status: 'False', type: 'DiskPressure' },
          { lastHeartbeatTime: t, lastTransitionTime: t, message: 'kubelet has sufficient PID available', reason: 'KubeletHasSufficientPID', status: 'False', type: 'PIDPressure' },
          { lastHeartbeatTime: t, lastTransitionTime: t, message: notReady, reason: 'KubeletNotReady', status: 'False', type: 'Ready' },
        ],
        daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
        images: ctx.images.nodeStatusImages(name),
        nodeInfo,
      },
    };
  };

  const registerNode = (name: string, ip: string, v: string, control: boolean, criSocket: string): KubeObject | undefined => {
    const existing = api.tryGet('nodes', undefined, name);
    // a Node left behind by a reset keeps its uid; the kubelet takes it over again
    const node = existing ?? tryCreate(nodeObject(name, ip, v, control, criSocket));
    if (!node) return undefined;
    tryCreate({
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name, namespace: 'kube-node-lease', ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name, uid: node.metadata.uid }] },
      spec: { holderIdentity: name, leaseDurationSeconds: 40, renewTime: new Date(now()).toISOString().replace('Z', '000Z') },
    });
    return node;
  };

  const clusterConfiguration = (v: string, o: InitOptions): string => {
    const minor = minorOf(v);
    const registry = releaseImages(v).registry;
    const net = `networking:\n  dnsDomain: cluster.local\n${o.podNetworkCidr ? `  podSubnet: ${o.podNetworkCidr}\n` : ''}  serviceSubnet: ${o.serviceCidr ?? '10.96.0.0/12'}\n`;
    if (minor < 22) {
      return `apiServer:\n  extraArgs:\n    authorization-mode: Node,RBAC\n  timeoutForControlPlane: 4m0s\napiVersion: kubeadm.k8s.io/v1beta2\ncertificatesDir: /etc/kubernetes/pki\nclusterName: kubernetes\ncontrollerManager: {}\ndns:\n  type: CoreDNS\netcd:\n  local:\n    dataDir: /var/lib/etcd\nimageRepository: ${registry}\nkind: ClusterConfiguration\nkubernetesVersion: ${v}\n${net}scheduler: {}\n`;
    }
    const api = minor >= 31 ? 'v1beta4' : 'v1beta3';
    const extra = minor >= 31 ? 'caCertificateValidityPeriod: 87600h0m0s\ncertificateValidityPeriod: 8760h0m0s\n' : '';
    const algo = minor >= 31 ? 'encryptionAlgorithm: RSA-2048\n' : '';
    return `apiServer: {}\napiVersion: kubeadm.k8s.io/${api}\n${extra}certificatesDir: /etc/kubernetes/pki\nclusterName: kubernetes\ncontrolPlaneEndpoint: ""\ncontrollerManager: {}\ndns: {}\n${algo}etcd:\n  local:\n    dataDir: /var/lib/etcd\nimageRepository: ${registry}\nkind: ClusterConfiguration\nkubernetesVersion: ${v}\n${net}proxy: {}\nscheduler: {}\n`;
  };

  const tokenSecret = (t: BootstrapToken): NewObject => {
    const [id, secret] = t.token.split('.') as [string, string];
    return {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: `bootstrap-token-${id}`, namespace: 'kube-system' },
      type: 'bootstrap.kubernetes.io/token',
      data: {
        'auth-extra-groups': b64(t.groups.join(',')),
        ...(t.description ? { description: b64(t.description) } : {}),
        expiration: b64(rfc3339(t.expires)),
        'token-id': b64(id),
        'token-secret': b64(secret),
        ...Object.fromEntries(t.usages.map((u) => [`usage-bootstrap-${u}`, b64('true')])),
      },
    } as NewObject;
  };

  const clusterInfoKubeconfig = (server: string) =>
    `apiVersion: v1\nclusters:\n- cluster:\n    certificate-authority-data: ${b64(CA_PEM)}\n    server: ${server}\n  name: ""\ncontexts: null\ncurrent-context: ""\nkind: Config\npreferences: {}\nusers: null\n`;

  /** The bootstrap signer signs cluster-info for every signing token: `jws-kubeconfig-<id>`. */
  const signClusterInfo = () => {
    const cm = api.tryGet('configmaps', 'kube-public', 'cluster-info');
    if (!cm) return;
    api.patch('configmaps', 'kube-public', 'cluster-info', (o) => {
      const data: Record<string, string> = {};
      for (const [k, val] of Object.entries((o.data ?? {}) as Record<string, string>)) if (!k.startsWith('jws-kubeconfig-')) data[k] = val;
      for (const t of tokens) {
        if (!t.usages.includes('signing')) continue;
        const id = t.token.split('.')[0]!;
        data[`jws-kubeconfig-${id}`] = `${b64url(`{"alg":"HS256","kid":"${id}"}`)}..${b64url(fakeHex(`jws:${t.token}`, 32)).slice(0, 43)}`;
      }
      o.data = data;
    });
  };

  const newToken = (token: string | undefined, ttlMs: number, init: boolean): BootstrapToken => {
    const t: BootstrapToken = {
      token: token ?? randomToken(),
      expires: now() + ttlMs,
      usages: ['authentication', 'signing'],
      description: init ? "The default bootstrap token generated by 'kubeadm init'." : '',
      groups: ['system:bootstrappers:kubeadm:default-node-token'],
    };
    tokens = [...tokens.filter((x) => x.token !== t.token), t];
    return t;
  };

  /** The control plane's static pods as the kubelet mirrors them into the API. */
  const mirrorPods = (node: KubeObject, manifests: Record<string, any>) => {
    const at = now();
    for (const component of CONTROL_PLANE_COMPONENTS) {
      const manifest = manifests[component];
      const hash = random.hex(32);
      tryCreate({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {
          name: `${component}-${node.metadata.name}`,
          namespace: 'kube-system',
          labels: manifest.metadata.labels,
          annotations: {
            ...(manifest.metadata.annotations ?? {}),
            'kubernetes.io/config.hash': hash,
            'kubernetes.io/config.mirror': hash,
            'kubernetes.io/config.seen': new Date(at - 2 * SEC).toISOString().replace(/\.(\d{3})Z$/, `.$1${String(random.int(1000000)).padStart(6, '0')}Z`),
            'kubernetes.io/config.source': 'file',
          },
          ownerReferences: [{ apiVersion: 'v1', controller: true, kind: 'Node', name: node.metadata.name, uid: node.metadata.uid }],
        },
        spec: { ...JSON.parse(JSON.stringify(manifest.spec)), nodeName: node.metadata.name, tolerations: [{ effect: 'NoExecute', operator: 'Exists' }] },
      });
    }
  };

  const uploadObjects = (o: InitOptions, v: string, server: string, manifests: Record<string, any>, token: BootstrapToken) => {
    const minor = minorOf(v);
    const images = releaseImages(v);
    // kube-apiserver's own start: namespaces, priority classes, the kubernetes Service
    for (const ns of ['default', 'kube-system', 'kube-public', 'kube-node-lease']) tryCreate({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
    for (const [name, value, description] of [
      ['system-cluster-critical', 2000000000, 'Used for system critical pods that must run in the cluster, but can be moved to another node if necessary.'],
      ['system-node-critical', 2000001000, 'Used for system critical pods that must not be moved from their current node.'],
    ] as const) {
      tryCreate({ apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name }, value, description, preemptionPolicy: 'PreemptLowerPriority' } as NewObject);
    }
    tryCreate({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'kubernetes', namespace: 'default', labels: { component: 'apiserver', provider: 'kubernetes' } },
      spec: { clusterIP: '10.96.0.1', ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }], type: 'ClusterIP' },
    });
    tryCreate({
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { name: 'kubernetes', namespace: 'default', labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } },
      subsets: [{ addresses: [{ ip: o.advertiseAddress }], ports: [{ name: 'https', port: 6443, protocol: 'TCP' }] }],
    } as NewObject);
    tryCreate({
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: { name: 'kubernetes', namespace: 'default', labels: { 'kubernetes.io/service-name': 'kubernetes' } },
      addressType: 'IPv4',
      endpoints: [{ addresses: [o.advertiseAddress], conditions: { ready: true } }],
      ports: [{ name: 'https', port: 6443, protocol: 'TCP' }],
    } as NewObject);
    tryCreate(extensionApiserverAuthentication());
    if (minor >= 28) tryCreate({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'kube-apiserver-legacy-service-account-token-tracking', namespace: 'kube-system' }, data: { since: rfc3339(now()).slice(0, 10) } });
    // kube-controller-manager's service accounts
    for (const sa of SYSTEM_SERVICE_ACCOUNTS) tryCreate({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: sa, namespace: 'kube-system' } });

    // the kubelet registers the master and mirrors its static pods
    const node = registerNode(o.node, o.advertiseAddress, v, true, o.criSocket);
    if (node) mirrorPods(node, manifests);

    // kubeadm's upload-config, bootstrap-token and addon phases
    tryCreate({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'kubeadm-config', namespace: 'kube-system' }, data: minor < 22 ? { ClusterConfiguration: clusterConfiguration(v, o), ClusterStatus: `apiEndpoints:\n  ${o.node}:\n    advertiseAddress: ${o.advertiseAddress}\n    bindPort: 6443\napiVersion: kubeadm.k8s.io/v1beta2\nkind: ClusterStatus\n` } : { ClusterConfiguration: clusterConfiguration(v, o) } });
    tryCreate({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: minor < 24 ? `kubelet-config-1.${minor}` : 'kubelet-config', namespace: 'kube-system' }, data: { kubelet: kubeletConfig(v, o.cgroupDriver) } });
    tryCreate(tokenSecret(token));
    tryCreate({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cluster-info', namespace: 'kube-public' }, data: { kubeconfig: clusterInfoKubeconfig(server) } });
    signClusterInfo();
    tryCreate({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'coredns', namespace: 'kube-system' }, data: { Corefile: COREFILE } });
    tryCreate(kubeDnsService());
    tryCreate(corednsDeployment(images.coredns, minor < 25 ? [{ effect: 'NoSchedule', key: 'node-role.kubernetes.io/master' }] : []));
    tryCreate({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'kube-proxy', namespace: 'kube-system', labels: { app: 'kube-proxy' } },
      data: { 'config.conf': KUBE_PROXY_CONFIG, 'kubeconfig.conf': KUBE_PROXY_KUBECONFIG(server) },
    });
    tryCreate(kubeProxyDaemonSet(componentImage(v, 'kube-proxy')));
  };

  const lifecycle: LiveControlPlane = {
    get initialized() {
      return initialized;
    },
    get kubernetesVersion() {
      return initialized ? version : undefined;
    },
    get controlPlaneNode() {
      return initialized ? cpNode : undefined;
    },
    get joined() {
      return joined;
    },
    get caCertHash() {
      return initialized ? CA_CERT_HASH : undefined;
    },
    get versionInfo() {
      if (opts.preset === 'kubeadm' || !initialized || !version) return undefined;
      return versionInfo(version);
    },
    health,
    daemonRunning(name, daemon) {
      if (!bare) return true;
      if (daemon === 'kubelet') return kubeletRunning(name);
      if (!CP_DAEMONS.has(daemon)) return true;
      if (!initialized || name !== cpNode || apiFailed) return false;
      const h = health();
      // a crash-looping etcd/apiserver listens only between restarts: a client mostly finds nothing
      return h === 'ok';
    },

    init(o: InitOptions): InitResult {
      const v = withV(o.kubernetesVersion);
      const m = machine(o.node);
      const server = `https://${o.advertiseAddress}:6443`;
      advertise = o.advertiseAddress;
      cpNode = o.node;
      version = v;
      const images = releaseImages(v);
      const manifests = staticPodManifests(o.advertiseAddress, { etcd: images.etcd, apiserver: componentImage(v, 'kube-apiserver'), controllerManager: componentImage(v, 'kube-controller-manager'), scheduler: componentImage(v, 'kube-scheduler') }, o.node);
      if (o.serviceCidr) manifests['kube-apiserver'].spec.containers[0].command = manifests['kube-apiserver'].spec.containers[0].command.map((c: string) => (c.startsWith('--service-cluster-ip-range=') ? `--service-cluster-ip-range=${o.serviceCidr}` : c));
      if (o.podNetworkCidr) manifests['kube-controller-manager'].spec.containers[0].command.push('--allocate-node-cidrs=true', `--cluster-cidr=${o.podNetworkCidr}`);
      if (m) {
        const fs = m.fs;
        writePki(fs);
        const admin = adminKubeconfig(server);
        fs.write('/etc/kubernetes/admin.conf', admin);
        // 1.29 split the break-glass super-admin from admin
        if (minorOf(v) >= 29) fs.write('/etc/kubernetes/super-admin.conf', admin.replaceAll('kubernetes-admin', 'kubernetes-super-admin'));
        fs.write('/etc/kubernetes/controller-manager.conf', admin.replaceAll('kubernetes-admin', 'system:kube-controller-manager'));
        fs.write('/etc/kubernetes/scheduler.conf', admin.replaceAll('kubernetes-admin', 'system:kube-scheduler'));
        writeKubeletFiles(m, v, o.criSocket, o.cgroupDriver, server);
        for (const c of CONTROL_PLANE_COMPONENTS) fs.write(`/etc/kubernetes/manifests/${c}.yaml`, manifestYaml(manifests[c]));
        fs.mkdir('/var/lib/etcd/member/snap', { parents: true });
        fs.mkdir('/var/lib/etcd/member/wal', { parents: true });
        fs.write('/var/lib/etcd/member/snap/db', '');
        fs.write('/var/lib/etcd/member/wal/0000000000000000-0000000000000000.wal', '');
        prePull(o.node, [images.pause, images.etcd, componentImage(v, 'kube-apiserver'), componentImage(v, 'kube-controller-manager'), componentImage(v, 'kube-scheduler'), componentImage(v, 'kube-proxy'), images.coredns]);
        // [kubelet-start] Starting the kubelet
        m.unit('kubelet')?.restart();
      }
      const token = newToken(o.token, DAY, true);
      initialized = true;
      apiFailed = health() !== 'ok';
      if (!apiFailed) uploadObjects(o, v, server, manifests, token);
      else initialized = false;
      const failure = health();
      return { token: token.token, caCertHash: CA_CERT_HASH, endpoint: `${o.advertiseAddress}:6443`, ...(failure === 'kubelet-down' || failure === 'apiserver-crashloop' ? { failure } : {}) };
    },

    checkJoin(from: string, token: string, caCertHash: string): JoinCheck {
      if (ctx.net) {
        const r = ctx.net.request({ kind: 'host', host: from }, advertise, 6443, { scheme: 'https', method: 'GET', path: '/version', headers: {}, probe: true });
        if (!r.ok) return { ok: false, error: r.error === 'unreachable' ? 'unreachable' : r.error === 'timeout' ? 'timeout' : 'refused' };
      } else if (!initialized || health() !== 'ok') return { ok: false, error: 'refused' };
      if (!initialized || health() !== 'ok') return { ok: false, error: 'refused' };
      const t = tokens.find((x) => x.token === token);
      const secret = api.tryGet('secrets', 'kube-system', `bootstrap-token-${token.split('.')[0]}`);
      if (!t || !secret || t.expires <= now()) return { ok: false, error: 'token' };
      if (caCertHash.toLowerCase() !== CA_CERT_HASH) return { ok: false, error: 'hash' };
      return { ok: true };
    },

    join(o: JoinOptions): void {
      const m = machine(o.node);
      const v = version ?? withV(o.kubeletVersion);
      const kv = withV(o.kubeletVersion);
      const server = `https://${advertise}:6443`;
      if (m) {
        writeKubeletFiles(m, kv, o.criSocket, o.cgroupDriver, server);
        // the node's runtime pulls these as its first pods start; the old registries are not in the catalogue
        prePull(o.node, [releaseImages(kv).pause, componentImage(v, 'kube-proxy')]);
        m.unit('kubelet')?.restart();
      }
      if (!joined.includes(o.node)) joined = [...joined, o.node];
      if (kubeletRunning(o.node)) registerNode(o.node, m?.ip ?? o.node, v, false, o.criSocket);
    },

    reset(node: string): void {
      const m = machine(node);
      const wasControlPlane = initialized && node === cpNode;
      if (m) {
        // [reset] Stopping the kubelet service
        m.unit('kubelet')?.stop();
        const fs = m.fs;
        const rm = (p: string) => {
          if (fs.exists(p)) fs.remove(p, { recursive: true });
        };
        for (const f of ['admin.conf', 'super-admin.conf', 'kubelet.conf', 'bootstrap-kubelet.conf', 'controller-manager.conf', 'scheduler.conf']) rm(`/etc/kubernetes/${f}`);
        // "Deleting contents of directories": the directories stay
        for (const d of ['/etc/kubernetes/manifests', '/etc/kubernetes/pki', '/var/lib/kubelet', ...(wasControlPlane ? ['/var/lib/etcd'] : [])]) {
          if (!fs.isDir(d)) continue;
          for (const f of fs.list(d)) rm(`${d}/${f}`);
        }
        if (minorOf(version ?? 'v1.32') < 24) rm('/var/lib/dockershim');
        rm('/var/run/kubernetes');
        rm('/var/lib/cni');
      }
      joined = joined.filter((n) => n !== node);
      if (wasControlPlane) {
        // etcd's data is gone with the control plane: what the kubelet mirrored goes first
        for (const c of CONTROL_PLANE_COMPONENTS) {
          try {
            api.delete('pods', 'kube-system', `${c}-${node}`, { gracePeriodSeconds: 0 });
          } catch (e) {
            if (!isApiError(e)) throw e;
          }
        }
        initialized = false;
        tokens = [];
      }
    },

    tokens: () => tokens.filter((t) => t.expires > now()),

    createToken(ttlMs = DAY): BootstrapToken {
      const t = newToken(undefined, ttlMs, false);
      if (initialized) {
        tryCreate(tokenSecret(t));
        signClusterInfo();
      }
      return t;
    },
  };
  return lifecycle;
}
