// Screenshots of the guide pages (authoring, lab format reference, instructors) for a look by eye.
// Run after `npm run build`: node test/e2e/screenshot-guides.mjs [outdir]
import { launchBrowser, startServer } from './harness.mjs';

const out = process.argv[2] ?? '/tmp/guides-shots';
const { mkdirSync } = await import('node:fs');
mkdirSync(out, { recursive: true });
const server = await startServer(process.env.DIST_DIR);
const browser = await launchBrowser();
try {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 1280, height: 900 });
  for (const [name, path, at] of [
    ['authoring-top', '/guides/authoring/', undefined],
    ['authoring-hints', '/guides/authoring/', '#hints'],
    ['lab-format-top', '/guides/lab-format/', undefined],
    ['lab-format-http', '/guides/lab-format/', '#http'],
    ['instructors-top', '/guides/instructors/', undefined],
    ['instructors-grade', '/guides/instructors/', '#grading-a-class'],
  ]) {
    await page.goto(server.url + path + (at ?? ''));
    await page.waitForLoadState('networkidle');
    await page.screenshot({ path: `${out}/${name}.png` });
  }
  const mobile = await browser.context.newPage();
  await mobile.setViewportSize({ width: 390, height: 844 });
  await mobile.goto(server.url + '/guides/lab-format/#endpoints');
  await mobile.screenshot({ path: `${out}/lab-format-mobile.png` });
  console.log(`screenshots in ${out}`);
} finally {
  await browser.close();
  await server.close();
}
