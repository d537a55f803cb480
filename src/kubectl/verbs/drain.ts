// kubectl cordon, uncordon and drain NODE (pkg/cmd/drain): spec.unschedulable, then evict what runs there.
import { isApiError } from '../../cluster/apiserver/errors.ts';
import { parseLabelSelector } from '../../cluster/apiserver/selectors.ts';
import type { KubeObject } from '../../cluster/types.ts';
import { CmdError } from '../errors.ts';
import { parseGoDuration } from '../format/duration.ts';
import type { Invocation, Verb } from '../invocation.ts';
import { msg } from '../messages.ts';
import { dryRunOf, type DryRun } from './common.ts';

/** Complete(): NODE arguments or -l, not both. */
function checkNodeArgs(inv: Invocation, verb: string): void {
  if (inv.args.length === 0 && !inv.flags.changed('selector')) throw new CmdError(msg.nodeUsage(verb), msg.seeHelpExamples(verb));
  if (inv.args.length > 0 && inv.flags.str('selector')) throw new CmdError(msg.nodeAndSelector, msg.seeHelpExamples(verb));
}

/** The nodes named (or selected with -l), as the builder fetches them; NotFound is thrown as the server said it. */
function nodesOf(inv: Invocation, verb: string): KubeObject[] {
  const api = inv.ctx.cluster.api;
  checkNodeArgs(inv, verb);
  if (inv.args.length === 0) return api.list('nodes', undefined, { labelSelector: inv.flags.str('selector') || undefined });
  // `node/node1` and `nodes/node1` name the same object as `node1`
  return inv.args.map((a) => api.get('nodes', undefined, a.replace(/^(node|nodes|no)\//, '')));
}

/** RunCordonOrUncordon: patch spec.unschedulable where it differs, and say what was done. */
function cordonNodes(inv: Invocation, nodes: KubeObject[], desired: boolean, dry: DryRun): void {
  const api = inv.ctx.cluster.api;
  for (const node of nodes) {
    const ref = `node/${node.metadata.name}`;
    const already = !!node.spec?.unschedulable === desired;
    if (!already && dry !== 'client') {
      api.patch('nodes', undefined, node.metadata.name, (o) => {
        o.spec = { ...(o.spec ?? {}) };
        // the merge patch kubectl sends drops the field (omitempty) when uncordoning
        if (desired) o.spec.unschedulable = true;
        else delete o.spec.unschedulable;
      }, { dryRun: dry === 'server', fieldManager: 'kubectl-cordon' });
    }
    inv.ctx.out(msg.nodeCordoned(ref, desired, already, dry) + '\n');
  }
}

function cordonVerb(name: 'cordon' | 'uncordon', desired: boolean): Verb {
  return {
    name,
    help: name,
    async run(inv) {
      const dry = dryRunOf(inv);
      cordonNodes(inv, nodesOf(inv, name), desired, dry);
      return 0;
    },
  };
}

export const cordonCmd = cordonVerb('cordon', true);
export const uncordonCmd = cordonVerb('uncordon', false);

type Status = { del: boolean; kind: 'okay' | 'skip' | 'warning' | 'error'; message?: string };
const okay: Status = { del: true, kind: 'okay' };

interface DrainOptions {
  force: boolean;
  ignoreDaemonSets: boolean;
  deleteEmptyDir: boolean;
}

/** The filters of pkg/drain in their order; the first that keeps a pod decides its status. */
function filterPod(inv: Invocation, pod: KubeObject, o: DrainOptions): Status {
  const api = inv.ctx.cluster.api;
  const finished = pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
  const owner = (pod.metadata.ownerReferences ?? []).find((r) => r.controller);
  const filters: (() => Status)[] = [
    () => {
      if (!owner || owner.kind !== 'DaemonSet' || owner.apiVersion !== 'apps/v1' || finished) return okay;
      if (!api.tryGet('daemonsets', pod.metadata.namespace, owner.name)) {
        const notFound = `daemonsets.apps ${JSON.stringify(owner.name)} not found`;
        return o.force ? { del: true, kind: 'warning', message: notFound } : { del: false, kind: 'error', message: notFound };
      }
      if (!o.ignoreDaemonSets) return { del: false, kind: 'error', message: msg.drainDaemonSetFatal };
      return { del: false, kind: 'warning', message: msg.drainDaemonSetWarning };
    },
    () => (pod.metadata.annotations?.['kubernetes.io/config.mirror'] !== undefined ? { del: false, kind: 'skip' } : okay),
    () => {
      const emptyDir = ((pod.spec?.volumes ?? []) as { emptyDir?: unknown }[]).some((v) => v.emptyDir !== undefined);
      if (!emptyDir || finished) return okay;
      if (!o.deleteEmptyDir) return { del: false, kind: 'error', message: msg.drainLocalStorageFatal };
      return { del: true, kind: 'warning', message: msg.drainLocalStorageWarning };
    },
    () => {
      if (finished || owner) return okay;
      if (o.force) return { del: true, kind: 'warning', message: msg.drainUnmanagedWarning };
      return { del: false, kind: 'error', message: msg.drainUnmanagedFatal };
    },
  ];
  let status = okay;
  for (const f of filters) {
    status = f();
    if (!status.del) break;
  }
  return status;
}

/** Group `ns/name` by message, in the order the messages first appear (Go's map order is random; ours is stable). */
function grouped(items: { pod: KubeObject; status: Status }[], kind: Status['kind']): [string, string[]][] {
  const m = new Map<string, string[]>();
  for (const { pod, status } of items) {
    if (status.kind !== kind) continue;
    const key = status.message || 'unexpected error';
    m.set(key, [...(m.get(key) ?? []), `${pod.metadata.namespace}/${pod.metadata.name}`]);
  }
  return [...m];
}

/** utilerrors.Aggregate's Error(): one message alone, several in brackets. */
function aggregate(errs: string[]): string {
  return errs.length === 1 ? errs[0] : `[${errs.join(', ')}]`;
}

export const drainCmd: Verb = {
  name: 'drain',
  help: 'drain',
  async run(inv) {
    const { ctx, flags } = inv;
    const api = ctx.cluster.api;
    let timeoutMs = 0;
    try {
      timeoutMs = parseGoDuration(flags.str('timeout') || '0s');
    } catch (e) {
      throw new CmdError(msg.flagInvalidDuration(flags.str('timeout'), '--timeout', (e as Error).message), msg.seeHelpUsage('drain'));
    }
    checkNodeArgs(inv, 'drain');
    const dry = dryRunOf(inv);
    const podSelector = flags.str('pod-selector');
    if (podSelector) {
      try {
        parseLabelSelector(podSelector);
      } catch {
        throw new CmdError(msg.podSelectorBad);
      }
    }
    const nodes = nodesOf(inv, 'drain');
    const o: DrainOptions = { force: flags.bool('force'), ignoreDaemonSets: flags.bool('ignore-daemonsets'), deleteEmptyDir: flags.bool('delete-emptydir-data') };
    const grace = flags.int('grace-period');
    cordonNodes(inv, nodes, true, dry);

    const fatal: string[][] = [];
    const pending: string[] = [];
    for (const node of nodes) {
      const name = node.metadata.name;
      const pods = api.list('pods', undefined, { fieldSelector: `spec.nodeName=${name}`, labelSelector: podSelector || undefined });
      const items = pods.map((pod) => ({ pod, status: filterPod(inv, pod, o) }));
      const errs = grouped(items, 'error').map(([m, refs]) => msg.drainCannotDelete(m, refs));
      let failure: string[] | undefined;
      if (errs.length) failure = errs;
      else {
        const warnings = grouped(items, 'warning').map(([m, refs]) => `${m}: ${refs.join(', ')}`);
        if (warnings.length) ctx.err(msg.drainWarning(warnings.join('; ')) + '\n');
        const victims = items.filter((i) => i.status.del).map((i) => i.pod);
        failure = await evict(inv, name, victims, dry, grace, timeoutMs);
      }
      if (!failure) {
        ctx.out(msg.nodeDrained(`node/${name}`, dry) + '\n');
        continue;
      }
      ctx.err(msg.drainUnable(name, aggregate(failure)) + '\n');
      fatal.push(failure);
      pending.push(name);
    }
    if (pending.length) ctx.err(`${msg.drainPendingNodes}\n${pending.map((n) => ` ${n}\n`).join('')}`);
    if (fatal.length === 0) return 0;
    // CheckErr unwraps an aggregate of one and prints each inner error on its own line, without `error: `
    const lines = fatal.length === 1 ? fatal[0] : fatal.map(aggregate);
    ctx.err(lines.map((l) => l + '\n').join(''));
    return 1;
  },
};

/** evictPods: an eviction per pod, then a poll each second until each is gone; errors, or undefined when all went. */
async function evict(inv: Invocation, node: string, pods: KubeObject[], dry: DryRun, grace: number, timeoutMs: number): Promise<string[] | undefined> {
  const { ctx } = inv;
  const api = ctx.cluster.api;
  if (dry === 'client') {
    for (const p of pods) ctx.out(msg.drainEvicting(p.metadata.namespace!, p.metadata.name, 'client') + '\n');
    return undefined;
  }
  const waiting: KubeObject[] = [];
  for (const p of pods) {
    ctx.out(msg.drainEvicting(p.metadata.namespace!, p.metadata.name, dry) + '\n');
    try {
      // the eviction subresource ends in the same graceful delete
      api.delete('pods', p.metadata.namespace, p.metadata.name, { dryRun: dry === 'server', ...(grace >= 0 ? { gracePeriodSeconds: grace } : {}) });
    } catch (e) {
      if (isApiError(e) && e.reason === 'NotFound') continue;
      throw e;
    }
    if (dry === 'none') waiting.push(p);
  }
  const clock = ctx.cluster.clock;
  const start = clock.now();
  let left = waiting;
  for (;;) {
    left = left.filter((p) => {
      const now = api.tryGet('pods', p.metadata.namespace, p.metadata.name);
      if (now && now.metadata.uid === p.metadata.uid) return true;
      ctx.out(msg.drainPodEvicted(p.metadata.name) + '\n');
      return false;
    });
    if (left.length === 0) return undefined;
    if (ctx.signal.aborted) return ['context canceled'];
    if (timeoutMs > 0 && clock.now() - start >= timeoutMs) {
      ctx.err(`${msg.drainPendingPods(node, aggregate(left.map((p) => msg.drainWaitTimeout(p.metadata.name, p.metadata.namespace!))))}\n${left.map((p) => `pod/${p.metadata.name}\n`).join('')}`);
      return left.map((p) => msg.drainWaitTimeout(p.metadata.name, p.metadata.namespace!));
    }
    await ctx.sleep(timeoutMs > 0 ? Math.min(1000, start + timeoutMs - clock.now()) : 1000);
  }
}
