// kubectl exec (POD | TYPE/NAME) [-c CONTAINER] [-i] [-t] -- COMMAND [args...]: the checks kubectl
// and the kubelet make, then the command runs inside the container through the shell's hook.
import { ApiError } from '../../cluster/apiserver/errors.ts';
import type { KubeObject } from '../../cluster/types.ts';
import { CmdError } from '../errors.ts';
import type { Invocation, Verb } from '../invocation.ts';
import { msg } from '../messages.ts';
import { parseTargets } from '../resources.ts';
import { defaultContainer, podSelectorOf } from './logs.ts';

const isReady = (p: KubeObject) => ((p.status?.conditions as { type: string; status: string }[] | undefined) ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
const readyTime = (p: KubeObject) => {
  const c = ((p.status?.conditions as { type: string; lastTransitionTime?: string }[] | undefined) ?? []).find((x) => x.type === 'Ready');
  return c?.lastTransitionTime ? Date.parse(c.lastTransitionTime) : 0;
};
const maxRestarts = (p: KubeObject) => ((p.status?.containerStatuses as { restartCount?: number }[] | undefined) ?? []).reduce((n, c) => Math.max(n, c.restartCount ?? 0), 0);
const created = (p: KubeObject) => Date.parse(p.metadata.creationTimestamp) || 0;
/** afterOrZero(t1, t2): a zero time counts as the latest. */
const afterOrZero = (t1: number, t2: number) => (t1 === 0 || t2 === 0 ? t1 === 0 : t1 > t2);

/** kubectl's podutils.ActivePods Less: unassigned, pending, not ready, ready later, more restarts, newer come first. */
export function activePodsLess(a: KubeObject, b: KubeObject): boolean {
  const na = a.spec?.nodeName ?? '';
  const nb = b.spec?.nodeName ?? '';
  if (na !== nb && (!na || !nb)) return !na;
  const phase = (p: KubeObject) => ({ Pending: 0, Unknown: 1, Running: 2 } as Record<string, number>)[p.status?.phase ?? ''] ?? 0;
  if (phase(a) !== phase(b)) return phase(a) < phase(b);
  if (isReady(a) !== isReady(b)) return !isReady(a);
  if (isReady(a) && isReady(b) && readyTime(a) !== readyTime(b)) return afterOrZero(readyTime(a), readyTime(b));
  if (maxRestarts(a) !== maxRestarts(b)) return maxRestarts(a) > maxRestarts(b);
  if (created(a) !== created(b)) return afterOrZero(created(a), created(b));
  return false;
}

/** AttachablePodForObject: GetFirstPod sorted by sort.Reverse(ActivePods), so the best running, ready pod; no "Found N pods" line. */
export function attachablePod(inv: Invocation, arg: string): KubeObject {
  const api = inv.ctx.cluster.api;
  const [t] = parseTargets(api, [arg]);
  if (!t || t.names.length !== 1) throw new CmdError(msg.execNoPod);
  const obj = api.get(t.resource.plural, t.resource.namespaced ? inv.namespace : undefined, t.names[0]!);
  if (t.resource.plural === 'pods') return obj;
  const selector = podSelectorOf(obj);
  if (!selector) throw new CmdError(`cannot attach to ${t.resource.kind}: selector for ${t.resource.kind} not implemented`);
  const pods = api.list('pods', inv.namespace, { labelSelector: selector }).slice();
  // a stable sort on the list order (by name), the way Go's sort.Sort sees the listed pods
  pods.sort((a, b) => (activePodsLess(b, a) ? -1 : activePodsLess(a, b) ? 1 : 0));
  if (!pods.length) throw new CmdError('timed out waiting for the condition');
  return pods[0]!;
}

export const execVerb: Verb = {
  name: 'exec',
  help: 'exec',
  async run(inv) {
    const { ctx, flags } = inv;
    const api = ctx.cluster.api;
    const args = inv.args;
    if (args.length === 0 || inv.dashAt === 0) throw new CmdError(msg.execNoPod);
    // kubectl 1.32 refuses the old `exec POD COMMAND` form outright
    if (inv.dashAt < 0 && args.length > 1) throw new CmdError(msg.execWithoutDash, msg.seeHelpExamples('exec'));
    const argv = inv.dashAt < 0 ? [] : args.slice(inv.dashAt);
    if (argv.length === 0) throw new CmdError(msg.execNoCommand);
    const target = args[0]!;
    const pod = target.includes('/') ? attachablePod(inv, target) : api.get('pods', inv.namespace, target);
    const phase = pod.status?.phase;
    if (phase === 'Succeeded' || phase === 'Failed') throw new CmdError(msg.execCompleted(phase));
    const names = [...((pod.spec?.containers as any[]) ?? []), ...((pod.spec?.initContainers as any[]) ?? [])].map((c) => c.name as string);
    const container = flags.str('container') || defaultContainer(inv, pod, flags.bool('quiet'));
    if (!names.includes(container)) throw new ApiError('BadRequest', msg.containerNotValid(container, pod.metadata.name), { group: '', kind: 'pods', name: pod.metadata.name });
    if (!pod.spec?.nodeName) throw new ApiError('BadRequest', msg.execNoHost(pod.metadata.name), { group: '', kind: 'pods', name: pod.metadata.name });
    const env = ctx.cluster.runtime?.exec(pod.metadata.namespace ?? inv.namespace, pod.metadata.name, container);
    if (!env) throw new CmdError(msg.execContainerNotFound(container));
    const cmd = argv[0]!;
    if (env.which(cmd) === undefined) {
      const detail = cmd.includes('/') ? `exec: ${JSON.stringify(cmd)}: stat ${cmd}: no such file or directory` : `exec: ${JSON.stringify(cmd)}: executable file not found in $PATH`;
      throw new CmdError(msg.execNotFound(ctx.cluster.random.hex(64), detail));
    }
    const interactive = flags.bool('stdin') && flags.bool('tty');
    if (!ctx.execInContainer) throw new CmdError(msg.execContainerNotFound(container));
    const code = await ctx.execInContainer({ env, namespace: pod.metadata.namespace ?? inv.namespace, pod: pod.metadata.name, container, argv, interactive });
    if (code !== 0) {
      ctx.err(`${msg.commandTerminated(code)}\n`);
      return code;
    }
    return 0;
  },
};
