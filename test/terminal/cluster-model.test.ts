import { describe, expect, it } from 'vitest';
import { createCluster } from '../../src/cluster/cluster.ts';
import { describeClusterModel, readClusterModel } from '../../src/terminal/cluster-model.ts';
import { renderClusterSvg } from '../../src/terminal/cluster-map-svg.ts';
import { lastCreatedPod, renderTraceItems, selectTraceSteps } from '../../src/terminal/trace-format.ts';
import { ShellSession } from '../../src/shell/session.ts';

async function run(cluster: ReturnType<typeof createCluster>, line: string) {
  const shell = new ShellSession({ cluster, realtime: false });
  await shell.run(line);
  cluster.settle();
}

describe('cluster map model', () => {
  it('puts the control plane on master and no workload on the fresh cluster', () => {
    const c = createCluster({ seed: 1 });
    c.settle();
    const m = readClusterModel(c);
    expect(m.machines.map((x) => x.name)).toEqual(['master', 'node1', 'node2', 'node3']);
    expect(m.machines[0].components.map((x) => x.name)).toEqual(expect.arrayContaining(['kube-apiserver', 'etcd', 'kube-scheduler', 'kube-controller-manager', 'coredns']));
    expect(m.machines.every((x) => x.pods.length === 0)).toBe(true);
    expect(describeClusterModel(m)[1]).toBe('node1 (worker, Ready): 0 pods.');
  });

  it('shows a created pod Running on its node, a cordon, and a Service with its endpoints', async () => {
    const c = createCluster({ seed: 1 });
    c.settle();
    await run(c, 'kubectl cordon node1 || true');
    await run(c, 'kubectl run web --image=nginx --labels=app=web');
    await run(c, 'kubectl expose pod web --port=80');
    const m = readClusterModel(c);
    const host = m.machines.find((x) => x.pods.some((p) => p.name === 'web'))!;
    expect(host.role).toBe('worker');
    expect(host.pods.find((p) => p.name === 'web')).toMatchObject({ status: 'Running', tone: 'ok' });
    expect(m.services).toEqual([expect.objectContaining({ name: 'web', endpoints: ['default/web'] })]);
    const text = describeClusterModel(m).join('\n');
    expect(text).toContain(`${host.name} (worker, Ready): 1 pod: web Running.`);
    expect(text).toMatch(/Service web \(ClusterIP 10\.\d+\.\d+\.\d+\): endpoints web\./);
    const svg = renderClusterSvg(m);
    expect(svg).toContain('data-pod="default/web" data-tone="ok"');
    expect(svg).toContain('class="kc-map-link is-endpoint"');
    if (m.machines.find((x) => x.name === 'node1')!.cordoned) {
      expect(host.name).not.toBe('node1');
      expect(svg).toMatch(/class="kc-map-machine is-cordoned" data-machine="node1"/);
    }
  });

  it('colours a pod whose image does not exist as failing', async () => {
    const c = createCluster({ seed: 1 });
    c.settle();
    await run(c, 'kubectl run bad --image=nginx:no-such-tag');
    c.advance(60_000);
    const pod = readClusterModel(c).machines.flatMap((x) => x.pods).find((p) => p.name === 'bad')!;
    expect(pod.status).toMatch(/ImagePullBackOff|ErrImagePull/);
    expect(pod.tone).toBe('bad');
  });
});

describe('trace panel selection', () => {
  it('follows the last pod created and numbers the seven steps', async () => {
    const c = createCluster({ seed: 1 });
    c.settle();
    if (!c.trace) return expect(c.trace).toBeUndefined();
    await run(c, 'kubectl run one --image=nginx');
    await run(c, 'kubectl run two --image=nginx');
    const all = c.trace.steps();
    expect(lastCreatedPod(all)?.name).toBe('two');
    const steps = selectTraceSteps(all, true, (p) => c.trace!.steps({ kind: 'Pod', namespace: p.namespace, name: p.name }));
    expect(steps.every((s) => s.object.name === 'two' || s.object.kind !== 'Pod')).toBe(true);
    const html = renderTraceItems(steps);
    for (const n of [1, 2, 3, 4, 5, 6, 7]) expect(html).toContain(`data-flow="${n}"`);
  });
});
