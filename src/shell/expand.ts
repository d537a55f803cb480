// Word expansion: parameters, command substitution, arithmetic, field splitting, `~`, globs.
import type { List, Word, WordPart } from './ast.ts';
import type { FileSystem } from '../cluster/types.ts';
import { joinPath } from './paths.ts';

export interface Expander {
  getVar(name: string): string | undefined;
  setVar(name: string, value: string): void;
  /** $1, $2, …: `"$@"` expands to one word each */
  positional?(): string[];
  /** run a command list capturing its stdout (stderr goes to the terminal) */
  substitute(list: List): Promise<string>;
  /** run a command list into a file and return the file's name (`<(…)`) */
  processSubstitute(list: List): Promise<string>;
  fs: FileSystem;
  cwd: string;
  home: string;
}

export class ExpansionError extends Error {}

interface Field {
  text: string;
  /** regex source for globbing, quoted characters escaped */
  pattern: string;
  glob: boolean;
  /** a field exists once anything (even "") was quoted into it */
  exists: boolean;
}

const reEscape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

function globToRegex(s: string, slash = false): { source: string; glob: boolean } {
  let source = '';
  let glob = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '*') {
      source += slash ? '.*' : '[^/]*';
      glob = true;
    } else if (c === '?') {
      source += slash ? '.' : '[^/]';
      glob = true;
    } else if (c === '[') {
      const close = s.indexOf(']', i + 2);
      if (close < 0) source += '\\[';
      else {
        let set = s.slice(i + 1, close);
        if (set.startsWith('!')) set = '^' + set.slice(1);
        source += '[' + set.replace(/\\/g, '\\\\') + ']';
        glob = true;
        i = close;
      }
    } else source += reEscape(c);
  }
  return { source, glob };
}

/** Expand `$x`, `${x:-y}`, `$(…)` … into a single string (no splitting, no globbing). */
export async function expandParts(parts: WordPart[], ex: Expander): Promise<string> {
  let out = '';
  for (const p of parts) out += await expandPart(p, ex);
  return out;
}

async function expandPart(p: WordPart, ex: Expander): Promise<string> {
  switch (p.type) {
    case 'lit':
    case 'sq':
      return p.text;
    case 'dq':
      return expandParts(p.parts, ex);
    case 'var':
      return expandVar(p, ex);
    case 'cmd':
      return (await ex.substitute(p.list)).replace(/\n+$/, '');
    case 'procsub':
      return ex.processSubstitute(p.list);
    case 'arith':
      return String(arith(await expandParts([{ type: 'dq', parts: [{ type: 'sq', text: p.expr }] }], ex), ex));
  }
}

async function expandVar(p: Extract<WordPart, { type: 'var' }>, ex: Expander): Promise<string> {
  const v = ex.getVar(p.name);
  if (p.op === 'length') return String((v ?? '').length);
  if (!p.op) return v ?? '';
  const colon = p.op.startsWith(':');
  const unset = v === undefined || (colon && v === '');
  const kind = p.op.slice(-1);
  const arg = async () => expandParts(p.arg ?? [], ex);
  if (kind === '-') return unset ? arg() : v!;
  if (kind === '=') {
    if (unset) {
      const a = await arg();
      ex.setVar(p.name, a);
      return a;
    }
    return v!;
  }
  if (kind === '+') return unset ? '' : arg();
  if (kind === '?') {
    if (unset) throw new ExpansionError(`${p.name}: ${(await arg()) || 'parameter null or not set'}`);
    return v!;
  }
  return editVar(v ?? '', p.op, await arg());
}

/** `${v#pat}` `${v##pat}` `${v%pat}` `${v%%pat}` `${v/pat/rep}` `${v//pat/rep}` `${v:off:len}` `${v^^}` `${v,,}`. */
function editVar(v: string, op: string, arg: string): string {
  const whole = (pat: string) => new RegExp(`^(?:${globSource(pat)})$`, 's');
  if (op === '#' || op === '##') {
    const re = whole(arg);
    const lens = [...Array(v.length + 1).keys()];
    for (const n of op === '#' ? lens : lens.reverse()) if (re.test(v.slice(0, n))) return v.slice(n);
    return v;
  }
  if (op === '%' || op === '%%') {
    const re = whole(arg);
    const starts = [...Array(v.length + 1).keys()];
    for (const i of op === '%' ? starts.reverse() : starts) if (re.test(v.slice(i))) return v.slice(0, i);
    return v;
  }
  if (op === '/' || op === '//') {
    const slash = arg.indexOf('/');
    const pat = slash < 0 ? arg : arg.slice(0, slash);
    const rep = slash < 0 ? '' : arg.slice(slash + 1);
    if (!pat) return v;
    const re = new RegExp(globSource(pat), op === '//' ? 'gs' : 's');
    return v.replace(re, () => rep);
  }
  if (op === ':') {
    const [off, len] = arg.split(':').map((x) => Number(x.trim()));
    const start = off! < 0 ? Math.max(0, v.length + off!) : off!;
    if (len === undefined || Number.isNaN(len)) return v.slice(start);
    return len < 0 ? v.slice(start, v.length + len) : v.slice(start, start + len);
  }
  if (op === '^^') return v.toUpperCase();
  if (op === '^') return v.charAt(0).toUpperCase() + v.slice(1);
  if (op === ',,') return v.toLowerCase();
  if (op === ',') return v.charAt(0).toLowerCase() + v.slice(1);
  return v;
}

/** A shell pattern as a regular expression source (`*`, `?`, `[...]`), longest match first. */
function globSource(pat: string): string {
  let out = '';
  for (let i = 0; i < pat.length; i++) {
    const c = pat[i]!;
    if (c === '*') out += '.*';
    else if (c === '?') out += '.';
    else if (c === '[') {
      const end = pat.indexOf(']', i + 2);
      if (end < 0) out += '\\[';
      else {
        out += `[${pat.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else out += c.replace(/[.+^${}()|\\\]\/]/g, '\\$&');
  }
  return out;
}

/**
 * A word as a pattern (`case` items, `[[ x == pat ]]`): unquoted `*`, `?` and `[...]` match (also `/`),
 * quoted text matches itself. Returns a regular expression source without anchors.
 */
export async function expandPattern(word: Word, ex: Expander): Promise<string> {
  let source = '';
  for (const p of word.parts) {
    if (p.type === 'sq') source += reEscape(p.text);
    else if (p.type === 'dq') source += reEscape(await expandParts(p.parts, ex));
    else if (p.type === 'lit') source += globToRegex(p.text, true).source;
    else source += globToRegex(await expandPart(p, ex), true).source;
  }
  return source;
}

/** Expand a word into fields (what becomes argv). */
export async function expandWord(word: Word, ex: Expander): Promise<string[]> {
  const fields: Field[] = [];
  let cur: Field = { text: '', pattern: '', glob: false, exists: false };
  const addQuoted = (s: string) => {
    cur.text += s;
    cur.pattern += reEscape(s);
    cur.exists = true;
  };
  const addUnquoted = (s: string) => {
    const g = globToRegex(s);
    cur.text += s;
    cur.pattern += g.source;
    cur.glob ||= g.glob;
    if (s) cur.exists = true;
  };
  const addSplit = (s: string) => {
    // IFS splitting on space, tab, newline
    const pieces = s.split(/[ \t\n]+/);
    pieces.forEach((piece, i) => {
      if (i > 0) {
        if (cur.exists) fields.push(cur);
        cur = { text: '', pattern: '', glob: false, exists: false };
      }
      if (piece) addUnquoted(piece);
    });
  };
  for (let i = 0; i < word.parts.length; i++) {
    const p = word.parts[i];
    if (p.type === 'lit') {
      let text = p.text;
      if (i === 0 && (text === '~' || text.startsWith('~/'))) {
        addQuoted(ex.home);
        text = text.slice(1);
      }
      addUnquoted(text);
    } else if (p.type === 'sq') addQuoted(p.text);
    else if (p.type === 'dq' && p.parts.length === 1 && p.parts[0]!.type === 'var' && p.parts[0]!.name === '@' && !p.parts[0]!.op && ex.positional) {
      // "$@": each parameter its own word (none at all when there are none)
      const params = ex.positional();
      params.forEach((v, k) => {
        if (k > 0) {
          fields.push(cur);
          cur = { text: '', pattern: '', glob: false, exists: false };
        }
        addQuoted(v);
      });
    } else if (p.type === 'dq') addQuoted(await expandParts(p.parts, ex));
    else addSplit(await expandPart(p, ex));
  }
  if (cur.exists) fields.push(cur);
  const out: string[] = [];
  for (const f of fields) {
    if (f.glob) {
      const matches = glob(f.pattern, f.text, ex);
      if (matches.length) {
        out.push(...matches);
        continue;
      }
    }
    out.push(f.text);
  }
  return out;
}

/** Match a glob (already a regex source per character) against the file system. */
function glob(pattern: string, text: string, ex: Expander): string[] {
  // split the regex source at unescaped `/`, which reEscape writes as `\/`
  const segs = pattern.split('\\/');
  const absolute = text.startsWith('/');
  let bases: string[] = [absolute ? '/' : ''];
  segs.forEach((seg, i) => {
    if (absolute && i === 0 && seg === '') return;
    const next: string[] = [];
    const re = new RegExp('^' + seg + '$');
    const literal = !/[[*?]/.test(seg.replace(/\\./g, ''));
    for (const base of bases) {
      const dir = joinPath(ex.cwd, base || '.');
      if (literal) {
        const name = seg.replace(/\\(.)/g, '$1');
        const candidate = base + name;
        if (i === segs.length - 1 ? ex.fs.exists(joinPath(ex.cwd, candidate)) : ex.fs.isDir(joinPath(ex.cwd, candidate)))
          next.push(i === segs.length - 1 ? candidate : candidate + '/');
        continue;
      }
      if (!ex.fs.isDir(dir)) continue;
      for (const name of ex.fs.list(dir)) {
        if (name.startsWith('.') && !seg.startsWith('\\.')) continue;
        if (!re.test(name)) continue;
        const candidate = base + name;
        if (i === segs.length - 1) next.push(candidate);
        else if (ex.fs.isDir(joinPath(ex.cwd, candidate))) next.push(candidate + '/');
      }
    }
    bases = next;
  });
  return bases.sort();
}

/** Integer arithmetic for $((…)): + - * / % ** comparisons, parentheses, variables. */
export function arith(expr: string, ex: Pick<Expander, 'getVar'>): number {
  const toks = expr.match(/\d+|[A-Za-z_][A-Za-z0-9_]*|\*\*|==|!=|<=|>=|&&|\|\||[-+*/%()<>!]/g) ?? [];
  let i = 0;
  const peek = () => toks[i];
  const bin = (next: () => number, ops: Record<string, (a: number, b: number) => number>) => () => {
    let v = next();
    while (peek() in ops) {
      const op = toks[i++];
      v = ops[op](v, next());
    }
    return v;
  };
  const primary = (): number => {
    const t = toks[i++];
    if (t === undefined) throw new ExpansionError(`${expr}: syntax error: operand expected`);
    if (t === '(') {
      const v = orExpr();
      i++;
      return v;
    }
    if (t === '-') return -primary();
    if (t === '+') return primary();
    if (t === '!') return primary() ? 0 : 1;
    if (/^\d/.test(t)) return Number(t);
    return Number(ex.getVar(t) ?? 0) || 0;
  };
  const pow = (): number => {
    const b = primary();
    if (peek() === '**') {
      i++;
      return b ** pow();
    }
    return b;
  };
  const div = (a: number, b: number) => {
    if (b === 0) throw new ExpansionError(`${expr}: division by 0`);
    return Math.trunc(a / b);
  };
  const mul = bin(pow, { '*': (a, b) => a * b, '/': div, '%': (a, b) => (b === 0 ? div(a, b) : a % b) });
  const add = bin(mul, { '+': (a, b) => a + b, '-': (a, b) => a - b });
  const cmp = bin(add, { '<': (a, b) => +(a < b), '>': (a, b) => +(a > b), '<=': (a, b) => +(a <= b), '>=': (a, b) => +(a >= b) });
  const eq = bin(cmp, { '==': (a, b) => +(a === b), '!=': (a, b) => +(a !== b) });
  const and = bin(eq, { '&&': (a, b) => +(!!a && !!b) });
  const orExpr = bin(and, { '||': (a, b) => +(!!a || !!b) });
  return toks.length ? orExpr() : 0;
}
