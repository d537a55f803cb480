// `kubeclass grade`: replay every submission found, print a gradebook, and exit 0 only when each reached --min-score.
import { findSubmissions } from '../labs/grade.ts';
import { formatGradebook, GRADE_FORMATS } from '../labs/grade-format.ts';
import type { GradeFormat } from '../labs/grade-format.ts';
import { rowPasses } from '../labs/grade.ts';
import { gradeMany } from './grade-pool.ts';
import type { Command } from './main.ts';
import { parseArgs, UsageError } from './main.ts';
import { writeOut } from './files.ts';

const usage = `Usage: kubeclass grade <files or folders...> [--format table|json|csv|junit] [--min-score N] [--out FILE]

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
  --out <file>      write the gradebook to <file> instead of standard output
  --workers <n>     worker threads for large batches (default: one per core)

Exit status: 0 when every submission was replayed as it claims and reached --min-score, 1 when
any did not, 2 for a usage error.
`;

export const gradeCommand: Command = {
  name: 'grade',
  summary: 'replay submission files and print a gradebook',
  usage,
  async run(args, io) {
    const { flags, positional } = parseArgs(args, ['format', 'min-score', 'out', 'workers']);
    if (flags.help) {
      io.out(usage);
      return 0;
    }
    const format = (flags.format ?? 'table') as GradeFormat;
    if (!GRADE_FORMATS.includes(format)) throw new UsageError(`--format must be one of ${GRADE_FORMATS.join(', ')}, got "${String(flags.format)}"`);
    let minScore: number | undefined;
    if (flags['min-score'] !== undefined) {
      const v = flags['min-score'];
      if (v === true || !/^\d+(\.\d+)?$/.test(v)) throw new UsageError(`--min-score must be a number of points, got "${v === true ? '' : v}"`);
      minScore = Number(v);
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
    const text = formatGradebook(rows, format, minScore);
    if (typeof flags.out === 'string') writeOut(flags.out, text);
    else io.out(text);
    return !missing.length && rows.every((r) => rowPasses(r, minScore)) ? 0 : 1;
  },
};
