// kubectl patch (-f FILE | TYPE NAME) (-p PATCH | --patch-file FILE) [--type strategic|merge|json] [--local]
import { ApiError } from '../../cluster/apiserver/errors.ts';
import type { KubeObject } from '../../cluster/types.ts';
import { CmdError } from '../errors.ts';
import type { Invocation, Verb } from '../invocation.ts';
import { parseManifests, readSources, resolvePath } from '../manifest.ts';
import { msg } from '../messages.ts';
import { PatchError, applyPatch, type PatchType } from '../patch.ts';
import { parseOutput } from '../printers/output.ts';
import { parseTargets } from '../resources.ts';
import { dryRunOf, printResult } from './common.ts';
import { mappingFor } from './create.ts';

const PATCH_TYPES = ['json', 'merge', 'strategic'];

function stable(o: unknown): string {
  if (Array.isArray(o)) return `[${o.map(stable).join(',')}]`;
  if (o && typeof o === 'object') {
    const r = o as Record<string, unknown>;
    return `{${Object.keys(r).filter((k) => r[k] !== undefined).sort().map((k) => `${JSON.stringify(k)}:${stable(r[k])}`).join(',')}}`;
  }
  return JSON.stringify(o);
}

function patched(inv: Invocation, obj: KubeObject, text: string, type: PatchType, local: boolean): KubeObject {
  try {
    return applyPatch(obj, text, type) as KubeObject;
  } catch (e) {
    if (!(e instanceof PatchError)) throw e;
    if (local) throw new CmdError(e.message.includes('doc is missing key') ? msg.patchMissingField(e.message.slice(e.message.indexOf('key:') + 5)) : e.message);
    if (e.decode) throw new ApiError('BadRequest', e.message, { group: '', kind: '', name: '' });
    // the API server answers a patch it cannot apply with a bare 422 (NewGenericServerResponse): the reason is not passed on
    throw new ApiError('Invalid', 'the server rejected our request due to an error in our request', { group: '', kind: '', name: '' });
  }
}

export const patchVerb: Verb = {
  name: 'patch',
  help: 'patch',
  async run(inv) {
    const { ctx, flags } = inv;
    const api = ctx.cluster.api;
    const dry = dryRunOf(inv);
    if (flags.str('output')) parseOutput(flags.str('output'), false);
    const local = flags.bool('local');
    const patchText = flags.str('patch');
    const patchFile = flags.str('patch-file');
    if (patchText && patchFile) throw new CmdError(msg.patchBoth);
    if (!patchText && !patchFile) throw new CmdError(msg.patchNeedsPatch);
    if (local && inv.args.length) throw new CmdError(msg.patchLocalWithArgs);
    if (local && dry === 'server') throw new CmdError(msg.patchLocalServer);
    const typeFlag = flags.str('type') || 'strategic';
    if (!PATCH_TYPES.includes(typeFlag.toLowerCase())) throw new CmdError(msg.patchTypeBad(typeFlag));
    const type = typeFlag.toLowerCase() as PatchType;
    let text = patchText;
    if (patchFile) {
      const abs = resolvePath(ctx.cwd, patchFile);
      if (!ctx.fs.exists(abs) || ctx.fs.isDir(abs)) throw new CmdError(msg.patchReadFile(`open ${patchFile}: ${ctx.fs.isDir(abs) ? 'is a directory' : 'no such file or directory'}`));
      text = ctx.fs.read(abs);
    }
    try {
      applyPatch({}, text, 'merge');
    } catch (e) {
      if (e instanceof CmdError) throw new CmdError(msg.patchUnparsable(patchText, e.message));
    }

    const files = flags.list('filename');
    if (files.length === 0 && inv.args.length === 0) throw new CmdError(msg.provideResources);
    const items: { obj: KubeObject; plural: string; fromFile: boolean }[] = [];
    for (const m of files.length ? parseManifests(readSources(ctx, files, flags.bool('recursive'))) : []) {
      const r = mappingFor(inv, m);
      const ns = r.namespaced ? m.obj.metadata.namespace || inv.namespace : undefined;
      const obj = local ? (m.obj as KubeObject) : api.get(r.plural, ns, m.obj.metadata.name ?? '');
      items.push({ obj, plural: r.plural, fromFile: true });
    }
    for (const t of parseTargets(api, inv.args)) {
      if (t.names.length === 0) throw new CmdError(msg.deleteNoName);
      for (const n of t.names) items.push({ obj: api.get(t.resource.plural, t.resource.namespaced ? inv.namespace : undefined, n), plural: t.resource.plural, fromFile: false });
    }
    if (items.length === 0) throw new CmdError(msg.noObjectsPassed('patch'));
    for (const item of items) {
      const r = api.resolve(item.plural)!;
      if (local && type === 'strategic' && !isBuiltIn(r.group)) throw new CmdError(msg.patchSmpLocal(`${r.group ? `${r.group}/` : ''}${r.version}, Kind=${r.kind}`));
      const result = patched(inv, item.obj, text, type, local || dry === 'client');
      const changed = stable(result) !== stable(item.obj);
      const line = (ref: string) => (changed ? msg.patched(ref, dry) : msg.patchedNoChange(ref, dry));
      if (local || dry === 'client' || !changed) {
        printResult(inv, r, result, line);
        continue;
      }
      const stored = api.update(result, { dryRun: dry === 'server', fieldManager: flags.str('field-manager') || 'kubectl-patch' });
      printResult(inv, r, stored, line);
    }
    return 0;
  },
};

/** Groups whose types the kubectl binary compiles in (strategic merge patch works on them locally). */
function isBuiltIn(group: string): boolean {
  return group === '' || !group.includes('.') || group.endsWith('.k8s.io');
}
