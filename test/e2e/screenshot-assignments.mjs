// Saves PNGs of the assignment UI (lab panel with learner id and Download submission, a workshop page,
// the progress page), light and dark, for a look by eye.
// Usage: npm run build && node test/e2e/screenshot-assignments.mjs [outdir]   (default /tmp/kubeclass-shots)
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser, startServer, themedPage } from './harness.mjs';

const out = process.argv[2] ?? '/tmp/kubeclass-shots';
mkdirSync(out, { recursive: true });
const LAB = 'scale-deployment';

const server = await startServer();
const browser = await launchBrowser();
const saved = [];
try {
  for (const theme of ['light', 'dark']) {
    const page = await themedPage(browser, theme);
    await page.goto(server.url + '/deployments/', { waitUntil: 'networkidle' });
    await page.evaluate(() => localStorage.removeItem('kubeclass:learner'));
    await page.reload({ waitUntil: 'networkidle' });
    await page.evaluate((id) => window.__kubeclass.load(id), LAB);
    const panel = page.locator('.kc-panel');
    await panel.locator('[data-kc-learner-form]').scrollIntoViewIfNeeded();
    let shot = join(out, `assign-panel-form-${theme}.png`);
    await panel.screenshot({ path: shot });
    saved.push(shot);

    await page.fill('[data-kc-learner-input]', 'Ana María 42');
    await page.click('[data-kc-learner-form] button[type=submit]');
    await page.waitForFunction((id) => window.__kubeclass.labs[id]?.learner === 'Ana María 42', LAB, { timeout: 30000 });
    await page.click('[data-kc-term-screen]');
    await page.keyboard.type('kubectl get nodes');
    await page.keyboard.press('Enter');
    await page.waitForTimeout(400);
    const download = page.waitForEvent('download');
    await page.click('[data-kc-download]');
    await download;
    await page.evaluate(() => document.querySelector('.kc-panel-foot')?.scrollIntoView({ block: 'center' }));
    shot = join(out, `assign-lab-${theme}.png`);
    await page.screenshot({ path: shot });
    saved.push(shot);

    await page.goto(server.url + '/workshops/k8s-basics/', { waitUntil: 'networkidle' });
    if (await page.locator('[data-kc-start]').isVisible()) await page.click('[data-kc-start]');
    await page.waitForTimeout(1200);
    shot = join(out, `assign-workshop-${theme}.png`);
    await page.screenshot({ path: shot, fullPage: true });
    saved.push(shot);

    await page.goto(server.url + '/progress/', { waitUntil: 'networkidle' });
    shot = join(out, `assign-progress-${theme}.png`);
    await page.screenshot({ path: shot, fullPage: true });
    saved.push(shot);
    await page.close();
  }
} finally {
  await browser.close();
  await server.close();
}
console.log(saved.join('\n'));
