// Per-learner variants of a lab: parameters (a name, a replica count, which fault…) drawn from the
// learner id and the lab's seed, so two learners side by side get different labs and one published
// solution does not pass everyone's. STUB: owned by the "variants" helper (same exported names).
import type { Lab } from './schema.ts';

export type VariantParams = Record<string, string | number>;

export interface Variant {
  /** the cluster seed for this learner's lab (the lab's own seed when the lab declares no parameters) */
  seed: number;
  params: VariantParams;
}

/** The variant `learner` gets in `lab`: the same learner always gets the same one. */
export function variantOf(lab: Lab, _learner: string | undefined): Variant {
  return { seed: lab.seed, params: {} };
}

/** The lab with its parameters filled in (text, start, checkpoints, hints, solution). */
export function instantiate(lab: Lab, _params: VariantParams): Lab {
  return lab;
}
