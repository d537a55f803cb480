import { describe, expect, it } from 'vitest';
import { headless } from '../helpers.ts';
import { createCluster } from '../../../src/cluster/cluster.ts';
import { machinesOf } from '../../../src/cluster/hosts/index.ts';

const bareShell = () => {
  const cluster = createCluster({ preset: 'bare' });
  return { ...headless({ cluster }), cluster, m: (n: string) => machinesOf(cluster.hosts)!.machine(n)! };
};

describe('package commands on bare machines', () => {
  it('do not exist until installed; which, type and command -v agree', async () => {
    const { run, m } = bareShell();
    expect(await run('kubectl get nodes')).toEqual({ out: 'bash: kubectl: command not found\n', status: 127 });
    expect(await run('kubeadm init')).toEqual({ out: 'bash: kubeadm: command not found\n', status: 127 });
    expect(await run('which kubectl')).toEqual({ out: '/usr/bin/which: no kubectl in (/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/root/bin)\n', status: 1 });
    expect(await run('type docker')).toEqual({ out: 'bash: type: docker: not found\n', status: 1 });
    expect(await run('command -v crictl')).toEqual({ out: '', status: 1 });
    m('master').os.addCommands(['kubectl']);
    expect(await run('command -v kubectl')).toEqual({ out: '/usr/bin/kubectl\n', status: 0 });
  });

  it('are all there in the kubeadm preset', async () => {
    const { run } = headless({ cluster: createCluster() });
    expect((await run('which kubectl')).out).toBe('/usr/bin/kubectl\n');
    expect((await run('kubectl get nodes -o name')).out).toBe('node/master\nnode/node1\nnode/node2\nnode/node3\n');
  });
});

describe('swap', () => {
  it('swapoff -a turns it off until swapon -a; free and swapon -s show it', async () => {
    const { run } = bareShell();
    expect((await run('free -m')).out).toMatch(/^Swap:\s+2047\s+0\s+2047$/m);
    expect((await run('swapon -s')).out).toBe('Filename\t\t\t\tType\t\tSize\tUsed\tPriority\n/dev/dm-1                              \tpartition\t2097148\t0\t-2\n');
    expect(await run('swapoff -a')).toEqual({ out: '', status: 0 });
    expect((await run('free -h')).out).toMatch(/^Swap:\s+0B\s+0B\s+0B$/m);
    expect((await run('cat /proc/swaps')).out).toBe('Filename\t\t\t\tType\t\tSize\tUsed\tPriority\n');
    expect((await run('swapon --show')).out).toBe('');
    await run('swapon -a');
    expect((await run('swapon --show')).out).toBe('NAME      TYPE      SIZE USED PRIO\n/dev/dm-1 partition   2G   0B   -2\n');
  });
});

describe('kernel modules and sysctl', () => {
  it('bridge keys do not exist before modprobe br_netfilter', async () => {
    const { run } = bareShell();
    expect(await run('echo 1 > /proc/sys/net/bridge/bridge-nf-call-iptables')).toEqual({ out: 'bash: /proc/sys/net/bridge/bridge-nf-call-iptables: No such file or directory\n', status: 1 });
    expect(await run('sysctl net.bridge.bridge-nf-call-iptables')).toEqual({ out: 'sysctl: cannot stat /proc/sys/net/bridge/bridge-nf-call-iptables: No such file or directory\n', status: 255 });
    expect(await run('lsmod | grep br_netfilter')).toEqual({ out: '', status: 1 });
    expect(await run('modprobe br_netfiltr')).toEqual({ out: 'modprobe: FATAL: Module br_netfiltr not found.\n', status: 1 });
    expect(await run('modprobe br_netfilter')).toEqual({ out: '', status: 0 });
    expect((await run('lsmod | grep br_netfilter')).out).toBe('br_netfilter           22256  0 \nbridge                151336  1 br_netfilter\n');
    expect(await run('echo 1 > /proc/sys/net/bridge/bridge-nf-call-iptables; cat /proc/sys/net/bridge/bridge-nf-call-iptables')).toEqual({ out: '1\n', status: 0 });
    expect(await run('echo 1 > /proc/sys/net/ipv4/no_such_key')).toEqual({ out: 'bash: /proc/sys/net/ipv4/no_such_key: No such file or directory\n', status: 1 });
  });

  it('sysctl -w, -p and --system', async () => {
    const { run } = bareShell();
    expect(await run('sysctl net.ipv4.ip_forward')).toEqual({ out: 'net.ipv4.ip_forward = 0\n', status: 0 });
    expect(await run('sysctl -w net.ipv4.ip_forward=1')).toEqual({ out: 'net.ipv4.ip_forward = 1\n', status: 0 });
    expect((await run('sysctl -n net.ipv4.ip_forward')).out).toBe('1\n');
    await run("printf 'net.bridge.bridge-nf-call-iptables = 1\\nnet.bridge.bridge-nf-call-ip6tables = 1\\n' >> /etc/sysctl.conf");
    expect(await run('sysctl -p')).toEqual({
      out: 'sysctl: cannot stat /proc/sys/net/bridge/bridge-nf-call-iptables: No such file or directory\nsysctl: cannot stat /proc/sys/net/bridge/bridge-nf-call-ip6tables: No such file or directory\n',
      status: 255,
    });
    await run('modprobe br_netfilter');
    expect(await run('sysctl -p')).toEqual({ out: 'net.bridge.bridge-nf-call-iptables = 1\nnet.bridge.bridge-nf-call-ip6tables = 1\n', status: 0 });
    const sys = await run('sysctl --system');
    expect(sys.status).toBe(0);
    expect(sys.out.split('\n').filter((l) => l.startsWith('*'))).toEqual([
      '* Applying /usr/lib/sysctl.d/00-system.conf ...',
      '* Applying /usr/lib/sysctl.d/10-default-yama-scope.conf ...',
      '* Applying /usr/lib/sysctl.d/50-default.conf ...',
      '* Applying /etc/sysctl.d/99-sysctl.conf ...',
      '* Applying /etc/sysctl.conf ...',
    ]);
    expect(sys.out).toContain('* Applying /etc/sysctl.conf ...\nnet.bridge.bridge-nf-call-iptables = 1\nnet.bridge.bridge-nf-call-ip6tables = 1\n');
    expect((await run('sysctl -a | grep ip_forward')).out).toBe('net.ipv4.ip_forward = 1\n');
  });
});

describe('SELinux', () => {
  it('getenforce, setenforce and sestatus', async () => {
    const { run } = bareShell();
    expect((await run('getenforce')).out).toBe('Enforcing\n');
    expect(await run('setenforce 0')).toEqual({ out: '', status: 0 });
    expect((await run('getenforce')).out).toBe('Permissive\n');
    expect(await run('setenforce maybe')).toEqual({ out: 'usage:  setenforce [ Enforcing | Permissive | 1 | 0 ]\n', status: 1 });
    await run("sed -i 's/^SELINUX=enforcing/SELINUX=disabled/' /etc/sysconfig/selinux");
    expect((await run('sestatus')).out).toMatch(/^Current mode:                   permissive\nMode from config file:          disabled\n/m);
  });

  it('setenforce refuses once SELinux is disabled by a reboot', async () => {
    const { run, cluster, m } = bareShell();
    await run("sed -i 's/^SELINUX=enforcing/SELINUX=disabled/' /etc/selinux/config");
    m('node1').fs.write('/etc/selinux/config', m('master').fs.read('/etc/selinux/config'));
    m('node1').os.reboot();
    cluster.advance(60_000);
    expect(await run('ssh 10.0.2.16 getenforce')).toEqual({ out: 'Disabled\n', status: 0 });
    expect(await run('ssh 10.0.2.16 setenforce 0')).toEqual({ out: 'setenforce: SELinux is disabled\n', status: 1 });
    expect((await run('ssh 10.0.2.16 sestatus')).out).toBe('SELinux status:                 disabled\n');
  });
});

describe('firewall-cmd', () => {
  it('opens ports at runtime or permanently (after --reload), and says when firewalld is not running', async () => {
    const { run } = bareShell();
    expect(await run('firewall-cmd --state')).toEqual({ out: 'running\n', status: 0 });
    expect(await run('firewall-cmd --permanent --add-port=6443/tcp')).toEqual({ out: 'success\n', status: 0 });
    expect((await run('firewall-cmd --list-ports')).out).toBe('\n');
    expect(await run('firewall-cmd --reload')).toEqual({ out: 'success\n', status: 0 });
    expect((await run('firewall-cmd --list-ports')).out).toBe('6443/tcp\n');
    expect(await run('firewall-cmd --add-port=6443/tcp')).toEqual({ out: 'Warning: ALREADY_ENABLED: 6443:tcp\nsuccess\n', status: 0 });
    await run('firewall-cmd --add-port=10250/tcp');
    expect((await run('firewall-cmd --list-all')).out).toMatch(/^  services: dhcpv6-client ssh\n  ports: 6443\/tcp 10250\/tcp\n/m);
    await run('systemctl stop firewalld');
    expect(await run('firewall-cmd --state')).toEqual({ out: 'not running\n', status: 252 });
    expect(await run('firewall-cmd --add-port=80/tcp')).toEqual({ out: 'FirewallD is not running\n', status: 252 });
  });

  it('while firewalld runs on master, node1 cannot reach master:6443 (No route to host); opening the port lets it through', async () => {
    const { run, cluster } = bareShell();
    const req = { scheme: 'https' as const, method: 'GET', path: '/healthz', headers: {} };
    expect(cluster.net.request({ kind: 'host', host: 'node1' }, '10.0.2.15', 6443, req)).toMatchObject({ ok: false, error: 'unreachable' });
    expect((await run('ssh 10.0.2.16 curl -sS https://10.0.2.15:6443/healthz')).out).toMatch(/No route to host/);
    await run('firewall-cmd --add-port=6443/tcp');
    expect(cluster.net.request({ kind: 'host', host: 'node1' }, '10.0.2.15', 6443, req)).toMatchObject({ ok: false, error: 'refused' });
  });
});

describe('host information', () => {
  it('uname, hostnamectl and uptime', async () => {
    const { run } = bareShell();
    expect((await run('uname -r')).out).toBe('3.10.0-1160.el7.x86_64\n');
    expect((await run('hostnamectl')).out).toMatch(/^   Static hostname: master\n[\s\S]*  Operating System: CentOS Linux 7 \(Core\)\n[\s\S]*            Kernel: Linux 3\.10\.0-1160\.el7\.x86_64\n/);
    await run('hostnamectl set-hostname k8s-master');
    expect((await run('cat /etc/hostname')).out).toBe('k8s-master\n');
    expect((await run('uptime')).out).toMatch(/^ \d\d:\d\d:\d\d up \d+ min,  1 user,  load average: /);
  });
});

describe('reboot from the shell', () => {
  it('an ssh session to the rebooting machine drops back to the previous machine; ssh fails while it boots', async () => {
    const { run, session } = bareShell();
    await run('echo "10.0.2.16 node1" >> /etc/hosts');
    await run('ssh node1');
    expect(await run('reboot')).toEqual({ out: 'Connection to node1 closed by remote host.\nConnection to node1 closed.\n', status: 255 });
    expect(session.prompt()).toBe('[root@master ~]# ');
    expect(await run('ssh node1 hostname')).toEqual({ out: 'ssh: connect to host node1 port 22: Connection refused\n', status: 255 });
    await run('sleep 30');
    expect(await run('ssh node1 hostname')).toEqual({ out: 'node1\n', status: 0 });
  });

  it('rebooting master reconnects the learner as a fresh login after the reboot', async () => {
    const { run, session, cluster } = bareShell();
    await run('cd /tmp; swapoff -a; alias k=kubectl');
    const t0 = cluster.clock.now();
    const r = await run('shutdown -r now');
    expect(r.out).toMatch(/^\nBroadcast message from root@master \(\w{3} \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\):\n\nThe system is going down for reboot NOW!\n\n/);
    expect(r.out).toContain('Connection to master closed by remote host.\nConnection to master closed.\nLast login: ');
    expect(cluster.clock.now() - t0).toBeGreaterThanOrEqual(30_000);
    expect(session.prompt()).toBe('[root@master ~]# ');
    expect((await run('alias k')).status).toBe(1);
    expect((await run('swapon --show')).out).toMatch(/^\/dev\/dm-1/m);
  });
});
