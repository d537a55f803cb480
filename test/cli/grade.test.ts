// `kubeclass grade` and `kubeclass shell --record` as an instructor and a learner use them.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { loadLab } from '../../src/labs/load.ts';
import { replaySubmission } from '../../src/labs/replay.ts';
import { submissionSchema } from '../../src/labs/submission.ts';

const dir = resolve(import.meta.dirname, '..', 'fixtures', 'submissions');
const f = (n: string) => join(dir, n);

async function kc(args: string[], stdin = '') {
  let out = '';
  let err = '';
  const code = await main(args, { readStdin: async () => stdin, out: (t) => void (out += t), err: (t) => void (err += t) });
  return { code, out, err };
}

describe('kubeclass grade', { timeout: 120_000 }, () => {
  it('exits 0 when every submission has all points, 1 otherwise', async () => {
    expect((await kc(['grade', f('alice.json')])).code).toBe(0);
    expect((await kc(['grade', f('alice.json'), f('bob-partial.json')])).code).toBe(1);
    expect((await kc(['grade', f('bob-partial.json'), '--min-score', '1'])).code).toBe(0);
    expect((await kc(['grade', f('mallory-forged.json'), '--min-score', '1'])).code).toBe(1);
  });

  it('exits 2 on usage errors', async () => {
    expect((await kc(['grade'])).code).toBe(2);
    const r = await kc(['grade', f('alice.json'), '--format', 'xml']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--format must be one of table, json, csv, junit/);
    expect((await kc(['grade', f('alice.json'), '--min-score', 'lots'])).code).toBe(2);
  });

  it('gates on a percent of the points with --min-percent', async () => {
    expect((await kc(['grade', f('bob-partial.json'), '--min-percent', '25'])).code).toBe(0);
    const r = await kc(['grade', f('alice.json'), f('bob-partial.json'), '--min-percent', '50']);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/2 submissions: 1 reached 50% of the points, 1 did not\n$/);
    expect((await kc(['grade', f('alice.json'), '--min-percent', '120'])).err).toMatch(/--min-percent must be a percent from 0 to 100/);
    expect((await kc(['grade', f('alice.json'), '--min-percent', '50', '--min-score', '1'])).code).toBe(2);
  });

  it('totals each learner over a workshop (labs not handed in score 0) against its passing score', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'kc-workshop-'));
    const file = join(tmp, 'friday.yaml');
    writeFileSync(file, 'title: Friday lab\nlabs: [scale-deployment]\npassingScore: 50\n');
    const r = await kc(['grade', f('alice.json'), f('bob-partial.json'), '--workshop', file]);
    expect(r.out).toMatch(/\nworkshop friday: Friday lab \(passing score 50% of all points\)\nLEARNER +SCALE-DEPLOYMENT +POINTS +PERCENT +RESULT\nalice +4\/4 +4\/4 +100% +pass\nbob +1\/4 +1\/4 +25% +FAIL\n2 learners: 1 passed, 1 did not\n$/);
    expect(r.code).toBe(1);
    writeFileSync(file, 'title: Friday lab\nlabs: [scale-deployment]\npassingScore: 25\n');
    expect((await kc(['grade', f('alice.json'), f('bob-partial.json'), '--workshop', file])).code).toBe(0);
    // the example workshop by id: alice handed in one of its four labs
    const all = await kc(['grade', f('alice.json'), '--workshop', 'k8s-basics', '--format', 'json']);
    const doc = JSON.parse(all.out);
    expect(all.code).toBe(1);
    expect(doc.workshop.results[0]).toMatchObject({ learner: 'alice', score: 4, passed: false });
    expect(doc.workshop.results[0].labs.map((l: { lab: string; status: string }) => `${l.lab}:${l.status}`)).toEqual(['scale-deployment:ok', 'expose-nodeport:missing', 'fix-imagepullbackoff:missing', 'fix-crashloopbackoff:missing']);
    expect(doc.status).toBe('fail');
    expect((await kc(['grade', f('alice.json'), '--workshop', 'no-such-workshop'])).err).toMatch(/--workshop: no workshop "no-such-workshop"/);
  });

  it('prints a gradebook table with a column per checkpoint', async () => {
    const r = await kc(['grade', f('alice.json'), f('bob-partial.json'), f('trudy-truncated.json')]);
    expect(r.out).toMatch(/^lab scale-deployment\nLEARNER +SCORE +TIME +COMMANDS +CREATE-DEPLOYMENT +SCALED +ALL-READY +POD-REPLACED +STATUS\n/);
    expect(r.out).toMatch(/\nalice +4\/4 +1:36 +9 +pass +pass +pass +pass +ok\n/);
    expect(r.out).toMatch(/\nbob +1\/4 +0:24 +3 +pass +FAIL +FAIL +FAIL +ok\n/);
    expect(r.out).toMatch(/\nnot graded\n.*\n.*trudy-truncated\.json .*error: malformed JSON/);
    expect(r.out).toMatch(/3 submissions: 1 reached full points, 2 did not\n$/);
  });

  it('writes JSON an autograding reporter reads', async () => {
    const r = await kc(['grade', f('alice.json'), f('mallory-forged.json'), f('eve-copied-alice.json'), '--format', 'json']);
    const doc = JSON.parse(r.out);
    expect(doc.max_score).toBe(12);
    expect(doc.score).toBe(5);
    expect(doc.status).toBe('error');
    expect(doc.tests).toContainEqual({ name: 'alice / scale-deployment: all-ready', status: 'pass', score: 1, max_score: 1, output: '' });
    const forged = doc.tests.find((t: { name: string }) => t.name === 'mallory / scale-deployment: scaled');
    expect(forged).toMatchObject({ status: 'fail', score: 0, max_score: 1 });
    expect(forged.output).toMatch(/altered: /);
    expect(doc.tests).toContainEqual(expect.objectContaining({ name: 'eve / scale-deployment: replay', status: 'error', score: 0, max_score: 4 }));
    expect(doc.submissions.map((s: { learner: string; status: string }) => `${s.learner}:${s.status}`)).toEqual(['alice:ok', 'mallory:altered', 'eve:variant mismatch']);
  });

  it('writes JUnit XML: a testsuite per submission with properties, a testcase per checkpoint', async () => {
    const r = await kc(['grade', f('alice.json'), f('mallory-forged.json'), f('oscar-old-format.json'), '--format', 'junit']);
    expect(r.out).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="kubeclass grade" tests="11" failures="4" errors="1">/);
    expect(r.out).toContain('<testsuite name="alice / scale-deployment" tests="5" failures="0" errors="0" time="96.226">');
    expect(r.out).toContain('<property name="learner" value="mallory"/>');
    expect(r.out).toMatch(/<testcase classname="kubeclass.scale-deployment" name="all-ready"><failure message="[^"]+">/);
    expect(r.out).toMatch(/<testcase classname="kubeclass.scale-deployment" name="claims match replay"><failure message="altered: /);
    expect(r.out).toContain('<testcase classname="kubeclass.scale-deployment" name="replay"><error message="error: written by course 0.0.1 with submission format 0; this grader reads format 1"/>');
  });

  it('writes CSV with one row per submission and one column per checkpoint, to --out', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'kc-csv-')), 'book.csv');
    const r = await kc(['grade', f('alice.json'), f('bob-partial.json'), f('ursula-unknown-lab.json'), '--format', 'csv', '--out', out]);
    expect(r.out).toBe('');
    const lines = readFileSync(out, 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe('file,learner,lab,status,score,max,time_s,commands,create-deployment,scaled,all-ready,pod-replaced,message');
    expect(lines[1]).toMatch(/alice\.json,alice,scale-deployment,ok,4,4,96,9,pass,pass,pass,pass,$/);
    expect(lines[2]).toMatch(/bob-partial\.json,bob,scale-deployment,ok,1,4,24,3,pass,fail,fail,fail,$/);
    expect(lines[3]).toMatch(/ursula-unknown-lab\.json,ursula,no-such-lab,error,0,0,24,3,,,,,"error: unknown lab ""no-such-lab""/);
  });

  it('grades a big batch on worker threads with the same rows as in one thread', async () => {
    const files = Array.from({ length: 12 }, (_, i) => f(['alice.json', 'bob-partial.json', 'mallory-forged.json'][i % 3]!));
    const one = await kc(['grade', ...files, '--format', 'json', '--workers', '1']);
    const two = await kc(['grade', ...files, '--format', 'json', '--workers', '2']);
    expect(two.out).toBe(one.out);
  });
});

describe('kubeclass shell --record', { timeout: 120_000 }, () => {
  const tmp = mkdtempSync(join(tmpdir(), 'kc-rec-'));

  it('writes a submission that grades to the score the session reported', async () => {
    const file = join(tmp, 'carol.json');
    const script = 'kubectl create deployment web --image=nginx\nsleep 10\n';
    const shell = await kc(['shell', '--lab', 'scale-deployment', '--learner', 'carol', '--record', file], script);
    expect(shell.err).toContain(`submission written to ${file}`);
    const sub = submissionSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
    expect(sub.learner).toBe('carol');
    expect(sub.events.map((e) => [e.kind, e.t])).toEqual([
      ['command', 0],
      ['command', 2000],
    ]);
    const graded = JSON.parse((await kc(['grade', file, '--format', 'json'])).out);
    expect(graded.submissions[0].status).toBe('ok');
    const reported = (shell.out.match(/(\d+) of 4 points/) ?? [])[1];
    expect(String(graded.score)).toBe(reported);
  });

  it('records files saved with vi (on another machine too) instead of the editor keys; the replay reproduces the score', async () => {
    const file = join(tmp, 'dave.json');
    const name = 'web';
    const script = [
      'vi d.yaml',
      `iapiVersion: apps/v1<CR>kind: Deployment<CR>metadata:<CR>  name: ${name}<CR>spec:<CR>  replicas: 4<CR>  selector:<CR>    matchLabels: {app: ${name}}<CR>  template:<CR>    metadata:<CR>      labels: {app: ${name}}<CR>    spec:<CR>      containers: [{name: nginx, image: nginx}]<Esc>:wq`,
      'kubectl apply -f d.yaml',
      'ssh node1',
      'vi /root/note.txt',
      'ihello<Esc>:wq',
      'exit',
      'sleep 30',
    ].join('\n') + '\n';
    const shell = await kc(['shell', '--lab', 'scale-deployment', '--learner', 'dave', '--record', file], script);
    const sub = submissionSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
    const files = sub.events.filter((e) => e.kind === 'file');
    expect(files.map((e) => e.kind === 'file' && `${e.host}:${e.path}`)).toEqual(['master:/root/d.yaml', 'node1:/root/note.txt']);
    // the editor's keys are not events: the saved file stands for them
    expect(sub.events.filter((e) => e.kind === 'command').map((e) => e.kind === 'command' && e.line)).toEqual(['vi d.yaml', 'kubectl apply -f d.yaml', 'ssh node1', 'vi /root/note.txt', 'exit', 'sleep 30']);
    const graded = JSON.parse((await kc(['grade', file, '--format', 'json'])).out);
    expect(graded.submissions[0].status).toBe('ok');
    expect(String(graded.score)).toBe((shell.out.match(/(\d+) of 4 points/) ?? [])[1]);
  });

  it('records the file kubectl edit saved; the grader replays the edit from it', async () => {
    const file = join(tmp, 'edith.json');
    const script = ['kubectl create deployment web --image=nginx', 'kubectl edit deployment web', ':%s/replicas: 1/replicas: 4/', ':wq', 'sleep 30'].join('\n') + '\n';
    const shell = await kc(['shell', '--lab', 'scale-deployment', '--learner', 'edith', '--record', file], script);
    expect(shell.out).toContain('deployment.apps/web edited');
    const sub = submissionSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
    expect(sub.events.map((e) => (e.kind === 'file' ? `file ${e.path.replace(/\d{10}/, 'N')}` : e.kind === 'command' ? e.line : e.kind))).toEqual([
      'kubectl create deployment web --image=nginx',
      'kubectl edit deployment web',
      'file /tmp/kubectl-edit-N.yaml',
      'sleep 30',
    ]);
    const graded = JSON.parse((await kc(['grade', file, '--format', 'json'])).out);
    expect(graded.submissions[0].status).toBe('ok');
    expect(String(graded.score)).toBe((shell.out.match(/(\d+) of 4 points/) ?? [])[1]);
  });

  it('records the lines typed to a program that asks, and the replay answers it with them', async () => {
    const file = join(tmp, 'erin.json');
    const shell = await kc(['shell', '--lab', 'scale-deployment', '--learner', 'erin', '--record', file], 'yum install wget\ny\ny\n');
    const sub = submissionSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
    expect(sub.events.map((e) => `${e.kind}:${e.kind === 'file' ? e.path : e.line}`)).toEqual(['command:yum install wget', 'input:y', 'input:y']);
    const lab = loadLab('scale-deployment');
    const replayed = await replaySubmission(sub, lab);
    expect(replayed.status).toBe('ok');
    expect(shell.out).toContain('Complete!');
    expect(replayed.transcript).toContain('Complete!');
    // the same answers at the same moments: what the replay printed is what the session printed
    expect(shell.out.startsWith(replayed.transcript)).toBe(true);
  });

  it('refuses --record without --lab, and with --seed', async () => {
    expect((await kc(['shell', '--record', join(tmp, 'x.json')])).code).toBe(2);
    expect((await kc(['shell', '--lab', 'scale-deployment', '--seed', '3', '--record', join(tmp, 'x.json')])).code).toBe(2);
  });
});
