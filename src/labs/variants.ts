// Per-learner variants of a lab: parameters (a name, a replica count, which fault…) drawn from the
// learner id and the lab's seed, so two learners side by side get different labs and one published
// solution does not pass everyone's. `{{ params.x }}` in any string of the lab is replaced by the value.
import { labSchema } from './schema.ts';
import type { Lab } from './schema.ts';
import { defaultParams, fillTemplate, variantOf } from './variant-draw.ts';
import type { Variant, VariantParams } from './variant-draw.ts';

export { defaultParams, fillTemplate, normalizeLearner, placeholders, substitute, undeclaredPlaceholders, variantOf } from './variant-draw.ts';
export type { PlaceholderUse, Variant, VariantParams } from './variant-draw.ts';

// The lab data as written (files beside it already read in), kept for each parsed lab so it can be instantiated again.
const templates = new WeakMap<Lab, unknown>();

/** parseLab calls this: `raw` is the lab's YAML data with its placeholders, files beside it read in. */
export function registerTemplate(lab: Lab, raw: unknown): void {
  templates.set(lab, raw);
}

/** The placeholder form of a lab (the lab itself when it was not parsed from YAML). */
export function templateOf(lab: Lab): unknown {
  return templates.get(lab) ?? lab;
}

export class VariantError extends Error {}

/** The lab with its parameters filled in (text, start, checkpoints, hints, solution). */
export function instantiate(lab: Lab, params: VariantParams): Lab {
  if (!Object.keys(lab.params ?? {}).length) return lab;
  const raw = templateOf(lab);
  const missing = Object.keys(lab.params ?? {}).filter((n) => !(n in params));
  if (missing.length) throw new VariantError(`lab ${lab.id}: no value for parameter ${missing.join(', ')}`);
  const result = labSchema.safeParse(fillTemplate(raw, params));
  if (!result.success) {
    const shown = Object.entries(params)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ');
    throw new VariantError(
      `lab ${lab.id} is not valid with ${shown}: ` +
        result.error.issues.map((i) => `${i.path.map(String).join('.')}: ${i.message}`).join('; '),
    );
  }
  const out = result.data;
  templates.set(out, raw);
  filled.set(out, { ...params });
  return out;
}

// The parameters each instantiated lab was filled in with.
const filled = new WeakMap<Lab, VariantParams>();

/** The parameters `lab` was instantiated with; its defaults for a lab as parsed (none for a lab without params). */
export function paramsOf(lab: Lab): VariantParams {
  return filled.get(lab) ?? defaultParams(lab);
}

/** The variant and the lab filled in for `learner` (the default variant when learner is unset). */
export function labFor(lab: Lab, learner: string | undefined): { lab: Lab; variant: Variant } {
  const variant = variantOf(lab, learner);
  return { lab: instantiate(lab, variant.params), variant };
}

/**
 * Learner ids whose variants between them take every declared choice, both ends of every range and
 * every name word (at most `max`, at least two): what `kubeclass lab test` proves a variant lab with.
 */
export function proofLearners(lab: Pick<Lab, 'id' | 'seed' | 'params'>, max = 8): string[] {
  const params = Object.entries(lab.params ?? {});
  if (!params.length) return [];
  const targets = new Set<string>();
  for (const [name, p] of params) {
    if (p.choices) for (const c of p.choices) targets.add(`${name}=${c}`);
    else if (p.range) for (const v of new Set(p.range)) targets.add(`${name}=${v}`);
    else if (p.name) for (const w of p.name.words) targets.add(`${name}=${p.name.prefix}${w}${p.name.suffix}`);
  }
  const candidates = Array.from({ length: 400 }, (_, i) => `learner-${i + 1}`).map((l) => ({
    l,
    keys: Object.entries(variantOf(lab, l).params).map(([k, v]) => `${k}=${v}`),
  }));
  const picked: string[] = [];
  const seen = new Set<string>();
  while (picked.length < max) {
    let best: (typeof candidates)[number] | undefined;
    let bestGain = 0;
    for (const c of candidates) {
      if (picked.includes(c.l)) continue;
      const gain = c.keys.filter((k) => targets.has(k) && !seen.has(k)).length * 10 + c.keys.filter((k) => !seen.has(k)).length;
      if (gain > bestGain) [best, bestGain] = [c, gain];
    }
    const stillMissing = [...targets].some((t) => !seen.has(t));
    if (!best || (!stillMissing && picked.length >= 2)) break;
    picked.push(best.l);
    for (const k of best.keys) seen.add(k);
  }
  return picked;
}
