import { describe, expect, it } from 'vitest';
import type { ProgramContext } from '../../src/kubectl/context.ts';
import { loadLab } from '../../src/labs/load.ts';
import { parseLab } from '../../src/labs/parse.ts';
import { createLabProgram } from '../../src/labs/program.ts';
import { createLabSession } from '../../src/labs/runtime.ts';
import type { LabProgress, LabSession } from '../../src/labs/runtime.ts';

const lab = loadLab('scale-deployment');
const ids = ['create-deployment', 'scaled', 'all-ready', 'pod-replaced'];

function createMynginx(s: LabSession, replicas = 1) {
  s.cluster.api.create({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'mynginx', namespace: 'default', labels: { app: 'mynginx' } },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'mynginx' } },
      template: { metadata: { labels: { app: 'mynginx' } }, spec: { containers: [{ name: 'nginx', image: 'nginx' }] } },
    },
  });
}

const tick = () => new Promise((r) => setTimeout(r, 0));

/** Run the `lab` program with args; returns what it printed and its exit code. */
async function lab_(s: LabSession, args: string[], opts: { allowSolution?: boolean; tty?: boolean } = {}) {
  let out = '';
  let err = '';
  const ctx: ProgramContext = {
    args,
    stdin: null,
    out: (t) => void (out += t),
    err: (t) => void (err += t),
    cluster: s.cluster,
    fs: s.cluster.hosts.get('master')!.fs,
    cwd: '/root',
    env: {},
    sleep: async (ms) => s.cluster.advance(ms),
    signal: new AbortController().signal,
    tty: opts.tty ?? false,
    realtime: false,
    columns: 80,
  };
  const code = await createLabProgram(s, { allowSolution: opts.allowSolution })(ctx);
  return { code, out, err };
}

describe('lab session', () => {
  it('starts on the kubeadm cluster with every checkpoint open', async () => {
    const s = await createLabSession({ lab, realtime: false });
    expect(s.cluster.api.list('nodes').map((n) => n.metadata.name)).toEqual(['master', 'node1', 'node2', 'node3']);
    const results = s.evaluate();
    expect(results.map((r) => r.id)).toEqual(ids);
    expect(results.map((r) => r.taskId)).toEqual(['create', 'scale', 'scale', 'self-heal']);
    expect(results.filter((r) => r.passed)).toEqual([]);
    expect(results[0]!.detail).toBe('no deployment "mynginx" in namespace default');
  });

  it('reports progress as the cluster changes, and only when something changed', async () => {
    const s = await createLabSession({ lab, realtime: false });
    const seen: LabProgress[] = [];
    s.onProgress((p) => seen.push(p));
    createMynginx(s);
    s.cluster.settle();
    await tick();
    expect(seen.length).toBeGreaterThan(0);
    const last = seen.at(-1)!;
    expect(last.results.find((r) => r.id === 'create-deployment')!.passed).toBe(true);
    expect(last).toMatchObject({ passed: 1, total: 4, points: 1, maxPoints: 4, complete: false, achieved: ['create-deployment'] });
    const count = seen.length;
    s.cluster.advance(60_000);
    await tick();
    expect(seen.length).toBe(count);
  });

  it('remembers achieved checkpoints after the state moves on', async () => {
    const s = await createLabSession({ lab, realtime: false });
    createMynginx(s);
    s.cluster.settle();
    expect(s.progress().achieved).toEqual(['create-deployment']);
    s.cluster.api.delete('deployments', 'default', 'mynginx');
    s.cluster.settle();
    const p = s.progress();
    expect(p.passed).toBe(0);
    expect(p.achieved).toEqual(['create-deployment']);
  });

  it('gives the next hint of the first open task, one more per call', async () => {
    const s = await createLabSession({ lab, realtime: false });
    const first = s.nextHint()!;
    expect(first).toMatchObject({ index: 0, total: 3, task: { id: 'create' } });
    expect(first.text).toMatch(/kubectl create deployment/);
    expect(s.nextHint()!.text).toMatch(/kubectl create deployment mynginx --image=nginx/);
    expect(s.nextHint()!.index).toBe(2);
    const none = s.nextHint()!;
    expect(none).toMatchObject({ index: 3, total: 3 });
    expect(none.text).toBeUndefined();
    createMynginx(s);
    s.cluster.settle();
    expect(s.nextHint()).toMatchObject({ index: 0, task: { id: 'scale' } });
  });

  it('reset builds a fresh cluster from the same seed behind the same handle', async () => {
    const s = await createLabSession({ lab, realtime: false });
    const handle = s.cluster;
    const before = s.current;
    const ips = () => s.cluster.api.list('pods', 'kube-system').map((p) => `${p.metadata.name} ${p.status?.podIP}`);
    const startIps = ips();
    createMynginx(s);
    s.cluster.settle();
    expect(s.evaluate()[0]!.passed).toBe(true);
    const resets: unknown[] = [];
    s.onReset((c) => resets.push(c));
    let changes = 0;
    handle.onChange(() => changes++);
    await s.reset();
    expect(s.cluster).toBe(handle);
    expect(s.current).not.toBe(before);
    expect(resets).toEqual([s.current]);
    expect(handle.api.tryGet('deployments', 'default', 'mynginx')).toBeUndefined();
    expect(ips()).toEqual(startIps);
    expect(s.evaluate().every((r) => !r.passed)).toBe(true);
    expect(s.progress().achieved).toEqual([]);
    // listeners registered on the handle follow the new cluster
    const n = changes;
    createMynginx(s);
    s.cluster.settle();
    expect(changes).toBeGreaterThan(n);
  });

  it('another seed gives other names and IPs', async () => {
    const a = await createLabSession({ lab, realtime: false });
    const b = await createLabSession({ lab, realtime: false, seed: 99 });
    expect(b.seed).toBe(99);
    for (const s of [a, b]) {
      createMynginx(s);
      s.cluster.settle();
    }
    const names = (s: LabSession) => s.cluster.api.list('pods', 'default').map((p) => p.metadata.name);
    expect(names(a)).not.toEqual(names(b));
  });

  it('sets up manifests, files and commands from the lab start', async () => {
    const custom = parseLab(`id: custom-start
title: Custom start
chapter: deployments
summary: Starts with things.
start:
  files:
    - { path: web.yaml, content: "apiVersion: v1\\n" }
  manifests:
    - |
      apiVersion: v1
      kind: Namespace
      metadata:
        name: shop
    - |
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: cart
        namespace: shop
      spec:
        replicas: 2
        selector:
          matchLabels: { app: cart }
        template:
          metadata:
            labels: { app: cart }
          spec:
            containers:
              - { name: nginx, image: nginx }
  commands:
    - kubectl create deployment web --image=nginx
tasks:
  - id: t
    title: T
    checkpoints:
      - id: c
        title: C
        check: { type: podsReady, selector: app=cart, namespace: shop, count: 2 }
solution:
  commands: ["true"]
`);
    const s = await createLabSession({ lab: custom, realtime: false });
    expect(s.cluster.hosts.get('master')!.fs.read('/root/web.yaml')).toBe('apiVersion: v1\n');
    expect(s.cluster.api.get('deployments', 'default', 'web').spec.replicas).toBe(1);
    expect(s.evaluate()[0]).toMatchObject({ passed: true, detail: '2 of 2 pods with app=cart Ready' });
  });

  it('refuses to start when a start manifest does not apply, quoting kubectl', async () => {
    const broken = parseLab(`id: broken-start
title: Broken
chapter: deployments
summary: Its manifest is invalid.
start:
  manifests:
    - |
      apiVersion: v1
      kind: Pod
      metadata:
        name: Bad_Name
      spec:
        containers: [{ name: web, image: nginx }]
tasks:
  - id: t
    title: T
    checkpoints:
      - { id: c, title: C, check: { type: exists, resource: pods, name: x } }
solution:
  commands: ["true"]
`);
    await expect(createLabSession({ lab: broken, realtime: false })).rejects.toThrow(/^lab broken-start: start\.manifests\[0\] failed to apply:\n.*Bad_Name/);
  });
});

describe('the lab command', () => {
  it('prints usage when called alone and rejects unknown subcommands', async () => {
    const s = await createLabSession({ lab, realtime: false });
    const alone = await lab_(s, []);
    expect(alone.code).toBe(0);
    expect(alone.out).toMatch(/^Usage: lab <command>/);
    expect(alone.out).toMatch(/status/);
    const bad = await lab_(s, ['frobnicate']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/^lab: unknown command "frobnicate"/);
  });

  it('lab status lists every checkpoint with its state', async () => {
    const s = await createLabSession({ lab, realtime: false });
    createMynginx(s);
    s.cluster.settle();
    const { code, out } = await lab_(s, ['status']);
    expect(code).toBe(0);
    expect(out).toBe(`Scale a Deployment and watch it heal (lab scale-deployment)

1. Create a Deployment
   [x] Deployment mynginx runs the nginx image with one Pod Ready

2. Scale to four replicas
   [ ] The Deployment asks for 4 replicas
   [ ] 4 Pods app=mynginx are Running and Ready

3. Delete a Pod and watch it come back
   [ ] A deleted Pod was replaced; 4 are Ready again, one younger than the others

1 of 4 checkpoints passed. \`lab hint\` helps with the next step.
`);
    const tty = await lab_(s, ['status'], { tty: true });
    expect(tty.out).toMatch(/✔.*Deployment mynginx runs/);
    expect(tty.out).toMatch(/✘.*The Deployment asks for 4 replicas/);
  });

  it('lab hint prints one more hint each call, wrapped to the terminal', async () => {
    const s = await createLabSession({ lab, realtime: false });
    const h1 = await lab_(s, ['hint']);
    expect(h1.out).toMatch(/^Hint 1 of 3 for "Create a Deployment":\n  `kubectl create deployment` makes/);
    expect(h1.out.split('\n').every((l) => l.length <= 80)).toBe(true);
    expect((await lab_(s, ['hint'])).out).toMatch(/^Hint 2 of 3/);
    expect((await lab_(s, ['hint'])).out).toMatch(/^Hint 3 of 3/);
    expect((await lab_(s, ['hint'])).out).toMatch(/^No more hints for "Create a Deployment"/);
  });

  it('lab reset starts over; lab solution is refused unless allowed', async () => {
    const s = await createLabSession({ lab, realtime: false });
    createMynginx(s);
    s.cluster.settle();
    const r = await lab_(s, ['reset']);
    expect(r.out).toMatch(/reset/);
    expect(s.cluster.api.tryGet('deployments', 'default', 'mynginx')).toBeUndefined();
    const refused = await lab_(s, ['solution']);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/for instructors/);
    const allowed = await lab_(s, ['solution'], { allowSolution: true });
    expect(allowed.out).toMatch(/^kubectl create deployment mynginx --image=nginx\n/);
  });
});

describe('the lab cluster handle', () => {
  it('reaches the container runtime, so kubectl logs and exec work in a lab (and after a reset)', async () => {
    const s = await createLabSession({ lab, realtime: false });
    const { replay } = await import('../../src/labs/verify.ts');
    const out = await replay(s, 'kubectl run web --image=nginx\nsleep 20\nkubectl logs web | head -1\nkubectl exec web -- hostname\n');
    expect(out).toContain('/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration\n');
    expect(out).toContain('\nweb\n');
    await s.reset();
    expect(s.cluster.runtime).toBe(s.current.runtime);
    s.dispose();
  });
});

describe('lab session: checks beyond the API', () => {
  const fileLab = parseLab(`id: file-edit
title: File edit
chapter: deployments
summary: A file on a node, no API object.
tasks:
  - id: t
    title: T
    checkpoints:
      - { id: hosts, title: Hosts line, check: { type: file, machine: node1, path: /etc/hosts, line: "10.0.2.20   msa.harbor.com" } }
solution:
  commands: ["true"]
`);

  it('notices a file edit (no watch event) once virtual time passes', async () => {
    const s = await createLabSession({ lab: fileLab, realtime: false });
    const seen: boolean[] = [];
    s.onProgress((p) => seen.push(p.results[0]!.passed));
    expect(s.evaluate()[0]!.passed).toBe(false);
    const fs = s.cluster.hosts.get('node1')!.fs;
    fs.write('/etc/hosts', fs.read('/etc/hosts') + '10.0.2.20   msa.harbor.com\n');
    await tick();
    expect(seen).toEqual([]);
    s.cluster.advance(1000);
    await tick();
    expect(seen).toEqual([true]);
    // nothing changed since: the next look reports nothing
    s.cluster.advance(5000);
    await tick();
    expect(seen).toEqual([true]);
  });
});
