// Path arithmetic for the virtual file system (always POSIX, always absolute results).

/** Resolve `path` against `cwd`, normalising `.`, `..` and repeated slashes. */
export { resolvePath as joinPath } from '../cluster/hosts/fs.ts';

export function basename(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  if (trimmed === '') return path.startsWith('/') ? '/' : '';
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

export function dirname(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  const i = trimmed.lastIndexOf('/');
  if (i < 0) return '.';
  if (i === 0) return '/';
  return trimmed.slice(0, i);
}
