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

export interface MachineOs {
  readonly packages: PackageDb;
  /** loaded kernel modules (lsmod) */
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
  /** add a systemd unit (a package's) to the machine; replaces one of the same name */
  addUnit(spec: UnitSpec): Unit;
  removeUnit(name: string): void;
  /** reboot: unload modules not in /etc/modules-load.d, re-read sysctl files, swap from /etc/fstab, SELinux from its config, start enabled units */
  reboot(): void;
  /** listeners for package/state changes (kubelet readiness, control plane) */
  onChange(listener: () => void): () => void;
}

/** `net.ipv4.ip_forward` → `/proc/sys/net/ipv4/ip_forward` */
export const sysctlPath = (key: string): string => `/proc/sys/${key.replace(/\./g, '/')}`;

export interface OsEnv {
  fs: import('../types.ts').FileSystem;
  now(): number;
  units: Map<string, Unit>;
  makeUnit(spec: UnitSpec): Unit;
}

/** A machine's OS state; `reboot` is filled in by the hosts module (it knows the boot order). */
export function createOs(env: OsEnv, init: { packages?: InstalledPackage[]; commands?: string[]; modules?: string[]; swapOn?: boolean; selinux?: SelinuxMode } = {}): MachineOs {
  const pkgs = new Map<string, InstalledPackage>();
  for (const p of init.packages ?? []) pkgs.set(p.name, p);
  const commands = new Set(init.commands ?? []);
  const listeners = new Set<() => void>();
  const changed = () => {
    for (const l of [...listeners]) l();
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
    modules: new Set(init.modules ?? []),
    swapOn: init.swapOn ?? false,
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
      return env.fs.exists(p) && !env.fs.isDir(p) ? env.fs.read(p).trim() : undefined;
    },
    setSysctl: (key, value) => {
      const p = sysctlPath(key);
      if (!env.fs.exists(p) || env.fs.isDir(p)) return false;
      env.fs.write(p, `${value}\n`);
      changed();
      return true;
    },
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
    reboot: () => {
      throw new Error('reboot is wired by createHosts');
    },
    onChange: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  };
  return os;
}
