import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { docsSchema } from '@astrojs/starlight/schema';

// Chapters live in top-level content/ (one folder per chapter) rather than src/content/docs/:
// Starlight's docsLoader has that path fixed, so we use Astro's glob loader with the same pattern.
export const collections = {
  docs: defineCollection({
    loader: glob({ base: './content', pattern: '**/[^_]*.{md,mdx}' }),
    schema: docsSchema(),
  }),
};
