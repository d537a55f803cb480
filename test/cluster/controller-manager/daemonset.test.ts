import { describe, expect, it } from 'vitest';
import { createCluster, type SimCluster } from '../../../src/cluster/cluster.ts';
import type { KubeObject } from '../../../src/cluster/types.ts';
import { daemonPodTolerations, nodeShouldRunDaemonPod } from '../../../src/cluster/controller-manager/daemonset.ts';

function ds(c: SimCluster, name: string, spec: Record<string, unknown> = {}, ns = 'default') {
  return c.api.create({
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name, namespace: ns },
    spec: {
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'agent', image: 'nginx' }], ...spec } },
    },
  });
}
const podsOf = (c: SimCluster, name: string, ns = 'default') => c.api.list('pods', ns, { labelSelector: `app=${name}` }).filter((p) => !p.metadata.deletionTimestamp);
const nodesOf = (pods: KubeObject[]) => pods.map((p) => p.spec.nodeName).sort();
const events = (c: SimCluster, name: string) => c.api.list('events', 'default').filter((e: any) => e.involvedObject.kind === 'DaemonSet' && e.involvedObject.name === name) as any[];

describe('DaemonSet controller', () => {
  it('adopts the kubeadm cluster\'s kube-proxy and weave-net pods without writing anything', () => {
    const c = createCluster({ seed: 1 });
    const before = c.api.list('pods', 'kube-system').map((p) => `${p.metadata.name}@${p.metadata.resourceVersion}`);
    const dsBefore = c.api.list('daemonsets', 'kube-system').map((d) => `${d.metadata.name}@${d.metadata.resourceVersion}`);
    c.settle();
    expect(c.api.list('pods', 'kube-system').map((p) => `${p.metadata.name}@${p.metadata.resourceVersion}`)).toEqual(before);
    expect(c.api.list('daemonsets', 'kube-system').map((d) => `${d.metadata.name}@${d.metadata.resourceVersion}`)).toEqual(dsBefore);
    expect(c.api.list('controllerrevisions', 'kube-system')).toHaveLength(2);
    for (const d of c.api.list('daemonsets', 'kube-system')) {
      expect(d.status).toMatchObject({ desiredNumberScheduled: 4, currentNumberScheduled: 4, numberReady: 4, numberAvailable: 4, updatedNumberScheduled: 4, numberMisscheduled: 0 });
    }
  });

  it('runs one pod per worker; the tainted master is skipped', () => {
    const c = createCluster({ seed: 2 });
    const d = ds(c, 'agent');
    c.settle();
    const pods = podsOf(c, 'agent');
    expect(nodesOf(pods)).toEqual(['node1', 'node2', 'node3']);
    const revision = c.api.list('controllerrevisions', 'default')[0]!;
    const hash = revision.metadata.labels!['controller-revision-hash']!;
    expect(revision.metadata.name).toBe(`agent-${hash}`);
    for (const p of pods) {
      expect(p.metadata.name).toMatch(/^agent-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
      expect(p.metadata.ownerReferences).toEqual([{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'agent', uid: d.metadata.uid, controller: true, blockOwnerDeletion: true }]);
      expect(p.metadata.labels).toEqual({ app: 'agent', 'pod-template-generation': '1', 'controller-revision-hash': hash });
      expect(p.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms).toEqual([{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [p.spec.nodeName] }] }]);
      expect(p.spec.tolerations.map((t: any) => `${t.key}:${t.effect}`)).toEqual([
        'node.kubernetes.io/not-ready:NoExecute',
        'node.kubernetes.io/unreachable:NoExecute',
        'node.kubernetes.io/disk-pressure:NoSchedule',
        'node.kubernetes.io/memory-pressure:NoSchedule',
        'node.kubernetes.io/pid-pressure:NoSchedule',
        'node.kubernetes.io/unschedulable:NoSchedule',
      ]);
      expect(p.status.phase).toBe('Running');
    }
    expect(c.api.get('daemonsets', 'default', 'agent').status).toEqual({
      currentNumberScheduled: 3,
      desiredNumberScheduled: 3,
      numberMisscheduled: 0,
      numberReady: 3,
      numberAvailable: 3,
      observedGeneration: 1,
      updatedNumberScheduled: 3,
    });
    expect(events(c, 'agent').map((e) => [e.type, e.reason, e.source.component, e.message]).sort()).toEqual(
      pods.map((p) => ['Normal', 'SuccessfulCreate', 'daemonset-controller', `Created pod: ${p.metadata.name}`]).sort(),
    );
    expect(c.api.list('events', 'default').filter((e: any) => e.reason === 'Scheduled').length).toBe(3);
  });

  it('runs on the master too when the template tolerates the control-plane taint', () => {
    const c = createCluster({ seed: 3 });
    ds(c, 'everywhere', { tolerations: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }] });
    c.settle();
    expect(nodesOf(podsOf(c, 'everywhere'))).toEqual(['master', 'node1', 'node2', 'node3']);
    expect(c.api.get('daemonsets', 'default', 'everywhere').status.desiredNumberScheduled).toBe(4);
  });

  it('follows a node selector, and a label added later brings a pod', () => {
    const c = createCluster({ seed: 4 });
    ds(c, 'gpu', { nodeSelector: { gpu: 'true' } });
    c.settle();
    expect(podsOf(c, 'gpu')).toEqual([]);
    expect(c.api.get('daemonsets', 'default', 'gpu').status).toMatchObject({ desiredNumberScheduled: 0, currentNumberScheduled: 0 });
    c.api.patch('nodes', undefined, 'node2', (n) => {
      n.metadata.labels = { ...n.metadata.labels, gpu: 'true' };
    });
    c.settle();
    expect(nodesOf(podsOf(c, 'gpu'))).toEqual(['node2']);
    c.api.patch('nodes', undefined, 'node2', (n) => {
      delete n.metadata.labels!.gpu;
    });
    c.settle();
    expect(podsOf(c, 'gpu')).toEqual([]);
  });

  it('gives a node that joins its own pod', () => {
    const c = createCluster({ seed: 5 });
    ds(c, 'agent');
    c.settle();
    c.api.create({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'node4', labels: { 'kubernetes.io/hostname': 'node4', 'kubernetes.io/os': 'linux' } }, spec: {} });
    c.settle();
    const onNew = podsOf(c, 'agent').filter((p) => (p.spec.nodeName ?? p.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchFields[0].values[0]) === 'node4');
    expect(onNew).toHaveLength(1);
    expect(c.api.get('daemonsets', 'default', 'agent').status.desiredNumberScheduled).toBe(4);
  });

  it('replaces a deleted pod on the same node', () => {
    const c = createCluster({ seed: 6 });
    ds(c, 'agent');
    c.settle();
    const victim = podsOf(c, 'agent').find((p) => p.spec.nodeName === 'node1')!;
    c.api.delete('pods', 'default', victim.metadata.name);
    c.settle();
    const now = podsOf(c, 'agent');
    expect(nodesOf(now)).toEqual(['node1', 'node2', 'node3']);
    expect(now.map((p) => p.metadata.name)).not.toContain(victim.metadata.name);
  });

  it('rolls a template change out node by node and bumps the template generation', () => {
    const c = createCluster({ seed: 7 });
    ds(c, 'agent');
    c.settle();
    const oldNames = podsOf(c, 'agent').map((p) => p.metadata.name);
    // maxUnavailable 1: at every step at least two of the three nodes keep a ready pod
    let fewestReady = 3;
    c.api.watch('pods', 'default', () => {
      const ready = new Set(podsOf(c, 'agent').filter((p) => p.status?.conditions?.some((x: any) => x.type === 'Ready' && x.status === 'True')).map((p) => p.spec.nodeName));
      fewestReady = Math.min(fewestReady, ready.size);
    });
    c.api.patch('daemonsets', 'default', 'agent', (d) => {
      d.spec.template.spec.containers[0].image = 'nginx:1.27';
    });
    c.settle();
    const d = c.api.get('daemonsets', 'default', 'agent');
    expect(d.metadata.annotations!['deprecated.daemonset.template.generation']).toBe('2');
    const pods = podsOf(c, 'agent');
    expect(pods.map((p) => p.spec.containers[0].image)).toEqual(['nginx:1.27', 'nginx:1.27', 'nginx:1.27']);
    expect(pods.some((p) => oldNames.includes(p.metadata.name))).toBe(false);
    expect(pods.every((p) => p.metadata.labels!['pod-template-generation'] === '2')).toBe(true);
    expect(c.api.list('controllerrevisions', 'default').map((r) => (r as any).revision).sort()).toEqual([1, 2]);
    expect(d.status).toMatchObject({ observedGeneration: 2, updatedNumberScheduled: 3, numberAvailable: 3 });
    expect(events(c, 'agent').filter((e) => e.reason === 'SuccessfulDelete')).toHaveLength(3);
    expect(fewestReady).toBe(2);
  });

  it('leaves old pods alone with the OnDelete strategy', () => {
    const c = createCluster({ seed: 8 });
    ds(c, 'agent');
    c.api.patch('daemonsets', 'default', 'agent', (d) => {
      d.spec.updateStrategy = { type: 'OnDelete' };
    });
    c.settle();
    c.api.patch('daemonsets', 'default', 'agent', (d) => {
      d.spec.template.spec.containers[0].image = 'nginx:1.27';
    });
    c.settle();
    expect(podsOf(c, 'agent').map((p) => p.spec.containers[0].image)).toEqual(['nginx', 'nginx', 'nginx']);
    expect(c.api.get('daemonsets', 'default', 'agent').status.updatedNumberScheduled).toBeUndefined();
  });
});

describe('daemon pod placement rules', () => {
  const node = (taints: unknown[] = [], labels: Record<string, string> = {}) => ({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n', uid: '', resourceVersion: '', creationTimestamp: '', labels }, spec: { taints } }) as KubeObject;
  const set = (spec: Record<string, unknown> = {}) => ({ apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'd', uid: '', resourceVersion: '', creationTimestamp: '' }, spec: { template: { spec } } }) as KubeObject;

  it('tolerates cordons and node problems, and network-unavailable only for host-network pods', () => {
    expect(nodeShouldRunDaemonPod(node([{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }]), set())).toEqual([true, true]);
    expect(nodeShouldRunDaemonPod(node([{ key: 'node.kubernetes.io/network-unavailable', effect: 'NoSchedule' }]), set())).toEqual([false, true]);
    expect(nodeShouldRunDaemonPod(node([{ key: 'node.kubernetes.io/network-unavailable', effect: 'NoSchedule' }]), set({ hostNetwork: true }))).toEqual([true, true]);
    expect(daemonPodTolerations({ hostNetwork: true }).at(-1)).toEqual({ effect: 'NoSchedule', key: 'node.kubernetes.io/network-unavailable', operator: 'Exists' });
  });

  it('keeps a running pod on a NoSchedule taint but not on an untolerated NoExecute one', () => {
    expect(nodeShouldRunDaemonPod(node([{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }]), set())).toEqual([false, true]);
    expect(nodeShouldRunDaemonPod(node([{ key: 'dedicated', value: 'db', effect: 'NoExecute' }]), set())).toEqual([false, false]);
    expect(nodeShouldRunDaemonPod(node([{ key: 'dedicated', value: 'db', effect: 'NoExecute' }]), set({ tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'db' }] }))).toEqual([true, true]);
  });
});

describe('kubectl get ds -A', () => {
  it('prints the counts the controller keeps', async () => {
    const { session } = await import('../../kubectl/harness.ts');
    const s = session({ seed: 9 });
    ds(s.cluster as SimCluster, 'agent');
    // AGE counts from creation: the time the rollout took to settle plus the minute we wait
    const age = `${Math.floor((s.cluster.settle() + 60_000) / 1000)}s`;
    s.cluster.advance(60_000);
    const out = await s.run('get ds -A');
    expect(out.stdout).toBe(
      [
        'NAMESPACE     NAME         DESIRED   CURRENT   READY   UP-TO-DATE   AVAILABLE   NODE SELECTOR            AGE',
        `default       agent        3         3         3       3            3           <none>                   ${age}`,
        'kube-system   kube-proxy   4         4         4       4            4           kubernetes.io/os=linux   3d',
        'kube-system   weave-net    4         4         4       4            4           <none>                   3d',
        '',
      ].join('\n'),
    );
  });
});
