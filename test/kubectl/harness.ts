// Runs the kubectl program against a fresh simulated cluster with an in-memory file system.
import { createCluster } from '../../src/cluster/index.ts';
import type { Cluster, FileSystem } from '../../src/cluster/types.ts';
import { FsError } from '../../src/cluster/hosts/fs-error.ts';
import { kubectl } from '../../src/kubectl/index.ts';

export interface Result {
  stdout: string;
  stderr: string;
  code: number;
}

export function memoryFs(files: Record<string, string> = {}): FileSystem {
  const dirs = new Set(['/', '/root']);
  const parent = (p: string) => p.slice(0, p.lastIndexOf('/')) || '/';
  return {
    exists: (p) => p in files || dirs.has(p),
    isDir: (p) => dirs.has(p),
    read: (p) => {
      if (dirs.has(p)) throw new FsError('EISDIR', p);
      if (!(p in files)) throw new FsError('ENOENT', p);
      return files[p];
    },
    write: (p, c) => {
      files[p] = c;
    },
    append: (p, c) => {
      files[p] = (files[p] ?? '') + c;
    },
    mkdir: (p) => {
      dirs.add(p);
    },
    list: (p) => [...Object.keys(files), ...dirs].filter((f) => f !== p && parent(f) === p).map((f) => f.slice(p.length + 1)).sort(),
    remove: (p) => {
      delete files[p];
      dirs.delete(p);
    },
    stat: (p) => (p in files ? { type: 'file', size: files[p].length, mtime: 0 } : dirs.has(p) ? { type: 'dir', size: 0, mtime: 0 } : undefined),
  };
}

export interface Session {
  cluster: Cluster;
  fs: FileSystem;
  /** Run one kubectl command line (split on spaces unless an array is given). */
  run(args: string | string[], stdin?: string | null): Promise<Result>;
  write(path: string, content: string): void;
}

export function session(opts: { seed?: number; preset?: 'kubeadm' | 'empty'; settle?: boolean } = {}): Session {
  const cluster = createCluster({ seed: opts.seed ?? 1, preset: opts.preset });
  if (opts.settle !== false) cluster.settle();
  const fs = memoryFs();
  return {
    cluster,
    fs,
    write: (p, c) => fs.write(p.startsWith('/') ? p : `/root/${p}`, c),
    async run(args, stdin = null) {
      let stdout = '';
      let stderr = '';
      const argv = Array.isArray(args) ? args : args.split(' ').filter(Boolean);
      const code = await kubectl({
        args: argv,
        stdin,
        out: (s) => {
          stdout += s;
        },
        err: (s) => {
          stderr += s;
        },
        cluster,
        fs,
        cwd: '/root',
        env: {},
        sleep: async (ms) => cluster.advance(ms),
        signal: new AbortController().signal,
        tty: false,
        realtime: false,
        columns: 120,
      });
      return { stdout, stderr, code };
    },
  };
}

/** Split a table into rows of cells (two or more spaces separate columns). */
export function cells(table: string): string[][] {
  return table.trimEnd().split('\n').map((l) => l.split(/ {2,}/));
}
