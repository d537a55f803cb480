import { describe, expect, it } from 'vitest';
import { parse } from '../../src/shell/parser.ts';
import { echoStdin, headless, lines } from './helpers.ts';


describe('quoting and expansion', () => {
  it('keeps quoted spaces, drops quotes, honours backslashes', async () => {
    const { run } = headless();
    const r = await run(lines(`echo hello "wor  ld" 'a  b' a\\ b \\$x`, `echo 'it''s' "a\\"b"`));
    expect(r.out).toBe('hello wor  ld a  b a b $x\nits a"b\n');
  });

  it('expands $VAR and ${VAR}, not inside single quotes', async () => {
    const { run } = headless();
    const r = await run(lines('X=5', 'echo $X ${X}y "$X" \'$X\'', 'echo "${UNSET:-fallback}" ${#X}'));
    expect(r.out).toBe('5 5y 5 $X\nfallback 1\n');
  });

  it('VAR=value before a command sets it for that command only', async () => {
    const { run } = headless();
    const r = await run(lines('FOO=1 env | grep FOO', 'echo "[$FOO]"', 'export FOO=2', 'env | grep FOO'));
    expect(r.out).toBe('FOO=1\n[]\nFOO=2\n');
  });

  it('runs nested $(…) and backtick substitutions, splitting unquoted results', async () => {
    const { run } = headless();
    const r = await run(lines('echo $(echo a $(echo b)) `echo c`', 'v=$(printf "x   y\\n\\n")', 'echo "$v"', 'echo $v'));
    expect(r.out).toBe('a b c\nx   y\nx y\n');
  });

  it('sets $? and runs && / || / ; lists', async () => {
    const { run } = headless();
    const r = await run(lines('false; echo $?', 'true && echo and', 'false && echo never', 'false || echo or && echo then'));
    expect(r.out).toBe('1\nand\nor\nthen\n');
  });

  it('treats # as a comment only at the start of a word', async () => {
    const { run } = headless();
    const r = await run(lines('echo a#b # comment here', '# whole line'));
    expect(r.out).toBe('a#b\n');
  });

  it('evaluates $((…)), for, while and if', async () => {
    const { run } = headless();
    const r = await run(lines('echo $((2+3*4))', 'for i in 1 2; do echo n$i; done', 'n=0; while [ $n -lt 2 ]; do n=$((n+1)); echo w$n; done', 'if [ -d /root ]; then echo dir; else echo no; fi'));
    expect(r.out).toBe('14\nn1\nn2\nw1\nw2\ndir\n');
  });
});

describe('process substitution', () => {
  it('<(…) reads as a file, and sourcing kubectl completion (as the notes do) quietly succeeds', async () => {
    const { run, cluster } = headless({ programs: { kubectl: async (ctx) => (ctx.out('# bash completion V2 for kubectl\n__start_kubectl() { :; }\n'), 0) } });
    const r = await run(lines('cat <(echo hi)', 'wc -l <(printf "a\\nb\\n")', 'source <(kubectl completion bash); echo rc=$?'));
    expect(r.out).toBe('hi\n2 /dev/fd/63\nrc=0\n');
    expect(cluster.hosts.get('master')!.fs.exists('/dev/fd/63')).toBe(false);
  });
});

describe('pipes and redirects', () => {
  it('pipes stdout into the next command, stderr past it', async () => {
    const { run } = headless();
    const r = await run(lines('printf "b\\na\\nb\\n" | sort | uniq -c', 'cat nofile | wc -l'));
    expect(r.out).toBe('      1 a\n      2 b\ncat: nofile: No such file or directory\n0\n');
  });

  it('writes, appends and reads files; 2> and 2>&1 route errors', async () => {
    const { run, cluster } = headless();
    const r = await run(lines('echo one > f.txt', 'echo two >> f.txt', 'wc -l < f.txt', 'cat nofile 2> err.txt', 'cat nofile > all.txt 2>&1', 'cat err.txt all.txt', 'ls nofile &> both.txt; cat both.txt'));
    expect(cluster.hosts.get('master')!.fs.read('/root/f.txt')).toBe('one\ntwo\n');
    expect(r.out).toBe('2\n' + 'cat: nofile: No such file or directory\n'.repeat(2) + 'ls: cannot access nofile: No such file or directory\n');
  });

  it('reports a redirect into a missing directory like bash', async () => {
    const { run } = headless();
    const r = await run('echo x > /nope/f\n');
    expect(r.out).toBe('bash: /nope/f: No such file or directory\n');
    expect(r.status).toBe(1);
  });
});

describe('here-documents', () => {
  it('writes a heredoc into a file with expansion', async () => {
    const { run, cluster } = headless();
    const r = await run(lines('NAME=web', 'cat > web.yaml <<EOF', 'metadata:', '  name: $NAME', '  at: $(echo now)', 'EOF', 'cat web.yaml'));
    expect(cluster.hosts.get('master')!.fs.read('/root/web.yaml')).toBe('metadata:\n  name: web\n  at: now\n');
    expect(r.out).toBe('metadata:\n  name: web\n  at: now\n');
  });

  it("does not expand a quoted delimiter ('EOF') and strips tabs with <<-", async () => {
    const { run } = headless();
    const r = await run(lines("cat <<'EOF'", 'raw $HOME $(x)', 'EOF', 'cat <<-END', '\tindented $HOME', '\tEND'));
    expect(r.out).toBe('raw $HOME $(x)\nindented /root\n');
  });

  it('feeds `cat <<EOF | prog -f -` to the program on stdin', async () => {
    const { run } = headless({ programs: { kubectl: echoStdin } });
    const r = await run(lines('cat <<EOF | kubectl apply -f -', 'apiVersion: v1', 'kind: Namespace', 'EOF', 'echo after'));
    expect(r.out).toBe('args=["apply","-f","-"]\nstdin="apiVersion: v1\\nkind: Namespace\\n"\nafter\n');
  });

  it('warns when input ends before the delimiter, as bash does', async () => {
    const { run } = headless();
    const r = await run(lines('echo first', 'cat <<EOF', 'only line'));
    expect(r.out).toBe("first\nbash: warning: here-document at line 2 delimited by end-of-file (wanted `EOF')\nonly line\n");
  });
});

describe('syntax', () => {
  it('knows when more input is needed', () => {
    for (const text of ["echo 'open", 'echo "open', 'echo a |', 'echo a &&', 'echo a \\', 'cat <<EOF', 'echo $(echo', 'for i in 1; do']) {
      expect(parse(text).kind, text).toBe('incomplete');
    }
    expect(parse('cat <<EOF\nbody\nEOF').kind).toBe('ok');
  });

  it("reports unexpected tokens like bash and sets $? to 2", async () => {
    const { run } = headless();
    const r = await run(lines('| grep x', 'echo $?', 'echo >', 'echo a ;; b', 'fi'));
    expect(r.out).toBe(
      "bash: syntax error near unexpected token `|'\n2\n" +
        "bash: syntax error near unexpected token `newline'\n" +
        "bash: syntax error near unexpected token `;;'\n" +
        "bash: syntax error near unexpected token `fi'\n",
    );
  });

  it('continues an unclosed quote onto the next line', async () => {
    const { run } = headless();
    const r = await run(lines("echo 'one", "two'"));
    expect(r.out).toBe('one\ntwo\n');
  });

  it('says command not found with status 127', async () => {
    const { run } = headless();
    const r = await run(lines('kubectll get pods', 'echo $?', './run.sh'));
    expect(r.out).toBe('bash: kubectll: command not found\n127\nbash: ./run.sh: No such file or directory\n');
  });
});
