// Turning `TYPE NAME...`, `TYPE/NAME ...`, `a,b` and `all` into what to fetch (the resource builder).
import type { ApiServer, KubeObject, ResourceInfo } from '../cluster/types.ts';
import { CmdError } from './errors.ts';
import { msg } from './messages.ts';

export interface Target {
  resource: ResourceInfo;
  /** empty = every object (list) */
  names: string[];
}

/** Categories kubectl expands (`all`), in discovery order of the aggregated list as kubectl prints it. */
const ALL = ['pods', 'replicationcontrollers', 'services', 'daemonsets', 'deployments', 'replicasets', 'statefulsets', 'horizontalpodautoscalers', 'cronjobs', 'jobs'];

export function resolveType(api: ApiServer, typed: string): ResourceInfo[] {
  if (typed === 'all') return ALL.map((p) => api.resolve(p)).filter((r): r is ResourceInfo => !!r);
  const r = api.resolve(typed);
  if (!r) throw new CmdError(msg.noResourceType(typed));
  return [r];
}

/** Parse resource arguments the way the builder does; `cmd` names the command in the slash-form error. */
export function parseTargets(api: ApiServer, args: string[]): Target[] {
  if (args.length === 0) return [];
  const slash = args.filter((a) => a.includes('/'));
  if (slash.length > 0) {
    if (slash.length !== args.length) throw new CmdError(msg.typeNameSlash(args[0]));
    const out: Target[] = [];
    for (const a of args) {
      const i = a.indexOf('/');
      const type = a.slice(0, i);
      const name = a.slice(i + 1);
      if (!type || !name || name.includes('/')) throw new CmdError(msg.slashNeedsName(a));
      const [r] = resolveType(api, type);
      const last = out[out.length - 1];
      if (last && last.resource === r) last.names.push(name);
      else out.push({ resource: r, names: [name] });
    }
    return out;
  }
  const [types, ...names] = args;
  const resources: ResourceInfo[] = [];
  for (const t of types.split(',')) {
    if (t === '') continue;
    for (const r of resolveType(api, t)) if (!resources.includes(r)) resources.push(r);
  }
  return resources.map((resource) => ({ resource, names: [...names] }));
}

/** `pod`, `deployment.apps` — the kind/group part of `-o name` and of `get all` rows. */
export function kindRef(r: ResourceInfo): string {
  return r.group ? `${r.kind.toLowerCase()}.${r.group}` : r.kind.toLowerCase();
}

/** `deployments.apps` — how resources are named in messages and NotFound errors. */
export function resourceRef(r: ResourceInfo): string {
  return r.group ? `${r.plural}.${r.group}` : r.plural;
}

/** `deployment.apps/mynginx` */
export function objectRef(r: ResourceInfo, name: string): string {
  return `${kindRef(r)}/${name}`;
}

/** The resource of a stored object. */
export function resourceOf(api: ApiServer, obj: KubeObject): ResourceInfo | undefined {
  const group = obj.apiVersion.includes('/') ? obj.apiVersion.split('/')[0] : '';
  return api.resources.find((r) => r.kind === obj.kind && r.group === group) ?? api.resolve(obj.kind);
}
