// cat, ls, pwd, mkdir, rmdir, rm, touch, cp, mv, tee: the file commands learners use around kubectl.
import type { Program, ProgramContext } from '../../kubectl/context.ts';
import { getopt, has, inputs, usage, UsageError } from './common.ts';
import { basename, joinPath } from '../paths.ts';
import { fsMessage, q } from '../messages.ts';

const abs = (ctx: ProgramContext, p: string) => joinPath(ctx.cwd, p);
const why = (e: unknown) => fsMessage(e) ?? String(e);

export const cat: Program = async (ctx) => {
  let p;
  try {
    p = getopt('cat', ctx.args, { flags: 'nAEv', long: { number: 'n' } });
  } catch (e) {
    if (e instanceof UsageError) return usage(ctx, 'cat', e);
    throw e;
  }
  let status = 0;
  let n = 0;
  for (const input of inputs(ctx, 'cat', p.operands)) {
    if (input.text === null) {
      status = 1;
      continue;
    }
    if (has(p, 'n')) {
      const parts = input.text.split('\n');
      const out = parts.map((l, i) => (i === parts.length - 1 && l === '' ? '' : `${String(++n).padStart(6)}\t${l}`));
      ctx.out(out.join('\n'));
    } else ctx.out(input.text);
  }
  return status;
};

export const pwd: Program = async (ctx) => {
  ctx.out(ctx.cwd + '\n');
  return 0;
};

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function lsTime(mtime: number, now: number): string {
  const d = new Date(mtime);
  const day = String(d.getUTCDate()).padStart(2);
  const recent = now - mtime < 182 * 24 * 3600 * 1000 && mtime <= now + 3600 * 1000;
  const tail = recent ? `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}` : ` ${d.getUTCFullYear()}`;
  return `${MONTHS[d.getUTCMonth()]} ${day} ${tail}`;
}

/** GNU ls column layout: fill down the columns, as few rows as fit the terminal width. */
export function columnize(names: string[], width: number, gap = 2): string {
  if (!names.length) return '';
  for (let rows = 1; rows <= names.length; rows++) {
    const cols = Math.ceil(names.length / rows);
    const widths: number[] = [];
    for (let c = 0; c < cols; c++) {
      const col = names.slice(c * rows, c * rows + rows);
      widths.push(Math.max(...col.map((n) => n.length)));
    }
    const total = widths.reduce((a, b) => a + b, 0) + gap * (cols - 1);
    if (total <= width || rows === names.length) {
      let out = '';
      for (let r = 0; r < rows; r++) {
        const cells: string[] = [];
        for (let c = 0; c < cols; c++) {
          const name = names[c * rows + r];
          if (name === undefined) continue;
          cells.push(name);
        }
        out += cells.map((n, i) => (i === cells.length - 1 ? n : n.padEnd(widths[i] + gap))).join('') + '\n';
      }
      return out;
    }
  }
  return '';
}

export const ls: Program = async (ctx) => {
  let p;
  try {
    p = getopt('ls', ctx.args, { flags: 'laA1dhrtR', long: { 'color=': 'color', all: 'a', 'almost-all': 'A', directory: 'd', 'human-readable': 'h' } });
  } catch (e) {
    if (e instanceof UsageError) return usage(ctx, 'ls', e, 2);
    throw e;
  }
  const long = has(p, 'l');
  const all = has(p, 'a');
  const almost = has(p, 'A');
  const one = has(p, '1') || !ctx.tty;
  const now = ctx.cluster.clock.now();
  const operands = p.operands.length ? p.operands : ['.'];
  let status = 0;
  const files: string[] = [];
  const dirs: string[] = [];
  for (const o of operands) {
    const path = abs(ctx, o);
    if (!ctx.fs.exists(path)) {
      ctx.err(`ls: cannot access ${o}: No such file or directory\n`);
      status = 2;
    } else if (ctx.fs.isDir(path) && !has(p, 'd')) dirs.push(o);
    else files.push(o);
  }
  /** `ls -l` rows, with link counts and sizes right-aligned to the widest, as GNU ls does */
  const longRows = (dir: string, names: string[]) => {
    const rows = names.map((name) => {
      const st = ctx.fs.stat(joinPath(abs(ctx, dir), name));
      const isDir = st?.type === 'dir';
      return { name, mode: isDir ? 'drwxr-xr-x.' : '-rw-r--r--.', links: String(isDir ? 2 : 1), size: String(st?.size ?? 0), time: lsTime(st?.mtime ?? now, now) };
    });
    const lw = Math.max(1, ...rows.map((r) => r.links.length));
    const sw = Math.max(1, ...rows.map((r) => r.size.length));
    return rows.map((r) => `${r.mode} ${r.links.padStart(lw)} root root ${r.size.padStart(sw)} ${r.time} ${r.name}\n`).join('');
  };
  const block = (dir: string, names: string[]) => {
    const sorted = [...names];
    if (has(p, 'r')) sorted.reverse();
    if (long) {
      const totalKb = sorted.reduce((sum, n) => {
        const st = ctx.fs.stat(joinPath(abs(ctx, dir), n));
        return sum + (!st ? 0 : st.type === 'dir' ? 4 : Math.ceil(st.size / 4096) * 4);
      }, 0);
      return `total ${totalKb}\n` + longRows(dir, sorted);
    }
    return one ? sorted.map((n) => n + '\n').join('') : columnize(sorted, ctx.columns);
  };
  let out = '';
  if (files.length) {
    const sorted = [...files].sort();
    out += long ? longRows('.', sorted) : one ? sorted.map((f) => f + '\n').join('') : columnize(sorted, ctx.columns);
  }
  dirs.sort().forEach((d, i) => {
    let names = ctx.fs.list(abs(ctx, d));
    if (!all && !almost) names = names.filter((n) => !n.startsWith('.'));
    if (all) names = ['.', '..', ...names];
    if (operands.length > 1) out += `${files.length || i > 0 ? '\n' : ''}${d}:\n`;
    out += block(d, names);
  });
  ctx.out(out);
  return status;
};

export const mkdir: Program = async (ctx) => {
  let p;
  try {
    p = getopt('mkdir', ctx.args, { flags: 'pv', long: { parents: 'p' } });
  } catch (e) {
    if (e instanceof UsageError) return usage(ctx, 'mkdir', e);
    throw e;
  }
  if (!p.operands.length) return usage(ctx, 'mkdir', new UsageError('mkdir: missing operand'));
  let status = 0;
  for (const d of p.operands) {
    const path = abs(ctx, d);
    if (ctx.fs.exists(path)) {
      if (has(p, 'p') && ctx.fs.isDir(path)) continue;
      ctx.err(`mkdir: cannot create directory ${q(d)}: File exists\n`);
      status = 1;
      continue;
    }
    try {
      ctx.fs.mkdir(path, { parents: has(p, 'p') });
    } catch (e) {
      ctx.err(`mkdir: cannot create directory ${q(d)}: ${why(e)}\n`);
      status = 1;
    }
  }
  return status;
};

export const rmdir: Program = async (ctx) => {
  let status = 0;
  if (!ctx.args.length) return usage(ctx, 'rmdir', new UsageError('rmdir: missing operand'));
  for (const d of ctx.args) {
    const path = abs(ctx, d);
    if (!ctx.fs.exists(path)) {
      ctx.err(`rmdir: failed to remove ${q(d)}: No such file or directory\n`);
      status = 1;
    } else if (!ctx.fs.isDir(path)) {
      ctx.err(`rmdir: failed to remove ${q(d)}: Not a directory\n`);
      status = 1;
    } else if (ctx.fs.list(path).length) {
      ctx.err(`rmdir: failed to remove ${q(d)}: Directory not empty\n`);
      status = 1;
    } else ctx.fs.remove(path);
  }
  return status;
};

export const rm: Program = async (ctx) => {
  let p;
  try {
    p = getopt('rm', ctx.args, { flags: 'rRfiv', long: { recursive: 'r', force: 'f' } });
  } catch (e) {
    if (e instanceof UsageError) return usage(ctx, 'rm', e);
    throw e;
  }
  const force = has(p, 'f');
  const recursive = has(p, 'r') || has(p, 'R');
  if (!p.operands.length) {
    if (force) return 0;
    return usage(ctx, 'rm', new UsageError('rm: missing operand'));
  }
  let status = 0;
  for (const f of p.operands) {
    const path = abs(ctx, f);
    if (!ctx.fs.exists(path)) {
      if (!force) {
        ctx.err(`rm: cannot remove ${q(f)}: No such file or directory\n`);
        status = 1;
      }
      continue;
    }
    if (ctx.fs.isDir(path) && !recursive) {
      ctx.err(`rm: cannot remove ${q(f)}: Is a directory\n`);
      status = 1;
      continue;
    }
    try {
      ctx.fs.remove(path, { recursive });
    } catch (e) {
      ctx.err(`rm: cannot remove ${q(f)}: ${why(e)}\n`);
      status = 1;
    }
  }
  return status;
};

export const touch: Program = async (ctx) => {
  if (!ctx.args.length) return usage(ctx, 'touch', new UsageError('touch: missing file operand'));
  let status = 0;
  for (const f of ctx.args.filter((a) => !a.startsWith('-'))) {
    const path = abs(ctx, f);
    try {
      if (ctx.fs.exists(path)) {
        // rewrite the same content to bump mtime
        if (!ctx.fs.isDir(path)) ctx.fs.write(path, ctx.fs.read(path));
      } else ctx.fs.write(path, '');
    } catch (e) {
      ctx.err(`touch: cannot touch ${q(f)}: ${why(e)}\n`);
      status = 1;
    }
  }
  return status;
};

function copyTree(ctx: ProgramContext, from: string, to: string): void {
  if (ctx.fs.isDir(from)) {
    if (!ctx.fs.exists(to)) ctx.fs.mkdir(to);
    for (const n of ctx.fs.list(from)) copyTree(ctx, joinPath(from, n), joinPath(to, n));
  } else ctx.fs.write(to, ctx.fs.read(from));
}

function copyOrMove(move: boolean): Program {
  const prog = move ? 'mv' : 'cp';
  return async (ctx) => {
    let p;
    try {
      p = getopt(prog, ctx.args, { flags: move ? 'fiv' : 'rRfiavp', long: { recursive: 'r', force: 'f' } });
    } catch (e) {
      if (e instanceof UsageError) return usage(ctx, prog, e);
      throw e;
    }
    const ops = p.operands;
    if (ops.length === 0) return usage(ctx, prog, new UsageError(`${prog}: missing file operand`));
    if (ops.length === 1) return usage(ctx, prog, new UsageError(`${prog}: missing destination file operand after ${q(ops[0])}`));
    const dest = ops.at(-1)!;
    const destPath = abs(ctx, dest);
    const sources = ops.slice(0, -1);
    const intoDir = ctx.fs.isDir(destPath);
    if (sources.length > 1 && !intoDir) {
      ctx.err(`${prog}: target ${q(dest)} is not a directory\n`);
      return 1;
    }
    const recursive = move || has(p, 'r') || has(p, 'R') || has(p, 'a');
    let status = 0;
    for (const s of sources) {
      const from = abs(ctx, s);
      const to = intoDir ? joinPath(destPath, basename(s)) : destPath;
      if (!ctx.fs.exists(from)) {
        ctx.err(move ? `mv: cannot stat ${q(s)}: No such file or directory\n` : `cp: cannot stat ${q(s)}: No such file or directory\n`);
        status = 1;
        continue;
      }
      if (ctx.fs.isDir(from) && !recursive) {
        ctx.err(`cp: omitting directory ${q(s)}\n`);
        status = 1;
        continue;
      }
      if (from === to) {
        ctx.err(`${prog}: ${q(s)} and ${q(intoDir ? joinPath(dest, basename(s)) : dest)} are the same file\n`);
        status = 1;
        continue;
      }
      try {
        copyTree(ctx, from, to);
        if (move) ctx.fs.remove(from, { recursive: true });
      } catch (e) {
        ctx.err(`${prog}: cannot create regular file ${q(intoDir ? joinPath(dest, basename(s)) : dest)}: ${why(e)}\n`);
        status = 1;
      }
    }
    return status;
  };
}

export const cp = copyOrMove(false);
export const mv = copyOrMove(true);

export const tee: Program = async (ctx) => {
  let p;
  try {
    p = getopt('tee', ctx.args, { flags: 'a', long: { append: 'a' } });
  } catch (e) {
    if (e instanceof UsageError) return usage(ctx, 'tee', e);
    throw e;
  }
  const text = ctx.stdin ?? '';
  let status = 0;
  for (const f of p.operands) {
    try {
      if (has(p, 'a') && ctx.fs.exists(abs(ctx, f))) ctx.fs.append(abs(ctx, f), text);
      else ctx.fs.write(abs(ctx, f), text);
    } catch (e) {
      ctx.err(`tee: ${f}: ${why(e)}\n`);
      status = 1;
    }
  }
  ctx.out(text);
  return status;
};
