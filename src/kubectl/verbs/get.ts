// kubectl get: tables per kind (one block per kind), -o formats, selectors, sorting and watch.
import { isApiError, type ApiError } from '../../cluster/apiserver/errors.ts';
import type { KubeObject, ResourceInfo, WatchEvent } from '../../cluster/types.ts';
import { CmdError, RawError, errorText } from '../errors.ts';
import { evalPath } from '../format/jsonpath.ts';
import { tableWriter } from '../format/tabwriter.ts';
import type { Invocation, Verb } from '../invocation.ts';
import { msg } from '../messages.ts';
import '../printers/kinds.ts';
import { asPrintable, forDisplay, parseOutput, printCustomColumns, printStructured, type OutputSpec } from '../printers/output.ts';
import { crdColumns } from '../printers/custom.ts';
import { columnsFor, formatLabels, type Column, type FallbackColumns, type PrintEnv } from '../printers/table.ts';
import { kindRef, objectRef, parseTargets, type Target } from '../resources.ts';

interface Group {
  resource: ResourceInfo;
  objs: KubeObject[];
}

export interface TableOptions {
  wide: boolean;
  withNamespace: boolean;
  withKind: boolean;
  showLabels: boolean;
  labelColumns: string[];
  noHeaders: boolean;
  /** columns for kinds without a built-in printer (custom resources, from their CRD) */
  fallback?: FallbackColumns;
}

export const getVerb: Verb = {
  name: 'get',
  help: 'get',
  async run(inv) {
    const { ctx, flags } = inv;
    const api = ctx.cluster.api;
    const output = parseOutput(flags.str('output'), true);
    if (inv.args.length === 0) throw new RawError(msg.getNoType);
    const targets = parseTargets(api, inv.args);
    const allNs = flags.bool('all-namespaces');
    const selector = flags.str('selector');
    const fieldSelector = flags.str('field-selector');
    const named = targets.some((t) => t.names.length > 0);
    if (named && (selector || fieldSelector)) throw new CmdError(msg.nameWithSelector);
    if (named && allNs) throw new CmdError(msg.allNamespacesNeedsList);
    const watch = flags.bool('watch') || flags.bool('watch-only');
    if (watch && targets.length > 1) throw new CmdError(msg.watchOneKind);

    const groups: Group[] = [];
    const errors: ApiError[] = [];
    for (const t of targets) groups.push(fetch(inv, t, allNs, selector, fieldSelector, errors));
    const sortBy = flags.str('sort-by');
    if (sortBy) for (const g of groups) g.objs = sortObjects(g.objs, sortBy);

    const opts: TableOptions = {
      wide: output.kind === 'wide',
      withNamespace: allNs,
      withKind: targets.length > 1 || flags.bool('show-kind'),
      showLabels: flags.bool('show-labels'),
      labelColumns: flags.list('label-columns').flatMap((s) => s.split(',')).filter(Boolean),
      noHeaders: flags.bool('no-headers'),
      fallback: crdColumns(api),
    };
    const env: PrintEnv = { now: ctx.cluster.clock.now() };
    const single = targets.length === 1 && targets[0].names.length === 1;
    if (!flags.bool('watch-only')) {
      const text = render(groups, output, opts, env, single, flags.bool('show-managed-fields'));
      if (text) ctx.out(text);
      else if (errors.length === 0 && (output.kind === 'table' || output.kind === 'wide' || output.kind === 'custom-columns')) {
        const namespaced = !allNs && targets.every((t) => t.resource.namespaced);
        ctx.err((namespaced ? msg.noResourcesIn(inv.namespace) : msg.noResources) + '\n');
      }
    }
    for (const e of errors) ctx.err(errorText(e));
    if (watch) await watchLoop(inv, targets[0], groups[0], output, opts, allNs);
    return errors.length ? 1 : 0;
  },
};

function fetch(inv: Invocation, t: Target, allNs: boolean, labelSelector: string, fieldSelector: string, errors: ApiError[]): Group {
  const api = inv.ctx.cluster.api;
  const ns = t.resource.namespaced ? (allNs ? undefined : inv.namespace) : undefined;
  if (t.names.length === 0) {
    const objs = api.list(t.resource.plural, ns, { labelSelector: labelSelector || undefined, fieldSelector: fieldSelector || undefined });
    return { resource: t.resource, objs };
  }
  const objs: KubeObject[] = [];
  for (const name of t.names) {
    try {
      objs.push(api.get(t.resource.plural, ns, name));
    } catch (e) {
      if (isApiError(e)) errors.push(e);
      else throw e;
    }
  }
  return { resource: t.resource, objs };
}

function sortObjects(objs: KubeObject[], field: string): KubeObject[] {
  const keyed = objs.map((o) => ({ o, v: evalPath(field, o)[0] }));
  keyed.sort((a, b) => compareValues(a.v, b.v));
  return keyed.map((k) => k.o);
}

function compareValues(a: unknown, b: unknown): number {
  if (a === undefined || a === null) return b === undefined || b === null ? 0 : -1;
  if (b === undefined || b === null) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') {
    const qa = quantity(a);
    const qb = quantity(b);
    if (qa !== undefined && qb !== undefined) return qa - qb;
    return a < b ? -1 : a > b ? 1 : 0;
  }
  const sa = JSON.stringify(a);
  const sb = JSON.stringify(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

// kubectl sorts resource quantities (100m, 1Gi) by value
function quantity(s: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)(m|Ki|Mi|Gi|Ti|k|M|G|T)?$/.exec(s);
  if (!m || !m[2]) return undefined;
  const mult: Record<string, number> = { m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, Ti: 1024 ** 4 };
  return Number(m[1]) * mult[m[2]];
}

function render(groups: Group[], output: OutputSpec, opts: TableOptions, env: PrintEnv, single: boolean, showManaged: boolean): string {
  switch (output.kind) {
    case 'table':
    case 'wide': {
      let text = '';
      let prevHadRows = false;
      for (const g of groups) {
        if (g.objs.length === 0) continue;
        if (prevHadRows && !opts.noHeaders) text += '\n';
        text += tableText(g.resource, g.objs, opts, env, !opts.noHeaders);
        prevHadRows = true;
      }
      if (!text) return '';
      const w = tableWriter();
      w.write(text);
      return w.flush();
    }
    case 'name':
      return groups.flatMap((g) => g.objs.map((o) => objectRef(g.resource, o.metadata.name) + '\n')).join('');
    case 'custom-columns':
      return groups.some((g) => g.objs.length) ? printCustomColumns(output.arg, groups.flatMap((g) => g.objs), opts.noHeaders) : '';
    default: {
      const objs = groups.flatMap((g) => g.objs).map((o) => forDisplay(o, showManaged));
      return printStructured(output, asPrintable(objs, single));
    }
  }
}

/** Header and rows of one kind, tab-separated, ready for the tab writer. */
export function tableText(r: ResourceInfo, objs: KubeObject[], opts: TableOptions, env: PrintEnv, header: boolean): string {
  const cols = columnsFor(r.plural, opts.wide, opts.fallback);
  env = { ...env, wide: opts.wide };
  const withNs = opts.withNamespace && r.namespaced;
  const labelKeys = opts.labelColumns;
  const parts: string[] = [];
  if (header) {
    const h: string[] = [];
    if (withNs) h.push('NAMESPACE');
    for (const c of cols) h.push(c.header);
    for (const k of labelKeys) h.push(k.slice(k.lastIndexOf('/') + 1).toUpperCase());
    if (opts.showLabels) h.push('LABELS');
    parts.push(h.join('\t'));
  }
  const prefix = opts.withKind ? kindRef(r) + '/' : '';
  for (const o of objs) parts.push(rowText(o, cols, withNs, prefix, labelKeys, opts.showLabels, env));
  return parts.join('\n') + '\n';
}

function rowText(o: KubeObject, cols: Column[], withNs: boolean, prefix: string, labelKeys: string[], showLabels: boolean, env: PrintEnv): string {
  let line = withNs ? (o.metadata.namespace ?? '') + '\t' : '';
  for (let i = 0; i < cols.length; i++) {
    let cell = cols[i].cell(o, env);
    if (cols[i].header === 'NAME' && i === 0) cell = prefix + cell;
    const nl = cell.indexOf('\n');
    if (nl >= 0) cell = cell.slice(0, nl) + '...';
    line += i === 0 ? cell : '\t' + cell;
  }
  for (const k of labelKeys) line += '\t' + (o.metadata.labels?.[k] ?? '');
  if (showLabels) line += '\t' + formatLabels(o.metadata.labels);
  return line;
}

/** -w / --watch-only: print a row per change until Ctrl-C (browser) or until the cluster settles (headless). */
async function watchLoop(inv: Invocation, t: Target, initial: Group, output: OutputSpec, opts: TableOptions, allNs: boolean): Promise<void> {
  const { ctx } = inv;
  const api = ctx.cluster.api;
  const ns = t.resource.namespaced && !allNs ? inv.namespace : undefined;
  const writer = tableWriter(true);
  const table = output.kind === 'table' || output.kind === 'wide';
  let headerDone = !inv.flags.bool('watch-only') && initial.objs.length > 0;
  if (table && headerDone) {
    // seed remembered widths with the initial listing, as kubectl's watch shares one tab writer
    writer.write(tableText(t.resource, initial.objs, opts, { now: ctx.cluster.clock.now() }, !opts.noHeaders));
    writer.flush();
  }
  const names = new Set(t.names);
  const selectorMatch = inv.flags.str('selector') ? new Set(api.list(t.resource.plural, ns, { labelSelector: inv.flags.str('selector') }).map((o) => o.metadata.uid)) : undefined;
  const onEvent = (ev: WatchEvent) => {
    const o = ev.object;
    if (names.size && !names.has(o.metadata.name)) return;
    if (selectorMatch && !matchesSelector(inv, t.resource, ns, o, selectorMatch)) return;
    const env = { now: ctx.cluster.clock.now() };
    if (table) {
      writer.write(tableText(t.resource, [o], opts, env, !headerDone && !opts.noHeaders));
      headerDone = true;
      ctx.out(writer.flush());
    } else if (output.kind === 'name') ctx.out(objectRef(t.resource, o.metadata.name) + '\n');
    else if (output.kind === 'custom-columns') ctx.out(printCustomColumns(output.arg, [o], true));
    else ctx.out(printStructured(output, forDisplay(o)) + (output.kind === 'json' || output.kind === 'yaml' ? '' : ''));
  };
  const stop = api.watch(t.resource.plural, ns, onEvent);
  try {
    if (ctx.realtime) {
      await new Promise<void>((resolve) => {
        if (ctx.signal.aborted) return resolve();
        ctx.signal.addEventListener('abort', () => resolve(), { once: true });
      });
    } else {
      await runUntilSettled(inv);
    }
  } finally {
    stop();
  }
}

// kubectl's label-selector watch filters server-side; we re-check against a fresh list of matching uids
function matchesSelector(inv: Invocation, r: ResourceInfo, ns: string | undefined, o: KubeObject, known: Set<string>): boolean {
  if (known.has(o.metadata.uid)) return true;
  const now = inv.ctx.cluster.api.list(r.plural, ns, { labelSelector: inv.flags.str('selector'), fieldSelector: `metadata.name=${o.metadata.name}` });
  if (now.length) known.add(o.metadata.uid);
  return now.length > 0;
}

const SETTLE_HORIZON_MS = 60_000;
const WATCH_CAP_MS = 10 * 60_000;

/** Headless watch: let virtual time pass until nothing is due within a minute (or ten minutes went by). */
export async function runUntilSettled(inv: Invocation, stop: () => boolean = () => false): Promise<void> {
  const { ctx } = inv;
  const clock = ctx.cluster.clock;
  const start = clock.now();
  for (;;) {
    if (ctx.signal.aborted || stop()) return;
    const now = clock.now();
    const next = clock.nextAt();
    if (next === undefined || next - now > SETTLE_HORIZON_MS || now - start >= WATCH_CAP_MS) {
      if (ctx.cluster.idle()) return;
    }
    if (now - start >= WATCH_CAP_MS) return;
    const step = next === undefined ? 1000 : Math.max(1, Math.min(next - now, WATCH_CAP_MS - (now - start)));
    await ctx.sleep(step);
  }
}
