// Workshop files: defaults, and build errors that name the file and the field.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseWorkshop } from '../../src/labs/workshop.ts';

const root = join(import.meta.dirname, '..', '..');
const labs = readdirSync(join(root, 'labs'), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name);

describe('workshop files', () => {
  it('every workshops/*.yaml is valid and names existing labs', () => {
    const files = readdirSync(join(root, 'workshops')).filter((f) => f.endsWith('.yaml'));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) expect(() => parseWorkshop(readFileSync(join(root, 'workshops', f), 'utf8'), `workshops/${f}`, labs)).not.toThrow();
  });

  it('fills defaults: hints on, solutions off, everything to pass', () => {
    expect(parseWorkshop('title: T\nlabs: [scale-deployment]\n', 'w.yaml')).toEqual({
      title: 'T',
      description: '',
      labs: ['scale-deployment'],
      passingScore: 100,
      showHints: true,
      showSolutions: false,
    });
  });

  it.each([
    ['no labs', 'title: T\nlabs: []\n', /w\.yaml: labs/],
    ['a score over 100', 'title: T\nlabs: [a]\npassingScore: 120\n', /w\.yaml: passingScore/],
    ['a misspelt field', 'title: T\nlabs: [a]\nshowHint: false\n', /w\.yaml/],
    ['an unknown lab', 'title: T\nlabs: [scale-deploymnt]\n', /unknown lab "scale-deploymnt"/],
    ['broken YAML', 'title: [\n', /not valid YAML/],
  ])('refuses %s', (_what, text, message) => {
    expect(() => parseWorkshop(text, 'w.yaml', labs)).toThrow(message);
  });
});
