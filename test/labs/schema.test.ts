import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LabError, parseLab } from '../../src/labs/parse.ts';
import { loadLab } from '../../src/labs/load.ts';

const minimal = `id: tiny
title: Tiny
chapter: deployments
summary: A tiny lab.
tasks:
  - id: make
    title: Make it
    checkpoints:
      - id: it-exists
        title: Deployment web exists
        check: { type: exists, resource: deploy, name: web }
solution:
  commands:
    - kubectl create deployment web --image=nginx
`;

function problems(text: string, opts = {}): LabError {
  try {
    parseLab(text, opts);
  } catch (e) {
    if (e instanceof LabError) return e;
    throw e;
  }
  throw new Error('expected the lab to be rejected');
}

describe('lab schema', () => {
  it('accepts the scale-deployment lab and fills in defaults', () => {
    const lab = loadLab('scale-deployment');
    expect(lab.chapter).toBe('deployments');
    expect(lab.tasks.map((t) => t.id)).toEqual(['create', 'scale', 'self-heal']);
    const cps = lab.tasks.flatMap((t) => t.checkpoints);
    expect(cps.every((c) => c.points === 1)).toBe(true);
    expect(lab.solution.commands.length).toBeGreaterThan(0);
    expect(lab.tasks.every((t) => t.hints.length >= 2)).toBe(true);
  });

  it('fills in defaults for a minimal lab', () => {
    const lab = parseLab(minimal);
    expect(lab.seed).toBe(1);
    expect(lab.start).toEqual({ manifests: [], commands: [], files: [], settle: true, preset: 'kubeadm' });
    expect(lab.tasks[0]!.checkpoints[0]!.check).toEqual({ type: 'exists', resource: 'deploy', name: 'web', namespace: 'default' });
  });

  it('points at the path and line of a bad field', () => {
    const bad = minimal.replace('{ type: exists, resource: deploy, name: web }', '{ type: field, resource: deploy, name: web, path: spec.replicas, op: gt }');
    const e = problems(bad, { source: 'labs/tiny/lab.yaml' });
    expect(e.problems).toEqual([
      { path: 'tasks[0].checkpoints[0].check.value', line: 11, message: expect.stringMatching(/value is required/) },
    ]);
    expect(e.message).toMatch(/^labs\/tiny\/lab\.yaml:11: tasks\[0\]\.checkpoints\[0\]\.check\.value: a value is required/);
  });

  it('rejects an unknown check type with the path of its discriminator', () => {
    const e = problems(minimal.replace('type: exists', 'type: exist'));
    expect(e.problems[0]!.path).toBe('tasks[0].checkpoints[0].check.type');
    expect(e.problems[0]!.line).toBe(11);
  });

  it('rejects a malformed field path, saying where', () => {
    const e = problems(minimal.replace('{ type: exists, resource: deploy, name: web }', '{ type: field, resource: deploy, name: web, path: "spec..replicas", value: 1 }'));
    expect(e.problems[0]!.path).toBe('tasks[0].checkpoints[0].check.path');
    expect(e.problems[0]!.message).toMatch(/bad path "spec\.\.replicas" at character 6/);
  });

  it('requires a solution and kebab-case ids', () => {
    const e = problems(minimal.replace(/solution:[\s\S]*$/, '').replace('id: it-exists', 'id: It_Exists'));
    expect(e.problems.map((p) => p.path).sort()).toEqual(['solution', 'tasks[0].checkpoints[0].id']);
    expect(e.problems.find((p) => p.path === 'tasks[0].checkpoints[0].id')!.line).toBe(9);
    expect(e.problems.find((p) => p.path === 'solution')!.message).toBe('required, but missing');
  });

  it('rejects duplicate checkpoint ids across tasks', () => {
    const twice = minimal.replace(
      'solution:',
      `  - id: again
    title: Again
    checkpoints:
      - id: it-exists
        title: Same id
        check: { type: exists, resource: pods, selector: app=web }
solution:`,
    );
    const e = problems(twice);
    expect(e.problems).toEqual([{ path: 'tasks[1].checkpoints[0].id', line: 15, message: 'duplicate checkpoint id "it-exists"' }]);
  });

  it('reports YAML syntax errors with their line', () => {
    const e = problems('id: x\ntitle: [unclosed\nchapter: deployments\n', { source: 'lab.yaml' });
    expect(e.problems[0]!.path).toBe('');
    expect(e.problems[0]!.line).toBeGreaterThanOrEqual(2);
    expect(e.message).toMatch(/^lab\.yaml:\d+: YAML: /);
  });

  it('reads manifest files beside the lab and reports missing ones', () => {
    const withFile = minimal.replace('tasks:', 'start:\n  manifests:\n    - web.yaml\n    - |\n      apiVersion: v1\n      kind: Namespace\n      metadata: { name: extra }\ntasks:');
    const lab = parseLab(withFile, { files: { 'web.yaml': 'kind: Deployment\n' } });
    expect(lab.start.manifests[0]).toBe('kind: Deployment\n');
    expect(lab.start.manifests[1]).toMatch(/kind: Namespace/);
    const e = problems(withFile, { files: {} });
    expect(e.problems).toEqual([{ path: 'start.manifests[0]', line: 7, message: 'file "web.yaml" not found beside the lab' }]);
  });

  it('the scale-deployment lab file is valid YAML for the browser too (no files needed)', () => {
    const text = readFileSync(new URL('../../labs/scale-deployment/lab.yaml', import.meta.url), 'utf8');
    expect(parseLab(text).id).toBe('scale-deployment');
  });
});
