import type { FileSystem, Host, Hosts } from '../types.ts';
import { createFileSystem } from './fs.ts';

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

export interface MutableHosts extends Hosts {
  add(name: string, ip: string): Host;
}

const OS_RELEASE = `NAME="CentOS Linux"
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

function etcHosts(machines: readonly { name: string; ip: string }[]): string {
  return (
    '127.0.0.1   localhost localhost.localdomain localhost4 localhost4.localdomain4\n' +
    '::1         localhost localhost.localdomain localhost6 localhost6.localdomain6\n' +
    machines.map((m) => `${m.ip} ${m.name}`).join('\n') +
    '\n'
  );
}

/** A CentOS 7 machine's base files. */
function provision(fs: FileSystem, name: string, all: readonly { name: string; ip: string }[]): void {
  for (const d of ['/root', '/etc', '/tmp', '/home', '/var', '/var/log', '/var/lib', '/usr', '/usr/bin', '/usr/local', '/usr/local/bin', '/opt', '/mnt', '/dev', '/proc']) fs.mkdir(d, { parents: true });
  fs.write('/etc/hostname', `${name}\n`);
  fs.write('/etc/hosts', etcHosts(all));
  fs.write('/etc/os-release', OS_RELEASE);
  fs.write('/etc/centos-release', 'CentOS Linux release 7.9.2009 (Core)\n');
  fs.write('/etc/redhat-release', 'CentOS Linux release 7.9.2009 (Core)\n');
  fs.write('/root/.bashrc', BASHRC);
  fs.write('/root/.bash_profile', BASH_PROFILE);
  fs.write('/root/anaconda-ks.cfg', '#version=DEVEL\n# System authorization information\nauth --enableshadow --passalgo=sha512\n# Use CDROM installation media\ncdrom\n# Use graphical install\ngraphical\n# Run the Setup Agent on first boot\nfirstboot --enable\nignoredisk --only-use=sda\n# Keyboard layouts\nkeyboard --vckeymap=us --xlayouts=\'us\'\n# System language\nlang en_US.UTF-8\n\n# Network information\nnetwork  --bootproto=dhcp --device=enp0s3 --onboot=on --ipv6=auto --activate\nnetwork  --hostname=' + name + '\n\n# System timezone\ntimezone Asia/Seoul --isUtc\n');
}

export function createHosts(now: () => number, machines: readonly { name: string; ip: string }[] = MACHINES): MutableHosts {
  const map = new Map<string, Host>();
  const all = [...machines];
  const add = (name: string, ip: string): Host => {
    const fs = createFileSystem(now);
    if (!all.some((m) => m.name === name)) all.push({ name, ip });
    provision(fs, name, all);
    const host: Host = { name, ip, fs };
    map.set(name, host);
    return host;
  };
  for (const m of machines) add(m.name, m.ip);
  return {
    names: () => [...map.keys()],
    get: (name) => map.get(name),
    add,
  };
}
