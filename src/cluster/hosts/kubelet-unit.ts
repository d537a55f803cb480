// The kubelet's systemd unit as the kubelet rpm installs it (kubeadm's drop-in included). Whether it
// comes up depends on what kubeadm wrote (/var/lib/kubelet/config.yaml), swap, and the container runtime.
//   machine.os.addUnit(kubeletUnitSpec(machine, '1.21.1')) ; kubeletStartError(machine, '1.21.1') → the journal line, or undefined
import type { UnitSpec } from './services.ts';
import type { Machine } from './index.ts';
import type { FileSystem } from '../types.ts';
import { criEndpoints, type CriEndpoint } from './cri.ts';

const CONFIG = '/var/lib/kubelet/config.yaml';
const FLAGS = '/var/lib/kubelet/kubeadm-flags.env';
const DROPIN_DIR = '/usr/lib/systemd/system/kubelet.service.d';
const RAW_EXEC = '/usr/bin/kubelet $KUBELET_KUBECONFIG_ARGS $KUBELET_CONFIG_ARGS $KUBELET_KUBEADM_ARGS $KUBELET_EXTRA_ARGS';

const minorOf = (v: string) => Number(/^v?\d+\.(\d+)/.exec(v)?.[1] ?? 32);

function readOr(fs: FileSystem, path: string): string | undefined {
  try {
    return fs.exists(path) && !fs.isDir(path) ? fs.read(path) : undefined;
  } catch {
    return undefined;
  }
}

/** KUBELET_KUBEADM_ARGS from kubeadm-flags.env (quotes dropped). */
export function kubeadmFlags(fs: FileSystem): string {
  const m = /^KUBELET_KUBEADM_ARGS="?(.*?)"?\s*$/m.exec(readOr(fs, FLAGS) ?? '');
  return m?.[1] ?? '';
}

/** The cgroup driver the kubelet config asks for (kubeadm writes systemd since 1.21; the kubelet's own default is cgroupfs). */
export function kubeletCgroupDriver(fs: FileSystem): 'systemd' | 'cgroupfs' | undefined {
  const text = readOr(fs, CONFIG);
  if (text === undefined) return undefined;
  return /^cgroupDriver:\s*systemd\s*$/m.test(text) ? 'systemd' : 'cgroupfs';
}

/** The runtime the kubelet is configured for: dockershim without a --container-runtime-endpoint (kubelet < 1.24), else the endpoint named. */
export function kubeletRuntime(machine: Machine, version: string): CriEndpoint | undefined {
  const minor = minorOf(version);
  const flags = kubeadmFlags(machine.fs);
  const endpoints = criEndpoints(machine, minor);
  const named = /--container-runtime-endpoint=(\S+)/.exec(flags)?.[1];
  const norm = (s: string) => s.replace(/^unix:\/\//, '');
  if (named) return endpoints.find((e) => norm(e.socket) === norm(named)) ?? { socket: named, runtime: 'containerd', running: false, cgroupDriver: 'systemd', version: '' };
  if (minor < 24) return endpoints.find((e) => e.runtime === 'docker') ?? endpoints[0];
  return endpoints.find((e) => e.runtime === 'containerd') ?? endpoints[0];
}

/** klog's header: `E1122 07:30:01.123456    1234 run.go:72] ` */
function klog(at: number, pid: number, where: string): string {
  const d = new Date(at);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `E${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}.${p(d.getUTCMilliseconds() * 1000 + (pid % 1000), 6)}${String(pid).padStart(8)} ${where}] `;
}

const q = (s: string) => s.replace(/"/g, '\\"');

/** Why the kubelet of `version` exits at start on `machine` (undefined: it comes up), as its last journal line says it. */
export function kubeletStartError(machine: Machine, version: string, at = 0, pid = 1000): string | undefined {
  const minor = minorOf(version);
  const modern = minor >= 22;
  // 1.21 logs each failure at its own call site; later releases funnel them through run.go's "command failed"
  const fail = (where21: string, err: string) => (modern ? `${klog(at, pid, 'run.go:72')}"command failed" err="${q(err)}"` : `${klog(at, pid, where21)}"Failed to run kubelet" err="${q(err)}"`);
  if (!machine.fs.exists(CONFIG)) {
    const inner = `failed to load Kubelet config file ${CONFIG}, error failed to read kubelet config file "${CONFIG}", error: open ${CONFIG}: no such file or directory`;
    if (modern) return `${klog(at, pid, 'run.go:72')}"command failed" err="${q(`failed to load kubelet config file, path: ${CONFIG}, error: ${inner}`)}"`;
    return `${klog(at, pid, 'server.go:204')}"Failed to load kubelet config file" err="${q(inner)}" path="${CONFIG}"`;
  }
  const failSwapOn = !/^failSwapOn:\s*false\s*$/m.test(readOr(machine.fs, CONFIG) ?? '') && !/--fail-swap-on=false/.test(kubeadmFlags(machine.fs) + (readOr(machine.fs, '/etc/sysconfig/kubelet') ?? ''));
  if (machine.os.swapOn && failSwapOn) {
    const swaps = 'Filename\t\t\t\tType\t\tSize\tUsed\tPriority /dev/dm-1                               partition\t2097148\t0\t-2';
    // 1.28 dropped the "!" and the /proc/swaps dump
    const err = minor >= 28 ? 'failed to run Kubelet: running with swap on is not supported, please disable swap or set --fail-swap-on flag to false' : `failed to run Kubelet: running with swap on is not supported, please disable swap! or set --fail-swap-on flag to false. /proc/swaps contained: [${swaps}]`;
    return fail('server.go:292', err);
  }
  const rt = kubeletRuntime(machine, version);
  if (!rt) {
    const sock = minor < 24 ? 'unix:///var/run/docker.sock' : 'unix:///var/run/containerd/containerd.sock';
    return fail('server.go:292', minor < 24 ? `failed to run Kubelet: failed to create kubelet: failed to get docker version: Cannot connect to the Docker daemon at ${sock}. Is the docker daemon running?` : `failed to run Kubelet: validate service connection: validate CRI v1 runtime API for endpoint "${sock}": rpc error: code = Unavailable desc = connection error: desc = "transport: Error while dialing: dial unix ${sock.replace('unix://', '')}: connect: no such file or directory"`);
  }
  if (!rt.running) {
    if (rt.runtime === 'docker' && rt.socket === '/var/run/dockershim.sock') return fail('server.go:292', 'failed to run Kubelet: failed to create kubelet: failed to get docker version: Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?');
    const path = rt.socket.replace('unix://', '');
    return fail('server.go:292', `failed to run Kubelet: validate service connection: validate CRI v1 runtime API for endpoint "${rt.socket}": rpc error: code = Unavailable desc = connection error: desc = "transport: Error while dialing: dial unix ${path}: connect: no such file or directory"`);
  }
  if (rt.criError) return fail('server.go:292', `failed to run Kubelet: validate service connection: validate CRI v1 runtime API for endpoint "${rt.socket}": ${rt.criError}`);
  const driver = kubeletCgroupDriver(machine.fs);
  // dockershim compares the drivers at start; a remote CRI runtime lets the kubelet run and its pods fail
  if (rt.runtime === 'docker' && rt.socket === '/var/run/dockershim.sock' && driver && driver !== rt.cgroupDriver) {
    return fail('server.go:292', `failed to run Kubelet: misconfiguration: kubelet cgroup driver: "${driver}" is different from docker cgroup driver: "${rt.cgroupDriver}"`);
  }
  return undefined;
}

/** The unit spec for `kubelet` on `machine`, version `1.21.1` or `1.32.4`; `now` dates the kubelet's log lines. */
export function kubeletUnitSpec(machine: Machine, version: string, now?: () => number): UnitSpec {
  // without a clock, the attempt's time is that of systemd's "Starting ..." line just logged
  const at = () => now?.() ?? machine.unit('kubelet')?.journal.at(-1)?.at ?? 0;
  let tries = 0;
  return {
    name: 'kubelet',
    description: 'kubelet: The Kubernetes Node Agent',
    path: '/usr/lib/systemd/system/kubelet.service',
    docs: ['https://kubernetes.io/docs/'],
    dropIns: { dir: DROPIN_DIR, files: ['10-kubeadm.conf'] },
    // the CGroup line shows the expanded command once kubeadm has written the kubelet's files
    get exec() {
      if (!machine.fs.exists(CONFIG)) return RAW_EXEC;
      const extra = /^KUBELET_EXTRA_ARGS="?(.*?)"?\s*$/m.exec(readOr(machine.fs, '/etc/sysconfig/kubelet') ?? '')?.[1] ?? '';
      return `/usr/bin/kubelet --bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf --kubeconfig=/etc/kubernetes/kubelet.conf --config=${CONFIG} ${kubeadmFlags(machine.fs)}${extra ? ` ${extra}` : ''}`.trimEnd();
    },
    ident: 'kubelet',
    memory: '48.7M',
    restartAlways: true,
    restartSec: 10,
    onStart: () => kubeletStartError(machine, version, at(), 1000 + ((tries++ * 37) % 9000)),
  };
}
