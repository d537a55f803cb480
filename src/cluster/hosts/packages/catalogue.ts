// The rpm packages the simulated repositories hold: CentOS 7 base/updates/extras (the few the install
// needs), docker-ce-stable, the legacy Google Kubernetes repo and pkgs.k8s.io v1.30–v1.32.
//   catalogue(source) → PackageDef[] ; evr(p) → `3:26.1.4-1.el7` ; nevra(p) → `kubeadm-1.21.1-0.x86_64`

export interface Requirement {
  /** the capability (a package name here) */
  name: string;
  /** `>= 0.8.6` as yum prints it in "Processing Dependency" */
  op?: '>=' | '=';
  version?: string;
  /** what yum prints when the capability is not a package name (`conntrack`, `libnetfilter_cttimeout.so.1(...)`) */
  shown?: string;
}

export interface PackageDef {
  name: string;
  epoch: number;
  version: string;
  release: string;
  arch: 'x86_64' | 'noarch';
  /** download size in bytes */
  size: number;
  /** installed size in bytes */
  installedSize: number;
  summary: string;
  url: string;
  license: string;
  requires: Requirement[];
}

/** Where a repository's packages come from (its baseurl's server). */
export type RepoSource = 'centos-base' | 'centos-updates' | 'centos-extras' | 'docker-ce-stable' | 'google-kubernetes' | `pkgs-k8s-${30 | 31 | 32}`;

export const evr = (p: { epoch: number; version: string; release: string }): string => `${p.epoch ? `${p.epoch}:` : ''}${p.version}-${p.release}`;
export const nevra = (p: PackageDef): string => `${p.name}-${p.version}-${p.release}.${p.arch}`;

const MB = 1024 * 1024;
const KB = 1024;

const pkg = (name: string, epoch: number, version: string, release: string, arch: PackageDef['arch'], size: number, installedSize: number, summary: string, requires: Requirement[] = [], url = '', license = 'GPLv2+'): PackageDef => ({
  name,
  epoch,
  version,
  release,
  arch,
  size: Math.round(size),
  installedSize: Math.round(installedSize),
  summary,
  url,
  license,
  requires,
});

const req = (name: string, op?: '>=' | '=', version?: string, shown?: string): Requirement => ({ name, op, version, shown });

const BASE: PackageDef[] = [
  pkg('bash-completion', 1, '2.1', '8.el7', 'noarch', 87 * KB, 263 * KB, 'Programmable completion for Bash', [], 'http://bash-completion.alioth.debian.org/'),
  pkg('yum-utils', 0, '1.1.31', '54.el7_8', 'noarch', 122 * KB, 343 * KB, 'Utilities based around the yum package manager', [req('python-kitchen'), req('libxml2-python')], 'http://yum.baseurl.org/download/yum-utils/'),
  pkg('python-kitchen', 0, '1.1.1', '5.el7', 'noarch', 267 * KB, 1.4 * MB, 'Small, useful pieces of code to make python coding easier', [req('python-chardet')], 'https://pypi.python.org/pypi/kitchen/', 'LGPLv2+'),
  pkg('python-chardet', 0, '2.2.1', '3.el7', 'noarch', 227 * KB, 1.1 * MB, 'Character encoding auto-detection in Python', [], 'https://github.com/chardet/chardet', 'LGPLv2'),
  pkg('libxml2-python', 0, '2.9.1', '6.el7.5', 'x86_64', 247 * KB, 1.4 * MB, 'Python bindings for the libxml2 library', [], 'http://xmlsoft.org/', 'MIT'),
  pkg('wget', 0, '1.14', '18.el7_6.1', 'x86_64', 547 * KB, 2.0 * MB, 'A utility for retrieving files using the HTTP or FTP protocols', [], 'http://www.gnu.org/software/wget/', 'GPLv3+'),
  pkg('vim-enhanced', 2, '7.4.629', '8.el7_9', 'x86_64', 1.1 * MB, 2.2 * MB, 'A version of the VIM editor which includes recent enhancements', [req('vim-common'), req('gpm-libs'), req('perl')], 'http://www.vim.org/', 'Vim and MIT'),
  pkg('vim-common', 2, '7.4.629', '8.el7_9', 'x86_64', 5.9 * MB, 21 * MB, 'The common files needed by any version of the VIM editor', [req('vim-filesystem')], 'http://www.vim.org/', 'Vim and MIT'),
  pkg('vim-filesystem', 2, '7.4.629', '8.el7_9', 'x86_64', 11 * KB, 0, 'VIM filesystem layout', [], 'http://www.vim.org/', 'Vim and MIT'),
  pkg('gpm-libs', 0, '1.20.7', '6.el7', 'x86_64', 32 * KB, 66 * KB, 'Dynamic library for for the gpm', [], 'http://www.nico.schottelius.org/software/gpm/'),
  pkg('perl', 4, '5.16.3', '299.el7_9', 'x86_64', 8.0 * MB, 23 * MB, 'Practical Extraction and Report Language', [], 'http://www.perl.org/', 'GPL+ or Artistic'),
  pkg('conntrack-tools', 0, '1.4.4', '7.el7', 'x86_64', 187 * KB, 550 * KB, 'Manipulate netfilter connection tracking table and run High Availability', [
    req('libnetfilter_cthelper', undefined, undefined, 'libnetfilter_cthelper.so.0()(64bit)'),
    req('libnetfilter_cttimeout', undefined, undefined, 'libnetfilter_cttimeout.so.1(LIBNETFILTER_CTTIMEOUT_1.1)(64bit)'),
    req('libnetfilter_queue', undefined, undefined, 'libnetfilter_queue.so.1()(64bit)'),
  ], 'http://conntrack-tools.netfilter.org/'),
  pkg('libnetfilter_cthelper', 0, '1.0.0', '11.el7', 'x86_64', 18 * KB, 35 * KB, 'User-space infrastructure for connection tracking helpers', [], 'http://www.netfilter.org/'),
  pkg('libnetfilter_cttimeout', 0, '1.0.0', '7.el7', 'x86_64', 18 * KB, 39 * KB, 'Timeout policy tuning for Netfilter/conntrack', [], 'http://www.netfilter.org/'),
  pkg('libnetfilter_queue', 0, '1.0.2', '2.el7_2', 'x86_64', 23 * KB, 45 * KB, 'Netfilter queue userspace library', [], 'http://www.netfilter.org/'),
  pkg('socat', 0, '1.7.3.2', '2.el7', 'x86_64', 290 * KB, 1.1 * MB, 'Bidirectional data relay between two data channels (\'netcat++\')', [], 'http://www.dest-unreach.org/socat/'),
  pkg('ebtables', 0, '2.0.10', '16.el7', 'x86_64', 123 * KB, 343 * KB, 'Ethernet Bridge frame table administration tool', [], 'http://ebtables.sourceforge.net/'),
  pkg('device-mapper-persistent-data', 0, '0.8.5', '3.el7_9.2', 'x86_64', 423 * KB, 1.2 * MB, 'Device-mapper Persistent Data Tools', [], 'https://github.com/jthornber/thin-provisioning-tools', 'GPLv3+'),
  pkg('lvm2', 7, '2.02.187', '6.el7_9.5', 'x86_64', 1.3 * MB, 3.3 * MB, 'Userland logical volume management tools', [req('device-mapper-persistent-data')], 'http://sources.redhat.com/lvm2'),
  pkg('net-tools', 0, '2.0', '0.25.20131004git.el7', 'x86_64', 306 * KB, 917 * KB, 'Basic networking tools', [], 'http://sourceforge.net/projects/net-tools/'),
  pkg('git', 0, '1.8.3.1', '25.el7_9', 'x86_64', 4.4 * MB, 22 * MB, 'Fast Version Control System', [], 'http://git-scm.com/'),
  pkg('libcgroup', 0, '0.41', '21.el7', 'x86_64', 66 * KB, 134 * KB, 'Library to control and monitor control groups', [], 'http://libcg.sourceforge.net/', 'LGPLv2+'),
  pkg('policycoreutils-python', 0, '2.5', '34.el7', 'x86_64', 457 * KB, 1.2 * MB, 'SELinux policy core python utilities', [req('audit-libs-python'), req('checkpolicy'), req('libsemanage-python'), req('python-IPy'), req('setools-libs'), req('libcgroup')], 'http://www.selinuxproject.org'),
  pkg('audit-libs-python', 0, '2.8.5', '4.el7', 'x86_64', 76 * KB, 316 * KB, 'Python bindings for libaudit', [], 'http://people.redhat.com/sgrubb/audit/', 'LGPLv2+'),
  pkg('checkpolicy', 0, '2.5', '8.el7', 'x86_64', 295 * KB, 1.2 * MB, 'SELinux policy compiler', [], 'http://www.selinuxproject.org'),
  pkg('libsemanage-python', 0, '2.5', '14.el7', 'x86_64', 113 * KB, 441 * KB, 'semanage python bindings for libsemanage', [], 'http://www.selinuxproject.org', 'LGPLv2+'),
  pkg('python-IPy', 0, '0.75', '6.el7', 'noarch', 32 * KB, 119 * KB, 'Python module for handling IPv4 and IPv6 Addresses and Networks', [], 'http://software.inl.fr/trac/trac.cgi/wiki/IPy', 'BSD'),
  pkg('setools-libs', 0, '3.3.8', '4.el7', 'x86_64', 620 * KB, 2.2 * MB, 'Policy analysis support libraries for SELinux', [], 'http://oss.tresys.com/projects/setools', 'LGPLv2'),
  pkg('fuse3-libs', 0, '3.6.1', '4.el7', 'x86_64', 82 * KB, 270 * KB, 'File System in Userspace (FUSE) v3 libraries', [], 'http://fuse.sf.net', 'LGPLv2+'),
];

const EXTRAS: PackageDef[] = [
  pkg('container-selinux', 2, '2.119.2', '1.911c772.el7_8', 'noarch', 40 * KB, 41 * KB, 'SELinux policies for container runtimes', [req('policycoreutils-python')], 'https://github.com/containers/container-selinux'),
  pkg('fuse-overlayfs', 0, '0.7.2', '6.el7_8', 'x86_64', 54 * KB, 116 * KB, 'FUSE overlay+shiftfs implementation for rootless containers', [req('fuse3-libs')], 'https://github.com/containers/fuse-overlayfs', 'GPLv3+'),
  pkg('slirp4netns', 0, '0.4.3', '4.el7_8', 'x86_64', 81 * KB, 169 * KB, 'slirp for network namespaces', [], 'https://github.com/rootless-containers/slirp4netns'),
];

const UPDATES: PackageDef[] = [];

const DOCKER_VERSIONS: { v: string; r: string; buildx: string; compose: string }[] = [
  { v: '20.10.24', r: '3.el7', buildx: '0.10.5', compose: '2.18.1' },
  { v: '23.0.6', r: '1.el7', buildx: '0.11.2', compose: '2.21.0' },
  { v: '24.0.9', r: '1.el7', buildx: '0.12.1', compose: '2.24.7' },
  { v: '25.0.5', r: '1.el7', buildx: '0.13.1', compose: '2.26.1' },
  { v: '26.1.4', r: '1.el7', buildx: '0.14.1', compose: '2.27.1' },
];

const DOCKER: PackageDef[] = [
  ...DOCKER_VERSIONS.flatMap(({ v, r }) => [
    pkg('docker-ce', 3, v, r, 'x86_64', 27 * MB, 96 * MB, 'The open-source application container engine', [
      req('container-selinux', '>=', '2:2.74'),
      req('containerd.io', '>=', '1.6.4'),
      req('docker-ce-cli'),
      req('docker-ce-rootless-extras'),
      req('libcgroup'),
    ], 'https://www.docker.com', 'ASL 2.0'),
    pkg('docker-ce-cli', 1, v, r, 'x86_64', 15 * MB, 31 * MB, 'The open-source application container engine', [], 'https://www.docker.com', 'ASL 2.0'),
    pkg('docker-ce-rootless-extras', 0, v, r, 'x86_64', 9.1 * MB, 35 * MB, 'Rootless support for Docker', [req('fuse-overlayfs', '>=', '0.7'), req('slirp4netns', '>=', '0.4')], 'https://docs.docker.com/engine/security/rootless/', 'ASL 2.0'),
  ]),
  ...['1.6.4', '1.6.28', '1.6.32', '1.6.33'].map((v) => pkg('containerd.io', 0, v, '3.1.el7', 'x86_64', 35 * MB, 114 * MB, 'An industry-standard container runtime', [req('container-selinux', '>=', '2:2.74')], 'https://containerd.io', 'ASL 2.0')),
  ...DOCKER_VERSIONS.map(({ buildx }) => pkg('docker-buildx-plugin', 0, buildx, '1.el7', 'x86_64', 14 * MB, 58 * MB, 'Docker Buildx plugin for the Docker CLI.', [], 'https://github.com/docker/buildx', 'ASL 2.0')),
  ...DOCKER_VERSIONS.map(({ compose }) => pkg('docker-compose-plugin', 0, compose, '1.el7', 'x86_64', 13 * MB, 60 * MB, 'Docker Compose (V2) plugin for the Docker CLI.', [], 'https://github.com/docker/compose/', 'ASL 2.0')),
];

const K8S_URL = 'https://kubernetes.io';
const kubePkgs = (versions: string[], release: string, modern: boolean, cni: string, cri: string): PackageDef[] =>
  versions.flatMap((v) => [
    pkg('kubelet', 0, v, release, 'x86_64', 20 * MB, modern ? 74 * MB : 113 * MB, 'Container cluster management', [
      req('conntrack-tools', undefined, undefined, 'conntrack'),
      req('ebtables'),
      req('socat'),
      req('kubernetes-cni', '>=', modern ? '1.1.1' : '0.8.7'),
    ], K8S_URL, 'ASL 2.0'),
    pkg('kubeadm', 0, v, release, 'x86_64', modern ? 11 * MB : 9.3 * MB, modern ? 62 * MB : 43 * MB, 'Command-line utility for administering a Kubernetes cluster.', [
      req('kubernetes-cni', '>=', modern ? '1.1.1' : '0.8.6'),
      req('cri-tools', '>=', modern ? cri : '1.13.0'),
      ...(modern ? [] : [req('kubelet', '>=', '1.19.0'), req('kubectl', '>=', '1.13.0')]),
    ], K8S_URL, 'ASL 2.0'),
    pkg('kubectl', 0, v, release, 'x86_64', modern ? 11 * MB : 9.6 * MB, modern ? 55 * MB : 44 * MB, 'Command-line utility for interacting with a Kubernetes cluster.', [], K8S_URL, 'ASL 2.0'),
  ]).concat([
    pkg('kubernetes-cni', 0, cni, modern ? release : '0', 'x86_64', modern ? 8.0 * MB : 19 * MB, modern ? 49 * MB : 55 * MB, 'Binaries required to provision kubernetes container networking', [], K8S_URL, 'ASL 2.0'),
    pkg('cri-tools', 0, cri, modern ? release : '0', 'x86_64', modern ? 6.9 * MB : 8.6 * MB, modern ? 54 * MB : 34 * MB, 'Command-line utility for interacting with a container runtime.', [], K8S_URL, 'ASL 2.0'),
  ]);

const GOOGLE_VERSIONS = ['1.21.0', '1.21.1', '1.21.2', '1.21.14', '1.22.0', '1.22.17', '1.23.0', '1.23.17', '1.24.0', '1.24.17', '1.25.0', '1.25.14', '1.26.0', '1.26.9', '1.27.0', '1.27.6', '1.28.0', '1.28.1', '1.28.2'];
const GOOGLE: PackageDef[] = [
  ...kubePkgs(GOOGLE_VERSIONS, '0', false, '0.8.7', '1.26.0'),
  pkg('kubernetes-cni', 0, '1.2.0', '0', 'x86_64', 17 * MB, 49 * MB, 'Binaries required to provision kubernetes container networking', [], K8S_URL, 'ASL 2.0'),
];

const range = (minor: number, last: number) => Array.from({ length: last + 1 }, (_, i) => `1.${minor}.${i}`);
export const PKGS_K8S_RELEASE = '150500.1.1';

const TABLE: Record<RepoSource, PackageDef[]> = {
  'centos-base': BASE,
  'centos-updates': UPDATES,
  'centos-extras': EXTRAS,
  'docker-ce-stable': DOCKER,
  'google-kubernetes': GOOGLE,
  'pkgs-k8s-30': kubePkgs(range(30, 12), PKGS_K8S_RELEASE, true, '1.4.0', '1.30.1'),
  'pkgs-k8s-31': kubePkgs(range(31, 8), PKGS_K8S_RELEASE, true, '1.5.1', '1.31.1'),
  'pkgs-k8s-32': kubePkgs(range(32, 4), PKGS_K8S_RELEASE, true, '1.6.0', '1.32.0'),
};

/** The packages a repository server holds. */
export function catalogue(source: RepoSource): readonly PackageDef[] {
  return TABLE[source];
}

/** The number `yum repolist` shows for a repository (the real repos hold far more than we model). */
export function repoPackageCount(source: RepoSource): number {
  const real: Partial<Record<RepoSource, number>> = { 'centos-base': 10072, 'centos-updates': 5176, 'centos-extras': 526, 'docker-ce-stable': 238, 'google-kubernetes': 1022 };
  return real[source] ?? TABLE[source].length;
}

/** rpm's version comparison (rpmvercmp), enough for the versions here. */
export function rpmvercmp(a: string, b: string): number {
  const sa = a.match(/\d+|[a-zA-Z]+/g) ?? [];
  const sb = b.match(/\d+|[a-zA-Z]+/g) ?? [];
  for (let i = 0; i < Math.max(sa.length, sb.length); i++) {
    const x = sa[i];
    const y = sb[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    const nx = /^\d/.test(x);
    const ny = /^\d/.test(y);
    if (nx && ny) {
      const d = Number(x) - Number(y);
      if (d) return d > 0 ? 1 : -1;
    } else if (nx !== ny) return nx ? 1 : -1;
    else if (x !== y) return x > y ? 1 : -1;
  }
  return 0;
}

/** Compare epoch:version-release. */
export function compareEvr(a: { epoch: number; version: string; release: string }, b: { epoch: number; version: string; release: string }): number {
  return a.epoch - b.epoch || rpmvercmp(a.version, b.version) || rpmvercmp(a.release, b.release);
}

/** Whether `p` satisfies `r` (`>= 2:2.74` style; epoch optional). */
export function satisfies(p: PackageDef | { epoch: number; version: string; release: string }, r: Requirement): boolean {
  if (!r.op || !r.version) return true;
  const m = /^(?:(\d+):)?([^-]+)(?:-(.+))?$/.exec(r.version)!;
  const want = { epoch: Number(m[1] ?? 0), version: m[2]!, release: m[3] ?? '' };
  const have = { epoch: p.epoch, version: p.version, release: want.release ? p.release : '' };
  const c = compareEvr(have, want);
  return r.op === '=' ? c === 0 : c >= 0;
}
