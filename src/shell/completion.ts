// Tab completion: command names, kubectl (through its own completer), variables, file names.
import type { Cluster, FileSystem } from '../cluster/types.ts';
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
  /** what the completion function wrote to the terminal (stderr) before completing */
  message?: string;
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
  const typed = cmd;
  const aliased = sh.aliases.get(cmd);
  if (aliased) {
    const parts = aliased.trim().split(/\s+/);
    cmd = parts[0];
    rest = [...parts.slice(1), ...rest];
  }
  if (cmd === 'kubectl') {
    // programmable completion only once kubectl's script registered __start_kubectl for this word
    const spec = sh.completion.specs.get(typed) ?? (typed !== 'kubectl' ? sh.completion.specs.get('kubectl') : undefined);
    if (!spec || !/-F\s+__start_kubectl\b/.test(spec)) return files();
    if (!sh.completion.bashCompletion) {
      // the V2 script's fallback calls bash-completion's helper; `-o default` then gives file names
      return { ...files(), message: 'bash: _get_comp_words_by_ref: command not found\n' };
    }
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

// ---------- programmable completion state (bash-completion, `complete`, kubectl's script) ----------

/** What one shell has loaded: bash-completion's functions and the `complete` specs registered. */
export interface CompletionState {
  /** /usr/share/bash-completion/bash_completion was sourced (_init_completion, _get_comp_words_by_ref exist) */
  bashCompletion: boolean;
  /** command → the `complete …` line that registered it (as `complete -p` prints it) */
  specs: Map<string, string>;
  /** kubectl's completion script was sourced (its __start_kubectl / __kubectl_* functions exist) */
  kubectlFunctions: boolean;
}

export const newCompletionState = (): CompletionState => ({ bashCompletion: false, specs: new Map(), kubectlFunctions: false });
export const cloneCompletionState = (s: CompletionState): CompletionState => ({ bashCompletion: s.bashCompletion, specs: new Map(s.specs), kubectlFunctions: s.kubectlFunctions });

export const BASH_COMPLETION_SCRIPT = '/usr/share/bash-completion/bash_completion';
export const BASH_COMPLETION_PROFILE = '/etc/profile.d/bash_completion.sh';
export const BASH_COMPLETION_COMPAT_DIR = '/etc/bash_completion.d';
export const KUBECTL_SPEC = 'complete -o default -F __start_kubectl kubectl';

/** kubectl's generated script (bash, V2): defines __start_kubectl and registers it. */
export const isKubectlScript = (text: string): boolean => /^# bash completion (V2 )?for kubectl|^__start_kubectl\s*\(\)/m.test(text);

/** The file is bash-completion's main script (by its path, or by what it defines). */
export const isBashCompletionScript = (path: string, text: string): boolean =>
  path === BASH_COMPLETION_SCRIPT || path === '/etc/bash_completion' || /BASH_COMPLETION_VERSINFO|^_init_completion\s*\(\)/m.test(text);

/** /etc/profile.d/bash_completion.sh: sources the main script when it is there. */
export const isBashCompletionProfile = (path: string, text: string): boolean => path === BASH_COMPLETION_PROFILE || (/\/usr\/share\/bash-completion\/bash_completion/.test(text) && /BASH_VERSION/.test(text));

/** Load bash-completion as its main script does: its functions, then the compat dir's files (kubectl's among them). */
export function loadBashCompletion(fs: FileSystem, state: CompletionState): void {
  state.bashCompletion = true;
  if (!fs.isDir(BASH_COMPLETION_COMPAT_DIR)) return;
  for (const name of fs.list(BASH_COMPLETION_COMPAT_DIR)) {
    const p = `${BASH_COMPLETION_COMPAT_DIR}/${name}`;
    if (fs.isDir(p)) continue;
    if (isKubectlScript(fs.read(p))) registerKubectl(state);
  }
}

export function registerKubectl(state: CompletionState): void {
  state.kubectlFunctions = true;
  state.specs.set('kubectl', KUBECTL_SPEC);
}

/**
 * What sourcing `path` (holding `text`) does to completion, when it is one of the files this shell knows
 * by heart; false: an ordinary script the shell should run.
 */
export function sourceCompletionFile(fs: FileSystem, state: CompletionState, path: string, text: string): boolean {
  if (isKubectlScript(text)) {
    registerKubectl(state);
    return true;
  }
  if (isBashCompletionScript(path, text)) {
    loadBashCompletion(fs, state);
    return true;
  }
  if (isBashCompletionProfile(path, text)) {
    if (fs.exists(BASH_COMPLETION_SCRIPT)) loadBashCompletion(fs, state);
    return true;
  }
  return false;
}

/** `type _init_completion` with bash-completion 2.1 loaded (bash 4.2's rendering of the function). */
export const INIT_COMPLETION_TYPE = `_init_completion is a function
_init_completion () 
{ 
    local exclude= flag outx errx inx OPTIND=1;
    while getopts "n:e:o:i:s" flag "$@"; do
        case $flag in 
            n)
                exclude+=$OPTARG
            ;;
            e)
                errx=$OPTARG
            ;;
            o)
                outx=$OPTARG
            ;;
            i)
                inx=$OPTARG
            ;;
            s)
                split=false;
                exclude+==
            ;;
        esac;
    done;
    COMPREPLY=();
    local redir="@(?([0-9])<|?([0-9&])>?(>)|>&)";
    _get_comp_words_by_ref -n "$exclude<>&" cur prev words cword;
    _variables && return 1;
    if [[ $cur == $redir* || $prev == $redir ]]; then
        local xspec;
        case $cur in 
            2'>'*)
                xspec=$errx
            ;;
            *'>'*)
                xspec=$outx
            ;;
            *'<'*)
                xspec=$inx
            ;;
            *)
                case $prev in 
                    2'>'*)
                        xspec=$errx
                    ;;
                    *'>'*)
                        xspec=$outx
                    ;;
                    *'<'*)
                        xspec=$inx
                    ;;
                esac
            ;;
        esac;
        cur="\${cur##$redir}";
        _filedir $xspec;
        return 1;
    fi;
    local i skip;
    for ((i=1; i < \${#words[@]}; 1))
    do
        if [[ \${words[i]} == $redir* ]]; then
            [[ \${words[i]} == $redir ]] && skip=2 || skip=1;
            words=("\${words[@]:0:i}" "\${words[@]:i+skip}");
            [[ $i -le $cword ]] && cword=$(( cword - skip ));
        else
            i=$(( ++i ));
        fi;
    done;
    [[ $cword -eq 0 ]] && return 1;
    prev=\${words[cword-1]};
    [[ -n \${split-} ]] && _split_longopt && split=true;
    return 0
}
`;

/** Functions bash-completion defines that `type` reports (the body is shown for _init_completion only). */
export const BASH_COMPLETION_FUNCTIONS = ['_init_completion', '_get_comp_words_by_ref', '_filedir', '_split_longopt', '_variables', '_known_hosts', '_longopt', '_command'];

/** What the startup scan may change in the shell besides completion. */
export interface StartupTarget {
  fs: FileSystem;
  home: string;
  completion: CompletionState;
  setVar(name: string, value: string, exported: boolean): void;
  setAlias(name: string, value: string): void;
}

/** rm/cp/mv -i from CentOS's root .bashrc: their prompts are not modelled, so the aliases are left out */
const SKIPPED_ALIASES = new Set(['rm', 'cp', 'mv']);

const unquote = (s: string) => s.replace(/^'(.*)'$/s, '$1').replace(/^"(.*)"$/s, '$1');

/**
 * A login shell's startup, cheaply: /etc/profile.d/bash_completion.sh, then ~/.bash_profile and ~/.bashrc
 * line by line — `source`/`.` of files (recursively), `source <(kubectl completion bash)`, `complete`,
 * `export`/assignments and aliases. Loops and conditions are not evaluated (a sourced file must exist).
 */
export function readStartupFiles(t: StartupTarget): void {
  const { fs } = t;
  const seen = new Set<string>();
  const expand = (p: string) => unquote(p).replace(/^~(?=\/|$)/, t.home).replace(/^\$\{?HOME\}?/, t.home);
  const sourceFile = (path: string, depth: number) => {
    if (seen.has(path) || depth > 4 || !fs.exists(path) || fs.isDir(path)) return;
    seen.add(path);
    const text = fs.read(path);
    if (sourceCompletionFile(fs, t.completion, path, text)) return;
    scan(text, depth);
  };
  const scan = (text: string, depth: number) => {
    for (const raw of text.split('\n')) {
      const line = raw.replace(/^\s+/, '');
      if (!line || line.startsWith('#')) continue;
      if (/(?:^|[;&|]\s*|then\s+)(?:source|\.)\s+<\(\s*kubectl\s+completion\s+bash\s*\)/.test(line) || /eval\s+"?\$\(kubectl completion bash\)"?/.test(line)) {
        registerKubectl(t.completion);
        continue;
      }
      const src = /(?:^|[;&|]\s*|then\s+)(?:source|\.)\s+("[^"]*"|'[^']*'|[^\s;&|]+)/.exec(line);
      if (src) {
        sourceFile(expand(src[1]!), depth + 1);
        continue;
      }
      const comp = /^complete\s+(.*\s)?(\S+)\s*$/.exec(line);
      if (comp && /-F\s+\S+/.test(line)) {
        if (/-F\s+__start_kubectl\b/.test(line) && !t.completion.kubectlFunctions) continue;
        t.completion.specs.set(comp[2]!, line.trim());
        continue;
      }
      const alias = /^alias\s+([A-Za-z0-9_.-]+)=('[^']*'|"[^"]*"|\S+)\s*$/.exec(line);
      if (alias) {
        if (!SKIPPED_ALIASES.has(alias[1]!)) t.setAlias(alias[1]!, unquote(alias[2]!));
        continue;
      }
      const assign = /^(export\s+)?([A-Za-z_][A-Za-z0-9_]*)=('[^']*'|"[^"]*"|[^\s;]*)\s*(?:#.*)?$/.exec(line);
      if (assign && assign[2] !== 'PATH') t.setVar(assign[2]!, expand(assign[3]!).replace(/\$\{?HOME\}?/g, t.home), !!assign[1]);
    }
  };
  if (fs.exists(BASH_COMPLETION_PROFILE)) sourceFile(BASH_COMPLETION_PROFILE, 0);
  sourceFile(`${t.home}/.bash_profile`, 0);
  sourceFile(`${t.home}/.bashrc`, 0);
}

/** What a fresh root login shell on a machine with these files gets (for lab checks): bash-completion loaded, kubectl completing. */
export function completionAtLogin(fs: FileSystem, home = '/root'): { bashCompletion: boolean; kubectl: boolean } {
  const completion = newCompletionState();
  readStartupFiles({ fs, home, completion, setVar: () => {}, setAlias: () => {} });
  const spec = completion.specs.get('kubectl');
  return { bashCompletion: completion.bashCompletion, kubectl: completion.bashCompletion && !!spec && /-F\s+__start_kubectl\b/.test(spec) };
}
