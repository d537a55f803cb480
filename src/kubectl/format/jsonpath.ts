// A JSONPath template engine in the shape of k8s.io/client-go/util/jsonpath, as kubectl -o jsonpath uses it.

type Seg =
  | { t: 'field'; name: string }
  | { t: 'recursive'; name: string }
  | { t: 'wild' }
  | { t: 'index'; start?: number; end?: number; single: boolean; step?: number }
  | { t: 'filter'; left: Seg[]; op: string; right: Operand | undefined };
type Operand = { t: 'path'; segs: Seg[] } | { t: 'lit'; value: unknown };

type Node = { t: 'text'; text: string } | { t: 'path'; segs: Seg[]; root: boolean } | { t: 'range'; segs: Seg[]; body: Node[] } | { t: 'lit'; text: string };

export class JsonPathError extends Error {}

export interface JsonPath {
  execute(data: unknown, allowMissing?: boolean): string;
}

export function parseJsonPath(template: string): JsonPath {
  const nodes = parseTemplate(template);
  return { execute: (data, allowMissing = true) => render(nodes, data, data, allowMissing) };
}

function parseTemplate(tpl: string): Node[] {
  const root: Node[] = [];
  const stack: Node[][] = [root];
  let i = 0;
  while (i < tpl.length) {
    const open = tpl.indexOf('{', i);
    if (open < 0) {
      stack[stack.length - 1].push({ t: 'text', text: tpl.slice(i) });
      break;
    }
    if (open > i) stack[stack.length - 1].push({ t: 'text', text: tpl.slice(i, open) });
    const close = findClose(tpl, open);
    if (close < 0) throw new JsonPathError(`unclosed action`);
    const inner = tpl.slice(open + 1, close).trim();
    i = close + 1;
    const cur = stack[stack.length - 1];
    if (inner.startsWith('range ') || inner === 'range') {
      const body: Node[] = [];
      cur.push({ t: 'range', segs: parsePath(inner.slice(5).trim()), body });
      stack.push(body);
    } else if (inner === 'end') {
      if (stack.length === 1) throw new JsonPathError('not in range, nothing to end');
      stack.pop();
    } else if (inner.startsWith('"') || inner.startsWith("'")) {
      cur.push({ t: 'lit', text: unquote(inner) });
    } else {
      cur.push({ t: 'path', segs: parsePath(inner), root: inner.startsWith('$') });
    }
  }
  return root;
}

function findClose(s: string, open: number): number {
  let quote = '';
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    const c = s[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i;
  }
  return -1;
}

function unquote(s: string): string {
  const q = s[0];
  const body = s.slice(1, s.endsWith(q) ? -1 : undefined);
  return body.replace(/\\(.)/g, (_, c: string) => ({ n: '\n', t: '\t', r: '\r', '\\': '\\', '"': '"', "'": "'" } as Record<string, string>)[c] ?? c);
}

function parsePath(p: string): Seg[] {
  const segs: Seg[] = [];
  let i = 0;
  if (p[i] === '$' || p[i] === '@') i++;
  while (i < p.length) {
    const c = p[i];
    if (c === '.') {
      if (p[i + 1] === '.') {
        i += 2;
        const m = /^[^.[\]]*/.exec(p.slice(i))![0];
        segs.push({ t: 'recursive', name: m });
        i += m.length;
        continue;
      }
      i++;
      if (p[i] === '*') {
        segs.push({ t: 'wild' });
        i++;
        continue;
      }
      let name = '';
      while (i < p.length && p[i] !== '.' && p[i] !== '[') {
        if (p[i] === '\\' && i + 1 < p.length) {
          name += p[i + 1];
          i += 2;
        } else name += p[i++];
      }
      if (name) segs.push({ t: 'field', name });
    } else if (c === '[') {
      const close = matchBracket(p, i);
      if (close < 0) throw new JsonPathError(`unterminated array`);
      const inner = p.slice(i + 1, close).trim();
      i = close + 1;
      if (inner === '*') segs.push({ t: 'wild' });
      else if (inner.startsWith('?')) segs.push(parseFilter(inner.slice(1).trim()));
      else if (inner.startsWith("'") || inner.startsWith('"')) segs.push({ t: 'field', name: unquote(inner) });
      else {
        const parts = inner.split(':');
        const n = (s: string | undefined) => (s === undefined || s.trim() === '' ? undefined : Number(s));
        if (parts.some((x) => x.trim() !== '' && !/^-?\d+$/.test(x.trim()))) throw new JsonPathError(`invalid array index ${inner}`);
        if (parts.length === 1) segs.push({ t: 'index', start: n(parts[0]), single: true });
        else segs.push({ t: 'index', start: n(parts[0]), end: n(parts[1]), step: n(parts[2]), single: false });
      }
    } else if (c === ' ') i++;
    else {
      let name = '';
      while (i < p.length && p[i] !== '.' && p[i] !== '[') name += p[i++];
      segs.push({ t: 'field', name });
    }
  }
  return segs;
}

function matchBracket(p: string, open: number): number {
  let depth = 0;
  let quote = '';
  for (let i = open; i < p.length; i++) {
    const c = p[i];
    if (quote) {
      if (c === quote) quote = '';
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '[') depth++;
    else if (c === ']' && --depth === 0) return i;
  }
  return -1;
}

function parseFilter(f: string): Seg {
  const body = f.replace(/^\(/, '').replace(/\)$/, '').trim();
  const m = /^(.*?)\s*(==|!=|<=|>=|<|>|=~)\s*(.*)$/.exec(body);
  if (!m) return { t: 'filter', left: parsePath(body), op: 'exists', right: undefined };
  return { t: 'filter', left: parsePath(m[1].trim()), op: m[2], right: parseOperand(m[3].trim()) };
}

function parseOperand(s: string): Operand {
  if (s.startsWith('"') || s.startsWith("'")) return { t: 'lit', value: unquote(s) };
  if (/^-?\d+(\.\d+)?$/.test(s)) return { t: 'lit', value: Number(s) };
  if (s === 'true' || s === 'false') return { t: 'lit', value: s === 'true' };
  return { t: 'path', segs: parsePath(s) };
}

function evalSegs(segs: Seg[], values: unknown[], allowMissing: boolean): unknown[] {
  let cur = values;
  for (const seg of segs) {
    const next: unknown[] = [];
    for (const v of cur) {
      switch (seg.t) {
        case 'field':
          if (v && typeof v === 'object' && !Array.isArray(v)) {
            const o = v as Record<string, unknown>;
            if (seg.name in o && o[seg.name] !== undefined) next.push(o[seg.name]);
            else if (!allowMissing) throw new JsonPathError(`${seg.name} is not found`);
          } else if (!allowMissing && v !== undefined) throw new JsonPathError(`${seg.name} is not found`);
          break;
        case 'wild':
          if (Array.isArray(v)) next.push(...v);
          else if (v && typeof v === 'object') for (const k of Object.keys(v).sort()) next.push((v as Record<string, unknown>)[k]);
          break;
        case 'index': {
          if (!Array.isArray(v)) break;
          const len = v.length;
          if (seg.single) {
            let idx = seg.start ?? 0;
            if (idx < 0) idx += len;
            if (idx >= 0 && idx < len) next.push(v[idx]);
            else if (!allowMissing) throw new JsonPathError(`array index out of bounds: index ${seg.start}, length ${len}`);
          } else {
            let s = seg.start ?? 0;
            let e = seg.end ?? len;
            if (s < 0) s += len;
            if (e < 0) e += len;
            s = Math.max(0, s);
            e = Math.min(len, e);
            for (let k = s; k < e; k += seg.step || 1) next.push(v[k]);
          }
          break;
        }
        case 'recursive':
          collect(v, seg.name, next);
          break;
        case 'filter': {
          const items = Array.isArray(v) ? v : [v];
          for (const item of items) if (matches(seg, item)) next.push(item);
          break;
        }
      }
    }
    cur = next;
  }
  return cur;
}

function collect(v: unknown, name: string, out: unknown[]): void {
  if (Array.isArray(v)) for (const x of v) collect(x, name, out);
  else if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (name && name in o) out.push(o[name]);
    for (const k of Object.keys(o)) collect(o[k], name, out);
  }
}

function matches(f: Extract<Seg, { t: 'filter' }>, item: unknown): boolean {
  const left = evalSegs(f.left, [item], true);
  if (f.op === 'exists') return left.length > 0;
  const right = f.right!.t === 'lit' ? [f.right!.value] : evalSegs(f.right!.segs, [item], true);
  if (left.length === 0 || right.length === 0) return false;
  const a = left[0] as any;
  const b = right[0] as any;
  switch (f.op) {
    case '==': return a === b || String(a) === String(b) && typeof a === typeof b;
    case '!=': return a !== b;
    case '<': return a < b;
    case '>': return a > b;
    case '<=': return a <= b;
    case '>=': return a >= b;
    case '=~': return new RegExp(String(b)).test(String(a));
  }
  return false;
}

function render(nodes: Node[], current: unknown, root: unknown, allowMissing: boolean): string {
  let out = '';
  for (const n of nodes) {
    if (n.t === 'text' || n.t === 'lit') out += n.text;
    else if (n.t === 'path') {
      const vals = evalSegs(n.segs, [n.root ? root : current], allowMissing);
      out += vals.map(toText).join(' ');
    } else {
      const vals = evalSegs(n.segs, [current], allowMissing);
      const items = vals.length === 1 && Array.isArray(vals[0]) ? (vals[0] as unknown[]) : vals;
      for (const v of items) out += render(n.body, v, root, allowMissing);
    }
  }
  return out;
}

function toText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === null || v === undefined) return v === null ? 'null' : '';
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

/** Values of a path expression (used by --sort-by and custom-columns). */
export function evalPath(expr: string, data: unknown): unknown[] {
  let e = expr.trim();
  if (e.startsWith('{') && e.endsWith('}')) e = e.slice(1, -1);
  if (!e.startsWith('.') && !e.startsWith('$') && !e.startsWith('@') && !e.startsWith('[')) e = '.' + e;
  return evalSegs(parsePath(e), [data], true);
}

export { toText as jsonPathText };
