// kubectl logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER] | -l SELECTOR: which container instance the
// kubelet answers for (validateContainerLogStatus), its errors, and the log lines from the runtime.
import { ApiError } from '../../cluster/apiserver/errors.ts';
import type { ContainerLogLine, KubeObject } from '../../cluster/types.ts';
import { CmdError } from '../errors.ts';
import type { Invocation, Verb } from '../invocation.ts';
import { msg } from '../messages.ts';
import { parseTargets } from '../resources.ts';

const badRequest = (message: string) => new ApiError('BadRequest', message, { group: '', kind: 'pods', name: '' });

/** podutils.ByLogging: assigned, running, ready, longer ready, more restarts, older first. */
export function byLogging(a: KubeObject, b: KubeObject): number {
  const assigned = (p: KubeObject) => (p.spec?.nodeName ? 1 : 0);
  if (assigned(a) !== assigned(b)) return assigned(b) - assigned(a);
  const phase = (p: KubeObject) => ({ Pending: 0, Unknown: 1, Running: 2 } as Record<string, number>)[p.status?.phase ?? ''] ?? 0;
  if (phase(a) !== phase(b)) return phase(b) - phase(a);
  const ready = (p: KubeObject) => ((p.status?.conditions as any[] | undefined)?.find((c) => c.type === 'Ready')?.status === 'True' ? 1 : 0);
  if (ready(a) !== ready(b)) return ready(b) - ready(a);
  const restarts = (p: KubeObject) => ((p.status?.containerStatuses as any[] | undefined) ?? []).reduce((n, c) => Math.max(n, c.restartCount ?? 0), 0);
  if (restarts(a) !== restarts(b)) return restarts(b) - restarts(a);
  const ct = (p: KubeObject) => Date.parse(p.metadata.creationTimestamp) || 0;
  if (ct(a) !== ct(b)) return ct(a) - ct(b);
  return a.metadata.name < b.metadata.name ? -1 : 1;
}

/** A label selector string for an object's pods: `spec.selector.matchLabels` or a service's `spec.selector`. */
export function podSelectorOf(obj: KubeObject): string | undefined {
  const sel = obj.spec?.selector;
  if (!sel) return undefined;
  const labels: Record<string, string> = sel.matchLabels ?? (typeof sel === 'object' && !sel.matchExpressions ? sel : {});
  const parts = Object.entries(labels).map(([k, v]) => `${k}=${v}`);
  for (const e of (sel.matchExpressions as any[] | undefined) ?? []) {
    if (e.operator === 'In') parts.push(`${e.key} in (${e.values.join(',')})`);
    else if (e.operator === 'NotIn') parts.push(`${e.key} notin (${e.values.join(',')})`);
    else if (e.operator === 'Exists') parts.push(e.key);
    else if (e.operator === 'DoesNotExist') parts.push(`!${e.key}`);
  }
  return parts.length ? parts.join(',') : undefined;
}

/** The pod a `TYPE/NAME` stands for (kubectl's AttachablePodForObject / logsForObject). */
export function podForObject(inv: Invocation, arg: string, verb: string): KubeObject {
  const api = inv.ctx.cluster.api;
  const [t] = parseTargets(api, [arg]);
  if (!t || t.names.length !== 1) throw new CmdError(msg.logsUsage);
  const obj = api.get(t.resource.plural, t.resource.namespaced ? inv.namespace : undefined, t.names[0]!);
  if (t.resource.plural === 'pods') return obj;
  const selector = podSelectorOf(obj);
  if (!selector) throw new CmdError(`cannot ${verb} from ${t.resource.kind}: selector for ${t.resource.kind} not implemented`);
  const pods = api.list('pods', inv.namespace, { labelSelector: selector }).slice().sort(byLogging);
  if (!pods.length) throw new CmdError('timed out waiting for the condition');
  if (pods.length > 1) inv.ctx.err(`${msg.foundPods(pods.length, pods[0]!.metadata.name)}\n`);
  return pods[0]!;
}

/** The container kubectl picks when -c is not given (default-container annotation, else the first). */
export function defaultContainer(inv: Invocation, pod: KubeObject, quiet = false): string {
  const spec = pod.spec ?? {};
  const names: string[] = (spec.containers ?? []).map((c: any) => c.name);
  const annotated = pod.metadata.annotations?.['kubectl.kubernetes.io/default-container'];
  const chosen = annotated && names.includes(annotated) ? annotated : names[0]!;
  const all = [...names, ...((spec.initContainers ?? []) as any[]).map((c) => `${c.name} (init)`), ...((spec.ephemeralContainers ?? []) as any[]).map((c) => `${c.name} (ephem)`)];
  if (all.length > 1 && !quiet && !annotated) inv.ctx.err(`${msg.defaultedContainer(chosen, all.join(', '))}\n`);
  return chosen;
}

/** The kubelet's validateContainerLogStatus: the container instance whose log answers, or its error. */
export function logContainerID(pod: KubeObject, container: string, previous: boolean): string {
  const name = pod.metadata.name;
  const statuses = [...((pod.status?.containerStatuses as any[]) ?? []), ...((pod.status?.initContainerStatuses as any[]) ?? [])];
  const known = [...((pod.spec?.containers as any[]) ?? []), ...((pod.spec?.initContainers as any[]) ?? [])].some((c) => c.name === container);
  if (!known) throw badRequest(msg.containerNotValid(container, name));
  const st = statuses.find((s) => s.name === container);
  if (!st) throw badRequest(msg.waitingToStart(container, name, 'ContainerCreating'));
  const last = st.lastState?.terminated;
  const { waiting, running, terminated } = st.state ?? {};
  if (previous) {
    if (!last?.containerID) throw badRequest(msg.previousNotFound(container, name));
    return last.containerID;
  }
  if (running) return st.containerID;
  if (terminated) {
    if (terminated.containerID) return terminated.containerID;
    if (last?.containerID) return last.containerID;
    throw badRequest(msg.containerTerminated(container, name));
  }
  if (last) {
    if (!last.containerID) throw badRequest(msg.containerTerminated(container, name));
    return last.containerID;
  }
  if (waiting) {
    if (waiting.reason === 'ErrImagePull') throw badRequest(msg.waitingToStart(container, name, "image can't be pulled"));
    if (waiting.reason === 'ImagePullBackOff') throw badRequest(msg.waitingToStart(container, name, 'trying and failing to pull image'));
    throw badRequest(msg.waitingToStart(container, name, waiting.reason));
  }
  throw badRequest(msg.waitingNoLogs(container, name));
}

const SINCE = /^(\d+)(s|m|h)$/;

export const logsVerb: Verb = {
  name: 'logs',
  help: 'logs',
  async run(inv) {
    const { flags, ctx } = inv;
    const api = ctx.cluster.api;
    const runtime = ctx.cluster.runtime;
    const selector = flags.str('selector');
    const args = inv.args;
    if ((args.length === 0 && !selector) || args.length > 2 || (selector && args.length > 0)) {
      throw new CmdError(msg.logsUsage, msg.seeHelpExamples('logs'));
    }
    const follow = flags.bool('follow');
    const previous = flags.bool('previous');
    const timestamps = flags.bool('timestamps');
    const prefix = flags.bool('prefix');
    const allContainers = flags.bool('all-containers');
    let tail = flags.int('tail');
    if (selector && !flags.changed('tail')) tail = 10;
    const sinceMatch = SINCE.exec(flags.str('since') || '');
    const sinceMs = sinceMatch ? Number(sinceMatch[1]) * ({ s: 1000, m: 60_000, h: 3_600_000 } as Record<string, number>)[sinceMatch[2]!]! : 0;
    let container = flags.str('container') || (args.length === 2 ? args[1]! : '');

    let pods: KubeObject[];
    if (selector) {
      pods = api.list('pods', inv.namespace, { labelSelector: selector }).slice();
      if (!pods.length) {
        ctx.err(`No resources found in ${inv.namespace} namespace.\n`);
        return 0;
      }
    } else {
      const arg = args[0]!;
      pods = [arg.includes('/') ? podForObject(inv, arg, 'get the logs') : api.get('pods', inv.namespace, arg)];
    }

    const format = (pod: KubeObject, c: string, l: ContainerLogLine) =>
      `${prefix ? `[pod/${pod.metadata.name}/${c}] ` : ''}${timestamps ? `${l.timestamp} ` : ''}${l.text}\n`;
    const now = ctx.cluster.clock.now();
    const pick = (lines: ContainerLogLine[]) => {
      let out = sinceMs ? lines.filter((l) => l.time >= now - sinceMs) : lines;
      if (tail >= 0) out = tail === 0 ? [] : out.slice(-tail);
      return out;
    };

    const jobs: { pod: KubeObject; container: string; id: string }[] = [];
    for (const pod of pods) {
      const names: string[] = allContainers
        ? [...((pod.spec?.initContainers as any[]) ?? []), ...((pod.spec?.containers as any[]) ?? [])].map((c) => c.name)
        : [container || defaultContainer(inv, pod, !!selector)];
      for (const c of names) {
        if (!pod.spec?.nodeName) continue;
        try {
          jobs.push({ pod, container: c, id: logContainerID(pod, c, previous) });
        } catch (e) {
          if (allContainers && e instanceof ApiError && e.message.includes('waiting to start')) continue;
          throw e;
        }
      }
    }
    for (const j of jobs) {
      const lines = runtime?.logs(j.pod.metadata.namespace ?? inv.namespace, j.pod.metadata.name, j.container, { containerID: j.id }) ?? [];
      for (const l of pick(lines)) ctx.out(format(j.pod, j.container, l));
    }
    if (!follow || previous || !runtime) return 0;
    // -f: stream what the running instance writes until it exits (or Ctrl-C)
    const live = jobs.filter((j) => {
      const st = ((j.pod.status?.containerStatuses as any[]) ?? []).find((s) => s.name === j.container);
      return st?.state?.running && st.containerID === j.id;
    });
    if (!live.length) return 0;
    let open = live.length;
    let lastLine = ctx.cluster.clock.now();
    const stops = live.map((j) =>
      runtime.follow(
        j.pod.metadata.namespace ?? inv.namespace,
        j.pod.metadata.name,
        j.container,
        (l) => {
          lastLine = ctx.cluster.clock.now();
          ctx.out(format(j.pod, j.container, l));
        },
        () => open--,
        { containerID: j.id },
      ),
    );
    try {
      // headless runs cannot press Ctrl-C: they stop following after five quiet minutes, or ten in all, of virtual time
      const started = ctx.cluster.clock.now();
      while (open > 0 && !ctx.signal.aborted) {
        if (!ctx.realtime && (ctx.cluster.clock.now() - lastLine > 5 * 60_000 || ctx.cluster.clock.now() - started >= 10 * 60_000)) break;
        await ctx.sleep(ctx.realtime ? 200 : 1000);
      }
    } finally {
      for (const s of stops) s();
    }
    return 0;
  },
};

