// The edit buffer of one prompt line and the escape sequences that show it, wrapping included.
// Every method returns what to write to the terminal; the caller writes it.

const WORD_CHAR = /[A-Za-z0-9_]/;

export class LineEditor {
  buffer = '';
  cursor = 0;
  prompt = '';
  /** column where the prompt starts (output without a final newline leaves it > 0) */
  startCol = 0;
  columns: number;

  constructor(columns: number) {
    this.columns = columns;
  }

  /** Show a new prompt with an empty (or given) line. */
  begin(prompt: string, startCol: number, text = ''): string {
    this.prompt = prompt;
    this.startCol = startCol % this.columns;
    this.buffer = text;
    this.cursor = text.length;
    return this.paint();
  }

  private offset(i: number): number {
    return this.startCol + this.prompt.length + i;
  }

  /** Write prompt and buffer from the current prompt start, assuming the cursor is at the prompt start. */
  private paint(): string {
    let out = this.prompt + this.buffer;
    const end = this.offset(this.buffer.length);
    // a line that exactly fills the width leaves xterm's cursor pending; move it to the next row
    if (end > 0 && end % this.columns === 0) out += '\r\n';
    out += '\x1b[J';
    return out + this.move(end, this.offset(this.cursor));
  }

  /** Cursor movement between two offsets from the prompt row's column 0. */
  private move(from: number, to: number): string {
    const cols = this.columns;
    const fr = Math.floor(from / cols);
    const tr = Math.floor(to / cols);
    let out = '';
    if (tr < fr) out += `\x1b[${fr - tr}A`;
    else if (tr > fr) out += `\x1b[${tr - fr}B`;
    const fc = from % cols;
    const tc = to % cols;
    if (tc !== fc) out += '\r' + (tc ? `\x1b[${tc}C` : '');
    return out;
  }

  /** Redraw the whole line from the prompt. */
  redraw(): string {
    const here = this.offset(this.cursor);
    const rows = Math.floor(here / this.columns);
    let out = rows ? `\x1b[${rows}A` : '';
    out += '\r' + (this.startCol ? `\x1b[${this.startCol}C` : '');
    return out + this.paint();
  }

  /** Clear the prompt and the line from the screen, leaving the cursor where the prompt started (to print above it). */
  erase(): string {
    const here = this.offset(this.cursor);
    const rows = Math.floor(here / this.columns);
    let out = rows ? `\x1b[${rows}A` : '';
    out += '\r' + (this.startCol ? `\x1b[${this.startCol}C` : '');
    return out + '\x1b[J';
  }

  /** Put the cursor after the last character (before Enter or Ctrl-C). */
  toEnd(): string {
    const out = this.move(this.offset(this.cursor), this.offset(this.buffer.length));
    this.cursor = this.buffer.length;
    return out;
  }

  insert(text: string): string {
    const atEnd = this.cursor === this.buffer.length;
    this.buffer = this.buffer.slice(0, this.cursor) + text + this.buffer.slice(this.cursor);
    this.cursor += text.length;
    if (atEnd) {
      const end = this.offset(this.buffer.length);
      return text + (end % this.columns === 0 ? '\r\n' : '');
    }
    return this.redrawAfter(this.cursor - text.length);
  }

  /** Redraw after the text changed at or after index `from` (cursor was at `from` on screen). */
  private redrawAfter(from: number): string {
    let out = this.move(this.offset(this.cursorBefore ?? from), this.offset(from));
    this.cursorBefore = null;
    const tail = this.buffer.slice(from);
    out += tail;
    const end = this.offset(this.buffer.length);
    // only text just written can leave xterm's cursor pending at the right margin
    if (tail && end % this.columns === 0) out += '\r\n';
    out += '\x1b[J';
    return out + this.move(end, this.offset(this.cursor));
  }

  private cursorBefore: number | null = null;

  set(text: string): string {
    const old = this.cursor;
    this.buffer = text;
    this.cursor = text.length;
    this.cursorBefore = old;
    return this.redrawAfter(0);
  }

  private replace(from: number, to: number, cursor: number): string {
    const old = this.cursor;
    this.buffer = this.buffer.slice(0, from) + this.buffer.slice(to);
    this.cursor = cursor;
    this.cursorBefore = old;
    return this.redrawAfter(Math.min(from, old));
  }

  backspace(): string {
    if (this.cursor === 0) return '';
    return this.replace(this.cursor - 1, this.cursor, this.cursor - 1);
  }

  del(): string {
    if (this.cursor >= this.buffer.length) return '';
    return this.replace(this.cursor, this.cursor + 1, this.cursor);
  }

  killToStart(): string {
    if (this.cursor === 0) return '';
    return this.replace(0, this.cursor, 0);
  }

  killToEnd(): string {
    if (this.cursor === this.buffer.length) return '';
    return this.replace(this.cursor, this.buffer.length, this.cursor);
  }

  /** Ctrl-W: back to the previous whitespace. */
  killWordBack(): string {
    let i = this.cursor;
    while (i > 0 && this.buffer[i - 1] === ' ') i--;
    while (i > 0 && this.buffer[i - 1] !== ' ') i--;
    if (i === this.cursor) return '';
    return this.replace(i, this.cursor, i);
  }

  /** Alt-Backspace: back to the previous non-word character. */
  killAlnumBack(): string {
    const i = this.wordLeftIndex();
    if (i === this.cursor) return '';
    return this.replace(i, this.cursor, i);
  }

  killAlnumForward(): string {
    const i = this.wordRightIndex();
    if (i === this.cursor) return '';
    return this.replace(this.cursor, i, this.cursor);
  }

  private wordLeftIndex(): number {
    let i = this.cursor;
    while (i > 0 && !WORD_CHAR.test(this.buffer[i - 1])) i--;
    while (i > 0 && WORD_CHAR.test(this.buffer[i - 1])) i--;
    return i;
  }

  private wordRightIndex(): number {
    let i = this.cursor;
    while (i < this.buffer.length && !WORD_CHAR.test(this.buffer[i])) i++;
    while (i < this.buffer.length && WORD_CHAR.test(this.buffer[i])) i++;
    return i;
  }

  moveTo(i: number): string {
    const to = Math.max(0, Math.min(this.buffer.length, i));
    const out = this.move(this.offset(this.cursor), this.offset(to));
    this.cursor = to;
    return out;
  }

  left(): string {
    return this.moveTo(this.cursor - 1);
  }
  right(): string {
    return this.moveTo(this.cursor + 1);
  }
  home(): string {
    return this.moveTo(0);
  }
  end(): string {
    return this.moveTo(this.buffer.length);
  }
  wordLeft(): string {
    return this.moveTo(this.wordLeftIndex());
  }
  wordRight(): string {
    return this.moveTo(this.wordRightIndex());
  }
}
