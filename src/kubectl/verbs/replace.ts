// kubectl replace -f FILE [--force]: each object in the file takes the place of the stored one (the
// file's fields, nothing merged); --force deletes and creates it again.
import { isApiError } from '../../cluster/apiserver/errors.ts';
import type { KubeObject } from '../../cluster/types.ts';
import { CmdError, errorText, wrapApiError } from '../errors.ts';
import type { Verb } from '../invocation.ts';
import { msg } from '../messages.ts';
import { parseOutput } from '../printers/output.ts';
import { dryRunOf, fieldValidationOf, printResult } from './common.ts';
import { mappingFor, namespaceFor, streamManifestsOf } from './create.ts';

export const replaceVerb: Verb = {
  name: 'replace',
  help: 'replace',
  async run(inv) {
    if (!inv.flags.list('filename').length) throw new CmdError('must specify one of -f and -k');
    if (inv.args.length) throw new CmdError(msg.unexpectedArgs(inv.args), msg.seeHelpExamples('replace'));
    if (inv.flags.str('output')) parseOutput(inv.flags.str('output'), false);
    const { manifests, error } = streamManifestsOf(inv);
    const dry = dryRunOf(inv);
    const force = inv.flags.bool('force');
    const api = inv.ctx.cluster.api;
    let failed = false;
    for (const m of manifests) {
      const r = mappingFor(inv, m);
      const ns = namespaceFor(inv, r, m);
      const obj = JSON.parse(JSON.stringify(m.obj)) as KubeObject;
      if (ns) obj.metadata.namespace = ns;
      const name = obj.metadata.name ?? '';
      const line = (ref: string) => `${ref} replaced${dry === 'none' ? '' : ` (${dry === 'client' ? 'dry run' : 'server dry run'})`}`;
      try {
        if (dry === 'client') {
          printResult(inv, r, obj, line);
          continue;
        }
        if (force) {
          // delete (waiting until it is gone), then create the file's object
          const old = api.tryGet(r.plural, ns, name, { frozenResult: true });
          if (old && dry === 'none') {
            api.delete(r.plural, ns, name);
            inv.ctx.out(`${r.group ? `${r.kind.toLowerCase()}.${r.group}` : r.kind.toLowerCase()} "${name}" deleted\n`);
            const clock = inv.ctx.cluster.clock;
            const until = clock.now() + 60_000;
            while (api.tryGet(r.plural, ns, name, { frozenResult: true }) && clock.now() < until && !inv.ctx.signal.aborted) await inv.ctx.sleep(500);
          }
          const created = api.create({ ...obj, metadata: { ...obj.metadata, resourceVersion: undefined, uid: undefined } } as unknown as KubeObject, { dryRun: dry === 'server', fieldManager: 'kubectl-replace' });
          printResult(inv, r, created, line);
          continue;
        }
        // the stored object must exist; a file without a resourceVersion replaces it unconditionally
        const current = api.get(r.plural, ns, name);
        const next = { ...obj, metadata: { ...obj.metadata, resourceVersion: obj.metadata.resourceVersion ?? current.metadata.resourceVersion } } as KubeObject;
        const stored = api.update(next, { dryRun: dry === 'server', fieldManager: 'kubectl-replace', fieldValidation: fieldValidationOf(inv) });
        printResult(inv, r, stored, line);
      } catch (e) {
        if (!isApiError(e)) throw e;
        inv.ctx.err(errorText(e.reason === 'Invalid' ? e : wrapApiError(e, 'replacing', m.source)));
        failed = true;
      }
    }
    if (error) throw error;
    return failed ? 1 : 0;
  },
};
