// Field paths into API objects: `spec.replicas`, `containers[0].image`, `conditions[type=Ready].status`, `labels["a.b/c"]`.

export type PathStep =
  | { kind: 'key'; key: string }
  | { kind: 'index'; index: number }
  | { kind: 'filter'; key: string; value: string };

const cache = new Map<string, PathStep[]>();

/** Parse a path; throws an Error whose message says where the path is malformed. */
export function parsePath(path: string): PathStep[] {
  const hit = cache.get(path);
  if (hit) return hit;
  const steps: PathStep[] = [];
  let i = 0;
  const fail = (why: string): never => {
    throw new Error(`bad path "${path}" at character ${i + 1}: ${why}`);
  };
  const ident = (): string => {
    const m = /^[A-Za-z0-9_$-]+/.exec(path.slice(i));
    if (!m) fail('expected a field name');
    i += m![0].length;
    return m![0];
  };
  const quoted = (): string => {
    const q = path[i];
    const end = path.indexOf(q!, i + 1);
    if (end < 0) fail('unterminated quote');
    const s = path.slice(i + 1, end);
    i = end + 1;
    return s;
  };
  if (path.startsWith('.')) i = 1;
  steps.push({ kind: 'key', key: path[i] === '[' ? fail('expected a field name') : ident() });
  while (i < path.length) {
    const c = path[i];
    if (c === '.') {
      i++;
      steps.push({ kind: 'key', key: ident() });
    } else if (c === '[') {
      i++;
      if (path[i] === '"' || path[i] === "'") {
        steps.push({ kind: 'key', key: quoted() });
      } else if (/\d/.test(path[i] ?? '')) {
        const m = /^\d+/.exec(path.slice(i))!;
        i += m[0].length;
        steps.push({ kind: 'index', index: Number(m[0]) });
      } else {
        const key = ident();
        if (path[i] !== '=') fail('expected "=" in a [key=value] filter');
        i++;
        let value: string;
        if (path[i] === '"' || path[i] === "'") value = quoted();
        else {
          const m = /^[^\]]*/.exec(path.slice(i))!;
          value = m[0];
          i += value.length;
        }
        steps.push({ kind: 'filter', key, value });
      }
      if (path[i] !== ']') fail('expected "]"');
      i++;
    } else {
      fail(`unexpected "${c}"`);
    }
  }
  cache.set(path, steps);
  return steps;
}

/** The value at `path`, or undefined when any step is missing. */
export function getPath(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const step of parsePath(path)) {
    if (cur === null || cur === undefined) return undefined;
    if (step.kind === 'key') {
      if (typeof cur !== 'object') return undefined;
      cur = (cur as Record<string, unknown>)[step.key];
    } else if (step.kind === 'index') {
      if (!Array.isArray(cur)) return undefined;
      cur = cur[step.index];
    } else {
      if (!Array.isArray(cur)) return undefined;
      cur = cur.find((el) => el && typeof el === 'object' && String((el as Record<string, unknown>)[step.key]) === step.value);
    }
  }
  return cur;
}
