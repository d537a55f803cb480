// cordon, uncordon and drain against a settled kubeadm cluster: what they print and what the scheduler does after.
import { describe, expect, it } from 'vitest';
import { session, type Session } from '../harness.ts';

const podsOn = (s: Session, node: string, ns = 'default') =>
  s.cluster.api.list('pods', ns).filter((p) => p.spec?.nodeName === node && !p.metadata.deletionTimestamp).map((p) => p.metadata.name);
const dsPods = (s: Session, node: string) =>
  s.cluster.api
    .list('pods', 'kube-system')
    .filter((p) => p.spec?.nodeName === node && p.metadata.ownerReferences?.some((r) => r.kind === 'DaemonSet'))
    .map((p) => `kube-system/${p.metadata.name}`)
    .sort();

describe('kubectl cordon / uncordon', () => {
  it('marks the node unschedulable, says so once, and get nodes shows SchedulingDisabled', async () => {
    const s = session();
    expect(await s.run('cordon node1')).toEqual({ stdout: 'node/node1 cordoned\n', stderr: '', code: 0 });
    expect((await s.run('cordon node1')).stdout).toBe('node/node1 already cordoned\n');
    expect(s.cluster.api.get('nodes', undefined, 'node1').spec?.unschedulable).toBe(true);
    expect((await s.run('get nodes')).stdout).toMatch(/^node1 +Ready,SchedulingDisabled +<none> /m);
    expect((await s.run('uncordon node1')).stdout).toBe('node/node1 uncordoned\n');
    expect((await s.run('uncordon node1')).stdout).toBe('node/node1 already uncordoned\n');
    expect(s.cluster.api.get('nodes', undefined, 'node1').spec?.unschedulable).toBeUndefined();
    expect((await s.run('get nodes')).stdout).toMatch(/^node1 +Ready +<none> /m);
  });

  it('leaves the node alone with --dry-run=client, and reports an unknown node as the server does', async () => {
    const s = session();
    expect((await s.run('cordon node2 --dry-run=client')).stdout).toBe('node/node2 cordoned (dry run)\n');
    expect(s.cluster.api.get('nodes', undefined, 'node2').spec?.unschedulable).toBeUndefined();
    expect(await s.run('cordon node9')).toEqual({ stdout: '', stderr: 'Error from server (NotFound): nodes "node9" not found\n', code: 1 });
  });

  it('cordons every node a selector picks', async () => {
    const s = session();
    s.cluster.api.patch('nodes', undefined, 'node3', (n) => {
      n.metadata.labels = { ...n.metadata.labels, disk: 'ssd' };
    });
    expect((await s.run('cordon -l disk=ssd')).stdout).toBe('node/node3 cordoned\n');
  });

  it('the scheduler skips cordoned nodes: new pods all land on the one worker left, and a Pending pod says why', async () => {
    const s = session();
    await s.run('cordon node1');
    await s.run('cordon node2');
    await s.run('create deployment spread --image=nginx --replicas=3');
    s.cluster.settle();
    const spread = s.cluster.api.list('pods', 'default', { labelSelector: 'app=spread' });
    expect(spread.map((p) => p.spec?.nodeName)).toEqual(['node3', 'node3', 'node3']);
    await s.run('cordon node3');
    await s.run('run stuck --image=nginx');
    s.cluster.settle();
    const stuck = s.cluster.api.get('pods', 'default', 'stuck');
    expect(stuck.spec?.nodeName).toBeUndefined();
    const cond = stuck.status?.conditions?.find((c: { type: string }) => c.type === 'PodScheduled');
    expect(cond?.message).toMatch(/3 node\(s\) were unschedulable/);
    await s.run('uncordon node2');
    s.cluster.settle();
    expect(s.cluster.api.get('pods', 'default', 'stuck').spec?.nodeName).toBe('node2');
  });
});

describe('kubectl drain', () => {
  it('refuses DaemonSet-managed pods without --ignore-daemonsets, after cordoning, in upstream words', async () => {
    const s = session();
    await s.run('create deployment mynginx --image=nginx --replicas=4');
    s.cluster.settle();
    const ds = dsPods(s, 'node1');
    expect(ds).toHaveLength(2);
    const r = await s.run('drain node1');
    const cannot = `cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): ${ds.join(', ')}`;
    expect(r).toEqual({
      stdout: 'node/node1 cordoned\n',
      stderr: `error: unable to drain node "node1" due to error: ${cannot}, continuing command...\nThere are pending nodes to be drained:\n node1\n${cannot}\n`,
      code: 1,
    });
    expect(s.cluster.api.get('nodes', undefined, 'node1').spec?.unschedulable).toBe(true);
  });

  it('evicts the ReplicaSet pods with --ignore-daemonsets; the ReplicaSet recreates them on other nodes', async () => {
    const s = session();
    await s.run('create deployment mynginx --image=nginx --replicas=4');
    s.cluster.settle();
    const before = podsOn(s, 'node1');
    expect(before.length).toBeGreaterThan(0);
    const r = await s.run('drain node1 --ignore-daemonsets');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`Warning: ignoring DaemonSet-managed Pods: ${dsPods(s, 'node1').join(', ')}\n`);
    const want = ['node/node1 cordoned', ...before.map((p) => `evicting pod default/${p}`), ...before.map((p) => `pod/${p} evicted`), 'node/node1 drained'];
    expect(r.stdout.trimEnd().split('\n').sort()).toEqual(want.sort());
    expect(r.stdout.startsWith('node/node1 cordoned\nevicting pod ')).toBe(true);
    expect(r.stdout.endsWith('node/node1 drained\n')).toBe(true);
    s.cluster.settle();
    expect(podsOn(s, 'node1')).toEqual([]);
    expect(s.cluster.api.list('pods', 'default').filter((p) => p.status?.phase === 'Running')).toHaveLength(4);
    // the DaemonSet pods stay
    expect(dsPods(s, 'node1')).toHaveLength(2);
  });

  it('needs --force for a pod no controller manages, and then deletes it for good', async () => {
    const s = session();
    await s.run('cordon node1');
    await s.run('cordon node2');
    await s.run('run bare --image=nginx');
    s.cluster.settle();
    await s.run('uncordon node1');
    await s.run('uncordon node2');
    let r = await s.run('drain node3 --ignore-daemonsets');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'error: unable to drain node "node3" due to error: cannot delete Pods that declare no controller (use --force to override): default/bare, continuing command...\n' +
        'There are pending nodes to be drained:\n node3\ncannot delete Pods that declare no controller (use --force to override): default/bare\n',
    );
    r = await s.run('drain node3 --ignore-daemonsets --force --grace-period=0');
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^Warning: deleting Pods that declare no controller: default\/bare; ignoring DaemonSet-managed Pods: kube-system\/kube-proxy-/);
    expect(r.stdout).toBe('node/node3 already cordoned\nevicting pod default/bare\npod/bare evicted\nnode/node3 drained\n');
    s.cluster.settle();
    expect(s.cluster.api.tryGet('pods', 'default', 'bare')).toBeUndefined();
  });

  it('--dry-run=client lists what it would evict and changes nothing', async () => {
    const s = session();
    await s.run('create deployment mynginx --image=nginx --replicas=4');
    s.cluster.settle();
    const on2 = podsOn(s, 'node2');
    const r = await s.run('drain node2 --ignore-daemonsets --dry-run=client');
    expect(r.stdout).toBe(['node/node2 cordoned (dry run)', ...on2.map((p) => `evicting pod default/${p} (dry run)`), 'node/node2 drained (dry run)', ''].join('\n'));
    expect(s.cluster.api.get('nodes', undefined, 'node2').spec?.unschedulable).toBeUndefined();
    expect(podsOn(s, 'node2')).toEqual(on2);
  });

  it('mirror pods on the master are skipped, not evicted', async () => {
    const s = session();
    const r = await s.run('drain master --ignore-daemonsets');
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/kube-apiserver-master|etcd-master|kube-scheduler-master/);
    expect(s.cluster.api.tryGet('pods', 'kube-system', 'kube-scheduler-master')).toBeDefined();
  });
});
