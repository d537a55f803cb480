import { describe, expect, it } from 'vitest';
import { createCluster } from '../../src/cluster/index.ts';

const cluster = createCluster();
const { api } = cluster;

describe('the kubeadm cluster from the notes', () => {
  it('has a tainted control-plane master and three Ready workers on v1.32', () => {
    const nodes = api.list('nodes');
    expect(nodes.map((n) => n.metadata.name)).toEqual(['master', 'node1', 'node2', 'node3']);
    for (const n of nodes) {
      const ready = n.status.conditions.find((c: { type: string }) => c.type === 'Ready');
      expect(ready).toMatchObject({ status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' });
      expect(n.status.nodeInfo).toMatchObject({ kubeletVersion: 'v1.32.4', osImage: 'CentOS Linux 7 (Core)', kernelVersion: '3.10.0-1160.el7.x86_64', containerRuntimeVersion: expect.stringMatching(/^containerd:\/\/1\.7\./) });
    }
    const master = nodes[0]!;
    expect(master.spec.taints).toEqual([{ effect: 'NoSchedule', key: 'node-role.kubernetes.io/control-plane' }]);
    expect(master.metadata.labels).toMatchObject({ 'node-role.kubernetes.io/control-plane': '', 'kubernetes.io/hostname': 'master', 'kubernetes.io/os': 'linux' });
    expect(master.status.addresses).toEqual([{ address: '10.0.2.15', type: 'InternalIP' }, { address: 'master', type: 'Hostname' }]);
    expect(nodes[1]!.spec.taints).toBeUndefined();
    expect(nodes[1]!.status.addresses[0].address).toBe('10.0.2.16');
  });

  it('was built three days and 40 minutes before the start instant (AGE reads 3d)', () => {
    expect(cluster.clock.now()).toBe(Date.UTC(2026, 10, 22, 1, 0, 0));
    expect(api.get('namespaces', undefined, 'default').metadata.creationTimestamp).toBe('2026-11-19T00:20:00Z');
    expect(api.list('namespaces').map((n) => n.metadata.name)).toEqual(['default', 'kube-node-lease', 'kube-public', 'kube-system']);
  });

  it('runs the control plane, kube-proxy and weave-net on every node, and two coredns pods', () => {
    const pods = api.list('pods', 'kube-system');
    const names = pods.map((p) => p.metadata.name);
    for (const n of ['etcd-master', 'kube-apiserver-master', 'kube-controller-manager-master', 'kube-scheduler-master']) expect(names).toContain(n);
    expect(names.filter((n) => /^kube-proxy-[bcdfghjklmnpqrstvwxz2456789]{5}$/.test(n))).toHaveLength(4);
    expect(names.filter((n) => /^weave-net-[bcdfghjklmnpqrstvwxz2456789]{5}$/.test(n))).toHaveLength(4);
    const coredns = pods.filter((p) => p.metadata.labels?.['k8s-app'] === 'kube-dns');
    expect(coredns.map((p) => p.metadata.name)).toEqual(coredns.map(() => expect.stringMatching(/^coredns-[bcdfghjklmnpqrstvwxz2456789]{8,10}-[bcdfghjklmnpqrstvwxz2456789]{5}$/)));
    expect(coredns.map((p) => p.status.podIP).sort()).toEqual(['10.32.0.2', '10.32.0.3']);
    for (const p of pods) {
      expect(p.status.phase).toBe('Running');
      for (const cs of p.status.containerStatuses) {
        expect(cs).toMatchObject({ ready: true, started: true, restartCount: 0 });
        expect(cs.containerID).toMatch(/^containerd:\/\/[0-9a-f]{64}$/);
      }
    }
    const weave = pods.find((p) => p.metadata.name.startsWith('weave-net-') && p.spec.nodeName === 'node1')!;
    expect(weave.status.containerStatuses.map((c: { name: string }) => c.name)).toEqual(['weave', 'weave-npc']);
    expect(weave.status.podIP).toBe('10.0.2.16');
    const etcd = pods.find((p) => p.metadata.name === 'etcd-master')!;
    expect(etcd.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'Node', name: 'master' });
    expect(etcd.spec.priorityClassName).toBe('system-node-critical');
    expect(etcd.spec.priority).toBe(2000001000);
  });

  it('has the kubernetes and kube-dns Services with their endpoints', () => {
    const k = api.get('services', 'default', 'kubernetes');
    expect(k.spec).toMatchObject({ clusterIP: '10.96.0.1', ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }], type: 'ClusterIP' });
    expect(k.metadata.labels).toEqual({ component: 'apiserver', provider: 'kubernetes' });
    const dns = api.get('services', 'kube-system', 'kube-dns');
    expect(dns.spec.clusterIP).toBe('10.96.0.10');
    expect(dns.spec.ports.map((p: { name: string; port: number; protocol: string }) => `${p.name}:${p.port}/${p.protocol}`)).toEqual(['dns:53/UDP', 'dns-tcp:53/TCP', 'metrics:9153/TCP']);
    expect(api.get('endpoints', 'default', 'kubernetes').subsets).toEqual([{ addresses: [{ ip: '10.0.2.15' }], ports: [{ name: 'https', port: 6443, protocol: 'TCP' }] }]);
    expect((api.get('endpoints', 'kube-system', 'kube-dns').subsets as any[])[0].addresses.map((a: { ip: string }) => a.ip)).toEqual(['10.32.0.2', '10.32.0.3']);
  });

  it('has coredns as a ready Deployment with one ReplicaSet, and DaemonSets for kube-proxy and weave-net', () => {
    const d = api.get('deployments', 'kube-system', 'coredns');
    expect(d.status).toMatchObject({ replicas: 2, readyReplicas: 2, availableReplicas: 2, updatedReplicas: 2 });
    const rss = api.list('replicasets', 'kube-system');
    expect(rss).toHaveLength(1);
    expect(rss[0]!.metadata.ownerReferences![0]!.uid).toBe(d.metadata.uid);
    expect(api.list('daemonsets', 'kube-system').map((ds) => `${ds.metadata.name} ${ds.status.numberReady}/${ds.status.desiredNumberScheduled}`)).toEqual(['kube-proxy 4/4', 'weave-net 4/4']);
  });

  it('gives every namespace its default ServiceAccount and kube-root-ca.crt, and kube-system its config', () => {
    for (const ns of ['default', 'kube-node-lease', 'kube-public', 'kube-system']) {
      expect(api.tryGet('serviceaccounts', ns, 'default')).toBeDefined();
      expect(api.tryGet('configmaps', ns, 'kube-root-ca.crt')).toBeDefined();
    }
    const cms = api.list('configmaps', 'kube-system').map((c) => c.metadata.name);
    for (const n of ['coredns', 'kube-proxy', 'kubeadm-config', 'kubelet-config']) expect(cms).toContain(n);
    expect(api.get('configmaps', 'kube-public', 'cluster-info').data).toBeDefined();
    expect(api.list('leases', 'kube-node-lease').map((l) => l.metadata.name)).toEqual(['master', 'node1', 'node2', 'node3']);
  });

  it('lists the images each node already has', () => {
    expect(cluster.images.has('node1', 'registry.k8s.io/kube-proxy:v1.32.4')).toBe(true);
    expect(cluster.images.has('node1', 'registry.k8s.io/etcd:3.5.16-0')).toBe(false);
    expect(cluster.images.has('master', 'registry.k8s.io/etcd:3.5.16-0')).toBe(true);
    expect(cluster.images.has('node1', 'nginx')).toBe(false);
    const names = api.get('nodes', undefined, 'node1').status.images.flatMap((i: { names: string[] }) => i.names);
    expect(names).toContain('registry.k8s.io/pause:3.10');
  });
});
