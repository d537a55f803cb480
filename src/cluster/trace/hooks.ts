// Small helpers the components call to report what they saw (kept here so their own files change by a line).
import type { WatchEvent } from '../types.ts';
import type { TraceHooks } from './recorder.ts';

/** The kubelet's watch delivered a pod newly bound to its node (seed 004's step 5). */
export function kubeletSaw(trace: TraceHooks, ev: WatchEvent, node: string): void {
  const pod = ev.object;
  if (ev.type === 'DELETED' || pod.metadata.deletionTimestamp || pod.spec?.nodeName !== node || ev.old?.spec?.nodeName) return;
  trace.saw(pod, 'saw a pod bound to its node', { host: node, reason: `spec.nodeName is ${node}: this kubelet must run it`, flowStep: 5 });
}
