// A tiny POSIX-ish shell for what containers run as their main process (`sh -c 'while true; do echo
// hi; sleep 5; done'`). It is a generator: it yields output and sleeps, so the kubelet can run it
// ahead of the virtual clock and reveal log lines as time passes. The interactive shell of
// `kubectl exec` is the real shell package; this one only has to run the classic pod examples.
import type { FileSystem } from '../types.ts';
import { busyboxWget, curl, nslookup, type NetTools } from './net-tools.ts';

export type Step =
  | { kind: 'write'; stream: 'stdout' | 'stderr'; text: string }
  | { kind: 'sleep'; ms: number }
  /**
   * The process is about to act on the world (a request over the network): the runtime must not run it
   * ahead of the clock past this point. `background`: a wait that should not keep settle() busy (an endless loop).
   */
  | { kind: 'sync'; background: boolean };

/** How the shell names itself in errors: busybox/alpine ash, debian dash, or bash. */
export type ShellFlavor = 'ash' | 'dash' | 'bash';

export interface ShellEnv {
  vars: Record<string, string>;
  fs: FileSystem;
  /** commands the image has (sh, ls, cat, ...) */
  tools: readonly string[];
  flavor: ShellFlavor;
  /** virtual time at the interpreter's cursor (ms) */
  now(): number;
  hostname: string;
  /** `$0` */
  name: string;
  /** shell positional parameters ($1...) */
  args: string[];
  /** the cluster network as this pod (wget, curl, nslookup); without it those commands do nothing */
  net?: NetTools;
  /** the working directory (relative paths of wget's and curl's output files) */
  cwd?: string;
}

// ---------- parsing ----------

interface Seg {
  text: string;
  q: 'n' | 's' | 'd';
}
type Word = Seg[];

type Node =
  | { t: 'cmd'; words: Word[]; redirs: { op: '>' | '>>' | '<' | '2>' | '2>&1' | '>&2'; target: Word }[] }
  | { t: 'list'; items: { node: Node; op: ';' | '&&' | '||' }[] }
  | { t: 'pipe'; cmds: Node[] }
  | { t: 'while'; until: boolean; cond: Node; body: Node }
  | { t: 'for'; name: string; words: Word[] | undefined; body: Node }
  | { t: 'if'; branches: { cond: Node; body: Node }[]; otherwise?: Node }
  | { t: 'group'; body: Node };

type Tok = { k: 'word'; w: Word; raw: string } | { k: 'op'; v: string };

export class ShSyntaxError extends Error {}

function tokenize(src: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const ch = src[i]!;
    if (ch === ' ' || ch === '\t') {
      i++;
      continue;
    }
    if (ch === '#') {
      while (i < src.length && src[i] !== '\n') i++;
      continue;
    }
    if (ch === '\n') {
      toks.push({ k: 'op', v: ';' });
      i++;
      continue;
    }
    const two = src.slice(i, i + 2);
    const four = src.slice(i, i + 4);
    if (four === '2>&1') {
      toks.push({ k: 'op', v: '2>&1' });
      i += 4;
      continue;
    }
    if (src.slice(i, i + 3) === '>&2') {
      toks.push({ k: 'op', v: '>&2' });
      i += 3;
      continue;
    }
    if (two === '&&' || two === '||' || two === '>>' || two === ';;') {
      toks.push({ k: 'op', v: two });
      i += 2;
      continue;
    }
    if (two === '2>') {
      toks.push({ k: 'op', v: '2>' });
      i += 2;
      continue;
    }
    if (';|&<>(){}'.includes(ch) && !(ch === '{' || ch === '}')) {
      toks.push({ k: 'op', v: ch === '&' ? ';' : ch });
      i++;
      continue;
    }
    // a word: quoted and unquoted parts
    const w: Word = [];
    const start = i;
    let cur = '';
    const flush = () => {
      if (cur) w.push({ text: cur, q: 'n' });
      cur = '';
    };
    while (i < src.length) {
      const c = src[i]!;
      if (c === ' ' || c === '\t' || c === '\n' || ';|&<>()'.includes(c)) break;
      if (c === "'") {
        flush();
        const end = src.indexOf("'", i + 1);
        if (end < 0) throw new ShSyntaxError("unterminated quoted string");
        w.push({ text: src.slice(i + 1, end), q: 's' });
        i = end + 1;
        continue;
      }
      if (c === '"') {
        flush();
        let j = i + 1;
        let s = '';
        while (j < src.length && src[j] !== '"') {
          if (src[j] === '\\' && '"\\$`'.includes(src[j + 1] ?? '')) {
            s += src[j + 1];
            j += 2;
            continue;
          }
          if (src[j] === '$' && src[j + 1] === '(') {
            const end = matchParen(src, j + 1);
            s += src.slice(j, end + 1);
            j = end + 1;
            continue;
          }
          s += src[j];
          j++;
        }
        if (j >= src.length) throw new ShSyntaxError('unterminated quoted string');
        w.push({ text: s, q: 'd' });
        i = j + 1;
        continue;
      }
      if (c === '\\') {
        flush();
        if (i + 1 < src.length) w.push({ text: src[i + 1]!, q: 's' });
        i += 2;
        continue;
      }
      if (c === '$' && src[i + 1] === '(') {
        const end = matchParen(src, i + 1);
        cur += src.slice(i, end + 1);
        i = end + 1;
        continue;
      }
      cur += c;
      i++;
    }
    flush();
    toks.push({ k: 'word', w, raw: src.slice(start, i) });
  }
  return toks;
}

function matchParen(src: string, open: number): number {
  let depth = 0;
  for (let j = open; j < src.length; j++) {
    if (src[j] === '(') depth++;
    else if (src[j] === ')') {
      depth--;
      if (depth === 0) return j;
    }
  }
  throw new ShSyntaxError('unterminated $(');
}

const KEYWORDS = new Set(['while', 'until', 'do', 'done', 'for', 'in', 'if', 'then', 'elif', 'else', 'fi', '{', '}']);

class Parser {
  private readonly toks: Tok[];
  private i = 0;
  constructor(toks: Tok[]) {
    this.toks = toks;
  }
  private peek(): Tok | undefined {
    return this.toks[this.i];
  }
  private isKw(t: Tok | undefined, kw: string): boolean {
    return !!t && t.k === 'word' && t.raw === kw;
  }
  private skipSeps(): void {
    while (this.peek()?.k === 'op' && (this.peek() as { v: string }).v === ';') this.i++;
  }
  private expectKw(kw: string): void {
    this.skipSeps();
    if (!this.isKw(this.peek(), kw)) {
      const t = this.peek();
      const got = !t ? 'end of file' : t.k === 'word' ? t.raw : t.v;
      throw new ShSyntaxError(`syntax error: unexpected ${got === 'end of file' ? 'end of file' : `"${got}"`}${t ? '' : ` (expecting "${kw}")`}`);
    }
    this.i++;
  }
  parseAll(): Node {
    const n = this.list([]);
    if (this.i < this.toks.length) {
      const t = this.toks[this.i]!;
      throw new ShSyntaxError(`syntax error: unexpected "${t.k === 'word' ? t.raw : t.v}"`);
    }
    return n;
  }
  private list(stops: string[]): Node {
    const items: { node: Node; op: ';' | '&&' | '||' }[] = [];
    let op: ';' | '&&' | '||' = ';';
    for (;;) {
      this.skipSeps();
      const t = this.peek();
      if (!t) break;
      if (t.k === 'word' && stops.includes(t.raw)) break;
      if (t.k === 'op' && t.v === ')') break;
      items.push({ node: this.pipeline(), op });
      const n = this.peek();
      if (n?.k === 'op' && (n.v === '&&' || n.v === '||')) {
        op = n.v;
        this.i++;
      } else op = ';';
    }
    return { t: 'list', items };
  }
  private pipeline(): Node {
    const cmds = [this.command()];
    while (this.peek()?.k === 'op' && (this.peek() as { v: string }).v === '|') {
      this.i++;
      cmds.push(this.command());
    }
    return cmds.length === 1 ? cmds[0]! : { t: 'pipe', cmds };
  }
  private command(): Node {
    const t = this.peek();
    if (this.isKw(t, 'while') || this.isKw(t, 'until')) {
      this.i++;
      const cond = this.list(['do']);
      this.expectKw('do');
      const body = this.list(['done']);
      this.expectKw('done');
      return { t: 'while', until: (t as { raw: string }).raw === 'until', cond, body };
    }
    if (this.isKw(t, 'for')) {
      this.i++;
      const nameTok = this.peek();
      if (!nameTok || nameTok.k !== 'word') throw new ShSyntaxError('syntax error: bad for loop variable');
      this.i++;
      let words: Word[] | undefined;
      if (this.isKw(this.peek(), 'in')) {
        this.i++;
        words = [];
        while (this.peek()?.k === 'word' && !this.isKw(this.peek(), 'do')) words.push((this.toks[this.i++] as { w: Word }).w);
      }
      this.expectKw('do');
      const body = this.list(['done']);
      this.expectKw('done');
      return { t: 'for', name: nameTok.raw, words, body };
    }
    if (this.isKw(t, 'if')) {
      this.i++;
      const branches: { cond: Node; body: Node }[] = [];
      let otherwise: Node | undefined;
      let cond = this.list(['then']);
      this.expectKw('then');
      let body = this.list(['elif', 'else', 'fi']);
      branches.push({ cond, body });
      for (;;) {
        this.skipSeps();
        if (this.isKw(this.peek(), 'elif')) {
          this.i++;
          cond = this.list(['then']);
          this.expectKw('then');
          body = this.list(['elif', 'else', 'fi']);
          branches.push({ cond, body });
          continue;
        }
        if (this.isKw(this.peek(), 'else')) {
          this.i++;
          otherwise = this.list(['fi']);
        }
        break;
      }
      this.expectKw('fi');
      return { t: 'if', branches, otherwise };
    }
    if (this.isKw(t, '{')) {
      this.i++;
      const body = this.list(['}']);
      this.expectKw('}');
      return { t: 'group', body };
    }
    if (t?.k === 'op' && t.v === '(') {
      this.i++;
      const body = this.list([]);
      if (!(this.peek()?.k === 'op' && (this.peek() as { v: string }).v === ')')) throw new ShSyntaxError('syntax error: unexpected end of file (expecting ")")');
      this.i++;
      return { t: 'group', body };
    }
    const words: Word[] = [];
    const redirs: { op: '>' | '>>' | '<' | '2>' | '2>&1' | '>&2'; target: Word }[] = [];
    for (;;) {
      const n = this.peek();
      if (!n) break;
      if (n.k === 'word') {
        if (words.length === 0 && KEYWORDS.has(n.raw) && n.raw !== '{' && n.raw !== '}') throw new ShSyntaxError(`syntax error: unexpected "${n.raw}"`);
        if (words.length > 0 || !KEYWORDS.has(n.raw)) {
          words.push(n.w);
          this.i++;
          continue;
        }
        break;
      }
      if (n.v === '2>&1' || n.v === '>&2') {
        redirs.push({ op: n.v, target: [] });
        this.i++;
        continue;
      }
      if (n.v === '>' || n.v === '>>' || n.v === '<' || n.v === '2>') {
        this.i++;
        const target = this.peek();
        if (!target || target.k !== 'word') throw new ShSyntaxError('syntax error: unexpected newline');
        redirs.push({ op: n.v, target: target.w });
        this.i++;
        continue;
      }
      break;
    }
    if (words.length === 0 && redirs.length === 0) {
      const n = this.peek();
      throw new ShSyntaxError(`syntax error: unexpected "${n ? (n.k === 'word' ? n.raw : n.v) : 'end of file'}"`);
    }
    return { t: 'cmd', words, redirs };
  }
}

export function parseScript(src: string): Node {
  return new Parser(tokenize(src)).parseAll();
}

// ---------- running ----------

class ExitSignal {
  readonly code: number;
  constructor(code: number) {
    this.code = code;
  }
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const p2 = (n: number) => String(n).padStart(2, '0');

/** `date` in UTC: `Sun Nov 22 01:00:05 UTC 2026`, or a `+FORMAT`. */
export function formatDate(ms: number, format?: string): string {
  const d = new Date(ms);
  if (!format) {
    return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${p2(d.getUTCDate())} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`;
  }
  return format.replace(/%([a-zA-Z%])/g, (_, c: string) => {
    switch (c) {
      case 'Y': return String(d.getUTCFullYear());
      case 'm': return p2(d.getUTCMonth() + 1);
      case 'd': return p2(d.getUTCDate());
      case 'H': return p2(d.getUTCHours());
      case 'M': return p2(d.getUTCMinutes());
      case 'S': return p2(d.getUTCSeconds());
      case 'T': return `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`;
      case 'F': return `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())}`;
      case 's': return String(Math.floor(ms / 1000));
      case 'a': return DAYS[d.getUTCDay()]!;
      case 'b': return MONTHS[d.getUTCMonth()]!;
      case 'Z': return 'UTC';
      case '%': return '%';
      default: return `%${c}`;
    }
  });
}

/** `sleep` argument to ms: `5`, `0.5`, `2m`, `1h`, `infinity`. undefined when invalid. */
export function sleepMs(arg: string): number | undefined {
  if (arg === 'infinity' || arg === 'inf') return Infinity;
  const m = /^(\d+(?:\.\d+)?|\.\d+)([smhd]?)$/.exec(arg);
  if (!m) return undefined;
  const unit: Record<string, number> = { '': 1000, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
  return Math.round(Number(m[1]) * unit[m[2]!]!);
}

/** `$(( ))`: integers with + - * / % and comparisons, left to right by precedence. */
function arith(expr: string, vars: Record<string, string>): number {
  const toks = expr.match(/\d+|[A-Za-z_][A-Za-z0-9_]*|==|!=|<=|>=|&&|\|\||[-+*/%()<>]/g) ?? [];
  let i = 0;
  const atom = (): number => {
    const t = toks[i++];
    if (t === '(') {
      const v = level(0);
      i++;
      return v;
    }
    if (t === '-') return -atom();
    if (t === undefined) return 0;
    if (/^\d/.test(t)) return Number(t);
    return Math.trunc(Number(vars[t] ?? 0) || 0);
  };
  const LEVELS = [['||'], ['&&'], ['==', '!='], ['<', '>', '<=', '>='], ['+', '-'], ['*', '/', '%']];
  const level = (n: number): number => {
    if (n >= LEVELS.length) return atom();
    let v = level(n + 1);
    while (i < toks.length && LEVELS[n]!.includes(toks[i]!)) {
      const op = toks[i++]!;
      const r = level(n + 1);
      if (op === '+') v += r;
      else if (op === '-') v -= r;
      else if (op === '*') v *= r;
      else if (op === '/') v = r ? Math.trunc(v / r) : 0;
      else if (op === '%') v = r ? v % r : 0;
      else if (op === '==') v = Number(v === r);
      else if (op === '!=') v = Number(v !== r);
      else if (op === '<') v = Number(v < r);
      else if (op === '>') v = Number(v > r);
      else if (op === '<=') v = Number(v <= r);
      else if (op === '>=') v = Number(v >= r);
      else if (op === '&&') v = Number(!!v && !!r);
      else v = Number(!!v || !!r);
    }
    return v;
  };
  return level(0);
}

/** `while true`, `while :`, `until false`: a loop only a signal ends. */
function isEndless(cond: Node, until: boolean): boolean {
  const items = cond.t === 'list' ? cond.items : [{ node: cond }];
  if (items.length !== 1) return false;
  const c = items[0]!.node;
  if (c.t !== 'cmd' || c.words.length !== 1 || c.words[0]!.length !== 1) return false;
  const word = c.words[0]![0]!.text;
  return until ? word === 'false' : word === 'true' || word === ':';
}

export class Interpreter {
  private readonly env: ShellEnv;
  private status = 0;
  /** sleeps so far (a loop turn without one is charged 10ms) */
  private noTime = 0;
  private readonly out: string[] = [];
  /** output captured by $(...) and pipes, innermost last */
  private readonly capture: string[][] = [];
  /** endless loops being run (`while true`): a request inside one waits in the background */
  private loops = 0;

  constructor(env: ShellEnv) {
    this.env = env;
  }

  private notFound(cmd: string): string {
    if (this.env.flavor === 'bash') return `${this.env.name}: line 1: ${cmd}: command not found`;
    if (this.env.flavor === 'dash') return `${this.env.name}: 1: ${cmd}: not found`;
    return `${this.env.name}: ${cmd}: not found`;
  }

  private *write(stream: 'stdout' | 'stderr', text: string): Generator<Step, void> {
    if (stream === 'stdout' && this.capture.length) {
      this.capture[this.capture.length - 1]!.push(text);
      return;
    }
    yield { kind: 'write', stream, text };
  }

  /** Run a whole script; returns the exit status. */
  *run(node: Node): Generator<Step, number> {
    try {
      return yield* this.exec(node);
    } catch (e) {
      if (e instanceof ExitSignal) return e.code;
      throw e;
    }
  }

  private *exec(node: Node): Generator<Step, number> {
    switch (node.t) {
      case 'list': {
        let st = 0;
        for (const it of node.items) {
          if (it.op === '&&' && st !== 0) continue;
          if (it.op === '||' && st === 0) continue;
          st = yield* this.exec(it.node);
        }
        this.status = st;
        return st;
      }
      case 'group':
        return yield* this.exec(node.body);
      case 'pipe': {
        let input: string | undefined;
        let st = 0;
        for (let i = 0; i < node.cmds.length; i++) {
          const last = i === node.cmds.length - 1;
          if (!last) this.capture.push([]);
          st = yield* this.execCmd(node.cmds[i]!, input);
          if (!last) input = this.capture.pop()!.join('');
        }
        return st;
      }
      case 'while': {
        const endless = isEndless(node.cond, node.until);
        if (endless) this.loops++;
        try {
          for (;;) {
            const slept = this.noTime;
            const c = yield* this.exec(node.cond);
            if ((c === 0) === node.until) break;
            yield* this.exec(node.body);
            // a turn without a sleep still takes a moment, so a busy loop cannot flood the log at no time
            if (this.noTime === slept) yield { kind: 'sleep', ms: 10 };
          }
        } finally {
          if (endless) this.loops--;
        }
        return 0;
      }
      case 'for': {
        const items = node.words ? (yield* this.expandWords(node.words)) : this.env.args;
        for (const v of items) {
          this.env.vars[node.name] = v;
          yield* this.exec(node.body);
        }
        return 0;
      }
      case 'if': {
        for (const b of node.branches) {
          if ((yield* this.exec(b.cond)) === 0) return yield* this.exec(b.body);
        }
        return node.otherwise ? yield* this.exec(node.otherwise) : 0;
      }
      case 'cmd':
        return yield* this.execCmd(node, undefined);
    }
  }

  private *expandWord(w: Word, split: boolean): Generator<Step, string[]> {
    let fields: string[] = [''];
    let quoted = false;
    for (const seg of w) {
      if (seg.q === 's') {
        fields[fields.length - 1] += seg.text;
        quoted = true;
        continue;
      }
      const text = yield* this.expandVars(seg.text);
      if (seg.q === 'd' || !split) {
        fields[fields.length - 1] += text;
        quoted = true;
        continue;
      }
      const parts = text.split(/[ \t\n]+/);
      fields[fields.length - 1] += parts[0];
      for (const p of parts.slice(1)) fields.push(p);
    }
    fields = fields.filter((f, i) => f !== '' || (quoted && i === 0));
    return fields;
  }

  private *expandWords(words: Word[]): Generator<Step, string[]> {
    const out: string[] = [];
    for (const w of words) out.push(...(yield* this.expandWord(w, true)));
    return out;
  }

  private *expandVars(s: string): Generator<Step, string> {
    let out = '';
    for (let i = 0; i < s.length; i++) {
      const c = s[i]!;
      if (c !== '$') {
        out += c;
        continue;
      }
      if (s.startsWith('$((', i)) {
        const end = s.indexOf('))', i);
        if (end > 0) {
          out += String(arith(s.slice(i + 3, end), this.env.vars));
          i = end + 1;
          continue;
        }
      }
      if (s[i + 1] === '(') {
        const end = matchParen(s, i + 1);
        const inner = s.slice(i + 2, end);
        this.capture.push([]);
        yield* this.exec(parseScript(inner));
        out += this.capture.pop()!.join('').replace(/\n+$/, '');
        i = end;
        continue;
      }
      if (s[i + 1] === '{') {
        const end = s.indexOf('}', i);
        const inner = s.slice(i + 2, end);
        const m = /^([A-Za-z_][A-Za-z0-9_]*)(:?-)?(.*)$/.exec(inner);
        const v = m ? this.lookup(m[1]!) : '';
        out += m?.[2] && !v ? m[3]! : v;
        i = end;
        continue;
      }
      const m = /^([A-Za-z_][A-Za-z0-9_]*|[?$#0-9@*])/.exec(s.slice(i + 1));
      if (!m) {
        out += '$';
        continue;
      }
      out += this.lookup(m[1]!);
      i += m[1]!.length;
    }
    return out;
  }

  private lookup(name: string): string {
    if (name === '?') return String(this.status);
    if (name === '$') return '1';
    if (name === '#') return String(this.env.args.length);
    if (name === '0') return this.env.name;
    if (name === '@' || name === '*') return this.env.args.join(' ');
    if (/^\d$/.test(name)) return this.env.args[Number(name) - 1] ?? '';
    return this.env.vars[name] ?? '';
  }

  private *execCmd(node: Node, stdin: string | undefined): Generator<Step, number> {
    if (node.t !== 'cmd') return yield* this.exec(node);
    // leading assignments
    let words = node.words;
    while (words.length && words[0]!.length && words[0]![0]!.q === 'n' && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[0]![0]!.text)) {
      const first = words[0]!;
      const eq = first[0]!.text.indexOf('=');
      const name = first[0]!.text.slice(0, eq);
      const rest: Word = [{ text: first[0]!.text.slice(eq + 1), q: 'n' }, ...first.slice(1)];
      this.env.vars[name] = (yield* this.expandWord(rest, false)).join('');
      words = words.slice(1);
    }
    const argv = yield* this.expandWords(words);
    if (argv.length === 0) return (this.status = 0);
    let redirect: { path: string; append: boolean } | undefined;
    let errToOut = false;
    let outToErr = false;
    let quietErr = false;
    for (const r of node.redirs) {
      if (r.op === '2>&1') errToOut = true;
      else if (r.op === '>&2') outToErr = true;
      else if (r.op === '<') stdin = this.readFile((yield* this.expandWord(r.target, false)).join('')) ?? '';
      else {
        const path = (yield* this.expandWord(r.target, false)).join('');
        if (r.op === '2>') quietErr = path === '/dev/null';
        else redirect = { path, append: r.op === '>>' };
      }
    }
    const buf: string[] = [];
    const sink = redirect || outToErr;
    if (sink) this.capture.push(buf);
    let st: number;
    try {
      st = yield* this.builtin(argv, stdin, { errToOut, quietErr });
    } finally {
      if (sink) this.capture.pop();
    }
    if (redirect && redirect.path !== '/dev/null') {
      const path = this.abs(redirect.path);
      try {
        if (redirect.append && this.env.fs.exists(path)) this.env.fs.append(path, buf.join(''));
        else this.env.fs.write(path, buf.join(''));
      } catch {
        yield* this.write('stderr', `${this.env.name}: can't create ${redirect.path}: nonexistent directory\n`);
        st = 1;
      }
    } else if (outToErr && buf.length) {
      yield* this.write('stderr', buf.join(''));
    }
    this.status = st;
    return st;
  }

  private abs(p: string): string {
    return p.startsWith('/') ? p : `/${p}`;
  }

  private readFile(p: string): string | undefined {
    const path = this.abs(p);
    try {
      return this.env.fs.isDir(path) ? undefined : this.env.fs.read(path);
    } catch {
      return undefined;
    }
  }

  private has(tool: string): boolean {
    return this.env.tools.includes(tool);
  }

  private *builtin(argv: string[], stdin: string | undefined, o: { errToOut: boolean; quietErr: boolean }): Generator<Step, number> {
    const [cmd0, ...args] = argv as [string, ...string[]];
    const cmd = cmd0.includes('/') ? cmd0.slice(cmd0.lastIndexOf('/') + 1) : cmd0;
    const err = (text: string) => (o.quietErr ? undefined : this.write(o.errToOut ? 'stdout' : 'stderr', text));
    const errOut = function* (g: Generator<Step, void> | undefined) {
      if (g) yield* g;
    };
    switch (cmd) {
      case 'echo': {
        let a = args;
        let nl = true;
        let esc = false;
        while (a[0] === '-n' || a[0] === '-e' || a[0] === '-ne' || a[0] === '-en') {
          if (a[0].includes('n')) nl = false;
          if (a[0].includes('e')) esc = true;
          a = a.slice(1);
        }
        let text = a.join(' ');
        if (esc || this.env.flavor !== 'bash') text = text.replace(/\\n/g, '\n').replace(/\\t/g, '\t');
        yield* this.write('stdout', text + (nl ? '\n' : ''));
        return 0;
      }
      case 'printf': {
        const fmt = args[0] ?? '';
        let k = 1;
        const text = fmt
          .replace(/%([sd%])/g, (_, c: string) => (c === '%' ? '%' : c === 'd' ? String(Number(args[k++] ?? 0) || 0) : (args[k++] ?? '')))
          .replace(/\\n/g, '\n')
          .replace(/\\t/g, '\t');
        yield* this.write('stdout', text);
        return 0;
      }
      case 'sleep': {
        const ms = sleepMs(args[0] ?? '');
        if (ms === undefined) {
          yield* errOut(err(args[0] === undefined ? 'sleep: missing operand\n' : `sleep: invalid number '${args[0]}'\n`));
          return 1;
        }
        this.noTime++;
        yield { kind: 'sleep', ms };
        return 0;
      }
      case 'date':
        yield* this.write('stdout', `${formatDate(this.env.now(), args[0]?.startsWith('+') ? args[0].slice(1) : undefined)}\n`);
        return 0;
      case 'exit':
        throw new ExitSignal(args[0] !== undefined ? Number(args[0]) & 255 : this.status);
      case 'true':
      case ':':
        return 0;
      case 'false':
        return 1;
      case 'export':
        for (const a of args) {
          const eq = a.indexOf('=');
          if (eq > 0) this.env.vars[a.slice(0, eq)] = a.slice(eq + 1);
        }
        return 0;
      case 'unset':
        for (const a of args) delete this.env.vars[a];
        return 0;
      case 'cd':
        return 0;
      case 'test':
      case '[':
        return this.test(cmd === '[' ? args.slice(0, -1) : args) ? 0 : 1;
      case 'hostname':
        yield* this.write('stdout', `${this.env.hostname}\n`);
        return 0;
      case 'pwd':
        yield* this.write('stdout', '/\n');
        return 0;
      case 'whoami':
        yield* this.write('stdout', 'root\n');
        return 0;
      case 'env':
      case 'printenv': {
        if (cmd === 'printenv' && args.length) {
          const v = this.env.vars[args[0]!];
          if (v === undefined) return 1;
          yield* this.write('stdout', `${v}\n`);
          return 0;
        }
        yield* this.write('stdout', Object.entries(this.env.vars).map(([k, v]) => `${k}=${v}\n`).join(''));
        return 0;
      }
      case 'cat': {
        if (args.length === 0 || (args.length === 1 && args[0] === '-')) {
          if (stdin !== undefined) yield* this.write('stdout', stdin);
          return 0;
        }
        let st = 0;
        for (const f of args) {
          const text = this.readFile(f);
          if (text === undefined) {
            const dir = this.env.fs.isDir(this.abs(f));
            const why = dir ? 'Is a directory' : 'No such file or directory';
            yield* errOut(err(this.env.flavor === 'ash' ? `cat: ${dir ? 'read error' : `can't open '${f}'`}: ${why}\n` : `cat: ${f}: ${why}\n`));
            st = 1;
          } else yield* this.write('stdout', text);
        }
        return st;
      }
      case 'tail': {
        if (args.includes('-f') || args.includes('-F')) {
          yield { kind: 'sleep', ms: Infinity };
          return 0;
        }
        return 0;
      }
      case 'head': {
        // `head -n N`, `head -N`, `head -nN`; a file or the pipe's input
        let n = 10;
        const files: string[] = [];
        for (let i = 0; i < args.length; i++) {
          const a = args[i]!;
          if (a === '-n') n = Number(args[++i] ?? 10);
          else if (/^-n?\d+$/.test(a)) n = Number(a.replace(/^-n?/, ''));
          else files.push(a);
        }
        const text = files.length ? this.readFile(files[0]!) : stdin;
        if (text === undefined) {
          yield* errOut(err(this.env.flavor === 'ash' ? `head: ${files[0]}: No such file or directory\n` : `head: cannot open '${files[0]}' for reading: No such file or directory\n`));
          return 1;
        }
        const lines = text.split('\n');
        const kept = lines.slice(0, n);
        yield* this.write('stdout', kept.join('\n') + (lines.length > n ? '\n' : ''));
        return 0;
      }
      case 'wc':
        if (args.includes('-l')) {
          yield* this.write('stdout', `${(stdin ?? '').split('\n').length - 1}\n`);
          return 0;
        }
        return 0;
      case 'ls': {
        const dir = this.abs(args.filter((a) => !a.startsWith('-'))[0] ?? '/');
        try {
          yield* this.write('stdout', this.env.fs.list(dir).join('\n') + '\n');
          return 0;
        } catch {
          yield* errOut(err(`ls: ${dir}: No such file or directory\n`));
          return 1;
        }
      }
      case 'sh':
      case 'bash':
        if (args[0] === '-c' && args[1] !== undefined) {
          try {
            return yield* this.exec(parseScript(args[1]));
          } catch (e) {
            if (e instanceof ExitSignal) return e.code;
            throw e;
          }
        }
        return 0;
      case 'wget':
      case 'curl':
      case 'nslookup': {
        const net = this.env.net;
        if (!this.has(cmd) || !net) {
          if (this.has(cmd)) return 0;
          yield* errOut(err(`${this.notFound(cmd0)}\n`));
          return 127;
        }
        const io = { fs: this.env.fs, cwd: this.env.cwd ?? '/', background: this.loops > 0 };
        const tool = cmd === 'wget' ? busyboxWget(args, net, io) : cmd === 'curl' ? curl(args, net, io) : nslookup(args, net, io);
        return yield* this.tool(tool, o);
      }
      default:
        if (this.has(cmd)) return 0;
        yield* errOut(err(`${this.notFound(cmd0)}\n`));
        return 127;
    }
  }

  /** Run a network tool: its output goes through the shell's redirections; its waits are not the script's sleeps. */
  private *tool(gen: Generator<Step, number>, o: { errToOut: boolean; quietErr: boolean }): Generator<Step, number> {
    for (;;) {
      const r = gen.next();
      if (r.done) return r.value;
      const step = r.value;
      if (step.kind !== 'write') yield step;
      else if (step.stream === 'stdout') yield* this.write('stdout', step.text);
      else if (!o.quietErr) yield* this.write(o.errToOut ? 'stdout' : 'stderr', step.text);
    }
  }

  private test(a: string[]): boolean {
    if (a[0] === '!') return !this.test(a.slice(1));
    if (a.length === 0) return false;
    if (a.length === 1) return a[0] !== '';
    if (a.length === 2) {
      const [op, v] = a as [string, string];
      const path = this.abs(v);
      if (op === '-z') return v === '';
      if (op === '-n') return v !== '';
      if (op === '-e') return this.env.fs.exists(path);
      if (op === '-f') return this.env.fs.exists(path) && !this.env.fs.isDir(path);
      if (op === '-d') return this.env.fs.isDir(path);
      return false;
    }
    const [l, op, r] = a as [string, string, string];
    const n = (x: string) => Number(x) || 0;
    switch (op) {
      case '=':
      case '==': return l === r;
      case '!=': return l !== r;
      case '-eq': return n(l) === n(r);
      case '-ne': return n(l) !== n(r);
      case '-lt': return n(l) < n(r);
      case '-le': return n(l) <= n(r);
      case '-gt': return n(l) > n(r);
      case '-ge': return n(l) >= n(r);
      default: return false;
    }
  }
}

/** Run `script` as `sh -c script`: a generator of output and sleeps that returns the exit status. */
export function* runShell(script: string, env: ShellEnv): Generator<Step, number> {
  let node: Node;
  try {
    node = parseScript(script);
  } catch (e) {
    if (!(e instanceof ShSyntaxError)) throw e;
    const where = env.flavor === 'bash' ? `${env.name}: -c: line 1: ` : env.flavor === 'dash' ? `${env.name}: 1: ` : `${env.name}: `;
    yield { kind: 'write', stream: 'stderr', text: `${where}${e.message}\n` };
    return 2;
  }
  return yield* new Interpreter(env).run(node);
}
