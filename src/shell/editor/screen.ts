// Full-screen programs: the contract between a program that takes over the terminal (an editor)
// and the session that owns it, and the painter that redraws only the rows that changed.
import { parseRaw, type EdKey } from './keys.ts';

/** What the interactive session offers a full-screen program. */
export interface ScreenHost {
  readonly columns: number;
  readonly rows: number;
  /** Give the terminal (every key, the whole screen) to `app` until it finishes or `signal` aborts. */
  run(app: ScreenApp, signal: AbortSignal): Promise<void>;
}

export interface AppTerminal {
  write(data: string): void;
  /** the program is done: the session gets its keys and screen back */
  finish(): void;
}

export interface ScreenApp {
  start(term: AppTerminal, columns: number, rows: number): void;
  /** raw terminal input */
  input(data: string): void;
  resize(columns: number, rows: number): void;
  /** the session is taking the terminal back (Ctrl-C from elsewhere, a reset): restore the screen */
  abort(): void;
}

/** One screen: rows of text with SGR attributes, exactly `rows` of them, and the cursor. */
export interface Frame {
  lines: string[];
  cursor: [row: number, col: number];
}

/** An editor seen from outside: keys in, a frame out. */
export interface EditorCore {
  feed(key: EdKey): void;
  readonly done: boolean;
  frame(columns: number, rows: number): Frame;
}

export const ALT_SCREEN_ON = '\x1b[?1049h\x1b[H\x1b[2J';
export const ALT_SCREEN_OFF = '\x1b[?1049l';

/** Redraws a frame by rows: a row is rewritten only when its content changed. */
export class Painter {
  private prev: string[] = [];

  invalidate(): void {
    this.prev = [];
  }

  paint(frame: Frame): string {
    let out = '\x1b[?25l';
    frame.lines.forEach((line, r) => {
      if (this.prev[r] === line) return;
      // erase first: EL at the right margin would erase a row's last cell
      out += `\x1b[${r + 1};1H\x1b[K${line}\x1b[m`;
    });
    this.prev = [...frame.lines];
    return out + `\x1b[${frame.cursor[0] + 1};${frame.cursor[1] + 1}H\x1b[?25h`;
  }
}

/** Runs an EditorCore on the terminal: alternate screen, keys, redraws, back to the shell at the end. */
export class FullScreenEditor implements ScreenApp {
  private term: AppTerminal | null = null;
  private columns = 80;
  private rows = 24;
  private readonly painter = new Painter();
  private readonly core: EditorCore;
  private closed = false;

  constructor(core: EditorCore) {
    this.core = core;
  }

  start(term: AppTerminal, columns: number, rows: number): void {
    this.term = term;
    this.columns = columns;
    this.rows = rows;
    term.write(ALT_SCREEN_ON);
    this.draw();
  }

  input(data: string): void {
    if (this.closed) return;
    for (const key of parseRaw(data)) {
      this.core.feed(key);
      if (this.core.done) return this.close();
    }
    this.draw();
  }

  resize(columns: number, rows: number): void {
    this.columns = columns;
    this.rows = rows;
    if (this.closed || !this.term) return;
    this.painter.invalidate();
    this.term.write('\x1b[H\x1b[2J');
    this.draw();
  }

  abort(): void {
    if (this.closed) return;
    this.closed = true;
    this.term?.write(ALT_SCREEN_OFF);
  }

  private draw(): void {
    this.term?.write(this.painter.paint(this.core.frame(this.columns, this.rows)));
  }

  private close(): void {
    this.closed = true;
    this.term?.write(ALT_SCREEN_OFF);
    this.term?.finish();
  }
}
