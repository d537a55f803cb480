// kubectl top (the kubeadm cluster of the notes runs no metrics-server, so the Metrics API is not
// served) and kubectl auth can-i / whoami for the kubeconfig's user, kubernetes-admin.
import { CmdError } from '../errors.ts';
import { formatTable } from '../format/tabwriter.ts';
import { UPSTREAM_HELP } from '../help/upstream-help.ts';
import type { Invocation, Verb } from '../invocation.ts';
import { msg } from '../messages.ts';

/** cobra's DefaultSubCommandRun: help on stderr without a subcommand, an error for an unknown one. */
function subcommandOnly(page: string): (inv: Invocation) => Promise<number> {
  return async (inv) => {
    if (inv.args.length === 0) {
      inv.ctx.err(UPSTREAM_HELP[page] ?? '');
      return 1;
    }
    throw new CmdError(msg.unknownSubcommand(inv.args[0]!), msg.seeHelpExamples(page));
  };
}

const noMetrics = async (): Promise<number> => {
  throw new CmdError('Metrics API not available');
};

export const topVerb: Verb = {
  name: 'top',
  help: 'top',
  sub: [
    { name: 'node', aliases: ['nodes', 'no'], help: 'top node', run: noMetrics },
    { name: 'pod', aliases: ['pods', 'po'], help: 'top pod', run: noMetrics },
  ],
  run: subcommandOnly('top'),
};

const KNOWN_VERBS = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection', 'use', 'bind', 'impersonate', '*', 'approve', 'sign', 'escalate', 'attest'];

const canI: Verb = {
  name: 'can-i',
  help: 'auth can-i',
  async run(inv) {
    const { ctx, flags } = inv;
    if (flags.bool('list')) throw new CmdError(msg.notSupported('auth can-i --list'), msg.notSupportedHint);
    if (inv.args.length < 2) throw new CmdError('you must specify two arguments: verb resource or verb resource/resourceName.', msg.seeHelpExamples('auth can-i'));
    const [verb, target] = inv.args as [string, string];
    if (!KNOWN_VERBS.includes(verb)) ctx.err(`Warning: verb '${verb}' is not a known verb\n`);
    if (!target.startsWith('/')) {
      const type = target.split('/')[0]!;
      if (!ctx.cluster.api.resolve(type)) ctx.err(`Warning: the server doesn't have a resource type '${type}'\n`);
    }
    // kubernetes-admin is in kubeadm:cluster-admins, bound to cluster-admin; anyone else was granted nothing
    const as = flags.str('as');
    const allowed = !as || as === 'kubernetes-admin';
    if (!flags.bool('quiet')) ctx.out(allowed ? 'yes\n' : 'no\n');
    return allowed ? 0 : 1;
  },
};

const whoami: Verb = {
  name: 'whoami',
  help: 'auth whoami',
  async run(inv) {
    const o = inv.flags.str('output');
    const user = { username: 'kubernetes-admin', groups: ['kubeadm:cluster-admins', 'system:authenticated'] };
    if (o === 'json' || o === 'yaml') {
      const review = { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview', metadata: { creationTimestamp: new Date(inv.ctx.cluster.clock.now()).toISOString().replace(/\.\d{3}Z$/, 'Z') }, status: { userInfo: user } };
      inv.ctx.out(o === 'json' ? JSON.stringify(review, null, 4) + '\n' : `apiVersion: authentication.k8s.io/v1\nkind: SelfSubjectReview\nmetadata:\n  creationTimestamp: "${review.metadata.creationTimestamp}"\nstatus:\n  userInfo:\n    groups:\n    - kubeadm:cluster-admins\n    - system:authenticated\n    username: kubernetes-admin\n`);
      return 0;
    }
    inv.ctx.out(formatTable(`ATTRIBUTE\tVALUE\nUsername\t${user.username}\nGroups\t[${user.groups.join(' ')}]\n`));
    return 0;
  },
};

export const authVerb: Verb = {
  name: 'auth',
  help: 'auth',
  sub: [canI, whoami],
  unsupportedSub: ['reconcile'],
  run: subcommandOnly('auth'),
};
