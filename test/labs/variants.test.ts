import { describe, expect, it } from 'vitest';
import { loadLab } from '../../src/labs/load.ts';
import { LabError, parseLab } from '../../src/labs/parse.ts';
import { createLabSession } from '../../src/labs/runtime.ts';
import { labSchema } from '../../src/labs/schema.ts';
import { instantiate, labFor, proofLearners, substitute, variantOf, VariantError } from '../../src/labs/variants.ts';
import { replay, testLab } from '../../src/labs/verify.ts';

const base = `
id: tiny
title: Scale {{ params.name }}
chapter: deployments
summary: Scale {{ params.name }} to {{ params.replicas }}.
seed: 3
params:
  name:
    description: the Deployment
    name: { prefix: web-, words: [shop, blog, wiki] }
    default: web-shop
  replicas:
    description: replicas
    range: [2, 5]
    default: 3
tasks:
  - id: scale
    title: Scale to {{ params.replicas }}
    checkpoints:
      - id: scaled
        title: "{{ params.name }} wants {{ params.replicas }}"
        check: { type: count, resource: pods, selector: "app={{ params.name }}", value: "{{ params.replicas }}" }
solution:
  commands: ["kubectl scale deployment {{ params.name }} --replicas={{ params.replicas }}"]
`;

function labError(text: string, files?: Record<string, string>): LabError {
  try {
    parseLab(text, { source: 'tiny/lab.yaml', files });
  } catch (e) {
    if (e instanceof LabError) return e;
    throw e;
  }
  throw new Error('parsed without error');
}

describe('variants: drawing', () => {
  const lab = loadLab('scale-deployment');

  it('the same learner always gets the same variant and seed (pinned, so a change of hash shows up across runs)', () => {
    expect(variantOf(lab, 'alice')).toEqual({ seed: 379610329, params: { name: 'portal', replicas: 4 }, learner: 'alice' });
    expect(variantOf(lab, 'alice')).toEqual(variantOf(lab, 'alice'));
    // capitals and stray blanks are the same learner
    expect(variantOf(lab, '  Alice ')).toEqual(variantOf(lab, 'alice'));
  });

  it('no learner id: the default variant on the lab seed, as the docs show it', () => {
    expect(variantOf(lab, undefined)).toEqual({ seed: 1, params: { name: 'mynginx', replicas: 4 } });
    expect(variantOf(lab, '   ')).toEqual({ seed: 1, params: { name: 'mynginx', replicas: 4 } });
  });

  it('many learners spread over many variants and seeds, and none gets the default (published) one', () => {
    const vs = Array.from({ length: 300 }, (_, i) => variantOf(lab, `student-${i}@school.example`));
    const names = new Set(vs.map((v) => v.params.name));
    const replicas = new Set(vs.map((v) => v.params.replicas));
    expect(names.size).toBe(8);
    expect([...replicas].sort()).toEqual([3, 4, 5, 6]);
    expect(new Set(vs.map((v) => `${v.params.name}/${v.params.replicas}`)).size).toBeGreaterThanOrEqual(20);
    expect(new Set(vs.map((v) => v.seed)).size).toBe(300);
    expect(vs.filter((v) => v.params.name === 'mynginx' && v.params.replicas === 4)).toEqual([]);
  });

  it('a lab without params keeps its own seed for every learner', () => {
    const plain = loadLab('expose-nodeport');
    expect(variantOf(plain, 'alice').seed).toBe(plain.seed);
    expect(variantOf(plain, 'alice').params).toEqual({});
    expect(instantiate(plain, {})).toBe(plain);
  });

  it('the proof learners take every name word and both ends of the range', () => {
    const ls = proofLearners(lab);
    const vs = ls.map((l) => variantOf(lab, l).params);
    expect(new Set(vs.map((v) => v.name))).toEqual(new Set(lab.params!.name!.name!.words));
    expect(vs.map((v) => v.replicas)).toEqual(expect.arrayContaining([3, 6]));
  });
});

describe('variants: templating', () => {
  it('a string that is only a placeholder takes the value (a number stays a number); others interpolate', () => {
    expect(substitute('{{ params.replicas }}', { replicas: 4 })).toBe(4);
    expect(substitute('{{params.replicas}}', { replicas: 4 })).toBe(4);
    expect(substitute('--replicas={{ params.replicas }}', { replicas: 4 })).toBe('--replicas=4');
    expect(substitute("go-template='{{.metadata.name}}'", { replicas: 4 })).toBe("go-template='{{.metadata.name}}'");
    // prose can spell the number out
    expect(substitute('Scale to {{ params.replicas | words }} replicas', { replicas: 6 })).toBe('Scale to six replicas');
    expect(substitute('{{ params.replicas | words }}', { replicas: 4 })).toBe('four');
  });

  it('parses the default variant, and fills in any learner\'s everywhere: text, checks (as numbers), solution', () => {
    const lab = parseLab(base);
    expect(lab.title).toBe('Scale web-shop');
    const check = lab.tasks[0]!.checkpoints[0]!.check;
    expect(check).toMatchObject({ type: 'count', selector: 'app=web-shop', value: 3 });
    const { lab: mine, variant } = labFor(lab, 'bob');
    expect(variant.params).not.toEqual({ name: 'web-shop', replicas: 3 });
    expect(mine.summary).toBe(`Scale ${variant.params.name} to ${variant.params.replicas}.`);
    expect(mine.tasks[0]!.checkpoints[0]!.check).toMatchObject({ selector: `app=${variant.params.name}`, value: variant.params.replicas });
    expect(mine.solution.commands).toEqual([`kubectl scale deployment ${variant.params.name} --replicas=${variant.params.replicas}`]);
    // instantiating an instantiated lab starts again from the placeholders
    expect(instantiate(mine, { name: 'web-blog', replicas: 5 }).title).toBe('Scale web-blog');
  });

  it('an undeclared parameter is an error at load time, with its line and the declared names', () => {
    const e = labError(base.replace('title: Scale to {{ params.replicas }}', 'title: Scale to {{ params.replica }}'));
    expect(e.message).toBe(
      'tiny/lab.yaml:18: tasks[0].title: uses {{ params.replica }}, but the lab declares no parameter "replica" (declared: name, replicas)',
    );
  });

  it('a placeholder in a lab without params, or in a file beside the lab, is caught too', () => {
    const noParams = base.replace(/params:\n(?: {2}.*\n)+/, '');
    expect(labError(noParams).message).toMatch(/title: uses \{\{ params\.name \}\}, but the lab declares no parameter "name" \(it has no params\)/);
    const withFile = base.replace('seed: 3\n', 'seed: 3\nstart:\n  manifests: [web.yaml]\n');
    expect(labError(withFile, { 'web.yaml': 'kind: ConfigMap\nmetadata: { name: "{{ params.nme }}" }\n' }).message).toMatch(
      /start\.manifests\[0\]: uses \{\{ params\.nme \}\}/,
    );
  });

  it('bad declarations are schema errors: a default the parameter cannot take, two kinds at once', () => {
    expect(labError(base.replace('default: 3', 'default: 9')).message).toMatch(
      /params\.replicas\.default: default must be one of the values the parameter can take/,
    );
    expect(labError(base.replace('range: [2, 5]', 'range: [2, 5]\n    choices: [2, 3]')).message).toMatch(
      /params\.replicas\.choices: give exactly one of choices, range or name/,
    );
  });

  it('a variant that makes the lab invalid is refused with the values and the field', () => {
    const lab = parseLab(base);
    expect(() => instantiate(lab, { name: 'web-shop', replicas: -1 })).toThrow(VariantError);
    expect(() => instantiate(lab, { name: 'web-shop', replicas: -1 })).toThrow(/name=web-shop replicas=-1: .*tasks\.0\.checkpoints\.0\.check\.value/);
    expect(() => instantiate(lab, { name: 'web-shop' })).toThrow(/no value for parameter replicas/);
  });

  it('a lab built from data (not YAML) instantiates from its own strings', () => {
    const lab = labSchema.parse({
      id: 'data',
      title: 'Make {{ params.name }}',
      chapter: 'deployments',
      summary: 's',
      params: { name: { description: 'd', choices: ['a', 'b'], default: 'a' } },
      tasks: [{ id: 't', title: 't', checkpoints: [{ id: 'c', title: 'c', check: { type: 'exists', resource: 'pods', name: '{{ params.name }}' } }] }],
      solution: { commands: ['true'] },
    });
    expect(instantiate(lab, { name: 'b' }).title).toBe('Make b');
  });
});

describe('variants: the converted labs', () => {
  it('scale-deployment as parsed is the default variant, word for word as before', () => {
    const lab = loadLab('scale-deployment');
    expect(JSON.stringify(lab.tasks)).not.toMatch(/\{\{/);
    expect(lab.solution.commands[0]).toBe('kubectl create deployment mynginx --image=nginx');
    expect(lab.tasks[1]!.title).toBe('Scale to four replicas');
  });

  it('a session for a learner runs that learner\'s lab on that learner\'s seed', { timeout: 60_000 }, async () => {
    const lab = loadLab('scale-deployment');
    const v = variantOf(lab, 'alice');
    const s = await createLabSession({ lab, learner: 'alice', realtime: false });
    expect(s.seed).toBe(v.seed);
    expect(s.variant.params).toEqual({ name: 'portal', replicas: 4 });
    expect(s.lab.solution.commands[0]).toBe('kubectl create deployment portal --image=nginx');
    const out = await replay(s, 'kubectl create deployment portal --image=nginx\nsleep 20\nkubectl get pods');
    expect(out).toMatch(/^portal-[a-z0-9]+-[a-z0-9]{5}\s+1\/1\s+Running/m);
    expect(s.evaluate().find((r) => r.id === 'create-deployment')!.passed).toBe(true);
    s.dispose();
    // the page instantiates first and passes the seed: the session keeps that lab and reports its params
    const page = await createLabSession({ lab: instantiate(lab, v.params), seed: v.seed, realtime: false });
    expect(page.variant).toEqual({ seed: v.seed, params: { name: 'portal', replicas: 4 } });
    expect(page.lab.tasks[0]!.title).toBe('Create a Deployment');
    page.dispose();
  });

  it.each(['scale-deployment', 'fix-imagepullbackoff'])('%s proves itself in every proof learner\'s variant', { timeout: 120_000 }, async (id) => {
    const r = await testLab(loadLab(id));
    expect(r.error).toBeUndefined();
    expect(r.ok).toBe(true);
    expect(r.variants.length).toBeGreaterThanOrEqual(2);
    for (const v of r.variants) {
      expect({ learner: v.learner, start: v.passingAtStart, open: v.openAfterSolution }).toEqual({ learner: v.learner, start: [], open: [] });
      expect(v.openAfterDefaultSolution.length).toBeGreaterThan(0);
    }
  });

  it.each([
    ['scale-deployment', 'alice', 'bob'],
    ['fix-imagepullbackoff', 'alice', 'bob'],
  ])('%s: %s\'s solution replayed in %s\'s variant fails a checkpoint', { timeout: 60_000 }, async (id, a, b) => {
    const lab = loadLab(id);
    const va = labFor(lab, a);
    const vb = labFor(lab, b);
    expect(va.variant.params).not.toEqual(vb.variant.params);
    const own = await createLabSession({ lab, learner: a, realtime: false });
    await replay(own, va.lab.solution.commands.join('\n'));
    expect(own.evaluate().filter((r) => !r.passed)).toEqual([]);
    own.dispose();
    const other = await createLabSession({ lab, learner: b, realtime: false });
    await replay(other, va.lab.solution.commands.join('\n'));
    expect(other.evaluate().filter((r) => !r.passed).length).toBeGreaterThan(0);
    other.dispose();
  });

  it('fix-imagepullbackoff: the learner\'s files and start name their own service', { timeout: 60_000 }, async () => {
    const lab = loadLab('fix-imagepullbackoff');
    const { lab: mine, variant } = labFor(lab, 'alice');
    const app = String(variant.params.app);
    expect(app).not.toBe('discovery');
    const s = await createLabSession({ lab, learner: 'alice', realtime: false });
    const out = await replay(s, `cat /root/${app}.yaml | grep image\nkubectl get deploy`);
    expect(out).toContain(`image: msa.harbor.com/${app}-service`);
    expect(out).toMatch(new RegExp(`^${app}-deploy\\s+0/1`, 'm'));
    expect(mine.intro).toContain(`\`${app}.yaml\``);
    s.dispose();
  });
});
