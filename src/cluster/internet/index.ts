// The outside web the machines reach through VirtualBox's NAT (DNS 10.0.2.3).
import type { Internet } from '../kube-proxy/contract.ts';

export function createInternet(): Internet {
  return { resolve: () => undefined, site: () => undefined };
}
