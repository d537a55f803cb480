// The `kubectl` program and its tab completion.
import type { Cluster } from '../cluster/types.ts';
import { dispatch } from './commands.ts';
import type { Program } from './context.ts';
export { completeKubectl } from './completion.ts';

/** The `kubectl` program: parses ctx.args, prints to ctx.out/err, returns the exit code. */
export const kubectl: Program = (ctx) => dispatch(ctx);

export type { Cluster };
