// Build-time index of the course for the progress and workshop pages: chapters in order, the labs
// each chapter embeds (`<Lab id="…" />`), and each lab's title and checkpoints.
import { parse as parseYaml } from 'yaml';
import { chapters } from './chapters.mjs';
import { parseWorkshop } from '../labs/workshop.ts';
import type { Workshop } from '../labs/workshop.ts';

export interface LabInfo {
  id: string;
  title: string;
  /** chapter slug whose page embeds the lab, when one does */
  chapter?: string;
  /** URL of the lab on its chapter page */
  href?: string;
  checkpoints: { id: string; title: string }[];
}

export interface ChapterInfo {
  slug: string;
  title: string;
  href: string;
  labs: LabInfo[];
}

const labYaml = import.meta.glob<string>('/labs/*/lab.yaml', { query: '?raw', import: 'default', eager: true });
const pages = import.meta.glob<string>('/content/*/index.mdx', { query: '?raw', import: 'default', eager: true });
const workshopFiles = import.meta.glob<string>('/workshops/*.yaml', { query: '?raw', import: 'default', eager: true });

// Lab text may hold variant placeholders ({{ params.name }}); the index shows them plainly.
const plain = (s: string) => s.replace(/\{\{\s*params\.(\w+)\s*\}\}/g, '<$1>');

function readLab(id: string): Omit<LabInfo, 'chapter' | 'href'> | undefined {
  const text = labYaml[`/labs/${id}/lab.yaml`];
  if (text === undefined) return undefined;
  const data = parseYaml(text) as { title?: string; tasks?: { checkpoints?: { id: string; title?: string }[] }[] };
  return {
    id,
    title: plain(data.title ?? id),
    checkpoints: (data.tasks ?? []).flatMap((t) => (t.checkpoints ?? []).map((c) => ({ id: c.id, title: plain(c.title ?? c.id) }))),
  };
}

export function labIds(): string[] {
  return Object.keys(labYaml)
    .map((p) => p.split('/')[2]!)
    .sort();
}

export function courseIndex(): ChapterInfo[] {
  return chapters.map(({ slug, label }) => {
    const text = pages[`/content/${slug}/index.mdx`] ?? '';
    const title = /^title:\s*(.+)$/m.exec(text)?.[1]?.trim().replace(/^['"]|['"]$/g, '') ?? label;
    const labs: LabInfo[] = [];
    for (const m of text.matchAll(/<Lab\s+id="([^"]+)"([^>]*)\/>/g)) {
      const lab = readLab(m[1]!);
      if (lab) labs.push({ ...lab, chapter: slug, href: `/${slug}/#kc-lab-${lab.id}-title` });
    }
    return { slug, title, href: `/${slug}/`, labs };
  });
}

export function labInfo(id: string): LabInfo | undefined {
  for (const c of courseIndex()) {
    const lab = c.labs.find((l) => l.id === id);
    if (lab) return lab;
  }
  const lab = readLab(id);
  return lab && { ...lab };
}

export interface WorkshopEntry {
  id: string;
  workshop: Workshop;
}

/** Every workshops/<id>.yaml, validated (the build fails with the file and field on a mistake). */
export function workshops(): WorkshopEntry[] {
  const known = labIds();
  return Object.entries(workshopFiles)
    .map(([path, text]) => {
      const id = path.slice('/workshops/'.length, -'.yaml'.length);
      if (!/^[a-z0-9][a-z0-9-]*$/.test(id)) throw new Error(`${path.slice(1)}: a workshop file name must be kebab-case`);
      return { id, workshop: parseWorkshop(text, path.slice(1), known) };
    })
    .sort((a, b) => a.id.localeCompare(b.id));
}
