// Helpers shared by the writing verbs: dry-run, printing results, waiting with virtual time.
import type { KubeObject, ResourceInfo } from '../../cluster/types.ts';
import { CmdError } from '../errors.ts';
import { isApiError, type ApiError } from '../../cluster/apiserver/errors.ts';
import type { Invocation } from '../invocation.ts';
import { msg } from '../messages.ts';
import { forDisplay, parseOutput, printStructured } from '../printers/output.ts';
import { objectRef } from '../resources.ts';

export type DryRun = 'none' | 'client' | 'server';

export function dryRunOf(inv: Invocation): DryRun {
  const v = inv.flags.str('dry-run') || 'none';
  if (v === 'unchanged') return 'client';
  if (v !== 'none' && v !== 'client' && v !== 'server') throw new CmdError(msg.dryRunBad(v));
  return v;
}

/** `--validate`: which server-side field validation the request asks for (kubectl's default is strict). */
export function fieldValidationOf(inv: Invocation): 'Strict' | 'Warn' | 'Ignore' {
  const v = (inv.flags.str('validate') || 'strict').toLowerCase();
  if (v === 'strict' || v === 'true') return 'Strict';
  if (v === 'warn') return 'Warn';
  if (v === 'ignore' || v === 'false') return 'Ignore';
  throw new CmdError(msg.validateBad(inv.flags.str('validate')));
}

/**
 * Send an object a generator built (`create deployment`, `run`): printed as generated for
 * --dry-run=client, otherwise created without the client-only fields (null timestamps, empty status).
 */
export function submitGenerated(
  inv: Invocation,
  plural: string,
  generated: object,
  fieldManager: string,
  dry: DryRun,
  wrap?: (e: ApiError) => Error,
  done: (ref: string, dry: DryRun) => string = msg.created,
): number {
  const r = inv.ctx.cluster.api.resolve(plural)!;
  if (dry === 'client') {
    printResult(inv, r, generated as KubeObject, (ref) => done(ref, dry), false);
    return 0;
  }
  const obj = JSON.parse(JSON.stringify(generated));
  delete obj.metadata.creationTimestamp;
  if (obj.spec?.template?.metadata) delete obj.spec.template.metadata.creationTimestamp;
  delete obj.status;
  obj.metadata.namespace = inv.namespace;
  try {
    const created = inv.ctx.cluster.api.create(obj, { dryRun: dry === 'server', fieldManager });
    printResult(inv, r, created, (ref) => done(ref, dry));
  } catch (e) {
    if (wrap && isApiError(e)) throw wrap(e);
    throw e;
  }
  return 0;
}

/** A string map with its keys in Go's sorted map order, as encoding/json writes labels and annotations. */
export function sortedMap(m: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.keys(m).sort().map((k) => [k, m[k]!]));
}

/** What create/run/apply/scale print for one object: `<kind>/<name> <verb>` or the object in -o form. */
export function printResult(inv: Invocation, r: ResourceInfo, obj: KubeObject, line: (ref: string) => string, sortKeys = true): void {
  const o = inv.flags.str('output');
  if (o === '') return inv.ctx.out(line(objectRef(r, obj.metadata.name)) + '\n');
  const spec = parseOutput(o, false);
  if (spec.kind === 'name') return inv.ctx.out(objectRef(r, obj.metadata.name) + '\n');
  inv.ctx.out(printStructured(spec, forDisplay(obj), sortKeys));
}

/** Let virtual time pass until `done()` holds; returns false on Ctrl-C or timeout. */
export async function waitFor(inv: Invocation, done: () => boolean, timeoutMs = 168 * 3600_000): Promise<boolean> {
  const { ctx } = inv;
  const clock = ctx.cluster.clock;
  const start = clock.now();
  while (!done()) {
    if (ctx.signal.aborted) return false;
    const now = clock.now();
    if (now - start >= timeoutMs) return false;
    const next = clock.nextAt();
    let step = next === undefined ? 1000 : Math.max(1, next - now);
    if (ctx.realtime) step = Math.min(step, 250);
    await ctx.sleep(Math.min(step, timeoutMs - (now - start)));
    if (!ctx.realtime && next === undefined && ctx.cluster.idle() && !done()) {
      // nothing scheduled will ever change the answer; still honour a bounded wait
      if (clock.now() - start > 60_000) return false;
    }
  }
  return true;
}
