// The http, dns and endpoints checks against a real simulated cluster (kube-proxy, CoreDNS, the kubelet's servers).
import { beforeEach, describe, expect, it } from 'vitest';
import { createCluster } from '../../src/cluster/cluster.ts';
import type { Cluster, NewObject } from '../../src/cluster/types.ts';
import { runCheck } from '../../src/labs/checks.ts';
import type { CheckContext } from '../../src/labs/checks.ts';
import { observe } from '../../src/labs/observe.ts';
import { checkSchema } from '../../src/labs/schema.ts';

let cluster: Cluster;
let ctx: CheckContext;

function check(raw: unknown) {
  return runCheck(checkSchema.parse(raw), ctx);
}

function deployment(name: string, replicas: number, image: string, labels: Record<string, string> = { app: name }, extra: Record<string, unknown> = {}): NewObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default', labels },
    spec: {
      replicas,
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: { containers: [{ name: name, image, ...extra }] } },
    },
  };
}

function service(name: string, selector: Record<string, string>, spec: Record<string, unknown> = {}): NewObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: 'default' },
    spec: { selector, ports: [{ port: 80, targetPort: 80 }], ...spec },
  };
}

const podsOf = (app: string) => cluster.api.list('pods', 'default', { labelSelector: `app=${app}` });

function start(seed = 7): Cluster {
  const c = createCluster({ seed });
  c.settle();
  return c;
}

beforeEach(() => {
  cluster = start();
  ctx = { api: cluster.api, observations: observe(cluster), hosts: cluster.hosts, net: cluster.net };
});

describe('endpoints', () => {
  it('sees a Service whose selector matches nothing, and its endpoints once the selector is fixed', () => {
    cluster.api.create(deployment('backend', 2, 'traefik/whoami'));
    cluster.api.create(service('backend', { app: 'backend-api' }));
    cluster.settle();
    const want = { type: 'endpoints', service: 'backend', count: 2, matchesPods: { selector: 'app=backend' } };
    expect(check(want)).toEqual({ passed: false, detail: 'endpoints backend: no ready addresses (want 2)' });
    expect(check({ type: 'endpoints', service: 'backend' })).toEqual({ passed: false, detail: 'endpoints backend: no ready addresses (want at least one)' });
    cluster.api.patch('services', 'default', 'backend', (s) => {
      s.spec.selector = { app: 'backend' };
    });
    cluster.settle();
    const ips = podsOf('backend').map((p) => p.status.podIP as string);
    const out = check(want);
    expect(out.passed).toBe(true);
    for (const ip of ips) expect(out.detail).toContain(ip);
    expect(out.detail).toMatch(/: the 2 Ready pods with app=backend$/);
    expect(check({ type: 'endpoints', service: 'backend', min: 3 }).passed).toBe(false);
  });

  it('compares with the Service\'s own selector when matchesPods names none, and fails for a missing Service', () => {
    cluster.api.create(deployment('web', 3, 'nginx'));
    cluster.api.create(service('web', { app: 'web' }));
    cluster.settle();
    expect(check({ type: 'endpoints', service: 'web', count: 3, matchesPods: {} }).passed).toBe(true);
    expect(check({ type: 'endpoints', service: 'nope' })).toEqual({ passed: false, detail: 'no service "nope" in namespace default' });
  });

  it('does not count a pod that is still starting', () => {
    cluster.api.create(deployment('web', 2, 'nginx'));
    cluster.api.create(service('web', { app: 'web' }));
    cluster.advance(1000);
    expect(check({ type: 'endpoints', service: 'web', count: 2 }).passed).toBe(false);
  });
});

describe('http', () => {
  beforeEach(() => {
    cluster.api.create(deployment('mynginx', 4, 'nginx'));
    cluster.settle();
  });

  it('fails before the Service exists, and for a ClusterIP Service asked for a node port', () => {
    const viaNode = { type: 'http', service: { name: 'mynginx' }, via: 'nodePort', node: 'node1' };
    expect(check(viaNode)).toEqual({ passed: false, detail: 'no service "mynginx" in namespace default' });
    cluster.api.create(service('mynginx', { app: 'mynginx' }));
    cluster.settle();
    expect(check(viaNode)).toEqual({ passed: false, detail: 'service mynginx is of type ClusterIP: port 80 has no node port' });
    expect(check({ type: 'http', service: { name: 'mynginx' }, bodyContains: 'Welcome to nginx!' }).passed).toBe(true);
  });

  it('reaches a NodePort on node1 and on every node, master included', () => {
    cluster.api.create(service('mynginx', { app: 'mynginx' }, { type: 'NodePort' }));
    cluster.settle();
    const port = cluster.api.get('services', 'default', 'mynginx').spec.ports[0].nodePort as number;
    const one = check({ type: 'http', service: { name: 'mynginx' }, via: 'nodePort', node: 'node1', bodyContains: 'Welcome to nginx!' });
    expect(one).toEqual({ passed: true, detail: `GET http://10.0.2.16:${port}/ from master: 200` });
    const every = check({ type: 'http', service: { name: 'mynginx' }, via: 'nodePort', everyNode: true, servedBy: { selector: 'app=mynginx' }, requests: 1 });
    expect(every.passed).toBe(true);
    for (const ip of ['10.0.2.15', '10.0.2.16', '10.0.2.17', '10.0.2.18']) expect(every.detail).toContain(`GET http://${ip}:${port}/ from master: 200 from 1 pod`);
    expect(check({ type: 'http', url: `http://10.0.2.17:${port}/`, status: 404 })).toMatchObject({
      passed: false,
      detail: expect.stringMatching(/^GET http:\/\/10\.0\.2\.17:\d+\/ from master: answered 200 \(want 404\): Welcome to nginx!/),
    });
  });

  it('spreads its requests: servedBy counts the different pods that answered', () => {
    cluster.api.create(service('mynginx', { app: 'mynginx' }, { type: 'NodePort' }));
    cluster.settle();
    const spread = check({ type: 'http', service: { name: 'mynginx' }, via: 'nodePort', servedBy: { count: 3, selector: 'app=mynginx' }, requests: 20 });
    expect(spread.passed).toBe(true);
    expect(spread.detail).toMatch(/from [34] pods \(mynginx-/);
    expect(check({ type: 'http', service: { name: 'mynginx' }, servedBy: { count: 1, selector: 'app=other' } })).toMatchObject({
      passed: false,
      detail: expect.stringMatching(/answered by pod mynginx-\S+, which does not match app=other$/),
    });
    // nginx's own page does not name the pod
    expect(check({ type: 'http', service: { name: 'mynginx' }, servedBy: { bodyNamesPod: true } })).toMatchObject({
      passed: false,
      detail: expect.stringContaining('answered without its name'),
    });
  });

  it('says why a Service without endpoints does not answer', () => {
    cluster.api.create(service('mynginx', { app: 'my-nginx' }, { type: 'NodePort' }));
    cluster.settle();
    expect(check({ type: 'http', service: { name: 'mynginx' }, via: 'nodePort' })).toMatchObject({
      passed: false,
      detail: expect.stringMatching(/^GET http:\/\/10\.0\.2\.16:\d+\/ from master: connection refused$/),
    });
  });

  it('waits for MetalLB: a LoadBalancer without an address fails with <pending>', () => {
    cluster.api.create(service('mynginx', { app: 'mynginx' }, { type: 'LoadBalancer' }));
    cluster.settle();
    expect(check({ type: 'http', service: { name: 'mynginx' }, via: 'loadBalancer' })).toEqual({
      passed: false,
      detail: 'service mynginx has no external IP yet (EXTERNAL-IP <pending>)',
    });
  });

  it('sends from a pod, by DNS name, and names the pod that answered (whoami)', () => {
    cluster.api.create(deployment('backend', 2, 'traefik/whoami'));
    cluster.api.create(service('backend', { app: 'backend' }));
    cluster.api.create(deployment('web', 1, 'busybox', { app: 'web' }, { command: ['sleep', 'infinity'] }));
    cluster.settle();
    const fromWeb = { pod: { selector: 'app=web' } };
    const out = check({ type: 'http', from: fromWeb, url: 'http://backend/', bodyContains: 'Hostname:', servedBy: { count: 2, selector: 'app=backend', bodyNamesPod: true } });
    expect(out).toMatchObject({ passed: true, detail: expect.stringMatching(/^GET http:\/\/backend\/ from pod web-\S+: 200 from 2 pods \(backend-/) });
    expect(check({ type: 'http', from: fromWeb, service: { name: 'backend' }, via: 'dns', bodyContains: 'Hostname:' }).passed).toBe(true);
    // the machines do not use the cluster DNS
    expect(check({ type: 'http', url: 'http://backend/' })).toEqual({ passed: false, detail: 'GET http://backend/ from master: could not resolve host backend' });
    expect(check({ type: 'http', from: { pod: { selector: 'app=nope' } }, url: 'http://backend/' })).toEqual({
      passed: false,
      detail: 'no Running and Ready pod with app=nope in namespace default',
    });
  });

  it('sends the Host header it is given (name-based routing)', () => {
    cluster.api.create(deployment('echo', 1, 'traefik/whoami'));
    cluster.api.create(service('echo', { app: 'echo' }));
    cluster.settle();
    expect(check({ type: 'http', service: { name: 'echo' }, headers: { Host: 'example.com' }, bodyContains: 'Host: example.com' }).passed).toBe(true);
  });
});

describe('checks only look', () => {
  // Two clusters with the same seed and history; one is checked over and over. The learner must not be able to tell.
  function history(c: Cluster) {
    c.api.create(deployment('mynginx', 3, 'nginx'));
    c.api.create(service('mynginx', { app: 'mynginx' }, { type: 'NodePort' }));
    c.settle();
  }

  it('leaves no access-log lines and does not draw from the seeded random', () => {
    const a = start(11);
    const b = start(11);
    history(a);
    history(b);
    const logsOf = (c: Cluster) =>
      c.api
        .list('pods', 'default', { labelSelector: 'app=mynginx' })
        .map((p) => `${p.metadata.name}: ${(c.runtime!.logs('default', p.metadata.name, 'mynginx') ?? []).length} log lines`);
    const before = logsOf(a);
    const actx: CheckContext = { api: a.api, observations: observe(a), hosts: a.hosts, net: a.net };
    for (let i = 0; i < 3; i++) {
      const out = runCheck(checkSchema.parse({ type: 'http', service: { name: 'mynginx' }, via: 'nodePort', everyNode: true, servedBy: { count: 2 }, requests: 8 }), actx);
      expect(out.passed).toBe(true);
      runCheck(checkSchema.parse({ type: 'dns', from: { host: 'node1' }, name: 'msa.harbor.com' }), actx);
    }
    expect(logsOf(a)).toEqual(before);
    expect(a.random.next()).toBe(b.random.next());
    // and the learner's next request lands where it would have landed without the checks
    const port = a.api.get('services', 'default', 'mynginx').spec.ports[0].nodePort as number;
    const hit = (c: Cluster) => {
      const r = c.net!.request({ kind: 'host', host: 'master' }, '10.0.2.16', port, { scheme: 'http', method: 'GET', path: '/', headers: {} });
      return r.ok ? r.servedBy?.pod : r.error;
    };
    expect(hit(a)).toBe(hit(b));
  });
});

describe('dns', () => {
  beforeEach(() => {
    cluster.api.create(deployment('backend', 2, 'traefik/whoami'));
    cluster.api.create(service('backend', { app: 'backend-api' }));
    cluster.api.create(deployment('web', 1, 'busybox', { app: 'web' }, { command: ['sleep', 'infinity'] }));
    cluster.settle();
  });

  it('resolves a Service name from a pod to its ClusterIP, endpoints or not', () => {
    const ip = cluster.api.get('services', 'default', 'backend').spec.clusterIP as string;
    const out = check({ type: 'dns', from: { pod: { selector: 'app=web' } }, name: 'backend', to: { service: 'backend' } });
    expect(out).toMatchObject({ passed: true, detail: expect.stringMatching(new RegExp(`^backend resolves to ${ip.replace(/\./g, '\\.')} \\(backend\\.default\\.svc\\.cluster\\.local\\) from pod web-`)) });
    expect(check({ type: 'dns', from: { pod: { selector: 'app=web' } }, name: 'backend.default.svc.cluster.local', to: { ip } }).passed).toBe(true);
    expect(check({ type: 'dns', from: { pod: { selector: 'app=web' } }, name: 'kubernetes.default', to: { ip: '10.96.0.1' } }).passed).toBe(true);
    expect(check({ type: 'dns', from: { pod: { selector: 'app=web' } }, name: 'backend', to: { ip: '10.96.0.10' } })).toMatchObject({
      passed: false,
      detail: expect.stringContaining('(want 10.96.0.10)'),
    });
  });

  it('says NXDOMAIN for a name nobody knows, and machines do not know cluster names', () => {
    expect(check({ type: 'dns', from: { pod: { selector: 'app=web' } }, name: 'frontend' })).toMatchObject({
      passed: false,
      detail: expect.stringMatching(/^pod web-\S+ cannot resolve frontend: NXDOMAIN from 10\.96\.0\.10$/),
    });
    expect(check({ type: 'dns', from: { host: 'master' }, name: 'backend' }).passed).toBe(false);
    expect(check({ type: 'dns', from: { host: 'master' }, name: 'node1', to: { ip: '10.0.2.16' } }).passed).toBe(true);
  });
});

describe('schema', () => {
  it('wants a url or a service, and node only with nodePort', () => {
    expect(checkSchema.safeParse({ type: 'http' }).success).toBe(false);
    expect(checkSchema.safeParse({ type: 'http', url: 'http://x/', service: { name: 'x' } }).success).toBe(false);
    expect(checkSchema.safeParse({ type: 'http', service: { name: 'x' }, node: 'node1' }).success).toBe(false);
    expect(checkSchema.safeParse({ type: 'http', url: 'ftp://x/' }).success).toBe(false);
    expect(checkSchema.parse({ type: 'http', url: 'http://backend/' })).toEqual({ type: 'http', url: 'http://backend/', from: { host: 'master' }, everyNode: false, headers: {}, status: 200 });
    expect(checkSchema.safeParse({ type: 'dns', name: 'x', to: { ip: '1.2.3.4', service: 'y' } }).success).toBe(false);
    expect(checkSchema.safeParse({ type: 'endpoints', service: 'x', count: 1, min: 1 }).success).toBe(false);
  });
});
