// Which container runtime a machine offers the kubelet, as kubeadm detects it: the CRI sockets that
// exist, whether they answer the CRI API, and the runtime's cgroup driver.
//   criEndpoints(machine, 21) → [dockershim (Docker installed), containerd] ; criEndpoints(machine, 32) → [containerd]
// kubeadm < 1.24 prefers Docker when its socket is there (dockershim is built into the kubelet);
// dockershim is gone from 1.24, and Docker then needs cri-dockerd (/var/run/cri-dockerd.sock), not modelled.
import type { Machine } from './index.ts';
import { CONTAINERD_VERSION, CRI_UNIMPLEMENTED, loadContainerdConfig } from './containerd.ts';
import { DOCKER_VERSION } from '../docker/index.ts';

export interface CriEndpoint {
  /** `unix:///var/run/containerd/containerd.sock`, `unix:///var/run/cri-dockerd.sock`, `/var/run/dockershim.sock` (dockershim, kubelet < 1.24) */
  socket: string;
  runtime: 'containerd' | 'docker';
  /** the daemon behind the socket runs */
  running: boolean;
  /** why the CRI API does not answer (containerd with `disabled_plugins = ["cri"]`): the grpc error text */
  criError?: string;
  /** the runtime's cgroup driver: containerd's SystemdCgroup, Docker's native.cgroupdriver */
  cgroupDriver: 'systemd' | 'cgroupfs';
  /** `1.6.33`, `20.10.24` */
  version: string;
}

/** Docker is there: the docker-ce package (bare machines) or the preset's engine with its unit. */
function dockerEndpoint(machine: Machine): CriEndpoint | undefined {
  const unit = machine.unit('docker');
  if (!machine.docker || !unit) return undefined;
  const running = unit.running;
  return {
    socket: '/var/run/dockershim.sock',
    runtime: 'docker',
    running,
    // the driver dockerd runs with (ExecStart flags and daemon.json as read at its last start)
    cgroupDriver: machine.docker.daemon.cgroupDriver,
    version: machine.os.packages.installed('docker-ce')?.version ?? DOCKER_VERSION,
  };
}

function containerdEndpoint(machine: Machine): CriEndpoint | undefined {
  const cd = machine.containerd;
  const unit = machine.unit('containerd');
  if (!cd || !unit) return undefined;
  const running = cd.running;
  // a stopped containerd has no config loaded: its driver is what the file says now
  const cfg = cd.config ?? (() => {
    const r = loadContainerdConfig(machine.fs);
    return r.ok ? r.config : undefined;
  })();
  return {
    socket: 'unix:///var/run/containerd/containerd.sock',
    runtime: 'containerd',
    running,
    criError: running && cd.criError ? CRI_UNIMPLEMENTED : undefined,
    cgroupDriver: cfg?.systemdCgroup ? 'systemd' : 'cgroupfs',
    version: machine.os.packages.installed('containerd.io')?.version ?? CONTAINERD_VERSION,
  };
}

/** The CRI endpoints a kubelet of `kubeletMinor` (21, 32, ...) could use on `machine`, in kubeadm's detection order. */
export function criEndpoints(machine: Machine, kubeletMinor: number): CriEndpoint[] {
  const out: CriEndpoint[] = [];
  if (kubeletMinor < 24) {
    const d = dockerEndpoint(machine);
    if (d) out.push(d);
  }
  const c = containerdEndpoint(machine);
  if (c) out.push(c);
  return out;
}
