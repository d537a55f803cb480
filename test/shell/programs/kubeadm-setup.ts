// Bare CentOS machines set up as the install notes leave them, step by step, for the kubeadm tests.
import { createCluster } from '../../../src/cluster/cluster.ts';
import { catalogue, type RepoSource } from '../../../src/cluster/hosts/packages/catalogue.ts';
import { applyInstall, loadModule } from '../../../src/cluster/hosts/packages/effects.ts';
import type { Machine } from '../../../src/cluster/hosts/index.ts';
import { headless } from '../helpers.ts';

export function bare() {
  const cluster = createCluster({ preset: 'bare' });
  const h = headless({ cluster: cluster as never });
  const machine = (name: string): Machine => cluster.hosts.machine(name)!;
  return { ...h, cluster, machine };
}

/** `yum install -y NAME-VERSION` from one repository (the rpm database, files, units, commands). */
export function install(m: Machine, source: RepoSource, name: string, version?: string): void {
  const defs = catalogue(source).filter((p) => p.name === name && (!version || p.version === version));
  const p = defs.at(-1);
  if (!p) throw new Error(`no ${name} ${version ?? ''} in ${source}`);
  m.os.packages.add({ name: p.name, version: p.version, release: p.release, arch: p.arch, repo: `@${source}`, installedAt: 0 });
  applyInstall(m, p);
}

/** Steps 2-3 of the notes: swap off, br_netfilter, the two sysctls; step 4: firewalld off. */
export function prepare(m: Machine): void {
  m.os.swapOn = false;
  loadModule(m, 'br_netfilter');
  m.os.setSysctl('net.bridge.bridge-nf-call-iptables', '1');
  m.os.setSysctl('net.ipv4.ip_forward', '1');
  m.unit('firewalld')?.stop();
  m.fs.write('/etc/hosts', `${m.fs.read('/etc/hosts')}10.0.2.15 master\n10.0.2.16 node1\n10.0.2.17 node2\n10.0.2.18 node3\n`);
}

/** The notes' path: Docker (cgroupfs) and kubelet/kubeadm/kubectl 1.21.1, kubelet enabled. */
export function notes121(m: Machine): void {
  for (const n of ['containerd.io', 'docker-ce-cli', 'docker-ce']) install(m, 'docker-ce-stable', n);
  m.unit('docker')!.enabled = true;
  m.unit('docker')!.start();
  for (const n of ['kubelet', 'kubeadm', 'kubectl']) install(m, 'google-kubernetes', n, '1.21.1');
  m.unit('kubelet')!.enabled = true;
  m.unit('kubelet')!.start();
}

/** The modern path: containerd with the CRI on and SystemdCgroup, pkgs.k8s.io 1.32. */
export function modern132(m: Machine, systemdCgroup = true): void {
  install(m, 'docker-ce-stable', 'containerd.io');
  const cfg = '/etc/containerd/config.toml';
  m.fs.write(cfg, m.fs.read(cfg).replace(/^disabled_plugins.*$/m, '').concat(`\n[plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]\n  SystemdCgroup = ${systemdCgroup}\n`));
  m.unit('containerd')!.enabled = true;
  m.unit('containerd')!.start();
  for (const n of ['kubelet', 'kubeadm', 'kubectl']) install(m, 'pkgs-k8s-32', n, '1.32.4');
  m.unit('kubelet')!.enabled = true;
  m.unit('kubelet')!.start();
}
