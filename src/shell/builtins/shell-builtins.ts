// Builtins that change or read the shell itself: cd, export, alias, history, type, source, xargs, ...
import type { ProgramContext } from '../../kubectl/context.ts';
import type { Shell } from '../executor.ts';
import { LoopControl, ReturnSignal } from '../loop-control.ts';
import { BASH_COMPLETION_FUNCTIONS, INIT_COMPLETION_TYPE, sourceCompletionFile } from '../completion.ts';
import { parse } from '../parser.ts';
import { joinPath } from '../paths.ts';
import { fsMessage } from '../messages.ts';
import { nano, vim } from '../editor/index.ts';
import { bg, fg, jobs, kill, wait } from './job-builtins.ts';

export type Builtin = (ctx: ProgramContext, sh: Shell) => Promise<number>;

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `'it'\''s'` quoting as bash prints in `alias` and `declare -x`. */
const squote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

const cd: Builtin = async (ctx, sh) => {
  let target = ctx.args[0];
  if (target === undefined || target === '~') target = sh.getVar('HOME') ?? '/root';
  let print = false;
  if (target === '-') {
    const old = sh.getVar('OLDPWD');
    if (!old) {
      ctx.err('bash: cd: OLDPWD not set\n');
      return 1;
    }
    target = old;
    print = true;
  }
  const path = joinPath(sh.cwd, target);
  if (!sh.fs.exists(path)) {
    ctx.err(`bash: cd: ${ctx.args[0]}: No such file or directory\n`);
    return 1;
  }
  if (!sh.fs.isDir(path)) {
    ctx.err(`bash: cd: ${ctx.args[0]}: Not a directory\n`);
    return 1;
  }
  sh.setVar('OLDPWD', sh.cwd);
  sh.exported.add('OLDPWD');
  sh.cwd = path;
  if (print) ctx.out(path + '\n');
  return 0;
};

const exportCmd: Builtin = async (ctx, sh) => {
  const args = ctx.args.filter((a) => a !== '-p');
  if (!args.length) {
    const names = [...sh.exported].filter((k) => sh.getVar(k) !== undefined).sort();
    ctx.out(names.map((k) => `declare -x ${k}="${sh.getVar(k)!.replace(/(["\\$`])/g, '\\$1')}"\n`).join(''));
    return 0;
  }
  let status = 0;
  for (const a of args) {
    const eq = a.indexOf('=');
    const name = eq < 0 ? a : a.slice(0, eq);
    if (!NAME.test(name)) {
      ctx.err(`bash: export: \`${a}': not a valid identifier\n`);
      status = 1;
      continue;
    }
    if (eq >= 0) sh.setVar(name, a.slice(eq + 1));
    sh.exported.add(name);
  }
  return status;
};

const unset: Builtin = async (ctx, sh) => {
  for (const a of ctx.args) {
    if (a.startsWith('-')) continue;
    sh.vars.delete(a);
    sh.exported.delete(a);
  }
  return 0;
};

const alias: Builtin = async (ctx, sh) => {
  if (!ctx.args.length || (ctx.args.length === 1 && ctx.args[0] === '-p')) {
    ctx.out([...sh.aliases].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => `alias ${k}=${squote(v)}\n`).join(''));
    return 0;
  }
  let status = 0;
  for (const a of ctx.args) {
    const eq = a.indexOf('=');
    if (eq < 0) {
      const v = sh.aliases.get(a);
      if (v === undefined) {
        ctx.err(`bash: alias: ${a}: not found\n`);
        status = 1;
      } else ctx.out(`alias ${a}=${squote(v)}\n`);
    } else sh.aliases.set(a.slice(0, eq), a.slice(eq + 1));
  }
  return status;
};

const unalias: Builtin = async (ctx, sh) => {
  if (ctx.args[0] === '-a') {
    sh.aliases.clear();
    return 0;
  }
  if (!ctx.args.length) {
    ctx.err('unalias: usage: unalias [-a] name [name ...]\n');
    return 2;
  }
  let status = 0;
  for (const a of ctx.args) {
    if (!sh.aliases.delete(a)) {
      ctx.err(`bash: unalias: ${a}: not found\n`);
      status = 1;
    }
  }
  return status;
};

const history: Builtin = async (ctx, sh) => {
  if (ctx.args[0] === '-c') {
    sh.history.length = 0;
    return 0;
  }
  let start = 0;
  if (ctx.args[0] !== undefined) {
    if (!/^\d+$/.test(ctx.args[0])) {
      ctx.err(`bash: history: ${ctx.args[0]}: numeric argument required\n`);
      return 1;
    }
    start = Math.max(0, sh.history.length - Number(ctx.args[0]));
  }
  ctx.out(sh.history.slice(start).map((h, i) => `${String(start + i + 1).padStart(5)}  ${h}\n`).join(''));
  return 0;
};

/** A function as bash prints it for `type`: `name () ` then its body, one command per line. */
function functionText(sh: Shell, name: string): string {
  const f = sh.functions.get(name);
  if (!f) return '';
  const body = f.body;
  if (body.type === 'group' && body.body.every((item) => item.text)) {
    const cmds = body.body.map((item) => `    ${item.text}${item.background ? ' &' : ''}`);
    return `${name} () \n{ \n${cmds.map((c, i) => (i < cmds.length - 1 && !c.endsWith('&') ? `${c};` : c)).join('\n')}\n}\n`;
  }
  return `${f.text}\n`;
}

/** `return [n]`: leave the function being run with status n (default: the last command's). */
const returnCmd: Builtin = async (ctx, sh) => {
  const arg = ctx.args[0];
  if (arg !== undefined && !/^-?\d+$/.test(arg)) {
    ctx.err(`bash: return: ${arg}: numeric argument required\n`);
    if (sh.localFrames.length) throw new ReturnSignal(2);
    return 2;
  }
  if (!sh.localFrames.length) {
    ctx.err("bash: return: can only `return' from a function or sourced script\n");
    return 1;
  }
  throw new ReturnSignal(arg === undefined ? sh.status : ((Number(arg) % 256) + 256) % 256);
};

/** `local NAME[=VALUE]...`: variables that go back to their old values when the function returns. */
const local: Builtin = async (ctx, sh) => {
  const frame = sh.localFrames.at(-1);
  if (!frame) {
    ctx.err('bash: local: can only be used in a function\n');
    return 1;
  }
  let status = 0;
  for (const a of ctx.args) {
    const eq = a.indexOf('=');
    const name = eq < 0 ? a : a.slice(0, eq);
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      ctx.err(`bash: local: \`${a}': not a valid identifier\n`);
      status = 1;
      continue;
    }
    if (!frame.has(name)) frame.set(name, sh.vars.get(name));
    sh.setVar(name, eq < 0 ? '' : a.slice(eq + 1));
  }
  return status;
};

/** `:` does nothing and succeeds (its arguments are still expanded): `while :; do ...; done`. */
const colon: Builtin = async () => 0;

/**
 * `read [-r] [-p prompt] [name...]`: one line of stdin (piped, redirected, or typed), split on blanks
 * into the names (the last takes the rest; none: REPLY, unsplit). Status 1 at end of input.
 */
const read: Builtin = async (ctx, sh) => {
  const names: string[] = [];
  let raw = false;
  let prompt = '';
  const args = ctx.args;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (names.length || !a.startsWith('-') || a === '-') {
      names.push(a);
      continue;
    }
    if (a === '--') {
      names.push(...args.slice(i + 1));
      break;
    }
    for (let k = 1; k < a.length; k++) {
      const f = a[k]!;
      if (f === 'r') raw = true;
      else if (f === 's') continue;
      else if (f === 'p' || f === 't' || f === 'n' || f === 'd' || f === 'u') {
        const v = k + 1 < a.length ? a.slice(k + 1) : args[++i];
        if (v === undefined) {
          ctx.err(`bash: read: -${f}: option requires an argument\nread: usage: read [-ers] [-a array] [-d delim] [-i text] [-n nchars] [-N nchars] [-p prompt] [-t timeout] [-u fd] [name ...]\n`);
          return 2;
        }
        if (f === 'p') prompt = v;
        break;
      } else {
        ctx.err(`bash: read: -${f}: invalid option\nread: usage: read [-ers] [-a array] [-d delim] [-i text] [-n nchars] [-N nchars] [-p prompt] [-t timeout] [-u fd] [name ...]\n`);
        return 2;
      }
    }
  }
  for (const n of names) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(n)) {
      ctx.err(`bash: read: \`${n}': not a valid identifier\n`);
      return 1;
    }
  }
  let got: { line: string; newline: boolean } | null = null;
  if (ctx.readInputLine) got = ctx.readInputLine();
  else if (ctx.readLine) {
    // the prompt goes to the terminal only when input comes from it
    if (prompt) ctx.err(prompt);
    const typed = await ctx.readLine();
    got = typed === null ? null : { line: typed, newline: true };
  }
  let line = got?.line ?? '';
  // without -r a backslash keeps the next character as it is
  if (!raw) line = line.replace(/\\(.)/g, '$1').replace(/\\$/, '');
  if (!names.length) sh.setVar('REPLY', line);
  else {
    let rest = line.replace(/^[ \t\n]+/, '');
    names.forEach((n, i) => {
      if (i === names.length - 1) {
        sh.setVar(n, rest.replace(/[ \t\n]+$/, ''));
        return;
      }
      const m = /^([^ \t\n]*)[ \t\n]*/.exec(rest)!;
      sh.setVar(n, m[1]!);
      rest = rest.slice(m[0].length);
    });
  }
  return got && got.newline ? 0 : 1;
};

/** `break [n]` / `continue [n]`: leave (or go on with) the n-th enclosing loop, as bash does. */
function loopControl(kind: 'break' | 'continue'): Builtin {
  return async (ctx, sh) => {
    const arg = ctx.args[0];
    let n = 1;
    if (arg !== undefined) {
      if (!/^-?\d+$/.test(arg)) {
        ctx.err(`bash: ${kind}: ${arg}: numeric argument required\n`);
        return 128;
      }
      n = Number(arg);
      if (n < 1) {
        ctx.err(`bash: ${kind}: ${arg}: loop count out of range\n`);
        return 1;
      }
    }
    if (sh.loopDepth === 0) {
      ctx.err(`bash: ${kind}: only meaningful in a \`for', \`while', or \`until' loop\n`);
      return 0;
    }
    throw new LoopControl(kind, Math.min(n, sh.loopDepth));
  };
}

const clear: Builtin = async (ctx, sh) => {
  if (sh.onClear && ctx.tty) sh.onClear();
  else if (ctx.tty) ctx.out('\x1b[H\x1b[2J\x1b[3J');
  return 0;
};

const type: Builtin = async (ctx, sh) => {
  let status = 0;
  // -t: one word per name (alias, keyword, function, builtin, file); nothing (status 1) when not found
  const terse = ctx.args[0] === '-t';
  for (const name of terse ? ctx.args.slice(1) : ctx.args) {
    const fn = !sh.container && !sh.aliases.has(name) && ((sh.completion.bashCompletion && BASH_COMPLETION_FUNCTIONS.includes(name)) || (sh.completion.kubectlFunctions && /^__(start_kubectl|kubectl_\w+)$/.test(name)));
    if (fn) {
      ctx.out(terse ? 'function\n' : name === '_init_completion' ? INIT_COMPLETION_TYPE : `${name} is a function\n`);
      continue;
    }
    const r = sh.lookup(name);
    if (terse) {
      if (r) ctx.out(`${r.kind === 'program' ? 'file' : r.kind}\n`);
      else status = 1;
      continue;
    }
    if (!r) {
      ctx.err(`bash: type: ${name}: not found\n`);
      status = 1;
    } else if (r.kind === 'alias') ctx.out(`${name} is aliased to \`${r.value}'\n`);
    else if (r.kind === 'builtin') ctx.out(`${name} is a shell builtin\n`);
    else if (r.kind === 'keyword') ctx.out(`${name} is a shell keyword\n`);
    else if (r.kind === 'function') ctx.out(`${name} is a function\n${functionText(sh, name)}`);
    else ctx.out(`${name} is ${r.path}\n`);
  }
  return status;
};

const SHELL_ONLY = new Set(['cd', 'export', 'unset', 'alias', 'unalias', 'history', 'type', 'source', '.', 'eval', 'exit', 'logout', 'set', 'help', 'jobs', 'fg', 'bg', 'wait']);

const which: Builtin = async (ctx, sh) => {
  let status = 0;
  for (const name of ctx.args) {
    const r = sh.lookup(name);
    if (r?.kind === 'alias') {
      ctx.out(`alias ${name}=${squote(r.value)}\n`);
      const target = r.value.split(' ')[0];
      const t = sh.lookup(target);
      if (t?.kind === 'program') ctx.out(`\t${t.path}\n`);
      else if (t?.kind === 'builtin' && !SHELL_ONLY.has(target)) ctx.out(`\t/usr/bin/${target}\n`);
    } else if (r?.kind === 'program') ctx.out(r.path + '\n');
    else if (r?.kind === 'builtin' && !SHELL_ONLY.has(name)) ctx.out(`/usr/bin/${name}\n`);
    else {
      ctx.err(`/usr/bin/which: no ${name} in (${sh.getVar('PATH') ?? ''})\n`);
      status = 1;
    }
  }
  return status;
};

const HELP = `kubeclass shell — a small bash for the course's cluster.

  kubectl ...           talk to the simulated cluster (Tab completes commands, kinds and names)
  lab status|hint|reset follow the lab on this page (when a lab is open)
  sleep N               let N seconds pass (10, 1.5, 2m)
  clear, history        clear the screen; list what you typed (↑/↓ recall it)

Files live on this machine only: ls, cat, echo, mkdir, rm, cp, mv, touch, cd, pwd,
edit them with vi (i to type, Esc, :wq to save) or nano (^O saves, ^X exits),
or write them with  cat > web.yaml <<EOF ... EOF  or  sed -i 's/a/b/' web.yaml.
Filters for pipes: grep, head, tail, wc, cut, sort, uniq, tr, base64, sed, awk, tee.
Shell: quotes, $VAR, $(...), |, >, >>, 2>&1, <<EOF, &&, ||, ;, for/while/if, alias k=kubectl.
Jobs: cmd & runs in the background (kubectl port-forward ... &); jobs, fg, kill %1, wait.
Network: curl on the machines; inside a pod the image's own curl, wget, nslookup.
Keys: ←/→ Home/End, Ctrl-A/E/U/K/W, Ctrl-C interrupts, Ctrl-L clears, Tab completes.
`;

const help: Builtin = async (ctx) => {
  ctx.out(HELP);
  return 0;
};

/** In an ssh session `exit` goes back to the previous machine; in the first shell it keeps the session open. */
const exit: Builtin = async (ctx, sh) => {
  const box = sh.container;
  if (box && !box.session.interactive) return ctx.args[0] !== undefined ? Number(ctx.args[0]) & 255 : sh.status;
  if (box) {
    // leaving `kubectl exec -it`: bash says `exit`; kubectl reports a non-zero status
    const code = ctx.args[0] !== undefined ? Number(ctx.args[0]) & 255 : sh.status;
    if (box.kind === 'bash') ctx.err('exit\n');
    sh.logout();
    // an attached session (kubectl run -it) ends the container's main process; kubectl reports the rest
    if (box.session.detached) return box.session.detached(code, ctx);
    if (code !== 0) ctx.err(`command terminated with exit code ${code}\n`);
    return code;
  }
  const left = sh.logout();
  if (left) ctx.err(`logout\nConnection to ${left} closed.\n`);
  return 0;
};

const source: Builtin = async (ctx, sh) => {
  const file = ctx.args[0];
  if (file === undefined) {
    ctx.err('bash: source: filename argument required\nsource: usage: source filename [arguments]\n');
    return 2;
  }
  let text: string;
  try {
    text = sh.fs.read(joinPath(sh.cwd, file));
  } catch (e) {
    ctx.err(`bash: ${file}: ${fsMessage(e) ?? String(e)}\n`);
    return 1;
  }
  // kubectl's script and bash-completion's own files change the completion state instead of running
  if (sourceCompletionFile(sh.fs, sh.completion, joinPath(sh.cwd, file), text)) return 0;
  return runText(text, ctx, sh);
};

/** `complete`: show (-p), remove (-r) or register completion specs; only -F functions complete anything here. */
const complete: Builtin = async (ctx, sh) => {
  const args = ctx.args;
  const specs = sh.completion.specs;
  if (!args.length || (args.length === 1 && args[0] === '-p')) {
    ctx.out([...specs.values()].map((l) => `${l}\n`).join(''));
    return 0;
  }
  const names = args.filter((a, i) => !a.startsWith('-') && !/^-[FoAWGCXPS]$|^-o$/.test(args[i - 1] ?? ''));
  if (args[0] === '-p' || args[0] === '-r') {
    let status = 0;
    for (const n of names) {
      if (!specs.has(n)) {
        ctx.err(`bash: complete: ${n}: no completion specification\n`);
        status = 1;
      } else if (args[0] === '-p') ctx.out(`${specs.get(n)}\n`);
      else specs.delete(n);
    }
    if (args[0] === '-r' && !names.length) specs.clear();
    return status;
  }
  const spec = `complete ${args.filter((a) => !names.includes(a)).join(' ')}`;
  for (const n of names) specs.set(n, `${spec} ${n}`);
  return 0;
};

/** `exec bash` / `exec bash -l` / `exec $SHELL`: a fresh shell that reads the startup files again. */
const exec: Builtin = async (ctx, sh) => {
  const [cmd, ...rest] = ctx.args;
  if (cmd === undefined) return 0;
  const base = cmd.slice(cmd.lastIndexOf('/') + 1);
  if (base === 'bash' || base === 'sh' || base === '-bash') {
    if (rest.length && !rest.every((a) => a === '-l' || a === '--login' || a === '-i')) return sh.invoke([cmd, ...rest], { stdin: ctx.stdin, out: ctx.out, err: ctx.err, tty: ctx.tty });
    sh.readStartup();
    return 0;
  }
  return sh.invoke(ctx.args, { stdin: ctx.stdin, out: ctx.out, err: ctx.err, tty: ctx.tty });
};

/** We are root already; run the command. */
const sudo: Builtin = async (ctx, sh) => {
  const args = ctx.args.filter((a, i) => !(i === 0 && a === '-i'));
  if (!args.length) {
    ctx.err('usage: sudo -h | -K | -k | -V\n');
    return 1;
  }
  return sh.invoke(args, { stdin: ctx.stdin, out: ctx.out, err: ctx.err, tty: ctx.tty });
};

async function runText(text: string, ctx: ProgramContext, sh: Shell): Promise<number> {
  const r = parse(text, { final: true });
  if (r.kind === 'error') {
    ctx.err(`bash: ${r.message}\n`);
    return 2;
  }
  if (r.kind === 'incomplete') {
    ctx.err(`bash: ${r.error.eofMessage}\n`);
    return 2;
  }
  return sh.runList(r.list, { stdin: ctx.stdin, out: ctx.out, err: ctx.err, tty: ctx.tty });
}

const evalCmd: Builtin = async (ctx, sh) => runText(ctx.args.join(' '), ctx, sh);

/** xargs: append the words of stdin to the command and run it once (or per -n N words). */
const xargs: Builtin = async (ctx, sh) => {
  let i = 0;
  let per = Infinity;
  let noRunEmpty = false;
  for (; i < ctx.args.length; i++) {
    const a = ctx.args[i];
    if (a === '-n') per = Number(ctx.args[++i]);
    else if (/^-n\d+$/.test(a)) per = Number(a.slice(2));
    else if (a === '-r' || a === '--no-run-if-empty') noRunEmpty = true;
    else break;
  }
  const cmd = ctx.args.slice(i);
  if (!cmd.length) cmd.push('echo');
  const words = (ctx.stdin ?? '').split(/\s+/).filter(Boolean);
  if (!words.length && noRunEmpty) return 0;
  let status = 0;
  const io = { stdin: null, out: ctx.out, err: ctx.err, tty: ctx.tty };
  if (!words.length) return sh.invoke(cmd, io);
  for (let k = 0; k < words.length; k += per === Infinity ? words.length : per) {
    const s = await sh.invoke([...cmd, ...words.slice(k, per === Infinity ? undefined : k + per)], io);
    if (s !== 0) status = 123;
  }
  return status;
};

const set: Builtin = async (ctx, sh) => {
  if (!ctx.args.length) {
    const names = [...sh.vars.keys()].sort();
    ctx.out(names.map((k) => `${k}=${sh.getVar(k)}\n`).join(''));
  }
  return 0;
};

export const shellBuiltins: Record<string, Builtin> = {
  '.': source,
  ':': colon,
  read,
  local,
  return: returnCmd,
  break: loopControl('break'),
  continue: loopControl('continue'),
  alias,
  bg,
  cd,
  clear,
  complete,
  eval: evalCmd,
  exec,
  exit,
  export: exportCmd,
  fg,
  help,
  history,
  jobs,
  kill,
  logout: exit,
  set,
  source,
  sudo,
  type,
  vi: vim,
  vim,
  nano,
  unalias,
  unset,
  wait,
  which,
  xargs,
};
