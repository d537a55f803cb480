import { describe, expect, it } from 'vitest';
import { bare, install, prepare, notes121, modern132 } from './kubeadm-setup.ts';

const JOIN_RE = /kubeadm join (10\.0\.2\.15:6443) --token ([a-z0-9]{6}\.[a-z0-9]{16}) \\\n\t--discovery-token-ca-cert-hash (sha256:[0-9a-f]{64}) \n$/;

/** An initialized 1.21.1 master (the notes' path) and its join command. */
async function master121() {
  const b = bare();
  const m = b.machine('master');
  prepare(m);
  notes121(m);
  const r = await b.run('kubeadm init --kubernetes-version=v1.21.1');
  expect(r.status).toBe(0);
  const [, endpoint, token, hash] = JOIN_RE.exec(r.out)!;
  return { ...b, init: r, endpoint: endpoint!, token: token!, hash: hash!, join: `kubeadm join ${endpoint} --token ${token} --discovery-token-ca-cert-hash ${hash}` };
}

describe('kubeadm version and usage', () => {
  it('is not there before the kubeadm rpm is installed', async () => {
    const b = bare();
    expect(await b.run('kubeadm version')).toEqual({ out: 'bash: kubeadm: command not found\n', status: 127 });
  });

  it('prints the installed release in every output format', async () => {
    const b = bare();
    install(b.machine('master'), 'google-kubernetes', 'kubeadm', '1.21.1');
    expect((await b.run('kubeadm version')).out).toBe('kubeadm version: &version.Info{Major:"1", Minor:"21", GitVersion:"v1.21.1", GitCommit:"5e58841cce77d4bc13713ad2b91fa0d961e69192", GitTreeState:"clean", BuildDate:"2021-05-12T14:12:29Z", GoVersion:"go1.16.4", Compiler:"gc", Platform:"linux/amd64"}\n');
    expect((await b.run('kubeadm version -o short')).out).toBe('v1.21.1\n');
    const yaml = (await b.run('kubeadm version -o yaml')).out;
    expect(yaml).toMatch(/^clientVersion:\n  buildDate: "2021-05-12T14:12:29Z"\n  compiler: gc\n/);
    expect(yaml).toContain('  gitVersion: v1.21.1\n  goVersion: go1.16.4\n  major: "1"\n  minor: "21"\n  platform: linux/amd64\n');
    expect(JSON.parse((await b.run('kubeadm version -o json')).out).clientVersion.gitVersion).toBe('v1.21.1');
  });

  it('answers unknown commands and flags in cobra\'s words, and `config view` only before 1.22', async () => {
    const b = bare();
    const m = b.machine('master');
    install(m, 'google-kubernetes', 'kubeadm', '1.21.1');
    expect(await b.run('kubeadm inti')).toEqual({ out: 'unknown command "inti" for "kubeadm"\nTo see the stack trace of this error execute with --v=5 or higher\n', status: 1 });
    expect((await b.run('kubeadm init --pod-cidr=10.244.0.0/16')).out).toBe('unknown flag: --pod-cidr\nTo see the stack trace of this error execute with --v=5 or higher\n');
    expect((await b.run('kubeadm token')).out).toBe('missing subcommand; "token" is not meant to be run on its own\nTo see the stack trace of this error execute with --v=5 or higher\n');
    expect((await b.run('kubeadm config view')).out).toContain('Command "view" is deprecated');
    const b2 = bare();
    install(b2.machine('master'), 'pkgs-k8s-32', 'kubeadm', '1.32.4');
    expect((await b2.run('kubeadm config view')).out).toBe('invalid subcommand: "view"\nTo see the stack trace of this error execute with --v=5 or higher\n');
    expect((await b2.run('kubeadm --help')).out).toContain('Usage:\n  kubeadm [command]\n');
    expect((await b2.run('kubeadm join --help')).out).toContain('--discovery-token-ca-cert-hash strings');
  });

  it('lists the release\'s images', async () => {
    const b = bare();
    install(b.machine('master'), 'google-kubernetes', 'kubeadm', '1.21.1');
    expect((await b.run('kubeadm config images list')).out).toBe('k8s.gcr.io/kube-apiserver:v1.21.1\nk8s.gcr.io/kube-controller-manager:v1.21.1\nk8s.gcr.io/kube-scheduler:v1.21.1\nk8s.gcr.io/kube-proxy:v1.21.1\nk8s.gcr.io/pause:3.4.1\nk8s.gcr.io/etcd:3.4.13-0\nk8s.gcr.io/coredns/coredns:v1.8.0\n');
    expect((await b.run('kubeadm config images list --kubernetes-version v1.32.4')).out).toContain('registry.k8s.io/coredns/coredns:v1.11.3\nregistry.k8s.io/pause:3.10\nregistry.k8s.io/etcd:3.5.16-0\n');
  });
});

describe('kubeadm init pre-flight (1.21.1)', () => {
  it('stops on swap, a missing br_netfilter and ip_forward, and warns about firewalld, the hostname and the kubelet unit', async () => {
    const b = bare();
    const m = b.machine('master');
    // containerd.io with its default config (CRI off), no Docker: nothing loads br_netfilter
    install(m, 'docker-ce-stable', 'containerd.io');
    m.unit('containerd')!.start();
    for (const n of ['kubelet', 'kubeadm', 'kubectl']) install(m, 'google-kubernetes', n, '1.21.1');
    m.os.swapOn = true;
    const r = await b.run('kubeadm init --kubernetes-version=v1.21.1');
    expect(r.status).toBe(1);
    expect(r.out).toContain('[init] Using Kubernetes version: v1.21.1\n[preflight] Running pre-flight checks\n');
    expect(r.out).toContain('\t[WARNING Firewalld]: firewalld is active, please ensure ports [6443 10250] are open or your cluster may not function correctly\n');
    expect(r.out).toContain('\t[WARNING Hostname]: hostname "master" could not be reached\n\t[WARNING Hostname]: hostname "master": lookup master on 10.0.2.3:53: no such host\n');
    expect(r.out).toContain("\t[WARNING Service-Kubelet]: kubelet service is not enabled, please run 'systemctl enable kubelet.service'\n");
    expect(r.out).toContain('error execution phase preflight: [preflight] Some fatal errors occurred:\n');
    expect(r.out).toMatch(/\t\[ERROR CRI\]: container runtime is not running: output: time="[^"]+" level=fatal msg="getting status of runtime: rpc error: code = Unimplemented desc = unknown service runtime.v1alpha2.RuntimeService"\n, error: exit status 1\n/);
    expect(r.out).toContain('\t[ERROR FileContent--proc-sys-net-bridge-bridge-nf-call-iptables]: /proc/sys/net/bridge/bridge-nf-call-iptables does not exist\n\t[ERROR FileContent--proc-sys-net-ipv4-ip_forward]: /proc/sys/net/ipv4/ip_forward contents are not set to 1\n\t[ERROR Swap]: running with swap on is not supported. Please disable swap\n');
    expect(r.out).toMatch(/\[preflight\] If you know what you are doing, you can make a check non-fatal with `--ignore-preflight-errors=\.\.\.`\nTo see the stack trace of this error execute with --v=5 or higher\n$/);
    expect(r.out).not.toContain('[certs]');
  });

  it('demotes ignored errors to warnings, then the kubelet (swap on) never gets healthy', async () => {
    const b = bare();
    const m = b.machine('master');
    prepare(m);
    notes121(m);
    m.os.swapOn = true;
    const r = await b.run('kubeadm init --kubernetes-version=v1.21.1 --ignore-preflight-errors=Swap');
    expect(r.out).toContain('\t[WARNING Swap]: running with swap on is not supported. Please disable swap\n');
    expect(r.out).toContain('[kubelet-check] Initial timeout of 40s passed.\n');
    expect(r.out).toContain(`[kubelet-check] It seems like the kubelet isn't running or healthy.\n[kubelet-check] The HTTP call equal to 'curl -sSL http://localhost:10248/healthz' failed with error: Get "http://localhost:10248/healthz": dial tcp [::1]:10248: connect: connection refused.\n`);
    expect(r.out).toContain("\nUnfortunately, an error has occurred:\n\ttimed out waiting for the condition\n\nThis error is likely caused by:\n\t- The kubelet is not running\n");
    expect(r.out).toContain("Here is one example how you may list all Kubernetes containers running in docker:\n\t- 'docker ps -a | grep kube | grep -v pause'\n");
    expect(r.out).toMatch(/error execution phase wait-control-plane: couldn't initialize a Kubernetes cluster\nTo see the stack trace of this error execute with --v=5 or higher\n$/);
    expect(r.status).toBe(1);
  });

  it('refuses a second init: ports, manifests and etcd data are taken', async () => {
    const { run } = await master121();
    const r = await run('kubeadm init --kubernetes-version=v1.21.1');
    expect(r.status).toBe(1);
    for (const line of [
      '[ERROR Port-6443]: Port 6443 is in use',
      '[ERROR Port-10259]: Port 10259 is in use',
      '[ERROR Port-10257]: Port 10257 is in use',
      '[ERROR FileAvailable--etc-kubernetes-manifests-kube-apiserver.yaml]: /etc/kubernetes/manifests/kube-apiserver.yaml already exists',
      '[ERROR FileAvailable--etc-kubernetes-manifests-etcd.yaml]: /etc/kubernetes/manifests/etcd.yaml already exists',
      '[ERROR Port-10250]: Port 10250 is in use',
      '[ERROR Port-2379]: Port 2379 is in use',
      '[ERROR DirAvailable--var-lib-etcd]: /var/lib/etcd is not empty',
    ]) expect(r.out).toContain(`\t${line}\n`);
  });

  it('with containerd (SystemdCgroup) and no KubeletConfiguration, 1.21 leaves the kubelet on cgroupfs: the control plane never comes up', async () => {
    const b = bare();
    const m = b.machine('master');
    prepare(m);
    modern132(m);
    for (const n of ['kubelet', 'kubeadm', 'kubectl']) {
      m.os.packages.remove(n);
      install(m, 'google-kubernetes', n, '1.21.1');
    }
    m.unit('kubelet')!.enabled = true;
    const r = await b.run('kubeadm init --kubernetes-version=v1.21.1');
    expect(r.out).toContain('[kubelet-check] Initial timeout of 40s passed.\n');
    expect(r.out).not.toContain("It seems like the kubelet isn't running");
    expect(r.out).toContain("using crictl:\n\t- 'crictl --runtime-endpoint unix:///var/run/containerd/containerd.sock ps -a | grep kube | grep -v pause'\n");
    expect(r.out).toMatch(/error execution phase wait-control-plane: couldn't initialize a Kubernetes cluster\n/);
    expect(m.fs.read('/var/lib/kubelet/config.yaml')).toMatch(/^cgroupDriver: cgroupfs$/m);
  });

  it('refuses a control plane older than the kubelet', async () => {
    const b = bare();
    const m = b.machine('master');
    prepare(m);
    notes121(m);
    const r = await b.run('kubeadm init --kubernetes-version=v1.20.0');
    expect(r.out).toContain('\t[ERROR KubeletVersion]: the kubelet version is higher than the control plane version. This is not a supported version skew and may lead to a malfunctional cluster. Kubelet version: "1.21.1" Control plane version: "1.20.0"\n');
  });
});

describe('kubeadm init 1.21.1 transcript', () => {
  it('prints the phases in 1.21\'s order and wording and the join command', async () => {
    const { init } = await master121();
    const out = init.out;
    const lines = [
      '[init] Using Kubernetes version: v1.21.1',
      '[preflight] Running pre-flight checks',
      '\t[WARNING IsDockerSystemdCheck]: detected "cgroupfs" as the Docker cgroup driver. The recommended driver is "systemd". Please follow the guide at https://kubernetes.io/docs/setup/cri/',
      '[preflight] Pulling images required for setting up a Kubernetes cluster',
      '[preflight] This might take a minute or two, depending on the speed of your internet connection',
      "[preflight] You can also perform this action in beforehand using 'kubeadm config images pull'",
      '[certs] Using certificateDir folder "/etc/kubernetes/pki"',
      '[certs] apiserver serving cert is signed for DNS names [kubernetes kubernetes.default kubernetes.default.svc kubernetes.default.svc.cluster.local master] and IPs [10.96.0.1 10.0.2.15]',
      '[kubeconfig] Writing "admin.conf" kubeconfig file',
      '[kubelet-start] Starting the kubelet',
      '[control-plane] Creating static Pod manifest for "kube-apiserver"',
      '[etcd] Creating static Pod manifest for local etcd in "/etc/kubernetes/manifests"',
      '[wait-control-plane] Waiting for the kubelet to boot up the control plane as static Pods from directory "/etc/kubernetes/manifests". This can take up to 4m0s',
    ];
    let at = 0;
    for (const l of lines) {
      const i = out.indexOf(`${l}\n`, at);
      expect(i, l).toBeGreaterThanOrEqual(at);
      at = i;
    }
    expect(out).not.toContain('super-admin.conf');
    expect(out).toMatch(/\[apiclient\] All control plane components are healthy after \d+\.\d{6} seconds\n/);
    expect(out).toContain('[kubelet] Creating a ConfigMap "kubelet-config-1.21" in namespace kube-system with the configuration for the kubelets in the cluster\n');
    expect(out).toContain('[mark-control-plane] Marking the node master as control-plane by adding the labels: [node-role.kubernetes.io/master(deprecated) node-role.kubernetes.io/control-plane node.kubernetes.io/exclude-from-external-load-balancers]\n');
    expect(out).toContain('[mark-control-plane] Marking the node master as control-plane by adding the taints [node-role.kubernetes.io/master:NoSchedule]\n');
    expect(out).toContain('[bootstrap-token] configured RBAC rules to allow Node Bootstrap tokens to get nodes\n');
    expect(out).toContain('[addons] Applied essential addon: CoreDNS\n[addons] Applied essential addon: kube-proxy\n\nYour Kubernetes control-plane has initialized successfully!\n');
    expect(out).toContain('  export KUBECONFIG=/etc/kubernetes/admin.conf\n');
    expect(out).toMatch(JOIN_RE);
  });
});

describe('kubeadm init 1.32 (pkgs.k8s.io, containerd)', () => {
  it('rejects CentOS 7\'s kernel in the system verification', async () => {
    const b = bare();
    const m = b.machine('master');
    prepare(m);
    modern132(m);
    const r = await b.run('kubeadm init');
    expect(r.out).toContain('[preflight] The system verification failed. Printing the output from the verification:\nKERNEL_VERSION: 3.10.0-1160.el7.x86_64\n');
    expect(r.out).toContain('\t[WARNING SystemVerification]: cgroups v1 support is in maintenance mode, please migrate to cgroups v2\n');
    expect(r.out).toContain('\t[ERROR SystemVerification]: kernel release 3.10.0-1160.el7.x86_64 is unsupported.');
    expect(r.status).toBe(1);
  });

  it('prints the modern phases, kubelet-check and api-check, when the verification is waived', async () => {
    const b = bare();
    const m = b.machine('master');
    prepare(m);
    modern132(m);
    const r = await b.run('kubeadm init --ignore-preflight-errors=SystemVerification');
    const out = r.out;
    expect(r.status).toBe(0);
    expect(out).toContain('[init] Using Kubernetes version: v1.32.4\n');
    expect(out).toContain("[preflight] You can also perform this action beforehand using 'kubeadm config images pull'\n");
    expect(out).toContain('[kubeconfig] Writing "super-admin.conf" kubeconfig file\n');
    expect(out.indexOf('[etcd] Creating static Pod manifest')).toBeLessThan(out.indexOf('[kubelet-start] Starting the kubelet'));
    expect(out).toContain('[wait-control-plane] Waiting for the kubelet to boot up the control plane as static Pods from directory "/etc/kubernetes/manifests"\n[kubelet-check] Waiting for a healthy kubelet at http://127.0.0.1:10248/healthz. This can take up to 4m0s\n');
    expect(out).toMatch(/\[kubelet-check\] The kubelet is healthy after \d+\.\d+ms\n\[api-check\] Waiting for a healthy API server\. This can take up to 4m0s\n\[api-check\] The API server is healthy after \d+\.\d+s\n/);
    expect(out).toContain('[kubelet] Creating a ConfigMap "kubelet-config" in namespace kube-system');
    expect(out).toContain('adding the taints [node-role.kubernetes.io/control-plane:NoSchedule]\n');
    expect(out).toContain('[bootstrap-token] Configured RBAC rules');
    expect(out).toMatch(JOIN_RE);
  });

  it('warns about swap, then says the kubelet is not healthy after 4m0s', async () => {
    const b = bare();
    const m = b.machine('master');
    prepare(m);
    modern132(m);
    m.os.swapOn = true;
    const r = await b.run('kubeadm init --ignore-preflight-errors=SystemVerification');
    expect(r.out).toContain('\t[WARNING Swap]: swap is supported for cgroup v2 only. The kubelet must be properly configured to use swap. Please refer to https://kubernetes.io/docs/concepts/architecture/nodes/#swap-memory, or disable swap on the node\n');
    expect(r.out).toMatch(/\[kubelet-check\] The kubelet is not healthy after 4m0\.\d+s\n/);
    expect(r.out).toContain("\t- 'journalctl -xeu kubelet'\n");
    expect(r.out).toContain("'crictl --runtime-endpoint unix:///var/run/containerd/containerd.sock ps -a | grep kube | grep -v pause'");
    expect(r.status).toBe(1);
  });

  it('waits 4m0s for an API server whose static pods crash-loop on a cgroup driver mismatch', async () => {
    const b = bare();
    const m = b.machine('master');
    prepare(m);
    modern132(m, false);
    const r = await b.run('kubeadm init --ignore-preflight-errors=SystemVerification');
    expect(r.out).toMatch(/\[kubelet-check\] The kubelet is healthy after [\d.]+ms\n\[api-check\] Waiting for a healthy API server\. This can take up to 4m0s\n\[api-check\] The API server is not healthy after 4m0\.\d+s\n/);
    expect(r.out).toMatch(/error execution phase wait-control-plane: couldn't initialize a Kubernetes cluster\n/);
    expect(r.status).toBe(1);
  });

  it('reads the version and pod subnet from --config', async () => {
    const b = bare();
    const m = b.machine('master');
    prepare(m);
    modern132(m);
    expect((await b.run('kubeadm init --config nope.yaml')).out).toBe('unable to read config from "nope.yaml" : open nope.yaml: no such file or directory\nTo see the stack trace of this error execute with --v=5 or higher\n');
    m.fs.write('/root/kubeadm.yaml', 'apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\nkubernetesVersion: v1.32.0\nnetworking:\n  podSubnet: 10.244.0.0/16\n');
    const r = await b.run('kubeadm init --config kubeadm.yaml --ignore-preflight-errors=SystemVerification');
    expect(r.out).toContain('[init] Using Kubernetes version: v1.32.0\n');
    expect(r.status).toBe(0);
  });

  it('joins a worker with the 1.32 wording', async () => {
    const b = bare();
    const m = b.machine('master');
    prepare(m);
    modern132(m);
    const init = await b.run('kubeadm init --ignore-preflight-errors=SystemVerification');
    const [, endpoint, token, hash] = JOIN_RE.exec(init.out)!;
    const n = b.machine('node3');
    prepare(n);
    modern132(n);
    await b.run('ssh node3');
    const r = await b.run(`kubeadm join ${endpoint} --token ${token} --discovery-token-ca-cert-hash ${hash} --ignore-preflight-errors=SystemVerification`);
    expect(r.status).toBe(0);
    expect(r.out).toContain('[preflight] Reading configuration from the "kubeadm-config" ConfigMap in namespace "kube-system"...\n[preflight] Use \'kubeadm init phase upload-config --config your-config.yaml\' to re-upload it.\n');
    expect(r.out).toMatch(/\[kubelet-check\] Waiting for a healthy kubelet at http:\/\/127\.0\.0\.1:10248\/healthz\. This can take up to 4m0s\n\[kubelet-check\] The kubelet is healthy after [\d.]+s\n\[kubelet-start\] Waiting for the kubelet to perform the TLS Bootstrap\n\nThis node has joined the cluster:\n/);
  });

  it('fails on containerd.io\'s default config: the CRI plugin is disabled', async () => {
    const b = bare();
    const m = b.machine('master');
    prepare(m);
    install(m, 'docker-ce-stable', 'containerd.io');
    m.unit('containerd')!.start();
    for (const n of ['kubelet', 'kubeadm', 'kubectl']) install(m, 'pkgs-k8s-32', n, '1.32.4');
    const r = await b.run('kubeadm init --ignore-preflight-errors=SystemVerification');
    expect(r.out).toMatch(/W\d{4} [\d:.]+ +\d+ checks\.go:1077\] \[preflight\] WARNING: Couldn't create the interface used for talking to the container runtime: failed to create new CRI runtime service: validate service connection: validate CRI v1 runtime API for endpoint "unix:\/\/\/var\/run\/containerd\/containerd\.sock": rpc error: code = Unimplemented desc = unknown service runtime\.v1\.RuntimeService\n/);
    expect(r.out).toContain("[preflight] You can also perform this action beforehand using 'kubeadm config images pull'\nerror execution phase preflight: [preflight] Some fatal errors occurred:\nfailed to create new CRI runtime service: validate service connection: validate CRI v1 runtime API for endpoint \"unix:///var/run/containerd/containerd.sock\": rpc error: code = Unimplemented desc = unknown service runtime.v1.RuntimeService[preflight] If you know what you are doing");
    expect(r.status).toBe(1);
  });
});

describe('kubeadm join', () => {
  it('joins a prepared worker, then refuses to join it twice', async () => {
    const c = await master121();
    const n = c.machine('node1');
    prepare(n);
    notes121(n);
    await c.run('ssh node1');
    const r = await c.run(c.join);
    expect(r.status).toBe(0);
    expect(r.out).toContain('[preflight] Reading configuration from the cluster...\n[preflight] FYI: You can look at this config file with \'kubectl -n kube-system get cm kubeadm-config -o yaml\'\n[kubelet-start] Writing kubelet configuration to file "/var/lib/kubelet/config.yaml"\n');
    expect(r.out).toContain('[kubelet-start] Waiting for the kubelet to perform the TLS Bootstrap...\n\nThis node has joined the cluster:\n* Certificate signing request was sent to apiserver and a response was received.\n* The Kubelet was informed of the new secure connection details.\n\nRun \'kubectl get nodes\' on the control-plane to see this node join the cluster.\n');
    const again = await c.run(c.join);
    expect(again.status).toBe(1);
    expect(again.out).toContain('\t[ERROR FileAvailable--etc-kubernetes-kubelet.conf]: /etc/kubernetes/kubelet.conf already exists\n');
    expect(again.out).toContain('\t[ERROR Port-10250]: Port 10250 is in use\n');
    expect(again.out).toContain('\t[ERROR FileAvailable--etc-kubernetes-pki-ca.crt]: /etc/kubernetes/pki/ca.crt already exists\n');
  });

  it('refuses a wrong token, a wrong hash and a missing hash with discovery\'s words', async () => {
    const c = await master121();
    const n = c.machine('node2');
    prepare(n);
    notes121(n);
    await c.run('ssh node2');
    const before = c.cluster.clock.now();
    const badToken = await c.run(`kubeadm join ${c.endpoint} --token h1a03j.qe1qctd831cfijxa --discovery-token-ca-cert-hash ${c.hash}`);
    expect(badToken.out).toContain('error execution phase preflight: couldn\'t validate the identity of the API Server: could not find a JWS signature in the cluster-info ConfigMap for token ID "h1a03j"\n');
    // discovery retries until its 5 minute timeout
    expect(c.cluster.clock.now() - before).toBeGreaterThanOrEqual(300_000);
    const badHash = await c.run(`kubeadm join ${c.endpoint} --token ${c.token} --discovery-token-ca-cert-hash sha256:538ab8cea29bab9814f850a87450008bf8ee7efcf3706e562bbc6ce5bb08cf74`);
    expect(badHash.out).toContain(`couldn't validate the identity of the API Server: cluster CA found in cluster-info ConfigMap is invalid: none of the public keys "${c.hash}" are pinned\n`);
    expect(await c.run(`kubeadm join ${c.endpoint} --token ${c.token}`)).toEqual({
      out: 'discovery.bootstrapToken: Invalid value: "": using token-based discovery without caCertHashes can be unsafe. Set unsafeSkipCAVerification as true in your kubeadm config file or pass --discovery-token-unsafe-skip-ca-verification flag to continue\nTo see the stack trace of this error execute with --v=5 or higher\n',
      status: 1,
    });
  });

  it('cannot reach a master that has not run init', async () => {
    const b = bare();
    const n = b.machine('node1');
    prepare(n);
    notes121(n);
    await b.run('ssh 10.0.2.16');
    const r = await b.run('kubeadm join 10.0.2.15:6443 --token h1a03j.qe1qctd831cfijxa --discovery-token-ca-cert-hash sha256:538ab8cea29bab9814f850a87450008bf8ee7efcf3706e562bbc6ce5bb08cf74');
    expect(r.out).toMatch(/couldn't validate the identity of the API Server: Get "https:\/\/10\.0\.2\.15:6443\/api\/v1\/namespaces\/kube-public\/configmaps\/cluster-info\?timeout=10s": dial tcp 10\.0\.2\.15:6443: connect: (connection refused|no route to host)\n/);
    expect(r.status).toBe(1);
  });
});

describe('kubeadm reset and token', () => {
  it('asks before resetting; `-f` removes what init wrote and says what it left', async () => {
    const c = await master121();
    const no = await c.run('kubeadm reset');
    expect(no.out).toContain("[reset] WARNING: Changes made to this host by 'kubeadm init' or 'kubeadm join' will be reverted.\n[reset] Are you sure you want to proceed? [y/N]: ");
    expect(no.out).toContain('error execution phase preflight: aborted reset operation\n');
    expect(c.machine('master').fs.exists('/etc/kubernetes/admin.conf')).toBe(true);
    const yes = await c.run('echo y | kubeadm reset');
    expect(yes.status).toBe(0);
    expect(yes.out).toContain('[reset] Deleting contents of stateful directories: [/var/lib/etcd /var/lib/kubelet /var/lib/dockershim /var/run/kubernetes /var/lib/cni]\n');
    expect(yes.out).toContain('The reset process does not clean CNI configuration. To do so, you must remove /etc/cni/net.d\n');
    expect(yes.out).toContain('Please, check the contents of the $HOME/.kube/config file.\n');
    const fs = c.machine('master').fs;
    expect(fs.exists('/etc/kubernetes/admin.conf')).toBe(false);
    expect(fs.exists('/etc/kubernetes/manifests/kube-apiserver.yaml')).toBe(false);
    // and init works again
    expect((await c.run('kubeadm init --kubernetes-version=v1.21.1')).status).toBe(0);
  });

  it('after a failed init, reset goes on without the cluster\'s config and init can run again', async () => {
    const b = bare();
    const m = b.machine('master');
    prepare(m);
    modern132(m);
    m.os.swapOn = true;
    expect((await b.run('kubeadm init --ignore-preflight-errors=SystemVerification')).status).toBe(1);
    const r = await b.run('kubeadm reset -f');
    expect(r.out).toMatch(/W\d{4} [\d:.]+ +\d+ reset\.go:124\] \[reset\] Unable to fetch the kubeadm-config ConfigMap from cluster: failed to get config map: Get "https:\/\/10\.0\.2\.15:6443\/api\/v1\/namespaces\/kube-system\/configmaps\/kubeadm-config\?timeout=10s": dial tcp 10\.0\.2\.15:6443: connect: connection refused\n/);
    expect(r.out).toContain('[reset] Deleted contents of the etcd data directory: /var/lib/etcd\n');
    expect(r.out).toContain('The reset process does not perform cleanup of CNI plugin configuration,\nnetwork filtering rules and kubeconfig files.\n');
    m.os.swapOn = false;
    expect((await b.run('kubeadm init --ignore-preflight-errors=SystemVerification')).status).toBe(0);
  });

  it('lists the init token and creates a new one with its join command', async () => {
    const c = await master121();
    const list = await c.run('kubeadm token list');
    expect(list.out).toBe(
      'TOKEN                     TTL       EXPIRES                USAGES                   DESCRIPTION                                                EXTRA GROUPS\n' +
        `${c.token}   23h       ${new Date(c.cluster.controlPlane.tokens()[0]!.expires).toISOString().replace(/\.\d+Z$/, 'Z')}   authentication,signing   The default bootstrap token generated by 'kubeadm init'.   system:bootstrappers:kubeadm:default-node-token\n`,
    );
    const created = await c.run('kubeadm token create --print-join-command');
    expect(created.out).toMatch(new RegExp(`^kubeadm join 10\\.0\\.2\\.15:6443 --token [a-z0-9]{6}\\.[a-z0-9]{16} --discovery-token-ca-cert-hash ${c.hash} \\n$`));
    const newToken = /--token (\S+)/.exec(created.out)![1]!;
    expect((await c.run('kubeadm token list')).out).toContain(newToken);
  });
});
