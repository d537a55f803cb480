// The control-plane-tour lab judges answers written to files against the cluster, and where Pods really run.
import { describe, expect, it } from 'vitest';
import { loadLab } from '../../src/labs/load.ts';
import { createLabSession } from '../../src/labs/runtime.ts';
import { replay } from '../../src/labs/verify.ts';

const byId = (results: { id: string; passed: boolean; detail?: string }[]) => Object.fromEntries(results.map((r) => [r.id, r]));

describe('control-plane-tour', () => {
  it('a wrong node name in a file fails, with the right one named in the detail; the right one passes', async () => {
    const s = await createLabSession({ lab: loadLab('control-plane-tour'), realtime: false });
    await replay(s, 'echo node1 > /root/scheduler-node.txt\nkubectl run tour --image=nginx\nsleep 10\necho nowhere > /root/tour-node.txt\n');
    let r = byId(s.evaluate());
    expect(r['scheduler-node-file']).toMatchObject({ passed: false });
    expect(r['scheduler-node-file']!.detail).toBe('master:/root/scheduler-node.txt holds node1 (want master, the spec.nodeName of pod kube-scheduler-master)');
    expect(r['tour-running']!.passed).toBe(true);
    expect(r['tour-node-file']!.passed).toBe(false);
    const node = s.cluster.api.get('pods', 'default', 'tour').spec?.nodeName as string;
    await replay(s, `echo master > /root/scheduler-node.txt\necho ${node} > /root/tour-node.txt\n`);
    r = byId(s.evaluate());
    expect(r['scheduler-node-file']!.passed).toBe(true);
    expect(r['tour-node-file']!.passed).toBe(true);
    s.dispose();
  });

  it("the lab's cluster handle carries the control-plane trace, so `trace pod/tour` in its terminal has steps", async () => {
    const s = await createLabSession({ lab: loadLab('control-plane-tour'), realtime: false });
    await replay(s, 'kubectl run tour --image=nginx\nsleep 10\n');
    const steps = s.cluster.trace?.steps({ kind: 'Pod', namespace: 'default', name: 'tour' }) ?? [];
    expect(steps.map((x) => x.flowStep).filter(Boolean)).toEqual(expect.arrayContaining([1, 2, 3, 4, 5, 6, 7]));
    s.dispose();
  });

  it('a Deployment created before the cordon keeps its Pods where they were, so the spread checkpoint stays open', async () => {
    const s = await createLabSession({ lab: loadLab('control-plane-tour'), realtime: false });
    await replay(s, 'kubectl create deployment spread --image=nginx --replicas=3\nsleep 20\nkubectl cordon node1 node2\nsleep 5\n');
    const r = byId(s.evaluate());
    expect(r['nodes-cordoned']!.passed).toBe(true);
    const nodes = s.cluster.api.list('pods', 'default', { labelSelector: 'app=spread' }).map((p) => p.spec?.nodeName);
    expect(nodes.every((n) => n === 'node3')).toBe(false);
    expect(r['spread-on-node3']!.passed).toBe(false);
    s.dispose();
  });

  it('uncordoning one node after the fact fails only the cordon checkpoint', async () => {
    const s = await createLabSession({ lab: loadLab('control-plane-tour'), realtime: false });
    await replay(s, 'kubectl cordon node1 node2\nkubectl create deployment spread --image=nginx --replicas=3\nsleep 20\nkubectl uncordon node2\n');
    const r = byId(s.evaluate());
    expect(r['spread-on-node3']!.passed).toBe(true);
    expect(r['nodes-cordoned']).toMatchObject({ passed: false });
    s.dispose();
  });
});
