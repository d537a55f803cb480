import { describe, expect, it } from 'vitest';
import { createHosts } from '../../../src/cluster/hosts/index.ts';
import { humanAgo, humanSize } from '../../../src/cluster/docker/index.ts';
import { parseDockerfile } from '../../../src/cluster/docker/build.ts';

describe('docker engine', () => {
  it('formats sizes and ages as the docker CLI does', () => {
    expect(humanSize(471264873)).toBe('471MB');
    expect(humanSize(2155103)).toBe('2.16MB');
    expect(humanAgo(65_000)).toBe('About a minute ago');
    expect(humanAgo(3 * 24 * 3600_000)).toBe('3 days ago');
  });

  it('joins continued Dockerfile lines and keeps their line numbers', () => {
    expect(parseDockerfile('# c\nFROM alpine\nRUN echo a \\\n  && echo b\nCMD ["sh"]\n').map((i) => [i.line, i.op])).toEqual([[2, 'FROM'], [3, 'RUN'], [5, 'CMD']]);
  });

  it('builds for the host architecture unless --platform says otherwise, and COPY needs its source', () => {
    let now = Date.UTC(2026, 10, 22);
    const hosts = createHosts(() => now);
    const master = hosts.machine('master')!;
    master.fs.mkdir('/root/x', { parents: true });
    master.fs.write('/root/x/Dockerfile', 'FROM nginx:1.25\nCOPY index.html /usr/share/nginx/html/\n');
    const missing = master.docker!.run(['build', '-t', 'web:1', '.'], { cwd: '/root/x' });
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/^ERROR: failed to solve: failed to compute cache key: failed to calculate checksum of ref [0-9a-f]+::[0-9a-f]+: "\/index.html": not found\n$/);
    master.fs.write('/root/x/index.html', '<h1>hi</h1>\n');
    now += 1000;
    expect(master.docker!.run(['build', '-t', 'web:1', '.'], { cwd: '/root/x' }).code).toBe(0);
    expect(master.docker!.find('web:1')).toMatchObject({ architecture: 'amd64', program: { kind: 'nginx' } });
    expect(master.docker!.run(['build', '--platform', 'linux/arm64', '-t', 'web:arm', '.'], { cwd: '/root/x' }).code).toBe(0);
    expect(master.docker!.find('web:arm')!.architecture).toBe('arm64');
  });
});
