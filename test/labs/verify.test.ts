import { describe, expect, it } from 'vitest';
import { labIds, loadLab } from '../../src/labs/load.ts';
import { parseLab } from '../../src/labs/parse.ts';
import { testLab } from '../../src/labs/verify.ts';

describe('lab test', () => {
  it('finds the labs', () => {
    expect(labIds()).toEqual(expect.arrayContaining(['scale-deployment', 'expose-nodeport', 'service-discovery', 'ingress-routing']));
  });

  // one test per lab, so a slow cluster start does not push them all past the timeout, and a failure names its lab
  it.each(labIds())('%s proves itself: the start passes nothing, the solution and its alternatives pass everything', async (id) => {
    const r = await testLab(loadLab(id));
    expect({ id, error: r.error, passingAtStart: r.passingAtStart, open: r.openAfterSolution }).toEqual({
      id,
      error: undefined,
      passingAtStart: [],
      open: [],
    });
    // variant labs replay their solution once per proved variant; kubeadm-install installs four machines
  }, 60_000);

  it('scale-deployment: the solution passes all four checkpoints, the start none', async () => {
    const r = await testLab(loadLab('scale-deployment'));
    expect(r.ok).toBe(true);
    expect(r.startResults.map((c) => c.passed)).toEqual([false, false, false, false]);
    expect(r.solutionResults.map((c) => c.passed)).toEqual([true, true, true, true]);
    expect(r.transcript).toMatch(/deployment\.apps\/mynginx created/);
    expect(r.transcript).toMatch(/pod "mynginx-[a-z0-9]+-[a-z0-9]{5}" deleted/);
  });

  it('catches a solution that stops short', async () => {
    const lab = loadLab('scale-deployment');
    lab.solution.commands = ['kubectl create deployment mynginx --image=nginx', 'sleep 20'];
    const r = await testLab(lab);
    expect(r.ok).toBe(false);
    expect(r.openAfterSolution.map((c) => c.id)).toEqual(['scaled', 'all-ready', 'pod-replaced']);
    expect(r.openAfterSolution[0]!.detail).toBe('deployment mynginx: spec.replicas is 1 (want 4)');
  });

  it('catches a lab whose start already passes a checkpoint', async () => {
    const lab = parseLab(`id: too-easy
title: Too easy
chapter: deployments
summary: The start already has the answer.
start:
  commands:
    - kubectl create deployment web --image=nginx
tasks:
  - id: t
    title: Create web
    checkpoints:
      - id: web-exists
        title: web exists
        check: { type: exists, resource: deploy, name: web }
solution:
  commands: ["kubectl get deploy"]
`);
    const r = await testLab(lab);
    expect(r.ok).toBe(false);
    expect(r.passingAtStart.map((c) => c.id)).toEqual(['web-exists']);
  });

  it('replays every alternative solution from a fresh start and names the one that falls short', async () => {
    const lab = loadLab('scale-deployment');
    lab.solution.alternatives = [
      { title: 'scale in the create command', commands: ['kubectl create deployment mynginx --image=nginx --replicas=4', 'sleep 30', 'kubectl delete pod $(kubectl get pods -l app=mynginx -o name | head -1 | cut -d/ -f2)', 'sleep 30'] },
      { title: 'forgets to scale', commands: ['kubectl create deployment mynginx --image=nginx', 'sleep 20'] },
    ];
    const r = await testLab(lab);
    expect(r.ok).toBe(false);
    expect(r.openAfterSolution).toEqual([]);
    expect(r.alternatives.map((a) => [a.title, a.openAfterSolution.map((c) => c.id)])).toEqual([
      ['scale in the create command', []],
      ['forgets to scale', ['scaled', 'all-ready', 'pod-replaced']],
    ]);
    expect(r.error).toBe(
      'alternative solution "forgets to scale" leaves scaled open: deployment mynginx: spec.replicas is 1 (want 4); all-ready open: 1 pods with app=mynginx where status.phase eq Running, status.conditions[type=Ready].status eq True, metadata.deletionTimestamp unset in namespace default (want 4); pod-replaced open: no pod with app=mynginx has been deleted yet',
    );
  });
});
