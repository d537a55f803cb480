// kubectl create configmap / create secret generic NAME [--from-literal=k=v] [--from-file=[key=]path]
// [--from-env-file=path]: data gathered from the sources as kubectl does, checked, then created.
import { base64 } from '../../cluster/apiserver/defaults.ts';
import type { KubeObject } from '../../cluster/types.ts';
import { CmdError } from '../errors.ts';
import { UPSTREAM_HELP } from '../help/upstream-help.ts';
import type { Invocation, Verb } from '../invocation.ts';
import { resolvePath } from '../manifest.ts';
import { msg } from '../messages.ts';
import { parseOutput } from '../printers/output.ts';
import { dryRunOf, printResult } from './common.ts';

const KEY = /^[-._a-zA-Z0-9]+$/;

/** The key/value pairs the --from-* flags name, in kubectl's order (files, then literals), keys checked. */
function gather(inv: Invocation, kind: 'ConfigMap' | 'Secret', name: string): Record<string, string> {
  const { ctx, flags } = inv;
  const files = flags.list('from-file');
  const literals = flags.list('from-literal');
  const envFiles = flags.list('from-env-file');
  if (envFiles.length && (files.length || literals.length)) throw new CmdError('from-env-file cannot be combined with from-file or from-literal');
  const data: Record<string, string> = {};
  const add = (key: string, value: string) => {
    if (!KEY.test(key))
      throw new CmdError(`"${key}" is not a valid key name for a ${kind}: a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')`);
    if (key in data) throw new CmdError(`cannot add key "${key}", another key by that name already exists in Data for ${kind} "${name}"`);
    data[key] = value;
  };
  for (const spec of files) {
    const eq = spec.indexOf('=');
    const key = eq > 0 ? spec.slice(0, eq) : undefined;
    const path = eq > 0 ? spec.slice(eq + 1) : spec;
    const abs = resolvePath(ctx.cwd, path);
    if (!ctx.fs.exists(abs)) throw new CmdError(`error reading ${path}: no such file or directory`);
    if (ctx.fs.isDir(abs)) {
      if (key) throw new CmdError(`cannot give a key name for a directory path`);
      for (const f of ctx.fs.list(abs)) if (!ctx.fs.isDir(`${abs}/${f}`)) add(f, ctx.fs.read(`${abs}/${f}`));
    } else add(key ?? path.slice(path.lastIndexOf('/') + 1), ctx.fs.read(abs));
  }
  for (const lit of literals) {
    const eq = lit.indexOf('=');
    if (eq <= 0) throw new CmdError(`invalid literal source ${lit}, expected key=value`);
    add(lit.slice(0, eq), lit.slice(eq + 1));
  }
  for (const path of envFiles) {
    const abs = resolvePath(ctx.cwd, path);
    if (!ctx.fs.exists(abs) || ctx.fs.isDir(abs)) throw new CmdError(`open ${path}: no such file or directory`);
    ctx.fs.read(abs).split('\n').forEach((raw, i) => {
      const line = raw.replace(/^\uFEFF/, '').trimStart();
      if (!line || line.startsWith('#')) return;
      const eq = line.indexOf('=');
      const key = eq < 0 ? line.trimEnd() : line.slice(0, eq);
      if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(key)) throw new CmdError(`"${key}" is not a valid key name: a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (line ${i + 1} of ${path})`);
      // a name alone takes its value from the environment
      const value = eq < 0 ? ctx.env[key] : line.slice(eq + 1);
      if (value !== undefined) add(key, value);
    });
  }
  return data;
}

/** Shared by configmap and secret generic: name, dry run, output, create. */
async function createData(inv: Invocation, path: string, build: (name: string) => Record<string, unknown>): Promise<number> {
  if (inv.args.length !== 1) throw new CmdError(msg.exactlyOneName(inv.args.length), msg.seeHelpExamples(path));
  const dry = dryRunOf(inv);
  if (inv.flags.str('output')) parseOutput(inv.flags.str('output'), false);
  const obj = build(inv.args[0]!);
  const api = inv.ctx.cluster.api;
  const r = api.resolve(obj.kind === 'Secret' ? 'secrets' : 'configmaps')!;
  if (dry === 'client') {
    printResult(inv, r, { ...obj, metadata: { creationTimestamp: null, name: inv.args[0], ...(inv.namespaceSet ? { namespace: inv.namespace } : {}) } } as unknown as KubeObject, (ref) => msg.created(ref, dry), false);
    return 0;
  }
  const created = api.create({ ...obj, metadata: { name: inv.args[0]!, namespace: inv.namespace } } as KubeObject, { dryRun: dry === 'server', fieldManager: 'kubectl-create' });
  printResult(inv, r, created, (ref) => msg.created(ref, dry));
  return 0;
}

export const createConfigMap: Verb = {
  name: 'configmap',
  aliases: ['cm'],
  help: 'create configmap',
  run: (inv) => createData(inv, 'create configmap', (name) => ({ apiVersion: 'v1', data: gather(inv, 'ConfigMap', name), kind: 'ConfigMap' })),
};

const createSecretGeneric: Verb = {
  name: 'generic',
  help: 'create secret generic',
  run: (inv) =>
    createData(inv, 'create secret generic', (name) => {
      const data = Object.fromEntries(Object.entries(gather(inv, 'Secret', name)).map(([k, v]) => [k, base64(v)]));
      const type = inv.flags.str('type');
      return { apiVersion: 'v1', data, kind: 'Secret', ...(type ? { type } : {}) };
    }),
};

export const createSecret: Verb = {
  name: 'secret',
  help: 'create secret',
  sub: [createSecretGeneric],
  unsupportedSub: ['docker-registry', 'tls'],
  async run(inv) {
    // cobra's DefaultSubCommandRun: help on stderr without a subcommand, an error for an unknown one
    if (inv.args.length === 0) {
      inv.ctx.err(UPSTREAM_HELP['create secret'] ?? '');
      return 1;
    }
    throw new CmdError(msg.unknownSubcommand(inv.args[0]!), msg.seeHelpExamples('create secret'));
  },
};
