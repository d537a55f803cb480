// yum, rpm and yum-config-manager on the bare CentOS 7 machines, following the install notes (Kubernetes
// 1.21.1 from the legacy Google repo, Docker from get.docker.com) and the modern path (pkgs.k8s.io, containerd).
import { describe, expect, it } from 'vitest';
import { bareShell, PKGS_REPO_HEREDOC } from './yum-setup.ts';
import { criEndpoints } from '../../../src/cluster/hosts/cri.ts';

describe('the notes: kubernetes.repo with wget, yum repolist, yum install of 1.21.1', () => {
  it('wget saves the notes\' repo file and yum repolist imports the repo keys and counts the packages', async () => {
    const { run, machine } = bareShell();
    // CentOS 7 minimal has no wget: the first try fails, yum installs it
    const r = await run('cd /etc/yum.repos.d\nwget http://down.cloudshell.kr/k8s/kubernetes.repo\nyum install -y -q wget\nwget http://down.cloudshell.kr/k8s/kubernetes.repo\nyum repolist -y');
    expect(r.out).toMatch(/^bash: wget: command not found$/m);
    expect(machine().fs.read('/etc/yum.repos.d/kubernetes.repo')).toContain('baseurl=https://packages.cloud.google.com/yum/repos/kubernetes-el7-x86_64');
    expect(r.out).toContain("Saving to: ‘kubernetes.repo’");
    expect(r.out).toContain('Importing GPG key 0x307EA071:');
    expect(r.out).toMatch(/^kubernetes +Kubernetes +1,022$/m);
    expect(r.out).toMatch(/^base\/7\/x86_64 +CentOS-7 - Base +10,072$/m);
    expect(r.out).toMatch(/^repolist: 16,796$/m);
  });

  it('installs kubelet, kubeadm and kubectl 1.21.1 with their dependencies; kubelet is installed disabled and stopped', async () => {
    const { run, machine } = bareShell();
    await run('cd /etc/yum.repos.d && yum install -y -q wget && wget -q http://down.cloudshell.kr/k8s/kubernetes.repo');
    const r = await run('yum install -y kubelet-1.21.1-0 kubeadm-1.21.1-0 kubectl-1.21.1-0; echo status=$?');
    expect(r.out).toContain('Loaded plugins: fastestmirror');
    expect(r.out).toContain('---> Package kubeadm.x86_64 0:1.21.1-0 will be installed');
    expect(r.out).toContain('--> Processing Dependency: cri-tools >= 1.13.0 for package: kubeadm-1.21.1-0.x86_64');
    expect(r.out).toMatch(/^ kubelet +x86_64 +1\.21\.1-0 +kubernetes +20 M$/m);
    expect(r.out).toContain('Install  3 Packages (+8 Dependent packages)');
    expect(r.out).toMatch(/^  Installing : kubelet-1\.21\.1-0\.x86_64 +11\/11 $/m);
    expect(r.out).toMatch(/Complete!\nstatus=0/);
    const m = machine();
    expect(m.os.packages.installed('kubeadm')).toMatchObject({ version: '1.21.1', release: '0', repo: '@kubernetes' });
    expect(m.os.hasCommand('kubeadm') && m.os.hasCommand('kubectl') && m.os.hasCommand('crictl')).toBe(true);
    expect(m.fs.read('/etc/sysconfig/kubelet')).toBe('KUBELET_EXTRA_ARGS=\n');
    expect(m.fs.exists('/usr/lib/systemd/system/kubelet.service.d/10-kubeadm.conf')).toBe(true);
    expect(m.fs.exists('/opt/cni/bin/bridge') && m.fs.exists('/opt/cni/bin/loopback')).toBe(true);
    expect(m.fs.exists('/etc/crictl.yaml')).toBe(false);
    const s = await run('rpm -q kubeadm kubelet docker-ce\nsystemctl is-enabled kubelet\nsystemctl is-active kubelet');
    expect(s.out).toBe('kubeadm-1.21.1-0.x86_64\nkubelet-1.21.1-0.x86_64\npackage docker-ce is not installed\ndisabled\ninactive\n');
  });

  it('a second install says the package is there already', async () => {
    const { run } = bareShell();
    await run('cd /etc/yum.repos.d && yum install -y -q wget && wget -q http://down.cloudshell.kr/k8s/kubernetes.repo && yum install -y -q kubectl-1.21.1-0');
    const r = await run('yum install -y kubectl-1.21.1-0; echo status=$?');
    expect(r.out).toContain('Package kubectl-1.21.1-0.x86_64 already installed and latest version\nNothing to do\nstatus=0');
  });

  it('yum list --showduplicates shows every version the repo holds', async () => {
    const { run } = bareShell();
    await run('cd /etc/yum.repos.d && yum install -y -q wget && wget -q http://down.cloudshell.kr/k8s/kubernetes.repo');
    // the repo's signing key needs a yes first (the notes run `yum repolist -y` for this)
    const ask = await run('yum list kubeadm; echo status=$?');
    expect(ask.out).toContain("Is this ok [y/N]: \nDidn't install any keys for repo kubernetes\nstatus=1");
    await run('yum repolist -y');
    const r = await run('yum list --showduplicates kubeadm');
    expect(r.out).toMatch(/^kubeadm\.x86_64 +1\.21\.1-0 +kubernetes$/m);
    expect(r.out).toMatch(/^kubeadm\.x86_64 +1\.28\.2-0 +kubernetes$/m);
  });
});

describe('Docker from get.docker.com and the cgroup driver', () => {
  it('curl | bash runs the install script; docker info says cgroupfs, then systemd after the ExecStart edit', async () => {
    const { run, machine } = bareShell();
    const r = await run('curl -sSL http://get.docker.com | bash');
    expect(r.out).toContain('# Executing docker install script, commit: ');
    expect(r.out).toContain("+ sh -c 'yum install -y -q docker-ce docker-ce-cli containerd.io docker-compose-plugin docker-ce-rootless-extras docker-buildx-plugin'");
    expect(r.out).toContain('To run Docker as a non-privileged user, consider setting up the');
    const m = machine();
    expect(m.os.packages.installed('docker-ce')?.version).toBe('26.1.4');
    expect(m.os.packages.installed('yum-utils')).toBeDefined();
    expect(m.unit('docker')?.running).toBe(false);
    const before = await run('systemctl start docker && systemctl enable docker\ndocker info | grep -i cgroup');
    expect(before.out).toContain(' Cgroup Driver: cgroupfs\n Cgroup Version: 1\n');
    // dockerd loads br_netfilter and turns on forwarding when it starts
    expect(m.os.modules.has('br_netfilter')).toBe(true);
    expect(m.os.sysctl('net.ipv4.ip_forward')).toBe('1');
    const after = await run(
      "sed -i 's|ExecStart=/usr/bin/dockerd|ExecStart=/usr/bin/dockerd --exec-opt native.cgroupdriver=systemd|' /usr/lib/systemd/system/docker.service\nsystemctl daemon-reload\nsystemctl restart docker\ndocker info | grep -i cgroup",
    );
    expect(after.out).toContain(' Cgroup Driver: systemd\n');
    expect(criEndpoints(m, 21)[0]).toMatchObject({ runtime: 'docker', socket: '/var/run/dockershim.sock', cgroupDriver: 'systemd', running: true });
    // dockershim is gone in 1.24: only containerd is offered (and its CRI plugin is disabled as shipped)
    expect(criEndpoints(m, 32).map((e) => e.runtime)).toEqual(['containerd']);
  });

  it('daemon.json exec-opts takes effect on restart, and with the flag as well dockerd refuses to start', async () => {
    const { run } = bareShell();
    await run('curl -sSL https://get.docker.com | sh >/dev/null 2>&1');
    const json = await run(`echo '{ "exec-opts": ["native.cgroupdriver=systemd"] }' > /etc/docker/daemon.json\nsystemctl restart docker\ndocker info | grep 'Cgroup Driver'`);
    expect(json.out).toBe(' Cgroup Driver: systemd\n');
    const both = await run("sed -i 's|ExecStart=/usr/bin/dockerd|ExecStart=/usr/bin/dockerd --exec-opt native.cgroupdriver=systemd|' /usr/lib/systemd/system/docker.service\nsystemctl restart docker; echo status=$?\njournalctl -u docker | grep directives");
    expect(both.out).toContain('Job for docker.service failed');
    expect(both.out).toContain('the following directives are specified both as a flag and in the configuration file: exec-opts: (from flag: [native.cgroupdriver=systemd], from file: [native.cgroupdriver=systemd])');
  });
});

describe('the modern path: pkgs.k8s.io and containerd', () => {
  it('the exclude= line hides the packages until --disableexcludes=kubernetes', async () => {
    const { run, machine } = bareShell();
    await run(PKGS_REPO_HEREDOC);
    const r = await run('yum install -y kubelet kubeadm kubectl; echo status=$?');
    expect(r.out).toContain('No package kubelet available.\nNo package kubeadm available.\nNo package kubectl available.\n');
    expect(r.out).toContain('Error: Nothing to do\nstatus=1');
    const ok = await run('yum install -y kubelet kubeadm kubectl --disableexcludes=kubernetes; echo status=$?');
    expect(ok.out).toMatch(/^ kubeadm +x86_64 +1\.32\.4-150500\.1\.1 +kubernetes/m);
    expect(ok.out).toContain('Importing GPG key 0x9A296436:');
    expect(ok.out).toContain('status=0');
    expect(machine().os.packages.installed('kubelet')).toMatchObject({ version: '1.32.4', release: '150500.1.1' });
    const list = await run('yum repolist | grep kubernetes');
    expect(list.out).toMatch(/^kubernetes +Kubernetes +0\+17$/m);
  });

  it('containerd.io ships with the CRI disabled; config default + SystemdCgroup = true + restart gives a systemd CRI', async () => {
    const { run, machine } = bareShell();
    const m = machine();
    await run('yum install -y -q yum-utils && yum-config-manager --add-repo https://download.docker.com/linux/centos/docker-ce.repo >/dev/null && yum install -y -q containerd.io');
    expect(m.fs.read('/etc/containerd/config.toml')).toContain('disabled_plugins = ["cri"]');
    expect(m.unit('containerd')?.running).toBe(false);
    await run('systemctl enable --now containerd');
    expect(criEndpoints(m, 32)[0]).toMatchObject({ runtime: 'containerd', running: true, criError: 'rpc error: code = Unimplemented desc = unknown service runtime.v1.RuntimeService' });
    const r = await run("containerd config default > /etc/containerd/config.toml\ngrep SystemdCgroup /etc/containerd/config.toml\nsed -i 's/SystemdCgroup = false/SystemdCgroup = true/' /etc/containerd/config.toml\nsystemctl restart containerd");
    expect(r.out).toBe('            SystemdCgroup = false\n');
    const e = criEndpoints(m, 32)[0]!;
    expect(e.criError).toBeUndefined();
    expect(e.cgroupDriver).toBe('systemd');
  });
});

describe('mistakes', () => {
  it('no such package', async () => {
    const { run } = bareShell();
    const r = await run('yum install -y kubeadm; echo status=$?');
    expect(r.out).toContain('No package kubeadm available.\nError: Nothing to do\nstatus=1');
  });

  it('yum-config-manager before yum-utils is installed', async () => {
    const { run } = bareShell();
    const r = await run('yum-config-manager --add-repo https://download.docker.com/linux/centos/docker-ce.repo; echo status=$?');
    expect(r.out).toBe('bash: yum-config-manager: command not found\nstatus=127\n');
  });

  it('a typo in baseurl fails the whole run the way yum 3.4.3 does', async () => {
    const { run } = bareShell();
    await run(PKGS_REPO_HEREDOC.replace('v1.32/rpm/', 'v1.32/rmp/'));
    const r = await run('yum install -y socat; echo status=$?');
    expect(r.out).toContain('https://pkgs.k8s.io/core:/stable:/v1.32/rmp/repodata/repomd.xml: [Errno 14] HTTPS Error 404 - Not Found\nTrying other mirror.');
    expect(r.out).toContain(' One of the configured repositories failed (Kubernetes),');
    expect(r.out).toContain('failure: repodata/repomd.xml from kubernetes: [Errno 256] No more mirrors to try.');
    expect(r.out).toMatch(/status=1\n$/);
  });

  it('without -y yum asks, and "N" (or no answer) leaves the machine as it was', async () => {
    const { run, machine } = bareShell();
    const no = await run('echo n | yum install socat; echo status=$?');
    expect(no.out).toContain('Is this ok [y/d/N]: n\nExiting on user command\n');
    expect(no.out).toContain('status=1');
    expect(machine().os.packages.installed('socat')).toBeUndefined();
    // the transaction, then the CentOS key import: two questions
    const yes = await run("printf 'y\\ny\\n' | yum install socat");
    expect(yes.out).toContain('Is this ok [y/d/N]: y\nDownloading packages:');
    expect(yes.out).toContain(' From       : /etc/pki/rpm-gpg/RPM-GPG-KEY-CentOS-7\nIs this ok [y/N]: y\n');
    expect(machine().os.packages.installed('socat')).toBeDefined();
  });

  it('rpm -e refuses to break a dependency; yum remove takes the dependents along', async () => {
    const { run, machine } = bareShell();
    await run('cd /etc/yum.repos.d && yum install -y -q wget && wget -q http://down.cloudshell.kr/k8s/kubernetes.repo && yum install -y -q kubelet-1.21.1-0 kubeadm-1.21.1-0 kubectl-1.21.1-0');
    const e = await run('rpm -e kubelet; echo status=$?');
    expect(e.out).toContain('error: Failed dependencies:\n\tkubelet >= 1.19.0 is needed by (installed) kubeadm-1.21.1-0.x86_64\nstatus=1');
    const r = await run('yum remove -y kubelet\nrpm -q kubelet kubeadm');
    expect(r.out).toContain('---> Package kubelet.x86_64 0:1.21.1-0 will be erased');
    expect(r.out).toContain('Dependency Removed:\n  kubeadm.x86_64 0:1.21.1-0');
    expect(r.out).toContain('package kubelet is not installed\npackage kubeadm is not installed\n');
    expect(machine().unit('kubelet')).toBeUndefined();
    expect(machine().os.hasCommand('kubeadm')).toBe(false);
  });
});
