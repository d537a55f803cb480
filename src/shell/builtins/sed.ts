// sed: s///, d, p, q with line, $ and /regex/ addresses and ranges; -n, -e, -E, -i.
import type { Program } from '../../kubectl/context.ts';
import { breToJs, ereToJs, getopt, has, inputs, usage, UsageError } from './common.ts';
import { joinPath } from '../paths.ts';
import { fsMessage } from '../messages.ts';

type Address = { kind: 'line'; n: number } | { kind: 'last' } | { kind: 're'; re: RegExp };

interface SedCommand {
  a1?: Address;
  a2?: Address;
  negate: boolean;
  cmd: string;
  re?: RegExp;
  replacement?: string;
  global?: boolean;
  nth?: number;
  print?: boolean;
  text?: string;
  inRange?: boolean;
}

class SedError extends Error {}

function compile(script: string, exprIndex: number, extended: boolean): SedCommand[] {
  const cmds: SedCommand[] = [];
  let i = 0;
  const fail = (msg: string) => {
    throw new SedError(`sed: -e expression #${exprIndex}, char ${i}: ${msg}`);
  };
  const toRe = (src: string, flags: string) => {
    try {
      return new RegExp(extended ? ereToJs(src) : breToJs(src), flags);
    } catch {
      return fail('Invalid preceding regular expression') as never;
    }
  };
  const readDelimited = (delim: string): string | null => {
    let out = '';
    while (i < script.length) {
      const c = script[i++];
      if (c === '\\' && i < script.length) {
        const n = script[i++];
        out += n === delim ? n : n === 'n' ? '\n' : '\\' + n;
      } else if (c === delim) return out;
      else out += c;
    }
    return null;
  };
  const readAddress = (): Address | undefined => {
    const c = script[i];
    if (c === undefined) return undefined;
    if (/\d/.test(c)) {
      const m = /^\d+/.exec(script.slice(i))![0];
      i += m.length;
      return { kind: 'line', n: Number(m) };
    }
    if (c === '$') {
      i++;
      return { kind: 'last' };
    }
    if (c === '/' || c === '\\') {
      i++;
      const delim = c === '\\' ? script[i++] : '/';
      const src = readDelimited(delim);
      if (src === null) fail('unterminated address regex');
      const flags = script[i] === 'I' ? (i++, 'i') : '';
      return { kind: 're', re: toRe(src!, flags) };
    }
    return undefined;
  };
  while (i < script.length) {
    while (i < script.length && /[\s;]/.test(script[i])) i++;
    if (i >= script.length) break;
    const cmd: SedCommand = { negate: false, cmd: '' };
    cmd.a1 = readAddress();
    if (cmd.a1 && script[i] === ',') {
      i++;
      cmd.a2 = readAddress();
      if (!cmd.a2) fail('unexpected `,\'');
    }
    while (script[i] === ' ') i++;
    if (script[i] === '!') {
      cmd.negate = true;
      i++;
    }
    const c = script[i++];
    if (c === undefined) fail('missing command');
    cmd.cmd = c;
    if (c === 's') {
      const delim = script[i++];
      if (delim === undefined || delim === '\n' || delim === '\\') fail("unterminated `s' command");
      const pat = readDelimited(delim);
      if (pat === null) fail("unterminated `s' command");
      const rep = readDelimited(delim);
      if (rep === null) fail("unterminated `s' command");
      let flags = '';
      cmd.global = false;
      while (i < script.length && !/[\s;}]/.test(script[i])) {
        const f = script[i++];
        if (f === 'g') cmd.global = true;
        else if (f === 'p') cmd.print = true;
        else if (f === 'i' || f === 'I') flags += 'i';
        else if (/\d/.test(f)) cmd.nth = Number(f);
        else fail("unknown option to `s'");
      }
      cmd.re = toRe(pat!, flags + 'g');
      cmd.replacement = rep!;
    } else if (c === 'a' || c === 'i' || c === 'c') {
      const rest = script.slice(i);
      const nl = rest.indexOf('\n');
      const raw = nl >= 0 ? rest.slice(0, nl) : rest;
      i += raw.length;
      cmd.text = raw.replace(/^\\/, '').replace(/^\s+/, '');
    } else if (!'dpqn=hHgGx'.includes(c)) fail(`unknown command: \`${c}'`);
    cmds.push(cmd);
  }
  return cmds;
}

function substitute(line: string, cmd: SedCommand): { text: string; changed: boolean } {
  let n = 0;
  let changed = false;
  const re = cmd.re!;
  re.lastIndex = 0;
  const text = line.replace(re, (...m) => {
    n++;
    const groups = m.slice(0, -2).filter((x) => typeof x === 'string' || x === undefined) as (string | undefined)[];
    if (cmd.nth ? n !== cmd.nth && !(cmd.global && n > cmd.nth) : !cmd.global && n > 1) return groups[0]!;
    changed = true;
    let out = '';
    const rep = cmd.replacement!;
    for (let i = 0; i < rep.length; i++) {
      const c = rep[i];
      if (c === '\\' && i + 1 < rep.length) {
        const d = rep[++i];
        if (/\d/.test(d)) out += groups[Number(d)] ?? '';
        else if (d === 'n') out += '\n';
        else if (d === 't') out += '\t';
        else out += d;
      } else if (c === '&') out += groups[0];
      else out += c;
    }
    return out;
  });
  return { text, changed };
}

function run(text: string, cmds: SedCommand[], quiet: boolean): string {
  const ls = text.split('\n');
  const endsNl = ls.at(-1) === '';
  if (endsNl) ls.pop();
  let out = '';
  const matches = (a: Address, line: string, n: number) => (a.kind === 'line' ? n === a.n : a.kind === 'last' ? n === ls.length : (a.re.lastIndex = 0, a.re.test(line)));
  for (const c of cmds) c.inRange = false;
  for (let idx = 0; idx < ls.length; idx++) {
    const n = idx + 1;
    let line = ls[idx];
    let deleted = false;
    let quit = false;
    const append: string[] = [];
    for (const c of cmds) {
      let selected: boolean;
      if (!c.a1) selected = true;
      else if (!c.a2) selected = matches(c.a1, line, n);
      else if (c.inRange) {
        selected = true;
        if (c.a2.kind === 'line' ? n >= c.a2.n : matches(c.a2, line, n)) c.inRange = false;
      } else if (matches(c.a1, line, n)) {
        selected = true;
        c.inRange = !(c.a2.kind === 'line' && c.a2.n <= n);
      } else selected = false;
      if (selected === c.negate) continue;
      if (c.cmd === 's') {
        const r = substitute(line, c);
        line = r.text;
        if (r.changed && c.print) out += line + '\n';
      } else if (c.cmd === 'd') {
        deleted = true;
        break;
      } else if (c.cmd === 'p') out += line + '\n';
      else if (c.cmd === '=') out += n + '\n';
      else if (c.cmd === 'q') {
        quit = true;
        break;
      } else if (c.cmd === 'a') append.push(c.text ?? '');
      else if (c.cmd === 'i') out += (c.text ?? '') + '\n';
      else if (c.cmd === 'c') {
        out += (c.text ?? '') + '\n';
        deleted = true;
        break;
      }
    }
    if (!deleted && !quit && !quiet) out += line + (idx < ls.length - 1 || endsNl || append.length ? '\n' : '');
    if (quit && !quiet) out += line + '\n';
    for (const a of append) out += a + '\n';
    if (quit) break;
  }
  return out;
}

export const sed: Program = async (ctx) => {
  let p;
  const args = ctx.args.map((a) => (/^-i./.test(a) ? '-i' : a === '--in-place' ? '-i' : a));
  try {
    p = getopt('sed', args, { flags: 'niErsu', values: 'ef', long: { quiet: 'n', silent: 'n', 'expression=': 'e', 'regexp-extended': 'E' } });
  } catch (e) {
    if (e instanceof UsageError) return usage(ctx, 'sed', e);
    throw e;
  }
  const scripts = p.opts.get('e') ?? [];
  const operands = [...p.operands];
  if (!scripts.length) {
    if (!operands.length) {
      ctx.err('Usage: sed [OPTION]... {script-only-if-no-other-script} [input-file]...\n\n');
      return 1;
    }
    scripts.push(operands.shift()!);
  }
  let cmds: SedCommand[];
  try {
    cmds = scripts.flatMap((s, i) => compile(s, i + 1, has(p, 'E') || has(p, 'r')));
  } catch (e) {
    if (e instanceof SedError) {
      ctx.err(e.message + '\n');
      return 1;
    }
    throw e;
  }
  const quiet = has(p, 'n');
  if (has(p, 'i')) {
    if (!operands.length) {
      ctx.err('sed: no input files\n');
      return 1;
    }
    let status = 0;
    for (const f of operands) {
      const path = joinPath(ctx.cwd, f);
      try {
        if (ctx.fs.isDir(path)) {
          ctx.err(`sed: couldn't edit ${f}: not a regular file\n`);
          status = 4;
          continue;
        }
        ctx.fs.write(path, run(ctx.fs.read(path), cmds, quiet));
      } catch (e) {
        ctx.err(`sed: can't read ${f}: ${fsMessage(e) ?? String(e)}\n`);
        status = 2;
      }
    }
    return status;
  }
  const files = inputs(ctx, 'sed', operands);
  let status = 0;
  let text = '';
  for (const f of files) {
    if (f.text === null) {
      status = 2;
      continue;
    }
    text += f.text;
  }
  ctx.out(run(text, cmds, quiet));
  return status;
};
