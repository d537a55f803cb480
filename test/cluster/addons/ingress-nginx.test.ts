import { describe, expect, it } from 'vitest';
import { createCluster, type SimCluster } from '../../../src/cluster/cluster.ts';
import { attachIngressNginx, ingressNginxProxy, nginxErrorPage, FAKE_CERTIFICATE_SUBJECT } from '../../../src/cluster/addons/ingress-nginx.ts';
import { PROXY_PROGRAMS } from '../../../src/cluster/addons/index.ts';
import type { ClusterNetwork, HttpRequest, KubeObject, NetRequest, NetResult } from '../../../src/cluster/types.ts';
import type { ContainerStore } from '../../../src/cluster/kubelet/containers.ts';

// A controller pod, Services with hand-written Endpoints and Ingresses on an API server with no kubelets;
// the network the controller proxies through is a fake that records where each request went.

interface Call {
  ip: string;
  port: number;
  req: NetRequest;
}

function fakeNet(calls: Call[], down = new Set<string>()): ClusterNetwork {
  return {
    lookup: () => ({ ok: false, server: '10.96.0.10', tried: [], reason: 'NXDOMAIN' }),
    reverse: () => undefined,
    portForward: () => ({ error: 'in-use' }),
    forwards: () => [],
    request(_from, ip, port, req): NetResult {
      calls.push({ ip, port, req });
      if (down.has(ip)) return { ok: false, error: 'refused', ip };
      return { ok: true, ip, response: { status: 200, headers: { 'Content-Type': 'text/plain', Server: 'backend/1.0', Date: 'then' }, body: `${ip}:${port} ${req.path}\n` }, servedBy: { namespace: 'default', pod: `pod-${ip}` } };
    },
  };
}

function setup(seed = 1) {
  const c = createCluster({ seed, preset: 'empty', components: [] });
  const logs: string[] = [];
  const containers = { appendLog: (_ns: string, _pod: string, _c: string, lines: { text: string }[]) => (logs.push(...lines.map((l) => l.text)), true), state: () => undefined } as unknown as ContainerStore;
  attachIngressNginx(c.api, { clock: c.clock, random: c.random, containers });
  c.api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ingress-nginx' } });
  c.api.create({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'ingress-nginx-controller-abc', namespace: 'ingress-nginx', labels: { 'app.kubernetes.io/name': 'ingress-nginx' } },
    spec: { containers: [{ name: 'controller', image: 'registry.k8s.io/ingress-nginx/controller:v1.12.1', args: ['/nginx-ingress-controller', '--ingress-class=nginx', '--controller-class=k8s.io/ingress-nginx'] }] },
  });
  c.api.create({ apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass', metadata: { name: 'nginx' }, spec: { controller: 'k8s.io/ingress-nginx' } });
  return { c, logs };
}

function service(c: SimCluster, name: string, ips: string[], opts: { port?: number; targetPort?: number; portName?: string } = {}) {
  const port = opts.port ?? 80;
  c.api.create({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'default' }, spec: { selector: { app: name }, ports: [{ ...(opts.portName ? { name: opts.portName } : {}), port, targetPort: opts.targetPort ?? port }] } });
  c.api.create({
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: { name, namespace: 'default' },
    ...(ips.length ? { subsets: [{ addresses: ips.map((ip) => ({ ip })), ports: [{ ...(opts.portName ? { name: opts.portName } : {}), port: opts.targetPort ?? port, protocol: 'TCP' }] }] } : {}),
  });
}

const backend = (name: string, port: number | string = 80) => ({ service: { name, port: typeof port === 'number' ? { number: port } : { name: port } } });

function ingress(c: SimCluster, name: string, spec: Record<string, unknown>, annotations?: Record<string, string>): KubeObject {
  return c.api.create({ apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name, namespace: 'default', ...(annotations ? { annotations } : {}) }, spec });
}

const rule = (host: string | undefined, paths: { path: string; pathType?: string; svc: string; port?: number | string }[]) => ({
  ...(host ? { host } : {}),
  http: { paths: paths.map((p) => ({ path: p.path, pathType: p.pathType ?? 'Prefix', backend: backend(p.svc, p.port ?? 80) })) },
});

function send(c: SimCluster, calls: Call[], host: string, path: string, opts: { port?: number; scheme?: 'http' | 'https'; headers?: Record<string, string>; down?: Set<string>; probe?: boolean } = {}) {
  const port = opts.port ?? 80;
  const req: HttpRequest = {
    method: 'GET',
    path,
    clientIP: '10.44.0.0',
    clientPort: 40312,
    userAgent: 'curl/7.29.0',
    host,
    headers: { Host: host, 'User-Agent': 'curl/7.29.0', Accept: '*/*', ...(opts.headers ?? {}) },
    scheme: opts.scheme ?? (port === 443 ? 'https' : 'http'),
    localAddr: `10.44.0.1:${port}`,
    ...(opts.probe ? { probe: true } : {}),
  };
  return ingressNginxProxy({
    pod: { namespace: 'ingress-nginx', name: 'ingress-nginx-controller-abc', ip: '10.44.0.1' },
    port,
    req,
    api: c.api,
    net: fakeNet(calls, opts.down),
    self: { kind: 'pod', namespace: 'ingress-nginx', pod: 'ingress-nginx-controller-abc' },
  });
}

/** Where a request was sent: `ip:port path`, or the status nginx answered itself. */
function where(c: SimCluster, host: string, path: string, opts: Parameters<typeof send>[4] = {}): string {
  const calls: Call[] = [];
  const r = send(c, calls, host, path, opts);
  if (!r) return 'no answer';
  return calls.length ? r.response.body.trim() : String(r.response.status);
}

describe('ingress-nginx routing', () => {
  it('is the proxy program kube-proxy hands the controller pods to', () => {
    expect(PROXY_PROGRAMS['ingress-nginx']).toBe(ingressNginxProxy);
  });

  it('routes by host and path to a ready endpoint, with the headers ingress-nginx adds', () => {
    const { c } = setup();
    service(c, 'blog', ['10.36.0.2']);
    service(c, 'news', ['10.40.0.3'], { targetPort: 8080 });
    ingress(c, 'site', { ingressClassName: 'nginx', rules: [rule('example.com', [{ path: '/blog', svc: 'blog' }, { path: '/news', svc: 'news' }])] });
    expect(where(c, 'example.com', '/blog')).toBe('10.36.0.2:80 /blog');
    expect(where(c, 'example.com', '/news/today?x=1')).toBe('10.40.0.3:8080 /news/today?x=1');
    // the Host header may carry the NodePort; the server name matches without it, case-insensitively
    expect(where(c, 'EXAMPLE.com:31234', '/blog/')).toBe('10.36.0.2:80 /blog/');

    const calls: Call[] = [];
    const r = send(c, calls, 'example.com:31234', '/blog', { headers: { 'X-Forwarded-For': '203.0.113.9' } })!;
    expect(r.servedBy).toEqual({ namespace: 'default', pod: 'pod-10.36.0.2' });
    const h = calls[0]!.req.headers;
    expect(h).toMatchObject({
      Host: 'example.com:31234',
      'X-Real-IP': '10.44.0.0',
      'X-Forwarded-For': '10.44.0.0',
      'X-Original-Forwarded-For': '203.0.113.9',
      'X-Forwarded-Host': 'example.com:31234',
      'X-Forwarded-Port': '80',
      'X-Forwarded-Proto': 'http',
      'X-Forwarded-Scheme': 'http',
      'X-Scheme': 'http',
      'User-Agent': 'curl/7.29.0',
      Accept: '*/*',
    });
    expect(h['X-Request-ID']).toMatch(/^[0-9a-f]{32}$/);
    // nginx replaces the backend's Date and drops its Server header
    expect(r.response.headers.Server).toBeUndefined();
    expect(r.response.headers.Date).toBe('Sun, 22 Nov 2026 01:00:00 GMT');
    expect(r.response.headers.Connection).toBe('keep-alive');
  });

  it('matches Prefix paths element-wise, Exact paths exactly, and ImplementationSpecific like Prefix; the longest wins', () => {
    const { c } = setup();
    service(c, 'a', ['10.36.0.2']);
    service(c, 'b', ['10.36.0.3']);
    service(c, 'e', ['10.36.0.4']);
    service(c, 'i', ['10.36.0.5']);
    ingress(c, 'paths', {
      ingressClassName: 'nginx',
      rules: [rule('example.com', [{ path: '/', svc: 'a' }, { path: '/api', svc: 'b' }, { path: '/api/v1/health', pathType: 'Exact', svc: 'e' }, { path: '/img', pathType: 'ImplementationSpecific', svc: 'i' }])],
    });
    expect(where(c, 'example.com', '/api')).toBe('10.36.0.3:80 /api');
    expect(where(c, 'example.com', '/api/v1/users')).toBe('10.36.0.3:80 /api/v1/users');
    expect(where(c, 'example.com', '/apis')).toBe('10.36.0.2:80 /apis');
    expect(where(c, 'example.com', '/api/v1/health')).toBe('10.36.0.4:80 /api/v1/health');
    expect(where(c, 'example.com', '/api/v1/health/')).toBe('10.36.0.3:80 /api/v1/health/');
    expect(where(c, 'example.com', '/img')).toBe('10.36.0.5:80 /img');
    expect(where(c, 'example.com', '/images')).toBe('10.36.0.2:80 /images');
  });

  it('answers a Prefix path written with a trailing slash with nginx 301 for the bare path', () => {
    const { c } = setup();
    service(c, 'a', ['10.36.0.2']);
    ingress(c, 'slash', { ingressClassName: 'nginx', rules: [rule('example.com', [{ path: '/docs/', svc: 'a' }])] });
    const r = send(c, [], 'example.com', '/docs')!;
    expect(r.response.status).toBe(301);
    expect(r.response.headers.Location).toBe('http://example.com/docs/');
    expect(r.response.body).toBe(nginxErrorPage(301));
  });

  it('picks exact hosts over wildcards, the longest wildcard, and the catch-all for other hosts', () => {
    const { c } = setup();
    service(c, 'exact', ['10.36.0.2']);
    service(c, 'wild', ['10.36.0.3']);
    service(c, 'wider', ['10.36.0.6']);
    service(c, 'any', ['10.36.0.4']);
    ingress(c, 'hosts', {
      ingressClassName: 'nginx',
      rules: [rule('www.foo.com', [{ path: '/', svc: 'exact' }]), rule('*.foo.com', [{ path: '/', svc: 'wild' }]), rule('*.bar.foo.com', [{ path: '/', svc: 'wider' }]), rule(undefined, [{ path: '/', svc: 'any' }])],
    });
    expect(where(c, 'www.foo.com', '/')).toBe('10.36.0.2:80 /');
    expect(where(c, 'shop.foo.com', '/')).toBe('10.36.0.3:80 /');
    expect(where(c, 'a.bar.foo.com', '/')).toBe('10.36.0.6:80 /');
    expect(where(c, 'foo.com', '/')).toBe('10.36.0.4:80 /');
    expect(where(c, '10.0.2.16:30080', '/x')).toBe('10.36.0.4:80 /x');
  });

  it("answers the controller's own 404 for unmatched requests, and logs them against upstream-default-backend", () => {
    const { c, logs } = setup();
    service(c, 'blog', ['10.36.0.2']);
    ingress(c, 'site', { ingressClassName: 'nginx', rules: [rule('example.com', [{ path: '/blog', svc: 'blog' }])] });
    for (const [host, path] of [['example.com', '/'], ['example.com', '/blogs'], ['other.com', '/blog']]) {
      const r = send(c, [], host!, path!)!;
      expect(r.response.status).toBe(404);
      expect(r.response.body).toBe('<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n');
      expect(r.response.headers['Content-Length']).toBe('146');
    }
    expect(logs[0]).toMatch(/^10\.44\.0\.0 - - \[22\/Nov\/2026:01:00:00 \+0000\] "GET \/ HTTP\/1\.1" 404 146 "-" "curl\/7\.29\.0" 75 0\.00\d \[upstream-default-backend\] \[\] 127\.0\.0\.1:8181 146 0\.00\d 404 [0-9a-f]{32}$/);
  });

  it('uses spec.defaultBackend for paths no rule matches, and as the catch-all when an Ingress has no rules', () => {
    const { c } = setup();
    service(c, 'blog', ['10.36.0.2']);
    service(c, 'fallback', ['10.36.0.9']);
    service(c, 'everything', ['10.36.0.7']);
    ingress(c, 'site', { ingressClassName: 'nginx', defaultBackend: backend('fallback'), rules: [rule('example.com', [{ path: '/blog', svc: 'blog' }])] });
    expect(where(c, 'example.com', '/other')).toBe('10.36.0.9:80 /other');
    expect(where(c, 'unknown.com', '/')).toBe('404');
    c.advance(1000);
    ingress(c, 'catch-all', { ingressClassName: 'nginx', defaultBackend: backend('everything') });
    expect(where(c, 'unknown.com', '/')).toBe('10.36.0.7:80 /');
    expect(where(c, 'example.com', '/blog')).toBe('10.36.0.2:80 /blog');
  });

  it('rewrites with rewrite-target and regex captures, matching every path of the host case-insensitively', () => {
    const { c } = setup();
    service(c, 'app', ['10.36.0.2']);
    ingress(c, 'rewrite', { ingressClassName: 'nginx', rules: [rule('example.com', [{ path: '/something(/|$)(.*)', pathType: 'ImplementationSpecific', svc: 'app' }])] }, {
      'nginx.ingress.kubernetes.io/rewrite-target': '/$2',
      'nginx.ingress.kubernetes.io/use-regex': 'true',
    });
    expect(where(c, 'example.com', '/something')).toBe('10.36.0.2:80 /');
    expect(where(c, 'example.com', '/something/')).toBe('10.36.0.2:80 /');
    expect(where(c, 'example.com', '/Something/new?a=1')).toBe('10.36.0.2:80 /new?a=1');
    expect(where(c, 'example.com', '/somethingelse')).toBe('404');
  });

  it('sends everything under a path to / with rewrite-target: /', () => {
    const { c } = setup();
    service(c, 'app', ['10.36.0.2']);
    ingress(c, 'rewrite', { ingressClassName: 'nginx', rules: [rule('example.com', [{ path: '/app', svc: 'app' }])] }, { 'nginx.ingress.kubernetes.io/rewrite-target': '/' });
    expect(where(c, 'example.com', '/app/page')).toBe('10.36.0.2:80 /');
    // the regex `^/app` also takes /apple: rewrite makes every location a prefix regex
    expect(where(c, 'example.com', '/apple')).toBe('10.36.0.2:80 /');
  });

  it('answers 503 when the backend Service has no ready endpoints, or does not exist', () => {
    const { c, logs } = setup();
    service(c, 'empty', []);
    ingress(c, 'site', { ingressClassName: 'nginx', rules: [rule('example.com', [{ path: '/', svc: 'empty' }, { path: '/gone', svc: 'missing' }])] });
    for (const path of ['/', '/gone']) {
      const r = send(c, [], 'example.com', path)!;
      expect(r.response.status).toBe(503);
      expect(r.response.body).toBe(nginxErrorPage(503));
      expect(r.response.body).toContain('<center><h1>503 Service Temporarily Unavailable</h1></center>');
      expect(r.response.headers['Content-Length']).toBe('190');
    }
    expect(logs[0]).toMatch(/" 503 190 "-" "curl\/7\.29\.0" \d+ 0\.000 \[default-empty-80\] \[\] - - - - [0-9a-f]{32}$/);
  });

  it('tries the next endpoint when one refuses, and answers 502 when all do', () => {
    const { c, logs } = setup();
    service(c, 'web', ['10.36.0.2', '10.36.0.3']);
    ingress(c, 'site', { ingressClassName: 'nginx', rules: [rule('example.com', [{ path: '/', svc: 'web' }])] });
    const calls: Call[] = [];
    const r = send(c, calls, 'example.com', '/', { down: new Set(['10.36.0.2']) })!;
    expect(r.response.status).toBe(200);
    expect(r.response.body).toBe('10.36.0.3:80 /\n');
    const all = send(c, [], 'example.com', '/', { down: new Set(['10.36.0.2', '10.36.0.3']) })!;
    expect(all.response.status).toBe(502);
    expect(all.response.body).toContain('<title>502 Bad Gateway</title>');
    expect(logs[logs.length - 1]).toMatch(/\[default-web-80\] \[\] 10\.36\.0\.\d:80, 10\.36\.0\.\d:80 0, 0 0\.000, 0\.000 502, 502 /);
  });

  it('spreads requests over the endpoints in turn', () => {
    const { c } = setup();
    service(c, 'web', ['10.36.0.2', '10.36.0.3', '10.40.0.2']);
    ingress(c, 'site', { ingressClassName: 'nginx', rules: [rule('example.com', [{ path: '/', svc: 'web' }])] });
    const seen = Array.from({ length: 6 }, () => where(c, 'example.com', '/').split(':')[0]);
    expect(new Set(seen)).toEqual(new Set(['10.36.0.2', '10.36.0.3', '10.40.0.2']));
    expect(seen.slice(0, 3)).toEqual(seen.slice(3));
  });

  it('serves only Ingresses of its class: ingressClassName, the legacy annotation, or the default IngressClass at creation', () => {
    const { c } = setup();
    service(c, 'web', ['10.36.0.2']);
    ingress(c, 'none', { rules: [rule('none.com', [{ path: '/', svc: 'web' }])] });
    ingress(c, 'other', { ingressClassName: 'traefik', rules: [rule('other.com', [{ path: '/', svc: 'web' }])] });
    ingress(c, 'legacy', { rules: [rule('legacy.com', [{ path: '/', svc: 'web' }])] }, { 'kubernetes.io/ingress.class': 'nginx' });
    ingress(c, 'legacy-other', { rules: [rule('legacy-other.com', [{ path: '/', svc: 'web' }])] }, { 'kubernetes.io/ingress.class': 'traefik' });
    expect(where(c, 'none.com', '/')).toBe('404');
    expect(where(c, 'other.com', '/')).toBe('404');
    expect(where(c, 'legacy.com', '/')).toBe('10.36.0.2:80 /');
    expect(where(c, 'legacy-other.com', '/')).toBe('404');
    // an IngressClass of another controller does not count, even when named in the Ingress
    c.api.create({ apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass', metadata: { name: 'traefik' }, spec: { controller: 'traefik.io/ingress-controller' } });
    expect(where(c, 'other.com', '/')).toBe('404');
    // marking nginx the default class covers classless Ingresses created afterwards
    c.api.patch('ingressclasses', undefined, 'nginx', (o) => {
      o.metadata.annotations = { 'ingressclass.kubernetes.io/is-default-class': 'true' };
    });
    c.advance(1000);
    ingress(c, 'later', { rules: [rule('later.com', [{ path: '/', svc: 'web' }])] });
    expect(c.api.get('ingresses', 'default', 'later').spec.ingressClassName).toBe('nginx');
    expect(where(c, 'later.com', '/')).toBe('10.36.0.2:80 /');
    // ...but not the ones made before
    expect(where(c, 'none.com', '/')).toBe('404');
  });

  it('gives the first Ingress a host and path when two claim them', () => {
    const { c } = setup();
    service(c, 'first', ['10.36.0.2']);
    service(c, 'second', ['10.36.0.3']);
    ingress(c, 'one', { ingressClassName: 'nginx', rules: [rule('example.com', [{ path: '/', svc: 'first' }])] });
    c.advance(1000);
    ingress(c, 'two', { ingressClassName: 'nginx', rules: [rule('example.com', [{ path: '/', svc: 'second' }, { path: '/extra', svc: 'second' }])] });
    expect(where(c, 'example.com', '/')).toBe('10.36.0.2:80 /');
    expect(where(c, 'example.com', '/extra')).toBe('10.36.0.3:80 /extra');
  });

  it('backends by Service port name', () => {
    const { c } = setup();
    service(c, 'named', ['10.36.0.2'], { port: 8080, targetPort: 9090, portName: 'web' });
    ingress(c, 'site', { ingressClassName: 'nginx', rules: [rule('example.com', [{ path: '/', svc: 'named', port: 'web' }])] });
    expect(where(c, 'example.com', '/')).toBe('10.36.0.2:9090 /');
  });

  it('presents its fake self-signed certificate on 443 and refuses plain HTTP there', () => {
    const { c } = setup();
    service(c, 'web', ['10.36.0.2']);
    ingress(c, 'site', { ingressClassName: 'nginx', rules: [rule('example.com', [{ path: '/', svc: 'web' }])] });
    const calls: Call[] = [];
    const r = send(c, calls, 'example.com', '/', { port: 443 })!;
    expect(r.response.status).toBe(200);
    expect(r.response.tls).toMatchObject({ selfSigned: true, subject: FAKE_CERTIFICATE_SUBJECT, issuer: FAKE_CERTIFICATE_SUBJECT, dnsNames: ['ingress.local'] });
    expect(calls[0]!.req.headers).toMatchObject({ 'X-Forwarded-Proto': 'https', 'X-Forwarded-Port': '443' });
    const plain = send(c, [], 'example.com', '/', { port: 443, scheme: 'http' })!;
    expect(plain.response.status).toBe(400);
    expect(plain.response.body).toContain('<center>The plain HTTP request was sent to HTTPS port</center>');
    expect(send(c, [], 'example.com', '/', { port: 80, scheme: 'https' })).toBeUndefined();
  });

  it('redirects HTTP to HTTPS with 308 for a host with a TLS secret, unless ssl-redirect is off', () => {
    const { c } = setup();
    service(c, 'web', ['10.36.0.2']);
    c.api.create({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'tls', namespace: 'default' }, type: 'kubernetes.io/tls', data: { 'tls.crt': 'Y2VydA==', 'tls.key': 'a2V5' } });
    ingress(c, 'secure', { ingressClassName: 'nginx', tls: [{ hosts: ['secure.com'], secretName: 'tls' }], rules: [rule('secure.com', [{ path: '/', svc: 'web' }])] });
    const r = send(c, [], 'secure.com', '/')!;
    expect(r.response.status).toBe(308);
    expect(r.response.headers.Location).toBe('https://secure.com');
    expect(send(c, [], 'secure.com', '/a/b')!.response.headers.Location).toBe('https://secure.com/a/b');
    const s = send(c, [], 'secure.com', '/', { port: 443 })!;
    expect(s.response.status).toBe(200);
    expect(s.response.headers['Strict-Transport-Security']).toBe('max-age=31536000; includeSubDomains');
    expect(s.response.tls?.subject).toBe('CN=secure.com');
    c.api.patch('ingresses', 'default', 'secure', (o) => {
      o.metadata.annotations = { 'nginx.ingress.kubernetes.io/ssl-redirect': 'false' };
    });
    expect(where(c, 'secure.com', '/')).toBe('10.36.0.2:80 /');
  });

  it('answers its health port and a /healthz on the catch-all server', () => {
    const { c } = setup();
    const health = send(c, [], '10.44.0.1:10254', '/healthz', { port: 10254 })!;
    expect(health.response).toMatchObject({ status: 200, body: 'ok' });
    expect(send(c, [], '10.44.0.1:10254', '/nope', { port: 10254 })!.response.body).toBe('404 page not found\n');
    expect(send(c, [], '10.0.2.16:30080', '/healthz')!.response.status).toBe(200);
  });

  it('logs nothing and draws no random numbers for a lab probe', () => {
    const build = () => {
      const s = setup();
      service(s.c, 'web', ['10.36.0.2', '10.36.0.3']);
      ingress(s.c, 'site', { ingressClassName: 'nginx', rules: [rule('example.com', [{ path: '/', svc: 'web' }])] });
      return s;
    };
    const probed = build();
    const untouched = build();
    expect(where(probed.c, 'example.com', '/', { probe: true })).toBe('10.36.0.2:80 /');
    expect(where(probed.c, 'example.com', '/', { probe: true })).toBe('10.36.0.3:80 /');
    expect(probed.logs).toEqual([]);
    expect(probed.c.random.next()).toBe(untouched.c.random.next());
  });
});
