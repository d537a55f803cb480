// A container's root starts as a copy of its image's files (copy on write): what one container
// writes, appends or removes must never show in the image or in another container.
import { describe, expect, it } from 'vitest';
import { copyFileSystem, createFileSystem } from '../../../src/cluster/hosts/fs.ts';

function image() {
  const fs = createFileSystem(() => 1000);
  fs.mkdir('/etc/nginx', { parents: true });
  fs.write('/etc/nginx/nginx.conf', 'worker_processes auto;\n');
  fs.write('/etc/hostname', 'image\n');
  return fs;
}

describe('copyFileSystem', () => {
  it('shares the files until a copy changes them, then keeps the change to that copy', () => {
    const base = image();
    let t = 5000;
    const a = copyFileSystem(base, () => t);
    const b = copyFileSystem(base, () => t);
    a.append('/etc/nginx/nginx.conf', 'events {}\n');
    a.write('/etc/hostname', 'web-1\n');
    a.mkdir('/var/cache/nginx', { parents: true });
    b.remove('/etc/nginx', { recursive: true });
    expect(a.read('/etc/nginx/nginx.conf')).toBe('worker_processes auto;\nevents {}\n');
    expect(a.stat('/etc/nginx/nginx.conf')?.mtime).toBe(5000);
    expect(base.read('/etc/nginx/nginx.conf')).toBe('worker_processes auto;\n');
    expect(base.stat('/etc/nginx/nginx.conf')?.mtime).toBe(1000);
    expect(base.read('/etc/hostname')).toBe('image\n');
    expect(base.exists('/var/cache')).toBe(false);
    expect(base.list('/')).toEqual(['etc']);
    expect(a.list('/')).toEqual(['etc', 'var']);
    expect(b.exists('/etc/nginx/nginx.conf')).toBe(false);
    expect(b.list('/etc')).toEqual(['hostname']);
    expect(a.list('/etc')).toEqual(['hostname', 'nginx']);
    expect(base.list('/etc')).toEqual(['hostname', 'nginx']);
  });

  it('keeps a copy whole when the source changes afterwards', () => {
    const base = image();
    const a = copyFileSystem(base, () => 2000);
    base.append('/etc/hostname', 'more\n');
    base.remove('/etc/nginx/nginx.conf');
    expect(a.read('/etc/hostname')).toBe('image\n');
    expect(a.read('/etc/nginx/nginx.conf')).toBe('worker_processes auto;\n');
  });

  it('normalises the paths it is given', () => {
    const fs = image();
    expect(fs.read('/etc//nginx/./nginx.conf')).toBe('worker_processes auto;\n');
    expect(fs.read('/etc/nginx/../hostname')).toBe('image\n');
    expect(fs.isDir('/etc/nginx/')).toBe(true);
    expect(fs.exists('/etc/..nginx')).toBe(false);
  });
});
