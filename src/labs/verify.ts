// Proving a lab: the untouched start passes no checkpoint, and replaying the solution passes every one.
import { ShellSession } from '../shell/session.ts';
import { createLabProgram } from './program.ts';
import { createLabSession } from './runtime.ts';
import type { CheckpointResult, LabSession } from './runtime.ts';
import type { Lab } from './schema.ts';
import { runMutations } from './mutate.ts';
import type { MutationReport } from './mutate.ts';
import { defaultParams, instantiate, proofLearners, variantOf } from './variants.ts';
import type { VariantParams } from './variants.ts';

/** One learner's variant of a lab, proved: its start passes nothing, its own solution passes all, the published one does not. */
export interface VariantProof {
  learner: string;
  seed: number;
  params: VariantParams;
  passingAtStart: CheckpointResult[];
  openAfterSolution: CheckpointResult[];
  /** what the default variant's (published) solution leaves open in this variant: at least one checkpoint */
  openAfterDefaultSolution: CheckpointResult[];
  ok: boolean;
}

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
  /** mutation tests: near misses of the solved state, each of which must fail a checkpoint (unset when not run) */
  mutations?: MutationReport;
  /** a lab with `params`: the learners' variants it was proved in (besides the default one) */
  variants: VariantProof[];
}

/** Prove a lab in each learner's variant (see VariantProof). */
export async function proveVariants(lab: Lab, learners: string[] = proofLearners(lab)): Promise<VariantProof[]> {
  const published = instantiate(lab, defaultParams(lab)).solution.commands.join('\n');
  const proofs: VariantProof[] = [];
  for (const learner of learners) {
    const variant = variantOf(lab, learner);
    // one session for both: judged untouched first, then the learner's own solution replayed on it
    const solved = await createLabSession({ lab, learner, realtime: false });
    const passingAtStart = solved.evaluate().filter((r) => r.passed);
    await replay(solved, solved.lab.solution.commands.join('\n'));
    const openAfterSolution = solved.evaluate().filter((r) => !r.passed);
    solved.dispose();
    const copied = await createLabSession({ lab, learner, realtime: false });
    await replay(copied, published);
    const openAfterDefaultSolution = copied.evaluate().filter((r) => !r.passed);
    copied.dispose();
    const ok = !passingAtStart.length && !openAfterSolution.length && openAfterDefaultSolution.length > 0;
    proofs.push({ learner, seed: variant.seed, params: variant.params, passingAtStart, openAfterSolution, openAfterDefaultSolution, ok });
  }
  return proofs;
}

function variantFailures(proofs: VariantProof[]): string[] {
  return proofs
    .filter((p) => !p.ok)
    .map((p) => {
      const what = Object.entries(p.params)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ');
      const why = [
        ...p.passingAtStart.map((c) => `untouched start already passes ${c.id}`),
        ...p.openAfterSolution.map((c) => `its solution leaves ${c.id} open: ${c.detail ?? ''}`),
        ...(p.openAfterDefaultSolution.length ? [] : ['the published (default) solution passes it too']),
      ];
      return `variant of learner "${p.learner}" (${what}): ${why.join('; ')}`;
    });
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

/** Mutation tests pass when every mutation tried was caught and every checkpoint failed under some mutation. */
export function mutationsOk(r: MutationReport | undefined): boolean {
  return !r || (!r.uncaught.length && !r.unfailable.length);
}

/** Run the mutation tests of a lab: each near miss applied to its own replay of the solution. */
export async function mutationTestLab(lab: Lab, opts: { seed?: number } = {}): Promise<MutationReport> {
  const start = await createLabSession({ lab, seed: opts.seed, realtime: false });
  try {
    return await runMutations(lab, {
      start,
      skip: lab.mutations?.skip,
      fork: async () => {
        const s = await createLabSession({ lab, seed: opts.seed, realtime: false });
        await replay(s, s.lab.solution.commands.join('\n'));
        return s;
      },
    });
  } finally {
    start.dispose();
  }
}

export async function testLab(lab: Lab, opts: { seed?: number; learners?: string[]; mutations?: boolean } = {}): Promise<LabTestResult> {
  const result: LabTestResult = {
    lab,
    ok: false,
    passingAtStart: [],
    openAfterSolution: [],
    startResults: [],
    solutionResults: [],
    transcript: '',
    alternatives: [],
    variants: [],
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
    // variants: each learner's lab proves itself, and the published solution does not pass it
    result.variants = await proveVariants(lab, opts.learners);
    const failures = variantFailures(result.variants);
    if (failures.length) result.error = [result.error, ...failures].filter(Boolean).join('\n');
    // mutation tests (opt-in: `kubeclass lab test` asks for them) only mean something once the solution passes every checkpoint
    if (opts.mutations && !result.openAfterSolution.length) result.mutations = await mutationTestLab(lab, opts);
  } catch (e) {
    result.error = e instanceof Error ? e.message : String(e);
  }
  result.ok = !result.error && !result.passingAtStart.length && !result.openAfterSolution.length && mutationsOk(result.mutations);
  return result;
}
