// What the operating system of a machine holds beyond its files and units: the rpm database, loaded
// kernel modules, swap, SELinux, and which commands are on PATH. The kubeadm-install lab starts from
// bare CentOS 7 machines; the kubeadm preset's machines are fully provisioned.
//   machine.os.packages.installed('kubeadm') → { name, version: '1.21.1', release: '0', arch: 'x86_64', repo } | undefined
//   machine.os.hasCommand('kubectl') ; machine.os.modules.has('br_netfilter') ; machine.os.swapOn
//   machine.os.sysctl('net.ipv4.ip_forward') → '0' | '1' | undefined (undefined: no such key, e.g. bridge keys before br_netfilter)
import type { UnitSpec, Unit } from './services.ts';

export interface InstalledPackage {
  name: string;
  /** upstream version: `1.21.1`, `20.10.24`, `1.32.4` */
  version: string;
  /** rpm release: `0`, `150500.1.1`, `3.el7`, `1.el7` */
  release: string;
  /** `x86_64` or `noarch` */
  arch: string;
  /** repo id it came from (`@kubernetes`, `@docker-ce-stable`, `@anaconda` for the base install) */
  repo: string;
  /** virtual ms of installation */
  installedAt: number;
}

export interface PackageDb {
  installed(name: string): InstalledPackage | undefined;
  list(): InstalledPackage[];
  /** record an install (the effects — files, units, commands — are applied by whoever installs) */
  add(pkg: InstalledPackage): void;
  remove(name: string): InstalledPackage | undefined;
}

export type SelinuxMode = 'enforcing' | 'permissive' | 'disabled';

/** firewalld's zone `public` (the only one the machines use): runtime and permanent ports and services. */
export interface Firewall {
  /** firewalld.service runs (no unit, or stopped: nothing is filtered) */
  readonly running: boolean;
  /** `6443/tcp`, in the order added */
  ports(permanent?: boolean): string[];
  /** `dhcpv6-client`, `ssh` (sorted, as firewall-cmd lists them) */
  services(permanent?: boolean): string[];
  /** false when already there (firewall-cmd warns ALREADY_ENABLED) */
  addPort(spec: string, permanent: boolean): boolean;
  removePort(spec: string, permanent: boolean): boolean;
  addService(name: string, permanent: boolean): boolean;
  removeService(name: string, permanent: boolean): boolean;
  /** `firewall-cmd --reload`: the runtime configuration becomes the permanent one */
  reload(): void;
  /** whether inbound traffic from another machine reaches `port` (always true while firewalld is down) */
  allows(port: number, proto?: 'tcp' | 'udp'): boolean;
}

export interface MachineOs {
  readonly packages: PackageDb;
  /** loaded kernel modules (lsmod); adding `br_netfilter` creates /proc/sys/net/bridge/*, as the module does */
  readonly modules: Set<string>;
  /** swap is active now (/proc/swaps lists /dev/dm-1) */
  swapOn: boolean;
  /** SELinux mode now (getenforce); the mode after reboot comes from /etc/selinux/config */
  selinux: SelinuxMode;
  /** a command on PATH that a package provides (kubectl, kubeadm, kubelet, docker, crictl, ...) */
  hasCommand(name: string): boolean;
  /** commands a package installed put on PATH */
  addCommands(names: string[]): void;
  removeCommands(names: string[]): void;
  /** runtime kernel parameter (reads /proc/sys/...); undefined when the key does not exist */
  sysctl(key: string): string | undefined;
  /** set a runtime kernel parameter; false when the key does not exist */
  setSysctl(key: string, value: string): boolean;
  /** modprobe: load a module and what it depends on; false when the kernel has no such module */
  loadModule(name: string): boolean;
  /** a module this kernel ships (modprobe finds it) */
  knownModule(name: string): boolean;
  /** add a systemd unit (a package's) to the machine; replaces one of the same name */
  addUnit(spec: UnitSpec): Unit;
  removeUnit(name: string): void;
  /** firewalld's public zone */
  readonly firewall: Firewall;
  /** the machine is up (false for REBOOT_MS after reboot()) */
  readonly up: boolean;
  /** virtual ms the kernel last booted (uptime) */
  readonly bootedAt: number;
  /** hooks run at every boot after modules and sysctl are applied, before enabled units start */
  onBoot(hook: () => void): () => void;
  /** reboot: unload modules not in /etc/modules-load.d, re-read sysctl files, swap from /etc/fstab, SELinux from its config, start enabled units */
  reboot(): void;
  /** listeners for package/state changes (kubelet readiness, control plane) */
  onChange(listener: () => void): () => void;
}

/** How long a reboot keeps the machine away (virtual ms). */
export const REBOOT_MS = 30_000;

/** `net.ipv4.ip_forward` → `/proc/sys/net/ipv4/ip_forward` */
export const sysctlPath = (key: string): string => `/proc/sys/${key.replace(/\./g, '/')}`;

/** `/proc/sys/net/ipv4/ip_forward` → `net.ipv4.ip_forward` */
export const sysctlKey = (path: string): string => path.replace(/^\/proc\/sys\//, '').replace(/\//g, '.');

export const KERNEL_RELEASE = '3.10.0-1160.el7.x86_64';

/** The kernel parameters of a CentOS 7.9 VirtualBox guest after boot (a subset of `sysctl -a`). */
export const SYSCTL_DEFAULTS: Readonly<Record<string, string>> = {
  'fs.file-max': '379083',
  'fs.inotify.max_user_instances': '128',
  'fs.inotify.max_user_watches': '8192',
  'fs.protected_hardlinks': '1',
  'fs.protected_symlinks': '1',
  'kernel.core_uses_pid': '1',
  'kernel.kptr_restrict': '0',
  'kernel.osrelease': KERNEL_RELEASE,
  'kernel.ostype': 'Linux',
  'kernel.panic': '0',
  'kernel.panic_on_oops': '1',
  'kernel.pid_max': '32768',
  'kernel.sysrq': '16',
  'kernel.yama.ptrace_scope': '0',
  'net.core.somaxconn': '128',
  'net.ipv4.conf.all.accept_source_route': '0',
  'net.ipv4.conf.all.forwarding': '0',
  'net.ipv4.conf.all.promote_secondaries': '1',
  'net.ipv4.conf.all.rp_filter': '1',
  'net.ipv4.conf.default.accept_source_route': '0',
  'net.ipv4.conf.default.forwarding': '0',
  'net.ipv4.conf.default.promote_secondaries': '1',
  'net.ipv4.conf.default.rp_filter': '1',
  'net.ipv4.ip_forward': '0',
  'net.ipv4.ip_local_port_range': '32768\t60999',
  'net.ipv4.tcp_syncookies': '1',
  'net.ipv6.conf.all.disable_ipv6': '0',
  'net.ipv6.conf.all.forwarding': '0',
  'net.netfilter.nf_conntrack_max': '65536',
  'vm.max_map_count': '65530',
  'vm.overcommit_memory': '0',
  'vm.swappiness': '30',
};

/** The keys br_netfilter brings, with the module's defaults. */
export const BRIDGE_SYSCTLS: Readonly<Record<string, string>> = {
  'net.bridge.bridge-nf-call-arptables': '1',
  'net.bridge.bridge-nf-call-ip6tables': '1',
  'net.bridge.bridge-nf-call-iptables': '1',
  'net.bridge.bridge-nf-filter-pppoe-tagged': '0',
  'net.bridge.bridge-nf-filter-vlan-tagged': '0',
  'net.bridge.bridge-nf-pass-vlan-input-dev': '0',
};

interface ModuleInfo {
  size: number;
  deps?: string[];
  /** users outside the module list (netfilter tables in use, mounted file systems) */
  refs?: number;
}

/** Modules of kernel 3.10.0-1160.el7 that modprobe can find (sizes as lsmod shows them). */
export const KERNEL_MODULES: Readonly<Record<string, ModuleInfo>> = {
  br_netfilter: { size: 22256, deps: ['bridge'] },
  bridge: { size: 151336, deps: ['stp', 'llc'] },
  stp: { size: 12976, deps: ['llc'] },
  llc: { size: 14552 },
  overlay: { size: 91659 },
  ip_vs: { size: 145458, deps: ['nf_conntrack', 'libcrc32c'] },
  ip_vs_rr: { size: 12600, deps: ['ip_vs'] },
  ip_vs_wrr: { size: 12697, deps: ['ip_vs'] },
  ip_vs_sh: { size: 12688, deps: ['ip_vs'] },
  nf_conntrack_ipv4: { size: 15053, deps: ['nf_conntrack', 'nf_defrag_ipv4'], refs: 2 },
  nf_defrag_ipv4: { size: 12729 },
  nf_conntrack: { size: 139264, deps: ['libcrc32c'], refs: 1 },
  nf_nat: { size: 26583, deps: ['nf_conntrack'] },
  iptable_nat: { size: 12875, deps: ['nf_nat_ipv4'], refs: 1 },
  nf_nat_ipv4: { size: 14115, deps: ['nf_nat'] },
  xt_conntrack: { size: 12760, deps: ['nf_conntrack'], refs: 3 },
  ipt_REJECT: { size: 12541, deps: ['nf_reject_ipv4'], refs: 2 },
  nf_reject_ipv4: { size: 13373 },
  ebtable_filter: { size: 12827, deps: ['ebtables'], refs: 1 },
  ebtables: { size: 35009 },
  iptable_filter: { size: 12810, deps: ['ip_tables'], refs: 1 },
  iptable_mangle: { size: 12695, deps: ['ip_tables'], refs: 1 },
  ip_tables: { size: 27126 },
  ip_set: { size: 45799, deps: ['nfnetlink'] },
  nfnetlink: { size: 14519 },
  vxlan: { size: 53857 },
  veth: { size: 13410 },
  xfs: { size: 997727, deps: ['libcrc32c'], refs: 2 },
  libcrc32c: { size: 12644 },
  e1000: { size: 137624 },
  ata_piix: { size: 35052 },
  libata: { size: 243094, deps: [], refs: 0 },
  sd_mod: { size: 46281, refs: 3 },
  crc_t10dif: { size: 12912, deps: ['sd_mod'] },
  dm_mod: { size: 124501, refs: 9 },
  vboxguest: { size: 295498 },
  i2c_piix4: { size: 22401 },
  snd_intel8x0: { size: 38153 },
};

/** What a freshly booted CentOS 7 guest with firewalld has loaded, oldest first. */
export const BASE_MODULES: readonly string[] = [
  'libcrc32c', 'xfs', 'libata', 'ata_piix', 'sd_mod', 'crc_t10dif', 'dm_mod', 'e1000', 'i2c_piix4', 'snd_intel8x0', 'vboxguest',
  'llc', 'stp', 'bridge', 'ebtables', 'ebtable_filter', 'ip_tables', 'iptable_filter', 'iptable_mangle',
  'nf_conntrack', 'nf_defrag_ipv4', 'nf_conntrack_ipv4', 'nf_nat', 'nf_nat_ipv4', 'iptable_nat', 'xt_conntrack',
  'nf_reject_ipv4', 'ipt_REJECT', 'nfnetlink', 'ip_set',
];

/** `lsmod` text for the loaded modules (newest first, as the kernel lists them). */
export function lsmodText(loaded: Iterable<string>): string {
  const names = [...loaded];
  const rows = names.slice().reverse().map((n) => {
    const info = KERNEL_MODULES[n] ?? { size: 12000 };
    const users = names.filter((u) => KERNEL_MODULES[u]?.deps?.includes(n)).reverse();
    const count = (info.refs ?? 0) + users.length;
    return `${n.padEnd(19)} ${String(info.size).padStart(8)}  ${count}${users.length ? ` ${users.join(',')}` : ' '}`;
  });
  return `Module                  Size  Used by\n${rows.join('\n')}\n`;
}

/** CentOS 7's /etc/selinux/config, with `mode`. */
export function selinuxConfig(mode: SelinuxMode): string {
  return `
# This file controls the state of SELinux on the system.
# SELINUX= can take one of these three values:
#     enforcing - SELinux security policy is enforced.
#     permissive - SELinux prints warnings instead of enforcing.
#     disabled - No SELinux policy is loaded.
SELINUX=${mode}
# SELINUXTYPE= can take one of three values:
#     targeted - Targeted processes are protected,
#     minimum - Modification of targeted policy. Only selected processes are protected. 
#     mls - Multi Level Security protection.
SELINUXTYPE=targeted 


`;
}

/** /etc/fstab of a CentOS 7 LVM install; `swapCommented` as after the notes' step 2. */
export function fstabText(name: string, swapCommented: boolean): string {
  const uuid = `${hex8(name)}-${hex8(name + 'b').slice(0, 4)}-${hex8(name + 'c').slice(0, 4)}-${hex8(name + 'd').slice(0, 4)}-${hex8(name + 'e')}${hex8(name + 'f').slice(0, 4)}`;
  return `
#
# /etc/fstab
# Created by anaconda on Thu Jul 14 10:21:37 2022
#
# Accessible filesystems, by reference, are maintained under '/dev/disk'
# See man pages fstab(5), findfs(8), mount(8) and/or blkid(8) for more info
#
/dev/mapper/centos-root /                       xfs     defaults        0 0
UUID=${uuid} /boot                   xfs     defaults        0 0
${swapCommented ? '#' : ''}/dev/mapper/centos-swap swap                    swap    defaults        0 0
`;
}

function hex8(s: string): string {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619) >>> 0;
  return h.toString(16).padStart(8, '0');
}

/** An uncommented swap entry in fstab text. */
export function fstabHasSwap(text: string): boolean {
  return text.split('\n').some((l) => {
    const f = l.replace(/#.*/, '').trim().split(/\s+/);
    return f.length >= 3 && f[2] === 'swap';
  });
}

/** `SELINUX=` of a config text (undefined when absent or unknown). */
export function parseSelinuxConfig(text: string): SelinuxMode | undefined {
  const m = /^\s*SELINUX\s*=\s*(\S+)/m.exec(text);
  const v = m?.[1]?.toLowerCase();
  return v === 'enforcing' || v === 'permissive' || v === 'disabled' ? v : undefined;
}

export const SELINUX_CONFIG = '/etc/selinux/config';
/** On CentOS 7 a symlink to ../selinux/config; this file system has none, so the newer of the two wins. */
export const SYSCONFIG_SELINUX = '/etc/sysconfig/selinux';

/** The SELinux config as a reboot reads it: the most recently written of the two names. */
export function readSelinuxConfig(fs: import('../types.ts').FileSystem): { text: string; path: string } | undefined {
  const a = fs.stat(SELINUX_CONFIG);
  const b = fs.stat(SYSCONFIG_SELINUX);
  const pick = a?.type === 'file' && (b?.type !== 'file' || a.mtime >= b.mtime) ? SELINUX_CONFIG : b?.type === 'file' ? SYSCONFIG_SELINUX : undefined;
  if (!pick) return undefined;
  return { text: fs.read(pick), path: pick };
}

export const SWAP_KB = 2097148;

/** /proc/swaps text. */
export function procSwaps(on: boolean): string {
  const head = 'Filename\t\t\t\tType\t\tSize\tUsed\tPriority\n';
  return on ? `${head}/dev/dm-1                               partition\t${SWAP_KB}\t0\t-2\n` : head;
}

/** The sysctl.d files systemd-sysctl and `sysctl --system` read, in order (a name in /etc hides the same name in /usr/lib). */
export function sysctlFiles(fs: import('../types.ts').FileSystem): string[] {
  const byName = new Map<string, string>();
  for (const dir of ['/usr/lib/sysctl.d', '/run/sysctl.d', '/etc/sysctl.d']) {
    if (!fs.isDir(dir)) continue;
    for (const f of fs.list(dir)) if (f.endsWith('.conf') && !fs.isDir(`${dir}/${f}`)) byName.set(f, `${dir}/${f}`);
  }
  const files = [...byName.keys()].sort().map((k) => byName.get(k)!);
  if (fs.exists('/etc/sysctl.conf')) files.push('/etc/sysctl.conf');
  return files;
}

/** `key = value` lines of a sysctl file (comments and blanks dropped; `-key` ignore-errors prefix kept off). */
export function parseSysctlFile(text: string): { key: string; value: string; line: number }[] {
  const out: { key: string; value: string; line: number }[] = [];
  text.split('\n').forEach((raw, i) => {
    const l = raw.trim();
    if (!l || l.startsWith('#') || l.startsWith(';')) return;
    const eq = l.indexOf('=');
    if (eq < 0) return;
    out.push({ key: l.slice(0, eq).trim().replace(/^-/, '').replace(/\//g, '.'), value: l.slice(eq + 1).trim(), line: i + 1 });
  });
  return out;
}

const FIREWALL_SERVICES: Readonly<Record<string, string[]>> = {
  ssh: ['22/tcp'],
  'dhcpv6-client': ['546/udp'],
  http: ['80/tcp'],
  https: ['443/tcp'],
  dns: ['53/tcp', '53/udp'],
  'etcd-client': ['2379/tcp'],
  'etcd-server': ['2380/tcp'],
};

export const knownFirewallService = (name: string): boolean => name in FIREWALL_SERVICES;

export interface OsEnv {
  fs: import('../types.ts').FileSystem;
  now(): number;
  units: Map<string, Unit>;
  makeUnit(spec: UnitSpec): Unit;
}

export interface OsInit {
  packages?: InstalledPackage[];
  commands?: string[];
  modules?: string[];
  swapOn?: boolean;
  selinux?: SelinuxMode;
  bootedAt?: number;
}

class ModuleSet extends Set<string> {
  hook: ((name: string, loaded: boolean) => void) | undefined;
  override add(name: string): this {
    const had = this.has(name);
    super.add(name);
    if (!had) this.hook?.(name, true);
    return this;
  }
  override delete(name: string): boolean {
    const had = super.delete(name);
    if (had) this.hook?.(name, false);
    return had;
  }
  override clear(): void {
    for (const n of [...this]) this.delete(n);
  }
}

/** A machine's OS state. */
export function createOs(env: OsEnv, init: OsInit = {}): MachineOs {
  const { fs } = env;
  const pkgs = new Map<string, InstalledPackage>();
  for (const p of init.packages ?? []) pkgs.set(p.name, p);
  const commands = new Set(init.commands ?? []);
  const listeners = new Set<() => void>();
  const bootHooks = new Set<() => void>();
  const changed = () => {
    for (const l of [...listeners]) l();
  };
  const writeKey = (key: string, value: string) => {
    const p = sysctlPath(key);
    fs.mkdir(p.slice(0, p.lastIndexOf('/')), { parents: true });
    fs.write(p, `${value}\n`);
  };
  const modules = new ModuleSet();
  modules.hook = (name, loaded) => {
    if (name !== 'br_netfilter') return;
    if (loaded) for (const [k, v] of Object.entries(BRIDGE_SYSCTLS)) writeKey(k, v);
    else if (fs.exists('/proc/sys/net/bridge')) fs.remove('/proc/sys/net/bridge', { recursive: true });
  };
  const load = (name: string): boolean => {
    const info = KERNEL_MODULES[name];
    if (!info) return false;
    for (const d of info.deps ?? []) load(d);
    modules.add(name);
    return true;
  };
  let swapOn = init.swapOn ?? false;
  const writeSwaps = () => {
    fs.mkdir('/proc', { parents: true });
    fs.write('/proc/swaps', procSwaps(swapOn));
  };
  writeSwaps();
  for (const [k, v] of Object.entries(SYSCTL_DEFAULTS)) if (!fs.exists(sysctlPath(k))) writeKey(k, v);
  for (const m of init.modules ?? BASE_MODULES) load(m);

  // firewalld's public zone
  const perm = { ports: [] as string[], services: ['dhcpv6-client', 'ssh'] };
  const rt = { ports: [] as string[], services: ['dhcpv6-client', 'ssh'] };
  const resetRuntime = () => {
    rt.ports = [...perm.ports];
    rt.services = [...perm.services];
  };
  const zone = (permanent: boolean) => (permanent ? perm : rt);
  const norm = (spec: string) => spec.trim().toLowerCase();
  const savePermanent = () => {
    fs.mkdir('/etc/firewalld/zones', { parents: true });
    fs.write(
      '/etc/firewalld/zones/public.xml',
      `<?xml version="1.0" encoding="utf-8"?>\n<zone>\n  <short>Public</short>\n  <description>For use in public areas. You do not trust the other computers on networks to not harm your computer. Only selected incoming connections are accepted.</description>\n${perm.services.map((s) => `  <service name="${s}"/>\n`).join('')}${perm.ports.map((p) => `  <port protocol="${p.split('/')[1]}" port="${p.split('/')[0]}"/>\n`).join('')}</zone>\n`,
    );
  };
  const firewall: Firewall = {
    get running() {
      return env.units.get('firewalld')?.running ?? false;
    },
    ports: (permanent = false) => [...zone(permanent).ports],
    services: (permanent = false) => [...zone(permanent).services].sort(),
    addPort: (spec, permanent) => {
      const z = zone(permanent);
      if (z.ports.includes(norm(spec))) return false;
      z.ports.push(norm(spec));
      if (permanent) savePermanent();
      changed();
      return true;
    },
    removePort: (spec, permanent) => {
      const z = zone(permanent);
      const i = z.ports.indexOf(norm(spec));
      if (i < 0) return false;
      z.ports.splice(i, 1);
      if (permanent) savePermanent();
      changed();
      return true;
    },
    addService: (name, permanent) => {
      const z = zone(permanent);
      if (z.services.includes(name)) return false;
      z.services.push(name);
      if (permanent) savePermanent();
      changed();
      return true;
    },
    removeService: (name, permanent) => {
      const z = zone(permanent);
      const i = z.services.indexOf(name);
      if (i < 0) return false;
      z.services.splice(i, 1);
      if (permanent) savePermanent();
      changed();
      return true;
    },
    reload: () => {
      resetRuntime();
      changed();
    },
    allows: (port, proto = 'tcp') => {
      if (!firewall.running) return true;
      const want = `${port}/${proto}`;
      if (rt.ports.some((p) => p === want || rangeHas(p, port, proto))) return true;
      return rt.services.some((s) => (FIREWALL_SERVICES[s] ?? []).includes(want));
    },
  };

  let bootedAt = init.bootedAt ?? env.now();
  let downUntil = -Infinity;

  const applySysctlFiles = () => {
    for (const f of sysctlFiles(fs)) {
      let text = '';
      try {
        text = fs.read(f);
      } catch {
        continue;
      }
      for (const { key, value } of parseSysctlFile(text)) os.setSysctl(key, value.replace(/\s+/g, '\t'));
    }
  };

  const os: MachineOs = {
    packages: {
      installed: (n) => pkgs.get(n),
      list: () => [...pkgs.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
      add: (p) => {
        pkgs.set(p.name, p);
        changed();
      },
      remove: (n) => {
        const p = pkgs.get(n);
        pkgs.delete(n);
        if (p) changed();
        return p;
      },
    },
    modules,
    get swapOn() {
      return swapOn;
    },
    set swapOn(v: boolean) {
      if (v === swapOn) return;
      swapOn = v;
      writeSwaps();
      changed();
    },
    selinux: init.selinux ?? 'enforcing',
    hasCommand: (n) => commands.has(n.slice(n.lastIndexOf('/') + 1)),
    addCommands: (names) => {
      for (const n of names) commands.add(n);
      changed();
    },
    removeCommands: (names) => {
      for (const n of names) commands.delete(n);
      changed();
    },
    sysctl: (key) => {
      const p = sysctlPath(key);
      return fs.exists(p) && !fs.isDir(p) ? fs.read(p).replace(/\n$/, '') : undefined;
    },
    setSysctl: (key, value) => {
      const p = sysctlPath(key);
      if (!fs.exists(p) || fs.isDir(p)) return false;
      fs.write(p, `${value}\n`);
      // the kernel keeps these two the same parameter
      if (key === 'net.ipv4.ip_forward') fs.write(sysctlPath('net.ipv4.conf.all.forwarding'), `${value}\n`);
      else if (key === 'net.ipv4.conf.all.forwarding') fs.write(sysctlPath('net.ipv4.ip_forward'), `${value}\n`);
      changed();
      return true;
    },
    loadModule: (name) => {
      const ok = load(name.replace(/-/g, '_'));
      if (ok) changed();
      return ok;
    },
    knownModule: (name) => name.replace(/-/g, '_') in KERNEL_MODULES,
    addUnit: (spec) => {
      const u = env.makeUnit(spec);
      env.units.set(spec.name, u);
      changed();
      return u;
    },
    removeUnit: (name) => {
      env.units.get(name)?.stop();
      env.units.delete(name);
      changed();
    },
    firewall,
    get up() {
      return env.now() >= downUntil;
    },
    get bootedAt() {
      return bootedAt;
    },
    onBoot: (hook) => {
      bootHooks.add(hook);
      return () => bootHooks.delete(hook);
    },
    reboot: () => {
      const now = env.now();
      for (const u of env.units.values()) u.stop();
      downUntil = now + REBOOT_MS;
      bootedAt = downUntil;
      // the new kernel: base modules, then /etc/modules-load.d (systemd-modules-load), then sysctl files (systemd-sysctl)
      modules.clear();
      for (const k of Object.keys(SYSCTL_DEFAULTS)) writeKey(k, SYSCTL_DEFAULTS[k]!);
      for (const m of BASE_MODULES) load(m);
      for (const m of modulesLoadD(fs)) load(m);
      applySysctlFiles();
      let fstab = '';
      try {
        fstab = fs.read('/etc/fstab');
      } catch {
        // no fstab: no swap
      }
      swapOn = fstabHasSwap(fstab);
      writeSwaps();
      const cfg = readSelinuxConfig(fs);
      os.selinux = (cfg && parseSelinuxConfig(cfg.text)) ?? 'enforcing';
      // keep the two names of the config in step, as the symlink would
      if (cfg) fs.write(cfg.path === SELINUX_CONFIG ? SYSCONFIG_SELINUX : SELINUX_CONFIG, cfg.text);
      resetRuntime();
      for (const h of [...bootHooks]) h();
      for (const u of env.units.values()) if (u.enabled) u.bootAt(downUntil);
      changed();
    },
    onChange: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  };
  return os;
}

function rangeHas(spec: string, port: number, proto: string): boolean {
  const m = /^(\d+)-(\d+)\/(\w+)$/.exec(spec);
  return !!m && m[3] === proto && port >= Number(m[1]) && port <= Number(m[2]);
}

/** Module names listed in /etc/modules-load.d/*.conf (and /usr/lib/modules-load.d). */
export function modulesLoadD(fs: import('../types.ts').FileSystem): string[] {
  const out: string[] = [];
  for (const dir of ['/usr/lib/modules-load.d', '/etc/modules-load.d']) {
    if (!fs.isDir(dir)) continue;
    for (const f of fs.list(dir)) {
      if (!f.endsWith('.conf')) continue;
      try {
        for (const l of fs.read(`${dir}/${f}`).split('\n')) {
          const t = l.trim();
          if (t && !t.startsWith('#') && !t.startsWith(';')) out.push(t);
        }
      } catch {
        // unreadable: skipped, as systemd-modules-load logs and goes on
      }
    }
  }
  return out;
}
