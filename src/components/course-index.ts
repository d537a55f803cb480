// Build-time index of the course for the progress and workshop pages: chapters in order, the labs
// each chapter embeds (`<Lab id="…" />`), and each lab's title and checkpoints.
import { chapters } from './chapters.mjs';
import { parseLab } from '../labs/parse.ts';
import type { Lab } from '../labs/schema.ts';
import { templateOf } from '../labs/variants.ts';
import { variantListTexts, variantTexts } from './lab-variant-text.ts';
import type { VariantListTexts } from './lab-variant-text.ts';
import { parseWorkshop } from '../labs/workshop.ts';
import type { Workshop } from '../labs/workshop.ts';

export interface LabInfo {
  id: string;
  /** title of the default variant (the lab a learner without an id gets) */
  title: string;
  /** chapter slug whose page embeds the lab, when one does */
  chapter?: string;
  /** URL of the lab on its chapter page */
  href?: string;
  /** checkpoint titles of the default variant */
  checkpoints: { id: string; title: string }[];
  /** the lab's summary (markdown) in its default variant; empty for an unknown lab */
  summary?: string;
  /** a lab with params: its texts with placeholders, for the page to redraw in the learner's variant */
  variant?: VariantListTexts;
}

export interface ChapterInfo {
  slug: string;
  title: string;
  href: string;
  labs: LabInfo[];
}

const labYaml = import.meta.glob<string>('/labs/*/lab.yaml', { query: '?raw', import: 'default', eager: true });
// every file of every lab: a lab.yaml may read manifests and files beside it
const labSources = import.meta.glob<string>('/labs/*/**/*', { query: '?raw', import: 'default', eager: true });
const pages = import.meta.glob<string>('/content/*/index.mdx', { query: '?raw', import: 'default', eager: true });
const workshopFiles = import.meta.glob<string>('/workshops/*.yaml', { query: '?raw', import: 'default', eager: true });

const parsed = new Map<string, Lab | undefined>();

/** The lab as the lab page builds it (parseLab): the default variant, placeholders filled in. */
function parsedLab(id: string): Lab | undefined {
  if (!parsed.has(id)) {
    const text = labYaml[`/labs/${id}/lab.yaml`];
    parsed.set(id, text === undefined ? undefined : parseLab(text, { source: `labs/${id}/lab.yaml`, files: (path) => labSources[`/labs/${id}/${path}`] }));
  }
  return parsed.get(id);
}

function readLab(id: string): Omit<LabInfo, 'chapter' | 'href'> | undefined {
  const lab = parsedLab(id);
  if (!lab) return undefined;
  const texts = variantTexts(lab, templateOf(lab));
  return {
    id,
    title: lab.title,
    summary: lab.summary,
    checkpoints: lab.tasks.flatMap((t) => t.checkpoints.map((c) => ({ id: c.id, title: c.title }))),
    ...(texts ? { variant: variantListTexts(texts) } : {}),
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
