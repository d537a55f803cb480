// A container's own main process on the cluster network: busybox's wget and nslookup in a shell loop,
// curlimages/curl as the whole command, Debian's curl in the nginx image. Requests go out at the
// virtual instant the process reaches them, against the cluster as it is then, and the backend logs them.
import { describe, expect, it } from 'vitest';
import { createCluster, type SimCluster } from '../../../src/cluster/cluster.ts';

function deploy(c: SimCluster, name: string, replicas: number) {
  const labels = { app: name };
  c.api.create({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: 'default' }, spec: { replicas, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'main', image: 'nginx' }] } } } });
}
function service(c: SimCluster, name: string, selector: Record<string, string>) {
  c.api.create({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'default' }, spec: { selector, ports: [{ port: 80, targetPort: 80 }] } });
}
function pod(c: SimCluster, name: string, container: Record<string, unknown>, spec: Record<string, unknown> = {}) {
  c.api.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', labels: { run: name } }, spec: { containers: [{ name, ...container }], ...spec } });
}
const logs = (c: SimCluster, name: string, container = name) => c.runtime.logs('default', name, container) ?? [];
const texts = (c: SimCluster, name: string) => logs(c, name).map((l) => l.text);
const clusterIP = (c: SimCluster, name: string) => c.api.get('services', 'default', name).spec.clusterIP as string;
/** Access-log lines of every pod of a Deployment, with their times. */
const accessLog = (c: SimCluster, app: string) =>
  c.api.list('pods', 'default', { labelSelector: `app=${app}` }).flatMap((p) => logs(c, p.metadata.name, 'main').filter((l) => l.stream === 'stdout' && l.text.includes('HTTP/1.1')));

describe('wget in a busybox loop', () => {
  it('logs the refusals while the Service has no endpoints, then the page once the selector is fixed', () => {
    const c = createCluster({ seed: 11 });
    deploy(c, 'backend', 2);
    service(c, 'backend', { app: 'bakend' });
    c.settle();
    pod(c, 'web', { image: 'busybox', command: ['sh', '-c', 'while true; do wget -qO- http://backend; sleep 5; done'] });
    c.settle();
    c.advance(12_000);
    const ip = clusterIP(c, 'backend');
    const before = texts(c, 'web');
    expect(before.length).toBeGreaterThanOrEqual(2);
    for (const t of before) expect(t).toBe(`wget: can't connect to remote host (${ip}): Connection refused`);
    expect(accessLog(c, 'backend')).toEqual([]);

    const fixedAt = c.clock.now();
    c.api.patch('services', 'default', 'backend', (svc) => {
      svc.spec.selector = { app: 'backend' };
    });
    c.settle();
    c.advance(11_000);
    const after = logs(c, 'web').filter((l) => l.time > fixedAt);
    expect(after.map((l) => l.text)).toContain('<title>Welcome to nginx!</title>');
    expect(after.some((l) => l.text.startsWith('wget:'))).toBe(false);
    // each request reached a backend pod when it was made, from the client pod's address, as busybox's wget
    const podIP = c.api.get('pods', 'default', 'web').status.podIP;
    const access = accessLog(c, 'backend');
    expect(access.length).toBe(after.filter((l) => l.text === '<!DOCTYPE html>').length);
    for (const l of access) {
      expect(l.text).toMatch(new RegExp(`^${podIP.replace(/\./g, '\\.')} - - \\[.*\\] "GET / HTTP/1\\.1" 200 615 "-" "Wget" "-"$`));
      expect(l.time).toBeGreaterThan(fixedAt);
    }
    // nothing is logged ahead of the clock
    expect(logs(c, 'web').every((l) => l.time <= c.clock.now())).toBe(true);
  });

  it('says bad address for a name nobody knows, and an endless loop does not keep settle() busy', () => {
    const c = createCluster({ seed: 12 });
    pod(c, 'lost', { image: 'busybox', command: ['sh', '-c', 'while true; do wget -qO- http://nosuchsvc; sleep 2; done'] });
    const spent = c.settle();
    expect(spent).toBeLessThan(60_000);
    c.advance(5_000);
    const t = texts(c, 'lost');
    expect(t.length).toBeGreaterThanOrEqual(2);
    expect(new Set(t)).toEqual(new Set(["wget: bad address 'nosuchsvc'"]));
  });

  it('without -q it reports the connection and the transfer as busybox does', () => {
    const c = createCluster({ seed: 13 });
    deploy(c, 'backend', 1);
    service(c, 'backend', { app: 'backend' });
    c.settle();
    pod(c, 'once', { image: 'busybox', command: ['sh', '-c', 'wget -O /tmp/page http://backend && head -n 4 /tmp/page'] }, { restartPolicy: 'Never' });
    c.settle();
    const ip = clusterIP(c, 'backend');
    expect(logs(c, 'once').filter((l) => l.stream === 'stderr').map((l) => l.text)).toEqual([
      `Connecting to backend (${ip}:80)`,
      "saving to '/tmp/page'",
      'page                 100% |********************************|   615  0:00:00 ETA',
      "'/tmp/page' saved",
    ]);
    expect(logs(c, 'once').filter((l) => l.stream === 'stdout').map((l) => l.text)).toEqual(['<!DOCTYPE html>', '<html>', '<head>', '<title>Welcome to nginx!</title>']);
    expect(c.api.get('pods', 'default', 'once').status.phase).toBe('Succeeded');
  });

  it('a request after a sleep goes out when the clock gets there, and the pod completes under settle()', () => {
    const c = createCluster({ seed: 14 });
    deploy(c, 'backend', 1);
    service(c, 'backend', { app: 'backend' });
    c.settle();
    pod(c, 'later', { image: 'busybox', command: ['sh', '-c', 'sleep 20; wget -qO- http://backend'] }, { restartPolicy: 'Never' });
    c.settle();
    const p = c.api.get('pods', 'default', 'later');
    expect(p.status.phase).toBe('Succeeded');
    const started = Date.parse(p.status.containerStatuses[0].state.terminated.startedAt);
    const [hit] = accessLog(c, 'backend');
    expect(hit!.time - started).toBeGreaterThanOrEqual(20_000);
    expect(texts(c, 'later')).toContain('<h1>Welcome to nginx!</h1>');
  });

  it('a loop that ends by its own condition runs its requests under settle() and the pod completes', () => {
    const c = createCluster({ seed: 20 });
    deploy(c, 'backend', 1);
    service(c, 'backend', { app: 'backend' });
    c.settle();
    pod(c, 'thrice', { image: 'busybox', command: ['sh', '-c', 'i=0; while [ $i -lt 3 ]; do wget -qO- http://backend >/dev/null && echo ok $i; i=$((i+1)); sleep 10; done'] }, { restartPolicy: 'Never' });
    c.settle();
    expect(c.api.get('pods', 'default', 'thrice').status.phase).toBe('Succeeded');
    expect(texts(c, 'thrice')).toEqual(['ok 0', 'ok 1', 'ok 2']);
    const times = accessLog(c, 'backend').map((l) => l.time);
    expect(times.length).toBe(3);
    expect(times[2]! - times[0]!).toBeGreaterThanOrEqual(20_000);
  });
});

describe('curl as a pod’s command', () => {
  it('kubectl run tmp --image=curlimages/curl --restart=Never -- curl -s http://mynginx logs the page', () => {
    const c = createCluster({ seed: 15 });
    deploy(c, 'mynginx', 2);
    service(c, 'mynginx', { app: 'mynginx' });
    c.settle();
    pod(c, 'tmp', { image: 'curlimages/curl', args: ['curl', '-s', 'http://mynginx'] }, { restartPolicy: 'Never' });
    c.settle();
    const p = c.api.get('pods', 'default', 'tmp');
    expect(p.status.phase).toBe('Succeeded');
    expect(texts(c, 'tmp').join('\n')).toContain('<title>Welcome to nginx!</title>\n<style>');
    expect(accessLog(c, 'mynginx').map((l) => l.text)).toEqual([expect.stringMatching(/"GET \/ HTTP\/1\.1" 200 615 "-" "curl\/8\.11\.1" "-"$/)]);
  });

  it('fails with curl 8’s messages and exit codes', () => {
    const c = createCluster({ seed: 16 });
    service(c, 'empty', { app: 'nobody' });
    c.settle();
    pod(c, 'unknown', { image: 'curlimages/curl', args: ['-sS', 'http://nope'] }, { restartPolicy: 'Never' });
    pod(c, 'refused', { image: 'curlimages/curl', args: ['curl', '-sS', 'http://empty'] }, { restartPolicy: 'Never' });
    pod(c, 'quiet', { image: 'curlimages/curl', args: ['curl', '-s', 'http://nope'] }, { restartPolicy: 'Never' });
    c.settle();
    const terminated = (name: string) => c.api.get('pods', 'default', name).status.containerStatuses[0].state.terminated;
    expect(texts(c, 'unknown')).toEqual(['curl: (6) Could not resolve host: nope']);
    expect(terminated('unknown')).toMatchObject({ exitCode: 6, reason: 'Error' });
    expect(texts(c, 'refused')).toEqual([expect.stringMatching(/^curl: \(7\) Failed to connect to empty port 80 after \d+ ms: Could not connect to server$/)]);
    expect(terminated('refused').exitCode).toBe(7);
    // -s alone keeps quiet about errors; the exit code still tells
    expect(texts(c, 'quiet')).toEqual([]);
    expect(terminated('quiet').exitCode).toBe(6);
  });

  it('prints the progress meter without -s, and Debian’s curl 7.88.1 in the nginx image reaches the pod itself', () => {
    const c = createCluster({ seed: 17 });
    pod(c, 'self', { image: 'nginx', command: ['sh', '-c', 'nginx; sleep 1; curl http://localhost/ -o /dev/null; curl -s -w "%{http_code}\\n" -o /dev/null localhost/nope'] }, { restartPolicy: 'Never' });
    c.settle();
    const l = logs(c, 'self');
    const err = l.filter((x) => x.stream === 'stderr').map((x) => x.text);
    expect(err).toContain('  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current');
    expect(err.some((t) => /^\r {2}0 {5}0 {4}0 {5}0 .*\r100 {3}615 {2}100 {3}615 /.test(t))).toBe(true);
    expect(l.filter((x) => x.stream === 'stdout').map((x) => x.text)).toContain('404');
  });
});

describe('nslookup in a busybox pod', () => {
  it('logs busybox’s answer through the cluster DNS', () => {
    const c = createCluster({ seed: 18 });
    deploy(c, 'backend', 1);
    service(c, 'backend', { app: 'backend' });
    c.settle();
    pod(c, 'dns', { image: 'busybox:1.37', command: ['sh', '-c', 'nslookup backend.default.svc.cluster.local'] }, { restartPolicy: 'Never' });
    c.settle();
    expect(texts(c, 'dns').join('\n')).toBe(`Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\nName:\tbackend.default.svc.cluster.local\nAddress: ${clusterIP(c, 'backend')}\n\n`);
  });
});

describe('replays', () => {
  it('the same seed and steps give the same client and backend logs', () => {
    const once = () => {
      const c = createCluster({ seed: 19 });
      deploy(c, 'backend', 3);
      service(c, 'backend', { app: 'backend' });
      c.settle();
      pod(c, 'web', { image: 'busybox', command: ['sh', '-c', 'while true; do wget -qO- http://backend | head -n 1; sleep 3; done'] });
      c.settle();
      c.advance(20_000);
      return [logs(c, 'web').map((l) => `${l.timestamp} ${l.text}`), accessLog(c, 'backend').map((l) => `${l.timestamp} ${l.text}`).sort()];
    };
    const a = once();
    expect(a[0]!.length).toBeGreaterThan(4);
    expect(once()).toEqual(a);
  });
});
