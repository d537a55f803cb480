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

function normalize(path: string): string {
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

/** An in-memory POSIX-like file system; `now` stamps modification times from the virtual clock. */
export function createFileSystem(now: () => number): FileSystem {
  const entries = new Map<string, Entry>([['/', { type: 'dir', content: '', mtime: now(), children: new Set() }]]);

  const parentDir = (p: string): Entry => {
    const parent = entries.get(parentOf(p));
    if (!parent) throw new FsError('ENOENT', p);
    if (parent.type !== 'dir') throw new FsError('ENOTDIR', p);
    return parent;
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
      entries.set(p, { type: 'file', content, mtime: now() });
      parent.children!.add(baseOf(p));
    },
    append(path, content) {
      const p = normalize(path);
      const e = entries.get(p);
      if (e?.type === 'dir') throw new FsError('EISDIR', path);
      if (e) {
        e.content += content;
        e.mtime = now();
        e.apparentSize = undefined;
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
      entries.set(p, { type: 'dir', content: '', mtime: now(), children: new Set() });
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
      entries.delete(p);
      entries.get(parentOf(p))?.children!.delete(baseOf(p));
    },
    stat(path) {
      const e = entries.get(normalize(path));
      if (!e) return undefined;
      return { type: e.type, size: e.type === 'file' ? (e.apparentSize ?? new TextEncoder().encode(e.content).length) : 4096, mtime: e.mtime };
    },
  };
  Object.defineProperty(fs, APPARENT, {
    value: (path: string, n: number) => {
      const e = entries.get(normalize(path));
      if (e?.type === 'file') e.apparentSize = n;
    },
  });
  return fs;
}
