// `kubeadm` on the simulated machines: version, init, join, reset, token, config images/view, with the
// wording of the installed release (kubeadm's rpm version; 1.21 as in the notes, 1.32 the modern path).
import type { Program, ProgramContext } from '../../kubectl/context.ts';
import type { ControlPlaneLifecycle, BootstrapToken } from '../../cluster/bootstrap/control-plane.ts';
import type { Machine } from '../../cluster/hosts/index.ts';
import { here } from './common.ts';
import { init, join, klog, STACK_HINT, type KubeadmEnv } from './kubeadm-init.ts';
import { chooseCri } from './kubeadm-preflight.ts';
import { ROOT_HELP, SUB_HELP } from './kubeadm-help.ts';
import { versionInfo, releaseImages, componentImage, minorOf, withV } from '../../cluster/bootstrap/versions.ts';
import { K8S_VERSION } from '../../cluster/bootstrap/images.ts';

type FlagSpec = Record<string, 'bool' | 'value'>;

const COMMON: FlagSpec = { help: 'bool', h: 'bool', v: 'value', rootfs: 'value' };
const SPECS: Record<string, FlagSpec> = {
  '': {},
  version: { output: 'value', o: 'value' },
  init: { 'kubernetes-version': 'value', 'pod-network-cidr': 'value', 'apiserver-advertise-address': 'value', 'apiserver-bind-port': 'value', 'service-cidr': 'value', 'service-dns-domain': 'value', token: 'value', 'token-ttl': 'value', 'ignore-preflight-errors': 'value', 'cri-socket': 'value', config: 'value', 'node-name': 'value', 'upload-certs': 'bool', 'control-plane-endpoint': 'value', 'image-repository': 'value', 'skip-phases': 'value', 'dry-run': 'bool', 'skip-token-print': 'bool', 'apiserver-cert-extra-sans': 'value', 'cert-dir': 'value', 'certificate-key': 'value', 'feature-gates': 'value', patches: 'value', 'skip-certificate-key-print': 'bool' },
  join: { token: 'value', 'discovery-token': 'value', 'discovery-token-ca-cert-hash': 'value', 'discovery-token-unsafe-skip-ca-verification': 'bool', 'ignore-preflight-errors': 'value', 'cri-socket': 'value', 'node-name': 'value', config: 'value', 'control-plane': 'bool', 'certificate-key': 'value', 'apiserver-advertise-address': 'value', 'apiserver-bind-port': 'value', 'discovery-file': 'value', 'tls-bootstrap-token': 'value', 'skip-phases': 'value', 'dry-run': 'bool', patches: 'value' },
  reset: { force: 'bool', f: 'bool', 'ignore-preflight-errors': 'value', 'cri-socket': 'value', 'cert-dir': 'value', kubeconfig: 'value', 'skip-phases': 'value', 'dry-run': 'bool', 'cleanup-tmp-dir': 'bool', config: 'value' },
  token: { kubeconfig: 'value', 'dry-run': 'bool' },
  'token create': { kubeconfig: 'value', 'print-join-command': 'bool', ttl: 'value', description: 'value', usages: 'value', groups: 'value', config: 'value', 'certificate-key': 'value', 'dry-run': 'bool' },
  'token list': { kubeconfig: 'value', output: 'value', o: 'value', 'allow-missing-template-keys': 'bool', 'show-managed-fields': 'bool', 'dry-run': 'bool' },
  'token delete': { kubeconfig: 'value', 'dry-run': 'bool' },
  'token generate': {},
  config: { kubeconfig: 'value' },
  'config view': { kubeconfig: 'value' },
  'config images': { kubeconfig: 'value' },
  'config images list': { kubeconfig: 'value', 'kubernetes-version': 'value', config: 'value', 'image-repository': 'value', output: 'value', o: 'value', 'feature-gates': 'value', 'allow-missing-template-keys': 'bool', 'show-managed-fields': 'bool' },
  'config images pull': { kubeconfig: 'value', 'kubernetes-version': 'value', config: 'value', 'image-repository': 'value', 'cri-socket': 'value', 'feature-gates': 'value' },
  'config print': { kubeconfig: 'value' },
  'config print init-defaults': { kubeconfig: 'value', 'component-configs': 'value' },
  'config print join-defaults': { kubeconfig: 'value', 'component-configs': 'value' },
};

/** Commands that only group others (cobra's SubCmdRunE): `missing subcommand` / `invalid subcommand`. */
const GROUPS: Record<string, string[]> = {
  '': ['certs', 'completion', 'config', 'help', 'init', 'join', 'kubeconfig', 'reset', 'token', 'upgrade', 'version', 'alpha'],
  token: ['create', 'delete', 'generate', 'list'],
  config: ['images', 'migrate', 'print', 'view', 'validate'],
  'config images': ['list', 'pull'],
  'config print': ['init-defaults', 'join-defaults', 'reset-defaults', 'upgrade-defaults'],
};

interface Parsed {
  path: string;
  positional: string[];
  flags: Map<string, string[]>;
  error?: string;
}

/** cobra + pflag: walk the subcommands, then parse flags with the leaf command's spec. */
function parse(args: string[], minor: number): Parsed {
  const words: string[] = [];
  let i = 0;
  // subcommand words come first (flags may sit between them; kubeadm users rarely do that)
  let path = '';
  for (; i < args.length; i++) {
    const a = args[i]!;
    if (a.startsWith('-')) break;
    const group = GROUPS[path];
    if (!group) break;
    if (!group.includes(a) || (minor >= 22 && path === 'config' && a === 'view') || (minor < 29 && path === 'config' && a === 'validate')) {
      if (path === '') return { path, positional: [], flags: new Map(), error: `unknown command "${a}" for "kubeadm"` };
      return { path, positional: [], flags: new Map(), error: `invalid subcommand: "${a}"` };
    }
    path = path ? `${path} ${a}` : a;
    words.push(a);
  }
  const spec = { ...COMMON, ...(SPECS[path] ?? {}) };
  const flags = new Map<string, string[]>();
  const positional: string[] = [];
  for (; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      positional.push(...args.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq >= 0 ? a.slice(2, eq) : a.slice(2);
      const kind = spec[name];
      if (!kind) return { path, positional, flags, error: `unknown flag: --${name}` };
      let value: string;
      if (eq >= 0) value = a.slice(eq + 1);
      else if (kind === 'bool') value = 'true';
      else {
        if (i + 1 >= args.length) return { path, positional, flags, error: `flag needs an argument: --${name}` };
        value = args[++i]!;
      }
      flags.set(long(name), [...(flags.get(long(name)) ?? []), value]);
    } else if (a.startsWith('-') && a.length > 1) {
      const c = a[1]!;
      const kind = spec[c];
      if (!kind) return { path, positional, flags, error: `unknown shorthand flag: '${c}' in ${a}` };
      let value = 'true';
      if (kind === 'value') {
        if (a.length > 2) value = a.slice(a[2] === '=' ? 3 : 2);
        else if (i + 1 < args.length) value = args[++i]!;
        else return { path, positional, flags, error: `flag needs an argument: '${c}' in -${c}` };
      }
      flags.set(long(c), [...(flags.get(long(c)) ?? []), value]);
    } else positional.push(a);
  }
  return { path, positional, flags };
}

const long = (n: string) => ({ h: 'help', o: 'output', f: 'force' })[n] ?? n;

/** kubeadm's version: the installed rpm's, or the kubeadm preset's release. */
function installedVersion(m: Machine): string {
  return withV(m.os.packages.installed('kubeadm')?.version ?? K8S_VERSION);
}

function controlPlane(ctx: ProgramContext): ControlPlaneLifecycle | undefined {
  return (ctx.cluster as unknown as { controlPlane?: ControlPlaneLifecycle }).controlPlane;
}

export const kubeadm: Program = async (ctx) => {
  const m = here(ctx);
  if (!m || !m.os.hasCommand('kubeadm')) {
    ctx.err('bash: kubeadm: command not found\n');
    return 127;
  }
  const version = installedVersion(m);
  const minor = minorOf(version);
  const p = parse(ctx.args, minor);
  if (p.error) {
    ctx.err(`${p.error}\n${STACK_HINT}`);
    return 1;
  }
  if (p.flags.has('help') || p.path === 'help') {
    ctx.out(p.path === '' || p.path === 'help' ? ROOT_HELP(minor) : (SUB_HELP[p.path]?.(minor) ?? ROOT_HELP(minor)));
    return 0;
  }
  const env: KubeadmEnv = { ctx, m, cp: controlPlane(ctx), version, minor, flags: p.flags, positional: p.positional };
  switch (p.path) {
    case '':
      ctx.out(ROOT_HELP(minor));
      return 0;
    case 'version':
      return printVersion(env);
    case 'init':
      return init(env);
    case 'join':
      return join(env);
    case 'reset':
      return reset(env);
    case 'token list':
      return tokenList(env);
    case 'token create':
      return tokenCreate(env);
    case 'token generate':
      ctx.out(`${newToken(env)}\n`);
      return 0;
    case 'token delete':
      return tokenDelete(env);
    case 'config images list':
    case 'config images pull':
      return images(env, p.path.endsWith('pull'));
    case 'config view':
      return configView(env);
    case 'config print init-defaults':
      ctx.out(initDefaults(env));
      return 0;
    default: {
      if (GROUPS[p.path]) {
        const name = p.path.split(' ').at(-1)!;
        ctx.err(`${p.positional.length ? `invalid subcommand: "${p.positional[0]}"` : `missing subcommand; "${name}" is not meant to be run on its own`}\n${STACK_HINT}`);
        return 1;
      }
      ctx.err(`"kubeadm ${p.path}" is not available in this simulation\n`);
      return 1;
    }
  }
};

function printVersion(env: KubeadmEnv): number {
  const { ctx } = env;
  const info = versionInfo(env.version);
  const out = env.flags.get('output')?.at(-1) ?? '';
  const fields: [string, string][] = [
    ['major', info.major], ['minor', info.minor], ['gitVersion', info.gitVersion], ['gitCommit', info.gitCommit], ['gitTreeState', info.gitTreeState],
    ['buildDate', info.buildDate], ['goVersion', info.goVersion], ['compiler', info.compiler], ['platform', info.platform],
  ];
  if (out === '') {
    ctx.out(`kubeadm version: &version.Info{${fields.map(([k, v]) => `${k[0]!.toUpperCase()}${k.slice(1)}:"${v}"`).join(', ')}}\n`);
  } else if (out === 'short') ctx.out(`${info.gitVersion}\n`);
  else if (out === 'json') {
    ctx.out(`{\n  "clientVersion": {\n${fields.map(([k, v]) => `    "${k}": "${v}"`).join(',\n')}\n  }\n}\n`);
  } else if (out === 'yaml') {
    const quote = (k: string, v: string) => (k === 'major' || k === 'minor' || k === 'buildDate' ? `"${v}"` : v);
    ctx.out(`clientVersion:\n${[...fields].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => `  ${k}: ${quote(k, v)}`).join('\n')}\n`);
  } else {
    ctx.err(`invalid output format: ${out}\n${STACK_HINT}`);
    return 1;
  }
  return 0;
}

/** A fresh `[a-z0-9]{6}.[a-z0-9]{16}` token from the seeded random source. */
function newToken(env: KubeadmEnv): string {
  const abc = 'abcdefghijklmnopqrstuvwxyz0123456789';
  const pick = (n: number) => Array.from({ length: n }, () => abc[env.ctx.cluster.random.int(abc.length)]).join('');
  return `${pick(6)}.${pick(16)}`;
}

/** kubeadm token commands and `config view` talk to the API server with admin.conf. */
function needsCluster(env: KubeadmEnv): boolean {
  const { ctx, m, cp } = env;
  const kubeconfig = env.flags.get('kubeconfig')?.at(-1) ?? '/etc/kubernetes/admin.conf';
  if (!m.fs.exists(kubeconfig)) {
    ctx.err(`failed to load admin kubeconfig: open ${kubeconfig}: no such file or directory\n${STACK_HINT}`);
    return false;
  }
  if (!cp?.initialized) {
    const ip = env.m.ip;
    ctx.err(`Get "https://${ip}:6443/api/v1/namespaces/kube-system/secrets?fieldSelector=type%3Dbootstrap.kubernetes.io%2Ftoken": dial tcp ${ip}:6443: connect: connection refused\n${STACK_HINT}`);
    return false;
  }
  return true;
}

const ttl = (ms: number): string => {
  const h = Math.floor(ms / 3_600_000);
  if (h >= 1) return `${h}h`;
  const min = Math.floor(ms / 60_000);
  return min >= 1 ? `${min}m` : `${Math.max(0, Math.floor(ms / 1000))}s`;
};

/** Go's tabwriter(minwidth 10, tabwidth 4, padding 3): pad every column but the last. */
function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(10, ...rows.map((r) => (r[c] ?? '').length + 3)));
  return rows.map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]!))).join('')).join('\n') + '\n';
}

function tokenRow(t: BootstrapToken, now: number): string[] {
  const iso = new Date(t.expires).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return [t.token, ttl(t.expires - now), iso, t.usages.join(','), t.description || '<none>', t.groups.join(',')];
}

function tokenList(env: KubeadmEnv): number {
  if (!needsCluster(env)) return 1;
  const now = env.ctx.cluster.clock.now();
  const tokens = env.cp!.tokens().filter((t) => t.expires > now);
  if (!tokens.length) return 0;
  env.ctx.out(table([['TOKEN', 'TTL', 'EXPIRES', 'USAGES', 'DESCRIPTION', 'EXTRA GROUPS'], ...tokens.map((t) => tokenRow(t, now))]));
  return 0;
}

function tokenCreate(env: KubeadmEnv): number {
  if (!needsCluster(env)) return 1;
  const t = env.cp!.createToken(parseTtl(env.flags.get('ttl')?.at(-1)));
  if (env.flags.has('print-join-command')) {
    env.ctx.out(`kubeadm join ${env.m.ip}:6443 --token ${t.token} --discovery-token-ca-cert-hash ${env.cp!.caCertHash ?? ''} \n`);
  } else env.ctx.out(`${t.token}\n`);
  return 0;
}

function tokenDelete(env: KubeadmEnv): number {
  const { ctx } = env;
  if (!env.positional.length) {
    ctx.err(`missing subcommand; 'token delete' is missing token of form "^([a-z0-9]{6})\\.([a-z0-9]{16})$|^([a-z0-9]{6})$"\n${STACK_HINT}`);
    return 1;
  }
  if (!needsCluster(env)) return 1;
  for (const t of env.positional) ctx.out(`bootstrap token "${t.slice(0, 6)}" deleted\n`);
  return 0;
}

/** `24h0m0s`, `2h`, `30m` → ms; undefined for kubeadm's default. */
function parseTtl(s: string | undefined): number | undefined {
  if (!s) return undefined;
  let ms = 0;
  for (const [, n, u] of s.matchAll(/(\d+)(h|m|s)/g)) ms += Number(n) * (u === 'h' ? 3_600_000 : u === 'm' ? 60_000 : 1000);
  return ms;
}

function imageList(version: string): string[] {
  const r = releaseImages(version);
  const core = [componentImage(version, 'kube-apiserver'), componentImage(version, 'kube-controller-manager'), componentImage(version, 'kube-scheduler'), componentImage(version, 'kube-proxy')];
  // 1.21 lists pause, etcd, CoreDNS; recent releases list CoreDNS, pause, etcd
  return minorOf(version) < 26 ? [...core, r.pause, r.etcd, r.coredns] : [...core, r.coredns, r.pause, r.etcd];
}

async function images(env: KubeadmEnv, pull: boolean): Promise<number> {
  const { ctx } = env;
  const requested = env.flags.get('kubernetes-version')?.at(-1);
  const version = requested ? withV(requested) : env.version;
  const list = imageList(version);
  if (!pull) {
    ctx.out(list.map((i) => `${i}\n`).join(''));
    return 0;
  }
  const cri = chooseCri(env.m, env.minor, env.flags.get('cri-socket')?.at(-1));
  if ('error' in cri) {
    ctx.err(`${cri.error}\n${STACK_HINT}`);
    return 1;
  }
  for (const i of list) {
    await ctx.sleep(4_000);
    if (ctx.signal.aborted) return 130;
    ctx.out(`[config/images] Pulled ${i}\n`);
  }
  return 0;
}

function clusterConfiguration(env: KubeadmEnv): string {
  const version = env.cp?.kubernetesVersion ?? env.version;
  const minor = minorOf(version);
  const registry = releaseImages(version).registry;
  // v1beta4 (1.31+) dropped timeoutForControlPlane and made extraArgs a list; v1beta3 (1.22+) dropped dns.type
  const apiServer = minor >= 31 ? 'apiServer: {}\n' : 'apiServer:\n  extraArgs:\n    authorization-mode: Node,RBAC\n  timeoutForControlPlane: 4m0s\n';
  const v4 = minor >= 31;
  return `${apiServer}apiVersion: kubeadm.k8s.io/${minor < 22 ? 'v1beta2' : v4 ? 'v1beta4' : 'v1beta3'}
${v4 ? 'caCertificateValidityPeriod: 87600h0m0s\ncertificateValidityPeriod: 8760h0m0s\n' : ''}certificatesDir: /etc/kubernetes/pki
clusterName: kubernetes
controllerManager: {}
dns: ${minor < 22 ? '\n  type: CoreDNS' : '{}'}
${v4 ? 'encryptionAlgorithm: RSA-2048\n' : ''}etcd:
  local:
    dataDir: /var/lib/etcd
imageRepository: ${registry}
kind: ClusterConfiguration
kubernetesVersion: ${version}
networking:
  dnsDomain: cluster.local
  serviceSubnet: 10.96.0.0/12
${v4 ? 'proxy: {}\n' : ''}scheduler: {}
`.replace('dns: \n', 'dns:\n');
}

function configView(env: KubeadmEnv): number {
  // removed in 1.22: the parser already answers `invalid subcommand: "view"` there
  env.ctx.err(`Command "view" is deprecated, This command is deprecated and will be removed in a future release, please use 'kubectl get cm -o yaml -n kube-system kubeadm-config' to get the kubeadm config directly.\n`);
  if (!needsCluster(env)) return 1;
  env.ctx.out(clusterConfiguration(env));
  return 0;
}

function initDefaults(env: KubeadmEnv): string {
  const v1beta = env.minor < 22 ? 'v1beta2' : env.minor < 31 ? 'v1beta3' : 'v1beta4';
  const cri = env.minor < 24 ? '/var/run/dockershim.sock' : 'unix:///var/run/containerd/containerd.sock';
  return `apiVersion: kubeadm.k8s.io/${v1beta}
bootstrapTokens:
- groups:
  - system:bootstrappers:kubeadm:default-node-token
  token: abcdef.0123456789abcdef
  ttl: 24h0m0s
  usages:
  - signing
  - authentication
kind: InitConfiguration
localAPIEndpoint:
  advertiseAddress: 1.2.3.4
  bindPort: 6443
nodeRegistration:
  criSocket: ${cri}
  imagePullPolicy: IfNotPresent
  name: node
  taints: null
---
${clusterConfiguration(env).replace(/kubernetesVersion: .*/, `kubernetesVersion: ${env.version.startsWith('v') ? env.version.slice(1) : env.version}`)}`;
}

const RESET_FILES = (minor: number) => ['/etc/kubernetes/admin.conf', ...(minor >= 29 ? ['/etc/kubernetes/super-admin.conf'] : []), '/etc/kubernetes/kubelet.conf', '/etc/kubernetes/bootstrap-kubelet.conf', '/etc/kubernetes/controller-manager.conf', '/etc/kubernetes/scheduler.conf'];

function cleanDir(m: Machine, dir: string): void {
  if (!m.fs.exists(dir) || !m.fs.isDir(dir)) return;
  for (const name of m.fs.list(dir)) m.fs.remove(`${dir}/${name}`, { recursive: true });
}

async function reset(env: KubeadmEnv): Promise<number> {
  const { ctx, m, minor, cp } = env;
  const force = env.flags.has('force');
  const adminConf = m.fs.exists('/etc/kubernetes/admin.conf');
  // the API answers only on an initialized, healthy control plane; otherwise kubeadm goes on without its config
  const haveConfig = adminConf && cp?.initialized === true && cp.health() === 'ok';
  const isControlPlane = m.fs.exists('/etc/kubernetes/manifests/etcd.yaml');
  if (haveConfig) {
    if (minor < 31) {
      ctx.out('[reset] Reading configuration from the cluster...\n');
      ctx.out("[reset] FYI: You can look at this config file with 'kubectl -n kube-system get cm kubeadm-config -o yaml'\n");
    } else {
      ctx.out('[reset] Reading configuration from the "kubeadm-config" ConfigMap in namespace "kube-system"...\n');
      ctx.out("[reset] Use 'kubeadm init phase upload-config --config your-config.yaml' to re-upload it.\n");
    }
  } else if (adminConf) {
    const ip = /server: https:\/\/([\d.]+):/.exec(m.fs.read('/etc/kubernetes/admin.conf'))?.[1] ?? m.ip;
    ctx.err(`${klog(env, 'W', 'reset.go:124')}[reset] Unable to fetch the kubeadm-config ConfigMap from cluster: failed to get config map: Get "https://${ip}:6443/api/v1/namespaces/kube-system/configmaps/kubeadm-config?timeout=10s": dial tcp ${ip}:6443: connect: connection refused\n`);
  }
  if (!force) {
    ctx.out("[reset] WARNING: Changes made to this host by 'kubeadm init' or 'kubeadm join' will be reverted.\n");
    ctx.out('[reset] Are you sure you want to proceed? [y/N]: ');
    // piped stdin answers; otherwise the line typed at the terminal (none, e.g. Ctrl-D, reads as "no")
    const typed = ctx.stdin === null ? await (ctx.readLine?.() ?? Promise.resolve(null)) : ctx.stdin.split('\n')[0]!;
    if (typed === null) ctx.out('\n');
    const answer = (typed ?? '').trim().toLowerCase();
    if (answer !== 'y') {
      ctx.err(`error execution phase preflight: aborted reset operation\n${STACK_HINT}`);
      return 1;
    }
  }
  ctx.out('[preflight] Running pre-flight checks\n');
  if (haveConfig && isControlPlane && minor < 31) ctx.out(`[reset] Removing info for node "${m.name}" from the ConfigMap "kubeadm-config" in the "kube-system" Namespace\n`);
  if (isControlPlane && !haveConfig) ctx.err(`${klog(env, 'W', 'removeetcdmember.go:106')}[reset] No kubeadm config, using etcd pod spec to get data directory\n`);
  if (isControlPlane && minor >= 31) ctx.out('[reset] Deleted contents of the etcd data directory: /var/lib/etcd\n');
  ctx.out('[reset] Stopping the kubelet service\n');
  m.unit('kubelet')?.stop();
  ctx.out('[reset] Unmounting mounted directories in "/var/lib/kubelet"\n');
  const cri = chooseCri(m, minor, env.flags.get('cri-socket')?.at(-1));
  if (minor < 24 && !('error' in cri) && !cri.docker) ctx.out('[reset] Removing Kubernetes-managed containers\n');
  try {
    cp?.reset(m.name);
  } catch {
    // the lifecycle stub: the files below are still removed
  }
  if (minor < 31) {
    ctx.out('[reset] Deleting contents of config directories: [/etc/kubernetes/manifests /etc/kubernetes/pki]\n');
    ctx.out(`[reset] Deleting files: [${RESET_FILES(minor).join(' ')}]\n`);
    const stateful = [...(isControlPlane || m.fs.exists('/var/lib/etcd') ? ['/var/lib/etcd'] : []), '/var/lib/kubelet', '/var/lib/dockershim', '/var/run/kubernetes', '/var/lib/cni'];
    ctx.out(`[reset] Deleting contents of stateful directories: [${stateful.join(' ')}]\n`);
    for (const d of ['/etc/kubernetes/manifests', '/etc/kubernetes/pki', ...stateful]) cleanDir(m, d);
  } else {
    ctx.out('[reset] Deleting contents of directories: [/etc/kubernetes/manifests /var/lib/kubelet /etc/kubernetes/pki]\n');
    ctx.out(`[reset] Deleting files: [${RESET_FILES(minor).join(' ')}]\n`);
    for (const d of ['/etc/kubernetes/manifests', '/var/lib/kubelet', '/etc/kubernetes/pki', '/var/lib/etcd']) cleanDir(m, d);
  }
  for (const f of RESET_FILES(minor)) if (m.fs.exists(f)) m.fs.remove(f);
  if (minor < 27) {
    ctx.out(`
The reset process does not clean CNI configuration. To do so, you must remove /etc/cni/net.d

The reset process does not reset or clean up iptables rules or IPVS tables.
If you wish to reset iptables, you must do so manually by using the "iptables" command.

If your cluster was setup to utilize IPVS, run ipvsadm --clear (or similar)
to reset your system's IPVS tables.

The reset process does not clean your kubeconfig files and you must remove them manually.
Please, check the contents of the $HOME/.kube/config file.
`);
  } else {
    ctx.out(`
The reset process does not perform cleanup of CNI plugin configuration,
network filtering rules and kubeconfig files.

For information on how to perform this cleanup manually, please see:
    https://k8s.io/docs/reference/setup-tools/kubeadm/kubeadm-reset/

`);
  }
  return 0;
}
