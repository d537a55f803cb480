// kubectl apply -f: create with the last-applied annotation, or a three-way merge (last applied, manifest, live).
import { isApiError } from '../../cluster/apiserver/errors.ts';
import type { KubeObject, NewObject } from '../../cluster/types.ts';
import { errorText, wrapApiError } from '../errors.ts';
import type { Verb } from '../invocation.ts';
import { msg } from '../messages.ts';
import { parseOutput } from '../printers/output.ts';
import { dryRunOf, fieldValidationOf, printResult } from './common.ts';
import { LAST_APPLIED, mappingFor, namespaceFor, streamManifestsOf } from './create.ts';

type Json = Record<string, any>;

export const applyVerb: Verb = {
  name: 'apply',
  help: 'apply',
  async run(inv) {
    const { ctx } = inv;
    const api = ctx.cluster.api;
    if (inv.flags.str('output')) parseOutput(inv.flags.str('output'), false);
    const { manifests, error } = streamManifestsOf(inv);
    const dry = dryRunOf(inv);
    const fieldValidation = fieldValidationOf(inv);
    // kubectl maps every object before changing any
    const planned = manifests.map((m) => {
      const r = mappingFor(inv, m);
      return { m, r, ns: namespaceFor(inv, r, m) };
    });
    let failed = false;
    for (const { m, r, ns } of planned) {
      const modified: Json = JSON.parse(JSON.stringify(m.obj));
      if (ns) modified.metadata.namespace = ns;
      const annotations = { ...(modified.metadata.annotations ?? {}) };
      delete annotations[LAST_APPLIED];
      modified.metadata.annotations = annotations;
      const lastApplied = JSON.stringify(sortKeys(modified)) + '\n';
      const name = modified.metadata.name ?? '';
      const live = api.tryGet(r.plural, ns, name);
      try {
        if (!live) {
          const obj: NewObject = JSON.parse(JSON.stringify(modified));
          obj.metadata.annotations = { ...annotations, [LAST_APPLIED]: lastApplied };
          const created = dry === 'client' ? (obj as KubeObject) : api.create(obj, { dryRun: dry === 'server', fieldManager: 'kubectl-client-side-apply', fieldValidation });
          printResult(inv, r, created, (ref) => msg.created(ref, dry));
          continue;
        }
        const prevText = live.metadata.annotations?.[LAST_APPLIED];
        if (prevText === undefined) ctx.err(msg.missingLastApplied(`${r.plural}/${name}`) + '\n');
        let original: Json = {};
        try {
          original = prevText ? JSON.parse(prevText) : {};
        } catch {
          original = {};
        }
        const target: Json = JSON.parse(JSON.stringify(modified));
        target.metadata.annotations = { ...annotations, [LAST_APPLIED]: lastApplied };
        const current: Json = JSON.parse(JSON.stringify(live));
        const merged = threeWay(original, target, current);
        const unchanged = deepEqual(stripStatus(merged), stripStatus(current));
        if (unchanged) {
          printResult(inv, r, live, (ref) => msg.unchanged(ref, dry));
          continue;
        }
        const updated = dry === 'client' ? (merged as KubeObject) : api.update(merged as KubeObject, { dryRun: dry === 'server', fieldManager: 'kubectl-client-side-apply', fieldValidation });
        printResult(inv, r, updated, (ref) => msg.configured(ref, dry));
      } catch (e) {
        if (!isApiError(e)) throw e;
        ctx.err(errorText(e.reason === 'Invalid' ? e : wrapApiError(e, live ? 'applying patch' : 'creating', m.source)));
        failed = true;
      }
    }
    if (error) throw error;
    return failed ? 1 : 0;
  },
};

function sortKeys(v: any): any {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys(v[k])]));
  return v;
}

function stripStatus(o: Json): Json {
  const { status: _s, ...rest } = o;
  void _s;
  const meta = { ...(rest.metadata ?? {}) };
  delete meta.resourceVersion;
  delete meta.generation;
  delete meta.managedFields;
  return { ...rest, metadata: meta };
}

/**
 * Fields in `modified` are set on `current` (maps merge, lists of named items merge by name, other lists
 * are replaced); fields that were in `original` but are gone from `modified` are removed.
 */
export function threeWay(original: Json, modified: Json, current: Json): Json {
  const out: Json = { ...current };
  for (const key of Object.keys(original ?? {})) {
    if (!(key in modified) && key !== 'status') delete out[key];
  }
  for (const [key, mv] of Object.entries(modified)) {
    const cv = current[key];
    const ov = original?.[key];
    if (isObj(mv) && isObj(cv)) out[key] = threeWay(isObj(ov) ? ov : {}, mv, cv);
    else if (Array.isArray(mv) && Array.isArray(cv) && mv.every((x) => isObj(x) && typeof x.name === 'string')) {
      const ovList: any[] = Array.isArray(ov) ? ov : [];
      out[key] = mv.map((item) => {
        const live = cv.find((c: any) => isObj(c) && c.name === item.name);
        const orig = ovList.find((c: any) => isObj(c) && c.name === item.name) ?? {};
        return live ? threeWay(orig, item, live) : item;
      });
    } else if (Array.isArray(mv) && Array.isArray(cv) && mv.length === cv.length && mv.every((x, i) => isObj(x) && isObj(cv[i]))) {
      out[key] = mv.map((item, i) => threeWay(Array.isArray(ov) && isObj(ov[i]) ? ov[i] : {}, item, cv[i]));
    } else out[key] = mv;
  }
  return out;
}

function isObj(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isObj(a) && isObj(b)) {
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => deepEqual(a[k], b[k]));
  }
  return false;
}
