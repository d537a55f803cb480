// The control plane's life on a cluster that starts from bare machines (preset 'bare'): what
// `kubeadm init` leaves behind on the master and in the API, what `kubeadm join` does to a worker,
// and what `kubeadm reset` undoes. The kubeadm program (src/shell/programs/kubeadm.ts) runs the
// preflight checks and prints the phases; this module changes the cluster.
//   const r = cluster.controlPlane.init({ node: 'master', kubernetesVersion: 'v1.21.1', criSocket, ... })
//   r.joinCommand → 'kubeadm join 10.0.2.15:6443 --token abcdef.0123456789abcdef \\\n\t--discovery-token-ca-cert-hash sha256:…'
//   cluster.controlPlane.checkJoin(token, 'sha256:…') → { ok: true } | { ok: false, error: 'token' | 'hash' | 'unreachable' | 'refused' }
import type { ComponentContext } from '../component.ts';

export interface InitOptions {
  /** the machine kubeadm runs on */
  node: string;
  /** `v1.21.1` (from --kubernetes-version, else kubeadm's own version) */
  kubernetesVersion: string;
  /** the advertise address (the node's IP unless --apiserver-advertise-address) */
  advertiseAddress: string;
  /** `unix:///var/run/containerd/containerd.sock`, `/var/run/dockershim.sock` (1.21 with Docker), `unix:///var/run/cri-dockerd.sock` */
  criSocket: string;
  /** the node's cgroup driver as the kubelet will use it (`systemd` / `cgroupfs`) */
  cgroupDriver: string;
  podNetworkCidr?: string;
  serviceCidr?: string;
  /** a fixed bootstrap token (--token); generated when absent */
  token?: string;
}

export interface InitResult {
  token: string;
  /** `sha256:<64 hex>` of the cluster CA's public key */
  caCertHash: string;
  /** `10.0.2.15:6443` */
  endpoint: string;
  /** set when the control plane did not come up: kubeadm's wait-control-plane phase times out (the kubelet is down, or the static pods crash-loop) */
  failure?: 'kubelet-down' | 'apiserver-crashloop';
}

/** ok: the kubelet runs the static pods and the API server answers; kubelet-down: the master's kubelet is not running; apiserver-crashloop: the static pods keep restarting (cgroup driver mismatch under containerd); not-initialized: no control plane. */
export type ControlPlaneHealth = 'ok' | 'kubelet-down' | 'apiserver-crashloop' | 'not-initialized';

export interface JoinOptions {
  node: string;
  criSocket: string;
  cgroupDriver: string;
  /** the kubelet's version on that node (`1.21.1`) */
  kubeletVersion: string;
}

export type JoinCheck = { ok: true } | { ok: false; error: 'token' | 'hash' | 'refused' | 'unreachable' | 'timeout' };

export interface BootstrapToken {
  token: string;
  /** virtual ms it expires (24h after creation by default) */
  expires: number;
  usages: string[];
  description: string;
  groups: string[];
}

export interface ControlPlaneLifecycle {
  /** kubeadm init has run (and not been reset) */
  readonly initialized: boolean;
  /** `v1.21.1` once initialized */
  readonly kubernetesVersion: string | undefined;
  /** the machine the control plane runs on */
  readonly controlPlaneNode: string | undefined;
  /** machines that have run `kubeadm join` (not reset since) */
  readonly joined: readonly string[];
  /** `sha256:…` once initialized */
  readonly caCertHash: string | undefined;
  /** Write the certificates, kubeconfigs, static pod manifests and kubelet config on `node`, then upload kubeadm's objects (token, cluster-info, kubeadm-config, kube-proxy, CoreDNS) as of now. */
  init(opts: InitOptions): InitResult;
  /** Would `kubeadm join` from `from` with this token and CA hash be let in? (network, token, hash) */
  checkJoin(from: string, token: string, caCertHash: string): JoinCheck;
  /** The TLS bootstrap: write kubelet.conf and config.yaml on the node and register its Node. */
  join(opts: JoinOptions): void;
  /** `kubeadm reset` on a machine: its files and its Node's kubelet go; on the control-plane node, the control plane stops. */
  reset(node: string): void;
  /** unexpired bootstrap tokens */
  tokens(): BootstrapToken[];
  /** What kubeadm's wait-control-plane / api-check phases see now (always 'ok' on the kubeadm preset). */
  health(): ControlPlaneHealth;
  /** Whether a daemon listens on a machine now: `kube-apiserver`, `etcd`, `kube-controller`, `kube-scheduler` (master, initialized, healthy) or `kubelet` (its unit runs). Always true off the bare preset. */
  daemonRunning(machine: string, daemon: string): boolean;
  /** `kubeadm token create` */
  createToken(ttlMs?: number): BootstrapToken;
}

/** Wired by createCluster; the implementation lives beside this contract. */
export type CreateControlPlane = (ctx: ComponentContext) => ControlPlaneLifecycle;
