import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { labReference, REFERENCE_PATH } from '../../scripts/gen-lab-reference.ts';
import { checkSchema, labSchema } from '../../src/labs/schema.ts';

/** The check kinds, read from the zod union itself (not from the page). */
function checkKinds(): string[] {
  const union = (checkSchema as unknown as { _zod: { def: { getter(): { options: { shape: { type: { value: string } } }[] } } } })._zod.def.getter();
  return union.options.map((o) => o.shape.type.value);
}

describe('the lab format reference (content/guides/lab-format.mdx)', () => {
  const page = labReference();

  it('is up to date with the schema: regenerating it changes nothing', () => {
    // on failure: node_modules/.bin/node scripts/gen-lab-reference.ts
    expect(readFileSync(REFERENCE_PATH, 'utf8')).toBe(page);
  });

  it('has a section for every check kind', () => {
    const kinds = checkKinds();
    expect(kinds.length).toBeGreaterThanOrEqual(21);
    for (const k of kinds) expect(page, k).toContain(`\n### \`${k}\`\n`);
  });

  it('lists every top-level field of lab.yaml with its description', () => {
    for (const [key, field] of Object.entries(labSchema.shape)) {
      expect(page, key).toContain(`- **\`${key}\`** · `);
      const d = (field as { description?: string }).description;
      if (d) expect(page).toContain(d.slice(1, 30));
    }
  });

  it('shows types and defaults, and both hint forms', () => {
    expect(page).toContain('- **`seed`** · integer ≥ 0 · default `1` — Default seed of the cluster');
    expect(page).toContain('- **`points`** · integer ≥ 0 · default `1` — Weight in the score.');
    expect(page).toContain('- **`hints`** · list of string or object · default `[]` — Hints: a plain string is an ordered hint');
    expect(page).toContain('- **`when`** · [check](#checks) · **required** — A check on the cluster now');
    expect(page).toContain('- **`from`** · object (2 forms, below) · default `{"host":"master"}`');
  });

  it('escapes what MDX would read as JSX or expressions', () => {
    // outside code spans, no raw < or { may survive (they would break the build)
    const prose = page.split('\n').filter((l) => !l.startsWith('{/*')).join('\n').replace(/`[^`]*`/g, '');
    expect(prose).not.toMatch(/[<{}]/);
  });
});
