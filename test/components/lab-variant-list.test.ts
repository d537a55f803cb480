import { describe, expect, it } from 'vitest';
import { variantFiller, variantListTexts, variantTexts } from '../../src/components/lab-variant-text.ts';
import { loadLab } from '../../src/labs/load.ts';
import { labFor, templateOf } from '../../src/labs/variants.ts';

describe('lab lists (progress and workshop pages) in the learner\'s variant', () => {
  it.each(['scale-deployment', 'fix-imagepullbackoff'])(
    '%s: the listed title, summary and checkpoint titles are those of the lab the grader runs for that learner',
    (id) => {
      const lab = loadLab(id);
      // what the page embeds is JSON: it must survive the trip
      const list = JSON.parse(JSON.stringify(variantListTexts(variantTexts(lab, templateOf(lab))!))) as ReturnType<typeof variantListTexts>;
      for (const learner of ['alice', 'Ana María 42', '']) {
        const { fill } = variantFiller(list, learner);
        const { lab: mine } = labFor(lab, learner || undefined);
        expect(fill(list.title)).toBe(mine.title);
        expect(fill(list.summary)).toBe(mine.summary);
        expect(list.checkpoints.map((c) => [c.id, fill(c.title)])).toEqual(mine.tasks.flatMap((t) => t.checkpoints.map((c) => [c.id, c.title])));
      }
    },
  );

  it('two learners see different scale-deployment checkpoints, and no placeholder is left', () => {
    const lab = loadLab('scale-deployment');
    const list = variantListTexts(variantTexts(lab, templateOf(lab))!);
    const titles = (learner: string) => list.checkpoints.map((c) => variantFiller(list, learner).fill(c.title)).join('\n');
    expect(titles('alice')).not.toBe(titles('bob'));
    for (const who of ['alice', 'bob', '']) expect(titles(who)).not.toMatch(/\{\{|<name>|<replicas>/);
    // without a learner id: the defaults the lab declares
    expect(titles('')).toContain('Deployment mynginx runs the nginx image');
  });

  it('the list form carries no task text or hints (a workshop may hide hints)', () => {
    const lab = loadLab('scale-deployment');
    const json = JSON.stringify(variantListTexts(variantTexts(lab, templateOf(lab))!));
    expect(json).not.toContain('kubectl create deployment');
    expect(json).not.toContain('hints');
  });
});
