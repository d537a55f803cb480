// kubectl label / annotate TYPE NAME KEY=VAL ... KEY- : merge-patch metadata.labels or metadata.annotations.
import { isApiError } from '../../cluster/apiserver/errors.ts';
import type { KubeObject, ResourceInfo } from '../../cluster/types.ts';
import { CmdError, errorText } from '../errors.ts';
import type { Invocation, Verb } from '../invocation.ts';
import { msg } from '../messages.ts';
import { parseOutput } from '../printers/output.ts';
import { parseTargets } from '../resources.ts';
import { dryRunOf, printResult, sortedMap } from './common.ts';
import { loadManifests, mappingFor, namespaceFor } from './create.ts';

type Field = 'labels' | 'annotations';

/** cmdutil.GetResourcesAndPairs: resources first, then KEY=VAL / KEY- pairs. */
function splitPairs(args: string[], pairType: string): { resources: string[]; pairs: string[] } {
  const resources: string[] = [];
  const pairs: string[] = [];
  for (const s of args) {
    const isPair = (s.includes('=') && s[0] !== '=') || (s.endsWith('-') && s !== '-');
    if (isPair) pairs.push(s);
    else if (pairs.length) throw new CmdError(msg.pairsAfterResources(pairType, s));
    else resources.push(s);
  }
  return { resources, pairs };
}

const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** label.go parseLabels: `k=v` (exactly one `=`, valid value) or `k-`. */
function parseLabelPairs(pairs: string[]): { set: Map<string, string>; remove: string[] } {
  const set = new Map<string, string>();
  const remove: string[] = [];
  for (const p of pairs) {
    if (p.includes('=')) {
      const parts = p.split('=');
      if (parts.length !== 2) throw new CmdError(msg.labelSpecInvalid(p));
      const errs: string[] = [];
      if (parts[1].length > 63) errs.push('must be no more than 63 characters');
      if (!LABEL_VALUE.test(parts[1])) errs.push(msg.labelValueRegex);
      if (errs.length) throw new CmdError(msg.labelValueInvalid(p, errs.join(';')));
      set.set(parts[0], parts[1]);
    } else if (p.endsWith('-')) remove.push(p.slice(0, -1));
    else throw new CmdError(msg.labelSpecUnknown(p));
  }
  if (remove.some((k) => set.has(k))) throw new CmdError(msg.labelModifyAndRemove);
  return { set, remove };
}

/** cmdutil.ParsePairs for annotations: `k=v` (value may contain `=`) or `k-`. */
function parseAnnotationPairs(pairs: string[]): { set: Map<string, string>; remove: string[] } {
  const set = new Map<string, string>();
  const remove: string[] = [];
  const invalid: string[] = [];
  for (const p of pairs) {
    const eq = p.indexOf('=');
    if (eq > 0) set.set(p.slice(0, eq), p.slice(eq + 1));
    else if (p.endsWith('-') && p !== '-') remove.push(p.slice(0, -1));
    else invalid.push(p);
  }
  if (invalid.length) throw new CmdError(msg.pairFormatInvalid('annotation', invalid.join(', ')));
  const both = remove.filter((k) => set.has(k));
  if (both.length) throw new CmdError(msg.annotationModifyAndRemove(both.join(', ')));
  return { set, remove };
}

interface Target {
  r: ResourceInfo;
  ns: string | undefined;
  name: string;
}

function makeVerb(field: Field): Verb {
  const noun = field === 'labels' ? 'label' : 'annotation';
  return {
    name: noun === 'label' ? 'label' : 'annotate',
    help: noun === 'label' ? 'label' : 'annotate',
    async run(inv) {
      const { flags, ctx } = inv;
      const api = ctx.cluster.api;
      const output = flags.str('output');
      const dry = dryRunOf(inv);
      const { resources, pairs } = splitPairs(inv.args, noun);
      const { set, remove } = field === 'labels' ? parseLabelPairs(pairs) : parseAnnotationPairs(pairs);
      const list = flags.bool('list');
      if (list && output) throw new CmdError(msg.listAndOutput);
      if (output && output !== 'name') parseOutput(output, false);
      const all = flags.bool('all');
      const selector = flags.str('selector');
      if (all && selector) throw new CmdError(msg.allAndSelector);
      const files = flags.list('filename');
      if (resources.length === 0 && files.length === 0) throw new CmdError(msg.resourcesForPairs);
      if (set.size === 0 && remove.length === 0 && !list) throw new CmdError(msg.pairUpdateRequired(noun));

      const targets: Target[] = [];
      if (files.length) {
        for (const m of loadManifests(inv)) {
          const r = mappingFor(inv, m);
          targets.push({ r, ns: namespaceFor(inv, r, m), name: m.obj.metadata?.name ?? '' });
        }
      }
      const allNs = flags.bool('all-namespaces');
      for (const t of parseTargets(api, resources)) {
        const ns = t.resource.namespaced ? (allNs ? undefined : inv.namespace) : undefined;
        if (t.names.length) for (const name of t.names) targets.push({ r: t.resource, ns, name });
        else if (all || selector) {
          for (const o of api.list(t.resource.plural, ns, { labelSelector: selector || undefined })) {
            targets.push({ r: t.resource, ns: o.metadata.namespace, name: o.metadata.name });
          }
        } else throw new CmdError(msg.deleteNoName);
      }

      let failed = false;
      for (const t of targets) {
        try {
          apply(inv, field, t, set, remove, dry, list, targets.length === 1);
        } catch (e) {
          if (!isApiError(e) && !(e instanceof CmdError)) throw e;
          ctx.err(errorText(e));
          failed = true;
        }
      }
      return failed ? 1 : 0;
    },
  };
}

function apply(
  inv: Invocation,
  field: Field,
  t: Target,
  set: Map<string, string>,
  remove: string[],
  dry: string,
  list: boolean,
  single: boolean,
): void {
  const { flags, ctx } = inv;
  const api = ctx.cluster.api;
  const overwrite = flags.bool('overwrite');
  const current = api.get(t.r.plural, t.ns, t.name);
  const before: Record<string, string> = { ...(current.metadata[field] ?? {}) };
  if (!overwrite) {
    const clashes = [...set.keys()].filter((k) => k in before && !(field === 'annotations' && k === 'kubernetes.io/change-cause'));
    if (clashes.length) {
      if (field === 'labels') {
        const errs = clashes.map((k) => msg.labelOverwrite(k, before[k]));
        throw new CmdError(errs.length === 1 ? errs[0] : `[${errs.join(', ')}]`);
      }
      throw new CmdError(msg.annotationOverwrite(clashes.map((k) => `'${k}' already has a value (${before[k]})`).join('; ')));
    }
  }
  const after: Record<string, string> = { ...before };
  for (const [k, v] of set) after[k] = v;
  for (const k of remove) delete after[k];
  const changed = JSON.stringify(sortedMap(before)) !== JSON.stringify(sortedMap(after)) || (current.metadata[field] === undefined && (set.size > 0 || remove.length > 0));

  let result: KubeObject = current;
  if (list || dry === 'client') {
    result = { ...current, metadata: { ...current.metadata, [field]: after } };
  } else {
    if (field === 'labels') for (const k of remove) if (!(k in before)) ctx.out(msg.labelNotFound(k) + '\n');
    result = api.patch(t.r.plural, t.ns, t.name, (o) => {
      o.metadata[field] = after;
    }, { dryRun: dry === 'server', fieldManager: field === 'labels' ? 'kubectl-label' : 'kubectl-annotate' });
  }
  if (list) {
    const indent = single ? '' : ' ';
    if (!single) ctx.out(`Listing ${field} for ${t.r.kind}.${t.r.group}/${t.name}:\n`);
    for (const [k, v] of Object.entries(sortedMap(result.metadata[field] ?? {}))) ctx.out(`${indent}${k}=${v}\n`);
    return;
  }
  // label.go updateDataChangeMsg: shorter JSON without --overwrite reads as a removal
  const shrank = JSON.stringify(sortedMap(after)).length < JSON.stringify(sortedMap(before)).length;
  const op = field === 'labels' ? (!changed ? 'not labeled' : !overwrite && shrank ? 'unlabeled' : 'labeled') : 'annotated';
  const tag = dry === 'client' ? ' (dry run)' : dry === 'server' ? ' (server dry run)' : '';
  printResult(inv, t.r, result, (ref) => `${ref} ${op}${tag}`);
}


export const labelVerb = makeVerb('labels');
export const annotateVerb = makeVerb('annotations');
