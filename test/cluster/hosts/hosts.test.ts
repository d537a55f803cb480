import { describe, expect, it } from 'vitest';
import { createCluster } from '../../../src/cluster/index.ts';
import { createFileSystem } from '../../../src/cluster/hosts/fs.ts';
import { FsError } from '../../../src/cluster/hosts/fs-error.ts';
import { normalizeImage } from '../../../src/cluster/hosts/images.ts';

describe('machines', () => {
  it('are the notes\' CentOS 7 VMs (and the harbor VM) with /etc/hosts listing them', () => {
    const c = createCluster();
    expect(c.hosts.names()).toEqual(['master', 'node1', 'node2', 'node3', 'harbor']);
    expect(c.hosts.get('node2')!.ip).toBe('10.0.2.17');
    const fs = c.hosts.get('master')!.fs;
    expect(fs.read('/etc/hosts')).toContain('10.0.2.15 master\n10.0.2.16 node1\n10.0.2.17 node2\n10.0.2.18 node3\n');
    expect(fs.read('/etc/os-release')).toContain('PRETTY_NAME="CentOS Linux 7 (Core)"');
    expect(fs.read('/root/.kube/config')).toContain('server: https://10.0.2.15:6443');
    expect(fs.list('/etc/kubernetes/manifests')).toEqual(['etcd.yaml', 'kube-apiserver.yaml', 'kube-controller-manager.yaml', 'kube-scheduler.yaml']);
    expect(fs.read('/etc/kubernetes/manifests/kube-apiserver.yaml')).toContain('- --service-cluster-ip-range=10.96.0.0/12');
    expect(c.hosts.get('node1')!.fs.exists('/root/.kube/config')).toBe(false);
  });
});

describe('in-memory file system', () => {
  it('creates, appends, lists and removes like a POSIX tree', () => {
    const fs = createFileSystem(() => 0);
    fs.mkdir('/a/b', { parents: true });
    fs.write('/a/b/f.txt', 'one\n');
    fs.append('/a/b/f.txt', 'two\n');
    expect(fs.read('/a/b/../b/./f.txt')).toBe('one\ntwo\n');
    expect(fs.list('/a')).toEqual(['b']);
    expect(fs.stat('/a/b/f.txt')).toMatchObject({ type: 'file', size: 8 });
    expect(() => fs.remove('/a')).toThrow(FsError);
    fs.remove('/a', { recursive: true });
    expect(fs.exists('/a/b/f.txt')).toBe(false);
  });

  it('reports errno codes the shell turns into messages', () => {
    const fs = createFileSystem(() => 0);
    const code = (f: () => void) => {
      try {
        f();
      } catch (e) {
        return (e as FsError).code;
      }
      return undefined;
    };
    expect(code(() => fs.read('/nope'))).toBe('ENOENT');
    expect(code(() => fs.write('/no/dir/f', 'x'))).toBe('ENOENT');
    fs.mkdir('/d');
    expect(code(() => fs.read('/d'))).toBe('EISDIR');
    fs.write('/f', 'x');
    expect(code(() => fs.write('/f/g', 'x'))).toBe('ENOTDIR');
    expect(code(() => fs.mkdir('/d'))).toBe('EEXIST');
  });
});

describe('image references', () => {
  it('normalise like containerd', () => {
    expect(normalizeImage('nginx').ref).toBe('docker.io/library/nginx:latest');
    expect(normalizeImage('nginx:1.27').ref).toBe('docker.io/library/nginx:1.27');
    expect(normalizeImage('weaveworks/weave-kube:2.8.1').ref).toBe('docker.io/weaveworks/weave-kube:2.8.1');
    expect(normalizeImage('localhost:5000/app:1').ref).toBe('localhost:5000/app:1');
    expect(normalizeImage('registry.k8s.io/pause:3.10').ref).toBe('registry.k8s.io/pause:3.10');
  });
});
