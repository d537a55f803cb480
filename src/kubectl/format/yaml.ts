// YAML output as kubectl prints it (sigs.k8s.io/yaml over go-yaml v2): sorted keys, 2-space indent,
// `- ` items at the parent key's indent, strings quoted only when needed, long lines folded at 80.

const BEST_WIDTH = 80;

export function toYaml(value: unknown): string {
  const out: string[] = [];
  emitDoc(value, out);
  return out.join('');
}

function emitDoc(value: unknown, out: string[]): void {
  if (isMap(value)) {
    if (Object.keys(value).length === 0) out.push('{}\n');
    else emitMap(value, 0, out, '');
  } else if (Array.isArray(value)) {
    if (value.length === 0) out.push('[]\n');
    else emitSeq(value, 0, out, '');
  } else {
    out.push(scalar(value, 0, 0) + '\n');
  }
}

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `first` is written before the first key instead of the indentation (used for `- ` items). */
function emitMap(map: Record<string, unknown>, indent: number, out: string[], first: string | ''): void {
  const keys = Object.keys(map).filter((k) => map[k] !== undefined).sort(goYamlKeyLess);
  const pad = ' '.repeat(indent);
  keys.forEach((key, i) => {
    const lead = i === 0 && first !== '' ? first : pad;
    const k = scalar(key, indent, indent);
    const v = map[key];
    if (isMap(v) && Object.keys(v).some((kk) => v[kk] !== undefined)) {
      out.push(`${lead}${k}:\n`);
      emitMap(v, indent + 2, out, '');
    } else if (Array.isArray(v) && v.length > 0) {
      out.push(`${lead}${k}:\n`);
      emitSeq(v, indent, out, '');
    } else {
      const prefix = `${lead}${k}: `;
      out.push(prefix + scalar(v, indent + 2, prefix.length) + '\n');
    }
  });
}

function emitSeq(items: unknown[], indent: number, out: string[], first: string): void {
  const pad = ' '.repeat(indent);
  items.forEach((item, i) => {
    const lead = (i === 0 && first !== '' ? first : pad) + '- ';
    if (isMap(item) && Object.keys(item).some((kk) => item[kk] !== undefined)) emitMap(item, indent + 2, out, lead);
    else if (Array.isArray(item) && item.length > 0) emitSeq(item, indent + 2, out, lead);
    else out.push(lead + scalar(item, indent + 2, lead.length) + '\n');
  });
}

/** A scalar (or empty collection) as text; `indent` is used for continuation lines, `column` is where it starts. */
function scalar(v: unknown, indent: number, column: number): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return formatNumber(v);
  if (Array.isArray(v)) return '[]';
  if (typeof v === 'object') return '{}';
  return yamlString(String(v), indent, column);
}

function formatNumber(n: number): string {
  if (Number.isInteger(n)) return String(n);
  // Go's strconv.FormatFloat(f, 'g', -1, 64) for the common cases
  const s = String(n);
  return s.includes('e') ? s.replace(/e([+-])(\d)$/, 'e$10$2') : s;
}

export function yamlString(s: string, indent: number, column: number): string {
  if (s.includes('\n') && !hasSpecial(s)) return literal(s, indent);
  if (resolvesToNonString(s) || hasSpecial(s)) return doubleQuoted(s);
  if (plainAllowed(s)) return fold(s, indent, column, false);
  return fold(s, indent, column, true);
}

function hasSpecial(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x0a) continue;
    if (c < 0x20 || c === 0x7f || c === 0xfeff) return true;
  }
  return false;
}

function literal(s: string, indent: number): string {
  let chomp = '-';
  if (s.endsWith('\n')) chomp = s.endsWith('\n\n') || s === '\n' ? '+' : '';
  const body = chomp === '' ? s.slice(0, -1) : chomp === '+' ? s.slice(0, -1) : s;
  const indicator = s.startsWith(' ') || s.startsWith('\n') ? '2' : '';
  const pad = ' '.repeat(indent);
  const lines = body.split('\n').map((l) => (l === '' ? '' : pad + l));
  return `|${indicator}${chomp}\n${lines.join('\n')}`;
}

function doubleQuoted(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (c === 0x09) out += '\\t';
    else if (c === 0x0a) out += '\\n';
    else if (c === 0x0d) out += '\\r';
    else if (c === 0x00) out += '\\0';
    else if (c < 0x20 || c === 0x7f) out += '\\x' + c.toString(16).toUpperCase().padStart(2, '0');
    else if (c === 0xfeff) out += '\\uFEFF';
    else out += ch;
  }
  return out + '"';
}

/** Plain or single-quoted text, breaking at a space once past column 80 as go-yaml does. */
function fold(s: string, indent: number, column: number, quoted: boolean): string {
  const text = quoted ? s.replace(/'/g, "''") : s;
  let out = quoted ? "'" : '';
  let col = column + out.length;
  let prevSpace = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === ' ') {
      if (!prevSpace && col > BEST_WIDTH && i + 1 < text.length && text[i + 1] !== ' ' && i !== 0) {
        out += '\n' + ' '.repeat(indent);
        col = indent;
      } else {
        out += ch;
        col++;
      }
      prevSpace = true;
    } else {
      out += ch;
      col++;
      prevSpace = false;
    }
  }
  return quoted ? out + "'" : out;
}

const NON_STRINGS = new Set([
  '', '~', 'null', 'Null', 'NULL',
  'y', 'Y', 'yes', 'Yes', 'YES', 'on', 'On', 'ON', 'true', 'True', 'TRUE',
  'n', 'N', 'no', 'No', 'NO', 'off', 'Off', 'OFF', 'false', 'False', 'FALSE',
  '.nan', '.NaN', '.NAN', '.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF', '-.inf', '-.Inf', '-.INF', '<<',
]);
const INT_RE = /^[-+]?(0[xX][0-9a-fA-F_]+|0[oO]?[0-7_]+|0[bB][01_]+|[0-9][0-9_]*)$/;
const FLOAT_RE = /^[-+]?(([0-9][0-9_]*)?\.?[0-9_]*([eE][-+]?[0-9]+)?|inf|infinity|nan)$/i;
const TIMESTAMP_RE = /^\d{4}-\d{1,2}-\d{1,2}([Tt ]\d{1,2}:\d{1,2}:\d{1,2}(\.\d+)?(Z|[-+]\d{1,2}(:\d{2})?)?)?$/;
const BASE60_RE = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;

function resolvesToNonString(s: string): boolean {
  if (NON_STRINGS.has(s)) return true;
  const c = s[0];
  if (!'+-.0123456789'.includes(c)) return false;
  if (INT_RE.test(s)) return true;
  if (/[0-9]/.test(s) && FLOAT_RE.test(s)) return true;
  if (TIMESTAMP_RE.test(s)) return true;
  if (BASE60_RE.test(s)) return true;
  return false;
}

function isBlank(ch: string | undefined): boolean {
  return ch === undefined || ch === ' ' || ch === '\t' || ch === '\n';
}

/** go-yaml's yaml_emitter_analyze_scalar, reduced to the block-context plain check. */
function plainAllowed(s: string): boolean {
  if (s.startsWith('---') || s.startsWith('...')) return false;
  if (s[0] === ' ' || s[s.length - 1] === ' ') return false;
  const first = s[0];
  if ('#,[]{}&*!|>\'"%@`'.includes(first)) return false;
  if ((first === '?' || first === ':' || first === '-') && isBlank(s[1])) return false;
  for (let i = 1; i < s.length; i++) {
    const ch = s[i];
    if (ch === ':' && isBlank(s[i + 1])) return false;
    if (ch === '#' && (s[i - 1] === ' ' || s[i - 1] === '\t')) return false;
  }
  return true;
}

function isLetter(ch: string): boolean {
  return /\p{L}/u.test(ch);
}
function isDigit(ch: string): boolean {
  return ch >= '0' && ch <= '9';
}

/** go-yaml v2 keyList.Less: letters after non-letters, digit runs compared as numbers. */
export function goYamlKeyLess(a: string, b: string): number {
  const ar = [...a];
  const br = [...b];
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) continue;
    const al = isLetter(ar[i]);
    const bl = isLetter(br[i]);
    if (al && bl) return ar[i] < br[i] ? -1 : 1;
    if (al || bl) return bl ? -1 : 1;
    let an = 0;
    let bn = 0;
    if (ar[i] === '0' || br[i] === '0') {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]); j--) {
        if (ar[j] !== '0') {
          an = 1;
          bn = 1;
          break;
        }
      }
    }
    let ai = i;
    let bi = i;
    for (; ai < ar.length && isDigit(ar[ai]); ai++) an = an * 10 + Number(ar[ai]);
    for (; bi < br.length && isDigit(br[bi]); bi++) bn = bn * 10 + Number(br[bi]);
    if (an !== bn) return an < bn ? -1 : 1;
    if (ai !== bi) return ai < bi ? -1 : 1;
    return ar[i] < br[i] ? -1 : 1;
  }
  return ar.length === br.length ? 0 : ar.length < br.length ? -1 : 1;
}
