import type { Cluster, ContainerExecEnv, FileSystem } from '../cluster/types.ts';

/**
 * What a program (kubectl, and every shell builtin) gets to run with. The shell builds it; the
 * CLI and the browser terminal differ only in `sleep` and `signal`.
 */
export interface ProgramContext {
  /** arguments after the program name, already unquoted and expanded */
  args: string[];
  /** piped or redirected input; null when stdin is the terminal */
  stdin: string | null;
  out(text: string): void;
  err(text: string): void;
  cluster: Cluster;
  /** the file system of the machine the shell is on */
  fs: FileSystem;
  /** absolute working directory, e.g. /root */
  cwd: string;
  env: Record<string, string>;
  /**
   * Let `ms` of virtual time pass. Headless (tests, CLI, grading) this advances the cluster clock at
   * once; in the browser it waits in real time while the page's clock driver advances the cluster.
   * Rejects (or resolves early, check signal.aborted) when interrupted with Ctrl-C.
   */
  sleep(ms: number): Promise<void>;
  /** aborted by Ctrl-C */
  signal: AbortSignal;
  /** true in the browser terminal; false for the CLI and for pipes */
  tty: boolean;
  /** stdout reaches the screen: the browser terminal, or a typed transcript (CLI) when not piped or redirected */
  screen?: boolean;
  /**
   * The shell runs this program as a background job (`cmd &`): it must not let virtual time pass on its
   * own; it runs until `signal` aborts (`kill %1`, the session ending). Long-running verbs (port-forward)
   * read it; unset = a foreground command.
   */
  background?: boolean;
  /** whether the session is headless (virtual clock jumps) or follows real time */
  realtime: boolean;
  /** terminal width in columns */
  columns: number;
  /** the machine the shell is on (`master`, `node1`, `harbor`); set by the shell */
  host?: string;
  /**
   * Read one line typed at the terminal (a `[y/N]` answer): the next line of a headless script, or
   * what the learner types in the browser; null at end of input or on Ctrl-C. Unset when stdin is not a terminal.
   */
  readLine?(): Promise<string | null>;
  /**
   * Take the next line of piped or redirected stdin (`... | while read x; do`): the loop's commands
   * share one position in it. `newline` is false for a last line without one; null at its end.
   */
  readInputLine?(): { line: string; newline: boolean } | null;
  /**
   * Run the user's editor ($KUBE_EDITOR, else $EDITOR, else vi) on `path` on this machine, as `kubectl
   * edit` does: the terminal's full-screen editor, or the script's following lines as its keys. Resolves
   * to its exit status; a string when the editor cannot be run (kubectl's "problem with the editor").
   */
  editFile?(path: string): Promise<number | string>;
  /** ssh: the session continues on `host` (prompt, files, cwd /root) until `exit` */
  login?(host: string): void;
  /** `ssh HOST COMMAND`: run one command line on `host`, output to this program's streams */
  runOn?(host: string, command: string): Promise<number>;
  /**
   * kubectl exec: run `argv` inside a container with the shell's parser and builtins over the
   * container's files, environment and tools. Interactive (`-it` with a shell): the session continues
   * inside the container (its prompt) until `exit`, and this resolves at once with 0.
   */
  execInContainer?(session: ContainerSession): Promise<number>;
}

/** What `kubectl exec` hands the shell. */
export interface ContainerSession {
  env: ContainerExecEnv;
  namespace: string;
  pod: string;
  container: string;
  argv: string[];
  interactive: boolean;
  /**
   * Set by `kubectl run -i` (an attached session, not exec): called when the learner leaves the interactive
   * session (`exit`) instead of exec's `command terminated with exit code N`; kubectl finishes there (the
   * pod's end, --rm) and what it returns is the exit status.
   */
  detached?(code: number, ctx: ProgramContext): Promise<number>;
}

/** A program returns its exit code. */
export type Program = (ctx: ProgramContext) => Promise<number>;
