import { describe, expect, it } from 'vitest';
import type { SimCluster } from '../../../src/cluster/cluster.ts';
import type { DnsResult, NetOrigin } from '../../../src/cluster/types.ts';
import { GET, MASTER, cluster, deploy, errorOf, podsOf, service } from '../kube-proxy/helpers.ts';

const inPod = (c: SimCluster, app: string, namespace = 'default'): NetOrigin => ({ kind: 'pod', namespace, pod: c.api.list('pods', namespace, { labelSelector: `app=${app}` })[0]!.metadata.name });
const addresses = (r: DnsResult) => (r.ok ? r.addresses : r.reason);

describe('cluster DNS from pods (ClusterFirst)', () => {
  it('answers a Service by short name, namespaced name and full name, with the search path tried in order', () => {
    const c = cluster();
    deploy(c, 'web', 1);
    const { clusterIP } = service(c, 'web', {});
    const from = inPod(c, 'web');
    const short = c.net.lookup(from, 'web');
    expect(short).toEqual({ ok: true, server: '10.96.0.10', tried: [], name: 'web.default.svc.cluster.local', addresses: [clusterIP] });
    const namespaced = c.net.lookup(from, 'web.default');
    expect(namespaced.ok && [namespaced.name, namespaced.tried]).toEqual(['web.default.svc.cluster.local', ['web.default.default.svc.cluster.local']]);
    const kubernetes = c.net.lookup(from, 'kubernetes.default.svc.cluster.local');
    expect(addresses(kubernetes)).toEqual(['10.96.0.1']);
    // four dots are still fewer than ndots:5, so the search path comes first
    expect(kubernetes.tried).toEqual(['kubernetes.default.svc.cluster.local.default.svc.cluster.local', 'kubernetes.default.svc.cluster.local.svc.cluster.local', 'kubernetes.default.svc.cluster.local.cluster.local']);
    // a trailing dot skips the search path
    expect(c.net.lookup(from, 'web.default.svc.cluster.local.').tried).toEqual([]);
  });

  it('a Service in another namespace needs its namespace in the name', () => {
    const c = cluster();
    deploy(c, 'web', 1);
    c.api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } });
    c.api.create({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'cart', namespace: 'shop' }, spec: { selector: { app: 'cart' }, ports: [{ port: 80 }] } });
    c.settle();
    const from = inPod(c, 'web');
    const miss = c.net.lookup(from, 'cart');
    expect(miss).toEqual({ ok: false, server: '10.96.0.10', tried: ['cart.default.svc.cluster.local', 'cart.svc.cluster.local', 'cart.cluster.local', 'cart'], reason: 'NXDOMAIN' });
    expect(c.net.lookup(from, 'cart.shop').ok).toBe(true);
  });

  it('names outside the cluster are forwarded upstream after the search path', () => {
    const c = cluster();
    deploy(c, 'web', 1);
    c.settle();
    const r = c.net.lookup(inPod(c, 'web'), 'www.google.com');
    expect(r.ok && r.tried).toEqual(['www.google.com.default.svc.cluster.local', 'www.google.com.svc.cluster.local', 'www.google.com.cluster.local']);
    expect(r.ok && r.name).toBe('www.google.com');
    expect(addresses(c.net.lookup(inPod(c, 'web'), 'no-such-site.example'))).toBe('NXDOMAIN');
  });

  it('a headless Service answers with the ready pod addresses, sorted, and pods with hostname and subdomain get their own name', () => {
    const c = cluster();
    deploy(c, 'db', 3, { podSpec: { hostname: 'db', subdomain: 'db' } });
    service(c, 'db', { clusterIP: 'None' });
    const ips = podsOf(c, 'db').map((p) => p.status.podIP as string);
    const sorted = [...ips].sort((a, b) => a.split('.').reduce((x, o) => x * 256 + Number(o), 0) - b.split('.').reduce((x, o) => x * 256 + Number(o), 0));
    const from = inPod(c, 'db');
    // as nslookup asks: the DNS server only
    expect(addresses(c.net.lookup(from, 'db', { dnsOnly: true }))).toEqual(sorted);
    // getaddrinfo reads the pod's /etc/hosts first, where its own hostname is its own address
    const own = c.api.get('pods', 'default', (from as { pod: string }).pod).status.podIP;
    expect(c.net.lookup(from, 'db')).toEqual({ ok: true, server: '/etc/hosts', tried: [], name: 'db', addresses: [own] });
    const host = c.net.lookup(from, 'db.db.default.svc.cluster.local', { dnsOnly: true });
    expect(host.ok && host.addresses.length).toBe(3);
    // the kubelet wrote the pod's own fully qualified name into its /etc/hosts, so getaddrinfo answers from there
    expect(c.net.lookup(from, 'db.db.default.svc.cluster.local')).toMatchObject({ ok: true, server: '/etc/hosts', addresses: [own] });
    // the name comes from the hostname, not from the address, when the pod has one
    expect(addresses(c.net.lookup(from, `${sorted[0]!.replace(/\./g, '-')}.db.default.svc.cluster.local`))).toBe('NXDOMAIN');
    // an endpoint of any Service without hostnames answers under its dashed address
    deploy(c, 'web', 1);
    service(c, 'web', {});
    const webIP = podsOf(c, 'web')[0]!.status.podIP as string;
    expect(addresses(c.net.lookup(from, `${webIP.replace(/\./g, '-')}.web.default.svc.cluster.local`))).toEqual([webIP]);
  });

  it('a headless Service without ready pods does not exist in DNS', () => {
    const c = cluster();
    deploy(c, 'web', 1);
    service(c, 'web', {});
    service(c, 'nobody', { clusterIP: 'None' });
    expect(addresses(c.net.lookup(inPod(c, 'web'), 'nobody'))).toBe('NXDOMAIN');
  });

  it('pods have dashed A records in their namespace', () => {
    const c = cluster();
    deploy(c, 'web', 1);
    c.settle();
    const from = inPod(c, 'web');
    expect(addresses(c.net.lookup(from, '10-44-0-9.default.pod.cluster.local'))).toEqual(['10.44.0.9']);
    expect(addresses(c.net.lookup(from, '10-44-0-9.nowhere.pod.cluster.local'))).toBe('NXDOMAIN');
  });

  it('an ExternalName Service is a CNAME to its external name', () => {
    const c = cluster();
    deploy(c, 'web', 1);
    c.api.create({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'search', namespace: 'default' }, spec: { type: 'ExternalName', externalName: 'www.google.com' } });
    c.api.create({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'gone', namespace: 'default' }, spec: { type: 'ExternalName', externalName: 'db.nowhere.example' } });
    c.settle();
    const from = inPod(c, 'web');
    const r = c.net.lookup(from, 'search');
    expect(r.ok && [r.name, r.cname, r.addresses]).toEqual(['search.default.svc.cluster.local', 'www.google.com', ['142.250.196.132']]);
    const gone = c.net.lookup(from, 'gone');
    expect(gone.ok && [gone.cname, gone.addresses]).toEqual(['db.nowhere.example', []]);
    // nothing to connect to
    expect(errorOf(c.net.request(from, 'gone', 80, GET))).toBe('resolve');
  });

  it('with coredns scaled to zero, queries time out', () => {
    const c = cluster();
    deploy(c, 'web', 1);
    service(c, 'web', {});
    const from = inPod(c, 'web');
    expect(c.net.lookup(from, 'web').ok).toBe(true);
    c.api.patch('deployments', 'kube-system', 'coredns', (d) => void (d.spec.replicas = 0));
    c.settle();
    expect(c.net.lookup(from, 'web')).toEqual({ ok: false, server: '10.96.0.10', tried: [], reason: 'timeout' });
    const r = c.net.request(from, 'web', 80, GET);
    expect(!r.ok && r.error === 'resolve' && r.dns?.ok === false && r.dns.reason).toBe('timeout');
    // an address still works without DNS
    expect(c.net.request(from, c.api.get('services', 'default', 'web').spec.clusterIP, 80, GET).ok).toBe(true);
  });

  it('a request by Service name lands on a pod behind it', () => {
    const c = cluster();
    deploy(c, 'web', 2);
    deploy(c, 'client', 1, { image: 'busybox', podSpec: { containers: [{ name: 'main', image: 'busybox', command: ['sleep', '3600'] }] } });
    service(c, 'web', {});
    const r = c.net.request(inPod(c, 'client'), 'web', 80, GET);
    expect(podsOf(c, 'web').map((p) => p.metadata.name)).toContain(r.ok ? r.servedBy?.pod : undefined);
  });

  it('dnsPolicy Default uses the node’s resolver, where cluster names do not exist', () => {
    const c = cluster();
    deploy(c, 'plain', 1, { podSpec: { dnsPolicy: 'Default' } });
    service(c, 'plain', {});
    const r = c.net.lookup(inPod(c, 'plain'), 'plain.default.svc.cluster.local');
    expect(r).toEqual({ ok: false, server: '10.0.2.3', tried: ['plain.default.svc.cluster.local'], reason: 'NXDOMAIN' });
  });

  it('reverse lookups name ClusterIPs and endpoints', () => {
    const c = cluster();
    deploy(c, 'web', 1);
    const { clusterIP } = service(c, 'web', {});
    const from = inPod(c, 'web');
    const podIP = podsOf(c, 'web')[0]!.status.podIP as string;
    expect(c.net.reverse(from, clusterIP)).toBe('web.default.svc.cluster.local');
    expect(c.net.reverse(from, '10.96.0.10')).toBe('kube-dns.kube-system.svc.cluster.local');
    expect(c.net.reverse(from, podIP, { dnsOnly: true })).toBe(`${podIP.replace(/\./g, '-')}.web.default.svc.cluster.local`);
    expect(c.net.reverse(from, '10.44.200.200')).toBeUndefined();
  });
});

describe('resolvers on the machines', () => {
  it('/etc/hosts first, then the NAT DNS, which knows no cluster names', () => {
    const c = cluster();
    service(c, 'web', {});
    expect(c.net.lookup(MASTER, 'node2')).toEqual({ ok: true, server: '/etc/hosts', tried: [], name: 'node2', addresses: ['10.0.2.17'] });
    expect(c.net.lookup(MASTER, 'registry.k8s.io').ok && c.net.lookup(MASTER, 'registry.k8s.io').server).toBe('10.0.2.3');
    expect(addresses(c.net.lookup(MASTER, 'web.default.svc.cluster.local'))).toBe('NXDOMAIN');
    expect(addresses(c.net.lookup(MASTER, 'msa.harbor.com'))).toBe('NXDOMAIN');
    expect(addresses(c.net.lookup({ kind: 'host', host: 'harbor' }, 'msa.harbor.com'))).toEqual(['10.0.2.20']);
  });

  it('follows edits to /etc/hosts and /etc/resolv.conf', () => {
    const c = cluster();
    const { clusterIP } = service(c, 'web', {});
    const fs = c.hosts.get('node1')!.fs;
    fs.append('/etc/hosts', '10.0.2.20 msa.harbor.com\n');
    expect(addresses(c.net.lookup({ kind: 'host', host: 'node1' }, 'msa.harbor.com'))).toEqual(['10.0.2.20']);
    // nslookup asks the server and skips /etc/hosts
    expect(addresses(c.net.lookup({ kind: 'host', host: 'node1' }, 'msa.harbor.com', { dnsOnly: true }))).toBe('NXDOMAIN');
    fs.write('/etc/resolv.conf', 'search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\n');
    const r = c.net.lookup({ kind: 'host', host: 'node1' }, 'web');
    expect(r.ok && [r.server, r.name, r.addresses]).toEqual(['10.96.0.10', 'web.default.svc.cluster.local', [clusterIP]]);
    // harbor is no node: no kube-proxy, so 10.96.0.10 is nowhere
    c.hosts.get('harbor')!.fs.write('/etc/resolv.conf', 'nameserver 10.96.0.10\n');
    expect(addresses(c.net.lookup({ kind: 'host', host: 'harbor' }, 'web.default.svc.cluster.local'))).toBe('timeout');
  });
});
