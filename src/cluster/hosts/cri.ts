// Which container runtime a machine offers the kubelet, as kubeadm detects it: the CRI sockets that
// exist, whether they answer the CRI API, and the runtime's cgroup driver.
// STUB: owned by the "yum" helper (it installs docker-ce / containerd.io); used by kubeadm and the kubelet unit.
import type { Machine } from './index.ts';

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

/** The CRI endpoints a kubelet of `kubeletMinor` (21, 32, ...) could use on `machine`, in kubeadm's detection order. */
export function criEndpoints(machine: Machine, kubeletMinor: number): CriEndpoint[] {
  const out: CriEndpoint[] = [];
  const cd = machine.containerd;
  if (kubeletMinor < 24 && machine.docker && machine.unit('docker')) out.push({ socket: '/var/run/dockershim.sock', runtime: 'docker', running: machine.unit('docker')!.running, cgroupDriver: 'cgroupfs', version: '20.10.24' });
  if (cd && machine.unit('containerd')) out.push({ socket: 'unix:///var/run/containerd/containerd.sock', runtime: 'containerd', running: cd.running, criError: cd.criError, cgroupDriver: 'systemd', version: '1.6.33' });
  return out;
}
