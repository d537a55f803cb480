import { describe, expect, it } from 'vitest';
import { createCluster } from '../../../src/cluster/cluster.ts';
import { machinesOf, type Machine } from '../../../src/cluster/hosts/index.ts';
import { REBOOT_MS } from '../../../src/cluster/hosts/os.ts';

const bare = () => {
  const cluster = createCluster({ preset: 'bare' });
  const hosts = machinesOf(cluster.hosts)!;
  return { cluster, hosts, m: (n: string): Machine => hosts.machine(n)! };
};

describe('bare CentOS 7 machines', () => {
  it('are master and node1..3 only, with /etc/hosts knowing just localhost', () => {
    const { hosts, m } = bare();
    expect(hosts.names()).toEqual(['master', 'node1', 'node2', 'node3']);
    expect(m('node2').ip).toBe('10.0.2.17');
    expect(m('master').fs.read('/etc/hosts')).toBe('127.0.0.1   localhost localhost.localdomain localhost4 localhost4.localdomain4\n::1         localhost localhost.localdomain localhost6 localhost6.localdomain6\n');
    expect(m('master').resolve('node1')).toBeUndefined();
  });

  it('have swap on from an LVM fstab, SELinux enforcing, firewalld running and no Kubernetes', () => {
    const { m } = bare();
    const node1 = m('node1');
    expect(node1.os.swapOn).toBe(true);
    expect(node1.fs.read('/etc/fstab')).toMatch(/^\/dev\/mapper\/centos-swap swap\s+swap\s+defaults\s+0 0$/m);
    expect(node1.fs.read('/proc/swaps')).toMatch(/^\/dev\/dm-1\s+partition\t2097148\t0\t-2$/m);
    expect(node1.os.selinux).toBe('enforcing');
    expect(node1.fs.read('/etc/selinux/config')).toMatch(/^SELINUX=enforcing$/m);
    expect(node1.fs.read('/etc/sysconfig/selinux')).toBe(node1.fs.read('/etc/selinux/config'));
    expect(node1.unit('firewalld')?.running).toBe(true);
    expect(node1.unit('firewalld')?.enabled).toBe(true);
    expect([...node1.units.keys()].sort()).toEqual(['firewalld', 'sshd']);
    expect(node1.containerd).toBeUndefined();
    for (const c of ['kubectl', 'kubeadm', 'kubelet', 'docker', 'crictl']) expect(node1.os.hasCommand(c)).toBe(false);
    expect(node1.os.packages.installed('kubeadm')).toBeUndefined();
    expect(node1.os.packages.installed('curl')).toMatchObject({ version: '7.29.0', release: '59.el7_9.2', repo: '@anaconda' });
    expect(node1.os.packages.installed('yum')).toMatchObject({ version: '3.4.3', release: '168.el7.centos', arch: 'noarch' });
  });

  it('have no br_netfilter: no bridge keys until the module loads, and ip_forward 0', () => {
    const { m } = bare();
    const os = m('master').os;
    expect(os.modules.has('br_netfilter')).toBe(false);
    expect(os.sysctl('net.ipv4.ip_forward')).toBe('0');
    expect(os.sysctl('net.bridge.bridge-nf-call-iptables')).toBeUndefined();
    expect(m('master').fs.exists('/proc/sys/net/bridge')).toBe(false);
    expect(os.setSysctl('net.bridge.bridge-nf-call-iptables', '1')).toBe(false);
    expect(os.loadModule('br_netfilter')).toBe(true);
    expect(os.sysctl('net.bridge.bridge-nf-call-iptables')).toBe('1');
    expect(os.sysctl('net.bridge.bridge-nf-call-ip6tables')).toBe('1');
    expect(os.loadModule('nosuchmodule')).toBe(false);
  });

  it('a package can install containerd and kubelet units, disabled and stopped', () => {
    const { m } = bare();
    const node1 = m('node1');
    const u = node1.install('containerd');
    expect(u.enabled).toBe(false);
    expect(u.running).toBe(false);
    expect(node1.containerd?.running).toBe(false);
    expect(u.start().ok).toBe(true);
    expect(node1.os.modules.has('overlay')).toBe(true);
  });
});

describe('the kubeadm preset machines are provisioned', () => {
  it('have the Kubernetes packages, swap off, br_netfilter and forwarding, SELinux permissive, no firewalld', () => {
    const cluster = createCluster();
    const node1 = machinesOf(cluster.hosts)!.machine('node1')!;
    expect(node1.os.packages.installed('kubelet')).toMatchObject({ version: '1.32.4', release: '150500.1.1' });
    for (const p of ['kubeadm', 'kubectl', 'cri-tools', 'kubernetes-cni', 'containerd.io', 'bash-completion']) expect(node1.os.packages.installed(p)).toBeDefined();
    expect(node1.os.swapOn).toBe(false);
    expect(node1.fs.read('/etc/fstab')).toMatch(/^#\/dev\/mapper\/centos-swap swap/m);
    expect(node1.os.modules.has('br_netfilter') && node1.os.modules.has('overlay')).toBe(true);
    expect(node1.os.sysctl('net.bridge.bridge-nf-call-iptables')).toBe('1');
    expect(node1.os.sysctl('net.ipv4.ip_forward')).toBe('1');
    expect(node1.os.selinux).toBe('permissive');
    expect(node1.unit('firewalld')).toBeUndefined();
    expect(node1.os.firewall.allows(6443)).toBe(true);
    expect(node1.os.hasCommand('kubectl')).toBe(true);
  });

  it('keep their settings across a reboot', () => {
    const cluster = createCluster();
    const node1 = machinesOf(cluster.hosts)!.machine('node1')!;
    node1.os.reboot();
    cluster.advance(REBOOT_MS);
    expect(node1.os.modules.has('br_netfilter')).toBe(true);
    expect(node1.os.sysctl('net.ipv4.ip_forward')).toBe('1');
    expect(node1.os.swapOn).toBe(false);
    expect(node1.unit('kubelet')?.running).toBe(true);
  });
});

describe('reboot', () => {
  it('forgets what was done by hand and keeps what the files say', () => {
    const { cluster, m } = bare();
    const node1 = m('node1');
    const os = node1.os;
    os.swapOn = false;
    os.loadModule('br_netfilter');
    os.setSysctl('net.ipv4.ip_forward', '1');
    os.selinux = 'permissive';
    os.firewall.addPort('6443/tcp', false);
    os.reboot();
    expect(os.up).toBe(false);
    expect(node1.unit('sshd')?.running).toBe(false);
    cluster.advance(REBOOT_MS);
    expect(os.up).toBe(true);
    expect(node1.unit('sshd')?.running).toBe(true);
    expect(os.swapOn).toBe(true);
    expect(os.modules.has('br_netfilter')).toBe(false);
    expect(os.sysctl('net.ipv4.ip_forward')).toBe('0');
    expect(os.selinux).toBe('enforcing');
    expect(os.firewall.ports()).toEqual([]);
    expect(node1.unit('firewalld')?.running).toBe(true);
  });

  it('applies fstab, modules-load.d, sysctl.d, the SELinux config and disabled units', () => {
    const { cluster, m } = bare();
    const node1 = m('node1');
    const { fs, os } = node1;
    fs.write('/etc/fstab', fs.read('/etc/fstab').replace('/dev/mapper/centos-swap', '#/dev/mapper/centos-swap'));
    fs.write('/etc/modules-load.d/k8s.conf', 'br_netfilter\n');
    fs.write('/etc/sysctl.conf', 'net.bridge.bridge-nf-call-iptables = 1\nnet.ipv4.ip_forward = 1\n');
    fs.write('/etc/sysconfig/selinux', fs.read('/etc/sysconfig/selinux').replace('SELINUX=enforcing', 'SELINUX=disabled'));
    node1.unit('firewalld')!.enabled = false;
    os.firewall.addPort('10250/tcp', true);
    os.reboot();
    cluster.advance(REBOOT_MS);
    expect(os.swapOn).toBe(false);
    expect(os.modules.has('br_netfilter')).toBe(true);
    expect(os.sysctl('net.bridge.bridge-nf-call-iptables')).toBe('1');
    expect(os.sysctl('net.ipv4.ip_forward')).toBe('1');
    expect(os.selinux).toBe('disabled');
    expect(fs.read('/etc/selinux/config')).toMatch(/^SELINUX=disabled$/m);
    expect(node1.unit('firewalld')?.running).toBe(false);
    expect(os.firewall.ports(true)).toEqual(['10250/tcp']);
  });

  it('runs boot hooks (a runtime loading its modules) before units start', () => {
    const { cluster, m } = bare();
    const os = m('node2').os;
    os.onBoot(() => os.loadModule('br_netfilter'));
    os.reboot();
    cluster.advance(REBOOT_MS);
    expect(os.sysctl('net.bridge.bridge-nf-call-iptables')).toBe('1');
  });
});

describe('firewalld', () => {
  const req = { scheme: 'https' as const, method: 'GET', path: '/', headers: {} };

  it('rejects other machines on closed ports (no route to host) until the port is opened', () => {
    const { cluster, m } = bare();
    const net = cluster.net;
    expect(net.request({ kind: 'host', host: 'node1' }, '10.0.2.15', 6443, req)).toMatchObject({ ok: false, error: 'unreachable' });
    // the machine itself passes: nothing listens, so refused
    expect(net.request({ kind: 'host', host: 'master' }, '10.0.2.15', 6443, req)).toMatchObject({ ok: false, error: 'refused' });
    m('master').os.firewall.addPort('6443/tcp', true);
    expect(net.request({ kind: 'host', host: 'node1' }, '10.0.2.15', 6443, req)).toMatchObject({ error: 'unreachable' });
    m('master').os.firewall.reload();
    expect(net.request({ kind: 'host', host: 'node1' }, '10.0.2.15', 6443, req)).toMatchObject({ error: 'refused' });
    // ssh is in the public zone
    expect(m('master').os.firewall.allows(22)).toBe(true);
  });

  it('filters nothing once stopped', () => {
    const { cluster, m } = bare();
    m('master').unit('firewalld')!.stop();
    expect(cluster.net.request({ kind: 'host', host: 'node1' }, '10.0.2.15', 10250, req)).toMatchObject({ ok: false, error: 'refused' });
  });
});
