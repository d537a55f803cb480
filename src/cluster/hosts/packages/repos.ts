// yum's repositories: the .repo files in /etc/yum.repos.d (parsed at every yum run), and which server a
// baseurl reaches. A baseurl that reaches nothing fails the way yum 3.4.3 fails.
//   readRepos(fs) → RepoConfig[] ; locateRepo(baseurl) → { source } | { error }
import type { FileSystem } from '../../types.ts';
import type { RepoSource } from './catalogue.ts';

export const REPOS_DIR = '/etc/yum.repos.d';

export interface RepoConfig {
  id: string;
  name: string;
  /** the file it came from */
  file: string;
  /** baseurl with $releasever/$basearch expanded ('' when only a mirrorlist is given) */
  baseurl: string;
  mirrorlist: string;
  enabled: boolean;
  gpgcheck: boolean;
  /** repo_gpgcheck: the metadata is signed (the Google repo) */
  repoGpgcheck: boolean;
  gpgkeys: string[];
  exclude: string[];
}

/** The CentOS 7 repo file a bare machine ships (base, updates, extras enabled; centosplus disabled). */
export const CENTOS_BASE_REPO = `# CentOS-Base.repo
#
# The mirror system uses the connecting IP address of the client and the
# update status of each mirror to pick mirrors that are updated to and
# geographically close to the client.  You should use this for CentOS updates
# unless you are manually picking other mirrors.
#
# If the mirrorlist= does not work for you, as a fall back you can try the 
# remarked out baseurl= line instead.
#
#

[base]
name=CentOS-$releasever - Base
mirrorlist=http://mirrorlist.centos.org/?release=$releasever&arch=$basearch&repo=os&infra=$infra
#baseurl=http://mirror.centos.org/centos/$releasever/os/$basearch/
gpgcheck=1
gpgkey=file:///etc/pki/rpm-gpg/RPM-GPG-KEY-CentOS-7

#released updates 
[updates]
name=CentOS-$releasever - Updates
mirrorlist=http://mirrorlist.centos.org/?release=$releasever&arch=$basearch&repo=updates&infra=$infra
#baseurl=http://mirror.centos.org/centos/$releasever/updates/$basearch/
gpgcheck=1
gpgkey=file:///etc/pki/rpm-gpg/RPM-GPG-KEY-CentOS-7

#additional packages that may be useful
[extras]
name=CentOS-$releasever - Extras
mirrorlist=http://mirrorlist.centos.org/?release=$releasever&arch=$basearch&repo=extras&infra=$infra
#baseurl=http://mirror.centos.org/centos/$releasever/extras/$basearch/
gpgcheck=1
gpgkey=file:///etc/pki/rpm-gpg/RPM-GPG-KEY-CentOS-7

#additional packages that extend functionality of existing packages
[centosplus]
name=CentOS-$releasever - Plus
mirrorlist=http://mirrorlist.centos.org/?release=$releasever&arch=$basearch&repo=centosplus&infra=$infra
#baseurl=http://mirror.centos.org/centos/$releasever/centosplus/$basearch/
gpgcheck=1
enabled=0
gpgkey=file:///etc/pki/rpm-gpg/RPM-GPG-KEY-CentOS-7
`;

/** https://download.docker.com/linux/centos/docker-ce.repo (first sections; the rest are disabled). */
export const DOCKER_CE_REPO = `[docker-ce-stable]
name=Docker CE Stable - $basearch
baseurl=https://download.docker.com/linux/centos/$releasever/$basearch/stable
enabled=1
gpgcheck=1
gpgkey=https://download.docker.com/linux/centos/gpg

[docker-ce-stable-debuginfo]
name=Docker CE Stable - Debuginfo $basearch
baseurl=https://download.docker.com/linux/centos/$releasever/debug-$basearch/stable
enabled=0
gpgcheck=1
gpgkey=https://download.docker.com/linux/centos/gpg

[docker-ce-stable-source]
name=Docker CE Stable - Sources
baseurl=https://download.docker.com/linux/centos/$releasever/source/stable
enabled=0
gpgcheck=1
gpgkey=https://download.docker.com/linux/centos/gpg

[docker-ce-test]
name=Docker CE Test - $basearch
baseurl=https://download.docker.com/linux/centos/$releasever/$basearch/test
enabled=0
gpgcheck=1
gpgkey=https://download.docker.com/linux/centos/gpg

[docker-ce-nightly]
name=Docker CE Nightly - $basearch
baseurl=https://download.docker.com/linux/centos/$releasever/$basearch/nightly
enabled=0
gpgcheck=1
gpgkey=https://download.docker.com/linux/centos/gpg
`;

/** http://down.cloudshell.kr/k8s/kubernetes.repo — the notes' copy of the legacy Google repo file. */
export const CLOUDSHELL_KUBERNETES_REPO = `[kubernetes]
name=Kubernetes
baseurl=https://packages.cloud.google.com/yum/repos/kubernetes-el7-x86_64
enabled=1
gpgcheck=1
repo_gpgcheck=1
gpgkey=https://packages.cloud.google.com/yum/doc/yum-key.gpg https://packages.cloud.google.com/yum/doc/rpm-package-key.gpg
`;

/** The repo file kubernetes.io's install page gives for pkgs.k8s.io (v1.32 by default). */
export const pkgsK8sRepo = (minor = 32): string => `[kubernetes]
name=Kubernetes
baseurl=https://pkgs.k8s.io/core:/stable:/v1.${minor}/rpm/
enabled=1
gpgcheck=1
gpgkey=https://pkgs.k8s.io/core:/stable:/v1.${minor}/rpm/repodata/repomd.xml.key
exclude=kubelet kubeadm kubectl cri-tools kubernetes-cni
`;

/** Write CentOS-Base.repo (bare provisioning calls this). */
export function provisionRepos(fs: FileSystem): void {
  fs.mkdir(REPOS_DIR, { parents: true });
  if (!fs.exists(`${REPOS_DIR}/CentOS-Base.repo`)) fs.write(`${REPOS_DIR}/CentOS-Base.repo`, CENTOS_BASE_REPO);
}

const expand = (s: string) => s.replace(/\$releasever/g, '7').replace(/\$basearch/g, 'x86_64').replace(/\$infra/g, 'stock');

/** Parse every *.repo file in /etc/yum.repos.d, sorted by repo id as yum lists them. */
export function readRepos(fs: FileSystem): RepoConfig[] {
  if (!fs.exists(REPOS_DIR) || !fs.isDir(REPOS_DIR)) return [];
  const out: RepoConfig[] = [];
  for (const f of fs.list(REPOS_DIR).sort()) {
    if (!f.endsWith('.repo')) continue;
    const path = `${REPOS_DIR}/${f}`;
    if (fs.isDir(path)) continue;
    let cur: Record<string, string> | undefined;
    let id = '';
    const flush = () => {
      if (!cur) return;
      out.push({
        id,
        name: expand(cur.name ?? id),
        file: path,
        baseurl: expand((cur.baseurl ?? '').split(/[\s,]+/)[0] ?? ''),
        mirrorlist: expand(cur.mirrorlist ?? ''),
        enabled: cur.enabled === undefined ? true : /^(1|yes|true)$/i.test(cur.enabled),
        gpgcheck: cur.gpgcheck !== undefined && /^(1|yes|true)$/i.test(cur.gpgcheck),
        repoGpgcheck: cur.repo_gpgcheck !== undefined && /^(1|yes|true)$/i.test(cur.repo_gpgcheck),
        gpgkeys: (cur.gpgkey ?? '').split(/[\s,]+/).filter(Boolean).map(expand),
        exclude: (cur.exclude ?? '').split(/[\s,]+/).filter(Boolean),
      });
    };
    let lastKey = '';
    for (const raw of fs.read(path).split('\n')) {
      const line = raw.replace(/\r$/, '');
      if (/^\s*[#;]/.test(line) || !line.trim()) continue;
      const sec = /^\s*\[([^\]]+)\]\s*$/.exec(line);
      if (sec) {
        flush();
        id = sec[1]!.trim();
        cur = {};
        continue;
      }
      if (!cur) continue;
      // a continuation line (gpgkey lists) starts with white space
      if (/^\s/.test(line) && lastKey) {
        cur[lastKey] = `${cur[lastKey]} ${line.trim()}`;
        continue;
      }
      const kv = /^([^=]+?)\s*=\s*(.*)$/.exec(line);
      if (kv) {
        lastKey = kv[1]!.trim().toLowerCase();
        cur[lastKey] = kv[2]!.trim();
      }
    }
    flush();
  }
  return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export type RepoLocation = { ok: true; source: RepoSource; label: string } | { ok: false; url: string; error: string };

/** What a repo's baseurl (or CentOS mirrorlist) reaches. */
export function locateRepo(repo: RepoConfig): RepoLocation {
  if (!repo.baseurl && repo.mirrorlist) {
    const m = /[?&]repo=(os|updates|extras)\b/.exec(repo.mirrorlist);
    if (m && /^https?:\/\/mirrorlist\.centos\.org\//.test(repo.mirrorlist)) return { ok: true, source: m[1] === 'os' ? 'centos-base' : (`centos-${m[1]}` as RepoSource), label: `${repo.id}/7/x86_64` };
    return { ok: false, url: repo.mirrorlist, error: `Cannot find a valid baseurl for repo: ${repo.id}/7/x86_64` };
  }
  const url = repo.baseurl.replace(/\/+$/, '');
  const repomd = `${url}/repodata/repomd.xml`;
  const host = /^https?:\/\/([^/:]+)/.exec(url)?.[1];
  const known = ['mirror.centos.org', 'download.docker.com', 'packages.cloud.google.com', 'pkgs.k8s.io'];
  if (!host) return { ok: false, url: repomd, error: `[Errno 14] curl#3 - "<url> malformed"` };
  if (!known.includes(host)) return { ok: false, url: repomd, error: `[Errno 14] curl#6 - "Could not resolve host: ${host}; Unknown error"` };
  const https = url.startsWith('https') ? 'HTTPS' : 'HTTP';
  let m: RegExpExecArray | null;
  if ((m = /^http:\/\/mirror\.centos\.org\/centos\/7\/(os|updates|extras)\/x86_64$/.exec(url))) return { ok: true, source: m[1] === 'os' ? 'centos-base' : (`centos-${m[1]}` as RepoSource), label: `${repo.id}/7/x86_64` };
  if (url === 'https://download.docker.com/linux/centos/7/x86_64/stable') return { ok: true, source: 'docker-ce-stable', label: `${repo.id}/7/x86_64` };
  if (url === 'https://packages.cloud.google.com/yum/repos/kubernetes-el7-x86_64') return { ok: true, source: 'google-kubernetes', label: repo.id };
  if ((m = /^https:\/\/pkgs\.k8s\.io\/core:\/stable:\/v1\.(30|31|32)\/rpm$/.exec(url))) return { ok: true, source: `pkgs-k8s-${Number(m[1]) as 30 | 31 | 32}`, label: repo.id };
  return { ok: false, url: repomd, error: `[Errno 14] ${https} Error 404 - Not Found` };
}

export interface GpgKey {
  id: string;
  userid: string;
  fingerprint: string;
  /** rpm -q gpg-pubkey: version-release */
  rpm: string;
}

/** The keys behind each gpgkey URL. */
export const GPG_KEYS: Record<string, GpgKey> = {
  'file:///etc/pki/rpm-gpg/RPM-GPG-KEY-CentOS-7': { id: 'F4A80EB5', userid: 'CentOS-7 Key (CentOS 7 Official Signing Key) <security@centos.org>', fingerprint: '6341 ab27 53d7 8a78 a7c2 7bb1 24c6 a8a7 f4a8 0eb5', rpm: 'f4a80eb5-53a7ff4b' },
  'https://download.docker.com/linux/centos/gpg': { id: '621E9F35', userid: 'Docker Release (CE rpm) <docker@docker.com>', fingerprint: '060a 61c5 1b55 8a7f 742b 77aa c52f eb6b 621e 9f35', rpm: '621e9f35-58adea78' },
  'https://packages.cloud.google.com/yum/doc/yum-key.gpg': { id: '307EA071', userid: 'Rapture Automatic Signing Key (cloud-rapture-signing-key-2021-03-01-08_01_09.pub)', fingerprint: '7f92 e05b 3109 3bef 5a3c 2d38 feea 9169 307e a071', rpm: '307ea071-603d2e5f' },
  'https://packages.cloud.google.com/yum/doc/rpm-package-key.gpg': { id: '3E1BA8D5', userid: 'Google Cloud Packages RPM Signing Key <gc-team@google.com>', fingerprint: '3749 e1ba 95a8 6ce0 5454 6ed2 f09c 394c 3e1b a8d5', rpm: '3e1ba8d5-558ab6a8' },
};

/** A pkgs.k8s.io repomd.xml.key (the same OBS key for every minor). */
export function gpgKey(url: string): GpgKey | undefined {
  if (/^https:\/\/pkgs\.k8s\.io\/core:\/stable:\/v1\.\d+\/rpm\/repodata\/repomd\.xml\.key$/.test(url)) return { id: '9A296436', userid: 'isv:kubernetes OBS Project <isv:kubernetes@build.opensuse.org>', fingerprint: 'de15 b144 86cd 377b 9e87 6e1a 2346 54da 9a29 6436', rpm: '9a296436-6579a8ff' };
  return GPG_KEYS[url];
}

/** Repo files the outside web serves (yum-config-manager --add-repo, wget, curl). */
export const REPO_FILES: Record<string, string> = {
  'https://download.docker.com/linux/centos/docker-ce.repo': DOCKER_CE_REPO,
  'http://down.cloudshell.kr/k8s/kubernetes.repo': CLOUDSHELL_KUBERNETES_REPO,
};
