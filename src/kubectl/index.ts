// Placeholder until the kubectl helper lands the real entry points; the signatures are the contract.
import type { Cluster } from '../cluster/types.ts';
import type { Program } from './context.ts';

/** The `kubectl` program: parses ctx.args, prints to ctx.out/err, returns the exit code. */
export const kubectl: Program = async (ctx) => {
  ctx.err('kubectl: not implemented yet\n');
  return 1;
};

/**
 * Tab completion. `words` are the words typed after `kubectl`, the last one being the partial word
 * under the cursor (possibly ''). Returns full candidate words, sorted.
 */
export function completeKubectl(words: string[], cluster: Cluster): string[] {
  void words;
  void cluster;
  return [];
}
