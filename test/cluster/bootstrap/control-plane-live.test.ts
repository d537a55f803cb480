// kubeadm init / join / reset on the bare preset, seen the way a learner sees it: kubectl's tables,
// the machines' files, systemctl and the API server's socket.
import { describe, expect, it } from 'vitest';
import { createCluster, type SimCluster } from '../../../src/cluster/cluster.ts';
import { kubeletUnitSpec } from '../../../src/cluster/hosts/kubelet-unit.ts';
import { weaveDaemonSet, WEAVE_CONFLIST } from '../../../src/cluster/bootstrap/kubeadm.ts';
import { kubectl } from '../../../src/kubectl/index.ts';
import { memoryFs } from '../../kubectl/harness.ts';
import { catalogue } from '../../../src/cluster/hosts/packages/catalogue.ts';
import { applyInstall } from '../../../src/cluster/hosts/packages/effects.ts';

const CONTAINERD = 'unix:///var/run/containerd/containerd.sock';
const NODES = ['master', 'node1', 'node2', 'node3'];

/** What the notes' steps 2-8 leave on a machine: swap off, firewalld stopped, containerd running, the kubelet package installed. */
function prepare(c: SimCluster, version: string, names = NODES): void {
  for (const n of names) {
    const m = c.hosts.machine(n)!;
    m.os.swapOn = false;
    m.unit('firewalld')?.stop();
    m.install('containerd');
    m.unit('containerd')!.start();
    m.os.packages.add({ name: 'kubelet', version, release: '0', arch: 'x86_64', repo: '@kubernetes', installedAt: c.clock.now() });
    m.os.addUnit(kubeletUnitSpec(m, version));
    m.unit('kubelet')!.start();
  }
}

function initMaster(c: SimCluster, version = '1.32.4', cgroupDriver = 'systemd') {
  return c.controlPlane.init({ node: 'master', kubernetesVersion: `v${version}`, advertiseAddress: '10.0.2.15', criSocket: CONTAINERD, cgroupDriver });
}

function applyWeave(c: SimCluster): void {
  c.api.create({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'weave-net', namespace: 'kube-system' } });
  c.api.create(weaveDaemonSet());
}

/** kubectl as root on the master after `cp /etc/kubernetes/admin.conf ~/.kube/config`. */
async function k(c: SimCluster, line: string): Promise<string> {
  const fs = memoryFs({ '/root/.kube/config': c.hosts.machine('master')!.fs.read('/etc/kubernetes/admin.conf') });
  fs.mkdir('/root/.kube');
  let out = '';
  let err = '';
  await kubectl({
    args: line.split(' '),
    stdin: null,
    out: (s) => (out += s),
    err: (s) => (err += s),
    cluster: c,
    fs,
    cwd: '/root',
    env: {},
    sleep: async (ms) => c.advance(ms),
    signal: new AbortController().signal,
    tty: false,
    realtime: false,
    columns: 160,
  });
  return out + err;
}

const row = (table: string, name: string) => table.split('\n').find((l) => l.startsWith(name))?.split(/\s{2,}/) ?? [];

describe('kubeadm init on bare machines', () => {
  it('before init the kubelet restarts every 10s for want of its config, and nothing answers on 6443', () => {
    const c = createCluster({ preset: 'bare' });
    prepare(c, '1.32.4');
    const status = c.hosts.machine('master')!.unit('kubelet')!.statusText();
    expect(status).toContain('Active: activating (auto-restart) (Result: exit-code)');
    expect(status).toContain('"command failed" err="failed to load kubelet config file, path: /var/lib/kubelet/config.yaml, error: failed to load Kubelet config file /var/lib/kubelet/config.yaml, error failed to read kubelet config file \\"/var/lib/kubelet/config.yaml\\", error: open /var/lib/kubelet/config.yaml: no such file or directory"');
    const r = c.net.request({ kind: 'host', host: 'node1' }, '10.0.2.15', 6443, { scheme: 'https', method: 'GET', path: '/version', headers: {} });
    expect(r.ok).toBe(false);
    expect(r.ok ? '' : r.error).toBe('refused');
    expect(c.controlPlane.health()).toBe('not-initialized');
  });

  it('with swap on, the kubelet names it (1.21 wording keeps /proc/swaps)', () => {
    const c = createCluster({ preset: 'bare' });
    prepare(c, '1.21.1', ['master']);
    const m = c.hosts.machine('master')!;
    initMaster(c, '1.21.1');
    m.os.swapOn = true;
    m.unit('kubelet')!.restart();
    expect(m.unit('kubelet')!.running).toBe(false);
    expect(m.unit('kubelet')!.journalLines().at(-5)).toContain('"Failed to run kubelet" err="failed to run Kubelet: running with swap on is not supported, please disable swap! or set --fail-swap-on flag to false. /proc/swaps contained: [Filename');
  });

  it('writes kubeadm\'s files, registers a NotReady control-plane node and leaves coredns Pending on the not-ready taint', async () => {
    const c = createCluster({ preset: 'bare' });
    prepare(c, '1.32.4');
    const r = initMaster(c);
    expect(r.token).toMatch(/^[a-z0-9]{6}\.[a-z0-9]{16}$/);
    expect(r.caCertHash).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(r.failure).toBeUndefined();
    const fs = c.hosts.machine('master')!.fs;
    for (const f of ['/etc/kubernetes/admin.conf', '/etc/kubernetes/super-admin.conf', '/etc/kubernetes/kubelet.conf', '/etc/kubernetes/pki/ca.crt', '/etc/kubernetes/pki/etcd/server.crt', '/etc/kubernetes/manifests/kube-apiserver.yaml', '/var/lib/kubelet/config.yaml']) expect(fs.exists(f), f).toBe(true);
    expect(fs.read('/etc/kubernetes/manifests/etcd.yaml')).toContain('image: registry.k8s.io/etcd:3.5.16-0');
    expect(fs.read('/var/lib/kubelet/config.yaml')).toContain('cgroupDriver: systemd');
    expect(fs.read('/var/lib/kubelet/kubeadm-flags.env')).toBe(`KUBELET_KUBEADM_ARGS="--container-runtime-endpoint=${CONTAINERD} --pod-infra-container-image=registry.k8s.io/pause:3.10"\n`);
    expect(fs.isDir('/var/lib/etcd/member')).toBe(true);
    c.settle();

    const nodes = await k(c, 'get nodes');
    expect(row(nodes, 'master')).toEqual(['master', 'NotReady', 'control-plane', expect.stringMatching(/^\d+s$/), 'v1.32.4']);
    const describe = await k(c, 'describe node master');
    expect(describe).toMatch(/Taints:\s+node-role.kubernetes.io\/control-plane:NoSchedule\n\s+node.kubernetes.io\/not-ready:NoSchedule\n/);
    expect(describe).toContain('container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized');

    const pods = await k(c, 'get pods -n kube-system -o wide');
    for (const p of ['etcd-master', 'kube-apiserver-master', 'kube-controller-manager-master', 'kube-scheduler-master']) expect(row(pods, p).slice(1, 3), p).toEqual(['1/1', 'Running']);
    expect(row(pods, 'etcd-master')[5]).toBe('10.0.2.15');
    const proxy = pods.split('\n').find((l) => l.startsWith('kube-proxy-'))!.split(/\s{2,}/);
    expect(proxy.slice(1, 3)).toEqual(['1/1', 'Running']);
    const coredns = pods.split('\n').filter((l) => l.startsWith('coredns-'));
    expect(coredns).toHaveLength(2);
    for (const l of coredns) expect(l.split(/\s{2,}/).slice(1, 3)).toEqual(['0/1', 'Pending']);
    const events = await k(c, 'get events -n kube-system');
    expect(events).toContain('0/1 nodes are available: 1 node(s) had untolerated taint {node.kubernetes.io/not-ready: }. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.');

    const cms = await k(c, 'get configmaps -n kube-system');
    for (const cm of ['coredns', 'kube-proxy', 'kubeadm-config', 'kubelet-config', 'kube-root-ca.crt']) expect(row(cms, cm)[0], cm).toBe(cm);
    expect(await k(c, 'get secrets -n kube-system')).toContain(`bootstrap-token-${r.token.split('.')[0]}   bootstrap.kubernetes.io/token`);
    expect((c.api.get('configmaps', 'kube-public', 'cluster-info').data as Record<string, string>)[`jws-kubeconfig-${r.token.split('.')[0]}`]).toMatch(/^eyJ[\w-]+\.\.[\w-]+$/);
    expect(row(await k(c, 'get svc -n kube-system'), 'kube-dns')[2]).toBe('10.96.0.10');
    const answer = c.net.request({ kind: 'host', host: 'node1' }, '10.0.2.15', 6443, { scheme: 'https', method: 'GET', path: '/version', headers: {} });
    expect(answer.ok && JSON.parse(answer.response.body).gitVersion).toBe('v1.32.4');
  });

  it('follows the notes\' 1.21.1: k8s.gcr.io images, the master role and taint, kubelet-config-1.21, and the API server\'s version', async () => {
    const c = createCluster({ preset: 'bare' });
    prepare(c, '1.21.1');
    initMaster(c, '1.21.1');
    c.settle();
    const fs = c.hosts.machine('master')!.fs;
    expect(fs.read('/etc/kubernetes/manifests/kube-apiserver.yaml')).toContain('image: k8s.gcr.io/kube-apiserver:v1.21.1');
    expect(fs.exists('/etc/kubernetes/super-admin.conf')).toBe(false);
    expect(c.version.gitVersion).toBe('v1.21.1');
    expect(c.version.minor).toBe('21');
    expect(row(await k(c, 'get nodes'), 'master')).toEqual(['master', 'NotReady', 'control-plane,master', expect.stringMatching(/s$/), 'v1.21.1']);
    const describe = await k(c, 'describe node master');
    expect(describe).toMatch(/Taints:\s+node-role.kubernetes.io\/master:NoSchedule\n\s+node.kubernetes.io\/not-ready:NoSchedule\n/);
    expect(describe).toContain('runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady');
    expect(c.api.tryGet('configmaps', 'kube-system', 'kubelet-config-1.21')).toBeDefined();
    expect(c.api.get('deployments', 'kube-system', 'coredns').spec.template.spec.containers[0].image).toBe('k8s.gcr.io/coredns/coredns:v1.8.0');
    expect((await k(c, 'get pods -n kube-system')).split('\n').filter((l) => l.startsWith('coredns-') && l.includes('Pending'))).toHaveLength(2);
  });

  it('the notes\' Docker path: dockershim refuses a cgroupfs Docker, then runs once Docker uses systemd', () => {
    const c = createCluster({ preset: 'bare' });
    const m = c.hosts.machine('master')!;
    m.os.swapOn = false;
    m.unit('firewalld')?.stop();
    for (const name of ['containerd.io', 'docker-ce-cli', 'docker-ce']) applyInstall(m, catalogue('docker-ce-stable').filter((p) => p.name === name).at(-1)!);
    applyInstall(m, catalogue('google-kubernetes').find((p) => p.name === 'kubelet' && p.version === '1.21.1')!);
    m.unit('docker')!.start();
    const init = () => c.controlPlane.init({ node: 'master', kubernetesVersion: 'v1.21.1', advertiseAddress: '10.0.2.15', criSocket: '/var/run/dockershim.sock', cgroupDriver: 'systemd' });
    expect(init().failure).toBe('kubelet-down');
    expect(m.unit('kubelet')!.journalLines().join('\n')).toContain('"Failed to run kubelet" err="failed to run Kubelet: misconfiguration: kubelet cgroup driver: \\"systemd\\" is different from docker cgroup driver: \\"cgroupfs\\""');
    const unit = '/usr/lib/systemd/system/docker.service';
    m.fs.write(unit, m.fs.read(unit).replace('ExecStart=/usr/bin/dockerd', 'ExecStart=/usr/bin/dockerd --exec-opt native.cgroupdriver=systemd'));
    m.unit('docker')!.restart();
    expect(init().failure).toBeUndefined();
    expect(m.fs.read('/var/lib/kubelet/kubeadm-flags.env')).toBe('KUBELET_KUBEADM_ARGS="--network-plugin=cni --pod-infra-container-image=k8s.gcr.io/pause:3.4.1"\n');
    c.settle();
    const node = c.api.get('nodes', undefined, 'master');
    expect(node.status.nodeInfo.containerRuntimeVersion).toMatch(/^docker:\/\//);
    expect(node.status.conditions.find((x: any) => x.type === 'Ready').message).toBe('runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:docker: network plugin is not ready: cni config uninitialized');
    expect(c.api.get('pods', 'kube-system', 'kube-apiserver-master').status.phase).toBe('Running');
  });

  it('the kubelet\'s ports answer only while it runs', () => {
    const c = createCluster({ preset: 'bare' });
    prepare(c, '1.32.4', ['master', 'node1']);
    const get = () => c.net.request({ kind: 'host', host: 'master' }, '10.0.2.16', 10250, { scheme: 'https', method: 'GET', path: '/pods', headers: {} });
    expect(get().ok).toBe(false);
    initMaster(c);
    c.controlPlane.join({ node: 'node1', criSocket: CONTAINERD, cgroupDriver: 'systemd', kubeletVersion: '1.32.4' });
    const r = get();
    expect(r.ok && r.response.status).toBe(401);
  });

  it('weave-net puts its CNI config on each node: the master turns Ready and coredns runs on weave addresses', async () => {
    const c = createCluster({ preset: 'bare' });
    prepare(c, '1.32.4');
    initMaster(c);
    c.settle();
    applyWeave(c);
    c.settle();
    expect(c.hosts.machine('master')!.fs.read('/etc/cni/net.d/10-weave.conflist')).toBe(WEAVE_CONFLIST);
    expect(row(await k(c, 'get nodes'), 'master')[1]).toBe('Ready');
    expect(await k(c, 'describe node master')).toMatch(/Taints:\s+node-role.kubernetes.io\/control-plane:NoSchedule\n\S/);
    const coredns = (await k(c, 'get pods -n kube-system -o wide')).split('\n').filter((l) => l.startsWith('coredns-'));
    expect(coredns).toHaveLength(2);
    for (const l of coredns) {
      const cols = l.split(/\s{2,}/);
      expect(cols.slice(1, 3)).toEqual(['1/1', 'Running']);
      expect(cols[5]).toMatch(/^10\.32\.\d+\.\d+$/);
    }
  });

  it('applies weave-net from the notes\' cloud.weave.works URL and from the GitHub release (a 302 kubectl follows)', async () => {
    const c = createCluster({ preset: 'bare' });
    prepare(c, '1.32.4', ['master']);
    initMaster(c);
    c.settle();
    const kubever = Buffer.from('Client Version: v1.32.4\nServer Version: v1.32.4\n').toString('base64');
    expect(await k(c, `apply -f https://cloud.weave.works/k8s/net?k8s-version=${kubever}`)).toBe(
      'serviceaccount/weave-net created\nclusterrole.rbac.authorization.k8s.io/weave-net created\nclusterrolebinding.rbac.authorization.k8s.io/weave-net created\nrole.rbac.authorization.k8s.io/weave-net created\nrolebinding.rbac.authorization.k8s.io/weave-net created\ndaemonset.apps/weave-net created\n',
    );
    c.settle();
    expect(row(await k(c, 'get nodes'), 'master')[1]).toBe('Ready');
    c.api.delete('daemonsets', 'kube-system', 'weave-net');
    c.settle();
    expect(await k(c, 'apply -f https://github.com/weaveworks/weave/releases/download/v2.8.1/weave-daemonset-k8s.yaml')).toContain('daemonset.apps/weave-net created\n');
  });

  it('kubeadm join: a wrong token or CA hash is refused; the right ones bring three workers, Ready once weave runs there', async () => {
    const c = createCluster({ preset: 'bare' });
    prepare(c, '1.32.4');
    expect(c.controlPlane.checkJoin('node1', 'abcdef.0123456789abcdef', 'sha256:' + '0'.repeat(64))).toEqual({ ok: false, error: 'refused' });
    const r = initMaster(c);
    c.settle();
    expect(c.controlPlane.checkJoin('node1', 'abcdef.0123456789abcdef', r.caCertHash)).toEqual({ ok: false, error: 'token' });
    expect(c.controlPlane.checkJoin('node1', r.token, 'sha256:' + '0'.repeat(64))).toEqual({ ok: false, error: 'hash' });
    // the token lives 24h
    c.advance(25 * 3600 * 1000);
    expect(c.controlPlane.checkJoin('node1', r.token, r.caCertHash)).toEqual({ ok: false, error: 'token' });
    const fresh = c.controlPlane.createToken();
    expect(c.controlPlane.checkJoin('node1', fresh.token, r.caCertHash)).toEqual({ ok: true });
    for (const n of ['node1', 'node2', 'node3']) c.controlPlane.join({ node: n, criSocket: CONTAINERD, cgroupDriver: 'systemd', kubeletVersion: '1.32.4' });
    expect(c.controlPlane.joined).toEqual(['node1', 'node2', 'node3']);
    c.settle();
    // joined before the pod network: NotReady like the master
    expect(row(await k(c, 'get nodes'), 'node1')[1]).toBe('NotReady');
    applyWeave(c);
    c.settle();
    const nodes = await k(c, 'get nodes');
    for (const n of NODES) expect(row(nodes, n)[1], n).toBe('Ready');
    expect(row(nodes, 'node2')[2]).toBe('<none>');
    expect((await k(c, 'get pods -n kube-system')).split('\n').filter((l) => /^(kube-proxy|weave-net)-/.test(l) && l.includes('Running'))).toHaveLength(8);
  });

  it('a cgroup driver mismatch under containerd leaves the kubelet running and the control plane crash-looping', () => {
    const c = createCluster({ preset: 'bare' });
    prepare(c, '1.32.4', ['master']);
    // containerd's SystemdCgroup = true; the kubelet told cgroupfs
    const r = initMaster(c, '1.32.4', 'cgroupfs');
    expect(r.failure).toBe('apiserver-crashloop');
    expect(c.hosts.machine('master')!.unit('kubelet')!.running).toBe(true);
    expect(c.controlPlane.initialized).toBe(false);
    expect(c.api.list('nodes')).toHaveLength(0);
  });

  it('kubeadm reset removes what init wrote (not the CNI config) and the API server stops answering', () => {
    const c = createCluster({ preset: 'bare' });
    prepare(c, '1.32.4', ['master']);
    initMaster(c);
    c.settle();
    applyWeave(c);
    c.settle();
    c.controlPlane.reset('master');
    c.settle();
    const m = c.hosts.machine('master')!;
    expect(m.fs.exists('/etc/kubernetes/admin.conf')).toBe(false);
    expect(m.fs.list('/etc/kubernetes/manifests')).toEqual([]);
    expect(m.fs.list('/var/lib/etcd')).toEqual([]);
    expect(m.fs.exists('/var/lib/kubelet/config.yaml')).toBe(false);
    expect(m.fs.exists('/etc/cni/net.d/10-weave.conflist')).toBe(true);
    expect(m.unit('kubelet')!.running).toBe(false);
    expect(c.controlPlane.initialized).toBe(false);
    expect(c.api.tryGet('pods', 'kube-system', 'kube-apiserver-master')).toBeUndefined();
    const r = c.net.request({ kind: 'host', host: 'master' }, '10.0.2.15', 6443, { scheme: 'https', method: 'GET', path: '/version', headers: {} });
    expect(r.ok ? 'answered' : r.error).toBe('refused');
  });

  it('a worker reset leaves its Node in the API, its kubelet stopped', () => {
    const c = createCluster({ preset: 'bare' });
    prepare(c, '1.32.4', ['master', 'node1']);
    initMaster(c);
    c.controlPlane.join({ node: 'node1', criSocket: CONTAINERD, cgroupDriver: 'systemd', kubeletVersion: '1.32.4' });
    c.settle();
    c.controlPlane.reset('node1');
    c.advance(60_000);
    expect(c.controlPlane.joined).toEqual([]);
    expect(c.hosts.machine('node1')!.fs.exists('/etc/kubernetes/kubelet.conf')).toBe(false);
    const ready = c.api.get('nodes', undefined, 'node1').status.conditions.find((x: any) => x.type === 'Ready');
    expect(ready.status).toBe('Unknown');
  });
});

describe('the kubeadm preset is untouched', () => {
  it('reports itself initialized at v1.32.4 with every node Ready and no condition taints', () => {
    const c = createCluster();
    c.settle();
    expect(c.controlPlane.initialized).toBe(true);
    expect(c.controlPlane.health()).toBe('ok');
    expect(c.version.gitVersion).toBe('v1.32.4');
    for (const n of c.api.list('nodes')) expect((n.spec.taints ?? []).map((t: any) => t.key).filter((x: string) => x.startsWith('node.kubernetes.io/'))).toEqual([]);
  });
});
