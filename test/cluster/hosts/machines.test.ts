import { describe, expect, it } from 'vitest';
import { createHosts, machinesOf } from '../../../src/cluster/hosts/index.ts';
import { CONTAINERD_CONFIG } from '../../../src/cluster/hosts/containerd.ts';

const T0 = Date.UTC(2026, 10, 22, 1, 0, 0);

function setup() {
  let now = T0;
  const hosts = createHosts(() => now);
  return { hosts, advance: (ms: number) => (now += ms), node1: hosts.machine('node1')! };
}

const MIRROR = `
      [plugins."io.containerd.grpc.v1.cri".registry.mirrors."msa.harbor.com"]
        endpoint = ["http://msa.harbor.com"]
`;
const SKIP_VERIFY = `
      [plugins."io.containerd.grpc.v1.cri".registry.configs."msa.harbor.com".tls]
        insecure_skip_verify = true
`;

function editConfig(fs: { read(p: string): string; write(p: string, c: string): void }, add: string) {
  const text = fs.read(CONTAINERD_CONFIG);
  fs.write(CONTAINERD_CONFIG, text.replace('      [plugins."io.containerd.grpc.v1.cri".registry.mirrors]\n', '      [plugins."io.containerd.grpc.v1.cri".registry.mirrors]\n' + add));
}

describe('machines', () => {
  it('include a harbor VM beside the cluster, and every machine has its services', () => {
    const { hosts } = setup();
    expect(hosts.names()).toEqual(['master', 'node1', 'node2', 'node3', 'harbor']);
    expect(hosts.machine('harbor')!.ip).toBe('10.0.2.20');
    expect([...hosts.machine('node1')!.units.keys()].sort()).toEqual(['containerd', 'kubelet', 'sshd']);
    expect([...hosts.machine('master')!.units.keys()].sort()).toEqual(['containerd', 'docker', 'kubelet', 'sshd']);
    expect([...hosts.machine('harbor')!.units.keys()].sort()).toEqual(['docker', 'sshd']);
    expect(machinesOf(hosts)).toBe(hosts);
  });

  it('resolve names from /etc/hosts as it is now, then the upstream DNS (which does not know msa.harbor.com)', () => {
    const { node1, hosts } = setup();
    expect(node1.resolve('node2')).toBe('10.0.2.17');
    expect(node1.resolve('registry-1.docker.io')).toMatch(/^\d+\./);
    expect(node1.resolve('msa.harbor.com')).toBeUndefined();
    expect(hosts.machine('harbor')!.resolve('msa.harbor.com')).toBe('10.0.2.20');
    node1.fs.append('/etc/hosts', '10.0.2.20 msa.harbor.com\n');
    expect(node1.resolve('msa.harbor.com')).toBe('10.0.2.20');
    expect(node1.nameserver()).toBe('10.0.2.3:53');
  });

  it('print systemctl status as systemd 219 does, with uptime and journal', () => {
    const { node1, advance } = setup();
    advance(3 * 24 * 3600 * 1000 + 5000);
    const s = node1.unit('containerd.service')!.statusText();
    expect(s).toMatch(/^● containerd\.service - containerd container runtime\n   Loaded: loaded \(\/usr\/lib\/systemd\/system\/containerd\.service; enabled; vendor preset: disabled\)\n   Active: active \(running\) since Sun 2026-11-22 01:00:00 UTC; 3 days ago\n     Docs: https:\/\/containerd\.io\n Main PID: \d+ \(containerd\)\n/);
    expect(s).toContain('Nov 22 01:00:00 node1 systemd[1]: Started containerd container runtime.');
  });
});

describe('containerd config', () => {
  it('is read only at (re)start', () => {
    const { node1 } = setup();
    editConfig(node1.fs, MIRROR);
    expect(node1.containerd!.registryAccess('msa.harbor.com')).toBe('https');
    node1.unit('containerd')!.restart();
    expect(node1.containerd!.registryAccess('msa.harbor.com')).toBe('http');
  });

  it('with a TOML syntax error fails to restart, stays down, says why, and comes back on its own once fixed', () => {
    const { node1, advance } = setup();
    const good = node1.fs.read(CONTAINERD_CONFIG);
    editConfig(node1.fs, '      [plugins."io.containerd.grpc.v1.cri".registry.mirrors."msa.harbor.com"]\n        endpoint = [http://msa.harbor.com]\n');
    const unit = node1.unit('containerd')!;
    expect(unit.restart().ok).toBe(false);
    expect(node1.containerd!.running).toBe(false);
    const s = unit.statusText();
    expect(s).toContain('   Active: activating (auto-restart) (Result: exit-code) since');
    expect(s).toMatch(/containerd\[\d+\]: containerd: failed to load TOML: \/etc\/containerd\/config\.toml: \(\d+, 21\): no value can start with h/);
    expect(s).toContain('systemd[1]: Failed to start containerd container runtime.');
    advance(6000);
    expect(node1.containerd!.running).toBe(false);
    node1.fs.write(CONTAINERD_CONFIG, good);
    advance(5000);
    expect(node1.containerd!.running).toBe(true);
  });

  it('refuses mirrors together with config_path (the CRI plugin does not load)', () => {
    const { node1 } = setup();
    editConfig(node1.fs, MIRROR);
    node1.fs.write(CONTAINERD_CONFIG, node1.fs.read(CONTAINERD_CONFIG).replace('config_path = ""', 'config_path = "/etc/containerd/certs.d"'));
    node1.unit('containerd')!.restart();
    expect(node1.containerd!.running).toBe(true);
    expect(node1.containerd!.criError).toBe('invalid plugin config: `mirrors` cannot be set when `config_path` is provided');
  });

  it('reads certs.d/<host>/hosts.toml at each pull when config_path is set', () => {
    const { node1 } = setup();
    node1.fs.write(CONTAINERD_CONFIG, node1.fs.read(CONTAINERD_CONFIG).replace('config_path = ""', 'config_path = "/etc/containerd/certs.d"'));
    node1.unit('containerd')!.restart();
    expect(node1.containerd!.registryAccess('msa.harbor.com')).toBe('https');
    node1.fs.mkdir('/etc/containerd/certs.d/msa.harbor.com', { parents: true });
    node1.fs.write('/etc/containerd/certs.d/msa.harbor.com/hosts.toml', 'server = "http://msa.harbor.com"\n\n[host."http://msa.harbor.com"]\n  capabilities = ["pull", "resolve"]\n');
    expect(node1.containerd!.registryAccess('msa.harbor.com')).toBe('http');
  });

  it('insecure_skip_verify alone keeps https (it only skips certificate checks)', () => {
    const { node1 } = setup();
    node1.fs.write(CONTAINERD_CONFIG, node1.fs.read(CONTAINERD_CONFIG).replace('      [plugins."io.containerd.grpc.v1.cri".registry.configs]\n', '      [plugins."io.containerd.grpc.v1.cri".registry.configs]\n' + SKIP_VERIFY));
    node1.unit('containerd')!.restart();
    expect(node1.containerd!.registryAccess('msa.harbor.com')).toBe('https-insecure');
  });
});
