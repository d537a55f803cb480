// kubectl taint nodes NAME... KEY[=VALUE]:EFFECT | KEY[:EFFECT]- [--overwrite] [-l SELECTOR | --all]
// (pkg/cmd/taint and pkg/util/taints): the parsing, the checks and the words of kubectl v1.32.
import type { KubeObject } from '../../cluster/types.ts';
import { CmdError } from '../errors.ts';
import { msg } from '../messages.ts';
import type { Invocation, Verb } from '../invocation.ts';
import { printResult } from './common.ts';

interface Taint {
  key: string;
  value?: string;
  effect?: string;
  timeAdded?: string;
}

const EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];
const QUALIFIED = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

const show = (t: Taint) => `${t.key}${t.value ? `=${t.value}` : ''}${t.effect ? `:${t.effect}` : ''}`;

/** A usage error: kubectl adds where to look for help. */
const usage = (text: string) => new CmdError(text, msg.seeHelpExamples('taint'));

function parseTaint(spec: string): Taint {
  const parts = spec.split(':');
  let key: string;
  let value: string | undefined;
  let effect: string | undefined;
  if (parts.length === 1) key = parts[0]!;
  else if (parts.length === 2) {
    effect = parts[1]!;
    if (!EFFECTS.includes(effect)) throw usage(`invalid taint effect: ${effect}, unsupported taint effect`);
    const kv = parts[0]!.split('=');
    if (kv.length > 2) throw usage(`invalid taint spec: ${spec}`);
    key = kv[0]!;
    if (kv.length === 2) {
      value = kv[1]!;
      if (value.length > 63 || !LABEL_VALUE.test(value))
        throw usage(`invalid taint spec: ${spec}, a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`);
    }
  } else throw usage(`invalid taint spec: ${spec}`);
  if (!QUALIFIED.test(key))
    throw usage(`invalid taint spec: ${spec}, name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`);
  return { key, ...(value ? { value } : {}), ...(effect ? { effect } : {}) };
}

export const taintVerb: Verb = {
  name: 'taint',
  help: 'taint',
  async run(inv: Invocation) {
    const { ctx, flags } = inv;
    const api = ctx.cluster.api;
    // resources first, then taint changes (a word with `=` or ending in `-`)
    const resources: string[] = [];
    const specs: string[] = [];
    for (const a of inv.args) {
      const isTaint = a.includes('=') || a.endsWith('-');
      if (isTaint || specs.length) {
        if (!isTaint) throw new CmdError(`all resources must be specified before taint changes: ${a}`);
        specs.push(a);
      } else resources.push(a);
    }
    if (resources.length < 1) throw new CmdError('one or more resources must be specified as <resource> <name>');
    if (specs.length < 1) throw new CmdError('at least one taint update is required');
    const add: Taint[] = [];
    const remove: Taint[] = [];
    for (const s of specs) {
      if (s.endsWith('-')) {
        const t = parseTaint(s.slice(0, -1));
        remove.push({ key: t.key, ...(t.effect ? { effect: t.effect } : {}) });
        continue;
      }
      const t = parseTaint(s);
      if (!t.effect) throw usage(`invalid taint spec: ${s}`);
      if (add.some((x) => x.key === t.key && x.effect === t.effect)) throw usage(`duplicated taints with the same key and effect: ${show(t)}`);
      add.push(t);
    }
    const type = resources[0]!.toLowerCase();
    if (type !== 'node' && type !== 'nodes' && type !== 'no') throw usage(`invalid resource type ${resources[0]}, only ["node" "nodes"] are supported`);
    const conflicts = add.flatMap((a) => remove.filter((r) => r.key === a.key && (!r.effect || r.effect === a.effect)).map((r) => `{"${r.key}":"${r.effect ?? ''}"}`));
    if (conflicts.length) throw usage(`can not both modify and remove the following taint(s) in the same command: ${conflicts.join(', ')}`);
    const all = flags.bool('all');
    const selector = flags.str('selector');
    if (all && selector) throw usage("setting 'all' parameter with a non empty selector is prohibited.");
    if (!all && !selector && resources.length < 2) throw usage("at least one resource name must be specified since 'all' parameter is not set");
    const nodes: KubeObject[] = all || selector ? api.list('nodes', undefined, selector ? { labelSelector: selector } : undefined) : resources.slice(1).map((n) => api.get('nodes', undefined, n));
    const r = api.resolve('nodes')!;
    const overwrite = flags.bool('overwrite');
    for (const node of nodes) {
      const old = ((node.spec?.taints as Taint[] | undefined) ?? []).map((t) => ({ ...t }));
      if (!overwrite) {
        const exists = add.filter((a) => old.some((o) => o.key === a.key && o.effect === a.effect)).map((a) => a.key);
        if (exists.length) throw new CmdError(`Node ${node.metadata.name} already has ${exists.join(',')} taint(s) with same effect(s) and --overwrite is false`);
      }
      // taintutils.ReorganizeTaints: the new taints first, then the old ones they do not replace
      const next: Taint[] = add.map((t) => ({ ...t }));
      for (const o of old) if (!next.some((t) => t.key === o.key && t.effect === o.effect)) next.push(o);
      const added = old.length !== next.length;
      let deleted = false;
      for (const rm of remove) {
        const before = next.length;
        for (let i = next.length - 1; i >= 0; i--) if (next[i]!.key === rm.key && (!rm.effect || next[i]!.effect === rm.effect)) next.splice(i, 1);
        if (next.length === before) throw new CmdError(`taint "${show(rm)}" not found`);
        deleted = true;
      }
      const operation = (added && deleted) || overwrite ? 'modified' : added ? 'tainted' : 'untainted';
      // a NoExecute taint carries the time it was added
      const now = new Date(ctx.cluster.clock.now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
      const taints = next.map((t) => (t.effect === 'NoExecute' && !t.timeAdded ? { ...t, timeAdded: now } : t));
      const current = api.get('nodes', undefined, node.metadata.name);
      const spec = { ...(current.spec ?? {}) };
      if (taints.length) spec.taints = taints;
      else delete spec.taints;
      const stored = api.update({ ...current, spec }, { fieldManager: 'kubectl-taint' });
      printResult(inv, r, stored, (ref) => `${ref} ${operation}`);
    }
    return 0;
  },
};
