// Option parsing and input reading shared by the coreutils-like programs.
import type { ProgramContext } from '../../kubectl/context.ts';
import { joinPath } from '../paths.ts';
import { fsMessage } from '../messages.ts';

export interface Spec {
  /** single-letter flags without a value, e.g. 'ivnc' */
  flags?: string;
  /** single-letter options that take a value, e.g. 'efd' */
  values?: string;
  /** long options: name -> letter it means (or itself when it takes no letter); `=` suffix: takes a value */
  long?: Record<string, string>;
  /** numeric shorthand like `head -5` stored under this letter */
  numeric?: string;
}

export interface Parsed {
  /** letter -> every value given (flags get 'true') */
  opts: Map<string, string[]>;
  operands: string[];
}

export class UsageError extends Error {}

/** GNU getopt_long-style parsing: bundled short flags, `-n5`, `--name=value`, `--`, operands anywhere. */
export function getopt(prog: string, args: string[], spec: Spec): Parsed {
  const opts = new Map<string, string[]>();
  const operands: string[] = [];
  const add = (k: string, v: string) => opts.set(k, [...(opts.get(k) ?? []), v]);
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') {
      operands.push(...args.slice(i + 1));
      break;
    }
    if (a.startsWith('--') && spec.long) {
      const eq = a.indexOf('=');
      const name = eq < 0 ? a.slice(2) : a.slice(2, eq);
      const key = Object.keys(spec.long).find((k) => k.replace(/=$/, '') === name);
      if (!key) throw new UsageError(`${prog}: unrecognized option '${a}'`);
      const letter = spec.long[key];
      if (key.endsWith('=')) {
        let v = eq >= 0 ? a.slice(eq + 1) : args[++i];
        if (v === undefined) throw new UsageError(`${prog}: option '--${name}' requires an argument`);
        add(letter, v);
      } else add(letter, eq >= 0 ? a.slice(eq + 1) : 'true');
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      if (spec.numeric && /^-\d+$/.test(a)) {
        add(spec.numeric, a.slice(1));
        continue;
      }
      for (let j = 1; j < a.length; j++) {
        const c = a[j];
        if (spec.values?.includes(c)) {
          const v = j + 1 < a.length ? a.slice(j + 1) : args[++i];
          if (v === undefined) throw new UsageError(`${prog}: option requires an argument -- '${c}'`);
          add(c, v);
          break;
        }
        if (spec.flags?.includes(c)) add(c, 'true');
        else throw new UsageError(`${prog}: invalid option -- '${c}'`);
      }
      continue;
    }
    operands.push(a);
  }
  return { opts, operands };
}

export const has = (p: Parsed, k: string) => p.opts.has(k);
export const last = (p: Parsed, k: string) => p.opts.get(k)?.at(-1);

/** Print a usage error the GNU way and return the usage exit status. */
export function usage(ctx: ProgramContext, prog: string, e: UsageError, status = 1): number {
  ctx.err(`${e.message}\nTry '${prog} --help' for more information.\n`);
  return status;
}

/** The texts a filter reads: its file operands (`-` = stdin), or stdin when there are none. */
export function inputs(ctx: ProgramContext, prog: string, files: string[]): { name: string; text: string | null }[] {
  if (!files.length) return [{ name: '-', text: ctx.stdin ?? '' }];
  return files.map((f) => {
    if (f === '-') return { name: f, text: ctx.stdin ?? '' };
    if (joinPath(ctx.cwd, f) === '/dev/null') return { name: f, text: '' };
    try {
      return { name: f, text: ctx.fs.read(joinPath(ctx.cwd, f)) };
    } catch (e) {
      ctx.err(`${prog}: ${f}: ${fsMessage(e) ?? String(e)}\n`);
      return { name: f, text: null };
    }
  });
}

/** Split text into lines without the trailing newline; a missing final newline is remembered. */
export function lines(text: string): string[] {
  if (text === '') return [];
  const ls = text.split('\n');
  if (ls.at(-1) === '') ls.pop();
  return ls;
}

/** GNU basic regular expressions to JavaScript: `\(`, `\|`, `\+` are the operators, bare ones literal. */
export function breToJs(re: string): string {
  let out = '';
  for (let i = 0; i < re.length; i++) {
    const c = re[i];
    if (c === '\\' && i + 1 < re.length) {
      const n = re[++i];
      if ('(){}|+?'.includes(n)) out += n;
      else if (n === '<' || n === '>') out += '\\b';
      else out += '\\' + n;
    } else if ('(){}|+?'.includes(c)) out += '\\' + c;
    // `$` anchors only at the end of the pattern (or of a `\(` group or `\|` branch); elsewhere it is itself
    else if (c === '$' && i < re.length - 1 && !re.startsWith('\\)', i + 1) && !re.startsWith('\\|', i + 1)) out += '\\$';
    // `^` anchors only at the start (or after `\(` / `\|`); elsewhere it is itself
    else if (c === '^' && i > 0 && !re.endsWith('\\(', i) && !re.endsWith('\\|', i)) out += '\\^';
    else if (c === '[') {
      // copy a bracket expression verbatim, translating POSIX classes
      const close = findBracketEnd(re, i);
      if (close < 0) out += '\\[';
      else {
        out += translateBracket(re.slice(i, close + 1));
        i = close;
      }
    } else out += c;
  }
  return out;
}

export function ereToJs(re: string): string {
  let out = '';
  for (let i = 0; i < re.length; i++) {
    const c = re[i];
    if (c === '\\' && i + 1 < re.length) {
      const n = re[++i];
      out += n === '<' || n === '>' ? '\\b' : '\\' + n;
    } else if (c === '[') {
      const close = findBracketEnd(re, i);
      if (close < 0) out += '\\[';
      else {
        out += translateBracket(re.slice(i, close + 1));
        i = close;
      }
    } else out += c;
  }
  return out;
}

function findBracketEnd(re: string, start: number): number {
  let i = start + 1;
  if (re[i] === '^') i++;
  if (re[i] === ']') i++;
  for (; i < re.length; i++) {
    if (re[i] === '[' && re[i + 1] === ':') {
      const end = re.indexOf(':]', i + 2);
      if (end > 0) i = end + 1;
    } else if (re[i] === ']') return i;
  }
  return -1;
}

const CLASSES: Record<string, string> = {
  alpha: 'a-zA-Z',
  digit: '0-9',
  alnum: 'a-zA-Z0-9',
  upper: 'A-Z',
  lower: 'a-z',
  space: ' \\t\\n\\r\\f\\v',
  blank: ' \\t',
  punct: '!-\\/:-@\\[-`{-~',
  xdigit: '0-9A-Fa-f',
};

function translateBracket(b: string): string {
  // a backslash is literal inside a POSIX bracket expression
  const inner = b.slice(1, -1).replace(/\\/g, '\\\\');
  return '[' + inner.replace(/\[:([a-z]+):\]/g, (_, name: string) => CLASSES[name] ?? '') + ']';
}
