import { describe, expect, it } from 'vitest';
import { vtTerminal } from './vt.ts';
import { Vim } from '../../../src/shell/editor/vim.ts';
import { scriptLineKeys } from '../../../src/shell/editor/keys.ts';
import { createHosts } from '../../../src/cluster/hosts/index.ts';

const HOSTS = '127.0.0.1   localhost localhost.localdomain\n::1         localhost localhost.localdomain\n';
const PROMPT = '[root@master ~]# ';

/** A Vim over a fresh machine's files, driven by keys written in Vim's <Esc> notation. */
function vim(content: string | null, file = '/root/f.txt', now = () => 0) {
  const fs = createHosts(() => 0).get('master')!.fs;
  if (content !== null) fs.write(file, content);
  const v = new Vim({ fs, cwd: '/root', file, now });
  const press = (keys: string) => {
    for (const k of scriptLineKeys(keys).slice(0, -1)) v.feed(k);
  };
  const bottom = () => v.frame(80, 24).lines[23].replace(/\x1b\[[0-9;]*m/g, '');
  return { v, fs, press, bottom };
}

describe('vim in the browser terminal', () => {
  it('opens the file on the alternate screen with ~ rows, the file message and the ruler', async () => {
    const t = vtTerminal();
    t.fs.write('/etc/hosts', HOSTS);
    await t.type('vi /etc/hosts\r');
    expect(t.vt.onAlt).toBe(true);
    const lines = t.vt.lines();
    expect(lines.slice(0, 3)).toEqual(['127.0.0.1   localhost localhost.localdomain', '::1         localhost localhost.localdomain', '~']);
    expect(lines.slice(2, 23).every((l) => l === '~')).toBe(true);
    expect(lines[23]).toBe('"/etc/hosts" 2L, 88C' + ' '.repeat(42) + '1,1           All');
    expect(t.vt.cursor).toEqual([0, 0]);
  });

  it('inserts a line, deletes another, :wq writes the file and the shell prompt comes back', async () => {
    const t = vtTerminal();
    t.fs.write('/etc/hosts', HOSTS);
    await t.type('vim /etc/hosts\r');
    await t.type('Go10.0.0.5 msa.harbor.com');
    expect(t.vt.lines()[23]).toMatch(/^-- INSERT -- +3,24 +All$/);
    expect(t.vt.lines()[2]).toBe('10.0.0.5 msa.harbor.com');
    await t.type('\x1bggdd');
    expect(t.vt.lines().slice(0, 3)).toEqual(['::1         localhost localhost.localdomain', '10.0.0.5 msa.harbor.com', '~']);
    await t.type(':wq');
    expect(t.vt.lines()[23]).toBe(':wq');
    await t.type('\r');
    expect(t.fs.read('/etc/hosts')).toBe('::1         localhost localhost.localdomain\n10.0.0.5 msa.harbor.com\n');
    expect(t.vt.onAlt).toBe(false);
    expect(t.vt.lines()).toEqual([PROMPT + 'vim /etc/hosts', PROMPT.trimEnd()]);
    await t.type('hostname\r');
    expect(t.vt.lines().slice(-2)).toEqual(['master', PROMPT.trimEnd()]);
  });

  it(':q on a changed buffer refuses with E37; :q! leaves without writing', async () => {
    const t = vtTerminal();
    t.fs.write('/etc/hosts', HOSTS);
    await t.type('vi /etc/hosts\r');
    await t.type('x:q\r');
    expect(t.vt.onAlt).toBe(true);
    expect(t.vt.lines()[23]).toMatch(/^E37: No write since last change \(add ! to override\) +1,1 +All$/);
    await t.type(':q!\r');
    expect(t.vt.onAlt).toBe(false);
    expect(t.fs.read('/etc/hosts')).toBe(HOSTS);
  });

  it('Ctrl-C inside vim is a key for vim, not an interrupt for the shell', async () => {
    const t = vtTerminal();
    t.fs.write('/etc/hosts', HOSTS);
    await t.type('vi /etc/hosts\r');
    await t.type('\x03');
    expect(t.vt.onAlt).toBe(true);
    expect(t.session.busy).toBe(true);
    expect(t.vt.lines()[23]).toMatch(/^Type {2}:quit<Enter> {2}to exit Vim +1,1 +All$/);
    await t.type('ix\x03');
    expect(t.vt.lines()[23]).not.toContain('INSERT');
    await t.type(':wq\r');
    expect(t.session.busy).toBe(false);
    expect(t.fs.read('/etc/hosts')).toBe('x' + HOSTS);
  });

  it('keys typed ahead of the editor go to it, and a resize redraws at the new height', async () => {
    const t = vtTerminal({ height: 10 });
    t.session.input('vi /tmp/new.txt\rihello');
    await t.settle();
    expect(t.vt.lines()[0]).toBe('hello');
    expect(t.vt.lines()[9]).toMatch(/^-- INSERT --/);
    t.session.resize(80, 6);
    await t.settle();
    expect(t.vt.lines().slice(0, 6)).toEqual(['hello', '~', '~', '~', '~', expect.stringMatching(/^-- INSERT -- +1,6 +All$/)]);
    await t.type('\x1b:wq\r');
    expect(t.fs.read('/tmp/new.txt')).toBe('hello\n');
  });

  it('scrolls a long file and keeps the cursor on the screen', async () => {
    const t = vtTerminal({ height: 10 });
    t.fs.write('/root/n.txt', Array.from({ length: 100 }, (_, i) => `line ${i + 1}`).join('\n') + '\n');
    await t.type('vi n.txt\r');
    expect(t.vt.lines()[9]).toMatch(/"n.txt" 100L, 792C +1,1 +Top$/);
    await t.type('G');
    expect(t.vt.lines().slice(0, 9)).toEqual(Array.from({ length: 9 }, (_, i) => `line ${i + 92}`));
    expect(t.vt.lines()[9]).toMatch(/100,1 +Bot$/);
    await t.type(':50\r');
    expect(t.vt.lines()).toContain('line 50');
    expect(t.vt.lines()[9]).toMatch(/50,1 +\d\d%$/);
    await t.type(':q\r');
    expect(t.vt.onAlt).toBe(false);
  });
});

describe('vim commands', () => {
  const YAML = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web  # the pod\n';

  // each expectation was checked against a real vim with the same keys
  it.each([
    ['dw', ': v1\nkind: Pod\nmetadata:\n  name: web  # the pod\n'],
    ['jjjwcwNAME<Esc>', 'apiVersion: v1\nkind: Pod\nmetadata:\n  NAME: web  # the pod\n'],
    ['ddp', 'kind: Pod\napiVersion: v1\nmetadata:\n  name: web  # the pod\n'],
    ['yyGp', YAML + 'apiVersion: v1\n'],
    ['3x..', 'n: v1\nkind: Pod\nmetadata:\n  name: web  # the pod\n'],
    ['J', 'apiVersion: v1 kind: Pod\nmetadata:\n  name: web  # the pod\n'],
    ['ohey<Esc>j.', 'apiVersion: v1\nhey\nkind: Pod\nhey\nmetadata:\n  name: web  # the pod\n'],
    ['$rX', 'apiVersion: vX\nkind: Pod\nmetadata:\n  name: web  # the pod\n'],
    ['jA<BS><BS><BS>Service<Esc>', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web  # the pod\n'],
    ['ji<BS>, <Esc>', 'apiVersion: v1, kind: Pod\nmetadata:\n  name: web  # the pod\n'],
    ['G$d0', 'apiVersion: v1\nkind: Pod\nmetadata:\nd\n'],
    ['2ddu', YAML],
    ['jdG', 'apiVersion: v1\n'],
    ['/web<CR>D', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: \n'],
    [':%s/\\(name\\): \\(\\w\\+\\)/\\1: app/<CR>', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: app  # the pod\n'],
    [':2,3d<CR>', 'apiVersion: v1\n  name: web  # the pod\n'],
    ['3ia<Esc>', 'aaaapiVersion: v1\nkind: Pod\nmetadata:\n  name: web  # the pod\n'],
    ['jjjwwdaw', 'apiVersion: v1\nkind: Pod\nmetadata:\n  nameweb  # the pod\n'],
  ])('%s', (keys, expected) => {
    const { press, fs, v } = vim(YAML);
    press(keys + '<Esc>:wq<CR>');
    expect(v.done).toBe(true);
    expect(fs.read('/root/f.txt')).toBe(expected);
  });

  it('undo goes back several changes and redo forward again, with Vim 7.4 messages', () => {
    let now = 0;
    const { press, bottom, v } = vim('one\n', '/root/f.txt', () => now);
    press('otwo<Esc>');
    now = 5000;
    press('othree<Esc>');
    now = 7000;
    press('u');
    expect(v.lines).toEqual(['one', 'two']);
    expect(bottom()).toMatch(/^1 line less; before #2 {2}2 seconds ago +2,3 +All$/);
    press('u');
    expect(v.lines).toEqual(['one']);
    expect(v.modified).toBe(false);
    press('u');
    expect(bottom()).toMatch(/^Already at oldest change/);
    press('<C-r><C-r>');
    expect(v.lines).toEqual(['one', 'two', 'three']);
    expect(bottom()).toMatch(/^1 more line; after #2 {2}2 seconds ago/);
  });

  it('search with / and n wraps around with the warning; a missing pattern is E486', () => {
    const { press, bottom, v } = vim('a web\nb\nc web\n');
    press('/web<CR>');
    expect([v.row, v.col]).toEqual([0, 2]);
    expect(bottom()).toMatch(/^\/web +1,3 +All$/);
    press('n');
    expect([v.row, v.col]).toEqual([2, 2]);
    press('n');
    expect([v.row, v.col]).toEqual([0, 2]);
    expect(bottom()).toMatch(/^search hit BOTTOM, continuing at TOP +1,3 +All$/);
    press('/nginx<CR>');
    expect(bottom()).toMatch(/^E486: Pattern not found: nginx/);
  });

  it('writes: the written message, [New] for a new file, E212 where the directory is missing, E32 without a name', () => {
    const a = vim('x\n');
    a.press('ohello<Esc>:w<CR>');
    expect(a.bottom()).toMatch(/^"\/root\/f.txt" 2L, 8C written +2,5 +All$/);
    const b = vim(null, 'notes.txt');
    expect(b.bottom()).toMatch(/^"notes.txt" \[New File\] +0,0-1 +All$/);
    b.press('ihello<Esc>:w<CR>');
    expect(b.bottom()).toMatch(/^"notes.txt" \[New\] 1L, 6C written/);
    expect(b.fs.read('/root/notes.txt')).toBe('hello\n');
    const c = vim(null, '/nope/x');
    expect(c.bottom()).toMatch(/^"\/nope\/x" \[New DIRECTORY\]/);
    c.press('ihi<Esc>:wq<CR>');
    expect(c.bottom()).toMatch(/^"\/nope\/x" E212: Can't open file for writing/);
    expect(c.v.done).toBe(false);
    const d = new Vim({ fs: a.fs, cwd: '/root', now: () => 0 });
    for (const k of scriptLineKeys('ihi<Esc>:wq')) d.feed(k);
    expect(d.frame(80, 24).lines[23]).toContain('E32: No file name');
  });

  it('opening a file without a final newline says [noeol]; ZZ writes it with one', () => {
    const { press, bottom, fs, v } = vim('a\nb');
    expect(bottom()).toMatch(/^"\/root\/f.txt" \[noeol\] 2L, 3C/);
    press('xZZ');
    expect(v.done).toBe(true);
    expect(fs.read('/root/f.txt')).toBe('\nb\n');
  });

  it(':N goes to line N, and deleting every line leaves an empty buffer that writes 0 bytes', () => {
    const { press, bottom, fs } = vim('1\n2\n3\n4\n');
    press(':3<CR>');
    expect(bottom()).toMatch(/3,1 +All$/);
    press('ggdG');
    expect(bottom()).toMatch(/^--No lines in buffer-- +0,0-1 +All$/);
    press(':x<CR>');
    expect(fs.read('/root/f.txt')).toBe('');
  });
});
