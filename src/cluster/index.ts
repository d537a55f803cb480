// The simulated cluster's public entry point.
export { createCluster, SERVER_URL, VERSION } from './cluster.ts';
export type { CreateClusterOptions, SchedulerView, SimCluster } from './cluster.ts';
export type { NodeRejection, SchedulingDiagnosis } from './scheduler/index.ts';
export type * from './types.ts';
export type { Component, ComponentContext, EventRecorder, EventSource } from './component.ts';
export { FLOW_STEPS } from './trace/index.ts';
export type { FlowStep, TraceHooks, TraceRecorder } from './trace/index.ts';
export { ApiError, isApiError, qualifiedResource } from './apiserver/errors.ts';
export { RESOURCES, apiVersionOf } from './apiserver/resources.ts';
export { matchesLabelSelector, formatLabelSelector, parseLabelSelector, matchesRequirements } from './apiserver/selectors.ts';
export { clone, deepEqual } from './etcd.ts';
export { rfc3339, DEFAULT_START } from './clock.ts';
export { FsError } from './hosts/fs-error.ts';
export { normalizeImage } from './hosts/images.ts';
export type { CachedImage, ImageCache } from './hosts/images.ts';
export type { PodNetwork } from './network.ts';
