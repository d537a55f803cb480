// What changes with the Kubernetes version kubeadm installs: image registry and tags (kubeadm's
// constants per release), the release's build facts for `kubectl version`, and the node-role wording.
import type { VersionInfo } from '../types.ts';
import { fakeHex } from './pki.ts';

export interface ReleaseImages {
  registry: string;
  pause: string;
  etcd: string;
  coredns: string;
}

// kubeadm's cmd/kubeadm/app/constants per minor: pause, etcd, CoreDNS
const PER_MINOR: Record<number, [string, string, string]> = {
  20: ['3.2', '3.4.13-0', '1.7.0'],
  21: ['3.4.1', '3.4.13-0', 'v1.8.0'],
  22: ['3.5', '3.5.0-0', 'v1.8.4'],
  23: ['3.6', '3.5.1-0', 'v1.8.6'],
  24: ['3.7', '3.5.3-0', 'v1.8.6'],
  25: ['3.8', '3.5.4-0', 'v1.9.3'],
  26: ['3.9', '3.5.6-0', 'v1.9.3'],
  27: ['3.9', '3.5.7-0', 'v1.10.1'],
  28: ['3.9', '3.5.9-0', 'v1.10.1'],
  29: ['3.9', '3.5.10-0', 'v1.11.1'],
  30: ['3.9', '3.5.12-0', 'v1.11.1'],
  31: ['3.10', '3.5.15-0', 'v1.11.3'],
  32: ['3.10', '3.5.16-0', 'v1.11.3'],
  33: ['3.10', '3.5.21-0', 'v1.12.0'],
};

/** `v1.21.1` / `1.21.1` → 21 */
export function minorOf(version: string): number {
  const m = /^v?\d+\.(\d+)/.exec(version);
  return m ? Number(m[1]) : 32;
}

/** `1.21.1` → `v1.21.1` */
export const withV = (version: string): string => (version.startsWith('v') ? version : `v${version}`);

export function releaseImages(version: string): ReleaseImages {
  const minor = minorOf(version);
  const row = PER_MINOR[minor] ?? PER_MINOR[minor < 20 ? 20 : 33]!;
  // the project moved from k8s.gcr.io to registry.k8s.io with 1.25
  const registry = minor <= 24 ? 'k8s.gcr.io' : 'registry.k8s.io';
  return { registry, pause: `${registry}/pause:${row[0]}`, etcd: `${registry}/etcd:${row[1]}`, coredns: minor < 21 ? `${registry}/coredns:${row[2]}` : `${registry}/coredns/coredns:${row[2]}` };
}

/** `registry/kube-apiserver:v1.21.1` */
export const componentImage = (version: string, component: string): string => `${releaseImages(version).registry}/${component}:${withV(version)}`;

// The real releases the course installs (kubectl version / the API server's /version).
const KNOWN: Record<string, Omit<VersionInfo, 'major' | 'minor' | 'gitVersion' | 'gitTreeState' | 'compiler' | 'platform'>> = {
  'v1.21.1': { gitCommit: '5e58841cce77d4bc13713ad2b91fa0d961e69192', buildDate: '2021-05-12T14:12:29Z', goVersion: 'go1.16.4' },
  'v1.32.4': { gitCommit: '59526cd4867447956156ae3a602fcbac10a2c335', buildDate: '2025-04-22T16:01:56Z', goVersion: 'go1.23.6' },
};

// Go release each minor was built with (plausible stand-ins for releases not in KNOWN)
const GO: Record<number, string> = { 21: 'go1.16.15', 22: 'go1.16.15', 23: 'go1.17.13', 24: 'go1.19.8', 25: 'go1.20.10', 26: 'go1.20.13', 27: 'go1.21.13', 28: 'go1.22.8', 29: 'go1.22.12', 30: 'go1.23.6', 31: 'go1.23.6', 32: 'go1.23.6', 33: 'go1.24.2' };

/** The VersionInfo the API server of this release answers. */
export function versionInfo(version: string): VersionInfo {
  const v = withV(version);
  const minor = minorOf(v);
  const known = KNOWN[v];
  return {
    major: '1',
    minor: String(minor),
    gitVersion: v,
    gitCommit: known?.gitCommit ?? fakeHex(`commit:${v}`, 40),
    gitTreeState: 'clean',
    // minors come out three a year from 2016 (1.5): a plausible year for a release not in KNOWN
    buildDate: known?.buildDate ?? `${2015 + Math.floor((minor - 2) / 3)}-0${1 + (minor % 3) * 4}-15T10:00:00Z`,
    goVersion: known?.goVersion ?? GO[minor] ?? 'go1.23.6',
    compiler: 'gc',
    platform: 'linux/amd64',
  };
}
