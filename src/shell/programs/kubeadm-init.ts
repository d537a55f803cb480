// `kubeadm init` and `kubeadm join`: pre-flight, the phases with each release's wording, and the
// ways they fail (a kubelet that cannot start, a control plane that never gets healthy, discovery).
import type { ProgramContext } from '../../kubectl/context.ts';
import type { Machine } from '../../cluster/hosts/index.ts';
import type { ControlPlaneLifecycle, InitResult } from '../../cluster/bootstrap/control-plane.ts';
import { chooseCri, criConnectError, ignoredSet, runChecks, SYSTEM_VERIFICATION_REPORT, type CriChoice, type CheckResult } from './kubeadm-preflight.ts';

export const STACK_HINT = 'To see the stack trace of this error execute with --v=5 or higher\n';
const NON_FATAL = "[preflight] If you know what you are doing, you can make a check non-fatal with `--ignore-preflight-errors=...`\n";
const TOKEN_RE = /^([a-z0-9]{6})\.([a-z0-9]{16})$/;

export interface KubeadmEnv {
  ctx: ProgramContext;
  m: Machine;
  cp: ControlPlaneLifecycle | undefined;
  /** kubeadm's own version: `v1.21.1` */
  version: string;
  minor: number;
  flags: Map<string, string[]>;
  positional: string[];
}

const flag = (env: KubeadmEnv, name: string): string | undefined => env.flags.get(name)?.at(-1);

/** `4.500731927s` / `7.502943 seconds` style fractions from the seeded random source. */
function frac(env: KubeadmEnv, digits: number): string {
  let s = '';
  for (let i = 0; i < digits; i++) s += String(env.ctx.cluster.random.int(10));
  return s;
}

/** Print the pre-flight results as RunChecks does; returns false when something fatal was found. */
async function preflight(env: KubeadmEnv, results: CheckResult[]): Promise<boolean> {
  const { ctx } = env;
  const ignore = ignoredSet(env.flags.get('ignore-preflight-errors') ?? []);
  let errors = '';
  for (const r of results) {
    // the system validators print their report on stdout while they run, before the check's lines
    if (r.name === 'SystemVerification' && r.errors.length) ctx.out(`[preflight] The system verification failed. Printing the output from the verification:\n${SYSTEM_VERIFICATION_REPORT}`);
    const ignored = ignore.has('all') || ignore.has(r.name.toLowerCase());
    for (const w of [...r.warnings, ...(ignored ? r.errors : [])]) ctx.err(`\t[WARNING ${r.name}]: ${w}\n`);
    if (!ignored) for (const e of r.errors) errors += `\t[ERROR ${r.name}]: ${e}\n`;
  }
  await ctx.sleep(1200);
  if (!errors) return true;
  ctx.err(`error execution phase preflight: [preflight] Some fatal errors occurred:\n${errors}${NON_FATAL}${STACK_HINT}`);
  return false;
}

/** klog's header: `W1122 07:36:58.123456    1234 checks.go:1077] ` */
export function klog(env: KubeadmEnv, level: 'W' | 'I', where: string): string {
  const d = new Date(env.ctx.cluster.clock.now());
  const p = (n: number) => String(n).padStart(2, '0');
  return `${level}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}.${frac(env, 6)}    ${1000 + env.ctx.cluster.random.int(9000)} ${where}] `;
}

function criOrError(env: KubeadmEnv): CriChoice | undefined {
  const cri = chooseCri(env.m, env.minor, flag(env, 'cri-socket'));
  if ('error' in cri) {
    env.ctx.err(`${cri.error}\n${STACK_HINT}`);
    return undefined;
  }
  return cri;
}

/** The kubelet's cgroup driver as kubeadm configures it: Docker's own under dockershim, systemd by default from 1.22, else the kubelet's default (cgroupfs). */
function kubeletCgroupDriver(env: KubeadmEnv, cri: CriChoice): string {
  if (cri.docker) return cri.endpoint?.cgroupDriver ?? 'cgroupfs';
  return env.minor >= 22 ? 'systemd' : 'cgroupfs';
}

const TROUBLE_KUBELET = `\t- The kubelet is not running
\t- The kubelet is unhealthy due to a misconfiguration of the node in some way (required cgroups disabled)

If you are on a systemd-powered system, you can try to troubleshoot the error with the following commands:
\t- 'systemctl status kubelet'
\t- 'journalctl -xeu kubelet'
`;

function troubleContainers(cri: CriChoice, minor: number): string {
  if (cri.docker) {
    return `Additionally, a control plane component may have crashed or exited when started by the container runtime.
To troubleshoot, list all containers using your preferred container runtimes CLI.

Here is one example how you may list all Kubernetes containers running in docker:
\t- 'docker ps -a | grep kube | grep -v pause'
\tOnce you have found the failing container, you can inspect its logs with:
\t- 'docker logs CONTAINERID'
`;
  }
  if (minor < 24) {
    return `Additionally, a control plane component may have crashed or exited when started by the container runtime.
To troubleshoot, list all containers using your preferred container runtimes CLI.

Here is one example how you may list all Kubernetes containers running in cri-o/containerd using crictl:
\t- 'crictl --runtime-endpoint ${cri.socket} ps -a | grep kube | grep -v pause'
\tOnce you have found the failing container, you can inspect its logs with:
\t- 'crictl --runtime-endpoint ${cri.socket} logs CONTAINERID'
`;
  }
  return `Additionally, a control plane component may have crashed or exited when started by the container runtime.
To troubleshoot, list all containers using your preferred container runtimes CLI.
Here is one example how you may list all running Kubernetes containers by using crictl:
\t- 'crictl --runtime-endpoint ${cri.socket} ps -a | grep kube | grep -v pause'
\tOnce you have found the failing container, you can inspect its logs with:
\t- 'crictl --runtime-endpoint ${cri.socket} logs CONTAINERID'
`;
}

/** 1.21's kubelet-check while the kubelet's health port refuses connections. */
async function legacyKubeletCheck(env: KubeadmEnv, kubeletOk: boolean): Promise<void> {
  const { ctx } = env;
  await ctx.sleep(40_000);
  ctx.out('[kubelet-check] Initial timeout of 40s passed.\n');
  if (kubeletOk) return;
  for (const wait of [0, 5_000, 10_000, 20_000, 40_000]) {
    await ctx.sleep(wait);
    ctx.out("[kubelet-check] It seems like the kubelet isn't running or healthy.\n");
    ctx.out(`[kubelet-check] The HTTP call equal to 'curl -sSL http://localhost:10248/healthz' failed with error: Get "http://localhost:10248/healthz": dial tcp [::1]:10248: connect: connection refused.\n`);
  }
}

export async function init(env: KubeadmEnv): Promise<number> {
  const { ctx, m, minor } = env;
  const cp = env.cp;
  const token = flag(env, 'token');
  if (token !== undefined && !TOKEN_RE.test(token)) {
    ctx.err(`the bootstrap token "${token}" was not of the form "^([a-z0-9]{6})\\.([a-z0-9]{16})$"\n${STACK_HINT}`);
    return 1;
  }
  const config = flag(env, 'config');
  const fromConfig: Record<string, string> = {};
  if (config !== undefined) {
    const path = config.startsWith('/') ? config : `${ctx.cwd}/${config}`;
    if (!m.fs.exists(path) || m.fs.isDir(path)) {
      ctx.err(`unable to read config from "${config}" : open ${config}: no such file or directory\n${STACK_HINT}`);
      return 1;
    }
    // the fields the course's configs set; the rest keeps kubeadm's defaults
    for (const [, k, v] of m.fs.read(path).matchAll(/^\s*(kubernetesVersion|podSubnet|serviceSubnet|advertiseAddress|criSocket):\s*"?([^"\s]+)"?\s*$/gm)) fromConfig[k!] = v!;
  }
  if (fromConfig.criSocket && !env.flags.has('cri-socket')) env.flags.set('cri-socket', [fromConfig.criSocket]);
  const cri = criOrError(env);
  if (!cri) return 1;
  const requested = flag(env, 'kubernetes-version') ?? fromConfig.kubernetesVersion;
  const k8sVersion = requested ? (requested.startsWith('v') ? requested : `v${requested}`) : env.version;
  if (!/^v\d+\.\d+\.\d+$/.test(k8sVersion)) {
    ctx.err(`couldn't parse Kubernetes version "${requested}"\n${STACK_HINT}`);
    return 1;
  }
  const advertise = flag(env, 'apiserver-advertise-address') ?? fromConfig.advertiseAddress ?? m.ip;
  if (fromConfig.podSubnet && !env.flags.has('pod-network-cidr')) env.flags.set('pod-network-cidr', [fromConfig.podSubnet]);
  if (fromConfig.serviceSubnet && !env.flags.has('service-cidr')) env.flags.set('service-cidr', [fromConfig.serviceSubnet]);
  ctx.out(`[init] Using Kubernetes version: ${k8sVersion}\n`);
  ctx.out('[preflight] Running pre-flight checks\n');
  const connErr = minor >= 31 ? criConnectError(cri, minor) : undefined;
  if (connErr) ctx.err(`${klog(env, 'W', 'checks.go:1077')}[preflight] WARNING: Couldn't create the interface used for talking to the container runtime: ${connErr}\n`);
  const results = runChecks({ m, cp, minor, kubeadmVersion: env.version, k8sVersion, cri, mode: 'init', apiEndpointIp: advertise, now: ctx.cluster.clock.now() });
  if (!(await preflight(env, results))) return 1;
  ctx.out('[preflight] Pulling images required for setting up a Kubernetes cluster\n');
  ctx.out('[preflight] This might take a minute or two, depending on the speed of your internet connection\n');
  ctx.out(`[preflight] You can also perform this action ${minor < 22 ? 'in beforehand' : 'beforehand'} using 'kubeadm config images pull'\n`);
  if (connErr) {
    ctx.err(`error execution phase preflight: [preflight] Some fatal errors occurred:\n${connErr}${NON_FATAL}${STACK_HINT}`);
    return 1;
  }
  await ctx.sleep(cp?.controlPlaneNode === m.name ? 2_000 : 28_000);
  if (ctx.signal.aborted) return 130;

  const host = m.name;
  const svcIp = serviceIp(flag(env, 'service-cidr') ?? '10.96.0.0/12');
  const certs = [
    '[certs] Using certificateDir folder "/etc/kubernetes/pki"',
    '[certs] Generating "ca" certificate and key',
    '[certs] Generating "apiserver" certificate and key',
    `[certs] apiserver serving cert is signed for DNS names [${[host, 'kubernetes', 'kubernetes.default', 'kubernetes.default.svc', 'kubernetes.default.svc.cluster.local'].sort().join(' ')}] and IPs [${svcIp} ${advertise}]`,
    '[certs] Generating "apiserver-kubelet-client" certificate and key',
    '[certs] Generating "front-proxy-ca" certificate and key',
    '[certs] Generating "front-proxy-client" certificate and key',
    '[certs] Generating "etcd/ca" certificate and key',
    '[certs] Generating "etcd/server" certificate and key',
    `[certs] etcd/server serving cert is signed for DNS names [${[host, 'localhost'].sort().join(' ')}] and IPs [${advertise} 127.0.0.1 ::1]`,
    '[certs] Generating "etcd/peer" certificate and key',
    `[certs] etcd/peer serving cert is signed for DNS names [${[host, 'localhost'].sort().join(' ')}] and IPs [${advertise} 127.0.0.1 ::1]`,
    '[certs] Generating "etcd/healthcheck-client" certificate and key',
    '[certs] Generating "apiserver-etcd-client" certificate and key',
    '[certs] Generating "sa" key and public key',
    '[kubeconfig] Using kubeconfig folder "/etc/kubernetes"',
    '[kubeconfig] Writing "admin.conf" kubeconfig file',
    ...(minor >= 29 ? ['[kubeconfig] Writing "super-admin.conf" kubeconfig file'] : []),
    '[kubeconfig] Writing "kubelet.conf" kubeconfig file',
    '[kubeconfig] Writing "controller-manager.conf" kubeconfig file',
    '[kubeconfig] Writing "scheduler.conf" kubeconfig file',
  ];
  const kubeletStart = [
    '[kubelet-start] Writing kubelet environment file with flags to file "/var/lib/kubelet/kubeadm-flags.env"',
    '[kubelet-start] Writing kubelet configuration to file "/var/lib/kubelet/config.yaml"',
    '[kubelet-start] Starting the kubelet',
  ];
  const controlPlane = [
    '[control-plane] Using manifest folder "/etc/kubernetes/manifests"',
    '[control-plane] Creating static Pod manifest for "kube-apiserver"',
    '[control-plane] Creating static Pod manifest for "kube-controller-manager"',
    '[control-plane] Creating static Pod manifest for "kube-scheduler"',
  ];
  const etcd = ['[etcd] Creating static Pod manifest for local etcd in "/etc/kubernetes/manifests"'];
  // 1.21 starts the kubelet before writing the manifests; since 1.26 it comes last
  const phases = minor < 26 ? [...certs, ...kubeletStart, ...controlPlane, ...etcd] : [...certs, ...etcd, ...controlPlane, ...kubeletStart];
  const kubeletDriver = kubeletCgroupDriver(env, cri);
  let result: InitResult;
  try {
    if (!cp) throw new Error('no control-plane lifecycle on this cluster');
    result = cp.init({ node: host, kubernetesVersion: k8sVersion, advertiseAddress: advertise, criSocket: cri.socket, cgroupDriver: kubeletDriver, podNetworkCidr: flag(env, 'pod-network-cidr'), serviceCidr: flag(env, 'service-cidr'), token });
  } catch (e) {
    for (const l of phases) ctx.out(`${l}\n`);
    ctx.err(`error execution phase kubelet-start: ${(e as Error).message}\n${STACK_HINT}`);
    return 1;
  }
  for (const l of phases) {
    ctx.out(`${l}\n`);
    await ctx.sleep(l.startsWith('[certs] Generating') ? 250 : 40);
  }
  // the lifecycle restarted the kubelet: it stays down (swap, no runtime) or the static pods crash-loop (cgroup driver)
  const kubeletOk = result.failure !== 'kubelet-down';
  const controlPlaneOk = !result.failure;
  const waitLine = '[wait-control-plane] Waiting for the kubelet to boot up the control plane as static Pods from directory "/etc/kubernetes/manifests"';
  if (minor < 30) {
    ctx.out(`${waitLine}. This can take up to 4m0s\n`);
    if (!controlPlaneOk) {
      await legacyKubeletCheck(env, kubeletOk);
      await ctx.sleep(kubeletOk ? 200_000 : 125_000);
      ctx.out(`\nUnfortunately, an error has occurred:\n\ttimed out waiting for the condition\n\nThis error is likely caused by:\n${TROUBLE_KUBELET}\n${troubleContainers(cri, minor)}\n`);
      ctx.err(`error execution phase wait-control-plane: couldn't initialize a Kubernetes cluster\n${STACK_HINT}`);
      return 1;
    }
    const secs = 6 + env.ctx.cluster.random.int(4);
    await ctx.sleep(secs * 1000);
    ctx.out(`[apiclient] All control plane components are healthy after ${secs}.${frac(env, 6)} seconds\n`);
  } else {
    ctx.out(`${waitLine}\n`);
    ctx.out(`[kubelet-check] Waiting for a healthy kubelet${minor >= 31 ? ' at http://127.0.0.1:10248/healthz' : ''}. This can take up to 4m0s\n`);
    if (!kubeletOk) {
      await ctx.sleep(240_000);
      ctx.out(`[kubelet-check] The kubelet is not healthy after 4m0.000${frac(env, 6)}s\n\nUnfortunately, an error has occurred:\n\tThe HTTP call equal to 'curl -sSL http://127.0.0.1:10248/healthz' returned error: Get "http://127.0.0.1:10248/healthz": dial tcp 127.0.0.1:10248: connect: connection refused\n\n\nThis error is likely caused by:\n${TROUBLE_KUBELET}\n${troubleContainers(cri, minor)}`);
      ctx.err(`error execution phase wait-control-plane: couldn't initialize a Kubernetes cluster\n${STACK_HINT}`);
      return 1;
    }
    await ctx.sleep(500);
    ctx.out(`[kubelet-check] The kubelet is healthy after 50${frac(env, 1)}.${frac(env, 6)}ms\n`);
    ctx.out('[api-check] Waiting for a healthy API server. This can take up to 4m0s\n');
    if (!controlPlaneOk) {
      await ctx.sleep(240_000);
      ctx.out(`[api-check] The API server is not healthy after 4m0.000${frac(env, 6)}s\n\nUnfortunately, an error has occurred:\n\tcontext deadline exceeded\n\nThis error is likely caused by:\n${TROUBLE_KUBELET}\n${troubleContainers(cri, minor)}`);
      ctx.err(`error execution phase wait-control-plane: couldn't initialize a Kubernetes cluster\n${STACK_HINT}`);
      return 1;
    }
    const ms = 4000 + env.ctx.cluster.random.int(2000);
    await ctx.sleep(ms);
    ctx.out(`[api-check] The API server is healthy after ${Math.floor(ms / 1000)}.${String(ms % 1000).padStart(3, '0')}${frac(env, 6)}s\n`);
  }
  const rbac = minor < 22 ? 'configured' : 'Configured';
  const labels = minor < 24 ? 'node-role.kubernetes.io/master(deprecated) node-role.kubernetes.io/control-plane node.kubernetes.io/exclude-from-external-load-balancers' : 'node-role.kubernetes.io/control-plane node.kubernetes.io/exclude-from-external-load-balancers';
  const taints = minor < 24 ? 'node-role.kubernetes.io/master:NoSchedule' : 'node-role.kubernetes.io/control-plane:NoSchedule';
  const tail = [
    '[upload-config] Storing the configuration used in ConfigMap "kubeadm-config" in the "kube-system" Namespace',
    `[kubelet] Creating a ConfigMap "${minor < 24 ? `kubelet-config-1.${minor}` : 'kubelet-config'}" in namespace kube-system with the configuration for the kubelets in the cluster`,
    '[upload-certs] Skipping phase. Please see --upload-certs',
    `[mark-control-plane] Marking the node ${host} as control-plane by adding the labels: [${labels}]`,
    `[mark-control-plane] Marking the node ${host} as control-plane by adding the taints [${taints}]`,
    `[bootstrap-token] Using token: ${result.token}`,
    '[bootstrap-token] Configuring bootstrap tokens, cluster-info ConfigMap, RBAC Roles',
    `[bootstrap-token] ${rbac} RBAC rules to allow Node Bootstrap tokens to get nodes`,
    `[bootstrap-token] ${rbac} RBAC rules to allow Node Bootstrap tokens to post CSRs in order for nodes to get long term certificate credentials`,
    `[bootstrap-token] ${rbac} RBAC rules to allow the csrapprover controller automatically approve CSRs from a Node Bootstrap Token`,
    `[bootstrap-token] ${rbac} RBAC rules to allow certificate rotation for all node client certificates in the cluster`,
    '[bootstrap-token] Creating the "cluster-info" ConfigMap in the "kube-public" namespace',
    '[kubelet-finalize] Updating "/etc/kubernetes/kubelet.conf" to point to a rotatable kubelet client certificate and key',
    '[addons] Applied essential addon: CoreDNS',
    '[addons] Applied essential addon: kube-proxy',
  ];
  for (const l of tail) {
    ctx.out(`${l}\n`);
    await ctx.sleep(60);
  }
  ctx.out(`
Your Kubernetes control-plane has initialized successfully!

To start using your cluster, you need to run the following as a regular user:

  mkdir -p $HOME/.kube
  sudo cp -i /etc/kubernetes/admin.conf $HOME/.kube/config
  sudo chown $(id -u):$(id -g) $HOME/.kube/config

Alternatively, if you are the root user, you can run:

  export KUBECONFIG=/etc/kubernetes/admin.conf

You should now deploy a pod network to the cluster.
Run "kubectl apply -f [podnetwork].yaml" with one of the options listed at:
  https://kubernetes.io/docs/concepts/cluster-administration/addons/

Then you can join any number of worker nodes by running the following on each as root:

kubeadm join ${result.endpoint} --token ${result.token} \\
\t--discovery-token-ca-cert-hash ${result.caCertHash} 
`);
  return 0;
}


/** The first address of the Service CIDR: the `kubernetes` Service's ClusterIP. */
function serviceIp(cidr: string): string {
  const [ip] = cidr.split('/');
  const o = (ip ?? '10.96.0.0').split('.').map(Number);
  return `${o[0]}.${o[1]}.${o[2]}.${(o[3] ?? 0) + 1}`;
}

/** A join endpoint that is not the control plane's address: nothing there, or a machine that refuses. */
function wrongEndpoint(env: KubeadmEnv, endpoint: string): 'refused' | 'unreachable' | undefined {
  const hosts = env.ctx.cluster.hosts as unknown as { names(): string[]; get(n: string): Machine | undefined };
  const hostPart = endpoint.replace(/:\d+$/, '');
  const ip = /^\d+\.\d+\.\d+\.\d+$/.test(hostPart) ? hostPart : env.m.resolve(hostPart);
  const target = hosts.names().map((n) => hosts.get(n)).find((x) => x?.ip === ip);
  if (!target) return 'unreachable';
  if (env.cp?.controlPlaneNode && env.cp.controlPlaneNode !== target.name) return 'refused';
  return undefined;
}

export async function join(env: KubeadmEnv): Promise<number> {
  const { ctx, m, minor, cp } = env;
  const endpoint = env.positional[0];
  const token = flag(env, 'token') ?? flag(env, 'discovery-token');
  const hashes = env.flags.get('discovery-token-ca-cert-hash') ?? [];
  const unsafe = env.flags.has('discovery-token-unsafe-skip-ca-verification');
  if (!endpoint || !token) {
    ctx.err(`discovery: Invalid value: "": bootstrapToken or file must be set\n${STACK_HINT}`);
    return 1;
  }
  if (!TOKEN_RE.test(token)) {
    ctx.err(`discovery.bootstrapToken.token: Invalid value: "${token}": the bootstrap token is invalid\n${STACK_HINT}`);
    return 1;
  }
  if (!hashes.length && !unsafe) {
    ctx.err(`discovery.bootstrapToken: Invalid value: "": using token-based discovery without caCertHashes can be unsafe. Set unsafeSkipCAVerification as true in your kubeadm config file or pass --discovery-token-unsafe-skip-ca-verification flag to continue\n${STACK_HINT}`);
    return 1;
  }
  const cri = criOrError(env);
  if (!cri) return 1;
  ctx.out('[preflight] Running pre-flight checks\n');
  const connErr = minor >= 31 ? criConnectError(cri, minor) : undefined;
  if (connErr) ctx.err(`${klog(env, 'W', 'checks.go:1077')}[preflight] WARNING: Couldn't create the interface used for talking to the container runtime: ${connErr}\n`);
  const results = runChecks({ m, cp, minor, kubeadmVersion: env.version, k8sVersion: '', cri, mode: 'join', apiEndpointIp: endpoint.replace(/:\d+$/, ''), now: ctx.cluster.clock.now() });
  if (!(await preflight(env, results))) return 1;
  const apiUrl = `https://${endpoint}/api/v1/namespaces/kube-public/configmaps/cluster-info?timeout=10s`;
  const wrong = wrongEndpoint(env, endpoint);
  const check = wrong ? { ok: false as const, error: wrong } : cp ? cp.checkJoin(m.name, token, hashes[0] ?? (unsafe ? cp.caCertHash ?? '' : '')) : { ok: false as const, error: 'refused' as const };
  const fail = async (why: string, wait: number) => {
    await ctx.sleep(wait);
    ctx.err(`error execution phase preflight: couldn't validate the identity of the API Server: ${why}\n${STACK_HINT}`);
    return 1;
  };
  if (!check.ok) {
    const host = endpoint.replace(/:\d+$/, '');
    const port = /:(\d+)$/.exec(endpoint)?.[1] ?? '6443';
    switch (check.error) {
      case 'token':
        return fail(`could not find a JWS signature in the cluster-info ConfigMap for token ID "${token.slice(0, 6)}"`, 300_000);
      case 'hash':
        return fail(`cluster CA found in cluster-info ConfigMap is invalid: none of the public keys "${cp?.caCertHash ?? 'sha256:'}" are pinned`, 300);
      case 'refused':
        return fail(`Get "${apiUrl}": dial tcp ${host}:${port}: connect: connection refused`, 300_000);
      case 'unreachable':
        return fail(`Get "${apiUrl}": dial tcp ${host}:${port}: connect: no route to host`, 300_000);
      default:
        return fail(`Get "${apiUrl}": net/http: request canceled while waiting for connection (Client.Timeout exceeded while awaiting headers)`, 300_000);
    }
  }
  await ctx.sleep(800);
  if (minor < 31) {
    ctx.out('[preflight] Reading configuration from the cluster...\n');
    ctx.out("[preflight] FYI: You can look at this config file with 'kubectl -n kube-system get cm kubeadm-config -o yaml'\n");
  } else {
    ctx.out('[preflight] Reading configuration from the "kubeadm-config" ConfigMap in namespace "kube-system"...\n');
    ctx.out("[preflight] Use 'kubeadm init phase upload-config --config your-config.yaml' to re-upload it.\n");
  }
  const kubeletPkg = m.os.packages.installed('kubelet');
  const kubeletDriver = kubeletCgroupDriver(env, cri);
  try {
    cp!.join({ node: m.name, criSocket: cri.socket, cgroupDriver: kubeletDriver, kubeletVersion: kubeletPkg?.version ?? env.version.replace(/^v/, '') });
  } catch (e) {
    ctx.err(`error execution phase kubelet-start: ${(e as Error).message}\n${STACK_HINT}`);
    return 1;
  }
  ctx.out('[kubelet-start] Writing kubelet configuration to file "/var/lib/kubelet/config.yaml"\n');
  ctx.out('[kubelet-start] Writing kubelet environment file with flags to file "/var/lib/kubelet/kubeadm-flags.env"\n');
  ctx.out('[kubelet-start] Starting the kubelet\n');
  const ok = cp!.daemonRunning(m.name, 'kubelet');
  if (minor < 30) {
    ctx.out('[kubelet-start] Waiting for the kubelet to perform the TLS Bootstrap...\n');
    if (!ok) {
      await legacyKubeletCheck(env, false);
      await ctx.sleep(125_000);
      ctx.out(`\nUnfortunately, an error has occurred:\n\ttimed out waiting for the condition\n\nThis error is likely caused by:\n${TROUBLE_KUBELET}`);
      ctx.err(`error execution phase kubelet-start: timed out waiting for the condition\n${STACK_HINT}`);
      return 1;
    }
    await ctx.sleep(3_000);
  } else {
    ctx.out(`[kubelet-check] Waiting for a healthy kubelet${minor >= 31 ? ' at http://127.0.0.1:10248/healthz' : ''}. This can take up to 4m0s\n`);
    if (!ok) {
      await ctx.sleep(240_000);
      ctx.out(`[kubelet-check] The kubelet is not healthy after 4m0.000${frac(env, 6)}s\n\nUnfortunately, an error has occurred, likely caused by:\n${TROUBLE_KUBELET}\n`);
      ctx.err(`error execution phase kubelet-start: The HTTP call equal to 'curl -sSL http://127.0.0.1:10248/healthz' returned error: Get "http://127.0.0.1:10248/healthz": dial tcp 127.0.0.1:10248: connect: connection refused\n${STACK_HINT}`);
      return 1;
    }
    await ctx.sleep(1_000);
    ctx.out(`[kubelet-check] The kubelet is healthy after 1.00${frac(env, 7)}s\n`);
    ctx.out('[kubelet-start] Waiting for the kubelet to perform the TLS Bootstrap\n');
    await ctx.sleep(2_000);
  }
  ctx.out(`
This node has joined the cluster:
* Certificate signing request was sent to apiserver and a response was received.
* The Kubelet was informed of the new secure connection details.

Run 'kubectl get nodes' on the control-plane to see this node join the cluster.

`);
  return 0;
}
