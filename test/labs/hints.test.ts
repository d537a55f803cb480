import { describe, expect, it } from 'vitest';
import { loadLab } from '../../src/labs/load.ts';
import { parseLab } from '../../src/labs/parse.ts';
import { createLabProgram } from '../../src/labs/program.ts';
import { createLabSession } from '../../src/labs/runtime.ts';
import type { LabSession } from '../../src/labs/runtime.ts';
import { labSchema } from '../../src/labs/schema.ts';
import { ShellSession } from '../../src/shell/session.ts';

/** Type lines into a terminal shell with the `lab` command, as the page and `kubeclass shell --lab` do. */
async function typed(s: LabSession, script: string): Promise<string> {
  const shell = new ShellSession({ cluster: s.cluster, realtime: false, programs: { lab: createLabProgram(s) } });
  let out = '';
  await shell.runScript(script, (t) => void (out += t));
  return out;
}

const minimal = (hints: unknown[]) => ({
  id: 'h',
  title: 'H',
  chapter: 'services',
  summary: 's',
  tasks: [{ id: 't', title: 'T', checkpoints: [{ id: 'c', title: 'C', check: { type: 'exists', resource: 'pods' } }], hints }],
  solution: { commands: ['true'] },
});

describe('state hints in the schema', () => {
  it('accepts plain and { text, when } hints and keeps them apart, in order', () => {
    const lab = labSchema.parse(
      minimal(['first', { text: 'no svc', when: { type: 'notExists', resource: 'services', name: 'web' } }, 'second']),
    );
    expect(lab.tasks[0]!.hints).toEqual(['first', 'second']);
    expect(lab.tasks[0]!.stateHints).toEqual([
      { text: 'no svc', when: { type: 'notExists', resource: 'services', name: 'web', namespace: 'default' } },
    ]);
  });

  it('rejects a state hint without a valid check, naming the field', () => {
    const r = labSchema.safeParse(minimal([{ text: 'x', when: { type: 'nope' } }]));
    expect(r.success).toBe(false);
    expect(r.error!.issues.some((i) => i.path.join('.').startsWith('tasks.0.hints.0'))).toBe(true);
    expect(labSchema.safeParse(minimal([{ text: 'x' }])).success).toBe(false);
  });

  it('points a yaml mistake in a state hint at its line', () => {
    const yaml = `id: h
title: H
chapter: services
summary: s
tasks:
  - id: t
    title: T
    checkpoints: [{ id: c, title: C, check: { type: exists, resource: pods } }]
    hints:
      - text: look
        when: { type: field, resource: services, name: web, path: spec.type }
solution: { commands: ["true"] }
`;
    expect(() => parseLab(yaml, { source: 'lab.yaml' })).toThrow(/lab\.yaml:11/);
  });
});

describe('state hints at work (expose-nodeport)', () => {
  const lab = loadLab('expose-nodeport');

  it('gives the ordered hints while no state hint applies', async () => {
    const s = await createLabSession({ lab, realtime: false });
    const out = await typed(s, 'lab hint\n');
    expect(out).toMatch(/^Hint 1 of 3 for "Create a NodePort Service for mynginx":\n {2}A Service picks its Pods by label/);
    expect(out).not.toMatch(/no endpoints/);
    s.dispose();
  });

  it('shows "no endpoints" first when the Service selects no Pod, then goes on with the ordered hints', async () => {
    const s = await createLabSession({ lab, realtime: false });
    // the classic mistake: a Service whose name, and so whose selector, is not the Deployment's
    const out = await typed(
      s,
      'kubectl create service nodeport mynginx --tcp=80:80 --dry-run=client -o yaml | sed s/app:\\ mynginx/app:\\ nginx/ | kubectl apply -f -\nsleep 2\nlab hint\nlab hint\n',
    );
    expect(out).toContain('service/mynginx created');
    expect(out).toMatch(/Hint for "Create a NodePort Service for mynginx", from what the cluster shows now:\n {2}Service mynginx has no endpoints: its selector matches no Pod\./);
    // shown once; the next call continues with the ordered hints
    expect(out).toMatch(/Hint 1 of 3 for "Create a NodePort Service for mynginx"/);
    expect(out.match(/has no endpoints/g)).toHaveLength(1);
    s.dispose();
  });

  it('stops showing a state hint once its condition no longer holds', async () => {
    const s = await createLabSession({ lab, realtime: false });
    await typed(s, 'kubectl create service clusterip mynginx --tcp=80:80\nsleep 2\n');
    const first = await typed(s, 'lab hint\n');
    expect(first).toMatch(/Service mynginx is a ClusterIP Service/);
    await typed(s, `kubectl patch service mynginx -p '{"spec":{"type":"NodePort"}}'\nsleep 2\n`);
    const after = await typed(s, 'lab hint\nlab hint\nlab hint\nlab hint\n');
    expect(after).not.toMatch(/ClusterIP Service/);
    expect(after).toMatch(/Hint 3 of 3/);
    expect(after).toMatch(/No more hints|Every checkpoint passes|Hint 1 of 3 for "Reach nginx/);
    s.dispose();
  });

  it('repeats a state hint that still holds once the ordered ones are used up', async () => {
    const s = await createLabSession({ lab, realtime: false });
    await typed(s, 'kubectl create service clusterip mynginx --tcp=80:80\nsleep 2\n');
    const out = await typed(s, 'lab hint\nlab hint\nlab hint\nlab hint\nlab hint\n');
    expect(out.match(/ClusterIP Service/g)).toHaveLength(2);
    s.dispose();
  });
});

describe('state hints in the labs', () => {
  it('service-discovery: the untouched start (no endpoints) gets the selector hint first', async () => {
    const s = await createLabSession({ lab: loadLab('service-discovery'), realtime: false });
    const h = s.nextHint();
    expect(h?.text).toMatch(/^Service backend has no endpoints/);
    expect(h && 'state' in h && h.state).toBe(true);
    s.dispose();
  });

  it('fix-service-manifest: the half-applied file gets the "stopped at the Service" hint', async () => {
    const s = await createLabSession({ lab: loadLab('fix-service-manifest'), realtime: false });
    expect(s.nextHint()?.text).toMatch(/^Apply the file as it is/);
    await typed(s, 'kubectl apply -f discovery.yaml\n');
    expect(s.nextHint()?.text).toMatch(/^Deployment discovery-deploy exists but Service discovery-service does not/);
    s.dispose();
  });

  it('the four labs declare state hints', async () => {
    for (const id of ['service-discovery', 'fix-service-manifest', 'fix-crashloopbackoff', 'expose-nodeport']) {
      const lab = loadLab(id);
      expect(lab.tasks.some((t) => t.stateHints.length > 0), id).toBe(true);
    }
  });
});
