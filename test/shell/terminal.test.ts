import { describe, expect, it } from 'vitest';
import type { Program } from '../../src/kubectl/context.ts';
import { echoStdin, terminal } from './helpers.ts';

const PROMPT = '[root@master ~]# ';

describe('prompt and line editing', () => {
  it('shows the CentOS prompt, with the directory basename after cd', async () => {
    const t = terminal();
    expect(t.screen.text()).toBe(PROMPT);
    t.session.input('cd /etc\r');
    await t.settle();
    expect(t.screen.lines().at(-1)).toBe('[root@master etc]# ');
  });

  it('edits in the middle of the line: ←, Backspace, typing, then Enter runs the edited line', async () => {
    const seen: string[] = [];
    const t = terminal({ programs: { kubectl: async (ctx) => (seen.push(ctx.args.join(' ')), 0) } });
    t.session.input('kubectl gte pods');
    t.session.input('\x1b[D'.repeat(5)); // cursor after "gte"
    t.session.input('\x7f\x7f'); // "kubectl g pods"
    t.session.input('et');
    expect(t.screen.lines()[0]).toBe(PROMPT + 'kubectl get pods');
    t.session.input('\r');
    await t.settle();
    expect(seen).toEqual(['get pods']);
  });

  it('Home/End in all common encodings, Ctrl-A/E, Delete', async () => {
    const t = terminal({ programs: { kubectl: echoStdin } });
    for (const [home, end] of [['\x1b[H', '\x1b[F'], ['\x1bOH', '\x1bOF'], ['\x1b[1~', '\x1b[4~'], ['\x01', '\x05']]) {
      t.session.input('bc' + home + 'a' + end + 'd\x15');
    }
    t.session.input('xyz\x01\x1b[3~\r');
    await t.settle();
    expect(t.screen.lines().slice(0, 2)).toEqual([PROMPT + 'yz', 'bash: yz: command not found']);
  });

  it('Ctrl-U, Ctrl-K and Ctrl-W kill text', async () => {
    const t = terminal();
    t.session.input('echo one two three\x17');
    expect(t.screen.lines()[0]).toBe(PROMPT + 'echo one two ');
    t.session.input('\x01\x1b[C\x1b[C\x1b[C\x1b[C\x0b');
    expect(t.screen.lines()[0]).toBe(PROMPT + 'echo');
    t.session.input(' x\x15hostname\r');
    await t.settle();
    expect(t.screen.lines().slice(0, 2)).toEqual([PROMPT + 'hostname', 'master']);
  });

  it('redraws correctly when the line wraps past the terminal width', async () => {
    const t = terminal({ columns: 30 });
    const long = 'echo ' + 'a'.repeat(40);
    t.session.input(long);
    const rows = (s: string) => s.match(/.{1,30}/g);
    expect(t.screen.lines()).toEqual(rows(PROMPT + long));
    t.session.input('\x01\x1b[C\x1b[C\x1b[C\x1b[C\x1b[CX'); // insert after "echo "
    expect(t.screen.lines()).toEqual(rows(PROMPT + 'echo X' + 'a'.repeat(40)));
    expect([t.screen.x, t.screen.y]).toEqual([23, 0]);
    t.session.input('\x05\x7f'.repeat(1) + '\r');
    await t.settle();
    expect(t.screen.lines().slice(3)).toEqual(['X' + 'a'.repeat(29), 'a'.repeat(10), PROMPT]);
  });

  it('a line that exactly fills the width keeps the cursor on the next row', async () => {
    const t = terminal({ columns: 20 });
    t.session.input('echo'); // 17 + 4 = 21 > 20
    t.session.input('\x7f\x7f'); // 19
    t.session.input('ho'); // exactly 21? no: prompt 17 + "ec" + "ho" = 21
    t.session.input('\x7f'); // 20 columns exactly
    t.session.input('x');
    expect(t.screen.lines()).toEqual([(PROMPT + 'echx').slice(0, 20), 'x']);
    expect([t.screen.x, t.screen.y]).toEqual([1, 1]);
  });

  it('Ctrl-L clears the screen and keeps the line being typed', async () => {
    const t = terminal();
    t.session.input('echo a\r');
    await t.settle();
    t.session.input('echo b\x0c');
    expect(t.screen.text()).toBe(PROMPT + 'echo b');
  });

  it('clear empties the screen', async () => {
    const t = terminal();
    t.session.input('echo a\rclear\r');
    await t.settle();
    expect(t.screen.text()).toBe(PROMPT);
  });

  it('ls on the terminal prints columns that fit the width, filled down', async () => {
    const t = terminal({ columns: 30 });
    t.session.input('mkdir d; cd d; touch alpha beta gamma delta epsilon zeta eta\rls\r');
    await t.settle();
    expect(t.screen.lines().slice(-4)).toEqual(['[root@master d]# ls', 'alpha  delta    eta    zeta', 'beta   epsilon  gamma', '[root@master d]# ']);
  });

  it('Ctrl-D on an empty line does nothing', async () => {
    const t = terminal();
    t.session.input('\x04');
    expect(t.screen.text()).toBe(PROMPT);
  });
});

describe('history', () => {
  it('↑/↓ walk history and come back to the line being typed', async () => {
    const t = terminal();
    t.session.input('echo one\recho two\r');
    await t.settle();
    t.session.input('echo dra');
    t.session.input('\x1b[A');
    expect(t.screen.lines().at(-1)).toBe(PROMPT + 'echo two');
    t.session.input('\x1b[A\x1b[A');
    expect(t.screen.lines().at(-1)).toBe(PROMPT + 'echo one');
    t.session.input('\x1b[B\x1b[B');
    expect(t.screen.lines().at(-1)).toBe(PROMPT + 'echo dra');
    t.session.input('\x15\x1b[A\x1b[A\r');
    await t.settle();
    expect(t.screen.lines().slice(-2)).toEqual(['one', PROMPT]);
    expect(t.session.history).toEqual(['echo one', 'echo two', 'echo one']);
  });

  it('restores given history and skips consecutive duplicates', async () => {
    const t = terminal({ history: ['kubectl get nodes'] });
    t.session.input('\x1b[A');
    expect(t.screen.text()).toBe(PROMPT + 'kubectl get nodes');
    t.session.input('\x15echo x\recho x\r');
    await t.settle();
    expect(t.session.history).toEqual(['kubectl get nodes', 'echo x']);
  });

  it('!! repeats the last command and shows it', async () => {
    const t = terminal();
    t.session.input('echo hi\r!!\r');
    await t.settle();
    expect(t.screen.lines().slice(2, 5)).toEqual([PROMPT + '!!', 'echo hi', 'hi']);
  });
});

describe('running commands', () => {
  it('Ctrl-C at the prompt prints ^C and a fresh prompt; $? is 130', async () => {
    const t = terminal();
    t.session.input('half typed\x03echo $?\r');
    await t.settle();
    expect(t.screen.lines().slice(0, 3)).toEqual([PROMPT + 'half typed^C', PROMPT + 'echo $?', '130']);
  });

  it('Ctrl-C interrupts a running sleep (browser mode waits in real time)', async () => {
    const t = terminal({ realtime: true });
    t.session.input('sleep 100; echo never\r');
    await new Promise((r) => setTimeout(r, 5));
    expect(t.session.busy).toBe(true);
    t.session.input('\x03');
    await t.settle();
    expect(t.session.busy).toBe(false);
    t.session.input('echo $?\r');
    await t.settle();
    expect(t.screen.lines()).toEqual([PROMPT + 'sleep 100; echo never', '^C', PROMPT + 'echo $?', '130', PROMPT]);
  });

  it('Ctrl-C stops a streaming program through ctx.signal and drops its later output', async () => {
    let aborted = false;
    const watch: Program = async (ctx) => {
      ctx.out('NAME   READY\n');
      await new Promise<void>((resolve) => ctx.signal.addEventListener('abort', () => resolve()));
      aborted = true;
      ctx.out('after abort\n');
      return 0;
    };
    const t = terminal({ programs: { kubectl: watch } });
    t.session.input('kubectl get pods -w\r');
    await new Promise((r) => setTimeout(r, 5));
    t.session.interrupt();
    await t.settle();
    expect(aborted).toBe(true);
    expect(t.screen.lines()).toEqual([PROMPT + 'kubectl get pods -w', 'NAME   READY', '^C', PROMPT]);
  });

  it('runs pasted lines in order, echoing typed-ahead lines at their prompt', async () => {
    const t = terminal();
    t.session.input('echo one\r\necho two\rcat <<EOF\rbody\rEOF\r');
    await t.settle();
    expect(t.screen.lines()).toEqual([PROMPT + 'echo one', 'one', PROMPT + 'echo two', 'two', PROMPT + 'cat <<EOF', '> body', '> EOF', 'body', PROMPT]);
  });

  it('shows PS2 for unclosed quotes and a trailing backslash', async () => {
    const t = terminal();
    t.session.input("echo 'a\rb'\recho x \\\ry\r");
    await t.settle();
    expect(t.screen.lines()).toEqual([PROMPT + "echo 'a", "> b'", 'a', 'b', PROMPT + 'echo x \\', '> y', 'x y', PROMPT]);
  });

  it('a prompt after output without a newline is drawn after it, and edits stay right', async () => {
    const t = terminal();
    t.session.input('printf abc\r');
    await t.settle();
    t.session.input('echo xy\x1b[D\x7f');
    expect(t.screen.lines().at(-1)).toBe('abc' + PROMPT + 'echo y');
  });

  it('emits \\r\\n line ends in terminal mode', async () => {
    const t = terminal();
    t.session.input('printf "a\\nb\\n"\r');
    await t.settle();
    expect(t.raw()).toContain('a\r\nb\r\n');
    expect(t.raw()).not.toMatch(/[^\r]\n/);
  });

  it('reports each executed command with the virtual time', async () => {
    const t = terminal();
    const seen: [string, number][] = [];
    t.session.onCommand((line, at) => seen.push([line, at]));
    t.session.input('sleep 5\rcat <<EOF\rx\rEOF\r');
    await t.settle();
    const start = t.cluster.clock.now() - 5000;
    expect(seen).toEqual([
      ['sleep 5', start],
      ['cat <<EOF\nx\nEOF', start + 5000],
    ]);
  });
});
