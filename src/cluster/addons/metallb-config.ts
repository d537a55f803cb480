// MetalLB's configuration as its controller and speaker read it (internal/config): IPAddressPools in the
// MetalLB namespace, their addresses as CIDRs, and which L2Advertisements select them. Error texts are
// MetalLB v0.14.9's, since its validating webhook returns them to kubectl.
import type { KubeObject } from '../types.ts';
import { matchesLabelSelector } from '../apiserver/selectors.ts';
import { intToIp, ipToInt } from '../network.ts';

export const IPADDRESSPOOLS = 'ipaddresspools.metallb.io';
export const L2ADVERTISEMENTS = 'l2advertisements.metallb.io';
export const SERVICEL2STATUSES = 'servicel2statuses.metallb.io';

export interface Cidr {
  base: number;
  bits: number;
}

export interface Pool {
  name: string;
  autoAssign: boolean;
  avoidBuggyIPs: boolean;
  cidrs: Cidr[];
  /** serviceAllocation: namespaces it serves (undefined = any) and its priority */
  namespaces?: string[];
  serviceSelectors?: any[];
  priority: number;
  labels: Record<string, string>;
}

export interface L2Advertisement {
  name: string;
  pools?: string[];
  poolSelectors?: any[];
  nodeSelectors?: any[];
  interfaces?: string[];
}

const size = (c: Cidr) => 2 ** (32 - c.bits);
export const cidrString = (c: Cidr) => `${intToIp(c.base)}/${c.bits}`;
export const cidrContains = (c: Cidr, n: number) => n >= c.base && n < c.base + size(c);

/** net.ParseIP for IPv4 (and a rejection for anything else). */
export function parseIPv4(s: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s.trim());
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  if (parts.some((x) => x > 255)) return undefined;
  return ipToInt(parts.join('.'));
}

/** ipaddr.Summarize: the fewest CIDRs covering start..end. */
function summarize(start: number, end: number): Cidr[] {
  const out: Cidr[] = [];
  let cur = start;
  while (cur <= end) {
    let bits = 32;
    while (bits > 0) {
      const s = 2 ** (32 - (bits - 1));
      if (cur % s !== 0 || cur + s - 1 > end) break;
      bits--;
    }
    out.push({ base: cur, bits });
    cur += 2 ** (32 - bits);
  }
  return out;
}

/** config.ParseCIDR: a CIDR (`10.0.2.200/29`) or a range (`10.0.2.200-10.0.2.220`). */
export function parseAddresses(text: string): Cidr[] | string {
  if (!text.includes('-')) {
    const m = /^([^/]+)\/(\d{1,2})$/.exec(text);
    const ip = m ? parseIPv4(m[1]!) : undefined;
    const bits = m ? Number(m[2]) : NaN;
    if (ip === undefined || !(bits >= 0 && bits <= 32)) return `invalid CIDR "${text}"`;
    const block = 2 ** (32 - bits);
    return [{ base: ip - (ip % block), bits }];
  }
  const i = text.indexOf('-');
  const a = text.slice(0, i);
  const b = text.slice(i + 1);
  const start = parseIPv4(a);
  if (start === undefined) return `invalid IP range "${text}": invalid start IP "${a}"`;
  const end = parseIPv4(b);
  if (end === undefined) return `invalid IP range "${text}": invalid end IP "${b}"`;
  if (start > end) return `invalid IP range "${text}": start IP "${intToIp(start)}" is after the end IP "${intToIp(end)}"`;
  return summarize(start, end);
}

/** poolsFor: every pool parsed, or MetalLB's error for the first bad one. */
export function parsePools(objs: readonly KubeObject[]): Pool[] | string {
  const pools: Pool[] = [];
  const all: { cidr: Cidr }[] = [];
  for (const p of [...objs].sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1))) {
    const name = p.metadata.name;
    const addresses: unknown[] = Array.isArray(p.spec?.addresses) ? p.spec.addresses : [];
    if (addresses.length === 0) return `parsing address pool ${name}: pool has no prefixes defined`;
    const cidrs: Cidr[] = [];
    for (const a of addresses) {
      const parsed = parseAddresses(String(a));
      if (typeof parsed === 'string') return `parsing address pool ${name}: invalid CIDR "${a}" in pool "${name}": ${parsed}`;
      cidrs.push(...parsed);
    }
    for (const c of cidrs) {
      for (const o of all) {
        const inner = c.bits >= o.cidr.bits ? c : o.cidr;
        const outer = inner === c ? o.cidr : c;
        if (cidrContains(outer, inner.base)) return `CIDR "${cidrString(c)}" in pool "${name}" overlaps with already defined CIDR "${cidrString(o.cidr)}"`;
      }
      all.push({ cidr: c });
    }
    const alloc = p.spec?.serviceAllocation;
    pools.push({
      name,
      autoAssign: p.spec?.autoAssign !== false,
      avoidBuggyIPs: p.spec?.avoidBuggyIPs === true,
      cidrs,
      namespaces: Array.isArray(alloc?.namespaces) && alloc.namespaces.length ? [...alloc.namespaces] : undefined,
      serviceSelectors: Array.isArray(alloc?.serviceSelectors) && alloc.serviceSelectors.length ? alloc.serviceSelectors : undefined,
      priority: Number(alloc?.priority ?? 0) || 0,
      labels: { ...(p.metadata.labels ?? {}) },
    });
  }
  return pools;
}

export function parseL2Advertisements(objs: readonly KubeObject[]): L2Advertisement[] {
  return [...objs]
    .sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1))
    .map((o) => ({
      name: o.metadata.name,
      pools: Array.isArray(o.spec?.ipAddressPools) && o.spec.ipAddressPools.length ? [...o.spec.ipAddressPools] : undefined,
      poolSelectors: Array.isArray(o.spec?.ipAddressPoolSelectors) && o.spec.ipAddressPoolSelectors.length ? o.spec.ipAddressPoolSelectors : undefined,
      nodeSelectors: Array.isArray(o.spec?.nodeSelectors) && o.spec.nodeSelectors.length ? o.spec.nodeSelectors : undefined,
      interfaces: Array.isArray(o.spec?.interfaces) && o.spec.interfaces.length ? [...o.spec.interfaces] : undefined,
    }));
}

/** setL2AdvertisementsToPools: no pool named or selected means every pool. */
export function advertisementsFor(pool: Pool, advs: readonly L2Advertisement[]): L2Advertisement[] {
  return advs.filter((a) => {
    if (!a.pools && !a.poolSelectors) return true;
    if (a.pools?.includes(pool.name)) return true;
    return !!a.poolSelectors?.some((sel) => matchesLabelSelector(sel, pool.labels));
  });
}

/** selectedNodes: an advertisement without node selectors covers every node. */
export function advertisementCoversNode(a: L2Advertisement, node: KubeObject): boolean {
  if (!a.nodeSelectors) return true;
  return a.nodeSelectors.some((sel) => matchesLabelSelector(sel, node.metadata.labels));
}

/** The pool whose addresses hold `ip`. */
export function poolFor(pools: readonly Pool[], ip: number): Pool | undefined {
  return pools.find((p) => p.cidrs.some((c) => cidrContains(c, ip)));
}

/** The pool's serviceAllocation allows this Service (namespaces and service selectors). */
export function poolServes(p: Pool, svc: KubeObject): boolean {
  if (p.namespaces && !p.namespaces.includes(svc.metadata.namespace ?? 'default')) return false;
  if (p.serviceSelectors) return p.serviceSelectors.some((sel) => matchesLabelSelector(sel, svc.metadata.labels));
  return true;
}

/** SHA-256 of a UTF-8 string (the speakers' layer-2 election orders nodes by sha256(node#ip)). */
export function sha256Hex(text: string): string {
  const K = [
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
    0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
    0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
    0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
  ];
  const bytes = new TextEncoder().encode(text);
  const len = bytes.length;
  const total = Math.ceil((len + 9) / 64) * 64;
  const buf = new Uint8Array(total);
  buf.set(bytes);
  buf[len] = 0x80;
  const view = new DataView(buf.buffer);
  view.setUint32(total - 8, Math.floor((len * 8) / 2 ** 32));
  view.setUint32(total - 4, (len * 8) >>> 0);
  const h = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
  const w = new Uint32Array(64);
  const rotr = (x: number, n: number) => (x >>> n) | (x << (32 - n));
  for (let off = 0; off < total; off += 64) {
    for (let i = 0; i < 16; i++) w[i] = view.getUint32(off + i * 4);
    for (let i = 16; i < 64; i++) {
      const s0 = rotr(w[i - 15]!, 7) ^ rotr(w[i - 15]!, 18) ^ (w[i - 15]! >>> 3);
      const s1 = rotr(w[i - 2]!, 17) ^ rotr(w[i - 2]!, 19) ^ (w[i - 2]! >>> 10);
      w[i] = (w[i - 16]! + s0 + w[i - 7]! + s1) >>> 0;
    }
    let [a, b, c, d, e, f, g, hh] = h as [number, number, number, number, number, number, number, number];
    for (let i = 0; i < 64; i++) {
      const S1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
      const ch = (e & f) ^ (~e & g);
      const t1 = (hh + S1 + ch + K[i]! + w[i]!) >>> 0;
      const S0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
      const maj = (a & b) ^ (a & c) ^ (b & c);
      const t2 = (S0 + maj) >>> 0;
      hh = g;
      g = f;
      f = e;
      e = (d + t1) >>> 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) >>> 0;
    }
    h[0] = (h[0]! + a) >>> 0;
    h[1] = (h[1]! + b) >>> 0;
    h[2] = (h[2]! + c) >>> 0;
    h[3] = (h[3]! + d) >>> 0;
    h[4] = (h[4]! + e) >>> 0;
    h[5] = (h[5]! + f) >>> 0;
    h[6] = (h[6]! + g) >>> 0;
    h[7] = (h[7]! + hh) >>> 0;
  }
  return h.map((x) => x.toString(16).padStart(8, '0')).join('');
}
