// The bridge between a chapter page and a lab: lab session (cluster), shell, clock, xterm, progress.
// Everything heavy arrives through this module, which the page loads with a dynamic import.
import { parseLab } from '../labs/parse.ts';
import { createLabProgram } from '../labs/program.ts';
import { createLabSession } from '../labs/runtime.ts';
import type { Lab } from '../labs/schema.ts';
export { sandboxLab } from './sandbox-lab.ts';
import type { LabSession } from '../labs/runtime.ts';
import type { Cluster } from '../cluster/types.ts';
import { ShellSession } from '../shell/session.ts';
import { startClockDriver } from './clock-driver.ts';
import { clearProgress, loadProgress, recordCommand, recordPassed, saveProgress } from './progress-store.ts';
import type { LabProgress as SavedProgress, ProgressStorage } from './progress-store.ts';
import { createTerminalView } from './terminal-view.ts';
import type { TerminalView } from './terminal-view.ts';

const labYaml = import.meta.glob<string>('/labs/*/lab.yaml', { query: '?raw', import: 'default' });
const labFiles = import.meta.glob<string>('/labs/*/**/*', { query: '?raw', import: 'default' });

/** Loads and validates labs/<id>/lab.yaml, with the files beside it that it names. */
export async function loadLab(id: string) {
  const load = labYaml[`/labs/${id}/lab.yaml`];
  if (!load) throw new Error(`unknown lab "${id}"`);
  const files: Record<string, string> = {};
  const prefix = `/labs/${id}/`;
  await Promise.all(
    Object.entries(labFiles)
      .filter(([path]) => path.startsWith(prefix) && path !== `${prefix}lab.yaml`)
      .map(async ([path, read]) => {
        files[path.slice(prefix.length)] = await read();
      }),
  );
  return parseLab(await load(), { source: `labs/${id}/lab.yaml`, files });
}

export interface StartLabOptions {
  labId: string;
  /** the lab itself, instead of loading labs/<labId>/lab.yaml (a sandbox) */
  lab?: Lab;
  /** the box xterm renders into */
  screen: HTMLElement;
  storage?: ProgressStorage;
  /** every checkpoint passed so far (saved and live), whenever that set changes */
  onCheckpoints(passedIds: string[]): void;
  /** after any reset (panel button or `lab reset` in the shell) */
  onReset?(): void;
  /** the window title a terminal would show, `root@node1: ~`, whenever it changes (ssh, cd) */
  onTitle?(title: string): void;
}

/** A lab running on the page. Also what `window.__kubeclass.labs[id]` exposes to instructors and tests. */
export interface LabRuntime {
  readonly labId: string;
  readonly session: LabSession;
  /** the current cluster (a reset replaces it) */
  readonly cluster: Cluster;
  /** checkpoint id -> 'passed' | 'open', as the panel shows it */
  checkpoints(): Record<string, 'open' | 'passed'>;
  /** the saved progress record */
  progress(): SavedProgress;
  /** Advance the simulated cluster by `ms` at once (instructor/test hook; `sleep` in the shell still waits real time). */
  fastForward(ms: number): void;
  /** true while a command runs (the shell is not at its prompt) */
  readonly busy: boolean;
  /** Feed keystrokes to the shell as if typed (`\r` is Enter, `\t` is Tab). */
  input(data: string): void;
  /** The terminal's text, one string per line (from xterm's buffer). */
  lines(): string[];
  /** The terminal line the cursor is on. */
  cursorLine(): string;
  focus(): void;
  /** A fresh cluster in the lab's starting state; clears saved progress. */
  reset(): Promise<void>;
  dispose(): void;
}

export async function startLab(options: StartLabOptions): Promise<LabRuntime> {
  const { labId, storage } = options;
  const lab = options.lab ?? (await loadLab(labId));
  const session = await createLabSession({ lab, realtime: true });

  let saved = loadProgress(storage, labId);
  const passedIds = () => lab.tasks.flatMap((t) => t.checkpoints.map((c) => c.id)).filter((id) => saved.passed[id]);
  const publish = () => options.onCheckpoints(passedIds());

  const columns = () => view?.term.cols ?? 80;
  let view: TerminalView | undefined;
  const makeShell = (cluster: Cluster, history: readonly string[]) => {
    const shell = new ShellSession({
      cluster,
      realtime: true,
      programs: { lab: createLabProgram(session) },
      columns: columns(),
      history: [...history],
    });
    shell.onCommand((line) => {
      recordCommand(saved, line);
      saveProgress(storage, saved);
    });
    let title = '';
    shell.onOutput(() => {
      const cwd = shell.cwd === '/root' ? '~' : shell.cwd.replace(/^\/root\//, '~/');
      const next = `root@${shell.host}: ${cwd}`;
      if (next !== title) options.onTitle?.((title = next));
    });
    return shell;
  };

  let shell = makeShell(session.cluster, saved.history);
  view = createTerminalView(options.screen, shell);
  shell.start();

  const clock = startClockDriver({ advance: (ms) => session.cluster.advance(ms) });

  session.onProgress((p) => {
    const added = recordPassed(saved, p.achieved, new Date());
    if (added.length) saveProgress(storage, saved);
    publish();
  });

  // A reset (panel button or `lab reset`) replaces the cluster: start over with a fresh shell on it.
  session.onReset((cluster) => {
    // progress goes; command history stays, like a fresh login on the same machine
    const history = [...shell.history];
    saved = { v: saved.v, labId, passed: {}, history: saved.history };
    clearProgress(storage, labId);
    shell = makeShell(cluster, history);
    view!.attach(shell);
    view!.term.write(`Lab "${lab.title}" reset: a fresh cluster in the starting state.\r\n`);
    shell.start();
    publish();
    options.onReset?.();
  });

  // Checkpoints passed in an earlier visit stay passed; the live cluster adds to them.
  recordPassed(saved, session.progress().achieved, new Date());
  publish();

  return {
    labId,
    session,
    get cluster() {
      return session.cluster;
    },
    get busy() {
      return shell.busy;
    },
    checkpoints() {
      const out: Record<string, 'open' | 'passed'> = {};
      for (const t of lab.tasks) for (const c of t.checkpoints) out[c.id] = saved.passed[c.id] ? 'passed' : 'open';
      return out;
    },
    progress() {
      return structuredClone(saved);
    },
    fastForward(ms) {
      clock.fastForward(ms);
    },
    input(data) {
      shell.input(data);
    },
    lines() {
      return view!.lines();
    },
    cursorLine() {
      return view!.cursorLine();
    },
    focus() {
      view!.focus();
    },
    reset() {
      return session.reset();
    },
    dispose() {
      clock.stop();
      session.dispose();
      view!.dispose();
    },
  };
}
