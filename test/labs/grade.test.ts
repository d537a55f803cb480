// The grader on a class's folder: honest, partial, forged, copied, broken and runaway submissions.
import { mkdtempSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { findSubmissions, gradeFile, gradeFiles, gradeSubmission, parseSubmission } from '../../src/labs/grade.ts';
import type { GradeRow } from '../../src/labs/grade.ts';
import { submissionSchema } from '../../src/labs/submission.ts';

const dir = resolve(import.meta.dirname, '..', 'fixtures', 'submissions');
const fixture = (name: string) => join(dir, name);
const readSub = (name: string) => submissionSchema.parse(JSON.parse(readFileSync(fixture(name), 'utf8')));

describe('grading a class folder', { timeout: 120_000 }, () => {
  let rows: GradeRow[];
  const row = (learnerOrFile: string) => rows.find((r) => r.learner === learnerOrFile || r.file.endsWith(learnerOrFile))!;

  beforeAll(async () => {
    const { files } = findSubmissions([dir]);
    rows = await gradeFiles(files);
  });

  it('finds every .json under the folder and grades each one (bad files do not stop the batch)', () => {
    expect(rows.map((r) => r.file.slice(dir.length + 1))).toEqual([
      'alice.json',
      'bob-partial.json',
      'eve-copied-alice.json',
      'loopy-never-ends.json',
      'mallory-forged.json',
      'oscar-old-format.json',
      'trudy-truncated.json',
      'ursula-unknown-lab.json',
    ]);
  });

  it('gives a correct submission full points, with time spent and commands typed', () => {
    const a = row('alice');
    expect(a.status).toBe('ok');
    expect([a.score, a.max]).toEqual([4, 4]);
    expect(a.checkpoints.every((c) => c.passed)).toBe(true);
    expect(a.commands).toBe(9);
    expect(a.durationMs).toBeGreaterThan(60_000);
  });

  it('grades a partial attempt by its checkpoints', () => {
    const b = row('bob');
    expect(b.status).toBe('ok');
    expect(b.score).toBe(1);
    expect(b.checkpoints.filter((c) => c.passed).map((c) => c.id)).toEqual(['create-deployment']);
  });

  it('flags a file whose claims differ from the replay as altered, and scores the replay', () => {
    const m = row('mallory');
    expect(m.status).toBe('altered');
    expect(m.score).toBe(1);
    expect(m.message).toMatch(/scaled \(claims pass, replay fails\)/);
  });

  it("flags another learner's file and gives it nothing", () => {
    const e = row('eve');
    expect(e.status).toBe('variant mismatch');
    expect(e.message).toBe("variant mismatch: this file was made for another learner's variant");
    expect(e.score).toBe(0);
  });

  it('cuts off a command that never ends with a clear row', () => {
    const l = row('loopy');
    expect(l.status).toBe('error');
    expect(l.message).toMatch(/^cut off: a command ran more than 50,000 shell steps/);
    expect(l.score).toBe(0);
    expect(l.max).toBe(4);
  });

  it('reports truncated JSON with the parser position', () => {
    const t = row('trudy-truncated.json');
    expect(t.status).toBe('error');
    expect(t.message).toMatch(/^error: malformed JSON: .*position 700/);
  });

  it('refuses another format version saying who wrote it', () => {
    expect(row('oscar').message).toBe('error: written by course 0.0.1 with submission format 0; this grader reads format 1');
  });

  it('names an unknown lab', () => {
    expect(row('ursula').message).toMatch(/^error: unknown lab "no-such-lab" \(labs: .*scale-deployment/);
  });
});

describe('guards', { timeout: 60_000 }, () => {
  const tmp = mkdtempSync(join(tmpdir(), 'kc-grade-'));

  it('refuses a 50 MB file as too large without reading it', async () => {
    const f = join(tmp, 'huge.json');
    writeFileSync(f, '');
    truncateSync(f, 50 * 1024 * 1024);
    const r = await gradeFile(f);
    expect(r.status).toBe('error');
    expect(r.message).toBe('error: too large (50.0 MB; the limit is 5.0 MB): not read');
  });

  it('lists the first schema errors by path', () => {
    const r = parseSubmission(JSON.stringify({ ...readSub('bob-partial.json'), learner: '', events: [{ kind: 'command', t: -1, line: 'x' }] }));
    expect('error' in r && r.error).toMatch(/^not a submission: learner: .*; events\.0\.t: /);
  });

  it('cuts off a sleep far beyond the session by virtual time, and an endless kubectl loop', async () => {
    const base = readSub('bob-partial.json');
    const sleepy = await gradeSubmission({ ...base, events: [{ kind: 'command', t: 0, line: 'sleep 99999999' }, ...base.events] }, 'sleepy');
    expect(sleepy.message).toMatch(/^cut off: a command ran more than 60 min of virtual time/);
    const watcher = await gradeSubmission({ ...base, events: [{ kind: 'command', t: 0, line: 'while true; do kubectl get pods >/dev/null; done' }, ...base.events] }, 'w', { maxSteps: 2000 });
    expect(watcher.message).toMatch(/^cut off: a command ran more than 2,000 shell steps/);
  });

  it('a watch that would run until Ctrl-C ends headless and the rest is graded', async () => {
    const base = readSub('bob-partial.json');
    const r = await gradeSubmission({ ...base, events: [...base.events, { kind: 'command', t: base.durationMs + 1000, line: 'kubectl get pods -w' }], durationMs: base.durationMs + 1000, claimedAt: undefined }, 'w');
    expect(r.status).toBe('ok');
    expect(r.score).toBe(1);
  });

  it('replays the same file twice to identical results', async () => {
    const a = await gradeFile(fixture('alice.json'));
    const b = await gradeFile(fixture('alice.json'));
    expect(b).toEqual(a);
    const m1 = await gradeFile(fixture('mallory-forged.json'));
    const m2 = await gradeFile(fixture('mallory-forged.json'));
    expect(m2).toEqual(m1);
  });
});

describe('a workshop bundle ("Download all submissions")', () => {
  it('grades each submission in it on its own row, and a damaged entry fails only itself', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kc-bundle-'));
    const alice = JSON.parse(readFileSync(resolve('test/fixtures/submissions/alice.json'), 'utf8'));
    const file = join(dir, 'k8s-basics-alice.json');
    writeFileSync(file, JSON.stringify({ kind: 'kubeclass-submissions', workshop: 'k8s-basics', learner: alice.learner, submissions: [alice, { format: 1, lab: 'scale-deployment' }] }));
    const rows = await gradeFiles([file]);
    expect(rows).toHaveLength(2);
    expect(rows[0]!.file).toBe(`${file}#1`);
    expect(rows[0]!.status).toBe('ok');
    expect(rows[0]!.score).toBe(rows[0]!.max);
    expect(rows[1]!.file).toBe(`${file}#2`);
    expect(rows[1]!.status).toBe('error');
    expect(rows[1]!.message).toMatch(/not a submission/);
  });
});
