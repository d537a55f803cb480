// What the kubelet mounts into a container: /etc/resolv.conf by dnsPolicy and dnsConfig, /etc/hosts
// (the managed file, the host network's, hostAliases, hostname + subdomain), /etc/hostname.
import { describe, expect, it } from 'vitest';
import { createCluster, type SimCluster } from '../../../src/cluster/cluster.ts';

function run(c: SimCluster, name: string, spec: Record<string, unknown> = {}, image = 'busybox') {
  c.api.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' }, spec: { containers: [{ name: 'main', image, command: ['sleep', '3600'] }], ...spec } });
}
const file = (c: SimCluster, pod: string, path: string) => c.runtime.exec('default', pod, 'main')!.fs.read(path);
const podIP = (c: SimCluster, pod: string) => c.api.get('pods', 'default', pod).status.podIP as string;

const MANAGED_HEAD = '# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n';

describe('/etc/resolv.conf follows the pod’s dnsPolicy', () => {
  it('ClusterFirst (the default): the cluster search path, kube-dns and ndots:5', () => {
    const c = createCluster({ seed: 5 });
    run(c, 'a');
    c.api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } });
    c.settle();
    c.api.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'b', namespace: 'shop' }, spec: { containers: [{ name: 'main', image: 'busybox', command: ['sleep', '3600'] }] } });
    c.settle();
    expect(file(c, 'a', '/etc/resolv.conf')).toBe('search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n');
    expect(c.runtime.exec('shop', 'b', 'main')!.fs.read('/etc/resolv.conf')).toBe('search shop.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n');
  });

  it('Default and the host network take the node’s resolv.conf, so Service names do not resolve', () => {
    const c = createCluster({ seed: 5 });
    run(c, 'plain');
    run(c, 'dflt', { dnsPolicy: 'Default' });
    run(c, 'hostnet', { hostNetwork: true });
    run(c, 'hostnet-cluster', { hostNetwork: true, dnsPolicy: 'ClusterFirstWithHostNet' });
    c.settle();
    expect(file(c, 'dflt', '/etc/resolv.conf')).toBe('nameserver 10.0.2.3\n');
    expect(file(c, 'hostnet', '/etc/resolv.conf')).toBe('nameserver 10.0.2.3\n');
    expect(file(c, 'hostnet-cluster', '/etc/resolv.conf')).toBe('search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n');
    const lookup = (pod: string) => c.net.lookup({ kind: 'pod', namespace: 'default', pod }, 'kubernetes');
    expect(lookup('plain')).toMatchObject({ ok: true, addresses: ['10.96.0.1'] });
    expect(lookup('dflt')).toMatchObject({ ok: false, reason: 'NXDOMAIN' });
    expect(lookup('hostnet')).toMatchObject({ ok: false, reason: 'NXDOMAIN' });
    expect(lookup('hostnet-cluster')).toMatchObject({ ok: true, addresses: ['10.96.0.1'] });
  });

  it('None takes spec.dnsConfig alone; other policies merge it in as the kubelet does', () => {
    const c = createCluster({ seed: 5 });
    const dnsConfig = { nameservers: ['1.2.3.4'], searches: ['ns1.svc.cluster-domain.example', 'my.dns.search.suffix'], options: [{ name: 'ndots', value: '2' }, { name: 'edns0' }] };
    run(c, 'none', { dnsPolicy: 'None', dnsConfig });
    run(c, 'merged', { dnsConfig: { nameservers: ['10.0.2.3', '10.96.0.10'], searches: ['cluster.local', 'corp.example'], options: [{ name: 'ndots', value: '1' }, { name: 'single-request-reopen' }] } });
    c.settle();
    expect(file(c, 'none', '/etc/resolv.conf')).toBe('search ns1.svc.cluster-domain.example my.dns.search.suffix\nnameserver 1.2.3.4\noptions ndots:2 edns0\n');
    // duplicates dropped, ndots replaced in place, new options after
    expect(file(c, 'merged', '/etc/resolv.conf')).toBe('search default.svc.cluster.local svc.cluster.local cluster.local corp.example\nnameserver 10.96.0.10\nnameserver 10.0.2.3\noptions ndots:1 single-request-reopen\n');
    // the resolver reads what the file says: with ndots:1 a dotted name is asked as is first
    const r = c.net.lookup({ kind: 'pod', namespace: 'default', pod: 'merged' }, 'kubernetes.default');
    expect(r).toMatchObject({ ok: true, name: 'kubernetes.default.svc.cluster.local', tried: ['kubernetes.default', 'kubernetes.default.default.svc.cluster.local'] });
  });
});

describe('/etc/hosts as the kubelet writes it', () => {
  it('a pod with hostname and subdomain gets its fully qualified name; hostAliases come once under their header', () => {
    const c = createCluster({ seed: 6 });
    run(c, 'web-0', { hostname: 'web-0', subdomain: 'web' });
    run(c, 'aliased', { hostAliases: [{ ip: '10.0.2.20', hostnames: ['msa.harbor.com', 'harbor'] }, { ip: '127.0.0.1', hostnames: ['foo.local'] }] });
    c.settle();
    expect(file(c, 'web-0', '/etc/hosts')).toBe(`${MANAGED_HEAD}${podIP(c, 'web-0')}\tweb-0.web.default.svc.cluster.local\tweb-0\n`);
    expect(file(c, 'aliased', '/etc/hosts')).toBe(`${MANAGED_HEAD}${podIP(c, 'aliased')}\taliased\n\n# Entries added by HostAliases.\n10.0.2.20\tmsa.harbor.com\tharbor\n127.0.0.1\tfoo.local\n`);
    expect(c.net.lookup({ kind: 'pod', namespace: 'default', pod: 'aliased' }, 'msa.harbor.com')).toMatchObject({ ok: true, server: '/etc/hosts', addresses: ['10.0.2.20'] });
  });

  it('a host-network pod sees the node’s hosts file and the node’s name', () => {
    const c = createCluster({ seed: 6 });
    run(c, 'hostnet', { hostNetwork: true, nodeName: 'node2' });
    c.settle();
    const hosts = file(c, 'hostnet', '/etc/hosts');
    expect(hosts.startsWith('# Kubernetes-managed hosts file (host network).\n')).toBe(true);
    expect(hosts.slice(hosts.indexOf('\n') + 1)).toBe(c.hosts.get('node2')!.fs.read('/etc/hosts'));
    expect(file(c, 'hostnet', '/etc/hostname')).toBe('node2\n');
    expect(c.runtime.exec('default', 'hostnet', 'main')!.env.HOSTNAME).toBe('node2');
  });
});

describe('image files carry the image’s build time', () => {
  it('the nginx page dates from the image, what the kubelet mounts from the container’s start', () => {
    const c = createCluster({ seed: 7 });
    run(c, 'web', {}, 'nginx');
    c.settle();
    const fs = c.runtime.exec('default', 'web', 'main')!.fs;
    expect(new Date(fs.stat('/usr/share/nginx/html/index.html')!.mtime).toISOString()).toBe('2024-11-26T18:42:08.000Z');
    expect(fs.stat('/etc/hosts')!.mtime).toBeGreaterThan(Date.UTC(2026, 0, 1));
  });
});
