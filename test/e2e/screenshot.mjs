// Saves PNGs of the landing page and the chapter (light/dark, wide/narrow) for a look by eye.
// Usage: npm run build && node test/e2e/screenshot.mjs [outdir]   (default /tmp/kubeclass-shots)
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser, startServer, themedPage } from './harness.mjs';

const out = process.argv[2] ?? '/tmp/kubeclass-shots';
mkdirSync(out, { recursive: true });

const sizes = { wide: { width: 1440, height: 900 }, narrow: { width: 390, height: 844 } };
const themes = ['light', 'dark'];
const LAB = 'scale-deployment';

const server = await startServer();
const browser = await launchBrowser();
const saved = [];
try {
  for (const theme of themes) {
    for (const [size, viewport] of Object.entries(sizes)) {
      const page = await themedPage(browser, theme, viewport);

      await page.goto(server.url + '/', { waitUntil: 'networkidle' });
      const landing = join(out, `landing-${theme}-${size}.png`);
      await page.screenshot({ path: landing, fullPage: size === 'wide' });
      saved.push(landing);

      await page.goto(server.url + '/deployments/', { waitUntil: 'networkidle' });
      const top = join(out, `chapter-${theme}-${size}-top.png`);
      await page.screenshot({ path: top });
      saved.push(top);

      // Type a little so the terminal shows real output, then frame the lab.
      await page.evaluate((id) => window.__kubeclass.load(id), LAB);
      const lab = page.locator('.kc-lab');
      await lab.scrollIntoViewIfNeeded();
      await page.click('[data-kc-term-screen]');
      for (const cmd of ['kubectl create deployment mynginx --image=nginx', 'kubectl get pod -o wide']) {
        await page.keyboard.type(cmd);
        await page.keyboard.press('Enter');
        await page.evaluate((id) => window.__kubeclass.labs[id].fastForward(20000), LAB);
        await page.waitForTimeout(400);
      }
      await page.evaluate(() => document.querySelector('.kc-lab')?.scrollIntoView({ block: 'start' }));
      await page.evaluate(() => window.scrollBy(0, -80));
      await page.waitForTimeout(300);
      const labShot = join(out, `chapter-${theme}-${size}-lab.png`);
      await page.screenshot({ path: labShot });
      saved.push(labShot);

      const termShot = join(out, `chapter-${theme}-${size}-terminal.png`);
      await page.locator('.kc-terminal').screenshot({ path: termShot });
      saved.push(termShot);

      await page.evaluate(() => document.getElementById('which-node-which-ip')?.scrollIntoView({ block: 'start' }));
      await page.evaluate(() => window.scrollBy(0, -80));
      await page.waitForTimeout(200);
      const prose = join(out, `chapter-${theme}-${size}-prose.png`);
      await page.screenshot({ path: prose });
      saved.push(prose);

      if (size === 'wide') {
        const full = join(out, `chapter-${theme}-${size}-full.png`);
        await page.screenshot({ path: full, fullPage: true });
        saved.push(full);
      }
      await page.evaluate((id) => localStorage.removeItem(`kubeclass:lab:${id}`), LAB);
      await page.close();
    }
  }
} finally {
  await browser.close();
  await server.close();
}
console.log(saved.join('\n'));
