import type { FileSystem } from '../types.ts';
import { FsError } from './fs-error.ts';

interface Entry {
  type: 'file' | 'dir';
  content: string;
  mtime: number;
  children?: Set<string>;
  /** bytes `ls -l` shows for a stand-in file (a docker save tar), until the next write */
  apparentSize?: number;
}

const APPARENT = Symbol('apparentSize');

/** Make `ls -l` show `bytes` for a file whose content only stands in for a big binary (image tars). */
/** Resolve `path` against `cwd`, normalising `.`, `..` and repeated slashes (always absolute). */
export function resolvePath(cwd: string, path: string): string {
  const out: string[] = [];
  for (const p of (path.startsWith('/') ? path : `${cwd}/${path}`).split('/')) {
    if (p === '' || p === '.') continue;
    if (p === '..') out.pop();
    else out.push(p);
  }
  return '/' + out.join('/');
}

export function setApparentSize(fs: FileSystem, path: string, bytes: number): void {
  (fs as FileSystem & { [APPARENT]?: (p: string, n: number) => void })[APPARENT]?.(path, bytes);
}

/** Paths that need normalising: not absolute, `//`, a `.` or `..` segment, a trailing slash. */
const UNNORMAL = /\/\/|\/\.\.?(?:\/|$)|.\/$/;

function normalize(path: string): string {
  if (path.charCodeAt(0) === 47 && !UNNORMAL.test(path)) return path;
  const parts: string[] = [];
  for (const p of path.split('/')) {
    if (p === '' || p === '.') continue;
    if (p === '..') parts.pop();
    else parts.push(p);
  }
  return '/' + parts.join('/');
}
const parentOf = (p: string) => (p === '/' ? '/' : p.slice(0, p.lastIndexOf('/')) || '/');
const baseOf = (p: string) => p.slice(p.lastIndexOf('/') + 1);

const STATE = Symbol('fsState');
interface FsState {
  entries: Map<string, Entry>;
  /** the entries this file system may change in place; the rest are shared with a copy and are copied first */
  owned: Set<Entry>;
}

/**
 * A copy of `source` that shares its entries until either side changes one (copy on write): a container's
 * root file system starts as a copy of its image's, without building the image's files again.
 */
export function copyFileSystem(source: FileSystem, now: () => number): FileSystem {
  const st = (source as FileSystem & { [STATE]?: FsState })[STATE];
  if (!st) throw new Error('copyFileSystem: not a file system made by createFileSystem');
  // from now on the source copies before it changes a shared entry too
  st.owned.clear();
  return createFileSystem(now, new Map(st.entries));
}

/** An in-memory POSIX-like file system; `now` stamps modification times from the virtual clock. */
export function createFileSystem(now: () => number, shared?: Map<string, Entry>): FileSystem {
  const entries = shared ?? new Map<string, Entry>([['/', { type: 'dir', content: '', mtime: now(), children: new Set() }]]);
  const owned = new Set<Entry>(shared ? [] : entries.values());
  const own = (p: string, e: Entry): Entry => {
    if (owned.has(e)) return e;
    const copy: Entry = { ...e, ...(e.children ? { children: new Set(e.children) } : {}) };
    entries.set(p, copy);
    owned.add(copy);
    return copy;
  };
  const put = (p: string, e: Entry) => {
    const old = entries.get(p);
    if (old) owned.delete(old);
    entries.set(p, e);
    owned.add(e);
  };

  /** The parent directory of `p`, ready to change. */
  const parentDir = (p: string): Entry => {
    const pp = parentOf(p);
    const parent = entries.get(pp);
    if (!parent) throw new FsError('ENOENT', p);
    if (parent.type !== 'dir') throw new FsError('ENOTDIR', p);
    return own(pp, parent);
  };

  const fs: FileSystem = {
    exists: (path) => entries.has(normalize(path)),
    isDir: (path) => entries.get(normalize(path))?.type === 'dir',
    read(path) {
      const p = normalize(path);
      const e = entries.get(p);
      if (!e) throw new FsError('ENOENT', path);
      if (e.type === 'dir') throw new FsError('EISDIR', path);
      return e.content;
    },
    write(path, content) {
      const p = normalize(path);
      const e = entries.get(p);
      if (e?.type === 'dir') throw new FsError('EISDIR', path);
      const parent = parentDir(p);
      put(p, { type: 'file', content, mtime: now() });
      parent.children!.add(baseOf(p));
    },
    append(path, content) {
      const p = normalize(path);
      const e = entries.get(p);
      if (e?.type === 'dir') throw new FsError('EISDIR', path);
      if (e) {
        const mine = own(p, e);
        mine.content += content;
        mine.mtime = now();
        mine.apparentSize = undefined;
      } else fs.write(p, content);
    },
    mkdir(path, opts) {
      const p = normalize(path);
      const e = entries.get(p);
      if (e) {
        if (opts?.parents && e.type === 'dir') return;
        throw new FsError('EEXIST', path);
      }
      if (opts?.parents && !entries.has(parentOf(p))) fs.mkdir(parentOf(p), opts);
      const parent = parentDir(p);
      put(p, { type: 'dir', content: '', mtime: now(), children: new Set() });
      parent.children!.add(baseOf(p));
    },
    list(path) {
      const e = entries.get(normalize(path));
      if (!e) throw new FsError('ENOENT', path);
      if (e.type !== 'dir') throw new FsError('ENOTDIR', path);
      return [...e.children!].sort();
    },
    remove(path, opts) {
      const p = normalize(path);
      const e = entries.get(p);
      if (!e || p === '/') throw new FsError(e ? 'EACCES' : 'ENOENT', path);
      if (e.type === 'dir' && e.children!.size > 0) {
        if (!opts?.recursive) throw new FsError('ENOTEMPTY', path);
        for (const c of [...e.children!]) fs.remove(`${p}/${c}`, opts);
      }
      owned.delete(e);
      entries.delete(p);
      const pp = parentOf(p);
      const parent = entries.get(pp);
      if (parent) own(pp, parent).children!.delete(baseOf(p));
    },
    stat(path) {
      const e = entries.get(normalize(path));
      if (!e) return undefined;
      return { type: e.type, size: e.type === 'file' ? (e.apparentSize ?? new TextEncoder().encode(e.content).length) : 4096, mtime: e.mtime };
    },
  };
  Object.defineProperty(fs, APPARENT, {
    value: (path: string, n: number) => {
      const p = normalize(path);
      const e = entries.get(p);
      if (e?.type === 'file') own(p, e).apparentSize = n;
    },
  });
  Object.defineProperty(fs, STATE, { value: { entries, owned } satisfies FsState });
  return fs;
}
