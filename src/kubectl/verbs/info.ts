// version, cluster-info, api-resources, options.
import type { ResourceInfo } from '../../cluster/types.ts';
import { CmdError } from '../errors.ts';
import { toJson } from '../format/json.ts';
import { formatTable } from '../format/tabwriter.ts';
import { toYaml } from '../format/yaml.ts';
import { UPSTREAM_HELP } from '../help/upstream-help.ts';
import type { Verb } from '../invocation.ts';
import { msg } from '../messages.ts';
import type { ProgramContext } from '../context.ts';
import { connect, unreachableText } from '../kubeconfig.ts';
import { machinesOf } from '../../cluster/hosts/index.ts';
import { versionInfo } from '../../cluster/bootstrap/versions.ts';

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

/** kustomize bundled with each kubectl minor (the `Kustomize Version:` line exists from 1.24). */
const KUSTOMIZE: Record<number, string> = { 24: 'v4.5.4', 25: 'v4.5.7', 26: 'v4.5.7', 27: 'v5.0.1', 28: 'v5.0.4-0.20230601165947-6ce0bf390ce3', 29: 'v5.0.4-0.20230601165947-6ce0bf390ce3', 30: 'v5.0.4-0.20230601165947-6ce0bf390ce3', 31: 'v5.4.2', 32: KUSTOMIZE_VERSION, 33: 'v5.6.0' };

/** The kubectl installed on the machine (its rpm), or the client this kubectl impersonates. */
export function clientVersionOf(ctx: ProgramContext): typeof CLIENT_VERSION {
  const pkg = ctx.host ? machinesOf(ctx.cluster.hosts)?.machine(ctx.host)?.os.packages.installed('kubectl') : undefined;
  if (!pkg || `v${pkg.version}` === CLIENT_VERSION.gitVersion) return CLIENT_VERSION;
  return versionInfo(pkg.version);
}

/** go's %#v of version.Info, as kubectl before 1.28 printed it. */
const goInfo = (v: typeof CLIENT_VERSION) =>
  `version.Info{Major:"${v.major}", Minor:"${v.minor}", GitVersion:"${v.gitVersion}", GitCommit:"${v.gitCommit}", GitTreeState:"${v.gitTreeState}", BuildDate:"${v.buildDate}", GoVersion:"${v.goVersion}", Compiler:"${v.compiler}", Platform:"${v.platform}"}`;

export const versionVerb: Verb = {
  name: 'version',
  help: 'version',
  async run(inv) {
    const { flags, ctx } = inv;
    const cv = clientVersionOf(ctx);
    const minor = Number(cv.minor);
    // --short exists until 1.27; the table's help page is 1.32's, so the flag is ours to refuse or accept
    const short = inv.args.includes('--short') || flags.changed('short');
    if (short && minor >= 28) throw new CmdError(msg.unknownFlag('short'), msg.seeHelpUsage('version'));
    const args = inv.args.filter((a) => a !== '--short');
    if (args.length) throw new CmdError(msg.versionExtraArgs(args));
    const o = flags.str('output');
    if (o && o !== 'yaml' && o !== 'json') throw new CmdError(msg.versionOutputBad);
    const client = flags.bool('client');
    const kustomize = KUSTOMIZE[minor];
    if (short && minor >= 26) ctx.err(msg.versionShortDeprecated);
    const oldStyle = minor < 28 && !short && !o;
    if (oldStyle && minor >= 26) ctx.err(msg.versionInfoDeprecated);
    const data: Record<string, unknown> = { clientVersion: cv };
    if (kustomize) data.kustomizeVersion = kustomize;
    let text = '';
    if (!o) {
      text = `Client Version: ${oldStyle ? goInfo(cv) : cv.gitVersion}\n`;
      if (kustomize) text += `Kustomize Version: ${kustomize}\n`;
    }
    if (!client) {
      const c = connect(ctx, { kubeconfig: flags.changed('kubeconfig') ? flags.str('kubeconfig') : '', server: flags.changed('server') ? flags.str('server') : '', context: flags.changed('context') ? flags.str('context') : '' });
      if (!c.ok) {
        if (c.server === undefined) {
          ctx.err(c.message);
          return 1;
        }
        if (o === 'yaml') ctx.out(toYaml(data) + '\n');
        else if (o === 'json') ctx.out(toJson(data, { sortKeys: false, indent: '  ' }));
        else ctx.out(text);
        ctx.err(unreachableText(c.server, c.reach));
        return 1;
      }
      const v = ctx.cluster.version;
      const server = {
        major: v.major, minor: v.minor, gitVersion: v.gitVersion, gitCommit: v.gitCommit, gitTreeState: v.gitTreeState,
        buildDate: v.buildDate, goVersion: v.goVersion, compiler: v.compiler, platform: v.platform,
      };
      data.serverVersion = server;
      if (!o) text += `Server Version: ${oldStyle ? goInfo(server) : v.gitVersion}\n`;
    }
    if (o === 'yaml') ctx.out(toYaml(data) + '\n');
    else if (o === 'json') ctx.out(toJson(data, { sortKeys: false, indent: '  ' }));
    else ctx.out(text);
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

/** `kubectl api-versions`: every group/version the server serves, sorted as kubectl prints them. */
export const apiVersionsVerb: Verb = {
  name: 'api-versions',
  help: 'api-versions',
  async run(inv) {
    if (inv.args.length) throw new CmdError(msg.unexpectedArgs(inv.args), msg.seeHelpExamples('api-versions'));
    const versions = new Set(inv.ctx.cluster.api.resources.map((r) => (r.group ? `${r.group}/${r.version}` : r.version)));
    // the server also still serves HorizontalPodAutoscalers as autoscaling/v1 (v2 is the preferred version)
    if (versions.has('autoscaling/v2')) versions.add('autoscaling/v1');
    inv.ctx.out([...versions].sort().map((v) => `${v}\n`).join(''));
    return 0;
  },
};
