// `kubeclass grade`: replay every submission found, print a gradebook, and exit 0 only when each reached --min-score.
import { existsSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { findSubmissions, rowPasses, workshopResults } from '../labs/grade.ts';
import type { PassBar } from '../labs/grade.ts';
import { formatGradebook, GRADE_FORMATS } from '../labs/grade-format.ts';
import type { GradeFormat, WorkshopReport } from '../labs/grade-format.ts';
import { LABS_DIR, labIds, loadLab } from '../labs/load.ts';
import { parseWorkshop } from '../labs/workshop.ts';
import type { Workshop } from '../labs/workshop.ts';
import { gradeMany } from './grade-pool.ts';
import type { Command } from './main.ts';
import { parseArgs, UsageError } from './main.ts';
import { writeOut } from './files.ts';

const usage = `Usage: kubeclass grade <files or folders...> [--format table|json|csv|junit] [--min-score N | --min-percent P]
                       [--workshop ID|FILE] [--out FILE]

Replays every submission (*.json, folders searched recursively) from the learner's own variant of
the lab, recomputes every checkpoint and prints a gradebook: learner, lab, score, each checkpoint,
time spent and commands typed. The results a file claims are never trusted: a file whose claims
differ from the replay is flagged "altered"; a file made for another learner's variant is flagged
"variant mismatch" and scores nothing. A file that cannot be graded (malformed JSON, another format
version, an unknown lab, too large, commands that never end) gets an error line; the rest are graded.

Options:
  --format <f>      table (default), json (tests with name, status, score, max_score, for CI
                    autograding reporters), csv (a column per checkpoint), junit (JUnit XML)
  --min-score <n>   points each submission must reach (default: all of its lab's points)
  --min-percent <p> percent of its lab's points each submission must reach
  --workshop <w>    a workshop (an id from workshops/ or a YAML file): adds each learner's total over
                    its labs (a lab not handed in scores 0) against its passing score, which then
                    decides the exit status
  --out <file>      write the gradebook to <file> instead of standard output
  --workers <n>     worker threads for large batches (default: one per core)

Exit status: 0 when every submission was replayed as it claims and reached the bar (with
--workshop: when every learner reached the workshop's passing score), 1 when any did not, 2 for a
usage error.
`;

export const gradeCommand: Command = {
  name: 'grade',
  summary: 'replay submission files and print a gradebook',
  usage,
  async run(args, io) {
    const { flags, positional } = parseArgs(args, ['format', 'min-score', 'min-percent', 'out', 'workers', 'workshop']);
    if (flags.help) {
      io.out(usage);
      return 0;
    }
    const format = (flags.format ?? 'table') as GradeFormat;
    if (!GRADE_FORMATS.includes(format)) throw new UsageError(`--format must be one of ${GRADE_FORMATS.join(', ')}, got "${String(flags.format)}"`);
    let bar: PassBar | undefined;
    if (flags['min-score'] !== undefined && flags['min-percent'] !== undefined) throw new UsageError('--min-score and --min-percent cannot be used together');
    if (flags['min-score'] !== undefined) {
      const v = flags['min-score'];
      if (v === true || !/^\d+(\.\d+)?$/.test(v)) throw new UsageError(`--min-score must be a number of points, got "${v === true ? '' : v}"`);
      bar = { points: Number(v) };
    }
    if (flags['min-percent'] !== undefined) {
      const v = flags['min-percent'];
      if (v === true || !/^\d+(\.\d+)?%?$/.test(v) || Number(v.replace('%', '')) > 100) throw new UsageError(`--min-percent must be a percent from 0 to 100, got "${v === true ? '' : v}"`);
      bar = { percent: Number(v.replace('%', '')) };
    }
    let workshop: (Workshop & { id: string }) | undefined;
    if (flags.workshop !== undefined) {
      if (flags.workshop === true) throw new UsageError('flag needs an argument: --workshop');
      workshop = readWorkshop(flags.workshop);
    }
    let workers: number | undefined;
    if (flags.workers !== undefined) {
      if (flags.workers === true || !/^\d+$/.test(flags.workers)) throw new UsageError('--workers must be a whole number');
      workers = Number(flags.workers);
    }
    if (flags.out === true) throw new UsageError('flag needs an argument: --out');
    if (!positional.length) throw new UsageError('grade needs submission files or folders');
    const { files, missing } = findSubmissions(positional);
    for (const m of missing) io.err(`kubeclass: ${m}: No such file or directory\n`);
    if (!files.length) {
      io.err('kubeclass: no submission files (*.json) found\n');
      return 1;
    }
    const rows = await gradeMany(files, { workers });
    let report: WorkshopReport | undefined;
    if (workshop) {
      const maxOf = (lab: string) => {
        try {
          return loadLab(lab).tasks.reduce((n, t) => n + t.checkpoints.reduce((m, c) => m + c.points, 0), 0);
        } catch {
          return 0;
        }
      };
      report = { id: workshop.id, title: workshop.title, passingScore: workshop.passingScore, results: workshopResults(rows, workshop, maxOf) };
    }
    const text = formatGradebook(rows, format, bar, report);
    if (typeof flags.out === 'string') writeOut(flags.out, text);
    else io.out(text);
    const passed = report ? report.results.length > 0 && report.results.every((w) => w.passed) : rows.every((r) => rowPasses(r, bar));
    return !missing.length && passed ? 0 : 1;
  },
};

/** The project's workshops folder (beside labs/). */
const WORKSHOPS_DIR = resolve(LABS_DIR, '..', 'workshops');

/** A workshop by id (workshops/<id>.yaml) or by file; a usage error says what is wrong with it. */
function readWorkshop(arg: string): Workshop & { id: string } {
  const file = existsSync(arg) ? arg : join(WORKSHOPS_DIR, `${arg}.yaml`);
  if (!existsSync(file)) throw new UsageError(`--workshop: no workshop "${arg}" (neither a file nor workshops/${arg}.yaml)`);
  try {
    return { ...parseWorkshop(readFileSync(file, 'utf8'), file, labIds()), id: basename(file).replace(/\.ya?ml$/, '') };
  } catch (e) {
    throw new UsageError(`--workshop: ${(e as Error).message}`);
  }
}
