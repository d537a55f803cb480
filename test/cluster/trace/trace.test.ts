import { describe, expect, it } from 'vitest';
import { createCluster } from '../../../src/cluster/cluster.ts';
import type { NewObject, TraceStep } from '../../../src/cluster/types.ts';

const deployment = (name: string, replicas: number, image = 'nginx'): NewObject =>
  ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default' },
    spec: { replicas, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'nginx', image }] } } },
  }) as NewObject;

const service = (name: string): NewObject =>
  ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'default' }, spec: { selector: { app: name }, ports: [{ port: 80 }] } }) as NewObject;

const pod = (name: string): NewObject =>
  ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', labels: { run: name } }, spec: { containers: [{ name, image: 'nginx' }] } }) as NewObject;

const who = (s: TraceStep) => s.controller ?? s.actor;

describe('control-plane trace', () => {
  it('follows a Deployment from the controllers to the scheduler, the kubelets and kube-proxy', () => {
    const c = createCluster({ seed: 3 });
    c.api.create(deployment('mynginx', 3));
    c.settle();
    c.api.create(service('mynginx'));
    c.settle();
    const steps = c.trace.steps({ kind: 'Deployment', namespace: 'default', name: 'mynginx' });

    const rs = steps.find((s) => s.controller === 'deployment-controller' && s.action === 'created ReplicaSet')!;
    expect(rs.actor).toBe('kube-controller-manager');
    expect(rs.reason).toBe('Deployment wants 3 replicas, no ReplicaSet matches its template');
    // the ReplicaSet was made because the API server stored the Deployment
    const stored = steps.find((s) => s.id === rs.cause)!;
    expect(stored).toMatchObject({ actor: 'kube-apiserver', action: 'stored in etcd', object: { kind: 'Deployment', name: 'mynginx' } });
    expect(steps.find((s) => s.id === stored.cause)).toMatchObject({ actor: 'kubectl', action: 'sent create' });

    const pods = steps.filter((s) => s.controller === 'replicaset-controller' && s.action === 'created Pod');
    expect(pods.map((s) => s.reason)).toEqual(['0 of 3 replicas existed, one more is wanted', '1 of 3 replicas existed, one more is wanted', '2 of 3 replicas existed, one more is wanted']);
    expect(pods.every((s) => s.cause === rs.id)).toBe(true);

    const bound = steps.filter((s) => s.actor === 'kube-scheduler' && s.action.startsWith('bound to '));
    expect(bound).toHaveLength(3);
    for (const b of bound) {
      expect(b.action).toMatch(/^bound to node[123]$/);
      // why not the others: the master's taint is named
      expect(b.reason).toContain('master: node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }');
    }

    for (const p of pods) {
      const mine = c.trace.steps({ kind: 'Pod', namespace: 'default', name: p.object.name }).map((s) => `${who(s)} ${s.action}`);
      const node = bound.find((b) => b.object.name === p.object.name)!.action.slice('bound to '.length);
      const order = [`kubelet saw a pod bound to its node`, 'kubelet asked the container runtime to pull image', 'kubelet pulled image', 'kubelet started container nginx', 'kubelet reported Running, Ready'];
      let at = mine.indexOf(`kube-scheduler bound to ${node}`);
      expect(at).toBeGreaterThanOrEqual(0);
      for (const o of order) {
        const i = mine.indexOf(o, at);
        expect(i, o).toBeGreaterThan(at);
        at = i;
      }
      expect(c.trace.steps({ kind: 'Pod', name: p.object.name }).filter((s) => s.actor === 'kubelet').every((s) => s.host === node)).toBe(true);
    }
    const pulled = steps.find((s) => s.action === 'pulled image')!;
    expect(pulled.reason).toMatch(/^Successfully pulled image "nginx" in [\d.]+s .*Image size: \d+ bytes\.$/);

    const svc = c.trace.steps({ kind: 'Service', namespace: 'default', name: 'mynginx' });
    const ep = svc.find((s) => s.controller === 'endpoint-controller')!;
    expect(ep).toMatchObject({ action: 'created Endpoints', reason: 'Service mynginx selects 3 ready pods' });
    const proxy = svc.find((s) => s.actor === 'kube-proxy')!;
    expect(proxy.cause).toBe(ep.id);
    expect(proxy.reason).toBe('mynginx: 3 endpoints; iptables rules reprogrammed on master, node1, node2, node3');
  });

  it('a pod on a node that already has its image is told so', () => {
    const c = createCluster({ seed: 3 });
    c.api.create(deployment('web', 3, 'nginx:1.27'));
    c.settle();
    c.api.create(deployment('web2', 3, 'nginx:1.27'));
    c.settle();
    const pulls = c.trace.steps({ kind: 'Deployment', namespace: 'default', name: 'web2' }).filter((s) => s.action === 'pulled image');
    expect(pulls).toHaveLength(3);
    expect(pulls.some((s) => /already present on machine/.test(s.reason ?? ''))).toBe(true);
  });

  it('shows seed 004\'s seven steps in order for a pod created like kubectl run', () => {
    const c = createCluster({ seed: 5 });
    c.api.create(pod('nginx'));
    c.settle();
    const steps = c.trace.steps({ kind: 'Pod', namespace: 'default', name: 'nginx' });
    const flow = steps.filter((s) => s.flowStep !== undefined);
    // first occurrence of each step number, in order
    const firsts = [1, 2, 3, 4, 5, 6, 7].map((n) => flow.find((s) => s.flowStep === n)!);
    expect(firsts.every(Boolean)).toBe(true);
    expect(firsts.map((s) => s.actor)).toEqual(['kubectl', 'kube-apiserver', 'kube-scheduler', 'kube-scheduler', 'kubelet', 'kubelet', 'kubelet']);
    for (let i = 1; i < firsts.length; i++) expect(firsts[i]!.id).toBeGreaterThan(firsts[i - 1]!.id);
    expect(flow.map((s) => s.flowStep)).toEqual([...flow.map((s) => s.flowStep!)].sort((a, b) => a - b));
    expect(firsts[3]!.action).toMatch(/^bound to node[123]$/);
    expect(firsts[6]!.action).toBe('reported Running, Ready');
    // each step reacted to the one before it
    for (let i = 1; i < firsts.length - 2; i++) expect(firsts[i]!.cause).toBe(firsts[i - 1]!.id);
  });

  it('a deleted replica is replaced because one is missing, and kubectl\'s delete shows first', () => {
    const c = createCluster({ seed: 4 });
    c.api.create(deployment('d', 2));
    c.settle();
    const victim = c.api.list('pods', 'default')[0]!.metadata.name;
    c.api.delete('pods', 'default', victim);
    c.settle();
    const after = c.trace.steps({ kind: 'Deployment', namespace: 'default', name: 'd' });
    const i = after.findIndex((s) => s.actor === 'kubectl' && s.action === 'sent delete' && s.object.name === victim);
    const made = after.findIndex((s, k) => k > i && s.controller === 'replicaset-controller' && s.action === 'created Pod');
    expect(i).toBeGreaterThanOrEqual(0);
    expect(made).toBeGreaterThan(i);
    expect(after[made]!.reason).toBe('1 of 2 replicas existed, one more is wanted');
    expect(after.some((s) => s.actor === 'kubelet' && s.action === 'removed pod' && s.object.name === victim)).toBe(true);
  });

  it('a rejected request is the API server refusing it', () => {
    const c = createCluster({ seed: 5 });
    c.api.create(pod('dup'));
    expect(() => c.api.create(pod('dup'))).toThrow();
    const last = c.trace.steps().at(-1)!;
    expect(last).toMatchObject({ actor: 'kube-apiserver', action: 'rejected', reason: 'pods "dup" already exists' });
  });

  it('is the same for the same seed and commands', () => {
    const run = () => {
      const c = createCluster({ seed: 9 });
      c.api.create(deployment('a', 2));
      c.settle();
      c.api.create(service('a'));
      c.api.create(pod('b'));
      c.settle();
      return c.trace.steps();
    };
    const one = run();
    expect(one.length).toBeGreaterThan(20);
    expect(run()).toEqual(one);
  });

  it('tells listeners about each step and keeps a bounded history', () => {
    const c = createCluster({ seed: 2 });
    const seen: number[] = [];
    const off = c.trace.onStep((s) => seen.push(s.id));
    c.api.create(pod('x'));
    c.settle();
    off();
    expect(seen.length).toBeGreaterThan(5);
    expect(seen).toEqual(c.trace.steps().filter((s) => s.id >= seen[0]!).map((s) => s.id));
    for (let i = 0; i < 7000; i++) c.trace.record({ actor: 'kubectl', action: 'sent get', object: { kind: 'Pod', name: 'x' } });
    expect(c.trace.steps().length).toBeLessThanOrEqual(6000);
    expect(c.trace.steps().at(-1)!.id).toBe(seen.at(-1)! + 7000);
  });
});
