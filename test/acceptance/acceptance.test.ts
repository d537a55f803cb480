// Every typed learner session in test/acceptance/*.txt and ../shared/acceptance/*.txt, run in-process
// through `kubeclass shell` with the same semantics as ../shared/tools/accept.mjs.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';

const here = dirname(fileURLToPath(import.meta.url));
const DIRS = [here, resolve(here, '../../../shared/acceptance')].filter((d) => existsSync(d));

interface Check {
  op: '>' | '~' | '!';
  arg: string;
}
interface Step {
  input: string[];
  checks: Check[];
}
interface Scenario {
  lab: string | null;
  seed: string | null;
  expect: string;
  steps: Step[];
}

/** The scenario format of accept.mjs: `# lab|seed|expect:` headers, `$ ` commands, `> ~ !` checks, other lines typed. */
export function parseScenario(text: string): Scenario {
  const s: Scenario = { lab: null, seed: null, expect: 'any', steps: [] };
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '');
    const head = /^# (lab|seed|expect):\s*(\S+)/.exec(line);
    if (head) s[head[1] as 'lab' | 'seed' | 'expect'] = head[2];
    else if (line.startsWith('#') || (line.trim() === '' && !s.steps.length)) continue;
    else if (line.startsWith('$ ')) s.steps.push({ input: [line.slice(2)], checks: [] });
    else if (/^[>~!] /.test(line) && s.steps.length) s.steps.at(-1)!.checks.push({ op: line[0] as Check['op'], arg: line.slice(2) });
    else if (s.steps.length) s.steps.at(-1)!.input.push(line);
  }
  return s;
}

async function runScenario(file: string): Promise<string[]> {
  const s = parseScenario(readFileSync(file, 'utf8'));
  const stdin = s.steps.map((st, i) => `echo __KC_MARK_${i}__\n${st.input.join('\n')}\n`).join('') + `echo __KC_MARK_${s.steps.length}__\n`;
  const argv = ['shell'];
  if (s.lab) argv.push('--lab', s.lab);
  if (s.seed) argv.push('--seed', s.seed);
  let out = '';
  const status = await main(argv, { readStdin: async () => stdin, out: (t) => void (out += t), err: (t) => void (out += t) });
  const lines = out.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').split('\n').map((l) => l.replace(/\s+$/, ''));
  const problems: string[] = [];
  s.steps.forEach((st, i) => {
    const from = lines.findLastIndex((l) => l.includes(`__KC_MARK_${i}__`));
    const to = lines.findIndex((l, k) => k > from && l.includes(`__KC_MARK_${i + 1}__`));
    if (from < 0 || to < 0) {
      problems.push(`step ${i + 1} (${st.input[0]}): its output could not be found`);
      return;
    }
    const seg = lines.slice(from + 1, to);
    for (const c of st.checks) {
      const ok =
        c.op === '>' ? seg.includes(c.arg.replace(/\s+$/, '')) :
        c.op === '~' ? seg.some((l) => new RegExp(c.arg).test(l)) :
        !seg.some((l) => new RegExp(c.arg).test(l));
      if (!ok) problems.push(`step ${i + 1} \`${st.input[0]}\`: expected ${c.op} ${c.arg}\n      got:\n${seg.map((l) => '        | ' + l).join('\n')}`);
    }
  });
  if (s.expect === 'pass' && status !== 0) problems.push(`expected exit 0 (all checkpoints passed), got ${status}\n${lines.slice(-15).map((l) => '        | ' + l).join('\n')}`);
  if (s.expect === 'fail' && status === 0) problems.push('expected a non-zero exit (a checkpoint still open), got 0');
  return problems;
}

for (const dir of DIRS) {
  const files = readdirSync(dir).filter((f) => f.endsWith('.txt')).sort();
  describe(`acceptance scenarios in ${basename(dirname(dir))}/${basename(dir)}`, () => {
    it('has scenarios', () => expect(files.length).toBeGreaterThan(0));
    for (const f of files) {
      it(f, async () => {
        const problems = await runScenario(join(dir, f));
        expect(problems, problems.join('\n')).toEqual([]);
      }, 60_000);
    }
  });
}

describe('the scenario parser', () => {
  it('reads headers, commands, checks and typed heredoc lines like accept.mjs', () => {
    const s = parseScenario('# a comment\n# seed: 7\n# expect: pass\n\n$ cat <<EOF\nhello\nEOF\n> hello\n~ ^h\n! bye\n');
    expect(s.seed).toBe('7');
    expect(s.expect).toBe('pass');
    expect(s.steps).toEqual([{ input: ['cat <<EOF', 'hello', 'EOF', ''], checks: [{ op: '>', arg: 'hello' }, { op: '~', arg: '^h' }, { op: '!', arg: 'bye' }] }]);
  });
});
