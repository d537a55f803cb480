import { describe, expect, it } from 'vitest';
import { vtTerminal } from './vt.ts';

const HOSTS = '127.0.0.1   localhost\n::1         localhost\n';

async function open(content = HOSTS) {
  const t = vtTerminal();
  t.fs.write('/etc/hosts', content);
  await t.type('nano /etc/hosts\r');
  return t;
}

describe('nano 2.3.1', () => {
  it('draws the title bar, the file, the Read message and the two shortcut rows', async () => {
    const t = await open();
    const lines = t.vt.lines();
    expect(t.vt.styled(0)).toBe('«  GNU nano 2.3.1              File: /etc/hosts' + ' '.repeat(34) + '»');
    expect(lines.slice(1, 5)).toEqual(['', '127.0.0.1   localhost', '::1         localhost', '']);
    expect(t.vt.styled(21)).toBe(' '.repeat(32) + '«[ Read 2 lines ]»');
    expect(lines[22]).toBe('^G Get Help  ^O WriteOut  ^R Read File ^Y Prev Page ^K Cut Text  ^C Cur Pos');
    expect(lines[23]).toBe('^X Exit      ^J Justify   ^W Where Is  ^V Next Page ^U UnCut Text^T To Spell');
    expect(t.vt.styled(23).startsWith('«^X» Exit')).toBe(true);
    expect(t.vt.cursor).toEqual([2, 0]);
  });

  it('typing marks the buffer Modified; ^O asks for the name and writes', async () => {
    const t = await open();
    await t.type('\x1b[B\x1b[B10.0.0.5    msa.harbor.com');
    expect(t.vt.lines()[0]).toMatch(/File: \/etc\/hosts +Modified$/);
    expect(t.vt.lines()[4]).toBe('10.0.0.5    msa.harbor.com');
    await t.type('\x0f');
    expect(t.vt.lines()[21]).toBe('File Name to Write: /etc/hosts');
    expect(t.vt.lines()[22]).toBe('^G Get Help         M-D DOS Format      M-A Append          M-B Backup File');
    await t.type('\r');
    expect(t.vt.lines()[21].trim()).toBe('[ Wrote 3 lines ]');
    expect(t.vt.lines()[0]).not.toContain('Modified');
    expect(t.fs.read('/etc/hosts')).toBe(HOSTS + '10.0.0.5    msa.harbor.com\n');
    await t.type('\x18');
    expect(t.vt.onAlt).toBe(false);
    expect(t.session.busy).toBe(false);
  });

  it('^X on a modified buffer asks to save: N discards, ^C cancels, Y saves under the name given', async () => {
    const t = await open();
    await t.type('x\x18');
    expect(t.vt.lines()[21]).toBe('Save modified buffer (ANSWERING "No" WILL DESTROY CHANGES) ?');
    expect(t.vt.lines().slice(22)).toEqual([' Y Yes', ' N No           ^C Cancel']);
    await t.type('\x03');
    expect(t.vt.lines()[21].trim()).toBe('[ Cancelled ]');
    await t.type('\x18n');
    expect(t.vt.onAlt).toBe(false);
    expect(t.fs.read('/etc/hosts')).toBe(HOSTS);
    await t.type('nano /etc/hosts\r');
    await t.type('# \x18y');
    expect(t.vt.lines()[21]).toBe('File Name to Write: /etc/hosts');
    await t.type('\x7f\x7f\x7f\x7f\x7fhosts.new\r');
    expect(t.vt.onAlt).toBe(false);
    expect(t.fs.read('/etc/hosts.new')).toBe('# ' + HOSTS);
    expect(t.fs.read('/etc/hosts')).toBe(HOSTS);
  });

  it('^K cuts lines (consecutive cuts together) and ^U pastes them', async () => {
    const t = await open('a\nb\nc\nd\n');
    await t.type('\x0b\x0b\x1b[B\x1b[B\x15');
    expect(t.vt.lines().slice(2, 6)).toEqual(['c', 'd', 'a', 'b']);
    await t.type('\x18y\r');
    expect(t.fs.read('/etc/hosts')).toBe('c\nd\na\nb\n');
  });

  it('^W finds text (ignoring case, wrapping) and ^C shows the cursor position', async () => {
    const t = await open('server a\nHarbor b\nharbor c\n');
    await t.type('\x17harbor\r');
    expect(t.vt.cursor).toEqual([3, 0]);
    await t.type('\x17\r');
    expect(t.vt.cursor).toEqual([4, 0]);
    await t.type('\x17\r');
    expect(t.vt.cursor).toEqual([3, 0]);
    expect(t.vt.lines()[21].trim()).toBe('[ Search Wrapped ]');
    await t.type('\x17zzz\r');
    expect(t.vt.lines()[21].trim()).toBe('[ "zzz" not found ]');
    await t.type('\x03');
    expect(t.vt.lines()[21].trim()).toBe('[ line 2/4 (50%), col 1/9 (11%), char 9/27 (33%) ]');
  });

  it('a new file says New File; writing where the directory is missing fails with the errno text', async () => {
    const t = vtTerminal();
    await t.type('nano /nope/x.txt\r');
    expect(t.vt.lines()[21].trim()).toBe('[ New File ]');
    await t.type('hi\x0f\r');
    expect(t.vt.lines()[21].trim()).toBe('[ Error writing /nope/x.txt: No such file or directory ]');
  });
});
