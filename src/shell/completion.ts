// Tab completion: command names, kubectl (through its own completer), variables, file names.
import type { Cluster } from '../cluster/types.ts';
import type { Shell } from './executor.ts';
import { joinPath } from './paths.ts';

export type KubectlCompleter = (words: string[], cluster: Cluster) => string[];

export interface CompletionResult {
  /** index in the line where the word being completed starts */
  start: number;
  /** the word as typed (unquoted) */
  word: string;
  /** full replacement words, sorted and unique */
  candidates: string[];
  /** what to show when listing (file names show their last component, as readline does) */
  display: string[];
  /** file-name completion: a directory gets `/` and no space */
  files: boolean;
}

interface Tok {
  start: number;
  value: string;
}

/** Split the text before the cursor into the words of the command being typed. */
export function currentWords(text: string): Tok[] {
  let words: Tok[] = [];
  let cur: Tok | null = null;
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = null;
      else if (c === '\\' && quote === '"' && i + 1 < text.length) cur!.value += text[++i];
      else cur!.value += c;
      continue;
    }
    if (c === ' ' || c === '\t') {
      if (cur) words.push(cur);
      cur = null;
      continue;
    }
    if (c === '|' || c === ';' || c === '&' || c === '(' || c === ')' || c === '`' || c === '<' || c === '>') {
      if (cur) words.push(cur);
      cur = null;
      // a redirect's target is a file name, not the next command word
      if (c !== '<' && c !== '>') words = [];
      else words.push({ start: i, value: c });
      continue;
    }
    if (c === '$' && text[i + 1] === '(') {
      if (cur) words.push(cur);
      cur = null;
      words = [];
      i++;
      continue;
    }
    if (!cur) cur = { start: i, value: '' };
    if (c === "'" || c === '"') quote = c;
    else if (c === '\\' && i + 1 < text.length) cur.value += text[++i];
    else cur.value += c;
  }
  words.push(cur ?? { start: text.length, value: '' });
  return words;
}

const commonPrefix = (xs: string[]) => xs.reduce((p, x) => {
  let i = 0;
  while (i < p.length && i < x.length && p[i] === x[i]) i++;
  return p.slice(0, i);
});

export { commonPrefix };

function fileCandidates(sh: Shell, word: string, dirsOnly: boolean): { candidates: string[]; display: string[] } {
  const slash = word.lastIndexOf('/');
  const dirPart = slash >= 0 ? word.slice(0, slash + 1) : '';
  const base = slash >= 0 ? word.slice(slash + 1) : word;
  const home = sh.getVar('HOME') ?? '/root';
  const dirPath = joinPath(sh.cwd, (dirPart.startsWith('~') ? home + dirPart.slice(1) : dirPart) || '.');
  const fs = sh.fs;
  if (!fs.isDir(dirPath)) return { candidates: [], display: [] };
  const out: { c: string; d: string }[] = [];
  for (const name of fs.list(dirPath)) {
    if (!name.startsWith(base)) continue;
    if (name.startsWith('.') && !base.startsWith('.')) continue;
    const isDir = fs.isDir(joinPath(dirPath, name));
    if (dirsOnly && !isDir) continue;
    out.push({ c: dirPart + name + (isDir ? '/' : ''), d: name + (isDir ? '/' : '') });
  }
  return { candidates: out.map((o) => o.c), display: out.map((o) => o.d) };
}

/** Complete the word before `cursor` in `line`. */
export function complete(line: string, cursor: number, sh: Shell, kubectlComplete: KubectlCompleter): CompletionResult {
  const toks = currentWords(line.slice(0, cursor));
  const last = toks[toks.length - 1];
  const word = last.value;
  const prev = toks.length > 1 ? toks[toks.length - 2].value : undefined;
  const result = (candidates: string[], files = false, display?: string[]): CompletionResult => {
    const seen = new Set<string>();
    const pairs = candidates.map((c, i) => ({ c, d: display?.[i] ?? c })).filter((p) => p.c.startsWith(word) && !seen.has(p.c) && seen.add(p.c));
    pairs.sort((a, b) => (a.c < b.c ? -1 : a.c > b.c ? 1 : 0));
    return { start: last.start, word, candidates: pairs.map((p) => p.c), display: pairs.map((p) => p.d), files };
  };
  if (word.startsWith('$') && !word.includes('/')) {
    const names = [...sh.vars.keys()].map((k) => '$' + k);
    return result(names);
  }
  const files = (dirsOnly = false) => {
    const f = fileCandidates(sh, word, dirsOnly);
    return result(f.candidates, true, f.display);
  };
  if (prev === '<' || prev === '>') return files();
  let words = toks.map((t) => t.value).filter((w) => w !== '<' && w !== '>');
  while (words.length > 1 && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[0])) words = words.slice(1);
  if (words.length <= 1) {
    if (word.includes('/')) return files();
    return result(sh.commandNames());
  }
  let [cmd, ...rest] = words;
  const aliased = sh.aliases.get(cmd);
  if (aliased) {
    const parts = aliased.trim().split(/\s+/);
    cmd = parts[0];
    rest = [...parts.slice(1), ...rest];
  }
  if (cmd === 'kubectl') {
    if (prev === '-f' || prev === '--filename' || prev === '-k' || prev === '--kustomize') return files();
    const m = /^(--filename=|-f=?)(.*)$/.exec(word);
    if (m && word.startsWith('--filename=')) {
      const f = fileCandidates(sh, m[2], false);
      return result(f.candidates.map((c) => m[1] + c), true, f.display);
    }
    return result(kubectlComplete(rest, sh.cluster));
  }
  if (cmd === 'cd') return files(true);
  if (cmd === 'sudo' || cmd === 'xargs' || cmd === 'which' || cmd === 'type') {
    if (rest.length <= 1) return result(sh.commandNames());
  }
  return files();
}

/** readline's listing: names in columns, filled down, two spaces apart. */
export function listColumns(items: string[], width: number): string {
  if (!items.length) return '';
  const max = Math.max(...items.map((s) => s.length)) + 2;
  const cols = Math.max(1, Math.floor(width / max));
  const rows = Math.ceil(items.length / cols);
  let out = '';
  for (let r = 0; r < rows; r++) {
    let line = '';
    for (let c = 0; c < cols; c++) {
      const i = c * rows + r;
      if (i >= items.length) break;
      const last = c === cols - 1 || (c + 1) * rows + r >= items.length;
      line += last ? items[i] : items[i].padEnd(max);
    }
    out += line + '\n';
  }
  return out;
}
