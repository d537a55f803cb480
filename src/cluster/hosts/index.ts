// The machines: master and node1..3 (the notes' kubeadm cluster) and `harbor` (Docker + Harbor for
// msa.harbor.com). Each is a Machine: files, systemd units, name resolution, containerd's view of its
// registries and (on master and harbor) a Docker engine.
//   hosts.machine('node1').containerd?.running / .config / .registryAccess('msa.harbor.com')
//   hosts.machine('node1').resolve('msa.harbor.com') → '10.0.2.20' | undefined  (/etc/hosts, then DNS)
//   hosts.machine('node1').unit('containerd')?.restart() / .statusText()
//   hosts.registries.resolvePull('node1', 'msa.harbor.com/discovery-service', { architecture: 'amd64' })
import type { FileSystem, Host, Hosts } from '../types.ts';
import { createFileSystem } from './fs.ts';
import { Unit, logrusTime, type UnitSpec } from './services.ts';
import {
  CONTAINERD_CONFIG,
  CONTAINERD_REVISION,
  CONTAINERD_VERSION,
  DEFAULT_CONTAINERD_CONFIG,
  loadContainerdConfig,
  registryAccess,
  registryEndpoints,
  type ContainerdConfig,
  type RegistryEndpoint,
} from './containerd.ts';
import { fakeDigest } from '../registry/images.ts';
import { createRegistries, UPSTREAM_DNS, type PullHostView, type Registries } from '../registry/index.ts';
import { createDockerEngine, DOCKER_UNIT, type DockerEngine } from '../docker/index.ts';
import { BASE_MODULES, createOs, fstabText, selinuxConfig, SELINUX_CONFIG, SYSCONFIG_SELINUX, type MachineOs } from './os.ts';
import { provisionRepos } from './packages/repos.ts';
import { basePackages, kubeadmPackages, SYSCTL_CONF, SYSCTL_D_FILES, FIREWALLD_UNIT, FIREWALLD_UNIT_FILE, K8S_MODULES_CONF, K8S_SYSCTL_CONF } from './os-files.ts';
import { BASH_COMPLETION_FILES, KUBECTL_COMPLETION_BASHRC_LINE } from './bash-completion-files.ts';
import { kubeletRuntime } from './kubelet-unit.ts';

export { createFileSystem } from './fs.ts';
export { FsError } from './fs-error.ts';
export { createImageCache, normalizeImage } from './images.ts';
export type { CachedImage, ImageCache } from './images.ts';

/** The notes' VirtualBox machines (NAT network 10.0.2.0/24). */
export const MACHINES: readonly { name: string; ip: string }[] = [
  { name: 'master', ip: '10.0.2.15' },
  { name: 'node1', ip: '10.0.2.16' },
  { name: 'node2', ip: '10.0.2.17' },
  { name: 'node3', ip: '10.0.2.18' },
];

/** The Harbor VM: not a Kubernetes node. */
export const HARBOR_MACHINE = { name: 'harbor', ip: '10.0.2.20' } as const;

/** The VirtualBox NAT DNS proxy every VM's /etc/resolv.conf names. */
export const NAMESERVER = '10.0.2.3';

export interface ContainerdView {
  /** the daemon runs (a failed restart leaves it down until it starts again) */
  readonly running: boolean;
  /** config.toml as parsed at the last successful start */
  readonly config: ContainerdConfig | undefined;
  /** the CRI plugin failed to load (containerd runs, but the kubelet gets `unknown service`) */
  readonly criError: string | undefined;
  /** endpoints containerd tries for a registry host, in order */
  endpoints(registryHost: string): RegistryEndpoint[];
  /** how the first endpoint is reached */
  registryAccess(registryHost: string): 'http' | 'https' | 'https-insecure';
  /** username of registry.configs."<host>".auth */
  authUser(registryHost: string): string | undefined;
}

export interface Machine extends Host {
  readonly role: 'control-plane' | 'worker' | 'registry';
  /** CPU architecture (uname -m x86_64) */
  readonly arch: 'amd64';
  /** every systemd unit by name (`containerd`, `kubelet`, `docker`, `sshd`) */
  readonly units: ReadonlyMap<string, Unit>;
  /** `containerd` or `containerd.service` */
  unit(name: string): Unit | undefined;
  /** glibc-style lookup: /etc/hosts (read now), then the upstream DNS */
  resolve(name: string): string | undefined;
  /** `10.0.2.3:53` */
  nameserver(): string;
  /** containerd on cluster machines; undefined on harbor */
  readonly containerd: ContainerdView | undefined;
  /** the Docker engine on master and harbor */
  readonly docker: DockerEngine | undefined;
  /** packages, kernel modules, swap, SELinux, commands on PATH (see os.ts) */
  readonly os: MachineOs;
  /** a package's systemd unit and files (containerd.io: unit, /etc/containerd/config.toml; kubelet: unit); added disabled and stopped on bare machines */
  install(what: 'containerd' | 'kubelet'): Unit;
}

export interface MutableHosts extends Hosts {
  add(name: string, ip: string): Host;
  get(name: string): Machine | undefined;
  machine(name: string): Machine | undefined;
  /** the public registries and Harbor, with pulls decided per node */
  readonly registries: Registries;
}

/** The machines of a cluster, when its hosts come from createHosts (tests may hand in plain Hosts). */
export function machinesOf(hosts: Hosts): MutableHosts | undefined {
  const h = hosts as Partial<MutableHosts>;
  return typeof h.machine === 'function' && h.registries ? (hosts as MutableHosts) : undefined;
}

/** CentOS 7's /etc/os-release: the machines', and the centos:7 image's. */
export const OS_RELEASE = `NAME="CentOS Linux"
VERSION="7 (Core)"
ID="centos"
ID_LIKE="rhel fedora"
VERSION_ID="7"
PRETTY_NAME="CentOS Linux 7 (Core)"
ANSI_COLOR="0;31"
CPE_NAME="cpe:/o:centos:centos:7"
HOME_URL="https://www.centos.org/"
BUG_REPORT_URL="https://bugs.centos.org/"

CENTOS_MANTISBT_PROJECT="CentOS-7"
CENTOS_MANTISBT_PROJECT_VERSION="7"
REDHAT_SUPPORT_PRODUCT="centos"
REDHAT_SUPPORT_PRODUCT_VERSION="7"

`;

const BASHRC = `# .bashrc

# User specific aliases and functions

alias rm='rm -i'
alias cp='cp -i'
alias mv='mv -i'

# Source global definitions
if [ -f /etc/bashrc ]; then
	. /etc/bashrc
fi
`;

const BASH_PROFILE = `# .bash_profile

# Get the aliases and functions
if [ -f ~/.bashrc ]; then
	. ~/.bashrc
fi

# User specific environment and startup programs

PATH=$PATH:$HOME/bin

export PATH
`;

function etcHosts(machines: readonly { name: string; ip: string }[], extra = ''): string {
  return (
    '127.0.0.1   localhost localhost.localdomain localhost4 localhost4.localdomain4\n' +
    '::1         localhost localhost.localdomain localhost6 localhost6.localdomain6\n' +
    (machines.length ? machines.map((m) => `${m.ip} ${m.name}`).join('\n') + '\n' : '') +
    extra
  );
}

/** A CentOS 7 machine's base files. */
function provision(fs: FileSystem, name: string, all: readonly { name: string; ip: string }[], bare = false): void {
  for (const d of ['/root', '/etc', '/tmp', '/home', '/var', '/var/log', '/var/lib', '/usr', '/usr/bin', '/usr/local', '/usr/local/bin', '/opt', '/mnt', '/dev', '/proc']) fs.mkdir(d, { parents: true });
  fs.write('/etc/hostname', `${name}\n`);
  // a bare machine knows only localhost: the notes' step 1 adds the four machines
  fs.write('/etc/hosts', bare ? etcHosts([]) : etcHosts(all, name === HARBOR_MACHINE.name ? `${HARBOR_MACHINE.ip} msa.harbor.com\n` : ''));
  fs.write('/etc/resolv.conf', `# Generated by NetworkManager\nnameserver ${NAMESERVER}\n`);
  fs.write('/etc/os-release', OS_RELEASE);
  fs.write('/etc/centos-release', 'CentOS Linux release 7.9.2009 (Core)\n');
  fs.write('/etc/redhat-release', 'CentOS Linux release 7.9.2009 (Core)\n');
  // the kubeadm preset's cluster machines have bash-completion and kubectl's completion in root's .bashrc (seed 004 done)
  const completion = !bare && name !== HARBOR_MACHINE.name;
  fs.write('/root/.bashrc', completion ? `${BASHRC}\n${KUBECTL_COMPLETION_BASHRC_LINE}\n` : BASHRC);
  fs.write('/root/.bash_profile', BASH_PROFILE);
  if (completion) {
    for (const [path, text] of Object.entries(BASH_COMPLETION_FILES)) {
      fs.mkdir(path.slice(0, path.lastIndexOf('/')), { parents: true });
      fs.write(path, text);
    }
    fs.mkdir('/etc/bash_completion.d', { parents: true });
  }
  fs.write('/root/anaconda-ks.cfg', '#version=DEVEL\n# System authorization information\nauth --enableshadow --passalgo=sha512\n# Use CDROM installation media\ncdrom\n# Use graphical install\ngraphical\n# Run the Setup Agent on first boot\nfirstboot --enable\nignoredisk --only-use=sda\n# Keyboard layouts\nkeyboard --vckeymap=us --xlayouts=\'us\'\n# System language\nlang en_US.UTF-8\n\n# Network information\nnetwork  --bootproto=dhcp --device=enp0s3 --onboot=on --ipv6=auto --activate\nnetwork  --hostname=' + name + '\n\n# System timezone\ntimezone Asia/Seoul --isUtc\n');
}

/** The OS files of a CentOS 7 install: fstab, SELinux config, sysctl files; `bare` = as anaconda left it, else as the notes' steps 2-4 leave it. */
function provisionOs(fs: FileSystem, name: string, bare: boolean): void {
  for (const d of ['/etc/selinux', '/etc/sysconfig', '/etc/sysctl.d', '/usr/lib/sysctl.d', '/etc/modules-load.d', '/usr/lib/systemd/system', '/etc/yum.repos.d']) fs.mkdir(d, { parents: true });
  // CentOS-Base.repo (base, updates, extras): what yum reads (src/cluster/hosts/packages)
  provisionRepos(fs);
  fs.write('/etc/fstab', fstabText(name, !bare));
  const mode = bare ? 'enforcing' : 'permissive';
  fs.write(SELINUX_CONFIG, selinuxConfig(mode));
  // a symlink to ../selinux/config on CentOS 7; this file system has none, so the OS reads the newer of the two
  fs.write(SYSCONFIG_SELINUX, selinuxConfig(mode));
  fs.write('/etc/sysctl.conf', SYSCTL_CONF);
  fs.write('/etc/sysctl.d/99-sysctl.conf', SYSCTL_CONF);
  for (const [f, text] of Object.entries(SYSCTL_D_FILES)) fs.write(`/usr/lib/sysctl.d/${f}`, text);
  if (bare) fs.write('/usr/lib/systemd/system/firewalld.service', FIREWALLD_UNIT_FILE);
  else {
    fs.write('/etc/modules-load.d/k8s.conf', K8S_MODULES_CONF);
    fs.write('/etc/sysctl.d/k8s.conf', K8S_SYSCTL_CONF);
  }
}

/** Parse /etc/hosts as glibc does: first matching line wins; `#` starts a comment. */
export function lookupEtcHosts(text: string, name: string): string | undefined {
  const want = name.toLowerCase().replace(/\.$/, '');
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*/, '').trim();
    if (!line) continue;
    const [ip, ...names] = line.split(/\s+/);
    if (ip && names.some((n) => n.toLowerCase() === want) && /^[\d.]+$|:/.test(ip)) return ip;
  }
  return undefined;
}

const CONTAINERD_UNIT = (fs: FileSystem): string => `# Copyright The containerd Authors.
#
# Licensed under the Apache License, Version 2.0 (the "License");
# you may not use this file except in compliance with the License.

[Unit]
Description=containerd container runtime
Documentation=https://containerd.io
After=network.target local-fs.target

[Service]
ExecStartPre=-/sbin/modprobe overlay
ExecStart=/usr/bin/containerd

Type=notify
Delegate=yes
KillMode=process
Restart=always
RestartSec=5

# Having non-zero Limit*s causes performance problems due to accounting overhead
# in the kernel. We recommend using cgroups to do container-local accounting.
LimitNPROC=infinity
LimitCORE=infinity

# Comment TasksMax if your systemd version does not supports it.
# Only systemd 226 and above support this version.
TasksMax=infinity
OOMScoreAdjust=-999

[Install]
WantedBy=multi-user.target
${fs ? '' : ''}`;

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619) >>> 0;
  return h;
}

// ---------- runtime hooks (owned by the "yum" helper): what installing docker-ce / containerd.io attaches ----------
export interface RuntimeHooks {
  /** create (once) the machine's Docker engine; its unit is added by the package install */
  attachDocker(opts?: { version?: () => string; flags?: () => string[] }): DockerEngine;
}
const runtimeHooks = new WeakMap<Machine, RuntimeHooks>();
export const machineRuntimeHooks = (m: Machine): RuntimeHooks | undefined => runtimeHooks.get(m);

export function createHosts(now: () => number, machines: readonly { name: string; ip: string }[] = MACHINES, opts: { harbor?: boolean; bare?: boolean } = {}): MutableHosts {
  const map = new Map<string, Machine>();
  const all: { name: string; ip: string }[] = [...machines];
  const bare = opts.bare ?? false;
  const withHarbor = opts.harbor ?? (machines === MACHINES && !bare);
  if (withHarbor && !all.some((m) => m.name === HARBOR_MACHINE.name)) all.push({ ...HARBOR_MACHINE });
  const views = (node: string): PullHostView | undefined => {
    const m = map.get(node);
    const kubelet = m?.os.packages.installed('kubelet');
    if (!m || !kubelet || kubeletRuntime(m, kubelet.version)?.runtime !== 'docker') return m;
    // a dockershim kubelet (1.21 with Docker) pulls through dockerd: Docker's state and its default registry access
    const docker = m.unit('docker');
    return {
      resolve: (n) => m.resolve(n),
      nameserver: () => m.nameserver(),
      containerd: {
        get running() {
          return docker?.running ?? false;
        },
        endpoints: (h) => registryEndpoints(loadDefault(), m.fs, h),
        authUser: () => undefined,
      },
    };
  };
  const registries = createRegistries(views);

  const add = (name: string, ip: string): Machine => {
    const fs = createFileSystem(now);
    if (!all.some((m) => m.name === name)) all.push({ name, ip });
    provision(fs, name, all, bare);
    provisionOs(fs, name, bare && name !== HARBOR_MACHINE.name);
    const role: Machine['role'] = name === HARBOR_MACHINE.name ? 'registry' : name === all[0]!.name ? 'control-plane' : 'worker';
    let pid = 600 + (hash(name) % 200);
    const env = { host: name, now, nextPid: () => (pid += 1 + (hash(`${name}${pid}`) % 40)) };
    const units = new Map<string, Unit>();
    const addUnit = (spec: UnitSpec) => units.set(spec.name, new Unit(spec, env));

    addUnit({
      name: 'sshd',
      description: 'OpenSSH server daemon',
      path: '/usr/lib/systemd/system/sshd.service',
      docs: ['man:sshd(8)', 'man:sshd_config(5)'],
      exec: '/usr/sbin/sshd -D',
      ident: 'sshd',
      memory: '2.1M',
      restartAlways: false,
      startLog: () => ['Server listening on 0.0.0.0 port 22.', 'Server listening on :: port 22.'],
    });

    let cdConfig: ContainerdConfig | undefined;
    let containerdView: ContainerdView | undefined;
    /** containerd.io's files and unit (the kubeadm preset has them from the start; on bare machines the package installs them) */
    const installContainerd = (): Unit => {
      fs.mkdir('/etc/containerd', { parents: true });
      if (!fs.exists(CONTAINERD_CONFIG)) fs.write(CONTAINERD_CONFIG, DEFAULT_CONTAINERD_CONFIG);
      fs.mkdir('/usr/lib/systemd/system', { parents: true });
      fs.write('/usr/lib/systemd/system/containerd.service', CONTAINERD_UNIT(fs));
      addUnit({
        name: 'containerd',
        description: 'containerd container runtime',
        path: '/usr/lib/systemd/system/containerd.service',
        docs: ['https://containerd.io'],
        exec: '/usr/bin/containerd',
        execStartPre: ['/sbin/modprobe overlay'],
        ident: 'containerd',
        memory: '61.3M',
        restartAlways: true,
        restartSec: 5,
        children: (p) => (role === 'control-plane' ? [0, 1, 2, 3] : [0, 1]).map((i) => `${p + 40 + i * 13} /usr/bin/containerd-shim-runc-v2 -namespace k8s.io -id ${fakeDigest(`${name}#sandbox${i}`)} -address /run/containerd/containerd.sock`),
        onStart: () => {
          // ExecStartPre=-/sbin/modprobe overlay
          os.loadModule('overlay');
          const r = loadContainerdConfig(fs);
          if (!r.ok) return `containerd: ${r.error}`;
          cdConfig = r.config;
          return undefined;
        },
        startLog: (at) => {
          const lines = [
            `time="${logrusTime(at, 1)}" level=info msg="starting containerd" revision=${CONTAINERD_REVISION} version=v${CONTAINERD_VERSION}`,
            `time="${logrusTime(at + 40, 2)}" level=info msg="loading plugin \\"io.containerd.grpc.v1.cri\\"..." type=io.containerd.grpc.v1`,
          ];
          if (cdConfig?.criError) lines.push(`time="${logrusTime(at + 41, 3)}" level=warning msg="failed to load plugin io.containerd.grpc.v1.cri" error="${cdConfig.criError}"`);
          else if (!cdConfig?.configPath && Object.keys(cdConfig?.mirrors ?? {}).length) lines.push(`time="${logrusTime(at + 41, 4)}" level=warning msg="DEPRECATION: The \`mirrors\` property of \`[plugins.\\"io.containerd.grpc.v1.cri\\".registry]\` is deprecated since containerd v1.5 and will be removed in containerd v2.0. Use \`config_path\` instead."`);
          lines.push(`time="${logrusTime(at + 90, 5)}" level=info msg=serving... address=/run/containerd/containerd.sock`);
          lines.push(`time="${logrusTime(at + 91, 6)}" level=info msg="containerd successfully booted in 0.091234s"`);
          return lines;
        },
      });
      const unit = () => units.get('containerd')!;
      containerdView = {
        get running() {
          return unit().running;
        },
        get config() {
          return cdConfig;
        },
        get criError() {
          return unit().running ? cdConfig?.criError : undefined;
        },
        endpoints: (h) => registryEndpoints(cdConfig ?? loadDefault(), fs, h),
        registryAccess: (h) => registryAccess(cdConfig ?? loadDefault(), fs, h),
        authUser: (h) => cdConfig?.configs[h]?.auth?.username,
      };
      return units.get('containerd')!;
    };
    /** the kubelet package's unit */
    const installKubelet = (): Unit => {
      addUnit({
        name: 'kubelet',
        description: 'kubelet: The Kubernetes Node Agent',
        path: '/usr/lib/systemd/system/kubelet.service',
        docs: ['https://kubernetes.io/docs/'],
        dropIns: { dir: '/usr/lib/systemd/system/kubelet.service.d', files: ['10-kubeadm.conf'] },
        exec: '/usr/bin/kubelet --bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf --kubeconfig=/etc/kubernetes/kubelet.conf --config=/var/lib/kubelet/config.yaml --container-runtime-endpoint=unix:///var/run/containerd/containerd.sock --pod-infra-container-image=registry.k8s.io/pause:3.10',
        ident: 'kubelet',
        memory: '48.7M',
        restartAlways: true,
        restartSec: 10,
      });
      return units.get('kubelet')!;
    };
    if (role !== 'registry' && !bare) {
      installContainerd();
      installKubelet();
    }
    if (bare && role !== 'registry') {
      fs.write('/usr/lib/systemd/system/firewalld.service', FIREWALLD_UNIT_FILE);
      addUnit(FIREWALLD_UNIT);
    }

    let docker: DockerEngine | undefined;
    // the kubeadm preset's machines: everything the notes install is there; bare machines: a CentOS 7 minimal install
    const provisioned = !bare || role === 'registry';
    const os = createOs(
      { fs, now, units, makeUnit: (spec) => new Unit(spec, env) },
      provisioned
        ? { packages: role === 'registry' ? basePackages() : kubeadmPackages(), commands: role === 'registry' ? ['docker'] : ['kubectl', 'kubeadm', 'kubelet', 'containerd', 'ctr', 'crictl', 'runc', ...(role === 'control-plane' ? ['docker', 'dockerd'] : [])], modules: [...BASE_MODULES, 'br_netfilter', 'overlay'], swapOn: false, selinux: 'permissive' }
        : { packages: basePackages(), commands: [], modules: [...BASE_MODULES], swapOn: true, selinux: 'enforcing' },
    );
    if (provisioned) os.setSysctl('net.ipv4.ip_forward', '1');
    const machine: Machine = {
      os,
      name,
      ip,
      fs,
      role,
      arch: 'amd64',
      units,
      unit: (n) => units.get(n.replace(/\.service$/, '')),
      resolve: (n) => {
        if (n === 'localhost') return '127.0.0.1';
        let text = '';
        try {
          text = fs.read('/etc/hosts');
        } catch {
          // no /etc/hosts: straight to DNS
        }
        return lookupEtcHosts(text, n) ?? UPSTREAM_DNS[n.toLowerCase()];
      },
      nameserver: () => {
        try {
          const m = /^\s*nameserver\s+(\S+)/m.exec(fs.read('/etc/resolv.conf'));
          if (m) return `${m[1]}:53`;
        } catch {
          // fall through
        }
        return '[::1]:53';
      },
      get containerd() {
        return units.has('containerd') ? containerdView : undefined;
      },
      install: (what) => {
        // rpm installs a unit file; it stays disabled and stopped until `systemctl enable --now`
        const u = what === 'containerd' ? installContainerd() : installKubelet();
        u.enabled = false;
        return u;
      },
      get docker() {
        return docker;
      },
    };
    if (role !== 'worker' && provisioned) {
      docker = createDockerEngine({ machine, now, registries });
      units.set('docker', new Unit(DOCKER_UNIT(docker), env));
      docker.bindUnit(() => units.get('docker'));
      fs.mkdir('/usr/lib/systemd/system', { parents: true });
      if (role === 'registry') fs.write('/etc/docker/daemon.json', '{\n  "insecure-registries": ["msa.harbor.com"]\n}\n');
    }
    // package installs (src/cluster/hosts/packages) attach runtimes here
    runtimeHooks.set(machine, {
      attachDocker: (o) => {
        if (!docker) {
          docker = createDockerEngine({ machine, now, registries, ...o });
          const d = docker;
          d.bindUnit(() => units.get('docker'));
        }
        return docker;
      },
    });
    const t = now();
    for (const u of units.values()) u.boot(t);
    map.set(name, machine);
    return machine;
  };
  for (const m of all) add(m.name, m.ip);
  return {
    names: () => [...map.keys()],
    get: (name) => map.get(name),
    machine: (name) => map.get(name),
    add,
    registries,
  };
}

let defaultConfig: ContainerdConfig | undefined;
function loadDefault(): ContainerdConfig {
  if (!defaultConfig) {
    const fs = createFileSystem(() => 0);
    fs.mkdir('/etc/containerd', { parents: true });
    fs.write(CONTAINERD_CONFIG, DEFAULT_CONTAINERD_CONFIG);
    const r = loadContainerdConfig(fs);
    if (!r.ok) throw new Error(r.error);
    defaultConfig = r.config;
  }
  return defaultConfig;
}
