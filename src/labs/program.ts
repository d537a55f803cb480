// The `lab` command of the shell: status, hint, reset, tasks (and solution when an instructor allows it).
import type { Program, ProgramContext } from '../kubectl/context.ts';
import type { CheckpointResult, LabSession } from './runtime.ts';

export interface LabProgramOptions {
  /** `lab solution` prints the reference solution (instructors, authoring); off for learners */
  allowSolution?: boolean;
}

const USAGE = `Usage: lab <command>

Commands:
  status   show every checkpoint and whether it passes
  tasks    show what each task asks for
  hint     show a hint for the first unfinished task: one about the cluster as it
           is now when one applies, else the next one in order
  reset    throw the cluster away and start the lab again from the beginning
`;

/** Wrap text to `width` columns, keeping blank-line paragraphs and indenting continuation lines. */
export function wrap(text: string, width: number, indent = ''): string {
  const paras = text.trim().split(/\n\s*\n/);
  return paras
    .map((p) => {
      const words = p.split(/\s+/).filter(Boolean);
      const lines: string[] = [];
      let cur = indent;
      for (const w of words) {
        if (cur.length > indent.length && cur.length + 1 + w.length > width) {
          lines.push(cur);
          cur = indent + w;
        } else cur += (cur.length > indent.length ? ' ' : '') + w;
      }
      if (cur.length > indent.length) lines.push(cur);
      return lines.join('\n');
    })
    .join('\n\n');
}

function marks(ctx: ProgramContext): { ok: string; no: string } {
  const color = ctx.tty && !ctx.env.NO_COLOR;
  if (!ctx.tty) return { ok: '[x]', no: '[ ]' };
  return color ? { ok: '\x1b[32m✔\x1b[0m', no: '\x1b[31m✘\x1b[0m' } : { ok: '✔', no: '✘' };
}

export function formatStatus(session: LabSession, results: CheckpointResult[], ctx: ProgramContext): string {
  const { ok, no } = marks(ctx);
  const lab = session.lab;
  let s = `${lab.title} (lab ${lab.id})\n`;
  lab.tasks.forEach((task, i) => {
    s += `\n${i + 1}. ${task.title}\n`;
    for (const r of results.filter((r) => r.taskId === task.id)) s += `   ${r.passed ? ok : no} ${r.title}\n`;
  });
  const passed = results.filter((r) => r.passed).length;
  s += `\n${passed} of ${results.length} checkpoints passed.`;
  s += passed === results.length ? ' Lab complete!\n' : ' `lab hint` helps with the next step.\n';
  return s;
}

export function createLabProgram(session: LabSession, opts: LabProgramOptions = {}): Program {
  return async (ctx) => {
    const width = Math.max(40, Math.min(ctx.columns || 80, 100));
    const [cmd, ...rest] = ctx.args;
    switch (cmd) {
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        ctx.out(USAGE);
        return 0;
      case 'status':
        ctx.out(formatStatus(session, session.evaluate(), ctx));
        return 0;
      case 'tasks': {
        const lab = session.lab;
        let s = `${lab.title}\n\n${wrap(lab.summary, width)}\n`;
        lab.tasks.forEach((t, i) => {
          s += `\n${i + 1}. ${t.title}\n`;
          if (t.description) s += `${wrap(t.description, width, '   ')}\n`;
        });
        ctx.out(s);
        return 0;
      }
      case 'hint': {
        const h = session.nextHint();
        if (!h) {
          ctx.out('Every checkpoint passes: no hint needed. Well done!\n');
          return 0;
        }
        if (h.text === undefined) {
          ctx.out(`No more hints for "${h.task.title}" (all ${h.total} shown). \`lab status\` shows what is still open.\n`);
          return 0;
        }
        if ('state' in h && h.state) {
          ctx.out(`Hint for "${h.task.title}", from what the cluster shows now:\n${wrap(h.text, width, '  ')}\n`);
          return 0;
        }
        ctx.out(`Hint ${h.index + 1} of ${h.total} for "${h.task.title}":\n${wrap(h.text, width, '  ')}\n`);
        return 0;
      }
      case 'reset':
        await session.reset();
        ctx.out(`Lab "${session.lab.title}" reset: a fresh cluster in the starting state.\n`);
        return 0;
      case 'solution':
        if (!opts.allowSolution) {
          ctx.err('lab: the solution is for instructors; try `lab hint`\n');
          return 1;
        }
        ctx.out(session.lab.solution.commands.join('\n') + '\n');
        return 0;
      default:
        void rest;
        ctx.err(`lab: unknown command "${cmd}"\n${USAGE}`);
        return 2;
    }
  };
}
