import { describe, expect, it } from 'vitest';
import { createCluster, type SimCluster } from '../../../src/cluster/cluster.ts';
import { controllerManagerComponents } from '../../../src/cluster/controller-manager/index.ts';
import { defaultScheduler } from '../../../src/cluster/scheduler/index.ts';
import { kubelets } from '../../../src/cluster/kubelet/index.ts';
import { createRegistry, type Registry } from '../../../src/cluster/registry/index.ts';
import { imageConfigFor, programFor, programForConfig } from '../../../src/cluster/registry/programs.ts';
import { nextBackoff } from '../../../src/cluster/kubelet/runtime.ts';
import { runShell } from '../../../src/cluster/kubelet/sh.ts';
import { createFileSystem } from '../../../src/cluster/hosts/fs.ts';

function pod(c: SimCluster, name: string, container: Record<string, unknown>, spec: Record<string, unknown> = {}) {
  return c.api.create({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default' },
    spec: { nodeName: 'node1', containers: [{ name, ...container }], ...spec },
  });
}
const status = (c: SimCluster, name: string) => c.api.get('pods', 'default', name).status;
const cs = (c: SimCluster, name: string) => status(c, name).containerStatuses[0];
const texts = (c: SimCluster, name: string, previous = false) => (c.runtime.logs('default', name, name, { previous }) ?? []).map((l) => l.text);
const evs = (c: SimCluster, name: string) => c.api.list('events', 'default').filter((e: any) => e.involvedObject.name === name) as any[];

/** The notes' discovery service image in Harbor, built for `arch`. */
function harborRegistry(arch: string): Registry {
  const base = createRegistry();
  const config = { entrypoint: ['java', '-jar', '/app.jar'], env: ['PATH=/usr/local/openjdk-17/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'JAVA_HOME=/usr/local/openjdk-17'], exposedPorts: ['8761/tcp'] };
  const program = programForConfig(programFor('docker.io/library/openjdk'), config, 'discovery-service');
  return {
    ...base,
    resolve(image, a) {
      if (!image.startsWith('msa.harbor.com/')) return base.resolve(image, a);
      const r = base.resolve('nginx', a);
      if (!r.ok) return r;
      const ref = { raw: image, domain: 'msa.harbor.com', path: 'discovery-service', repository: 'msa.harbor.com/discovery-service', tag: 'latest', canonical: 'msa.harbor.com/discovery-service:latest' };
      return { ...r, ref, imageName: ref.canonical, imageID: `${ref.repository}@${r.digest}`, image: { architecture: arch, os: 'linux', config, program } } as any;
    },
  };
}

function clusterWith(registry: Registry, seed = 1): SimCluster {
  return createCluster({ seed, components: [...controllerManagerComponents(), defaultScheduler(), kubelets({ registry })] });
}

describe('container processes and logs', () => {
  it('runs nginx: the official entrypoint and notice lines, then one access-log line per request', () => {
    const c = createCluster({ seed: 11 });
    pod(c, 'web', { image: 'nginx' });
    c.settle();
    c.advance(1000);
    const logs = texts(c, 'web');
    expect(logs.slice(0, 9)).toEqual([
      '/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration',
      '/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/',
      '/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh',
      '10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf',
      '10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf',
      '/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh',
      '/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh',
      '/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh',
      '/docker-entrypoint.sh: Configuration complete; ready for start up',
    ]);
    const notices = logs.slice(9).map((l) => l.replace(/^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d /, ''));
    expect(notices).toEqual([
      '[notice] 1#1: using the "epoll" event method',
      '[notice] 1#1: nginx/1.27.3',
      '[notice] 1#1: built by gcc 12.2.0 (Debian 12.2.0-14) ',
      '[notice] 1#1: OS: Linux 3.10.0-1160.el7.x86_64',
      '[notice] 1#1: getrlimit(RLIMIT_NOFILE): 1048576:1048576',
      '[notice] 1#1: start worker processes',
      '[notice] 1#1: start worker process 29',
      '[notice] 1#1: start worker process 30',
    ]);
    // the notice lines go to stderr, the entrypoint's to stdout; timestamps are RFC 3339 with nanoseconds
    const lines = c.runtime.logs('default', 'web', 'web')!;
    expect(lines[0]!.stream).toBe('stdout');
    expect(lines[9]!.stream).toBe('stderr');
    expect(lines[0]!.timestamp).toMatch(/^2026-11-22T01:00:\d\d\.\d{1,9}Z$/);
    const res = c.runtime.serve('default', 'web', 80, { method: 'GET', path: '/', clientIP: '10.32.0.1', userAgent: 'curl/7.29.0' })!;
    expect(res.status).toBe(200);
    expect(res.body).toContain('<title>Welcome to nginx!</title>');
    expect(res.headers['Content-Length']).toBe('615');
    expect(texts(c, 'web').at(-1)).toMatch(/^10\.32\.0\.1 - - \[22\/Nov\/2026:01:00:\d\d \+0000\] "GET \/ HTTP\/1\.1" 200 615 "-" "curl\/7\.29\.0" "-"$/);
    expect(c.runtime.serve('default', 'web', 8080, { method: 'GET', path: '/', clientIP: '10.32.0.1', userAgent: 'curl/7.29.0' })).toBeUndefined();
  });

  it('runs a busybox loop: each line appears when virtual time reaches it, with the date of that moment', () => {
    const c = createCluster({ seed: 12 });
    pod(c, 'loop', { image: 'busybox', command: ['sh', '-c', 'i=0; while true; do echo "$i: $(date +%T)"; i=$((i+1)); sleep 10; done'] });
    c.settle();
    const first = texts(c, 'loop');
    expect(first).toHaveLength(1);
    c.advance(35_000);
    const after = texts(c, 'loop');
    expect(after).toHaveLength(4);
    const secs = after.map((l) => {
      const [, hh, mm, ss] = /: (\d\d):(\d\d):(\d\d)$/.exec(l)!;
      return Number(hh) * 3600 + Number(mm) * 60 + Number(ss);
    });
    expect(secs.slice(1).map((s, i) => s - secs[i]!)).toEqual([10, 10, 10]);
    expect(after.map((l) => l.split(':')[0])).toEqual(['0', '1', '2', '3']);
    expect(cs(c, 'loop').state.running).toBeDefined();
  });

  it('runs `sleep N` then exits Completed; restartPolicy decides Completed, Error or CrashLoopBackOff', () => {
    const c = createCluster({ seed: 13 });
    pod(c, 'nap', { image: 'busybox', command: ['sleep', '5'] }, { restartPolicy: 'Never' });
    pod(c, 'fail', { image: 'busybox', command: ['sh', '-c', 'echo oops >&2; exit 3'] }, { restartPolicy: 'Never' });
    pod(c, 'ok', { image: 'alpine', command: ['sh', '-c', 'echo done'] }, { restartPolicy: 'OnFailure' });
    c.advance(3000);
    expect(status(c, 'nap').phase).toBe('Running');
    c.settle();
    expect(status(c, 'nap').phase).toBe('Succeeded');
    expect(cs(c, 'nap').state.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
    expect(status(c, 'fail').phase).toBe('Failed');
    expect(cs(c, 'fail').state.terminated).toMatchObject({ exitCode: 3, reason: 'Error' });
    expect(c.runtime.logs('default', 'fail', 'fail')!.map((l) => `${l.stream} ${l.text}`)).toEqual(['stderr oops']);
    expect(status(c, 'ok').phase).toBe('Succeeded');
    expect(cs(c, 'ok').restartCount).toBe(0);
  });

  it('crash-loops with the real back-off: 10s, 20s, 40s, ... capped at 5m, restart counts and previous logs', () => {
    const c = createCluster({ seed: 14 });
    pod(c, 'crashy', { image: 'busybox', command: ['sh', '-c', 'echo "run at $(date +%T)"; exit 1'] });
    const restarts: number[] = [];
    let last = -1;
    for (let t = 0; t < 20 * 60; t++) {
      c.advance(1000);
      const n = cs(c, 'crashy').restartCount;
      if (n !== last) {
        restarts.push(c.clock.now());
        last = n;
      }
    }
    const gaps = restarts.slice(1).map((t, i) => Math.round((t - restarts[i]!) / 1000));
    // the first restart follows the exit at once; each later one waits out a doubling back-off (plus the sync that notices it)
    const expected = [0, 10, 20, 40, 80, 160, 300, 300];
    for (let i = 0; i < Math.min(gaps.length, expected.length); i++) {
      expect(gaps[i]).toBeGreaterThanOrEqual(expected[i]!);
      expect(gaps[i]).toBeLessThanOrEqual(expected[i]! + 16);
    }
    const s = cs(c, 'crashy');
    expect(s.state.waiting.reason).toBe('CrashLoopBackOff');
    expect(s.state.waiting.message).toBe(`back-off 5m0s restarting failed container=crashy pod=crashy_default(${c.api.get('pods', 'default', 'crashy').metadata.uid})`);
    expect(s.lastState.terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
    expect(texts(c, 'crashy', true)).toHaveLength(1);
    expect(texts(c, 'crashy', true)[0]).toMatch(/^run at \d\d:\d\d:\d\d$/);
    const backoff = evs(c, 'crashy').find((e) => e.reason === 'BackOff');
    expect(backoff.type).toBe('Warning');
    expect(backoff.count).toBeGreaterThan(5);
    expect(evs(c, 'crashy').find((e) => e.reason === 'Started').count).toBe(s.restartCount + 1);
  });

  it('resets a back-off entry after 10 minutes without trouble', () => {
    let e = nextBackoff(undefined, 0);
    e = nextBackoff(e, 10_000);
    e = nextBackoff(e, 30_000);
    expect(e.period).toBe(40_000);
    expect(nextBackoff(e, 30_000 + 600_001).period).toBe(10_000);
    let capped = nextBackoff(undefined, 0);
    for (let i = 1; i < 10; i++) capped = nextBackoff(capped, i * 1000);
    expect(capped.period).toBe(300_000);
  });

  it('fails a command missing from the image with StartError 128 and RunContainerError', () => {
    const c = createCluster({ seed: 15 });
    pod(c, 'nf', { image: 'busybox', command: ['foo'] });
    let s: any;
    for (let i = 0; i < 100 && !s; i++) {
      c.advance(100);
      const cur = status(c, 'nf').containerStatuses?.[0];
      if (cur?.state.waiting?.reason === 'RunContainerError') s = cur;
    }
    const text = 'failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "foo": executable file not found in $PATH: unknown';
    expect(s.state.waiting).toEqual({ reason: 'RunContainerError', message: text });
    expect(s.lastState.terminated).toMatchObject({ exitCode: 128, reason: 'StartError', message: text, startedAt: '1970-01-01T00:00:00Z' });
    expect(s.started).toBe(false);
    expect(status(c, 'nf').phase).toBe('Pending');
    expect(evs(c, 'nf').filter((e) => e.reason === 'Failed').map((e) => e.message)).toEqual([`Error: ${text}`]);
    expect(evs(c, 'nf').some((e) => e.reason === 'Started')).toBe(false);
    c.advance(60_000);
    expect(cs(c, 'nf').state.waiting.reason).toBe('CrashLoopBackOff');
  });

  it('runs the Spring Boot discovery service built for amd64, and fails the arm64 build with exec format error', () => {
    const good = clusterWith(harborRegistry('amd64'), 16);
    pod(good, 'discovery', { image: 'msa.harbor.com/discovery-service', ports: [{ containerPort: 8761 }] });
    good.settle();
    good.advance(10_000);
    const logs = texts(good, 'discovery');
    expect(logs.slice(0, 9)).toEqual([
      '',
      '  .   ____          _            __ _ _',
      " /\\\\ / ___'_ __ _ _(_)_ __  __ _ \\ \\ \\ \\",
      "( ( )\\___ | '_ | '_| | '_ \\/ _` | \\ \\ \\ \\",
      " \\\\/  ___)| |_)| | | | | || (_| |  ) ) ) )",
      "  '  |____| .__|_| |_|_| |_\\__, | / / / /",
      ' =========|_|==============|___/=/_/_/_/',
      ' :: Spring Boot ::                (v3.1.5)',
      '',
    ]);
    expect(logs[9]).toMatch(/^2026-11-22T01:00:\d\d\.\d{3}Z  INFO 1 --- \[           main\] c\.e\.d\.DiscoveryServiceApplication        : Starting DiscoveryServiceApplication v0\.0\.1-SNAPSHOT using Java 17\.0\.2 with PID 1 \(\/app\.jar started by root in \/\)$/);
    expect(logs.some((l) => l.endsWith("Tomcat started on port(s): 8761 (http) with context path ''"))).toBe(true);
    expect(logs.some((l) => /: Started DiscoveryServiceApplication in \d+\.\d+ seconds \(process running for \d+\.\d+\)$/.test(l))).toBe(true);
    expect(cs(good, 'discovery').state.running).toBeDefined();
    expect(good.runtime.serve('default', 'discovery', 8761, { method: 'GET', path: '/', clientIP: '10.32.0.1', userAgent: 'curl/7.29.0' })!.body).toContain('<title>Eureka</title>');

    const bad = clusterWith(harborRegistry('arm64'), 16);
    pod(bad, 'discovery', { image: 'msa.harbor.com/discovery-service' });
    bad.advance(30_000);
    const s = cs(bad, 'discovery');
    expect(s.restartCount).toBeGreaterThanOrEqual(1);
    expect(s.lastState.terminated).toMatchObject({ exitCode: 255, reason: 'Error' });
    expect(texts(bad, 'discovery', true)).toEqual(['exec /usr/local/openjdk-17/bin/java: exec format error']);
    expect(bad.runtime.logs('default', 'discovery', 'discovery', { previous: true })![0]!.stream).toBe('stderr');
    bad.advance(60_000);
    expect(cs(bad, 'discovery').state.waiting?.reason).toBe('CrashLoopBackOff');
    expect(bad.runtime.exec('default', 'discovery', 'discovery')).toBeUndefined();
  });

  it('gives each running container its own root file system, environment, tools and processes', () => {
    const c = createCluster({ seed: 17 });
    c.api.create({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'my-db', namespace: 'default' }, spec: { selector: { app: 'db' }, ports: [{ port: 3306 }] } });
    pod(c, 'web', { image: 'nginx', env: [{ name: 'GREETING', value: 'hi' }, { name: 'MY_POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }] });
    pod(c, 'box', { image: 'busybox', command: ['sleep', '3600'] });
    c.settle();
    const web = c.runtime.exec('default', 'web', 'web')!;
    expect(web.distro).toBe('debian');
    expect(web.fs.read('/etc/os-release')).toContain('PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"');
    expect(web.fs.read('/usr/share/nginx/html/index.html')).toContain('Welcome to nginx!');
    expect(web.fs.read('/etc/nginx/conf.d/default.conf')).toContain('listen       80;');
    expect(web.env).toMatchObject({ HOSTNAME: 'web', GREETING: 'hi', MY_POD: 'web', KUBERNETES_SERVICE_HOST: '10.96.0.1', KUBERNETES_SERVICE_PORT: '443', MY_DB_SERVICE_PORT: '3306', NGINX_VERSION: '1.27.3', HOME: '/root' });
    expect(web.which('bash')).toBeDefined();
    expect(web.which('curl')).toBeDefined();
    expect(web.which('ps')).toBeUndefined();
    expect(web.processes().map((p) => `${p.pid} ${p.command}`)).toEqual(['1 nginx: master process nginx -g daemon off;', '29 nginx: worker process', '30 nginx: worker process']);
    const box = c.runtime.exec('default', 'box', 'box')!;
    expect(box.distro).toBe('busybox');
    expect(box.fs.exists('/etc/os-release')).toBe(false);
    expect(box.which('wget')).toBe('/bin/wget');
    expect(box.which('bash')).toBeUndefined();
    expect(box.processes()[0]).toMatchObject({ pid: 1, command: 'sleep 3600' });
    // writes stay in that container
    web.fs.write('/usr/share/nginx/html/index.html', 'changed\n');
    expect(c.runtime.serve('default', 'web', 80, { method: 'GET', path: '/', clientIP: '10.32.0.1', userAgent: 'curl/7.29.0' })!.body).toBe('changed\n');
    pod(c, 'web2', { image: 'nginx' });
    c.settle();
    expect(c.runtime.exec('default', 'web2', 'web2')!.fs.read('/usr/share/nginx/html/index.html')).toContain('Welcome to nginx!');
  });

  it('starts a restarted container from the image again: writes vanish', () => {
    const c = createCluster({ seed: 18 });
    pod(c, 'short', { image: 'busybox', command: ['sh', '-c', 'echo up; sleep 20'] });
    c.settle({ maxMs: 5000 });
    c.runtime.exec('default', 'short', 'short')!.fs.write('/tmp/note', 'x');
    c.advance(25_000);
    const env = c.runtime.exec('default', 'short', 'short')!;
    expect(cs(c, 'short').restartCount).toBe(1);
    expect(env.fs.exists('/tmp/note')).toBe(false);
  });

  it('is deterministic: the same seed gives the same logs, ids and timestamps', () => {
    const run = () => {
      const c = createCluster({ seed: 19 });
      pod(c, 'web', { image: 'nginx' });
      pod(c, 'loop', { image: 'busybox', command: ['sh', '-c', 'while true; do date; sleep 3; done'] });
      c.advance(20_000);
      return JSON.stringify([c.runtime.logs('default', 'web', 'web'), c.runtime.logs('default', 'loop', 'loop'), cs(c, 'web').containerID]);
    };
    expect(run()).toBe(run());
  });

  it('follows a running container: lines arrive as time passes, and it ends when the process exits', () => {
    const c = createCluster({ seed: 20 });
    pod(c, 'count', { image: 'busybox', command: ['sh', '-c', 'for i in 1 2 3; do echo $i; sleep 2; done'] }, { restartPolicy: 'Never' });
    c.advance(2500);
    const got: string[] = [];
    let ended = false;
    c.runtime.follow('default', 'count', 'count', (l) => got.push(l.text), () => (ended = true));
    expect(got).toEqual([]);
    c.advance(10_000);
    expect(got.length).toBeGreaterThanOrEqual(1);
    expect(ended).toBe(true);
    expect(texts(c, 'count')).toEqual(['1', '2', '3']);
  });
});

describe('the container shell', () => {
  const run = (script: string) => {
    const fs = createFileSystem(() => 0);
    fs.mkdir('/etc', { parents: true });
    fs.write('/etc/motd', 'hello file\n');
    const out: string[] = [];
    let t = Date.UTC(2026, 10, 22, 1, 0, 0);
    const gen = runShell(script, { vars: { HOME: '/root', NAME: 'kube' }, fs, tools: ['sh', 'cat', 'echo'], flavor: 'ash', now: () => t, hostname: 'pod-x', name: 'sh', args: [] });
    for (;;) {
      const r = gen.next();
      if (r.done) return { out: out.join(''), code: r.value, t };
      if (r.value.kind === 'write') out.push(r.value.stream === 'stderr' ? `E:${r.value.text}` : r.value.text);
      else if (r.value.kind === 'sleep') t += r.value.ms;
    }
  };
  it('runs the classic pod one-liners', () => {
    expect(run('echo hello $NAME; echo "a  b"; false || echo recovered && echo chained')).toMatchObject({ out: 'hello kube\na  b\nrecovered\nchained\n', code: 0 });
    expect(run('for i in 1 2 3; do echo $((i * 2)); done; exit 4')).toMatchObject({ out: '2\n4\n6\n', code: 4 });
    expect(run('i=0; while [ $i -lt 3 ]; do echo $i; i=$((i+1)); sleep 1; done').out).toBe('0\n1\n2\n');
    expect(run('cat /etc/motd; cat /nope').out).toBe("hello file\nE:cat: can't open '/nope': No such file or directory\n");
    expect(run('nosuch arg')).toMatchObject({ out: 'E:sh: nosuch: not found\n', code: 127 });
    expect(run('date; hostname').out).toBe('Sun Nov 22 01:00:00 UTC 2026\npod-x\n');
    expect(run('if [ -f /etc/motd ]; then echo yes; else echo no; fi').out).toBe('yes\n');
    expect(run('echo "unterminated').code).toBe(2);
  });
});

describe('the node under the kubelet', () => {
  it('pulls through the node: its /etc/hosts decides whether the Harbor name resolves', () => {
    const c = createCluster({ seed: 21 });
    pod(c, 'discovery', { image: 'msa.harbor.com/discovery-service' });
    c.advance(5000);
    const failed = evs(c, 'discovery').filter((e) => e.reason === 'Failed').map((e) => e.message);
    expect(failed).toContain(
      'Failed to pull image "msa.harbor.com/discovery-service": rpc error: code = Unknown desc = failed to pull and unpack image "msa.harbor.com/discovery-service:latest": failed to resolve reference "msa.harbor.com/discovery-service:latest": failed to do request: Head "https://msa.harbor.com/v2/discovery-service/manifests/latest": dial tcp: lookup msa.harbor.com on 10.0.2.3:53: no such host',
    );
    expect(status(c, 'discovery').phase).toBe('Pending');
    expect(cs(c, 'discovery').ready).toBe(false);
    c.advance(20_000);
    const w = cs(c, 'discovery').state.waiting;
    expect(w.reason).toBe('ImagePullBackOff');
    expect(w.message).toMatch(/^Back-off pulling image "msa\.harbor\.com\/discovery-service": ErrImagePull: rpc error: code = Unknown desc = /);
  });

  it('cannot create sandboxes while containerd is down, and the node reports NotReady; Unknown when the kubelet stops', () => {
    const c = createCluster({ seed: 22 });
    const m = c.hosts.machine('node1')!;
    m.unit('containerd')!.stop();
    pod(c, 'p', { image: 'nginx' });
    c.advance(30_000);
    const ready = () => c.api.get('nodes', undefined, 'node1').status.conditions.find((x: any) => x.type === 'Ready');
    expect(ready()).toMatchObject({ status: 'False', reason: 'KubeletNotReady', message: 'container runtime is down' });
    const sandbox = evs(c, 'p').find((e) => e.reason === 'FailedCreatePodSandBox');
    expect(sandbox.type).toBe('Warning');
    expect(sandbox.message).toBe('Failed to create pod sandbox: rpc error: code = Unavailable desc = connection error: desc = "transport: Error while dialing: dial unix /run/containerd/containerd.sock: connect: no such file or directory"');
    expect(cs(c, 'p').state.waiting.reason).toBe('ContainerCreating');
    m.unit('containerd')!.start();
    c.advance(30_000);
    expect(ready()).toMatchObject({ status: 'True', reason: 'KubeletReady' });
    expect(status(c, 'p').phase).toBe('Running');
    m.unit('kubelet')!.stop();
    c.advance(30_000);
    expect(ready().status).toBe('True');
    c.advance(30_000);
    expect(ready()).toMatchObject({ status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' });
  });
});

describe('the notes: the discovery service from Harbor', () => {
  it('goes ErrImagePull → fixed nodes → the arm64 build crash-loops with exec format error → the amd64 build runs', () => {
    const c = createCluster({ seed: 23 });
    const harbor = c.hosts.registries.harbor;
    const jdk = c.hosts.registries.publicImage({ raw: 'openjdk:17-jdk-slim', domain: 'docker.io', path: 'library/openjdk', repository: 'docker.io/library/openjdk', tag: '17-jdk-slim', canonical: 'docker.io/library/openjdk:17-jdk-slim' }, 'arm64')!;
    const config = { ...jdk.content.config, entrypoint: ['java', '-jar', '/app.jar'], cmd: undefined, exposedPorts: ['8761/tcp'] };
    const program = programForConfig(jdk.content.program, config, 'discovery-service');
    harbor.seed('discovery-service', 'latest', { digest: `sha256:${'ab'.repeat(32)}`, manifestSize: 1788, image: { ...jdk.content, architecture: 'arm64', config, program }, pushedAt: c.clock.now() });
    c.api.create({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'discovery-deploy', namespace: 'default', labels: { app: 'discovery' } },
      spec: { replicas: 1, selector: { matchLabels: { app: 'discovery' } }, template: { metadata: { labels: { app: 'discovery' } }, spec: { containers: [{ name: 'discovery-service', image: 'msa.harbor.com/discovery-service', ports: [{ containerPort: 8761 }] }] } } },
    });
    c.advance(30_000);
    const podName = () => c.api.list('pods', 'default', { labelSelector: 'app=discovery' })[0]!.metadata.name;
    const st = () => c.api.get('pods', 'default', podName()).status.containerStatuses[0];
    expect(['ErrImagePull', 'ImagePullBackOff']).toContain(st().state.waiting.reason);
    // the notes' fix on every worker: the Harbor name in /etc/hosts, plain HTTP for it in containerd
    for (const n of ['node1', 'node2', 'node3']) {
      const m = c.hosts.machine(n)!;
      m.fs.append('/etc/hosts', '10.0.2.20 msa.harbor.com\n');
      const path = '/etc/containerd/config.toml';
      m.fs.write(path, m.fs.read(path).replace('      [plugins."io.containerd.grpc.v1.cri".registry.mirrors]\n', '      [plugins."io.containerd.grpc.v1.cri".registry.mirrors]\n        [plugins."io.containerd.grpc.v1.cri".registry.mirrors."msa.harbor.com"]\n          endpoint = ["http://msa.harbor.com"]\n'));
      m.unit('containerd')!.restart();
    }
    c.advance(5 * 60_000);
    expect(st().lastState.terminated).toMatchObject({ exitCode: 255, reason: 'Error' });
    expect(st().state.waiting?.reason ?? 'Running').toMatch(/CrashLoopBackOff|Running/);
    expect(c.runtime.logs('default', podName(), 'discovery-service', { containerID: st().lastState.terminated.containerID })!.map((l) => l.text)).toEqual(['exec /usr/local/openjdk-17/bin/java: exec format error']);
    // rebuilt with --platform linux/amd64 and pushed under the same tag; the Deployment is restarted
    const amd = c.hosts.registries.publicImage({ raw: 'openjdk:17-jdk-slim', domain: 'docker.io', path: 'library/openjdk', repository: 'docker.io/library/openjdk', tag: '17-jdk-slim', canonical: 'docker.io/library/openjdk:17-jdk-slim' }, 'amd64')!;
    harbor.seed('discovery-service', 'latest', { digest: `sha256:${'cd'.repeat(32)}`, manifestSize: 1788, image: { ...amd.content, architecture: 'amd64', config, program }, pushedAt: c.clock.now() });
    c.api.patch('deployments', 'default', 'discovery-deploy', (d) => {
      d.spec.template.metadata.annotations = { 'kubectl.kubernetes.io/restartedAt': '2026-11-22T01:10:00Z' };
    });
    c.advance(60_000);
    const pods = c.api.list('pods', 'default', { labelSelector: 'app=discovery' });
    expect(pods).toHaveLength(1);
    const s = pods[0]!.status.containerStatuses[0];
    expect(s.state.running).toBeDefined();
    expect(s.restartCount).toBe(0);
    expect(s.imageID).toBe(`msa.harbor.com/discovery-service@sha256:${'cd'.repeat(32)}`);
    expect(c.runtime.logs('default', pods[0]!.metadata.name, 'discovery-service')!.some((l) => /Started DiscoveryServiceApplication in [\d.]+ seconds \(process running for [\d.]+\)$/.test(l.text))).toBe(true);
    expect(c.runtime.listening('default', pods[0]!.metadata.name)).toEqual([8761]);
  });
});
