// The files and rpm database of a CentOS 7.9 minimal install (anaconda), and what the kubeadm preset's
// machines have on top: the sysctl.d files, firewalld's unit, the Kubernetes packages.
import type { InstalledPackage } from './os.ts';
import type { UnitSpec } from './services.ts';
import { CONTAINERD_VERSION } from './containerd.ts';

const rpm = (name: string, version: string, release: string, arch = 'x86_64', repo = '@anaconda'): InstalledPackage => ({ name, version, release, arch, repo, installedAt: 0 });

/** `rpm -qa` of a CentOS 7.9 minimal install (the packages the course's commands touch, and their neighbours). */
export function basePackages(): InstalledPackage[] {
  return [
    rpm('audit', '2.8.5', '4.el7'),
    rpm('bash', '4.2.46', '34.el7'),
    rpm('ca-certificates', '2020.2.41', '70.0.el7_8', 'noarch'),
    rpm('centos-release', '7', '9.2009.0.el7.centos'),
    rpm('chrony', '3.4', '1.el7'),
    rpm('coreutils', '8.22', '24.el7'),
    rpm('curl', '7.29.0', '59.el7_9.2'),
    rpm('e2fsprogs', '1.42.9', '19.el7'),
    rpm('firewalld', '0.6.3', '13.el7_9', 'noarch'),
    rpm('gawk', '4.0.2', '4.el7_3.1'),
    rpm('glibc', '2.17', '317.el7'),
    rpm('grep', '2.20', '3.el7'),
    rpm('hostname', '3.13', '3.el7_7.1'),
    rpm('iproute', '4.11.0', '30.el7'),
    rpm('iptables', '1.4.21', '35.el7'),
    rpm('iputils', '20160308', '10.el7'),
    rpm('kernel', '3.10.0', '1160.el7'),
    rpm('kmod', '20', '28.el7'),
    rpm('less', '458', '9.el7'),
    rpm('libselinux-utils', '2.5', '15.el7'),
    rpm('lvm2', '2.02.187', '6.el7'),
    rpm('NetworkManager', '1.18.8', '1.el7'),
    rpm('openssh', '7.4p1', '21.el7'),
    rpm('openssh-clients', '7.4p1', '21.el7'),
    rpm('openssh-server', '7.4p1', '21.el7'),
    rpm('openssl', '1.0.2k', '19.el7'),
    rpm('policycoreutils', '2.5', '34.el7'),
    rpm('procps-ng', '3.3.10', '28.el7'),
    rpm('python', '2.7.5', '89.el7'),
    rpm('rpm', '4.11.3', '45.el7'),
    rpm('sed', '4.2.2', '7.el7'),
    rpm('selinux-policy', '3.13.1', '268.el7', 'noarch'),
    rpm('selinux-policy-targeted', '3.13.1', '268.el7', 'noarch'),
    rpm('sudo', '1.8.23', '10.el7'),
    rpm('systemd', '219', '78.el7'),
    rpm('tar', '1.26', '35.el7'),
    rpm('tuned', '2.11.0', '9.el7', 'noarch'),
    rpm('util-linux', '2.23.2', '65.el7'),
    rpm('vim-minimal', '7.4.629', '7.el7'),
    rpm('which', '2.20', '7.el7'),
    rpm('xfsprogs', '4.5.0', '22.el7'),
    rpm('yum', '3.4.3', '168.el7.centos', 'noarch'),
  ];
}

/** The kubeadm preset: the base install plus what the modern path installs (pkgs.k8s.io v1.32, containerd.io). */
export function kubeadmPackages(): InstalledPackage[] {
  return [
    ...basePackages(),
    rpm('bash-completion', '2.1', '8.el7', 'noarch', '@base'),
    rpm('containerd.io', CONTAINERD_VERSION, '3.1.el7', 'x86_64', '@docker-ce-stable'),
    rpm('container-selinux', '2.119.2', '1.911c772.el7_8', 'noarch', '@extras'),
    rpm('cri-tools', '1.32.0', '150500.1.1', 'x86_64', '@kubernetes'),
    rpm('kubeadm', '1.32.4', '150500.1.1', 'x86_64', '@kubernetes'),
    rpm('kubectl', '1.32.4', '150500.1.1', 'x86_64', '@kubernetes'),
    rpm('kubelet', '1.32.4', '150500.1.1', 'x86_64', '@kubernetes'),
    rpm('kubernetes-cni', '1.6.0', '150500.1.1', 'x86_64', '@kubernetes'),
    rpm('yum-utils', '1.1.31', '54.el7_8', 'noarch', '@base'),
  ];
}

export const SYSCTL_CONF = `# sysctl settings are defined through files in
# /usr/lib/sysctl.d/, /run/sysctl.d/, and /etc/sysctl.d/.
#
# Vendors settings live in /usr/lib/sysctl.d/.
# To override a whole file, create a new file with the same in
# /etc/sysctl.d/ and put new settings there. To override
# only specific settings, add a file with a lexically later
# name in /etc/sysctl.d/ and put new settings there.
#
# For more information, see sysctl.conf(5) and sysctl.d(5).
`;

/** /usr/lib/sysctl.d of CentOS 7.9 (systemd 219). */
export const SYSCTL_D_FILES: Readonly<Record<string, string>> = {
  '00-system.conf': `# Kernel sysctl configuration file
#
# For binary values, 0 is disabled, 1 is enabled.  See sysctl(8) and
# sysctl.conf(5) for more details.
`,
  '10-default-yama-scope.conf': `# When yama is enabled in the kernel it might be used to filter any user
# space access which requires PTRACE_MODE_ATTACH like ptrace attach, access
# to /proc/PID/{mem,personality,stack,syscall}, and the syscalls
# process_vm_readv and process_vm_writev which are used for interprocess
# services, communication and introspection (like synchronisation, signaling,
# debugging, tracing and profiling) of processes.
#
# Usage of ptrace attach is restricted by normal user permissions. Normal
# unprivileged processes cannot interact through ptrace with processes
# that they cannot send signals to or processes that are running set-uid
# or set-gid.
#
# yama ptrace scope can be used to reduce these permissions even more.
# This should normally not be done because it will break various programs
# relying on the default ptrace security restrictions. But can be used
# if you don't have any other way to separate processes in their own
# domains. A different way to restrict ptrace is to set the selinux
# deny_ptrace boolean. Both mechanisms will break some programs relying
# on the ptrace system call and might force users to elevate their
# priviliges to root to do their work.
#
# For more information see Documentation/security/Yama.txt in the kernel
# sources. Which also describes the defaults when CONFIG_SECURITY_YAMA
# is enabled in a kernel build (currently 1 for ptrace_scope).
#
# This runtime kernel parameter can be set to the following options:
# (Note that setting this to anything except zero will break programs!)
#
# 0 - Default attach security permissions.
# 1 - Restricted attach. Only child processes plus normal permissions.
# 2 - Admin-only attach. Only executables with CAP_SYS_PTRACE.
# 3 - No attach. No process may call ptrace at all. Irrevocable.
#
kernel.yama.ptrace_scope = 0
`,
  '50-default.conf': `#  This file is part of systemd.
#
#  systemd is free software; you can redistribute it and/or modify it
#  under the terms of the GNU Lesser General Public License as published by
#  the Free Software Foundation; either version 2.1 of the License, or
#  (at your option) any later version.

# See sysctl.d(5) and core(5) for for documentation.

# To override settings in this file, create a local file in /etc
# (e.g. /etc/sysctl.d/90-override.conf), and put any assignments
# there.

# System Request functionality of the kernel (SYNC)
#
# Use kernel.sysrq = 1 to allow all keys.
# See http://fedoraproject.org/wiki/QA/Sysrq for a list of values and keys.
kernel.sysrq = 16

# Append the PID to the core filename
kernel.core_uses_pid = 1

# Source route verification
net.ipv4.conf.default.rp_filter = 1
net.ipv4.conf.all.rp_filter = 1

# Do not accept source routing
net.ipv4.conf.default.accept_source_route = 0
net.ipv4.conf.all.accept_source_route = 0

# Promote secondary addresses when the primary address is removed
net.ipv4.conf.default.promote_secondaries = 1
net.ipv4.conf.all.promote_secondaries = 1

# Enable hard and soft link protection
fs.protected_hardlinks = 1
fs.protected_symlinks = 1
`,
};

export const K8S_MODULES_CONF = 'overlay\nbr_netfilter\n';

export const K8S_SYSCTL_CONF = `net.bridge.bridge-nf-call-iptables  = 1
net.bridge.bridge-nf-call-ip6tables = 1
net.ipv4.ip_forward                 = 1
`;

export const FIREWALLD_UNIT_FILE = `[Unit]
Description=firewalld - dynamic firewall daemon
Before=network-pre.target
Wants=network-pre.target
After=dbus.service
After=polkit.service
Conflicts=iptables.service ip6tables.service ebtables.service ipset.service
Documentation=man:firewalld(1)

[Service]
EnvironmentFile=-/etc/sysconfig/firewalld
ExecStart=/usr/sbin/firewalld --nofork --nopid $FIREWALLD_ARGS
ExecReload=/bin/kill -HUP $MAINPID
# supress to log debug and error output also to /var/log/messages
StandardOutput=null
StandardError=null
Type=dbus
BusName=org.fedoraproject.FirewallD1
KillMode=mixed

[Install]
WantedBy=multi-user.target
Alias=dbus-org.fedoraproject.FirewallD1.service
`;

export const FIREWALLD_UNIT: UnitSpec = {
  name: 'firewalld',
  description: 'firewalld - dynamic firewall daemon',
  path: '/usr/lib/systemd/system/firewalld.service',
  docs: ['man:firewalld(1)'],
  exec: '/usr/bin/python2 -Es /usr/sbin/firewalld --nofork --nopid',
  ident: 'firewalld',
  memory: '26.4M',
  restartAlways: false,
};
