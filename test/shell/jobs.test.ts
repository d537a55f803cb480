// Background jobs: `cmd &`, jobs, fg, kill, wait, and the notices bash prints before the prompt.
import { describe, expect, it } from 'vitest';
import type { Program } from '../../src/kubectl/context.ts';
import { headless, terminal } from './helpers.ts';

/** Blocks until its signal aborts, like `kubectl port-forward`; records that it was stopped. */
function blocker(stopped: string[]): Program {
  return async (ctx) => {
    ctx.out(`listening ${ctx.args.join(' ')}\n`);
    await new Promise<void>((resolve) => ctx.signal.addEventListener('abort', () => resolve(), { once: true }));
    stopped.push(ctx.args.join(' '));
    return 0;
  };
}

describe('background jobs (headless)', () => {
  it('starts a job, prints [1] and its pid, and reports Done after the command during which it ended', async () => {
    const { run } = headless();
    const r = await run('sleep 5 && echo hi &\necho $!\njobs\nsleep 10\necho next\n');
    expect(r.out).toBe('[1] 4318\n4318\n[1]+  Running                 sleep 5 && echo hi &\nhi\n[1]+  Done                    sleep 5 && echo hi\nnext\n');
  });

  it('lets virtual time pass for the job only as the foreground sleeps', async () => {
    const { run, cluster } = headless();
    const start = cluster.clock.now();
    const r = await run('(sleep 3; date +%S) &\nsleep 1\necho one\nsleep 5\n');
    expect(r.out).toBe(`[1] 4318\none\n${new Date(start + 3000).toISOString().slice(17, 19)}\n[1]+  Done                    (sleep 3; date +%S)\n`);
    expect(cluster.clock.now() - start).toBe(6000);
  });

  it('marks the current job + and the previous -; kill reports Terminated at the prompt after next', async () => {
    const { run } = headless();
    const r = await run('sleep 100 &\nsleep 200 &\njobs\nkill %1\necho a\necho b\njobs -l\n');
    expect(r.out).toBe(
      '[1] 4318\n[2] 4320\n' +
        '[1]-  Running                 sleep 100 &\n[2]+  Running                 sleep 200 &\n' +
        'a\n[1]-  Terminated              sleep 100\n' +
        'b\n' +
        '[2]+  4320 Running                 sleep 200 &\n',
    );
  });

  it('reports a failing job as Exit N, and wait returns its status', async () => {
    const { run } = headless();
    const r = await run('(sleep 2; false) &\nwait %1\necho status=$?\nsleep 1 &\nwait\necho all=$?\n');
    expect(r.out).toBe('[1] 4318\nstatus=1\n[1] 4322\nall=0\n');
    const r2 = await run('(sleep 1; false) &\nsleep 2\n');
    expect(r2.out).toBe('[1] 4325\n[1]+  Exit 1                  (sleep 1; false)\n');
  });

  it('fg prints the command and waits for it', async () => {
    const { run, cluster } = headless();
    const start = cluster.clock.now();
    const r = await run('sleep 30 &\nfg\necho $?\nfg\n');
    expect(r.out).toBe('[1] 4318\nsleep 30\n0\nbash: fg: current: no such job\n');
    expect(cluster.clock.now() - start).toBe(30_000);
  });

  it('complains like bash about unknown jobs and pids', async () => {
    const { run } = headless();
    const r = await run('kill %3\nkill 99999\nwait %2\nfg %4\nkill\n');
    expect(r.out).toBe(
      'bash: kill: %3: no such job\n' +
        'bash: kill: (99999) - No such process\n' +
        'bash: wait: %2: no such job\n' +
        'bash: fg: %4: no such job\n' +
        'kill: usage: kill [-s sigspec | -n signum | -sigspec] pid | jobspec ... or kill -l [sigspec]\n',
    );
  });

  it('ends the script’s jobs when the script ends, and a blocked job keeps running meanwhile', async () => {
    const stopped: string[] = [];
    const { run } = headless({ programs: { fakepf: blocker(stopped) } });
    const r = await run('fakepf 8080:80 &\necho typed\njobs\n');
    expect(r.out).toBe('[1] 4318\nlistening 8080:80\ntyped\n[1]+  Running                 fakepf 8080:80 &\n');
    expect(stopped).toEqual(['8080:80']);
  });

  it('kill stops a program that runs until interrupted; its output is written as it comes', async () => {
    const stopped: string[] = [];
    const { run } = headless({ programs: { fakepf: blocker(stopped) } });
    const r = await run('fakepf a &\nkill %1\n\necho x\n');
    expect(r.out).toBe('[1] 4318\nlistening a\n[1]+  Terminated              fakepf a\nx\n');
    expect(stopped).toEqual(['a']);
  });

  it('a job remembers its directory', async () => {
    const { run } = headless();
    const r = await run('cd /tmp\nsleep 50 &\ncd /\njobs\nsleep 60\n');
    expect(r.out).toBe('[1] 4318\n[1]+  Running                 sleep 50 &  (wd: /tmp)\n[1]+  Done                    sleep 50  (wd: /tmp)\n(wd now: /)\n');
  });

  it('kill -l lists the signals', async () => {
    const { run } = headless();
    const r = await run('kill -l');
    expect(r.out.split('\n')[0]).toBe(' 1) SIGHUP\t 2) SIGINT\t 3) SIGQUIT\t 4) SIGILL\t 5) SIGTRAP');
    expect(r.out.split('\n').at(-2)).toBe('63) SIGRTMAX-1\t64) SIGRTMAX\t');
  });
});

describe('background jobs (terminal)', () => {
  async function typed(t: ReturnType<typeof terminal>, line: string) {
    t.session.input(`${line}\r`);
    await t.settle();
  }

  it('prints a job’s output above the prompt and redraws what was being typed', async () => {
    const { screen, session, settle, cluster } = terminal({ realtime: false });
    void cluster;
    session.input('(sleep 1; echo done-sleeping) &\r');
    await settle();
    expect(screen.lines().slice(-2)).toEqual(['[1] 4318', '[root@master ~]# ']);
    session.input('kubec');
    await settle();
    // the foreground lets time pass: the job wakes and writes while the prompt shows `kubec`
    session.input('\x7f\x7f\x7f\x7f\x7fsleep 2\r');
    await settle();
    expect(screen.lines().slice(-4)).toEqual(['[root@master ~]# sleep 2', 'done-sleeping', '[1]+  Done                    (sleep 1; echo done-sleeping)', '[root@master ~]# ']);
  });

  it('Ctrl-C interrupts the foreground only; the job keeps running', async () => {
    const stopped: string[] = [];
    const t = terminal({ programs: { fakepf: blocker(stopped) } });
    await typed(t, 'fakepf x &');
    t.session.input('sleep 100\r');
    await new Promise((r) => setTimeout(r, 0));
    t.session.input('\x03');
    await t.settle();
    await typed(t, 'jobs');
    expect(t.screen.lines().slice(-2)).toEqual(['[1]+  Running                 fakepf x &', '[root@master ~]# ']);
    expect(stopped).toEqual([]);
  });

  it('writes a job’s line at the idle prompt above it, keeping the typed text', async () => {
    let write: ((s: string) => void) | undefined;
    const talker: Program = async (ctx) => {
      write = ctx.out;
      await new Promise<void>((resolve) => ctx.signal.addEventListener('abort', () => resolve(), { once: true }));
      return 0;
    };
    const t = terminal({ programs: { talker } });
    await typed(t, 'talker &');
    t.session.input('echo hel');
    await t.settle();
    write!('Handling connection for 8080\n');
    expect(t.screen.lines().slice(-3)).toEqual(['[1] 4318', 'Handling connection for 8080', '[root@master ~]# echo hel']);
    t.session.input('lo\r');
    await t.settle();
    expect(t.screen.lines().slice(-2)).toEqual(['hello', '[root@master ~]# ']);
  });

  it('Ctrl-C during fg stops the job itself, without a notice', async () => {
    const stopped: string[] = [];
    const t = terminal({ programs: { fakepf: blocker(stopped) } });
    await typed(t, 'fakepf y &');
    t.session.input('fg\r');
    await new Promise((r) => setTimeout(r, 0));
    expect(t.screen.lines().at(-1)).toBe('fakepf y');
    t.session.input('\x03');
    await t.settle();
    await typed(t, 'jobs');
    expect(stopped).toEqual(['y']);
    expect(t.screen.lines().slice(-5)).toEqual(['[root@master ~]# fg', 'fakepf y', '^C', '[root@master ~]# jobs', '[root@master ~]# ']);
  });
});
