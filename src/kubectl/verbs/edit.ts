// kubectl edit (TYPE NAME | TYPE/NAME | -f FILE) [-o yaml|json]: the objects as YAML in a temporary
// file, the user's editor on it, then the changes sent as a merge patch of what was edited; a file
// that does not parse or is refused by the server is opened again with the reasons on top.
import { ApiError } from '../../cluster/apiserver/errors.ts';
import type { KubeObject } from '../../cluster/types.ts';
import { CmdError } from '../errors.ts';
import type { Invocation, Verb } from '../invocation.ts';
import { parseManifests, readSources } from '../manifest.ts';
import { msg } from '../messages.ts';
import { applyPatch } from '../patch.ts';
import { forDisplay, printStructured } from '../printers/output.ts';
import { parseTargets } from '../resources.ts';
import { printResult } from './common.ts';
import { mappingFor } from './create.ts';

const HEADER =
  "# Please edit the object below. Lines beginning with a '#' will be ignored,\n" +
  '# and an empty file will abort the edit. If an error occurs while saving this file will be\n' +
  '# reopened with the relevant failures.\n' +
  '#\n';

/** cmdutil.ManualStrip: drop the comment lines (`#`, not `#!`) kubectl and the user wrote. */
function stripComments(text: string): string {
  return text
    .split('\n')
    .filter((l) => {
      const t = l.trim();
      return !(t.startsWith('#') && !t.startsWith('#!'));
    })
    .join('\n');
}

/** A JSON merge patch (RFC 7386) that turns `from` into `to`: changed keys, removed keys as null. */
export function mergePatchBetween(from: unknown, to: unknown): unknown {
  if (!isObject(from) || !isObject(to)) return to;
  const patch: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(to)) {
    if (v === undefined) continue;
    const before = from[k];
    if (JSON.stringify(before) === JSON.stringify(v)) continue;
    patch[k] = isObject(before) && isObject(v) ? mergePatchBetween(before, v) : v;
  }
  for (const k of Object.keys(from)) if (from[k] !== undefined && (to[k] === undefined || !(k in to))) patch[k] = null;
  return patch;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

/** A 10-digit name as os.CreateTemp draws one, from the moment and the objects (no random draw: pod names stay put). */
function tempName(now: number, seed: string, ext: string): string {
  let h = 2166136261 ^ now;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 16777619);
  return `/tmp/kubectl-edit-${String((h >>> 0) * 2 + (now % 2)).padStart(10, '0').slice(-10)}.${ext}`;
}

/** What the server said, as kubectl writes it at the top of the reopened file. */
function reasons(e: ApiError, ref: string): string[] {
  const causes = (e.details as { causes?: { field?: string; message?: string }[] } | undefined)?.causes ?? [];
  if (e.reason === 'Invalid' && causes.length) return [`${ref} was not valid:`, ...causes.map((c) => `* ${c.field ? `${c.field}: ` : ''}${c.message ?? ''}`)];
  return [e.message];
}

export const editVerb: Verb = {
  name: 'edit',
  help: 'edit',
  async run(inv: Invocation) {
    const { ctx, flags } = inv;
    const api = ctx.cluster.api;
    const output = flags.str('output');
    if (output && output !== 'yaml' && output !== 'json' && output !== 'name') throw new CmdError(`the edit mode doesn't support output the format "${output}"`);
    if (flags.str('subresource')) throw new CmdError(msg.notSupported('edit --subresource'), msg.notSupportedHint);
    const format = output === 'json' ? 'json' : 'yaml';
    // what to edit: the named objects, or the objects a file names (fetched fresh from the server)
    const items: { obj: KubeObject; plural: string }[] = [];
    const files = flags.list('filename');
    if (files.length === 0 && inv.args.length === 0) throw new CmdError(msg.provideResources);
    for (const m of files.length ? parseManifests(readSources(ctx, files, flags.bool('recursive'))) : []) {
      const r = mappingFor(inv, m);
      items.push({ obj: api.get(r.plural, r.namespaced ? m.obj.metadata.namespace || inv.namespace : undefined, m.obj.metadata.name ?? ''), plural: r.plural });
    }
    for (const t of parseTargets(api, inv.args)) {
      if (t.names.length === 0) {
        for (const o of api.list(t.resource.plural, t.resource.namespaced ? inv.namespace : undefined)) items.push({ obj: o as KubeObject, plural: t.resource.plural });
        continue;
      }
      for (const n of t.names) items.push({ obj: api.get(t.resource.plural, t.resource.namespaced ? inv.namespace : undefined, n), plural: t.resource.plural });
    }
    if (items.length === 0) throw new CmdError(msg.noObjectsPassed('edit'));
    if (!ctx.editFile) throw new CmdError('there was a problem with the editor "vi"');

    // kubectl edits the objects one file at a time; a List when several were named
    const originals = items.map((i) => forDisplay(i.obj, flags.bool('show-managed-fields')));
    const doc = originals.length === 1 ? originals[0] : { apiVersion: 'v1', items: originals, kind: 'List', metadata: {} };
    const body = printStructured({ kind: format } as Parameters<typeof printStructured>[0], doc);
    const path = tempName(ctx.cluster.clock.now(), items.map((i) => `${i.plural}/${i.obj.metadata.name}`).join(','), format);
    // the temporary file goes once the edit is done; it stays when changes could not be saved
    const remove = (p: string) => {
      try {
        ctx.fs.remove(p);
      } catch {
        // already gone
      }
    };
    let header: string[] = [];
    let text = HEADER + body;
    let lastWritten: string | undefined;
    for (;;) {
      ctx.fs.write(path, text);
      lastWritten = text;
      const status = await ctx.editFile(path);
      if (typeof status === 'string') throw new CmdError(`there was a problem with the editor "${(ctx.env.KUBE_EDITOR || ctx.env.EDITOR || 'vi').split(/\s+/)[0]}"`);
      if (ctx.signal.aborted) return 130;
      const edited = ctx.fs.exists(path) ? ctx.fs.read(path) : '';
      const stripped = stripComments(edited);
      if (header.length && edited === lastWritten) {
        // reopened with the reasons and closed unchanged: the changes are kept in the file
        ctx.err(`error: Edit cancelled, no valid changes were saved.\nA copy of your changes has been stored to "${path}"\n`);
        return 1;
      }
      if (!stripped.trim() || (stripComments(HEADER + body) === stripped && !header.length)) {
        remove(path);
        ctx.out('Edit cancelled, no changes made.\n');
        return 0;
      }
      let parsed: KubeObject[];
      try {
        parsed = parseManifests([{ name: path, text: stripped }]).map((m) => m.obj as KubeObject);
      } catch (e) {
        if (!(e instanceof CmdError)) throw e;
        header = [`The edited file had a syntax error: ${e.message.replace(/^error: /, '')}`];
        text = reopen(header, stripped);
        continue;
      }
      const problems: string[] = [];
      let anyChange = false;
      for (let i = 0; i < items.length; i++) {
        const item = items[i]!;
        const before = originals[i]!;
        const after = parsed.find((p) => p.metadata?.name === before.metadata.name && p.kind === before.kind);
        const r = api.resolve(item.plural)!;
        const ref = `${r.plural}${r.group ? `.${r.group}` : ''} "${before.metadata.name}"`;
        if (!after || after.apiVersion !== before.apiVersion) {
          problems.push('At least one of apiVersion, kind and name was changed');
          continue;
        }
        const patch = mergePatchBetween(before, after) as Record<string, unknown>;
        if (!Object.keys(patch).length) continue;
        try {
          const current = api.get(item.plural, before.metadata.namespace, before.metadata.name);
          const next = applyPatch(current, JSON.stringify(patch), 'merge') as KubeObject;
          const stored = api.update(next, { fieldManager: flags.str('field-manager') || 'kubectl-edit' });
          anyChange = true;
          printResult(inv, r, stored, (name) => `${name} edited`);
        } catch (e) {
          if (!(e instanceof ApiError)) throw e;
          problems.push(...reasons(e, ref));
        }
      }
      if (problems.length) {
        header = problems;
        text = reopen(header, stripped);
        continue;
      }
      remove(path);
      if (!anyChange) ctx.out('Edit cancelled, no changes made.\n');
      return 0;
    }
  },
};

/** The file opened again: kubectl's header, the reasons, then the user's own text. */
function reopen(reasons: string[], edited: string): string {
  return HEADER + reasons.map((r) => `# ${r}\n`).join('') + '#\n' + edited.replace(/^\n+/, '');
}
