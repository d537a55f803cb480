import { describe, expect, it } from 'vitest';
import { GET, MASTER, NODE_IPS, cluster, deploy, errorOf, lastLog, podsOf, service, servedBy } from './helpers.ts';
import { createClusterNetwork } from '../../../src/cluster/kube-proxy/index.ts';
import type { ProxyProgram } from '../../../src/cluster/kube-proxy/contract.ts';

describe('ClusterIP', () => {
  it('spreads requests over the ready pods and answers with the nginx page', () => {
    const c = cluster();
    deploy(c, 'web', 3);
    const { clusterIP } = service(c, 'web', {});
    const names = new Set(podsOf(c, 'web').map((p) => p.metadata.name));
    const seen = new Set<string>();
    for (let i = 0; i < 30; i++) {
      const r = c.net.request(MASTER, clusterIP, 80, GET);
      expect(r.ok && r.response.status).toBe(200);
      expect(r.ok && r.response.body).toContain('Welcome to nginx!');
      seen.add(servedBy(r)!);
    }
    expect(seen.size).toBe(3);
    for (const n of seen) expect(names.has(n)).toBe(true);
  });

  it('the pod logs a request from a machine with that machine’s weave address', () => {
    const c = cluster();
    deploy(c, 'web', 1);
    const { clusterIP } = service(c, 'web', {});
    const r = c.net.request({ kind: 'host', host: 'node1' }, clusterIP, 80, GET);
    expect(lastLog(c, servedBy(r)!)).toMatch(/^10\.44\.0\.0 - - \[.*\] "GET \/ HTTP\/1\.1" 200 615 "-" "curl\/7\.29\.0" "-"$/);
  });

  it('a Service whose selector matches nothing refuses the connection', () => {
    const c = cluster();
    deploy(c, 'web', 2);
    const { clusterIP } = service(c, 'web', { selector: { app: 'wbe' } });
    expect(errorOf(c.net.request(MASTER, clusterIP, 80, GET))).toBe('refused');
  });

  it('a Service with no pods at all refuses, and a port it does not have times out', () => {
    const c = cluster();
    const { clusterIP } = service(c, 'lonely', {});
    expect(errorOf(c.net.request(MASTER, clusterIP, 80, GET))).toBe('refused');
    deploy(c, 'lonely', 1);
    c.settle();
    expect(c.net.request(MASTER, clusterIP, 80, GET).ok).toBe(true);
    expect(errorOf(c.net.request(MASTER, clusterIP, 8080, GET))).toBe('timeout');
    // an address in the Service range that no Service has
    expect(errorOf(c.net.request(MASTER, '10.96.200.200', 80, GET))).toBe('timeout');
  });

  it('never sends traffic to a pod that is not ready', () => {
    const c = cluster();
    deploy(c, 'web', 2);
    // a crash-looping pod with the same label: listed under notReadyAddresses only
    c.api.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'broken', namespace: 'default', labels: { app: 'web' } }, spec: { containers: [{ name: 'main', image: 'busybox', command: ['sh', '-c', 'exit 1'] }] } });
    const { clusterIP } = service(c, 'web', {});
    const ep = c.api.get('endpoints', 'default', 'web');
    expect((ep.subsets as any[]).flatMap((s) => s.notReadyAddresses ?? []).map((a: any) => a.targetRef.name)).toContain('broken');
    for (let i = 0; i < 20; i++) {
      const r = c.net.request(MASTER, clusterIP, 80, GET);
      expect(r.ok).toBe(true);
      expect(servedBy(r)).not.toBe('broken');
    }
  });

  it('resolves a named targetPort per pod', () => {
    const c = cluster();
    deploy(c, 'web', 2, { ports: [{ name: 'http', containerPort: 80 }] });
    const { clusterIP } = service(c, 'web', { ports: [{ port: 8080, targetPort: 'http' }] });
    const r = c.net.request(MASTER, clusterIP, 8080, GET);
    expect(r.ok && r.response.status).toBe(200);
  });

  it('a Service without a selector follows Endpoints written by hand', () => {
    const c = cluster();
    deploy(c, 'web', 2);
    c.settle();
    const [a, b] = podsOf(c, 'web');
    c.api.create({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'manual', namespace: 'default' }, spec: { ports: [{ port: 80 }] } });
    c.api.create({ apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'manual', namespace: 'default' }, subsets: [{ addresses: [{ ip: a!.status.podIP }], notReadyAddresses: [{ ip: b!.status.podIP }], ports: [{ port: 80 }] }] });
    c.settle();
    const ip = c.api.get('services', 'default', 'manual').spec.clusterIP;
    for (let i = 0; i < 10; i++) expect(servedBy(c.net.request(MASTER, ip, 80, GET))).toBe(a!.metadata.name);
  });

  it('sessionAffinity ClientIP keeps a client on one pod', () => {
    const c = cluster();
    deploy(c, 'web', 3);
    const { clusterIP } = service(c, 'web', { sessionAffinity: 'ClientIP' });
    const seen = new Set<string>();
    for (let i = 0; i < 15; i++) seen.add(servedBy(c.net.request({ kind: 'host', host: 'node2' }, clusterIP, 80, GET))!);
    expect(seen.size).toBe(1);
  });

  it('internalTrafficPolicy Local only reaches pods on the client’s node', () => {
    const c = cluster();
    deploy(c, 'web', 1);
    const { clusterIP } = service(c, 'web', { internalTrafficPolicy: 'Local' });
    const node = podsOf(c, 'web')[0]!.spec.nodeName as string;
    const other = ['node1', 'node2', 'node3'].find((n) => n !== node)!;
    expect(c.net.request({ kind: 'host', host: node }, clusterIP, 80, GET).ok).toBe(true);
    expect(errorOf(c.net.request({ kind: 'host', host: other }, clusterIP, 80, GET))).toBe('timeout');
  });

  it('a node whose kube-proxy pod is gone has no Service rules', () => {
    const c = cluster();
    deploy(c, 'web', 1);
    const { clusterIP } = service(c, 'web', {});
    const proxy = c.api.list('pods', 'kube-system', { labelSelector: 'k8s-app=kube-proxy', fieldSelector: 'spec.nodeName=node1' })[0]!;
    c.api.delete('pods', 'kube-system', proxy.metadata.name, { gracePeriodSeconds: 0 });
    expect(errorOf(c.net.request({ kind: 'host', host: 'node1' }, clusterIP, 80, GET))).toBe('timeout');
    expect(c.net.request({ kind: 'host', host: 'node2' }, clusterIP, 80, GET).ok).toBe(true);
  });

  it('pods reach a Service by ClusterIP and the API server through the kubernetes Service', () => {
    const c = cluster();
    deploy(c, 'web', 2);
    const { clusterIP } = service(c, 'web', {});
    const from = { kind: 'pod' as const, namespace: 'default', pod: podsOf(c, 'web')[0]!.metadata.name };
    expect(c.net.request(from, clusterIP, 80, GET).ok).toBe(true);
    const api = c.net.request(from, '10.96.0.1', 443, { ...GET, scheme: 'https' });
    expect(api.ok && api.response.status).toBe(403);
  });
});

describe('NodePort', () => {
  it('answers on every node’s address, the master’s included, and from the harbor VM', () => {
    const c = cluster();
    deploy(c, 'web', 2);
    const { nodePort } = service(c, 'web', { type: 'NodePort' });
    expect(nodePort).toBeGreaterThanOrEqual(30000);
    for (const ip of Object.values(NODE_IPS)) {
      const r = c.net.request(MASTER, ip, nodePort!, GET);
      expect(r.ok && r.response.body).toContain('Welcome to nginx!');
    }
    expect(c.net.request({ kind: 'host', host: 'harbor' }, NODE_IPS.node3!, nodePort!, GET).ok).toBe(true);
    // another port on the node: nothing listens
    expect(errorOf(c.net.request(MASTER, NODE_IPS.node1!, nodePort! + 1, GET))).toBe('refused');
  });

  it('the pod sees the receiving node’s weave address under the Cluster policy', () => {
    const c = cluster();
    deploy(c, 'web', 1);
    const { nodePort } = service(c, 'web', { type: 'NodePort' });
    const r = c.net.request({ kind: 'host', host: 'harbor' }, NODE_IPS.node2!, nodePort!, GET);
    expect(lastLog(c, servedBy(r)!)).toMatch(/^10\.36\.0\.0 /);
  });

  it('externalTrafficPolicy Local: only the node with the pod answers, and the client address is kept', () => {
    const c = cluster();
    deploy(c, 'web', 1);
    const { nodePort } = service(c, 'web', { type: 'NodePort', externalTrafficPolicy: 'Local' });
    const pod = podsOf(c, 'web')[0]!;
    const node = pod.spec.nodeName as string;
    const other = ['node1', 'node2', 'node3'].find((n) => n !== node)!;
    const harbor = { kind: 'host' as const, host: 'harbor' };
    const r = c.net.request(harbor, NODE_IPS[node]!, nodePort!, GET);
    expect(servedBy(r)).toBe(pod.metadata.name);
    expect(lastLog(c, pod.metadata.name)).toMatch(/^10\.0\.2\.20 /);
    expect(errorOf(c.net.request(harbor, NODE_IPS[other]!, nodePort!, GET))).toBe('timeout');
    // traffic that starts on the node itself still goes cluster-wide
    expect(c.net.request({ kind: 'host', host: other }, NODE_IPS[other]!, nodePort!, GET).ok).toBe(true);
  });

  it('answers on a node’s own loopback too (curl localhost:<nodePort>), but not inside a pod', () => {
    const c = cluster();
    deploy(c, 'web', 2);
    const { nodePort } = service(c, 'web', { type: 'NodePort' });
    for (const host of ['node1', 'master']) {
      const r = c.net.request({ kind: 'host', host }, 'localhost', nodePort!, GET);
      expect(r.ok && r.response.body).toContain('Welcome to nginx!');
      // masqueraded to the node's weave address on the way to the pod
      expect(lastLog(c, servedBy(r)!)).toMatch(host === 'node1' ? /^10\.44\.0\.0 / : /^10\.32\.0\.1 /);
    }
    expect(c.net.request({ kind: 'host', host: 'node2' }, '127.0.0.1', nodePort!, GET).ok).toBe(true);
    // harbor runs no kube-proxy: nothing listens on its loopback
    expect(errorOf(c.net.request({ kind: 'host', host: 'harbor' }, '127.0.0.1', nodePort!, GET))).toBe('refused');
    // a pod's loopback is its own network namespace
    expect(errorOf(c.net.request({ kind: 'pod', namespace: 'default', pod: podsOf(c, 'web')[0]!.metadata.name }, '127.0.0.1', nodePort!, GET))).toBe('refused');
  });

  it('a NodePort Service without endpoints refuses on every node', () => {
    const c = cluster();
    const { nodePort } = service(c, 'web', { type: 'NodePort' });
    expect(errorOf(c.net.request(MASTER, NODE_IPS.node1!, nodePort!, GET))).toBe('refused');
  });
});

describe('external and LoadBalancer addresses', () => {
  it('spec.externalIPs on a node’s address answer at the Service port', () => {
    const c = cluster();
    deploy(c, 'web', 1);
    service(c, 'web', { externalIPs: ['10.0.2.17'], externalTrafficPolicy: 'Cluster', ports: [{ port: 8080, targetPort: 80 }] });
    expect(c.net.request({ kind: 'host', host: 'harbor' }, '10.0.2.17', 8080, GET).ok).toBe(true);
  });

  it('a LoadBalancer ingress address routes only while it is announced', () => {
    const c = cluster();
    deploy(c, 'web', 2);
    service(c, 'web', { type: 'LoadBalancer' });
    c.api.patch('services', 'default', 'web', (s) => void (s.status = { loadBalancer: { ingress: [{ ip: '10.0.2.240', ipMode: 'VIP' }] } }));
    c.settle();
    let announced = false;
    const net = createClusterNetwork({ api: c.api, clock: c.clock, random: c.random, hosts: c.hosts, runtime: c.runtime, version: c.version, loadBalancerReachable: () => announced });
    const harbor = { kind: 'host' as const, host: 'harbor' };
    expect(errorOf(net.request(harbor, '10.0.2.240', 80, GET))).toBe('timeout');
    announced = true;
    const r = net.request(harbor, '10.0.2.240', 80, GET);
    expect(r.ok && r.response.body).toContain('Welcome to nginx!');
    expect(errorOf(net.request(harbor, '10.0.2.240', 81, GET))).toBe('timeout');
  });
});

describe('pod addresses and machines', () => {
  it('a pod IP answers on the port its container listens on', () => {
    const c = cluster();
    deploy(c, 'web', 1);
    c.settle();
    const pod = podsOf(c, 'web')[0]!;
    const ip = pod.status.podIP as string;
    const r = c.net.request({ kind: 'host', host: 'node3' }, ip, 80, GET);
    expect(servedBy(r)).toBe(pod.metadata.name);
    expect(r.ok && r.ip).toBe(ip);
    expect(errorOf(c.net.request(MASTER, ip, 8080, GET))).toBe('refused');
    // the weave range, but no pod has the address
    expect(errorOf(c.net.request(MASTER, '10.44.3.3', 80, GET))).toBe('unreachable');
    // harbor is not on the pod network
    expect(errorOf(c.net.request({ kind: 'host', host: 'harbor' }, ip, 80, GET))).toBe('timeout');
  });

  it('127.0.0.1 in a pod is the pod itself', () => {
    const c = cluster();
    deploy(c, 'web', 1);
    c.settle();
    const pod = podsOf(c, 'web')[0]!.metadata.name;
    const r = c.net.request({ kind: 'pod', namespace: 'default', pod }, 'localhost', 80, GET);
    expect(servedBy(r)).toBe(pod);
    expect(lastLog(c, pod)).toMatch(/^127\.0\.0\.1 /);
  });

  it('the API server refuses anonymous requests on 6443 with a Status and serves its health and version', () => {
    const c = cluster();
    const https = { ...GET, scheme: 'https' as const };
    const root = c.net.request(MASTER, '10.0.2.15', 6443, https);
    expect(root.ok && root.response.status).toBe(403);
    expect(root.ok && JSON.parse(root.response.body)).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'forbidden: User "system:anonymous" cannot get path "/"',
      reason: 'Forbidden',
      details: {},
      code: 403,
    });
    expect(root.ok && root.response.body.split('\n')[1]).toBe('  "kind": "Status",');
    // signed by the cluster's own CA: curl without -k does not trust it
    expect(root.ok && root.response.tls && [root.response.tls.subject, root.response.tls.issuer, root.response.tls.selfSigned]).toEqual(['CN=kube-apiserver', 'CN=kubernetes', true]);
    const pods = c.net.request(MASTER, '10.0.2.15', 6443, { ...https, path: '/api/v1/namespaces/default/pods' });
    expect(pods.ok && JSON.parse(pods.response.body).message).toBe('pods is forbidden: User "system:anonymous" cannot list resource "pods" in API group "" in the namespace "default"');
    const health = c.net.request({ kind: 'host', host: 'node1' }, '10.0.2.15', 6443, { ...https, path: '/healthz' });
    expect(health.ok && health.response.body).toBe('ok');
    const version = c.net.request(MASTER, '10.0.2.15', 6443, { ...https, path: '/version' });
    expect(version.ok && JSON.parse(version.response.body).gitVersion).toBe(c.version.gitVersion);
    const plain = c.net.request(MASTER, '10.0.2.15', 6443, GET);
    expect(plain.ok && plain.response.body).toBe('Client sent an HTTP request to an HTTPS server.\n');
    // only the master runs the API server
    expect(errorOf(c.net.request(MASTER, '10.0.2.16', 6443, https))).toBe('refused');
  });

  it('the kubelet, sshd and Harbor answer on their machines; other ports refuse; an unused LAN address does not exist', () => {
    const c = cluster();
    const https = { ...GET, scheme: 'https' as const };
    const kubelet = c.net.request(MASTER, '10.0.2.17', 10250, https);
    expect(kubelet.ok && [kubelet.response.status, kubelet.response.body]).toEqual([401, 'Unauthorized']);
    const healthz = c.net.request({ kind: 'host', host: 'node2' }, '127.0.0.1', 10248, { ...GET, path: '/healthz' });
    expect(healthz.ok && healthz.response.body).toBe('ok');
    // the health port listens on loopback only
    expect(errorOf(c.net.request(MASTER, '10.0.2.17', 10248, GET))).toBe('refused');
    expect(errorOf(c.net.request(MASTER, '10.0.2.16', 22, GET))).toBe('reset');
    const harbor = c.net.request(MASTER, 'msa.harbor.com', 80, GET);
    expect(errorOf(harbor)).toBe('resolve');
    const portal = c.net.request({ kind: 'host', host: 'harbor' }, 'msa.harbor.com', 80, GET);
    expect(portal.ok && portal.response.body).toContain('<title>Harbor</title>');
    expect(errorOf(c.net.request(MASTER, '10.0.2.16', 8080, GET))).toBe('refused');
    expect(errorOf(c.net.request(MASTER, '10.0.2.99', 80, GET))).toBe('unreachable');
  });

  it('stopping sshd closes port 22', () => {
    const c = cluster();
    c.hosts.machine('node1')!.unit('sshd')!.stop();
    expect(errorOf(c.net.request(MASTER, '10.0.2.16', 22, GET))).toBe('refused');
  });
});

describe('host ports, host network and the outside web', () => {
  it('a hostPort answers on the pod’s node address only', () => {
    const c = cluster();
    deploy(c, 'web', 1, { ports: [{ containerPort: 80, hostPort: 8081 }] });
    c.settle();
    const pod = podsOf(c, 'web')[0]!;
    const node = pod.spec.nodeName as string;
    const other = ['node1', 'node2', 'node3'].find((n) => n !== node)!;
    expect(servedBy(c.net.request(MASTER, NODE_IPS[node]!, 8081, GET))).toBe(pod.metadata.name);
    expect(errorOf(c.net.request(MASTER, NODE_IPS[other]!, 8081, GET))).toBe('refused');
  });

  it('a hostNetwork pod listens on its node’s own address', () => {
    const c = cluster();
    deploy(c, 'web', 1, { podSpec: { hostNetwork: true } });
    c.settle();
    const pod = podsOf(c, 'web')[0]!;
    expect(pod.status.podIP).toBe(NODE_IPS[pod.spec.nodeName]);
    expect(servedBy(c.net.request({ kind: 'host', host: 'harbor' }, pod.status.podIP, 80, GET))).toBe(pod.metadata.name);
    // and its port is taken for port-forwards on that machine
    expect(c.net.portForward(pod.spec.nodeName, '127.0.0.1', 80, { namespace: 'default', pod: pod.metadata.name, port: 80 }, () => {})).toEqual({ error: 'in-use' });
  });

  it('names the NAT DNS knows lead to the outside web, from machines and from pods', () => {
    const c = cluster();
    deploy(c, 'web', 1);
    c.settle();
    const site = { names: ['get.example.io'], ip: '93.184.215.14', ports: [443], serve: () => ({ status: 200, headers: {}, body: 'hello from outside\n' }) };
    const internet = { resolve: (n: string) => (n === 'get.example.io' ? site.ip : undefined), site: (ip: string) => (ip === site.ip ? site : undefined) };
    const net = createClusterNetwork({ api: c.api, clock: c.clock, random: c.random, hosts: c.hosts, runtime: c.runtime, version: c.version, internet });
    const https = { ...GET, scheme: 'https' as const };
    const r = net.request(MASTER, 'get.example.io', 443, https);
    expect(r.ok && [r.ip, r.response.body]).toEqual(['93.184.215.14', 'hello from outside\n']);
    expect(net.request({ kind: 'pod', namespace: 'default', pod: podsOf(c, 'web')[0]!.metadata.name }, 'get.example.io', 443, https).ok).toBe(true);
    expect(errorOf(net.request(MASTER, 'get.example.io', 80, GET))).toBe('timeout');
    expect(errorOf(net.request(MASTER, 'nowhere.example.io', 443, https))).toBe('resolve');
  });
});

describe('port-forward', () => {
  it('listens on the machine’s loopback and carries each connection to the pod', () => {
    const c = cluster();
    deploy(c, 'web', 1);
    c.settle();
    const pod = podsOf(c, 'web')[0]!.metadata.name;
    const seen: string[] = [];
    const h = c.net.portForward('master', '127.0.0.1', 8080, { namespace: 'default', pod, port: 80 }, (r) => seen.push(r));
    expect('error' in h).toBe(false);
    const r = c.net.request(MASTER, 'localhost', 8080, GET);
    expect(servedBy(r)).toBe(pod);
    expect(seen).toEqual(['ok']);
    expect(lastLog(c, pod)).toMatch(/^127\.0\.0\.1 /);
    expect(c.net.forwards('master').map((f) => f.localPort)).toEqual([8080]);
    // another machine's loopback has no such listener
    expect(errorOf(c.net.request({ kind: 'host', host: 'node1' }, '127.0.0.1', 8080, GET))).toBe('refused');
    // the port is taken until the forward closes
    expect(c.net.portForward('master', '127.0.0.1', 8080, { namespace: 'default', pod, port: 80 }, () => {})).toEqual({ error: 'in-use' });
    expect(c.net.portForward('master', '127.0.0.1', 22, { namespace: 'default', pod, port: 80 }, () => {})).toEqual({ error: 'in-use' });
    if (!('error' in h)) h.close();
    expect(errorOf(c.net.request(MASTER, '127.0.0.1', 8080, GET))).toBe('refused');
    expect(c.net.forwards('master')).toEqual([]);
  });

  it('a forward to a port nothing listens on accepts and closes the connection', () => {
    const c = cluster();
    deploy(c, 'web', 1);
    c.settle();
    const pod = podsOf(c, 'web')[0]!.metadata.name;
    const seen: string[] = [];
    c.net.portForward('node1', '127.0.0.1', 9000, { namespace: 'default', pod, port: 9000 }, (r) => seen.push(r));
    expect(errorOf(c.net.request({ kind: 'host', host: 'node1' }, '127.0.0.1', 9000, GET))).toBe('reset');
    expect(seen).toEqual(['refused']);
  });
});

describe('probes (lab checkpoints)', () => {
  it('take the endpoints in turn and leave the learner’s requests unchanged', () => {
    const run = (probes: boolean) => {
      const c = cluster(5);
      deploy(c, 'web', 3);
      const { clusterIP } = service(c, 'web', {});
      const learner: string[] = [];
      const probed = new Set<string>();
      for (let i = 0; i < 6; i++) {
        learner.push(servedBy(c.net.request(MASTER, clusterIP, 80, GET))!);
        if (probes) for (let j = 0; j < 3; j++) probed.add(servedBy(c.net.request(MASTER, clusterIP, 80, { ...GET, probe: true }))!);
      }
      return { learner, probed };
    };
    const quiet = run(false);
    const probed = run(true);
    expect(probed.learner).toEqual(quiet.learner);
    expect(probed.probed.size).toBe(3);
  });
});

describe('proxy programs', () => {
  it('a pod running a proxy program answers by connecting onwards, and servedBy names the pod behind it', () => {
    const c = cluster();
    deploy(c, 'web', 2);
    deploy(c, 'edge', 1, { image: 'httpd' });
    const { clusterIP } = service(c, 'web', {});
    const { nodePort } = service(c, 'edge', { type: 'NodePort' });
    const calls: string[] = [];
    const proxy: ProxyProgram = ({ net, self, req, pod }) => {
      calls.push(`${pod.name} ${req.host}`);
      const r = net.request(self, 'web', 80, { scheme: 'http', method: req.method, path: req.path, headers: req.headers ?? {} });
      return r.ok ? { response: r.response, servedBy: r.servedBy } : undefined;
    };
    const net = createClusterNetwork({ api: c.api, clock: c.clock, random: c.random, hosts: c.hosts, runtime: c.runtime, version: c.version, proxyPrograms: { httpd: proxy } });
    const r = net.request({ kind: 'host', host: 'harbor' }, '10.0.2.16', nodePort!, { ...GET, headers: { ...GET.headers, Host: 'example.com' } });
    expect(r.ok && r.response.body).toContain('Welcome to nginx!');
    expect(podsOf(c, 'web').map((p) => p.metadata.name)).toContain(servedBy(r));
    expect(calls).toEqual([`${podsOf(c, 'edge')[0]!.metadata.name} example.com`]);
    void clusterIP;
  });
});
