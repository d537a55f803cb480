// kubeadm's pre-flight checks (cmd/kubeadm/app/preflight/checks.go) over a simulated machine, in the
// order and wording of the installed release: 1.21 (dockershim, bridge-nf-call-iptables, swap fatal)
// and the modern releases (swap a warning since 1.28, bridge check gone in 1.30, CRI via the CRI API).
import type { Machine } from '../../cluster/hosts/index.ts';
import type { ControlPlaneLifecycle } from '../../cluster/bootstrap/control-plane.ts';
import { machineSockets } from '../../cluster/hosts/listeners.ts';
import { criEndpoints, type CriEndpoint } from '../../cluster/hosts/cri.ts';

export interface CheckResult {
  name: string;
  warnings: string[];
  errors: string[];
}

/** Where kubeadm talks to the container runtime, or why it cannot decide. */
export interface CriChoice {
  socket: string;
  endpoint: CriEndpoint | undefined;
  /** the runtime kubeadm detects is Docker through dockershim (kubeadm < 1.24) */
  docker: boolean;
}

const CONTAINERD_SOCKET = 'unix:///var/run/containerd/containerd.sock';

/** Pick the CRI socket as kubeadm's DetectCRISocket does; an error string when several are found (1.24+). */
export function chooseCri(m: Machine, minor: number, flag: string | undefined): CriChoice | { error: string } {
  const found = criEndpoints(m, minor);
  if (flag) {
    const norm = (s: string) => s.replace(/^unix:\/\//, '');
    const endpoint = found.find((e) => norm(e.socket) === norm(flag));
    return { socket: flag, endpoint, docker: endpoint?.runtime === 'docker' && minor < 24 };
  }
  if (minor >= 24 && found.length > 1) {
    return { error: `found multiple CRI endpoints on the host. Please define which one do you wish to use by setting the 'criSocket' field in the kubeadm configuration file: ${found.map((e) => e.socket).join(', ')}` };
  }
  const endpoint = found[0];
  if (!endpoint) return { socket: minor < 24 ? '/var/run/dockershim.sock' : CONTAINERD_SOCKET, endpoint: undefined, docker: minor < 24 };
  return { socket: endpoint.socket, endpoint, docker: endpoint.runtime === 'docker' && minor < 24 };
}

/** Why the CRI API does not answer on this endpoint (the gRPC error text), or undefined when it does. */
export function criFailure(cri: CriChoice, minor: number): string | undefined {
  const path = cri.socket.replace(/^unix:\/\//, '');
  const service = minor < 23 ? 'runtime.v1alpha2.RuntimeService' : 'runtime.v1.RuntimeService';
  if (!cri.endpoint || !cri.endpoint.running) return `rpc error: code = Unavailable desc = connection error: desc = "transport: Error while dialing: dial unix ${path}: connect: no such file or directory"`;
  if (cri.endpoint.criError) return `rpc error: code = Unimplemented desc = unknown service ${service}`;
  return undefined;
}

/** The 1.32 CRI client's Connect error (printed as a klog warning, fatal when the images are pulled). */
export function criConnectError(cri: CriChoice, minor: number): string | undefined {
  const why = criFailure(cri, minor);
  if (!why) return undefined;
  return `failed to create new CRI runtime service: validate service connection: validate CRI v1 runtime API for endpoint "${cri.socket}": ${why}`;
}

/** The ports a machine's daemons hold right now, as the control-plane lifecycle reports its daemons. */
export function portInUse(m: Machine, cp: ControlPlaneLifecycle | undefined, port: number): boolean {
  const socket = machineSockets(m.role === 'control-plane' ? 'control-plane' : 'worker').find((s) => s.port === port) ?? machineSockets('control-plane').find((s) => s.port === port);
  if (!socket) return false;
  if (cp) return cp.daemonRunning(m.name, socket.daemon);
  return m.unit('kubelet')?.running ?? false;
}

function dirNotEmpty(m: Machine, path: string): boolean {
  return m.fs.exists(path) && m.fs.isDir(path) && m.fs.list(path).length > 0;
}

export interface PreflightInput {
  m: Machine;
  cp: ControlPlaneLifecycle | undefined;
  /** kubeadm's own minor version */
  minor: number;
  kubeadmVersion: string;
  /** the control-plane version being installed (init) or '' (join) */
  k8sVersion: string;
  cri: CriChoice;
  /** 'init' | 'join' */
  mode: 'init' | 'join';
  apiEndpointIp: string;
  /** virtual ms now (crictl's log timestamps) */
  now: number;
}

/** `/etc/kubernetes/manifests/kube-apiserver.yaml` → `FileAvailable--etc-kubernetes-manifests-kube-apiserver.yaml` */
const fileName = (kind: string, path: string) => `${kind}-${path.replace(/\//g, '-')}`;

const fileAvailable = (m: Machine, path: string): CheckResult => ({ name: fileName('FileAvailable', path), warnings: [], errors: m.fs.exists(path) ? [`${path} already exists`] : [] });

function fileContent(m: Machine, path: string): CheckResult {
  const name = fileName('FileContent', path);
  if (!m.fs.exists(path) || m.fs.isDir(path)) return { name, warnings: [], errors: [`${path} does not exist`] };
  return { name, warnings: [], errors: m.fs.read(path).startsWith('1') ? [] : [`${path} contents are not set to 1`] };
}

const port = (m: Machine, cp: ControlPlaneLifecycle | undefined, p: number): CheckResult => ({ name: `Port-${p}`, warnings: [], errors: portInUse(m, cp, p) ? [`Port ${p} is in use`] : [] });

/** `1.21.1` → [1, 21, 1] */
const parts = (v: string) => v.replace(/^v/, '').split(/[.-]/).map((x) => Number(x) || 0);

/** Run the checks of `kubeadm init` / `kubeadm join` (not the image pull), in upstream order. */
export function runChecks(input: PreflightInput): CheckResult[] {
  const { m, cp, minor, cri, mode } = input;
  const out: CheckResult[] = [];
  const ok = (name: string): CheckResult => ({ name, warnings: [], errors: [] });
  if (mode === 'init') {
    const [, kMinor] = parts(input.kubeadmVersion);
    const [tMaj, tMinor, tPatch] = parts(input.k8sVersion);
    out.push(ok('NumCPU'), ok('Mem'));
    out.push({ name: 'KubernetesVersion', warnings: tMinor! > kMinor! ? [`Kubernetes version is greater than kubeadm version. Please consider to upgrade kubeadm. Kubernetes version: ${tMaj}.${tMinor}.${tPatch}. Kubeadm version: 1.${kMinor}.x`] : [], errors: [] });
    const firewalld = m.unit('firewalld');
    out.push({ name: 'Firewalld', warnings: firewalld?.running ? ['firewalld is active, please ensure ports [6443 10250] are open or your cluster may not function correctly'] : [], errors: [] });
    for (const p of [6443, 10259, 10257]) out.push(port(m, cp, p));
    for (const c of ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'etcd']) out.push(fileAvailable(m, `/etc/kubernetes/manifests/${c}.yaml`));
  } else {
    if (minor < 23) out.push({ name: 'DirAvailable--etc-kubernetes-manifests', warnings: [], errors: dirNotEmpty(m, '/etc/kubernetes/manifests') ? ['/etc/kubernetes/manifests is not empty'] : [] });
    out.push(fileAvailable(m, '/etc/kubernetes/kubelet.conf'), fileAvailable(m, '/etc/kubernetes/bootstrap-kubelet.conf'));
  }
  out.push(...commonChecks(input));
  if (mode === 'join') out.push(fileAvailable(m, '/etc/kubernetes/pki/ca.crt'));
  // since 1.30 only ip_forward is checked, after the common checks (addIPv4Checks)
  if (minor >= 30) out.push(fileContent(m, '/proc/sys/net/ipv4/ip_forward'));
  if (mode === 'init') {
    out.push(port(m, cp, 2379), port(m, cp, 2380));
    out.push({ name: 'DirAvailable--var-lib-etcd', warnings: [], errors: dirNotEmpty(m, '/var/lib/etcd') ? ['/var/lib/etcd is not empty'] : [] });
  }
  return out;
}

/** CentOS 7's kernel: below what kubeadm's system validators accept from 1.32 on. */
export const KERNEL_RELEASE = '3.10.0-1160.el7.x86_64';

function commonChecks(input: PreflightInput): CheckResult[] {
  const { m, minor, cri } = input;
  const out: CheckResult[] = [];
  if (minor < 31) {
    const why = cri.docker ? (cri.endpoint?.running ? undefined : 'docker') : criFailure(cri, minor);
    const output = why === 'docker'
      ? 'Client:\n Context:    default\n Debug Mode: false\n\nServer:\nERROR: Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\nerrors pretty printing info\n, error: exit status 1'
      : why ? `time="${new Date(input.now).toISOString().slice(0, 19)}Z" level=fatal msg="${minor < 24 ? 'getting status of runtime' : `validate service connection: validate CRI v1 runtime API for endpoint \\"${cri.socket}\\"`}: ${why.replace(/"/g, '\\"')}"\n, error: exit status 1` : undefined;
    out.push({ name: 'CRI', warnings: [], errors: output ? [`container runtime is not running: output: ${output}`] : [] });
    if (cri.docker) {
      const docker = m.unit('docker');
      const svc: CheckResult = { name: 'Service-Docker', warnings: [], errors: [] };
      if (!docker) svc.warnings.push('docker service does not exist');
      else {
        if (!docker.enabled) svc.warnings.push("docker service is not enabled, please run 'systemctl enable docker.service'");
        if (!docker.running) svc.errors.push("docker service is not active, please run 'systemctl start docker.service'");
      }
      out.push(svc);
      const driver = cri.endpoint?.cgroupDriver;
      out.push({
        name: 'IsDockerSystemdCheck',
        warnings: docker?.running && driver === 'cgroupfs' ? ['detected "cgroupfs" as the Docker cgroup driver. The recommended driver is "systemd". Please follow the guide at https://kubernetes.io/docs/setup/cri/'] : [],
        errors: docker?.running ? [] : ["cannot execute 'docker info -f {{.CgroupDriver}}': exit status 2"],
      });
    }
  }
  // 1.21 kept the bridge check beside ip_forward among the common checks
  if (minor < 30) out.push(fileContent(m, '/proc/sys/net/bridge/bridge-nf-call-iptables'), fileContent(m, '/proc/sys/net/ipv4/ip_forward'));
  const swap: CheckResult = { name: 'Swap', warnings: [], errors: [] };
  if (m.os.swapOn) {
    if (minor < 28) swap.errors.push('running with swap on is not supported. Please disable swap');
    else if (minor < 31) swap.warnings.push('swap is supported for cgroup v2 only; the NodeSwap feature gate of the kubelet is beta but disabled by default');
    else swap.warnings.push('swap is supported for cgroup v2 only. The kubelet must be properly configured to use swap. Please refer to https://kubernetes.io/docs/concepts/architecture/nodes/#swap-memory, or disable swap on the node');
  }
  out.push(swap);
  const sysver: CheckResult = { name: 'SystemVerification', warnings: [], errors: [] };
  // CentOS 7 runs cgroup v1; kubeadm says so from 1.31, and its validators reject the 3.10 kernel from 1.32
  if (minor >= 31) sysver.warnings.push('cgroups v1 support is in maintenance mode, please migrate to cgroups v2');
  if (minor >= 32 && KERNEL_TOO_OLD_CHECK) {
    sysver.errors.push(`kernel release ${KERNEL_RELEASE} is unsupported. Recommended LTS version from the 4.x series is 4.19. Any 5.x or 6.x versions are also supported. For cgroups v2 support, the minimal version is 4.15 and the recommended version is 5.8+`);
    sysver.errors.push('unexpected kernel config: CONFIG_CGROUP_BPF');
  }
  out.push(sysver);
  const hostname: CheckResult = { name: 'Hostname', warnings: [], errors: [] };
  if (!m.resolve(m.name)) hostname.warnings.push(`hostname "${m.name}" could not be reached`, `hostname "${m.name}": lookup ${m.name} on ${m.nameserver()}: no such host`);
  out.push(hostname);
  const kubeletPkg = m.os.packages.installed('kubelet');
  const kv: CheckResult = { name: 'KubeletVersion', warnings: [], errors: [] };
  if (!kubeletPkg || !m.os.hasCommand('kubelet')) kv.errors.push(`couldn't get kubelet version: cannot execute 'kubelet --version': exec: "kubelet": executable file not found in $PATH`);
  else if (input.k8sVersion) {
    const [, kubeletMinor] = parts(kubeletPkg.version);
    const [, cpMinor] = parts(input.k8sVersion);
    if (kubeletMinor! > cpMinor!) kv.errors.push(`the kubelet version is higher than the control plane version. This is not a supported version skew and may lead to a malfunctional cluster. Kubelet version: "${kubeletPkg.version}" Control plane version: "${input.k8sVersion.replace(/^v/, '')}"`);
  }
  out.push(kv);
  const kubelet = m.unit('kubelet');
  const svc: CheckResult = { name: 'Service-Kubelet', warnings: [], errors: [] };
  if (!kubelet) svc.warnings.push('kubelet service does not exist');
  else if (!kubelet.enabled) svc.warnings.push("kubelet service is not enabled, please run 'systemctl enable kubelet.service'");
  out.push(svc);
  out.push(port(m, input.cp, 10250));
  return out;
}

/** Whether kubeadm 1.32 refuses CentOS 7's 3.10 kernel (upstream does; one switch if the course decides otherwise). */
export const KERNEL_TOO_OLD_CHECK = true;

/** `kubeadm init` 1.32 on a failed SystemVerification prints the validators' report first. */
export const SYSTEM_VERIFICATION_REPORT = `KERNEL_VERSION: ${KERNEL_RELEASE}
CONFIG_NAMESPACES: enabled
CONFIG_NET_NS: enabled
CONFIG_PID_NS: enabled
CONFIG_IPC_NS: enabled
CONFIG_UTS_NS: enabled
CONFIG_CGROUPS: enabled
CONFIG_CGROUP_BPF: not set
CONFIG_CGROUP_CPUACCT: enabled
CONFIG_CGROUP_DEVICE: enabled
CONFIG_CGROUP_FREEZER: enabled
CONFIG_CGROUP_PIDS: enabled
CONFIG_CGROUP_SCHED: enabled
CONFIG_CPUSETS: enabled
CONFIG_MEMCG: enabled
CONFIG_INET: enabled
CONFIG_EXT4_FS: enabled (as module)
CONFIG_PROC_FS: enabled
CONFIG_NETFILTER_XT_TARGET_REDIRECT: enabled (as module)
CONFIG_NETFILTER_XT_MATCH_COMMENT: enabled (as module)
CONFIG_FAIR_GROUP_SCHED: enabled
CONFIG_OVERLAY_FS: enabled (as module)
CONFIG_AUFS_FS: not set - Required for aufs.
CONFIG_BLK_DEV_DM: enabled (as module)
CONFIG_CFS_BANDWIDTH: enabled
CONFIG_CGROUP_HUGETLB: enabled
CONFIG_SECCOMP: enabled
CONFIG_SECCOMP_FILTER: enabled
OS: Linux
CGROUPS_CPU: enabled
CGROUPS_CPUACCT: enabled
CGROUPS_CPUSET: enabled
CGROUPS_DEVICES: enabled
CGROUPS_FREEZER: enabled
CGROUPS_MEMORY: enabled
CGROUPS_PIDS: enabled
CGROUPS_HUGETLB: enabled
CGROUPS_BLKIO: enabled
`;

/** `--ignore-preflight-errors=Swap,all` → lower-cased set. */
export function ignoredSet(values: string[]): Set<string> {
  return new Set(values.flatMap((v) => v.split(',')).map((s) => s.trim().toLowerCase()).filter(Boolean));
}

/** RunChecks: warnings (ignored errors included) as printed, and the fatal error lines. */
export function render(results: CheckResult[], ignore: Set<string>): { warnings: string; errors: string } {
  let warnings = '';
  let errors = '';
  for (const r of results) {
    const ignored = ignore.has('all') || ignore.has(r.name.toLowerCase());
    for (const w of [...r.warnings, ...(ignored ? r.errors : [])]) warnings += `\t[WARNING ${r.name}]: ${w}\n`;
    if (!ignored) for (const e of r.errors) errors += `\t[ERROR ${r.name}]: ${e}\n`;
  }
  return { warnings, errors };
}
