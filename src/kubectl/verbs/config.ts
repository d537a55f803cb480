// `kubectl config view|current-context|get-contexts|use-context` and `kubectl completion`: client-side only.
import { CmdError, RawError } from '../errors.ts';
import { formatTable } from '../format/tabwriter.ts';
import { toYaml } from '../format/yaml.ts';
import { toJson } from '../format/json.ts';
import { parseJsonPath } from '../format/jsonpath.ts';
import { COMPLETION_SCRIPTS } from '../help/completion-scripts.ts';
import { UPSTREAM_HELP } from '../help/upstream-help.ts';
import type { Invocation, Verb } from '../invocation.ts';
import { kubeconfigPaths, loadKubeconfig, type KubeconfigView } from '../kubeconfig.ts';

function load(inv: Invocation): KubeconfigView {
  const flag = inv.flags.changed('kubeconfig') ? inv.flags.str('kubeconfig') : undefined;
  const r = loadKubeconfig(inv.ctx.fs, inv.ctx.env, flag);
  if (!r.ok) throw new RawError(r.message);
  return r.view;
}

const SECRET_FIELDS = new Set(['certificate-authority-data', 'client-certificate-data', 'client-key-data', 'token', 'password']);

function redact(obj: Record<string, unknown>, raw: boolean): Record<string, unknown> {
  if (raw) return obj;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) out[k] = SECRET_FIELDS.has(k) ? (k === 'token' || k === 'password' ? 'REDACTED' : 'DATA+OMITTED') : v;
  return out;
}

const viewVerb: Verb = {
  name: 'view',
  help: 'config view',
  async run(inv) {
    const view = load(inv);
    const raw = inv.flags.bool('raw');
    let { clusters, contexts, users } = view;
    if (inv.flags.bool('minify')) {
      const cur = contexts.find((c) => c.name === view.currentContext);
      if (!cur) throw new CmdError('current-context must exist in order to minify');
      contexts = [cur];
      clusters = clusters.filter((c) => c.name === cur.cluster);
      users = users.filter((u) => u.name === cur.user);
    }
    const list = <T>(xs: T[]) => (xs.length ? xs : null);
    const doc = {
      apiVersion: 'v1',
      clusters: list(clusters.map(({ name, ...cluster }) => ({ cluster: redact(cluster, raw), name }))),
      contexts: list(contexts.map(({ name, ...context }) => ({ context, name }))),
      'current-context': view.currentContext,
      kind: 'Config',
      preferences: {},
      users: list(users.map(({ name, user }) => ({ name, user: redact(user, raw) }))),
    };
    const o = inv.flags.str('output') || 'yaml';
    const jp = /^jsonpath=(.*)$/s.exec(o);
    if (jp) {
      inv.ctx.out(parseJsonPath(jp[1]!).execute(doc));
      return 0;
    }
    if (o === 'json') inv.ctx.out(toJson(doc, { sortKeys: false, indent: '    ' }));
    else inv.ctx.out(toYaml(doc).replace(/^current-context: ''$/m, 'current-context: ""'));
    return 0;
  },
};

const currentContextVerb: Verb = {
  name: 'current-context',
  help: 'config current-context',
  async run(inv) {
    const view = load(inv);
    if (!view.currentContext) throw new CmdError('current-context is not set');
    inv.ctx.out(`${view.currentContext}\n`);
    return 0;
  },
};

const getContextsVerb: Verb = {
  name: 'get-contexts',
  help: 'config get-contexts',
  async run(inv) {
    const view = load(inv);
    const names = inv.args;
    const missing = names.filter((n) => !view.contexts.some((c) => c.name === n));
    const shown = names.length ? view.contexts.filter((c) => names.includes(c.name)) : view.contexts;
    if (inv.flags.str('output') === 'name') {
      inv.ctx.out(shown.map((c) => `${c.name}\n`).join(''));
    } else {
      let text = inv.flags.bool('no-headers') ? '' : 'CURRENT\tNAME\tCLUSTER\tAUTHINFO\tNAMESPACE\n';
      for (const c of shown) text += `${c.name === view.currentContext ? '*' : ''}\t${c.name}\t${c.cluster}\t${c.user}\t${c.namespace ?? ''}\n`;
      inv.ctx.out(formatTable(text));
    }
    if (missing.length) throw new CmdError(`context ${missing[0]} not found`);
    return 0;
  },
};

const useContextVerb: Verb = {
  name: 'use-context',
  aliases: ['use'],
  help: 'config use-context',
  async run(inv) {
    const view = load(inv);
    const name = inv.args[0];
    if (!name) throw new CmdError('empty context names are not allowed');
    if (!view.contexts.some((c) => c.name === name)) throw new CmdError(`no context exists with the name: "${name}"`);
    const flag = inv.flags.changed('kubeconfig') ? inv.flags.str('kubeconfig') : undefined;
    const file = view.files[0] ?? kubeconfigPaths(inv.ctx.env, flag).paths[0]!;
    const text = inv.ctx.fs.exists(file) ? inv.ctx.fs.read(file) : 'apiVersion: v1\nkind: Config\n';
    inv.ctx.fs.write(file, /^current-context:.*$/m.test(text) ? text.replace(/^current-context:.*$/m, `current-context: ${name}`) : `${text}current-context: ${name}\n`);
    inv.ctx.out(`Switched to context "${name}".\n`);
    return 0;
  },
};

export const configVerb: Verb = {
  name: 'config',
  help: 'config',
  sub: [viewVerb, currentContextVerb, getContextsVerb, useContextVerb],
  unsupportedSub: ['delete-cluster', 'delete-context', 'delete-user', 'get-clusters', 'get-users', 'rename-context', 'set', 'set-cluster', 'set-context', 'set-credentials', 'unset'],
  async run(inv) {
    inv.ctx.out(UPSTREAM_HELP.config ?? '');
    return 0;
  },
};

export const completionVerb: Verb = {
  name: 'completion',
  help: 'completion',
  async run(inv) {
    const shell = inv.args[0];
    if (!shell) throw new CmdError('Shell not specified.', "See 'kubectl completion -h' for help and examples");
    if (inv.args.length > 1) throw new CmdError('Too many arguments. Expected only the shell type.', "See 'kubectl completion -h' for help and examples");
    if (shell !== 'bash' && shell !== 'zsh') {
      if (shell === 'fish' || shell === 'powershell') throw new CmdError(`kubectl completion ${shell} is not supported in this course`);
      throw new CmdError(`Unsupported shell type "${shell}".`, "See 'kubectl completion -h' for help and examples");
    }
    inv.ctx.out(COMPLETION_SCRIPTS[shell]);
    return 0;
  },
};
