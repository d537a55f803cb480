// What nginx sends back: its header lines in nginx's order (Date from the virtual clock, Last-Modified and
// ETag from the file), the error pages, and probes that leave no trace.
import { describe, expect, it } from 'vitest';
import { createCluster, type SimCluster } from '../../../src/cluster/cluster.ts';
import type { HttpRequest } from '../../../src/cluster/types.ts';

function nginxPod(c: SimCluster, name = 'web') {
  c.api.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' }, spec: { containers: [{ name: 'main', image: 'nginx:1.27.3' }] } });
  c.settle();
}
const req = (path: string, extra: Partial<HttpRequest> = {}): HttpRequest => ({ method: 'GET', path, clientIP: '10.32.0.1', userAgent: 'curl/7.29.0', host: '10.44.0.1', headers: { Host: '10.44.0.1', 'User-Agent': 'curl/7.29.0', Accept: '*/*' }, ...extra });
const entries = (h: Record<string, string>) => Object.entries(h);

describe('nginx response headers', () => {
  it('the stock page: Server, Date, Content-Type, Content-Length, Last-Modified, Connection, ETag, Accept-Ranges', () => {
    const c = createCluster({ seed: 31 });
    nginxPod(c);
    c.advance(61_000);
    const r = c.runtime.serve('default', 'web', 80, req('/'))!;
    expect(r.status).toBe(200);
    const now = new Date(c.clock.now());
    expect(entries(r.headers)).toEqual([
      ['Server', 'nginx/1.27.3'],
      ['Date', now.toUTCString()],
      ['Content-Type', 'text/html'],
      ['Content-Length', '615'],
      // the page is the image's file: it dates from the image's build
      ['Last-Modified', 'Tue, 26 Nov 2024 18:42:08 GMT'],
      ['Connection', 'keep-alive'],
      ['ETag', `"${(Date.UTC(2024, 10, 26, 18, 42, 8) / 1000).toString(16)}-267"`],
      ['Accept-Ranges', 'bytes'],
    ]);
  });

  it('a page written in the container carries its own time and size; Connection: close is answered in kind', () => {
    const c = createCluster({ seed: 32 });
    nginxPod(c);
    c.advance(5_000);
    const fs = c.runtime.exec('default', 'web', 'main')!.fs;
    fs.write('/usr/share/nginx/html/hello.txt', 'hello\n');
    const written = Math.floor(c.clock.now() / 1000) * 1000;
    c.advance(2_000);
    const r = c.runtime.serve('default', 'web', 80, req('/hello.txt', { headers: { Host: '10.44.0.1', Connection: 'close' } }))!;
    expect(r.headers['Content-Type']).toBe('text/plain');
    expect(r.headers['Last-Modified']).toBe(new Date(written).toUTCString());
    expect(r.headers.ETag).toBe(`"${(written / 1000).toString(16)}-6"`);
    expect(r.headers.Connection).toBe('close');
  });

  it('a 404 has no Last-Modified, ETag or Accept-Ranges; a directory redirects with a Location', () => {
    const c = createCluster({ seed: 33 });
    nginxPod(c);
    const r = c.runtime.serve('default', 'web', 80, req('/nope'))!;
    expect(r.status).toBe(404);
    expect(Object.keys(r.headers)).toEqual(['Server', 'Date', 'Content-Type', 'Content-Length', 'Connection']);
    expect(r.headers['Content-Length']).toBe(String(r.body.length));
    c.runtime.exec('default', 'web', 'main')!.fs.mkdir('/usr/share/nginx/html/docs');
    const d = c.runtime.serve('default', 'web', 80, req('/docs', { localAddr: '10.44.0.1:80' }))!;
    expect(d.status).toBe(301);
    expect(d.headers.Location).toBe('http://10.44.0.1/docs/');
    expect(d.body).toContain('<center><h1>301 Moved Permanently</h1></center>');
  });

  it('a probe is answered without a log line and without moving the seeded random source', () => {
    const c = createCluster({ seed: 34 });
    const twin = createCluster({ seed: 34 });
    nginxPod(c);
    nginxPod(twin);
    const logs = () => (c.runtime.logs('default', 'web', 'main') ?? []).length;
    const before = logs();
    const r = c.runtime.serve('default', 'web', 80, req('/missing', { probe: true }))!;
    const ok = c.runtime.serve('default', 'web', 80, req('/', { probe: true }))!;
    expect([r.status, ok.status]).toEqual([404, 200]);
    expect(ok.headers.ETag).toMatch(/^"[0-9a-f]+-267"$/);
    expect(logs()).toBe(before);
    // the twin that was not probed draws the same next number
    expect(c.random.next()).toBe(twin.random.next());
    // a learner's request is logged
    c.runtime.serve('default', 'web', 80, req('/'));
    expect(logs()).toBe(before + 1);
  });
});
