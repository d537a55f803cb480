// Tab completion for `kubectl ...`, in the spirit of cobra's __complete: commands, types, names, flags, values.
import type { Cluster } from '../cluster/types.ts';
import { UPSTREAM_COMMANDS, findVerb } from './commands.ts';
import { flagsFromHelp } from './flags.ts';

const TYPE_VERBS = new Set(['get', 'describe', 'delete', 'edit', 'label', 'annotate', 'explain', 'patch']);
const EXPOSABLE = ['deployments', 'pods', 'replicasets', 'replicationcontrollers', 'services'];
const POD_VERBS = new Set(['logs', 'exec', 'attach', 'port-forward']);
const SCALABLE = ['deployments', 'replicasets', 'replicationcontrollers', 'statefulsets'];
const OUTPUT_FORMATS = ['custom-columns=', 'json', 'jsonpath=', 'name', 'wide', 'yaml'];
const CREATE_SUBS = ['clusterrole', 'clusterrolebinding', 'configmap', 'cronjob', 'deployment', 'ingress', 'job', 'namespace', 'poddisruptionbudget', 'priorityclass', 'quota', 'role', 'rolebinding', 'secret', 'service', 'serviceaccount', 'token'];
const VALUE_FLAGS = new Set(['-n', '--namespace', '-o', '--output', '-l', '--selector', '-f', '--filename', '--context', '--kubeconfig', '-c', '--container']);

function uniqSorted(xs: string[], partial: string): string[] {
  return [...new Set(xs.filter((x) => x.startsWith(partial)))].sort();
}

export function completeKubectl(words: string[], cluster: Cluster): string[] {
  if (words.length === 0) return [];
  const partial = words[words.length - 1];
  const before = words.slice(0, -1);
  const prev = before[before.length - 1];
  const api = cluster.api;

  if (prev === '-n' || prev === '--namespace') return uniqSorted(api.list('namespaces').map((n) => n.metadata.name), partial);
  if (prev === '-o' || prev === '--output') return uniqSorted(OUTPUT_FORMATS, partial);
  if (partial.startsWith('--namespace=')) return uniqSorted(api.list('namespaces').map((n) => `--namespace=${n.metadata.name}`), partial);
  if (partial.startsWith('-o') && partial.length > 2 && !partial.startsWith('-o=')) return uniqSorted(OUTPUT_FORMATS.map((f) => `-o${f}`), partial);

  // positional words, skipping flags and their values
  const positional: string[] = [];
  let namespace = 'default';
  for (let i = 0; i < before.length; i++) {
    const w = before[i];
    if (w.startsWith('-')) {
      if (w === '-n' || w === '--namespace') namespace = before[i + 1] ?? namespace;
      else if (w.startsWith('--namespace=')) namespace = w.slice('--namespace='.length);
      else if (/^-n[^-]/.test(w)) namespace = w.slice(2);
      if (VALUE_FLAGS.has(w)) i++;
      continue;
    }
    positional.push(w);
  }
  const verb = positional[0];

  if (partial.startsWith('-')) {
    const v = verb ? findVerb(verb) : undefined;
    const sub = v?.sub?.find((s) => s.name === positional[1] || s.aliases?.includes(positional[1] ?? ''));
    const subsub = sub?.sub?.find((s) => s.name === positional[2] || s.aliases?.includes(positional[2] ?? ''));
    const specs = [...(v ? flagsFromHelp((subsub ?? sub ?? v).help) : []), ...flagsFromHelp('options')];
    return uniqSorted(specs.map((s) => `--${s.name}`), partial);
  }
  if (!verb) return uniqSorted([...UPSTREAM_COMMANDS, 'help'], partial);

  const args = positional.slice(1);
  if (verb === 'create' && args.length === 0) return uniqSorted(CREATE_SUBS, partial);
  if (verb === 'create' && (args[0] === 'service' || args[0] === 'svc') && args.length === 1) return uniqSorted(['clusterip', 'externalname', 'loadbalancer', 'nodeport'], partial);
  const typeNames = (filter?: string[]) => {
    const names = api.resources.map((r) => r.plural).filter((p) => !filter || filter.includes(p));
    return verb === 'get' ? [...names, 'all'] : names;
  };
  const objectNames = (typed: string, prefix = '') => {
    const r = api.resolve(typed);
    if (!r) return [];
    return api.list(r.plural, r.namespaced ? namespace : undefined).map((o) => prefix + o.metadata.name);
  };
  if (TYPE_VERBS.has(verb) || verb === 'scale' || verb === 'expose') {
    const allowed = verb === 'scale' ? SCALABLE : verb === 'expose' ? EXPOSABLE : undefined;
    if (partial.includes('/')) {
      const type = partial.slice(0, partial.indexOf('/'));
      return uniqSorted(objectNames(type, `${type}/`), partial);
    }
    if (args.length === 0) return uniqSorted(typeNames(allowed), partial);
    const type = args[0];
    if (type.includes(',') || type.includes('/')) return [];
    return uniqSorted(objectNames(type), partial);
  }
  if (POD_VERBS.has(verb) && args.length === 0) return uniqSorted(objectNames('pods'), partial);
  if (verb === 'rollout' || verb === 'set') {
    if (args.length === 0) return uniqSorted(verb === 'rollout' ? ['history', 'pause', 'restart', 'resume', 'status', 'undo'] : ['env', 'image', 'resources', 'selector', 'serviceaccount', 'subject'], partial);
    if (partial.includes('/')) {
      const type = partial.slice(0, partial.indexOf('/'));
      return uniqSorted(objectNames(type, `${type}/`), partial);
    }
    if (args.length === 1) return uniqSorted(['daemonsets', 'deployments', 'statefulsets'], partial);
    if (args.length === 2 && !args[1]!.includes('/')) return uniqSorted(objectNames(args[1]!), partial);
  }
  if (verb === 'help' && args.length === 0) return uniqSorted(UPSTREAM_COMMANDS, partial);
  return [];
}
