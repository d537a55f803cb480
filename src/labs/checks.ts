// Evaluating declarative checks against cluster state (and what the watches observed). One function per check type.
import type { ApiServer, KubeObject, ResourceInfo } from '../cluster/types.ts';
import type { Observations } from './observe.ts';
import { getPath } from './path.ts';
import type { Check, Condition, Op } from './schema.ts';
import { matchesSelector } from './selector.ts';

export interface CheckContext {
  api: ApiServer;
  observations: Observations;
}

export interface CheckOutcome {
  passed: boolean;
  /** why, in a line a learner can read: `deployment mynginx: spec.replicas is 1 (want 4)` */
  detail: string;
}

type Of<T extends Check['type']> = Extract<Check, { type: T }>;

const opText: Record<Op, string> = {
  eq: '',
  ne: 'not ',
  gt: '> ',
  gte: '>= ',
  lt: '< ',
  lte: '<= ',
  matches: 'matching ',
  exists: 'set',
  notExists: 'unset',
};

function show(v: unknown): string {
  if (v === undefined) return 'unset';
  if (typeof v === 'string') return v === '' ? '""' : v;
  return JSON.stringify(v);
}

function want(op: Op, value: unknown): string {
  return op === 'exists' || op === 'notExists' ? `want ${opText[op]}` : `want ${opText[op]}${show(value)}`;
}

/** Compare a field value with op/value. A missing field fails every op except notExists. */
export function compare(actual: unknown, op: Op, value: unknown): boolean {
  const missing = actual === undefined || actual === null;
  if (op === 'notExists') return missing;
  if (missing) return false;
  const text = typeof actual === 'object' ? JSON.stringify(actual) : String(actual);
  switch (op) {
    case 'exists':
      return true;
    case 'eq':
    case 'ne': {
      const same =
        typeof value === 'number' && text.trim() !== '' && Number.isFinite(Number(text)) ? Number(text) === value : text === String(value);
      return op === 'eq' ? same : !same;
    }
    case 'matches':
      return new RegExp(String(value)).test(text);
    default: {
      const a = Number(text);
      const b = Number(value);
      if (!Number.isFinite(a) || !Number.isFinite(b) || text.trim() === '') return false;
      return op === 'gt' ? a > b : op === 'gte' ? a >= b : op === 'lt' ? a < b : a <= b;
    }
  }
}

export function conditionHolds(obj: KubeObject, c: Condition): boolean {
  return compare(getPath(obj, c.path), c.op, c.value);
}

/** Running, Ready=True, and not being deleted. */
export function isPodReady(pod: KubeObject): boolean {
  if (pod.metadata.deletionTimestamp) return false;
  if (pod.status?.phase !== 'Running') return false;
  const ready = (pod.status?.conditions ?? []).find((c: { type?: string }) => c.type === 'Ready');
  return ready?.status === 'True';
}

class CheckFailure extends Error {}

function resolve(api: ApiServer, typed: string): ResourceInfo {
  const info = api.resolve(typed);
  if (!info) throw new CheckFailure(`the server doesn't have a resource type "${typed}"`);
  return info;
}

function nsOf(info: ResourceInfo, namespace: string): string | undefined {
  return !info.namespaced || namespace === '*' ? undefined : namespace;
}

function inNs(info: ResourceInfo, namespace: string): string {
  return info.namespaced && namespace !== '*' ? ` in namespace ${namespace}` : '';
}

function select(
  api: ApiServer,
  c: { resource: string; name?: string; selector?: string; namespace: string; where?: Condition[] },
): { info: ResourceInfo; items: KubeObject[]; what: string } {
  const info = resolve(api, c.resource);
  const ns = nsOf(info, c.namespace);
  let items: KubeObject[];
  if (c.name) {
    const one = ns === undefined && info.namespaced ? api.list(info.plural).filter((o) => o.metadata.name === c.name) : [api.tryGet(info.plural, ns, c.name)];
    items = one.filter((o): o is KubeObject => !!o && matchesSelector(o.metadata.labels, c.selector));
  } else {
    items = api.list(info.plural, ns, c.selector ? { labelSelector: c.selector } : undefined);
  }
  if (c.where?.length) items = items.filter((o) => c.where!.every((w) => conditionHolds(o, w)));
  const parts = [c.name ? `${info.singular} "${c.name}"` : info.plural];
  if (c.selector) parts.push(`with ${c.selector}`);
  if (c.where?.length) parts.push(`where ${c.where.map((w) => `${w.path} ${w.op === 'exists' || w.op === 'notExists' ? opText[w.op] : `${w.op} ${show(w.value)}`}`).join(', ')}`);
  return { info, items, what: parts.join(' ') + inNs(info, c.namespace) };
}

function exists(c: Of<'exists'>, ctx: CheckContext): CheckOutcome {
  const { items, what } = select(ctx.api, c);
  return items.length ? { passed: true, detail: `found ${what}` } : { passed: false, detail: `no ${what}` };
}

function notExists(c: Of<'notExists'>, ctx: CheckContext): CheckOutcome {
  const { items, what } = select(ctx.api, c);
  return items.length
    ? { passed: false, detail: `${what} still exists: ${items.map((o) => o.metadata.name).join(', ')}` }
    : { passed: true, detail: `no ${what}` };
}

function field(c: Of<'field'>, ctx: CheckContext): CheckOutcome {
  const info = resolve(ctx.api, c.resource);
  const obj = ctx.api.tryGet(info.plural, nsOf(info, c.namespace), c.name);
  if (!obj) return { passed: false, detail: `no ${info.singular} "${c.name}"${inNs(info, c.namespace)}` };
  const actual = getPath(obj, c.path);
  const passed = compare(actual, c.op, c.value);
  return { passed, detail: `${info.singular} ${c.name}: ${c.path} is ${show(actual)}${passed ? '' : ` (${want(c.op, c.value)})`}` };
}

function count(c: Of<'count'>, ctx: CheckContext): CheckOutcome {
  const { items, what } = select(ctx.api, c);
  const passed = compare(items.length, c.op, c.value);
  return { passed, detail: `${items.length} ${what}${passed ? '' : ` (${want(c.op, c.value)})`}` };
}

function podsReady(c: Of<'podsReady'>, ctx: CheckContext): CheckOutcome {
  const pods = ctx.api.list('pods', nsOf(resolve(ctx.api, 'pods'), c.namespace), { labelSelector: c.selector });
  const live = pods.filter((p) => !p.metadata.deletionTimestamp);
  const ready = live.filter(isPodReady).length;
  const summary = `${ready} of ${live.length} pods with ${c.selector} Ready`;
  if (c.count !== undefined) {
    const passed = ready === c.count && live.length === c.count;
    return { passed, detail: passed ? summary : `${summary} (want ${c.count} of ${c.count})` };
  }
  if (c.min !== undefined) {
    const passed = ready >= c.min;
    return { passed, detail: passed ? summary : `${summary} (want at least ${c.min})` };
  }
  const passed = ready > 0 && ready === live.length;
  return { passed, detail: passed ? summary : `${summary} (want all, at least one)` };
}

function event(c: Of<'event'>, ctx: CheckContext): CheckOutcome {
  const name = c.involvedName ? new RegExp(c.involvedName) : undefined;
  const message = c.message ? new RegExp(c.message) : undefined;
  const hit = ctx.observations.events.find(
    (e) =>
      e.reason === c.reason &&
      (!c.involvedKind || e.involvedKind === c.involvedKind) &&
      (!name || name.test(e.involvedName)) &&
      (!c.namespace || e.namespace === c.namespace) &&
      (!c.eventType || e.type === c.eventType) &&
      (!message || message.test(e.message)),
  );
  const what = `event ${c.reason}${c.involvedKind ? ` on ${c.involvedKind}` : ''}${c.involvedName ? ` ${c.involvedName}` : ''}`;
  return hit
    ? { passed: true, detail: `${what} seen: ${hit.involvedKind.toLowerCase()}/${hit.involvedName}: ${hit.message}` }
    : { passed: false, detail: `no ${what} seen yet` };
}

function replaced(c: Of<'replaced'>, ctx: CheckContext): CheckOutcome {
  const obs = ctx.observations;
  const deleted = obs.deletions.filter((d) => (c.namespace === '*' || d.namespace === c.namespace) && matchesSelector(d.labels, c.selector));
  if (!deleted.length) return { passed: false, detail: `no pod with ${c.selector} has been deleted yet` };
  const pods = ctx.api.list('pods', c.namespace === '*' ? undefined : c.namespace, { labelSelector: c.selector });
  const live = pods.filter((p) => !p.metadata.deletionTimestamp);
  const ready = live.filter(isPodReady);
  if (ready.length !== c.count || live.length !== c.count)
    return { passed: false, detail: `${ready.length} of ${live.length} pods with ${c.selector} Ready (want ${c.count} of ${c.count})` };
  // Any deletion after which at least one Ready pod is newer (and, with keepsOthers, one older) counts.
  let best: { name: string; younger: KubeObject[]; older: number } | undefined;
  for (const d of deleted) {
    const younger = ready.filter((p) => obs.creationSeq(p.metadata.uid) > d.seq);
    const cand = { name: d.name, younger, older: ready.length - younger.length };
    if (!younger.length) continue;
    if (!c.keepsOthers || cand.older > 0) {
      best = cand;
      break;
    }
    best ??= cand;
  }
  if (!best) return { passed: false, detail: `no Ready pod with ${c.selector} was created after ${deleted.at(-1)!.name} was deleted` };
  if (c.keepsOthers && best.older === 0) return { passed: false, detail: `every pod with ${c.selector} is new; want the others to stay` };
  return {
    passed: true,
    detail: `${best.name} deleted; ${best.younger.map((p) => p.metadata.name).join(', ')} replaced it; ${ready.length} Ready`,
  };
}

/** Evaluate a check. Never throws: an unknown resource or a bad selector is a failed check with a detail. */
export function runCheck(check: Check, ctx: CheckContext): CheckOutcome {
  try {
    switch (check.type) {
      case 'exists':
        return exists(check, ctx);
      case 'notExists':
        return notExists(check, ctx);
      case 'field':
        return field(check, ctx);
      case 'count':
        return count(check, ctx);
      case 'podsReady':
        return podsReady(check, ctx);
      case 'event':
        return event(check, ctx);
      case 'replaced':
        return replaced(check, ctx);
      case 'allOf': {
        const outs = check.checks.map((c) => runCheck(c, ctx));
        const bad = outs.find((o) => !o.passed);
        return bad ? bad : { passed: true, detail: outs.map((o) => o.detail).join('; ') };
      }
      case 'anyOf': {
        const outs = check.checks.map((c) => runCheck(c, ctx));
        const good = outs.find((o) => o.passed);
        return good ? good : { passed: false, detail: outs.map((o) => o.detail).join('; or ') };
      }
      case 'not': {
        const o = runCheck(check.check, ctx);
        return { passed: !o.passed, detail: o.passed ? `unexpectedly: ${o.detail}` : o.detail };
      }
    }
  } catch (e) {
    return { passed: false, detail: e instanceof Error ? e.message : String(e) };
  }
}
