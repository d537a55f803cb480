// Browser tests for the Services and Ingress chapters: expose mynginx, curl a node at its node port and see
// different Pods answer; route example.com/blog and /news through ingress-nginx.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { root } from './harness.mjs';

const PROMPT = '[root@master ~]#';

/** Registers the tests with run.mjs's `test`, using its assert/until and the server's base URL. */
export function servicesTests({ test, assert, until, base }) {
  const checkpointIds = (id) => parseYaml(readFileSync(join(root, 'labs', id, 'lab.yaml'), 'utf8')).tasks.flatMap((t) => t.checkpoints.map((c) => c.id));
  const hookCall = (page, id, fn, arg) => page.evaluate(([i, f, a]) => window.__kubeclass.labs[i][f](a), [id, fn, arg]);
  const lines = (page, id) => hookCall(page, id, 'lines');
  const cursorLine = async (page, id) => (await hookCall(page, id, 'cursorLine')).trimEnd();
  const busy = (page, id) => page.evaluate((i) => window.__kubeclass.labs[i].busy, id);
  const fastForward = (page, id, ms) => hookCall(page, id, 'fastForward', ms);
  const states = (page, id) =>
    page.$$eval(`[data-kc-lab="${id}"] [data-checkpoint]`, (els) => Object.fromEntries(els.map((e) => [e.dataset.checkpoint, e.dataset.state])));

  async function openLab(page, chapter, id) {
    await page.goto(base() + chapter, { waitUntil: 'domcontentloaded' });
    await page.waitForFunction(() => Boolean(window.__kubeclass), undefined, { timeout: 30000 });
    await page.evaluate((i) => window.__kubeclass.load(i).then(() => true), id);
    await until(async () => (await cursorLine(page, id)) === PROMPT, { timeout: 30000, message: `the first prompt of ${id}` });
  }

  /** Types one line into the lab's terminal and waits for the shell to be idle at the master's prompt; returns what it printed. */
  async function type(page, id, line, { timeout = 30000 } = {}) {
    const before = (await lines(page, id)).length;
    await page.click(`[data-kc-lab="${id}"] [data-kc-term-screen]`);
    await page.keyboard.type(line);
    await page.keyboard.press('Enter');
    await until(
      async () => {
        const settled = !(await busy(page, id)) && (await lines(page, id)).length > before && (await cursorLine(page, id)) === PROMPT;
        if (!settled) await fastForward(page, id, 500);
        return settled;
      },
      { timeout, interval: 120, message: `the prompt after \`${line}\`` },
    ).catch(async (e) => {
      throw new Error(`${e.message}; last lines:\n${(await lines(page, id)).slice(-8).join('\n')}`);
    });
    const all = await lines(page, id);
    const start = all.findLastIndex((l, i) => i < all.length - 1 && l.startsWith(PROMPT) && l.includes(line.slice(0, 24)));
    return all.slice(start + 1, all.length - 1).join('\n');
  }

  async function allPassed(page, id) {
    const ids = checkpointIds(id);
    await until(
      async () => {
        const s = await states(page, id);
        if (ids.every((c) => s[c] === 'passed')) return true;
        await fastForward(page, id, 1000);
        return false;
      },
      { timeout: 30000, message: `every checkpoint of ${id} passed` },
    ).catch(async (e) => {
      const open = await page.evaluate((i) => window.__kubeclass.labs[i].session.evaluate().filter((r) => !r.passed).map((r) => `${r.id}: ${r.detail}`), id);
      throw new Error(`${e.message}; still open:\n${open.join('\n')}`);
    });
    assert((await page.textContent(`[data-kc-lab="${id}"] [data-kc-done]`)).trim() === String(ids.length), 'the counter shows all passed');
  }

  test('services: expose mynginx, curl node1 at the node port, and see different Pods answer', async (page) => {
    const id = 'expose-nodeport';
    await openLab(page, '/services/', id);
    const start = await states(page, id);
    assert(Object.values(start).every((s) => s === 'open'), `every checkpoint starts open: ${JSON.stringify(start)}`);

    const exposed = await type(page, id, 'kubectl expose deployment mynginx --type=NodePort --port=80');
    assert(exposed.includes('service/mynginx exposed'), `expose printed:\n${exposed}`);
    const svc = await type(page, id, 'kubectl get svc');
    const m = /^mynginx\s+NodePort\s+(10\.\d+\.\d+\.\d+)\s+<none>\s+80:(\d+)\/TCP\s/m.exec(svc);
    assert(m, `get svc shows mynginx as a NodePort:\n${svc}`);
    const port = Number(m[2]);
    assert(port >= 30000 && port <= 32767, `node port ${port} in 30000-32767`);

    const welcome = await type(page, id, `curl -s http://10.0.2.16:${port} | grep title`);
    assert(welcome.includes('<title>Welcome to nginx!</title>'), `node1 answers with nginx's page:\n${welcome}`);
    await type(page, id, `kubectl get endpoints mynginx`);

    // each Pod writes its own name into its page, so the answers show who served them
    await type(page, id, "for p in $(kubectl get pods -l app=mynginx -o jsonpath='{.items[*].metadata.name}'); do kubectl exec $p -- sh -c 'echo $HOSTNAME > /usr/share/nginx/html/index.html'; done");
    const answers = await type(page, id, `for i in 1 2 3 4 5 6 7 8 9 10; do curl -s http://10.0.2.16:${port}; done`);
    const names = answers.split('\n').map((l) => l.trim()).filter(Boolean);
    assert(names.length === 10 && names.every((n) => /^mynginx-[a-z0-9]+-[a-z0-9]{5}$/.test(n)), `ten answers, each a Pod name:\n${answers}`);
    assert(new Set(names).size >= 2, `different Pods answered: ${[...new Set(names)].join(', ')}`);
    const pods = await type(page, id, 'kubectl get pods -o name');
    for (const n of new Set(names)) assert(pods.includes(`pod/${n}`), `${n} is one of the mynginx Pods`);

    await allPassed(page, id);
  });

  test('ingress: one Ingress routes example.com/blog and /news, and an unmatched path gets the 404', async (page) => {
    const id = 'ingress-routing';
    await openLab(page, '/ingress-and-discovery/', id);
    // jsonpath prints no newline; `echo` ends the line so the prompt starts a fresh one
    const svc = await type(page, id, "kubectl get svc ingress-nginx-controller -n ingress-nginx -o jsonpath='{.spec.type} {.spec.ports[0].nodePort}'; echo");
    const m = /^NodePort (\d+)$/m.exec(svc);
    assert(m, `the controller's Service is a NodePort:\n${svc}`);
    const port = m[1];
    const before = await type(page, id, `curl -s -H 'Host: example.com' http://10.0.2.16:${port}/blog`);
    assert(before.includes('404 Not Found'), `no Ingress yet, the controller answers 404:\n${before}`);
    const created = await type(page, id, 'kubectl create ingress example --class=nginx --rule="example.com/blog*=blog:80" --rule="example.com/news*=news:80"');
    assert(created.includes('ingress.networking.k8s.io/example created'), `create ingress printed:\n${created}`);
    await fastForward(page, id, 5000);
    const blog = await type(page, id, `curl -s -H 'Host: example.com' http://10.0.2.16:${port}/blog`);
    assert(blog.trim() === 'blog', `/blog answers blog:\n${blog}`);
    const news = await type(page, id, `curl -s -H 'Host: example.com' http://10.0.2.17:${port}/news`);
    assert(news.trim() === 'news', `/news answers news:\n${news}`);
    await allPassed(page, id);
  });
}
