// Vim patterns ('magic', the default) as JavaScript regular expressions, for / ? n N * # and :s.

export interface VimPattern {
  re: RegExp;
  source: string;
}

/** `\(a\|b\)\+` → `(a|b)+`; `(`, `|`, `+`, `?`, `{` stand for themselves as in Vim. Null when invalid. */
export function vimPattern(pat: string, ignoreCase = false): VimPattern | null {
  let out = '';
  let icase = ignoreCase;
  for (let i = 0; i < pat.length; i++) {
    const c = pat[i];
    if (c === '\\') {
      const n = pat[++i];
      if (n === undefined) out += '\\\\';
      else if ('()|+?{'.includes(n)) out += n;
      else if (n === '=') out += '?';
      else if (n === '}') out += '}';
      else if (n === '<' || n === '>') out += '\\b';
      else if (n === 'c') icase = true;
      else if (n === 'C') icase = false;
      else if (n === 'a') out += '[A-Za-z]';
      else if (n === 'A') out += '[^A-Za-z]';
      else if (n === 'h') out += '[A-Za-z_]';
      else if (n === 'x') out += '[0-9A-Fa-f]';
      else if (n === 'e') out += '\\x1b';
      else if (n === 't') out += '\\t';
      else if ('sSdDwWnr'.includes(n)) out += '\\' + n;
      else if (n === '/') out += '\\/';
      else out += /[A-Za-z0-9]/.test(n) ? n : '\\' + n;
    } else if ('()|+?{}'.includes(c)) out += '\\' + c;
    else if (c === '[') {
      // a collection stays as it is, up to its closing bracket
      const end = pat.indexOf(']', i + (pat[i + 1] === '^' ? 3 : 2));
      if (end < 0) out += '\\[';
      else {
        out += pat.slice(i, end + 1).replace(/\\(?![\]\\^-])/g, '\\\\');
        i = end;
      }
    } else out += c;
  }
  try {
    return { re: new RegExp(out, icase ? 'gi' : 'g'), source: pat };
  } catch {
    return null;
  }
}

/** All match starts in `line`. */
export function matchStarts(re: RegExp, line: string): number[] {
  const starts: number[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(line); m; m = re.exec(line)) {
    starts.push(m.index);
    if (m[0] === '') re.lastIndex++;
  }
  return starts;
}

/** A replacement of :s: & and \0 the match, \1..\9 groups, \r a line break, \& \\ \/ literal. */
export function expandReplacement(rep: string, m: RegExpExecArray): string {
  let out = '';
  for (let i = 0; i < rep.length; i++) {
    const c = rep[i];
    if (c === '&') out += m[0];
    else if (c === '\\' && i + 1 < rep.length) {
      const n = rep[++i];
      if (/[0-9]/.test(n)) out += m[Number(n)] ?? '';
      else if (n === 'r' || n === 'n') out += '\n';
      else if (n === 't') out += '\t';
      else out += n;
    } else out += c;
  }
  return out;
}
