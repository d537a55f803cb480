// The kubeclass command as a user runs it: a child process of bin/kubeclass.mjs.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..', '..');
const bin = join(root, 'bin', 'kubeclass.mjs');
const node22 = join(root, 'node_modules', '.bin', 'node');

function kubeclass(args: string[], input = '', node = node22) {
  const r = spawnSync(node, [bin, ...args], { input, encoding: 'utf8', cwd: root, timeout: 60_000, env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** A typed session in the acceptance format: `$ command` lines (plus heredoc lines) and `>`/`~`/`!` expectations. */
function scenario(file: string) {
  const steps: { input: string[]; checks: { op: string; arg: string }[] }[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.startsWith('#') || (!line.trim() && !steps.length)) continue;
    if (line.startsWith('$ ')) steps.push({ input: [line.slice(2)], checks: [] });
    else if (/^[>~!] /.test(line)) steps.at(-1)!.checks.push({ op: line[0]!, arg: line.slice(2) });
    else if (steps.length) steps.at(-1)!.input.push(line);
  }
  const stdin = steps.map((s, i) => `echo __KC_MARK_${i}__\n${s.input.join('\n')}\n`).join('') + `echo __KC_MARK_${steps.length}__\n`;
  return { steps, stdin };
}

describe('kubeclass', { timeout: 60_000 }, () => {
  it('--help lists the commands', () => {
    const r = kubeclass(['--help']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^kubeclass: /);
    expect(r.out).toMatch(/\n  shell +run command lines/);
    expect(r.out).toMatch(/\n  lab +list, test and validate labs/);
  });

  it('rejects an unknown command with exit 2', () => {
    const r = kubeclass(['frobnicate']);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`kubeclass: unknown command "frobnicate"\nRun 'kubeclass --help' for usage.\n`);
  });

  it('rejects an unknown lab and a bad flag with exit 2', () => {
    const r = kubeclass(['shell', '--lab', 'nope']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^kubeclass: unknown lab "nope" \(labs: .*scale-deployment.*\)\n/);
    expect(kubeclass(['shell', '--frob']).err).toMatch(/^kubeclass: unknown flag: --frob\nRun 'kubeclass shell --help' for usage\.\n$/);
    expect(kubeclass(['shell', '--seed', 'x']).code).toBe(2);
  });

  it('shell without a lab runs the commands and exits 0', () => {
    const r = kubeclass(['shell'], 'kubectl get nodes\n');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^master\s+Ready\s+control-plane\s/m);
    expect(r.out).not.toMatch(/checkpoints passed/);
  });

  it('shell interrupts a line that would wait forever (nobody can press Ctrl-C in a pipe) and goes on', () => {
    const r = kubeclass(['shell'], 'while true; do sleep 1; done\necho after $?\n');
    expect(r.code).toBe(0);
    expect(r.out).toBe('^C\nafter 130\n');
    expect(r.err).toBe('kubeclass: interrupted `while true; do sleep 1; done` (Ctrl-C): it ran more than 1 h of virtual time\n');
  });

  it('shell --lab scale-deployment: the acceptance session passes every checkpoint and exits 0', () => {
    const { steps, stdin } = scenario(join(import.meta.dirname, 'fixtures', 'scale-deployment-session.txt'));
    const r = kubeclass(['shell', '--lab', 'scale-deployment'], stdin);
    const lines = (r.out + r.err).split('\n').map((l) => l.replace(/\s+$/, ''));
    const problems: string[] = [];
    steps.forEach((st, i) => {
      const from = lines.findLastIndex((l) => l.includes(`__KC_MARK_${i}__`));
      const to = lines.findIndex((l, k) => k > from && l.includes(`__KC_MARK_${i + 1}__`));
      const seg = lines.slice(from + 1, to);
      for (const c of st.checks) {
        const ok =
          c.op === '>' ? seg.includes(c.arg.trimEnd()) : c.op === '~' ? seg.some((l) => new RegExp(c.arg).test(l)) : !seg.some((l) => new RegExp(c.arg).test(l));
        if (!ok) problems.push(`${st.input[0]}: expected ${c.op} ${c.arg}\n${seg.join('\n')}`);
      }
    });
    expect(problems).toEqual([]);
    expect(r.out).toMatch(/^PASS create-deployment +Deployment mynginx runs the nginx image/m);
    expect(r.out).toMatch(/^PASS pod-replaced /m);
    expect(r.out).toMatch(/^4 of 4 checkpoints passed, 4 of 4 points$/m);
    expect(r.code).toBe(0);
  });

  it('shell --lab exits 1 and says what is open when a checkpoint fails', () => {
    const r = kubeclass(['shell', '--lab', 'scale-deployment'], 'kubectl create deployment mynginx --image=nginx\nsleep 20\nlab status\n');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/\[x\] Deployment mynginx runs the nginx image/);
    expect(r.out).toMatch(/^PASS create-deployment /m);
    expect(r.out).toMatch(/^FAIL scaled +The Deployment asks for 4 replicas\n +deployment mynginx: spec\.replicas is 1 \(want 4\)$/m);
    expect(r.out).toMatch(/^1 of 4 checkpoints passed, 1 of 4 points$/m);
  });

  it('the same seed and input print the same bytes; another seed other names and IPs', () => {
    const input = 'kubectl create deployment mynginx --image=nginx --replicas=2\nsleep 30\nkubectl get pod -o wide\n';
    const a = kubeclass(['shell', '--lab', 'scale-deployment'], input);
    const b = kubeclass(['shell', '--lab', 'scale-deployment'], input);
    const c = kubeclass(['shell', '--lab', 'scale-deployment', '--seed', '42'], input);
    expect(a.out).toMatch(/^mynginx-\S+ +1\/1 +Running/m);
    expect(b.out).toBe(a.out);
    expect(c.out).not.toBe(a.out);
  });

  it('lab reset in the middle of a session starts over on a fresh cluster', () => {
    const r = kubeclass(['shell', '--lab', 'scale-deployment'], 'kubectl create deployment mynginx --image=nginx\nsleep 20\nlab reset\nkubectl get deploy\n');
    expect(r.out).toMatch(/reset: a fresh cluster in the starting state\.\nNo resources found in default namespace\.\n/);
    expect(r.out).toMatch(/^0 of 4 checkpoints passed/m);
    expect(r.code).toBe(1);
  });

  it('lab test proves every lab', () => {
    const r = kubeclass(['lab', 'test']);
    expect(r.out).toMatch(/^ok   scale-deployment  start passes 0 of 4, solution passes 4 of 4$/m);
    expect(r.out).toMatch(/^\d+ passed, 0 failed\n$/m);
    expect(r.code).toBe(0);
  });

  it('lab list and lab validate', () => {
    const list = kubeclass(['lab', 'list']);
    expect(list.code).toBe(0);
    expect(list.out).toMatch(/^ID +CHAPTER +TASKS +CHECKPOINTS +TITLE\n/);
    expect(list.out).toMatch(/^scale-deployment +deployments +3 +4 +Scale a Deployment/m);

    const ok = kubeclass(['lab', 'validate', 'labs/scale-deployment/lab.yaml']);
    expect(ok.code).toBe(0);
    expect(ok.out).toBe('ok   labs/scale-deployment/lab.yaml: lab scale-deployment, 3 tasks, 4 checkpoints\n');

    const dir = mkdtempSync(join(tmpdir(), 'kubeclass-'));
    const bad = join(dir, 'lab.yaml');
    writeFileSync(bad, readFileSync(join(root, 'labs/scale-deployment/lab.yaml'), 'utf8').replace('op: gte', 'op: bigger'));
    const r = kubeclass(['lab', 'validate', bad]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/lab\.yaml:\d+: tasks\[0\]\.checkpoints\[0\]\.check\.checks\[1\]\.op: Invalid option/);
  });

  it('lab schema prints the format as JSON Schema with descriptions', () => {
    const r = kubeclass(['lab', 'schema']);
    expect(r.code).toBe(0);
    const schema = JSON.parse(r.out);
    expect(schema.properties.solution.description).toMatch(/reference solution/);
  });

  // The machine's own Node is older than 22.18: the bin must re-run itself with the project's Node.
  const systemNode = ['/usr/bin/node', '/usr/local/bin/node'].find(existsSync);
  it.runIf(systemNode && Number(spawnSync(systemNode, ['-p', 'process.versions.node.split(".")[0]'], { encoding: 'utf8' }).stdout.trim()) < 22)(
    'starts under an old Node by re-running with the project Node',
    () => {
      const r = kubeclass(['--help'], '', systemNode!);
      expect(r.err).toBe('');
      expect(r.code).toBe(0);
      expect(r.out).toMatch(/^kubeclass: /);
    },
  );
});
