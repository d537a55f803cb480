// A small TOML reader for the files containerd reads (config.toml, certs.d/<host>/hosts.toml).
// Errors carry go-toml v1's `(line, col): message` wording, which containerd 1.7 passes through:
//   parseToml(text) → { ok: true, value } | { ok: false, error: { line, col, message, text } }
// Supported: [tables], [[array tables]], dotted and quoted keys, basic/literal strings (one line and
// multi-line), booleans, integers, floats, arrays (multi-line, trailing comma), inline tables, comments.

export type TomlValue = string | number | boolean | TomlValue[] | TomlTable;
export interface TomlTable {
  [key: string]: TomlValue;
}

export interface TomlError {
  line: number;
  col: number;
  /** go-toml's message without the position, e.g. `no value can start with h` */
  message: string;
  /** `(12, 14): no value can start with h` */
  text: string;
}

export type TomlResult = { ok: true; value: TomlTable } | { ok: false; error: TomlError };

class Fail extends Error {
  readonly line: number;
  readonly col: number;
  constructor(line: number, col: number, message: string) {
    super(message);
    this.line = line;
    this.col = col;
  }
}

const BARE = /[A-Za-z0-9_-]/;

export function parseToml(src: string): TomlResult {
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const root: TomlTable = {};
  let current: TomlTable = root;
  // tables opened by a [header] (a second header for the same table is an error)
  const defined = new Set<TomlTable>();
  // tables that exist only because of inline tables or values: cannot be extended by a header
  const frozen = new Set<TomlTable>();

  const col = (at = i) => at - lineStart + 1;
  const fail = (message: string, at = i): never => {
    throw new Fail(line, col(at), message);
  };
  const peek = () => src[i];
  const skipWs = () => {
    while (i < src.length && (src[i] === ' ' || src[i] === '\t')) i++;
  };
  const skipComment = () => {
    if (src[i] === '#') while (i < src.length && src[i] !== '\n') i++;
  };
  const newline = () => {
    if (src[i] === '\r' && src[i + 1] === '\n') i++;
    if (src[i] === '\n') {
      i++;
      line++;
      lineStart = i;
      return true;
    }
    return false;
  };
  const skipWsCommentNl = () => {
    for (;;) {
      skipWs();
      skipComment();
      if (!newline()) return;
    }
  };

  const basicString = (): string => {
    const start = i;
    i++;
    let out = '';
    for (;;) {
      const c = src[i];
      if (c === undefined || c === '\n') fail('unclosed string', start);
      if (c === '"') {
        i++;
        return out;
      }
      if (c === '\\') {
        const e = src[i + 1];
        const map: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '"': '"', '\\': '\\' };
        if (e !== undefined && e in map) {
          out += map[e];
          i += 2;
          continue;
        }
        if (e === 'u' || e === 'U') {
          const n = e === 'u' ? 4 : 8;
          const hex = src.slice(i + 2, i + 2 + n);
          if (!new RegExp(`^[0-9A-Fa-f]{${n}}$`).test(hex)) fail(`unfinished unicode escape`);
          out += String.fromCodePoint(parseInt(hex, 16));
          i += 2 + n;
          continue;
        }
        fail(`invalid escape sequence: \\${e ?? ''}`);
      }
      out += c;
      i++;
    }
  };

  const literalString = (): string => {
    const start = i;
    i++;
    const end = src.indexOf("'", i);
    const nl = src.indexOf('\n', i);
    if (end < 0 || (nl >= 0 && nl < end)) fail('unclosed string', start);
    const s = src.slice(i, end);
    i = end + 1;
    return s;
  };

  const multiline = (quote: string): string => {
    const start = i;
    i += 3;
    if (src[i] === '\n') newline();
    else if (src[i] === '\r' && src[i + 1] === '\n') newline();
    let out = '';
    for (;;) {
      if (i >= src.length) fail('unclosed string', start);
      if (src.startsWith(quote.repeat(3), i)) {
        i += 3;
        return out;
      }
      if (quote === '"' && src[i] === '\\') {
        const e = src[i + 1];
        if (e === '\n') {
          i++;
          newline();
          while (i < src.length && /[ \t\n]/.test(src[i]!)) if (!newline()) i++;
          continue;
        }
        const map: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\' };
        if (e !== undefined && e in map) {
          out += map[e];
          i += 2;
          continue;
        }
        fail(`invalid escape sequence: \\${e ?? ''}`);
      }
      if (src[i] === '\n') {
        out += '\n';
        newline();
        continue;
      }
      out += src[i];
      i++;
    }
  };

  const simpleKey = (): string => {
    const c = peek();
    if (c === '"') return basicString();
    if (c === "'") return literalString();
    const start = i;
    while (i < src.length && BARE.test(src[i]!)) i++;
    if (i === start) {
      if (c === undefined || c === '\n') fail('keys cannot contain new lines');
      fail(`keys cannot contain ${c} character`);
    }
    return src.slice(start, i);
  };

  const key = (): string[] => {
    const parts = [simpleKey()];
    for (;;) {
      skipWs();
      if (peek() !== '.') return parts;
      i++;
      skipWs();
      parts.push(simpleKey());
    }
  };

  const value = (): TomlValue => {
    const c = peek();
    if (c === undefined || c === '\n' || c === '\r') fail('no value can start with \\n');
    if (src.startsWith('"""', i)) return multiline('"');
    if (src.startsWith("'''", i)) return multiline("'");
    if (c === '"') return basicString();
    if (c === "'") return literalString();
    if (c === '[') return array();
    if (c === '{') return inlineTable();
    const m = /^[^\s,\]}#]+/.exec(src.slice(i));
    const word = m ? m[0] : '';
    if (word === 'true' || word === 'false') {
      i += word.length;
      return word === 'true';
    }
    if (/^[+-]?(0|[1-9](_?\d)*)$/.test(word)) {
      i += word.length;
      return Number(word.replace(/_/g, ''));
    }
    if (/^0x[0-9A-Fa-f_]+$|^0o[0-7_]+$|^0b[01_]+$/.test(word)) {
      i += word.length;
      return Number(word.replace(/_/g, ''));
    }
    if (/^[+-]?(0|[1-9](_?\d)*)(\.\d(_?\d)*)?([eE][+-]?\d+)?$/.test(word) || /^[+-]?(inf|nan)$/.test(word)) {
      i += word.length;
      return Number(word.replace(/_/g, '').replace('inf', 'Infinity'));
    }
    if (/^\d{4}-\d{2}-\d{2}/.test(word)) {
      i += word.length;
      return word;
    }
    if (/^[tf]/.test(word) && /^(t|tr|tru|f|fa|fal|fals)/.test(word)) fail(`expected ${word[0] === 't' ? 'true' : 'false'}`);
    fail(`no value can start with ${c}`);
    return '';
  };

  const array = (): TomlValue[] => {
    const out: TomlValue[] = [];
    i++;
    for (;;) {
      skipWsCommentNl();
      if (i >= src.length) fail('unterminated array');
      if (peek() === ']') {
        i++;
        return out;
      }
      if (peek() === ',') fail('array cannot start with comma');
      out.push(value());
      skipWsCommentNl();
      if (peek() === ',') {
        i++;
        continue;
      }
      if (peek() === ']') {
        i++;
        return out;
      }
      if (i >= src.length) fail('unterminated array');
      fail('missing comma');
    }
  };

  const inlineTable = (): TomlTable => {
    const t: TomlTable = {};
    frozen.add(t);
    i++;
    skipWs();
    if (peek() === '}') {
      i++;
      return t;
    }
    for (;;) {
      skipWs();
      const k = key();
      skipWs();
      if (peek() !== '=') fail(`was expecting token =, but got ${describe()} instead`);
      i++;
      skipWs();
      assign(t, k, value());
      skipWs();
      if (peek() === ',') {
        i++;
        continue;
      }
      if (peek() === '}') {
        i++;
        return t;
      }
      fail('unterminated inline table');
    }
  };

  const describe = () => {
    const c = peek();
    if (c === undefined) return 'EOF';
    if (c === '\n' || c === '\r') return 'newline';
    return `"${c}"`;
  };

  const isTable = (v: TomlValue | undefined): v is TomlTable => typeof v === 'object' && !Array.isArray(v);

  const assign = (table: TomlTable, k: string[], v: TomlValue) => {
    let t = table;
    for (const part of k.slice(0, -1)) {
      const next = t[part];
      if (next === undefined) {
        const created: TomlTable = {};
        t[part] = created;
        t = created;
      } else if (isTable(next) && !frozen.has(next)) t = next;
      else fail(`The following key was defined twice: ${k.join('.')}`, keyStart);
    }
    const last = k[k.length - 1]!;
    if (last in t) fail(`The following key was defined twice: ${k.join('.')}`, keyStart);
    t[last] = v;
    if (isTable(v) || Array.isArray(v)) frozen.add(v as TomlTable);
  };

  let keyStart = 0;

  const header = () => {
    const start = i;
    const isArray = src[i + 1] === '[';
    i += isArray ? 2 : 1;
    skipWs();
    if (peek() === ']') fail('empty table key', start);
    const k = key();
    skipWs();
    if (isArray) {
      if (!src.startsWith(']]', i)) fail('unclosed table array key', start);
      i += 2;
    } else {
      if (peek() !== ']') fail(peek() === '\n' || peek() === undefined ? 'unclosed table key' : `unexpected token table key cannot contain ${peek()}, was expecting a table key`, peek() === '\n' || peek() === undefined ? start : i);
      i++;
    }
    let t = root;
    for (const [n, part] of k.entries()) {
      const last = n === k.length - 1;
      let next = t[part];
      if (isArray && last) {
        if (next === undefined) next = t[part] = [];
        if (!Array.isArray(next)) fail(`key ${k.join('.')} is already assigned and not of type table array`, start);
        const item: TomlTable = {};
        (next as TomlValue[]).push(item);
        t = item;
        continue;
      }
      if (next === undefined) {
        const created: TomlTable = {};
        t[part] = created;
        t = created;
      } else if (Array.isArray(next) && !last) {
        const tail = next[next.length - 1];
        if (!isTable(tail)) fail(`key ${k.join('.')} is already assigned and not of type table`, start);
        t = tail as TomlTable;
      } else if (isTable(next) && !frozen.has(next)) t = next;
      else fail(`key ${k.join('.')} is already assigned and not of type table`, start);
    }
    if (!isArray) {
      if (defined.has(t)) fail('duplicated tables', start + 1);
      defined.add(t);
    }
    current = t;
  };

  try {
    for (;;) {
      skipWs();
      if (i >= src.length) break;
      const c = peek()!;
      if (c === '#') skipComment();
      else if (c === '\n' || c === '\r') {
        /* blank line */
      } else if (c === '[') header();
      else {
        keyStart = i;
        const k = key();
        skipWs();
        if (peek() !== '=') fail(`was expecting token =, but got ${describe()} instead`);
        i++;
        skipWs();
        const v = value();
        assign(current, k, v);
      }
      skipWs();
      skipComment();
      if (i >= src.length) break;
      if (!newline()) fail(`expected newline but got ${describe()}`);
    }
  } catch (e) {
    if (e instanceof Fail) return { ok: false, error: { line: e.line, col: e.col, message: e.message, text: `(${e.line}, ${e.col}): ${e.message}` } };
    throw e;
  }
  return { ok: true, value: root };
}

/** Walk `a.b.c` through nested tables. */
export function tomlGet(t: TomlTable | undefined, ...path: string[]): TomlValue | undefined {
  let v: TomlValue | undefined = t;
  for (const p of path) {
    if (typeof v !== 'object' || Array.isArray(v)) return undefined;
    v = v[p];
  }
  return v;
}
