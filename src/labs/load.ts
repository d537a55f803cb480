// Loading labs from the labs/ folder in Node (CLI, tests). The browser uses parseLab on `?raw` imports instead.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseLab } from './parse.ts';
import type { Lab } from './schema.ts';

/** labs/ at the project root. */
export const LABS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'labs');

/** Parse one lab.yaml; manifests and files it names are read from its folder. Throws LabError. */
export function loadLabFile(file: string, opts: { source?: string } = {}): Lab {
  const dir = dirname(resolve(file));
  const source = opts.source ?? (relative(process.cwd(), resolve(file)) || file);
  return parseLab(readFileSync(file, 'utf8'), {
    source,
    files: (path) => {
      const full = resolve(dir, path);
      return existsSync(full) && statSync(full).isFile() ? readFileSync(full, 'utf8') : undefined;
    },
  });
}

/** The ids of every lab (folders with a lab.yaml), sorted. */
export function labIds(dir: string = LABS_DIR): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => existsSync(join(dir, name, 'lab.yaml')))
    .sort();
}

export class UnknownLabError extends Error {}

export function loadLab(id: string, dir: string = LABS_DIR): Lab {
  const file = join(dir, id, 'lab.yaml');
  if (!existsSync(file)) {
    const known = labIds(dir);
    throw new UnknownLabError(`unknown lab "${id}"${known.length ? ` (labs: ${known.join(', ')})` : ''}`);
  }
  const lab = loadLabFile(file);
  if (lab.id !== id) throw new UnknownLabError(`${file}: id "${lab.id}" does not match its folder "${id}"`);
  return lab;
}

export function loadLabs(dir: string = LABS_DIR): Lab[] {
  return labIds(dir).map((id) => loadLab(id, dir));
}
