// npm links the bins of dependencies into node_modules/.bin but never the project's own; link
// `kubeclass` there too so `npx kubeclass` and node_modules/.bin/kubeclass work in this checkout.
import { chmodSync, lstatSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const target = join(root, 'bin', 'kubeclass.mjs');
const link = join(root, 'node_modules', '.bin', 'kubeclass');
mkdirSync(dirname(link), { recursive: true });
try {
  lstatSync(link);
  rmSync(link);
} catch {
  // no old link
}
symlinkSync(relative(dirname(link), target), link);
chmodSync(target, 0o755);
