// Service and Ingress behaviour of the registry and admission: status defaulting (ipMode), the fields a
// type change drops (service strategy dropTypeDependentFields) and the DefaultIngressClass admission plugin.
import type { KubeObject } from '../types.ts';
import { deepEqual } from '../etcd.ts';

const IS_DEFAULT_CLASS = 'ingressclass.kubernetes.io/is-default-class';
const INGRESS_CLASS_ANNOTATION = 'kubernetes.io/ingress.class';

/** SetDefaults_Service (LoadBalancerIPMode, on by default since v1.30): an ingress IP gets ipMode VIP. */
export function defaultServiceStatus(status: any): void {
  for (const ing of status?.loadBalancer?.ingress ?? []) {
    if (ing && typeof ing === 'object' && ing.ip && ing.ipMode === undefined) ing.ipMode = 'VIP';
  }
}

/** A Service can be reached from outside the cluster (apiservice.ExternallyAccessible). */
export function externallyAccessible(spec: any): boolean {
  const t = spec?.type;
  return t === 'LoadBalancer' || t === 'NodePort' || (t === 'ClusterIP' && (spec?.externalIPs?.length ?? 0) > 0);
}

const needsClusterIP = (s: any) => s?.type !== 'ExternalName';
const needsNodePort = (s: any) => s?.type === 'NodePort' || s?.type === 'LoadBalancer';
const nodePorts = (s: any) => (s?.ports ?? []).map((p: any) => p?.nodePort ?? 0);

/** The service strategy's dropTypeDependentFields: what a type change leaves behind and the user did not touch goes. */
export function dropTypeDependentFields(next: KubeObject, prev: KubeObject): void {
  const ns = (next.spec ??= {});
  const ps = prev.spec ?? {};
  if (needsClusterIP(ps) && !needsClusterIP(ns)) {
    if (ns.clusterIP === ps.clusterIP && deepEqual(ns.clusterIPs, ps.clusterIPs)) {
      delete ns.clusterIP;
      delete ns.clusterIPs;
    }
    if (deepEqual(ns.ipFamilies, ps.ipFamilies)) delete ns.ipFamilies;
    if (ns.ipFamilyPolicy === ps.ipFamilyPolicy) delete ns.ipFamilyPolicy;
  }
  if (needsNodePort(ps) && !needsNodePort(ns) && deepEqual(nodePorts(ns), nodePorts(ps))) {
    for (const p of ns.ports ?? []) if (p && typeof p === 'object') delete p.nodePort;
  }
  const wasLB = ps.type === 'LoadBalancer';
  const isLB = ns.type === 'LoadBalancer';
  if (wasLB && !isLB && ns.healthCheckNodePort === ps.healthCheckNodePort) delete ns.healthCheckNodePort;
  if (wasLB && !isLB && ns.allocateLoadBalancerNodePorts === ps.allocateLoadBalancerNodePorts) delete ns.allocateLoadBalancerNodePorts;
  if (wasLB && !isLB && ns.loadBalancerClass === ps.loadBalancerClass) delete ns.loadBalancerClass;
  if (externallyAccessible(ps) && !externallyAccessible(ns) && ns.externalTrafficPolicy === ps.externalTrafficPolicy) delete ns.externalTrafficPolicy;
  // The registry clears the load-balancer status itself, ahead of the LB controller.
  if (wasLB && !isLB && next.status) next.status = { ...next.status, loadBalancer: {} };
}

/** DefaultIngressClass admission: an Ingress without a class gets the default IngressClass (the newest when several). */
export function admitIngress(ing: KubeObject, classes: readonly KubeObject[]): void {
  if (ing.spec?.ingressClassName) return;
  if (ing.metadata.annotations && INGRESS_CLASS_ANNOTATION in ing.metadata.annotations) return;
  const defaults = classes.filter((c) => c.metadata.annotations?.[IS_DEFAULT_CLASS] === 'true');
  if (defaults.length === 0) return;
  defaults.sort((a, b) => (a.metadata.creationTimestamp < b.metadata.creationTimestamp ? 1 : a.metadata.creationTimestamp > b.metadata.creationTimestamp ? -1 : a.metadata.name < b.metadata.name ? -1 : 1));
  ing.spec = { ...(ing.spec ?? {}), ingressClassName: defaults[0]!.metadata.name };
}
