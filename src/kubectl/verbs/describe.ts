// kubectl describe TYPE [NAME_PREFIX | -l selector]: one describer per kind, objects separated by two blank lines.
import { isApiError } from '../../cluster/apiserver/errors.ts';
import type { ApiServer, KubeObject } from '../../cluster/types.ts';
import { Out, annotationsMultiline, describeEvents, describerFor, eventsFor, labelsMultiline } from '../describe/common.ts';
import '../describe/kinds.ts';
import '../describe/network.ts';
import { CmdError, errorText } from '../errors.ts';
import type { Verb } from '../invocation.ts';
import { msg } from '../messages.ts';
import { parseTargets, resourceOf } from '../resources.ts';
import { crdFor } from '../printers/custom.ts';

export const describeVerb: Verb = {
  name: 'describe',
  help: 'describe',
  async run(inv) {
    const { ctx, flags } = inv;
    const api = ctx.cluster.api;
    if (inv.args.length === 0) throw new CmdError(msg.describeNoType);
    const targets = parseTargets(api, inv.args);
    const allNs = flags.bool('all-namespaces');
    const selector = flags.str('selector');
    const now = ctx.cluster.clock.now();
    const found: KubeObject[] = [];
    let failed = false;
    for (const t of targets) {
      const ns = t.resource.namespaced ? (allNs ? undefined : inv.namespace) : undefined;
      if (t.names.length === 0) {
        found.push(...api.list(t.resource.plural, ns, { labelSelector: selector || undefined }));
        continue;
      }
      for (const name of t.names) {
        const exact = api.tryGet(t.resource.plural, ns, name);
        if (exact) {
          found.push(exact);
          continue;
        }
        // describe falls back to every object whose name starts with the argument
        const matches = api.list(t.resource.plural, ns).filter((o) => o.metadata.name.startsWith(name));
        if (matches.length) found.push(...matches);
        else {
          try {
            api.get(t.resource.plural, ns, name);
          } catch (e) {
            if (!isApiError(e)) throw e;
            ctx.err(errorText(e));
            failed = true;
          }
        }
      }
    }
    if (found.length === 0 && !failed) {
      const namespaced = !allNs && targets.every((t) => t.resource.namespaced);
      ctx.err((namespaced ? msg.noResourcesIn(inv.namespace) : msg.noResources) + '\n');
      return 0;
    }
    let first = true;
    for (const obj of found) {
      const r = resourceOf(api, obj);
      const d = r ? describerFor(r.plural) : undefined;
      const text = d ? d(obj, api, now) : describeGeneric(obj, api, now);
      ctx.out(first ? text : `\n\n${text}`);
      first = false;
    }
    return failed ? 1 : 0;
  },
};

/** fatih/camelcase Split: runs of lower, upper, digit, other; an upper run gives its last letter to a following lower run. */
function camelSplit(s: string): string[] {
  const cls = (c: string) => (/\p{Ll}/u.test(c) ? 1 : /\p{Lu}/u.test(c) ? 2 : /\p{Nd}/u.test(c) ? 3 : 4);
  const runs: string[][] = [];
  let last = 0;
  for (const c of s) {
    const k = cls(c);
    if (k === last && runs.length) runs[runs.length - 1]!.push(c);
    else runs.push([c]);
    last = k;
  }
  for (let i = 0; i < runs.length - 1; i++) {
    if (cls(runs[i]![0]!) === 2 && cls(runs[i + 1]![0]!) === 1) runs[i + 1]!.unshift(runs[i]!.pop()!);
  }
  return runs.filter((r) => r.length).map((r) => r.join(''));
}

/** describe.go smartLabelFor: `autoAssign` → `Auto Assign`, `apiVersion` → `API Version`. */
function smartLabel(field: string): string {
  if ([...field].some((c) => !/\p{L}/u.test(c) && c !== '-')) return field;
  const acronyms = ['API', 'URL', 'UID', 'OSB', 'GUID'];
  return camelSplit(field)
    .filter((p) => p !== '_')
    .map((p) => (acronyms.includes(p.toUpperCase()) ? p.toUpperCase() : p.charAt(0).toUpperCase() + p.slice(1)))
    .join(' ');
}

const GENERIC_SKIP = ['.metadata.managedFields', '.metadata.name', '.metadata.namespace', '.metadata.labels', '.metadata.annotations'];

/** printUnstructuredContent: every field, sorted, nested by indentation. */
function unstructured(o: Out, level: number, content: Record<string, unknown>, prefix: string): void {
  for (const field of Object.keys(content).sort()) {
    const value = content[field];
    const path = `${prefix}.${field}`;
    if (GENERIC_SKIP.includes(path)) continue;
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      o.w(level, `${smartLabel(field)}:\n`);
      unstructured(o, level + 1, value as Record<string, unknown>, path);
    } else if (Array.isArray(value)) {
      o.w(level, `${smartLabel(field)}:\n`);
      for (const child of value) {
        if (child && typeof child === 'object' && !Array.isArray(child)) unstructured(o, level + 1, child as Record<string, unknown>, path);
        else o.w(level + 1, `${goValue(child)}\n`);
      }
    } else o.w(level, `${smartLabel(field)}:\t${goValue(value)}\n`);
  }
}

/** fmt %v of a decoded JSON value. */
function goValue(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (Array.isArray(v)) return `[${v.map(goValue).join(' ')}]`;
  if (typeof v === 'object') return `map[${Object.keys(v as object).sort().map((k) => `${k}:${goValue((v as Record<string, unknown>)[k])}`).join(' ')}]`;
  return String(v);
}

/** The generic describer kubectl uses for custom resources. */
function describeCustom(obj: KubeObject, api: ApiServer, now: number): string {
  const o = new Out();
  o.w(0, `Name:\t${obj.metadata.name}\n`);
  o.w(0, `Namespace:\t${obj.metadata.namespace ?? ''}\n`);
  labelsMultiline(o, 'Labels', obj.metadata.labels);
  annotationsMultiline(o, 'Annotations', obj.metadata.annotations);
  unstructured(o, 0, obj as unknown as Record<string, unknown>, '');
  describeEvents(o, eventsFor(api, obj), now);
  return o.done();
}

function describeGeneric(obj: KubeObject, api: ApiServer, now: number): string {
  const r = resourceOf(api, obj);
  if (r && crdFor(api, r.plural)) return describeCustom(obj, api, now);
  const o = new Out();
  o.w(0, `Name:\t${obj.metadata.name}\n`);
  if (obj.metadata.namespace) o.w(0, `Namespace:\t${obj.metadata.namespace}\n`);
  labelsMultiline(o, 'Labels', obj.metadata.labels);
  annotationsMultiline(o, 'Annotations', obj.metadata.annotations);
  if (obj.kind === 'ConfigMap') {
    o.w(0, '\nData\n====\n');
    for (const k of Object.keys((obj.data as Record<string, string>) ?? {}).sort()) o.w(0, `${k}:\n----\n${(obj.data as Record<string, string>)[k]}\n\n`);
    o.w(0, '\nBinaryData\n====\n\n');
  }
  describeEvents(o, eventsFor(api, obj), now);
  return o.done();
}
