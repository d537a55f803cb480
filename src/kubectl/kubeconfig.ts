// How kubectl finds its cluster: --kubeconfig, else $KUBECONFIG (a colon list), else ~/.kube/config, read
// from the machine it runs on; then whether that server answers from there (the machine network model).
import { parseDocument } from 'yaml';
import type { Cluster, FileSystem, NetResult } from '../cluster/types.ts';
import { machinesOf } from '../cluster/hosts/index.ts';
import type { ProgramContext } from './context.ts';
import type { Invocation } from './invocation.ts';
import { deepFreeze } from '../cluster/etcd.ts';

export interface KubeconfigCluster {
  name: string;
  server: string;
  [field: string]: unknown;
}
export interface KubeconfigContext {
  name: string;
  cluster: string;
  user: string;
  namespace?: string;
}

/** The merged view kubectl works with (first file wins for each name and for current-context). */
export interface KubeconfigView {
  /** the files that exist and were read, in order */
  files: string[];
  /** each file's parsed document (for `config view`) */
  docs: Record<string, unknown>[];
  clusters: KubeconfigCluster[];
  contexts: KubeconfigContext[];
  users: { name: string; user: Record<string, unknown> }[];
  currentContext: string;
}

export type LoadResult = { ok: true; view: KubeconfigView } | { ok: false; message: string };

/** The default server of a client without any configuration. */
export const DEFAULT_SERVER = 'http://localhost:8080';

/** Which files kubectl reads: the explicit flag, else the $KUBECONFIG list, else ~/.kube/config. */
export function kubeconfigPaths(env: Record<string, string>, flag?: string): { paths: string[]; explicit: boolean } {
  if (flag) return { paths: [flag], explicit: true };
  const list = (env.KUBECONFIG ?? '').split(':').filter(Boolean);
  if (list.length) return { paths: [...new Set(list)], explicit: false };
  return { paths: [`${env.HOME || '/root'}/.kube/config`], explicit: false };
}

/** go-yaml's wording for what eemeli/yaml reports (the messages sigs.k8s.io/yaml prints). */
function goYamlError(text: string): string | undefined {
  const doc = parseDocument(text);
  const e = doc.errors[0];
  if (!e) return undefined;
  const [from, to] = e.linePos ?? [{ line: 1, col: 1 }, { line: 1, col: 1 }];
  const end = to ?? from;
  switch (e.code) {
    case 'TAB_AS_INDENT':
      return 'yaml: found character that cannot start any token';
    case 'BLOCK_AS_IMPLICIT_KEY':
    case 'MULTILINE_IMPLICIT_KEY':
      // go-yaml stops at the line of the second `:`, the end of the multi-line key
      return `yaml: line ${Math.max(end.line, ...doc.errors.map((x) => x.linePos?.[1]?.line ?? 0))}: mapping values are not allowed in this context`;
    case 'MISSING_CHAR':
      if (/quote/i.test(e.message)) return `yaml: line ${from.line}: found unexpected end of stream`;
      return `yaml: line ${from.line + 1}: could not find expected ':'`;
    case 'BAD_INDENT': {
      const line = Math.max(1, from.line - 1);
      const src = text.split('\n')[line - 1] ?? '';
      return /\[\s*$/.test(src) ? `yaml: line ${line}: did not find expected node content` : `yaml: line ${line}: did not find expected ',' or ']'`;
    }
    default:
      return `yaml: line ${from.line}: did not find expected key`;
  }
}

/** Parsed kubeconfig texts: every kubectl call reads the same file, so each text is parsed once (results are frozen). */
const parsed = new Map<string, { bad?: string; data?: unknown }>();
function parseKubeconfig(text: string): { bad?: string; data?: unknown } {
  let hit = parsed.get(text);
  if (!hit) {
    const bad = goYamlError(text);
    hit = bad ? { bad } : { data: deepFreeze(parseDocument(text).toJS() as unknown) };
    if (parsed.size >= 64) parsed.delete(parsed.keys().next().value!);
    parsed.set(text, hit);
  }
  return hit;
}

const asList = (v: unknown): Record<string, unknown>[] => (Array.isArray(v) ? v.filter((x): x is Record<string, unknown> => !!x && typeof x === 'object') : []);

/** Read and merge the kubeconfig files as client-go's loading rules do. */
export function loadKubeconfig(fs: FileSystem, env: Record<string, string>, flag?: string): LoadResult {
  const { paths, explicit } = kubeconfigPaths(env, flag);
  const view: KubeconfigView = { files: [], docs: [], clusters: [], contexts: [], users: [], currentContext: '' };
  for (const path of paths) {
    if (!fs.exists(path) || fs.isDir(path)) {
      // an explicit --kubeconfig must exist; missing $KUBECONFIG entries are skipped
      if (explicit) return { ok: false, message: `error: stat ${path}: no such file or directory\n` };
      continue;
    }
    const text = fs.read(path);
    const { bad, data } = parseKubeconfig(text);
    if (bad) return { ok: false, message: `error: error loading config file "${path}": ${bad}\n` };
    if (data !== null && data !== undefined && (typeof data !== 'object' || Array.isArray(data))) {
      const kind = Array.isArray(data) ? 'array' : typeof data === 'number' ? 'number' : typeof data === 'boolean' ? 'bool' : 'string';
      return {
        ok: false,
        message: `error: error loading config file "${path}": couldn't get version/kind; json parse error: json: cannot unmarshal ${kind} into Go value of type struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }\n`,
      };
    }
    const doc = (data ?? {}) as Record<string, unknown>;
    view.files.push(path);
    view.docs.push(doc);
    for (const c of asList(doc.clusters)) {
      const name = String(c.name ?? '');
      if (view.clusters.some((x) => x.name === name)) continue;
      const body = (c.cluster ?? {}) as Record<string, unknown>;
      view.clusters.push({ ...body, name, server: String(body.server ?? '') });
    }
    for (const c of asList(doc.contexts)) {
      const name = String(c.name ?? '');
      if (view.contexts.some((x) => x.name === name)) continue;
      const body = (c.context ?? {}) as Record<string, unknown>;
      view.contexts.push({ name, cluster: String(body.cluster ?? ''), user: String(body.user ?? ''), ...(body.namespace ? { namespace: String(body.namespace) } : {}) });
    }
    for (const u of asList(doc.users)) {
      const name = String(u.name ?? '');
      if (view.users.some((x) => x.name === name)) continue;
      view.users.push({ name, user: (u.user ?? {}) as Record<string, unknown> });
    }
    if (!view.currentContext && typeof doc['current-context'] === 'string') view.currentContext = doc['current-context'];
  }
  return { ok: true, view };
}

/** The server URL the view points at (no context or no cluster: the localhost:8080 default). */
export function serverOf(view: KubeconfigView, context?: string): string {
  const ctx = view.contexts.find((c) => c.name === (context || view.currentContext));
  const cluster = ctx ? view.clusters.find((c) => c.name === ctx.cluster) : undefined;
  return cluster?.server || DEFAULT_SERVER;
}

/** How connecting to the server went. */
export type Reach = { ok: true } | { ok: false; refused: boolean; dial: string };

interface Endpoint {
  scheme: 'http' | 'https';
  host: string;
  port: number;
  /** `localhost:8080`, `10.0.2.15:6443` */
  hostPort: string;
}

export function parseServer(server: string): Endpoint {
  const m = /^(https?):\/\/(\[[^\]]+\]|[^/:]+)(?::(\d+))?/.exec(server);
  const scheme = (m?.[1] ?? 'https') as 'http' | 'https';
  const host = m?.[2] ?? server.replace(/^\w+:\/\//, '').split(/[/:]/)[0]!;
  const port = m?.[3] ? Number(m[3]) : scheme === 'https' ? 443 : 80;
  return { scheme, host, port, hostPort: `${host}:${port}` };
}

/** Ask the machine network whether `server` answers from `host`. Clusters without a network model always answer. */
export function reachServer(cluster: Cluster, host: string, server: string): Reach {
  const net = cluster.net;
  if (!net) return { ok: true };
  const ep = parseServer(server);
  const r: NetResult = net.request({ kind: 'host', host }, ep.host, ep.port, { scheme: ep.scheme, method: 'GET', path: '/api?timeout=32s', headers: {}, probe: true });
  if (r.ok) return { ok: true };
  const ip = r.ip ?? (ep.host === 'localhost' ? '127.0.0.1' : ep.host);
  const addr = `${ip}:${ep.port}`;
  switch (r.error) {
    case 'refused':
      return { ok: false, refused: true, dial: `dial tcp ${addr}: connect: connection refused` };
    case 'unreachable':
      return { ok: false, refused: false, dial: `dial tcp ${addr}: connect: no route to host` };
    case 'timeout':
      return { ok: false, refused: false, dial: `dial tcp ${addr}: i/o timeout` };
    case 'reset':
      return { ok: false, refused: false, dial: `read tcp ${addr}: read: connection reset by peer` };
    default: {
      const ns = machinesOf(cluster.hosts)?.machine(host)?.nameserver() ?? '10.0.2.3:53';
      return { ok: false, refused: false, dial: `dial tcp: lookup ${ep.host} on ${ns}: no such host` };
    }
  }
}

/** The last line kubectl prints when the server cannot be reached. */
export function unreachableText(server: string, reach: Extract<Reach, { ok: false }>): string {
  if (reach.refused) return `The connection to the server ${parseServer(server).hostPort} was refused - did you specify the right host or port?\n`;
  return `Unable to connect to the server: ${reach.dial}\n`;
}

/** klog's header: `E1122 07:05:29.653453   18635 memcache.go:265] ` at virtual time `ms` (+`us` microseconds). */
export function klogLine(ms: number, us: number, pid: number, text: string): string {
  const d = new Date(ms);
  const p2 = (n: number) => String(n).padStart(2, '0');
  const micros = (d.getUTCMilliseconds() * 1000 + us) % 1_000_000;
  return `E${p2(d.getUTCMonth() + 1)}${p2(d.getUTCDate())} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}.${String(micros).padStart(6, '0')} ${String(pid).padStart(7)} memcache.go:265] ${text}\n`;
}

/** The discovery failures client-go's memcache logs before giving up (one per retry). */
export function memcacheLines(cluster: Cluster, server: string, dial: string, count: number): string {
  const now = cluster.clock.now();
  // a plausible pid without drawing from the seeded random (kubectl is a new process each time)
  const pid = 18000 + (Math.floor(now / 1000) * 7919) % 9000;
  let out = '';
  for (let i = 0; i < count; i++) {
    out += klogLine(now, 1200 + i * 1537, pid, `"Unhandled Error" err="couldn't get current server API group list: Get \\"${server.replace(/\/$/, '')}/api?timeout=32s\\": ${dial}"`);
  }
  return out;
}

/** What a kubectl invocation on `host` would reach, given the files on that machine. */
export type Access = { ok: true; server: string } | { ok: false; message: string };

/** The variables a fresh root login shell on `host` has: HOME, and KUBECONFIG when ~/.bashrc or ~/.bash_profile exports it. */
export function loginEnv(fs: FileSystem, env: Record<string, string> = {}): Record<string, string> {
  const out: Record<string, string> = { HOME: '/root', ...env };
  if (out.KUBECONFIG !== undefined) return out;
  for (const f of ['/etc/profile', '/root/.bash_profile', '/root/.bashrc']) {
    if (!fs.exists(f) || fs.isDir(f)) continue;
    for (const line of fs.read(f).split('\n')) {
      const m = /^\s*export\s+KUBECONFIG=(["']?)([^"'\s]*)\1\s*(?:#.*)?$/.exec(line);
      if (m) out.KUBECONFIG = m[2]!.replace(/^\$HOME|^~/, out.HOME!);
    }
  }
  return out;
}

/**
 * Whether `kubectl` run by root on `host` reaches a server: the lab's "kubectl works for root" check.
 * Reads the machine's files (~/.kube/config, $KUBECONFIG from ~/.bashrc) and asks the network.
 */
export function kubectlAccess(cluster: Cluster, host: string, env?: Record<string, string>): Access {
  const machine = machinesOf(cluster.hosts)?.machine(host);
  const fs = machine?.fs ?? cluster.hosts.get(host)?.fs;
  if (!fs) return { ok: false, message: `no machine ${host}` };
  if (machine && !machine.os.hasCommand('kubectl')) return { ok: false, message: 'bash: kubectl: command not found\n' };
  const loaded = loadKubeconfig(fs, loginEnv(fs, env));
  if (!loaded.ok) return { ok: false, message: loaded.message };
  const server = serverOf(loaded.view);
  const reach = reachServer(cluster, host, server);
  if (!reach.ok) return { ok: false, message: unreachableText(server, reach) };
  return { ok: true, server };
}

/** The connection a kubectl invocation uses: the simulated API server, or why it cannot get there. */
export type Connection = { ok: true; server: string } | { ok: false; server: string; reach: Extract<Reach, { ok: false }> } | { ok: false; server?: undefined; message: string };

/**
 * Resolve the kubeconfig on the machine kubectl runs on and check the server answers from there.
 * Only machines of the machine model are checked: a plain test cluster always answers.
 */
export function connect(ctx: ProgramContext, opts: { kubeconfig?: string; server?: string; context?: string } = {}): Connection {
  const machine = ctx.host ? machinesOf(ctx.cluster.hosts)?.machine(ctx.host) : undefined;
  // a caller that hands kubectl other files than the machine's (unit tests' memory fs) is not gated
  if (!machine || !ctx.host || machine.fs !== ctx.fs) return { ok: true, server: ctx.cluster.serverUrl };
  const loaded = loadKubeconfig(ctx.fs, ctx.env, opts.kubeconfig || undefined);
  if (!loaded.ok) return { ok: false, message: loaded.message };
  const server = opts.server || serverOf(loaded.view, opts.context);
  const reach = reachServer(ctx.cluster, ctx.host, server);
  return reach.ok ? { ok: true, server } : { ok: false, server, reach };
}

/** discovery retries client-go logs per command before the final line */
const DISCOVERY_RETRIES: Record<string, number> = {
  get: 5, describe: 5, delete: 5, scale: 5, expose: 5, label: 5, annotate: 5, patch: 5, 'cluster-info': 5,
  logs: 4, exec: 4, rollout: 4, set: 4, 'port-forward': 4, attach: 4, cordon: 4, uncordon: 4, drain: 4, run: 1,
};

/** Where `kubectl create <sub>` posts (for its `failed to create` error). */
const CREATE_TARGETS: Record<string, { what: string; path: string }> = {
  'create deployment': { what: 'deployment:', path: 'apis/apps/v1/namespaces/NS/deployments' },
  'create ingress': { what: 'ingress:', path: 'apis/networking.k8s.io/v1/namespaces/NS/ingresses' },
  'create service clusterip': { what: 'ClusterIP service:', path: 'api/v1/namespaces/NS/services' },
  'create service nodeport': { what: 'NodePort service:', path: 'api/v1/namespaces/NS/services' },
  'create service loadbalancer': { what: 'LoadBalancer service:', path: 'api/v1/namespaces/NS/services' },
  'create service externalname': { what: 'ExternalName service:', path: 'api/v1/namespaces/NS/services' },
};

/** Commands that never talk to a server (cobra runs them client-side). */
function clientOnly(inv: Invocation): boolean {
  const top = inv.path.split(' ')[0]!;
  if (top === 'completion' || top === 'config' || top === 'options' || top === 'version') return true;
  const dryRun = inv.flags.changed('dry-run') ? inv.flags.str('dry-run') : 'none';
  return top === 'create' && inv.path !== 'create' && dryRun === 'client';
}

/**
 * Before a verb runs: when the server cannot be reached from this machine, print what kubectl v1.32
 * prints for that command and return its exit code; undefined lets the verb run.
 */
export function serverGate(inv: Invocation): number | undefined {
  if (clientOnly(inv)) return undefined;
  const { ctx, flags } = inv;
  const str = (n: string) => (flags.changed(n) ? flags.str(n) : '');
  const c = connect(ctx, { kubeconfig: str('kubeconfig'), server: str('server'), context: str('context') });
  if (c.ok) return undefined;
  if (c.server === undefined) {
    ctx.err(c.message);
    return 1;
  }
  const { server, reach } = c;
  const base = server.replace(/\/$/, '');
  const top = inv.path.split(' ')[0]!;
  const files = flags.changed('filename') ? flags.list('filename').flatMap((f) => f.split(',')) : [];
  if ((top === 'apply' || top === 'create') && files.length) {
    const missing = files.find((f) => !/^https?:\/\//.test(f) && f !== '-' && !ctx.fs.exists(f.startsWith('/') ? f : `${ctx.cwd}/${f}`));
    if (missing) return undefined;
    ctx.err(`error: error validating "${files[0]}": error validating data: failed to download openapi: Get "${base}/openapi/v2?timeout=32s": ${reach.dial}; if you choose to ignore these errors, turn validation off with --validate=false\n`);
    return 1;
  }
  if ((top === 'get' || top === 'delete') && files.length) {
    ctx.err(memcacheLines(ctx.cluster, server, reach.dial, 1) + `${top === 'delete' ? 'error: ' : ''}unable to recognize "${files[0]}": Get "${base}/api?timeout=32s": ${reach.dial}\n`);
    return 1;
  }
  const target = CREATE_TARGETS[inv.path];
  if (target) {
    ctx.err(`error: failed to create ${target.what} Post "${base}/${target.path.replace('NS', inv.namespace)}?fieldManager=kubectl-create&fieldValidation=Strict": ${reach.dial}\n`);
    return 1;
  }
  if (top === 'api-resources') {
    ctx.err(memcacheLines(ctx.cluster, server, reach.dial, 1));
    if (!flags.bool('no-headers') && !flags.str('output')) ctx.out(`NAME   SHORTNAMES   APIVERSION   NAMESPACED   KIND\n`);
    ctx.err(unreachableText(server, reach));
    return 1;
  }
  let text = memcacheLines(ctx.cluster, server, reach.dial, DISCOVERY_RETRIES[top] ?? 0);
  if (top === 'cluster-info') text += `\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n`;
  ctx.err(text + unreachableText(server, reach));
  return 1;
}
