import { describe, expect, it } from 'vitest';
import { headless, lines } from './helpers.ts';

const DATA = 'printf "b 2\\na 10\\nc 1\\na 10\\n" > data.txt';

async function sh(...ls: string[]) {
  const { run, cluster } = headless();
  const r = await run(lines(...ls));
  return { ...r, cluster, fs: cluster.hosts.get('master')!.fs };
}

describe('text filters', () => {
  it('grep: -n -v -c -i -E -w -o, exit 1 on no match, 2 on a missing file', async () => {
    const r = await sh(DATA, 'grep -n a data.txt', 'grep -v a data.txt', 'grep -c 10 data.txt', 'grep -iE "B|C" data.txt', 'grep -w 1 data.txt', "grep -o '[0-9]\\+' data.txt | tail -1", 'grep zzz data.txt; echo rc=$?', 'grep x nofile; echo rc=$?');
    expect(r.out).toBe(['2:a 10', '4:a 10', 'b 2', 'c 1', '2', 'b 2', 'c 1', 'c 1', '10', 'rc=1', 'grep: nofile: No such file or directory', 'rc=2', ''].join('\n'));
  });

  it('grep -A shows context after a match with -- between groups', async () => {
    const r = await sh('printf "x\\n1\\n2\\nx\\n3\\n4\\n5\\n" | grep -A1 x');
    expect(r.out).toBe('x\n1\n--\nx\n3\n');
  });

  it('grep and sed (basic regex): ^ and $ anchor only at the ends, literal in the middle, as GNU does', async () => {
    const r = await sh("echo 'in $PATH: x' | grep -o 'in $PATH'", "echo 'a^b' | grep -c 'a^b'", "echo 'ab' | grep -c 'b$'", "echo abb | sed 's/b$/X/'", "echo 'x$y' | sed 's/x$y/ok/'");
    expect(r.out).toBe('in $PATH\n1\n1\nabX\nok\n');
  });

  it('head and tail with -n N, -N and +N', async () => {
    const r = await sh('seq 10 > n', 'head -n 2 n', 'head -3 n | tail -1', 'tail -n 2 n', 'tail -n +9 n', 'head -n -8 n');
    expect(r.out).toBe('1\n2\n3\n9\n10\n9\n10\n1\n2\n');
  });

  it('wc pads like GNU wc: unpadded single count, width 7 for stdin', async () => {
    const r = await sh(DATA, 'wc -l data.txt', 'wc data.txt', 'cat data.txt | wc', 'cat data.txt | wc -l');
    expect(r.out).toBe('4 data.txt\n 4  8 18 data.txt\n      4       8      18\n4\n');
  });

  it('cut -d -f and -c', async () => {
    const r = await sh('echo "pod/web-1 x" | cut -d/ -f2', 'echo "a:b:c:d" | cut -d: -f1,3-', 'echo abcdef | cut -c2-4', 'echo x | cut');
    expect(r.out).toBe("web-1 x\na:c:d\nbcd\ncut: you must specify a list of bytes, characters, or fields\nTry 'cut --help' for more information.\n");
  });

  it('sort -n -r -u -k and uniq -c', async () => {
    const r = await sh(DATA, 'sort data.txt', 'sort -k2 -n data.txt | head -1', 'sort -rn -k2 data.txt | head -1', 'sort -u data.txt | wc -l', 'sort data.txt | uniq -c');
    expect(r.out).toBe('a 10\na 10\nb 2\nc 1\nc 1\na 10\n3\n      2 a 10\n      1 b 2\n      1 c 1\n');
  });

  it('tr maps ranges and deletes', async () => {
    const r = await sh('echo hello | tr a-z A-Z', 'echo hello | tr -d l', "echo 'a b' | tr ' ' '\\n'");
    expect(r.out).toBe('HELLO\nheo\na\nb\n');
  });

  it('base64 encodes (wrapping at 76), -w0, and decodes; rejects bad input', async () => {
    const r = await sh('echo -n hello | base64', 'echo aGVsbG8= | base64 -d; echo', 'echo hello world | base64 -w0; echo', 'printf "%080d" 0 | base64 | wc -l', 'echo "%%%" | base64 -d');
    expect(r.out).toBe('aGVsbG8=\nhello\naGVsbG8gd29ybGQK\n2\nbase64: invalid input\n');
  });

  it('sed substitutes to stdout and in place with -i, other delimiters, -e, Nd', async () => {
    const r = await sh("echo 'image: nginx:1.14' > d.yaml", "sed -i 's/1.14/1.16/' d.yaml", 'cat d.yaml', "sed 's|nginx|httpd|g' d.yaml", "printf 'a\\nb\\nc\\n' | sed -e 2d -e 's/c/C/'", "sed 's/x/' d.yaml");
    expect(r.fs.read('/root/d.yaml')).toBe('image: nginx:1.16\n');
    expect(r.out).toBe("image: nginx:1.16\nimage: httpd:1.16\na\nC\nsed: -e expression #1, char 4: unterminated `s' command\n");
  });

  it('awk prints fields', async () => {
    const r = await sh("printf 'NAME READY\\nweb 1/1\\n' | awk '{print $1}'", "echo a:b | awk -F: '{print $2, $1}'", "printf 'x 1\\ny 2\\n' | awk 'NR==2 {print $NF}'");
    expect(r.out).toBe('NAME\nweb\nb a\n2\n');
  });

  it('echo -n and -e', async () => {
    const r = await sh('echo -n a; echo b', 'echo -e "x\\ty"', 'echo "x\\ty"');
    expect(r.out).toBe('ab\nx\ty\nx\\ty\n');
  });
});

describe('files', () => {
  it('mkdir -p, ls, rm -r, touch, cp, mv with GNU messages', async () => {
    const r = await sh('mkdir -p a/b/c && ls a/b', 'mkdir a', 'touch t1 t2; ls t*', 'cp t1 a/; ls a', 'mv t2 t3; ls t*', 'rm a', 'rm -r a; ls -d a', 'rm nofile', 'rm -f nofile; echo $?');
    expect(r.out).toBe(
      [
        'c',
        'mkdir: cannot create directory ‘a’: File exists',
        't1',
        't2',
        'b',
        't1',
        't1',
        't3',
        'rm: cannot remove ‘a’: Is a directory',
        'ls: cannot access a: No such file or directory',
        'rm: cannot remove ‘nofile’: No such file or directory',
        '0',
        '',
      ].join('\n'),
    );
  });

  it('ls -l aligns sizes like GNU ls; ls -a shows dot files', async () => {
    const r = await sh('mkdir k; cd k; echo hello > a.txt; printf "%0200d" 0 > b.txt', 'ls -l', 'ls -a', 'ls nope');
    expect(r.out).toBe(
      'total 8\n-rw-r--r--. 1 root root   6 Nov 22 01:36 a.txt\n-rw-r--r--. 1 root root 200 Nov 22 01:36 b.txt\n' +
        '.\n..\na.txt\nb.txt\n' +
        'ls: cannot access nope: No such file or directory\n',
    );
  });

  it('cat reports missing files and directories', async () => {
    const r = await sh('cat nofile', 'cat /root', 'echo $?');
    expect(r.out).toBe('cat: nofile: No such file or directory\ncat: /root: Is a directory\n1\n');
  });

  it('cd, pwd, cd - and ~', async () => {
    const r = await sh('cd /etc && pwd', 'cd - ', 'pwd', 'cd /nope', 'echo ~ ~/x', 'cd /etc/hosts');
    expect(r.out).toBe('/etc\n/root\n/root\nbash: cd: /nope: No such file or directory\n/root /root/x\nbash: cd: /etc/hosts: Not a directory\n');
  });

  it('globs match files in the directory; unmatched globs stay literal', async () => {
    const r = await sh('touch a.yaml b.yaml c.txt', 'echo *.yaml', 'echo *.json', "echo '*.yaml'");
    expect(r.out).toBe('a.yaml b.yaml\n*.json\n*.yaml\n');
  });

  it('tee writes a copy', async () => {
    const r = await sh('echo hi | tee copy.txt', 'cat copy.txt');
    expect(r.out).toBe('hi\nhi\n');
  });
});

describe('shell builtins and system commands', () => {
  it('type, which, alias k=kubectl', async () => {
    const r = await sh('type kubectl cd', 'which kubectl', 'alias k=kubectl', 'type k', 'alias k', 'which nope');
    expect(r.out).toBe(
      "kubectl is /usr/bin/kubectl\ncd is a shell builtin\n/usr/bin/kubectl\nk is aliased to `kubectl'\nalias k='kubectl'\n/usr/bin/which: no nope in (/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/root/bin)\n",
    );
  });

  it('date comes from the cluster clock; hostname and whoami', async () => {
    const r = await sh('date', 'date +%Y-%m-%dT%H:%M', 'hostname', 'whoami');
    expect(r.out).toBe('Sun Nov 22 01:36:58 UTC 2026\n2026-11-22T01:36\nmaster\nroot\n');
  });

  it('headless sleep advances the cluster clock (1.5, 10s, 2m)', async () => {
    const r = await sh('sleep 1.5', 'sleep 10s', 'sleep 2m', 'date', 'sleep abc');
    expect(r.cluster.advanced).toEqual([1500, 10000, 120000]);
    expect(r.out).toBe("Sun Nov 22 01:39:09 UTC 2026\nsleep: invalid time interval ‘abc’\nTry 'sleep --help' for more information.\n");
  });

  it('history lists numbered entries like bash', async () => {
    const { session, run } = headless();
    await run(lines('echo a', 'kubectl get pods 2>/dev/null; true'));
    let out = '';
    await session.run('history', (s) => (out += s));
    expect(out).toBe('    1  echo a\n    2  kubectl get pods 2>/dev/null; true\n    3  history\n');
  });

  it('help describes the shell', async () => {
    const r = await sh('help');
    expect(r.out).toContain('kubectl');
    expect(r.out).toContain('sleep N');
  });

  it('xargs passes stdin words as arguments', async () => {
    const r = await sh('printf "a\\nb\\n" | xargs echo got');
    expect(r.out).toBe('got a b\n');
  });
});

describe('/dev/null', () => {
  it('swallows output and creates no file', async () => {
    const r = await sh('cat nofile 2>/dev/null; echo rc=$?', 'echo hi > /dev/null', 'cat /dev/null | wc -c');
    expect(r.out).toBe('rc=1\n0\n');
    expect(r.fs.exists('/dev/null')).toBe(false);
  });
});

describe('environment', () => {
  it('env lists variables in the order they were set; printenv prints values and fails on unset ones', async () => {
    const r = await sh('export ZED=last', 'export ALPHA=first', 'env | grep -E "^(ZED|ALPHA)="', 'printenv ZED ALPHA', 'printenv NOPE; echo "status $?"');
    expect(r.out).toBe('ZED=last\nALPHA=first\nlast\nfirst\nstatus 1\n');
  });
});
