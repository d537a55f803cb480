// The troubleshooting labs' machine and registry checkpoints judge the nodes and Harbor themselves.
import { describe, expect, it } from 'vitest';
import { loadLab } from '../../src/labs/load.ts';
import { createLabSession } from '../../src/labs/runtime.ts';
import { replay } from '../../src/labs/verify.ts';

const byId = (results: { id: string; passed: boolean; detail?: string }[]) => Object.fromEntries(results.map((r) => [r.id, r]));

describe('fix-imagepullbackoff machine checkpoints', () => {
  it('/etc/hosts alone makes the workers resolve Harbor, but they still cannot pull over HTTPS', async () => {
    const s = await createLabSession({ lab: loadLab('fix-imagepullbackoff'), realtime: false });
    await replay(s, 'for n in node1 node2 node3; do ssh $n \'echo "10.0.2.20 msa.harbor.com" >> /etc/hosts\'; done\n');
    const r = byId(s.evaluate());
    expect(r['workers-resolve']!.passed).toBe(true);
    expect(r['workers-pull']).toMatchObject({ passed: false, detail: expect.stringContaining('node1 cannot pull it') });
    expect(r['workers-pull']!.detail).toContain('dial tcp 10.0.2.20:443: connect: connection refused');
    s.dispose();
  });

  it('a config.toml edit counts only once containerd has been restarted', async () => {
    const s = await createLabSession({ lab: loadLab('fix-imagepullbackoff'), realtime: false });
    const edit = (n: string) =>
      `ssh ${n} 'echo "10.0.2.20 msa.harbor.com" >> /etc/hosts'\n` +
      `ssh ${n} 'printf "%s\\n" "[plugins.\\"io.containerd.grpc.v1.cri\\".registry.mirrors.\\"msa.harbor.com\\"]" "  endpoint = [\\"http://msa.harbor.com\\"]" >> /etc/containerd/config.toml'\n`;
    await replay(s, ['node1', 'node2', 'node3'].map(edit).join(''));
    expect(byId(s.evaluate())['workers-pull']!.passed).toBe(false);
    await replay(s, 'for n in node1 node2 node3; do ssh $n systemctl restart containerd; done\n');
    expect(byId(s.evaluate())['workers-pull']).toMatchObject({ passed: true, detail: expect.stringContaining('node1, node2, node3 can pull it') });
    s.dispose();
  });
});

describe('fix-crashloopbackoff registry checkpoint', () => {
  it('an amd64 build that stays on master is not in Harbor', async () => {
    const s = await createLabSession({ lab: loadLab('fix-crashloopbackoff'), realtime: false });
    await replay(s, 'cd /root/discovery-service\ndocker build --platform linux/amd64 -t kimtaeheon/discoveryservice:1.0 .\n');
    expect(byId(s.evaluate())['amd64-in-harbor']).toEqual(
      expect.objectContaining({ passed: false, detail: 'msa.harbor.com/discovery-service:latest in msa.harbor.com is linux/arm64 (want linux/amd64)' }),
    );
    s.dispose();
  });
});
