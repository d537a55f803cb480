// The xterm.js side of the terminal: renders shell output, forwards keystrokes, fits to its box.
// This module is loaded with a dynamic import so xterm's code arrives only when the terminal is needed.
import { Terminal } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import { terminalTheme, terminalFontFamily } from './theme.ts';

/** What the view needs from a shell session. */
export interface ShellPort {
  input(data: string): void;
  resize(columns: number, rows?: number): void;
  onOutput(listener: (text: string) => void): unknown;
}

export interface TerminalView {
  readonly term: Terminal;
  /** Visible text of the terminal, one string per buffer line, trailing spaces trimmed. */
  lines(): string[];
  /** The buffer line the cursor is on (the line being edited). */
  cursorLine(): string;
  focus(): void;
  /** Re-attach to a new shell session (after a lab reset). */
  attach(shell: ShellPort): void;
  dispose(): void;
}

export function createTerminalView(host: HTMLElement, shell: ShellPort): TerminalView {
  const term = new Terminal({
    fontFamily: terminalFontFamily,
    fontSize: 14,
    lineHeight: 1.2,
    cursorBlink: true,
    // shells print "\n"; the terminal needs "\r\n" to return to column 0
    convertEol: true,
    scrollback: 5000,
    theme: terminalTheme,
    allowProposedApi: false,
  });
  const fit = new FitAddon();
  term.loadAddon(fit);
  term.open(host);

  let current = shell;
  let generation = 0;
  const wire = (s: ShellPort) => {
    const mine = ++generation;
    // outputs of a replaced session are dropped, whatever its onOutput returns
    s.onOutput((text) => {
      if (mine === generation) term.write(text);
    });
  };
  term.onData((data) => current.input(data));
  // Tab belongs to the shell (completion), so Escape is the way out for keyboard users: focus moves
  // to the terminal's box, and the next Tab continues through the page.
  term.attachCustomKeyEventHandler((event) => {
    if (event.key !== 'Escape' || event.type !== 'keydown' || event.altKey || event.ctrlKey || event.metaKey) return true;
    // a full-screen program (vi) is on the alternate screen and needs its Escape
    if (term.buffer.active.type === 'alternate') return true;
    host.focus();
    return false;
  });
  wire(shell);

  let lastCols = 0;
  let lastRows = 0;
  const refit = () => {
    if (!host.isConnected || host.clientWidth === 0 || host.clientHeight === 0) return;
    try {
      fit.fit();
    } catch {
      return; // the renderer has not measured its font yet; the next resize will fit
    }
    if (term.cols !== lastCols || term.rows !== lastRows) {
      lastCols = term.cols;
      lastRows = term.rows;
      current.resize(term.cols, term.rows);
    }
  };
  const observer = new ResizeObserver(() => refit());
  observer.observe(host);
  refit();
  // fonts may arrive after the first fit and change the cell size
  void document.fonts?.ready.then(() => refit());

  return {
    term,
    lines() {
      const buffer = term.buffer.active;
      const out: string[] = [];
      for (let i = 0; i < buffer.length; i++) out.push(buffer.getLine(i)?.translateToString(true) ?? '');
      while (out.length && out[out.length - 1] === '') out.pop();
      return out;
    },
    cursorLine() {
      const buffer = term.buffer.active;
      return buffer.getLine(buffer.baseY + buffer.cursorY)?.translateToString(true) ?? '';
    },
    focus() {
      term.focus();
    },
    attach(next) {
      current = next;
      term.reset();
      wire(next);
      lastCols = 0;
      lastRows = 0;
      refit();
      if (lastCols === 0) next.resize(term.cols, term.rows);
    },
    dispose() {
      observer.disconnect();
      term.dispose();
    },
  };
}
