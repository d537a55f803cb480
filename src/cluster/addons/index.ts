// Add-ons a cluster may run as pods: MetalLB (LoadBalancer addresses) and ingress-nginx (Ingress routing).
import type { ApiServer } from '../types.ts';
import type { Component } from '../component.ts';
import type { ProxyProgram } from '../kube-proxy/contract.ts';

/** Pod programs kube-proxy hands a request to instead of the container runtime (keyed by program kind). */
export const PROXY_PROGRAMS: Record<string, ProxyProgram> = {};

/** Controllers of the add-ons; each stays idle until its pods run in the cluster. */
export function addonComponents(): Component[] {
  return [];
}

/** Whether traffic to a LoadBalancer address reaches a node (a MetalLB speaker announces it). */
export function loadBalancerReachable(_api: ApiServer, _ip: string): boolean {
  return true;
}
