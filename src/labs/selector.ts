// Label selector matching for objects the API no longer lists (deleted pods seen on the watch).
import type { Labels } from '../cluster/types.ts';

type Requirement =
  | { op: 'eq' | 'ne'; key: string; value: string }
  | { op: 'in' | 'notin'; key: string; values: string[] }
  | { op: 'exists' | 'absent'; key: string };

/** Split on commas that are not inside parentheses. */
function terms(selector: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const c of selector) {
    if (c === '(') depth++;
    if (c === ')') depth--;
    if (c === ',' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out.map((t) => t.trim()).filter(Boolean);
}

/** Parse `a=b,c!=d,e in (f,g),h notin (i),j,!k`. Throws on malformed input. */
export function parseSelector(selector: string): Requirement[] {
  return terms(selector).map((t) => {
    let m = /^([^\s!=,()]+)\s*(==|=|!=)\s*([^\s,()]*)$/.exec(t);
    if (m) return { op: m[2] === '!=' ? 'ne' : 'eq', key: m[1]!, value: m[3]! };
    m = /^([^\s!=,()]+)\s+(in|notin)\s*\(([^)]*)\)$/.exec(t);
    if (m) return { op: m[2] as 'in' | 'notin', key: m[1]!, values: m[3]!.split(',').map((v) => v.trim()) };
    m = /^(!?)([^\s!=,()]+)$/.exec(t);
    if (m) return { op: m[1] ? 'absent' : 'exists', key: m[2]! };
    throw new Error(`unable to parse requirement: ${t}`);
  });
}

export function matchesSelector(labels: Labels | undefined, selector: string | undefined): boolean {
  if (!selector) return true;
  const l = labels ?? {};
  return parseSelector(selector).every((r) => {
    const has = Object.prototype.hasOwnProperty.call(l, r.key);
    switch (r.op) {
      case 'eq':
        return has && l[r.key] === r.value;
      case 'ne':
        return !has || l[r.key] !== r.value;
      case 'in':
        return has && r.values.includes(l[r.key]!);
      case 'notin':
        return !has || !r.values.includes(l[r.key]!);
      case 'exists':
        return has;
      case 'absent':
        return !has;
    }
  });
}
