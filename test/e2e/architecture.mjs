// Browser test for the architecture chapter: `kubectl run web --image=nginx` in its terminal puts a green Pod
// on a node of the live map, in its screen-reader text, and steps 1..7 in the control-plane trace.
const PROMPT = '[root@master ~]#';
const LAB = 'control-plane-tour';

/** Registers the test with run.mjs's `test`, using its assert/until and the server's base URL. */
export function architectureTests({ test, assert, until, base }) {
  const hook = (page, fn, arg) => page.evaluate(([i, f, a]) => window.__kubeclass.labs[i][f](a), [LAB, fn, arg]);

  test('architecture: kubectl run web shows a Running pod on the map and steps 1..7 in the trace', async (page) => {
    await page.goto(base() + '/architecture/', { waitUntil: 'domcontentloaded' });
    const staticPods = await page.locator('[data-kc-map] [data-machine]').count();
    assert(staticPods === 4, `the map is drawn before the terminal starts: ${staticPods} machines`);
    await page.waitForFunction(() => Boolean(window.__kubeclass), undefined, { timeout: 30000 });
    await page.evaluate((i) => window.__kubeclass.load(i).then(() => true), LAB);
    await until(async () => (await hook(page, 'cursorLine')).trimEnd() === PROMPT, { timeout: 30000, message: 'the first prompt' });
    await page.waitForSelector('[data-kc-map][data-kc-live]', { timeout: 10000 });

    const cps = await page.$$eval('[data-machine="master"] [data-component]', (els) => els.map((e) => e.dataset.component));
    for (const c of ['kube-apiserver', 'etcd', 'kube-scheduler', 'kube-controller-manager'])
      assert(cps.includes(c), `master shows ${c}: ${cps.join(', ')}`);

    await page.click(`[data-kc-lab="${LAB}"] [data-kc-term-screen]`);
    await page.keyboard.type('kubectl run web --image=nginx');
    await page.keyboard.press('Enter');
    await until(async () => (await hook(page, 'lines')).some((l) => l.includes('pod/web created')), { message: '`pod/web created`' });

    const pod = '[data-kc-map] [data-pod="default/web"]';
    await until(
      async () => {
        const tone = await page.$eval(pod, (e) => e.dataset.tone).catch(() => undefined);
        if (tone === 'ok') return true;
        await hook(page, 'fastForward', 1000);
        return false;
      },
      { timeout: 20000, message: 'pod web drawn Running (green) on the map' },
    );
    const node = await page.$eval(pod, (e) => e.closest('[data-machine]')?.dataset.machine);
    assert(/^node[123]$/.test(node ?? ''), `web sits on a worker node: ${node}`);
    const colour = await page.$eval(`${pod} circle`, (e) => getComputedStyle(e).fill);
    const ok = await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--kc-ok').trim());
    assert(colour !== '' && colour !== 'none', `the status dot is coloured (${colour}, running colour ${ok})`);

    await until(
      async () => (await page.textContent('[data-kc-map-sr]')).includes(`${node} (worker, Ready): 1 pod: web Running`),
      { timeout: 10000, message: 'the screen-reader text to mention web on its node' },
    );

    const trace = await page.getAttribute('[data-kc-trace-for]', 'data-kc-trace');
    if (trace !== 'live') {
      console.log('      (skipped the trace assertions: this build has no cluster.trace)');
      return;
    }
    await until(
      async () => {
        const flows = await page.$$eval('[data-kc-trace-for] [data-flow]', (els) => els.map((e) => Number(e.dataset.flow)));
        return [1, 2, 3, 4, 5, 6, 7].every((n) => flows.includes(n));
      },
      { timeout: 10000, message: 'trace steps 1..7' },
    ).catch(async (e) => {
      const items = await page.$$eval('[data-kc-trace-for] li', (els) => els.map((l) => `${l.dataset.flow ?? '-'} ${l.textContent}`));
      throw new Error(`${e.message}; shown:\n${items.join('\n')}`);
    });
    const bound = await page.textContent('[data-kc-trace-for] [data-flow="4"]');
    assert(bound.includes(node), `step 4 names the node web was bound to (${node}): ${bound}`);
  });
}
