// A lab without tasks, for a chapter that needs the cluster and a terminal but has no lab of its own yet.
import { parseLab } from '../labs/parse.ts';
import type { Lab } from '../labs/schema.ts';

/**
 * A lab with no tasks: the notes' kubeadm cluster and a terminal, for chapters that show the cluster
 * (the architecture map) before a lab of their own exists. Built from a one-task lab, then emptied.
 */
export function sandboxLab(id: string, title = 'Sandbox cluster'): Lab {
  const lab = parseLab(
    [
      `id: ${id}`,
      `title: ${JSON.stringify(title)}`,
      'chapter: architecture',
      'summary: The four-machine cluster of the notes, to explore freely.',
      'tasks:',
      '  - id: explore',
      '    title: Explore',
      '    checkpoints:',
      '      - id: nodes',
      '        title: The cluster has nodes',
      '        check: { type: exists, resource: nodes, name: master }',
      'solution:',
      '  commands: ["kubectl get nodes"]',
    ].join('\n'),
    { source: `sandbox:${id}` },
  );
  return { ...lab, tasks: [] };
}
