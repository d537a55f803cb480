// Browser tests for the troubleshooting chapter: a lab solved by typing, and the prompt following ssh and kubectl exec.
import { loadLab } from '../../src/labs/load.ts';

const CHAPTER = '/troubleshooting/';
const ANY_PROMPT = /^(\[root@[\w.-]+ [^\]]+\]#|root@[\w.-]+:[^#]*#|\/[^#]*#|>)$/;

/** Registers the tests with run.mjs's `test`, using its assert/until and the server's base URL. */
export function troubleshootingTests({ test, assert, until, base }) {
  // the default variant (no learner id set), as the page shows it
  const loadLabYaml = (id) => loadLab(id);
  const hookCall = (page, id, fn, arg) => page.evaluate(([i, f, a]) => window.__kubeclass.labs[i][f](a), [id, fn, arg]);
  const lines = (page, id) => hookCall(page, id, 'lines');
  const cursorLine = async (page, id) => (await hookCall(page, id, 'cursorLine')).trimEnd();
  const busy = (page, id) => page.evaluate((i) => window.__kubeclass.labs[i].busy, id);
  const fastForward = (page, id, ms) => hookCall(page, id, 'fastForward', ms);
  const states = (page, id) =>
    page.$$eval(`[data-kc-lab="${id}"] [data-checkpoint]`, (els) => Object.fromEntries(els.map((e) => [e.dataset.checkpoint, e.dataset.state])));

  /** Opens the chapter and starts one of its labs now (the page would start it when it scrolls into view). */
  async function openLab(page, id) {
    await page.goto(base() + CHAPTER, { waitUntil: 'domcontentloaded' });
    await page.waitForFunction(() => Boolean(window.__kubeclass), undefined, { timeout: 30000 });
    await page.evaluate((i) => window.__kubeclass.load(i).then(() => true), id);
    await until(async () => (await cursorLine(page, id)) === '[root@master ~]#', { timeout: 30000, message: `the first prompt of ${id}` });
  }

  /**
   * Types one line with the keyboard into the lab's terminal, then waits until the shell is idle at a
   * prompt (`prompt` when given), nudging the cluster clock meanwhile. Returns what the line printed.
   */
  async function type(page, id, line, { prompt, timeout = 30000 } = {}) {
    const before = (await lines(page, id)).length;
    await page.click(`[data-kc-lab="${id}"] [data-kc-term-screen]`);
    await page.keyboard.type(line);
    await page.keyboard.press('Enter');
    let last = '';
    await until(
      async () => {
        last = await cursorLine(page, id);
        const all = await lines(page, id);
        const settled = !(await busy(page, id)) && all.length > before && (prompt ? last === prompt : ANY_PROMPT.test(last));
        if (!settled) await fastForward(page, id, 500);
        return settled;
      },
      { timeout, interval: 120, message: `the prompt after \`${line}\` (cursor line "${last}")` },
    ).catch(async (e) => {
      throw new Error(`${e.message}; cursor line "${await cursorLine(page, id)}"; last lines:\n${(await lines(page, id)).slice(-8).join('\n')}`);
    });
    const all = await lines(page, id);
    const start = all.findLastIndex((l, i) => i < all.length - 1 && l.includes(line.slice(0, 24)));
    return all.slice(start + 1, all.length - 1).join('\n');
  }

  test('troubleshooting: typing the fix-imagepullbackoff solution (ssh node1 … exit on each worker) passes every checkpoint', async (page) => {
    const id = 'fix-imagepullbackoff';
    const lab = loadLabYaml(id);
    const ids = lab.tasks.flatMap((t) => t.checkpoints.map((c) => c.id));
    await openLab(page, id);
    const start = await states(page, id);
    assert(ids.every((c) => start[c] === 'open'), `every checkpoint starts open: ${JSON.stringify(start)}`);
    const pods = await type(page, id, 'kubectl get pods');
    assert(/discovery-deploy-\S+\s+0\/1\s+(ImagePullBackOff|ErrImagePull)/.test(pods), `the pod is stuck pulling:\n${pods}`);
    let host = 'master';
    for (const command of lab.solution.commands) {
      const sleep = /^sleep (\d+)$/.exec(command.trim());
      if (sleep) {
        await fastForward(page, id, Number(sleep[1]) * 1000);
        continue;
      }
      const ssh = /^ssh (\w+)$/.exec(command);
      if (ssh) host = ssh[1];
      else if (command === 'exit') host = 'master';
      // heredoc body lines get the continuation prompt; everything else the prompt of the current machine
      const inHeredoc = /<<EOF$/.test(command) || (command !== 'EOF' && (await cursorLine(page, id)) === '>');
      await type(page, id, command, { prompt: inHeredoc ? '>' : `[root@${host} ~]#` });
    }
    await until(
      async () => {
        const s = await states(page, id);
        if (ids.every((c) => s[c] === 'passed')) return true;
        await fastForward(page, id, 2000);
        return false;
      },
      { timeout: 30000, message: `every checkpoint passed (${JSON.stringify(await states(page, id))})` },
    );
    const text = (await lines(page, id)).join('\n');
    assert(text.includes('[root@node3 ~]# systemctl restart containerd'), 'the restart was typed on node3');
    assert(/discovery-deploy-\S+\s+1\/1\s+Running/.test(text), '`get pods` shows the pod Running');
    assert((await page.textContent(`[data-kc-lab="${id}"] [data-kc-done]`)).trim() === String(ids.length), 'the counter shows all passed');
  });

  test('troubleshooting: ssh node1 and kubectl exec -it change the prompt, and exit brings it back', async (page) => {
    const id = 'fix-service-manifest';
    await openLab(page, id);
    const login = await type(page, id, 'ssh node1', { prompt: '[root@node1 ~]#' });
    assert(/^Last login: .+ from [\d.]+$/m.test(login), `ssh greets with Last login:\n${login}`);
    const hostname = await type(page, id, 'hostname', { prompt: '[root@node1 ~]#' });
    assert(hostname.trim() === 'node1', `hostname on node1 printed "${hostname}"`);
    const title = () => page.locator(`[data-kc-lab="${id}"] .kc-term-title`).textContent();
    assert((await title()) === 'root@node1: ~', `the terminal's title bar follows ssh, got "${await title()}"`);
    const bye = await type(page, id, 'exit', { prompt: '[root@master ~]#' });
    assert(bye.includes('logout') && bye.includes('Connection to node1 closed.'), `exit printed:\n${bye}`);
    assert((await title()) === 'root@master: ~', `the title returns to master, got "${await title()}"`);

    await type(page, id, 'kubectl run web --image=nginx', { prompt: '[root@master ~]#' });
    await until(
      async () => {
        await fastForward(page, id, 5000);
        return /web\s+1\/1\s+Running/.test(await type(page, id, 'kubectl get pod web', { prompt: '[root@master ~]#' }));
      },
      { timeout: 30000, message: 'pod web Running' },
    );
    await type(page, id, 'kubectl exec -it web -- /bin/bash', { prompt: 'root@web:/#' });
    const inside = await type(page, id, 'hostname', { prompt: 'root@web:/#' });
    assert(inside.trim() === 'web', `hostname inside the container printed "${inside}"`);
    await type(page, id, 'exit', { prompt: '[root@master ~]#' });
  });
}
