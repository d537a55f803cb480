// `trace pod/<name>`: the control-plane trace of one object as a timeline (a kubeclass course tool).
import type { Program, ProgramContext } from '../../kubectl/context.ts';
import type { TraceStep } from '../../cluster/types.ts';
import { msg } from '../../kubectl/messages.ts';

const LAST = 20;

const TRACE_HELP = `Print which control-plane component acted on an object, when, and why.
This is a kubeclass course tool, not a real Linux or Kubernetes command.

Usage:
  trace TYPE/NAME [-n NAMESPACE]
  trace TYPE NAME [-n NAMESPACE]
  trace [--all]

Examples:
  # The seven steps from "create a pod" to "running on a node"
  trace pod/nginx

  # A Deployment, its ReplicaSets and their pods
  trace deployment/mynginx

  # The last ${LAST} steps of every object
  trace --all

Options:
  -n, --namespace='': the namespace of the object (default: default)
      --all=false: the last ${LAST} steps, whatever object they touched
  -h, --help: this help

Steps marked (1) to (7) are the seven steps of a pod's creation.
`;

/** `kubelet@node2`, `kube-controller-manager/deployment-controller`. */
function actorLabel(s: TraceStep): string {
  return s.actor + (s.controller ? `/${s.controller}` : '') + (s.host ? `@${s.host}` : '');
}

const seconds = (ms: number) => `+${(ms / 1000).toFixed(3)}s`;

/** The timeline: one line per step, the reason indented below it. */
function formatTrace(steps: TraceStep[]): string {
  if (!steps.length) return '';
  const t0 = steps[0]!.time;
  const offsets = steps.map((s) => seconds(s.time - t0));
  const width = Math.max(...offsets.map((o) => o.length));
  const actorWidth = Math.max(...steps.map((s) => actorLabel(s).length));
  let out = '';
  for (let i = 0; i < steps.length; i++) {
    const s = steps[i]!;
    const flow = s.flowStep ? `(${s.flowStep})` : '   ';
    const obj = `${s.object.kind.toLowerCase()}/${s.object.name}`;
    out += `${offsets[i]!.padStart(width)}  ${flow}  ${actorLabel(s).padEnd(actorWidth)}  ${s.action}  ${obj}\n`;
    if (s.reason) out += `${' '.repeat(width + 7)}${s.reason}\n`;
  }
  return out;
}

function parseArgs(args: string[]): { ns?: string; all: boolean; help: boolean; words: string[]; error?: string } {
  let ns: string | undefined;
  let all = false;
  let help = false;
  const words: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-h' || a === '--help') help = true;
    else if (a === '--all') all = true;
    else if (a === '-n' || a === '--namespace') {
      const v = args[++i];
      if (v === undefined) return { all, help, words, error: `error: flag needs an argument: '${a === '-n' ? 'n' : 'namespace'}' in ${a}` };
      ns = v;
    } else if (a.startsWith('--namespace=')) ns = a.slice(12);
    else if (a.startsWith('-n') && a.length > 2) ns = a.slice(2).replace(/^=/, '');
    else if (a.startsWith('-')) return { all, help, words, error: `error: unknown flag: ${a}` };
    else words.push(a);
  }
  return { ...(ns !== undefined ? { ns } : {}), all, help, words };
}

export const trace: Program = async (ctx: ProgramContext) => {
  const p = parseArgs(ctx.args);
  if (p.help) {
    ctx.out(TRACE_HELP);
    return 0;
  }
  if (p.error) {
    ctx.err(`${p.error}\nSee 'trace --help' for usage.\n`);
    return 1;
  }
  const t = ctx.cluster.trace;
  if (!t) {
    ctx.err('trace: this cluster keeps no control-plane trace\n');
    return 1;
  }
  if (p.all || p.words.length === 0) {
    const steps = t.steps().slice(-LAST);
    if (!steps.length) ctx.out('No steps yet: change something (kubectl run, create, apply, scale) and trace it.\n');
    else ctx.out(formatTrace(steps));
    return 0;
  }
  let typed: string;
  let name: string | undefined;
  if (p.words.length === 1 && p.words[0]!.includes('/')) [typed, name] = p.words[0]!.split('/', 2) as [string, string];
  else [typed, name] = p.words as [string, string | undefined];
  if (p.words.length > 2 || (p.words.length === 2 && typed.includes('/'))) {
    ctx.err(`error: there is no need to specify a resource type as a separate argument when passing arguments in resource/name form\nSee 'trace --help' for usage.\n`);
    return 1;
  }
  const r = ctx.cluster.api.resolve(typed);
  if (!r) {
    ctx.err(`error: ${msg.noResourceType(typed)}\n`);
    return 1;
  }
  if (!name) {
    ctx.err(`error: you must specify the name of the ${r.singular} to trace: trace ${typed}/NAME\nSee 'trace --help' for usage.\n`);
    return 1;
  }
  const ns = r.namespaced ? (p.ns ?? 'default') : undefined;
  const steps = t.steps({ kind: r.kind, ...(ns ? { namespace: ns } : {}), name });
  const exists = ctx.cluster.api.tryGet(r.plural, ns, name, { frozenResult: true });
  if (!steps.length) {
    if (!exists) {
      ctx.err(`Error from server (NotFound): ${r.plural}${r.group ? '.' + r.group : ''} "${name}" not found\n`);
      return 1;
    }
    ctx.out(`No steps for ${r.kind.toLowerCase()}/${name}: it was made before the trace began (when the cluster was set up).\n`);
    return 0;
  }
  ctx.out(formatTrace(steps));
  return 0;
};
