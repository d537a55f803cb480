// Runs parsed command lists: redirects, pipes, && / ||, loops, variables, and program dispatch.
import type { AndOr, Command, CondExpr, FunctionDef, List, Pipeline, Redirect, SimpleCommand, Word } from './ast.ts';
import type { Cluster, FileSystem } from '../cluster/types.ts';
import type { ContainerSession, Program, ProgramContext } from '../kubectl/context.ts';
import { containerPrograms, notFoundText, shellKind } from './container.ts';
import { kubectl } from '../kubectl/index.ts';
import { arith, expandParts, expandPattern, expandWord, ExpansionError, type Expander } from './expand.ts';
import { parse, parseHeredocBody, parseWords } from './parser.ts';
import { joinPath } from './paths.ts';
import { fsMessage } from './messages.ts';
import { standardPrograms } from './builtins/index.ts';
import { shellBuiltins, type Builtin } from './builtins/shell-builtins.ts';
import type { ScreenHost } from './editor/screen.ts';
import { JobTable, SIGNALS, VirtualTimers, type Job } from './jobs.ts';
import type { Machine } from '../cluster/hosts/index.ts';
import { osPrograms, wall } from './programs/os-commands.ts';

/** Commands a package puts on PATH: on a machine they exist only once machine.os.hasCommand says so (bare machines lack them). */
const PACKAGE_COMMANDS = new Set(['kubectl', 'kubeadm', 'kubelet', 'docker', 'dockerd', 'containerd', 'ctr', 'crictl', 'runc', 'containerd-shim', 'containerd-shim-runc-v2', 'docker-proxy', 'docker-init', 'yum-config-manager', 'kubectl-convert', 'wget']);

/** Machine programs that must not run inside a container (they act on the machine). */
const MACHINE_ONLY = ['ssh', 'scp', 'docker', 'systemctl', 'journalctl', 'trace', 'kubeadm', ...Object.keys(osPrograms)];
import { newCompletionState, readStartupFiles, registerKubectl, cloneCompletionState, type CompletionState } from './completion.ts';
import { machinesOf } from '../cluster/hosts/index.ts';
import { LoopControl, ReturnSignal } from './loop-control.ts';

export type Writer = (s: string) => void;

export interface IO {
  stdin: string | null;
  /** where the commands of a compound command (a loop reading lines) are in a shared piped stdin */
  input?: { text: string; pos: number };
  out: Writer;
  err: Writer;
  /** stdout is the terminal */
  tty: boolean;
  /** false where stdout leaves the screen without a tty (exec without -t, ssh HOST CMD); else derived */
  screen?: boolean;
}

/** Thrown to unwind everything when Ctrl-C interrupts a command line. */
export class Interrupted extends Error {}

export interface ShellOptions {
  cluster: Cluster;
  realtime: boolean;
  host: string;
  programs: Record<string, Program>;
  columns: number;
}

const DEFAULT_ALIASES: [string, string][] = [
  ['egrep', 'egrep --color=auto'],
  ['fgrep', 'fgrep --color=auto'],
  ['grep', 'grep --color=auto'],
  ['l.', 'ls -d .* --color=auto'],
  ['ll', 'ls -l --color=auto'],
  ['ls', 'ls --color=auto'],
];

/** bash's reserved words (`type if` says "if is a shell keyword") */
const SHELL_KEYWORDS = ['if', 'then', 'else', 'elif', 'fi', 'for', 'in', 'while', 'until', 'do', 'done', 'case', 'esac', '[[', ']]'];

/** Builtins of every image shell (bash, dash, busybox ash) that this shell carries into a container. */
const CONTAINER_BUILTINS = [':', 'break', 'continue', 'read', 'return', 'local', 'cd', 'export', 'unset', 'exit', 'alias', 'unalias', 'type', 'set', 'source', '.', 'eval', 'jobs', 'fg', 'bg', 'kill', 'wait', 'echo', 'pwd', 'true', 'false', 'test', '[', 'printf'];

/** The state of one shell (variables, cwd, aliases, history) and the interpreter over it. */
export class Shell {
  /** headless typed transcript: the writer that stands for the terminal screen */
  transcriptOut?: (s: string) => void;
  readonly cluster: Cluster;
  readonly realtime: boolean;
  host: string;
  cwd = '/root';
  columns: number;
  status = 0;
  readonly vars = new Map<string, string>();
  readonly exported = new Set<string>();
  readonly aliases = new Map<string, string>(DEFAULT_ALIASES);
  history: string[] = [];
  readonly extraPrograms: Record<string, Program>;
  /** set by the terminal session: clear the screen (`clear`) */
  onClear: (() => void) | null = null;
  /** set by the interactive session while a command runs: full-screen programs (vi, nano) take the terminal here */
  screen: ScreenHost | undefined;
  /** set by runScript while a command runs: the script's next line, read by programs that read the terminal (vi) */
  nextInputLine: (() => string | null) | undefined;
  /** set by the interactive session while a command runs: a line the learner types (cooked mode) */
  typedLine: (() => Promise<string | null>) | undefined;
  /** set by the grader: runs at every step of a command (loops, pipelines, programs); throw to cut a runaway command off */
  onStep: (() => void) | undefined;
  /** set by a recorder: an editor saved a file (`host`: the machine, or `pod:<ns>/<pod>/<container>`) */
  onFileSaved: ((host: string, path: string, content: string) => void) | undefined;
  /** set by a recorder: a running program read this line from the terminal (a [y/N] answer) */
  onInputLine: ((line: string) => void) | undefined;
  /** set by submission replay: vi/nano/vim do not run; this stands for the editor session instead */
  replayEditor: ((ctx: ProgramContext) => Promise<number>) | undefined;
  private abort = new AbortController();
  /** background jobs started from this shell */
  readonly jobs = new JobTable();
  /** headless time shared with this shell's background jobs */
  timers: VirtualTimers;
  /** a background job's subshell (bash forks one for `cmd &`) */
  isFork = false;
  /** process ids handed to programs, shared with forks so they keep rising */
  private pids = { next: 4318 };
  /** `$!` */
  private lastBackgroundPid: number | undefined;
  /** command lines run so far (job notices wait for the line after a `kill`) */
  commandLine = 0;
  /** set by the terminal session: where a background job's output goes when it would go to the terminal */
  backgroundWriter: ((w: Writer) => Writer) | undefined;

  constructor(opts: ShellOptions) {
    this.cluster = opts.cluster;
    this.realtime = opts.realtime;
    this.host = opts.host;
    this.columns = opts.columns;
    this.extraPrograms = opts.programs;
    this.timers = new VirtualTimers(opts.cluster);
    const env: Record<string, string> = {
      HOME: '/root',
      HOSTNAME: this.host,
      LANG: 'en_US.UTF-8',
      LOGNAME: 'root',
      PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/root/bin',
      PWD: '/root',
      SHELL: '/bin/bash',
      SHLVL: '1',
      TERM: 'xterm-256color',
      USER: 'root',
      HISTSIZE: '1000',
    };
    for (const [k, v] of Object.entries(env)) {
      this.vars.set(k, v);
      this.exported.add(k);
    }
    this.initialVars = new Map(this.vars);
    this.readStartup();
  }

  /** the login environment (a fresh login after a reboot starts from it) */
  private initialVars: Map<string, string>;

  /** programmable completion loaded in this shell (bash-completion, `complete` specs) */
  completion: CompletionState = newCompletionState();

  /**
   * A login shell's startup files on the current machine (cheap scan, see readStartupFiles). Machines
   * outside the machine model (plain test clusters) keep completion on, as before startup files existed.
   */
  readStartup(): void {
    this.completion = newCompletionState();
    if (!machinesOf(this.cluster.hosts)?.machine(this.host)) {
      this.completion.bashCompletion = true;
      registerKubectl(this.completion);
      return;
    }
    readStartupFiles({
      fs: this.fs,
      home: this.vars.get('HOME') ?? '/root',
      completion: this.completion,
      setVar: (n, v, exported) => {
        this.vars.set(n, v);
        if (exported) this.exported.add(n);
      },
      setAlias: (n, v) => this.aliases.set(n, v),
    });
  }

  /** set while the session is inside a container (`kubectl exec -it … -- bash`) */
  container: { session: ContainerSession; kind: 'bash' | 'ash' | 'dash'; programs: Record<string, Program>; pid: number } | undefined;

  get fs(): FileSystem {
    if (this.container) return this.container.session.env.fs;
    const h = this.cluster.hosts.get(this.host);
    if (!h) throw new Error(`no host ${this.host}`);
    return h.fs;
  }

  get signal(): AbortSignal {
    return this.abort.signal;
  }

  /** Ctrl-C: abort whatever runs now. */
  interrupt(): void {
    this.abort.abort();
  }

  /** A fresh signal for the next command line. */
  resetSignal(): void {
    if (this.abort.signal.aborted) this.abort = new AbortController();
  }

  getVar(name: string): string | undefined {
    if (name === '?') return String(this.status);
    if (name === '$') return '4242';
    if (name === '!') return this.lastBackgroundPid === undefined ? '' : String(this.lastBackgroundPid);
    if (name === '#') return String(this.positional.length);
    if (name === '0') return 'bash';
    if (name === '@' || name === '*') return this.positional.join(' ');
    if (/^[1-9]\d*$/.test(name)) return this.positional[Number(name) - 1] ?? '';
    if (name === 'PWD') return this.cwd;
    if (name === 'RANDOM') return String(this.cluster.random.int(32768));
    return this.vars.get(name);
  }

  setVar(name: string, value: string): void {
    this.vars.set(name, value);
  }

  env(extra?: Record<string, string>): Record<string, string> {
    const env: Record<string, string> = {};
    for (const k of this.exported) {
      const v = this.getVar(k);
      if (v !== undefined) env[k] = v;
    }
    return { ...env, ...extra };
  }

  /** Every command name the shell knows (for completion and `help`). */
  commandNames(): string[] {
    if (this.container) {
      // inside a container: the image's tools and the shell's own builtins
      const names = new Set<string>([...this.container.session.env.tools, ...CONTAINER_BUILTINS, ...this.aliases.keys()]);
      return [...names].sort();
    }
    const names = new Set<string>([...Object.keys(shellBuiltins), ...Object.keys(standardPrograms), 'kubectl', ...Object.keys(this.extraPrograms), ...this.aliases.keys()]);
    for (const n of [...names]) if (this.missingPackageCommand(n)) names.delete(n);
    for (const w of SHELL_KEYWORDS) names.add(w);
    return [...names].sort();
  }

  /** What a command name resolves to, for `type` and `which`. */
  lookup(name: string): { kind: 'alias'; value: string } | { kind: 'builtin' } | { kind: 'program'; path: string } | { kind: 'keyword' } | { kind: 'function'; text: string } | null {
    if (this.aliases.has(name)) return { kind: 'alias', value: this.aliases.get(name)! };
    const fn = this.container ? undefined : this.functions.get(name);
    if (fn && !SHELL_KEYWORDS.includes(name)) return { kind: 'function', text: fn.text };
    if (SHELL_KEYWORDS.includes(name) || name === '{' || name === '}' || name === '!') return { kind: 'keyword' };
    if (this.container) {
      if (CONTAINER_BUILTINS.includes(name)) return { kind: 'builtin' };
      const path = this.container.session.env.which(name);
      return path ? { kind: 'program', path } : null;
    }
    if (name in shellBuiltins || name === 'echo' || name === 'true' || name === 'false' || name === 'pwd' || name === 'test' || name === '[' || name === 'command') return { kind: 'builtin' };
    if (this.missingPackageCommand(name)) return null;
    if (name in this.extraPrograms) return { kind: 'program', path: `/usr/local/bin/${name}` };
    if (name === 'kubectl') return { kind: 'program', path: '/usr/bin/kubectl' };
    if (name in standardPrograms) return { kind: 'program', path: `/usr/bin/${name}` };
    return null;
  }

  /** The machine the shell is on (undefined for plain test hosts and inside containers). */
  private machine(): Machine | undefined {
    return this.container ? undefined : machinesOf(this.cluster.hosts)?.machine(this.host);
  }

  /** A package's command this machine has not installed (kubectl on a bare machine). */
  missingPackageCommand(name: string): boolean {
    if (!PACKAGE_COMMANDS.has(name)) return false;
    const m = this.machine();
    return !!m && !m.os.hasCommand(name);
  }

  private expander(io: IO): Expander {
    return {
      getVar: (n) => this.getVar(n),
      setVar: (n, v) => this.setVar(n, v),
      positional: () => this.positional,
      substitute: async (list) => {
        let buf = '';
        await this.runList(list, { stdin: null, out: (s) => (buf += s), err: io.err, tty: false });
        return buf;
      },
      processSubstitute: async (list) => {
        let buf = '';
        await this.runList(list, { stdin: null, out: (s) => (buf += s), err: io.err, tty: false });
        // bash hands out /dev/fd/63, 62, ...; here the output lands in a real file of that name
        const path = `/dev/fd/${63 - (this.procFiles.length % 10)}`;
        if (!this.fs.isDir('/dev/fd')) this.fs.mkdir('/dev/fd', { parents: true });
        this.fs.write(path, buf);
        this.procFiles.push(path);
        return path;
      },
      fs: this.fs,
      cwd: this.cwd,
      home: this.vars.get('HOME') ?? '/root',
    };
  }

  /** files made for `<(…)` during the current command line, removed when it ends */
  procFiles: string[] = [];

  /** Remove the `<(…)` files once the command line that used them is done. */
  cleanupProcFiles(): void {
    for (const p of this.procFiles) {
      try {
        this.fs.remove(p);
      } catch {
        // already gone
      }
    }
    this.procFiles = [];
  }

  private checkInterrupt(): void {
    this.onStep?.();
    if (this.abort.signal.aborted) throw new Interrupted();
  }

  async runList(list: List, io: IO): Promise<number> {
    for (const item of list) {
      this.checkInterrupt();
      this.status = item.background ? this.spawn(item, io) : await this.runAndOr(item, io);
    }
    return this.status;
  }

  /** A fresh process id (each program run takes one, as fork does). */
  nextPid(): number {
    return this.pids.next++;
  }

  /** A copy of this shell for a background job: same variables, directory and machine; its own Ctrl-C. */
  fork(): Shell {
    const child = new Shell({ cluster: this.cluster, realtime: this.realtime, host: this.host, programs: this.extraPrograms, columns: this.columns });
    child.isFork = true;
    child.timers = this.timers;
    child.pids = this.pids;
    child.cwd = this.cwd;
    child.status = this.status;
    child.vars.clear();
    for (const [k, v] of this.vars) child.vars.set(k, v);
    child.exported.clear();
    for (const k of this.exported) child.exported.add(k);
    child.aliases.clear();
    for (const [k, v] of this.aliases) child.aliases.set(k, v);
    child.container = this.container;
    child.functions = new Map(this.functions);
    child.positional = [...this.positional];
    child.logins.push(...this.logins);
    child.history = this.history;
    child.onStep = this.onStep;
    child.onFileSaved = this.onFileSaved;
    child.replayEditor = this.replayEditor;
    return child;
  }

  /** `item &`: start it as a job in a forked shell and go on at once; bash prints `[1] 4321`. */
  private spawn(item: AndOr, io: IO): number {
    const child = this.fork();
    const pid = this.nextPid();
    const map = (w: Writer) => (this.backgroundWriter ? this.backgroundWriter(w) : w);
    const bio: IO = { stdin: io.stdin, out: map(io.out), err: map(io.err), tty: io.tty };
    const job: Job = {
      id: this.jobs.nextId(),
      pid,
      text: item.text ?? '',
      wd: this.cwd,
      state: 'running',
      status: 0,
      notified: false,
      seq: this.jobs.nextSeq(),
      done: Promise.resolve(0),
      kill: (signal) => {
        if (job.state !== 'running') return;
        job.signal = signal;
        child.interrupt();
      },
    };
    job.done = (async () => {
      try {
        return await child.runAndOr({ ...item, background: false }, bio);
      } catch (e) {
        if (e instanceof Interrupted) return 128 + (SIGNALS[job.signal ?? 'INT']?.num ?? 2);
        bio.err(`bash: ${e instanceof Error ? e.message : String(e)}\n`);
        return 1;
      } finally {
        child.cleanupProcFiles();
      }
    })().then((status) => {
      job.state = 'done';
      job.status = status;
      return status;
    });
    // a subshell's own background jobs are not in the interactive job table
    if (!this.isFork) {
      this.jobs.add(job);
      io.err(`[${job.id}] ${pid}\n`);
    }
    this.lastBackgroundPid = pid;
    return 0;
  }

  /** Stop every background job (end of a headless script); they are forgotten without notices. */
  killJobs(): void {
    for (const job of [...this.jobs.jobs]) {
      job.kill('HUP');
      this.jobs.remove(job);
    }
  }

  /** Lines bash prints before the next prompt about background jobs that ended. */
  jobNotices(): string {
    return this.jobs.notices({ line: this.commandLine, cwd: this.cwd, home: this.getVar('HOME') ?? '/root' });
  }

  private async runAndOr(item: AndOr, io: IO): Promise<number> {
    let status = await this.runPipeline(item.first, io);
    for (const r of item.rest) {
      this.status = status;
      if ((r.op === '&&' && status !== 0) || (r.op === '||' && status === 0)) continue;
      status = await this.runPipeline(r.pipeline, io);
    }
    return status;
  }

  private async runPipeline(p: Pipeline, io: IO): Promise<number> {
    let stdin = io.stdin;
    let status = 0;
    for (let i = 0; i < p.commands.length; i++) {
      this.checkInterrupt();
      const last = i === p.commands.length - 1;
      let buf = '';
      const cio: IO = last ? { ...io, stdin } : { stdin, out: (s) => (buf += s), err: io.err, tty: false };
      status = await this.runCommand(p.commands[i], cio);
      stdin = buf;
    }
    this.status = p.negate ? (status === 0 ? 1 : 0) : status;
    return this.status;
  }

  private async runCommand(c: Command, io: IO): Promise<number> {
    if (c.type === 'simple') return this.runSimple(c, io);
    const redirected = await this.applyRedirects(c.redirects, io);
    if (typeof redirected === 'number') return redirected;
    // the commands inside read one stdin together: each `read` takes the next line of it
    const rio: IO = redirected.stdin !== null && (!redirected.input || redirected.input.text !== redirected.stdin) ? { ...redirected, input: { text: redirected.stdin, pos: 0 } } : redirected;
    switch (c.type) {
      case 'group':
        return this.runList(c.body, rio);
      case 'subshell': {
        const saved = { cwd: this.cwd, vars: new Map(this.vars), exported: new Set(this.exported) };
        try {
          return await this.runList(c.body, rio);
        } finally {
          this.cwd = saved.cwd;
          this.vars.clear();
          for (const [k, v] of saved.vars) this.vars.set(k, v);
          this.exported.clear();
          for (const k of saved.exported) this.exported.add(k);
        }
      }
      case 'if': {
        for (const b of c.branches) {
          if ((await this.runList(b.cond, rio)) === 0) return this.runList(b.body, rio);
        }
        if (c.otherwise) return this.runList(c.otherwise, rio);
        return 0;
      }
      case 'while':
      case 'until': {
        let status = 0;
        this.loopDepth++;
        try {
          for (;;) {
            await this.yieldToUi();
            const turn = await this.loopTurn(async () => {
              const cond = await this.runList(c.cond, rio);
              if ((cond === 0) !== (c.type === 'while')) return 'break';
              status = await this.runList(c.body, rio);
              return undefined;
            });
            if (turn === 'break') break;
            if (turn === 'left') status = 0;
            if (turn === 'left') break;
          }
        } finally {
          this.loopDepth--;
        }
        return status;
      }
      case 'case': {
        const ex = this.expander(rio);
        const subject = await expandParts(c.word.parts, ex);
        for (const item of c.items) {
          for (const pat of item.patterns) {
            if (new RegExp(`^(?:${await expandPattern(pat, ex)})$`, 's').test(subject)) return this.runList(item.body, rio);
          }
        }
        return 0;
      }
      case 'function':
        this.functions.set(c.name, c);
        return 0;
      case 'cond': {
        const r = await this.evalCond(c.expr, rio);
        if (typeof r === 'string') {
          rio.err(`bash: ${r}\n`);
          return 2;
        }
        return r ? 0 : 1;
      }
      case 'for': {
        let status = 0;
        const items: string[] = [];
        for (const w of c.items ?? []) items.push(...(await this.expandArgs(w, rio)));
        this.loopDepth++;
        try {
          for (const item of items) {
            await this.yieldToUi();
            this.setVar(c.name, item);
            const turn = await this.loopTurn(async () => {
              status = await this.runList(c.body, rio);
              return undefined;
            });
            if (turn === 'left') {
              status = 0;
              break;
            }
          }
        } finally {
          this.loopDepth--;
        }
        return status;
      }
    }
  }

  /** `[[ … ]]`: true or false, or a message for an error (status 2). */
  private async evalCond(e: CondExpr, io: IO): Promise<boolean | string> {
    const ex = this.expander(io);
    const str = (w: Word) => expandParts(w.parts, ex);
    switch (e.t) {
      case 'or': {
        const l = await this.evalCond(e.l, io);
        if (typeof l === 'string' || l) return l;
        return this.evalCond(e.r, io);
      }
      case 'and': {
        const l = await this.evalCond(e.l, io);
        if (typeof l === 'string' || !l) return l;
        return this.evalCond(e.r, io);
      }
      case 'not': {
        const r = await this.evalCond(e.e, io);
        return typeof r === 'string' ? r : !r;
      }
      case 'word':
        return (await str(e.w)) !== '';
      case 'unary': {
        const v = await str(e.w);
        const path = joinPath(this.cwd, v);
        switch (e.op) {
          case '-n':
            return v !== '';
          case '-z':
            return v === '';
          case '-v':
            return this.getVar(v) !== undefined;
          case '-e':
          case '-a':
            return this.fs.exists(path);
          case '-f':
            return this.fs.exists(path) && !this.fs.isDir(path);
          case '-d':
            return this.fs.isDir(path);
          case '-s':
            return (this.fs.stat(path)?.size ?? 0) > 0;
          case '-r':
          case '-w':
          case '-x':
            return this.fs.exists(path);
          default:
            // devices, sockets, set-id bits, links: none on these file systems
            return false;
        }
      }
      case 'regex': {
        const l = await str(e.l);
        // quoted parts of the right side match literally
        let source = '';
        for (const p of e.r.parts) source += p.type === 'sq' || p.type === 'dq' ? (p.type === 'sq' ? p.text : await expandParts(p.parts, ex)).replace(/[.*+?^${}()|[\]\\/]/g, '\\$&') : p.type === 'lit' ? p.text : await expandParts([p], ex);
        let re: RegExp;
        try {
          re = new RegExp(source);
        } catch {
          return 'syntax error in conditional expression';
        }
        const m = re.exec(l);
        this.setVar('BASH_REMATCH', m ? m[0] : '');
        return m !== null;
      }
      case 'binary': {
        const l = await str(e.l);
        switch (e.op) {
          case '==':
          case '=':
          case '!=': {
            const match = new RegExp(`^(?:${await expandPattern(e.r, ex)})$`, 's').test(l);
            return e.op === '!=' ? !match : match;
          }
          case '<':
            return l < (await str(e.r));
          case '>':
            return l > (await str(e.r));
          case '-nt':
          case '-ot':
          case '-ef':
            return false;
          default: {
            // the sides of -eq and friends are arithmetic expressions
            const r = await str(e.r);
            let a: number;
            let b: number;
            try {
              a = arith(l || '0', ex);
              b = arith(r || '0', ex);
            } catch (err) {
              return `${(err as Error).message}`;
            }
            return { '-eq': a === b, '-ne': a !== b, '-lt': a < b, '-le': a <= b, '-gt': a > b, '-ge': a >= b }[e.op] ?? false;
          }
        }
      }
    }
  }

  /** shell functions defined in this session, by name */
  functions = new Map<string, FunctionDef>();
  /** $1, $2, … of the function being run */
  positional: string[] = [];
  /** per running function: the variables its `local` saved, restored when it returns */
  localFrames: Map<string, string | undefined>[] = [];

  /** Run function `f` with `args` as $1…: `return` ends it, its `local` variables are restored after. */
  private async callFunction(f: FunctionDef, args: string[], io: IO): Promise<number> {
    if (this.localFrames.length >= 1000) {
      io.err(`bash: ${f.name}: maximum function nesting level exceeded (1000)\n`);
      return 1;
    }
    const saved = this.positional;
    this.positional = args;
    const frame = new Map<string, string | undefined>();
    this.localFrames.push(frame);
    try {
      return await this.runCommand(f.body, io);
    } catch (e) {
      if (e instanceof ReturnSignal) return e.status;
      throw e;
    } finally {
      this.localFrames.pop();
      for (const [k, v] of frame) {
        if (v === undefined) this.vars.delete(k);
        else this.vars.set(k, v);
      }
      this.positional = saved;
    }
  }

  /** loops being run now: `break` and `continue` outside any are an error */
  loopDepth = 0;

  /**
   * One turn of a loop: 'left' when `break` ends this loop, undefined when the turn ran out (or
   * `continue` cut it short); a `break 2`/`continue 2` goes on to the enclosing loop.
   */
  private async loopTurn(turn: () => Promise<'break' | undefined>): Promise<'break' | 'left' | undefined> {
    try {
      return await turn();
    } catch (e) {
      if (!(e instanceof LoopControl)) throw e;
      if (e.levels > 1) {
        e.levels--;
        throw e;
      }
      return e.kind === 'break' ? 'left' : undefined;
    }
  }

  /** Let the browser process keystrokes (Ctrl-C) during loops that never wait. */
  private async yieldToUi(): Promise<void> {
    if (this.realtime) await new Promise((r) => setTimeout(r, 0));
    this.checkInterrupt();
  }

  private async expandArgs(w: Word, io: IO): Promise<string[]> {
    return expandWord(w, this.expander(io));
  }

  private async runSimple(c: SimpleCommand, io: IO): Promise<number> {
    let argv: string[] = [];
    try {
      let words = c.words;
      // alias expansion applies to an unquoted first word
      const first = words[0]?.parts;
      if (first && first.length === 1 && first[0].type === 'lit' && this.aliases.has(first[0].text)) {
        const expanded = parseWords(this.aliases.get(first[0].text)!);
        if (expanded) words = [...expanded, ...words.slice(1)];
      }
      for (const w of words) argv.push(...(await this.expandArgs(w, io)));
      const assigns: Record<string, string> = {};
      for (const a of c.assigns) assigns[a.name] = await expandParts(a.value.parts, this.expander(io));
      if (!argv.length) {
        for (const [k, v] of Object.entries(assigns)) this.setVar(k, v);
        const rio = await this.applyRedirects(c.redirects, io);
        return typeof rio === 'number' ? rio : 0;
      }
      const rio = await this.applyRedirects(c.redirects, io);
      if (typeof rio === 'number') return rio;
      return await this.invoke(argv, rio, assigns);
    } catch (e) {
      if (e instanceof ExpansionError) {
        io.err(`bash: ${e.message}\n`);
        return 1;
      }
      throw e;
    }
  }

  /** Run one command by name with its arguments. */
  async invoke(argv: string[], io: IO, assigns: Record<string, string> = {}): Promise<number> {
    this.checkInterrupt();
    const [name, ...args] = argv;
    // a function shadows a builtin or program of its name (but not inside a container's shell)
    const fn = this.container ? undefined : this.functions.get(name);
    if (fn) return this.callFunction(fn, args, io);
    const ctx = this.context(args, io, assigns);
    const builtin = shellBuiltins[name];
    if (this.container) return this.invokeInContainer(name, argv, ctx, io);
    if (builtin) return this.call(name, () => builtin(ctx, this), ctx);
    // `curl -sSL get.docker.com | bash`, `sh script.sh`, `bash -c CMD` on a machine (see runShellText)
    if ((name === 'bash' || name === 'sh' || name === '/bin/bash' || name === '/bin/sh') && !this.extraPrograms[name]) return this.runShellText(name, args, io);
    if (name === 'command') return this.commandBuiltin(args, io, assigns);
    const program = this.missingPackageCommand(name) ? undefined : (this.extraPrograms[name] ?? standardPrograms[name] ?? (name === 'kubectl' ? kubectl : undefined));
    if (program) {
      this.nextPid();
      const m = this.machine();
      const wasUp = m?.os.up ?? false;
      const status = await this.call(name, () => program(ctx), ctx);
      if (m && wasUp && !m.os.up && this.host === m.name && !this.container) return this.machineWentDown(m, io);
      return status;
    }
    if (name.includes('/')) {
      const path = joinPath(this.cwd, name);
      if (this.fs.isDir(path)) {
        io.err(`bash: ${name}: Is a directory\n`);
        return 126;
      }
      if (this.fs.exists(path)) {
        io.err(`bash: ${name}: Permission denied\n`);
        return 126;
      }
      io.err(`bash: ${name}: No such file or directory\n`);
      return 127;
    }
    io.err(`bash: ${name}: command not found\n`);
    return 127;
  }

  /** `bash`/`sh` on a machine: `-c CMD`, a script file, or a script piped in; an interactive `bash` (no script) does nothing. */
  private async runShellText(name: string, args: string[], io: IO): Promise<number> {
    const base = name.slice(name.lastIndexOf('/') + 1);
    const opts = args.filter((a) => a === '-e' || a === '-x' || a === '-s' || a === '-l' || a === '-');
    const rest = args.slice(opts.length);
    let text: string;
    if (rest[0] === '-c') text = rest[1] ?? '';
    else if (rest[0] !== undefined) {
      try {
        text = this.fs.read(joinPath(this.cwd, rest[0]));
      } catch (e) {
        io.err(`${base}: ${rest[0]}: ${fsMessage(e) ?? String(e)}\n`);
        return 127;
      }
    } else if (io.stdin !== null) text = io.stdin;
    else return 0;
    const r = parse(text, { final: true });
    if (r.kind !== 'ok') {
      io.err(`${base}: ${r.kind === 'error' ? r.message : r.error.eofMessage}\n`);
      return 2;
    }
    // the script's commands read what is left of its stdin: nothing
    return this.runList(r.list, { ...io, stdin: '' });
  }

  /** Inside a container only the image's commands exist (and the shell's own builtins). */
  private async invokeInContainer(name: string, argv: string[], ctx: ProgramContext, io: IO): Promise<number> {
    const box = this.container!;
    const builtin = shellBuiltins[name];
    const SHELL = ['cd', 'export', 'unset', 'exit', 'logout', 'alias', 'unalias', 'history', 'type', 'set', 'source', '.', 'eval', 'jobs', 'fg', 'bg', 'kill', 'wait'];
    if (builtin && SHELL.includes(name)) return this.call(name, () => builtin(ctx, this), ctx);
    const base = name.includes('/') ? name.slice(name.lastIndexOf('/') + 1) : name;
    const has = box.session.env.which(name) !== undefined || ['echo', 'pwd', 'true', 'false', 'test', '[', 'printf'].includes(name);
    if (!has) {
      if (name.includes('/')) {
        io.err(box.kind === 'bash' ? `bash: ${name}: No such file or directory
` : `${box.kind === 'dash' ? 'sh: 1: ' : 'sh: '}${name}: not found
`);
        return 127;
      }
      io.err(notFoundText(box.kind, name));
      return 127;
    }
    if ((base === 'sh' || base === 'bash') && argv[1] === '-c' && argv[2] !== undefined) {
      const r = parse(argv[2], { final: true });
      if (r.kind !== 'ok') {
        io.err(`${base}: ${r.kind === 'error' ? r.message : r.error.eofMessage}
`);
        return 2;
      }
      return this.runList(r.list, io);
    }
    // busybox's and debianutils' which print the path, and nothing for a command the image lacks
    if (base === 'which') {
      let status = 0;
      for (const a of ctx.args) {
        const path = box.session.env.which(a);
        if (path) ctx.out(`${path}\n`);
        else status = 1;
      }
      return status;
    }
    // the image's vi (busybox, vim) edits the container's files like the machine's vi
    if ((base === 'vi' || base === 'vim' || base === 'nano') && shellBuiltins[base]) return this.call(name, () => shellBuiltins[base](ctx, this), ctx);
    const program = box.programs[base] ?? standardPrograms[base];
    if (program && !MACHINE_ONLY.includes(base)) return this.call(name, () => program(ctx), ctx);
    // a command the image has but the simulation does not model: it runs and prints nothing
    return 0;
  }

  /** bash's `command [-v|-V] NAME [ARGS]`: look a name up, or run it without aliases. */
  private async commandBuiltin(args: string[], io: IO, assigns: Record<string, string>): Promise<number> {
    const mode = args[0] === '-v' || args[0] === '-V' ? args[0] : undefined;
    const names = mode ? args.slice(1) : args;
    if (!mode) return names.length ? this.invoke(names, io, assigns) : 0;
    let status = 0;
    for (const n of names) {
      const r = this.lookup(n);
      if (!r) {
        if (mode === '-V') io.err(`bash: command: ${n}: not found\n`);
        status = 1;
      } else if (mode === '-v') io.out(r.kind === 'alias' ? `alias ${n}='${r.value}'\n` : r.kind === 'program' ? `${r.path}\n` : `${n}\n`);
      else io.out(r.kind === 'alias' ? `${n} is aliased to \`${r.value}'\n` : r.kind === 'program' ? `${n} is ${r.path}\n` : r.kind === 'keyword' ? `${n} is a shell keyword\n` : r.kind === 'function' ? `${n} is a function\n` : `${n} is a shell builtin\n`);
    }
    return status;
  }

  /** nesting of `ssh HOST CMD` runs (a reboot there ends only that command) */
  private remoteDepth = 0;

  /**
   * The machine this shell is on went down (reboot). In an ssh session the connection drops and the
   * shell is back on the previous machine; in the learner's own shell on the first machine (which the
   * course treats as an ssh login from the VirtualBox host, 10.0.2.2) the session waits out the reboot
   * and logs in afresh.
   */
  private async machineWentDown(m: Machine, io: IO): Promise<number> {
    if (this.remoteDepth > 0) {
      io.err(`Connection to ${m.name} closed by remote host.\n`);
      return 255;
    }
    if (this.logins.length) {
      io.err(`Connection to ${m.name} closed by remote host.\nConnection to ${m.name} closed.\n`);
      this.logout();
      return 255;
    }
    io.out(wall(this.context([], io, {}), m));
    io.err(`Connection to ${m.name} closed by remote host.\nConnection to ${m.name} closed.\n`);
    const wait = m.os.bootedAt - this.cluster.clock.now();
    if (wait > 0) await this.sleep(wait + 5000, this.abort.signal);
    this.freshLogin();
    const d = new Date(this.cluster.clock.now());
    const day = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][d.getUTCDay()];
    const mon = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][d.getUTCMonth()];
    const p2 = (n: number) => String(n).padStart(2, '0');
    io.out(`Last login: ${day} ${mon} ${p2(d.getUTCDate())} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} ${d.getUTCFullYear()} from 10.0.2.2\n`);
    return 0;
  }

  /** A new login shell on the same machine: home directory, default aliases, the login environment and startup files. */
  private freshLogin(): void {
    this.killJobs();
    this.logins.length = 0;
    this.container = undefined;
    this.cwd = this.initialVars.get('HOME') ?? '/root';
    this.vars.clear();
    for (const [k, v] of this.initialVars) this.vars.set(k, v);
    this.vars.set('HOSTNAME', this.host);
    this.exported.clear();
    for (const k of this.initialVars.keys()) this.exported.add(k);
    this.aliases.clear();
    for (const [k, v] of DEFAULT_ALIASES) this.aliases.set(k, v);
    this.readStartup();
  }

  /** kubectl exec: run argv in the container, or (interactive shell) continue inside it until `exit`. */
  async execInContainer(session: ContainerSession, io: IO): Promise<number> {
    const argv0 = session.argv[0] ?? 'sh';
    const kind = shellKind(session, argv0);
    const enter = () => {
      this.logins.push({ host: this.host, cwd: this.cwd, vars: new Map(this.vars), exported: new Set(this.exported), aliases: new Map(this.aliases), container: this.container });
      let pid = 0;
      const programs = containerPrograms(session, () => pid, this.cluster);
      this.container = { session, kind, programs, pid: 0 };
      const remove = session.env.spawn(session.argv.join(' '));
      this.containerExits.push(remove);
      pid = session.env.processes().at(-1)?.pid ?? 7;
      this.cwd = session.env.workingDir;
      this.vars.clear();
      this.exported.clear();
      for (const [k, v] of Object.entries(session.env.env)) {
        this.vars.set(k, v);
        this.exported.add(k);
      }
      if (session.interactive) {
        this.vars.set('TERM', 'xterm');
        this.exported.add('TERM');
      }
      this.aliases.clear();
    };
    const base = argv0.slice(argv0.lastIndexOf('/') + 1);
    const isShell = base === 'sh' || base === 'bash' || base === 'ash';
    if (session.interactive && isShell && session.argv.length === 1) {
      enter();
      return 0;
    }
    enter();
    try {
      return await this.invoke(session.argv, { ...io, tty: session.interactive && io.tty, screen: session.interactive && io.screen !== false && (io.tty || io.out === this.transcriptOut) });
    } finally {
      this.logout();
    }
  }

  /** processes registered by exec sessions, innermost last */
  private readonly containerExits: (() => void)[] = [];

  private context(args: string[], io: IO, assigns: Record<string, string>): ProgramContext {
    const signal = this.abort.signal;
    const guard = (w: Writer): Writer => (s) => {
      if (!signal.aborted) w(s);
    };
    // a loop's commands see what its earlier commands left of a shared stdin
    const input = io.input && io.input.text === io.stdin ? io.input : io.stdin !== null ? { text: io.stdin, pos: 0 } : undefined;
    return {
      args,
      stdin: input ? input.text.slice(input.pos) : io.stdin,
      readInputLine: input
        ? () => {
            if (input.pos >= input.text.length) return null;
            const nl = input.text.indexOf('\n', input.pos);
            const end = nl < 0 ? input.text.length : nl;
            const line = input.text.slice(input.pos, end);
            input.pos = nl < 0 ? input.text.length : nl + 1;
            return { line, newline: nl >= 0 };
          }
        : undefined,
      out: guard(io.out),
      err: guard(io.err),
      cluster: this.cluster,
      fs: this.fs,
      cwd: this.cwd,
      env: this.env(assigns),
      sleep: (ms) => this.sleep(ms, signal),
      signal,
      tty: io.tty,
      screen: io.screen ?? (io.tty || (this.transcriptOut !== undefined && io.out === this.transcriptOut)),
      background: this.isFork,
      realtime: this.realtime,
      columns: this.columns,
      host: this.host,
      readLine:
        io.stdin === null
          ? async () => {
              // a script's line stands for what was typed: the terminal would have echoed it
              const scripted = this.nextInputLine !== undefined;
              const line = await this.readLine();
              if (scripted && line !== null) io.out(`${line}\n`);
              return line;
            }
          : undefined,
      login: (host) => this.login(host),
      editFile: (path) => this.editFile(path, io, assigns),
      runOn: (host, command) => this.runOn(host, command, io),
      execInContainer: (session) => this.execInContainer(session, io),
    };
  }

  /** `kubectl edit`'s editor: $KUBE_EDITOR or $EDITOR (vi, vim or nano here), else vi, on the terminal. */
  private async editFile(path: string, io: IO, assigns: Record<string, string>): Promise<number | string> {
    const env = this.env(assigns);
    const chosen = (env.KUBE_EDITOR || env.EDITOR || 'vi').trim();
    const name = chosen.split(/\s+/)[0]!.replace(/^.*\//, '');
    const editor = name === 'vi' || name === 'vim' ? shellBuiltins.vim : name === 'nano' ? shellBuiltins.nano : undefined;
    if (!editor) return `exec: "${chosen.split(/\s+/)[0]}": executable file not found in $PATH`;
    // the editor has the terminal: it reads the keyboard, not a pipe
    const ctx = this.context([path], { ...io, stdin: null, input: undefined }, assigns);
    return editor(ctx, this);
  }

  /** a line from the terminal: the headless script's next line, or what the learner types */
  async readLine(): Promise<string | null> {
    const line = this.nextInputLine ? this.nextInputLine() : this.typedLine ? await this.typedLine() : null;
    if (line !== null) this.onInputLine?.(line);
    return line;
  }

  /** shells left behind by `ssh HOST`, innermost last */
  readonly logins: { host: string; cwd: string; vars: Map<string, string>; exported: Set<string>; aliases: Map<string, string>; container?: Shell['container']; completion?: CompletionState }[] = [];

  /** ssh: continue on `host` in a fresh login shell (cwd /root); `logout()` comes back. */
  login(host: string): void {
    this.logins.push({ host: this.host, cwd: this.cwd, vars: new Map(this.vars), exported: new Set(this.exported), aliases: new Map(this.aliases), container: this.container, completion: cloneCompletionState(this.completion) });
    this.container = undefined;
    this.host = host;
    this.cwd = this.vars.get('HOME') ?? '/root';
    this.aliases.clear();
    for (const [k, v] of DEFAULT_ALIASES) this.aliases.set(k, v);
    this.setVar('HOSTNAME', host);
    this.vars.delete('OLDPWD');
    this.readStartup();
  }

  /** `exit` in an ssh session: back to the previous machine; returns the machine left, or undefined at the first shell. */
  logout(): string | undefined {
    const prev = this.logins.pop();
    if (!prev) return undefined;
    if (this.container) this.containerExits.pop()?.();
    const left = this.container ? this.container.session.pod : this.host;
    this.container = prev.container;
    this.host = prev.host;
    this.cwd = prev.cwd;
    this.vars.clear();
    for (const [k, v] of prev.vars) this.vars.set(k, v);
    this.exported.clear();
    for (const k of prev.exported) this.exported.add(k);
    this.aliases.clear();
    for (const [k, v] of prev.aliases) this.aliases.set(k, v);
    if (prev.completion) this.completion = prev.completion;
    return left;
  }

  /** `ssh HOST CMD`: run `command` on `host` and come back. */
  async runOn(host: string, command: string, io: IO): Promise<number> {
    const r = parse(command, { final: true });
    if (r.kind !== 'ok') {
      io.err(`bash: ${r.kind === 'error' ? r.message : r.error.eofMessage}\n`);
      return 2;
    }
    this.login(host);
    this.remoteDepth++;
    try {
      return await this.runList(r.list, { ...io, stdin: io.stdin, tty: false, screen: false });
    } finally {
      this.remoteDepth--;
      this.logout();
    }
  }

  sleep(ms: number, signal: AbortSignal): Promise<void> {
    if (signal.aborted) return Promise.resolve();
    if (!this.realtime) {
      // a background job waits for the foreground to move the clock; the foreground moves it
      if (this.isFork) return this.timers.wait(ms, signal);
      return this.timers.advance(ms) ?? Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      }
      signal.addEventListener('abort', done);
    });
  }

  /** Run a program; Ctrl-C abandons it at once, as SIGINT would kill a process. */
  private async call(name: string, run: () => Promise<number>, ctx: ProgramContext): Promise<number> {
    const signal = ctx.signal;
    let onAbort: () => void = () => {};
    const aborted = new Promise<'aborted'>((resolve) => {
      onAbort = () => resolve('aborted');
      signal.addEventListener('abort', onAbort);
    });
    try {
      const result = await Promise.race([
        run().catch((e: unknown) => {
          // `break`/`continue` unwind to their loop, `return` to its function
          if (e instanceof LoopControl || e instanceof ReturnSignal) throw e;
          if (signal.aborted) return 130;
          const msg = fsMessage(e);
          ctx.err(`${name}: ${msg ?? (e instanceof Error ? e.message : String(e))}\n`);
          return 1;
        }),
        aborted,
      ]);
      if (result === 'aborted' || signal.aborted) throw new Interrupted();
      return result;
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  }

  /** Apply redirects in order; returns the new IO, or an exit status when a redirect failed. */
  private async applyRedirects(redirects: Redirect[], io: IO): Promise<IO | number> {
    if (!redirects.length) return io;
    const fds: { 0: string | null; 1: Writer; 2: Writer } = { 0: io.stdin, 1: io.out, 2: io.err };
    let tty = io.tty;
    const ex = this.expander(io);
    for (const r of redirects) {
      if (r.heredoc) {
        fds[0] = r.heredoc.quoted ? r.heredoc.body : await expandParts(parseHeredocBody(r.heredoc.body), ex);
        continue;
      }
      if (r.op === '<<<') {
        fds[0] = (await expandParts(r.target.parts, ex)) + '\n';
        continue;
      }
      const targets = await expandWord(r.target, ex);
      const raw = r.target.parts.map((p) => ('text' in p ? p.text : '')).join('');
      if (targets.length !== 1) {
        io.err(`bash: ${raw}: ambiguous redirect\n`);
        return 1;
      }
      const target = targets[0];
      if ((r.op === '>&' || r.op === '<&') && /^\d+$/.test(target)) {
        const src = Number(target);
        if (r.op === '>&' && (src === 1 || src === 2) && (r.fd === 1 || r.fd === 2)) {
          fds[r.fd] = fds[src];
          if (r.fd === 1) tty = src === 1 ? tty : io.tty;
        } else if (src !== 0 && src !== 1 && src !== 2) {
          io.err(`bash: ${target}: Bad file descriptor\n`);
          return 1;
        }
        continue;
      }
      if ((r.op === '>&' || r.op === '<&') && target === '-') {
        if (r.fd === 1 || r.fd === 2) fds[r.fd] = () => {};
        continue;
      }
      const path = joinPath(this.cwd, target);
      if (path === '/dev/null') {
        if (r.op === '<' || r.op === '<&') fds[0] = '';
        else if (r.fd === -1 || (r.op === '>&' && r.fd === 1)) {
          fds[1] = fds[2] = () => {};
          tty = false;
        } else if (r.fd === 1 || r.fd === 2) {
          fds[r.fd] = () => {};
          if (r.fd === 1) tty = false;
        }
        continue;
      }
      if (r.op === '<' || r.op === '<&') {
        try {
          fds[0] = this.fs.read(path);
        } catch (e) {
          io.err(`bash: ${target}: ${fsMessage(e) ?? String(e)}\n`);
          return 1;
        }
        continue;
      }
      const append = r.op === '>>' || r.op === '&>>';
      // /proc has only the kernel's files: no new ones (bridge keys appear with br_netfilter)
      if (path.startsWith('/proc/') && !this.fs.exists(path)) {
        io.err(`bash: ${target}: No such file or directory\n`);
        return 1;
      }
      try {
        if (this.fs.isDir(path)) {
          io.err(`bash: ${target}: Is a directory\n`);
          return 1;
        }
        if (!append || !this.fs.exists(path)) this.fs.write(path, '');
      } catch (e) {
        io.err(`bash: ${target}: ${fsMessage(e) ?? String(e)}\n`);
        return 1;
      }
      const fs = this.fs;
      const w: Writer = (s) => {
        try {
          fs.append(path, s);
        } catch {
          // the file vanished mid-write; a real fd would keep writing to the unlinked inode
        }
      };
      if (r.fd === -1 || (r.op === '>&' && r.fd === 1)) {
        fds[1] = w;
        fds[2] = w;
        tty = false;
      } else if (r.fd === 1 || r.fd === 2) {
        fds[r.fd] = w;
        if (r.fd === 1) tty = false;
      }
    }
    return { stdin: fds[0], out: fds[1], err: fds[2], tty };
  }
}
