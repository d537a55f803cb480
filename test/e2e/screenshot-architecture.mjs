// Saves PNGs of the architecture chapter's live map and trace (light and dark, 1440x900) for a look by eye.
// Usage: npm run build && node test/e2e/screenshot-architecture.mjs [outdir]   (default /tmp/kubeclass-shots)
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser, startServer, themedPage } from './harness.mjs';

const out = process.argv[2] ?? '/tmp/kubeclass-shots';
mkdirSync(out, { recursive: true });
const LAB = 'control-plane-tour';
const server = await startServer();
const browser = await launchBrowser();
const saved = [];
try {
  for (const theme of ['light', 'dark']) {
    const page = await themedPage(browser, theme);
    await page.goto(server.url + '/architecture/', { waitUntil: 'networkidle' });
    await page.evaluate((id) => window.__kubeclass.load(id), LAB);
    await page.waitForSelector('[data-kc-map][data-kc-live]');
    await page.click('[data-kc-term-screen]');
    for (const cmd of ['kubectl create deployment mynginx --image=nginx --replicas=3', 'kubectl expose deployment mynginx --port=80', 'kubectl run web --image=nginx', 'kubectl get pod -o wide']) {
      await page.keyboard.type(cmd);
      await page.keyboard.press('Enter');
      await page.evaluate((id) => window.__kubeclass.labs[id].fastForward(20000), LAB);
      await page.waitForTimeout(500);
    }
    await page.waitForTimeout(500);
    await page.evaluate(() => document.querySelector('.kc-map')?.scrollIntoView({ block: 'start' }));
    await page.evaluate(() => window.scrollBy(0, -70));
    await page.waitForTimeout(300);
    const map = join(out, `architecture-${theme}-map.png`);
    await page.screenshot({ path: map });
    saved.push(map);
    await page.evaluate(() => document.querySelector('.kc-lab-grid')?.scrollIntoView({ block: 'start' }));
    await page.evaluate(() => window.scrollBy(0, -70));
    await page.waitForTimeout(300);
    const trace = join(out, `architecture-${theme}-trace.png`);
    await page.screenshot({ path: trace });
    saved.push(trace);
    const full = join(out, `architecture-${theme}-full.png`);
    await page.screenshot({ path: full, fullPage: true });
    saved.push(full);
    await page.close();
  }
} finally {
  await browser.close();
  await server.close();
}
console.log(saved.join('\n'));
