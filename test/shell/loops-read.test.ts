// Loop control and `read`, as scripts and typed loops use them (`kubectl get ... | while read x; do`),
// and the guard that interrupts a piped session's line that would never end.
import { describe, expect, it } from 'vitest';
import { headless, lines } from './helpers.ts';


describe('break, continue and :', () => {
  it('leave or go on with the loop, n loops out with `break 2` / `continue 2`', async () => {
    const { run } = headless();
    const r = await run(
      lines(
        'while :; do echo once; break; done',
        'for i in 1 2 3 4; do [ $i = 2 ] && continue; echo i=$i; [ $i = 3 ] && break; done; echo status=$?',
        'for a in x y; do for b in 1 2; do echo $a$b; [ $b = 1 ] && continue 2; done; done',
        'for a in x y; do for b in 1 2; do echo $a$b; break 2; done; done',
        'x=0; until [ $x -ge 5 ]; do x=$((x+1)); [ $x -eq 3 ] && break; done; echo x=$x',
      ),
    );
    expect(r.out).toBe('once\ni=1\ni=3\nstatus=0\nx1\ny1\nx1\nx=3\n');
  });

  it('say so outside a loop and for a bad count, as bash does', async () => {
    const { run } = headless();
    const r = await run(lines('break; echo $?', 'continue', 'for i in 1; do break abc; done; echo $?', 'for i in 1; do break 0; done; echo $?', ': ${X:=set by colon}; echo $X; type :'));
    expect(r.out).toBe(
      [
        "bash: break: only meaningful in a `for', `while', or `until' loop",
        '0',
        "bash: continue: only meaningful in a `for', `while', or `until' loop",
        'bash: break: abc: numeric argument required',
        '128',
        'bash: break: 0: loop count out of range',
        '1',
        'set by colon',
        ': is a shell builtin',
        '',
      ].join('\n'),
    );
  });
});

describe('read', () => {
  it('takes one line of a pipe per call in a loop, splitting on blanks (the last name takes the rest)', async () => {
    const { run } = headless();
    const r = await run(lines('printf "a b c\\nd e\\nno newline" | while read x y; do echo "x=$x y=$y"; done; echo rc=$?', 'echo "one two" | { read a b; echo "$b $a"; }'));
    expect(r.out).toBe('x=a y=b c\nx=d y=e\nrc=0\ntwo one\n');
  });

  it('reads a redirected file line by line, and returns 1 at its end', async () => {
    const { run } = headless();
    const r = await run(lines('printf "master\\nnode1\\n" > hosts.txt', 'while read h; do echo "[$h]"; done < hosts.txt', 'read first < hosts.txt; echo $first', 'read x < /dev/null; echo rc=$? x=[$x]'));
    expect(r.out).toBe('[master]\n[node1]\nmaster\nrc=1 x=[]\n');
  });

  it('reads the typed line at a terminal (the next script line) into REPLY; -r keeps backslashes', async () => {
    const { run } = headless();
    const r = await run(lines('read name', 'Kim Minji', 'echo "hello $name"', 'read -r', 'C:\\temp', 'echo "$REPLY"', 'read', 'C:\\temp', 'echo "$REPLY"'));
    expect(r.out).toBe('Kim Minji\nhello Kim Minji\nC:\\temp\nC:\\temp\nC:\\temp\nC:temp\n');
  });

  it('refuses names that are not identifiers and unknown options', async () => {
    const { run } = headless();
    const r = await run(lines('echo x | read 1x; echo $?', 'echo x | read -q v; echo $?'));
    expect(r.out).toBe("bash: read: `1x': not a valid identifier\n1\nbash: read: -q: invalid option\nread: usage: read [-ers] [-a array] [-d delim] [-i text] [-n nchars] [-N nchars] [-p prompt] [-t timeout] [-u fd] [name ...]\n2\n");
  });
});

describe('a piped session line that never ends', () => {
  it('is interrupted as by Ctrl-C past the command limit, and the session goes on', async () => {
    const cut: string[] = [];
    const { run } = headless({ commandLimit: { virtualMs: 60 * 60_000, steps: 5_000, onCut: (line, why) => cut.push(`${line}: ${why}`) } });
    const r = await run(lines('while true; do :; done', 'echo after $?'));
    expect(r.out).toBe('^C\nafter 130\n');
    expect(cut).toEqual(['while true; do :; done: it ran more than 5,000 shell steps']);
  });
});
