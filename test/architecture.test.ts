// The import-direction rule of ARCHITECTURE.md, enforced over the source tree.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');
const src = join(root, 'src');

/** Which top-level folders under src/ each folder may import. */
const allowed: Record<string, string[]> = {
  cluster: ['cluster'],
  kubectl: ['kubectl', 'cluster'],
  shell: ['shell', 'kubectl', 'cluster'],
  labs: ['labs', 'shell', 'kubectl', 'cluster'],
  terminal: ['terminal', 'labs', 'shell', 'kubectl', 'cluster'],
  components: ['components', 'terminal', 'labs', 'shell', 'kubectl', 'cluster', 'styles'],
  cli: ['cli', 'labs', 'shell', 'kubectl', 'cluster'],
};
const domFree = ['cluster', 'kubectl', 'shell', 'labs', 'cli'];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return files(path);
    return /\.(ts|mjs|astro)$/.test(name) ? [path] : [];
  });
}

const sources = files(src).map((path) => ({ path, layer: relative(src, path).split('/')[0]!, text: readFileSync(path, 'utf8') }));

describe('architecture', () => {
  it('imports only point down the layer stack', () => {
    const violations: string[] = [];
    for (const { path, layer, text } of sources) {
      const may = allowed[layer];
      if (!may) continue;
      for (const m of text.matchAll(/(?:from|import)\s*\(?\s*['"](\.[^'"]+)['"]/g)) {
        const target = relative(src, resolve(path, '..', m[1]!)).split('/')[0]!;
        if (target.startsWith('..')) continue;
        if (!may.includes(target)) violations.push(`${relative(root, path)} imports ${m[1]}`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('keeps the simulator, kubectl, the shell and the labs free of the DOM and of xterm', () => {
    const violations = sources
      .filter((s) => domFree.includes(s.layer))
      .filter((s) => /\b(document|window|localStorage)\.|@xterm\//.test(s.text))
      .map((s) => relative(root, s.path));
    expect(violations).toEqual([]);
  });

  it('keeps wall-clock time and unseeded randomness out of the simulation', () => {
    const violations = sources
      .filter((s) => ['cluster', 'kubectl', 'shell', 'labs'].includes(s.layer))
      .filter((s) => /Math\.random\(|Date\.now\(|new Date\(\)/.test(s.text))
      .map((s) => relative(root, s.path));
    expect(violations).toEqual([]);
  });
});
