// kubectl run NAME --image=IMAGE: one Pod labelled run=NAME.
import { CmdError } from '../errors.ts';
import type { Verb } from '../invocation.ts';
import { msg } from '../messages.ts';
import { parseOutput } from '../printers/output.ts';
import { dryRunOf, submitGenerated } from './common.ts';

export const runVerb: Verb = {
  name: 'run',
  help: 'run',
  required: ['image'],
  async run(inv) {
    const { flags } = inv;
    const name = inv.args[0];
    if (!name || inv.dashAt === 0) throw new CmdError(msg.nameRequired, msg.seeHelpExamples('run'));
    const restart = flags.str('restart') || 'Always';
    if (!['Always', 'OnFailure', 'Never'].includes(restart)) throw new CmdError(msg.runRestartBad(restart), msg.seeHelpExamples('run'));
    if (flags.bool('stdin') || flags.bool('tty') || flags.bool('attach') || flags.bool('rm')) throw new CmdError(msg.runInteractive);
    const dry = dryRunOf(inv);
    if (flags.str('output')) parseOutput(flags.str('output'), false);
    let labels: Record<string, string> = { run: name };
    const labelSpec = flags.str('labels');
    if (labelSpec) {
      labels = {};
      for (const part of labelSpec.split(',')) {
        const eq = part.indexOf('=');
        if (eq <= 0) throw new CmdError(msg.runLabelsBad(labelSpec));
        labels[part.slice(0, eq)] = part.slice(eq + 1);
      }
    }
    const rest = inv.args.slice(1);
    const container: Record<string, unknown> = { name, image: flags.str('image') };
    if (rest.length) container[flags.bool('command') ? 'command' : 'args'] = rest;
    const port = flags.str('port');
    if (port) {
      // the run generator parses --port with strconv.Atoi and returns its error bare
      if (!/^[-+]?\d+$/.test(port)) throw new CmdError(msg.atoiInvalid(port));
      container.ports = [{ containerPort: Number(port) }];
    }
    const env = flags.list('env');
    if (env.length) {
      container.env = env.map((e) => {
        const eq = e.indexOf('=');
        if (eq <= 0) throw new CmdError(msg.runEnvBad(e));
        return { name: e.slice(0, eq), value: e.slice(eq + 1) };
      });
    }
    if (flags.str('image-pull-policy')) container.imagePullPolicy = flags.str('image-pull-policy');
    container.resources = {};
    const metadata: Record<string, unknown> = { name };
    if (inv.namespaceSet) metadata.namespace = inv.namespace;
    metadata.creationTimestamp = null;
    metadata.labels = labels;
    const pod = {
      kind: 'Pod',
      apiVersion: 'v1',
      metadata,
      spec: { containers: [container], restartPolicy: restart, dnsPolicy: 'ClusterFirst' },
      status: {},
    };
    return submitGenerated(inv, 'pods', pod, 'kubectl-run', dry);
  },
};
