// Which trace steps the panel lists, and each step as HTML: a pure module so Node tests can read it.
import type { TraceStep } from '../cluster/types.ts';

const TRACE_LIMIT = 80;

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The pod the learner created last: the newest Pod that a step stored or created (flow step 1 when the trace numbers it). */
export function lastCreatedPod(steps: readonly TraceStep[]): { namespace?: string; name: string } | undefined {
  for (let i = steps.length - 1; i >= 0; i--) {
    const s = steps[i];
    if (s.object.kind !== 'Pod') continue;
    if (s.flowStep === 1 || /^(stored|created)\b/.test(s.action)) return { namespace: s.object.namespace, name: s.object.name };
  }
  return undefined;
}

/** The steps to show: all recent ones, or only those about the last pod created (and what it owns). */
export function selectTraceSteps(all: readonly TraceStep[], follow: boolean, about?: (pod: { namespace?: string; name: string }) => TraceStep[]): TraceStep[] {
  if (!follow) return all.slice(-TRACE_LIMIT);
  const pod = lastCreatedPod(all);
  if (!pod) return [];
  const steps = about
    ? about(pod)
    : all.filter((s) => s.object.kind === 'Pod' && s.object.name === pod.name && (s.object.namespace ?? 'default') === (pod.namespace ?? 'default'));
  return steps.slice(-TRACE_LIMIT);
}

function clock(ms: number): string {
  const d = new Date(ms);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}.${p(d.getUTCMilliseconds(), 3)}`;
}

/** One `<li>` per step, oldest first (the panel shows the newest at the bottom). */
export function renderTraceItems(steps: readonly TraceStep[]): string {
  return steps
    .map((s) => {
      const where = [s.controller, s.host].filter(Boolean).join(' · ');
      const obj = `${s.object.kind.toLowerCase()}/${s.object.name}`;
      const flow = s.flowStep
        ? `<span class="kc-trace-flow" title="step ${s.flowStep} of 7">${s.flowStep}</span>`
        : '<span class="kc-trace-flow is-none" aria-hidden="true"></span>';
      return (
        `<li class="kc-trace-step" data-actor="${esc(s.actor)}"${s.flowStep ? ` data-flow="${s.flowStep}"` : ''}>` +
        flow +
        '<span class="kc-trace-body">' +
        `<span class="kc-trace-head"><span class="kc-trace-actor">${esc(s.actor)}</span>` +
        (where ? `<span class="kc-trace-where">${esc(where)}</span>` : '') +
        `<time class="kc-trace-time">${clock(s.time)}</time></span>` +
        `<span class="kc-trace-what">${esc(s.action)} <code>${esc(obj)}</code></span>` +
        (s.reason ? `<span class="kc-trace-why">${esc(s.reason)}</span>` : '') +
        '</span></li>'
      );
    })
    .join('');
}
