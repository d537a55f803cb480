// kubectl run NAME --image=IMAGE: one Pod labelled run=NAME. With -i or --attach kubectl waits for the pod to
// run and attaches to it (the session runs the container's main process: `-- nslookup kubernetes` prints its
// answer, `-it -- sh` opens the container's shell until `exit`); --rm deletes the pod afterwards.
import { notFound } from '../../cluster/apiserver/errors.ts';
import type { KubeObject } from '../../cluster/types.ts';
import type { ProgramContext } from '../context.ts';
import { CmdError, errorText } from '../errors.ts';
import type { Invocation, Verb } from '../invocation.ts';
import { msg } from '../messages.ts';
import { parseOutput } from '../printers/output.ts';
import { attachRunning, podRunningTimeout, sessionEndedLine, type AttachStreams } from './attach.ts';
import { dryRunOf, submitGenerated } from './common.ts';

// distribution/reference's ReferenceRegexp: [domain/]path[:tag][@digest], path components lowercase
const ALNUM = '[a-z0-9]+';
const COMPONENT = `${ALNUM}(?:(?:[._]|__|[-]+)${ALNUM})*`;
const DOMAIN_PART = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `(?:${DOMAIN_PART}(?:\\.${DOMAIN_PART})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?`;
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9A-Fa-f]{32,}';
const IMAGE_REF = new RegExp(`^(?:${DOMAIN}/)?${COMPONENT}(?:/${COMPONENT})*(?::[\\w][\\w.-]{0,127})?(?:@${DIGEST})?$`);
const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

/** A failure kubectl prints as is, exiting with the container's code (uexec.CodeExitError). */
class ExitCodeError extends Error {
  readonly code: number;
  constructor(message: string, code: number) {
    super(message);
    this.code = code;
  }
}

const isReady = (p: KubeObject) => ((p.status?.conditions as { type: string; status: string }[] | undefined) ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
const completed = (p: KubeObject) => p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed';

/** waitForPod: let virtual time pass until the pod meets `cond`; a deleted pod or the timeout ends the wait with an error. */
async function waitForPod(ctx: ProgramContext, ns: string, name: string, timeoutMs: number, cond: (p: KubeObject) => boolean): Promise<KubeObject> {
  const api = ctx.cluster.api;
  const clock = ctx.cluster.clock;
  const start = clock.now();
  for (;;) {
    const pod = api.tryGet('pods', ns, name);
    // the watch saw the pod deleted: kubectl's NotFound carries no name
    if (!pod) throw notFound('pods', '', '');
    if (cond(pod)) return pod;
    if (ctx.signal.aborted) throw new Interrupted();
    const now = clock.now();
    if (now - start >= timeoutMs) throw new CmdError(msg.timedOut);
    const next = clock.nextAt();
    let step = next === undefined ? 1000 : Math.max(1, Math.min(next - now, 1000));
    if (ctx.realtime) step = Math.min(step, 250);
    await ctx.sleep(Math.min(step, timeoutMs - (now - start)));
  }
}

/** Ctrl-C while waiting: kubectl exits at once, without its deferred clean-up. */
class Interrupted extends Error {}

function buildPod(inv: Invocation, name: string, restart: string, o: { stdin: boolean; tty: boolean }): Record<string, unknown> {
  const { flags } = inv;
  const envs = flags.list('env').map((e) => {
    const eq = e.indexOf('=');
    const key = eq < 0 ? '' : e.slice(0, eq);
    if (eq < 0 || !key || !ENV_NAME.test(key)) throw new CmdError(msg.runEnvBad(e));
    return { name: key, value: e.slice(eq + 1) };
  });
  let labels: Record<string, string> = { run: name };
  const labelSpec = flags.str('labels');
  if (labelSpec) {
    labels = {};
    for (const part of labelSpec.split(',')) {
      const kv = part.split('=');
      if (kv.length !== 2) throw new CmdError(msg.runLabelsBad(part));
      if (!kv[0]) throw new CmdError(msg.runLabelEmptyKey);
      labels[kv[0]] = kv[1]!;
    }
  }
  const port = flags.str('port');
  // the run generator parses --port with strconv.Atoi and returns its error bare
  if (port && !/^[-+]?\d+$/.test(port)) throw new CmdError(msg.atoiInvalid(port));
  // fields in the Container struct's order, as -o json prints them
  const container: Record<string, unknown> = { name, image: flags.str('image') };
  const rest = inv.args.slice(1);
  if (rest.length) container[flags.bool('command') ? 'command' : 'args'] = rest;
  if (port) container.ports = [{ containerPort: Number(port) }];
  if (envs.length) container.env = envs;
  container.resources = {};
  if (flags.str('image-pull-policy')) container.imagePullPolicy = flags.str('image-pull-policy');
  if (o.stdin) {
    container.stdin = true;
    if (!flags.bool('leave-stdin-open')) container.stdinOnce = true;
  }
  if (o.tty) container.tty = true;
  const metadata: Record<string, unknown> = { name };
  if (inv.namespaceSet) metadata.namespace = inv.namespace;
  metadata.creationTimestamp = null;
  metadata.labels = labels;
  return {
    kind: 'Pod',
    apiVersion: 'v1',
    metadata,
    spec: { containers: [container], restartPolicy: restart, dnsPolicy: 'ClusterFirst' },
    status: {},
  };
}

export const runVerb: Verb = {
  name: 'run',
  help: 'run',
  required: ['image'],
  async run(inv) {
    const { ctx, flags } = inv;
    const timeoutMs = podRunningTimeout(inv, 'run');
    const dry = dryRunOf(inv);
    if (flags.str('output')) parseOutput(flags.str('output'), false);
    const name = inv.args[0];
    if (!name || inv.dashAt === 0) throw new CmdError(msg.nameRequired, msg.seeHelpExamples('run'));
    if (timeoutMs <= 0) throw new CmdError(msg.pfTimeoutZero, msg.seeHelpExamples('run'));
    const image = flags.str('image');
    if (!IMAGE_REF.test(image)) throw new CmdError(msg.runImageInvalid(image));
    const stdin = flags.bool('stdin');
    const tty = flags.bool('tty');
    if (tty && !stdin) throw new CmdError(msg.runTtyNeedsStdin, msg.seeHelpExamples('run'));
    if (flags.bool('expose') && !flags.str('port')) throw new CmdError(msg.runExposeNeedsPort, msg.seeHelpExamples('run'));
    // --restart defaults to Always; only an explicitly empty value picks OnFailure for -i
    const restart = flags.str('restart') || (stdin ? 'OnFailure' : 'Always');
    if (!['Always', 'OnFailure', 'Never'].includes(restart)) throw new CmdError(msg.runRestartBad(restart), msg.seeHelpExamples('run'));
    const attach = flags.changed('attach') ? flags.bool('attach') : stdin;
    const rm = flags.bool('rm');
    if (!attach && rm) throw new CmdError(msg.runRmNeedsAttach, msg.seeHelpExamples('run'));
    if (attach && dry !== 'none') throw new CmdError(msg.runDryRunAttached, msg.seeHelpExamples('run'));
    const pull = flags.str('image-pull-policy');
    if (pull && !['Always', 'IfNotPresent', 'Never'].includes(pull)) throw new CmdError(msg.runPullPolicyBad(pull), msg.seeHelpExamples('run'));
    const pod = buildPod(inv, name, restart, { stdin, tty });
    if (!attach) return submitGenerated(inv, 'pods', pod, 'kubectl-run', dry);

    const api = ctx.cluster.api;
    const created = JSON.parse(JSON.stringify(pod));
    delete created.metadata.creationTimestamp;
    delete created.status;
    created.metadata.namespace = inv.namespace;
    api.create(created, { fieldManager: 'kubectl-run' });
    const ns = inv.namespace;
    const quiet = flags.bool('quiet');
    const streams: AttachStreams = { stdin, tty, quiet, container: '' };

    /** The deferred removal (--rm), then the outcome: kubectl's status. */
    const finish = async (c: ProgramContext, outcome: () => Promise<number | 'session'>): Promise<number> => {
      let code = 0;
      let failure: string | undefined;
      try {
        const r = await outcome();
        // the learner is inside the container now; `exit` finishes the command (see `detached`)
        if (r === 'session') return 0;
        code = r;
      } catch (e) {
        if (e instanceof Interrupted) return 130;
        failure = e instanceof ExitCodeError ? e.message : errorText(e);
        code = e instanceof ExitCodeError ? e.code : 1;
      }
      if (rm && api.tryGet('pods', ns, name)) {
        api.delete('pods', ns, name);
        if (!quiet) c.out(`${msg.deleted(`pod "${name}"`, '')}\n`);
      }
      if (failure) c.err(failure.endsWith('\n') ? failure : `${failure}\n`);
      return code;
    };

    /** After the attached process: the reattach hint, then (Never/OnFailure) the pod's end decides the status. */
    const afterAttach = async (c: ProgramContext, raw: boolean, container: string): Promise<number> => {
      const line = sessionEndedLine(api.tryGet('pods', ns, name) ?? (created as KubeObject), container, streams, raw);
      if (line) c.out(`${line}\n`);
      if (flags.bool('leave-stdin-open') || restart === 'Always') return 0;
      const done = await waitForPod(c, ns, name, timeoutMs, (p) => (restart === 'OnFailure' ? p.status?.phase === 'Succeeded' : completed(p)));
      if (done.status?.phase === 'Succeeded') return 0;
      if (done.status?.phase !== 'Failed') throw new CmdError(msg.runPodLeftIn(ns, name, done.status?.phase ?? ''));
      const term = ((done.status?.containerStatuses as any[]) ?? [])[0]?.state?.terminated;
      if (!term || !term.exitCode) throw new CmdError(msg.runPodFailedUnknown(ns, name));
      throw new ExitCodeError(msg.runPodTerminated(ns, name, term.reason ?? '', term.message ?? ''), term.exitCode);
    };

    return finish(ctx, async () => {
      const ready = await waitForPod(ctx, ns, name, timeoutMs, (p) => completed(p) || (p.status?.phase === 'Running' && isReady(p)));
      if (completed(ready)) {
        // it ran to completion before kubectl could attach: its log instead
        for (const l of ctx.cluster.runtime?.logs(ns, name, name) ?? []) ctx.out(`${l.text}\n`);
        return afterAttach(ctx, false, name);
      }
      const outcome = await attachRunning(inv, ready, streams, (_code, c, raw, container) => finish(c, () => afterAttach(c, raw, container)));
      if (outcome.kind === 'session') return 'session';
      if (ctx.signal.aborted) throw new Interrupted();
      return afterAttach(ctx, outcome.raw, outcome.container);
    });
  },
};
