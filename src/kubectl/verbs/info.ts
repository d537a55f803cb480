// version, cluster-info, api-resources, options.
import type { ResourceInfo } from '../../cluster/types.ts';
import { CmdError } from '../errors.ts';
import { toJson } from '../format/json.ts';
import { formatTable } from '../format/tabwriter.ts';
import { toYaml } from '../format/yaml.ts';
import { UPSTREAM_HELP } from '../help/upstream-help.ts';
import type { Verb } from '../invocation.ts';
import { msg } from '../messages.ts';

/** The client this kubectl impersonates: upstream v1.32.5 as built for linux/amd64. */
export const CLIENT_VERSION = {
  major: '1',
  minor: '32',
  gitVersion: 'v1.32.5',
  gitCommit: '9894294ef13a5b32803e3ca2c0d620a088cc84d1',
  gitTreeState: 'clean',
  buildDate: '2025-05-15T09:12:10Z',
  goVersion: 'go1.23.8',
  compiler: 'gc',
  platform: 'linux/amd64',
};
const KUSTOMIZE_VERSION = 'v5.5.0';

export const versionVerb: Verb = {
  name: 'version',
  help: 'version',
  async run(inv) {
    const { flags, ctx } = inv;
    if (inv.args.length) throw new CmdError(msg.versionExtraArgs(inv.args));
    const o = flags.str('output');
    if (o && o !== 'yaml' && o !== 'json') throw new CmdError(msg.versionOutputBad);
    const client = flags.bool('client');
    const v = ctx.cluster.version;
    const server = {
      major: v.major, minor: v.minor, gitVersion: v.gitVersion, gitCommit: v.gitCommit, gitTreeState: v.gitTreeState,
      buildDate: v.buildDate, goVersion: v.goVersion, compiler: v.compiler, platform: v.platform,
    };
    const data: Record<string, unknown> = { clientVersion: CLIENT_VERSION, kustomizeVersion: KUSTOMIZE_VERSION };
    if (!client) data.serverVersion = server;
    if (o === 'yaml') ctx.out(toYaml(data) + '\n');
    else if (o === 'json') ctx.out(toJson(data, { sortKeys: false, indent: '  ' }));
    else {
      let text = `Client Version: ${CLIENT_VERSION.gitVersion}\nKustomize Version: ${KUSTOMIZE_VERSION}\n`;
      if (!client) text += `Server Version: ${v.gitVersion}\n`;
      ctx.out(text);
    }
    return 0;
  },
};

export const clusterInfoVerb: Verb = {
  name: 'cluster-info',
  aliases: ['clusterinfo'],
  help: 'cluster-info',
  async run(inv) {
    const { ctx } = inv;
    if (inv.args[0] === 'dump') throw new CmdError(msg.clusterInfoUnsupportedDump);
    const host = ctx.cluster.serverUrl;
    const color = (code: string, s: string) => (ctx.tty ? `\x1b[0;${code}m${s}\x1b[0m` : s);
    const line = (name: string, link: string) => `${color('32', name)} is running at ${color('33', link)}\n`;
    let text = line('Kubernetes control plane', host);
    const svcs = ctx.cluster.api.list('services', 'kube-system', { labelSelector: 'kubernetes.io/cluster-service=true' });
    for (const svc of svcs) {
      const name = svc.metadata.labels?.['kubernetes.io/name'] || svc.metadata.name;
      let target = svc.metadata.name;
      const port = svc.spec?.ports?.[0];
      if (port?.name) target += `:${port.name}`;
      text += line(name, `${host}/api/v1/namespaces/kube-system/services/${target}/proxy`);
    }
    ctx.out(text + '\n' + msg.clusterInfoDump + '\n');
    return 0;
  },
};

export const apiResourcesVerb: Verb = {
  name: 'api-resources',
  help: 'api-resources',
  async run(inv) {
    const { flags, ctx } = inv;
    if (inv.args.length) throw new CmdError(msg.unexpectedArgs(inv.args), msg.seeHelpExamples('api-resources'));
    const o = flags.str('output');
    if (o && o !== 'wide' && o !== 'name') throw new CmdError(msg.apiResourcesOutputBad(o));
    let list: ResourceInfo[] = [...ctx.cluster.api.resources];
    if (flags.changed('namespaced')) list = list.filter((r) => r.namespaced === flags.bool('namespaced'));
    if (flags.changed('api-group')) list = list.filter((r) => r.group === flags.str('api-group'));
    const verbs = flags.list('verbs').flatMap((v) => v.split(','));
    if (verbs.length) list = list.filter((r) => verbs.every((v) => r.verbs.includes(v)));
    const cats = flags.list('categories');
    if (cats.length) list = list.filter((r) => cats.every((c) => r.categories?.includes(c)));
    const sortBy = flags.str('sort-by');
    const key = (r: ResourceInfo) => (sortBy === 'name' ? r.plural : sortBy === 'kind' ? r.kind : r.group);
    list = list.map((r, i) => ({ r, i })).sort((a, b) => cmp(key(a.r), key(b.r)) || cmp(a.r.plural, b.r.plural) || a.i - b.i).map((x) => x.r);
    if (o === 'name') {
      ctx.out(list.map((r) => (r.group ? `${r.plural}.${r.group}` : r.plural) + '\n').join(''));
      return 0;
    }
    const wide = o === 'wide';
    let text = flags.bool('no-headers') ? '' : `NAME\tSHORTNAMES\tAPIVERSION\tNAMESPACED\tKIND${wide ? '\tVERBS\tCATEGORIES' : ''}\n`;
    for (const r of list) {
      const gv = r.group ? `${r.group}/${r.version}` : r.version;
      text += `${r.plural}\t${r.shortNames.join(',')}\t${gv}\t${r.namespaced}\t${r.kind}`;
      if (wide) text += `\t[${r.verbs.join(' ')}]\t${(r.categories ?? []).join(',')}`;
      text += '\n';
    }
    ctx.out(formatTable(text));
    return 0;
  },
};

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export const optionsVerb: Verb = {
  name: 'options',
  help: 'options',
  async run(inv) {
    inv.ctx.out(UPSTREAM_HELP.options);
    return 0;
  },
};
