// `scp [-r] SRC… DEST` where either side may be `[user@]HOST:PATH`: copies between the machines'
// file systems and prints OpenSSH's progress line (`file.tar   100%  517MB 103.4MB/s   00:05`).
import type { Program, ProgramContext } from '../../kubectl/context.ts';
import type { FileSystem } from '../../cluster/types.ts';
import { resolvePath, setApparentSize } from '../../cluster/hosts/fs.ts';
import { here, reach } from './common.ts';

const RATE = 103.4 * 1024 * 1024;

/** OpenSSH's format_size (1024-based, up to 4 digits). */
function size(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = bytes;
  let i = 0;
  while (v >= 10000 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${Math.round(v)}${units[i]}`.padStart(5);
}

function progress(ctx: ProgramContext, name: string, bytes: number): string {
  const secs = Math.max(0, Math.round(bytes / RATE));
  const rate = bytes < 1024 ? `${bytes}.0KB/s` : `${(Math.min(bytes, RATE) / 1024 / 1024).toFixed(1)}MB/s`;
  const tail = ` 100% ${size(bytes)} ${rate.padStart(8)}   ${String(Math.floor(secs / 60)).padStart(2, '0')}:${String(secs % 60).padStart(2, '0')}    `;
  const width = Math.max(20, ctx.columns - tail.length);
  return name.slice(0, width).padEnd(width) + tail.trimEnd() + '\n';
}

type Side = { fs: FileSystem; path: string; remote: boolean; label: string };

export const scp: Program = async (ctx) => {
  const operands: string[] = [];
  let recursive = false;
  for (let i = 0; i < ctx.args.length; i++) {
    const a = ctx.args[i]!;
    if (a === '-P' || a === '-i' || a === '-o') i++;
    else if (a === '-r') recursive = true;
    else if (a.startsWith('-')) continue;
    else operands.push(a);
  }
  if (operands.length < 2) {
    ctx.err('usage: scp [-12346BCpqrv] [-c cipher] [-F ssh_config] [-i identity_file]\n           [-l limit] [-o ssh_option] [-P port] [-S program]\n           [[user@]host1:]file1 ... [[user@]host2:]file2\n');
    return 1;
  }
  const local = here(ctx);
  if (!local) return 1;
  const side = (op: string): Side | { error: string } => {
    const m = /^([^/:]+):(.*)$/.exec(op);
    if (!m) return { fs: local.fs, path: resolvePath(ctx.cwd, op), remote: false, label: op };
    const r = reach(ctx, m[1]!);
    if ('error' in r) return { error: r.error };
    return { fs: r.machine.fs, path: resolvePath('/root', m[2] || '.'), remote: true, label: op };
  };
  const dest = side(operands.at(-1)!);
  if ('error' in dest) {
    ctx.err(`${dest.error}\nlost connection\n`);
    return 1;
  }
  let status = 0;
  const copy = async (src: Side, to: string): Promise<void> => {
    const st = src.fs.stat(src.path);
    if (!st) {
      ctx.err(`${src.remote ? 'scp: ' : ''}${src.path}: No such file or directory\n`);
      status = 1;
      return;
    }
    const base = src.path.slice(src.path.lastIndexOf('/') + 1);
    const target = dest.fs.isDir(to) ? `${to}/${base}` : to;
    if (st.type === 'dir') {
      if (!recursive) {
        ctx.err(`${src.remote ? 'scp: ' : ''}${src.path}: not a regular file\n`);
        status = 1;
        return;
      }
      if (!dest.fs.exists(target)) dest.fs.mkdir(target);
      for (const c of src.fs.list(src.path)) await copy({ ...src, path: `${src.path}/${c}` }, target);
      return;
    }
    const parent = target.slice(0, target.lastIndexOf('/')) || '/';
    if (!dest.fs.isDir(parent)) {
      ctx.err(`scp: ${target}: No such file or directory\n`);
      status = 1;
      return;
    }
    dest.fs.write(target, src.fs.read(src.path));
    if (st.size !== new TextEncoder().encode(src.fs.read(src.path)).length) setApparentSize(dest.fs, target, st.size);
    await ctx.sleep(Math.max(200, Math.round((st.size / RATE) * 1000)));
    if (ctx.screen ?? ctx.tty) ctx.out(progress(ctx, base, st.size));
  };
  for (const op of operands.slice(0, -1)) {
    const src = side(op);
    if ('error' in src) {
      ctx.err(`${src.error}\nlost connection\n`);
      status = 1;
      continue;
    }
    await copy(src, dest.path);
  }
  return status;
};
