// "Download submission": the file built from saved progress is a valid submission with the recorded commands.
import { describe, expect, it } from 'vitest';
import { submissionSchema } from '../../src/labs/submission.ts';
import { buildSubmission, submissionFileName } from '../../src/terminal/submission-build.ts';
import type { LabProgress } from '../../src/terminal/progress-store.ts';

const progress = (): LabProgress => ({
  v: 2,
  labId: 'scale-deployment',
  passed: { create: '2026-01-02T03:04:05.000Z' },
  history: [],
  attempt: {
    learner: 'Ana María 42',
    seed: 77,
    startedAt: '2026-01-02T03:00:00.000Z',
    events: [
      { kind: 'command', t: 1200, line: 'kubectl create deployment mynginx --image=nginx' },
      { kind: 'command', t: 9000, line: 'kubectl get pods' },
    ],
  },
});

describe('buildSubmission', () => {
  it('writes a schema-valid submission with learner, seed, events, duration and every checkpoint claimed', () => {
    const r = buildSubmission({ progress: progress(), course: '0.1.0', checkpointIds: ['create', 'scale'], learner: 'Ana María 42', now: new Date('2026-01-02T04:00:00Z') });
    if (!('submission' in r)) throw new Error(r.error);
    expect(submissionSchema.parse(r.submission)).toEqual(r.submission);
    expect(r.submission).toMatchObject({ format: 1, course: '0.1.0', lab: 'scale-deployment', learner: 'Ana María 42', seed: 77, durationMs: 9000, submittedAt: '2026-01-02T04:00:00.000Z' });
    expect(r.submission.events.map((e) => e.kind === 'command' && e.line)).toContain('kubectl get pods');
    expect(r.submission.claimed).toEqual([
      { id: 'create', passed: true },
      { id: 'scale', passed: false },
    ]);
  });

  it('says why there is nothing to submit', () => {
    const p = progress();
    delete p.attempt;
    expect(buildSubmission({ progress: p, course: '0.1.0', checkpointIds: [], learner: 'ana', now: new Date() })).toMatchObject({ error: expect.stringContaining('no session') });
    const anon = progress();
    anon.attempt!.learner = '';
    expect(buildSubmission({ progress: anon, course: '0.1.0', checkpointIds: [], learner: '', now: new Date() })).toMatchObject({ error: expect.stringContaining('name') });
    // an attempt started before the id was typed takes the id typed since
    const later = buildSubmission({ progress: anon, course: '0.1.0', checkpointIds: [], learner: 'ana', now: new Date() });
    expect('submission' in later && later.submission.learner).toBe('ana');
  });

  it('claims the results the lab saw last, with their virtual time, over the sticky passed list', () => {
    const p = progress();
    p.attempt!.claimed = [
      { id: 'create', passed: false },
      { id: 'scale', passed: true },
    ];
    p.attempt!.claimedAt = 12000;
    const r = buildSubmission({ progress: p, course: '0.1.0', checkpointIds: ['create', 'scale'], learner: 'ana', now: new Date() });
    if (!('submission' in r)) throw new Error(r.error);
    expect(r.submission.claimed).toEqual(p.attempt!.claimed);
    expect(r.submission.claimedAt).toBe(12000);
    const live = buildSubmission({ progress: p, course: '0.1.0', checkpointIds: [], learner: 'ana', now: new Date(), claims: { claimed: [], claimedAt: 15000 } });
    expect('submission' in live && live.submission.claimedAt).toBe(15000);
  });

  it('names the file <lab>-<learner-slug>.json', () => {
    expect(submissionFileName('scale-deployment', 'Ana María 42')).toBe('scale-deployment-ana-maria-42.json');
  });
});
