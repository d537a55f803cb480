// Evaluating declarative checks against cluster state (and what the watches observed). One function per check type.
import type { ApiServer, Cluster, ClusterNetwork, Hosts, KubeObject, NetOrigin, NetRequest, NetResult, ResourceInfo } from '../cluster/types.ts';
import { machinesOf, type Machine, type MutableHosts } from '../cluster/hosts/index.ts';
import { parseImageReference } from '../cluster/registry/reference.ts';
import { criEndpoints } from '../cluster/hosts/cri.ts';
import { fstabHasSwap, parseSelinuxConfig, parseSysctlFile, readSelinuxConfig, SELINUX_CONFIG, sysctlFiles, sysctlPath } from '../cluster/hosts/os.ts';
import { kubectlAccess } from '../kubectl/kubeconfig.ts';
import type { Observations } from './observe.ts';
import { getPath } from './path.ts';
import type { Check, Condition, Op } from './schema.ts';
import { matchesSelector } from './selector.ts';

export interface CheckContext {
  api: ApiServer;
  observations: Observations;
  /** the cluster's machines (files, units, resolver, registries, Docker engines); checks on machines fail without them */
  hosts?: Hosts;
  /** the cluster's traffic layer (DNS, Service routing); http and dns checks fail without it */
  net?: ClusterNetwork;
  /** the whole cluster, for checks that run a client the way a user would (kubectlAccess) */
  cluster?: Cluster;
}

export interface CheckOutcome {
  passed: boolean;
  /** why, in a line a learner can read: `deployment mynginx: spec.replicas is 1 (want 4)` */
  detail: string;
}

type Of<T extends Check['type']> = Extract<Check, { type: T }>;

const opText: Record<Op, string> = {
  eq: '',
  ne: 'not ',
  gt: '> ',
  gte: '>= ',
  lt: '< ',
  lte: '<= ',
  matches: 'matching ',
  exists: 'set',
  notExists: 'unset',
};

function show(v: unknown): string {
  if (v === undefined) return 'unset';
  if (typeof v === 'string') return v === '' ? '""' : v;
  return JSON.stringify(v);
}

function want(op: Op, value: unknown): string {
  return op === 'exists' || op === 'notExists' ? `want ${opText[op]}` : `want ${opText[op]}${show(value)}`;
}

/** Compare a field value with op/value. A missing field fails every op except notExists. */
export function compare(actual: unknown, op: Op, value: unknown): boolean {
  const missing = actual === undefined || actual === null;
  if (op === 'notExists') return missing;
  if (missing) return false;
  const text = typeof actual === 'object' ? JSON.stringify(actual) : String(actual);
  switch (op) {
    case 'exists':
      return true;
    case 'eq':
    case 'ne': {
      const same =
        typeof value === 'number' && text.trim() !== '' && Number.isFinite(Number(text)) ? Number(text) === value : text === String(value);
      return op === 'eq' ? same : !same;
    }
    case 'matches':
      return new RegExp(String(value)).test(text);
    default: {
      const a = Number(text);
      const b = Number(value);
      if (!Number.isFinite(a) || !Number.isFinite(b) || text.trim() === '') return false;
      return op === 'gt' ? a > b : op === 'gte' ? a >= b : op === 'lt' ? a < b : a <= b;
    }
  }
}

export function conditionHolds(obj: KubeObject, c: Condition): boolean {
  return compare(getPath(obj, c.path), c.op, c.value);
}

/** Running, Ready=True, and not being deleted. */
export function isPodReady(pod: KubeObject): boolean {
  if (pod.metadata.deletionTimestamp) return false;
  if (pod.status?.phase !== 'Running') return false;
  const ready = (pod.status?.conditions ?? []).find((c: { type?: string }) => c.type === 'Ready');
  return ready?.status === 'True';
}

class CheckFailure extends Error {}

function resolve(api: ApiServer, typed: string): ResourceInfo {
  const info = api.resolve(typed);
  if (!info) throw new CheckFailure(`the server doesn't have a resource type "${typed}"`);
  return info;
}

function nsOf(info: ResourceInfo, namespace: string): string | undefined {
  return !info.namespaced || namespace === '*' ? undefined : namespace;
}

function inNs(info: ResourceInfo, namespace: string): string {
  return info.namespaced && namespace !== '*' ? ` in namespace ${namespace}` : '';
}

function select(
  api: ApiServer,
  c: { resource: string; name?: string; selector?: string; namespace: string; where?: Condition[] },
): { info: ResourceInfo; items: KubeObject[]; what: string } {
  const info = resolve(api, c.resource);
  const ns = nsOf(info, c.namespace);
  let items: KubeObject[];
  if (c.name) {
    const one = ns === undefined && info.namespaced ? api.list(info.plural).filter((o) => o.metadata.name === c.name) : [api.tryGet(info.plural, ns, c.name, { frozenResult: true })];
    items = one.filter((o): o is KubeObject => !!o && matchesSelector(o.metadata.labels, c.selector));
  } else {
    items = api.list(info.plural, ns, c.selector ? { labelSelector: c.selector } : undefined);
  }
  if (c.where?.length) items = items.filter((o) => c.where!.every((w) => conditionHolds(o, w)));
  const parts = [c.name ? `${info.singular} "${c.name}"` : info.plural];
  if (c.selector) parts.push(`with ${c.selector}`);
  if (c.where?.length) parts.push(`where ${c.where.map((w) => `${w.path} ${w.op === 'exists' || w.op === 'notExists' ? opText[w.op] : `${w.op} ${show(w.value)}`}`).join(', ')}`);
  return { info, items, what: parts.join(' ') + inNs(info, c.namespace) };
}

function exists(c: Of<'exists'>, ctx: CheckContext): CheckOutcome {
  const { items, what } = select(ctx.api, c);
  return items.length ? { passed: true, detail: `found ${what}` } : { passed: false, detail: `no ${what}` };
}

function notExists(c: Of<'notExists'>, ctx: CheckContext): CheckOutcome {
  const { items, what } = select(ctx.api, c);
  return items.length
    ? { passed: false, detail: `${what} still exists: ${items.map((o) => o.metadata.name).join(', ')}` }
    : { passed: true, detail: `no ${what}` };
}

function field(c: Of<'field'>, ctx: CheckContext): CheckOutcome {
  const info = resolve(ctx.api, c.resource);
  const obj = ctx.api.tryGet(info.plural, nsOf(info, c.namespace), c.name, { frozenResult: true });
  if (!obj) return { passed: false, detail: `no ${info.singular} "${c.name}"${inNs(info, c.namespace)}` };
  const actual = getPath(obj, c.path);
  const passed = compare(actual, c.op, c.value);
  return { passed, detail: `${info.singular} ${c.name}: ${c.path} is ${show(actual)}${passed ? '' : ` (${want(c.op, c.value)})`}` };
}

function count(c: Of<'count'>, ctx: CheckContext): CheckOutcome {
  const { items, what } = select(ctx.api, c);
  const passed = compare(items.length, c.op, c.value);
  return { passed, detail: `${items.length} ${what}${passed ? '' : ` (${want(c.op, c.value)})`}` };
}

function podsReady(c: Of<'podsReady'>, ctx: CheckContext): CheckOutcome {
  const pods = ctx.api.list('pods', nsOf(resolve(ctx.api, 'pods'), c.namespace), { labelSelector: c.selector });
  const live = pods.filter((p) => !p.metadata.deletionTimestamp);
  const ready = live.filter(isPodReady).length;
  const summary = `${ready} of ${live.length} pods with ${c.selector} Ready`;
  if (c.count !== undefined) {
    const passed = ready === c.count && live.length === c.count;
    return { passed, detail: passed ? summary : `${summary} (want ${c.count} of ${c.count})` };
  }
  if (c.min !== undefined) {
    const passed = ready >= c.min;
    return { passed, detail: passed ? summary : `${summary} (want at least ${c.min})` };
  }
  const passed = ready > 0 && ready === live.length;
  return { passed, detail: passed ? summary : `${summary} (want all, at least one)` };
}

function event(c: Of<'event'>, ctx: CheckContext): CheckOutcome {
  const name = c.involvedName ? new RegExp(c.involvedName) : undefined;
  const message = c.message ? new RegExp(c.message) : undefined;
  const hit = ctx.observations.events.find(
    (e) =>
      e.reason === c.reason &&
      (!c.involvedKind || e.involvedKind === c.involvedKind) &&
      (!name || name.test(e.involvedName)) &&
      (!c.namespace || e.namespace === c.namespace) &&
      (!c.eventType || e.type === c.eventType) &&
      (!message || message.test(e.message)),
  );
  const what = `event ${c.reason}${c.involvedKind ? ` on ${c.involvedKind}` : ''}${c.involvedName ? ` ${c.involvedName}` : ''}`;
  return hit
    ? { passed: true, detail: `${what} seen: ${hit.involvedKind.toLowerCase()}/${hit.involvedName}: ${hit.message}` }
    : { passed: false, detail: `no ${what} seen yet` };
}

function replaced(c: Of<'replaced'>, ctx: CheckContext): CheckOutcome {
  const obs = ctx.observations;
  const deleted = obs.deletions.filter((d) => (c.namespace === '*' || d.namespace === c.namespace) && matchesSelector(d.labels, c.selector));
  if (!deleted.length) return { passed: false, detail: `no pod with ${c.selector} has been deleted yet` };
  const pods = ctx.api.list('pods', c.namespace === '*' ? undefined : c.namespace, { labelSelector: c.selector });
  const live = pods.filter((p) => !p.metadata.deletionTimestamp);
  const ready = live.filter(isPodReady);
  if (ready.length !== c.count || live.length !== c.count)
    return { passed: false, detail: `${ready.length} of ${live.length} pods with ${c.selector} Ready (want ${c.count} of ${c.count})` };
  // Any deletion after which at least one Ready pod is newer (and, with keepsOthers, one older) counts.
  let best: { name: string; younger: KubeObject[]; older: number } | undefined;
  for (const d of deleted) {
    const younger = ready.filter((p) => obs.creationSeq(p.metadata.uid) > d.seq);
    const cand = { name: d.name, younger, older: ready.length - younger.length };
    if (!younger.length) continue;
    if (!c.keepsOthers || cand.older > 0) {
      best = cand;
      break;
    }
    best ??= cand;
  }
  if (!best) return { passed: false, detail: `no Ready pod with ${c.selector} was created after ${deleted.at(-1)!.name} was deleted` };
  if (c.keepsOthers && best.older === 0) return { passed: false, detail: `every pod with ${c.selector} is new; want the others to stay` };
  return {
    passed: true,
    detail: `${best.name} deleted; ${best.younger.map((p) => p.metadata.name).join(', ')} replaced it; ${ready.length} Ready`,
  };
}

function machineList(m: string | string[]): string[] {
  return typeof m === 'string' ? [m] : m;
}

function theHosts(ctx: CheckContext): MutableHosts {
  const hosts = ctx.hosts ? machinesOf(ctx.hosts) : undefined;
  if (!hosts) throw new CheckFailure('this cluster has no machines to look at');
  return hosts;
}

function machineOf(hosts: MutableHosts, name: string): Machine {
  const m = hosts.machine(name);
  if (!m) throw new CheckFailure(`no machine "${name}" (machines: ${hosts.names().join(', ')})`);
  return m;
}

/** Run `one` on every machine listed: passes when all pass; the detail names the first that fails, or all that pass. */
function onMachines(names: string | string[], ctx: CheckContext, one: (m: Machine) => CheckOutcome): CheckOutcome {
  const hosts = theHosts(ctx);
  const outs = machineList(names).map((n) => one(machineOf(hosts, n)));
  const bad = outs.find((o) => !o.passed);
  return bad ?? { passed: true, detail: outs.map((o) => o.detail).join('; ') };
}

const squash = (s: string) => s.trim().replace(/[ \t]+/g, ' ');

function file(c: Of<'file'>, ctx: CheckContext): CheckOutcome {
  return onMachines(c.machine, ctx, (m) => {
    const where = `${m.name}:${c.path}`;
    const isFile = m.fs.exists(c.path) && !m.fs.isDir(c.path);
    if (!c.exists) return isFile || m.fs.exists(c.path) ? { passed: false, detail: `${where} exists (want no such file)` } : { passed: true, detail: `${where} does not exist` };
    if (!isFile) return { passed: false, detail: m.fs.exists(c.path) ? `${where} is a directory` : `${where}: no such file` };
    const text = m.fs.read(c.path);
    if (c.line !== undefined) {
      const want = squash(c.line);
      if (!text.split('\n').some((l) => squash(l) === want)) return { passed: false, detail: `${where} has no line "${want}"` };
    }
    if (c.matches !== undefined && !new RegExp(c.matches, 'm').test(text)) return { passed: false, detail: `${where} does not match /${c.matches}/` };
    let equals = '';
    if (c.equalsField) {
      const f = c.equalsField;
      const info = resolve(ctx.api, f.resource);
      const obj = ctx.api.tryGet(info.plural, nsOf(info, f.namespace), f.name, { frozenResult: true });
      if (!obj) return { passed: false, detail: `no ${info.singular} "${f.name}"${inNs(info, f.namespace)} to compare ${where} with` };
      const value = getPath(obj, f.path);
      if (value === undefined || value === null) return { passed: false, detail: `${info.singular} ${f.name} has no ${f.path} yet` };
      const got = text.trim();
      if (got !== String(value)) return { passed: false, detail: `${where} holds ${show(got)} (want ${show(String(value))}, the ${f.path} of ${info.singular} ${f.name})` };
      equals = `holds ${show(got)}, the ${f.path} of ${info.singular} ${f.name}`;
    }
    const what = [c.line !== undefined ? `has the line "${squash(c.line)}"` : '', c.matches !== undefined ? `matches /${c.matches}/` : '', equals].filter(Boolean).join(' and ');
    return { passed: true, detail: `${where} ${what || 'exists'}` };
  });
}

function resolves(c: Of<'resolves'>, ctx: CheckContext): CheckOutcome {
  return onMachines(c.machine, ctx, (m) => {
    const ip = m.resolve(c.name);
    if (!ip) return { passed: false, detail: `${m.name} cannot resolve ${c.name}` };
    if (c.ip !== undefined && ip !== c.ip) return { passed: false, detail: `${m.name} resolves ${c.name} to ${ip} (want ${c.ip})` };
    return { passed: true, detail: `${m.name} resolves ${c.name} to ${ip}` };
  });
}

function service(c: Of<'service'>, ctx: CheckContext): CheckOutcome {
  const wantState = c.state ?? (c.enabled === undefined ? 'active' : undefined);
  const wanted = [wantState, c.enabled === undefined ? undefined : c.enabled ? 'enabled' : 'disabled'].filter(Boolean).join(', ');
  return onMachines(c.machine, ctx, (m) => {
    const unit = m.unit(c.unit);
    const name = c.unit.replace(/\.service$/, '');
    if (!unit) return { passed: false, detail: `${m.name}: no unit ${name}.service (want ${wanted})` };
    const state = unit.isActiveWord();
    const enabled = unit.enabled ? 'enabled' : 'disabled';
    const now = [wantState === undefined ? undefined : state, c.enabled === undefined ? undefined : enabled].filter(Boolean).join(', ');
    const ok = (wantState === undefined || state === wantState) && (c.enabled === undefined || unit.enabled === c.enabled);
    return ok ? { passed: true, detail: `${m.name}: ${name} is ${now}` } : { passed: false, detail: `${m.name}: ${name} is ${now} (want ${wanted})` };
  });
}

function packageInstalled(c: Of<'package'>, ctx: CheckContext): CheckOutcome {
  return onMachines(c.machine, ctx, (m) => {
    const p = m.os.packages.installed(c.name);
    if (!p) return { passed: false, detail: `${m.name}: package ${c.name} is not installed` };
    const full = `${p.name}-${p.version}-${p.release}.${p.arch}`;
    if (c.version !== undefined && p.version !== c.version && !p.version.startsWith(`${c.version}.`))
      return { passed: false, detail: `${m.name}: ${full} is installed (want version ${c.version})` };
    return { passed: true, detail: `${m.name}: ${full} is installed` };
  });
}

function osState(c: Of<'os'>, ctx: CheckContext): CheckOutcome {
  return onMachines(c.machine, ctx, (m) => {
    const os = m.os;
    const good: string[] = [];
    if (c.swap !== undefined) {
      if (os.swapOn !== c.swap) return { passed: false, detail: `${m.name}: swap is ${os.swapOn ? 'on' : 'off'} (want ${c.swap ? 'on' : 'off'})` };
      good.push(`swap is ${os.swapOn ? 'on' : 'off'}`);
    }
    for (const mod of c.modules ?? []) {
      if (!os.modules.has(mod)) return { passed: false, detail: `${m.name}: kernel module ${mod} is not loaded` };
      good.push(`${mod} is loaded`);
    }
    for (const [key, value] of Object.entries(c.sysctl ?? {})) {
      const now = os.sysctl(key);
      if (now === undefined) return { passed: false, detail: `${m.name}: sysctl: cannot stat ${sysctlPath(key)}: No such file or directory` };
      if (now !== value) return { passed: false, detail: `${m.name}: ${key} = ${now} (want ${value})` };
      good.push(`${key} = ${now}`);
    }
    if (c.selinux !== undefined) {
      const modes = typeof c.selinux === 'string' ? [c.selinux] : c.selinux;
      if (!modes.includes(os.selinux)) return { passed: false, detail: `${m.name}: SELinux is ${os.selinux} (want ${modes.join(' or ')})` };
      good.push(`SELinux is ${os.selinux}`);
    }
    for (const cmd of c.commands ?? []) {
      if (!os.hasCommand(cmd)) return { passed: false, detail: `${m.name}: ${cmd}: command not found` };
      good.push(`${cmd} is on PATH`);
    }
    for (const port of c.firewallAllows ?? []) {
      if (!os.firewall.allows(port, 'tcp')) return { passed: false, detail: `${m.name}: firewalld blocks ${port}/tcp` };
    }
    if (c.firewallAllows?.length) good.push(os.firewall.running ? `firewalld lets ${c.firewallAllows.join(', ')}/tcp in` : 'firewalld is not running');
    if (c.bootSwap !== undefined) {
      const fstab = m.fs.exists('/etc/fstab') && !m.fs.isDir('/etc/fstab') ? m.fs.read('/etc/fstab') : '';
      const swap = fstabHasSwap(fstab);
      if (swap !== c.bootSwap) return { passed: false, detail: swap ? `${m.name}: /etc/fstab still mounts swap at boot` : `${m.name}: /etc/fstab has no swap entry` };
      good.push(swap ? 'swap in /etc/fstab' : 'no swap in /etc/fstab');
    }
    if (c.bootSelinux !== undefined) {
      const modes = typeof c.bootSelinux === 'string' ? [c.bootSelinux] : c.bootSelinux;
      const conf = readSelinuxConfig(m.fs);
      const mode = conf ? parseSelinuxConfig(conf.text) : undefined;
      if (!mode || !modes.includes(mode)) return { passed: false, detail: `${m.name}: ${conf?.path ?? SELINUX_CONFIG} says SELINUX=${mode ?? '(none)'} (want ${modes.join(' or ')})` };
      good.push(`SELINUX=${mode} at boot`);
    }
    if (c.bootSysctl !== undefined) {
      const atBoot = new Map<string, string>();
      for (const f of sysctlFiles(m.fs)) for (const { key, value } of parseSysctlFile(m.fs.read(f))) atBoot.set(key, value);
      for (const [key, value] of Object.entries(c.bootSysctl)) {
        const v = atBoot.get(key);
        if (v !== value) return { passed: false, detail: `${m.name}: no sysctl file sets ${key} = ${value}${v === undefined ? '' : ` (they set ${v})`}` };
        good.push(`${key} = ${v} at boot`);
      }
    }
    return { passed: true, detail: `${m.name}: ${good.join(', ') || 'up'}` };
  });
}

/** The minor version of the kubelet installed on a machine (21 for 1.21.1), or undefined before one is. */
function kubeletMinor(m: Machine): number | undefined {
  const v = m.os.packages.installed('kubelet')?.version;
  const minor = v ? Number(v.split('.')[1]) : NaN;
  return Number.isFinite(minor) ? minor : undefined;
}

function containerRuntime(c: Of<'containerRuntime'>, ctx: CheckContext): CheckOutcome {
  return onMachines(c.machine, ctx, (m) => {
    const minor = kubeletMinor(m);
    // before a kubelet is installed any runtime counts (dockershim as 1.21 would use it)
    const found = minor === undefined ? [...criEndpoints(m, 21), ...criEndpoints(m, 99)] : criEndpoints(m, minor);
    const forKubelet = minor === undefined ? '' : ` for kubelet 1.${minor}`;
    const candidates = found.filter((e) => c.runtime === undefined || e.runtime === c.runtime);
    if (!candidates.length) {
      const what = c.runtime ?? 'container runtime';
      const why = c.runtime === 'docker' && minor !== undefined && minor >= 24 ? ' (dockershim was removed in 1.24)' : '';
      return { passed: false, detail: `${m.name}: no ${what} CRI socket${forKubelet}${why}` };
    }
    const running = candidates.filter((e) => e.running && !e.criError);
    if (!running.length) {
      const e = candidates[0]!;
      return { passed: false, detail: `${m.name}: ${e.runtime} ${e.running ? `does not answer the CRI API: ${e.criError}` : 'is not running'}` };
    }
    const ok = running.find((e) => c.cgroupDriver === undefined || e.cgroupDriver === c.cgroupDriver);
    if (!ok) return { passed: false, detail: `${m.name}: ${running[0]!.runtime} uses the ${running[0]!.cgroupDriver} cgroup driver (want ${c.cgroupDriver})` };
    return { passed: true, detail: `${m.name}: ${ok.runtime} ${ok.version} runs with the ${ok.cgroupDriver} cgroup driver${forKubelet}` };
  });
}

function kubectlAccessCheck(c: Of<'kubectlAccess'>, ctx: CheckContext): CheckOutcome {
  if (!ctx.cluster) throw new CheckFailure('this check needs the cluster');
  const m = machineOf(theHosts(ctx), c.machine);
  // a fresh root login shell on that machine: ~/.kube/config, or KUBECONFIG exported in ~/.bashrc
  const r = kubectlAccess(ctx.cluster, m.name);
  if (r.ok) return { passed: true, detail: `${m.name}: root's kubectl reaches ${r.server}` };
  const last = r.message.trim().split('\n').at(-1) ?? '';
  return { passed: false, detail: `${m.name}: root's kubectl says: ${last}` };
}

/** The image an object names now: a pod template's container (by index or name), or a pod's. */
function imageNamedBy(api: ApiServer, of: NonNullable<Of<'registryImage'>['imageOf']>): string {
  const info = resolve(api, of.resource);
  const obj = api.tryGet(info.plural, nsOf(info, of.namespace), of.name, { frozenResult: true });
  if (!obj) throw new CheckFailure(`no ${info.singular} "${of.name}"${inNs(info, of.namespace)}`);
  const podSpec = (obj.spec?.template?.spec ?? obj.spec?.jobTemplate?.spec?.template?.spec ?? obj.spec) as { containers?: { name: string; image?: string }[] } | undefined;
  const containers = podSpec?.containers ?? [];
  const ct = typeof of.container === 'number' ? containers[of.container] : containers.find((x) => x.name === of.container);
  if (!ct?.image) throw new CheckFailure(`${info.singular} ${of.name} has no container ${typeof of.container === 'number' ? `[${of.container}]` : `"${of.container}"`} with an image`);
  return ct.image;
}

function registryImage(c: Of<'registryImage'>, ctx: CheckContext): CheckOutcome {
  const hosts = theHosts(ctx);
  const image = c.image ?? imageNamedBy(ctx.api, c.imageOf!);
  const parsed = parseImageReference(image);
  if (!parsed.ok) return { passed: false, detail: `"${image}" is not a valid image reference` };
  const ref = parsed.ref;
  const platform = `${c.os}/${c.architecture ?? '*'}`;
  const fits = (os: string, arch: string) => os === c.os && (c.architecture === undefined || arch === c.architecture);
  let found: string;
  if (c.engine) {
    const engine = machineOf(hosts, c.engine).docker;
    if (!engine) return { passed: false, detail: `${c.engine} has no Docker engine` };
    const short = ref.digest ? ref.raw : `${ref.repository.replace(/^docker\.io\/(library\/)?/, '')}:${ref.tag}`;
    const img = engine.find(short);
    if (!img) return { passed: false, detail: `no image ${short} in the Docker engine on ${c.engine}` };
    if (!fits(img.os, img.architecture)) return { passed: false, detail: `${short} on ${c.engine} is ${img.os}/${img.architecture} (want ${platform})` };
    found = `${short} is in the Docker engine on ${c.engine} for ${img.os}/${img.architecture}`;
  } else {
    const reg = hosts.registries;
    const tagOrDigest = ref.digest ?? ref.tag!;
    if (ref.domain === reg.harbor.host) {
      const m = reg.harbor.lookup(ref.path, tagOrDigest);
      if (!m) return { passed: false, detail: `${ref.canonical} is not in ${ref.domain}` };
      if (!fits(m.image.os, m.image.architecture)) return { passed: false, detail: `${ref.canonical} in ${ref.domain} is ${m.image.os}/${m.image.architecture} (want ${platform})` };
      found = `${ref.canonical} is in ${ref.domain} for ${m.image.os}/${m.image.architecture}`;
    } else {
      const any = reg.publicImage(ref, c.architecture ?? 'amd64');
      if (!any) return { passed: false, detail: `${ref.canonical} is not in ${ref.domain}` };
      const archs = any.architectures;
      if (c.os !== 'linux' || (c.architecture !== undefined && !archs.includes(c.architecture)))
        return { passed: false, detail: `${ref.canonical} in ${ref.domain} is for ${archs.map((a) => `linux/${a}`).join(', ')} (want ${platform})` };
      found = `${ref.canonical} is in ${ref.domain} for ${c.architecture ? platform : archs.map((a) => `linux/${a}`).join(', ')}`;
    }
  }
  if (c.pullableFrom === undefined) return { passed: true, detail: found };
  for (const n of machineList(c.pullableFrom)) {
    const m = machineOf(hosts, n);
    if (!m.containerd) return { passed: false, detail: `${n} has no containerd to pull with` };
    const r = hosts.registries.resolvePull(n, image, { os: c.os, architecture: m.arch });
    if (!r.ok) return { passed: false, detail: `${found}, but ${n} cannot pull it: ${r.message}` };
  }
  return { passed: true, detail: `${found}; ${machineList(c.pullableFrom).join(', ')} can pull it` };
}

// ---------- traffic: http, dns, endpoints ----------

function theNet(ctx: CheckContext): ClusterNetwork {
  if (!ctx.net) throw new CheckFailure('this cluster has no network to send requests on');
  return ctx.net;
}

type Origin = Of<'http'>['from'];

/** The NetOrigin of a check's `from`, and how to name it in a detail: `master`, `pod web-5d8f7-abcde`. */
function originOf(from: Origin, api: ApiServer): { origin: NetOrigin; label: string } {
  if ('host' in from) return { origin: { kind: 'host', host: from.host }, label: from.host };
  const ref = from.pod;
  let pod: KubeObject | undefined;
  if (ref.name) {
    pod = api.tryGet('pods', ref.namespace, ref.name, { frozenResult: true });
    if (!pod) throw new CheckFailure(`no pod "${ref.name}" in namespace ${ref.namespace}`);
    if (!isPodReady(pod)) throw new CheckFailure(`pod ${ref.name} is not Running and Ready`);
  } else {
    pod = api.list('pods', ref.namespace, { labelSelector: ref.selector }).find(isPodReady);
    if (!pod) throw new CheckFailure(`no Running and Ready pod with ${ref.selector} in namespace ${ref.namespace}`);
  }
  return { origin: { kind: 'pod', namespace: ref.namespace, pod: pod.metadata.name }, label: `pod ${pod.metadata.name}` };
}

interface ServicePort {
  name?: string;
  port: number;
  nodePort?: number;
}

function serviceOf(api: ApiServer, name: string, namespace: string): KubeObject {
  const svc = api.tryGet('services', namespace, name, { frozenResult: true });
  if (!svc) throw new CheckFailure(`no service "${name}" in namespace ${namespace}`);
  return svc;
}

function portOf(svc: KubeObject, want: number | string | undefined): ServicePort {
  const ports = (svc.spec?.ports ?? []) as ServicePort[];
  const port = want === undefined ? ports[0] : ports.find((p) => (typeof want === 'number' ? p.port === want : p.name === want));
  if (!port) {
    const has = ports.length ? ports.map((p) => (p.name ? `${p.name} ${p.port}` : String(p.port))).join(', ') : 'none';
    throw new CheckFailure(want === undefined ? `service ${svc.metadata.name} has no ports` : `service ${svc.metadata.name} has no port ${want} (ports: ${has})`);
  }
  return port;
}

/** Every node's InternalIP, by node name, in the API's order (master first). */
function nodeIPs(api: ApiServer, hosts: Hosts | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const node of api.list('nodes')) {
    const addrs = (node.status?.addresses ?? []) as { type: string; address: string }[];
    const ip = addrs.find((a) => a.type === 'InternalIP')?.address ?? hosts?.get(node.metadata.name)?.ip;
    if (ip) out.set(node.metadata.name, ip);
  }
  return out;
}

interface Target {
  scheme: 'http' | 'https';
  host: string;
  port: number;
  path: string;
}

function targetsOf(c: Of<'http'>, ctx: CheckContext, originNs: string | undefined): Target[] {
  if (c.url !== undefined) {
    const u = new URL(c.url);
    const scheme = u.protocol === 'https:' ? 'https' : 'http';
    return [{ scheme, host: u.hostname, port: u.port ? Number(u.port) : scheme === 'https' ? 443 : 80, path: (u.pathname || '/') + u.search }];
  }
  const ref = c.service!;
  const svc = serviceOf(ctx.api, ref.name, ref.namespace);
  const port = portOf(svc, ref.port);
  const path = c.path ?? '/';
  const via = c.via ?? 'clusterIP';
  const named = `service ${svc.metadata.name}`;
  switch (via) {
    case 'clusterIP': {
      const ip = svc.spec?.clusterIP as string | undefined;
      if (!ip || ip === 'None') throw new CheckFailure(`${named} has no ClusterIP (${svc.spec?.type === 'ExternalName' ? 'ExternalName' : 'headless'})`);
      return [{ scheme: 'http', host: ip, port: port.port, path }];
    }
    case 'dns': {
      const host = originNs === ref.namespace ? ref.name : `${ref.name}.${ref.namespace}`;
      return [{ scheme: 'http', host, port: port.port, path }];
    }
    case 'loadBalancer': {
      const ingress = (svc.status?.loadBalancer?.ingress ?? []) as { ip?: string; hostname?: string }[];
      const ip = ingress[0]?.ip ?? ingress[0]?.hostname;
      if (svc.spec?.type !== 'LoadBalancer') throw new CheckFailure(`${named} is of type ${svc.spec?.type ?? 'ClusterIP'}, not LoadBalancer`);
      if (!ip) throw new CheckFailure(`${named} has no external IP yet (EXTERNAL-IP <pending>)`);
      return [{ scheme: 'http', host: ip, port: port.port, path }];
    }
    case 'nodePort': {
      if (!port.nodePort) throw new CheckFailure(`${named} is of type ${svc.spec?.type ?? 'ClusterIP'}: port ${port.port} has no node port`);
      const ips = nodeIPs(ctx.api, ctx.hosts);
      const names = c.everyNode ? [...ips.keys()] : [c.node ?? 'node1'];
      return names.map((n) => {
        const ip = ips.get(n);
        if (!ip) throw new CheckFailure(`no node "${n}" (nodes: ${[...ips.keys()].join(', ')})`);
        return { scheme: 'http' as const, host: ip, port: port.nodePort!, path };
      });
    }
  }
}

function urlOf(t: Target): string {
  const dflt = t.scheme === 'https' ? 443 : 80;
  return `${t.scheme}://${t.host}${t.port === dflt ? '' : `:${t.port}`}${t.path}`;
}

function failureText(r: Extract<NetResult, { ok: false }>, host: string): string {
  switch (r.error) {
    case 'resolve':
      return r.dns && !r.dns.ok && r.dns.reason === 'timeout' ? `could not resolve ${host}: no DNS server answered` : `could not resolve host ${host}`;
    case 'refused':
      return 'connection refused';
    case 'timeout':
      return 'connection timed out';
    case 'unreachable':
      return 'no route to host';
    case 'reset':
      return 'empty reply from server';
  }
}

function snippet(body: string): string {
  const line = body.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
  return line.length > 60 ? `${line.slice(0, 57)}...` : line || '(empty)';
}

/** A checkpoint looks without touching: a probe leaves no access-log lines and draws nothing from the seeded random. */
function probe(net: ClusterNetwork, from: NetOrigin, host: string, port: number, req: Omit<NetRequest, 'probe'>): NetResult {
  return net.request(from, host, port, { ...req, probe: true });
}

function http(c: Of<'http'>, ctx: CheckContext): CheckOutcome {
  const net = theNet(ctx);
  const { origin, label } = originOf(c.from, ctx.api);
  const targets = targetsOf(c, ctx, origin.kind === 'pod' ? origin.namespace : undefined);
  const requests = c.requests ?? (c.servedBy ? 10 : 1);
  const details: string[] = [];
  for (const t of targets) {
    const url = urlOf(t);
    const what = `GET ${url} from ${label}`;
    const dflt = t.scheme === 'https' ? 443 : 80;
    const headers: Record<string, string> = { Host: t.port === dflt ? t.host : `${t.host}:${t.port}`, 'User-Agent': 'kubeclass-checkpoint', Accept: '*/*' };
    for (const [k, v] of Object.entries(c.headers)) {
      const same = Object.keys(headers).find((h) => h.toLowerCase() === k.toLowerCase());
      if (same) delete headers[same];
      headers[k] = v;
    }
    const served = new Map<string, number>();
    for (let i = 0; i < requests; i++) {
      const r = probe(net, origin, t.host, t.port, { scheme: t.scheme, method: 'GET', path: t.path, headers });
      if (!r.ok) return { passed: false, detail: `${what}: ${failureText(r, t.host)}` };
      const res = r.response;
      if (res.status !== c.status) return { passed: false, detail: `${what}: answered ${res.status} (want ${c.status}): ${snippet(res.body)}` };
      if (c.bodyContains !== undefined && !res.body.includes(c.bodyContains))
        return { passed: false, detail: `${what}: the answer does not contain "${c.bodyContains}": ${snippet(res.body)}` };
      if (c.servedBy) {
        if (!r.servedBy) return { passed: false, detail: `${what}: answered ${res.status}, but not by a pod` };
        const { namespace, pod } = r.servedBy;
        if (c.servedBy.selector) {
          const obj = ctx.api.tryGet('pods', namespace, pod, { frozenResult: true });
          if (!obj || !matchesSelector(obj.metadata.labels, c.servedBy.selector))
            return { passed: false, detail: `${what}: answered by pod ${pod}, which does not match ${c.servedBy.selector}` };
        }
        if (c.servedBy.bodyNamesPod && !res.body.includes(pod))
          return { passed: false, detail: `${what}: pod ${pod} answered without its name: ${snippet(res.body)}` };
        served.set(pod, (served.get(pod) ?? 0) + 1);
      }
    }
    let line = `${what}: ${c.status}`;
    if (c.servedBy) {
      const pods = [...served.keys()].sort();
      if (pods.length < c.servedBy.count)
        return {
          passed: false,
          detail: `${what}: ${requests} answers all came from ${pods.length === 1 ? `pod ${pods[0]}` : `${pods.length} pods (${pods.join(', ')})`} (want at least ${c.servedBy.count} different pods)`,
        };
      line += ` from ${pods.length} pod${pods.length === 1 ? '' : 's'} (${pods.join(', ')})`;
    }
    details.push(line);
  }
  return { passed: true, detail: details.join('; ') };
}

function dns(c: Of<'dns'>, ctx: CheckContext): CheckOutcome {
  const net = theNet(ctx);
  const { origin, label } = originOf(c.from, ctx.api);
  let want: string[] | undefined;
  let wantText = '';
  if (c.to && 'ip' in c.to) {
    want = [c.to.ip];
    wantText = c.to.ip;
  } else if (c.to) {
    const svc = serviceOf(ctx.api, c.to.service, c.to.namespace);
    const ip = svc.spec?.clusterIP as string | undefined;
    if (svc.spec?.type === 'ExternalName') throw new CheckFailure(`service ${c.to.service} is an ExternalName: it has no address of its own`);
    if (ip && ip !== 'None') {
      want = [ip];
      wantText = `${ip}, the ClusterIP of service ${c.to.service}`;
    } else {
      want = readyAddresses(ctx.api, c.to.service, c.to.namespace).sort();
      wantText = `${want.join(', ') || 'no address'}, the ready endpoints of headless service ${c.to.service}`;
    }
  }
  const r = net.lookup(origin, c.name);
  if (!r.ok)
    return {
      passed: false,
      detail: r.reason === 'timeout' ? `${label} cannot resolve ${c.name}: no DNS server answered (${r.server})` : `${label} cannot resolve ${c.name}: NXDOMAIN from ${r.server}`,
    };
  const got = `${c.name} resolves to ${r.addresses.join(', ') || 'no address'}${r.name !== c.name ? ` (${r.name})` : ''} from ${label}`;
  if (!want) return r.addresses.length ? { passed: true, detail: got } : { passed: false, detail: `${got} (want an address)` };
  const same = want.length === 1 ? r.addresses.includes(want[0]!) : [...r.addresses].sort().join(',') === want.join(',') && want.length > 0;
  return same ? { passed: true, detail: got } : { passed: false, detail: `${got} (want ${wantText})` };
}

/** The distinct ready addresses of a Service's Endpoints object (none when it has none). */
function readyAddresses(api: ApiServer, name: string, namespace: string): string[] {
  const ep = api.tryGet('endpoints', namespace, name, { frozenResult: true });
  const subsets = (ep?.subsets ?? []) as { addresses?: { ip: string }[] }[];
  return [...new Set(subsets.flatMap((s) => (s.addresses ?? []).map((a) => a.ip)))];
}

function endpoints(c: Of<'endpoints'>, ctx: CheckContext): CheckOutcome {
  const svc = serviceOf(ctx.api, c.service, c.namespace);
  const ips = readyAddresses(ctx.api, c.service, c.namespace);
  const list = ips.length ? `${ips.length} ready address${ips.length === 1 ? '' : 'es'} (${ips.join(', ')})` : 'no ready addresses';
  const what = `endpoints ${c.service}: ${list}`;
  if (c.count !== undefined && ips.length !== c.count) return { passed: false, detail: `${what} (want ${c.count})` };
  if (c.min !== undefined && ips.length < c.min) return { passed: false, detail: `${what} (want at least ${c.min})` };
  if (c.count === undefined && c.min === undefined && !ips.length) return { passed: false, detail: `${what} (want at least one)` };
  if (c.matchesPods) {
    let sel = c.matchesPods.selector;
    if (sel === undefined) {
      const own = svc.spec?.selector as Record<string, string> | undefined;
      if (!own || !Object.keys(own).length) throw new CheckFailure(`service ${c.service} has no selector to compare its endpoints with`);
      sel = Object.entries(own)
        .map(([k, v]) => `${k}=${v}`)
        .join(',');
    }
    const pods = ctx.api.list('pods', c.namespace, { labelSelector: sel }).filter(isPodReady);
    const podIPs = [...new Set(pods.map((p) => p.status?.podIP as string).filter(Boolean))].sort();
    const mine = [...ips].sort();
    if (podIPs.join(',') !== mine.join(','))
      return {
        passed: false,
        detail: `${what}, but the Ready pods with ${sel} are ${podIPs.length ? podIPs.join(', ') : 'none'}`,
      };
    return { passed: true, detail: `${what}: the ${pods.length} Ready pods with ${sel}` };
  }
  return { passed: true, detail: what };
}

/** Evaluate a check. Never throws: an unknown resource or a bad selector is a failed check with a detail. */
export function runCheck(check: Check, ctx: CheckContext): CheckOutcome {
  try {
    switch (check.type) {
      case 'exists':
        return exists(check, ctx);
      case 'notExists':
        return notExists(check, ctx);
      case 'field':
        return field(check, ctx);
      case 'count':
        return count(check, ctx);
      case 'podsReady':
        return podsReady(check, ctx);
      case 'event':
        return event(check, ctx);
      case 'replaced':
        return replaced(check, ctx);
      case 'registryImage':
        return registryImage(check, ctx);
      case 'file':
        return file(check, ctx);
      case 'resolves':
        return resolves(check, ctx);
      case 'service':
        return service(check, ctx);
      case 'package':
        return packageInstalled(check, ctx);
      case 'os':
        return osState(check, ctx);
      case 'containerRuntime':
        return containerRuntime(check, ctx);
      case 'kubectlAccess':
        return kubectlAccessCheck(check, ctx);
      case 'http':
        return http(check, ctx);
      case 'dns':
        return dns(check, ctx);
      case 'endpoints':
        return endpoints(check, ctx);
      case 'allOf': {
        const outs = check.checks.map((c) => runCheck(c, ctx));
        const bad = outs.find((o) => !o.passed);
        return bad ? bad : { passed: true, detail: outs.map((o) => o.detail).join('; ') };
      }
      case 'anyOf': {
        const outs = check.checks.map((c) => runCheck(c, ctx));
        const good = outs.find((o) => o.passed);
        return good ? good : { passed: false, detail: outs.map((o) => o.detail).join('; or ') };
      }
      case 'not': {
        const o = runCheck(check.check, ctx);
        return { passed: !o.passed, detail: o.passed ? `unexpectedly: ${o.detail}` : o.detail };
      }
    }
  } catch (e) {
    return { passed: false, detail: e instanceof Error ? e.message : String(e) };
  }
}
