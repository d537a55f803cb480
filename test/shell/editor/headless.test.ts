import { describe, expect, it } from 'vitest';
import { headless } from '../helpers.ts';

const HOSTS = '127.0.0.1   localhost\n::1         localhost\n';
const script = (...ls: string[]) => ls.join('\n') + '\n';

function setup() {
  const h = headless();
  const fs = h.cluster.hosts.get('master')!.fs;
  fs.write('/etc/hosts', HOSTS);
  return { ...h, fs };
}

describe('editors in a script (no terminal)', () => {
  it('vi reads the following lines as keystrokes until :wq, printing only the warning', async () => {
    const { run, fs } = setup();
    const r = await run(script('vi /etc/hosts', 'Go10.0.0.5 msa.harbor.com<Esc>:wq', 'tail -1 /etc/hosts'));
    expect(r.out).toBe('Vim: Warning: Input is not from a terminal\n10.0.0.5 msa.harbor.com\n');
    expect(r.status).toBe(0);
    expect(fs.read('/etc/hosts')).toBe(HOSTS + '10.0.0.5 msa.harbor.com\n');
  });

  it('each line ends with Enter; a literal ESC byte works like <Esc>; :q! leaves the file alone', async () => {
    const { run, fs } = setup();
    await run(script('vim /etc/hosts', 'ggOfirst', 'second\x1b:w', 'dd:q', ':q!', 'true'));
    expect(fs.read('/etc/hosts')).toBe('first\nsecond\n' + HOSTS);
  });

  it('when the script ends inside vi: the error vim prints at end of input, status 1, file unchanged', async () => {
    const { run, fs } = setup();
    const r = await run(script('vi /etc/hosts', 'ddx'));
    expect(r).toEqual({ out: 'Vim: Warning: Input is not from a terminal\nVim: Error reading input, exiting...\nVim: Finished.\n', status: 1 });
    expect(fs.read('/etc/hosts')).toBe(HOSTS);
  });

  it('piped input is the keys, as for the real vim', async () => {
    const { run, fs } = setup();
    const r = await run(script("printf 'ihello\\033:wq\\n' | vi /tmp/x.txt; echo rc=$?"));
    expect(r.out).toBe('Vim: Warning: Input is not from a terminal\nrc=0\n');
    expect(fs.read('/tmp/x.txt')).toBe('hello\n');
  });

  it('vi on a node after ssh edits that machine, and the script goes on after exit', async () => {
    // master's own /etc/hosts is what resolves node1, so this test keeps it
    const { run, cluster } = headless();
    const r = await run(script('ssh node1', 'vi /etc/hosts', 'Go10.0.0.5 msa.harbor.com<Esc>:x', 'exit', 'hostname'));
    expect(r.out.split('\n').slice(1)).toEqual(['Vim: Warning: Input is not from a terminal', 'logout', 'Connection to node1 closed.', 'master', '']);
    expect(cluster.hosts.get('node1')!.fs.read('/etc/hosts')).toMatch(/\n10\.0\.0\.5 msa\.harbor\.com\n$/);
  });

  it('nano takes <C-o>-style control keys; at the end of input it dies like nano and saves a .save file', async () => {
    const { run, fs } = setup();
    const r = await run(script('nano /etc/hosts', '<C-k><C-x>y', 'cat /etc/hosts'));
    expect(r.out).toBe('::1         localhost\n');
    const r2 = await run(script('nano /etc/hosts', 'typed'));
    expect(r2).toEqual({ out: 'Received SIGHUP or SIGTERM\n\nBuffer written to /etc/hosts.save\n', status: 1 });
    expect(fs.read('/etc/hosts.save')).toBe('typed\n::1         localhost\n');
  });
});
