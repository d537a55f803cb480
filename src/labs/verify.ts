// Proving a lab: the untouched start passes no checkpoint, and replaying the solution passes every one.
import { ShellSession } from '../shell/session.ts';
import { createLabProgram } from './program.ts';
import { createLabSession } from './runtime.ts';
import type { CheckpointResult, LabSession } from './runtime.ts';
import type { Lab } from './schema.ts';

export interface LabTestResult {
  lab: Lab;
  ok: boolean;
  /** checkpoints that pass on the untouched start (should be none) */
  passingAtStart: CheckpointResult[];
  /** checkpoints still open after the solution (should be none) */
  openAfterSolution: CheckpointResult[];
  startResults: CheckpointResult[];
  solutionResults: CheckpointResult[];
  /** what replaying the solution printed */
  transcript: string;
  /** each of `solution.alternatives`, replayed from a fresh start: the checkpoints it leaves open */
  alternatives: { title: string; openAfterSolution: CheckpointResult[]; transcript: string }[];
  /** a setup or replay failure, or an alternative solution that leaves checkpoints open */
  error?: string;
}

/** Run a whole shell script against a lab session headless, then let the cluster settle. Returns what it printed. */
export async function replay(session: LabSession, script: string, opts: { allowSolution?: boolean } = {}): Promise<string> {
  let transcript = '';
  const out = (s: string) => {
    transcript += s;
  };
  const shell = new ShellSession({
    cluster: session.cluster,
    realtime: false,
    programs: { lab: createLabProgram(session, { allowSolution: opts.allowSolution }) },
  });
  await shell.runScript(script.endsWith('\n') ? script : script + '\n', out);
  session.cluster.settle();
  return transcript;
}

export async function testLab(lab: Lab, opts: { seed?: number } = {}): Promise<LabTestResult> {
  const result: LabTestResult = {
    lab,
    ok: false,
    passingAtStart: [],
    openAfterSolution: [],
    startResults: [],
    solutionResults: [],
    transcript: '',
    alternatives: [],
  };
  try {
    const start = await createLabSession({ lab, seed: opts.seed, realtime: false });
    result.startResults = start.evaluate();
    result.passingAtStart = result.startResults.filter((r) => r.passed);
    start.dispose();

    const solved = await createLabSession({ lab, seed: opts.seed, realtime: false });
    result.transcript = await replay(solved, lab.solution.commands.join('\n'));
    result.solutionResults = solved.evaluate();
    result.openAfterSolution = result.solutionResults.filter((r) => !r.passed);
    solved.dispose();

    for (const alt of lab.solution.alternatives) {
      const other = await createLabSession({ lab, seed: opts.seed, realtime: false });
      const transcript = await replay(other, alt.commands.join('\n'));
      const open = other.evaluate().filter((r) => !r.passed);
      other.dispose();
      result.alternatives.push({ title: alt.title, openAfterSolution: open, transcript });
    }
    const bad = result.alternatives.filter((a) => a.openAfterSolution.length);
    if (bad.length)
      result.error = bad
        .map((a) => `alternative solution "${a.title}" leaves ${a.openAfterSolution.map((c) => `${c.id} open: ${c.detail ?? ''}`).join('; ')}`)
        .join('\n');
  } catch (e) {
    result.error = e instanceof Error ? e.message : String(e);
  }
  result.ok = !result.error && !result.passingAtStart.length && !result.openAfterSolution.length;
  return result;
}
