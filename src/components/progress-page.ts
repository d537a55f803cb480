// Browser side of the progress page (and the lab list of a workshop page): states from localStorage,
// export to a file, import from one.
import { loadProgress } from '../terminal/progress-store.ts';
import type { ProgressStorage } from '../terminal/progress-store.ts';
import { exportState, importState } from '../terminal/state-export.ts';
import type { StateStorage } from '../terminal/state-export.ts';
import { getLearner, LEARNER_KEY } from '../terminal/learner-store.ts';
import { downloadJson } from './download.ts';
import { applyVariantList } from './lab-variant-text.ts';

export type LabState = 'not-started' | 'in-progress' | 'done';
const LABEL: Record<LabState, string> = { 'not-started': 'not started', 'in-progress': 'in progress', done: 'done' };

export function storage(): StateStorage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}

/** A lab's state from its saved progress: done when every checkpoint passed, in progress once anything was typed or passed. */
export function labState(store: ProgressStorage | undefined, labId: string, checkpointIds: string[], warn: (m: string) => void = () => {}) {
  const p = loadProgress(store, labId, warn);
  const passed = checkpointIds.filter((id) => p.passed[id]).length;
  const touched = passed > 0 || p.history.length > 0 || (p.attempt?.events.length ?? 0) > 0;
  const state: LabState = checkpointIds.length > 0 && passed === checkpointIds.length ? 'done' : touched ? 'in-progress' : 'not-started';
  return { state, passed, total: checkpointIds.length, passedIds: new Set(checkpointIds.filter((id) => p.passed[id])) };
}

/** Fills every `[data-kc-progress-lab]` row (and chapter badges) from storage; returns notices about damaged records. */
export function paintProgress(root: ParentNode): string[] {
  const notices: string[] = [];
  const store = storage();
  for (const row of root.querySelectorAll<HTMLElement>('[data-kc-progress-lab]')) {
    const ids = JSON.parse(row.dataset.checkpoints ?? '[]') as string[];
    const { state, passed, total, passedIds } = labState(store, row.dataset.kcProgressLab!, ids, (m) => notices.push(m.replace(/^kubeclass: saved progress/, 'Saved progress')));
    row.dataset.state = state;
    const badge = row.querySelector<HTMLElement>('[data-kc-lab-state]');
    if (badge) {
      badge.dataset.state = state;
      badge.textContent = LABEL[state];
    }
    const count = row.querySelector('[data-kc-count]');
    if (count) count.textContent = `${passed} of ${total} checkpoint${total === 1 ? '' : 's'}`;
    for (const cp of row.querySelectorAll<HTMLElement>('[data-kc-cp]')) {
      const ok = passedIds.has(cp.dataset.kcCp!);
      cp.dataset.passed = String(ok);
      const sr = cp.querySelector('[data-kc-cp-state]');
      if (sr) sr.textContent = ok ? '(passed)' : '(not passed)';
    }
  }
  for (const chapter of root.querySelectorAll<HTMLElement>('[data-kc-chapter]')) {
    const labs = [...chapter.querySelectorAll<HTMLElement>('[data-kc-progress-lab]')].map((r) => r.dataset.state as LabState);
    const badge = chapter.querySelector<HTMLElement>('[data-kc-chapter-state]');
    if (!badge || labs.length === 0) continue;
    const state: LabState = labs.every((s) => s === 'done') ? 'done' : labs.some((s) => s !== 'not-started') ? 'in-progress' : 'not-started';
    badge.dataset.state = state;
    const done = labs.filter((s) => s === 'done').length;
    badge.textContent = state === 'done' ? 'done' : state === 'in-progress' ? `in progress: ${done} of ${labs.length} lab${labs.length === 1 ? '' : 's'} done` : 'not started';
  }
  return notices;
}

/** Labs with params show the learner's own variant (the default one without a learner id); again whenever the id changes. */
export function showLabVariants(root: ParentNode): () => void {
  const draw = () => applyVariantList(root, getLearner(storage()));
  draw();
  window.addEventListener('kubeclass:learner-changed', draw);
  window.addEventListener('storage', (e) => {
    if (e.key === LEARNER_KEY || e.key === null) draw();
  });
  return draw;
}

export function initProgressPage(doc: Document): void {
  showLabVariants(doc);
  const box = doc.querySelector<HTMLElement>('[data-kc-state-notice]');
  const show = (tone: 'ok' | 'warn' | 'error', lines: string[]) => {
    if (!box) return;
    box.dataset.tone = tone;
    box.replaceChildren(
      ...lines.map((l) => {
        const p = doc.createElement('p');
        p.textContent = l;
        return p;
      }),
    );
    box.hidden = false;
  };
  const paint = () => {
    try {
      return paintProgress(doc);
    } catch (e) {
      // never a blank page: the list stays as built, with a message
      return [`Could not read the saved progress: ${(e as Error).message}`];
    }
  };
  const damaged = paint();
  if (damaged.length) show('warn', [...damaged, 'The damaged parts were set aside; everything still readable is shown.']);

  doc.querySelector('[data-kc-export]')?.addEventListener('click', () => {
    const store = storage();
    if (!store) return show('error', ['This browser does not allow saved state (private mode?): nothing to export.']);
    const file = exportState(store, new Date());
    const day = file.exportedAt.slice(0, 10);
    downloadJson(`kubeclass-progress-${day}.json`, file);
    show('ok', [`Exported ${Object.keys(file.items).length} saved item(s) to kubeclass-progress-${day}.json.`]);
  });

  const input = doc.querySelector<HTMLInputElement>('[data-kc-import]');
  input?.addEventListener('change', async () => {
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    const store = storage();
    if (!store) return show('error', ['This browser does not allow saved state (private mode?): nothing can be imported.']);
    try {
      const result = importState(store, await file.text());
      const notices = paint();
      show(result.notices.length || notices.length ? 'warn' : 'ok', [
        `Imported ${result.imported.length} saved item(s) from ${file.name}.`,
        ...result.notices,
        ...notices,
      ]);
    } catch (e) {
      show('error', [(e as Error).message, 'Nothing was changed.']);
    }
  });
}
