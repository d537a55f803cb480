// Shell functions as learners write them at the prompt: arguments, "$@", local, return, type.
import { describe, expect, it } from 'vitest';
import { headless, lines } from './helpers.ts';


describe('shell functions', () => {
  it('take arguments as $1 $# "$@" (one word each), and the caller\'s come back afterwards', async () => {
    const { run } = headless();
    const r = await run(
      lines(
        'f() { echo "in f: $1 ($# args)"; }; f x y',
        'h () {',
        '  for p in "$@"; do',
        '    [[ $p == skip ]] && continue',
        '    echo "item $p"',
        '  done',
        '}',
        'h one skip "two words"',
        'outer() { f inner; echo "outer still has $1"; }; outer mine',
      ),
    );
    expect(r.out).toBe('in f: x (2 args)\nitem one\nitem two words\nin f: inner (1 args)\nouter still has mine\n');
  });

  it('local keeps a variable to the function; return sets its status', async () => {
    const { run } = headless();
    const r = await run(lines('function g { local v=inner; echo "g: $v"; return 3; }', 'v=outer; g; echo "rc=$? v=$v"', 'ok() { true; return; }; ok; echo rc=$?'));
    expect(r.out).toBe('g: inner\nrc=3 v=outer\nrc=0\n');
  });

  it('type shows a function as bash does; return and local outside one are errors', async () => {
    const { run } = headless();
    const r = await run(lines('greet() { echo hi; echo "bye $1"; }', 'type greet', 'return', 'local x=1'));
    expect(r.out).toBe("greet is a function\ngreet () \n{ \n    echo hi;\n    echo \"bye $1\"\n}\nbash: return: can only `return' from a function or sourced script\nbash: local: can only be used in a function\n");
  });

  it('endless recursion stops with bash\'s nesting-limit message instead of hanging the page', async () => {
    const { run } = headless();
    const r = await run(lines('loop() { loop; }; loop 2>&1 | head -1'));
    expect(r.out).toBe('bash: loop: maximum function nesting level exceeded (1000)\n');
  });
});
