// The sites the kubeadm install notes fetch from: get.docker.com (the convenience script),
// download.docker.com (docker-ce.repo, the GPG key), down.cloudshell.kr (the notes' kubernetes.repo),
// pkgs.k8s.io and packages.cloud.google.com (repo keys). The yum repositories themselves are read by
// src/cluster/hosts/packages; these serve what curl and wget fetch.
import type { HttpResponse, TlsCertificate } from '../types.ts';
import type { WebSite } from '../kube-proxy/contract.ts';
import { httpDate } from '../kubelet/go-answers.ts';
import { CLOUDSHELL_KUBERNETES_REPO, DOCKER_CE_REPO, pkgsK8sRepo } from '../hosts/packages/repos.ts';
import type { SiteEntry } from './sites.ts';

const bytes = (s: string) => new TextEncoder().encode(s).length;
const YEAR_MS = 365 * 24 * 3600 * 1000;

export const GET_DOCKER_COMMIT = '6d9743e9656cc56f699a64800b098d5ea5a60020';

/**
 * What get.docker.com serves: a short stand-in for the real install script that prints its
 * informational lines (the `+ sh -c` trace goes to stderr, as `set -x` does) and performs its installs.
 */
export const GET_DOCKER_SCRIPT = `#!/bin/sh
# Docker Engine for Linux installation script.
#
# This script is intended as a convenient way to configure docker's package
# repositories and to install Docker Engine. This script is not recommended
# for production environments.
#
#   $ curl -fsSL https://get.docker.com -o install-docker.sh
#   $ sudo sh install-docker.sh
#
# Source code is available at https://github.com/docker/docker-install/
SCRIPT_COMMIT_SHA="${GET_DOCKER_COMMIT}"
echo "# Executing docker install script, commit: $SCRIPT_COMMIT_SHA"
echo "+ sh -c 'yum install -y -q yum-utils'" >&2
yum install -y -q yum-utils
echo "+ sh -c 'yum-config-manager --add-repo https://download.docker.com/linux/centos/docker-ce.repo'" >&2
yum-config-manager --add-repo https://download.docker.com/linux/centos/docker-ce.repo
echo "+ '[' stable '!=' stable ']'" >&2
echo "+ sh -c 'yum makecache'" >&2
yum makecache
echo "+ sh -c 'yum install -y -q docker-ce docker-ce-cli containerd.io docker-compose-plugin docker-ce-rootless-extras docker-buildx-plugin'" >&2
yum install -y -q docker-ce docker-ce-cli containerd.io docker-compose-plugin docker-ce-rootless-extras docker-buildx-plugin
echo
echo "================================================================================"
echo
echo "To run Docker as a non-privileged user, consider setting up the"
echo "Docker daemon in rootless mode for your user:"
echo
echo "    dockerd-rootless-setuptool.sh install"
echo
echo "Visit https://docs.docker.com/go/rootless/ to learn about rootless mode."
echo
echo
echo "To run the Docker daemon as a fully privileged service, but granting non-root"
echo "users access, refer to https://docs.docker.com/go/daemon-access/"
echo
echo "WARNING: Access to the remote API on a privileged Docker daemon is equivalent"
echo "         to root access on the host. Refer to the 'Docker daemon attack surface'"
echo "         documentation for details: https://docs.docker.com/go/attack-surface/"
echo
echo "================================================================================"
echo
`;

/** The Docker CE rpm signing key (ASCII armour, shortened). */
const DOCKER_GPG = `-----BEGIN PGP PUBLIC KEY BLOCK-----

mQINBFit5IEBEADDt86QpYKz5flnCsOyZ/fk3WwBKxfDjwHf/GIflo+4GWAXS7wJ
1PSzPsvSDATV10J44i5WQzh99q+lZvFCVRFiNhRmlmcXG+rk1QmDh3fsCCj9Q/yP
w8jn3Hx0zDtz8PIB/18ReftYJzUo34COLiHn8WiY20uGCF2pjdPgfxE+K454c4G7
gKFqVUFYgPug2CS0quaBB5b0rpFUdzTeI5RCStd27nHCpuSDCvRYAfdv+4Y1yiVh
KKdoe3Smj+RnXeVMgDxtH9FJibZ3DK7WnMN2yeob6VqXox+FvKYJCCLkbQgQmE50
uVK0uN71A1mQDcTRKQ2q3fFGlMTqJbbzr3LwnCBE6hV0a36t+DABtZTmz5O69xdJ
WGdBeePCnWVqtDb/BdEYz7hPKskcZBarygCCe2Xi7sZieoFZuq6ltPoCsdfEdfbO
+VBVKJnExqNZCcFUTEnbH4CldWROOzMS8BGUlkGpa59Sl1t0QcmWlw1EbkeMQNrN
spdR8lobcdNS9bpAJQqSHRZh3cAM9mA3Yq/bssUS/P2quRXLjJ9mIv3dky9C3udM
+q2unvnbNpPtIUly76FJ3s8g8sHeOnmYcKqNGqHq2Q3kMdA2eIbI0MqfOIo2+Xk0
rNt3ctq3g+cQiorcN3rdHPsTRSAcp+NCz1QF9TwXYtH1XV24A6QMO0+CZwARAQAB
=8OeZ
-----END PGP PUBLIC KEY BLOCK-----
`;

interface Served {
  body: string;
  type: string;
}

function site(names: string[], ip: string, cert: TlsCertificate, files: Record<string, Served>, now?: () => number, httpRedirect = false): WebSite {
  return {
    names,
    ip,
    ports: [80, 443],
    serve(req): HttpResponse {
      const date: Record<string, string> = now ? { Date: httpDate(now()) } : {};
      const host = names[0]!;
      if (req.scheme === 'http' && httpRedirect) {
        const body = '<html>\r\n<head><title>301 Moved Permanently</title></head>\r\n<body>\r\n<center><h1>301 Moved Permanently</h1></center>\r\n</body>\r\n</html>\r\n';
        return { status: 301, headers: { 'Content-Type': 'text/html', 'Content-Length': String(bytes(body)), Connection: 'keep-alive', Location: `https://${host}${req.path}`, ...date }, body: req.method === 'HEAD' ? '' : body };
      }
      const path = req.path.split('?')[0] || '/';
      const f = files[path];
      const tls = req.scheme === 'https' ? { tls: cert } : {};
      if (!f) {
        const body = '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>';
        return { status: 404, headers: { 'Content-Type': 'application/xml', 'Content-Length': String(bytes(body)), Connection: 'keep-alive', ...date }, body: req.method === 'HEAD' ? '' : body, ...tls };
      }
      return {
        status: 200,
        headers: { 'Content-Type': f.type, 'Content-Length': String(bytes(f.body)), Connection: 'keep-alive', 'Last-Modified': 'Thu, 06 Jun 2024 15:35:52 GMT', ...date, 'Accept-Ranges': 'bytes' },
        body: req.method === 'HEAD' ? '' : f.body,
        ...tls,
      };
    },
  };
}

const cert = (cn: string, dnsNames: string[], issuer: string): TlsCertificate => ({
  selfSigned: false,
  subject: `CN=${cn}`,
  issuer,
  dnsNames,
  notBefore: Date.UTC(2026, 4, 1),
  notAfter: Date.UTC(2026, 4, 1) + YEAR_MS,
});

const AMAZON = 'C=US; O=Amazon; CN=Amazon RSA 2048 M02';
const GOOGLE = 'C=US; O=Google Trust Services; CN=WR2';
const LETS = "C=US; O=Let's Encrypt; CN=R11";

export const GET_DOCKER_IP = '18.65.229.73';
export const DOWNLOAD_DOCKER_IP = '18.65.229.10';
export const CLOUDSHELL_IP = '211.43.14.215';
export const PKGS_K8S_IP = '34.107.204.206';
export const GOOGLE_PACKAGES_IP = '142.250.206.238';

/** The install notes' sites, for the default internet. */
export function installSites(opts: { now?: () => number } = {}): SiteEntry[] {
  const sh = { body: GET_DOCKER_SCRIPT, type: 'text/plain' };
  const repoKey = { body: '-----BEGIN PGP PUBLIC KEY BLOCK-----\nVersion: GnuPG v1.4.5 (GNU/Linux)\n\nmQENBGMHoXcBCADukGOEQyleViOgtkMVa7hKifP6POCTh+98xNW4TfHK/nBJN2sm\n=9bWE\n-----END PGP PUBLIC KEY BLOCK-----\n', type: 'application/pgp-keys' };
  const k8s: Record<string, Served> = {};
  for (const minor of [30, 31, 32]) {
    k8s[`/core:/stable:/v1.${minor}/rpm/repodata/repomd.xml.key`] = repoKey;
    k8s[`/core:/stable:/v1.${minor}/rpm/kubernetes.repo`] = { body: pkgsK8sRepo(minor), type: 'text/plain' };
  }
  return [
    { site: site(['get.docker.com'], GET_DOCKER_IP, cert('get.docker.com', ['get.docker.com'], AMAZON), { '/': sh, '/index.html': sh }, opts.now, true), addresses: [GET_DOCKER_IP] },
    {
      site: site(['download.docker.com'], DOWNLOAD_DOCKER_IP, cert('download.docker.com', ['download.docker.com'], AMAZON), { '/linux/centos/docker-ce.repo': { body: DOCKER_CE_REPO, type: 'text/plain' }, '/linux/centos/gpg': { body: DOCKER_GPG, type: 'application/pgp-keys' } }, opts.now, true),
      addresses: [DOWNLOAD_DOCKER_IP],
    },
    { site: site(['down.cloudshell.kr'], CLOUDSHELL_IP, cert('down.cloudshell.kr', ['down.cloudshell.kr'], LETS), { '/k8s/kubernetes.repo': { body: CLOUDSHELL_KUBERNETES_REPO, type: 'text/plain' } }, opts.now), addresses: [CLOUDSHELL_IP] },
    { site: site(['pkgs.k8s.io'], PKGS_K8S_IP, cert('pkgs.k8s.io', ['pkgs.k8s.io'], GOOGLE), k8s, opts.now, true), addresses: [PKGS_K8S_IP] },
    { site: site(['packages.cloud.google.com'], GOOGLE_PACKAGES_IP, cert('*.google.com', ['*.google.com', 'packages.cloud.google.com'], GOOGLE), { '/yum/doc/yum-key.gpg': repoKey, '/yum/doc/rpm-package-key.gpg': repoKey }, opts.now, true), addresses: [GOOGLE_PACKAGES_IP] },
  ];
}
