// Error texts shared by the shell and its programs, worded as GNU coreutils and bash print them.
import { FsError } from '../cluster/hosts/fs-error.ts';

const TEXT: Record<FsError['code'], string> = {
  ENOENT: 'No such file or directory',
  EISDIR: 'Is a directory',
  ENOTDIR: 'Not a directory',
  EEXIST: 'File exists',
  ENOTEMPTY: 'Directory not empty',
  EACCES: 'Permission denied',
};

/** "No such file or directory" for an FsError (also one thrown by another copy of the class), else null. */
export function fsMessage(e: unknown): string | null {
  if (e instanceof FsError) return TEXT[e.code];
  if (e && typeof e === 'object' && 'code' in e && typeof e.code === 'string' && e.code in TEXT) return TEXT[e.code as FsError['code']];
  return null;
}

/** The quotes coreutils 8.22 (CentOS 7, UTF-8 locale) puts around file names in messages. */
export function q(name: string): string {
  return `‘${name}’`;
}
