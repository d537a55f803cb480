// A workshop: an instructor's YAML file (workshops/<id>.yaml) naming labs in order, a time limit and
// a passing score; the site build turns each into a page at /workshops/<id>/.
import { z } from 'zod';
import { parse as parseYaml } from 'yaml';

export const workshopSchema = z
  .object({
    title: z.string().min(1).describe('shown as the page title'),
    description: z.string().default('').describe('a paragraph for learners (Markdown inline: `code`, **bold**, links)'),
    labs: z.array(z.string().regex(/^[a-z0-9][a-z0-9-]*$/)).min(1).describe('lab ids (labs/<id>/) in the order learners take them'),
    timeLimitMinutes: z.number().int().positive().max(24 * 60).optional().describe('the countdown shown on the page; none when omitted'),
    passingScore: z.number().min(0).max(100).default(100).describe('percent of all checkpoint points of the labs needed to pass; `kubeclass grade --workshop <id>` totals each learner against it'),
    showHints: z.boolean().default(true).describe('false hides the hint buttons on the lab panels while the workshop is active'),
    showSolutions: z.boolean().default(false).describe('true lets `lab solution` print the reference solution in the terminal'),
  })
  .strict()
  .describe('a workshop: labs in order, a timer, a passing score');
export type Workshop = z.infer<typeof workshopSchema>;

/** Parses and validates a workshop file; the error names the file and the field. */
export function parseWorkshop(text: string, source: string, knownLabs?: readonly string[]): Workshop {
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (e) {
    throw new Error(`${source}: not valid YAML: ${(e as Error).message}`);
  }
  const r = workshopSchema.safeParse(data);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new Error(`${source}: ${issue.path.join('.') || '(top)'}: ${issue.message}`);
  }
  if (knownLabs) {
    const unknown = r.data.labs.filter((l) => !knownLabs.includes(l));
    if (unknown.length) throw new Error(`${source}: labs: unknown lab ${unknown.map((l) => `"${l}"`).join(', ')} (no labs/<id>/lab.yaml)`);
  }
  return r.data;
}

/** localStorage key of a learner's run of a workshop ({ startedAt }) */
export function workshopKey(id: string): string {
  return `kubeclass:workshop:${id}`;
}
/** localStorage key naming the workshop a learner is taking now, read by the lab panels */
export const ACTIVE_WORKSHOP_KEY = 'kubeclass:workshop-active';
