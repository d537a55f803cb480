// kubectl delete: names, TYPE/NAME, -l, --all, -f; prints each deletion, then waits until every object is gone.
import { isApiError } from '../../cluster/apiserver/errors.ts';
import type { KubeObject, ResourceInfo } from '../../cluster/types.ts';
import { CmdError, errorText, wrapApiError } from '../errors.ts';
import type { Verb } from '../invocation.ts';
import { msg } from '../messages.ts';
import { parseOutput } from '../printers/output.ts';
import { objectRef, parseTargets, resourceRef } from '../resources.ts';
import { dryRunOf, waitFor } from './common.ts';
import { loadManifests, mappingFor, namespaceFor } from './create.ts';

interface Item {
  r: ResourceInfo;
  ns: string | undefined;
  name: string;
  source?: string;
}

export const deleteVerb: Verb = {
  name: 'delete',
  help: 'delete',
  async run(inv) {
    const { flags, ctx } = inv;
    const api = ctx.cluster.api;
    const files = flags.list('filename');
    const all = flags.bool('all');
    const selector = flags.str('selector');
    const fieldSelector = flags.str('field-selector');
    if (inv.args.length === 0 && files.length === 0) {
      if (all || selector) throw new CmdError(msg.selectorNeedsResource);
      throw new CmdError(msg.provideResources);
    }
    const output = flags.str('output');
    if (output && output !== 'name') parseOutput(output, false);
    let grace = flags.int('grace-period');
    const force = flags.bool('force');
    if (flags.bool('now')) {
      if (flags.changed('grace-period')) throw new CmdError(msg.nowAndGrace);
      grace = 1;
    }
    if (grace === 0 && !force) grace = 1;
    if (force && grace < 0) grace = 0;
    const dry = dryRunOf(inv);
    const allNs = flags.bool('all-namespaces');
    const ignoreNotFound = flags.bool('ignore-not-found');
    const cascade = flags.str('cascade') || 'background';
    const propagationPolicy = cascade === 'orphan' ? 'Orphan' : cascade === 'foreground' ? 'Foreground' : 'Background';

    const items: Item[] = [];
    let failed = false;
    if (files.length) {
      for (const m of loadManifests(inv)) {
        const r = mappingFor(inv, m);
        items.push({ r, ns: namespaceFor(inv, r, m), name: m.obj.metadata?.name ?? '', source: m.source });
      }
    }
    if (inv.args.length) {
      const targets = parseTargets(api, inv.args);
      const named = targets.some((t) => t.names.length);
      if (named && (all || selector)) throw new CmdError(msg.nameWithSelector);
      for (const t of targets) {
        const ns = t.resource.namespaced ? (allNs ? undefined : inv.namespace) : undefined;
        if (t.names.length) for (const name of t.names) items.push({ r: t.resource, ns, name });
        else if (all || selector || fieldSelector) {
          for (const o of api.list(t.resource.plural, ns, { labelSelector: selector || undefined, fieldSelector: fieldSelector || undefined })) {
            items.push({ r: t.resource, ns: o.metadata.namespace, name: o.metadata.name });
          }
        } else throw new CmdError(msg.deleteNoName);
      }
      if (!named && items.length === 0) {
        ctx.out(msg.noResources + '\n');
        return 0;
      }
    }
    if (force && grace === 0) ctx.err(msg.immediateDeletion + '\n');
    const waiting: { item: Item; uid: string }[] = [];
    for (const item of items) {
      let deleted: KubeObject;
      try {
        const opts: Parameters<typeof api.delete>[3] = { dryRun: dry !== 'none', propagationPolicy };
        if (grace >= 0) opts.gracePeriodSeconds = grace;
        if (dry === 'client') deleted = api.get(item.r.plural, item.ns, item.name);
        else deleted = api.delete(item.r.plural, item.ns, item.name, opts);
      } catch (e) {
        if (!isApiError(e)) throw e;
        if (e.reason === 'NotFound' && ignoreNotFound) continue;
        ctx.err(errorText(item.source ? wrapApiError(e, 'deleting', item.source) : e));
        failed = true;
        continue;
      }
      if (output === 'name') ctx.out(objectRef(item.r, item.name) + '\n');
      else {
        const ref = `${resourceRefSingular(item.r)} "${item.name}"`;
        ctx.out((force && grace === 0 && dry === 'none' ? msg.forceDeleted(ref) : msg.deleted(ref, dry)) + '\n');
      }
      if (dry === 'none') waiting.push({ item, uid: deleted.metadata.uid });
    }
    const wait = flags.bool('wait');
    if (wait && waiting.length) {
      const timeout = parseDuration(flags.str('timeout'));
      const gone = () => waiting.every(({ item, uid }) => api.tryGet(item.r.plural, item.ns, item.name, { frozenResult: true })?.metadata.uid !== uid);
      const ok = await waitFor(inv, gone, timeout || undefined);
      if (!ok && !ctx.signal.aborted) {
        const left = waiting.find(({ item, uid }) => api.tryGet(item.r.plural, item.ns, item.name, { frozenResult: true })?.metadata.uid === uid);
        if (left) throw new CmdError(msg.waitTimeout(objectRef(left.item.r, left.item.name)));
      }
    }
    void resourceRef;
    return failed ? 1 : 0;
  },
};

/** `pod`, `deployment.apps`: how delete names what it deleted. */
function resourceRefSingular(r: ResourceInfo): string {
  return r.group ? `${r.kind.toLowerCase()}.${r.group}` : r.kind.toLowerCase();
}

/** A Go duration (`30s`, `1m30s`, `500ms`) in ms; 0 for none. */
export function parseDuration(s: string): number {
  if (!s || s === '0s' || s === '0') return 0;
  let total = 0;
  const re = /(\d+(?:\.\d+)?)(ms|h|m|s)/g;
  for (let m = re.exec(s); m; m = re.exec(s)) total += Number(m[1]) * ({ ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as Record<string, number>)[m[2]];
  return total;
}
