// kubectl describe TYPE [NAME_PREFIX | -l selector]: one describer per kind, objects separated by two blank lines.
import { isApiError } from '../../cluster/apiserver/errors.ts';
import type { ApiServer, KubeObject } from '../../cluster/types.ts';
import { Out, annotationsMultiline, describeEvents, describerFor, eventsFor, labelsMultiline } from '../describe/common.ts';
import '../describe/kinds.ts';
import { CmdError, errorText } from '../errors.ts';
import type { Verb } from '../invocation.ts';
import { msg } from '../messages.ts';
import { parseTargets } from '../resources.ts';

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
      const r = api.resolve(obj.kind);
      const d = r ? describerFor(r.plural) : undefined;
      const text = d ? d(obj, api, now) : describeGeneric(obj, api, now);
      ctx.out(first ? text : `\n\n${text}`);
      first = false;
    }
    return failed ? 1 : 0;
  },
};

function describeGeneric(obj: KubeObject, api: ApiServer, now: number): string {
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
