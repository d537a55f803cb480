// kubectl exec (POD | TYPE/NAME) [-c CONTAINER] [-i] [-t] -- COMMAND [args...]: the checks kubectl
// and the kubelet make, then the command runs inside the container through the shell's hook.
import { ApiError } from '../../cluster/apiserver/errors.ts';
import { CmdError } from '../errors.ts';
import type { Verb } from '../invocation.ts';
import { msg } from '../messages.ts';
import { defaultContainer, podForObject } from './logs.ts';

export const execVerb: Verb = {
  name: 'exec',
  help: 'exec',
  async run(inv) {
    const { ctx, flags } = inv;
    const api = ctx.cluster.api;
    const args = inv.args;
    if (args.length === 0 || inv.dashAt === 0) throw new CmdError(msg.execNoPod);
    let argv: string[];
    if (inv.dashAt < 0) {
      argv = args.slice(1);
      if (argv.length) ctx.err(`${msg.execDeprecated}\n`);
    } else {
      argv = args.slice(inv.dashAt);
    }
    if (argv.length === 0) throw new CmdError(msg.execNoCommand);
    const target = args[0]!;
    const pod = target.includes('/') ? podForObject(inv, target, 'exec') : api.get('pods', inv.namespace, target);
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
