import { describe, expect, it } from 'vitest';
import { loadLab, loadLabs } from '../../src/labs/load.ts';
import { parseLab } from '../../src/labs/parse.ts';
import { testLab } from '../../src/labs/verify.ts';

describe('lab test', () => {
  it('every lab in labs/ proves itself', async () => {
    const labs = loadLabs();
    expect(labs.map((l) => l.id)).toContain('scale-deployment');
    for (const lab of labs) {
      const r = await testLab(lab);
      expect({ id: lab.id, error: r.error, passingAtStart: r.passingAtStart, open: r.openAfterSolution }).toEqual({
        id: lab.id,
        error: undefined,
        passingAtStart: [],
        open: [],
      });
    }
  });

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
    expect(r.openAfterSolution.map((c) => c.id)).toEqual(['scaled-to-four', 'four-ready', 'pod-replaced']);
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
});
