#!/usr/bin/env node
// The `kubeclass` command. Plain JS so any Node can start it; the CLI itself is TypeScript run by
// Node's type stripping (22.18+). An older Node re-runs this file with the project's Node 22.
import { spawnSync } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const self = realpathSync(fileURLToPath(import.meta.url));
const root = dirname(dirname(self));

function canStripTypes() {
  const [major, minor] = process.versions.node.split('.').map(Number);
  return Boolean(process.features?.typescript) || major > 22 || (major === 22 && minor >= 18);
}

/** node_modules/.bin/node of this project, or of a project that installed kubeclass as a dependency. */
function projectNode() {
  for (let dir = root; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', '.bin', 'node');
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

if (canStripTypes()) {
  const { run } = await import(pathToFileURL(join(root, 'src', 'cli', 'main.ts')).href);
  await run();
} else {
  const node = projectNode();
  if (!node || process.env.KUBECLASS_REEXEC) {
    process.stderr.write(
      `kubeclass: needs Node 22.18 or newer (this is ${process.version}); run \`npm install\` in ${root} to get it\n`,
    );
    process.exit(1);
  }
  const r = spawnSync(node, [self, ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, KUBECLASS_REEXEC: '1' },
  });
  if (r.error) {
    process.stderr.write(`kubeclass: could not run ${node}: ${r.error.message}\n`);
    process.exit(1);
  }
  process.exit(r.status ?? 1);
}
