// The plain-text checkpoint report the CLI prints at the end of a session (and grading will reuse).
import type { CheckpointResult } from './runtime.ts';
import type { Lab } from './schema.ts';

/**
 * ```
 * Lab scale-deployment: Scale a Deployment and watch it heal
 * PASS create-deployment  Deployment mynginx runs the nginx image with one Pod Ready
 * FAIL scaled     The Deployment asks for 4 replicas
 *        deployment mynginx: spec.replicas is 1 (want 4)
 * 4 of 5 checkpoints passed, 4 of 5 points
 * ```
 */
export function formatReport(lab: Lab, results: CheckpointResult[]): string {
  const width = Math.max(...results.map((r) => r.id.length));
  let s = `Lab ${lab.id}: ${lab.title}\n`;
  for (const r of results) {
    s += `${r.passed ? 'PASS' : 'FAIL'} ${r.id.padEnd(width)}  ${r.title}\n`;
    if (!r.passed && r.detail) s += `     ${' '.repeat(width)}  ${r.detail}\n`;
  }
  const passed = results.filter((r) => r.passed);
  const points = passed.reduce((n, r) => n + r.points, 0);
  const max = results.reduce((n, r) => n + r.points, 0);
  s += `${passed.length} of ${results.length} checkpoints passed, ${points} of ${max} points\n`;
  return s;
}
