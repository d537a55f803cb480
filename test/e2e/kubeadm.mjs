// Browser test for the install chapter: its terminal starts on bare machines (no kubectl, swap on), the
// OS commands of the notes answer, Tab completes file names before kubectl's completion is loaded,
// and every checkpoint of the lab panel starts open.
const PROMPT = '[root@master ~]#';
const LAB = 'kubeadm-install';

/** Registers the tests with run.mjs's `test`, using its assert/until and the server's base URL. */
export function kubeadmTests({ test, assert, until, base }) {
  const hook = (page, fn, arg) => page.evaluate(([i, f, a]) => window.__kubeclass.labs[i][f](a), [LAB, fn, arg]);

  async function open(page) {
    await page.goto(base() + '/kubeadm-install/', { waitUntil: 'domcontentloaded' });
    await page.waitForFunction((id) => Boolean(window.__kubeclass?.labs?.[id]), LAB, { timeout: 30000 });
    await until(async () => (await hook(page, 'cursorLine')).trimEnd() === PROMPT, { timeout: 30000, message: 'the first prompt' });
  }

  /** Types a command, waits for the next prompt, returns what it printed. */
  async function run(page, command) {
    const before = (await hook(page, 'lines')).length;
    await page.click(`[data-kc-lab="${LAB}"] [data-kc-term-screen]`);
    await page.keyboard.type(command);
    await page.keyboard.press('Enter');
    let output = [];
    await until(
      async () => {
        const all = await hook(page, 'lines');
        if ((await hook(page, 'cursorLine')).trimEnd() !== PROMPT || all.length <= before) {
          await hook(page, 'fastForward', 500);
          return false;
        }
        const start = all.findLastIndex((l, i) => i < all.length - 1 && l.startsWith(PROMPT) && l.includes(command.slice(0, 20)));
        output = all.slice(start + 1, all.length - 1);
        return true;
      },
      { timeout: 20000, interval: 150, message: `the prompt after \`${command}\`` },
    );
    return output.join('\n');
  }

  test('kubeadm-install: the chapter opens on bare machines; kubectl is not there yet and swapoff -a empties /proc/swaps', async (page) => {
    await open(page);
    assert((await page.textContent('h1')).includes('Installing a cluster with kubeadm'), 'the chapter title');
    const states = await page.$$eval(`[data-kc-lab="${LAB}"] [data-checkpoint]`, (els) => els.map((e) => e.dataset.state));
    assert(states.length >= 10 && states.every((s) => s === 'open'), `every checkpoint starts open: ${states.join(', ')}`);

    const nodes = await run(page, 'kubectl get nodes');
    assert(nodes.includes('bash: kubectl: command not found'), `kubectl is not installed:\n${nodes}`);
    const before = await run(page, 'cat /proc/swaps');
    assert(/\/dev\/dm-1\s+partition/.test(before), `swap is on at the start:\n${before}`);
    await run(page, 'swapoff -a');
    const after = await run(page, 'cat /proc/swaps');
    assert(!after.includes('/dev/dm-1') && after.includes('Filename'), `swap is off after swapoff -a:\n${after}`);
    const enforce = await run(page, 'getenforce');
    assert(enforce.trim() === 'Enforcing', `SELinux enforces on a bare machine: ${enforce}`);
    const completion = await run(page, 'type _init_completion');
    assert(completion.includes('bash: type: _init_completion: not found'), `bash-completion is not loaded:\n${completion}`);
  });

  test('kubeadm-install: before kubectl completion is loaded, Tab after `kubectl get` completes file names', async (page) => {
    await open(page);
    await run(page, 'echo swapoff -a > prep.sh');
    await page.click(`[data-kc-lab="${LAB}"] [data-kc-term-screen]`);
    await page.keyboard.type('kubectl get pr');
    await page.keyboard.press('Tab');
    const line = await until(
      async () => {
        const l = (await hook(page, 'cursorLine')).trimEnd();
        return l.includes('prep.sh') ? l : false;
      },
      { timeout: 5000, message: 'the file name completed' },
    ).catch(async (e) => {
      throw new Error(`${e.message}; line reads "${await hook(page, 'cursorLine')}"`);
    });
    assert(line === `${PROMPT} kubectl get prep.sh`, `line reads "${line}"`);
    await page.keyboard.press('Control+U');
  });
}
