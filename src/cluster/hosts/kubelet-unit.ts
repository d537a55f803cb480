// The kubelet's systemd unit as the kubelet rpm installs it (kubeadm's drop-in included). Whether it
// comes up depends on what kubeadm wrote (/var/lib/kubelet/config.yaml), swap, and the container runtime.
// STUB: owned by the "kubeadm-cluster" helper; the "yum" helper calls it when kubelet is installed.
import type { UnitSpec } from './services.ts';
import type { Machine } from './index.ts';

/** The unit spec for `kubelet` on `machine`, version `1.21.1` or `1.32.4`. */
export function kubeletUnitSpec(machine: Machine, version: string): UnitSpec {
  return {
    name: 'kubelet',
    description: 'kubelet: The Kubernetes Node Agent',
    path: '/usr/lib/systemd/system/kubelet.service',
    docs: ['https://kubernetes.io/docs/'],
    dropIns: { dir: '/usr/lib/systemd/system/kubelet.service.d', files: ['10-kubeadm.conf'] },
    exec: '/usr/bin/kubelet',
    ident: 'kubelet',
    memory: '48.7M',
    restartAlways: true,
    restartSec: 10,
    onStart: () => (machine.fs.exists('/var/lib/kubelet/config.yaml') ? undefined : `E0000 kubelet ${version}: failed to load kubelet config file`),
  };
}
