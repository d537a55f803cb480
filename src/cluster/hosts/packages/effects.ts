// What installing (or erasing) a package does to a machine beyond the rpm db: its files, the commands it
// puts on PATH, the systemd units it brings (installed disabled and inactive: rpm starts nothing), and
// for docker-ce / containerd.io the runtimes the kubelet and the docker CLI talk to.
//   applyInstall(machine, pkg) ; applyRemove(machine, name)
import type { Machine } from '../index.ts';
import { machineRuntimeHooks } from '../index.ts';
import type { PackageDef } from './catalogue.ts';
import { kubeletUnitSpec } from '../kubelet-unit.ts';
import { CONTAINERD_CONFIG, CONTAINERD_IO_CONFIG } from '../containerd.ts';
import { DOCKER_UNIT } from '../../docker/index.ts';
import { sysctlPath } from '../os.ts';
import { BASH_COMPLETION_FILES } from '../bash-completion-files.ts';

const write = (m: Machine, path: string, content: string) => {
  m.fs.mkdir(path.slice(0, path.lastIndexOf('/')) || '/', { parents: true });
  m.fs.write(path, content);
};
const binary = (name: string, version: string) => `\u007fELF kubeclass binary ${name} ${version}\n`;

export const KUBELET_SERVICE_FILE = `[Unit]
Description=kubelet: The Kubernetes Node Agent
Documentation=https://kubernetes.io/docs/
Wants=network-online.target
After=network-online.target

[Service]
ExecStart=/usr/bin/kubelet
Restart=always
StartLimitInterval=0
RestartSec=10

[Install]
WantedBy=multi-user.target
`;

/** 10-kubeadm.conf as the kubeadm rpm ships it (the Google repo's 1.21 and pkgs.k8s.io's carry the same text). */
export function kubeadmDropIn(): string {
  return `# Note: This dropin only works with kubeadm and kubelet v1.11+
[Service]
Environment="KUBELET_KUBECONFIG_ARGS=--bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf --kubeconfig=/etc/kubernetes/kubelet.conf"
Environment="KUBELET_CONFIG_ARGS=--config=/var/lib/kubelet/config.yaml"
# This is a file that "kubeadm init" and "kubeadm join" generates at runtime, populating the KUBELET_KUBEADM_ARGS variable dynamically
EnvironmentFile=-/var/lib/kubelet/kubeadm-flags.env
# This is a file that the user can use for overrides of the kubelet args as a last resort. Preferably, the user should use
# the .NodeRegistration.KubeletExtraArgs object in the configuration files instead. KUBELET_EXTRA_ARGS should be sourced from this file.
EnvironmentFile=-/etc/sysconfig/kubelet
ExecStart=
ExecStart=/usr/bin/kubelet $KUBELET_KUBECONFIG_ARGS $KUBELET_CONFIG_ARGS $KUBELET_KUBEADM_ARGS $KUBELET_EXTRA_ARGS
`;
}

export const DOCKER_SERVICE_FILE = `[Unit]
Description=Docker Application Container Engine
Documentation=https://docs.docker.com
After=network-online.target docker.socket firewalld.service containerd.service time-set.target
Wants=network-online.target containerd.service
Requires=docker.socket

[Service]
Type=notify
# the default is not to use systemd for cgroups because the delegate issues still
# exists and systemd currently does not support the cgroup feature set required
# for containers run by docker
ExecStart=/usr/bin/dockerd -H fd:// --containerd=/run/containerd/containerd.sock
ExecReload=/bin/kill -s HUP $MAINPID
TimeoutStartSec=0
RestartSec=2
Restart=always

# Note that StartLimit* options were moved from "Service" to "Unit" in systemd 229.
# Both the old, and new location are accepted by systemd 229 and up, so using the old location
# to make them work for either version of systemd.
StartLimitBurst=3

# Note that StartLimitInterval was renamed to StartLimitIntervalSec in systemd 230.
# Both the old, and new name are accepted by systemd 230 and up, so using the old name to make
# this option work for either version of systemd.
StartLimitInterval=60s

# Having non-zero Limit*s causes performance problems due to accounting overhead
# in the kernel. We recommend using cgroups to do container-local accounting.
LimitNPROC=infinity
LimitCORE=infinity

# Comment TasksMax if your systemd version does not support it.
# Only systemd 226 and above support this option.
TasksMax=infinity

# set delegate yes so that systemd does not reset the cgroups of docker containers
Delegate=yes

# kill only the docker process, not all processes in the cgroup
KillMode=process
OOMScoreAdjust=-500

[Install]
WantedBy=multi-user.target
`;

export const DOCKER_SERVICE_PATH = '/usr/lib/systemd/system/docker.service';

/** ExecStart of docker.service as written now: the dockerd command line, split into words. */
export function dockerExecStart(m: Machine): string[] {
  if (!m.fs.exists(DOCKER_SERVICE_PATH)) return ['/usr/bin/dockerd'];
  const lines = m.fs.read(DOCKER_SERVICE_PATH).split('\n').filter((l) => /^\s*ExecStart\s*=/.test(l));
  const last = lines.at(-1)?.replace(/^\s*ExecStart\s*=\s*/, '') ?? '/usr/bin/dockerd';
  return last.split(/\s+/).filter(Boolean);
}

/** Load a kernel module as modprobe does (the bridge sysctl keys appear with br_netfilter). */
export function loadModule(m: Machine, mod: string): void {
  const os = m.os as typeof m.os & { loadModule?: (name: string) => unknown };
  if (typeof os.loadModule === 'function') {
    os.loadModule(mod);
    return;
  }
  m.os.modules.add(mod);
  if (mod === 'br_netfilter') {
    for (const k of ['net.bridge.bridge-nf-call-iptables', 'net.bridge.bridge-nf-call-ip6tables', 'net.bridge.bridge-nf-call-arptables']) {
      const p = sysctlPath(k);
      if (!m.fs.exists(p)) write(m, p, '1\n');
    }
  }
}

const CNI_PLUGINS = ['bandwidth', 'bridge', 'dhcp', 'firewall', 'host-device', 'host-local', 'ipvlan', 'loopback', 'macvlan', 'portmap', 'ptp', 'sbr', 'static', 'tuning', 'vlan', 'vrf'];

/** Put an installed package's files, commands and units on the machine. */
export function applyInstall(m: Machine, p: PackageDef): void {
  switch (p.name) {
    case 'kubelet': {
      write(m, '/usr/bin/kubelet', binary('kubelet', p.version));
      write(m, '/etc/sysconfig/kubelet', 'KUBELET_EXTRA_ARGS=\n');
      write(m, '/usr/lib/systemd/system/kubelet.service', KUBELET_SERVICE_FILE);
      m.fs.mkdir('/var/lib/kubelet', { parents: true });
      m.fs.mkdir('/etc/kubernetes/manifests', { parents: true });
      m.os.addCommands(['kubelet']);
      const u = m.os.addUnit(kubeletUnitSpec(m, p.version));
      u.enabled = false;
      return;
    }
    case 'kubeadm':
      write(m, '/usr/bin/kubeadm', binary('kubeadm', p.version));
      write(m, '/usr/lib/systemd/system/kubelet.service.d/10-kubeadm.conf', kubeadmDropIn());
      m.os.addCommands(['kubeadm']);
      return;
    case 'kubectl':
      write(m, '/usr/bin/kubectl', binary('kubectl', p.version));
      m.os.addCommands(['kubectl']);
      return;
    case 'cri-tools':
      write(m, '/usr/bin/crictl', binary('crictl', p.version));
      m.os.addCommands(['crictl']);
      return;
    case 'kubernetes-cni':
      for (const b of CNI_PLUGINS) write(m, `/opt/cni/bin/${b}`, binary(b, p.version));
      m.fs.mkdir('/etc/cni/net.d', { parents: true });
      return;
    case 'containerd.io': {
      for (const b of ['containerd', 'ctr', 'containerd-shim', 'containerd-shim-runc-v1', 'containerd-shim-runc-v2', 'runc']) write(m, `/usr/bin/${b}`, binary(b, p.version));
      write(m, CONTAINERD_CONFIG, CONTAINERD_IO_CONFIG);
      m.os.addCommands(['containerd', 'ctr', 'runc', 'containerd-shim', 'containerd-shim-runc-v2']);
      // the machine builds containerd's unit and CRI view (it keeps the config.toml written above)
      m.install('containerd').enabled = false;
      return;
    }
    case 'docker-ce-cli':
      write(m, '/usr/bin/docker', binary('docker', p.version));
      m.os.addCommands(['docker']);
      return;
    case 'docker-ce': {
      for (const b of ['dockerd', 'docker-proxy', 'docker-init']) write(m, `/usr/bin/${b}`, binary(b, p.version));
      write(m, DOCKER_SERVICE_PATH, DOCKER_SERVICE_FILE);
      write(m, '/usr/lib/systemd/system/docker.socket', '[Unit]\nDescription=Docker Socket for the API\n\n[Socket]\nListenStream=/run/docker.sock\nSocketMode=0660\nSocketUser=root\nSocketGroup=docker\n\n[Install]\nWantedBy=sockets.target\n');
      m.fs.mkdir('/etc/docker', { parents: true });
      m.os.addCommands(['dockerd']);
      attachDocker(m, p.version);
      return;
    }
    case 'docker-buildx-plugin':
      write(m, '/usr/libexec/docker/cli-plugins/docker-buildx', binary('docker-buildx', p.version));
      return;
    case 'docker-compose-plugin':
      write(m, '/usr/libexec/docker/cli-plugins/docker-compose', binary('docker-compose', p.version));
      return;
    case 'docker-ce-rootless-extras':
      write(m, '/usr/bin/dockerd-rootless-setuptool.sh', '#!/bin/sh\n');
      write(m, '/usr/bin/dockerd-rootless.sh', '#!/bin/sh\n');
      return;
    case 'bash-completion':
      // the same files the kubeadm preset's machines were provisioned with; the package owns the drop-in directory too
      for (const [path, text] of Object.entries(BASH_COMPLETION_FILES)) write(m, path, text);
      m.fs.mkdir('/etc/bash_completion.d', { parents: true });
      return;
    case 'yum-utils':
      write(m, '/usr/bin/yum-config-manager', '#!/usr/bin/python -tt\n');
      m.os.addCommands(['yum-config-manager', 'repoquery', 'package-cleanup']);
      return;
    case 'wget':
      write(m, '/usr/bin/wget', binary('wget', p.version));
      m.os.addCommands(['wget']);
      return;
    case 'vim-enhanced':
      write(m, '/usr/bin/vim', binary('vim', p.version));
      m.os.addCommands(['vim']);
      return;
    case 'conntrack-tools':
      write(m, '/usr/sbin/conntrack', binary('conntrack', p.version));
      m.os.addCommands(['conntrack']);
      return;
    case 'socat':
      write(m, '/usr/bin/socat', binary('socat', p.version));
      m.os.addCommands(['socat']);
      return;
    case 'ebtables':
      write(m, '/usr/sbin/ebtables', binary('ebtables', p.version));
      m.os.addCommands(['ebtables']);
      return;
    case 'net-tools':
      for (const b of ['ifconfig', 'netstat', 'route', 'arp']) write(m, `/usr/sbin/${b}`, binary(b, p.version));
      m.os.addCommands(['ifconfig', 'netstat', 'route', 'arp']);
      return;
    case 'git':
      write(m, '/usr/bin/git', binary('git', p.version));
      m.os.addCommands(['git']);
      return;
    default:
      return;
  }
}

/** The Docker engine a docker-ce install brings: its unit reads ExecStart flags and daemon.json at each start. */
function attachDocker(m: Machine, version: string): void {
  const hooks = machineRuntimeHooks(m);
  if (!hooks) return;
  const engine = hooks.attachDocker({ version: () => version, flags: () => dockerExecStart(m).slice(1) });
  const base = DOCKER_UNIT(engine);
  const u = m.os.addUnit({
    ...base,
    get exec() {
      return dockerExecStart(m).join(' ');
    },
    onStart: () => {
      // docker.service Wants= and After= containerd.service: starting Docker starts containerd first
      const cd = m.unit('containerd');
      if (cd && !cd.running) cd.start();
      const err = engine.start();
      if (err) return err;
      // dockerd itself loads br_netfilter and turns on forwarding (its bridge network needs both)
      loadModule(m, 'br_netfilter');
      m.os.setSysctl('net.ipv4.ip_forward', '1');
      return undefined;
    },
  });
  u.enabled = false;
}

const FILES: Record<string, string[]> = {
  kubelet: ['/usr/bin/kubelet', '/usr/lib/systemd/system/kubelet.service', '/etc/sysconfig/kubelet'],
  kubeadm: ['/usr/bin/kubeadm', '/usr/lib/systemd/system/kubelet.service.d/10-kubeadm.conf'],
  kubectl: ['/usr/bin/kubectl'],
  'cri-tools': ['/usr/bin/crictl'],
  'kubernetes-cni': CNI_PLUGINS.map((b) => `/opt/cni/bin/${b}`),
  'containerd.io': ['/usr/bin/containerd', '/usr/bin/ctr', '/usr/bin/containerd-shim', '/usr/bin/containerd-shim-runc-v1', '/usr/bin/containerd-shim-runc-v2', '/usr/bin/runc', '/usr/lib/systemd/system/containerd.service'],
  'docker-ce': ['/usr/bin/dockerd', '/usr/bin/docker-proxy', '/usr/bin/docker-init', DOCKER_SERVICE_PATH, '/usr/lib/systemd/system/docker.socket'],
  'docker-ce-cli': ['/usr/bin/docker'],
  'yum-utils': ['/usr/bin/yum-config-manager'],
  wget: ['/usr/bin/wget'],
  'bash-completion': ['/usr/share/bash-completion/bash_completion', '/etc/profile.d/bash_completion.sh'],
};
const COMMANDS: Record<string, string[]> = {
  kubelet: ['kubelet'],
  kubeadm: ['kubeadm'],
  kubectl: ['kubectl'],
  'cri-tools': ['crictl'],
  'containerd.io': ['containerd', 'ctr', 'runc', 'containerd-shim', 'containerd-shim-runc-v2'],
  'docker-ce': ['dockerd'],
  'docker-ce-cli': ['docker'],
  'yum-utils': ['yum-config-manager', 'repoquery', 'package-cleanup'],
  wget: ['wget'],
  'vim-enhanced': ['vim'],
  socat: ['socat'],
  'conntrack-tools': ['conntrack'],
  ebtables: ['ebtables'],
  git: ['git'],
  'net-tools': ['ifconfig', 'netstat', 'route', 'arp'],
};

/** Take an erased package's files, commands and units away (rpm -e stops nothing first; config files stay as .rpmsave when changed). */
export function applyRemove(m: Machine, name: string): void {
  for (const f of FILES[name] ?? []) if (m.fs.exists(f)) m.fs.remove(f);
  if (COMMANDS[name]) m.os.removeCommands(COMMANDS[name]!);
  if (name === 'kubelet') m.os.removeUnit('kubelet');
  if (name === 'containerd.io') m.os.removeUnit('containerd');
  if (name === 'docker-ce') m.os.removeUnit('docker');
}
