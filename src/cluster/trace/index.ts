// The control-plane trace: who did what, and why (see recorder.ts).
export { createTraceRecorder, TRACE_CAP } from './recorder.ts';
export type { TraceHooks, TraceRecorder, TraceWho } from './recorder.ts';
export { FLOW_STEPS } from './flow.ts';
export type { FlowStep } from './flow.ts';
export { bindReason } from './scheduler-reason.ts';
