// The verb table and the dispatcher: cobra-like command lookup, suggestions, help, flag parsing.
import type { ProgramContext } from './context.ts';
import { CmdError, RawError, errorText } from './errors.ts';
import { FlagError, Flags, flagsFromHelp, parseFlags } from './flags.ts';
import { UPSTREAM_HELP } from './help/upstream-help.ts';
import type { Invocation, Verb } from './invocation.ts';
import { msg } from './messages.ts';
import { serverGate } from './kubeconfig.ts';
import { getVerb } from './verbs/get.ts';
import { describeVerb } from './verbs/describe.ts';
import { createVerb } from './verbs/create.ts';
import { runVerb } from './verbs/run.ts';
import { scaleVerb } from './verbs/scale.ts';
import { deleteVerb } from './verbs/delete.ts';
import { applyVerb } from './verbs/apply.ts';
import { annotateVerb, labelVerb } from './verbs/label.ts';
import { logsVerb } from './verbs/logs.ts';
import { execVerb } from './verbs/exec.ts';
import { rolloutVerb, setVerb } from './verbs/rollout.ts';
import { versionVerb, clusterInfoVerb, apiResourcesVerb, apiVersionsVerb, optionsVerb } from './verbs/info.ts';
import { exposeVerb } from './verbs/expose.ts';
import { portForwardVerb } from './verbs/port-forward.ts';
import { patchVerb } from './verbs/patch.ts';
import { attachVerb } from './verbs/attach.ts';
import { cordonCmd, drainCmd, uncordonCmd } from './verbs/drain.ts';
import { completionVerb, configVerb } from './verbs/config.ts';
import { editVerb } from './verbs/edit.ts';
import { taintVerb } from './verbs/taint.ts';
import { authVerb, topVerb } from './verbs/top-auth.ts';
import { waitVerb } from './verbs/wait.ts';
import { eventsVerb } from './verbs/events.ts';
import { replaceVerb } from './verbs/replace.ts';
import { cpVerb } from './verbs/cp.ts';

export const VERBS: Verb[] = [createVerb, runVerb, getVerb, deleteVerb, scaleVerb, clusterInfoVerb, describeVerb, applyVerb, versionVerb, apiResourcesVerb, optionsVerb, labelVerb, annotateVerb, logsVerb, execVerb, setVerb, rolloutVerb, exposeVerb, portForwardVerb, patchVerb, attachVerb, cordonCmd, uncordonCmd, drainCmd, completionVerb, configVerb, editVerb, taintVerb, topVerb, authVerb, waitVerb, eventsVerb, apiVersionsVerb, replaceVerb, cpVerb];

/** Every top-level kubectl v1.32 command, in the order cobra walks them for suggestions. */
export const UPSTREAM_COMMANDS = [
  'create', 'expose', 'run', 'set', 'explain', 'get', 'edit', 'delete', 'rollout', 'scale', 'autoscale',
  'certificate', 'cluster-info', 'top', 'cordon', 'uncordon', 'drain', 'taint', 'describe', 'logs', 'attach',
  'exec', 'port-forward', 'proxy', 'cp', 'auth', 'debug', 'events', 'diff', 'apply', 'patch', 'replace', 'wait',
  'kustomize', 'label', 'annotate', 'completion', 'config', 'plugin', 'version', 'api-versions', 'api-resources', 'options',
];

const GLOBAL_VALUE_FLAGS = new Set(flagsFromHelp('options').filter((f) => f.kind !== 'bool').flatMap((f) => [`--${f.name}`, ...(f.short ? [`-${f.short}`] : [])]));

export function findVerb(name: string): Verb | undefined {
  return VERBS.find((v) => v.name === name || v.aliases?.includes(name));
}

/** cobra SuggestionsFor: Levenshtein distance ≤ 2 (case-insensitive) or a prefix. */
export function suggestionsFor(typed: string): string[] {
  const t = typed.toLowerCase();
  return UPSTREAM_COMMANDS.filter((c) => levenshtein(t, c) <= 2 || c.startsWith(t));
}

function levenshtein(a: string, b: string): number {
  const d: number[] = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = d[0];
    d[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = d[j];
      d[j] = Math.min(d[j] + 1, d[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return d[b.length];
}

/** Index of the first argument that is not a flag or a global flag's value (cobra's stripFlags). */
function firstWordIndex(args: string[], from = 0): number {
  for (let i = from; i < args.length; i++) {
    const a = args[i];
    if (a === '--') return -1;
    if (a.startsWith('-') && a.length > 1) {
      if (!a.includes('=') && GLOBAL_VALUE_FLAGS.has(a)) i++;
      continue;
    }
    return i;
  }
  return -1;
}

export async function dispatch(ctx: ProgramContext): Promise<number> {
  const args = ctx.args;
  try {
    if (args.length === 0) {
      ctx.out(UPSTREAM_HELP['']);
      return 0;
    }
    const idx = firstWordIndex(args);
    if (idx < 0) {
      // only flags: cobra runs the root command, which prints help (or fails on an unknown flag)
      const parsed = parseFlags(args, []);
      void parsed;
      ctx.out(UPSTREAM_HELP['']);
      return 0;
    }
    const name = args[idx];
    if (name === 'help') return helpCommand(ctx, args.slice(idx + 1));
    const verb = findVerb(name);
    const rest = [...args.slice(0, idx), ...args.slice(idx + 1)];
    if (!verb) {
      if (UPSTREAM_COMMANDS.includes(name)) throw new CmdError(msg.notSupported(name), msg.notSupportedHint);
      const sugg = suggestionsFor(name);
      let text = `error: ${msg.unknownCommand(name)}\n`;
      if (sugg.length) text += `\n${msg.didYouMean}\n${sugg.map((s) => `\t${s}\n`).join('')}`;
      ctx.err(text);
      return 1;
    }
    return await runPath(ctx, verb, verb.name, rest);
  } catch (e) {
    ctx.err(errorText(e));
    return 1;
  }
}

/** Walk subcommands (`create service nodeport`) as cobra does, then run the deepest one found. */
async function runPath(ctx: ProgramContext, verb: Verb, path: string, rest: string[]): Promise<number> {
  if (verb.sub) {
    const j = firstWordIndex(rest);
    const subName = j >= 0 ? rest[j] : undefined;
    const sub = subName ? verb.sub.find((s) => s.name === subName || s.aliases?.includes(subName)) : undefined;
    if (sub) return runPath(ctx, sub, `${path} ${sub.name}`, [...rest.slice(0, j), ...rest.slice(j + 1)]);
    if (subName && verb.unsupportedSub?.includes(subName)) throw new CmdError(msg.notSupported(`${path} ${subName}`), msg.notSupportedHint);
  }
  return runVerb_(ctx, verb, path, rest);
}

async function runVerb_(ctx: ProgramContext, verb: Verb, path: string, rest: string[]): Promise<number> {
  const specs = flagsFromHelp(verb.help);
  // `version --short` exists in clients before 1.28: the verb decides from the installed version
  const short = verb.name === 'version' && rest.includes('--short');
  if (short) rest = rest.filter((a) => a !== '--short');
  let parsed;
  try {
    parsed = parseFlags(rest, specs);
    if (short) parsed.positional.push('--short');
  } catch (e) {
    if (e instanceof FlagError) throw new CmdError(e.message, msg.seeHelpUsage(path));
    throw e;
  }
  if (parsed.help) {
    ctx.out(UPSTREAM_HELP[verb.help] ?? '');
    return 0;
  }
  const flags = new Flags(parsed, specs);
  const missing = (verb.required ?? []).filter((f) => !flags.changed(f));
  if (missing.length) throw new CmdError(msg.requiredFlags(missing));
  const inv: Invocation = {
    ctx,
    path,
    flags,
    args: parsed.positional,
    dashAt: parsed.dashAt,
    namespace: flags.str('namespace') || 'default',
    namespaceSet: flags.changed('namespace') && flags.str('namespace') !== '',
  };
  const refused = serverGate(inv);
  if (refused !== undefined) return refused;
  return verb.run(inv);
}

function helpCommand(ctx: ProgramContext, rest: string[]): number {
  const words = rest.filter((a) => !a.startsWith('-'));
  if (words.length === 0) {
    ctx.out(UPSTREAM_HELP['']);
    return 0;
  }
  const verb = findVerb(words[0]);
  if (!verb) {
    if (UPSTREAM_COMMANDS.includes(words[0])) throw new CmdError(msg.notSupported(words[0]), msg.notSupportedHint);
    // cobra's help command: unknown topic prints a notice and the root usage
    ctx.out(`Unknown help topic [${JSON.stringify(words[0]).slice(1, -1)}]\n`);
    return 0;
  }
  let target = verb;
  for (const w of words.slice(1)) {
    const sub = target.sub?.find((s) => s.name === w || s.aliases?.includes(w));
    if (!sub) break;
    target = sub;
  }
  ctx.out(UPSTREAM_HELP[target.help] ?? '');
  return 0;
}

export { RawError };
