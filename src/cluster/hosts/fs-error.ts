/** A file-system error with the errno name the shell turns into "No such file or directory" etc. */
export class FsError extends Error {
  readonly code: 'ENOENT' | 'EISDIR' | 'ENOTDIR' | 'EEXIST' | 'ENOTEMPTY' | 'EACCES';
  readonly path: string;
  constructor(code: FsError['code'], path: string) {
    super(`${code}: ${path}`);
    this.name = 'FsError';
    this.code = code;
    this.path = path;
  }
}
