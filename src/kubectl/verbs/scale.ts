// kubectl scale --replicas=N TYPE NAME... | TYPE/NAME... | -l | --all
import { isApiError } from '../../cluster/apiserver/errors.ts';
import type { KubeObject, ResourceInfo } from '../../cluster/types.ts';
import { CmdError } from '../errors.ts';
import type { Verb } from '../invocation.ts';
import { msg } from '../messages.ts';
import { parseManifests, readSources } from '../manifest.ts';
import { parseTargets } from '../resources.ts';
import { dryRunOf, printResult } from './common.ts';

const SCALABLE = new Set(['deployments', 'replicasets', 'statefulsets', 'replicationcontrollers']);

export const scaleVerb: Verb = {
  name: 'scale',
  help: 'scale',
  required: ['replicas'],
  async run(inv) {
    const { flags } = inv;
    const api = inv.ctx.cluster.api;
    const replicas = flags.int('replicas');
    const files = flags.list('filename');
    if (inv.args.length === 0 && files.length === 0) throw new CmdError(msg.provideResources);
    if (replicas < 0) throw new CmdError(msg.scaleReplicasNegative);
    const dry = dryRunOf(inv);
    const items: { r: ResourceInfo; obj: KubeObject }[] = [];
    const ns = inv.namespace;
    try {
      if (files.length) {
        for (const m of parseManifests(readSources(inv.ctx, files, flags.bool('recursive')))) {
          const r = api.resolve(m.obj.kind)!;
          items.push({ r, obj: api.get(r.plural, r.namespaced ? m.obj.metadata.namespace || ns : undefined, m.obj.metadata.name ?? '') });
        }
      }
      const targets = parseTargets(api, inv.args);
      const selector = flags.str('selector');
      for (const t of targets) {
        const tns = t.resource.namespaced ? ns : undefined;
        if (t.names.length) for (const n of t.names) items.push({ r: t.resource, obj: api.get(t.resource.plural, tns, n) });
        else if (selector || flags.bool('all')) for (const o of api.list(t.resource.plural, tns, { labelSelector: selector || undefined })) items.push({ r: t.resource, obj: o });
        else throw new CmdError(msg.deleteNoName);
      }
    } catch (e) {
      if (isApiError(e) && e.reason === 'NotFound') throw new CmdError(msg.scaleNoObjects(e.message));
      throw e;
    }
    if (items.length === 0) throw new CmdError(msg.noObjectsPassed('scale'));
    const current = flags.int('current-replicas');
    for (const { r, obj } of items) {
      if (!SCALABLE.has(r.plural)) throw new CmdError(msg.noScaler(r.kind));
      if (current >= 0 && flags.changed('current-replicas') && (obj.spec?.replicas ?? 0) !== current) {
        throw new CmdError(msg.scaleCurrentMismatch(current, obj.spec?.replicas ?? 0));
      }
      if (dry !== 'client') {
        api.patch(r.plural, obj.metadata.namespace, obj.metadata.name, (o) => {
          o.spec = { ...(o.spec ?? {}), replicas };
        }, { dryRun: dry === 'server', fieldManager: 'kubectl' });
      }
      printResult(inv, r, obj, (ref) => msg.scaled(ref, dry));
    }
    return 0;
  },
};
