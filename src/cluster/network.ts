// Pod networking as weave-net does it on the notes' cluster: 10.32.0.0/12 split per node.

export const POD_CIDR = '10.32.0.0/12';

/** Each node's slice of the weave range. master's first address is its weave bridge. */
export const NODE_POD_RANGES: Record<string, { base: string; prefix: number; reserved: number }> = {
  master: { base: '10.32.0.0', prefix: 14, reserved: 1 },
  node1: { base: '10.44.0.0', prefix: 14, reserved: 0 },
  node2: { base: '10.36.0.0', prefix: 14, reserved: 0 },
  node3: { base: '10.40.0.0', prefix: 14, reserved: 0 },
};

/** kubeadm's default Service range. */
export const SERVICE_CIDR = '10.96.0.0/12';

export const ipToInt = (ip: string): number => ip.split('.').reduce((a, x) => a * 256 + Number(x), 0);
export const intToIp = (n: number): string => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
/** Numeric IPv4 order (for sort). */
export const byIP = (a: string, b: string): number => ipToInt(a) - ipToInt(b);

/** A dotted IPv4 address with four octets in 0..255. */
export function isIPv4(s: string): boolean {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  return !!m && m.slice(1).every((o) => Number(o) <= 255);
}

/** Whether `ip` lies in `cidr` (`10.32.0.0/12`). */
export function inCidr(ip: string, cidr: string): boolean {
  const [base, bits] = cidr.split('/') as [string, string];
  const size = 2 ** (32 - Number(bits));
  const start = ipToInt(base);
  const n = ipToInt(ip);
  return n >= start && n < start + size;
}

/** The weave bridge address of a node: the first address of its range (master's 10.32.0.1, node1's 10.44.0.0). */
export function weaveAddress(node: string): string | undefined {
  // only the notes' nodes: asking the IPAM about another node would hand it a range early
  const r = NODE_POD_RANGES[node];
  return r ? intToIp(ipToInt(r.base) + r.reserved) : undefined;
}

/** Pod IP address management: the kubelet asks for an address when it sets up a pod sandbox and gives it back when the pod is gone. */
export interface PodNetwork {
  /** Lowest free address in the node's range, recorded against `owner` (e.g. the pod uid). Throws when the range is full. */
  allocate(node: string, owner: string): string;
  /** Give back the address held by `owner` (no-op if none). */
  release(owner: string): void;
  /** Mark a specific address as used (bootstrap pods). */
  reserve(node: string, ip: string, owner: string): void;
  /** The address `owner` holds, if any. */
  ipOf(owner: string): string | undefined;
  /** `10.44.0.0/14` */
  rangeOf(node: string): string | undefined;
}

export function createPodNetwork(): PodNetwork {
  const used = new Map<string, Set<number>>();
  // Lowest offset that may be free, per node, so allocation stays linear overall.
  const hint = new Map<string, number>();
  const owners = new Map<string, { node: string; ip: number }>();
  // Unknown nodes (added by labs) get the next /14 after node3's.
  const extra = new Map<string, number>();

  const range = (node: string) => {
    const r = NODE_POD_RANGES[node];
    if (r) return { start: ipToInt(r.base), size: 2 ** (32 - r.prefix), reserved: r.reserved };
    let base = extra.get(node);
    if (base === undefined) {
      base = ipToInt('10.44.0.0') + (extra.size + 1) * 2 ** 18;
      extra.set(node, base);
    }
    return { start: base, size: 2 ** 18, reserved: 0 };
  };
  const usedOf = (node: string) => {
    let s = used.get(node);
    if (!s) used.set(node, (s = new Set()));
    return s;
  };

  return {
    allocate(node, owner) {
      const held = owners.get(owner);
      if (held) return intToIp(held.ip);
      const r = range(node);
      const u = usedOf(node);
      for (let off = Math.max(1 + r.reserved, hint.get(node) ?? 0); off < r.size - 1; off++) {
        const ip = r.start + off;
        if (u.has(ip)) continue;
        u.add(ip);
        hint.set(node, off + 1);
        owners.set(owner, { node, ip });
        return intToIp(ip);
      }
      throw new Error(`no free pod address on ${node}`);
    },
    release(owner) {
      const held = owners.get(owner);
      if (!held) return;
      owners.delete(owner);
      used.get(held.node)?.delete(held.ip);
      const off = held.ip - range(held.node).start;
      if (off < (hint.get(held.node) ?? Infinity)) hint.set(held.node, off);
    },
    reserve(node, ip, owner) {
      const n = ipToInt(ip);
      usedOf(node).add(n);
      owners.set(owner, { node, ip: n });
    },
    ipOf(owner) {
      const held = owners.get(owner);
      return held ? intToIp(held.ip) : undefined;
    },
    rangeOf(node) {
      const r = range(node);
      return `${intToIp(r.start)}/${32 - Math.log2(r.size)}`;
    },
  };
}
