// Text shared by the editors: reading and writing files of the machine, and how a line looks on
// the screen (tabs to 8 columns, control characters as ^X, East Asian wide characters as 2 cells).
import type { FileSystem } from '../../cluster/types.ts';
import { FsError } from '../../cluster/hosts/fs-error.ts';
import { dirname } from '../paths.ts';

export const TABSTOP = 8;

export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c < 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

function isWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1faff) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  );
}

/** A line as screen cells: `shown[i]` is what char i looks like, `starts[i]` its first column; starts[length] is the width. */
export interface LineLayout {
  shown: string[];
  starts: number[];
}

export function layout(line: string): LineLayout {
  const shown: string[] = [];
  const starts: number[] = [];
  let col = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    starts.push(col);
    const code = c.charCodeAt(0);
    let view: string;
    let width: number;
    if (c === '\t') {
      width = TABSTOP - (col % TABSTOP);
      view = ' '.repeat(width);
    } else if (code < 0x20 || code === 0x7f) {
      view = '^' + String.fromCharCode(code === 0x7f ? 63 : code + 64);
      width = 2;
    } else if (code >= 0xd800 && code < 0xdc00 && i + 1 < line.length) {
      // a surrogate pair: the low half is drawn with the high one
      const cp = line.codePointAt(i)!;
      view = line.slice(i, i + 2);
      width = isWide(cp) ? 2 : 1;
      shown.push(view);
      starts.push(col + width);
      shown.push('');
      i++;
      col += width;
      continue;
    } else {
      view = c;
      width = isWide(code) ? 2 : 1;
    }
    shown.push(view);
    col += width;
  }
  starts.push(col);
  return { shown, starts };
}

export function width(line: string): number {
  return layout(line).starts.at(-1)!;
}

/** The char index whose cells cover display column `col` (the last char when past the end). */
export function indexAtColumn(line: string, col: number): number {
  const { starts } = layout(line);
  for (let i = 0; i < line.length; i++) if (starts[i + 1] > col) return i;
  return line.length;
}

export interface LoadedFile {
  /** buffer lines; one empty line for an empty or new file */
  lines: string[];
  state: 'file' | 'new' | 'new-dir' | 'dir' | 'error';
  /** the file did not end with a newline */
  noeol: boolean;
  bytes: number;
  error?: string;
}

export function loadFile(fs: FileSystem, path: string): LoadedFile {
  if (fs.isDir(path)) return { lines: [''], state: 'dir', noeol: false, bytes: 0 };
  if (!fs.exists(path)) {
    const dir = dirname(path);
    return { lines: [''], state: fs.isDir(dir) ? 'new' : 'new-dir', noeol: false, bytes: 0 };
  }
  let text: string;
  try {
    text = fs.read(path);
  } catch (e) {
    return { lines: [''], state: 'error', noeol: false, bytes: 0, error: e instanceof FsError ? e.code : String(e) };
  }
  if (text === '') return { lines: [''], state: 'file', noeol: false, bytes: 0 };
  const noeol = !text.endsWith('\n');
  const lines = (noeol ? text : text.slice(0, -1)).split('\n');
  return { lines, state: 'file', noeol, bytes: utf8Length(text) };
}

/** Write `content`; returns the errno name on failure (ENOENT for a missing directory, EISDIR, ...). */
export function saveFile(fs: FileSystem, path: string, content: string): string | null {
  try {
    if (fs.isDir(path)) return 'EISDIR';
    fs.write(path, content);
    return null;
  } catch (e) {
    if (e instanceof FsError) return e.code;
    if (e && typeof e === 'object' && 'code' in e && typeof e.code === 'string') return e.code;
    return 'EIO';
  }
}
