// JSON output as Go's json.MarshalIndent prints it: 4-space indent, HTML-safe escapes, optional sorted keys.

export function toJson(value: unknown, opts: { sortKeys?: boolean; indent?: string } = {}): string {
  const indent = opts.indent ?? '    ';
  const sortKeys = opts.sortKeys ?? true;
  const out: string[] = [];
  write(value, '', indent, sortKeys, out);
  return out.join('') + '\n';
}

function write(v: unknown, pad: string, indent: string, sortKeys: boolean, out: string[]): void {
  if (v === null || v === undefined) {
    out.push('null');
  } else if (typeof v === 'string') {
    out.push(goQuote(v));
  } else if (typeof v === 'number' || typeof v === 'boolean') {
    out.push(String(v));
  } else if (Array.isArray(v)) {
    if (v.length === 0) return void out.push('[]');
    const inner = pad + indent;
    out.push('[\n');
    v.forEach((item, i) => {
      out.push(inner);
      write(item, inner, indent, sortKeys, out);
      out.push(i < v.length - 1 ? ',\n' : '\n');
    });
    out.push(pad + ']');
  } else {
    const obj = v as Record<string, unknown>;
    let keys = Object.keys(obj).filter((k) => obj[k] !== undefined);
    if (sortKeys) keys = keys.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    if (keys.length === 0) return void out.push('{}');
    const inner = pad + indent;
    out.push('{\n');
    keys.forEach((k, i) => {
      out.push(`${inner}${goQuote(k)}: `);
      write(obj[k], inner, indent, sortKeys, out);
      out.push(i < keys.length - 1 ? ',\n' : '\n');
    });
    out.push(pad + '}');
  }
}

export function goQuote(s: string): string {
  return JSON.stringify(s).replace(/[<>&\u2028\u2029]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}
