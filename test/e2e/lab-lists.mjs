// Browser tests for the lab lists of the progress and workshop pages: labs with params show the
// learner's own variant (the draw the lab page and the grader use), the defaults without a learner id,
// and never a raw `{{ params.x }}` or `<x>`.
import { loadLab } from '../../src/labs/load.ts';
import { labFor } from '../../src/labs/variants.ts';

const WORKSHOP = 'k8s-basics';
const VARIANT_LABS = ['scale-deployment', 'fix-imagepullbackoff'];
const LEARNER_KEY = 'kubeclass:learner';

/** The lab's title, summary words and checkpoint titles as `learner` gets it ('' = no learner id). */
function expected(id, learner) {
  const { lab, variant } = labFor(loadLab(id), learner || undefined);
  return { title: lab.title, checkpoints: lab.tasks.flatMap((t) => t.checkpoints.map((c) => c.title)), params: variant.params };
}

// a learner whose Deployment name is not the default one, so the test tells the two apart
const DEFAULT_NAME = expected('scale-deployment', '').params.name;
const LEARNER = ['Ana María 42', 'alice', 'bob', 'carol', 'dave'].find((l) => expected('scale-deployment', l).params.name !== DEFAULT_NAME);
const OTHER = ['erin', 'frank', 'grace', 'heidi'].find((l) => {
  const n = expected('scale-deployment', l).params.name;
  return n !== DEFAULT_NAME && n !== expected('scale-deployment', LEARNER).params.name;
});

/** Registers the tests with run.mjs's `test`, using its assert/until and the server's base URL. */
export function labListsTests({ test, assert, until, base }) {
  const clean = (page) =>
    page.evaluate(() => {
      for (const k of Object.keys(localStorage)) if (k.startsWith('kubeclass:')) localStorage.removeItem(k);
    });

  /** What a learner reads in one lab's row: the title, the summary and the checkpoint titles. */
  const row = (page, id) =>
    page.$eval(`[data-kc-progress-lab="${id}"]`, (el) => ({
      title: el.querySelector('[data-kc-lab-title]')?.textContent.trim() ?? '',
      summary: el.querySelector('[data-kc-lab-summary]')?.textContent.trim() ?? '',
      checkpoints: [...el.querySelectorAll('[data-kc-cp-title]')].map((c) => c.textContent.trim()),
      visible: el.innerText,
    }));

  /** No placeholder in the text a learner sees (the instructor's `<learner>` file pattern is not one). */
  async function noPlaceholders(page, where) {
    const text = await page.innerText('main');
    assert(!text.includes('{{'), `${where}: a raw {{ placeholder is shown: …${text.slice(text.indexOf('{{') - 60, text.indexOf('{{') + 40)}…`);
    const names = ['name', 'replicas', 'app'];
    const hit = names.find((n) => text.includes(`<${n}>`));
    assert(!hit, `${where}: a <${hit}> placeholder is shown`);
  }

  async function checkRows(page, learner, where) {
    for (const id of VARIANT_LABS) {
      const want = expected(id, learner);
      const got = await row(page, id);
      assert(got.title === want.title || got.title === `Lab: ${want.title}`, `${where} ${id}: title "${got.title}", want "${want.title}"`);
      assert(JSON.stringify(got.checkpoints) === JSON.stringify(want.checkpoints), `${where} ${id} (${learner || 'no id'}): checkpoints\n  ${got.checkpoints.join('\n  ')}\nwant\n  ${want.checkpoints.join('\n  ')}`);
      for (const c of want.checkpoints) assert(got.visible.includes(c), `${where} ${id}: checkpoint "${c}" is visible`);
    }
    const name = expected('scale-deployment', learner).params.name;
    const sd = await row(page, 'scale-deployment');
    assert(sd.checkpoints[0].includes(`Deployment ${name} `), `${where}: the first checkpoint names Deployment ${name}: "${sd.checkpoints[0]}"`);
    assert(sd.checkpoints.join('\n').includes(`app=${name}`), `${where}: a checkpoint names app=${name}`);
    if (learner) assert(!sd.checkpoints.join('\n').includes(DEFAULT_NAME), `${where}: the default name ${DEFAULT_NAME} is gone from ${learner}'s checkpoints`);
    await noPlaceholders(page, where);
  }

  test('lab lists: the progress page shows the default variant without an id and the learner\'s own with one', async (page) => {
    assert(LEARNER && OTHER, 'test learners with non-default names');
    await page.goto(base() + '/progress/', { waitUntil: 'domcontentloaded' });
    await clean(page);
    try {
      await page.reload({ waitUntil: 'domcontentloaded' });
      await until(async () => (await page.getAttribute('[data-kc-progress-lab="scale-deployment"]', 'data-variant')) === 'default', { timeout: 5000, message: 'the default variant drawn' });
      await checkRows(page, '', 'progress, no id');
      const sd = await row(page, 'scale-deployment');
      assert(sd.checkpoints[0].startsWith(`Deployment ${DEFAULT_NAME} `), `without an id the lab's default name ${DEFAULT_NAME}: "${sd.checkpoints[0]}"`);

      await page.evaluate(([k, v]) => localStorage.setItem(k, v), [LEARNER_KEY, LEARNER]);
      await page.reload({ waitUntil: 'domcontentloaded' });
      await until(async () => (await page.getAttribute('[data-kc-progress-lab="scale-deployment"]', 'data-variant')) === 'learner', { timeout: 5000, message: 'the learner variant drawn' });
      await checkRows(page, LEARNER, `progress, ${LEARNER}`);
    } finally {
      await clean(page);
    }
  });

  test('lab lists: the workshop page shows the learner\'s variant and redraws when the id is saved', async (page) => {
    await page.goto(base() + `/workshops/${WORKSHOP}/`, { waitUntil: 'domcontentloaded' });
    await clean(page);
    try {
      await page.evaluate(([k, v]) => localStorage.setItem(k, v), [LEARNER_KEY, LEARNER]);
      await page.reload({ waitUntil: 'domcontentloaded' });
      await until(async () => (await page.getAttribute('[data-kc-progress-lab="scale-deployment"]', 'data-variant')) === 'learner', { timeout: 5000, message: 'the learner variant drawn' });
      await checkRows(page, LEARNER, `workshop, ${LEARNER}`);
      const name = expected('scale-deployment', LEARNER).params.name;
      assert((await row(page, 'scale-deployment')).summary.includes(`called ${name},`), `the summary names ${name}`);

      // typing another id in the workshop's form redraws the list at once
      await page.fill('[data-kc-ws-learner]', OTHER);
      await page.click('[data-kc-ws-learner-form] button[type=submit]');
      await checkRows(page, OTHER, `workshop, after saving ${OTHER}`);
      const app = expected('fix-imagepullbackoff', OTHER).params.app;
      assert((await row(page, 'fix-imagepullbackoff')).summary.includes(`The ${app} service`), `the ImagePullBackOff summary names ${app}`);

      // a passed checkpoint is marked in the list
      await page.evaluate(() => {
        const k = 'kubeclass:lab:scale-deployment';
        localStorage.setItem(k, JSON.stringify({ v: 2, labId: 'scale-deployment', passed: { 'create-deployment': new Date().toISOString() }, history: [] }));
      });
      await page.reload({ waitUntil: 'domcontentloaded' });
      await until(async () => (await page.getAttribute('[data-kc-progress-lab="scale-deployment"] [data-kc-cp="create-deployment"]', 'data-passed')) === 'true', { timeout: 5000, message: 'the passed checkpoint marked' });
      assert((await page.getAttribute('[data-kc-progress-lab="scale-deployment"] [data-kc-cp="scaled"]', 'data-passed')) === 'false', 'an open checkpoint is not marked');
    } finally {
      await clean(page);
    }
  });
}
