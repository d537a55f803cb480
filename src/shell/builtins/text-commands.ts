// Text filters (grep, head, tail, wc, cut, sort, uniq, tr, base64) and echo/printf/seq/test.
import type { Program, ProgramContext } from '../../kubectl/context.ts';
import { breToJs, ereToJs, getopt, has, inputs, last, lines, usage, UsageError, type Parsed, type Spec } from './common.ts';
import { joinPath } from '../paths.ts';

/** Parse options, printing GNU's usage message on a bad one. */
function opts(ctx: ProgramContext, prog: string, spec: Spec, status = 1): Parsed | number {
  try {
    return getopt(prog, ctx.args, spec);
  } catch (e) {
    if (e instanceof UsageError) return usage(ctx, prog, e, status);
    throw e;
  }
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function grepWith(mode: 'G' | 'E' | 'F'): Program {
  return async (ctx) => {
    const p = opts(ctx, 'grep', { flags: 'ivncEFGwxoqlLhHrsz', values: 'eABCm', long: { 'color=': 'color', colour: 'color', 'ignore-case': 'i', 'invert-match': 'v', 'line-number': 'n', count: 'c', 'extended-regexp': 'E', 'fixed-strings': 'F', 'word-regexp': 'w', 'only-matching': 'o', quiet: 'q', silent: 'q', 'files-with-matches': 'l', 'regexp=': 'e', 'after-context=': 'A', 'before-context=': 'B', 'context=': 'C', 'max-count=': 'm' } }, 2);
    if (typeof p === 'number') return p;
    const patterns = p.opts.get('e') ?? [];
    const operands = [...p.operands];
    if (!patterns.length) {
      if (!operands.length) {
        ctx.err("Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n");
        return 2;
      }
      patterns.push(operands.shift()!);
    }
    const kind = has(p, 'F') ? 'F' : has(p, 'E') ? 'E' : mode;
    let re: RegExp;
    try {
      const alts = patterns.flatMap((pat) => pat.split('\n')).map((pat) => (kind === 'F' ? escapeRe(pat) : kind === 'E' ? ereToJs(pat) : breToJs(pat)));
      let src = alts.map((a) => `(?:${a})`).join('|');
      if (has(p, 'w')) src = `(?<![A-Za-z0-9_])(?:${src})(?![A-Za-z0-9_])`;
      if (has(p, 'x')) src = `^(?:${src})$`;
      re = new RegExp(src, has(p, 'i') ? 'gi' : 'g');
    } catch {
      ctx.err('grep: Unmatched ( or \\(\n');
      return 2;
    }
    const invert = has(p, 'v');
    const after = Number(last(p, 'A') ?? last(p, 'C') ?? 0);
    const before = Number(last(p, 'B') ?? last(p, 'C') ?? 0);
    const max = last(p, 'm') === undefined ? Infinity : Number(last(p, 'm'));
    const files = inputs(ctx, 'grep', operands);
    const showName = has(p, 'H') || (files.length > 1 && !has(p, 'h'));
    let matchedAny = false;
    let error = files.some((f) => f.text === null);
    let out = '';
    for (const f of files) {
      if (f.text === null) continue;
      const ls = lines(f.text);
      let count = 0;
      let lastPrinted = -1;
      let afterLeft = 0;
      const prefix = (i: number, sep: string) => (showName ? `${f.name === '-' ? '(standard input)' : f.name}${sep}` : '') + (has(p, 'n') ? `${i + 1}${sep}` : '');
      const emit = (i: number, sep: string) => {
        if ((before || after) && lastPrinted >= 0 && i > lastPrinted + 1) out += '--\n';
        out += prefix(i, sep) + ls[i] + '\n';
        lastPrinted = i;
      };
      for (let i = 0; i < ls.length; i++) {
        if (count >= max) break;
        re.lastIndex = 0;
        const hit = re.test(ls[i]) !== invert;
        if (!hit) {
          if (afterLeft > 0) {
            emit(i, '-');
            afterLeft--;
          }
          continue;
        }
        count++;
        if (has(p, 'q') || has(p, 'l') || has(p, 'L') || has(p, 'c')) continue;
        if (has(p, 'o')) {
          if (invert) continue;
          re.lastIndex = 0;
          for (const m of ls[i].matchAll(re)) if (m[0]) out += prefix(i, ':') + m[0] + '\n';
          continue;
        }
        for (let b = Math.max(lastPrinted + 1, i - before); b < i; b++) emit(b, '-');
        emit(i, ':');
        afterLeft = after;
      }
      if (count) matchedAny = true;
      if (has(p, 'c')) out += (showName ? `${f.name === '-' ? '(standard input)' : f.name}:` : '') + count + '\n';
      else if (has(p, 'l') && count) out += (f.name === '-' ? '(standard input)' : f.name) + '\n';
      else if (has(p, 'L') && !count) out += (f.name === '-' ? '(standard input)' : f.name) + '\n';
      if (has(p, 'q') && matchedAny) break;
    }
    if (!has(p, 'q')) ctx.out(out);
    if (has(p, 'q') && matchedAny) return 0;
    if (error && !has(p, 's')) return 2;
    return matchedAny ? 0 : 1;
  };
}

export const grep = grepWith('G');
export const egrep = grepWith('E');
export const fgrep = grepWith('F');

function headTail(which: 'head' | 'tail'): Program {
  return async (ctx) => {
    const p = opts(ctx, which, { flags: 'qvf', values: 'nc', numeric: 'n', long: { 'lines=': 'n', 'bytes=': 'c', quiet: 'q', silent: 'q', verbose: 'v' } });
    if (typeof p === 'number') return p;
    const nArg = last(p, 'n');
    const cArg = last(p, 'c');
    const spec = cArg ?? nArg ?? '10';
    const m = /^([+-]?)(\d+)$/.exec(spec);
    if (!m) {
      ctx.err(`${which}: invalid number of ${cArg !== undefined ? 'bytes' : 'lines'}: ${q2(spec)}\n`);
      return 1;
    }
    const n = Number(m[2]);
    const sign = m[1];
    const files = inputs(ctx, which, p.operands);
    const headers = (files.length > 1 && !has(p, 'q')) || has(p, 'v');
    let out = '';
    files.forEach((f, idx) => {
      if (f.text === null) return;
      if (headers) out += `${idx > 0 ? '\n' : ''}==> ${f.name === '-' ? 'standard input' : f.name} <==\n`;
      if (cArg !== undefined) {
        const t = f.text;
        if (which === 'head') out += sign === '-' ? t.slice(0, Math.max(0, t.length - n)) : t.slice(0, n);
        else out += sign === '+' ? t.slice(Math.max(0, n - 1)) : n === 0 ? '' : t.slice(-n);
        return;
      }
      const parts = f.text.split('\n');
      const endsNl = parts.at(-1) === '';
      if (endsNl) parts.pop();
      let chosen: string[];
      if (which === 'head') chosen = sign === '-' ? parts.slice(0, Math.max(0, parts.length - n)) : parts.slice(0, n);
      else chosen = sign === '+' ? parts.slice(Math.max(0, n - 1)) : n === 0 ? [] : parts.slice(-n);
      const reachesEnd = which === 'tail' || chosen.length === parts.length;
      out += chosen.join('\n') + (chosen.length && (endsNl || !reachesEnd) ? '\n' : '');
    });
    ctx.out(out);
    return files.some((f) => f.text === null) ? 1 : 0;
  };
}

const q2 = (s: string) => `‘${s}’`;

export const head = headTail('head');
export const tail = headTail('tail');

export const wc: Program = async (ctx) => {
  const p = opts(ctx, 'wc', { flags: 'lwcmL', long: { lines: 'l', words: 'w', bytes: 'c', chars: 'm' } });
  if (typeof p === 'number') return p;
  let want = (['l', 'w', 'm', 'c'] as const).filter((k) => has(p, k));
  if (!want.length) want = ['l', 'w', 'c'];
  const files = inputs(ctx, 'wc', p.operands);
  const enc = new TextEncoder();
  const rows: { counts: number[]; name: string }[] = [];
  const total = want.map(() => 0);
  for (const f of files) {
    if (f.text === null) continue;
    const t = f.text;
    const counts = want.map((k) => (k === 'l' ? (t.match(/\n/g) ?? []).length : k === 'w' ? t.split(/\s+/).filter(Boolean).length : k === 'm' ? [...t].length : enc.encode(t).length));
    counts.forEach((c, i) => (total[i] += c));
    rows.push({ counts, name: f.name === '-' && !p.operands.length ? '' : f.name });
  }
  if (files.length > 1) rows.push({ counts: total, name: 'total' });
  // GNU: one count for one input prints unpadded; stdin pads to 7; files pad to the size's digits
  let width = 1;
  if (!(want.length === 1 && files.length === 1)) {
    if (files.some((f) => f.name === '-')) width = 7;
    else width = String(files.reduce((s, f) => s + (f.text === null ? 0 : enc.encode(f.text).length), 0)).length;
  }
  ctx.out(rows.map((r) => r.counts.map((c) => String(c).padStart(width)).join(' ') + (r.name ? ' ' + r.name : '') + '\n').join(''));
  return files.some((f) => f.text === null) ? 1 : 0;
};

/** `1,3-5,7-` -> predicate over 1-based positions. */
function parseList(spec: string): ((i: number) => boolean) | null {
  const ranges: [number, number][] = [];
  for (const part of spec.split(',')) {
    const m = /^(\d*)(-?)(\d*)$/.exec(part);
    if (!m || (!m[1] && !m[3])) return null;
    const a = m[1] ? Number(m[1]) : 1;
    const b = m[2] ? (m[3] ? Number(m[3]) : Infinity) : a;
    if (a === 0) return null;
    ranges.push([a, b]);
  }
  return (i) => ranges.some(([a, b]) => i >= a && i <= b);
}

export const cut: Program = async (ctx) => {
  const p = opts(ctx, 'cut', { flags: 's', values: 'dfcb', long: { 'delimiter=': 'd', 'fields=': 'f', 'characters=': 'c', 'bytes=': 'b', 'only-delimited': 's', 'output-delimiter=': 'o' } });
  if (typeof p === 'number') return p;
  const fields = last(p, 'f');
  const chars = last(p, 'c') ?? last(p, 'b');
  if (!fields && !chars) return usage(ctx, 'cut', new UsageError('cut: you must specify a list of bytes, characters, or fields'));
  const sel = parseList((fields ?? chars)!);
  if (!sel) {
    ctx.err(`cut: invalid byte, character or field list\nTry 'cut --help' for more information.\n`);
    return 1;
  }
  const delim = last(p, 'd') ?? '\t';
  if (delim.length !== 1) return usage(ctx, 'cut', new UsageError('cut: the delimiter must be a single character'));
  const outDelim = last(p, 'o') ?? delim;
  let out = '';
  const files = inputs(ctx, 'cut', p.operands);
  for (const f of files) {
    if (f.text === null) continue;
    for (const line of lines(f.text)) {
      if (chars) out += [...line].filter((_, i) => sel(i + 1)).join('') + '\n';
      else if (!line.includes(delim)) {
        if (!has(p, 's')) out += line + '\n';
      } else out += line.split(delim).filter((_, i) => sel(i + 1)).join(outDelim) + '\n';
    }
  }
  ctx.out(out);
  return files.some((f) => f.text === null) ? 1 : 0;
};

export const sort: Program = async (ctx) => {
  const p = opts(ctx, 'sort', { flags: 'nrufbhV', values: 'kto', long: { 'numeric-sort': 'n', reverse: 'r', unique: 'u', 'ignore-case': 'f', 'key=': 'k', 'field-separator=': 't' } });
  if (typeof p === 'number') return p;
  const files = inputs(ctx, 'sort', p.operands);
  const all = files.flatMap((f) => (f.text === null ? [] : lines(f.text)));
  const sep = last(p, 't');
  const key = last(p, 'k');
  let keyFn = (l: string) => l;
  let keyNumeric = false;
  if (key) {
    const m = /^(\d+)(?:\.\d+)?([a-z]*)(?:,(\d+)(?:\.\d+)?[a-z]*)?$/.exec(key);
    if (!m) {
      ctx.err(`sort: invalid number at field start: invalid count at start of ${q2(key)}\n`);
      return 2;
    }
    keyNumeric = m[2].includes('n');
    const from = Number(m[1]) - 1;
    const to = m[3] ? Number(m[3]) : Infinity;
    keyFn = (l) => {
      const fieldsOf = sep !== undefined ? l.split(sep) : l.trim().split(/\s+/);
      return fieldsOf.slice(from, to).join(sep ?? ' ');
    };
  }
  const numeric = has(p, 'n') || keyNumeric;
  const fold = has(p, 'f');
  const num = (s: string) => {
    const m = /^\s*(-?\d+(?:\.\d+)?)/.exec(s);
    return m ? Number(m[1]) : 0;
  };
  const cmpStr = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const cmpKey = (a: string, b: string) => {
    const ka = keyFn(a);
    const kb = keyFn(b);
    if (numeric) return num(ka) - num(kb);
    return fold ? cmpStr(ka.toUpperCase(), kb.toUpperCase()) : cmpStr(ka, kb);
  };
  const sorted = [...all].sort((a, b) => cmpKey(a, b) || (has(p, 'u') ? 0 : cmpStr(a, b)));
  if (has(p, 'r')) sorted.reverse();
  const out = has(p, 'u') ? sorted.filter((l, i) => i === 0 || cmpKey(sorted[i - 1], l) !== 0) : sorted;
  ctx.out(out.map((l) => l + '\n').join(''));
  return files.some((f) => f.text === null) ? 2 : 0;
};

export const uniq: Program = async (ctx) => {
  const p = opts(ctx, 'uniq', { flags: 'cdui', long: { count: 'c', repeated: 'd', unique: 'u', 'ignore-case': 'i' } });
  if (typeof p === 'number') return p;
  const files = inputs(ctx, 'uniq', p.operands.slice(0, 1));
  const ls = files[0].text === null ? [] : lines(files[0].text);
  const same = (a: string, b: string) => (has(p, 'i') ? a.toLowerCase() === b.toLowerCase() : a === b);
  let out = '';
  for (let i = 0; i < ls.length; ) {
    let j = i + 1;
    while (j < ls.length && same(ls[i], ls[j])) j++;
    const n = j - i;
    if (!(has(p, 'd') && n < 2) && !(has(p, 'u') && n > 1)) out += (has(p, 'c') ? `${String(n).padStart(7)} ` : '') + ls[i] + '\n';
    i = j;
  }
  ctx.out(out);
  return files[0].text === null ? 1 : 0;
};

function unescapeTr(s: string): string[] {
  const out: string[] = [];
  const esc: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', a: '\x07', b: '\b', f: '\f', v: '\v' };
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\\' && i + 1 < s.length) {
      const n = s[++i];
      out.push(esc[n] ?? n);
    } else out.push(s[i]);
  }
  return out;
}

function expandSet(spec: string): string[] {
  const classes: Record<string, string> = { lower: 'a-z', upper: 'A-Z', digit: '0-9', alpha: 'A-Za-z', alnum: '0-9A-Za-z', space: ' \\t\\n\\r\\f\\v', blank: ' \\t' };
  const withClasses = spec.replace(/\[:([a-z]+):\]/g, (m, name: string) => classes[name] ?? m);
  const chars = unescapeTr(withClasses);
  const out: string[] = [];
  for (let i = 0; i < chars.length; i++) {
    if (chars[i + 1] === '-' && i + 2 < chars.length) {
      const a = chars[i].codePointAt(0)!;
      const b = chars[i + 2].codePointAt(0)!;
      for (let c = a; c <= b; c++) out.push(String.fromCodePoint(c));
      i += 2;
    } else out.push(chars[i]);
  }
  return out;
}

export const tr: Program = async (ctx) => {
  const p = opts(ctx, 'tr', { flags: 'dsc', long: { delete: 'd', 'squeeze-repeats': 's' } });
  if (typeof p === 'number') return p;
  const [a, b] = p.operands;
  if (a === undefined) return usage(ctx, 'tr', new UsageError('tr: missing operand'));
  if (b === undefined && !has(p, 'd') && !has(p, 's')) return usage(ctx, 'tr', new UsageError(`tr: missing operand after ${q2(a)}\nTwo strings must be given when translating.`));
  const set1 = expandSet(a);
  const set2 = b === undefined ? [] : expandSet(b);
  const text = [...(ctx.stdin ?? '')];
  let out: string[] = [];
  if (has(p, 'd')) out = text.filter((c) => !set1.includes(c));
  else if (set2.length) {
    const map = new Map<string, string>();
    set1.forEach((c, i) => map.set(c, set2[Math.min(i, set2.length - 1)]));
    out = text.map((c) => map.get(c) ?? c);
  } else out = text;
  if (has(p, 's')) {
    const squeeze = set2.length ? set2 : set1;
    out = out.filter((c, i) => !(i > 0 && out[i - 1] === c && squeeze.includes(c)));
  }
  ctx.out(out.join(''));
  return 0;
};

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export function base64Encode(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += B64[(n >> 18) & 63] + B64[(n >> 12) & 63] + (i + 1 < bytes.length ? B64[(n >> 6) & 63] : '=') + (i + 2 < bytes.length ? B64[n & 63] : '=');
  }
  return out;
}

export function base64Decode(text: string, ignoreGarbage: boolean): Uint8Array | null {
  const clean = text.replace(/\n/g, '');
  const bytes: number[] = [];
  let buf = 0;
  let bits = 0;
  for (let i = 0; i < clean.length; i++) {
    const c = clean[i];
    if (c === '=') {
      if (!/^=*$/.test(clean.slice(i))) return null;
      break;
    }
    const v = B64.indexOf(c);
    if (v < 0) {
      if (ignoreGarbage) continue;
      return null;
    }
    buf = (buf << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((buf >> bits) & 255);
    }
  }
  return new Uint8Array(bytes);
}

export const base64: Program = async (ctx) => {
  const p = opts(ctx, 'base64', { flags: 'di', values: 'w', long: { decode: 'd', 'ignore-garbage': 'i', 'wrap=': 'w' } });
  if (typeof p === 'number') return p;
  if (p.operands.length > 1) return usage(ctx, 'base64', new UsageError(`base64: extra operand ${q2(p.operands[1])}`));
  const [input] = inputs(ctx, 'base64', p.operands);
  if (input.text === null) return 1;
  if (has(p, 'd')) {
    const bytes = base64Decode(input.text, has(p, 'i'));
    if (!bytes) {
      ctx.err('base64: invalid input\n');
      return 1;
    }
    ctx.out(new TextDecoder().decode(bytes));
    return 0;
  }
  const wrap = Number(last(p, 'w') ?? 76);
  const enc = base64Encode(new TextEncoder().encode(input.text));
  if (!wrap) ctx.out(enc);
  else ctx.out(enc ? (enc.match(new RegExp(`.{1,${wrap}}`, 'g')) ?? []).join('\n') + '\n' : '');
  return 0;
};

/** Backslash escapes of `echo -e` and printf. Returns the text and whether `\c` stopped output. */
export function backslashEscapes(s: string): { text: string; stop: boolean } {
  let out = '';
  const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', f: '\f', v: '\v', e: '\x1b', E: '\x1b', '\\': '\\' };
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c !== '\\' || i + 1 >= s.length) {
      out += c;
      continue;
    }
    const n = s[i + 1];
    if (n in simple) {
      out += simple[n];
      i++;
    } else if (n === 'c') return { text: out, stop: true };
    else if (n === '0') {
      const m = /^[0-7]{0,3}/.exec(s.slice(i + 2))![0];
      out += String.fromCharCode(parseInt(m || '0', 8));
      i += 1 + m.length;
    } else if (n === 'x') {
      const m = /^[0-9a-fA-F]{1,2}/.exec(s.slice(i + 2));
      if (m) {
        out += String.fromCharCode(parseInt(m[0], 16));
        i += 1 + m[0].length;
      } else out += c;
    } else out += c;
  }
  return { text: out, stop: false };
}

export const echo: Program = async (ctx) => {
  let newline = true;
  let escapes = false;
  let i = 0;
  for (; i < ctx.args.length; i++) {
    const a = ctx.args[i];
    if (!/^-[neE]+$/.test(a)) break;
    for (const c of a.slice(1)) {
      if (c === 'n') newline = false;
      else if (c === 'e') escapes = true;
      else escapes = false;
    }
  }
  let text = ctx.args.slice(i).join(' ');
  if (escapes) {
    const r = backslashEscapes(text);
    text = r.text;
    if (r.stop) newline = false;
  }
  ctx.out(text + (newline ? '\n' : ''));
  return 0;
};

export const printf: Program = async (ctx) => {
  const [format, ...args] = ctx.args;
  if (format === undefined) {
    ctx.err('printf: usage: printf [-v var] format [arguments]\n');
    return 2;
  }
  let out = '';
  let k = 0;
  do {
    let used = false;
    const body = format.replace(/%([-+ 0#]*)(\d*)(?:\.(\d+))?([sdifxXoc%b])/g, (_m, flags: string, width: string, prec: string | undefined, conv: string) => {
      if (conv === '%') return '%';
      used = true;
      const arg = args[k++] ?? '';
      let s: string;
      if (conv === 's') s = prec !== undefined ? arg.slice(0, Number(prec)) : arg;
      else if (conv === 'b') s = backslashEscapes(arg).text;
      else if (conv === 'c') s = arg.slice(0, 1);
      else if (conv === 'f') s = (Number(arg) || 0).toFixed(prec === undefined ? 6 : Number(prec));
      else {
        const n = Math.trunc(Number(arg) || 0);
        s = conv === 'x' ? n.toString(16) : conv === 'X' ? n.toString(16).toUpperCase() : conv === 'o' ? n.toString(8) : String(n);
      }
      const w = Number(width || 0);
      if (flags.includes('-')) return s.padEnd(w);
      return flags.includes('0') && conv !== 's' ? s.padStart(w, '0') : s.padStart(w);
    });
    out += backslashEscapes(body).text;
    if (!used) break;
  } while (k < args.length);
  ctx.out(out);
  return 0;
};

export const seq: Program = async (ctx) => {
  const nums = ctx.args.map(Number);
  if (!nums.length || nums.some((n) => Number.isNaN(n))) {
    ctx.err(nums.length ? `seq: invalid floating point argument: ${q2(ctx.args[nums.findIndex((n) => Number.isNaN(n))])}\n` : "seq: missing operand\nTry 'seq --help' for more information.\n");
    return 1;
  }
  const [first, inc, lastN] = nums.length === 1 ? [1, 1, nums[0]] : nums.length === 2 ? [nums[0], 1, nums[1]] : nums;
  let out = '';
  for (let x = first, n = 0; inc > 0 ? x <= lastN : x >= lastN; x += inc, n++) {
    if (n > 100000) break;
    out += x + '\n';
  }
  ctx.out(out);
  return 0;
};

/** `test` and `[`: files, strings and integers. */
function testWith(bracket: boolean): Program {
  return async (ctx) => {
    let args = ctx.args;
    if (bracket) {
      if (args.at(-1) !== ']') {
        ctx.err("bash: [: missing `]'\n");
        return 2;
      }
      args = args.slice(0, -1);
    }
    const name = bracket ? '[' : 'test';
    const path = (p: string) => joinPath(ctx.cwd, p);
    const int = (s: string): number | null => (/^\s*-?\d+\s*$/.test(s) ? Number(s) : null);
    const evalExpr = (a: string[]): boolean | string => {
      if (a.length === 0) return false;
      if (a[0] === '!') {
        const r = evalExpr(a.slice(1));
        return typeof r === 'string' ? r : !r;
      }
      if (a.length === 1) return a[0] !== '';
      if (a.length === 2) {
        const [op, v] = a;
        switch (op) {
          case '-z':
            return v === '';
          case '-n':
            return v !== '';
          case '-e':
            return ctx.fs.exists(path(v));
          case '-f':
            return ctx.fs.exists(path(v)) && !ctx.fs.isDir(path(v));
          case '-d':
            return ctx.fs.isDir(path(v));
          case '-s':
            return (ctx.fs.stat(path(v))?.size ?? 0) > 0;
          case '-r':
          case '-w':
          case '-x':
            return ctx.fs.exists(path(v));
        }
        return `${op}: unary operator expected`;
      }
      if (a.length === 3) {
        const [l, op, r] = a;
        if (op === '=' || op === '==') return l === r;
        if (op === '!=') return l !== r;
        const li = int(l);
        const ri = int(r);
        if (['-eq', '-ne', '-lt', '-le', '-gt', '-ge'].includes(op)) {
          if (li === null) return `${l}: integer expression expected`;
          if (ri === null) return `${r}: integer expression expected`;
          return { '-eq': li === ri, '-ne': li !== ri, '-lt': li < ri, '-le': li <= ri, '-gt': li > ri, '-ge': li >= ri }[op]!;
        }
        if (op === '-a') return l !== '' && r !== '';
        if (op === '-o') return l !== '' || r !== '';
        return `${op}: binary operator expected`;
      }
      const ai = a.indexOf('-a');
      if (ai > 0) {
        const x = evalExpr(a.slice(0, ai));
        const y = evalExpr(a.slice(ai + 1));
        return typeof x === 'string' ? x : typeof y === 'string' ? y : x && y;
      }
      const oi = a.indexOf('-o');
      if (oi > 0) {
        const x = evalExpr(a.slice(0, oi));
        const y = evalExpr(a.slice(oi + 1));
        return typeof x === 'string' ? x : typeof y === 'string' ? y : x || y;
      }
      return 'too many arguments';
    };
    const r = evalExpr(args);
    if (typeof r === 'string') {
      ctx.err(`bash: ${name}: ${r}\n`);
      return 2;
    }
    return r ? 0 : 1;
  };
}

export const test = testWith(false);
export const bracket = testWith(true);
