// The `kubeclass` command: a table of commands (shell, lab ...), each a row with its usage and run function.
import { z } from 'zod';
import { createCluster } from '../cluster/cluster.ts';
import type { Cluster } from '../cluster/types.ts';
import { LabError } from '../labs/parse.ts';
import { LABS_DIR, labIds, loadLab, loadLabFile, loadLabs, UnknownLabError } from '../labs/load.ts';
import { createLabProgram } from '../labs/program.ts';
import { formatReport } from '../labs/report.ts';
import { createLabSession } from '../labs/runtime.ts';
import type { LabSession } from '../labs/runtime.ts';
import { labSchema } from '../labs/schema.ts';
import type { Lab } from '../labs/schema.ts';
import { testLab } from '../labs/verify.ts';
import { formatMutations } from '../labs/mutate.ts';
import { createRecorder } from '../labs/recorder.ts';
import type { Recorder } from '../labs/recorder.ts';
import { instantiate, variantOf } from '../labs/variants.ts';
import { gradeCommand } from './grade.ts';
import { courseVersion, writeOut } from './files.ts';
import { ShellSession } from '../shell/session.ts';

export interface Io {
  readStdin(): Promise<string>;
  out(text: string): void;
  err(text: string): void;
}

/** A usage error: printed with a pointer to --help, exit 2. */
export class UsageError extends Error {}

export interface Command {
  name: string;
  /** one line for --help */
  summary: string;
  /** the full usage text for `kubeclass <name> --help` */
  usage: string;
  run(args: string[], io: Io): Promise<number>;
}

interface ParsedArgs {
  flags: Record<string, string | true>;
  positional: string[];
}

/** `--lab x`, `--lab=x`, `--flag`; `valued` names the flags that take a value. */
export function parseArgs(args: string[], valued: string[], known: string[] = valued): ParsedArgs {
  const flags: Record<string, string | true> = {};
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      positional.push(...args.slice(i + 1));
      break;
    }
    if (!a.startsWith('-') || a === '-') {
      positional.push(a);
      continue;
    }
    const m = /^--?([^=]+)(?:=(.*))?$/.exec(a)!;
    const name = m[1]!;
    if (name === 'h' || name === 'help') {
      flags.help = true;
      continue;
    }
    if (!known.includes(name) && !valued.includes(name)) throw new UsageError(`unknown flag: ${a}`);
    if (valued.includes(name)) {
      const v = m[2] ?? args[++i];
      if (v === undefined) throw new UsageError(`flag needs an argument: --${name}`);
      flags[name] = v;
    } else flags[name] = true;
  }
  return { flags, positional };
}

function parseWhole(flag: string, v: string | true): number {
  if (v === true || !/^\d+$/.test(v)) throw new UsageError(`${flag} must be a whole number, got "${v === true ? '' : v}"`);
  return Number(v);
}

function parseSeed(v: string | true | undefined): number | undefined {
  return v === undefined ? undefined : parseWhole('--seed', v);
}

/** Virtual ms between two typed commands in `kubeclass shell`: about how long a person takes to type one. */
const DEFAULT_PACE_MS = 2000;

function readLab(id: string): Lab {
  try {
    return loadLab(id);
  } catch (e) {
    if (e instanceof UnknownLabError) throw new UsageError(e.message);
    throw e;
  }
}

const shellCommand: Command = {
  name: 'shell',
  summary: 'run command lines from standard input against a fresh simulated cluster',
  usage: `Usage: kubeclass shell [--lab <id>] [--learner <name>] [--record <file>] [--seed <n>] [--pace <ms>]

Reads every line of standard input (heredoc bodies included) and runs it in the course's shell
on the master of a fresh simulated cluster, printing what the terminal would print. Time is
virtual: \`sleep 30\` passes at once, and each command after the first starts --pace ms after
the one before, as a person takes a moment to type it.

With --lab the cluster starts in the lab's starting state and the \`lab\` command is available.
At the end of input the cluster runs until it settles, then the lab's checkpoint report is
printed; the exit status is 0 only when every checkpoint passed.

Options:
  --lab <id>          start the lab <id> (see \`kubeclass lab list\`)
  --learner <name>    take the lab as this learner: their variant of it, and the name in --record
  --record <file>     write the session as a submission file (needs --lab), as the lab page's
                      "Download submission" does; \`kubeclass grade <file>\` grades it
  --seed <n>          seed for names and IPs (default: the lab's seed, or 1)
  --pace <ms>         virtual time between commands (default ${DEFAULT_PACE_MS}; 0 runs them back to back)
`,
  async run(args, io) {
    const { flags, positional } = parseArgs(args, ['lab', 'seed', 'pace', 'learner', 'record']);
    if (flags.help) {
      io.out(this.usage);
      return 0;
    }
    if (positional.length) throw new UsageError(`unexpected argument "${positional[0]}"`);
    const seed = parseSeed(flags.seed);
    const pace = flags.pace === undefined ? DEFAULT_PACE_MS : parseWhole('--pace', flags.pace);
    const loaded = typeof flags.lab === 'string' ? readLab(flags.lab) : undefined;
    const recordTo = typeof flags.record === 'string' ? flags.record : undefined;
    if (flags.record === true || recordTo === '') throw new UsageError('flag needs an argument: --record');
    if (recordTo && !loaded) throw new UsageError('--record needs --lab: a submission is the record of one lab');
    if (flags.learner !== undefined && !loaded) throw new UsageError('--learner needs --lab');
    if (recordTo && seed !== undefined) throw new UsageError('--record and --seed do not go together: the seed of a submission comes from the learner');
    const learner = typeof flags.learner === 'string' ? flags.learner : recordTo ? 'anonymous' : undefined;
    if (learner !== undefined && !learner.trim()) throw new UsageError('--learner needs a name');
    const variant = loaded && learner !== undefined ? variantOf(loaded, learner) : undefined;
    const lab = loaded && variant ? instantiate(loaded, variant.params) : loaded;
    const input = await io.readStdin();
    let session: LabSession | undefined;
    let cluster: Cluster;
    let recorder: Recorder | undefined;
    const startedAt = new Date().toISOString();
    if (lab) {
      session = await createLabSession({ lab, seed: variant?.seed ?? seed, realtime: false });
      cluster = session.cluster;
      if (recordTo) recorder = createRecorder({ session, learner: learner!, seed: variant!.seed, course: courseVersion(), startedAt });
    } else {
      cluster = createCluster({ seed: seed ?? 1 });
      cluster.settle();
    }
    const shell = new ShellSession({
      cluster,
      realtime: false,
      programs: session ? { lab: createLabProgram(session) } : {},
      typingDelayMs: pace,
      terminal: true,
      // nobody can press Ctrl-C in a piped session: a line that never ends is interrupted for them
      commandLimit: { virtualMs: COMMAND_LIMIT_MS, steps: 1_000_000, onCut: (line, why) => io.err(`kubeclass: interrupted \`${line.length > 60 ? line.slice(0, 57) + '...' : line}\` (Ctrl-C): ${why}\n`) },
    });
    recorder?.attach(shell);
    await shell.runScript(input, io.out);
    if (!session) return 0;
    session.cluster.settle();
    const results = session.evaluate();
    io.out('\n' + formatReport(session.lab, results));
    if (recorder && recordTo) {
      writeOut(recordTo, JSON.stringify(recorder.submission(new Date().toISOString()), null, 2) + '\n');
      recorder.dispose();
      io.err(`kubeclass: submission written to ${recordTo}\n`);
    }
    return results.every((r) => r.passed) ? 0 : 1;
  },
};

/** Virtual time one line of a piped session may run before it is interrupted. */
const COMMAND_LIMIT_MS = 60 * 60_000;

const labUsage = `Usage: kubeclass lab <command>

Commands:
  list               list the labs
  test [<id>...]     prove labs: the untouched start passes no checkpoint, the solution passes all
  validate <file>... check lab.yaml files against the lab schema
  schema             print the lab format as JSON Schema
`;

function labList(io: Io): number {
  const labs = loadLabs();
  if (!labs.length) {
    io.out(`No labs in ${LABS_DIR}.\n`);
    return 0;
  }
  const rows = [['ID', 'CHAPTER', 'TASKS', 'CHECKPOINTS', 'TITLE']].concat(
    labs.map((l) => [l.id, l.chapter, String(l.tasks.length), String(l.tasks.reduce((n, t) => n + t.checkpoints.length, 0)), l.title]),
  );
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const r of rows) io.out(r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('   ') + '\n');
  return 0;
}

async function labTest(ids: string[], seed: number | undefined, io: Io): Promise<number> {
  const all = ids.length ? ids : labIds();
  let passed = 0;
  let failed = 0;
  for (const id of all) {
    let lab: Lab;
    try {
      lab = loadLab(id);
    } catch (e) {
      failed++;
      io.out(`FAIL ${id}\n  ${(e as Error).message.split('\n').join('\n  ')}\n`);
      continue;
    }
    const r = await testLab(lab, { seed, mutations: true });
    const n = r.solutionResults.length || r.startResults.length;
    // which learners' variants were proved besides the default one (labs with params)
    const variantLine = r.variants.length
      ? `  variants proved: ${r.variants.map((v) => `${v.learner} (${Object.entries(v.params).map(([k, x]) => `${k}=${x}`).join(' ')})`).join(', ')}\n`
      : '';
    // mutation tests: `mutations: 14 tried, 14 caught`, then each uncaught mutation and unfailable checkpoint
    const mutationLines = r.mutations ? formatMutations(r.mutations).map((l) => `  ${l}\n`).join('') : '';
    if (r.ok) {
      passed++;
      io.out(`ok   ${id}  start passes 0 of ${n}, solution passes ${n} of ${n}\n${variantLine}${mutationLines}`);
      continue;
    }
    failed++;
    io.out(`FAIL ${id}\n${variantLine}${mutationLines}`);
    if (r.error) io.out(`  error: ${r.error.split('\n').join('\n    ')}\n`);
    for (const c of r.passingAtStart) io.out(`  untouched start already passes ${c.id}: ${c.detail ?? ''}\n`);
    for (const c of r.openAfterSolution) io.out(`  solution leaves ${c.id} open: ${c.detail ?? ''}\n`);
    if (r.openAfterSolution.length && r.transcript) {
      const tail = r.transcript.trimEnd().split('\n').slice(-20);
      io.out(`  last lines of the solution replay:\n${tail.map((l) => '    | ' + l).join('\n')}\n`);
    }
  }
  io.out(`${passed} passed, ${failed} failed\n`);
  return failed ? 1 : 0;
}

function labValidate(files: string[], io: Io): number {
  if (!files.length) throw new UsageError('lab validate needs a lab.yaml file');
  let bad = 0;
  for (const f of files) {
    try {
      const lab = loadLabFile(f);
      const cps = lab.tasks.reduce((n, t) => n + t.checkpoints.length, 0);
      io.out(`ok   ${f}: lab ${lab.id}, ${lab.tasks.length} tasks, ${cps} checkpoints\n`);
    } catch (e) {
      bad++;
      if (e instanceof LabError) io.err(e.message + '\n');
      else io.err(`${f}: ${(e as Error).message}\n`);
    }
  }
  return bad ? 1 : 0;
}

const labCommand: Command = {
  name: 'lab',
  summary: 'list, test and validate labs',
  usage: labUsage,
  async run(args, io) {
    const [sub, ...rest] = args;
    if (sub === undefined || sub === '--help' || sub === '-h' || sub === 'help') {
      io.out(this.usage);
      return sub === undefined ? 2 : 0;
    }
    switch (sub) {
      case 'list':
        parseArgs(rest, []);
        return labList(io);
      case 'test': {
        const { flags, positional } = parseArgs(rest, ['seed']);
        if (flags.help) {
          io.out(labUsage);
          return 0;
        }
        return labTest(positional, parseSeed(flags.seed), io);
      }
      case 'validate':
        return labValidate(parseArgs(rest, []).positional, io);
      case 'schema':
        io.out(JSON.stringify(z.toJSONSchema(labSchema, { io: 'input', unrepresentable: 'any' }), null, 2) + '\n');
        return 0;
      default:
        throw new UsageError(`unknown lab command "${sub}"`);
    }
  },
};

/** Every command, in --help order. `grade` joins here later. */
export const commands: Command[] = [shellCommand, labCommand, gradeCommand];

const helpText = () => `kubeclass: a Kubernetes course in a browser tab, and its command line

Usage: kubeclass <command> [options]

Commands:
${commands.map((c) => `  ${c.name.padEnd(8)} ${c.summary}`).join('\n')}

Run 'kubeclass <command> --help' for more about a command.
`;

export async function main(argv: string[], io: Io): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(helpText());
    return name === undefined ? 2 : 0;
  }
  const cmd = commands.find((c) => c.name === name);
  try {
    if (!cmd) throw new UsageError(`unknown command "${name}"`);
    return await cmd.run(args, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`kubeclass: ${e.message}\nRun 'kubeclass ${cmd ? cmd.name + ' ' : ''}--help' for usage.\n`);
      return 2;
    }
    if (e instanceof LabError) {
      io.err(e.message + '\n');
      return 1;
    }
    throw e;
  }
}

/** Process glue for bin/kubeclass.mjs. */
export async function run(): Promise<void> {
  const io: Io = {
    async readStdin() {
      const chunks: Buffer[] = [];
      for await (const c of process.stdin) chunks.push(c as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
    out: (t) => void process.stdout.write(t),
    err: (t) => void process.stderr.write(t),
  };
  let code: number;
  try {
    code = await main(process.argv.slice(2), io);
  } catch (e) {
    process.stderr.write(`kubeclass: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    code = 1;
  }
  process.exitCode = code;
}
