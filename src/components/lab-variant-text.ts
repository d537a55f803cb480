// A lab with `params` shows each learner their own variant: the build renders the default variant and
// embeds the text with its placeholders; the page fills in the learner's values (from localStorage).
import { substitute, variantOf } from '../labs/variant-draw.ts';
import type { VariantParams } from '../labs/variant-draw.ts';
import type { Lab } from '../labs/schema.ts';
import { getLearner } from '../terminal/learner-store.ts';
import type { ProgressStorage } from '../terminal/progress-store.ts';
import { renderInline, renderMarkdown } from './mini-markdown.ts';

/** What the page needs to redraw the panel for a learner: the lab's texts with their placeholders. */
export interface VariantTexts {
  id: string;
  seed: number;
  params: NonNullable<Lab['params']>;
  title: string;
  summary: string;
  tasks: { id: string; title: string; description: string; hints: string[]; checkpoints: { id: string; title: string }[] }[];
}

const str = (v: unknown, fallback: string): string => (typeof v === 'string' ? v : fallback);

/** Build time: the placeholder texts of a lab with params (undefined for a lab without). `template` is templateOf(lab). */
export function variantTexts(lab: Lab, template: unknown): VariantTexts | undefined {
  if (!lab.params || !Object.keys(lab.params).length) return undefined;
  const raw = (template ?? {}) as { title?: unknown; summary?: unknown; tasks?: unknown };
  const rawTasks = Array.isArray(raw.tasks) ? (raw.tasks as Record<string, unknown>[]) : [];
  return {
    id: lab.id,
    seed: lab.seed,
    params: lab.params,
    title: str(raw.title, lab.title),
    summary: str(raw.summary, lab.summary),
    tasks: lab.tasks.map((t, i) => {
      const rt = rawTasks[i] ?? {};
      const rcps = Array.isArray(rt.checkpoints) ? (rt.checkpoints as Record<string, unknown>[]) : [];
      const rhints = Array.isArray(rt.hints) ? rt.hints : [];
      return {
        id: t.id,
        title: str(rt.title, t.title),
        description: str(rt.description, t.description),
        hints: t.hints.map((h, j) => str(rhints[j], h)),
        checkpoints: t.checkpoints.map((c, j) => ({ id: c.id, title: str(rcps[j]?.title, c.title) })),
      };
    }),
  };
}

function describe(params: VariantParams): string {
  return Object.entries(params)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
}

/** The same draw as the lab page and the grader: `learner`'s parameters (the defaults when empty) and a filler for `{{ params.x }}`. */
export function variantFiller(lab: Pick<VariantTexts, 'id' | 'seed' | 'params'>, learner: string): { params: VariantParams; fill: (s: string) => string } {
  const variant = variantOf(lab, learner || undefined);
  return { params: variant.params, fill: (s: string) => String(substitute(s, variant.params)) };
}

/** What a lab list (progress, workshop pages) needs to redraw one lab's row: title, summary, checkpoint titles. */
export interface VariantListTexts {
  id: string;
  seed: number;
  params: NonNullable<Lab['params']>;
  title: string;
  summary: string;
  checkpoints: { id: string; title: string }[];
}

/** Build time: the list form of variantTexts (no task text or hints, which a workshop may keep hidden). */
export function variantListTexts(t: VariantTexts): VariantListTexts {
  return { id: t.id, seed: t.seed, params: t.params, title: t.title, summary: t.summary, checkpoints: t.tasks.flatMap((task) => task.checkpoints) };
}

/** Redraw every lab row under `root` that carries `script[data-kc-variant-list]` for `learner` (the default variant when empty). */
export function applyVariantList(root: ParentNode, learner: string): void {
  for (const data of root.querySelectorAll<HTMLScriptElement>('script[data-kc-variant-list]')) {
    const row = data.parentElement;
    if (!row || !data.textContent) continue;
    const t = JSON.parse(data.textContent) as VariantListTexts;
    const { fill } = variantFiller(t, learner);
    const title = row.querySelector<HTMLElement>('[data-kc-lab-title]');
    if (title) title.textContent = fill(t.title);
    const summary = row.querySelector<HTMLElement>('[data-kc-lab-summary]');
    if (summary) summary.innerHTML = renderInline(fill(t.summary));
    for (const cp of t.checkpoints) {
      const el = row.querySelector<HTMLElement>(`[data-kc-cp="${CSS.escape(cp.id)}"] [data-kc-cp-title]`);
      if (el) el.textContent = fill(cp.title);
    }
    row.dataset.variant = learner ? 'learner' : 'default';
  }
}

/** Redraw the panel's texts for `learner` (the default variant when empty) and say which variant it is. */
export function applyVariantText(root: HTMLElement, learner: string): void {
  const data = root.querySelector<HTMLScriptElement>('script[data-kc-variant]');
  if (!data?.textContent) return;
  const t = JSON.parse(data.textContent) as VariantTexts;
  const variant = variantOf(t, learner || undefined);
  const fill = (s: string) => String(substitute(s, variant.params));
  const set = (sel: string, text: string, html = false) => {
    const el = root.querySelector<HTMLElement>(sel);
    if (!el) return;
    if (html) el.innerHTML = text;
    else el.textContent = text;
  };
  set('.kc-panel-title', fill(t.title));
  set('.kc-summary', renderMarkdown(fill(t.summary)), true);
  for (const task of t.tasks) {
    const li = root.querySelector<HTMLElement>(`[data-task="${CSS.escape(task.id)}"]`);
    if (!li) continue;
    const title = li.querySelector<HTMLElement>('.kc-task-title > span:last-child');
    if (title) title.textContent = fill(task.title);
    const text = li.querySelector<HTMLElement>('.kc-task-text');
    if (text) text.innerHTML = renderMarkdown(fill(task.description));
    li.querySelector('.kc-checkpoints')?.setAttribute('aria-label', `Checkpoints for: ${fill(task.title)}`);
    for (const cp of task.checkpoints) {
      const el = li.querySelector<HTMLElement>(`[data-checkpoint="${CSS.escape(cp.id)}"] .kc-checkpoint-title`);
      if (el) el.textContent = fill(cp.title);
    }
    const hints = [...li.querySelectorAll<HTMLElement>('.kc-hint-list > li')];
    task.hints.forEach((h, i) => {
      if (hints[i]) hints[i].innerHTML = renderInline(fill(h));
    });
  }
  const note = root.querySelector<HTMLElement>('[data-kc-variant-note]');
  if (note) {
    note.dataset.variant = learner ? 'learner' : 'default';
    note.textContent = learner
      ? `Your own variant of this lab (${describe(variant.params)}), drawn from your name: your submission is graded on it.`
      : `This is the default variant (${describe(variant.params)}). Enter your name to get your own: each learner's lab differs, and yours is the one graded.`;
  }
}

/** Show the learner's variant now, and again whenever the learner id changes (on this page or in another tab). */
export function showVariant(root: HTMLElement, storage: () => ProgressStorage | undefined): void {
  if (!root.querySelector('script[data-kc-variant]')) return;
  const draw = () => applyVariantText(root, getLearner(storage()));
  draw();
  window.addEventListener('kubeclass:learner-changed', draw);
  window.addEventListener('storage', (e) => {
    if (e.key === 'kubeclass:learner') draw();
  });
}
