// What a verb runs with: the program context plus its parsed flags and positional arguments.
import type { ProgramContext } from './context.ts';
import type { Flags } from './flags.ts';

export interface Invocation {
  ctx: ProgramContext;
  /** command path: `get`, `create deployment` */
  path: string;
  flags: Flags;
  args: string[];
  /** index into args where `--` was, or -1 */
  dashAt: number;
  /** -n/--namespace, or `default` */
  namespace: string;
  /** whether -n was given explicitly */
  namespaceSet: boolean;
}

/** One row of the verb table. `help` is the key of its upstream help page; `flags` default to that page's. */
export interface Verb {
  name: string;
  aliases?: string[];
  help: string;
  /** subcommands (create deployment, create namespace) */
  sub?: Verb[];
  /** real upstream subcommand names this verb does not implement */
  unsupportedSub?: string[];
  /** flags (by long name) that cobra marks required */
  required?: string[];
  run(inv: Invocation): Promise<number>;
}
