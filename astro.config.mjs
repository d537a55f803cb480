// @ts-check
import { defineConfig } from 'astro/config';
import starlight from '@astrojs/starlight';
import mdx from '@astrojs/mdx';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { chapters } from './src/components/chapters.mjs';

// one sidebar link per workshops/<id>.yaml (the pages come from src/pages/workshops/[id].astro)
const workshopDir = new URL('./workshops/', import.meta.url);
const workshopLinks = (existsSync(workshopDir) ? readdirSync(workshopDir) : [])
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map((f) => {
    const id = f.slice(0, -'.yaml'.length);
    const title = parseYaml(readFileSync(new URL(`./workshops/${f}`, import.meta.url), 'utf8'))?.title;
    return { label: typeof title === 'string' ? title : id, link: `/workshops/${id}/` };
  });

export default defineConfig({
  integrations: [
    starlight({
      title: 'kubeclass',
      description:
        'A Kubernetes course in a browser tab: short chapters, a terminal and a simulated cluster that answers like a real one.',
      favicon: '/favicon.svg',
      customCss: ['./src/styles/custom.css'],
      // Chapters live in top-level content/ (see src/content.config.ts), so the sidebar is listed by slug:
      // Starlight's `autogenerate` only understands src/content/docs/.
      sidebar: [
        { label: 'Chapters', items: chapters },
        {
          label: 'Guides',
          items: [
            { label: 'Writing a lab', link: '/guides/authoring/' },
            { label: 'Lab format reference', link: '/guides/lab-format/' },
            { label: 'For instructors', link: '/guides/instructors/' },
          ],
        },
        { label: 'Your progress', link: '/progress/' },
        ...(workshopLinks.length ? [{ label: 'Workshops', items: workshopLinks }] : []),
      ],
    }),
    mdx(),
  ],
  vite: {
    // the lab runtime (simulator, shell, xterm) is one chunk loaded lazily when the terminal is needed
    build: { chunkSizeWarningLimit: 1200 },
  },
});
