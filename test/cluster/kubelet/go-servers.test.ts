import { describe, expect, it } from 'vitest';
import { createCluster, type SimCluster } from '../../../src/cluster/cluster.ts';
import type { HttpRequest } from '../../../src/cluster/types.ts';

function pod(c: SimCluster, name: string, container: Record<string, unknown>) {
  c.api.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' }, spec: { nodeName: 'node2', containers: [{ name, ...container }] } });
}
const texts = (c: SimCluster, name: string) => (c.runtime.logs('default', name, name) ?? []).map((l) => l.text);
const ipOf = (c: SimCluster, name: string) => c.api.get('pods', 'default', name).status.podIP as string;
const req = (host: string, path = '/', extra: Partial<HttpRequest> = {}): HttpRequest => ({
  method: 'GET',
  path,
  clientIP: '10.32.0.1',
  clientPort: 48112,
  userAgent: 'curl/7.29.0',
  host,
  headers: { Host: host, 'User-Agent': 'curl/7.29.0', Accept: '*/*' },
  ...extra,
});

describe('traefik/whoami', () => {
  it('logs its port and answers with its hostname, addresses and the request as Go writes it', () => {
    const c = createCluster({ seed: 21 });
    pod(c, 'who', { image: 'traefik/whoami:v1.10' });
    c.settle();
    c.advance(1000);
    expect(texts(c, 'who')).toEqual([expect.stringMatching(/^2026\/11\/22 01:00:\d\d Starting up on port 80$/)]);
    const ip = ipOf(c, 'who');
    expect(c.runtime.listening('default', 'who')).toEqual([80]);
    const r = c.runtime.serve('default', 'who', 80, req(ip, '/', { headers: { Host: ip, 'User-Agent': 'curl/7.29.0', Accept: '*/*', 'x-request-id': 'abc' } }))!;
    expect(r.status).toBe(200);
    expect(r.headers['Content-Type']).toBe('text/plain; charset=utf-8');
    expect(r.body).toBe(`Hostname: who\nIP: 127.0.0.1\nIP: ${ip}\nRemoteAddr: 10.32.0.1:48112\nGET / HTTP/1.1\r\nHost: ${ip}\r\nUser-Agent: curl/7.29.0\r\nAccept: */*\r\nX-Request-Id: abc\r\n\r\n`);
    expect(r.headers['Content-Length']).toBe(String(new TextEncoder().encode(r.body).length));
  });

  it('serves /api as JSON and /health empty, and follows -port and WHOAMI_NAME', () => {
    const c = createCluster({ seed: 22 });
    pod(c, 'who', { image: 'traefik/whoami', args: ['--port', '8080'], env: [{ name: 'WHOAMI_NAME', value: 'blue' }] });
    c.settle();
    c.advance(1000);
    expect(c.runtime.listening('default', 'who')).toEqual([8080]);
    expect(texts(c, 'who')[0]).toMatch(/ Starting up on port 8080$/);
    expect(c.runtime.serve('default', 'who', 80, req('x'))).toBeUndefined();
    const ip = ipOf(c, 'who');
    expect(c.runtime.serve('default', 'who', 8080, req(ip))!.body.startsWith('Name: blue\nHostname: who\n')).toBe(true);
    const api = JSON.parse(c.runtime.serve('default', 'who', 8080, req(ip, '/api'))!.body);
    expect(api).toMatchObject({ hostname: 'who', ip: ['127.0.0.1', ip], name: 'blue', url: '/api', host: ip, method: 'GET', remoteAddr: '10.32.0.1:48112' });
    expect(api.headers).toEqual({ Accept: ['*/*'], 'User-Agent': ['curl/7.29.0'] });
    expect(c.runtime.serve('default', 'who', 8080, req(ip, '/health'))).toMatchObject({ status: 200, body: '' });
  });
});

describe('hashicorp/http-echo', () => {
  it('answers its -text on every path, on 5678 unless -listen says otherwise, and logs each request', () => {
    const c = createCluster({ seed: 23 });
    pod(c, 'apple', { image: 'hashicorp/http-echo', args: ['-text=apple'] });
    pod(c, 'banana', { image: 'hashicorp/http-echo:1.0', args: ['-text', 'banana', '-listen=:8080'] });
    c.settle();
    c.advance(1000);
    expect(c.runtime.listening('default', 'apple')).toEqual([5678]);
    expect(c.runtime.listening('default', 'banana')).toEqual([8080]);
    expect(texts(c, 'apple')).toEqual([expect.stringMatching(/^2026\/11\/22 01:00:\d\d \[INFO\] server is listening on :5678$/)]);
    for (const path of ['/', '/apple', '/x/y?z=1']) {
      const r = c.runtime.serve('default', 'apple', 5678, req('example.com', path))!;
      expect(r).toMatchObject({ status: 200, body: 'apple\n' });
      expect(r.headers).toMatchObject({ 'X-App-Name': 'http-echo', 'X-App-Version': '1.0.0', 'Content-Length': '6' });
    }
    expect(c.runtime.serve('default', 'banana', 8080, req('b'))!.body).toBe('banana\n');
    expect(c.runtime.serve('default', 'apple', 5678, req('e', '/health'))!.body).toBe('{"status":"ok"}\n');
    expect(texts(c, 'apple')[1]).toMatch(/^2026\/11\/22 \d\d:\d\d:\d\d example\.com 10\.32\.0\.1:48112 "GET \/ HTTP\/1\.1" 200 6 "curl\/7\.29\.0" \d+(\.\d+)?µs$/);
    // the image's ECHO_TEXT answers when no -text is given
    pod(c, 'plain', { image: 'hashicorp/http-echo' });
    c.settle();
    expect(c.runtime.serve('default', 'plain', 5678, req('p'))!.body).toBe('hello-world\n');
  });

  it('exits 127 on a stray argument, so the pod crash-loops', () => {
    const c = createCluster({ seed: 24 });
    pod(c, 'bad', { image: 'hashicorp/http-echo', args: ['-text', 'two', 'words'] });
    c.settle({ maxMs: 60_000 });
    expect(texts(c, 'bad')).toContain('Too many arguments!');
    const st = c.api.get('pods', 'default', 'bad').status.containerStatuses[0];
    expect(st.lastState.terminated.exitCode).toBe(127);
    expect(st.restartCount).toBeGreaterThan(0);
  });
});

describe('curlimages/curl', () => {
  it('runs curl without a URL by default, which exits 2 and crash-loops the pod', () => {
    const c = createCluster({ seed: 25 });
    pod(c, 'curl', { image: 'curlimages/curl' });
    pod(c, 'sleeper', { image: 'curlimages/curl', command: ['sleep', '3600'] });
    c.settle({ maxMs: 60_000 });
    expect(texts(c, 'curl')).toEqual(["curl: try 'curl --help' or 'curl --manual' for more information"]);
    const st = c.api.get('pods', 'default', 'curl').status.containerStatuses[0];
    expect(st.lastState.terminated).toMatchObject({ exitCode: 2, reason: 'Error' });
    expect(c.api.get('pods', 'default', 'sleeper').status.containerStatuses[0].state.running).toBeDefined();
    expect(c.runtime.exec('default', 'sleeper', 'sleeper')?.which('curl')).toBeDefined();
  });
});

describe('DNS debugging images', () => {
  it('have nslookup (and dig in jessie-dnsutils, on Debian 8) for kubectl exec', () => {
    const c = createCluster({ seed: 29 });
    pod(c, 'dnsutils', { image: 'registry.k8s.io/e2e-test-images/jessie-dnsutils:1.3', command: ['sleep', 'infinity'] });
    pod(c, 'box', { image: 'busybox:1.28', command: ['sleep', '3600'] });
    c.settle();
    const dns = c.runtime.exec('default', 'dnsutils', 'dnsutils')!;
    expect(dns.which('nslookup')).toBe('/usr/bin/nslookup');
    expect(dns.which('dig')).toBe('/usr/bin/dig');
    expect(dns.fs.read('/etc/os-release')).toContain('PRETTY_NAME="Debian GNU/Linux 8 (jessie)"');
    const box = c.runtime.exec('default', 'box', 'box')!;
    expect(box.which('nslookup')).toBe('/bin/nslookup');
    expect(box.which('wget')).toBe('/bin/wget');
    expect(box.which('dig')).toBeUndefined();
  });
});

describe('add-on images', () => {
  it('start MetalLB’s controller and speaker with their JSON log lines', () => {
    const c = createCluster({ seed: 26 });
    pod(c, 'controller', { image: 'quay.io/metallb/controller:v0.14.9' });
    pod(c, 'speaker', { image: 'quay.io/metallb/speaker:v0.14.9' });
    c.settle();
    c.advance(1000);
    const first = JSON.parse(texts(c, 'controller')[0]!);
    expect(first).toMatchObject({ branch: 'dev', caller: 'main.go:178', commit: 'dev', level: 'info', msg: 'MetalLB controller starting version 0.14.9 (commit dev, branch dev)', version: '0.14.9' });
    expect(Object.keys(first)).toEqual([...Object.keys(first)].sort());
    expect(texts(c, 'speaker')[0]).toContain('"msg":"MetalLB speaker starting version 0.14.9 (commit dev, branch dev)"');
    expect(texts(c, 'speaker').at(-1)).toContain('"msg":"Starting Manager"');
    expect(c.runtime.listening('default', 'speaker')).toEqual([7472, 7946]);
  });

  it('prints the ingress-nginx banner for --version and exits', () => {
    const c = createCluster({ seed: 27 });
    pod(c, 'version', { image: 'registry.k8s.io/ingress-nginx/controller:v1.12.1', args: ['/nginx-ingress-controller', '--version'], restartPolicy: 'Never' } as Record<string, unknown>);
    c.settle({ maxMs: 30_000 });
    expect(texts(c, 'version')).toEqual([
      '-------------------------------------------------------------------------------',
      'NGINX Ingress controller',
      '  Release:       v1.12.1',
      '  Build:         51c2b819690bbf1709b844dbf321a9acf6eda5a7',
      '  Repository:    https://github.com/kubernetes/ingress-nginx',
      '  nginx version: nginx/1.25.5',
      '',
      '-------------------------------------------------------------------------------',
      '',
    ]);
  });
});

describe('lines a running container writes now', () => {
  it('land after what is due and before the process’s run-ahead, and reach followers', () => {
    const c = createCluster({ seed: 28 });
    pod(c, 'loop', { image: 'busybox', command: ['sh', '-c', 'while true; do echo tick; sleep 10; done'] });
    c.settle();
    c.advance(15_000);
    const seen: string[] = [];
    const stop = c.runtime.follow('default', 'loop', 'loop', (l) => seen.push(l.text));
    const before = texts(c, 'loop').length;
    expect(c.runtime.appendLog('default', 'loop', 'loop', [{ stream: 'stdout', text: 'from outside' }])).toBe(true);
    expect(texts(c, 'loop')).toHaveLength(before + 1);
    expect(texts(c, 'loop').at(-1)).toBe('from outside');
    c.advance(10_000);
    expect(texts(c, 'loop').at(-1)).toBe('tick');
    const stamps = (c.runtime.logs('default', 'loop', 'loop') ?? []).map((l) => l.timestamp);
    expect([...stamps].sort()).toEqual(stamps);
    expect(seen).toEqual(['from outside', 'tick']);
    stop();
    expect(c.runtime.appendLog('default', 'nope', 'nope', [{ stream: 'stdout', text: 'x' }])).toBe(false);
  });
});
