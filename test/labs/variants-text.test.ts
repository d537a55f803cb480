import { describe, expect, it } from 'vitest';
import { variantTexts } from '../../src/components/lab-variant-text.ts';
import { loadLab } from '../../src/labs/load.ts';
import { labFor, substitute, templateOf, variantOf } from '../../src/labs/variants.ts';

describe('the lab page\'s variant texts', () => {
  it.each(['scale-deployment', 'fix-imagepullbackoff'])(
    '%s: filling the embedded texts for a learner gives exactly the text of the lab that learner runs',
    (id) => {
      const lab = loadLab(id);
      const texts = variantTexts(lab, templateOf(lab))!;
      // what the page embeds is JSON: it must survive the trip
      const page = JSON.parse(JSON.stringify(texts)) as typeof texts;
      for (const learner of ['alice', 'bob', '']) {
        const params = variantOf(page, learner || undefined).params;
        const fill = (s: string) => String(substitute(s, params));
        const { lab: mine } = labFor(lab, learner || undefined);
        expect(fill(page.title)).toBe(mine.title);
        expect(fill(page.summary)).toBe(mine.summary);
        expect(page.tasks.map((t) => [fill(t.title), fill(t.description), t.hints.map(fill), t.checkpoints.map((c) => fill(c.title))])).toEqual(
          mine.tasks.map((t) => [t.title, t.description, t.hints, t.checkpoints.map((c) => c.title)]),
        );
      }
    },
  );

  it('a lab without params embeds nothing', () => {
    const lab = loadLab('expose-nodeport');
    expect(variantTexts(lab, templateOf(lab))).toBeUndefined();
  });
});
