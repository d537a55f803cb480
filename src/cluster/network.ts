// Pod networking as weave-net does it on the notes' cluster: 10.32.0.0/12 split per node.

export const POD_CIDR = '10.32.0.0/12';

/** Each node's slice of the weave range. master's first address is its weave bridge. */
export const NODE_POD_RANGES: Record<string, { base: string; prefix: number; reserved: number }> = {
  master: { base: '10.32.0.0', prefix: 14, reserved: 1 },
  node1: { base: '10.44.0.0', prefix: 14, reserved: 0 },
  node2: { base: '10.36.0.0', prefix: 14, reserved: 0 },
  node3: { base: '10.40.0.0', prefix: 14, reserved: 0 },
};

const ipToInt = (ip: string) => ip.split('.').reduce((a, x) => a * 256 + Number(x), 0);
const intToIp = (n: number) => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');

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
