// A shell session: the terminal side (prompt, line editing, history, completion, Ctrl-C) and the
// headless side (runScript for the CLI and tests), both over one Shell.
import type { Cluster } from '../cluster/types.ts';
import type { Program } from '../kubectl/context.ts';
import { completeKubectl } from '../kubectl/index.ts';
import { Interrupted, Shell, type IO } from './executor.ts';
import { parse, type ParseResult } from './parser.ts';
import { parseKeys, type Key } from './keys.ts';
import { LineEditor } from './line-editor.ts';
import { commonPrefix, complete, listColumns, type KubectlCompleter } from './completion.ts';
import { basename } from './paths.ts';
import { containerPrompt } from './container.ts';
import type { ScreenApp, ScreenHost } from './editor/screen.ts';

export interface ShellSessionOptions {
  cluster: Cluster;
  /** browser: true (sleep waits real time); headless: false (sleep advances the cluster clock) */
  realtime: boolean;
  /** machine name, default 'master' */
  host?: string;
  /** extra commands injected by the embedder, e.g. `lab` */
  programs?: Record<string, Program>;
  /** default 80 */
  columns?: number;
  /** terminal height for full-screen programs (vi, nano); default 24 */
  rows?: number;
  /** restored history */
  history?: string[];
  /** tab completion for kubectl; defaults to src/kubectl's completeKubectl (tests inject fakes) */
  completeKubectl?: KubectlCompleter;
  /**
   * Headless only: virtual time that passes before each command of a script after the first, as a
   * person takes a moment to type the next line (so `get pods` right after `create` sees the pods).
   */
  typingDelayMs?: number;
  /**
   * Headless only: the script's output stands for a terminal screen, as in a typed session (the CLI):
   * programs whose stdout reaches it know (ProgramContext.screen), so curl draws no progress meter.
   */
  terminal?: boolean;
  /**
   * Headless only: a script's command line that runs longer than this (virtual ms or shell steps) is
   * interrupted as if Ctrl-C were pressed (`while true; do sleep 1; done` would otherwise never end);
   * `onCut` hears which line and why. No limit when unset.
   */
  commandLimit?: { virtualMs: number; steps: number; onCut?: (line: string, why: string) => void };
}

/** A key the line editor already parsed, as the bytes a full-screen program expects (typed-ahead keys). */
const KEY_BYTES: Record<string, string> = {
  enter: '\r',
  backspace: '\x7f',
  delete: '\x1b[3~',
  left: '\x1b[D',
  right: '\x1b[C',
  up: '\x1b[A',
  down: '\x1b[B',
  home: '\x1b[H',
  end: '\x1b[F',
  tab: '\t',
  escape: '\x1b',
  'word-left': '\x1bb',
  'word-right': '\x1bf',
  'delete-word-back': '\x1b\x7f',
  'delete-word-forward': '\x1bd',
  'ctrl-a': '\x01',
  'ctrl-b': '\x02',
  'ctrl-c': '\x03',
  'ctrl-d': '\x04',
  'ctrl-e': '\x05',
  'ctrl-f': '\x06',
  'ctrl-k': '\x0b',
  'ctrl-l': '\x0c',
  'ctrl-n': '\x0e',
  'ctrl-p': '\x10',
  'ctrl-u': '\x15',
  'ctrl-w': '\x17',
};

function keyBytes(k: Key): string {
  return 'text' in k ? k.text : (KEY_BYTES[k.kind] ?? '');
}

const ANSI = /\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Z0-9]|\x1b[=>]/g;
const HISTORY_LIMIT = 1000;

export class ShellSession {
  private readonly shell: Shell;
  private readonly listeners = new Set<(data: string) => void>();
  private readonly commandListeners = new Set<(line: string, at: number) => void>();
  private readonly editor: LineEditor;
  private readonly completer: KubectlCompleter;
  private queue: Key[] = [];
  /** lines of a command still being typed (after PS2 continuation) */
  private pending: string[] = [];
  private histPos = 0;
  private draft = '';
  private lastKeyTab = false;
  /** terminal column after the last output, so a prompt after `echo -n x` is drawn where it is */
  private col = 0;
  private running = false;
  /** a running program waits for a typed line: keys are echoed and collected until Enter */
  private lineReader: { text: string; resolve: (line: string | null) => void } | undefined;
  private chain: Promise<unknown> = Promise.resolve();
  private readonly typingDelayMs: number;
  private readonly terminal: boolean;
  private readonly commandLimit: ShellSessionOptions['commandLimit'];
  private readonly cluster: Cluster;
  private columns: number;
  private rows: number;
  /** the full-screen program that has the terminal (vi, nano), if any */
  private app: ScreenApp | null = null;
  private readonly screenHost: ScreenHost;
  /** background output held while a full-screen program has the terminal */
  private heldOutput = '';
  /** background output after the last newline, printed once its line is complete */
  private partialOutput = '';

  constructor(opts: ShellSessionOptions) {
    this.typingDelayMs = opts.realtime ? 0 : (opts.typingDelayMs ?? 0);
    this.terminal = !opts.realtime && !!opts.terminal;
    this.commandLimit = opts.commandLimit;
    this.cluster = opts.cluster;
    const columns = opts.columns ?? 80;
    this.columns = columns;
    this.rows = opts.rows ?? 24;
    this.screenHost = this.createScreenHost();
    this.shell = new Shell({ cluster: opts.cluster, realtime: opts.realtime, host: opts.host ?? 'master', programs: opts.programs ?? {}, columns });
    this.shell.history = [...(opts.history ?? [])];
    this.shell.onClear = () => this.emit('\x1b[H\x1b[2J\x1b[3J');
    this.editor = new LineEditor(columns);
    this.completer = opts.completeKubectl ?? completeKubectl;
    this.histPos = this.shell.history.length;
  }

  get history(): readonly string[] {
    return this.shell.history;
  }

  get busy(): boolean {
    return this.running;
  }

  /** the machine the shell is on */
  get host(): string {
    return this.shell.host;
  }

  get cwd(): string {
    return this.shell.cwd;
  }

  onOutput(cb: (data: string) => void): () => void {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }

  onCommand(cb: (line: string, at: number) => void): () => void {
    this.commandListeners.add(cb);
    return () => this.commandListeners.delete(cb);
  }

  /** `[root@master ~]# ` */
  prompt(): string {
    const box = this.shell.container;
    if (box) return containerPrompt(box.kind, box.session.env.hostname, this.shell.cwd, this.shell.getVar('HOME') ?? '/root');
    const home = this.shell.getVar('HOME') ?? '/root';
    const cwd = this.shell.cwd;
    const dir = cwd === home ? '~' : cwd === '/' ? '/' : basename(cwd);
    return `[root@${this.shell.host} ${dir}]# `;
  }

  start(): void {
    this.emit(this.editor.begin(this.prompt(), this.col));
  }

  resize(columns: number, rows?: number): void {
    this.columns = columns;
    if (rows !== undefined && rows > 0) this.rows = rows;
    this.shell.columns = columns;
    this.editor.columns = columns;
    this.col = 0;
    this.app?.resize(columns, this.rows);
  }

  /** Full-screen programs get every key and the whole screen until they finish. */
  private createScreenHost(): ScreenHost {
    const session = this;
    return {
      get columns() {
        return session.columns;
      },
      get rows() {
        return session.rows;
      },
      run(app, signal) {
        return new Promise<void>((resolve) => {
          if (signal.aborted) return resolve();
          const finish = () => {
            if (session.app !== app) return;
            session.app = null;
            signal.removeEventListener('abort', onAbort);
            // the alternate screen is gone: the cursor is back at the start of the line after the command
            session.col = 0;
            const held = session.heldOutput;
            session.heldOutput = '';
            if (held) session.backgroundOutput(held);
            resolve();
          };
          const onAbort = () => {
            app.abort();
            finish();
          };
          signal.addEventListener('abort', onAbort);
          session.app = app;
          const ahead = session.queue.map(keyBytes).join('');
          session.queue = [];
          app.start(
            {
              write: (data) => {
                if (session.app !== app) return;
                for (const cb of session.listeners) cb(data);
              },
              finish,
            },
            session.columns,
            session.rows,
          );
          if (ahead) app.input(ahead);
        });
      },
    };
  }

  /** Terminal output: \n becomes \r\n; the column is tracked for the next prompt. */
  private emit(data: string): void {
    if (!data) return;
    const text = data.replace(/\r?\n/g, '\r\n');
    const plain = text.replace(ANSI, '');
    const brk = Math.max(plain.lastIndexOf('\n'), plain.lastIndexOf('\r'));
    if (/\x1b\[H|\x1b\[2J/.test(text) && brk < 0) this.col = plain.length;
    else this.col = brk < 0 ? this.col + plain.length : plain.length - brk - 1;
    for (const cb of this.listeners) cb(text);
  }

  /**
   * A background job wrote to the terminal. During a command it mixes in as on a real terminal; at the
   * prompt it is printed above the prompt, which is drawn again with what was being typed.
   */
  private backgroundOutput(data: string): void {
    if (this.app) {
      this.heldOutput += data;
      return;
    }
    if (this.running) {
      this.emit(data);
      return;
    }
    this.partialOutput += data;
    const nl = this.partialOutput.lastIndexOf('\n');
    if (nl < 0) return;
    const text = this.partialOutput.slice(0, nl + 1);
    this.partialOutput = this.partialOutput.slice(nl + 1);
    const ed = this.editor;
    const cursor = ed.cursor;
    let out = ed.erase();
    if (ed.startCol > 0) out += '\n';
    this.emit(out);
    this.col = 0;
    this.emit(text);
    this.emit(ed.begin(ed.prompt, this.col, ed.buffer) + ed.moveTo(cursor));
  }

  input(data: string): void {
    if (this.app) {
      this.app.input(data);
      return;
    }
    for (const key of parseKeys(data)) {
      if (key.kind === 'ctrl-c' && this.running) {
        this.interrupt();
        continue;
      }
      this.queue.push(key);
    }
    this.feedLineReader();
    this.pump();
  }

  /** Cooked-mode input for a program reading a line: echo, backspace, Enter ends it. */
  private feedLineReader(): void {
    while (this.lineReader && this.queue.length) {
      const key = this.queue.shift()!;
      const r = this.lineReader;
      if (key.kind === 'text') {
        const text = key.text.replace(/[\r\n]/g, '');
        r.text += text;
        this.emit(text);
      } else if (key.kind === 'backspace' && r.text) {
        r.text = r.text.slice(0, -1);
        this.emit('\b \b');
      } else if (key.kind === 'enter') {
        this.lineReader = undefined;
        this.emit('\n');
        r.resolve(r.text);
      } else if (key.kind === 'ctrl-d' && !r.text) {
        this.lineReader = undefined;
        r.resolve(null);
      }
    }
  }

  private readTypedLine(): Promise<string | null> {
    return new Promise((resolve) => {
      this.lineReader = { text: '', resolve };
      this.feedLineReader();
    });
  }

  interrupt(): void {
    if (this.lineReader) {
      const r = this.lineReader;
      this.lineReader = undefined;
      r.resolve(null);
    }
    if (this.running) {
      // the tty discards typed-ahead input on SIGINT
      this.queue = [];
      this.emit('^C\n');
      this.shell.interrupt();
      return;
    }
    this.emit(this.editor.toEnd() + '^C\n');
    this.pending = [];
    this.shell.status = 130;
    this.resetHistoryNav();
    this.emit(this.editor.begin(this.prompt(), this.col));
  }

  private pump(): void {
    while (!this.running && this.queue.length) this.handle(this.queue.shift()!);
  }

  private resetHistoryNav(): void {
    this.histPos = this.shell.history.length;
    this.draft = '';
  }

  private handle(key: Key): void {
    const ed = this.editor;
    const wasTab = this.lastKeyTab;
    this.lastKeyTab = key.kind === 'tab';
    switch (key.kind) {
      case 'text':
        return this.emit(ed.insert(key.text));
      case 'enter':
        return this.enter();
      case 'backspace':
        return this.emit(ed.backspace());
      case 'delete':
        return this.emit(ed.del());
      case 'ctrl-d':
        // on an empty line bash would exit; there is nowhere to exit to
        return this.emit(ed.del());
      case 'left':
        return this.emit(ed.left());
      case 'right':
        return this.emit(ed.right());
      case 'home':
      case 'ctrl-a':
        return this.emit(ed.home());
      case 'end':
      case 'ctrl-e':
        return this.emit(ed.end());
      case 'word-left':
        return this.emit(ed.wordLeft());
      case 'word-right':
        return this.emit(ed.wordRight());
      case 'ctrl-u':
        return this.emit(ed.killToStart());
      case 'ctrl-k':
        return this.emit(ed.killToEnd());
      case 'ctrl-w':
        return this.emit(ed.killWordBack());
      case 'delete-word-back':
        return this.emit(ed.killAlnumBack());
      case 'delete-word-forward':
        return this.emit(ed.killAlnumForward());
      case 'ctrl-l':
        this.emit('\x1b[H\x1b[2J');
        this.col = 0;
        this.emit(ed.begin(ed.prompt, 0, ed.buffer));
        return;
      case 'ctrl-c':
        return this.interrupt();
      case 'up':
      case 'ctrl-p':
        return this.historyMove(-1);
      case 'down':
      case 'ctrl-n':
        return this.historyMove(1);
      case 'tab':
        return this.tab(wasTab);
      default:
        return;
    }
  }

  private historyMove(dir: -1 | 1): void {
    const h = this.shell.history;
    const next = this.histPos + dir;
    if (next < 0 || next > h.length) return;
    if (this.histPos === h.length) this.draft = this.editor.buffer;
    this.histPos = next;
    // a multi-line entry (a here-document) comes back as its first line
    const text = next === h.length ? this.draft : h[next].split('\n')[0];
    this.emit(this.editor.set(text));
  }

  private tab(second: boolean): void {
    const ed = this.editor;
    const r = complete(ed.buffer, ed.cursor, this.shell, this.completer);
    if (r.message) {
      // bash prints the function's error where the cursor is; the line is drawn again below it
      const cursor = ed.cursor;
      this.emit(ed.toEnd() + r.message);
      this.emit(ed.begin(ed.prompt, 0, ed.buffer) + ed.moveTo(cursor));
    }
    if (!r.candidates.length) return;
    const escape = (s: string) => s.replace(/([ \t'"\\$`()|;&<>*?!])/g, '\\$1');
    const replaceWord = (w: string) => {
      const before = ed.buffer.slice(0, r.start);
      const after = ed.buffer.slice(ed.cursor);
      const text = before + w + after;
      // keep the cursor right after the completed word
      const cursor = (before + w).length;
      let out = ed.set(text);
      out += ed.moveTo(cursor);
      this.emit(out);
    };
    if (r.candidates.length === 1) {
      const c = r.candidates[0];
      const space = r.files && c.endsWith('/') ? '' : ' ';
      const after = ed.buffer.slice(ed.cursor);
      replaceWord(escape(c) + (after.startsWith(' ') ? '' : space));
      if (after.startsWith(' ') && space) this.emit(ed.right());
      return;
    }
    const prefix = commonPrefix(r.candidates);
    if (prefix.length > r.word.length) {
      replaceWord(escape(prefix));
      this.lastKeyTab = false;
      return;
    }
    if (!second) return;
    const cursor = ed.cursor;
    this.emit(ed.toEnd() + '\n' + listColumns(r.display, ed.columns));
    this.emit(ed.begin(ed.prompt, this.col, ed.buffer) + ed.moveTo(cursor));
  }

  private enter(): void {
    const ed = this.editor;
    this.emit(ed.toEnd() + '\n');
    let line = ed.buffer;
    const expanded = this.expandBang(line);
    if (expanded === null) {
      this.afterCommand();
      return;
    }
    if (expanded !== line) {
      line = expanded;
      this.emit(line + '\n');
    }
    this.pending.push(line);
    const text = this.pending.join('\n');
    const r = parse(text);
    this.resetHistoryNav();
    if (r.kind === 'incomplete') {
      this.emit(ed.begin('> ', this.col));
      return;
    }
    this.pending = [];
    this.running = true;
    void this.execute(text, r, (s) => this.emit(s), true).then(() => this.afterCommand());
  }

  /** `!!` (the previous command) as bash's history expansion does; null when there is no history. */
  private expandBang(line: string): string | null {
    if (!line.includes('!!')) return line;
    // not inside single quotes
    let out = '';
    let quote = false;
    const prev = this.shell.history.at(-1);
    for (let i = 0; i < line.length; i++) {
      if (line[i] === "'") quote = !quote;
      if (!quote && line[i] === '!' && line[i + 1] === '!') {
        if (prev === undefined) {
          this.emit('bash: !!: event not found\n');
          return null;
        }
        out += prev;
        i++;
      } else out += line[i];
    }
    return out;
  }

  private afterCommand(): void {
    this.running = false;
    if (this.partialOutput) {
      // a background job's unfinished line shows before the prompt, as it would have on the terminal
      this.emit(this.partialOutput);
      this.partialOutput = '';
    }
    this.emit(this.shell.jobNotices());
    this.emit(this.editor.begin(this.prompt(), this.col));
    this.pump();
  }

  private addHistory(text: string): void {
    const h = this.shell.history;
    if (!text.trim()) return;
    if (h.at(-1) !== text) h.push(text);
    if (h.length > HISTORY_LIMIT) h.splice(0, h.length - HISTORY_LIMIT);
    this.resetHistoryNav();
  }

  /** Run one complete command text; `out` gets stdout and stderr in order. */
  private async execute(text: string, r: ParseResult, out: (s: string) => void, tty: boolean): Promise<number> {
    const run = async () => {
      this.running = true;
      this.shell.commandLine++;
      try {
        if (r.kind === 'error') {
          this.addHistory(text);
          out(`bash: ${r.message}\n`);
          this.shell.status = 2;
          return 2;
        }
        if (r.kind === 'incomplete') {
          out(`bash: ${r.error.eofMessage}\n`);
          this.shell.status = 2;
          return 2;
        }
        if (!r.list.length) return this.shell.status;
        this.addHistory(text);
        for (const cb of this.commandListeners) cb(text, this.shell.cluster.clock.now());
        this.shell.resetSignal();
        const io: IO = { stdin: null, out, err: out, tty };
        this.shell.screen = tty ? this.screenHost : undefined;
        this.shell.typedLine = tty ? () => this.readTypedLine() : undefined;
        // jobs started now keep writing to the terminal after this command line is over
        this.shell.backgroundWriter = tty ? (w) => (w === out ? (s) => this.backgroundOutput(s) : w) : undefined;
        try {
          return await this.shell.runList(r.list, io);
        } catch (e) {
          if (e instanceof Interrupted) {
            this.shell.status = 130;
            return 130;
          }
          throw e;
        } finally {
          this.shell.screen = undefined;
          this.shell.typedLine = undefined;
          if (this.lineReader) {
            this.lineReader.resolve(null);
            this.lineReader = undefined;
          }
          this.shell.resetSignal();
          this.shell.cleanupProcFiles();
        }
      } finally {
        this.running = false;
      }
    };
    const p = this.chain.then(run);
    this.chain = p.catch(() => undefined);
    return p;
  }

  /**
   * Headless: run `text` as typed lines (here-document bodies included). Output uses \n and shows
   * no prompts. Resolves with the last exit status.
   */
  async runScript(text: string, write: (s: string) => void): Promise<number> {
    const screen = this.terminal ? screenLines(write) : undefined;
    const out = screen ? screen.write : write;
    // in a typed transcript the script's own output stands for the screen (curl draws no progress meter)
    this.shell.transcriptOut = screen ? out : undefined;
    const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
    if (lines.at(-1) === '') lines.pop();
    let pending: string[] = [];
    let status = this.shell.status;
    let first = 0;
    let executed = 0;
    let next = 0;
    // a program reading the terminal (vi headless) takes the script's following lines as its input
    const outer = this.shell.nextInputLine;
    this.shell.nextInputLine = () => (next < lines.length ? lines[next++] : null);
    try {
      while (next < lines.length) {
        const i = next++;
        const line = lines[i];
        if (!pending.length) first = i;
        pending.push(line);
        const joined = pending.join('\n');
        const r = parse(joined);
        if (r.kind === 'incomplete') continue;
        pending = [];
        if (executed++ && this.typingDelayMs && joined.trim()) await this.shell.timers.advance(this.typingDelayMs);
        status = await this.limited(joined, out, () => this.execute(joined, r, out, false));
        await this.afterScriptLine(out);
      }
      if (pending.length) {
        const joined = pending.join('\n');
        const warnings: string[] = [];
        const r = parse(joined, { final: true, warnings, lineOffset: first });
        for (const w of warnings) out(`bash: ${w}\n`);
        if (r.kind === 'incomplete' && r.error.eofMessage.startsWith('unexpected EOF')) {
          out(`bash: ${r.error.eofMessage}\n`);
          status = await this.execute(joined, { kind: 'error', message: 'syntax error: unexpected end of file' }, out, false);
        } else status = await this.execute(joined, r, out, false);
        await this.afterScriptLine(out);
      }
    } finally {
      this.shell.nextInputLine = outer;
      // headless, a script's end is the session's end: its background jobs go with it
      if (!this.shell.realtime) this.shell.killJobs();
      screen?.flush();
    }
    return status;
  }

  /** Run one script line under the session's command limit: past it, the line is interrupted as by Ctrl-C. */
  private async limited(line: string, out: (s: string) => void, run: () => Promise<number>): Promise<number> {
    const limit = this.commandLimit;
    if (!limit || this.shell.realtime) return run();
    const clock = this.cluster.clock;
    const start = clock.now();
    const outer = this.shell.onStep;
    let steps = 0;
    let cut = false;
    this.shell.onStep = () => {
      outer?.();
      if (cut) return;
      const why = ++steps > limit.steps ? `it ran more than ${limit.steps.toLocaleString('en-US')} shell steps` : clock.now() - start > limit.virtualMs ? `it ran more than ${formatLimit(limit.virtualMs)} of virtual time` : undefined;
      if (!why) return;
      cut = true;
      out('^C\n');
      limit.onCut?.(line, why);
      this.shell.interrupt();
    };
    try {
      return await run();
    } finally {
      this.shell.onStep = outer;
    }
  }

  /** Headless, between typed lines: background jobs catch up, then bash's notices about ended jobs. */
  private async afterScriptLine(out: (s: string) => void): Promise<void> {
    if (this.shell.jobs.jobs.length && !this.shell.realtime) await this.shell.timers.flush();
    const notes = this.shell.jobNotices();
    if (notes) out(notes);
  }

  /** The interpreter under this session, for embedders that attach hooks (a recorder, the grader). */
  get interpreter(): Shell {
    return this.shell;
  }

  /**
   * Headless replay: run one command text as it was entered at the prompt (here-documents included).
   * Programs that read a line get `input()`; background jobs keep running until `endJobs()`.
   */
  async runEntered(text: string, write: (s: string) => void, input: () => string | null = () => null): Promise<number> {
    const outer = this.shell.nextInputLine;
    this.shell.nextInputLine = input;
    try {
      const r = parse(text, { final: true });
      const status = await this.execute(text, r, write, false);
      await this.afterScriptLine(write);
      return status;
    } finally {
      this.shell.nextInputLine = outer;
    }
  }

  /** Headless: the session is over; its background jobs go with it. */
  endJobs(): void {
    this.shell.killJobs();
  }

  /** Run one command line (or several lines with here-documents). Output defaults to the terminal. */
  async run(line: string, out?: (s: string) => void): Promise<number> {
    return this.runScript(line, out ?? ((s) => this.emit(s)));
  }
}

/** A transcript keeps what a screen shows: a carriage return goes back to the line's start and overwrites it. */
function screenLines(write: (s: string) => void): { write: (s: string) => void; flush: () => void } {
  let line = '';
  let col = 0;
  return {
    write(s) {
      if (!s.includes('\r') && col === line.length) {
        const nl = s.lastIndexOf('\n');
        if (nl < 0) {
          line += s;
          col = line.length;
          return;
        }
        write(line + s.slice(0, nl + 1));
        line = s.slice(nl + 1);
        col = line.length;
        return;
      }
      let done = '';
      for (const ch of s) {
        if (ch === '\n') {
          done += line + '\n';
          line = '';
          col = 0;
        } else if (ch === '\r') col = 0;
        else {
          line = line.slice(0, col) + ch + line.slice(col + 1);
          col++;
        }
      }
      if (done) write(done);
    },
    flush() {
      if (line) write(line);
      line = '';
      col = 0;
    },
  };
}

/** `1 h`, `10 min`, `30 s`. */
function formatLimit(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
  if (ms % 60_000 === 0) return `${ms / 60_000} min`;
  return `${Math.round(ms / 1000)} s`;
}
