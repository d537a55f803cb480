// Browser tests for assignments: the learner id, "Download submission", a reload that keeps the record,
// a workshop page (timer, hints off, download all), and the progress page's export/import round trip.
import { readFile } from 'node:fs/promises';
import { submissionSchema } from '../../src/labs/submission.ts';

const LAB = 'scale-deployment';
const CHAPTER = '/deployments/';
const WORKSHOP = 'k8s-basics';
const PROMPT = '[root@master ~]#';

/** Registers the tests with run.mjs's `test`, using its assert/until and the server's base URL. */
export function assignmentsTests({ test, assert, until, base }) {
  const cursorLine = async (page) => (await page.evaluate((i) => window.__kubeclass.labs[i]?.cursorLine() ?? '', LAB)).trimEnd();
  const busy = (page) => page.evaluate((i) => window.__kubeclass.labs[i].busy, LAB);

  async function openLab(page) {
    await page.goto(base() + CHAPTER, { waitUntil: 'domcontentloaded' });
    await page.waitForFunction(() => Boolean(window.__kubeclass), undefined, { timeout: 30000 });
    await page.evaluate((i) => window.__kubeclass.load(i).then(() => true), LAB);
    await until(async () => (await cursorLine(page)) === PROMPT, { timeout: 30000, message: 'the first prompt' });
  }

  async function type(page, line) {
    await page.click(`[data-kc-lab="${LAB}"] [data-kc-term-screen]`);
    await page.keyboard.type(line);
    await page.keyboard.press('Enter');
    await until(
      async () => {
        const idle = !(await busy(page)) && (await cursorLine(page)) === PROMPT;
        if (!idle) await page.evaluate((i) => window.__kubeclass.labs[i].fastForward(500), LAB);
        return idle;
      },
      { timeout: 30000, interval: 120, message: `the prompt after \`${line}\`` },
    );
  }

  /** Clicks `selector` and returns the downloaded file's name and parsed JSON. */
  async function download(page, selector) {
    const [file] = await Promise.all([page.waitForEvent('download', { timeout: 15000 }), page.click(selector)]);
    const path = await file.path();
    return { name: file.suggestedFilename(), data: JSON.parse(await readFile(path, 'utf8')) };
  }

  /** Leaves no learner id or workshop behind for the other tests (the learner id picks the lab's variant). */
  const clean = (page) =>
    page.evaluate(() => {
      for (const k of Object.keys(localStorage)) if (k.startsWith('kubeclass:')) localStorage.removeItem(k);
    });

  test('assignments: set a learner id, type a command, download a valid submission that holds it', async (page) => {
    await page.goto(base() + CHAPTER, { waitUntil: 'domcontentloaded' });
    await clean(page);
    try {
      await openLab(page);
      const form = page.locator('[data-kc-learner-form]');
      assert(await form.isVisible(), 'the learner form shows while no id is saved');
      assert((await form.textContent()).includes('Your name or student id, for your submission'), 'the form says what the id is for');
      await page.fill('[data-kc-learner-input]', 'Ana María 42');
      await page.click('[data-kc-learner-form] button[type=submit]');
      await page.waitForFunction((i) => window.__kubeclass.labs[i]?.learner === 'Ana María 42', LAB, { timeout: 30000 });
      await until(async () => (await cursorLine(page)) === PROMPT, { timeout: 30000, message: 'the prompt after the restart' });
      assert((await page.evaluate(() => localStorage.getItem('kubeclass:learner'))) === 'Ana María 42', 'the id is remembered');
      assert((await page.textContent('[data-kc-learner-show]')).includes('Ana María 42'), 'the panel says who submits');

      await type(page, 'kubectl get nodes');
      await type(page, 'kubectl create deployment web --image=nginx');
      const { name, data } = await download(page, '[data-kc-download]');
      assert(name === `${LAB}-ana-maria-42.json`, `file name ${name}`);
      const parsed = submissionSchema.safeParse(data);
      assert(parsed.success, `valid submission: ${parsed.success ? '' : JSON.stringify(parsed.error.issues.slice(0, 3))}`);
      assert(data.lab === LAB && data.learner === 'Ana María 42' && data.course === '0.1.0', `header: ${JSON.stringify({ ...data, events: undefined })}`);
      const lines = data.events.filter((e) => e.kind === 'command').map((e) => e.line);
      assert(lines.includes('kubectl create deployment web --image=nginx'), `events hold the command: ${JSON.stringify(lines)}`);
      assert(data.events.every((e, i, all) => i === 0 || e.t >= all[i - 1].t), 'event times never go back');
      assert(data.claimed.length === 4 && data.claimed.every((c) => typeof c.passed === 'boolean'), 'every checkpoint is claimed');

      // a reload restarts the cluster: the recorded commands are replayed, and the record is kept
      await page.reload({ waitUntil: 'domcontentloaded' });
      await page.waitForFunction(() => Boolean(window.__kubeclass), undefined, { timeout: 30000 });
      await page.evaluate((i) => window.__kubeclass.load(i).then(() => true), LAB);
      await until(async () => (await cursorLine(page)) === PROMPT, { timeout: 30000, message: 'the prompt after a reload' });
      const notice = await page.textContent('[data-kc-notice]');
      assert(/replayed/.test(notice), `the panel says the session was restored: "${notice}"`);
      await type(page, 'kubectl get deployment web');
      const screen = (await page.evaluate((i) => window.__kubeclass.labs[i].lines(), LAB)).join('\n');
      assert(/^web\s+\d\/1/m.test(screen), `the restored cluster has the Deployment:\n${screen.slice(-600)}`);
      const again = await download(page, '[data-kc-download]');
      const after = again.data.events.filter((e) => e.kind === 'command').map((e) => e.line);
      assert(after.length === 3 && after[2] === 'kubectl get deployment web', `the record continues after a reload: ${JSON.stringify(after)}`);
    } finally {
      await clean(page);
    }
  });

  test('assignments: changing the learner id restarts the lab as a new attempt', async (page) => {
    await page.goto(base() + CHAPTER, { waitUntil: 'domcontentloaded' });
    await clean(page);
    try {
      await page.evaluate(() => localStorage.setItem('kubeclass:learner', 'first'));
      await openLab(page);
      await type(page, 'kubectl get pods');
      await page.click('[data-kc-learner-change]');
      await page.fill('[data-kc-learner-input]', 'second');
      await page.click('[data-kc-learner-form] button[type=submit]');
      await page.waitForFunction((i) => window.__kubeclass.labs[i]?.learner === 'second', LAB, { timeout: 30000 });
      const attempt = await page.evaluate((i) => window.__kubeclass.labs[i].progress().attempt, LAB);
      assert(attempt.learner === 'second' && attempt.events.length === 0, `a new attempt: ${JSON.stringify(attempt)}`);
      assert((await page.textContent('[data-kc-notice]')).includes('restarted'), 'the panel says the lab restarted');
    } finally {
      await clean(page);
    }
  });

  test('assignments: a workshop page times the run, turns hints off in its labs and bundles the submissions', async (page) => {
    await page.goto(base() + `/workshops/${WORKSHOP}/`, { waitUntil: 'domcontentloaded' });
    await clean(page);
    try {
      await page.reload({ waitUntil: 'domcontentloaded' });
      const rows = await page.$$eval('[data-kc-progress-lab]', (els) => els.map((e) => e.dataset.kcProgressLab));
      assert(rows.join(',') === 'scale-deployment,expose-nodeport,fix-imagepullbackoff,fix-crashloopbackoff', `labs in order: ${rows}`);
      assert((await page.textContent('[data-kc-timer-value]')).trim() === '1:30:00', 'the timer shows the limit before Start');
      await page.click('[data-kc-start]');
      await until(async () => /^1:29:5\d$/.test((await page.textContent('[data-kc-timer-value]')).trim()), { timeout: 5000, message: 'the countdown running' });
      await page.reload({ waitUntil: 'domcontentloaded' });
      await until(async () => (await page.getAttribute('[data-kc-timer]', 'data-state')) === 'running', { timeout: 5000, message: 'the timer still running after a reload' });
      assert(!(await page.locator('[data-kc-start]').isVisible()), 'no Start button once started');
      // an hour and a half later: time is up
      await page.evaluate((k) => localStorage.setItem(k, JSON.stringify({ startedAt: new Date(Date.now() - 91 * 60000).toISOString() })), `kubeclass:workshop:${WORKSHOP}`);
      await until(async () => (await page.getAttribute('[data-kc-timer]', 'data-state')) === 'over', { timeout: 5000, message: 'time over' });
      assert((await page.textContent('[data-kc-timer-value]')).trim().startsWith('+1:'), 'shows how far over');

      await page.fill('[data-kc-ws-learner]', 'ana');
      await page.click('[data-kc-ws-learner-form] button[type=submit]');
      await page.click(`[data-kc-progress-lab="${LAB}"] a`);
      await page.waitForURL(`**${CHAPTER}?workshop=${WORKSHOP}*`);
      await page.waitForFunction(() => Boolean(window.__kubeclass), undefined, { timeout: 30000 });
      assert((await page.locator(`[data-kc-lab="${LAB}"] [data-kc-hints]`).locator('visible=true').count()) === 0, 'hints are hidden in the workshop');
      await page.evaluate((i) => window.__kubeclass.load(i).then(() => true), LAB);
      await until(async () => (await cursorLine(page)) === PROMPT, { timeout: 30000, message: 'the first prompt' });
      await type(page, 'kubectl get deployments');

      await page.goto(base() + `/workshops/${WORKSHOP}/`, { waitUntil: 'domcontentloaded' });
      await until(async () => (await page.getAttribute(`[data-kc-progress-lab="${LAB}"]`, 'data-state')) === 'in-progress', { timeout: 5000, message: 'the lab in progress' });
      const { name, data } = await download(page, '[data-kc-download-all]');
      assert(name === `${WORKSHOP}-ana.json`, `bundle name ${name}`);
      assert(data.kind === 'kubeclass-submissions' && data.workshop === WORKSHOP && data.learner === 'ana', `bundle header ${JSON.stringify({ ...data, submissions: undefined })}`);
      assert(data.submissions.length === 1 && submissionSchema.safeParse(data.submissions[0]).success, `one valid submission: ${data.submissions.length}`);
      assert(data.submissions[0].events.some((e) => e.line === 'kubectl get deployments'), 'it holds the command');

      // leaving the workshop stops the timer and gives the labs their hints back
      page.once('dialog', (d) => void d.accept());
      await page.click('[data-kc-leave]');
      await until(async () => (await page.getAttribute('[data-kc-timer]', 'data-state')) === 'idle', { timeout: 5000, message: 'the timer stopped' });
      assert((await page.evaluate(() => localStorage.getItem('kubeclass:workshop-active'))) === null, 'no active workshop');
    } finally {
      await clean(page);
    }
  });

  test('assignments: progress export, clear, import brings the same state back; a damaged record shows a notice', async (page) => {
    await page.goto(base() + '/progress/', { waitUntil: 'domcontentloaded' });
    await clean(page);
    try {
      const saved = {
        'kubeclass:lab:scale-deployment': JSON.stringify({ v: 2, labId: LAB, passed: { 'create-deployment': '2026-01-02T03:04:05.000Z' }, history: ['kubectl get pods'] }),
        'kubeclass:lab:expose-nodeport': JSON.stringify({ v: 2, labId: 'expose-nodeport', passed: {}, history: ['kubectl get svc'] }),
        'kubeclass:learner': 'ana',
      };
      await page.evaluate((items) => {
        for (const [k, v] of Object.entries(items)) localStorage.setItem(k, v);
      }, saved);
      await page.reload({ waitUntil: 'domcontentloaded' });
      const row = page.locator(`[data-kc-progress-lab="${LAB}"]`);
      await until(async () => (await row.getAttribute('data-state')) === 'in-progress', { timeout: 5000, message: 'the lab in progress' });
      assert((await row.locator('[data-kc-count]').textContent()).includes('1 of 4'), 'counts checkpoints');
      const exported = await download(page, '[data-kc-export]');
      assert(exported.data.format === 'kubeclass-state' && exported.data.version === 1, 'a versioned export');
      const before = await page.evaluate(() => Object.fromEntries(Object.keys(localStorage).filter((k) => k.startsWith('kubeclass:')).map((k) => [k, localStorage.getItem(k)])));

      await clean(page);
      await page.reload({ waitUntil: 'domcontentloaded' });
      await until(async () => (await row.getAttribute('data-state')) === 'not-started', { timeout: 5000, message: 'cleared' });
      await page.setInputFiles('[data-kc-import]', { name: 'progress.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(exported.data)) });
      await until(async () => (await row.getAttribute('data-state')) === 'in-progress', { timeout: 5000, message: 'state back after import' });
      const after = await page.evaluate(() => Object.fromEntries(Object.keys(localStorage).filter((k) => k.startsWith('kubeclass:')).map((k) => [k, localStorage.getItem(k)])));
      assert(JSON.stringify(after, Object.keys(after).sort()) === JSON.stringify(before, Object.keys(before).sort()), `lossless:\n${JSON.stringify(before)}\n${JSON.stringify(after)}`);

      // a file that is not an export is refused with a message; the page keeps its state
      await page.setInputFiles('[data-kc-import]', { name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from('{"name":"x"}') });
      await until(async () => (await page.getAttribute('[data-kc-state-notice]', 'data-tone')) === 'error', { timeout: 5000, message: 'an error notice' });
      assert((await row.getAttribute('data-state')) === 'in-progress', 'state unchanged');

      // a damaged record: the page still lists everything and says what it set aside
      await page.evaluate((k) => localStorage.setItem(k, '{"v":2,'), 'kubeclass:lab:expose-nodeport');
      await page.reload({ waitUntil: 'domcontentloaded' });
      await until(async () => !(await page.locator('[data-kc-state-notice]').isHidden()), { timeout: 5000, message: 'a notice' });
      assert((await page.textContent('[data-kc-state-notice]')).includes('expose-nodeport'), 'the notice names the lab');
      assert((await page.locator('[data-kc-progress-lab]').count()) >= 9, 'every lab is still listed');
    } finally {
      await clean(page);
    }
  });
}
