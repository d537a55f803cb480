// The package catalogue, the .repo parser and the CRI detection the install relies on.
import { describe, expect, it } from 'vitest';
import { catalogue, compareEvr, evr, rpmvercmp, satisfies } from '../../../../src/cluster/hosts/packages/catalogue.ts';
import { CENTOS_BASE_REPO, DOCKER_CE_REPO, locateRepo, readRepos } from '../../../../src/cluster/hosts/packages/repos.ts';
import { createFileSystem } from '../../../../src/cluster/hosts/fs.ts';
import { createCluster } from '../../../../src/cluster/cluster.ts';
import { criEndpoints } from '../../../../src/cluster/hosts/cri.ts';

const latest = (source: Parameters<typeof catalogue>[0], name: string) =>
  catalogue(source)
    .filter((p) => p.name === name)
    .reduce((a, b) => (compareEvr(b, a) > 0 ? b : a));

describe('versions', () => {
  it('compares versions as rpm does: numerically, epoch first', () => {
    expect(rpmvercmp('1.28.2', '1.21.14')).toBe(1);
    expect(rpmvercmp('1.6.4', '1.6.33')).toBe(-1);
    expect(compareEvr({ epoch: 3, version: '20.10.24', release: '3.el7' }, { epoch: 0, version: '26.1.4', release: '1.el7' })).toBeGreaterThan(0);
    expect(satisfies({ epoch: 2, version: '2.119.2', release: '1.911c772.el7_8' }, { name: 'container-selinux', op: '>=', version: '2:2.74' })).toBe(true);
  });

  it('each repository offers the versions the notes and the modern docs install', () => {
    expect(evr(latest('google-kubernetes', 'kubelet'))).toBe('1.28.2-0');
    expect(catalogue('google-kubernetes').some((p) => p.name === 'kubeadm' && p.version === '1.21.1' && p.release === '0')).toBe(true);
    expect(evr(latest('pkgs-k8s-32', 'kubeadm'))).toBe('1.32.4-150500.1.1');
    expect(evr(latest('pkgs-k8s-30', 'kubeadm'))).toMatch(/^1\.30\.\d+-150500\.1\.1$/);
    expect(evr(latest('docker-ce-stable', 'docker-ce'))).toBe('3:26.1.4-1.el7');
    expect(evr(latest('docker-ce-stable', 'containerd.io'))).toBe('1.6.33-3.1.el7');
    expect(evr(latest('centos-extras', 'container-selinux'))).toBe('2:2.119.2-1.911c772.el7_8');
    expect(evr(latest('centos-base', 'bash-completion'))).toBe('1:2.1-8.el7');
  });
});

describe('repo files', () => {
  it('parses /etc/yum.repos.d: CentOS mirrorlists, disabled sections, excludes', () => {
    const fs = createFileSystem(() => 0);
    fs.mkdir('/etc/yum.repos.d', { parents: true });
    fs.write('/etc/yum.repos.d/CentOS-Base.repo', CENTOS_BASE_REPO);
    fs.write('/etc/yum.repos.d/docker-ce.repo', DOCKER_CE_REPO);
    fs.write('/etc/yum.repos.d/notes.txt', '[ignored]\nbaseurl=http://x/\n');
    const repos = readRepos(fs);
    expect(repos.filter((r) => r.enabled).map((r) => r.id)).toEqual(['base', 'docker-ce-stable', 'extras', 'updates']);
    const base = repos.find((r) => r.id === 'base')!;
    expect(base.name).toBe('CentOS-7 - Base');
    expect(locateRepo(base)).toMatchObject({ ok: true, source: 'centos-base', label: 'base/7/x86_64' });
    const docker = repos.find((r) => r.id === 'docker-ce-stable')!;
    expect(docker.baseurl).toBe('https://download.docker.com/linux/centos/7/x86_64/stable');
    expect(locateRepo(docker)).toMatchObject({ ok: true, source: 'docker-ce-stable' });
  });

  it('a baseurl on a host that does not resolve fails as curl error 6', () => {
    const fs = createFileSystem(() => 0);
    fs.mkdir('/etc/yum.repos.d', { parents: true });
    fs.write('/etc/yum.repos.d/k.repo', '[kubernetes]\nname=Kubernetes\nbaseurl=https://pkgs.k8s.i/core:/stable:/v1.32/rpm/\ngpgcheck=1\ngpgkey=https://pkgs.k8s.io/core:/stable:/v1.32/rpm/repodata/repomd.xml.key\nexclude=kubelet kubeadm kubectl cri-tools kubernetes-cni\n');
    const [k] = readRepos(fs);
    expect(k!.exclude).toEqual(['kubelet', 'kubeadm', 'kubectl', 'cri-tools', 'kubernetes-cni']);
    expect(locateRepo(k!)).toEqual({ ok: false, url: 'https://pkgs.k8s.i/core:/stable:/v1.32/rpm/repodata/repomd.xml', error: '[Errno 14] curl#6 - "Could not resolve host: pkgs.k8s.i; Unknown error"' });
  });
});

describe('CRI detection on the kubeadm preset', () => {
  it('master keeps its Docker (cgroupfs, 26.1.4) and offers containerd with SystemdCgroup = true', () => {
    const cluster = createCluster();
    const m = cluster.hosts.machine('master')!;
    const found = criEndpoints(m, 21);
    expect(found.map((e) => e.runtime)).toEqual(['docker', 'containerd']);
    expect(found[0]).toMatchObject({ cgroupDriver: 'cgroupfs', version: '26.1.4', running: true });
    expect(criEndpoints(m, 32)).toEqual([expect.objectContaining({ runtime: 'containerd', cgroupDriver: 'systemd', running: true, criError: undefined })]);
    // a worker has no Docker at all
    expect(criEndpoints(cluster.hosts.machine('node1')!, 21).map((e) => e.runtime)).toEqual(['containerd']);
  });
});
