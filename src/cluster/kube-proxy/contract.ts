// The seams between kube-proxy's routing (this folder), the pod programs that proxy onwards
// (ingress-nginx, in src/cluster/addons) and the outside web (src/cluster/internet).
import type { ApiServer, ClusterNetwork, HttpRequest, HttpResponse, NetOrigin } from '../types.ts';

/**
 * A program in a pod that answers by opening connections of its own: ingress-nginx routes by the
 * Ingress rules to Service endpoints. kube-proxy calls it instead of the container runtime's `serve`
 * when the container listening on the port runs this program kind (ContainerInstanceState.program).
 */
export type ProxyProgram = (call: {
  /** the pod running the proxy */
  pod: { namespace: string; name: string; ip: string };
  port: number;
  req: HttpRequest;
  api: ApiServer;
  /** connect onwards as this pod (`{ kind: 'pod', ... }`) */
  net: ClusterNetwork;
  self: NetOrigin;
}) => { response: HttpResponse; servedBy?: { namespace: string; pod: string } } | undefined;

/** A site on the outside web (raw.githubusercontent.com, get.docker.com, ...). */
export interface WebSite {
  /** host names that resolve to this site */
  names: string[];
  ip: string;
  /** ports it accepts (443, 80) */
  ports: number[];
  serve(req: HttpRequest & { scheme: 'http' | 'https' }): HttpResponse;
}

/** The outside world as seen from the machines' upstream DNS (10.0.2.3) and NAT gateway. */
export interface Internet {
  resolve(name: string): string | undefined;
  site(ip: string): WebSite | undefined;
}
