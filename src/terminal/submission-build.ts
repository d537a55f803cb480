// Builds a submission (src/labs/submission.ts) from the progress saved in this browser, so a lab page
// and a workshop page (which has no running cluster) write the same file.
import { SUBMISSION_FORMAT, submissionSchema } from '../labs/submission.ts';
import type { Submission } from '../labs/submission.ts';
import type { LabProgress } from './progress-store.ts';
import { learnerSlug } from './learner-store.ts';

export interface SubmissionInput {
  progress: LabProgress;
  /** package.json version */
  course: string;
  /** every checkpoint of the lab, in order: claimed results list them all */
  checkpointIds: readonly string[];
  /** learner id now (used when the attempt started before one was typed) */
  learner: string;
  now: Date;
  /** checkpoint results read now from a running lab, at virtual `claimedAt`; default: the attempt's last seen ones */
  claims?: { claimed: { id: string; passed: boolean }[]; claimedAt: number };
}

/** The submission for a lab, or a sentence saying why there is none yet. */
export function buildSubmission(input: SubmissionInput): { submission: Submission } | { error: string } {
  const { progress, course, checkpointIds, now } = input;
  const attempt = progress.attempt;
  if (!attempt) return { error: `no session recorded for lab "${progress.labId}" yet: open the lab and use its terminal` };
  const learner = attempt.learner || input.learner;
  if (!learner) return { error: 'type your name or student id first' };
  const events = attempt.events;
  const candidate = {
    format: SUBMISSION_FORMAT,
    course,
    lab: progress.labId,
    learner,
    seed: attempt.seed,
    startedAt: attempt.startedAt,
    submittedAt: now.toISOString(),
    durationMs: events.length ? events[events.length - 1]!.t : 0,
    events,
    ...claimsOf(input),
  };
  const parsed = submissionSchema.safeParse(candidate);
  if (!parsed.success) return { error: `the recorded session does not fit the submission format: ${parsed.error.issues[0]?.message ?? 'invalid'}` };
  return { submission: parsed.data };
}

/** The claims: live ones, else the last ones the lab saw, else the checkpoints passed in this attempt. */
function claimsOf(input: SubmissionInput): { claimed: { id: string; passed: boolean }[]; claimedAt?: number } {
  if (input.claims) return input.claims;
  const a = input.progress.attempt;
  if (a?.claimed) return a.claimedAt === undefined ? { claimed: a.claimed } : { claimed: a.claimed, claimedAt: a.claimedAt };
  return { claimed: input.checkpointIds.map((id) => ({ id, passed: Boolean(input.progress.passed[id]) })) };
}

export function submissionFileName(lab: string, learner: string): string {
  return `${lab}-${learnerSlug(learner)}.json`;
}

/** What "Download all submissions" on a workshop page writes; `kubeclass grade` unpacks it. */
export interface SubmissionBundle {
  kind: 'kubeclass-submissions';
  workshop: string;
  learner: string;
  submissions: Submission[];
}
