import type { KubeObject, Random, StatusCause } from '../types.ts';
import { invalidValue } from './validation.ts';
import { intToIp, ipToInt, SERVICE_CIDR } from '../network.ts';

// kubeadm defaults: --service-cluster-ip-range=10.96.0.0/12, --service-node-port-range=30000-32767.
const BASE = (10 << 24) | (96 << 16);
const SIZE = 1 << 20;
const IP_STATIC_BAND = 256;
const PORT_MIN = 30000;
const PORT_MAX = 32767;
const PORT_STATIC_BAND = 86;

/** ClusterIP and NodePort allocation, like the API server's bitmap allocators (dynamic picks prefer the upper band). */
export function createServiceAllocator(random: Random) {
  const ips = new Set<string>();
  const ports = new Set<number>();

  const needsIP = (spec: any) => spec?.type !== 'ExternalName' && spec?.clusterIP !== 'None';
  const needsNodePorts = (spec: any) => spec?.type === 'NodePort' || (spec?.type === 'LoadBalancer' && spec?.allocateLoadBalancerNodePorts !== false);

  const pickIP = (): string => {
    for (;;) {
      const off = IP_STATIC_BAND + random.int(SIZE - 2 - IP_STATIC_BAND) + 1;
      const ip = intToIp((BASE + off) >>> 0);
      if (!ips.has(ip)) return ip;
    }
  };
  const pickPort = (taken: Set<number>): number => {
    for (;;) {
      const p = PORT_MIN + PORT_STATIC_BAND + random.int(PORT_MAX - PORT_MIN + 1 - PORT_STATIC_BAND);
      if (!ports.has(p) && !taken.has(p)) return p;
    }
  };

  function checkIP(ip: string): string | undefined {
    const n = ipToInt(ip);
    if (n <= BASE || n >= BASE + SIZE - 1) return `failed to allocate IP ${ip}: the provided IP (${ip}) is not in the valid range. The range of valid IPs is ${SERVICE_CIDR}`;
    if (ips.has(ip)) return `failed to allocate IP ${ip}: provided IP is already allocated`;
    return undefined;
  }

  function allocPorts(spec: any, held: Set<number>, dryRun: boolean): StatusCause[] {
    const errs: StatusCause[] = [];
    const fresh = new Set<number>();
    // The registry allocates port by port and reports the first port it cannot have.
    for (const [i, p] of (spec.ports ?? []).entries()) {
      if (!p.nodePort || held.has(p.nodePort) || fresh.has(p.nodePort)) continue;
      if (p.nodePort < PORT_MIN || p.nodePort > PORT_MAX) errs.push(invalidValue(`spec.ports[${i}].nodePort`, p.nodePort, `provided port is not in the valid range. The range of valid ports is ${PORT_MIN}-${PORT_MAX}`));
      else if (ports.has(p.nodePort)) errs.push(invalidValue(`spec.ports[${i}].nodePort`, p.nodePort, 'provided port is already allocated'));
      else fresh.add(p.nodePort);
      if (errs.length) return errs;
    }
    for (const p of spec.ports ?? []) {
      if (!p.nodePort) {
        // Two ports of the same number (TCP and UDP) share one nodePort, as the real allocator does.
        const twin = (spec.ports ?? []).find((q: any) => q !== p && q.port === p.port && q.nodePort);
        p.nodePort = twin ? twin.nodePort : pickPort(fresh);
        fresh.add(p.nodePort);
      }
    }
    if (!dryRun) for (const n of fresh) ports.add(n);
    return errs;
  }

  return {
    defaults(svc: KubeObject) {
      const spec = (svc.spec ??= {});
      spec.type ??= 'ClusterIP';
      spec.sessionAffinity ??= 'None';
      for (const p of spec.ports ?? []) {
        if (!p || typeof p !== 'object') continue;
        p.protocol ??= 'TCP';
        if (p.targetPort === undefined || p.targetPort === 0 || p.targetPort === '') p.targetPort = p.port;
      }
      if (spec.type !== 'ExternalName') {
        spec.ipFamilies ??= ['IPv4'];
        spec.ipFamilyPolicy ??= 'SingleStack';
        spec.internalTrafficPolicy ??= 'Cluster';
        if (spec.clusterIP && !spec.clusterIPs) spec.clusterIPs = [spec.clusterIP];
        if (!spec.clusterIP && spec.clusterIPs?.length) spec.clusterIP = spec.clusterIPs[0];
      }
      if (spec.type === 'NodePort' || spec.type === 'LoadBalancer') spec.externalTrafficPolicy ??= 'Cluster';
      if (spec.type === 'LoadBalancer') spec.allocateLoadBalancerNodePorts ??= true;
      if (spec.sessionAffinity === 'ClientIP') spec.sessionAffinityConfig ??= { clientIP: { timeoutSeconds: 10800 } };
    },

    /** Allocate on create; returns field errors for a requested address or port that cannot be had. */
    allocate(svc: KubeObject, dryRun: boolean): StatusCause[] {
      const spec = svc.spec;
      let ip: string | undefined;
      if (needsIP(spec)) {
        if (spec.clusterIP) {
          const why = checkIP(spec.clusterIP);
          if (why) return [invalidValue('spec.clusterIPs', [spec.clusterIP], why)];
          ip = spec.clusterIP;
        } else {
          ip = pickIP();
          spec.clusterIP = ip;
          spec.clusterIPs = [ip];
        }
      }
      if (needsNodePorts(spec)) {
        const errs = allocPorts(spec, new Set(), dryRun);
        if (errs.length) return errs;
      }
      if (ip && !dryRun) ips.add(ip);
      return [];
    },

    /** Replacing a Service without clusterIP/nodePort keeps the ones it had (PatchAllocatedValues). */
    keepAllocations(next: KubeObject, prev: KubeObject) {
      const ns = next.spec ?? {};
      const ps = prev.spec ?? {};
      if (needsIP(ps) && needsIP(ns) && !ns.clusterIP) {
        ns.clusterIP = ps.clusterIP;
        ns.clusterIPs = ps.clusterIPs;
      }
      if (needsNodePorts(ps) && needsNodePorts(ns)) {
        for (const p of ns.ports ?? []) {
          if (p.nodePort) continue;
          const old = (ps.ports ?? []).find((q: any) => (p.name && q.name === p.name) || (q.port === p.port && q.protocol === p.protocol));
          if (old?.nodePort) p.nodePort = old.nodePort;
        }
      }
    },

    reallocate(next: KubeObject, prev: KubeObject, dryRun: boolean): StatusCause[] {
      const ns = next.spec;
      const ps = prev.spec ?? {};
      const held = new Set<number>((ps.ports ?? []).map((p: any) => p.nodePort).filter(Boolean));
      if (needsIP(ns) && !ns.clusterIP) {
        const ip = pickIP();
        ns.clusterIP = ip;
        ns.clusterIPs = [ip];
        if (!dryRun) ips.add(ip);
      }
      if (!needsIP(ns) && needsIP(ps) && !dryRun && ps.clusterIP) ips.delete(ps.clusterIP);
      if (needsNodePorts(ns)) {
        const errs = allocPorts(ns, held, dryRun);
        if (errs.length) return errs;
      } else {
        for (const p of ns.ports ?? []) delete p.nodePort;
      }
      if (!dryRun) {
        const keep = new Set<number>((ns.ports ?? []).map((p: any) => p.nodePort).filter(Boolean));
        for (const n of held) if (!keep.has(n)) ports.delete(n);
      }
      return [];
    },

    release(svc: KubeObject) {
      const spec = svc.spec ?? {};
      for (const ip of spec.clusterIPs ?? (spec.clusterIP ? [spec.clusterIP] : [])) ips.delete(ip);
      for (const p of spec.ports ?? []) if (p.nodePort) ports.delete(p.nodePort);
    },
  };
}
