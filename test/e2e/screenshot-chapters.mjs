// Saves PNGs of the Services and Ingress chapters (top, the request-path figure, each lab) for a look by eye.
// Usage: npm run build && node test/e2e/screenshot-chapters.mjs [outdir]   (default /tmp/kubeclass-shots)
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser, startServer } from './harness.mjs';

const out = process.argv[2] ?? '/tmp/kubeclass-shots';
mkdirSync(out, { recursive: true });
const chapters = [
  {
    path: '/services/',
    name: 'services',
    marks: ['.kc-figure', '[data-kc-lab="expose-nodeport"]', '#loadbalancer-on-a-cluster-of-your-own'],
    lab: 'expose-nodeport',
    type: ['kubectl expose deployment mynginx --type=NodePort --port=80', 'kubectl get svc', 'PORT=$(kubectl get svc mynginx -o jsonpath={.spec.ports[0].nodePort})', 'curl -s http://10.0.2.16:$PORT | grep title'],
  },
  {
    path: '/ingress-and-discovery/',
    name: 'ingress',
    marks: ['[data-kc-lab="service-discovery"]', '#rules-host-path-and-pathtype', '[data-kc-lab="ingress-routing"]'],
    lab: 'service-discovery',
    type: ['kubectl get endpoints backend', 'kubectl exec deploy/web -- wget -qO- http://backend'],
  },
];

const server = await startServer();
const browser = await launchBrowser();
const saved = [];
try {
  for (const theme of ['light', 'dark']) {
    for (const ch of chapters) {
      const page = await browser.context.newPage();
      await page.emulateMedia({ colorScheme: theme });
      await page.addInitScript((t) => localStorage.setItem('starlight-theme', t), theme);
      await page.goto(server.url + ch.path, { waitUntil: 'networkidle' });
      const top = join(out, `${ch.name}-${theme}-top.png`);
      await page.screenshot({ path: top });
      saved.push(top);
      for (const [i, sel] of ch.marks.entries()) {
        await page.evaluate((s) => document.querySelector(s)?.scrollIntoView({ block: 'start' }), sel);
        await page.evaluate(() => window.scrollBy(0, -80));
        await page.waitForTimeout(600);
        const shot = join(out, `${ch.name}-${theme}-${i + 1}.png`);
        await page.screenshot({ path: shot });
        saved.push(shot);
      }
      // type a little so a lab terminal shows real output, then frame that lab
      await page.evaluate((id) => window.__kubeclass.load(id), ch.lab);
      await page.waitForTimeout(500);
      await page.click(`[data-kc-lab="${ch.lab}"] [data-kc-term-screen]`);
      for (const cmd of ch.type) {
        await page.keyboard.type(cmd);
        await page.keyboard.press('Enter');
        await page.evaluate((id) => window.__kubeclass.labs[id].fastForward(3000), ch.lab);
        await page.waitForTimeout(500);
      }
      await page.evaluate((id) => document.querySelector(`[data-kc-lab="${id}"] .kc-terminal`)?.scrollIntoView({ block: 'start' }), ch.lab);
      await page.evaluate(() => window.scrollBy(0, -80));
      await page.waitForTimeout(300);
      const term = join(out, `${ch.name}-${theme}-terminal.png`);
      await page.screenshot({ path: term });
      saved.push(term);
      await page.evaluate((id) => localStorage.removeItem(`kubeclass:lab:${id}`), ch.lab);
      await page.close();
    }
  }
} finally {
  await browser.close();
  await server.close();
}
console.log(saved.join('\n'));
