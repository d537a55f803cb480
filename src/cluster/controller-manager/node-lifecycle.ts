// The node lifecycle controller (TaintNodesByCondition): a node whose Ready condition is False gets
// node.kubernetes.io/not-ready:NoSchedule, one whose kubelet stopped posting (Unknown) gets the
// unreachable taints; both go when the node is Ready again. Nodes that are Ready keep their taints as they are.
import type { Component } from '../component.ts';
import type { KubeObject } from '../types.ts';
import { isApiError } from '../apiserver/errors.ts';

export const NOT_READY = 'node.kubernetes.io/not-ready';
export const UNREACHABLE = 'node.kubernetes.io/unreachable';

interface Taint {
  key: string;
  effect: string;
  value?: string;
  timeAdded?: string;
}

/** The condition taints a node should carry for its Ready status. */
function wanted(node: KubeObject): Taint[] {
  const ready = ((node.status?.conditions as any[] | undefined) ?? []).find((c) => c.type === 'Ready');
  if (!ready) return [];
  if (ready.status === 'False') return [{ key: NOT_READY, effect: 'NoSchedule' }];
  if (ready.status === 'Unknown') return [{ key: UNREACHABLE, effect: 'NoSchedule' }, { key: UNREACHABLE, effect: 'NoExecute' }];
  return [];
}

const managed = (t: Taint) => t.key === NOT_READY || t.key === UNREACHABLE;
const same = (a: Taint, b: Taint) => a.key === b.key && a.effect === b.effect;

export function nodeLifecycleController(): Component {
  return {
    name: 'node-lifecycle-controller',
    start(ctx) {
      const sync = (node: KubeObject) => {
        const have: Taint[] = (node.spec?.taints as Taint[] | undefined) ?? [];
        const want = wanted(node);
        const keep = have.filter((t) => !managed(t) || want.some((w) => same(w, t)));
        const add = want.filter((w) => !have.some((t) => same(t, w)));
        if (keep.length === have.length && !add.length) return;
        const at = new Date(ctx.clock.now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
        try {
          ctx.api.patch('nodes', undefined, node.metadata.name, (n) => {
            // NoExecute taints carry the time they were added; NoSchedule ones do not
            const next = [...keep, ...add.map((t) => (t.effect === 'NoExecute' ? { ...t, timeAdded: at } : { ...t }))];
            n.spec = { ...(n.spec ?? {}) };
            if (next.length) n.spec.taints = next;
            else delete n.spec.taints;
          });
        } catch (e) {
          if (!isApiError(e)) throw e;
        }
      };
      for (const n of ctx.api.list('nodes')) sync(n);
      ctx.api.watch('nodes', undefined, (ev) => {
        if (ev.type === 'ADDED' || ev.type === 'MODIFIED') sync(ev.object);
      });
    },
  };
}
