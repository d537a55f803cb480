// Browser side of a workshop page: lab states, the countdown, the learner id, "Download all submissions".
import { ACTIVE_WORKSHOP_KEY, workshopKey } from '../labs/workshop.ts';
import { getLearner, learnerSlug, setLearner } from '../terminal/learner-store.ts';
import { loadProgress } from '../terminal/progress-store.ts';
import { buildSubmission } from '../terminal/submission-build.ts';
import type { SubmissionBundle } from '../terminal/submission-build.ts';
import type { Submission } from '../labs/submission.ts';
import { downloadJson } from './download.ts';
import { paintProgress, showLabVariants, storage } from './progress-page.ts';

interface Config {
  id: string;
  title: string;
  labs: string[];
  showHints: boolean;
  showSolutions: boolean;
  timeLimitMinutes: number | null;
  passingScore: number;
  course: string;
  checkpoints: Record<string, string[]>;
}

/** `m:ss`, or `h:mm:ss` from an hour up. */
export function clock(ms: number): string {
  const s = Math.floor(Math.abs(ms) / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

export function initWorkshopPage(doc: Document): void {
  const root = doc.querySelector<HTMLElement>('[data-kc-workshop]');
  const configEl = doc.querySelector('[data-kc-workshop-config]');
  if (!root || !configEl) return;
  const config = JSON.parse(configEl.textContent ?? '{}') as Config;
  const store = storage();
  paintProgress(doc);
  const redrawVariants = showLabVariants(doc);

  const activate = () => {
    try {
      store?.setItem(
        ACTIVE_WORKSHOP_KEY,
        JSON.stringify({ id: config.id, title: config.title, labs: config.labs, showHints: config.showHints, showSolutions: config.showSolutions }),
      );
    } catch {
      // storage disabled: the lab panels fall back to their defaults
    }
  };
  // following a lab link means taking the lab as part of this workshop
  for (const a of doc.querySelectorAll('[data-kc-workshop-link]')) a.addEventListener('click', activate);

  // ---- timer ----
  const timer = root.querySelector<HTMLElement>('[data-kc-timer]')!;
  const value = timer.querySelector<HTMLElement>('[data-kc-timer-value]')!;
  const label = timer.querySelector<HTMLElement>('[data-kc-timer-label]')!;
  const note = timer.querySelector<HTMLElement>('[data-kc-timer-note]')!;
  const start = timer.querySelector<HTMLButtonElement>('[data-kc-start]')!;
  const leave = timer.querySelector<HTMLButtonElement>('[data-kc-leave]');
  const startedAt = (): number | undefined => {
    try {
      const raw = store?.getItem(workshopKey(config.id));
      const t = raw ? Date.parse((JSON.parse(raw) as { startedAt?: string }).startedAt ?? '') : NaN;
      return Number.isNaN(t) ? undefined : t;
    } catch {
      return undefined;
    }
  };
  const limit = config.timeLimitMinutes ? config.timeLimitMinutes * 60_000 : undefined;
  const tick = () => {
    const t0 = startedAt();
    start.hidden = t0 !== undefined;
    if (leave) leave.hidden = t0 === undefined;
    if (t0 === undefined) {
      timer.dataset.state = 'idle';
      label.textContent = limit === undefined ? 'Time taken' : 'Time left';
      value.textContent = clock(limit ?? 0);
      note.textContent = 'The timer starts when you press Start and keeps running if you close the page.';
      return;
    }
    const elapsed = Date.now() - t0;
    if (limit === undefined) {
      timer.dataset.state = 'running';
      label.textContent = 'Time taken';
      value.textContent = clock(elapsed);
    } else if (elapsed <= limit) {
      timer.dataset.state = 'running';
      label.textContent = 'Time left';
      value.textContent = clock(limit - elapsed);
    } else {
      timer.dataset.state = 'over';
      label.textContent = 'Time is up';
      value.textContent = `+${clock(elapsed - limit)}`;
    }
    note.textContent = `Started ${new Date(t0).toLocaleTimeString()}.${timer.dataset.state === 'over' ? ' Download your submissions now.' : ''}`;
  };
  start.addEventListener('click', () => {
    try {
      store?.setItem(workshopKey(config.id), JSON.stringify({ startedAt: new Date().toISOString() }));
    } catch {
      // storage disabled: the timer cannot survive a reload
    }
    activate();
    tick();
  });
  // leaving stops the timer and gives the lab panels their hints back; the lab records stay
  leave?.addEventListener('click', () => {
    if (!window.confirm('Leave this workshop? The timer stops and hints come back in its labs. Your lab records stay.')) return;
    try {
      store?.removeItem(workshopKey(config.id));
      store?.removeItem(ACTIVE_WORKSHOP_KEY);
    } catch {
      // storage disabled: nothing was saved
    }
    tick();
  });
  tick();
  setInterval(tick, 1000);

  // ---- learner ----
  const form = root.querySelector<HTMLFormElement>('[data-kc-ws-learner-form]')!;
  const input = form.querySelector<HTMLInputElement>('[data-kc-ws-learner]')!;
  const saved = form.querySelector<HTMLElement>('[data-kc-ws-learner-saved]')!;
  input.value = getLearner(store);
  const showSaved = () => {
    const l = getLearner(store);
    saved.hidden = !l;
    saved.textContent = l ? `Saved: your submissions carry “${l}”.` : '';
  };
  showSaved();
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (setLearner(store, input.value) === undefined) {
      input.setCustomValidity('Type a name or id (at most 200 characters).');
      input.reportValidity();
      return;
    }
    input.setCustomValidity('');
    showSaved();
    redrawVariants(); // the labs' names and counts are now this learner's own
  });
  input.addEventListener('input', () => input.setCustomValidity(''));

  // ---- download all ----
  const notice = doc.querySelector<HTMLElement>('[data-kc-ws-notice]')!;
  doc.querySelector('[data-kc-download-all]')?.addEventListener('click', () => {
    const learner = getLearner(store);
    if (!learner) {
      notice.textContent = 'Type your name or student id first: it goes into every submission.';
      input.focus();
      return;
    }
    const submissions: Submission[] = [];
    const missing: string[] = [];
    for (const lab of config.labs) {
      const progress = loadProgress(store, lab, () => {});
      const r = buildSubmission({ progress, course: config.course, checkpointIds: config.checkpoints[lab] ?? [], learner, now: new Date() });
      if ('submission' in r) submissions.push(r.submission);
      else missing.push(lab);
    }
    if (!submissions.length) {
      notice.textContent = 'Nothing to hand in yet: open a lab and use its terminal first.';
      return;
    }
    const bundle: SubmissionBundle = { kind: 'kubeclass-submissions', workshop: config.id, learner, submissions };
    const name = `${config.id}-${learnerSlug(learner)}.json`;
    downloadJson(name, bundle);
    notice.textContent =
      `Saved ${name} with ${submissions.length} of ${config.labs.length} labs.` +
      (missing.length ? ` Not opened yet: ${missing.join(', ')}.` : '') +
      ' Hand in this file.';
  });
}
