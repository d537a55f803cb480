import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { createInternet, EXAMPLE_COM_IP, INGRESS_NGINX_BAREMETAL_PATH, PUBLISHED, RAW_GITHUB_IPS } from '../../../src/cluster/internet/index.ts';
import type { HttpRequest } from '../../../src/cluster/types.ts';
import { createCluster } from '../../../src/cluster/cluster.ts';

const get = (path: string, scheme: 'http' | 'https' = 'https', method = 'GET'): HttpRequest & { scheme: 'http' | 'https' } => ({
  method,
  path,
  clientIP: '203.0.113.5',
  userAgent: 'curl/7.29.0',
  headers: { 'User-Agent': 'curl/7.29.0', Accept: '*/*' },
  scheme,
});

function fetch(host: string, path: string, scheme: 'http' | 'https' = 'https', method = 'GET') {
  const net = createInternet({ now: () => Date.UTC(2026, 10, 22, 1, 2, 3) });
  const ip = net.resolve(host);
  if (!ip) throw new Error(`${host} does not resolve`);
  const site = net.site(ip)!;
  expect(site.ports).toContain(scheme === 'https' ? 443 : 80);
  return site.serve(get(path, scheme, method));
}

describe('the outside web', () => {
  it('resolves the public names to their addresses, and nothing else', () => {
    const net = createInternet();
    expect(net.resolve('raw.githubusercontent.com')).toBe('185.199.108.133');
    expect(net.resolve('RAW.githubusercontent.com.')).toBe('185.199.108.133');
    expect(net.resolve('example.com')).toBe(EXAMPLE_COM_IP);
    expect(net.resolve('www.example.com')).toBe(EXAMPLE_COM_IP);
    expect(net.resolve('no-such-host.example')).toBeUndefined();
    for (const ip of RAW_GITHUB_IPS) expect(net.site(ip)?.names).toEqual(['raw.githubusercontent.com']);
    expect(net.site('10.0.2.15')).toBeUndefined();
  });

  it('serves the ingress-nginx bare-metal manifest from raw.githubusercontent.com as plain text', () => {
    const r = fetch('raw.githubusercontent.com', INGRESS_NGINX_BAREMETAL_PATH);
    expect(r.status).toBe(200);
    expect(r.headers['Content-Type']).toBe('text/plain; charset=utf-8');
    expect(r.headers['Content-Length']).toBe(String(new TextEncoder().encode(r.body).length));
    expect(r.headers.Date).toBe('Sun, 22 Nov 2026 01:02:03 GMT');
    expect(r.body.startsWith('apiVersion: v1\nkind: Namespace\n')).toBe(true);
    expect(r.tls?.selfSigned).toBe(false);
    // a query string does not change the file
    expect(fetch('raw.githubusercontent.com', `${INGRESS_NGINX_BAREMETAL_PATH}?raw=1`).body).toBe(r.body);
    expect(fetch('raw.githubusercontent.com', INGRESS_NGINX_BAREMETAL_PATH, 'https', 'HEAD').body).toBe('');
  });

  it('answers unknown paths with GitHub’s plain 404, and plain HTTP with a redirect to HTTPS', () => {
    const r = fetch('raw.githubusercontent.com', '/kubernetes/ingress-nginx/controller-v9.9.9/deploy/static/provider/baremetal/deploy.yaml');
    expect(r.status).toBe(404);
    expect(r.body).toBe('404: Not Found');
    expect(r.headers['Content-Type']).toBe('text/plain; charset=utf-8');
    const http = fetch('raw.githubusercontent.com', INGRESS_NGINX_BAREMETAL_PATH, 'http');
    expect(http.status).toBe(301);
    expect(http.headers.Location).toBe(`https://raw.githubusercontent.com${INGRESS_NGINX_BAREMETAL_PATH}`);
  });

  it('publishes the MetalLB native manifest beside ingress-nginx', () => {
    const metallb = PUBLISHED.find((f) => f.path.startsWith('/metallb/metallb/'));
    expect(metallb?.path).toBe('/metallb/metallb/v0.14.9/config/manifests/metallb-native.yaml');
    const r = fetch('raw.githubusercontent.com', metallb!.path);
    expect(r.status).toBe(200);
    expect(r.body).toContain('quay.io/metallb/controller:v0.14.9');
  });

  it('serves example.com’s page over HTTP and HTTPS', () => {
    for (const scheme of ['http', 'https'] as const) {
      const r = fetch('example.com', '/', scheme);
      expect(r.status).toBe(200);
      expect(r.headers['Content-Type']).toBe('text/html');
      expect(r.headers['Content-Length']).toBe('1256');
      expect(r.body).toContain('<title>Example Domain</title>');
      expect(r.body).toContain('<p><a href="https://www.iana.org/domains/example">More information...</a></p>');
    }
    expect(fetch('example.com', '/missing').status).toBe(404);
  });
});

describe('the outside web from the course cluster', () => {
  it('sites answer with a Date from the cluster’s clock', () => {
    const c = createCluster({ seed: 41 });
    c.advance(90_000);
    const r = c.net.request({ kind: 'host', host: 'master' }, 'raw.githubusercontent.com', 443, { scheme: 'https', method: 'GET', path: INGRESS_NGINX_BAREMETAL_PATH, headers: { 'User-Agent': 'curl/7.29.0' } });
    expect(r.ok && r.response.headers.Date).toBe(new Date(c.clock.now()).toUTCString());
    const e = c.net.request({ kind: 'host', host: 'node1' }, 'example.com', 80, { scheme: 'http', method: 'GET', path: '/', headers: {} });
    expect(e.ok && e.response.headers.Date).toBe(new Date(c.clock.now()).toUTCString());
  });
});

describe('the ingress-nginx bare-metal manifest', () => {
  const docs = parseAllDocuments(createInternet().site(RAW_GITHUB_IPS[0]!)!.serve(get(INGRESS_NGINX_BAREMETAL_PATH)).body).map((d) => d.toJS());
  const find = (kind: string, name: string) => docs.find((d) => d.kind === kind && d.metadata.name === name);

  it('keeps the controller objects as upstream wrote them and leaves out the admission Jobs and webhook', () => {
    expect(docs.map((d) => `${d.kind}/${d.metadata.name}`)).toEqual([
      'Namespace/ingress-nginx',
      'ServiceAccount/ingress-nginx',
      'Role/ingress-nginx',
      'ClusterRole/ingress-nginx',
      'RoleBinding/ingress-nginx',
      'ClusterRoleBinding/ingress-nginx',
      'ConfigMap/ingress-nginx-controller',
      'Service/ingress-nginx-controller',
      'Service/ingress-nginx-controller-admission',
      'Deployment/ingress-nginx-controller',
      'IngressClass/nginx',
    ]);
    expect(find('Namespace', 'ingress-nginx').metadata.labels).toEqual({ 'app.kubernetes.io/instance': 'ingress-nginx', 'app.kubernetes.io/name': 'ingress-nginx' });
    expect(find('IngressClass', 'nginx').spec).toEqual({ controller: 'k8s.io/ingress-nginx' });
    const svc = find('Service', 'ingress-nginx-controller');
    expect(svc.spec.type).toBe('NodePort');
    expect(svc.spec.ports).toEqual([
      { appProtocol: 'http', name: 'http', port: 80, protocol: 'TCP', targetPort: 'http' },
      { appProtocol: 'https', name: 'https', port: 443, protocol: 'TCP', targetPort: 'https' },
    ]);
    const c = find('Deployment', 'ingress-nginx-controller').spec.template.spec.containers[0];
    expect(c.image).toBe('registry.k8s.io/ingress-nginx/controller:v1.12.1@sha256:d2fbc4ec70d8aa2050dd91a91506e998765e86c96f32cffb56c503c9c34eed5b');
    expect(c.args).toContain('--controller-class=k8s.io/ingress-nginx');
    expect(c.args).toContain('--ingress-class=nginx');
    expect(c.ports.map((p: any) => `${p.name}:${p.containerPort}`)).toEqual(['http:80', 'https:443', 'webhook:8443']);
    expect(c.readinessProbe.httpGet).toEqual({ path: '/healthz', port: 10254, scheme: 'HTTP' });
    expect(docs.some((d) => d.kind === 'Job' || d.kind === 'ValidatingWebhookConfiguration')).toBe(false);
  });
});
