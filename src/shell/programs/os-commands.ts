// The CentOS 7 system commands of the install notes (steps 2-4): swap (swapoff, swapon, free), kernel
// modules (modprobe, lsmod), kernel parameters (sysctl), SELinux (getenforce, setenforce, sestatus),
// firewalld (firewall-cmd), hostnamectl, uptime, and reboot / shutdown -r / init 6. They act on
// machine.os (src/cluster/hosts/os.ts); wording and exit codes are those of util-linux 2.23, procps-ng
// 3.3.10, kmod 20, libselinux 2.5, firewalld 0.6.3 and systemd 219.
import type { Program, ProgramContext } from '../../kubectl/context.ts';
import type { Machine } from '../../cluster/hosts/index.ts';
import {
  fstabHasSwap,
  knownFirewallService,
  lsmodText,
  parseSelinuxConfig,
  parseSysctlFile,
  readSelinuxConfig,
  SWAP_KB,
  sysctlFiles,
  sysctlKey,
  sysctlPath,
  KERNEL_MODULES,
  KERNEL_RELEASE,
} from '../../cluster/hosts/os.ts';
import { joinPath } from '../paths.ts';
import { here } from './common.ts';

/** The machine the shell is on; programs of this file only run on machines. */
function machineOf(ctx: ProgramContext, name: string): Machine | undefined {
  const m = here(ctx);
  if (!m) ctx.err(`bash: ${name}: command not found\n`);
  return m;
}

// ---------- swap ----------

export const swapoff: Program = async (ctx) => {
  const m = machineOf(ctx, 'swapoff');
  if (!m) return 127;
  const targets = ctx.args.filter((a) => !a.startsWith('-'));
  if (!ctx.args.some((a) => a === '-a' || a === '--all') && !targets.length) {
    ctx.err('\nUsage:\n swapoff [options] [<spec>]\n\nOptions:\n -a, --all              disable all swaps from /proc/swaps\n -v, --verbose          verbose mode\n\n -h, --help     display this help and exit\n -V, --version  output version information and exit\n\nFor more details see swapoff(8).\n');
    return 2;
  }
  for (const t of targets) {
    if (!['/dev/dm-1', '/dev/mapper/centos-swap', '/dev/centos/swap'].includes(t)) {
      ctx.err(`swapoff: ${t}: swapoff failed: ${m.fs.exists(t) ? 'Invalid argument' : 'No such file or directory'}\n`);
      return 4;
    }
    if (!m.os.swapOn) {
      ctx.err(`swapoff: ${t}: swapoff failed: Invalid argument\n`);
      return 4;
    }
  }
  m.os.swapOn = false;
  return 0;
};

export const swapon: Program = async (ctx) => {
  const m = machineOf(ctx, 'swapon');
  if (!m) return 127;
  const a = ctx.args;
  if (a.includes('-s') || a.includes('--summary')) {
    ctx.out('Filename\t\t\t\tType\t\tSize\tUsed\tPriority\n');
    if (m.os.swapOn) ctx.out(`${'/dev/dm-1'.padEnd(39)}\tpartition\t${SWAP_KB}\t0\t-2\n`);
    return 0;
  }
  if (a.includes('--show')) {
    if (m.os.swapOn) ctx.out('NAME      TYPE      SIZE USED PRIO\n/dev/dm-1 partition   2G   0B   -2\n');
    return 0;
  }
  const targets = a.filter((x) => !x.startsWith('-'));
  if (a.includes('-a') || a.includes('--all')) {
    let fstab = '';
    try {
      fstab = m.fs.read('/etc/fstab');
    } catch {
      // no fstab: nothing to enable
    }
    if (fstabHasSwap(fstab)) m.os.swapOn = true;
    return 0;
  }
  if (!targets.length) {
    ctx.err('\nUsage:\n swapon [options] [<spec>]\n\nOptions:\n -a, --all               enable all swaps from /etc/fstab\n -s, --summary           display summary about used swap devices\n     --show[=<columns>]  display summary in definable table\n\nFor more details see swapon(8).\n');
    return 2;
  }
  for (const t of targets) {
    if (!['/dev/dm-1', '/dev/mapper/centos-swap', '/dev/centos/swap'].includes(t)) {
      ctx.err(`swapon: cannot open ${t}: No such file or directory\n`);
      return 4;
    }
    if (m.os.swapOn) {
      ctx.err(`swapon: ${t}: swapon failed: Device or resource busy\n`);
      return 4;
    }
  }
  m.os.swapOn = true;
  return 0;
};

const MEM = { total: 3880164, used: 214596, shared: 8748, cache: 370300 };

/** free -h's human units: `3.7G`, `209M`, `0B`. */
function human(kb: number): string {
  if (kb === 0) return '0B';
  const units = ['K', 'M', 'G', 'T'];
  let v = kb;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return v < 10 ? `${(Math.round(v * 10) / 10).toFixed(1)}${units[i]}` : `${Math.round(v)}${units[i]}`;
}

export const free: Program = async (ctx) => {
  const m = machineOf(ctx, 'free');
  if (!m) return 127;
  const a = ctx.args.join(' ');
  const fmt = /(^|\s)-\w*h/.test(a) ? human : /(^|\s)-\w*g/.test(a) ? (kb: number) => String(Math.floor(kb / 1048576)) : /(^|\s)-\w*m/.test(a) ? (kb: number) => String(Math.floor(kb / 1024)) : (kb: number) => String(kb);
  // the running daemons take their share
  const extra = [...m.units.values()].filter((u) => u.running && u.name !== 'sshd' && u.name !== 'firewalld').length * 61440;
  const used = MEM.used + extra;
  const freeKb = MEM.total - used - MEM.shared - MEM.cache;
  const avail = MEM.total - used - MEM.shared;
  const swap = m.os.swapOn ? SWAP_KB : 0;
  const row = (label: string, cells: number[]) => label.padEnd(7) + cells.map((c) => ' ' + fmt(c).padStart(11)).join('') + '\n';
  ctx.out('              total        used        free      shared  buff/cache   available\n');
  ctx.out(row('Mem:', [MEM.total, used, freeKb, MEM.shared, MEM.cache, avail]));
  ctx.out(row('Swap:', [swap, 0, swap]));
  return 0;
};

// ---------- kernel modules ----------

export const modprobe: Program = async (ctx) => {
  const m = machineOf(ctx, 'modprobe');
  if (!m) return 127;
  const remove = ctx.args.includes('-r') || ctx.args.includes('--remove');
  const names = ctx.args.filter((a) => !a.startsWith('-'));
  if (!names.length) {
    ctx.err('modprobe: ERROR: missing parameters. See -h.\n');
    return 1;
  }
  // modprobe NAME [param=value ...]: only the first word is a module unless -a
  const mods = ctx.args.includes('-a') || remove ? names : [names[0]!];
  for (const raw of mods) {
    const name = raw.replace(/-/g, '_');
    if (!m.os.knownModule(name)) {
      ctx.err(`modprobe: FATAL: Module ${raw} not found.\n`);
      return 1;
    }
    if (remove) {
      const users = [...m.os.modules].filter((u) => KERNEL_MODULES[u]?.deps?.includes(name));
      if (users.length || (KERNEL_MODULES[name]?.refs ?? 0) > 0) {
        ctx.err(`modprobe: FATAL: Module ${name} is in use.\n`);
        return 1;
      }
      m.os.modules.delete(name);
      continue;
    }
    m.os.loadModule(name);
  }
  return 0;
};

export const lsmod: Program = async (ctx) => {
  const m = machineOf(ctx, 'lsmod');
  if (!m) return 127;
  ctx.out(lsmodText(m.os.modules));
  return 0;
};

// ---------- sysctl ----------

/** `sysctl -a` order: the keys as the kernel walks /proc/sys (sorted). */
function allKeys(m: Machine): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const f of m.fs.list(dir)) {
      const p = `${dir}/${f}`;
      if (m.fs.isDir(p)) walk(p);
      else out.push(sysctlKey(p));
    }
  };
  if (m.fs.isDir('/proc/sys')) walk('/proc/sys');
  return out.sort();
}

export const sysctl: Program = async (ctx) => {
  const m = machineOf(ctx, 'sysctl');
  if (!m) return 127;
  let write = false;
  let quiet = false;
  let valuesOnly = false;
  let all = false;
  let system = false;
  let preload: string | undefined | null = null;
  const params: string[] = [];
  for (let i = 0; i < ctx.args.length; i++) {
    const a = ctx.args[i]!;
    if (a === '--system') system = true;
    else if (a === '-a' || a === '-A' || a === '-X' || a === '--all') all = true;
    else if (a === '-w' || a === '--write') write = true;
    else if (a === '-q' || a === '--quiet') quiet = true;
    else if (a === '-n' || a === '--values') valuesOnly = true;
    else if (a === '-N' || a === '--names') valuesOnly = false;
    else if (a === '-e' || a === '--ignore') continue;
    else if (a === '-p' || a === '--load') preload = ctx.args[i + 1] !== undefined && !ctx.args[i + 1]!.startsWith('-') ? ctx.args[++i] : undefined;
    else if (a.startsWith('-p')) preload = a.slice(2);
    else if (a.startsWith('--load=')) preload = a.slice(7);
    else if (a.startsWith('-')) {
      ctx.err(`sysctl: invalid option -- '${a.replace(/^-+/, '')[0]}'\nUsage:\n sysctl [options] [variable[=value] ...]\n`);
      return 2;
    } else params.push(a);
  }
  let rc = 0;
  const show = (key: string, value: string) => {
    if (quiet) return;
    ctx.out(valuesOnly ? `${value}\n` : `${key} = ${value}\n`);
  };
  const setOne = (key: string, value: string): boolean => {
    const k = key.trim().replace(/\//g, '.');
    const p = sysctlPath(k);
    if (!m.fs.exists(p)) {
      ctx.err(`sysctl: cannot stat ${p}: No such file or directory\n`);
      rc = 255;
      return false;
    }
    m.os.setSysctl(k, value.trim().replace(/\s+/g, '\t'));
    show(k, value.trim());
    return true;
  };
  const applyFile = (path: string): boolean => {
    let text: string;
    try {
      text = m.fs.read(joinPath(ctx.cwd, path));
    } catch {
      ctx.err(`sysctl: cannot open "${path}": No such file or directory\n`);
      rc = 255;
      return false;
    }
    for (const { key, value } of parseSysctlFile(text)) setOne(key, value);
    return true;
  };
  if (system) {
    for (const f of sysctlFiles(m.fs)) {
      if (!quiet) ctx.out(`* Applying ${f} ...\n`);
      applyFile(f);
    }
    return rc;
  }
  if (preload !== null) {
    const files = params.length ? params : [preload ?? '/etc/sysctl.conf'];
    for (const f of files) applyFile(f);
    return rc;
  }
  if (all) {
    for (const k of allKeys(m)) show(k, m.os.sysctl(k) ?? '');
    return 0;
  }
  if (!params.length) {
    ctx.err('\nUsage:\n sysctl [options] [variable[=value] ...]\n\nOptions:\n  -a, --all            display all variables\n  -A                   alias of -a\n  -X                   alias of -a\n      --deprecated     include deprecated parameters to listing\n  -b, --binary         print value without new line\n  -e, --ignore         ignore unknown variables errors\n  -N, --names          print variable names without values\n  -n, --values         print only values of a variables\n  -p, --load[=<file>]  read values from file\n  -f                   alias of -p\n      --system         read values from all system directories\n  -r, --pattern <expression>\n                       select setting that match expression\n  -q, --quiet          do not echo variable set\n  -w, --write          enable writing a value to variable\n  -o                   does nothing\n  -x                   does nothing\n  -d                   alias of -h\n\n -h, --help     display this help and exit\n -V, --version  output version information and exit\n\nFor more details see sysctl(8).\n');
    return 2;
  }
  for (const p of params) {
    const eq = p.indexOf('=');
    if (eq >= 0) {
      setOne(p.slice(0, eq), p.slice(eq + 1));
      continue;
    }
    if (write) {
      ctx.err(`sysctl: "${p}" must be of the form name=value\n`);
      rc = 255;
      continue;
    }
    const key = p.replace(/\//g, '.');
    const v = m.os.sysctl(key);
    if (v === undefined) {
      const path = sysctlPath(key);
      ctx.err(m.fs.isDir(path) ? '' : `sysctl: cannot stat ${path}: No such file or directory\n`);
      if (m.fs.isDir(path)) for (const k of allKeys(m).filter((x) => x.startsWith(`${key}.`))) show(k, m.os.sysctl(k) ?? '');
      else rc = 255;
      continue;
    }
    show(key, v);
  }
  return rc;
};

// ---------- SELinux ----------

const MODE_WORD = { enforcing: 'Enforcing', permissive: 'Permissive', disabled: 'Disabled' } as const;

export const getenforce: Program = async (ctx) => {
  const m = machineOf(ctx, 'getenforce');
  if (!m) return 127;
  ctx.out(`${MODE_WORD[m.os.selinux]}\n`);
  return 0;
};

export const setenforce: Program = async (ctx) => {
  const m = machineOf(ctx, 'setenforce');
  if (!m) return 127;
  const v = ctx.args[0]?.toLowerCase();
  const mode = v === '1' || v === 'enforcing' ? 'enforcing' : v === '0' || v === 'permissive' ? 'permissive' : undefined;
  if (ctx.args.length !== 1 || !mode) {
    ctx.err('usage:  setenforce [ Enforcing | Permissive | 1 | 0 ]\n');
    return 1;
  }
  if (m.os.selinux === 'disabled') {
    ctx.err('setenforce: SELinux is disabled\n');
    return 1;
  }
  m.os.selinux = mode;
  return 0;
};

export const sestatus: Program = async (ctx) => {
  const m = machineOf(ctx, 'sestatus');
  if (!m) return 127;
  const row = (k: string, v: string) => `${(k + ':').padEnd(32)}${v}\n`;
  if (m.os.selinux === 'disabled') {
    ctx.out(row('SELinux status', 'disabled'));
    return 0;
  }
  const cfg = readSelinuxConfig(m.fs);
  const fromFile = (cfg && parseSelinuxConfig(cfg.text)) ?? 'enforcing';
  ctx.out(
    row('SELinux status', 'enabled') +
      row('SELinuxfs mount', '/sys/fs/selinux') +
      row('SELinux root directory', '/etc/selinux') +
      row('Loaded policy name', 'targeted') +
      row('Current mode', m.os.selinux) +
      row('Mode from config file', fromFile) +
      row('Policy MLS status', 'enabled') +
      row('Policy deny_unknown status', 'allowed') +
      row('Max kernel policy version', '31'),
  );
  return 0;
};

// ---------- firewalld ----------

const FW_NOT_RUNNING = 252;

export const firewallCmd: Program = async (ctx) => {
  const m = machineOf(ctx, 'firewall-cmd');
  if (!m) return 127;
  const fw = m.os.firewall;
  const args = ctx.args;
  if (!args.length) {
    ctx.err('usage: see firewall-cmd man page\nNo option specified.\n');
    return 2;
  }
  if (args.includes('--state')) {
    if (fw.running) {
      ctx.out('running\n');
      return 0;
    }
    ctx.err('not running\n');
    return FW_NOT_RUNNING;
  }
  if (!fw.running) {
    ctx.err('FirewallD is not running\n');
    return FW_NOT_RUNNING;
  }
  const permanent = args.includes('--permanent');
  let printed = false;
  let rc = 0;
  const success = () => {
    if (!printed) ctx.out('success\n');
    printed = true;
  };
  for (const a of args) {
    if (a === '--permanent' || a.startsWith('--zone=')) continue;
    const [opt, value = ''] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a];
    switch (opt) {
      case '--add-port':
      case '--remove-port': {
        if (!/^\d+(-\d+)?\/(tcp|udp|sctp|dccp)$/.test(value)) {
          ctx.err(`Error: INVALID_PORT: ${value.split('/')[0]}\n`);
          return 102;
        }
        const ok = opt === '--add-port' ? fw.addPort(value, permanent) : fw.removePort(value, permanent);
        if (!ok) ctx.err(`Warning: ${opt === '--add-port' ? 'ALREADY_ENABLED' : 'NOT_ENABLED'}: ${value.replace('/', ':')}\n`);
        success();
        break;
      }
      case '--add-service':
      case '--remove-service': {
        if (!knownFirewallService(value)) {
          ctx.err(`Error: INVALID_SERVICE: '${value}' not among existing services\n`);
          return 101;
        }
        const ok = opt === '--add-service' ? fw.addService(value, permanent) : fw.removeService(value, permanent);
        if (!ok) ctx.err(`Warning: ${opt === '--add-service' ? 'ALREADY_ENABLED' : 'NOT_ENABLED'}: ${value}\n`);
        success();
        break;
      }
      case '--reload':
      case '--complete-reload':
        fw.reload();
        success();
        break;
      case '--list-ports':
        ctx.out(`${fw.ports(permanent).join(' ')}\n`);
        break;
      case '--list-services':
        ctx.out(`${fw.services(permanent).join(' ')}\n`);
        break;
      case '--get-default-zone':
        ctx.out('public\n');
        break;
      case '--get-active-zones':
        ctx.out('public\n  interfaces: enp0s3\n');
        break;
      case '--list-all':
        ctx.out(
          `public${permanent ? '' : ' (active)'}\n  target: default\n  icmp-block-inversion: no\n  interfaces: ${permanent ? '' : 'enp0s3'}\n  sources: \n  services: ${fw.services(permanent).join(' ')}\n  ports: ${fw.ports(permanent).join(' ')}\n  protocols: \n  masquerade: no\n  forward-ports: \n  source-ports: \n  icmp-blocks: \n  rich rules: \n\t\n`,
        );
        break;
      default:
        ctx.err(`usage: see firewall-cmd man page\nfirewall-cmd: error: unrecognized arguments: ${a}\n`);
        rc = 2;
    }
  }
  return rc;
};

// ---------- host ----------

function machineId(name: string): string {
  let h = 2166136261;
  let out = '';
  for (let r = 0; out.length < 32; r++) {
    for (const c of `${name}#${r}`) h = Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0;
    out += h.toString(16).padStart(8, '0');
  }
  return out.slice(0, 32);
}

export const hostnamectl: Program = async (ctx) => {
  const m = machineOf(ctx, 'hostnamectl');
  if (!m) return 127;
  const [verb = 'status', arg] = ctx.args.filter((a) => !a.startsWith('-'));
  if (verb === 'set-hostname') {
    if (!arg) {
      ctx.err('Invalid number of arguments.\n');
      return 1;
    }
    m.fs.write('/etc/hostname', `${arg}\n`);
    return 0;
  }
  if (verb !== 'status') {
    ctx.err(`Unknown operation ${verb}\n`);
    return 1;
  }
  let name = m.name;
  try {
    name = m.fs.read('/etc/hostname').trim() || m.name;
  } catch {
    // no /etc/hostname: the kernel's name
  }
  const row = (k: string, v: string) => `${k.padStart(18)}: ${v}\n`;
  ctx.out(
    row('Static hostname', name) +
      row('Icon name', 'computer-vm') +
      row('Chassis', 'vm') +
      row('Machine ID', machineId(m.name)) +
      row('Boot ID', machineId(`${m.name}@${m.os.bootedAt}`)) +
      row('Virtualization', 'kvm') +
      row('Operating System', 'CentOS Linux 7 (Core)') +
      row('CPE OS Name', 'cpe:/o:centos:centos:7') +
      row('Kernel', `Linux ${KERNEL_RELEASE}`) +
      row('Architecture', 'x86-64'),
  );
  return 0;
};

const p2 = (n: number) => String(n).padStart(2, '0');

export const uptime: Program = async (ctx) => {
  const m = machineOf(ctx, 'uptime');
  if (!m) return 127;
  const now = ctx.cluster.clock.now();
  const d = new Date(now);
  const up = Math.max(0, Math.floor((now - m.os.bootedAt) / 60000));
  const days = Math.floor(up / 1440);
  const hours = Math.floor((up % 1440) / 60);
  const mins = up % 60;
  let s = ` ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} up `;
  if (days) s += `${days} day${days > 1 ? 's' : ''}, `;
  s += hours ? `${String(hours).padStart(2)}:${p2(mins)}, ` : `${mins} min, `;
  ctx.out(`${s} 1 user,  load average: 0.00, 0.01, 0.05\n`);
  return 0;
};

/** systemd 219's wall message before a reboot. */
export function wall(ctx: ProgramContext, m: Machine): string {
  const d = new Date(ctx.cluster.clock.now());
  const day = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][d.getUTCDay()];
  const when = `${day} ${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} UTC`;
  return `\nBroadcast message from root@${m.name} (${when}):\n\nThe system is going down for reboot NOW!\n\n`;
}

/** Reboot the machine; the shell notices it went down (see Shell.invoke) and drops the session. */
function rebootNow(ctx: ProgramContext, m: Machine, broadcast: boolean): number {
  if (broadcast) ctx.out(wall(ctx, m));
  m.os.reboot();
  return 0;
}

export const reboot: Program = async (ctx) => {
  const m = machineOf(ctx, 'reboot');
  if (!m) return 127;
  return rebootNow(ctx, m, false);
};

export const shutdown: Program = async (ctx) => {
  const m = machineOf(ctx, 'shutdown');
  if (!m) return 127;
  if (!ctx.args.includes('-r') && !ctx.args.includes('--reboot')) {
    ctx.err('kubeclass: only `shutdown -r now` is simulated (a powered-off VM would stay off)\n');
    return 1;
  }
  return rebootNow(ctx, m, true);
};

export const init: Program = async (ctx) => {
  const m = machineOf(ctx, 'init');
  if (!m) return 127;
  if (ctx.args[0] !== '6') {
    ctx.err(ctx.args.length ? 'kubeclass: only `init 6` (reboot) is simulated\n' : 'init: required argument missing.\n');
    return 1;
  }
  return rebootNow(ctx, m, false);
};

export const osPrograms: Record<string, Program> = {
  swapoff,
  swapon,
  free,
  modprobe,
  lsmod,
  sysctl,
  getenforce,
  setenforce,
  sestatus,
  'firewall-cmd': firewallCmd,
  hostnamectl,
  uptime,
  reboot,
  shutdown,
  init,
};
