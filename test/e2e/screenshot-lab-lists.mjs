// Saves PNGs of the progress page and the workshop page with a learner id set (their variant in the lab
// lists) and without one, light and dark, for a look by eye.
// Usage: npm run build && node test/e2e/screenshot-lab-lists.mjs [outdir]   (default /tmp/kubeclass-shots)
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser, startServer } from './harness.mjs';

const out = process.argv[2] ?? '/tmp/kubeclass-shots';
mkdirSync(out, { recursive: true });

const server = await startServer();
const browser = await launchBrowser();
const saved = [];
try {
  for (const theme of ['light', 'dark']) {
    for (const learner of ['', 'Ana María 42']) {
      const page = await browser.context.newPage();
      await page.setViewportSize({ width: 1440, height: 900 });
      await page.emulateMedia({ colorScheme: theme });
      await page.addInitScript(([t, l]) => {
        localStorage.setItem('starlight-theme', t);
        if (l) localStorage.setItem('kubeclass:learner', l);
        else localStorage.removeItem('kubeclass:learner');
        // one passed checkpoint, so the marks show
        localStorage.setItem('kubeclass:lab:scale-deployment', JSON.stringify({ v: 2, labId: 'scale-deployment', passed: { 'create-deployment': '2026-01-01T00:00:00.000Z' }, history: ['kubectl get nodes'] }));
      }, [theme, learner]);
      const who = learner ? 'learner' : 'default';
      for (const [name, path] of [['progress', '/progress/'], ['workshop', '/workshops/k8s-basics/']]) {
        await page.goto(server.url + path, { waitUntil: 'networkidle' });
        const shot = join(out, `lists-${name}-${who}-${theme}.png`);
        await page.screenshot({ path: shot, fullPage: true });
        saved.push(shot);
      }
      if (theme === 'light' && learner) {
        // a phone: title, count and badge wrap above the summary and checkpoints
        await page.setViewportSize({ width: 390, height: 844 });
        await page.goto(server.url + '/workshops/k8s-basics/', { waitUntil: 'networkidle' });
        const shot = join(out, 'lists-workshop-learner-phone.png');
        await page.locator('.kc-workshop-labs').screenshot({ path: shot });
        saved.push(shot);
      }
      await page.evaluate(() => {
        for (const k of Object.keys(localStorage)) if (k.startsWith('kubeclass:')) localStorage.removeItem(k);
      });
      await page.close();
    }
  }
} finally {
  await browser.close();
  await server.close();
}
console.log(saved.join('\n'));
