// A submission: the record of one learner's session in one lab, handed in as a JSON file. The grader
// never trusts what it claims: it replays `events` from the lab's start (same seed, same variant) and
// computes the checkpoints itself. Written by the lab page ("Download submission") and by
// `kubeclass shell --lab <id> --record FILE`.
import { z } from 'zod';

/** Bumped when the meaning of a field changes; the grader refuses formats it cannot replay faithfully. */
export const SUBMISSION_FORMAT = 1;

export const commandEventSchema = z
  .object({
    kind: z.literal('command').describe('a command line the learner entered at the prompt'),
    t: z.number().int().nonnegative().describe('virtual ms since the lab started when Enter was pressed'),
    line: z.string().max(20_000).describe('the line as typed (a multi-line command: its lines joined by \\n)'),
  })
  .describe('a command line entered at the prompt');

export const inputEventSchema = z
  .object({
    kind: z.literal('input').describe('a line typed to a running program (a [y/N] answer)'),
    t: z.number().int().nonnegative(),
    line: z.string().max(20_000),
  })
  .describe('a line read by a running program from the terminal');

export const fileEventSchema = z
  .object({
    kind: z.literal('file').describe('a file written by an editor (vi, nano) or by `kubectl edit`'),
    t: z.number().int().nonnegative().describe('virtual ms since the lab started when the file was saved'),
    host: z.string().describe('the machine (`master`, `node1`, …) or `pod:<namespace>/<name>/<container>` for a file in a container'),
    path: z.string().describe('absolute path'),
    content: z.string().max(2_000_000).describe('the whole content as saved'),
  })
  .describe('a file saved by an interactive editor: replay writes it at that time instead of re-running the editor');

export const submissionEventSchema = z.discriminatedUnion('kind', [commandEventSchema, inputEventSchema, fileEventSchema]);
export type SubmissionEvent = z.infer<typeof submissionEventSchema>;

export const claimedCheckpointSchema = z.object({
  id: z.string(),
  passed: z.boolean(),
});

export const submissionSchema = z
  .object({
    format: z.literal(SUBMISSION_FORMAT).describe('submission format version'),
    course: z.string().describe('the course version that wrote it (package.json version)'),
    lab: z.string().describe('lab id'),
    learner: z.string().min(1).max(200).describe('learner id as typed once on the site (e-mail, student number, name)'),
    seed: z.number().int().describe('the variant seed derived from the learner id and the lab (the grader derives it again and compares)'),
    startedAt: z.string().describe('ISO wall-clock time the lab started (informational)'),
    submittedAt: z.string().describe('ISO wall-clock time the file was written (informational)'),
    durationMs: z.number().int().nonnegative().describe('virtual ms from the start to the last event'),
    events: z.array(submissionEventSchema).max(20_000).describe('what the learner did, in order'),
    claimed: z.array(claimedCheckpointSchema).describe('the checkpoint results the page showed when the file was written; never trusted'),
    claimedAt: z
      .number()
      .int()
      .nonnegative()
      .optional()
      .describe('virtual ms since the start when `claimed` was read (default: durationMs); the grader compares the claims with its replay at this moment'),
  })
  .describe('one learner session in one lab, replayable');
export type Submission = z.infer<typeof submissionSchema>;

/** Cheap check before zod: what format and course a parsed file says it is (for a clear refusal). */
export function formatOf(data: unknown): { format: unknown; course: unknown } {
  if (!data || typeof data !== 'object') return { format: undefined, course: undefined };
  const o = data as Record<string, unknown>;
  return { format: o.format, course: o.course };
}
