import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { describeOutcome, formatMutations } from '../../src/labs/mutate.ts';
import { labIds, loadLab } from '../../src/labs/load.ts';
import { parseLab } from '../../src/labs/parse.ts';
import { mutationTestLab, testLab } from '../../src/labs/verify.ts';

/** A lab that asks for nginx:1.25 but whose checkpoint only counts Running pods: it ignores the image. */
const weakLab = (extra = '') => `
id: weak-count
title: Three nginx 1.25 Pods
chapter: deployments
summary: Run three Pods of nginx:1.25.
tasks:
  - id: run
    title: Run them
    checkpoints:
      - id: three-running
        title: Three Pods app=web are Running
        check:
          type: count
          resource: pods
          selector: app=web
          where: [{ path: status.phase, value: Running }]
          value: 3
solution:
  commands:
    - kubectl create deployment web --image=nginx:1.25 --replicas=3
    - sleep 30
${extra}`;

describe('mutation tests', () => {
  it('catch a count checkpoint that ignores the image the task asks for', async () => {
    const r = await mutationTestLab(parseLab(weakLab()));
    const uncaught = r.uncaught.map((o) => o.description);
    expect(uncaught).toContain('deployment/web spec.template.spec.containers[0].image nginx:1.25→nginx:1.24');
    // one replica fewer is a near miss the count does see
    const fewer = r.outcomes.find((o) => o.description === 'deployment/web spec.replicas 3→2');
    expect(fewer?.failed).toEqual(['three-running']);
    expect(r.tried).toBe(r.outcomes.length);
    expect(r.caught).toBe(r.tried - r.uncaught.length);
    expect(formatMutations(r)).toContain('mutation deployment/web spec.template.spec.containers[0].image nginx:1.25→nginx:1.24 passed every checkpoint');
    expect(formatMutations(r)[0]).toBe(`mutations: ${r.tried} tried, ${r.caught} caught`);
  });

  it('make lab test fail on an uncaught mutation, and pass once the checkpoint reads the image', async () => {
    const weak = await testLab(parseLab(weakLab()), { learners: [], mutations: true });
    expect(weak.error).toBeUndefined();
    expect(weak.openAfterSolution).toEqual([]);
    expect(weak.ok).toBe(false);

    const strong = parseLab(
      weakLab().replace(
        'where: [{ path: status.phase, value: Running }]',
        'where: [{ path: status.phase, value: Running }, { path: "spec.containers[0].image", value: "nginx:1.25" }]',
      ),
    );
    const r = await testLab(strong, { learners: [], mutations: true });
    expect(r.mutations!.uncaught).toEqual([]);
    expect(r.mutations!.unfailable).toEqual([]);
    expect(r.ok).toBe(true);
  });

  it('report a checkpoint that no mutation can fail', async () => {
    const lab = parseLab(
      weakLab().replace(
        'solution:',
        `      - id: scaled-event
        title: The Deployment controller scaled a ReplicaSet
        check: { type: event, reason: ScalingReplicaSet }
solution:`,
      ),
    );
    const r = await mutationTestLab(lab);
    expect(r.unfailable).toEqual([{ id: 'scaled-event', title: 'The Deployment controller scaled a ReplicaSet' }]);
    expect(formatMutations(r)).toContain('checkpoint scaled-event: no mutation can fail it');
  });

  it('leave out the mutations a lab skips, with the reason', async () => {
    const lab = parseLab(weakLab(`mutations:\n  skip:\n    - { match: "image nginx:1.25→nginx:1.24", reason: any 1.x is fine here }\n`));
    const r = await mutationTestLab(lab);
    expect(r.skipped).toEqual([{ description: 'deployment/web spec.template.spec.containers[0].image nginx:1.25→nginx:1.24', reason: 'any 1.x is fine here' }]);
    expect(r.outcomes.map((o) => o.description)).not.toContain('deployment/web spec.template.spec.containers[0].image nginx:1.25→nginx:1.24');
    expect(formatMutations(r)[0]).toBe(`mutations: ${r.tried} tried, ${r.caught} caught, 1 skipped`);
  });

  it('describe each outcome with the checkpoints it fails', () => {
    expect(describeOutcome({ description: 'deployment/mynginx spec.replicas 4→3', failed: ['scaled', 'all-ready'] })).toBe(
      'deployment/mynginx spec.replicas 4→3: fails scaled, all-ready',
    );
    expect(describeOutcome({ description: 'node3: swap on', failed: [] })).toBe('node3: swap on: passes every checkpoint');
  });

  it('expose-nodeport: another Service type, a changed selector, one replica fewer and a Pod not Ready each fail a checkpoint', { timeout: 60_000 }, async () => {
    const r = await mutationTestLab(loadLab('expose-nodeport'));
    const failed = Object.fromEntries(r.outcomes.map((o) => [o.description, o.failed]));
    expect(failed['service/mynginx spec.type NodePort→ClusterIP']).toContain('service-nodeport');
    expect(failed['service/mynginx spec.selector["app"] mynginx→mynginx-v2']).toContain('four-endpoints');
    expect(failed['service/mynginx spec.ports[0].targetPort 80→81']).toContain('node1-answers');
    expect(failed['deployment/mynginx spec.replicas 4→3']).toEqual(['four-endpoints']);
    expect(Object.keys(failed).some((d) => d.startsWith('deployment/mynginx one Pod not Ready'))).toBe(true);
    // the node port is free (any >= 30000): a port off by one there is not a near miss
    expect(Object.keys(failed).some((d) => d.includes('nodePort'))).toBe(false);
  });

  it('kubeadm-install: machine state near misses (swap on, a package removed, a file changed) fail their checkpoints', { timeout: 120_000 }, async () => {
    const r = await mutationTestLab(loadLab('kubeadm-install'));
    const failed = Object.fromEntries(r.outcomes.map((o) => [o.description, o.failed]));
    expect(failed['node3: swap on']).toEqual(['swap-off']);
    expect(failed['node3: package kubeadm removed']).toContain('packages');
    expect(failed['node3: /etc/yum.repos.d/kubernetes.repo content changed']).toEqual(['kubernetes-repo']);
    expect(failed['node3: /etc/hosts node1 10.0.2.16→10.0.2.17']).toEqual(['hosts-file']);
    expect(failed['node3: kubelet stopped (the node goes NotReady)']).toEqual(['four-ready']);
  });

  // one test per lab: every real lab catches every mutation and has no unfailable checkpoint
  // a lab's mutations replay its solution once per mutation that needs the cluster to react: generous timeout on a busy machine
  it.each(labIds())('%s catches every mutation of what its checkpoints read', { timeout: 120_000 }, async (id) => {
    const r = await mutationTestLab(loadLab(id));
    expect({ id, uncaught: r.uncaught, unfailable: r.unfailable, errors: r.outcomes.filter((o) => o.error) }).toEqual({ id, uncaught: [], unfailable: [], errors: [] });
    expect(r.tried).toBeGreaterThanOrEqual(3);
  });

  it('every lab declares at least one alternative solution', () => {
    for (const id of labIds()) expect({ id, alternatives: loadLab(id).solution.alternatives.length > 0 }).toEqual({ id, alternatives: true });
  });

  it('kubeclass lab test prints the mutation line for each lab', { timeout: 60_000 }, async () => {
    let out = '';
    const code = await main(['lab', 'test', 'scale-deployment'], { readStdin: async () => '', out: (t) => void (out += t), err: (t) => void (out += t) });
    expect(code).toBe(0);
    expect(out).toMatch(/^ok {3}scale-deployment {2}start passes 0 of 4, solution passes 4 of 4\n/);
    expect(out).toMatch(/\n {2}mutations: (\d+) tried, \1 caught\n/);
  });
});
