// The live cluster map and the trace panel on a chapter page: both follow the lab's cluster, the one its terminal uses.
import type { ControlPlaneTrace, TraceStep } from '../cluster/types.ts';
import type { LabRuntime } from './lab-runtime.ts';
import { describeClusterModel, readClusterModel } from './cluster-model.ts';
import { renderClusterSvg } from './cluster-map-svg.ts';
import { renderTraceItems, selectTraceSteps } from './trace-format.ts';

const ACTIVE_MS = 1400;
const SR_DELAY_MS = 1200;

/** The trace of the cluster behind the lab right now (a reset replaces the cluster, and its trace with it). */
function traceOf(runtime: LabRuntime): ControlPlaneTrace | undefined {
  return runtime.session.current.trace ?? runtime.cluster.trace;
}

/** Calls `fn` on every trace step, resubscribing when a reset swaps the cluster. */
function followTrace(runtime: LabRuntime, fn: (step?: TraceStep) => void): void {
  let trace: ControlPlaneTrace | undefined;
  let off: (() => void) | undefined;
  const sync = () => {
    const next = traceOf(runtime);
    if (next === trace) return;
    off?.();
    trace = next;
    off = trace?.onStep((s) => fn(s));
    fn();
  };
  sync();
  runtime.cluster.onChange(sync);
}

export function mountClusterMap(figure: HTMLElement, runtime: LabRuntime): void {
  const canvas = figure.querySelector<HTMLElement>('[data-kc-map-canvas]')!;
  const list = figure.querySelector<HTMLElement>('[data-kc-map-sr]')!;
  const active = new Map<string, number>();
  let frame = 0;
  let lastSvg = '';
  let lastText = '';
  let srTimer: ReturnType<typeof setTimeout> | undefined;

  const draw = () => {
    frame = 0;
    const now = performance.now();
    for (const [k, until] of active) if (until <= now) active.delete(k);
    const model = readClusterModel(runtime.cluster);
    const svg = renderClusterSvg(model, { active: new Set(active.keys()) });
    if (svg !== lastSvg) {
      canvas.innerHTML = svg;
      lastSvg = svg;
    }
    figure.dataset.kcLive = '';
    const lines = describeClusterModel(model);
    const text = lines.join('\n');
    if (text !== lastText) {
      lastText = text;
      // a screen reader hears the settled picture, not every intermediate state
      clearTimeout(srTimer);
      srTimer = setTimeout(() => {
        list.replaceChildren(...lines.map((l) => Object.assign(document.createElement('li'), { textContent: l })));
      }, SR_DELAY_MS);
    }
  };
  const schedule = () => {
    frame ||= requestAnimationFrame(draw);
  };
  runtime.cluster.onChange(schedule);
  followTrace(runtime, (step) => {
    if (!step) return;
    const hosts = step.host ? [step.host] : step.actor === 'kube-proxy' ? ['master', 'node1', 'node2', 'node3'] : ['master'];
    for (const h of hosts) active.set(`${step.actor}@${h}`, performance.now() + ACTIVE_MS);
    schedule();
    setTimeout(schedule, ACTIVE_MS + 50);
  });
  draw();
}

export function mountTracePanel(panel: HTMLElement, runtime: LabRuntime): void {
  const list = panel.querySelector<HTMLOListElement>('[data-kc-trace-list]')!;
  const empty = panel.querySelector<HTMLElement>('[data-kc-trace-empty]')!;
  const follow = panel.querySelector<HTMLInputElement>('[data-kc-trace-follow]');
  const count = panel.querySelector<HTMLElement>('[data-kc-trace-count]');
  let frame = 0;
  let last = '';
  const draw = () => {
    frame = 0;
    const trace = traceOf(runtime);
    panel.dataset.kcTrace = trace ? 'live' : 'absent';
    if (!trace) {
      empty.hidden = false;
      empty.textContent = 'The control-plane trace is not available in this build of the simulator.';
      return;
    }
    const on = follow?.checked ?? true;
    const steps = selectTraceSteps(trace.steps(), on, (pod) => trace.steps({ kind: 'Pod', namespace: pod.namespace, name: pod.name }));
    const html = renderTraceItems(steps);
    if (count) count.textContent = steps.length ? `${steps.length} step${steps.length === 1 ? '' : 's'}` : '';
    empty.hidden = steps.length > 0;
    if (html === last) return;
    last = html;
    const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
    list.innerHTML = html;
    if (atBottom || on) list.scrollTop = list.scrollHeight;
  };
  const schedule = () => {
    frame ||= requestAnimationFrame(draw);
  };
  follow?.addEventListener('change', () => {
    last = '';
    schedule();
  });
  followTrace(runtime, schedule);
  runtime.cluster.onChange(schedule);
  draw();
}
