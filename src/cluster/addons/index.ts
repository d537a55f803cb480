// Add-ons a cluster may run as pods: MetalLB (LoadBalancer addresses) and ingress-nginx (Ingress routing).
import type { ApiServer } from '../types.ts';
import type { Component } from '../component.ts';
import type { ProxyProgram } from '../kube-proxy/contract.ts';
import { metallbController, metallbReachable, metallbSpeaker } from './metallb.ts';
import { ingressNginxProxy } from './ingress-nginx.ts';
import { ingressNginxComponent } from './ingress-nginx-status.ts';

/** Pod programs kube-proxy hands a request to instead of the container runtime (keyed by program kind). */
export const PROXY_PROGRAMS: Record<string, ProxyProgram> = { 'ingress-nginx': ingressNginxProxy };

/** Controllers of the add-ons; each stays idle until its pods run in the cluster. */
export function addonComponents(): Component[] {
  return [metallbController(), metallbSpeaker(), ingressNginxComponent()];
}

/**
 * Whether traffic to a LoadBalancer address reaches a node: with MetalLB installed, only while a running
 * speaker announces it; without MetalLB, when a LoadBalancer Service's status lists it (a lab wrote it).
 */
export function loadBalancerReachable(api: ApiServer, ip: string): boolean {
  return metallbReachable(api, ip);
}
