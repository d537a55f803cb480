// `case` and `[[ … ]]`, as learners write them in loops over kubectl output.
import { describe, expect, it } from 'vitest';
import { headless, lines } from './helpers.ts';


describe('case', () => {
  it('runs the first item whose pattern matches (globs, | alternatives, an optional opening paren)', async () => {
    const { run } = headless();
    const r = await run(
      lines(
        'for p in Running Pending CrashLoopBackOff; do case $p in',
        '  Running) echo "$p: ok";;',
        '  Pend*|ContainerCreating) echo "$p: wait";;',
        '  (*) echo "$p: look at it";;',
        'esac; done',
        'case deploy/web in */*) echo has-slash ;; esac',
        'case "a b" in "a b") echo quoted ;; esac; echo rc=$?',
        'case zzz in a) echo no;; esac; echo rc=$?',
      ),
    );
    expect(r.out).toBe('Running: ok\nPending: wait\nCrashLoopBackOff: look at it\nhas-slash\nquoted\nrc=0\nrc=0\n');
  });

  it('says where a case is malformed, and waits for esac', async () => {
    const { run } = headless();
    expect((await run(lines('case x in a) echo a;; b echo b;; esac'))).out).toBe("bash: syntax error near unexpected token `echo'\n");
    expect((await run(lines('case x in'))).out).toBe('bash: syntax error: unexpected end of file\n');
  });
});

describe('[[ … ]]', () => {
  it('does not split words, matches == against a pattern unless quoted, and combines with && || !', async () => {
    const { run } = headless();
    const r = await run(
      lines(
        'x=; [[ -n $x ]] || echo empty-is-empty',
        'img=nginx:1.25; [[ $img == nginx:* ]] && echo glob',
        '[[ $img == "nginx:*" ]] || echo quoted-is-literal',
        '[[ $img != *alpine* && ! -d /nope ]] && echo and-not',
        '[[ $((2+2)) -eq 4 || nope ]] && echo arith',
        'n=3; [[ n -gt 2 ]] && echo names-are-variables',
        '[[ apple < banana ]] && echo string-order',
        '[[ -f /etc/hosts && -d /etc ]] && echo files',
        '[[ ( a == b ) || ( c == c ) ]] && echo parens',
      ),
    );
    expect(r.out).toBe('empty-is-empty\nglob\nquoted-is-literal\nand-not\narith\nnames-are-variables\nstring-order\nfiles\nparens\n');
  });

  it('=~ matches a regular expression and keeps the match in BASH_REMATCH', async () => {
    const { run } = headless();
    const r = await run(lines('v=v1.32.4; [[ $v =~ ^v1\\.(3[0-9])\\. ]] && echo "minor ok: $BASH_REMATCH"', '[[ 1.2 =~ "1.2" ]] && echo literal', '[[ 1x2 =~ "1.2" ]] || echo quoted-dot-is-a-dot'));
    expect(r.out).toBe('minor ok: v1.32.\nliteral\nquoted-dot-is-a-dot\n');
  });

  it('is a keyword; an empty one is a syntax error', async () => {
    const { run } = headless();
    const r = await run(lines('type [[ case', '[[ ]]'));
    expect(r.out).toBe("[[ is a shell keyword\ncase is a shell keyword\nbash: syntax error near unexpected token `]]'\n");
  });
});
