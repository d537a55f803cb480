// Browser tests against the built site (run `npm run test:e2e`, which builds first).
// Prints one line per test and a final `N passed, N failed`; exits non-zero when any test fails.
import { launchBrowser, startServer } from './harness.mjs';
import { troubleshootingTests } from './troubleshooting.mjs';
import { servicesTests } from './services.mjs';
import { architectureTests } from './architecture.mjs';
import { kubeadmTests } from './kubeadm.mjs';
import { assignmentsTests } from './assignments.mjs';
import { labListsTests } from './lab-lists.mjs';
import { loadLab } from '../../src/labs/load.ts';

const LAB = 'scale-deployment';
const CHAPTER = '/deployments/';
const PROMPT = '[root@master ~]#';
const STORAGE_KEY = `kubeclass:lab:${LAB}`;
// the lab as the page shows it without a learner id: the default variant, placeholders filled in
const lab = loadLab(LAB);
const checkpointIds = lab.tasks.flatMap((t) => t.checkpoints.map((c) => c.id));

const tests = [];
const test = (name, fn) => tests.push({ name, fn });

class AssertionError extends Error {}
function assert(condition, message) {
  if (!condition) throw new AssertionError(message);
}

/** Polls `fn` in Node until it returns a truthy value. */
async function until(fn, { timeout = 15000, interval = 100, message = 'condition' } = {}) {
  const end = Date.now() + timeout;
  let last;
  for (;;) {
    last = await fn();
    if (last) return last;
    if (Date.now() > end) throw new AssertionError(`timed out after ${timeout} ms waiting for ${message}`);
    await new Promise((r) => setTimeout(r, interval));
  }
}

// ---------- page helpers ----------

async function openChapter(page) {
  await page.goto(base + CHAPTER, { waitUntil: 'domcontentloaded' });
}

/** Waits until the lab's terminal is running and returns nothing; the hook is window.__kubeclass. */
async function terminalReady(page) {
  await page.waitForFunction((id) => Boolean(window.__kubeclass?.labs?.[id]), LAB, { timeout: 30000 });
  await until(async () => (await cursorLine(page)).trimEnd() === PROMPT, { message: 'the first prompt' });
}

const lines = (page) => page.evaluate((id) => window.__kubeclass.labs[id].lines(), LAB);
const cursorLine = (page) => page.evaluate((id) => window.__kubeclass.labs[id].cursorLine(), LAB);
const fastForward = (page, ms) => page.evaluate(([id, t]) => window.__kubeclass.labs[id].fastForward(t), [LAB, ms]);
const states = (page) =>
  page.$$eval('[data-checkpoint]', (els) => Object.fromEntries(els.map((e) => [e.dataset.checkpoint, e.dataset.state])));

async function focusTerminal(page) {
  await page.click('[data-kc-term-screen]');
}

/**
 * Types a command line with the keyboard and waits until the shell shows a fresh prompt.
 * While waiting, the cluster clock is nudged forward so real-time waits (kubectl delete) finish fast.
 * Returns what the command printed.
 */
async function run(page, command, { timeout = 20000 } = {}) {
  const before = (await lines(page)).length;
  await focusTerminal(page);
  await page.keyboard.type(command);
  await page.keyboard.press('Enter');
  let output = [];
  await until(
    async () => {
      const all = await lines(page);
      const cursor = (await cursorLine(page)).trimEnd();
      if (cursor !== PROMPT || all.length <= before) {
        await fastForward(page, 500);
        return false;
      }
      const start = all.findLastIndex((l, i) => i < all.length - 1 && l.startsWith(PROMPT) && l.includes(command.slice(0, 20)));
      output = all.slice(start + 1, all.length - 1);
      return true;
    },
    { timeout, interval: 150, message: `the prompt after \`${command}\`` },
  );
  return output.join('\n');
}

// ---------- tests ----------

test('landing page introduces the course and links to the first chapter', async (page) => {
  const response = await page.goto(base + '/', { waitUntil: 'domcontentloaded' });
  assert(response.status() === 200, `status ${response.status()}`);
  assert((await page.title()).includes('kubeclass'), `title was "${await page.title()}"`);
  const text = await page.textContent('main');
  assert(/offline/i.test(text) && /no account/i.test(text), 'landing page says it is offline with no account');
  const link = page.locator(`a[href="${CHAPTER}"]`).first();
  assert(await link.isVisible(), 'a visible link to the chapter');
  await link.click();
  await page.waitForURL(`**${CHAPTER}`);
  assert((await page.textContent('h1')).includes('Deployments'), 'the chapter opens');
});

test('chapter prose is visible before the terminal has loaded', async (page) => {
  // Hold back every script chunk after the page's entry module, so the terminal cannot start yet.
  let release;
  const gate = new Promise((r) => (release = r));
  let held = 0;
  await page.route(/\/_astro\/.*(lab-runtime|xterm|terminal-view).*\.js$/, async (route) => {
    held++;
    await gate;
    await route.continue();
  });
  await openChapter(page);
  try {
    await page.locator('h1', { hasText: 'Deployments, ReplicaSets and Pods' }).waitFor({ state: 'visible' });
    assert(await page.locator('main p', { hasText: 'A Pod is the smallest thing Kubernetes runs' }).isVisible(), 'prose visible');
    assert(await page.locator('[data-checkpoint]').first().isVisible(), 'the lab panel is visible');
    await until(() => held > 0, { message: 'the page to request the terminal code' });
    assert((await page.locator('.kc-terminal .xterm').count()) === 0, 'xterm is not on the page yet');
    assert(await page.locator('[data-kc-term-placeholder]').isVisible(), 'a placeholder shows where the terminal will be');
  } finally {
    release();
  }
  await terminalReady(page);
  assert((await page.locator('.kc-terminal .xterm').count()) === 1, 'xterm is on the page');
  await page.unroute(/.*/);
});

test('the terminal fits its box and sits beside the lab panel on a wide screen', async (page) => {
  await openChapter(page);
  await terminalReady(page);
  const box = await page.locator('[data-kc-term-screen]').boundingBox();
  const screen = await page.locator('.kc-terminal .xterm-screen').boundingBox();
  const panel = await page.locator('.kc-panel').boundingBox();
  assert(screen.width <= box.width + 1 && screen.height <= box.height + 1, `xterm ${screen.width}x${screen.height} inside ${box.width}x${box.height}`);
  assert(screen.width > box.width - 40, `xterm uses the width of its box (${screen.width} of ${box.width})`);
  assert(panel.x + panel.width <= box.x, 'panel left of the terminal');
  const cols = await page.evaluate((id) => window.__kubeclass.labs[id].cursorLine().length >= 0 && document.querySelector('.xterm-rows').children.length, LAB);
  assert(cols >= 15, `at least 15 rows visible (got ${cols})`);
  const hasNotContent = await page.locator('.kc-terminal.not-content').count();
  assert(hasNotContent === 1, 'the terminal box has class not-content');
});

test("typing the lab's solution passes every checkpoint", async (page) => {
  await openChapter(page);
  await terminalReady(page);
  assert(Object.values(await states(page)).every((s) => s === 'open'), 'every checkpoint starts open');
  for (const command of lab.solution.commands) {
    const sleep = /^sleep (\d+)$/.exec(command.trim());
    if (sleep) await fastForward(page, Number(sleep[1]) * 1000);
    else await run(page, command);
  }
  await until(
    async () => {
      const s = await states(page);
      if (checkpointIds.every((id) => s[id] === 'passed')) return true;
      await fastForward(page, 1000);
      return false;
    },
    { timeout: 20000, message: `every checkpoint passed (${JSON.stringify(await states(page))})` },
  );
  const text = (await lines(page)).join('\n');
  assert(text.includes('deployment.apps/mynginx created'), 'create printed its confirmation');
  assert(text.includes('deployment.apps/mynginx scaled'), 'scale printed its confirmation');
  assert(/mynginx\s+4\/4\s+4\s+4/.test(text), '`get deploy` shows 4/4');
  assert((await page.textContent('[data-kc-done]')).trim() === String(checkpointIds.length), 'the counter shows all passed');
});

test('passed checkpoints stay passed after a reload', async (page) => {
  await openChapter(page);
  // painted from localStorage before the simulator exists
  await until(async () => Object.values(await states(page)).every((s) => s === 'passed'), { timeout: 5000, message: 'saved states' });
  await terminalReady(page);
  await fastForward(page, 60000);
  await page.waitForTimeout(300);
  const s = await states(page);
  assert(checkpointIds.every((id) => s[id] === 'passed'), `still passed with a fresh cluster: ${JSON.stringify(s)}`);
  const saved = JSON.parse(await page.evaluate((k) => localStorage.getItem(k), STORAGE_KEY));
  assert(saved.v === 2 && saved.labId === LAB, 'saved progress has schema version 2');
  assert(checkpointIds.every((id) => !Number.isNaN(Date.parse(saved.passed[id]))), 'each passed checkpoint has a timestamp');
  assert(saved.history.includes('kubectl scale deployment mynginx --replicas=4'), 'typed commands are in the history');
});

test('Tab completes `kubectl get depl` to `kubectl get deployments`', async (page) => {
  await openChapter(page);
  await terminalReady(page);
  await focusTerminal(page);
  await page.keyboard.type('kubectl get depl');
  await page.keyboard.press('Tab');
  const line = await until(
    async () => {
      const l = (await cursorLine(page)).trimEnd();
      return l.endsWith('deployments') ? l : false;
    },
    { timeout: 5000, message: 'the completed line' },
  ).catch(async (e) => {
    throw new AssertionError(`${e.message}; line reads "${await cursorLine(page)}"`);
  });
  assert(line === `${PROMPT} kubectl get deployments`, `line reads "${line}"`);
  await page.keyboard.press('Control+U');
  // Tab belongs to the shell; Escape hands keyboard focus back to the page
  await page.keyboard.press('Escape');
  const focused = await page.evaluate(() => document.activeElement?.hasAttribute('data-kc-term-screen'));
  assert(focused, 'Escape moves focus from the terminal to its box');
});

test('a mistyped command prints the kubectl error', async (page) => {
  await openChapter(page);
  await terminalReady(page);
  const unknown = await run(page, 'kubectl gets pods');
  assert(unknown.includes('error: unknown command "gets" for "kubectl"'), `printed:\n${unknown}`);
  assert(unknown.includes('Did you mean this?'), `suggests a command:\n${unknown}`);
  const missing = await run(page, 'kubectl get deployment nope');
  assert(missing.includes('Error from server (NotFound): deployments.apps "nope" not found'), `printed:\n${missing}`);
});

test('kubectl edit opens the Deployment in vi on the terminal; :wq scales it', async (page) => {
  await openChapter(page);
  await terminalReady(page);
  await run(page, 'kubectl create deployment web --image=nginx');
  await focusTerminal(page);
  await page.keyboard.type('kubectl edit deployment web');
  await page.keyboard.press('Enter');
  // vi has the screen: kubectl's header on the first line, the file name in vi's status line
  await until(async () => (await lines(page)).some((l) => l.startsWith("# Please edit the object below.")), { message: 'vi showing the object' });
  const screen = (await lines(page)).join('\n');
  assert(/"\/tmp\/kubectl-edit-\d{10}\.yaml"/.test(screen), `vi names the temporary file:\n${screen}`);
  await page.keyboard.type(':%s/replicas: 1/replicas: 3/');
  await page.keyboard.press('Enter');
  await page.keyboard.type(':wq');
  await page.keyboard.press('Enter');
  await until(async () => (await lines(page)).some((l) => l.includes('deployment.apps/web edited')), { message: '"deployment.apps/web edited"' });
  await until(async () => (await cursorLine(page)).trimEnd() === PROMPT, { message: 'the prompt after the edit' });
  const out = await run(page, 'kubectl get deployment web');
  assert(/web\s+\d\/3\s/.test(out), `the Deployment asks for 3 replicas:\n${out}`);
});

test('hints are revealed one at a time', async (page) => {
  await openChapter(page);
  const task = page.locator('.kc-task').first();
  const hints = task.locator('.kc-hint-list > li');
  const total = await hints.count();
  assert(total >= 2, 'the first task has several hints');
  assert((await hints.locator('visible=true').count()) === 0, 'no hint shown at first');
  await task.getByRole('button', { name: /hint/i }).click();
  assert((await hints.locator('visible=true').count()) === 1, 'one hint after one click');
  await task.getByRole('button', { name: /hint/i }).click();
  assert((await hints.locator('visible=true').count()) === 2, 'two hints after two clicks');
});

test('Reset lab clears progress after confirming', async (page) => {
  await openChapter(page);
  await terminalReady(page);
  assert(Object.values(await states(page)).some((s) => s === 'passed'), 'some progress to reset');
  let dismissed = false;
  page.once('dialog', (d) => {
    dismissed = true;
    void d.dismiss();
  });
  await page.getByRole('button', { name: 'Reset lab' }).click();
  await until(() => dismissed, { message: 'the confirm dialog' });
  assert(Object.values(await states(page)).some((s) => s === 'passed'), 'cancelling keeps progress');
  page.once('dialog', (d) => void d.accept());
  await page.getByRole('button', { name: 'Reset lab' }).click();
  await until(async () => Object.values(await states(page)).every((s) => s === 'open'), { message: 'all checkpoints open' });
  await until(async () => (await cursorLine(page)).trimEnd() === PROMPT, { message: 'a fresh prompt' });
  const pods = await run(page, 'kubectl get pods');
  assert(pods.includes('No resources found in default namespace.'), `fresh cluster has no pods:\n${pods}`);
  await page.reload({ waitUntil: 'domcontentloaded' });
  await terminalReady(page);
  assert(Object.values(await states(page)).every((s) => s === 'open'), 'still open after a reload');
});

test('`lab status` and `lab reset` work from the terminal', async (page) => {
  await openChapter(page);
  await terminalReady(page);
  const status = await run(page, 'lab status');
  assert(status.includes(lab.title), `status names the lab:\n${status}`);
  assert(status.includes('0 of 4 checkpoints passed'), `status counts checkpoints:\n${status}`);
  await run(page, 'kubectl create deployment web --image=nginx');
  await focusTerminal(page);
  await page.keyboard.type('lab reset');
  await page.keyboard.press('Enter');
  await until(async () => (await lines(page)).some((l) => l.includes('reset: a fresh cluster')), { message: 'the reset message' });
  await until(async () => (await cursorLine(page)).trimEnd() === PROMPT, { message: 'a fresh prompt' });
  const deployments = await run(page, 'kubectl get deployments');
  assert(deployments.includes('No resources found in default namespace.'), `the cluster is fresh:\n${deployments}`);
});

test('corrupt or outdated saved progress does not break the page', async (page) => {
  const warnings = [];
  page.on('console', (m) => {
    if (m.type() === 'warning') warnings.push(m.text());
  });
  await openChapter(page);
  await page.evaluate((k) => localStorage.setItem(k, '{"v":1,"labId":'), STORAGE_KEY);
  await page.reload({ waitUntil: 'domcontentloaded' });
  await terminalReady(page);
  assert(Object.values(await states(page)).every((s) => s === 'open'), 'corrupt JSON: all open');
  await page.evaluate((k) => localStorage.setItem(k, JSON.stringify({ v: 0, passed: ['x'] })), STORAGE_KEY);
  await page.reload({ waitUntil: 'domcontentloaded' });
  await terminalReady(page);
  assert(Object.values(await states(page)).every((s) => s === 'open'), 'old schema: all open');
  assert(warnings.filter((w) => w.includes('kubeclass')).length >= 2, `warned on the console: ${JSON.stringify(warnings)}`);
  const out = await run(page, 'kubectl get nodes');
  assert(/^master\s+Ready\s+control-plane/m.test(out), `the terminal still works:\n${out}`);
});

troubleshootingTests({ test, assert, until, base: () => base });
servicesTests({ test, assert, until, base: () => base });
architectureTests({ test, assert, until, base: () => base });
kubeadmTests({ test, assert, until, base: () => base });
assignmentsTests({ test, assert, until, base: () => base });
labListsTests({ test, assert, until, base: () => base });

// ---------- runner ----------

let base = '';
let server;
let browser;
let passed = 0;
let failed = 0;
const pageErrors = [];
try {
  server = await startServer();
  base = server.url;
  browser = await launchBrowser();
  // E2E_ONLY=troubleshooting runs only the tests whose name contains it (while working on them)
  for (const { name, fn } of tests.filter((t) => !process.env.E2E_ONLY || t.name.includes(process.env.E2E_ONLY))) {
    const page = await browser.context.newPage();
    page.on('pageerror', (e) => pageErrors.push(`${name}: ${e.message}`));
    const started = Date.now();
    try {
      await fn(page);
      passed++;
      console.log(`  ✓ ${name} (${Date.now() - started} ms)`);
    } catch (error) {
      failed++;
      console.log(`  ✗ ${name} (${Date.now() - started} ms)`);
      console.log(`      ${String(error instanceof AssertionError ? error.message : error.stack ?? error).replace(/\n/g, '\n      ')}`);
    } finally {
      await page.close().catch(() => undefined);
    }
  }
  if (pageErrors.length) {
    failed++;
    console.log(`  ✗ no uncaught errors in the page\n      ${pageErrors.join('\n      ')}`);
  } else {
    passed++;
    console.log('  ✓ no uncaught errors in the page');
  }
} catch (error) {
  failed++;
  console.log(`  ✗ setup: ${error.stack ?? error}`);
} finally {
  await browser?.close();
  await server?.close();
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
