// `npm run bench`: how `kubectl get pods -A` and a scale-up settle grow with the number of pods, and
// what a request through a Service and a DNS lookup cost behind 1,000 endpoints.
// A benchmark, not a test: it prints a table and two verdicts, and never fails the build.
import { createCluster } from '../src/cluster/cluster.ts';
import type { Cluster, KubeObject } from '../src/cluster/types.ts';
import type { ProgramContext } from '../src/kubectl/context.ts';
import { kubectl } from '../src/kubectl/index.ts';
import { benchGrade } from './grade.ts';

const SIZES = [100, 1_000, 10_000];
const FRAME_MS = 16;
/** pods per worker node the bench allows; the default kubelet limit is 110 */
const MAX_PODS = 4_000;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function context(cluster: Cluster, args: string[], sink: { text: string }): ProgramContext {
  return {
    args,
    stdin: null,
    out: (t) => void (sink.text += t),
    err: (t) => void (sink.text += t),
    cluster,
    fs: cluster.hosts.get('master')!.fs,
    cwd: '/root',
    env: { HOME: '/root' },
    sleep: async (ms) => cluster.advance(ms),
    signal: new AbortController().signal,
    tty: false,
    realtime: false,
    columns: 200,
  };
}

/** Raise max pods on every worker, as `--max-pods` on the kubelet would, so 10,000 pods fit on three workers. */
function raiseMaxPods(cluster: Cluster): void {
  for (const node of cluster.api.list('nodes')) {
    if (node.metadata.labels?.['node-role.kubernetes.io/control-plane'] !== undefined) continue;
    const s = structuredClone(node) as KubeObject;
    s.status.capacity = { ...s.status.capacity, pods: String(MAX_PODS) };
    s.status.allocatable = { ...s.status.allocatable, pods: String(MAX_PODS) };
    cluster.api.updateStatus(s);
  }
}

function runningPods(cluster: Cluster): number {
  return cluster.api.list('pods', 'default', { labelSelector: 'app=bench' }).filter((p) => p.status?.phase === 'Running').length;
}

interface Row {
  size: number;
  getMs: number;
  settleMs: number;
  running: number;
  lines: number;
}

async function measure(size: number): Promise<Row> {
  const cluster = createCluster({ seed: 1 });
  cluster.settle();
  raiseMaxPods(cluster);
  cluster.api.create({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'bench', namespace: 'default', labels: { app: 'bench' } },
    spec: {
      replicas: 0,
      selector: { matchLabels: { app: 'bench' } },
      template: { metadata: { labels: { app: 'bench' } }, spec: { containers: [{ name: 'nginx', image: 'nginx' }] } },
    },
  });
  cluster.settle();

  const t0 = performance.now();
  cluster.api.patch('deployments', 'default', 'bench', (d) => {
    d.spec.replicas = size;
  });
  cluster.settle({ maxMs: 60 * 60_000 });
  const settleMs = performance.now() - t0;

  const runs = size >= 10_000 ? 5 : 9;
  const times: number[] = [];
  let lines = 0;
  for (let i = 0; i <= runs; i++) {
    const sink = { text: '' };
    const start = performance.now();
    await kubectl(context(cluster, ['get', 'pods', '-A'], sink));
    const ms = performance.now() - start;
    if (i > 0) times.push(ms); // the first run warms up the JIT
    lines = sink.text.split('\n').length - 2;
  }
  return { size, getMs: median(times), settleMs, running: runningPods(cluster), lines };
}

const fmt = (n: number, digits = 1) => n.toFixed(digits);

/** Requests through a NodePort Service and cluster DNS lookups, with `endpoints` ready pods behind the Service. */
function measureTraffic(endpoints: number): { requestUs: number; lookupUs: number; distinct: number } {
  const cluster = createCluster({ seed: 1 });
  cluster.settle();
  raiseMaxPods(cluster);
  cluster.api.create({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'bench', namespace: 'default', labels: { app: 'bench' } },
    spec: {
      replicas: endpoints,
      selector: { matchLabels: { app: 'bench' } },
      template: { metadata: { labels: { app: 'bench' } }, spec: { containers: [{ name: 'nginx', image: 'nginx' }] } },
    },
  });
  cluster.api.create({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'bench', namespace: 'default' }, spec: { type: 'NodePort', selector: { app: 'bench' }, ports: [{ port: 80 }] } });
  cluster.settle({ maxMs: 60 * 60_000 });
  const net = cluster.net!;
  const nodePort = cluster.api.get('services', 'default', 'bench').spec.ports[0].nodePort as number;
  const from = { kind: 'host' as const, host: 'master' };
  const req = { scheme: 'http' as const, method: 'GET', path: '/', headers: { 'User-Agent': 'curl/7.29.0', Accept: '*/*' } };
  const n = 2_000;
  const served = new Set<string>();
  net.request(from, '10.0.2.16', nodePort, req); // warm up
  let t = performance.now();
  for (let i = 0; i < n; i++) {
    const r = net.request(from, '10.0.2.16', nodePort, req);
    if (r.ok && r.servedBy) served.add(r.servedBy.pod);
  }
  const requestUs = ((performance.now() - t) * 1000) / n;
  const pod = cluster.api.list('pods', 'default', { labelSelector: 'app=bench' })[0]!;
  const origin = { kind: 'pod' as const, namespace: 'default', pod: pod.metadata.name };
  t = performance.now();
  for (let i = 0; i < n; i++) net.lookup(origin, 'bench');
  const lookupUs = ((performance.now() - t) * 1000) / n;
  return { requestUs, lookupUs, distinct: served.size };
}

async function main() {
  console.log(`kubeclass benchmark (Node ${process.version})`);
  console.log(`capacity: the 3 workers' max pods raised from 110 to ${MAX_PODS} (node status pods capacity/allocatable), no extra nodes\n`);
  const rows: Row[] = [];
  for (const size of SIZES) {
    const row = await measure(size);
    rows.push(row);
    if (row.running !== size) console.log(`warning: ${row.running} of ${size} bench pods Running after settle`);
  }
  const header = ['pods', 'get pods -A ms', 'settle ms', 'settle ms/pod', 'get µs/pod', 'rows printed'];
  const table = [header].concat(
    rows.map((r) => [
      r.size.toLocaleString('en-US'),
      fmt(r.getMs, 2),
      fmt(r.settleMs, 0),
      fmt(r.settleMs / r.size, 3),
      fmt((r.getMs * 1000) / r.size, 2),
      String(r.lines),
    ]),
  );
  const widths = header.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
  for (const row of table) console.log(row.map((c, i) => c.padStart(widths[i]!)).join('  '));

  const k = rows.find((r) => r.size === 1_000)!;
  console.log(`\nget pods -A at 1,000 pods: ${fmt(k.getMs, 2)} ms — ${k.getMs <= FRAME_MS ? 'meets' : 'MISSES'} the ${FRAME_MS} ms frame budget`);
  const growth = (key: 'getMs' | 'settleMs', label: string) => {
    const parts: string[] = [];
    let linear = true;
    for (let i = 1; i < rows.length; i++) {
      const a = rows[i - 1]!;
      const b = rows[i]!;
      const perPod = b[key] / b.size / (a[key] / a.size);
      parts.push(`${a.size}→${b.size}: ×${fmt(b[key] / a[key])} time, ×${fmt(perPod, 2)} per pod`);
      // per-pod cost within 2x either way counts as linear; small sizes carry fixed overhead
      if (perPod > 2) linear = false;
    }
    console.log(`${label}: ${linear ? '~linear' : 'SUPERLINEAR'} (${parts.join('; ')})`);
  };
  growth('getMs', 'get pods -A growth');
  growth('settleMs', 'settle growth');

  console.log('\ntraffic (NodePort request from master to node1; DNS lookup of the Service name from a pod)');
  for (const endpoints of [10, 1_000]) {
    const t = measureTraffic(endpoints);
    console.log(`  ${String(endpoints).padStart(5)} endpoints: ${fmt(t.requestUs, 1)} µs/request (${t.distinct} pods answered 2,000 requests), ${fmt(t.lookupUs, 1)} µs/lookup`);
  }

  await benchGrade(1000);
}

await main();
