// A read-only cluster over a fixed set of objects: the state upstream kubectl was shown by
// fixtures/capture-server.mjs, served to our kubectl byte for byte (uids, addresses, timestamps kept).
import { notFound } from '../../src/cluster/apiserver/errors.ts';
import { RESOURCES } from '../../src/cluster/apiserver/resources.ts';
import { matchesFields, matchesRequirements, parseFieldSelector, parseLabelSelector } from '../../src/cluster/apiserver/selectors.ts';
import type { ApiServer, Cluster, KubeObject, ResourceInfo } from '../../src/cluster/types.ts';
import { kubectl } from '../../src/kubectl/index.ts';
import { memoryFs, type Result } from './harness.ts';

function resourcesFor(objects: KubeObject[]): ResourceInfo[] {
  const out: ResourceInfo[] = [...RESOURCES];
  for (const crd of objects.filter((o) => o.kind === 'CustomResourceDefinition')) {
    const n = crd.spec.names;
    for (const v of crd.spec.versions) {
      out.push({ plural: n.plural, singular: n.singular, shortNames: n.shortNames ?? [], kind: n.kind, group: crd.spec.group, version: v.name, namespaced: crd.spec.scope === 'Namespaced', verbs: ['delete', 'deletecollection', 'get', 'list', 'patch', 'create', 'update', 'watch'] });
    }
  }
  return out;
}

export function staticApi(objects: KubeObject[]): ApiServer {
  const resources = resourcesFor(objects);
  const resolve = (typed: string) => {
    const t = typed.toLowerCase();
    return resources.find((r) => [r.plural, r.singular, r.kind.toLowerCase(), ...r.shortNames, `${r.plural}.${r.group}`, `${r.singular}.${r.group}`].includes(t));
  };
  const of = (plural: string) => {
    const r = resolve(plural);
    if (!r) throw new Error(`unknown resource ${plural}`);
    const apiVersion = r.group ? `${r.group}/${r.version}` : r.version;
    return { r, items: objects.filter((o) => o.kind === r.kind && (o.apiVersion === apiVersion || r.kind === 'Event')) };
  };
  const readOnly = () => {
    throw new Error('the static cluster is read-only');
  };
  const api: ApiServer = {
    resources,
    resolve,
    tryGet: (plural, ns, name) => {
      const { r, items } = of(plural);
      const o = items.find((x) => x.metadata.name === name && (!r.namespaced || x.metadata.namespace === ns));
      return o ? JSON.parse(JSON.stringify(o)) : undefined;
    },
    get: (plural, ns, name) => {
      const o = api.tryGet(plural, ns, name);
      if (!o) {
        const { r } = of(plural);
        throw notFound(r.plural, r.group, name);
      }
      return o;
    },
    list: (plural, ns, opts) => {
      const { r, items } = of(plural);
      const labels = opts?.labelSelector ? parseLabelSelector(opts.labelSelector) : [];
      const fields = opts?.fieldSelector ? parseFieldSelector(opts.fieldSelector) : [];
      return items
        .filter((o) => !ns || !r.namespaced || o.metadata.namespace === ns)
        .filter((o) => matchesRequirements(labels, o.metadata.labels) && matchesFields(fields, o))
        .sort((a, b) => `${a.metadata.namespace ?? ''}/${a.metadata.name}`.localeCompare(`${b.metadata.namespace ?? ''}/${b.metadata.name}`));
    },
    create: readOnly,
    update: readOnly,
    updateStatus: readOnly,
    patch: readOnly,
    delete: readOnly,
    watch: () => () => {},
  };
  return api;
}

/** Run our kubectl against the objects at virtual time `now`. */
export async function runStatic(objects: KubeObject[], now: number, args: string[]): Promise<Result> {
  const cluster = {
    api: staticApi(objects),
    clock: { now: () => now, at: readOnlyTimer, after: readOnlyTimer, nextAt: () => undefined },
    random: { next: () => 0, int: () => 0, pick: <T>(xs: readonly T[]) => xs[0]!, suffix: () => 'bcdfg', uuid: () => '00000000-0000-4000-8000-000000000000', hex: (n: number) => '0'.repeat(n) },
    hosts: { names: () => [], get: () => undefined },
    idle: () => true,
  } as unknown as Cluster;
  let stdout = '';
  let stderr = '';
  const code = await kubectl({
    args,
    stdin: null,
    out: (s) => void (stdout += s),
    err: (s) => void (stderr += s),
    cluster,
    fs: memoryFs(),
    cwd: '/root',
    env: {},
    sleep: async () => {},
    signal: new AbortController().signal,
    tty: false,
    realtime: false,
    columns: 120,
  });
  return { stdout, stderr, code };
}

function readOnlyTimer(): never {
  throw new Error('the static cluster has no timers');
}
