// Browser side of <Lab>: keeps the lab panel live and loads the terminal when it is about to be seen.
// The heavy part (simulator, shell, xterm) is a dynamic import, so the chapter's prose shows at once.
import { showVariant } from './lab-variant-text.ts';
import { clearProgress, loadProgress } from '../terminal/progress-store.ts';
import { getLearner, LEARNER_KEY, setLearner } from '../terminal/learner-store.ts';
import { submissionFileName } from '../terminal/submission-build.ts';
import { ACTIVE_WORKSHOP_KEY } from '../labs/workshop.ts';
import { downloadJson } from './download.ts';
import type { ProgressStorage } from '../terminal/progress-store.ts';
import type { LabRuntime } from '../terminal/lab-runtime.ts';

type CheckpointState = 'open' | 'passed';

/**
 * Instructor/test hook, `window.__kubeclass`: scripts can drive a lab without typing real-time
 * waits. `labs[id]` is the lab's runtime once its terminal has loaded (see LabRuntime), `load(id)`
 * loads it now, and `fastForward(ms)` advances every loaded lab's cluster clock at once.
 */
export interface KubeclassHook {
  labs: Record<string, LabRuntime>;
  load(id: string): Promise<LabRuntime>;
  fastForward(ms: number): void;
}

declare global {
  interface Window {
    __kubeclass?: KubeclassHook;
  }
}

function storage(): ProgressStorage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}

const loaders = new Map<string, () => Promise<LabRuntime>>();

function hook(): KubeclassHook {
  if (!window.__kubeclass) {
    const labs: Record<string, LabRuntime> = {};
    window.__kubeclass = {
      labs,
      load(id) {
        const load = loaders.get(id);
        if (!load) return Promise.reject(new Error(`no lab "${id}" on this page`));
        return load();
      },
      fastForward(ms) {
        for (const lab of Object.values(labs)) lab.fastForward(ms);
      },
    };
  }
  return window.__kubeclass;
}

/** Runs `fn` with a lab's runtime once its terminal has started (at once if it already has). */
export function whenLabReady(labId: string, fn: (runtime: LabRuntime) => void): void {
  const ready = window.__kubeclass?.labs[labId];
  if (ready) return fn(ready);
  const listener = (e: Event) => {
    const runtime = window.__kubeclass?.labs[labId];
    if ((e as CustomEvent<{ labId: string }>).detail?.labId !== labId || !runtime) return;
    window.removeEventListener('kubeclass:lab-ready', listener);
    fn(runtime);
  };
  window.addEventListener('kubeclass:lab-ready', listener);
}

/** The workshop the learner is taking, when it includes this lab: its hint/solution settings. */
export interface ActiveWorkshop {
  id: string;
  title: string;
  labs: string[];
  showHints: boolean;
  showSolutions: boolean;
}

export function activeWorkshop(labId: string): ActiveWorkshop | undefined {
  try {
    const raw = storage()?.getItem(ACTIVE_WORKSHOP_KEY);
    if (!raw) return undefined;
    const w = JSON.parse(raw) as ActiveWorkshop;
    return Array.isArray(w.labs) && w.labs.includes(labId) ? w : undefined;
  } catch {
    return undefined;
  }
}

export function initLab(root: HTMLElement): void {
  const labId = root.dataset.kcLab!;
  const panel = createPanel(root);
  showVariant(root, storage); // a lab with params: the learner's own texts, or the default variant and a note saying so
  const workshop = activeWorkshop(labId);
  if (workshop && !workshop.showHints) {
    for (const el of root.querySelectorAll<HTMLElement>('[data-kc-hints]')) el.hidden = true;
    panel.notice(`Hints are off for the workshop “${workshop.title}”.`);
  }
  const screen = root.querySelector<HTMLElement>('[data-kc-term-screen]')!;
  const status = root.querySelector<HTMLElement>('[data-kc-term-status]');
  const setStatus = (state: string, text: string) => {
    if (!status) return;
    status.dataset.state = state;
    status.textContent = text;
  };

  // Saved progress paints at once, before the simulator exists (notices come from startLab's load).
  panel.setPassed(Object.keys(loadProgress(storage(), labId, () => {}).passed), false);

  let runtime: LabRuntime | undefined;
  let loading: Promise<LabRuntime> | undefined;
  const load = (): Promise<LabRuntime> => {
    loading ??= (async () => {
      setStatus('loading', 'starting…');
      const { startLab, sandboxLab } = await import('../terminal/lab-runtime.ts');
      const sandbox = root.dataset.kcSandbox;
      const started = await startLab({
        labId,
        lab: sandbox === undefined ? undefined : sandboxLab(labId, sandbox || undefined),
        screen,
        storage: storage(),
        onCheckpoints: (passed) => panel.setPassed(passed, true),
        onReset: () => panel.resetView(),
        onNotice: (text) => panel.notice(text),
        allowSolution: workshop?.showSolutions ?? false,
        course: root.dataset.kcCourse,
        onTitle: (title) => {
          const el = root.querySelector<HTMLElement>('.kc-term-title');
          if (el) el.textContent = title;
        },
      });
      runtime = started;
      root.querySelector('[data-kc-term-placeholder]')?.remove();
      root.dataset.kcReady = '';
      setStatus('live', 'live');
      hook().labs[labId] = started;
      // the cluster map and trace panel on the page follow this lab's cluster
      window.dispatchEvent(new CustomEvent('kubeclass:lab-ready', { detail: { labId } }));
      return started;
    })().catch((error: unknown) => {
      console.error(`kubeclass: the terminal for lab "${labId}" failed to start`, error);
      setStatus('error', 'failed to start');
      const note = root.querySelector('.kc-term-placeholder-note');
      if (note) note.textContent = 'The terminal could not start. Reload the page to try again.';
      throw error;
    });
    return loading;
  };
  loaders.set(labId, load);
  hook();

  // Learner id: typed once, shared by every lab; a new id restarts the lab in that learner's variant.
  const learnerUi = createLearnerForm(root, (learner) => {
    window.dispatchEvent(new CustomEvent('kubeclass:learner-changed', { detail: { learner } }));
  });
  const restart = async () => {
    if (!loading) return;
    const old = await loading.catch(() => undefined);
    old?.dispose();
    delete hook().labs[labId];
    loading = undefined;
    runtime = undefined;
    clearProgress(storage(), labId);
    panel.resetView();
    await load().catch(() => undefined);
    panel.notice('Your name changed: the lab restarted in your own variant.');
  };
  window.addEventListener('kubeclass:learner-changed', () => {
    learnerUi.refresh();
    if (runtime && runtime.learner !== getLearner(storage())) void restart();
  });
  window.addEventListener('storage', (e) => {
    if (e.key === LEARNER_KEY) window.dispatchEvent(new CustomEvent('kubeclass:learner-changed'));
  });

  root.querySelector('[data-kc-download]')?.addEventListener('click', async () => {
    if (!getLearner(storage())) {
      learnerUi.ask();
      panel.notice('Type your name or student id first: it goes into the submission.');
      return;
    }
    const started = runtime ?? (await load().catch(() => undefined));
    if (!started) return;
    const result = started.submission();
    if ('error' in result) {
      panel.notice(`No submission yet: ${result.error}.`);
      return;
    }
    downloadJson(submissionFileName(labId, result.submission.learner), result.submission);
    const n = result.submission.events.length;
    panel.notice(`Saved ${submissionFileName(labId, result.submission.learner)}: ${n} recorded step${n === 1 ? '' : 's'}. Hand in this file.`, 'ok');
  });

  panel.onReset(() => {
    const ok = window.confirm(
      'Reset this lab? You get a fresh cluster, and the checkpoints you passed are cleared.',
    );
    if (!ok) return;
    if (runtime) {
      void runtime.reset(); // its onReset clears the panel once the fresh cluster is up
    } else {
      clearProgress(storage(), labId);
      panel.resetView();
    }
  });

  // Load when the terminal comes near the viewport, or when the browser is idle, whichever is first.
  const start = () => void load().catch(() => undefined);
  if ('IntersectionObserver' in window) {
    const io = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) {
          io.disconnect();
          start();
        }
      },
      { rootMargin: '300px' },
    );
    io.observe(screen);
  }
  if ('requestIdleCallback' in window) window.requestIdleCallback(start, { timeout: 4000 });
  else setTimeout(start, 1500);

  screen.addEventListener('click', () => runtime?.focus());
}

interface Panel {
  /** Marks these checkpoints passed (others open); `announce` reads newly passed ones to screen readers. */
  setPassed(ids: string[], announce: boolean): void;
  onReset(handler: () => void): void;
  /** Back to the just-loaded look: no checkpoints passed, hints hidden. */
  resetView(): void;
  /** Shows a sentence for the learner above the panel's foot: 'warn' for migrations and restores, 'ok' for a download. */
  notice(text: string, tone?: 'ok' | 'warn'): void;
}

/** The "Your name or student id" form and the "Submitting as …" line. */
function createLearnerForm(root: HTMLElement, onChange: (learner: string) => void) {
  const form = root.querySelector<HTMLFormElement>('[data-kc-learner-form]');
  const input = root.querySelector<HTMLInputElement>('[data-kc-learner-input]');
  const show = root.querySelector<HTMLElement>('[data-kc-learner-show]');
  const name = root.querySelector<HTMLElement>('[data-kc-learner-name]');
  const cancel = root.querySelector<HTMLButtonElement>('[data-kc-learner-cancel]');
  const refresh = () => {
    const learner = getLearner(storage());
    if (form) form.hidden = Boolean(learner);
    if (show) show.hidden = !learner;
    if (name) name.textContent = learner;
    if (cancel) cancel.hidden = !learner;
  };
  const ask = () => {
    if (form) form.hidden = false;
    if (show) show.hidden = true;
    if (input) {
      input.value = getLearner(storage());
      input.focus();
      input.select();
    }
  };
  form?.addEventListener('submit', (e) => {
    e.preventDefault();
    const before = getLearner(storage());
    const saved = setLearner(storage(), input?.value ?? '');
    if (saved === undefined) {
      input?.setCustomValidity('Type a name or id (at most 200 characters).');
      input?.reportValidity();
      return;
    }
    input?.setCustomValidity('');
    refresh();
    if (saved !== before) onChange(saved);
  });
  input?.addEventListener('input', () => input.setCustomValidity(''));
  cancel?.addEventListener('click', refresh);
  root.querySelector('[data-kc-learner-change]')?.addEventListener('click', ask);
  refresh();
  return { refresh, ask };
}

function createPanel(root: HTMLElement): Panel {
  const checkpoints = [...root.querySelectorAll<HTMLElement>('[data-checkpoint]')];
  const done = root.querySelector<HTMLElement>('[data-kc-done]');
  const bar = root.querySelector<HTMLProgressElement>('[data-kc-progress]');
  const announcer = root.querySelector<HTMLElement>('[data-kc-announce]');
  const noticeBox = root.querySelector<HTMLElement>('[data-kc-notice]');

  const hintGroups = [...root.querySelectorAll<HTMLElement>('[data-kc-hints]')].map((group) => {
    const items = [...group.querySelectorAll<HTMLElement>('.kc-hint-list > li')];
    const button = group.querySelector<HTMLButtonElement>('[data-kc-hint-button]')!;
    const label = () => {
      const shown = items.filter((i) => !i.hidden).length;
      button.hidden = shown === items.length;
      button.textContent = shown === 0 ? 'Show a hint' : `Show another hint (${shown} of ${items.length} shown)`;
      button.setAttribute('aria-expanded', String(shown > 0));
    };
    button.addEventListener('click', () => {
      const next = items.find((i) => i.hidden);
      if (next) {
        next.hidden = false;
        next.setAttribute('tabindex', '-1');
        next.focus({ preventScroll: true });
      }
      label();
    });
    label();
    return {
      reset() {
        for (const i of items) i.hidden = true;
        label();
      },
    };
  });

  const setState = (el: HTMLElement, state: CheckpointState) => {
    el.dataset.state = state;
    const text = el.querySelector('[data-kc-state-text]');
    if (text) text.textContent = state === 'passed' ? '(passed)' : '(not passed yet)';
  };

  return {
    setPassed(ids, announce) {
      const passed = new Set(ids);
      const newly: string[] = [];
      for (const el of checkpoints) {
        const id = el.dataset.checkpoint!;
        const state: CheckpointState = passed.has(id) ? 'passed' : 'open';
        if (el.dataset.state !== state) {
          if (state === 'passed') newly.push(el.querySelector('.kc-checkpoint-title')?.textContent ?? id);
          setState(el, state);
        }
      }
      const count = checkpoints.filter((el) => el.dataset.state === 'passed').length;
      if (done) done.textContent = String(count);
      if (bar) bar.value = count;
      root.dataset.kcComplete = String(count === checkpoints.length);
      if (announce && newly.length && announcer) {
        announcer.textContent = `Checkpoint passed: ${newly.join('; ')}.` + (count === checkpoints.length ? ' Lab complete!' : '');
      }
    },
    onReset(handler) {
      root.querySelector('[data-kc-reset]')?.addEventListener('click', handler);
    },
    resetView() {
      for (const el of checkpoints) setState(el, 'open');
      if (done) done.textContent = '0';
      if (bar) bar.value = 0;
      root.dataset.kcComplete = 'false';
      for (const g of hintGroups) g.reset();
      if (announcer) announcer.textContent = 'Lab reset: a fresh cluster, no checkpoints passed.';
    },
    notice(text, tone = 'warn') {
      if (!noticeBox) return;
      noticeBox.dataset.tone = tone;
      noticeBox.textContent = text;
      noticeBox.hidden = false;
    },
  };
}
