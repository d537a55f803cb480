// A recursive-descent parser for the bash subset the course needs. Lexing is context dependent in
// bash ($(…) nests whole command lists), so the lexer and parser share one source and position.
import type { Command, CondExpr, List, Pipeline, AndOr, Redirect, RedirectOp, SimpleCommand, Word, WordPart } from './ast.ts';

/** More input is needed (open quote, trailing `|`, here-document without its delimiter, ...). */
export class Incomplete extends Error {
  /** what bash reports if input ends here */
  readonly eofMessage: string;
  /** when waiting for a here-document delimiter */
  readonly heredocDelimiter?: string;
  constructor(eofMessage: string, heredocDelimiter?: string) {
    super(eofMessage);
    this.eofMessage = eofMessage;
    this.heredocDelimiter = heredocDelimiter;
  }
}

export class SyntaxError_ extends Error {
  readonly token: string;
  constructor(token: string) {
    super(`syntax error near unexpected token \`${token}'`);
    this.token = token;
  }
}

export type ParseResult =
  | { kind: 'ok'; list: List }
  | { kind: 'incomplete'; error: Incomplete }
  | { kind: 'error'; message: string };

type Token =
  | { t: 'word'; word: Word; raw: string; plain: boolean }
  | { t: 'op'; op: string }
  | { t: 'redir'; op: RedirectOp; fd: number | null }
  | { t: 'nl' }
  | { t: 'eof' };

const META = new Set([' ', '\t', '\n', ';', '&', '|', '(', ')', '<', '>']);
/** bash's reserved words: none of them can name a function */
const RESERVED = new Set(['if', 'then', 'elif', 'else', 'fi', 'while', 'until', 'do', 'done', 'for', 'in', 'case', 'esac', '[[', ']]', '{', '}', '!']);

interface PendingHeredoc {
  redirect: Redirect;
  delimiter: string;
  stripTabs: boolean;
  /** 1-based line of the `<<`, for bash's end-of-file warning */
  line: number;
}

class Lexer {
  src: string;
  pos: number;
  private peeked: Token | null = null;
  pending: PendingHeredoc[] = [];
  /** `final`: input ends here for good; a here-document may end at end of input (bash warns) */
  final: boolean;
  warnings: string[];
  lineOffset = 0;

  constructor(src: string, pos: number, final: boolean, warnings: string[]) {
    this.src = src;
    this.pos = pos;
    this.final = final;
    this.warnings = warnings;
  }

  /** where the peeked token starts and ends in the source (for the text of background jobs) */
  peekedStart = 0;
  private peekedEnd = 0;
  /** the end of the last token taken with next() */
  lastEnd = 0;

  peek(): Token {
    if (!this.peeked) {
      this.peekedStart = this.skipBlanks(this.pos);
      this.peeked = this.lex();
      this.peekedEnd = this.pos;
    }
    return this.peeked;
  }

  next(): Token {
    const t = this.peek();
    this.peeked = null;
    this.lastEnd = this.peekedEnd;
    return t;
  }

  /** The peeked token is followed by `()` (blanks allowed between): a function definition. */
  followedByParens(): boolean {
    const s = this.src;
    let i = this.peekedEnd;
    while (s[i] === ' ' || s[i] === '\t') i++;
    if (s[i] !== '(') return false;
    i++;
    while (s[i] === ' ' || s[i] === '\t') i++;
    return s[i] === ')';
  }

  /** The first position at or after `i` that is not a blank, a line continuation or a comment. */
  private skipBlanks(i: number): number {
    const s = this.src;
    for (;;) {
      if (s[i] === ' ' || s[i] === '\t') i++;
      else if (s[i] === '\\' && s[i + 1] === '\n') i += 2;
      else if (s[i] === '#') {
        while (i < s.length && s[i] !== '\n') i++;
      } else return i;
    }
  }

  private lex(): Token {
    const s = this.src;
    for (;;) {
      const c = s[this.pos];
      if (c === ' ' || c === '\t') this.pos++;
      else if (c === '\\' && s[this.pos + 1] === '\n') this.pos += 2;
      else if (c === '#') {
        while (this.pos < s.length && s[this.pos] !== '\n') this.pos++;
      } else break;
    }
    if (this.pos >= s.length) {
      if (this.pending.length) this.readHeredocs();
      return { t: 'eof' };
    }
    const c = s[this.pos];
    if (c === '\\' && this.pos + 1 >= s.length) throw new Incomplete('syntax error: unexpected end of file');
    if (c === '\n') {
      this.pos++;
      if (this.pending.length) this.readHeredocs();
      return { t: 'nl' };
    }
    const procsub = c === '<' && s[this.pos + 1] === '(';
    const three = procsub ? '' : s.slice(this.pos, this.pos + 3);
    const two = s.slice(this.pos, this.pos + 2);
    for (const op of ['<<<', '<<-', '&>>'] as const) {
      if (three === op) {
        this.pos += 3;
        return { t: 'redir', op, fd: null };
      }
    }
    if (two === '&&' || two === '||' || two === ';;') {
      this.pos += 2;
      return { t: 'op', op: two };
    }
    for (const op of ['>>', '>&', '<&', '&>', '>|', '<<'] as const) {
      if (two === op && !procsub) {
        this.pos += 2;
        return { t: 'redir', op, fd: null };
      }
    }
    if ((c === '>' || c === '<') && !procsub) {
      this.pos++;
      return { t: 'redir', op: c, fd: null };
    }
    if (c === ';' || c === '&' || c === '|' || c === '(' || c === ')') {
      this.pos++;
      return { t: 'op', op: c };
    }
    const start = this.pos;
    const word = this.readWord();
    // a character no rule consumes must not loop forever
    if (this.pos === start) throw new SyntaxError_(c);
    const raw = s.slice(start, this.pos);
    const plain = word.parts.every((p) => p.type === 'lit');
    if (plain && /^\d+$/.test(raw) && (s[this.pos] === '>' || s[this.pos] === '<')) {
      const r = this.lex();
      if (r.t === 'redir') return { t: 'redir', op: r.op, fd: Number(raw) };
    }
    return { t: 'word', word, raw, plain };
  }

  /** A word up to the next unquoted metacharacter. */
  readWord(): Word {
    const s = this.src;
    const parts: WordPart[] = [];
    let lit = '';
    const flush = () => {
      if (lit) parts.push({ type: 'lit', text: lit });
      lit = '';
    };
    while (this.pos < s.length) {
      const c = s[this.pos];
      if (c === '<' && s[this.pos + 1] === '(') {
        flush();
        const sub = new Parser(s, this.pos + 2, this.final, this.warnings);
        const list = sub.parseList(new Set([')']));
        const t = sub.lexer.next();
        if (t.t === 'eof') throw new Incomplete("unexpected EOF while looking for matching `)'");
        if (!(t.t === 'op' && t.op === ')')) throw new SyntaxError_(tokenText(t));
        this.pos = sub.lexer.pos;
        parts.push({ type: 'procsub', list });
        continue;
      }
      if (META.has(c)) break;
      if (c === '\\') {
        if (this.pos + 1 >= s.length) throw new Incomplete('syntax error: unexpected end of file');
        const n = s[this.pos + 1];
        this.pos += 2;
        if (n === '\n') continue;
        flush();
        parts.push({ type: 'sq', text: n });
      } else if (c === "'") {
        const end = s.indexOf("'", this.pos + 1);
        if (end < 0) throw new Incomplete("unexpected EOF while looking for matching `''");
        flush();
        parts.push({ type: 'sq', text: s.slice(this.pos + 1, end) });
        this.pos = end + 1;
      } else if (c === '"') {
        flush();
        this.pos++;
        parts.push({ type: 'dq', parts: this.readDoubleQuoted('"') });
      } else if (c === '$' || c === '`') {
        const p = this.readDollarOrBacktick();
        if (p) {
          flush();
          parts.push(p);
        } else {
          lit += c;
          this.pos++;
        }
      } else {
        lit += c;
        this.pos++;
      }
    }
    flush();
    return { parts };
  }

  /** Inside "…" (or a here-document body when `end` is null): only $, ` and \ are special. */
  readDoubleQuoted(end: '"' | null): WordPart[] {
    const s = this.src;
    const parts: WordPart[] = [];
    let lit = '';
    const flush = () => {
      if (lit) parts.push({ type: 'sq', text: lit });
      lit = '';
    };
    for (;;) {
      if (this.pos >= s.length) {
        if (end === null) break;
        throw new Incomplete('unexpected EOF while looking for matching `"\'');
      }
      const c = s[this.pos];
      if (c === end) {
        this.pos++;
        break;
      }
      if (c === '\\') {
        const n = s[this.pos + 1];
        if (n === undefined) {
          if (end === null) {
            lit += c;
            this.pos++;
            continue;
          }
          throw new Incomplete('unexpected EOF while looking for matching `"\'');
        }
        if (n === '\n') this.pos += 2;
        else if (n === '$' || n === '`' || n === '\\' || (n === '"' && end === '"')) {
          lit += n;
          this.pos += 2;
        } else {
          lit += c;
          this.pos++;
        }
      } else if (c === '$' || c === '`') {
        const p = this.readDollarOrBacktick();
        if (p) {
          flush();
          parts.push(p);
        } else {
          lit += c;
          this.pos++;
        }
      } else {
        lit += c;
        this.pos++;
      }
    }
    flush();
    return parts;
  }

  /** At `$` or a backtick: an expansion, or null when the `$` is literal. */
  private readDollarOrBacktick(): WordPart | null {
    const s = this.src;
    const c = s[this.pos];
    if (c === '`') {
      let i = this.pos + 1;
      let inner = '';
      for (;;) {
        if (i >= s.length) throw new Incomplete('unexpected EOF while looking for matching ``\'');
        const ch = s[i];
        if (ch === '`') break;
        if (ch === '\\' && (s[i + 1] === '`' || s[i + 1] === '\\' || s[i + 1] === '$')) {
          inner += s[i + 1];
          i += 2;
        } else {
          inner += ch;
          i++;
        }
      }
      this.pos = i + 1;
      const sub = new Parser(inner, 0, this.final, this.warnings);
      const list = sub.parseList(new Set());
      sub.expectEof();
      return { type: 'cmd', list };
    }
    const n = s[this.pos + 1];
    if (n === undefined) return null;
    if (n === '(' && s[this.pos + 2] === '(') {
      // $((expr)): find the matching `))`
      let depth = 0;
      let i = this.pos + 3;
      for (; i < s.length; i++) {
        if (s[i] === '(') depth++;
        else if (s[i] === ')') {
          if (depth === 0 && s[i + 1] === ')') break;
          depth--;
        }
      }
      if (i >= s.length) throw new Incomplete("unexpected EOF while looking for matching `)'");
      const expr = s.slice(this.pos + 3, i);
      this.pos = i + 2;
      return { type: 'arith', expr };
    }
    if (n === '(') {
      const sub = new Parser(s, this.pos + 2, this.final, this.warnings);
      const list = sub.parseList(new Set([')']));
      const t = sub.lexer.next();
      if (t.t === 'eof') throw new Incomplete("unexpected EOF while looking for matching `)'");
      if (!(t.t === 'op' && t.op === ')')) throw new SyntaxError_(tokenText(t));
      this.pos = sub.lexer.pos;
      return { type: 'cmd', list };
    }
    if (n === '{') {
      const close = s.indexOf('}', this.pos + 2);
      if (close < 0) throw new Incomplete("unexpected EOF while looking for matching `}'");
      const body = s.slice(this.pos + 2, close);
      this.pos = close + 1;
      const m = /^(#?)([A-Za-z_][A-Za-z0-9_]*|[0-9?#$!@*-])(?:(:?[-=+?]|##?|%%?|\/\/?|\^\^?|,,?|:)(.*))?$/s.exec(body);
      if (!m) throw new BadSubstitution(`\${${body}}`);
      if (m[1]) return { type: 'var', name: m[2], op: 'length' };
      if (m[3]) {
        const sub = new Lexer(m[4], 0, this.final, this.warnings);
        return { type: 'var', name: m[2], op: m[3], arg: sub.readDoubleQuoted(null) };
      }
      return { type: 'var', name: m[2] };
    }
    const m = /^([A-Za-z_][A-Za-z0-9_]*|[0-9?#$!@*-])/.exec(s.slice(this.pos + 1));
    if (!m) return null;
    this.pos += 1 + m[1].length;
    return { type: 'var', name: m[1] };
  }

  /** Here-document bodies start on the line after their redirect. */
  private readHeredocs(): void {
    const s = this.src;
    const pending = this.pending;
    this.pending = [];
    for (const h of pending) {
      const lines: string[] = [];
      for (;;) {
        if (this.pos >= s.length) {
          if (!this.final) throw new Incomplete('syntax error: unexpected end of file', h.delimiter);
          this.warnings.push(`warning: here-document at line ${h.line + this.lineOffset} delimited by end-of-file (wanted \`${h.delimiter}')`);
          break;
        }
        const nl = s.indexOf('\n', this.pos);
        const end = nl < 0 ? s.length : nl;
        let line = s.slice(this.pos, end);
        this.pos = nl < 0 ? s.length : nl + 1;
        if (h.stripTabs) line = line.replace(/^\t+/, '');
        if (line === h.delimiter) break;
        lines.push(line + '\n');
      }
      h.redirect.heredoc!.body = lines.join('');
    }
  }
}

export class BadSubstitution extends Error {}

/** A command's text as bash's `jobs` prints it: blanks outside quotes collapsed to one space. */
function jobText(src: string): string {
  let out = '';
  let quote: string | null = null;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (quote) {
      out += c;
      if (c === quote) quote = null;
      else if (c === '\\' && quote === '"' && i + 1 < src.length) out += src[++i];
    } else if (c === '\\') {
      out += c + (src[i + 1] ?? '');
      i++;
    } else if (c === ' ' || c === '\t' || c === '\n') {
      if (!out.endsWith(' ')) out += ' ';
    } else {
      if (c === "'" || c === '"') quote = c;
      out += c;
    }
  }
  return out.trim();
}

function tokenText(t: Token): string {
  switch (t.t) {
    case 'word':
      return t.raw;
    case 'op':
      return t.op;
    case 'redir':
      return t.op;
    case 'nl':
      return 'newline';
    case 'eof':
      return 'newline';
  }
}

class Parser {
  lexer: Lexer;
  constructor(src: string, pos: number, final: boolean, warnings: string[]) {
    this.lexer = new Lexer(src, pos, final, warnings);
  }

  expectEof(): void {
    const t = this.lexer.next();
    if (t.t !== 'eof') throw new SyntaxError_(tokenText(t));
  }

  private isReserved(t: Token, words: Set<string>): boolean {
    return t.t === 'word' && t.plain && words.has(t.raw);
  }

  private skipNewlines(): void {
    while (this.lexer.peek().t === 'nl') this.lexer.next();
  }

  /** Items separated by `;`, `&` or newlines, up to end of input or a stop token (not consumed). */
  parseList(stop: Set<string>): List {
    const list: List = [];
    for (;;) {
      this.skipNewlines();
      const t = this.lexer.peek();
      if (t.t === 'eof') return list;
      if (t.t === 'op' && stop.has(t.op)) return list;
      if (this.isReserved(t, stop)) return list;
      const start = this.lexer.peekedStart;
      const item = this.parseAndOr(stop);
      item.text = jobText(this.lexer.src.slice(start, this.lexer.lastEnd));
      list.push(item);
      const sep = this.lexer.peek();
      if (sep.t === 'op' && (sep.op === ';' || sep.op === '&')) {
        if (sep.op === '&') item.background = true;
        this.lexer.next();
        const after = this.lexer.peek();
        if (after.t === 'op' && (after.op === ';' || after.op === '&' || after.op === '|' || after.op === '&&' || after.op === '||' || after.op === ';;'))
          throw new SyntaxError_(after.op);
      } else if (sep.t === 'nl' || sep.t === 'eof') continue;
      else if (sep.t === 'op' && stop.has(sep.op)) return list;
      else if (this.isReserved(sep, stop)) return list;
      else throw new SyntaxError_(tokenText(sep));
    }
  }

  private parseAndOr(stop: Set<string>): AndOr {
    const first = this.parsePipeline(stop);
    const rest: AndOr['rest'] = [];
    for (;;) {
      const t = this.lexer.peek();
      if (t.t === 'op' && (t.op === '&&' || t.op === '||')) {
        this.lexer.next();
        this.skipNewlines();
        this.requireMore();
        rest.push({ op: t.op, pipeline: this.parsePipeline(stop) });
      } else return { first, rest };
    }
  }

  private requireMore(): void {
    if (this.lexer.peek().t === 'eof') throw new Incomplete('syntax error: unexpected end of file');
  }

  private parsePipeline(stop: Set<string>): Pipeline {
    let negate = false;
    const t0 = this.lexer.peek();
    if (t0.t === 'word' && t0.plain && t0.raw === '!') {
      this.lexer.next();
      negate = true;
    }
    const commands: Command[] = [this.parseCommand(stop)];
    for (;;) {
      const t = this.lexer.peek();
      if (t.t === 'op' && t.op === '|') {
        this.lexer.next();
        this.skipNewlines();
        this.requireMore();
        commands.push(this.parseCommand(stop));
      } else return { negate, commands };
    }
  }

  private parseCommand(stop: Set<string>): Command {
    const t = this.lexer.peek();
    if (t.t === 'eof') throw new Incomplete('syntax error: unexpected end of file');
    if (t.t === 'op') {
      if (t.op === '(') {
        this.lexer.next();
        const body = this.parseList(new Set([')']));
        this.expectOp(')');
        if (!body.length) throw new SyntaxError_(')');
        return { type: 'subshell', body, redirects: this.parseTrailingRedirects() };
      }
      throw new SyntaxError_(t.op);
    }
    if (t.t === 'nl') throw new SyntaxError_('newline');
    if (t.t === 'word' && t.plain && (t.raw === 'function' || (/^[A-Za-z_][A-Za-z0-9_.:-]*$/.test(t.raw) && !RESERVED.has(t.raw) && this.lexer.followedByParens()))) {
      return this.parseFunction();
    }
    if (t.t === 'word' && t.plain) {
      switch (t.raw) {
        case '{': {
          this.lexer.next();
          const body = this.parseList(new Set(['}']));
          this.expectWord('}');
          return { type: 'group', body, redirects: this.parseTrailingRedirects() };
        }
        case 'if':
          return this.parseIf();
        case 'while':
        case 'until': {
          this.lexer.next();
          const cond = this.parseList(new Set(['do']));
          this.expectWord('do');
          const body = this.parseList(new Set(['done']));
          this.expectWord('done');
          return { type: t.raw, cond, body, redirects: this.parseTrailingRedirects() };
        }
        case 'for':
          return this.parseFor();
        case 'case':
          return this.parseCase();
        case '[[':
          return this.parseCond();
        case 'esac':
        case ']]':
        case 'then':
        case 'elif':
        case 'else':
        case 'fi':
        case 'do':
        case 'done':
        case '}':
          throw new SyntaxError_(t.raw);
      }
    }
    void stop;
    return this.parseSimple();
  }

  private expectOp(op: string): void {
    const t = this.lexer.next();
    if (t.t === 'eof') throw new Incomplete('syntax error: unexpected end of file');
    if (!(t.t === 'op' && t.op === op)) throw new SyntaxError_(tokenText(t));
  }

  private expectWord(w: string): void {
    const t = this.lexer.next();
    if (t.t === 'eof') throw new Incomplete('syntax error: unexpected end of file');
    if (!(t.t === 'word' && t.plain && t.raw === w)) throw new SyntaxError_(tokenText(t));
  }

  private parseIf(): Command {
    this.lexer.next();
    const branches: { cond: List; body: List }[] = [];
    let otherwise: List | undefined;
    for (;;) {
      const cond = this.parseList(new Set(['then']));
      this.expectWord('then');
      const body = this.parseList(new Set(['elif', 'else', 'fi']));
      branches.push({ cond, body });
      const t = this.lexer.next();
      if (t.t === 'eof') throw new Incomplete('syntax error: unexpected end of file');
      if (t.t === 'word' && t.raw === 'elif') continue;
      if (t.t === 'word' && t.raw === 'else') {
        otherwise = this.parseList(new Set(['fi']));
        this.expectWord('fi');
      }
      break;
    }
    return { type: 'if', branches, otherwise, redirects: this.parseTrailingRedirects() };
  }

  private parseFor(): Command {
    this.lexer.next();
    const nameTok = this.lexer.next();
    if (nameTok.t === 'eof') throw new Incomplete('syntax error: unexpected end of file');
    if (nameTok.t !== 'word' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(nameTok.raw)) throw new SyntaxError_(tokenText(nameTok));
    let items: Word[] | undefined;
    let t = this.lexer.peek();
    if (t.t === 'word' && t.plain && t.raw === 'in') {
      this.lexer.next();
      items = [];
      for (;;) {
        t = this.lexer.peek();
        if (t.t !== 'word') break;
        items.push(t.word);
        this.lexer.next();
      }
    }
    t = this.lexer.peek();
    if (t.t === 'op' && t.op === ';') this.lexer.next();
    this.skipNewlines();
    this.expectWord('do');
    const body = this.parseList(new Set(['done']));
    this.expectWord('done');
    return { type: 'for', name: nameTok.raw, items, body, redirects: this.parseTrailingRedirects() };
  }

  /** `name () body` or `function name [()] body`; the body is a compound command (`{ …; }` usually). */
  private parseFunction(): Command {
    const start = this.lexer.peekedStart;
    let t = this.lexer.next();
    if (t.t === 'word' && t.raw === 'function') {
      t = this.lexer.next();
      if (t.t === 'eof') throw new Incomplete('syntax error: unexpected end of file');
      if (t.t !== 'word') throw new SyntaxError_(tokenText(t));
      const p = this.lexer.peek();
      if (p.t === 'op' && p.op === '(') {
        this.lexer.next();
        this.expectOp(')');
      }
    } else {
      this.expectOp('(');
      this.expectOp(')');
    }
    const name = (t as Extract<Token, { t: 'word' }>).raw;
    this.skipNewlines();
    const b = this.lexer.peek();
    if (b.t === 'eof') throw new Incomplete('syntax error: unexpected end of file');
    const compound = (b.t === 'word' && b.plain && ['{', 'if', 'while', 'until', 'for', 'case', '[['].includes(b.raw)) || (b.t === 'op' && b.op === '(');
    if (!compound) throw new SyntaxError_(tokenText(b));
    const body = this.parseCommand(new Set());
    return { type: 'function', name, body, text: this.lexer.src.slice(start, this.lexer.lastEnd), redirects: [] };
  }

  /** `case WORD in [(]pat [| pat]...) list ;; ... esac` */
  private parseCase(): Command {
    this.lexer.next();
    const w = this.lexer.next();
    if (w.t === 'eof') throw new Incomplete('syntax error: unexpected end of file');
    if (w.t !== 'word') throw new SyntaxError_(tokenText(w));
    this.skipNewlines();
    this.expectWord('in');
    const items: { patterns: Word[]; body: List }[] = [];
    for (;;) {
      this.skipNewlines();
      let t = this.lexer.next();
      if (t.t === 'eof') throw new Incomplete('syntax error: unexpected end of file');
      if (t.t === 'word' && t.plain && t.raw === 'esac') break;
      if (t.t === 'op' && t.op === '(') t = this.lexer.next();
      const patterns: Word[] = [];
      for (;;) {
        if (t.t === 'eof') throw new Incomplete('syntax error: unexpected end of file');
        if (t.t !== 'word') throw new SyntaxError_(tokenText(t));
        patterns.push(t.word);
        t = this.lexer.next();
        if (t.t === 'op' && t.op === '|') {
          t = this.lexer.next();
          continue;
        }
        if (t.t === 'op' && t.op === ')') break;
        if (t.t === 'eof') throw new Incomplete('syntax error: unexpected end of file');
        throw new SyntaxError_(tokenText(t));
      }
      const body = this.parseList(new Set([';;', 'esac']));
      items.push({ patterns, body });
      const end = this.lexer.peek();
      if (end.t === 'op' && end.op === ';;') {
        this.lexer.next();
        continue;
      }
      if (end.t === 'eof') throw new Incomplete('syntax error: unexpected end of file');
      this.expectWord('esac');
      break;
    }
    return { type: 'case', word: w.word, items, redirects: this.parseTrailingRedirects() };
  }

  /** `[[ expression ]]`: `!`, `&&`, `||`, parentheses, unary tests and binary comparisons. */
  private parseCond(): Command {
    this.lexer.next();
    const UNARY = new Set(['-a', '-b', '-c', '-d', '-e', '-f', '-g', '-h', '-k', '-p', '-r', '-s', '-t', '-u', '-w', '-x', '-G', '-L', '-N', '-O', '-S', '-z', '-n', '-o', '-v', '-R']);
    const BINARY = new Set(['==', '=', '!=', '-eq', '-ne', '-lt', '-le', '-gt', '-ge', '-nt', '-ot', '-ef']);
    const next = () => {
      const t = this.lexer.next();
      if (t.t === 'eof') throw new Incomplete('syntax error: unexpected end of file');
      return t;
    };
    const peek = () => {
      const t = this.lexer.peek();
      if (t.t === 'eof') throw new Incomplete('syntax error: unexpected end of file');
      return t;
    };
    const isEnd = (t: Token) => t.t === 'word' && t.plain && t.raw === ']]';
    const lit = (text: string): Word => ({ parts: [{ type: 'sq', text }] });
    const wordOf = (t: Token): Word => {
      if (t.t !== 'word' || isEnd(t)) throw new SyntaxError_(tokenText(t));
      return t.word;
    };
    const primary = (): CondExpr => {
      const t = next();
      if (t.t === 'op' && t.op === '(') {
        const e = or();
        const close = next();
        if (!(close.t === 'op' && close.op === ')')) throw new SyntaxError_(tokenText(close));
        return e;
      }
      if (t.t === 'word' && t.plain && UNARY.has(t.raw)) {
        const after = peek();
        if (!isEnd(after) && after.t === 'word') return { t: 'unary', op: t.raw, w: wordOf(next()) };
      }
      const l = wordOf(t);
      const op = peek();
      if (op.t === 'redir' && (op.op === '<' || op.op === '>')) {
        next();
        return { t: 'binary', op: op.op, l, r: wordOf(next()) };
      }
      if (op.t === 'word' && op.plain && op.raw === '=~') {
        next();
        // the regular expression runs to `]]`, `&&` or `||`: its ( | ) are not operators here
        const parts: WordPart[] = [];
        for (;;) {
          const x = peek();
          if (isEnd(x) || (x.t === 'op' && (x.op === '&&' || x.op === '||')) || x.t === 'nl') break;
          next();
          if (x.t === 'word') parts.push(...x.word.parts);
          else if (x.t === 'op' || x.t === 'redir') parts.push({ type: 'lit', text: x.op });
        }
        if (!parts.length) throw new SyntaxError_(']]');
        return { t: 'regex', l, r: { parts } };
      }
      if (op.t === 'word' && op.plain && BINARY.has(op.raw)) {
        next();
        return { t: 'binary', op: op.raw, l, r: wordOf(next()) };
      }
      void lit;
      return { t: 'word', w: l };
    };
    const not = (): CondExpr => {
      const t = peek();
      if (t.t === 'word' && t.plain && t.raw === '!') {
        next();
        return { t: 'not', e: not() };
      }
      return primary();
    };
    const and = (): CondExpr => {
      let e = not();
      for (;;) {
        const t = peek();
        if (!(t.t === 'op' && t.op === '&&')) return e;
        next();
        e = { t: 'and', l: e, r: not() };
      }
    };
    const or = (): CondExpr => {
      let e = and();
      for (;;) {
        const t = peek();
        if (!(t.t === 'op' && t.op === '||')) return e;
        next();
        e = { t: 'or', l: e, r: and() };
      }
    };
    if (isEnd(peek())) throw new SyntaxError_(']]');
    const expr = or();
    const end = next();
    if (!isEnd(end)) throw new SyntaxError_(tokenText(end));
    return { type: 'cond', expr, redirects: this.parseTrailingRedirects() };
  }

  private parseTrailingRedirects(): Redirect[] {
    const out: Redirect[] = [];
    for (;;) {
      const t = this.lexer.peek();
      if (t.t !== 'redir') return out;
      this.lexer.next();
      out.push(this.parseRedirect(t));
    }
  }

  private parseRedirect(t: Extract<Token, { t: 'redir' }>): Redirect {
    const target = this.lexer.next();
    if (target.t === 'eof' || target.t === 'nl') throw new SyntaxError_('newline');
    if (target.t !== 'word') throw new SyntaxError_(tokenText(target));
    const defaultFd = t.op === '<' || t.op === '<&' || t.op === '<<' || t.op === '<<-' || t.op === '<<<' ? 0 : t.op === '&>' || t.op === '&>>' ? -1 : 1;
    const r: Redirect = { fd: t.fd ?? defaultFd, op: t.op, target: target.word };
    if (t.op === '<<' || t.op === '<<-') {
      const quoted = !target.plain;
      const delimiter = target.word.parts.map((p) => (p.type === 'lit' || p.type === 'sq' ? p.text : p.type === 'dq' ? p.parts.map((q) => (q.type === 'sq' ? q.text : '')).join('') : '')).join('');
      r.heredoc = { body: '', quoted };
      this.lexer.pending.push({ redirect: r, delimiter, stripTabs: t.op === '<<-', line: this.lexer.src.slice(0, this.lexer.pos).split('\n').length });
    }
    return r;
  }

  private parseSimple(): SimpleCommand {
    const cmd: SimpleCommand = { type: 'simple', assigns: [], words: [], redirects: [] };
    for (;;) {
      const t = this.lexer.peek();
      if (t.t === 'word') {
        this.lexer.next();
        const m = cmd.words.length === 0 ? /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(t.raw) : null;
        if (m && t.word.parts[0]?.type === 'lit' && t.word.parts[0].text.startsWith(m[0])) {
          const first = t.word.parts[0];
          const rest = first.text.slice(m[0].length);
          const parts: WordPart[] = rest ? [{ type: 'lit', text: rest }, ...t.word.parts.slice(1)] : t.word.parts.slice(1);
          cmd.assigns.push({ name: m[1], value: { parts } });
        } else cmd.words.push(t.word);
      } else if (t.t === 'redir') {
        this.lexer.next();
        cmd.redirects.push(this.parseRedirect(t));
      } else if (t.t === 'op' && t.op === '(' && cmd.words.length === 1) {
        throw new SyntaxError_('(');
      } else break;
    }
    return cmd;
  }
}

/**
 * Parse a whole command text (possibly several lines with here-document bodies). `final` means no
 * more input will come, so a here-document may end at end of input.
 */
export function parse(text: string, opts: { final?: boolean; warnings?: string[]; lineOffset?: number } = {}): ParseResult {
  try {
    const p = new Parser(text, 0, opts.final ?? false, opts.warnings ?? []);
    p.lexer.lineOffset = opts.lineOffset ?? 0;
    const list = p.parseList(new Set());
    const t = p.lexer.next();
    if (t.t !== 'eof') throw new SyntaxError_(tokenText(t));
    return { kind: 'ok', list };
  } catch (e) {
    if (e instanceof Incomplete) return { kind: 'incomplete', error: e };
    if (e instanceof SyntaxError_) return { kind: 'error', message: e.message };
    if (e instanceof BadSubstitution) return { kind: 'error', message: `${e.message}: bad substitution` };
    throw e;
  }
}

/** A here-document body with expansions, parsed like the inside of "…" where `"` is plain. */
export function parseHeredocBody(body: string): WordPart[] {
  return new Lexer(body, 0, true, []).readDoubleQuoted(null);
}

/** Parse words only (alias values, `${x:-…}` defaults); returns null on anything but plain words. */
export function parseWords(text: string): Word[] | null {
  const r = parse(text, { final: true });
  if (r.kind !== 'ok' || r.list.length !== 1) return null;
  const p = r.list[0];
  if (p.rest.length || p.first.commands.length !== 1) return null;
  const c = p.first.commands[0];
  if (c.type !== 'simple' || c.redirects.length || c.assigns.length) return null;
  return c.words;
}
