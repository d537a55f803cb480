// kubectl attach (POD | TYPE/NAME) [-c CONTAINER] [-i] [-t], and the attach step of `kubectl run -i`: the
// session runs the container's held main process (a shell or a command started with stdin open) through
// the shell's container hook; any other running process is attached to by streaming its output.
import type { ContainerAttachment, ContainerExecEnv, KubeObject } from '../../cluster/types.ts';
import type { ProgramContext } from '../context.ts';
import { CmdError } from '../errors.ts';
import { parseGoDuration } from '../format/duration.ts';
import type { Invocation, Verb } from '../invocation.ts';
import { msg } from '../messages.ts';
import { attachablePod } from './exec.ts';
import { defaultContainer } from './logs.ts';

export interface AttachStreams {
  stdin: boolean;
  tty: boolean;
  quiet: boolean;
  /** -c; empty = the default container */
  container: string;
}

/**
 * How an attach ended: `done` with the main process's status (0 when only its output was streamed), or
 * `session` when the learner is now inside the container's shell; `detached` runs when they leave it.
 */
export type AttachOutcome = { kind: 'done'; code: number; raw: boolean; container: string } | { kind: 'session'; raw: boolean; container: string };

const base = (p: string) => p.slice(p.lastIndexOf('/') + 1);

/** The command the image's entrypoint wrapper ends up running (`docker-entrypoint.sh bash` runs bash). */
function effectiveArgv(argv: string[], env: ContainerExecEnv): string[] {
  let a = argv;
  if (base(a[0] ?? '') === 'dumb-init') {
    a = a.slice(1);
    if (a[0] === '--') a = a.slice(1);
  }
  const b = base(a[0] ?? '');
  if ((b === 'docker-entrypoint.sh' || b === '__cacert_entrypoint.sh') && a.length > 1) return a.slice(1);
  // curlimages/curl: options or a URL go to curl, a command runs as itself
  if (b === 'entrypoint.sh' && a.length > 1) return a[1]!.startsWith('-') || env.which(a[1]!) === undefined ? ['curl', ...a.slice(1)] : a.slice(1);
  return a;
}

/** The shell's rule for an interactive session it enters (a bare sh/bash/ash). */
const bareShell = (argv: string[]) => argv.length === 1 && ['sh', 'bash', 'ash'].includes(base(argv[0]!));

/**
 * Attach to a running pod (attach.AttachOptions.Run with the pod known): the TTY checks, the prompt line, then
 * the held main process runs in the session, or the output of a process that runs by itself streams.
 */
export async function attachRunning(
  inv: Invocation,
  pod: KubeObject,
  o: AttachStreams,
  detached: (code: number, ctx: ProgramContext, raw: boolean, container: string) => Promise<number>,
): Promise<AttachOutcome> {
  const { ctx } = inv;
  const ns = pod.metadata.namespace ?? inv.namespace;
  const name = pod.metadata.name;
  const containers = (pod.spec?.containers as any[]) ?? [];
  const container = o.container || defaultContainer(inv, pod, o.quiet);
  const spec = containers.find((c) => c.name === container);
  if (!spec) throw new CmdError(msg.attachNoContainer(container, name));
  let tty = o.tty;
  if (tty && !spec.tty) {
    tty = false;
    if (!o.quiet) ctx.err(`error: ${msg.ttyNotAllocated(container)}\n`);
  } else if (!tty && spec.tty) tty = true;
  // SetupTTY: no stdin means no TTY; piped input is not a terminal
  let raw = false;
  if (o.stdin && tty) {
    if (ctx.stdin !== null) {
      if (!o.quiet) ctx.err(`${msg.ttyNotTerminal}\n`);
    } else raw = true;
  }
  if (!o.quiet) ctx.err(`${msg.attachPrompt}\n`);
  const runtime = ctx.cluster.runtime;
  // without -i nothing reaches the held process's stdin: only its output is shown
  const held: ContainerAttachment | undefined = o.stdin ? runtime?.attach?.(ns, name, container) : undefined;
  if (held) {
    if (!ctx.execInContainer) {
      // no shell to run it in: the process sees its stdin close at once
      held.end(0);
      return { kind: 'done', code: 0, raw, container };
    }
    const argv = effectiveArgv(held.argv, held.env);
    // an attached process is PID 1 itself: the session adds no process of its own
    const env: ContainerExecEnv = { ...held.env, spawn: () => () => {} };
    const interactive = o.stdin && raw;
    if (interactive && bareShell(argv)) {
      await ctx.execInContainer({
        env, namespace: ns, pod: name, container, argv, interactive: true,
        detached: (code, c) => {
          held.end(code);
          return detached(code, c, raw, container);
        },
      });
      return { kind: 'session', raw, container };
    }
    const code = await ctx.execInContainer({ env, namespace: ns, pod: name, container, argv, interactive });
    held.end(code);
    return { kind: 'done', code, raw, container };
  }
  if (!runtime?.state(ns, name, container)?.running) throw new CmdError(msg.attachNotRunning(container));
  await streamOutput(ctx, ns, name, container);
  return { kind: 'done', code: 0, raw, container };
}

/** A process that runs by itself: its new output, until it exits or Ctrl-C (headless: until it falls silent). */
async function streamOutput(ctx: ProgramContext, ns: string, pod: string, container: string): Promise<void> {
  const runtime = ctx.cluster.runtime;
  if (!runtime) return;
  const clock = ctx.cluster.clock;
  let ended = false;
  let last = clock.now();
  const started = last;
  const cancel = runtime.follow(ns, pod, container, (l) => {
    last = clock.now();
    ctx.out(`${l.text}\n`);
  }, () => {
    ended = true;
  });
  while (!ended && !ctx.signal.aborted) {
    if (!ctx.realtime && (clock.now() - last > 5 * 60_000 || clock.now() - started >= 10 * 60_000)) break;
    await ctx.sleep(ctx.realtime ? 200 : 1000);
  }
  cancel();
}

/** --pod-running-timeout as pflag parses it (a bad value fails like a flag); zero or less is kubectl's own error. */
export function podRunningTimeout(inv: Invocation, path: string): number {
  const text = inv.flags.str('pod-running-timeout') || '1m0s';
  try {
    return parseGoDuration(text);
  } catch (e) {
    throw new CmdError(msg.flagInvalidDuration(text, '--pod-running-timeout', (e as Error).message), msg.seeHelpUsage(path));
  }
}

/** The container printed by reattachMessage when the session ends on a pod that restarts its containers. */
export function sessionEndedLine(pod: KubeObject, container: string, o: { quiet: boolean; stdin: boolean }, raw: boolean): string | undefined {
  if (o.quiet || !o.stdin || !raw || pod.spec?.restartPolicy !== 'Always') return undefined;
  return msg.sessionEnded(pod.metadata.name, container);
}

export const attachVerb: Verb = {
  name: 'attach',
  help: 'attach',
  async run(inv) {
    const { ctx, flags } = inv;
    const api = ctx.cluster.api;
    const timeoutMs = podRunningTimeout(inv, 'attach');
    const args = inv.args;
    if (timeoutMs <= 0) throw new CmdError(msg.pfTimeoutZero, msg.seeHelpExamples('attach'));
    if (args.length === 0) throw new CmdError(msg.attachNeedsArg);
    if (args.length > 2) throw new CmdError(msg.attachTooMany(args));
    const ref = args.length === 2 ? `${args[0]}/${args[1]}` : args[0]!;
    const pod = ref.includes('/') ? attachablePod(inv, ref) : api.get('pods', inv.namespace, ref);
    const phase = pod.status?.phase;
    if (phase === 'Succeeded' || phase === 'Failed') throw new CmdError(msg.attachCompleted(phase));
    const o: AttachStreams = { stdin: flags.bool('stdin'), tty: flags.bool('tty'), quiet: flags.bool('quiet'), container: flags.str('container') };
    const after = (c: ProgramContext, raw: boolean, container: string) => {
      const line = sessionEndedLine(api.tryGet('pods', pod.metadata.namespace, pod.metadata.name) ?? pod, container, o, raw);
      if (line) c.out(`${line}\n`);
    };
    const outcome = await attachRunning(inv, pod, o, async (_code, c, raw, container) => {
      after(c, raw, container);
      return 0;
    });
    if (outcome.kind === 'done') after(ctx, outcome.raw, outcome.container);
    return 0;
  },
};
