// pod-template-hash as Kubernetes computes it (controller.ComputeHash): fnv32a over the pod template
// (+ collisionCount), then rand.SafeEncodeString of the decimal digits. Go's spew printout of the struct
// is replaced by a canonical JSON of the template: same name shape, stable for the same template.

import { deepEqual } from '../etcd.ts';

const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

export const POD_TEMPLATE_HASH_LABEL = 'pod-template-hash';

/** JSON with object keys sorted at every level, so equal templates hash equally whatever their key order. */
export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o).filter((k) => o[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(',')}}`;
}

function fnv32aUpdate(h: number, bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; i++) {
    h ^= bytes[i]!;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** k8s.io/apimachinery/pkg/util/rand.SafeEncodeString: each byte mapped into the vowel-free alphabet. */
export function safeEncodeString(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) out += ALPHANUMS[s.charCodeAt(i) % ALPHANUMS.length];
  return out;
}

/** The hash of a PodTemplateSpec, e.g. `7c79c4bf97`. */
export function computeHash(template: unknown, collisionCount?: number): string {
  let h = fnv32aUpdate(0x811c9dc5, new TextEncoder().encode(canonicalJson(template)));
  if (collisionCount !== undefined && collisionCount !== null) {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setUint32(0, collisionCount >>> 0, true);
    h = fnv32aUpdate(h, b);
  }
  return safeEncodeString(String(h));
}

/** A copy of the template without the pod-template-hash label (EqualIgnoreHash compares these). */
export function templateWithoutHash(template: any): any {
  const labels = template?.metadata?.labels;
  if (!labels || !(POD_TEMPLATE_HASH_LABEL in labels)) return template;
  const { [POD_TEMPLATE_HASH_LABEL]: _drop, ...rest } = labels;
  return { ...template, metadata: { ...template.metadata, labels: rest } };
}

/** EqualIgnoreHash: two pod templates are the same apart from the pod-template-hash label. */
export function equalIgnoreHash(a: unknown, b: unknown): boolean {
  return deepEqual(templateWithoutHash(a), templateWithoutHash(b));
}
