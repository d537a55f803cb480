// The kubeadm-install lab starts from bare machines and judges the machines' state now and after a reboot:
// half-done steps (swapoff without fstab, disable without --now, a setting only in /proc) stay open.
import { describe, expect, it } from 'vitest';
import { machinesOf } from '../../src/cluster/hosts/index.ts';
import { runCheck } from '../../src/labs/checks.ts';
import { loadLab } from '../../src/labs/load.ts';
import { parseLab } from '../../src/labs/parse.ts';
import { createLabSession, type LabSession } from '../../src/labs/runtime.ts';
import type { Check } from '../../src/labs/schema.ts';
import { checkSchema } from '../../src/labs/schema.ts';
import { replay } from '../../src/labs/verify.ts';
import { terminal } from '../shell/helpers.ts';

const byId = (results: { id: string; passed: boolean; detail?: string }[]) => Object.fromEntries(results.map((r) => [r.id, r]));

async function start(): Promise<LabSession> {
  return createLabSession({ lab: loadLab('kubeadm-install'), realtime: false });
}

function check(s: LabSession, c: unknown) {
  const cluster = s.current;
  return runCheck(checkSchema.parse(c) as Check, { api: cluster.api, observations: s.observations, hosts: cluster.hosts, net: cluster.net, cluster });
}

describe('kubeadm-install: the lab', () => {
  it('starts from bare machines: no Kubernetes anywhere, and every checkpoint says what is missing', async () => {
    const s = await start();
    const r = byId(s.evaluate());
    expect(Object.values(r).filter((x) => x.passed)).toEqual([]);
    expect(r['swap-off']!.detail).toBe('master: swap is on (want off)');
    expect(r['bridge-netfilter']!.detail).toBe('master: kernel module br_netfilter is not loaded');
    expect(r['kubectl-root']!.detail).toBe("master: root's kubectl says: bash: kubectl: command not found");
    expect(r['packages']!.detail).toBe('master: package kubelet is not installed');
    expect(s.current.api.list('nodes')).toEqual([]);
    s.dispose();
  });

  it('a lab without start.preset still gets the running kubeadm cluster of the notes', async () => {
    const lab = parseLab(`id: x\ntitle: x\nchapter: x\nsummary: x\ntasks:\n  - id: t\n    title: t\n    checkpoints:\n      - { id: c, title: c, check: { type: exists, resource: nodes, name: node3 } }\nsolution: { commands: ["true"] }\n`);
    const s = await createLabSession({ lab, realtime: false });
    expect(s.evaluate()[0]!.passed).toBe(true);
    expect(s.current.api.list('nodes').map((n) => n.metadata.name)).toEqual(['master', 'node1', 'node2', 'node3']);
    s.dispose();
  });

  it("the lab's cluster handle carries the control plane of the current cluster, across a reset (kubeadm in its terminal acts on it)", async () => {
    const s = await start();
    const cp = (c: unknown) => (c as { controlPlane?: { initialized: boolean } }).controlPlane;
    expect(cp(s.cluster)).toBe(cp(s.current));
    expect(cp(s.cluster)!.initialized).toBe(false);
    const before = cp(s.current);
    await s.reset();
    expect(cp(s.cluster)).toBe(cp(s.current));
    expect(cp(s.cluster)).not.toBe(before);
    s.dispose();
  });

  it('swapoff -a alone leaves swap-off open until /etc/fstab stops mounting swap at boot', async () => {
    const s = await start();
    await replay(s, 'swapoff -a\n');
    expect(byId(s.evaluate())['swap-off']!.detail).toBe('master: /etc/fstab still mounts swap at boot');
    await replay(s, `sed -i '/ swap / s/^/#/' /etc/fstab\n`);
    // the workers are still untouched
    expect(byId(s.evaluate())['swap-off']!.detail).toBe('node1: swap is on (want off)');
    // bare machines know no names yet: ssh by IP
    await replay(s, `for ip in 10.0.2.16 10.0.2.17 10.0.2.18; do ssh $ip "swapoff -a; sed -i '/ swap / s/^/#/' /etc/fstab"; done\n`);
    expect(byId(s.evaluate())['swap-off']!.passed).toBe(true);
    s.dispose();
  });

  it('a bridge setting echoed into /proc only is not kept: the checkpoint wants a sysctl file too', async () => {
    const s = await start();
    await replay(s, "modprobe br_netfilter\necho '1' > /proc/sys/net/bridge/bridge-nf-call-iptables\necho 1 > /proc/sys/net/ipv4/ip_forward\n");
    expect(byId(s.evaluate())['bridge-netfilter']!.detail).toBe('master: no sysctl file sets net.bridge.bridge-nf-call-iptables = 1');
    await replay(s, "echo 'net.bridge.bridge-nf-call-iptables = 1' >> /etc/sysctl.conf\n");
    expect(byId(s.evaluate())['bridge-netfilter']!.detail).toBe('node1: kernel module br_netfilter is not loaded');
    s.dispose();
  });

  it('systemctl disable firewalld (as the notes type it) keeps blocking the API server port until firewalld stops', async () => {
    const s = await start();
    const master = { type: 'os', machine: 'master', firewallAllows: [6443] };
    await replay(s, 'systemctl disable firewalld\n');
    expect(check(s, master)).toEqual({ passed: false, detail: 'master: firewalld blocks 6443/tcp' });
    await replay(s, 'systemctl stop firewalld\n');
    expect(check(s, master)).toEqual({ passed: true, detail: 'master: firewalld is not running' });
    s.dispose();
  });

  it('SELinux: setenforce 0 counts for now only; the SELINUX= line decides after a reboot', async () => {
    const s = await start();
    const selinux = { type: 'os', machine: 'master', selinux: ['permissive', 'disabled'], bootSelinux: ['permissive', 'disabled'] };
    await replay(s, 'setenforce 0\n');
    expect(check(s, selinux)).toEqual({ passed: false, detail: 'master: /etc/selinux/config says SELINUX=enforcing (want permissive or disabled)' });
    // the notes edit /etc/sysconfig/selinux
    await replay(s, "sed -i 's/^SELINUX=enforcing/SELINUX=disabled/' /etc/sysconfig/selinux\n");
    expect(check(s, selinux).passed).toBe(true);
    s.dispose();
  });

  it('kubectl installed but no kubeconfig: kubectl-root names the localhost:8080 refusal', async () => {
    const s = await start();
    machinesOf(s.current.hosts)!.machine('master')!.os.addCommands(['kubectl']);
    expect(byId(s.evaluate())['kubectl-root']!.detail).toBe(
      "master: root's kubectl says: The connection to the server localhost:8080 was refused - did you specify the right host or port?",
    );
    s.dispose();
  });
});

describe('kubeadm-install: completion-enabled', () => {
  it('wants bash-completion installed, and kubectl\'s script in ~/.bashrc or /etc/bash_completion.d — sourcing it in one shell is not enough', async () => {
    const s = await start();
    const master = machinesOf(s.current.hosts)!.machine('master')!;
    master.os.packages.add({ name: 'bash-completion', version: '2.1', release: '8.el7', arch: 'noarch', repo: 'base', installedAt: 0 });
    let r = byId(s.evaluate())['completion-enabled']!;
    expect(r.passed).toBe(false);
    expect(r.detail).toContain('master:/root/.bashrc does not match');
    master.fs.mkdir('/etc/bash_completion.d', { parents: true });
    master.fs.write('/etc/bash_completion.d/kubectl', '# bash completion for kubectl\ncomplete -o default -F __start_kubectl kubectl\n');
    expect(byId(s.evaluate())['completion-enabled']!.passed).toBe(true);
    master.fs.remove('/etc/bash_completion.d/kubectl');
    master.fs.write('/root/.bashrc', master.fs.read('/root/.bashrc') + 'source <(kubectl completion bash)\n');
    r = byId(s.evaluate())['completion-enabled']!;
    expect(r.passed).toBe(true);
    s.dispose();
  });
});

describe('kubeadm-install: Tab before kubectl completion is loaded', () => {
  it('completes file names after `kubectl get`, as bash without a completion spec does', async () => {
    const s = await start();
    const t = terminal({ cluster: s.cluster });
    t.session.input('echo swapoff -a > prep.sh\r');
    await t.settle();
    t.session.input('kubectl get pr\t');
    expect(t.screen.lines().at(-1)).toBe('[root@master ~]# kubectl get prep.sh ');
    s.dispose();
  });
});

describe('kubeadm-install: the machine checks', () => {
  it('package: any version, an exact version, or a minor version', async () => {
    const s = await start();
    const os = machinesOf(s.current.hosts)!.machine('node2')!.os;
    expect(check(s, { type: 'package', machine: 'node2', name: 'kubeadm' })).toEqual({ passed: false, detail: 'node2: package kubeadm is not installed' });
    os.packages.add({ name: 'kubeadm', version: '1.21.1', release: '0', arch: 'x86_64', repo: '@kubernetes', installedAt: 0 });
    expect(check(s, { type: 'package', machine: 'node2', name: 'kubeadm' })).toEqual({ passed: true, detail: 'node2: kubeadm-1.21.1-0.x86_64 is installed' });
    expect(check(s, { type: 'package', machine: 'node2', name: 'kubeadm', version: '1.21' }).passed).toBe(true);
    expect(check(s, { type: 'package', machine: 'node2', name: 'kubeadm', version: '1.2' }).passed).toBe(false);
    expect(check(s, { type: 'package', machine: 'node2', name: 'kubeadm', version: '1.32' })).toEqual({
      passed: false,
      detail: 'node2: kubeadm-1.21.1-0.x86_64 is installed (want version 1.32)',
    });
    s.dispose();
  });

  it('service: enabled and active are judged separately', async () => {
    const s = await start();
    await replay(s, 'systemctl disable firewalld\n');
    expect(check(s, { type: 'service', machine: 'master', unit: 'firewalld', enabled: false })).toEqual({ passed: true, detail: 'master: firewalld is disabled' });
    expect(check(s, { type: 'service', machine: 'master', unit: 'firewalld', state: 'inactive', enabled: false })).toEqual({
      passed: false,
      detail: 'master: firewalld is active, disabled (want inactive, disabled)',
    });
    // state alone still defaults to active, as before
    expect(check(s, { type: 'service', machine: 'master', unit: 'firewalld' }).passed).toBe(true);
    s.dispose();
  });

  it('os: a sysctl key that does not exist yet fails with sysctl\'s own words', async () => {
    const s = await start();
    expect(check(s, { type: 'os', machine: 'node3', sysctl: { 'net.bridge.bridge-nf-call-iptables': '1' } })).toEqual({
      passed: false,
      detail: 'node3: sysctl: cannot stat /proc/sys/net/bridge/bridge-nf-call-iptables: No such file or directory',
    });
    expect(check(s, { type: 'os', machine: 'node3', sysctl: { 'net.ipv4.ip_forward': '1' } })).toEqual({ passed: false, detail: 'node3: net.ipv4.ip_forward = 0 (want 1)' });
    s.dispose();
  });

  it('containerRuntime: bare machines have none', async () => {
    const s = await start();
    expect(check(s, { type: 'containerRuntime', machine: ['master', 'node1'], cgroupDriver: 'systemd' })).toEqual({ passed: false, detail: 'master: no container runtime CRI socket' });
    s.dispose();
  });

  it('the schema rejects an unknown SELinux mode and a port out of range', () => {
    expect(checkSchema.safeParse({ type: 'os', machine: 'master', selinux: 'off' }).success).toBe(false);
    expect(checkSchema.safeParse({ type: 'os', machine: 'master', firewallAllows: [70000] }).success).toBe(false);
  });
});
