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

  it('inspects images as Docker prints them, with --format templates', () => {
    const now = Date.UTC(2026, 10, 22);
    const hosts = createHosts(() => now);
    const docker = hosts.machine('master')!.docker!;
    expect(docker.run(['pull', 'nginx:1.27'], { cwd: '/root' }).code).toBe(0);
    const full = docker.run(['image', 'inspect', 'nginx:1.27'], { cwd: '/root' });
    expect(full.code).toBe(0);
    const parsed = JSON.parse(full.out);
    expect(Object.keys(parsed[0])).toEqual(['Id', 'RepoTags', 'RepoDigests', 'Parent', 'Comment', 'Created', 'DockerVersion', 'Author', 'Config', 'Architecture', 'Os', 'Size', 'GraphDriver', 'RootFS', 'Metadata']);
    expect(full.out).toContain('\n        "Architecture": "amd64",\n        "Os": "linux",\n');
    expect(parsed[0].Config.Cmd).toEqual(['nginx', '-g', 'daemon off;']);
    expect(docker.run(['image', 'inspect', '--format', '{{.Architecture}}/{{.Os}}', 'nginx:1.27'], { cwd: '/root' }).out).toBe('amd64/linux\n');
    expect(docker.run(['inspect', '-f', '{{json .Config.Cmd}}', 'nginx:1.27'], { cwd: '/root' }).out).toBe('["nginx","-g","daemon off;"]\n');
    expect(docker.run(['inspect', '-f', '{{.Config.ExposedPorts}} {{.Nope}}', 'nginx:1.27'], { cwd: '/root' }).out).toBe('map[80/tcp:map[]] <no value>\n');
    expect(docker.run(['image', 'inspect', 'nope'], { cwd: '/root' })).toEqual({ code: 1, out: '[]\n', err: 'Error: No such image: nope\n' });
    expect(docker.run(['inspect', 'nope'], { cwd: '/root' })).toEqual({ code: 1, out: '[]\n', err: 'Error: No such object: nope\n' });
  });

  it('shows the architecture an image was built for', () => {
    const hosts = createHosts(() => Date.UTC(2026, 10, 22));
    const master = hosts.machine('master')!;
    master.fs.mkdir('/root/x', { parents: true });
    master.fs.write('/root/x/Dockerfile', 'FROM alpine:3.20\nCMD ["sh"]\n');
    expect(master.docker!.run(['build', '--platform', 'linux/arm64', '-t', 'app:1', '.'], { cwd: '/root/x' }).code).toBe(0);
    expect(master.docker!.run(['image', 'inspect', '-f', '{{.Architecture}} {{.Comment}}', 'app:1'], { cwd: '/root' }).out).toBe('arm64 buildkit.dockerfile.v0\n');
  });

  it('login -p prints both warnings before Login Succeeded', () => {
    const hosts = createHosts(() => Date.UTC(2026, 10, 22));
    const r = hosts.machine('harbor')!.docker!.run(['login', 'msa.harbor.com', '-u', 'admin', '-p', 'Harbor12345'], { cwd: '/root' });
    expect(r).toMatchObject({ code: 0, out: 'Login Succeeded\n', errFirst: true });
    expect(r.err).toBe(
      'WARNING! Using --password via the CLI is insecure. Use --password-stdin.\nWARNING! Your password will be stored unencrypted in /root/.docker/config.json.\nConfigure a credential helper to remove this warning. See\nhttps://docs.docker.com/engine/reference/commandline/login/#credentials-store\n\n',
    );
  });
});
