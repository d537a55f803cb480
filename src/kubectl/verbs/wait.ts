// kubectl wait (TYPE/NAME | TYPE NAME... | TYPE -l SELECTOR | TYPE --all) --for=delete|create|
// condition=NAME[=VALUE]|jsonpath='{PATH}'[=VALUE] [--timeout=30s]: virtual time passes until each
// object meets the condition; "condition met" per object, or kubectl's timeout error.
import type { KubeObject, ResourceInfo } from '../../cluster/types.ts';
import { CmdError } from '../errors.ts';
import { evalPath, parseJsonPath } from '../format/jsonpath.ts';
import type { Invocation, Verb } from '../invocation.ts';
import { msg } from '../messages.ts';
import { objectRef, parseTargets } from '../resources.ts';
import { parseDuration } from './delete.ts';
import { waitFor } from './common.ts';

type Condition =
  | { kind: 'delete' }
  | { kind: 'create' }
  | { kind: 'condition'; type: string; value: string }
  | { kind: 'jsonpath'; path: string; value?: string };

function parseFor(s: string): Condition {
  const lower = s.toLowerCase();
  if (lower === 'delete') return { kind: 'delete' };
  if (lower === 'create') return { kind: 'create' };
  if (lower.startsWith('condition=')) {
    const rest = s.slice('condition='.length);
    const eq = rest.indexOf('=');
    return eq < 0 ? { kind: 'condition', type: rest, value: 'true' } : { kind: 'condition', type: rest.slice(0, eq), value: rest.slice(eq + 1) };
  }
  if (lower.startsWith('jsonpath=')) {
    const rest = s.slice('jsonpath='.length);
    // the path runs to its closing brace; `=value` may follow
    const close = rest.startsWith('{') ? rest.indexOf('}') : -1;
    const path = close >= 0 ? rest.slice(0, close + 1) : rest.split('=')[0]!;
    const after = rest.slice(path.length);
    if (!/^\{?\.?[A-Za-z]/.test(path) || (path.startsWith('{') && !path.endsWith('}'))) throw new CmdError("unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'");
    try {
      parseJsonPath(path.startsWith('{') ? path : `{${path.startsWith('.') ? '' : '.'}${path}}`);
    } catch {
      throw new CmdError("unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'");
    }
    return after.startsWith('=') ? { kind: 'jsonpath', path, value: after.slice(1) } : { kind: 'jsonpath', path };
  }
  throw new CmdError(`unrecognized condition: "${s}"`);
}

function met(c: Condition, obj: KubeObject | undefined): boolean {
  if (c.kind === 'delete') return !obj;
  if (!obj) return false;
  if (c.kind === 'create') return true;
  if (c.kind === 'condition') {
    const conds = ((obj.status as { conditions?: { type?: string; status?: string }[] } | undefined)?.conditions ?? []);
    return conds.some((x) => (x.type ?? '').toLowerCase() === c.type.toLowerCase() && (x.status ?? '').toLowerCase() === c.value.toLowerCase());
  }
  const values = evalPath(c.path, obj);
  if (c.value === undefined) return values.length > 0;
  return values.length > 0 && values.every((v) => (typeof v === 'object' ? JSON.stringify(v) : String(v)) === c.value);
}

export const waitVerb: Verb = {
  name: 'wait',
  help: 'wait',
  async run(inv: Invocation) {
    const { ctx, flags } = inv;
    const api = ctx.cluster.api;
    const cond = parseFor(flags.str('for'));
    const timeoutFlag = flags.str('timeout') || '30s';
    // a negative timeout waits a week, as kubectl does
    const timeout = timeoutFlag.startsWith('-') ? 7 * 24 * 3_600_000 : parseDuration(timeoutFlag);
    if (inv.args.length === 0) throw new CmdError(msg.provideResources);
    const selector = flags.str('selector');
    const allNs = flags.bool('all-namespaces');
    const items: { r: ResourceInfo; ns?: string; name: string; uid?: string }[] = [];
    for (const t of parseTargets(api, inv.args)) {
      const ns = t.resource.namespaced ? (allNs ? undefined : inv.namespace) : undefined;
      if (t.names.length) {
        for (const name of t.names) {
          const o = api.tryGet(t.resource.plural, ns, name, { frozenResult: true });
          // the server's NotFound, except for delete (already gone) and create (not yet there)
          if (!o && cond.kind !== 'delete' && cond.kind !== 'create') api.get(t.resource.plural, ns, name);
          items.push({ r: t.resource, ns, name, uid: o?.metadata.uid });
        }
      } else if (selector || flags.bool('all')) {
        for (const o of api.list(t.resource.plural, ns, selector ? { labelSelector: selector } : undefined)) items.push({ r: t.resource, ns: o.metadata.namespace, name: o.metadata.name, uid: o.metadata.uid });
      } else throw new CmdError(msg.provideResources);
    }
    if (!items.length) {
      if (cond.kind === 'delete') return 0;
      throw new CmdError('no matching resources found');
    }
    for (const item of items) {
      const current = () => {
        const o = api.tryGet(item.r.plural, item.ns, item.name, { frozenResult: true });
        // --for=delete waits for this object: one of the same name made since is another object
        return cond.kind === 'delete' && o && item.uid && o.metadata.uid !== item.uid ? undefined : o;
      };
      if (cond.kind === 'delete' && !item.uid) continue;
      const ok = met(cond, current()) || (timeout > 0 && (await waitFor(inv, () => met(cond, current()), timeout)));
      if (ctx.signal.aborted) return 130;
      if (!ok) throw new CmdError(`timed out waiting for the condition on ${item.r.plural}/${item.name}`);
      ctx.out(`${objectRef(item.r, item.name)} condition met\n`);
    }
    return 0;
  },
};
