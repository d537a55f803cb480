// Vim as CentOS 7 ships it (7.4 with /etc/vimrc: ruler, backspace=indent,eol,start): normal,
// insert, replace and command-line modes over one buffer, with Vim's own messages.
import type { FileSystem } from '../../cluster/types.ts';
import { joinPath } from '../paths.ts';
import type { EdKey } from './keys.ts';
import type { EditorCore, Frame } from './screen.ts';
import { indexAtColumn, layout, loadFile, saveFile, utf8Length } from './text.ts';
import { expandReplacement, matchStarts, vimPattern } from './vim-regex.ts';

export interface VimOptions {
  fs: FileSystem;
  cwd: string;
  /** the file name as typed; none for `vi` alone */
  file?: string;
  /** current time (ms) for undo messages */
  now: () => number;
  /** `+N`, `+` or `+/pattern` from the command line */
  startCommand?: string;
}

type Mode = 'normal' | 'insert' | 'replace' | 'cmdline';
type Pos = { row: number; col: number };
type MsgKind = 'plain' | 'error' | 'warning';
interface Snapshot {
  lines: string[];
  row: number;
  col: number;
  id: number;
  empty: boolean;
}
interface UndoEntry {
  before: Snapshot;
  /** redo: where the cursor was before the change (Vim puts it there again) */
  cursor?: Pos;
  seq: number;
  time: number;
}
interface Target {
  row: number;
  col: number;
  linewise?: boolean;
  inclusive?: boolean;
  /** the desired column after the move (Infinity after $) */
  want?: number;
  /** j/k-like moves keep the desired column */
  keepWant?: boolean;
}
type Parsed = 'more' | 'done';

const SGR = {
  nonText: '\x1b[1;34m',
  error: '\x1b[37;41m',
  warning: '\x1b[31m',
  mode: '\x1b[1m',
  lineNr: '\x1b[33m',
  reset: '\x1b[m',
};

/** Vim's character classes for word motions: 0 blank, 1 punctuation, 2 keyword. */
function charClass(c: string | undefined, big: boolean): number {
  if (c === undefined || c === ' ' || c === '\t' || c === '') return 0;
  if (big) return 1;
  return /[\p{L}\p{N}_]/u.test(c) ? 2 : 1;
}

function firstNonBlank(line: string): number {
  const m = /^[ \t]*/.exec(line)!;
  return m[0].length < line.length ? m[0].length : Math.max(0, line.length - 1);
}

export class Vim implements EditorCore {
  lines: string[] = [''];
  row = 0;
  col = 0;
  private want = 0;
  mode: Mode = 'normal';
  done = false;
  /** exit status for the shell (`:cq` gives 1) */
  status = 0;

  private readonly fs: FileSystem;
  private readonly cwd: string;
  private readonly now: () => number;
  /** name as shown in messages, absolute path for the file system */
  private name: string | null;
  private path: string | null;
  /** the buffer holds no lines at all (a new or empty file, or every line deleted) */
  private empty = true;

  private pending: EdKey[] = [];
  private cmdline = { prompt: ':', text: '', cursor: 0, count: 0 };
  private readonly cmdHistory: string[] = [];
  private histPos = 0;
  private message: { text: string; kind: MsgKind } | null = null;
  private register: { text: string; linewise: boolean } = { text: '', linewise: false };
  private lastSearch: { pattern: string; forward: boolean } | null = null;
  private lastFind: { key: string; ch: string } | null = null;
  private lastSub: { pattern: string; rep: string; flags: string } | null = null;
  private ignoreCase = false;
  private number = false;

  private undoStack: UndoEntry[] = [];
  private redoStack: UndoEntry[] = [];
  private stateId = 0;
  private idCounter = 0;
  private savedId = 0;
  private seq = 0;
  private group: UndoEntry | null = null;

  /** keys of the last change, for `.` */
  private dot: EdKey[] = [];
  private recording: EdKey[] | null = null;
  private replaying = false;
  /** insert mode: how it was entered, the count, and the keys typed (for 3ix<Esc> and 3o) */
  private insertInfo = { how: 'i', count: 1, keys: [] as EdKey[] };
  private replaced: string[] = [];

  private top = 0;
  private textRows = 23;
  private textCols = 80;

  constructor(opts: VimOptions) {
    this.fs = opts.fs;
    this.cwd = opts.cwd;
    this.now = opts.now;
    this.name = opts.file ?? null;
    this.path = opts.file ? joinPath(opts.cwd, opts.file) : null;
    if (this.path) this.load(false);
    if (opts.startCommand !== undefined) this.startAt(opts.startCommand);
  }

  /** read the file into the buffer and say what was read, as Vim does on opening */
  private load(reload: boolean): void {
    const f = loadFile(this.fs, this.path!);
    this.lines = f.lines;
    this.empty = f.state !== 'file' || f.bytes === 0;
    this.row = 0;
    this.col = 0;
    this.want = 0;
    this.top = 0;
    this.savedId = this.stateId = ++this.idCounter;
    if (!reload) {
      this.undoStack = [];
      this.redoStack = [];
    }
    const q = `"${this.name}"`;
    if (f.state === 'dir') this.msg(`${q} is a directory`);
    else if (f.state === 'new') this.msg(`${q} [New File]`);
    else if (f.state === 'new-dir') this.msg(`${q} [New DIRECTORY]`);
    else if (f.state === 'error') this.msg(`${q} [Permission Denied]`);
    else this.msg(`${q} ${f.noeol ? '[noeol] ' : ''}${this.empty ? 0 : this.lines.length}L, ${f.bytes}C`);
  }

  private startAt(cmd: string): void {
    if (cmd === '') this.row = this.lines.length - 1;
    else if (/^\d+$/.test(cmd)) this.row = Math.max(0, Math.min(this.lines.length - 1, Number(cmd) - 1));
    else if (cmd.startsWith('/')) {
      this.row = this.lines.length - 1;
      this.col = Math.max(0, this.lines[this.row].length - 1);
      this.search(cmd.slice(1), true, 1);
      return;
    }
    this.col = firstNonBlank(this.line);
  }

  private get line(): string {
    return this.lines[this.row];
  }

  get modified(): boolean {
    return this.stateId !== this.savedId;
  }

  /** the file content as it would be written */
  content(): string {
    return this.empty ? '' : this.lines.join('\n') + '\n';
  }

  private msg(text: string, kind: MsgKind = 'plain'): void {
    this.message = { text, kind };
  }

  // ---------------------------------------------------------------- keys

  feed(key: EdKey): void {
    if (this.done) return;
    if (this.mode === 'cmdline') return this.cmdlineKey(key);
    if (this.mode === 'insert' || this.mode === 'replace') {
      this.recording?.push(key);
      return this.insertKey(key);
    }
    this.normalKey(key);
  }

  private normalKey(key: EdKey): void {
    if (key === '<Esc>' || key === '<C-c>') {
      if (!this.pending.length && key === '<C-c>') this.msg('Type  :quit<Enter>  to exit Vim');
      this.pending = [];
      return;
    }
    this.pending.push(key);
    const keys = this.pending;
    let result: Parsed;
    let changed = false;
    const before = this.stateId;
    const wasEmpty = this.empty;
    try {
      result = this.normal(keys);
    } catch (e) {
      if (!(e instanceof Beep)) throw e;
      result = 'done';
    }
    if (result === 'more') return;
    this.pending = [];
    // an insert started by this command belongs to the same undo step
    if (this.mode !== 'insert' && this.mode !== 'replace') this.endGroup();
    changed = this.stateId !== before || (wasEmpty !== this.empty && this.mode === 'normal');
    const cmd = keys.find((k) => !/^[1-9]$/.test(k)) ?? '';
    if (this.mode === 'insert' || this.mode === 'replace') {
      this.recording = [...keys];
      return;
    }
    if (changed && !this.replaying && !['u', '<C-r>', '.', 'U'].includes(cmd) && !keys.includes(':')) this.dot = [...keys];
    this.clampCursor();
  }

  /** Run one normal-mode command from `keys` ([count] cmd [count] [motion]); 'more' when it needs more keys. */
  private normal(keys: EdKey[]): Parsed {
    let i = 0;
    const number = (): number => {
      let s = '';
      while (i < keys.length && /^[0-9]$/.test(keys[i]) && !(s === '' && keys[i] === '0')) s += keys[i++];
      return s ? Number(s) : 0;
    };
    const n1 = number();
    if (i >= keys.length) return 'more';
    const k = keys[i++];
    const count = n1 || 1;

    if (k === 'd' || k === 'c' || k === 'y' || k === '>' || k === '<') {
      const n2 = number();
      if (i >= keys.length) return 'more';
      const total = (n1 || 1) * (n2 || 1);
      const m = keys[i++];
      if (m === k || (k === 'c' && m === 'c')) {
        const last = this.row + total - 1;
        if (last >= this.lines.length && !(k === 'd' || k === 'c' || k === 'y')) throw new Beep();
        if (last >= this.lines.length) throw new Beep();
        this.operate(k, { row: this.row, col: 0 }, { row: last, col: 0 }, true, true);
        return 'done';
      }
      if ((m === 'i' || m === 'a') && i >= keys.length) return 'more';
      if (m === 'i' || m === 'a') {
        const obj = keys[i++];
        const r = this.textObject(m, obj, total);
        if (!r) throw new Beep();
        this.operate(k, r[0], r[1], false, true);
        return 'done';
      }
      const t = this.motion(m, keys, i, total, n1 > 0 || n2 > 0, k);
      if (t === 'more') return 'more';
      if (t === null) throw new Beep();
      this.applyOperator(k, t);
      return 'done';
    }

    const t = this.motion(k, keys, i, count, n1 > 0, null);
    if (t === 'more') return 'more';
    if (t !== null) {
      this.row = t.row;
      this.col = t.col;
      if (!t.keepWant) this.want = t.want ?? this.displayCol();
      this.clampCursor(t.keepWant);
      return 'done';
    }

    switch (k) {
      case 'i':
      case '<Insert>':
        return this.startInsert('i', count);
      case 'a':
        if (this.line.length) this.col++;
        return this.startInsert('a', count);
      case 'A':
        this.col = this.line.length;
        return this.startInsert('A', count);
      case 'I':
        this.col = /^[ \t]*/.exec(this.line)![0].length;
        return this.startInsert('I', count);
      case 'o':
      case 'O':
        this.change();
        if (this.empty) this.empty = false;
        this.lines.splice(k === 'o' ? this.row + 1 : this.row, 0, '');
        if (k === 'o') this.row++;
        this.col = 0;
        return this.startInsert(k, count);
      case 'x':
      case '<Del>':
      case 'X':
      case 's':
      case 'D':
      case 'C':
      case 'S':
      case 'Y': {
        const map: Record<string, EdKey[]> = { x: ['d', 'l'], '<Del>': ['d', 'l'], X: ['d', 'h'], s: ['c', 'l'], D: ['d', '$'], C: ['c', '$'], S: ['c', 'c'], Y: ['y', 'y'] };
        if ((k === 'x' || k === '<Del>' || k === 's') && !this.line.length && k !== 's') throw new Beep();
        return this.normal([...(n1 ? String(n1).split('') : []), ...map[k]]);
      }
      case 'r': {
        if (i >= keys.length) return 'more';
        const ch = keys[i];
        if (ch === '<Esc>' || ch === '<C-c>') return 'done';
        if (this.col + count > this.line.length) throw new Beep();
        this.change();
        if (ch === '<CR>' || ch === '<C-j>') {
          const l = this.line;
          this.lines.splice(this.row, 1, l.slice(0, this.col), l.slice(this.col + count));
          this.row++;
          this.col = 0;
          return 'done';
        }
        const c = ch === '<Tab>' ? '\t' : ch.length > 1 && ch.startsWith('<') ? null : ch;
        if (c === null) throw new Beep();
        this.lines[this.row] = this.line.slice(0, this.col) + c.repeat(count) + this.line.slice(this.col + count);
        this.col += count - 1;
        return 'done';
      }
      case 'R':
        this.replaced = [];
        return this.startInsert('R', count);
      case 'J':
      case 'g': {
        if (k === 'g') {
          if (i >= keys.length) return 'more';
          const g = keys[i++];
          if (g === 'J') return this.join(Math.max(2, count), false);
          if (g === 'I') {
            this.col = 0;
            return this.startInsert('I', count);
          }
          if (g === 'i') return this.startInsert('i', count);
          throw new Beep();
        }
        return this.join(Math.max(2, count), true);
      }
      case '~': {
        if (!this.line.length) throw new Beep();
        this.change();
        const end = Math.min(this.line.length, this.col + count);
        const seg = [...this.line.slice(this.col, end)].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join('');
        this.lines[this.row] = this.line.slice(0, this.col) + seg + this.line.slice(end);
        this.col = Math.min(end, this.line.length - 1);
        return 'done';
      }
      case 'p':
      case 'P':
        return this.put(k === 'p', count);
      case 'u':
        for (let c = 0; c < count; c++) if (!this.undo()) break;
        return 'done';
      case '<C-r>':
        for (let c = 0; c < count; c++) if (!this.redo()) break;
        return 'done';
      case '.': {
        if (!this.dot.length) return 'done';
        // a count given to `.` replaces the count of the repeated command
        const keysDot = n1 ? [...String(n1).split(''), ...this.dot.slice(this.dot.findIndex((x) => !/^[0-9]$/.test(x)))] : this.dot;
        this.pending = [];
        this.replaying = true;
        try {
          for (const key of keysDot) this.feed(key);
        } finally {
          this.replaying = false;
        }
        return 'done';
      }
      case ':':
        this.openCmdline(':', n1 > 1 ? `.,.+${n1 - 1}` : '', n1);
        return 'done';
      case '/':
      case '?':
        this.openCmdline(k, '', count);
        return 'done';
      case '*':
      case '#': {
        const word = this.wordUnderCursor();
        if (!word) {
          this.msg('E348: No string under cursor', 'error');
          return 'done';
        }
        const pat = /^\w+$/.test(word) ? `\\<${word}\\>` : word.replace(/[\\/.*$^~[]/g, '\\$&');
        this.lastSearch = { pattern: pat, forward: k === '*' };
        this.search(pat, k === '*', count);
        return 'done';
      }
      case 'Z': {
        if (i >= keys.length) return 'more';
        const z = keys[i];
        if (z === 'Z') this.ex('x');
        else if (z === 'Q') this.ex('q!');
        return 'done';
      }
      case '<C-g>':
        this.fileInfo();
        return 'done';
      case '<C-f>':
      case '<PageDown>':
        return this.scrollPage(count);
      case '<C-b>':
      case '<PageUp>':
        return this.scrollPage(-count);
      case '<C-d>':
      case '<C-u>':
        return this.scrollHalf(k === '<C-d>' ? 1 : -1);
      case '<C-e>':
      case '<C-y>': {
        this.top = Math.max(0, Math.min(this.lines.length - 1, this.top + (k === '<C-e>' ? count : -count)));
        if (this.row < this.top) this.row = this.top;
        const bottom = this.lastVisibleRow();
        if (this.row > bottom) this.row = bottom;
        this.clampCursor(true);
        return 'done';
      }
      case '<C-l>':
        return 'done';
      default:
        throw new Beep();
    }
  }

  // ---------------------------------------------------------------- motions

  /** A motion's target, 'more' when it needs another key, null when it is not a motion or fails (beep). */
  private motion(k: EdKey, keys: EdKey[], i: number, count: number, hasCount: boolean, op: string | null): Target | 'more' | null {
    const last = this.lines.length - 1;
    const row = this.row;
    const col = this.col;
    switch (k) {
      case 'h':
      case '<Left>':
      case '<C-h>':
        if (col === 0) return op ? null : { row, col: 0 };
        return { row, col: Math.max(0, col - count) };
      case '<BS>': {
        const p = { row, col };
        for (let c = 0; c < count; c++) {
          if (p.col > 0) p.col--;
          else if (p.row > 0) {
            p.row--;
            p.col = Math.max(0, this.lines[p.row].length - (op ? 0 : 1));
          } else break;
        }
        return p;
      }
      case 'l':
      case '<Right>':
      case ' ': {
        const len = this.line.length;
        if (k === ' ' && !op) {
          const p = { row, col };
          for (let c = 0; c < count; c++) {
            if (p.col < this.lines[p.row].length - 1) p.col++;
            else if (p.row < last) {
              p.row++;
              p.col = 0;
            }
          }
          return p;
        }
        if (op) return len ? { row, col: Math.min(len, col + count) } : null;
        if (col >= len - 1) return null;
        return { row, col: Math.min(len - 1, col + count) };
      }
      case 'j':
      case '<Down>':
      case '<C-j>':
      case '<C-n>':
        if (row >= last) return null;
        return { row: Math.min(last, row + count), col: this.colForWant(Math.min(last, row + count)), linewise: true, keepWant: true };
      case 'k':
      case '<Up>':
      case '<C-p>':
        if (row === 0) return null;
        return { row: Math.max(0, row - count), col: this.colForWant(Math.max(0, row - count)), linewise: true, keepWant: true };
      case '+':
      case '<CR>':
      case '<C-m>':
      case '-': {
        const r = k === '-' ? row - count : row + count;
        if (r < 0 || r > last) return null;
        return { row: r, col: firstNonBlank(this.lines[r]), linewise: true };
      }
      case '_': {
        const r = Math.min(last, row + count - 1);
        return { row: r, col: firstNonBlank(this.lines[r]), linewise: true };
      }
      case '0':
      case '<Home>':
        return { row, col: 0 };
      case '^':
        return { row, col: firstNonBlank(this.line) };
      case '$':
      case '<End>': {
        const r = row + count - 1;
        if (r > last) return null;
        const len = this.lines[r].length;
        return { row: r, col: op ? Math.max(0, len - 1) : Math.max(0, len - 1), inclusive: true, want: Infinity };
      }
      case '|':
        return { row, col: Math.min(indexAtColumn(this.line, count - 1), Math.max(0, this.line.length - 1)) };
      case 'w':
      case 'W':
        return this.wordForward(count, k === 'W', op !== null, op === 'c');
      case 'b':
      case 'B':
        return this.wordBackward(count, k === 'B');
      case 'e':
      case 'E':
        return this.wordEnd(count, k === 'E', false);
      case 'G': {
        const r = hasCount ? Math.min(last, count - 1) : last;
        return { row: r, col: firstNonBlank(this.lines[r]), linewise: true };
      }
      case 'g': {
        if (i >= keys.length) return 'more';
        const g = keys[i];
        if (g === 'g') {
          const r = hasCount ? Math.min(last, count - 1) : 0;
          return { row: r, col: firstNonBlank(this.lines[r]), linewise: true };
        }
        if (g === 'e' || g === 'E') return this.wordEndBackward(count, g === 'E');
        if (g === '_') {
          const r = Math.min(last, row + count - 1);
          const l = this.lines[r];
          return { row: r, col: Math.max(0, l.replace(/[ \t]+$/, '').length - 1), inclusive: true };
        }
        return null;
      }
      case 'f':
      case 'F':
      case 't':
      case 'T': {
        if (i >= keys.length) return 'more';
        const ch = keys[i] === '<Tab>' ? '\t' : keys[i];
        if (ch.length > 1 && ch.startsWith('<')) return null;
        this.lastFind = { key: k, ch };
        return this.find(k, ch, count, op !== null);
      }
      case ';':
      case ',': {
        if (!this.lastFind) return null;
        const { key, ch } = this.lastFind;
        const rev: Record<string, string> = { f: 'F', F: 'f', t: 'T', T: 't' };
        return this.find(k === ';' ? key : rev[key], ch, count, op !== null, true);
      }
      case 'H':
      case 'L':
      case 'M': {
        const bottom = this.lastVisibleRow();
        const r = k === 'H' ? Math.min(bottom, this.top + count - 1) : k === 'L' ? Math.max(this.top, bottom - count + 1) : Math.floor((this.top + bottom) / 2);
        return { row: r, col: firstNonBlank(this.lines[r]), linewise: true };
      }
      case 'n':
      case 'N': {
        if (!this.lastSearch) {
          this.msg('E35: No previous regular expression', 'error');
          return { row, col };
        }
        const forward = k === 'n' ? this.lastSearch.forward : !this.lastSearch.forward;
        const p = this.findPattern(this.lastSearch.pattern, forward, count, true);
        return p ?? { row, col };
      }
      case '%':
        return this.matchPair();
      case '}':
      case '{': {
        let r = row;
        for (let c = 0; c < count; c++) {
          const step = k === '}' ? 1 : -1;
          while (r + step >= 0 && r + step <= last && this.lines[r + step] === '') r += step;
          while (r + step >= 0 && r + step <= last && this.lines[r + step] !== '') r += step;
          r = Math.max(0, Math.min(last, r + step));
        }
        const atEnd = k === '}' && r === last && this.lines[r] !== '';
        return { row: r, col: atEnd ? Math.max(0, this.lines[r].length - 1) : 0, inclusive: atEnd };
      }
      default:
        return null;
    }
  }

  private find(k: string, ch: string, count: number, op: boolean, repeat = false): Target | null {
    const l = this.line;
    let c = this.col;
    for (let n = 0; n < count; n++) {
      if (k === 'f' || k === 't') {
        let from = c + 1;
        if (k === 't' && repeat && n === 0 && l[c + 1] === ch) from = c + 2;
        const j = l.indexOf(ch, from + (k === 't' && !repeat && n > 0 ? 1 : 0));
        if (j < 0) return null;
        c = j;
      } else {
        let from = c - 1;
        if (k === 'T' && repeat && n === 0 && l[c - 1] === ch) from = c - 2;
        const j = from < 0 ? -1 : l.lastIndexOf(ch, from);
        if (j < 0) return null;
        c = j;
      }
    }
    if (k === 't') c--;
    if (k === 'T') c++;
    return { row: this.row, col: c, inclusive: k === 'f' || k === 't' };
    void op;
  }

  private cls(p: Pos, big: boolean): number {
    return charClass(this.lines[p.row][p.col], big);
  }

  /** Vim's inc(): 0 moved in the line, 2 onto the end of the line, 1 to the next line, -1 at the end of the buffer */
  private inc(p: Pos): number {
    const len = this.lines[p.row].length;
    if (p.col < len) {
      p.col++;
      return p.col < len ? 0 : 2;
    }
    if (p.row < this.lines.length - 1) {
      p.row++;
      p.col = 0;
      return 1;
    }
    return -1;
  }

  private dec(p: Pos): number {
    if (p.col > 0) {
      p.col--;
      return 0;
    }
    if (p.row > 0) {
      p.row--;
      p.col = this.lines[p.row].length;
      return 1;
    }
    return -1;
  }

  private wordForward(count: number, big: boolean, eol: boolean, change: boolean): Target | null {
    const p = { row: this.row, col: this.col };
    // "cw" on a word is "ce": the blanks after the word stay
    if (change && this.cls(p, big) !== 0) {
      const t = this.wordEnd(count, big, true);
      return t;
    }
    for (let n = count; n > 0; n--) {
      const sclass = this.cls(p, big);
      const lastLine = p.row === this.lines.length - 1;
      let i = this.inc(p);
      if (i === -1 || (i >= 1 && lastLine && !eol)) {
        if (i === -1 && n === count) return eol ? { row: p.row, col: p.col } : null;
        return { row: p.row, col: p.col };
      }
      if (i >= 1 && eol && n === 1) return { row: p.row, col: p.col };
      if (sclass !== 0) {
        while (this.cls(p, big) === sclass) {
          i = this.inc(p);
          if (i === -1 || (i >= 1 && eol && n === 1)) return { row: p.row, col: p.col };
        }
      }
      while (this.cls(p, big) === 0) {
        if (p.col === 0 && this.lines[p.row] === '') break;
        i = this.inc(p);
        if (i === -1 || (i >= 1 && eol && n === 1)) return { row: p.row, col: p.col };
      }
    }
    return { row: p.row, col: p.col };
  }

  private wordBackward(count: number, big: boolean): Target | null {
    const p = { row: this.row, col: this.col };
    if (p.row === 0 && p.col === 0) return null;
    let stop = false;
    for (let n = count; n > 0; n--) {
      const sclass = this.cls(p, big);
      if (this.dec(p) === -1) break;
      let finished = false;
      if (!stop || sclass === this.cls(p, big) || sclass === 0) {
        let atStart = false;
        while (this.cls(p, big) === 0) {
          if (p.col === 0 && this.lines[p.row] === '') {
            finished = true;
            break;
          }
          if (this.dec(p) === -1) {
            atStart = true;
            break;
          }
        }
        if (atStart) return { row: p.row, col: p.col };
        if (!finished) {
          const c = this.cls(p, big);
          let hitStart = false;
          while (this.cls(p, big) === c) {
            if (this.dec(p) === -1) {
              hitStart = true;
              break;
            }
          }
          if (hitStart) return { row: p.row, col: p.col };
        }
      }
      if (!finished) this.inc(p);
      stop = false;
    }
    return { row: p.row, col: p.col };
  }

  private wordEnd(count: number, big: boolean, stopAtWord: boolean): Target | null {
    const p = { row: this.row, col: this.col };
    let stop = stopAtWord;
    for (let n = count; n > 0; n--) {
      const sclass = this.cls(p, big);
      if (this.inc(p) === -1) return null;
      if (this.cls(p, big) === sclass && sclass !== 0) {
        while (this.cls(p, big) === sclass) if (this.inc(p) === -1) return { row: p.row, col: p.col, inclusive: true };
      } else if (!stop || sclass === 0) {
        while (this.cls(p, big) === 0) if (this.inc(p) === -1) return null;
        const c = this.cls(p, big);
        while (this.cls(p, big) === c) if (this.inc(p) === -1) return { row: p.row, col: p.col, inclusive: true };
      }
      this.dec(p);
      if (p.col >= this.lines[p.row].length && p.col > 0) this.dec(p);
      stop = false;
    }
    return { row: p.row, col: p.col, inclusive: true };
  }

  private wordEndBackward(count: number, big: boolean): Target | null {
    const p = { row: this.row, col: this.col };
    for (let n = count; n > 0; n--) {
      const sclass = this.cls(p, big);
      if (sclass !== 0) while (this.cls(p, big) === sclass) if (this.dec(p) === -1) return { row: 0, col: 0, inclusive: true };
      while (this.cls(p, big) === 0) {
        if (p.col === 0 && this.lines[p.row] === '') break;
        if (this.dec(p) === -1) return { row: 0, col: 0, inclusive: true };
      }
    }
    return { row: p.row, col: p.col, inclusive: true };
  }

  private matchPair(): Target | null {
    const l = this.line;
    const pairs: Record<string, [string, number]> = { '(': [')', 1], '[': [']', 1], '{': ['}', 1], ')': ['(', -1], ']': ['[', -1], '}': ['{', -1] };
    let c = this.col;
    while (c < l.length && !pairs[l[c]]) c++;
    if (c >= l.length) return null;
    const open = l[c];
    const [close, dir] = pairs[open];
    let depth = 0;
    const p = { row: this.row, col: c };
    for (;;) {
      const ch = this.lines[p.row][p.col];
      if (ch === open) depth++;
      else if (ch === close && --depth === 0) return { row: p.row, col: p.col, inclusive: true };
      const r = dir > 0 ? this.inc(p) : this.dec(p);
      if (r === -1) return null;
    }
  }

  private textObject(kind: string, obj: EdKey, count: number): [Pos, Pos] | null {
    if (obj !== 'w' && obj !== 'W') return null;
    const big = obj === 'W';
    const l = this.line;
    if (!l.length) return null;
    const cls = (c: number) => charClass(l[c], big);
    let s = this.col;
    let e = this.col;
    const c0 = cls(this.col);
    while (s > 0 && cls(s - 1) === c0) s--;
    while (e < l.length - 1 && cls(e + 1) === c0) e++;
    for (let n = 1; n < count && e < l.length - 1; n++) {
      const c = cls(e + 1);
      e++;
      while (e < l.length - 1 && cls(e + 1) === c) e++;
    }
    if (kind === 'a') {
      if (e < l.length - 1 && cls(e + 1) === 0) while (e < l.length - 1 && cls(e + 1) === 0) e++;
      else while (s > 0 && cls(s - 1) === 0) s--;
    }
    return [
      { row: this.row, col: s },
      { row: this.row, col: e },
    ];
  }

  // ---------------------------------------------------------------- operators

  private applyOperator(op: string, t: Target): void {
    let start: Pos = { row: this.row, col: this.col };
    let end: Pos = { row: t.row, col: t.col };
    if (end.row < start.row || (end.row === start.row && end.col < start.col)) [start, end] = [end, start];
    let linewise = !!t.linewise;
    let inclusive = !!t.inclusive;
    if (!linewise && !inclusive && end.col === 0 && end.row > start.row) {
      // Vim's "exclusive" rules: a motion ending in column 1 stops at the end of the line before
      const fnb = /^[ \t]*/.exec(this.lines[start.row])![0].length;
      if (start.col <= fnb && op !== 'y') linewise = true;
      end = { row: end.row - 1, col: this.lines[end.row - 1].length };
      if (linewise) end.row = Math.max(start.row, end.row);
    }
    if (!linewise && !inclusive && end.row === start.row && end.col === start.col) {
      if (op === 'c') return void this.startInsert('c', 1);
      return;
    }
    this.operate(op, start, end, linewise, inclusive);
  }

  /** d c y > < over a range; linewise ranges take whole lines. */
  private operate(op: string, start: Pos, end: Pos, linewise: boolean, inclusive: boolean): void {
    if (linewise) {
      const nLines = end.row - start.row + 1;
      const text = this.lines.slice(start.row, end.row + 1).join('\n');
      if (op === 'y') {
        this.register = { text, linewise: true };
        if (nLines > 2) this.msg(`${nLines} lines yanked`);
        return;
      }
      if (op === '>' || op === '<') {
        this.change();
        for (let r = start.row; r <= end.row; r++) {
          const l = this.lines[r];
          if (op === '>') this.lines[r] = l === '' ? l : '\t' + l;
          else this.lines[r] = l.replace(/^(\t| {1,8})/, '');
        }
        this.row = start.row;
        this.col = firstNonBlank(this.line);
        if (nLines > 2) this.msg(`${nLines} lines ${op}ed 1 time`);
        return;
      }
      this.register = { text, linewise: true };
      this.change();
      if (op === 'c') {
        this.lines.splice(start.row, nLines, '');
        this.empty = false;
        this.row = start.row;
        this.col = 0;
        this.startInsert('c', 1);
        return;
      }
      this.lines.splice(start.row, nLines);
      if (!this.lines.length) {
        this.lines = [''];
        this.empty = true;
        this.msg('--No lines in buffer--');
      } else if (nLines > 2) this.msg(`${nLines} fewer lines`);
      this.row = Math.min(start.row, this.lines.length - 1);
      this.col = firstNonBlank(this.line);
      return;
    }
    const endCol = inclusive ? end.col + 1 : end.col;
    const text = start.row === end.row ? this.lines[start.row].slice(start.col, endCol) : [this.lines[start.row].slice(start.col), ...this.lines.slice(start.row + 1, end.row), this.lines[end.row].slice(0, endCol)].join('\n');
    if (op === 'y') {
      this.register = { text, linewise: false };
      this.row = start.row;
      this.col = start.col;
      return;
    }
    if (op === '>' || op === '<') return this.operate(op, start, end, true, false);
    this.register = { text, linewise: false };
    this.change();
    const head = this.lines[start.row].slice(0, start.col);
    const tail = this.lines[end.row].slice(endCol);
    this.lines.splice(start.row, end.row - start.row + 1, head + tail);
    this.row = start.row;
    this.col = start.col;
    if (op === 'c') this.startInsert('c', 1);
  }

  private put(after: boolean, count: number): Parsed {
    const reg = this.register;
    if (!reg.text && !reg.linewise) {
      this.msg('E353: Nothing in register "', 'error');
      return 'done';
    }
    this.change();
    if (reg.linewise) {
      const add = Array.from({ length: count }, () => reg.text.split('\n')).flat();
      if (this.empty) {
        this.lines = add;
        this.empty = false;
        this.row = 0;
      } else {
        const at = after ? this.row + 1 : this.row;
        this.lines.splice(at, 0, ...add);
        this.row = at;
      }
      this.col = firstNonBlank(this.line);
      if (add.length > 2) this.msg(`${add.length} more lines`);
      return 'done';
    }
    this.empty = false;
    const text = reg.text.repeat(count);
    const at = after && this.line.length ? this.col + 1 : this.col;
    const l = this.line;
    const parts = (l.slice(0, at) + text + l.slice(at)).split('\n');
    this.lines.splice(this.row, 1, ...parts);
    if (parts.length === 1) this.col = at + text.length - 1;
    else this.col = at;
    return 'done';
  }

  private join(count: number, spaces: boolean): Parsed {
    if (this.row + 1 >= this.lines.length) throw new Beep();
    this.change();
    const n = Math.min(count - 1, this.lines.length - 1 - this.row);
    let l = this.line;
    let col = 0;
    for (let c = 0; c < n; c++) {
      let next = this.lines[this.row + 1];
      if (spaces) {
        next = next.replace(/^[ \t]+/, '');
        l = l.replace(/[ \t]+$/, (m) => (m.length ? m : ''));
        col = l.length;
        if (next !== '' && !l.endsWith(' ') && !l.endsWith('\t') && !next.startsWith(')') && l !== '') l += ' ';
        else if (next === '') col = Math.max(0, l.length - (l.endsWith(' ') ? 1 : 0));
      } else col = l.length;
      l += next;
      this.lines.splice(this.row + 1, 1);
    }
    this.lines[this.row] = l;
    this.col = Math.min(col, Math.max(0, l.length - 1));
    return 'done';
  }

  // ---------------------------------------------------------------- insert mode

  private startInsert(how: string, count: number): Parsed {
    if (how !== 'c') this.change();
    this.mode = how === 'R' ? 'replace' : 'insert';
    this.insertInfo = { how, count, keys: [] };
    this.message = null;
    this.empty = this.empty && !['o', 'O'].includes(how);
    return 'done';
  }

  private insertKey(key: EdKey): void {
    const info = this.insertInfo;
    if (key === '<Esc>' || key === '<C-c>' || key === '<C-[>') {
      if (info.count > 1 && key === '<Esc>') {
        const keys = [...info.keys];
        const times = info.count;
        info.count = 1;
        for (let n = 1; n < times; n++) {
          if (info.how === 'o' || info.how === 'O') this.insertKey('<CR>');
          for (const k of keys) this.insertKey(k);
        }
      }
      this.mode = 'normal';
      if (this.col > 0) this.col--;
      this.want = this.displayCol();
      this.endGroup();
      if (this.recording) {
        if (!this.replaying) this.dot = [...this.recording];
        this.recording = null;
      }
      this.clampCursor();
      return;
    }
    info.keys.push(key);
    const l = this.line;
    switch (key) {
      case '<CR>':
      case '<C-j>':
      case '<C-m>':
        this.change();
        this.empty = false;
        this.lines.splice(this.row, 1, l.slice(0, this.col), l.slice(this.col));
        this.row++;
        this.col = 0;
        return;
      case '<BS>':
      case '<C-h>':
        if (this.mode === 'replace') {
          if (this.col === 0) return;
          this.col--;
          const orig = this.replaced.pop();
          if (orig !== undefined) this.lines[this.row] = l.slice(0, this.col) + orig + l.slice(this.col + 1);
          return;
        }
        this.change();
        if (this.col > 0) {
          this.lines[this.row] = l.slice(0, this.col - 1) + l.slice(this.col);
          this.col--;
        } else if (this.row > 0) {
          const prev = this.lines[this.row - 1];
          this.lines.splice(this.row - 1, 2, prev + l);
          this.row--;
          this.col = prev.length;
        }
        return;
      case '<Del>':
        this.change();
        if (this.col < l.length) this.lines[this.row] = l.slice(0, this.col) + l.slice(this.col + 1);
        else if (this.row + 1 < this.lines.length) this.lines.splice(this.row, 2, l + this.lines[this.row + 1]);
        return;
      case '<C-w>': {
        if (this.col === 0) return this.insertKey('<BS>');
        this.change();
        let c = this.col;
        while (c > 0 && /[ \t]/.test(l[c - 1])) c--;
        const cls = charClass(l[c - 1], false);
        while (c > 0 && charClass(l[c - 1], false) === cls && cls !== 0) c--;
        this.lines[this.row] = l.slice(0, c) + l.slice(this.col);
        this.col = c;
        return;
      }
      case '<C-u>':
        if (this.col === 0) return this.insertKey('<BS>');
        this.change();
        this.lines[this.row] = l.slice(this.col);
        this.col = 0;
        return;
      case '<Left>':
        if (this.col > 0) this.col--;
        return;
      case '<Right>':
        if (this.col < l.length) this.col++;
        return;
      case '<Up>':
      case '<Down>': {
        const r = this.row + (key === '<Up>' ? -1 : 1);
        if (r < 0 || r >= this.lines.length) return;
        const vcol = layout(l).starts[this.col];
        this.row = r;
        this.col = Math.min(this.line.length, indexAtColumn(this.line, vcol));
        return;
      }
      case '<Home>':
        this.col = 0;
        return;
      case '<End>':
        this.col = l.length;
        return;
      case '<PageUp>':
      case '<PageDown>':
        this.scrollPage(key === '<PageDown>' ? 1 : -1);
        return;
      case '<Insert>':
        this.mode = this.mode === 'insert' ? 'replace' : 'insert';
        return;
      case '<Tab>':
        return this.typeText('\t');
      default:
        if (key.length > 1 && key.startsWith('<')) return;
        return this.typeText(key);
    }
  }

  private typeText(text: string): void {
    this.change();
    this.empty = false;
    const l = this.line;
    if (this.mode === 'replace' && this.col < l.length) {
      this.replaced.push(l[this.col]);
      this.lines[this.row] = l.slice(0, this.col) + text + l.slice(this.col + text.length);
    } else {
      if (this.mode === 'replace') this.replaced.push('');
      this.lines[this.row] = l.slice(0, this.col) + text + l.slice(this.col);
    }
    this.col += text.length;
  }

  // ---------------------------------------------------------------- undo

  /** Called before any change: the first change of a command saves the buffer for `u`. */
  private change(): void {
    if (this.group) return;
    this.group = {
      before: { lines: [...this.lines], row: this.row, col: this.col, id: this.stateId, empty: this.empty },
      seq: 0,
      time: this.now(),
    };
  }

  private endGroup(): void {
    const g = this.group;
    if (!g) return;
    this.group = null;
    if (g.before.empty === this.empty && g.before.lines.length === this.lines.length && g.before.lines.every((l, i) => l === this.lines[i])) return;
    g.seq = ++this.seq;
    this.undoStack.push(g);
    if (this.undoStack.length > 1000) this.undoStack.shift();
    this.redoStack = [];
    this.stateId = ++this.idCounter;
  }

  private snapshot(): Snapshot {
    return { lines: [...this.lines], row: this.row, col: this.col, id: this.stateId, empty: this.empty };
  }

  private restore(s: Snapshot): number {
    const before = this.lines.length;
    this.lines = [...s.lines];
    this.empty = s.empty;
    this.stateId = s.id;
    this.row = Math.min(s.row, this.lines.length - 1);
    this.col = s.col;
    this.clampCursor();
    return this.lines.length - before;
  }

  private undo(): boolean {
    const e = this.undoStack.pop();
    if (!e) {
      this.msg('Already at oldest change');
      return false;
    }
    const now = this.snapshot();
    const delta = this.restore(e.before);
    this.redoStack.push({ before: now, seq: e.seq, time: e.time, cursor: { row: e.before.row, col: e.before.col } });
    this.undoMessage(delta, 'before', e.seq, e.time);
    return true;
  }

  private redo(): boolean {
    const e = this.redoStack.pop();
    if (!e) {
      this.msg('Already at newest change');
      return false;
    }
    const now = this.snapshot();
    const delta = this.restore(e.before);
    if (e.cursor) {
      this.row = Math.min(e.cursor.row, this.lines.length - 1);
      this.col = e.cursor.col;
      this.clampCursor();
    }
    this.undoStack.push({ before: now, seq: e.seq, time: e.time });
    this.undoMessage(delta, 'after', e.seq, e.time);
    return true;
  }

  private undoMessage(delta: number, when: string, seq: number, time: number): void {
    const what = delta === 1 ? 'more line' : delta > 1 ? 'more lines' : delta === -1 ? 'line less' : delta < -1 ? 'fewer lines' : 'change';
    const n = delta === 0 ? 1 : Math.abs(delta);
    const secs = Math.max(0, Math.floor((this.now() - time) / 1000));
    let ago: string;
    if (secs >= 100) {
      const d = new Date(time);
      const p = (x: number) => String(x).padStart(2, '0');
      ago = `${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
    } else ago = `${secs} seconds ago`;
    this.msg(`${n} ${what}; ${when} #${seq}  ${ago}`);
  }

  // ---------------------------------------------------------------- command line

  private openCmdline(prompt: string, text: string, count: number): void {
    this.mode = 'cmdline';
    this.cmdline = { prompt, text, cursor: text.length, count };
    this.histPos = this.cmdHistory.length;
    this.message = null;
  }

  private cmdlineKey(key: EdKey): void {
    const c = this.cmdline;
    switch (key) {
      case '<Esc>':
      case '<C-c>':
        this.mode = 'normal';
        return;
      case '<CR>':
      case '<C-j>':
      case '<C-m>': {
        this.mode = 'normal';
        const text = c.text;
        if (c.prompt === ':') {
          if (text.trim()) this.cmdHistory.push(text);
          this.ex(text);
          if (!this.replaying && this.stateId !== this.group?.before.id) this.endGroup();
        } else {
          const forward = c.prompt === '/';
          const pattern = text === '' ? this.lastSearch?.pattern : text;
          if (pattern === undefined) {
            this.msg('E35: No previous regular expression', 'error');
            return;
          }
          this.lastSearch = { pattern, forward };
          this.msg(c.prompt + text);
          this.search(pattern, forward, c.count);
        }
        this.clampCursor();
        return;
      }
      case '<BS>':
      case '<C-h>':
        if (!c.text) {
          this.mode = 'normal';
          return;
        }
        if (c.cursor === 0) return;
        c.text = c.text.slice(0, c.cursor - 1) + c.text.slice(c.cursor);
        c.cursor--;
        return;
      case '<Del>':
        c.text = c.text.slice(0, c.cursor) + c.text.slice(c.cursor + 1);
        return;
      case '<C-u>':
        c.text = c.text.slice(c.cursor);
        c.cursor = 0;
        return;
      case '<C-w>': {
        let i = c.cursor;
        while (i > 0 && c.text[i - 1] === ' ') i--;
        while (i > 0 && /\w/.test(c.text[i - 1])) i--;
        if (i === c.cursor && i > 0) i--;
        c.text = c.text.slice(0, i) + c.text.slice(c.cursor);
        c.cursor = i;
        return;
      }
      case '<Left>':
        c.cursor = Math.max(0, c.cursor - 1);
        return;
      case '<Right>':
        c.cursor = Math.min(c.text.length, c.cursor + 1);
        return;
      case '<Home>':
      case '<C-b>':
        c.cursor = 0;
        return;
      case '<End>':
      case '<C-e>':
        c.cursor = c.text.length;
        return;
      case '<Up>':
      case '<Down>': {
        if (c.prompt !== ':') return;
        const p = this.histPos + (key === '<Up>' ? -1 : 1);
        if (p < 0 || p > this.cmdHistory.length) return;
        this.histPos = p;
        c.text = this.cmdHistory[p] ?? '';
        c.cursor = c.text.length;
        return;
      }
      case '<Tab>':
        return;
      default:
        if (key.length > 1 && key.startsWith('<')) return;
        c.text = c.text.slice(0, c.cursor) + key + c.text.slice(c.cursor);
        c.cursor += key.length;
    }
  }

  /** One Ex command line (without the colon). */
  ex(input: string): void {
    const text = input.replace(/^[\s:]+/, '');
    if (text === '') return;
    const range = this.parseRange(text);
    if (range === null) {
      this.msg('E16: Invalid range', 'error');
      return;
    }
    const rest = text.slice(range.length).trimStart();
    const m = /^([a-zA-Z]+|[&~<>!#=]?)(!?)\s*(.*)$/s.exec(rest)!;
    const [, name, bang, arg] = m;
    const force = bang === '!';
    const lines = range.lines;
    if (name === '' && !force) {
      if (!lines.length) return;
      const r = Math.max(0, Math.min(this.lines.length - 1, lines.at(-1)!));
      this.row = r;
      this.col = firstNonBlank(this.line);
      return;
    }
    const is = (full: string, min: number) => name.length >= min && full.startsWith(name);
    if (is('write', 1) || is('update', 2)) {
      if (is('update', 2) && !this.modified) return;
      this.write(arg, lines);
      return;
    }
    if (is('wq', 2) || is('xit', 1) || is('exit', 3) || is('wqall', 3) || is('xall', 2)) {
      const always = name.startsWith('wq');
      if (always || this.modified || arg) {
        if (!this.write(arg, lines, force)) return;
      }
      this.quit();
      return;
    }
    if (is('quit', 1) || is('qall', 2) || is('quitall', 5) || is('close', 3)) {
      if (this.modified && !force) {
        this.msg('E37: No write since last change (add ! to override)', 'error');
        return;
      }
      this.quit();
      return;
    }
    if (is('cquit', 2)) {
      this.status = 1;
      this.quit();
      return;
    }
    if (is('wall', 2)) {
      if (this.modified) this.write('', []);
      return;
    }
    if (is('edit', 1)) {
      if (this.modified && !force) {
        this.msg('E37: No write since last change (add ! to override)', 'error');
        return;
      }
      if (arg) {
        this.name = arg;
        this.path = joinPath(this.cwd, arg);
      }
      if (!this.path) {
        this.msg('E32: No file name', 'error');
        return;
      }
      this.group = null;
      this.load(false);
      return;
    }
    if (is('substitute', 1) || name === '&' || name === '~') {
      this.substitute(name === 's' || is('substitute', 1) ? arg : '', lines.length ? lines : [this.row], name === '&' || name === '~' ? arg : null);
      return;
    }
    if (is('global', 1) || is('vglobal', 1) || (name === 'g' && force)) {
      this.global(arg, name.startsWith('v') || force, lines);
      return;
    }
    if (is('delete', 1) || is('yank', 1)) {
      const [a, b] = lines.length ? [lines[0], lines.at(-1)!] : [this.row, this.row];
      if (a < 0 || b >= this.lines.length) {
        this.msg('E16: Invalid range', 'error');
        return;
      }
      this.operate(name.startsWith('d') ? 'd' : 'y', { row: a, col: 0 }, { row: b, col: 0 }, true, false);
      return;
    }
    if (is('read', 1)) {
      if (!arg) return;
      const f = loadFile(this.fs, joinPath(this.cwd, arg));
      if (f.state !== 'file') {
        this.msg(`E484: Can't open file ${arg}`, 'error');
        return;
      }
      this.change();
      const at = (lines.length ? lines.at(-1)! : this.row) + 1;
      if (this.empty) {
        this.lines = [''];
      }
      this.lines.splice(at, 0, ...(f.bytes ? f.lines : []));
      this.empty = false;
      this.row = Math.min(at, this.lines.length - 1);
      this.col = firstNonBlank(this.line);
      this.msg(`"${arg}" ${f.noeol ? '[noeol] ' : ''}${f.bytes ? f.lines.length : 0}L, ${f.bytes}C`);
      return;
    }
    if (is('set', 2)) {
      this.set(arg);
      return;
    }
    if (is('nohlsearch', 3) || is('syntax', 2) || is('redraw', 4)) return;
    if (is('help', 1)) {
      this.msg(`E149: Sorry, no help for ${arg || 'help.txt'}`, 'error');
      return;
    }
    if (name === '!' || bang === '!') {
      this.msg('E492: Not an editor command: ' + text, 'error');
      return;
    }
    this.msg('E492: Not an editor command: ' + text, 'error');
  }

  /** :g/pat/cmd and :v/pat/cmd for the commands that take a line: d, s, and normal-free others. */
  private global(arg: string, invert: boolean, range: number[]): void {
    const delim = arg[0];
    const end = delim ? arg.indexOf(delim, 1) : -1;
    if (!delim || end < 0) {
      this.msg('E476: Invalid command', 'error');
      return;
    }
    const pattern = arg.slice(1, end) || this.lastSearch?.pattern || '';
    const cmd = arg.slice(end + 1).trim() || 'p';
    const vp = vimPattern(pattern, this.ignoreCase);
    if (!vp) return;
    this.lastSearch = { pattern, forward: true };
    const [a, b] = range.length ? [range[0], range.at(-1)!] : [0, this.lines.length - 1];
    // mark the lines first, as Vim does, then run the command on each marked line still there
    const rows: { line: string; row: number }[] = [];
    for (let r = a; r <= b; r++) {
      const hit = matchStarts(vp.re, this.lines[r]).length > 0;
      if (hit !== invert) rows.push({ line: this.lines[r], row: r });
    }
    if (!rows.length) {
      this.msg(`E486: Pattern not found: ${pattern}`, 'error');
      return;
    }
    this.change();
    if (/^d(elete)?$/.test(cmd)) {
      const gone = new Set(rows.map((x) => x.row));
      const kept = this.lines.filter((_, r) => !gone.has(r));
      this.lines = kept.length ? kept : [''];
      if (!kept.length) this.empty = true;
      this.row = Math.min(rows.at(-1)!.row - rows.length + 1, this.lines.length - 1);
      this.col = firstNonBlank(this.line);
      if (rows.length > 2) this.msg(`${rows.length} fewer lines`);
      return;
    }
    // other commands run line by line from the bottom, so earlier rows keep their numbers
    for (const { row } of [...rows].reverse()) {
      this.row = row;
      this.ex(`${row + 1}${cmd}`);
    }
  }

  /** A range like `%`, `5`, `.,$`, `.,.+2`, `'<,'>`: its text length and the 0-based lines it names. */
  private parseRange(text: string): { length: number; lines: number[] } | null {
    let i = 0;
    const last = this.lines.length - 1;
    const addr = (): number | null | undefined => {
      let base: number | undefined;
      const c = text[i];
      if (c === '.') {
        base = this.row;
        i++;
      } else if (c === '$') {
        base = last;
        i++;
      } else if (/[0-9]/.test(c ?? '')) {
        const m = /^\d+/.exec(text.slice(i))!;
        base = Number(m[0]) - 1;
        i += m[0].length;
      } else if (c === "'" && (text[i + 1] === '<' || text[i + 1] === '>')) {
        base = this.row;
        i += 2;
      }
      for (;;) {
        const m = /^([+-])(\d*)/.exec(text.slice(i));
        if (!m) break;
        base = (base ?? this.row) + (m[1] === '+' ? 1 : -1) * (m[2] ? Number(m[2]) : 1);
        i += m[0].length;
      }
      if (base === undefined) return undefined;
      return base;
    };
    if (text[0] === '%') return { length: 1, lines: [0, last] };
    const a = addr();
    if (a === undefined) return { length: 0, lines: [] };
    if (a === null) return null;
    if (text[i] === ',' || text[i] === ';') {
      i++;
      const b = addr();
      const end = b ?? this.row;
      if (end === null || a > end) return null;
      return { length: i, lines: [Math.max(0, a), Math.min(last, end)] };
    }
    return { length: i, lines: [a] };
  }

  /** :w [file]; false when nothing was written */
  private write(arg: string, range: number[], _force = false): boolean {
    const target = arg.trim();
    const name = target || this.name;
    if (!name) {
      this.msg('E32: No file name', 'error');
      return false;
    }
    const path = target ? joinPath(this.cwd, target) : this.path!;
    let lines = this.lines;
    if (range.length === 2 && !(range[0] === 0 && range[1] === this.lines.length - 1)) lines = this.lines.slice(range[0], range[1] + 1);
    const content = this.empty ? '' : lines.join('\n') + '\n';
    const q = `"${name}"`;
    if (this.fs.isDir(path)) {
      this.msg(`E502: ${q} is a directory`, 'error');
      return false;
    }
    const isNew = !this.fs.exists(path);
    const err = saveFile(this.fs, path, content);
    if (err) {
      this.msg(`${q} E212: Can't open file for writing`, 'error');
      return false;
    }
    const nLines = this.empty ? 0 : lines.length;
    this.msg(`${q} ${isNew ? '[New] ' : ''}${nLines}L, ${utf8Length(content)}C written`);
    if (!target || !this.name || path === this.path) {
      if (!this.name) {
        this.name = target;
        this.path = path;
      }
      if (lines === this.lines) this.savedId = this.stateId;
    }
    return true;
  }

  private quit(): void {
    this.done = true;
  }

  private set(arg: string): void {
    for (const opt of arg.split(/\s+/).filter(Boolean)) {
      const name = opt.replace(/[!&?]$/, '');
      const known: Record<string, () => void> = {
        number: () => (this.number = true),
        nu: () => (this.number = true),
        nonumber: () => (this.number = false),
        nonu: () => (this.number = false),
        invnumber: () => (this.number = !this.number),
        ignorecase: () => (this.ignoreCase = true),
        ic: () => (this.ignoreCase = true),
        noignorecase: () => (this.ignoreCase = false),
        noic: () => (this.ignoreCase = false),
      };
      const quiet = /^(no)?(paste|hlsearch|hls|incsearch|is|list|ai|autoindent|si|smartindent|ruler|ru|showmode|smd|wrap|expandtab|et|smartcase|scs)$|^(ts|tabstop|sw|shiftwidth|sts|softtabstop|ff|fileformat|syntax|syn|ft|filetype|mouse|encoding|enc|fenc|bg|background)=/;
      if (known[name]) known[name]();
      else if (!quiet.test(name)) {
        this.msg(`E518: Unknown option: ${opt}`, 'error');
        return;
      }
    }
  }

  private substitute(arg: string, range: number[], repeatFlags: string | null): void {
    let pattern: string;
    let rep: string;
    let flags: string;
    if (repeatFlags !== null || arg === '' || /^[&cegiInp#lr ]*$/.test(arg)) {
      if (!this.lastSub) {
        this.msg('E35: No previous regular expression', 'error');
        return;
      }
      ({ pattern, rep } = this.lastSub);
      flags = (repeatFlags ?? arg).replace(/^&/, '') || '';
      if (arg.startsWith('&')) flags = this.lastSub.flags + flags;
    } else {
      const delim = arg[0];
      const parts: string[] = [''];
      for (let i = 1; i < arg.length; i++) {
        const c = arg[i];
        if (c === '\\' && i + 1 < arg.length && parts.length < 3) {
          parts[parts.length - 1] += arg[i + 1] === delim ? delim : c + arg[i + 1];
          i++;
        } else if (c === delim && parts.length < 3) parts.push('');
        else parts[parts.length - 1] += c;
      }
      pattern = parts[0] || this.lastSearch?.pattern || '';
      rep = parts[1] ?? '';
      flags = parts[2] ?? '';
      if (!pattern) {
        this.msg('E35: No previous regular expression', 'error');
        return;
      }
      this.lastSub = { pattern, rep, flags };
      this.lastSearch = { pattern, forward: true };
    }
    const vp = vimPattern(pattern, this.ignoreCase || flags.includes('i'));
    if (!vp) {
      this.msg(`E486: Pattern not found: ${pattern}`, 'error');
      return;
    }
    const [a, b] = [range[0], range.at(-1)!];
    if (a < 0 || b >= this.lines.length) {
      this.msg('E16: Invalid range', 'error');
      return;
    }
    const global = flags.includes('g');
    let subs = 0;
    let nLines = 0;
    let lastRow = -1;
    const out: string[] = [];
    for (let r = 0; r < this.lines.length; r++) {
      const l = this.lines[r];
      if (r < a || r > b) {
        out.push(l);
        continue;
      }
      let n = 0;
      const re = new RegExp(vp.re.source, vp.re.flags);
      const replaced = l.replace(re, (...args) => {
        if (!global && n > 0) return args[0] as string;
        n++;
        const groups = args.slice(0, -2) as string[];
        const m = Object.assign([...groups], { index: 0, input: l }) as unknown as RegExpExecArray;
        return expandReplacement(rep, m);
      });
      if (n) {
        subs += n;
        nLines++;
        lastRow = out.length + replaced.split('\n').length - 1;
      }
      out.push(...replaced.split('\n'));
    }
    if (!subs) {
      this.msg(`E486: Pattern not found: ${pattern}`, 'error');
      return;
    }
    this.change();
    this.lines = out;
    this.empty = false;
    this.row = lastRow;
    this.col = firstNonBlank(this.line);
    if (subs > 2) this.msg(`${subs === 1 ? '1 substitution' : `${subs} substitutions`}${nLines === 1 ? ' on 1 line' : ` on ${nLines} lines`}`);
  }

  private fileInfo(): void {
    const name = this.name ? `"${this.name}"` : '"[No Name]"';
    const mod = this.modified ? ' [Modified]' : '';
    if (this.empty) {
      this.msg(`${name}${mod} --No lines in buffer--`);
      return;
    }
    const n = this.lines.length;
    this.msg(`${name}${mod} ${n} line${n === 1 ? '' : 's'} --${Math.floor(((this.row + 1) * 100) / n)}%--`);
  }

  // ---------------------------------------------------------------- search

  private wordUnderCursor(): string {
    const l = this.line;
    let s = this.col;
    while (s < l.length && !/\w/.test(l[s])) s++;
    if (s >= l.length) return '';
    let e = s;
    while (s > 0 && /\w/.test(l[s - 1])) s--;
    while (e < l.length && /\w/.test(l[e])) e++;
    return l.slice(s, e);
  }

  /** Where the pattern matches next, wrapping around the buffer with Vim's warning; null with E486. */
  private findPattern(pattern: string, forward: boolean, count: number, report: boolean): Pos | null {
    const vp = vimPattern(pattern, this.ignoreCase);
    let p: Pos | null = vp ? { row: this.row, col: this.col } : null;
    let wrapped = false;
    for (let c = 0; c < count && p && vp; c++) {
      const found = this.nextMatch(vp.re, p, forward);
      if (found?.wrapped) wrapped = true;
      p = found?.pos ?? null;
    }
    if (!p) {
      if (report) this.msg(`E486: Pattern not found: ${pattern}`, 'error');
      return null;
    }
    if (report) {
      if (wrapped) this.msg(forward ? 'search hit BOTTOM, continuing at TOP' : 'search hit TOP, continuing at BOTTOM', 'warning');
      else this.msg((forward ? '/' : '?') + pattern);
    }
    return p;
  }

  private nextMatch(re: RegExp, p: Pos, forward: boolean): { pos: Pos; wrapped: boolean } | null {
    const n = this.lines.length;
    for (let step = 0; step <= n; step++) {
      const r = forward ? (p.row + step) % n : (((p.row - step) % n) + n) % n;
      const wrapped = forward ? p.row + step >= n : p.row - step < 0;
      const starts = matchStarts(re, this.lines[r]);
      const back = [...starts].reverse();
      let s: number | undefined;
      if (step === 0) s = forward ? starts.find((x) => x > p.col) : back.find((x) => x < p.col);
      else if (step === n) s = forward ? starts.find((x) => x <= p.col) : back.find((x) => x >= p.col);
      else s = forward ? starts[0] : back[0];
      if (s !== undefined) return { pos: { row: r, col: s }, wrapped };
    }
    return null;
  }

  private search(pattern: string, forward: boolean, count: number): void {
    const p = this.findPattern(pattern, forward, count, true);
    if (!p) return;
    this.row = p.row;
    this.col = p.col;
    this.want = this.displayCol();
  }

  // ---------------------------------------------------------------- scrolling

  private rowsOf(r: number): number {
    const w = layout(this.lines[r]).starts.at(-1)!;
    const cols = Math.max(1, this.textCols - this.gutter());
    return Math.max(1, Math.ceil(w / cols));
  }

  private gutter(): number {
    return this.number ? Math.max(3, String(this.lines.length).length) + 1 : 0;
  }

  private lastVisibleRow(): number {
    let used = 0;
    let r = this.top;
    while (r < this.lines.length) {
      used += this.rowsOf(r);
      if (used > this.textRows) break;
      r++;
    }
    return Math.max(this.top, r - 1);
  }

  private scrollPage(pages: number): Parsed {
    const last = this.lines.length - 1;
    const page = Math.max(1, this.textRows - 2);
    if (pages > 0) {
      if (this.top >= last) throw new Beep();
      this.top = Math.min(last, this.top + page * pages);
      this.row = Math.max(this.row, this.top);
    } else {
      if (this.top === 0) throw new Beep();
      this.top = Math.max(0, this.top + page * pages);
      const bottom = this.lastVisibleRow();
      this.row = Math.min(this.row, bottom);
    }
    this.col = firstNonBlank(this.line);
    return 'done';
  }

  private scrollHalf(dir: number): Parsed {
    const half = Math.max(1, Math.floor(this.textRows / 2));
    const last = this.lines.length - 1;
    if ((dir > 0 && this.row >= last) || (dir < 0 && this.row === 0)) throw new Beep();
    this.top = Math.max(0, Math.min(last, this.top + dir * half));
    this.row = Math.max(0, Math.min(last, this.row + dir * half));
    this.col = firstNonBlank(this.line);
    return 'done';
  }

  /** Keep the cursor on the screen: scroll a little when it is near, center it when it jumped. */
  private scrollToCursor(): void {
    const half = Math.floor(this.textRows / 2);
    if (this.row < this.top) {
      this.top = this.top - this.row > half ? this.centerTop() : this.row;
      return;
    }
    let used = 0;
    for (let r = this.top; r <= this.row; r++) used += this.rowsOf(r);
    if (used <= this.textRows) return;
    let t = this.row;
    let u = this.rowsOf(t);
    while (t > 0 && u + this.rowsOf(t - 1) <= this.textRows) u += this.rowsOf(--t);
    this.top = t - this.top > half ? Math.min(t, this.centerTop()) : t;
    if (this.top > this.row) this.top = this.row;
  }

  private centerTop(): number {
    let t = this.row;
    let u = this.rowsOf(t);
    const target = Math.floor((this.textRows + 1) / 2);
    while (t > 0 && u + this.rowsOf(t - 1) <= target) u += this.rowsOf(--t);
    // never leave `~` rows below while lines above could fill the screen
    let below = 0;
    for (let r = this.row + 1; r < this.lines.length && below < this.textRows; r++) below += this.rowsOf(r);
    let total = u + below;
    while (t > 0 && total + this.rowsOf(t - 1) <= this.textRows) total += this.rowsOf(--t);
    return t;
  }

  // ---------------------------------------------------------------- cursor

  private colForWant(row: number): number {
    const l = this.lines[row];
    if (!l.length) return 0;
    if (this.want === Infinity) return l.length - 1;
    return Math.min(l.length - 1, indexAtColumn(l, this.want));
  }

  /** screen column of the cursor within its line (on a Tab: its last cell in normal mode) */
  private displayCol(): number {
    const lay = layout(this.line);
    const c = Math.min(this.col, this.line.length);
    if (this.mode === 'normal' && c < this.line.length) return lay.starts[c + 1] - 1;
    return lay.starts[c];
  }

  private clampCursor(keepWant = false): void {
    this.row = Math.max(0, Math.min(this.lines.length - 1, this.row));
    const len = this.line.length;
    const max = this.mode === 'normal' ? Math.max(0, len - 1) : len;
    this.col = Math.max(0, Math.min(max, this.col));
    if (!keepWant && this.mode === 'normal' && this.want !== Infinity) this.want = this.displayCol();
  }

  // ---------------------------------------------------------------- screen

  frame(columns: number, rows: number): Frame {
    this.textRows = Math.max(1, rows - 1);
    this.textCols = Math.max(1, columns);
    this.scrollToCursor();
    const gutter = this.gutter();
    const cols = Math.max(1, columns - gutter);
    const out: string[] = [];
    let cursor: [number, number] = [0, 0];
    let r = this.top;
    while (out.length < this.textRows && r < this.lines.length) {
      const need = this.rowsOf(r);
      if (out.length + need > this.textRows && r !== this.top) {
        while (out.length < this.textRows) out.push(SGR.nonText + '@' + SGR.reset);
        break;
      }
      const lay = layout(this.lines[r]);
      const cells = lay.shown.join('');
      const chunks: string[] = [];
      // cut the shown line into rows of `cols` cells
      let cur = '';
      let w = 0;
      for (let i = 0; i < lay.shown.length; i++) {
        const cw = lay.starts[i + 1] - lay.starts[i];
        if (w + cw > cols) {
          chunks.push(cur);
          cur = '';
          w = 0;
        }
        cur += lay.shown[i];
        w += cw;
      }
      chunks.push(cur);
      void cells;
      if (r === this.row) {
        const vcol = this.displayCol();
        cursor = [out.length + Math.floor(vcol / cols), gutter + (vcol % cols)];
        if (this.mode !== 'normal' && vcol >= cols && vcol % cols === 0 && vcol === lay.starts.at(-1)) cursor = [out.length + Math.floor(vcol / cols), gutter];
      }
      chunks.forEach((chunk, k) => {
        if (out.length >= this.textRows) return;
        const num = this.number ? (k === 0 ? SGR.lineNr + String(r + 1).padStart(gutter - 1) + ' ' + SGR.reset : ' '.repeat(gutter)) : '';
        out.push(num + chunk);
      });
      r++;
    }
    while (out.length < this.textRows) out.push(SGR.nonText + '~' + SGR.reset);
    cursor[0] = Math.min(cursor[0], this.textRows - 1);
    out.push(this.bottomLine(columns, cursor));
    return { lines: out, cursor };
  }

  private bottomLine(columns: number, cursor: [number, number]): string {
    if (this.mode === 'cmdline') {
      const c = this.cmdline;
      const full = c.prompt + c.text;
      const start = Math.max(0, full.length - columns + 1);
      cursor[0] = this.textRows;
      cursor[1] = c.prompt.length + c.cursor - start;
      return full.slice(start);
    }
    let left = '';
    let leftLen = 0;
    if (this.mode === 'insert' || this.mode === 'replace') {
      const text = this.mode === 'insert' ? '-- INSERT --' : '-- REPLACE --';
      left = SGR.mode + text + SGR.reset;
      leftLen = text.length;
    } else if (this.message) {
      const text = this.message.text.slice(0, columns - 1);
      const color = this.message.kind === 'error' ? SGR.error : this.message.kind === 'warning' ? SGR.warning : '';
      left = color ? color + text + SGR.reset : text;
      leftLen = text.length;
    }
    const ruCol = Math.max(columns - 18, Math.floor((columns + 1) / 2));
    const ruler = this.ruler(columns - ruCol);
    if (leftLen >= ruCol) return left;
    return left + ' '.repeat(ruCol - leftLen) + ruler;
  }

  /** `12,5           All` */
  private ruler(room: number): string {
    const l = this.line;
    let pos: string;
    if (this.empty) pos = '0,0-1';
    else if (!l.length) pos = `${this.row + 1},0-1`;
    else {
      const c = Math.min(this.col, l.length);
      const byte = utf8Length(l.slice(0, c)) + 1;
      const vcol = this.displayCol() + 1;
      pos = `${this.row + 1},${byte === vcol ? byte : `${byte}-${vcol}`}`;
    }
    const rel = this.relPos();
    const pad = Math.max(1, room - pos.length - rel.length - 1);
    return pos + ' '.repeat(pad) + rel;
  }

  private relPos(): string {
    const above = this.top;
    const bottom = this.lastVisibleRow();
    const below = this.lines.length - 1 - bottom;
    if (below <= 0) return above === 0 ? 'All' : 'Bot';
    if (above <= 0) return 'Top';
    return `${String(Math.floor((above * 100) / (above + below))).padStart(2)}%`;
  }
}

/** A command that cannot be done: Vim beeps and forgets the keys. */
class Beep extends Error {}
