// Grading speed: 1,000 generated submissions (the scale-deployment solution and partial attempts, each for
// its own learner's variant), graded in one thread and on worker threads. Target: 100 submissions/s.
// Run alone: node bench/grade.ts [count]; `npm run bench` runs it after the cluster benchmarks.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gradeMany } from '../src/cli/grade-pool.ts';
import { loadLab } from '../src/labs/load.ts';
import { SUBMISSION_FORMAT } from '../src/labs/submission.ts';
import type { Submission } from '../src/labs/submission.ts';
import { labFor } from '../src/labs/variants.ts';

const TARGET = 100;

/** A learner's submission: the first `upTo` solution commands, two seconds apart, sleeps taking their time. */
function makeSubmission(learner: string, upTo: number): Submission {
  const base = loadLab('scale-deployment');
  const { lab, variant } = labFor(base, learner);
  const events: Submission['events'] = [];
  let t = 0;
  for (const line of lab.solution.commands.slice(0, upTo)) {
    events.push({ kind: 'command', t, line });
    const sleep = /^sleep (\d+)$/.exec(line);
    t += 2000 + (sleep ? Number(sleep[1]) * 1000 : 0);
  }
  return {
    format: SUBMISSION_FORMAT,
    course: '0.1.0',
    lab: lab.id,
    learner,
    seed: variant.seed,
    startedAt: '2026-11-20T09:00:00.000Z',
    submittedAt: '2026-11-20T09:30:00.000Z',
    durationMs: events.at(-1)?.t ?? 0,
    events,
    claimed: [],
  };
}

export async function benchGrade(count = 1000): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'kubeclass-grade-bench-'));
  try {
    const total = loadLab('scale-deployment').solution.commands.length;
    const files: string[] = [];
    for (let i = 0; i < count; i++) {
      // every third learner hands in a partial attempt
      const sub = makeSubmission(`learner${i}@school.example`, i % 3 === 2 ? 1 + (i % total) : total);
      const f = join(dir, `s${String(i).padStart(4, '0')}.json`);
      writeFileSync(f, JSON.stringify(sub));
      files.push(f);
    }
    console.log(`\ngrading (${count.toLocaleString('en-US')} submissions of scale-deployment, ${availableParallelism()} cores)`);
    const sample = files.slice(0, Math.min(100, count));
    let t = performance.now();
    const one = await gradeMany(sample, { workers: 1 });
    const oneMs = performance.now() - t;
    console.log(`  1 thread:  ${sample.length} in ${(oneMs / 1000).toFixed(2)} s = ${((sample.length * 1000) / oneMs).toFixed(1)} submissions/s (${(oneMs / sample.length).toFixed(1)} ms each)`);
    const workers = Math.max(2, Math.min(8, availableParallelism()));
    t = performance.now();
    const rows = await gradeMany(files, { workers });
    const ms = performance.now() - t;
    const rate = (count * 1000) / ms;
    const ok = rows.filter((r) => r.status === 'ok').length;
    const full = rows.filter((r) => r.status === 'ok' && r.score === r.max).length;
    const oneRate = (sample.length * 1000) / oneMs;
    console.log(`  ${workers} workers: ${count} in ${(ms / 1000).toFixed(2)} s = ${rate.toFixed(1)} submissions/s, ${(rate / oneRate).toFixed(2)}× one thread (${ok} replayed ok, ${full} with full points)`);
    console.log(`  ${rate >= TARGET ? 'meets' : 'MISSES'} the target of ${TARGET} submissions/s`);
    void one;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await benchGrade(Number(process.argv[2] ?? 1000));
