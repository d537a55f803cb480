// Drawing a learner's variant and filling `{{ params.x }}` in: pure and free of zod, so the lab page
// can show a learner's own text before the simulator loads. variants.ts re-exports all of it.
import { fnv32a } from '../cluster/registry/images.ts';
import type { Lab, LabParam } from './schema.ts';

export type VariantParams = Record<string, string | number>;

export interface Variant {
  /** the cluster seed for this learner's lab (the lab's own seed when the lab declares no parameters) */
  seed: number;
  params: VariantParams;
  /** the learner id it was drawn for (trimmed, lowercased); undefined = the default variant */
  learner?: string;
}

/** `{{ params.replicas }}`, spaces optional; `{{ params.replicas | words }}` spells a whole number out (four). */
const PLACEHOLDER = /\{\{\s*params\.([A-Za-z_][A-Za-z0-9_]*)\s*(?:\|\s*(words)\s*)?\}\}/g;
const WHOLE = /^\{\{\s*params\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}$/;
const WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve'];

function format(value: string | number, filter: string | undefined): string {
  if (filter === 'words' && typeof value === 'number' && WORDS[value] !== undefined) return WORDS[value]!;
  return String(value);
}

/** The same id typed with other capitals or stray blanks is the same learner. */
export function normalizeLearner(learner: string | undefined): string | undefined {
  const l = learner?.trim().toLowerCase();
  return l ? l : undefined;
}

// fnv32a alone spreads short similar keys poorly over small ranges; murmur3's finaliser mixes the bits.
function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}

function draw(p: LabParam, h: number): string | number {
  if (p.choices) return p.choices[h % p.choices.length]!;
  if (p.range) {
    const [min, max] = p.range;
    return min + (h % (max - min + 1));
  }
  const n = p.name!;
  return `${n.prefix}${n.words[h % n.words.length]!}${n.suffix}`;
}

/** Every parameter at its declared default: what a page shows before a learner id is set. */
export function defaultParams(lab: Pick<Lab, 'params'>): VariantParams {
  const out: VariantParams = {};
  for (const [name, p] of Object.entries(lab.params ?? {})) out[name] = p.default;
  return out;
}

/** The variant `learner` gets in `lab`: the same learner always gets the same one. */
export function variantOf(lab: Pick<Lab, 'id' | 'seed' | 'params'>, learner: string | undefined): Variant {
  const params = lab.params ?? {};
  const who = normalizeLearner(learner);
  if (!Object.keys(params).length) return { seed: lab.seed, params: {}, ...(who ? { learner: who } : {}) };
  if (!who) return { seed: lab.seed, params: defaultParams(lab) };
  const key = `${lab.id}:${lab.seed}:${who}`;
  const defaults = defaultParams(lab);
  let out: VariantParams = {};
  // a learner never gets the default variant, whose solution is published; draw again (deterministically) if it comes up
  for (let round = 0; round < 16; round++) {
    out = {};
    for (const [name, p] of Object.entries(params)) out[name] = draw(p, mix(fnv32a(`${key}:${name}${round ? `:${round}` : ''}`)));
    if (Object.keys(out).some((k) => out[k] !== defaults[k])) break;
  }
  // the cluster seed follows the learner too, so pod names and IPs differ between neighbours
  return { seed: mix(fnv32a(key)) % 2_147_483_647, params: out, learner: who };
}

/** Fill `{{ params.x }}` into a string. A string that is nothing but one placeholder becomes the value itself (a number stays a number). */
export function substitute(text: string, params: VariantParams): string | number {
  const whole = WHOLE.exec(text);
  if (whole && whole[1]! in params) return params[whole[1]!]!;
  return text.replace(PLACEHOLDER, (m, name: string, filter: string | undefined) => (name in params ? format(params[name]!, filter) : m));
}

/** Deep copy of YAML data with every placeholder filled in (the `params` declarations themselves are left alone). */
export function fillTemplate(data: unknown, params: VariantParams, top = true): unknown {
  if (typeof data === 'string') return substitute(data, params);
  if (Array.isArray(data)) return data.map((d) => fillTemplate(d, params, false));
  if (data && typeof data === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(data)) out[k] = top && k === 'params' ? v : fillTemplate(v, params, false);
    return out;
  }
  return data;
}

export interface PlaceholderUse {
  /** path of the string in the lab data, e.g. ['tasks', 0, 'title'] */
  path: (string | number)[];
  name: string;
}

/** Every `{{ params.x }}` in the data (outside `params`), with where it is. */
export function placeholders(data: unknown, path: (string | number)[] = []): PlaceholderUse[] {
  if (typeof data === 'string') return [...data.matchAll(PLACEHOLDER)].map((m) => ({ path, name: m[1]! }));
  if (Array.isArray(data)) return data.flatMap((d, i) => placeholders(d, [...path, i]));
  if (data && typeof data === 'object')
    return Object.entries(data).flatMap(([k, v]) => (path.length === 0 && k === 'params' ? [] : placeholders(v, [...path, k])));
  return [];
}

/** Placeholders naming a parameter the lab does not declare: one message each, for a load-time error. */
export function undeclaredPlaceholders(data: unknown, declared: Iterable<string>): { path: (string | number)[]; message: string }[] {
  const names = new Set(declared);
  const list = [...names].join(', ');
  return placeholders(data)
    .filter((u) => !names.has(u.name))
    .map((u) => ({
      path: u.path,
      message: `uses {{ params.${u.name} }}, but the lab declares no parameter "${u.name}" (${list ? `declared: ${list}` : 'it has no params'})`,
    }));
}

