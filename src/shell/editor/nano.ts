// GNU nano 2.3.1 as CentOS 7 ships it: title bar, edit window, status bar and the two shortcut
// rows; typing edits, ^O writes, ^X exits (asking first when modified), ^K/^U cut and paste lines.
import type { FileSystem } from '../../cluster/types.ts';
import { joinPath } from '../paths.ts';
import type { EdKey } from './keys.ts';
import type { EditorCore, Frame } from './screen.ts';
import { indexAtColumn, layout, loadFile, saveFile, utf8Length } from './text.ts';

export interface NanoOptions {
  fs: FileSystem;
  cwd: string;
  file?: string;
  /** `+LINE[,COLUMN]` from the command line */
  startLine?: string;
}

const VERSION = 'GNU nano 2.3.1';
const REV = '\x1b[7m';
const RESET = '\x1b[m';

type Shortcut = [key: string, label: string];

const MAIN_KEYS: Shortcut[] = [
  ['^G', 'Get Help'],
  ['^X', 'Exit'],
  ['^O', 'WriteOut'],
  ['^J', 'Justify'],
  ['^R', 'Read File'],
  ['^W', 'Where Is'],
  ['^Y', 'Prev Page'],
  ['^V', 'Next Page'],
  ['^K', 'Cut Text'],
  ['^U', 'UnCut Text'],
  ['^C', 'Cur Pos'],
  ['^T', 'To Spell'],
];

const WRITE_KEYS: Shortcut[] = [
  ['^G', 'Get Help'],
  ['^C', 'Cancel'],
  ['M-D', 'DOS Format'],
  ['M-M', 'Mac Format'],
  ['M-A', 'Append'],
  ['M-P', 'Prepend'],
  ['M-B', 'Backup File'],
  ['^T', 'To Files'],
];

const SEARCH_KEYS: Shortcut[] = [
  ['^G', 'Get Help'],
  ['^C', 'Cancel'],
  ['^Y', 'First Line'],
  ['^V', 'Last Line'],
  ['^R', 'Replace'],
  ['^T', 'Go To Line'],
  ['M-C', 'Case Sens'],
  ['M-B', 'Backwards'],
  ['M-R', 'Regexp'],
  ['Up', 'History'],
];

const GOTO_KEYS: Shortcut[] = [
  ['^G', 'Get Help'],
  ['^C', 'Cancel'],
  ['^Y', 'First Line'],
  ['^V', 'Last Line'],
  ['^T', 'Go To Text'],
];

const HELP_TEXT = [
  'Main nano help text',
  '',
  ' The nano editor is designed to emulate the functionality and ease-of-use of',
  ' the UW Pico text editor.  There are four main sections of the editor.  The',
  ' top line shows the program version, the current filename being edited, and',
  ' whether or not the file has been modified.  Next is the main editor window',
  ' showing the file being edited.  The status line is the third line from the',
  ' bottom and shows important messages.  The bottom two lines show the most',
  ' commonly used shortcuts in the editor.',
  '',
  ' The notation for shortcuts is as follows: Control-key sequences are notated',
  ' with a caret (^) symbol.  Escape-key sequences are notated with the Meta (M-)',
  ' symbol.',
  '',
  '^G      (F1)            Display this help text',
  '^X      (F2)            Close the current file buffer / Exit from nano',
  '^O      (F3)            Write the current file to disk',
  '^W      (F6)            Search for a string or a regular expression',
  '^Y      (F7)            Move to the previous screen',
  '^V      (F8)            Move to the next screen',
  '^K      (F9)            Cut the current line and store it in the cutbuffer',
  '^U      (F10)           Uncut from the cutbuffer into the current line',
  '^C      (F11)           Display the position of the cursor',
  '^_      (M-G)           Go to line and column number',
  '^A                      Move to the beginning of the current line',
  '^E                      Move to the end of the current line',
];

type Prompt = { kind: 'write' | 'write-exit' | 'search' | 'goto'; label: string; text: string; cursor: number };

export class Nano implements EditorCore {
  /** the buffer always ends with an empty "magic" line, as nano's does */
  lines: string[] = [''];
  row = 0;
  col = 0;
  done = false;
  status = 0;
  modified = false;

  private want = 0;
  private top = 0;
  private editRows = 19;
  private columns = 80;
  private readonly fs: FileSystem;
  private readonly cwd: string;
  private name: string;
  private cut: string[] = [];
  private lastWasCut = false;
  private message: string | null = null;
  private messageTtl = 0;
  private prompt: Prompt | null = null;
  private question: 'save' | null = null;
  private help = false;
  private lastSearch = '';

  constructor(opts: NanoOptions) {
    this.fs = opts.fs;
    this.cwd = opts.cwd;
    this.name = opts.file ?? '';
    if (this.name) this.load();
    if (opts.startLine) {
      const [l, c] = opts.startLine.split(',').map(Number);
      if (l > 0) this.row = Math.min(l - 1, this.lines.length - 1);
      if (c > 0) this.col = Math.min(c - 1, this.lines[this.row].length);
      this.want = this.xpt();
    }
  }

  private get path(): string {
    return joinPath(this.cwd, this.name);
  }

  private load(): void {
    const f = loadFile(this.fs, this.path);
    if (f.state === 'dir') {
      this.say(`"${this.name}" is a directory`);
      this.name = '';
      return;
    }
    if (f.state !== 'file') {
      this.say('New File');
      return;
    }
    if (f.bytes === 0) {
      this.say('Read 0 lines');
      return;
    }
    this.lines = [...f.lines, ''];
    const n = f.lines.length;
    this.say(`Read ${n} line${n === 1 ? '' : 's'}`);
  }

  /** What the file will contain: every line but the magic one, each with its newline. */
  content(): string {
    return this.lines
      .slice(0, -1)
      .map((l) => l + '\n')
      .join('');
  }

  private say(text: string): void {
    this.message = text;
    this.messageTtl = 26;
  }

  private get line(): string {
    return this.lines[this.row];
  }

  private setModified(): void {
    this.modified = true;
    if (this.lines.at(-1) !== '') this.lines.push('');
  }

  // ---------------------------------------------------------------- keys

  feed(key: EdKey): void {
    if (this.done) return;
    if (this.help) {
      if (key === '<C-x>' || key === '<C-c>' || key === 'q' || key === '<Esc>') this.help = false;
      return;
    }
    if (this.question) return this.questionKey(key);
    if (this.prompt) return this.promptKey(key);
    if (this.messageTtl > 0 && --this.messageTtl === 0) this.message = null;
    const wasCut = this.lastWasCut;
    this.lastWasCut = false;
    const l = this.line;
    switch (key) {
      case '<CR>':
      case '<C-m>':
        this.lines.splice(this.row, 1, l.slice(0, this.col), l.slice(this.col));
        this.row++;
        this.col = 0;
        this.setModified();
        break;
      case '<BS>':
      case '<C-h>':
        if (this.col > 0) {
          this.lines[this.row] = l.slice(0, this.col - 1) + l.slice(this.col);
          this.col--;
          this.setModified();
        } else if (this.row > 0) {
          const prev = this.lines[this.row - 1];
          this.lines.splice(this.row - 1, 2, prev + l);
          this.row--;
          this.col = prev.length;
          this.setModified();
        }
        break;
      case '<Del>':
      case '<C-d>':
        if (this.col < l.length) {
          this.lines[this.row] = l.slice(0, this.col) + l.slice(this.col + 1);
          this.setModified();
        } else if (this.row < this.lines.length - 1) {
          this.lines.splice(this.row, 2, l + this.lines[this.row + 1]);
          this.setModified();
        }
        break;
      case '<Tab>':
        this.type('\t');
        break;
      case '<Left>':
      case '<C-b>':
        if (this.col > 0) this.col--;
        else if (this.row > 0) {
          this.row--;
          this.col = this.line.length;
        }
        break;
      case '<Right>':
      case '<C-f>':
        if (this.col < l.length) this.col++;
        else if (this.row < this.lines.length - 1) {
          this.row++;
          this.col = 0;
        }
        break;
      case '<Up>':
      case '<C-p>':
      case '<Down>':
      case '<C-n>': {
        const r = this.row + (key === '<Up>' || key === '<C-p>' ? -1 : 1);
        if (r >= 0 && r < this.lines.length) {
          this.row = r;
          this.col = indexAtColumn(this.line, this.want);
        }
        return this.afterMove(true);
      }
      case '<Home>':
      case '<C-a>':
        this.col = 0;
        break;
      case '<End>':
      case '<C-e>':
        this.col = l.length;
        break;
      case '<PageUp>':
      case '<C-y>':
      case '<PageDown>':
      case '<C-v>': {
        const page = Math.max(1, this.editRows - 2);
        const down = key === '<PageDown>' || key === '<C-v>';
        this.row = Math.max(0, Math.min(this.lines.length - 1, this.row + (down ? page : -page)));
        this.top = Math.max(0, Math.min(this.lines.length - 1, this.top + (down ? page : -page)));
        this.col = 0;
        break;
      }
      case '<C-k>':
        this.cutLine(wasCut);
        break;
      case '<C-u>':
        this.uncut();
        break;
      case '<C-o>':
        this.openPrompt('write', 'File Name to Write', this.name);
        return;
      case '<C-x>':
        if (!this.modified) {
          this.done = true;
          return;
        }
        this.question = 'save';
        this.message = null;
        return;
      case '<C-w>':
        this.openPrompt('search', this.lastSearch ? `Search [${this.lastSearch}]` : 'Search', '');
        return;
      case '<C-_>':
        this.openPrompt('goto', 'Enter line number, column number', '');
        return;
      case '<C-c>':
        this.cursorPosition();
        return;
      case '<C-g>':
        this.help = true;
        return;
      default:
        if (key.length > 1 && key.startsWith('<')) return;
        this.type(key);
    }
    this.afterMove(false);
  }

  private afterMove(keepWant: boolean): void {
    if (!keepWant) this.want = this.xpt();
  }

  private type(text: string): void {
    const l = this.line;
    this.lines[this.row] = l.slice(0, this.col) + text + l.slice(this.col);
    this.col += text.length;
    this.setModified();
  }

  /** ^K: the line goes to the cutbuffer; consecutive ^K's collect lines. */
  private cutLine(append: boolean): void {
    if (this.row === this.lines.length - 1 && this.line === '') {
      this.lastWasCut = append;
      return;
    }
    if (!append) this.cut = [];
    this.cut.push(this.line);
    this.lines.splice(this.row, 1);
    this.col = 0;
    this.lastWasCut = true;
    this.setModified();
  }

  private uncut(): void {
    if (!this.cut.length) return;
    this.lines.splice(this.row, 0, ...this.cut);
    this.row += this.cut.length;
    this.col = 0;
    this.setModified();
  }

  private cursorPosition(): void {
    const total = this.lines.length;
    const lineNo = this.row + 1;
    const xpt = this.xpt() + 1;
    const lenpt = layout(this.line).starts.at(-1)! + 1;
    const size = utf8Length(this.content());
    let i = 0;
    for (let r = 0; r < this.row; r++) i += utf8Length(this.lines[r]) + 1;
    i += utf8Length(this.line.slice(0, this.col));
    const pct = (a: number, b: number) => (b === 0 ? 0 : Math.floor((100 * a) / b));
    this.say(`line ${lineNo}/${total} (${pct(lineNo, total)}%), col ${xpt}/${lenpt} (${pct(xpt, lenpt)}%), char ${i}/${size} (${pct(i, size)}%)`);
  }

  // ---------------------------------------------------------------- prompts

  private openPrompt(kind: Prompt['kind'], label: string, text: string): void {
    this.prompt = { kind, label, text, cursor: text.length };
    this.message = null;
  }

  private cancel(): void {
    this.prompt = null;
    this.question = null;
    this.say('Cancelled');
  }

  private questionKey(key: EdKey): void {
    const k = key.toLowerCase();
    if (k === 'y') {
      this.question = null;
      this.openPrompt('write-exit', 'File Name to Write', this.name);
    } else if (k === 'n') {
      this.question = null;
      this.done = true;
    } else if (key === '<C-c>') this.cancel();
  }

  private promptKey(key: EdKey): void {
    const p = this.prompt!;
    switch (key) {
      case '<C-c>':
        return this.cancel();
      case '<CR>':
      case '<C-m>':
        this.prompt = null;
        return this.submit(p);
      case '<BS>':
      case '<C-h>':
        if (p.cursor > 0) {
          p.text = p.text.slice(0, p.cursor - 1) + p.text.slice(p.cursor);
          p.cursor--;
        }
        return;
      case '<Del>':
      case '<C-d>':
        p.text = p.text.slice(0, p.cursor) + p.text.slice(p.cursor + 1);
        return;
      case '<Left>':
      case '<C-b>':
        p.cursor = Math.max(0, p.cursor - 1);
        return;
      case '<Right>':
      case '<C-f>':
        p.cursor = Math.min(p.text.length, p.cursor + 1);
        return;
      case '<Home>':
      case '<C-a>':
        p.cursor = 0;
        return;
      case '<End>':
      case '<C-e>':
        p.cursor = p.text.length;
        return;
      case '<C-k>':
        p.text = '';
        p.cursor = 0;
        return;
      case '<C-y>':
        if (p.kind === 'search' || p.kind === 'goto') {
          this.prompt = null;
          this.row = 0;
          this.col = 0;
          this.want = 0;
        }
        return;
      case '<C-v>':
        if (p.kind === 'search' || p.kind === 'goto') {
          this.prompt = null;
          this.row = this.lines.length - 1;
          this.col = 0;
          this.want = 0;
        }
        return;
      default:
        if (key.length > 1 && key.startsWith('<')) return;
        p.text = p.text.slice(0, p.cursor) + key + p.text.slice(p.cursor);
        p.cursor += key.length;
    }
  }

  private submit(p: Prompt): void {
    if (p.kind === 'write' || p.kind === 'write-exit') {
      if (!p.text) return this.cancel();
      if (this.write(p.text) && p.kind === 'write-exit') this.done = true;
      return;
    }
    if (p.kind === 'search') {
      const what = p.text || this.lastSearch;
      if (!what) return this.cancel();
      this.lastSearch = what;
      return this.search(what);
    }
    const [l, c] = p.text.split(/[,\s]+/).map(Number);
    if (!p.text.trim() || !(l > 0)) {
      this.say(p.text.trim() ? 'Come on, be reasonable' : 'Cancelled');
      return;
    }
    this.row = Math.min(l - 1, this.lines.length - 1);
    this.col = c > 0 ? Math.min(c - 1, this.line.length) : 0;
    this.want = this.xpt();
  }

  private write(name: string): boolean {
    const path = joinPath(this.cwd, name);
    const err = saveFile(this.fs, path, this.content());
    if (err) {
      const text: Record<string, string> = { ENOENT: 'No such file or directory', EISDIR: 'Is a directory', ENOTDIR: 'Not a directory', EACCES: 'Permission denied' };
      this.say(`Error writing ${name}: ${text[err] ?? 'Input/output error'}`);
      return false;
    }
    this.name = name;
    this.modified = false;
    const n = this.lines.length - 1;
    this.say(`Wrote ${n} line${n === 1 ? '' : 's'}`);
    return true;
  }

  /** Case-insensitive, forward from just after the cursor, wrapping once. */
  private search(what: string): void {
    const needle = what.toLowerCase();
    const n = this.lines.length;
    for (let step = 0; step <= n; step++) {
      const r = (this.row + step) % n;
      const hay = this.lines[r].toLowerCase();
      let at: number;
      if (step === 0) at = hay.indexOf(needle, this.col + 1);
      else if (step === n) {
        at = hay.indexOf(needle);
        if (at > this.col) at = -1;
      } else at = hay.indexOf(needle);
      if (at < 0) continue;
      const same = r === this.row && at === this.col;
      const wrapped = this.row + step >= n;
      this.row = r;
      this.col = at;
      this.want = this.xpt();
      if (same) this.say('This is the only occurrence');
      else if (wrapped) this.say('Search Wrapped');
      return;
    }
    this.say(`"${what}" not found`);
  }

  // ---------------------------------------------------------------- screen

  private xpt(): number {
    return layout(this.line).starts[Math.min(this.col, this.line.length)];
  }

  private pageStart(column: number): number {
    const cols = this.columns;
    if (column === 0 || column < cols - 1) return 0;
    if (cols > 8) return column - 7 - ((column - 7) % (cols - 8));
    return column - (cols - 2);
  }

  private scroll(): void {
    if (this.row < this.top || this.row >= this.top + this.editRows) {
      // nano scrolls by half a screen when the cursor leaves the window
      this.top = Math.max(0, this.row - Math.floor(this.editRows / 2));
    }
  }

  frame(columns: number, rows: number): Frame {
    this.columns = columns;
    this.editRows = Math.max(1, rows - 5);
    if (this.help) return this.helpFrame(columns, rows);
    this.scroll();
    const out: string[] = [this.titleBar(columns), ''];
    let cursor: [number, number] = [2, 0];
    for (let i = 0; i < this.editRows; i++) {
      const r = this.top + i;
      if (r >= this.lines.length) {
        out.push('');
        continue;
      }
      const lay = layout(this.lines[r]);
      const start = r === this.row ? this.pageStart(this.xpt()) : 0;
      let text = '';
      for (let k = 0; k < lay.shown.length; k++) {
        if (lay.starts[k] < start) continue;
        if (lay.starts[k + 1] > start + columns) break;
        text += lay.shown[k];
      }
      const width = lay.starts.at(-1)!;
      if (start > 0) text = '$' + text.slice(1);
      if (width > start + columns) text = text.slice(0, columns - 1) + '$';
      out.push(text);
      if (r === this.row) cursor = [2 + i, this.xpt() - start];
    }
    out.push(this.statusLine(columns, rows, cursor));
    out.push(...this.bottomBars(columns));
    return { lines: out, cursor };
  }

  private helpFrame(columns: number, rows: number): Frame {
    const title = REV + ('  ' + VERSION).padEnd(columns).slice(0, columns) + RESET;
    const body = HELP_TEXT.slice(0, Math.max(0, rows - 5)).map((l) => l.slice(0, columns));
    while (body.length < rows - 5) body.push('');
    const bars = this.shortcutRows(columns, [
      ['^X', 'Exit'],
      ['^X', 'Exit'],
    ]);
    return { lines: [title, '', ...body, '', ...bars], cursor: [rows - 3, 0] };
  }

  /** The title bar exactly as nano 2.3.1 lays it out: version, centered file name, Modified. */
  private titleBar(cols: number): string {
    const row = Array.from({ length: cols }, () => ' ');
    const put = (at: number, s: string) => {
      for (let i = 0; i < s.length && at + i < cols; i++) if (at + i >= 0) row[at + i] = s[i];
    };
    let space = cols;
    let verlen = VERSION.length + 1;
    if (space < 4) space = 0;
    else if (verlen > Math.floor(cols / 3) - 3) verlen = Math.max(0, Math.floor(cols / 3) - 3);
    if (space >= 4) {
      put(2, VERSION.slice(0, verlen));
      verlen += 3;
      space -= verlen;
    }
    const state = this.modified ? 'Modified' : '';
    let statelen = 'Modified'.length;
    if (space > 0 && statelen < space) {
      statelen++;
      const newBuffer = this.name === '';
      const prefix = newBuffer ? 'New Buffer' : 'File:';
      let prefixlen = Math.min(prefix.length, space - statelen) + 1;
      if (!newBuffer && prefixlen + statelen < space) prefixlen++;
      space = space >= prefixlen + statelen ? space - prefixlen - statelen : 0;
      if (newBuffer) put(verlen + Math.floor(space / 3), prefix);
      else {
        const path = this.name;
        const dots = space >= 8 && path.length >= space;
        if (dots) {
          const shown = path.slice(path.length - space + 3);
          put(verlen - 1, prefix);
          put(verlen - 1 + prefix.length, ' ...' + shown);
        } else {
          const at = verlen + Math.floor((space - path.length) / 3);
          put(at, prefix + ' ' + path);
        }
      }
    }
    if (state) put(statelen >= cols - 1 ? 0 : cols - statelen - 1, state);
    return REV + row.join('') + RESET;
  }

  private statusLine(cols: number, rows: number, cursor: [number, number]): string {
    if (this.question) {
      const q = 'Save modified buffer (ANSWERING "No" WILL DESTROY CHANGES) ? ';
      cursor[0] = rows - 3;
      cursor[1] = Math.min(cols - 1, q.length);
      return REV + q.padEnd(cols).slice(0, cols) + RESET;
    }
    if (this.prompt) {
      const p = this.prompt;
      const head = p.label + ': ';
      const full = head + p.text;
      const start = Math.max(0, head.length + p.cursor - (cols - 1));
      cursor[0] = rows - 3;
      cursor[1] = head.length + p.cursor - start;
      return REV + full.slice(start).padEnd(cols).slice(0, cols) + RESET;
    }
    if (!this.message) return '';
    const text = this.message.slice(0, Math.max(0, cols - 4));
    const start = Math.max(0, Math.floor((cols - text.length - 4) / 2));
    return ' '.repeat(start) + REV + '[ ' + text + ' ]' + RESET;
  }

  private bottomBars(cols: number): string[] {
    if (this.question) {
      const width = Math.floor(cols / 6);
      const one = (k: string, d: string) => {
        const desc = d.slice(0, Math.max(0, width - k.length - 1));
        return { text: REV + k + RESET + (desc ? ' ' + desc : ''), len: k.length + (desc ? 1 + desc.length : 0) };
      };
      const no = one(' N', 'No');
      return [one(' Y', 'Yes').text, no.text + ' '.repeat(Math.max(0, 16 - no.len)) + one('^C', 'Cancel').text];
    }
    const set = this.prompt ? (this.prompt.kind === 'search' ? SEARCH_KEYS : this.prompt.kind === 'goto' ? GOTO_KEYS : WRITE_KEYS) : MAIN_KEYS;
    return this.shortcutRows(cols, set);
  }

  /** nano's bottombars(): shortcuts in columns of COLS / (n/2), first of each pair on the upper row. */
  private shortcutRows(cols: number, keys: Shortcut[]): string[] {
    const list = keys.slice(0, 12);
    const colwidth = Math.max(1, Math.floor(cols / (Math.floor(list.length / 2) + (list.length % 2))));
    const rowsText = ['', ''];
    const widths = [0, 0];
    list.forEach(([k, d], i) => {
      const r = i % 2;
      const at = Math.floor(i / 2) * colwidth;
      if (at >= cols) return;
      const len = colwidth + (cols % colwidth);
      if (widths[r] < at) {
        rowsText[r] += ' '.repeat(at - widths[r]);
        widths[r] = at;
      }
      const room = Math.min(len, cols - at);
      const keyText = k.slice(0, room);
      let cell = REV + keyText + RESET;
      let w = keyText.length;
      const rest = room - (k.length + 1);
      if (rest > 0) {
        const desc = d.slice(0, rest);
        cell += ' ' + desc;
        w += 1 + desc.length;
      }
      rowsText[r] += cell;
      widths[r] += w;
    });
    return rowsText;
  }
}

