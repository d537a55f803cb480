// Mutation tests for labs: from the solved state, near misses of what the checkpoints read; each must fail a checkpoint.
import type { ApiServer, Cluster, KubeObject } from '../cluster/types.ts';
import { machinesOf, type Machine } from '../cluster/hosts/index.ts';
import { compare } from './checks.ts';
import { getPath, parsePath } from './path.ts';
import type { LabSession } from './runtime.ts';
import type { Check, Condition, Lab, Op } from './schema.ts';

export interface Mutation {
  /** what it changes, e.g. `deployment/mynginx spec.replicas 4→3` */
  description: string;
  /** the checkpoints whose checks read what it changes */
  reads: string[];
  /** change the solved cluster through the API or the machines' state (never a shell command) */
  apply(cluster: Cluster): void;
  /**
   * A machine-state edit that checks see at once and nothing reacts to (a file, a sysctl, the rpm db): it returns
   * its undo, and is judged on one shared solved fork without settling, which keeps long labs fast.
   */
  instant?: (cluster: Cluster) => () => void;
}

export interface MutationOutcome {
  description: string;
  /** checkpoints that fail after the mutation settled (empty: it was not caught) */
  failed: string[];
  /** the mutation could not be applied (the API refused it): not counted as tried */
  error?: string;
}

export interface MutationReport {
  tried: number;
  caught: number;
  outcomes: MutationOutcome[];
  /** mutations that passed every checkpoint */
  uncaught: MutationOutcome[];
  /** checkpoints that no mutation made fail */
  unfailable: { id: string; title: string }[];
  /** mutations the lab skips (`mutations.skip`), with the reason */
  skipped: { description: string; reason: string }[];
}

type Leaf = Exclude<Check, { type: 'allOf' | 'anyOf' | 'not' }>;

function leaves(check: Check): Leaf[] {
  if (check.type === 'allOf' || check.type === 'anyOf') return check.checks.flatMap(leaves);
  if (check.type === 'not') return leaves(check.check);
  return [check];
}

const arrow = '→';
const show = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

/** Set the value at a field path (the getPath syntax), creating maps on the way; undefined deletes it. */
export function setPath(obj: unknown, path: string, value: unknown): void {
  const steps = parsePath(path);
  let cur = obj as Record<string, unknown> | unknown[];
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i]!;
    const last = i === steps.length - 1;
    if (step.kind === 'key') {
      const o = cur as Record<string, unknown>;
      if (last) {
        if (value === undefined) delete o[step.key];
        else o[step.key] = value;
        return;
      }
      o[step.key] ??= steps[i + 1]!.kind === 'key' ? {} : [];
      cur = o[step.key] as Record<string, unknown>;
    } else {
      const arr = cur as unknown[];
      const idx = step.kind === 'index' ? step.index : arr.findIndex((el) => el && typeof el === 'object' && String((el as Record<string, unknown>)[step.key]) === step.value);
      if (idx < 0 || idx >= arr.length) throw new Error(`${path}: no element ${step.kind === 'index' ? step.index : `${step.key}=${step.value}`}`);
      if (last) {
        arr[idx] = value;
        return;
      }
      cur = arr[idx] as Record<string, unknown>;
    }
  }
}

const SERVICE_TYPES: Record<string, string> = { LoadBalancer: 'NodePort', NodePort: 'ClusterIP', ClusterIP: 'NodePort' };

/** `nginx:1.25` → `nginx:1.24`; an untagged image (or :latest) → another image altogether. */
function otherImage(ref: string): string {
  const image = ref.split('@')[0]!;
  const at = image.lastIndexOf(':');
  const slash = image.lastIndexOf('/');
  const tag = at > slash ? image.slice(at + 1) : undefined;
  const repo = tag === undefined ? image : image.slice(0, at);
  if (tag && tag !== 'latest') {
    // the last non-zero number one lower: 1.25 → 1.24, v1.8.0 → v1.7.0
    const nums = [...tag.matchAll(/\d+/g)].filter((m) => Number(m[0]) > 0);
    const m = nums[nums.length - 1];
    if (m) return `${repo}:${tag.slice(0, m.index)}${Number(m[0]) - 1}${tag.slice(m.index! + m[0].length)}`;
    return `${repo}:${tag}-old`;
  }
  if (!repo.includes('/') || repo.startsWith('docker.io/')) return /httpd$/.test(repo) ? 'nginx' : 'httpd';
  return `${repo}-old`;
}

function imageWithoutTag(ref: string): string {
  const image = ref.split('@')[0]!;
  const at = image.lastIndexOf(':');
  return at > image.lastIndexOf('/') ? image.slice(0, at) : image;
}

/** Near misses of a field value, most likely first. */
function nearMisses(path: string, actual: unknown): unknown[] {
  if (typeof actual === 'number') return /replicas$/.test(path) ? [Math.max(0, actual - 1)] : [actual + 1, actual - 1];
  if (typeof actual === 'boolean') return [!actual];
  if (typeof actual !== 'string') return [];
  if (/image$/.test(path)) return [otherImage(actual)];
  if (/(^|\.)type$/.test(path) && SERVICE_TYPES[actual]) return [SERVICE_TYPES[actual]];
  if (actual === 'TCP') return ['UDP'];
  if (actual === 'True' || actual === 'False') return [actual === 'True' ? 'False' : 'True'];
  if (/^\d+$/.test(actual)) return [String(Number(actual) + 1)];
  return [`${actual}-v2`];
}

/** Paths a controller or the kubelet owns: a mutation there would be undone, so the owner is mutated instead. */
const derived = (path: string) => /^(status|metadata\.(deletionTimestamp|uid|resourceVersion|creationTimestamp|generation))\b/.test(path);

interface Ctx {
  api: ApiServer;
  /** the untouched start, to tell what the solution set from what was there */
  start?: ApiServer;
  cluster: Cluster;
  add(m: Mutation): void;
  /** field leaves of the lab, to keep near misses the lab declares acceptable (e.g. any nodePort >= 30000) out */
  fieldLeaves: { plural: string; ns: string | undefined; name: string; path: string; op: Op; value: unknown }[];
}

function info(api: ApiServer, resource: string) {
  return api.resolve(resource);
}

function ref(o: KubeObject): string {
  return `${o.kind.toLowerCase()}/${o.metadata.name}`;
}

/** A field mutation unless every near miss is one a field check of the lab accepts. */
function fieldMutation(ctx: Ctx, cp: string, plural: string, o: KubeObject, path: string, guard?: { op: Op; value: unknown }): void {
  const actual = getPath(o, path);
  if (actual === undefined || actual === null) return;
  const ns = o.metadata.namespace;
  const guards = ctx.fieldLeaves.filter((f) => f.plural === plural && f.name === o.metadata.name && (f.ns ?? ns) === ns && f.path === path);
  if (guard) guards.push({ plural, ns, name: o.metadata.name, path, ...guard });
  const pick = nearMisses(path, actual).find((v) => !guards.length || guards.some((g) => !compare(v, g.op, g.value)));
  if (pick === undefined) return;
  ctx.add({
    description: `${ref(o)} ${path} ${show(actual)}${arrow}${show(pick)}`,
    reads: [cp],
    apply(c) {
      c.api.patch(plural, ns, o.metadata.name, (obj) => {
        if (plural === 'services' && path === 'spec.type' && pick === 'ClusterIP') {
          for (const p of (obj.spec?.ports ?? []) as { nodePort?: number }[]) delete p.nodePort;
          delete obj.spec!.externalTrafficPolicy;
        }
        setPath(obj, path, pick);
      });
    },
  });
}

/** The Deployment (or bare Pod) behind a pod. */
function ownerOf(api: ApiServer, pod: KubeObject): { plural: 'deployments' | 'pods'; obj: KubeObject } | undefined {
  const ownerRef = pod.metadata.ownerReferences?.find((r) => r.controller);
  if (!ownerRef) return { plural: 'pods', obj: pod };
  if (ownerRef.kind !== 'ReplicaSet') return undefined;
  const rs = api.tryGet('replicasets', pod.metadata.namespace, ownerRef.name);
  const dep = rs?.metadata.ownerReferences?.find((r) => r.controller && r.kind === 'Deployment');
  const d = dep && api.tryGet('deployments', pod.metadata.namespace, dep.name);
  return d ? { plural: 'deployments', obj: d } : undefined;
}

/** Near misses of a workload a checkpoint reads through its pods: one replica fewer, a pod not Ready, another image. */
function workloadMutations(ctx: Ctx, cp: string, plural: 'deployments' | 'pods', o: KubeObject): void {
  const ns = o.metadata.namespace;
  const name = o.metadata.name;
  if (plural === 'pods') {
    ctx.add({ description: `${ref(o)} deleted`, reads: [cp], apply: (c) => void c.api.delete('pods', ns, name, { gracePeriodSeconds: 0 } as never) });
    return;
  }
  const replicas = (o.spec?.replicas ?? 1) as number;
  if (replicas > 0)
    ctx.add({
      description: `${ref(o)} spec.replicas ${replicas}${arrow}${replicas - 1}`,
      reads: [cp],
      apply: (c) => void c.api.patch('deployments', ns, name, (d) => void (d.spec!.replicas = replicas - 1)),
    });
  const path = 'spec.template.spec.containers[0].image';
  const image = getPath(o, path) as string | undefined;
  if (!image) return;
  const broken = `${imageWithoutTag(image)}:no-such-tag`;
  ctx.add({
    description: `${ref(o)} one Pod not Ready (image ${image}${arrow}${broken}, which cannot be pulled, rolled out one Pod at a time)`,
    reads: [cp],
    apply: (c) =>
      void c.api.patch('deployments', ns, name, (d) => {
        setPath(d, path, broken);
        // no surge: one old Pod goes, its replacement never becomes Ready, the rollout stops there
        d.spec!.strategy = { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } };
      }),
  });
  // an image the solution chose is something the checkpoints must hold it to
  const before = ctx.start?.tryGet('deployments', ns, name);
  if (ctx.start && (!before || getPath(before, path) !== image)) fieldMutation(ctx, cp, 'deployments', o, path);
}

function podSet(ctx: Ctx, cp: string, ns: string | undefined, selector: string | undefined): void {
  if (!selector) return;
  const pods = ctx.api.list('pods', ns === '*' ? undefined : ns, { labelSelector: selector }).filter((p) => !p.metadata.deletionTimestamp);
  const seen = new Set<string>();
  for (const p of pods) {
    const owner = ownerOf(ctx.api, p);
    if (!owner) continue;
    const key = `${owner.plural}/${owner.obj.metadata.namespace}/${owner.obj.metadata.name}`;
    if (seen.has(key)) continue;
    seen.add(key);
    workloadMutations(ctx, cp, owner.plural, owner.obj);
  }
}

/** Near misses of a Service a checkpoint sends traffic to or reads the endpoints of. */
function serviceMutations(ctx: Ctx, cp: string, ns: string, name: string, traffic: boolean): void {
  const svc = ctx.api.tryGet('services', ns, name);
  if (!svc) return;
  for (const k of Object.keys((svc.spec?.selector ?? {}) as Record<string, string>)) fieldMutation(ctx, cp, 'services', svc, `spec.selector["${k}"]`);
  podSet(ctx, cp, ns, Object.entries((svc.spec?.selector ?? {}) as Record<string, string>).map(([k, v]) => `${k}=${v}`).join(',') || undefined);
  if (!traffic) return;
  if (svc.spec?.type === 'NodePort' || svc.spec?.type === 'LoadBalancer') fieldMutation(ctx, cp, 'services', svc, 'spec.type');
  fieldMutation(ctx, cp, 'services', svc, 'spec.ports[0].port');
  if (typeof getPath(svc, 'spec.ports[0].targetPort') === 'number') fieldMutation(ctx, cp, 'services', svc, 'spec.ports[0].targetPort');
}

function lastMachine(cluster: Cluster, names: string | string[]): Machine | undefined {
  const list = typeof names === 'string' ? [names] : names;
  return machinesOf(cluster.hosts)?.machine(list[list.length - 1]!);
}

function machineOn(c: Cluster, machine: string): Machine {
  const m = machinesOf(c.hosts)?.machine(machine);
  if (!m) throw new Error(`no machine ${machine}`);
  return m;
}

/** A machine edit that the cluster reacts to (a unit stopped): applied on its own fork, then settled. */
function machineMutation(ctx: Ctx, cp: string, machine: string, description: string, apply: (m: Machine) => void): void {
  ctx.add({ description: `${machine}: ${description}`, reads: [cp], apply: (c) => apply(machineOn(c, machine)) });
}

/** A machine edit checks see at once: `apply` returns how to put it back. */
function instantMutation(ctx: Ctx, cp: string, machine: string, description: string, apply: (m: Machine) => () => void): void {
  ctx.add({
    description: `${machine}: ${description}`,
    reads: [cp],
    apply: (c) => void apply(machineOn(c, machine)),
    instant: (c) => apply(machineOn(c, machine)),
  });
}

/** Rewrite a file (or remove it with null), returning the undo. */
function editFile(m: Machine, path: string, next: (text: string | undefined) => string | null): () => void {
  const before = m.fs.exists(path) && !m.fs.isDir(path) ? m.fs.read(path) : undefined;
  const after = next(before);
  if (after === null) {
    if (before !== undefined) m.fs.remove(path);
  } else m.fs.write(path, after);
  return () => {
    if (before === undefined) {
      if (m.fs.exists(path)) m.fs.remove(path);
    } else m.fs.write(path, before);
  };
}

function leafMutations(ctx: Ctx, cp: string, leaf: Leaf): void {
  const api = ctx.api;
  switch (leaf.type) {
    case 'field': {
      const i = info(api, leaf.resource);
      if (!i) return;
      const o = api.tryGet(i.plural, i.namespaced ? leaf.namespace : undefined, leaf.name);
      if (!o) return;
      if (!derived(leaf.path)) return fieldMutation(ctx, cp, i.plural, o, leaf.path);
      if (i.plural === 'deployments') return workloadMutations(ctx, cp, 'deployments', o);
      if (i.plural === 'pods') {
        const owner = ownerOf(api, o);
        if (owner) workloadMutations(ctx, cp, owner.plural, owner.obj);
        return;
      }
      if (i.plural === 'nodes') return nodeDown(ctx, cp, leaf.name);
      return;
    }
    case 'exists':
    case 'notExists':
    case 'count': {
      const i = info(api, leaf.resource);
      if (!i) return;
      const ns = !i.namespaced || leaf.namespace === '*' ? undefined : leaf.namespace;
      if (i.plural === 'pods') return podSet(ctx, cp, leaf.namespace, leaf.selector ?? '');
      let items = api.list(i.plural, ns, leaf.selector ? { labelSelector: leaf.selector } : undefined);
      if ('name' in leaf && leaf.name) items = items.filter((o) => o.metadata.name === leaf.name);
      const where = (leaf.where ?? []) as Condition[];
      items = items.filter((o) => where.every((w) => compare(getPath(o, w.path), w.op, w.value)));
      // nodes judged by their status: one of them going NotReady is the near miss (the last, a worker)
      if (i.plural === 'nodes' && where.some((w) => derived(w.path))) items = items.slice(-1);
      for (const o of items) {
        if (i.plural === 'nodes') {
          if (where.some((w) => derived(w.path))) nodeDown(ctx, cp, o.metadata.name);
          else if (leaf.type === 'exists') ctx.add({ description: `${ref(o)} deleted`, reads: [cp], apply: (c) => void c.api.delete('nodes', undefined, o.metadata.name) });
          continue;
        }
        if (leaf.type === 'exists' && !where.length)
          ctx.add({ description: `${ref(o)} deleted`, reads: [cp], apply: (c) => void c.api.delete(i.plural, o.metadata.namespace, o.metadata.name) });
        for (const w of where) if (!derived(w.path) && w.op !== 'exists' && w.op !== 'notExists') fieldMutation(ctx, cp, i.plural, o, w.path, { op: w.op, value: w.value });
      }
      return;
    }
    case 'podsReady':
      return podSet(ctx, cp, leaf.namespace, leaf.selector);
    case 'replaced':
      return podSet(ctx, cp, leaf.namespace, leaf.selector);
    case 'endpoints':
      serviceMutations(ctx, cp, leaf.namespace, leaf.service, false);
      return podSet(ctx, cp, leaf.namespace, leaf.matchesPods?.selector);
    case 'http': {
      if (leaf.service) serviceMutations(ctx, cp, leaf.service.namespace, leaf.service.name, true);
      else if (leaf.url) {
        const host = new URL(leaf.url).hostname.split('.');
        const ns = host[1] ?? ('pod' in leaf.from ? leaf.from.pod.namespace : 'default');
        serviceMutations(ctx, cp, ns, host[0]!, true);
      }
      if (leaf.servedBy?.selector) podSet(ctx, cp, leaf.service?.namespace ?? 'default', leaf.servedBy.selector);
      return;
    }
    case 'dns':
      if (leaf.to && 'service' in leaf.to) serviceMutations(ctx, cp, leaf.to.namespace, leaf.to.service, false);
      return;
    case 'registryImage': {
      if (leaf.imageOf) {
        const i = info(api, leaf.imageOf.resource);
        const o = i && api.tryGet(i.plural, i.namespaced ? leaf.imageOf.namespace : undefined, leaf.imageOf.name);
        if (o && i && typeof leaf.imageOf.container === 'number') {
          const path = i.plural === 'pods' ? `spec.containers[${leaf.imageOf.container}].image` : `spec.template.spec.containers[${leaf.imageOf.container}].image`;
          const image = getPath(o, path) as string | undefined;
          if (image) {
            const other = `${imageWithoutTag(image)}:no-such-tag`;
            ctx.add({ description: `${ref(o)} ${path} ${image}${arrow}${other}`, reads: [cp], apply: (c) => void c.api.patch(i.plural, o.metadata.namespace, o.metadata.name, (x) => setPath(x, path, other)) });
          }
        }
      }
      if (leaf.pullableFrom) {
        const m = lastMachine(ctx.cluster, leaf.pullableFrom);
        const host = leaf.image?.split('/')[0] ?? 'msa.harbor.com';
        if (m) instantMutation(ctx, cp, m.name, `/etc/hosts line for ${host} removed`, (x) => editFile(x, '/etc/hosts', (t) => (t ?? '').split('\n').filter((l) => !l.includes(host)).join('\n')));
      }
      return;
    }
    case 'file': {
      const m = lastMachine(ctx.cluster, leaf.machine);
      if (!m) return;
      const path = leaf.path;
      // an anyOf branch the solution did not take has nothing to mutate
      if (leaf.exists && !m.fs.exists(path)) return;
      if (!leaf.exists) return instantMutation(ctx, cp, m.name, `${path} created`, (x) => editFile(x, path, () => 'mutation\n'));
      instantMutation(ctx, cp, m.name, `${path} removed`, (x) => editFile(x, path, () => null));
      if (leaf.equalsField || leaf.line !== undefined || leaf.matches !== undefined) {
        const text = m.fs.exists(path) ? m.fs.read(path) : '';
        const other = leaf.equalsField
          ? ['master', 'node1', 'node2', 'node3'].find((n) => n !== text.trim()) + '\n'
          : text
              .split('\n')
              .filter((l) => !(leaf.line !== undefined && l.trim().replace(/[ \t]+/g, ' ') === leaf.line.trim().replace(/[ \t]+/g, ' ')) && !(leaf.matches !== undefined && new RegExp(leaf.matches).test(l)))
              .join('\n');
        instantMutation(ctx, cp, m.name, `${path} content changed${leaf.equalsField ? ` to ${other.trim()}` : ''}`, (x) => editFile(x, path, () => other));
      }
      return;
    }
    case 'resolves': {
      const m = lastMachine(ctx.cluster, leaf.machine);
      if (!m) return;
      const ip = leaf.ip;
      if (ip && /^\d+\.\d+\.\d+\.\d+$/.test(ip)) {
        const next = ip.replace(/\d+$/, (d) => String(Number(d) + 1));
        instantMutation(ctx, cp, m.name, `/etc/hosts ${leaf.name} ${ip}${arrow}${next}`, (x) =>
          editFile(x, '/etc/hosts', (t) => (t ?? '').split('\n').map((l) => (l.split(/\s+/).slice(1).includes(leaf.name) ? l.replace(ip, next) : l)).join('\n')),
        );
      } else
        instantMutation(ctx, cp, m.name, `/etc/hosts line for ${leaf.name} removed`, (x) =>
          editFile(x, '/etc/hosts', (t) => (t ?? '').split('\n').filter((l) => !l.split(/\s+/).slice(1).includes(leaf.name)).join('\n')),
        );
      return;
    }
    case 'service': {
      const m = lastMachine(ctx.cluster, leaf.machine);
      if (!m) return;
      const unit = leaf.unit.replace(/\.service$/, '');
      if ((leaf.state ?? (leaf.enabled === undefined ? 'active' : undefined)) === 'active') machineMutation(ctx, cp, m.name, `${unit} stopped`, (x) => x.unit(unit)?.stop());
      if (leaf.enabled === true)
        instantMutation(ctx, cp, m.name, `${unit} disabled`, (x) => {
          const u = x.unit(unit)!;
          u.enabled = false;
          return () => void (u.enabled = true);
        });
      return;
    }
    case 'package': {
      const m = lastMachine(ctx.cluster, leaf.machine);
      if (m)
        instantMutation(ctx, cp, m.name, `package ${leaf.name} removed`, (x) => {
          const pkg = x.os.packages.remove(leaf.name);
          return () => void (pkg && x.os.packages.add(pkg));
        });
      return;
    }
    case 'os': {
      const m = lastMachine(ctx.cluster, leaf.machine);
      if (!m) return;
      if (leaf.swap === false)
        instantMutation(ctx, cp, m.name, 'swap on', (x) => {
          x.os.swapOn = true;
          return () => void (x.os.swapOn = false);
        });
      if (leaf.bootSwap === false)
        instantMutation(ctx, cp, m.name, 'swap line uncommented in /etc/fstab', (x) =>
          editFile(x, '/etc/fstab', (t) => (t ?? '').split('\n').map((l) => (/\sswap\s/.test(l) ? l.replace(/^#+\s*/, '') : l)).join('\n')),
        );
      for (const mod of leaf.modules ?? [])
        instantMutation(ctx, cp, m.name, `module ${mod} unloaded`, (x) => {
          const had = x.os.modules.delete(mod);
          return () => void (had && x.os.modules.add(mod));
        });
      for (const [k, v] of Object.entries(leaf.sysctl ?? {}))
        instantMutation(ctx, cp, m.name, `sysctl ${k} ${v}${arrow}${v === '0' ? '1' : '0'}`, (x) => {
          const before = x.os.sysctl(k);
          x.os.setSysctl(k, v === '0' ? '1' : '0');
          return () => void (before !== undefined && x.os.setSysctl(k, before));
        });
      for (const [k, v] of Object.entries(leaf.bootSysctl ?? {}))
        instantMutation(ctx, cp, m.name, `/etc/sysctl.conf sets ${k} = ${v === '0' ? '1' : '0'}`, (x) => editFile(x, '/etc/sysctl.conf', (t) => `${t ?? ''}\n${k} = ${v === '0' ? '1' : '0'}\n`));
      if (leaf.selinux)
        instantMutation(ctx, cp, m.name, 'SELinux enforcing (setenforce 1)', (x) => {
          const before = x.os.selinux;
          x.os.selinux = 'enforcing';
          return () => void (x.os.selinux = before);
        });
      if (leaf.bootSelinux)
        instantMutation(ctx, cp, m.name, 'SELINUX=enforcing in /etc/selinux/config', (x) => {
          const undos = ['/etc/selinux/config', '/etc/sysconfig/selinux']
            .filter((f) => x.fs.exists(f))
            .map((f) => editFile(x, f, (t) => (t ?? '').split('\n').map((l) => (/^SELINUX=/.test(l) ? 'SELINUX=enforcing' : l)).join('\n')));
          return () => undos.forEach((u) => u());
        });
      return;
    }
    case 'containerRuntime': {
      const m = lastMachine(ctx.cluster, leaf.machine);
      if (!m) return;
      const unit = ['docker', 'containerd'].find((u) => m.unit(u)?.isActiveWord() === 'active');
      if (unit) machineMutation(ctx, cp, m.name, `${unit} stopped`, (x) => x.unit(unit)?.stop());
      return;
    }
    case 'kubectlAccess':
      return instantMutation(ctx, cp, leaf.machine, '/root/.kube/config removed', (x) => editFile(x, '/root/.kube/config', () => null));
    case 'event':
      return;
  }
}

/** A node gone NotReady: its kubelet stopped. */
function nodeDown(ctx: Ctx, cp: string, node: string): void {
  if (!machinesOf(ctx.cluster.hosts)?.machine(node)?.unit('kubelet')) return;
  machineMutation(ctx, cp, node, 'kubelet stopped (the node goes NotReady)', (x) => x.unit('kubelet')?.stop());
}

/** Every near miss of what the lab's checkpoints read, from a solved session. */
export function deriveMutations(lab: Lab, solved: LabSession, start?: LabSession): Mutation[] {
  const byDesc = new Map<string, Mutation>();
  const api = solved.cluster.api;
  const checkpoints = lab.tasks.flatMap((t) => t.checkpoints);
  const fieldLeaves = checkpoints.flatMap((cp) =>
    leaves(cp.check).flatMap((l) => {
      if (l.type !== 'field') return [];
      const i = api.resolve(l.resource);
      return i ? [{ plural: i.plural, ns: i.namespaced ? l.namespace : undefined, name: l.name, path: l.path, op: l.op, value: l.value as unknown }] : [];
    }),
  );
  const ctx: Ctx = {
    api,
    start: start?.cluster.api,
    cluster: solved.cluster,
    fieldLeaves,
    add(m) {
      const had = byDesc.get(m.description);
      if (had) had.reads = [...new Set([...had.reads, ...m.reads])];
      else byDesc.set(m.description, m);
    },
  };
  for (const cp of checkpoints) for (const leaf of leaves(cp.check)) leafMutations(ctx, cp.id, leaf);
  return [...byDesc.values()];
}

export interface MutationOptions {
  /** a fresh session in the solved state (replaying the solution is deterministic, so each call forks the same state) */
  fork: () => Promise<LabSession>;
  /** the untouched start, to tell what the solution chose from what was there */
  start?: LabSession;
  /** descriptions (or substrings) of mutations to skip, with the reason */
  skip?: { match: string; reason: string }[];
}

/** How long a mutation gets to take effect: long enough for a rollout, a back-off and a node to go NotReady. */
const SETTLE_MS = 180_000;

/** Derive the mutations from one solved fork, apply each to its own fork, and see which checkpoints fail. */
export async function runMutations(lab: Lab, opts: MutationOptions): Promise<MutationReport> {
  const first = await opts.fork();
  const all = deriveMutations(first.lab, first, opts.start);
  const checkpoints = first.lab.tasks.flatMap((t) => t.checkpoints);
  const skipped: MutationReport['skipped'] = [];
  const outcomes: MutationOutcome[] = [];
  const failedOnce = new Set<string>();
  // instant mutations are undone after each, so they all share the fork the mutations were derived from
  let shared = first;
  // instant ones first, on the shared fork; the last of the others reuses it instead of a fresh replay
  const ordered = [...all.filter((m) => m.instant), ...all.filter((m) => !m.instant)];
  let sharedFree = false;
  for (const [i, m] of ordered.entries()) {
    const skip = opts.skip?.find((s) => m.description.includes(s.match));
    if (skip) {
      skipped.push({ description: m.description, reason: skip.reason });
      continue;
    }
    if (m.instant) {
      let undo: () => void;
      try {
        undo = m.instant(shared.cluster);
      } catch (e) {
        outcomes.push({ description: m.description, failed: [], error: e instanceof Error ? e.message.split('\n')[0] : String(e) });
        continue;
      }
      const failed = shared.evaluate().filter((r) => !r.passed).map((r) => r.id);
      undo();
      for (const f of failed) failedOnce.add(f);
      outcomes.push({ description: m.description, failed });
      // an undo that does not restore the solved state would taint the next mutations: start them from a fresh replay
      if (shared.evaluate().some((r) => !r.passed)) {
        shared.dispose();
        shared = await opts.fork();
      }
      continue;
    }
    const last = i === ordered.length - 1;
    const s = last ? shared : await opts.fork();
    if (last) sharedFree = true;
    try {
      m.apply(s.cluster);
    } catch (e) {
      outcomes.push({ description: m.description, failed: [], error: e instanceof Error ? e.message.split('\n')[0] : String(e) });
      s.dispose();
      continue;
    }
    s.cluster.advance(SETTLE_MS);
    s.cluster.settle({ maxMs: SETTLE_MS });
    const failed = s.evaluate().filter((r) => !r.passed).map((r) => r.id);
    s.dispose();
    for (const f of failed) failedOnce.add(f);
    outcomes.push({ description: m.description, failed });
  }
  if (!sharedFree) shared.dispose();
  const applied = outcomes.filter((o) => !o.error);
  const uncaught = applied.filter((o) => !o.failed.length);
  return {
    tried: applied.length,
    caught: applied.length - uncaught.length,
    outcomes,
    uncaught,
    unfailable: checkpoints.filter((c) => !failedOnce.has(c.id)).map((c) => ({ id: c.id, title: c.title })),
    skipped,
  };
}

/** The report lines of `kubeclass lab test`: `mutations: 14 tried, 14 caught`, then what is wrong. */
export function formatMutations(r: MutationReport): string[] {
  const lines = [`mutations: ${r.tried} tried, ${r.caught} caught${r.skipped.length ? `, ${r.skipped.length} skipped` : ''}`];
  for (const u of r.uncaught) lines.push(`mutation ${u.description} passed every checkpoint`);
  for (const c of r.unfailable) lines.push(`checkpoint ${c.id}: no mutation can fail it`);
  return lines;
}

/** A mutation line for a caught mutation: `deployment/mynginx spec.replicas 4→3: fails scaled, all-ready`. */
export function describeOutcome(o: MutationOutcome): string {
  if (o.error) return `${o.description}: could not be applied (${o.error})`;
  return o.failed.length ? `${o.description}: fails ${o.failed.join(', ')}` : `${o.description}: passes every checkpoint`;
}
