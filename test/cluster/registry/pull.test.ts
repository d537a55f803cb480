import { describe, expect, it } from 'vitest';
import { createHosts } from '../../../src/cluster/hosts/index.ts';
import { CONTAINERD_CONFIG } from '../../../src/cluster/hosts/containerd.ts';
import { programFor } from '../../../src/cluster/registry/programs.ts';

const T0 = Date.UTC(2026, 10, 22, 1, 0, 0);

function setup() {
  const hosts = createHosts(() => T0);
  const harbor = hosts.registries.harbor;
  const base = hosts.registries.publicImage({ raw: 'openjdk:17', domain: 'docker.io', path: 'library/openjdk', repository: 'docker.io/library/openjdk', tag: '17', canonical: 'docker.io/library/openjdk:17' }, 'arm64')!;
  const image = { ...base.content, architecture: 'arm64', program: { ...programFor('docker.io/library/openjdk'), kind: 'java-spring' as const, binary: '/usr/local/openjdk-17/bin/java' } };
  harbor.seed('discovery-service', 'latest', { digest: 'sha256:' + 'ab'.repeat(32), manifestSize: 1788, image, pushedAt: T0 });
  harbor.addProject('private', false);
  harbor.seed('private/app', '1.0', { digest: 'sha256:' + 'cd'.repeat(32), manifestSize: 1788, image: { ...image, architecture: 'amd64' }, pushedAt: T0 });
  harbor.addProject('private', false);
  const node1 = hosts.machine('node1')!;
  const fix = (config: string) => {
    node1.fs.write(CONTAINERD_CONFIG, node1.fs.read(CONTAINERD_CONFIG).replace('      [plugins."io.containerd.grpc.v1.cri".registry.mirrors]\n', '      [plugins."io.containerd.grpc.v1.cri".registry.mirrors]\n' + config));
    node1.unit('containerd')!.restart();
  };
  const pull = (img: string, arch = 'amd64') => hosts.registries.resolvePull('node1', img, { architecture: arch });
  return { hosts, node1, fix, pull };
}

const HEAD = 'failed to pull and unpack image "msa.harbor.com/discovery-service:latest": failed to resolve reference "msa.harbor.com/discovery-service:latest"';

describe('pulls from the private Harbor registry', () => {
  it('fail on DNS while the name does not resolve on the node', () => {
    const { pull } = setup();
    expect(pull('msa.harbor.com/discovery-service')).toEqual({
      ok: false,
      code: 'Unknown',
      reason: 'ErrImagePull',
      message: `rpc error: code = Unknown desc = ${HEAD}: failed to do request: Head "https://msa.harbor.com/v2/discovery-service/manifests/latest": dial tcp: lookup msa.harbor.com on 10.0.2.3:53: no such host`,
    });
  });

  it('fail on https (nothing listens on 443) once the name resolves but containerd still uses https', () => {
    const { pull, node1, fix } = setup();
    node1.fs.append('/etc/hosts', '10.0.2.20 msa.harbor.com\n');
    const https = `rpc error: code = Unknown desc = ${HEAD}: failed to do request: Head "https://msa.harbor.com/v2/discovery-service/manifests/latest": dial tcp 10.0.2.20:443: connect: connection refused`;
    expect(pull('msa.harbor.com/discovery-service')).toMatchObject({ ok: false, message: https });
    // the notes' insecure_skip_verify alone does not make containerd speak http
    fix('      [plugins."io.containerd.grpc.v1.cri".registry.configs."msa.harbor.com".tls]\n        insecure_skip_verify = true\n');
    expect(pull('msa.harbor.com/discovery-service')).toMatchObject({ ok: false, message: https });
  });

  it('say "server gave HTTP response to HTTPS client" when https hits the HTTP port', () => {
    const { pull, node1 } = setup();
    node1.fs.append('/etc/hosts', '10.0.2.20 msa.harbor.com\n');
    expect(pull('msa.harbor.com:80/discovery-service')).toMatchObject({ ok: false, message: expect.stringContaining('Head "https://msa.harbor.com:80/v2/discovery-service/manifests/latest": http: server gave HTTP response to HTTPS client') });
  });

  it('succeed with an http endpoint and the name in /etc/hosts; a single-arch arm64 image pulls on amd64', () => {
    const { pull, node1, fix } = setup();
    fix('      [plugins."io.containerd.grpc.v1.cri".registry.mirrors."msa.harbor.com"]\n        endpoint = ["http://msa.harbor.com"]\n');
    expect(pull('msa.harbor.com/discovery-service')).toMatchObject({ ok: false, message: expect.stringContaining('lookup msa.harbor.com on 10.0.2.3:53: no such host') });
    node1.fs.append('/etc/hosts', '10.0.2.20 msa.harbor.com\n');
    const r = pull('msa.harbor.com/discovery-service');
    expect(r).toMatchObject({ ok: true, imageName: 'msa.harbor.com/discovery-service:latest', imageID: `msa.harbor.com/discovery-service@sha256:${'ab'.repeat(32)}` });
    if (r.ok) expect(r.image).toMatchObject({ architecture: 'arm64', os: 'linux', program: { kind: 'java-spring', binary: '/usr/local/openjdk-17/bin/java' } });
  });

  it('report unknown tags as not found and private projects as unauthorized', () => {
    const { pull, node1, fix } = setup();
    node1.fs.append('/etc/hosts', '10.0.2.20 msa.harbor.com\n');
    fix('      [plugins."io.containerd.grpc.v1.cri".registry.mirrors."msa.harbor.com"]\n        endpoint = ["http://msa.harbor.com"]\n');
    expect(pull('msa.harbor.com/discovery-service:2.0')).toMatchObject({ ok: false, code: 'NotFound', message: 'rpc error: code = NotFound desc = failed to pull and unpack image "msa.harbor.com/discovery-service:2.0": failed to resolve reference "msa.harbor.com/discovery-service:2.0": msa.harbor.com/discovery-service:2.0: not found' });
    expect(pull('msa.harbor.com/private/app:1.0')).toMatchObject({ ok: false, code: 'Unknown', message: expect.stringContaining('pull access denied, repository does not exist or may require authorization: server message: unauthorized: unauthorized to access repository: private/app, action: pull') });
  });

  it('fail with Unavailable while containerd is down', () => {
    const { pull, node1 } = setup();
    node1.unit('containerd')!.stop();
    expect(pull('nginx')).toMatchObject({ ok: false, code: 'Unavailable', message: expect.stringContaining('dial unix /run/containerd/containerd.sock: connect: no such file or directory') });
  });
});

describe('pulls from public registries', () => {
  it('resolve digests, sizes and the program; unknown tags and platforms fail as containerd says', () => {
    const { pull } = setup();
    const r = pull('nginx:1.25');
    expect(r).toMatchObject({ ok: true, imageName: 'docker.io/library/nginx:1.25', size: 70544635 });
    if (r.ok) expect(r.image.program).toMatchObject({ kind: 'nginx', ports: [80] });
    expect(pull('nginx:nope')).toMatchObject({ ok: false, code: 'NotFound', message: 'rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/nginx:nope": failed to resolve reference "docker.io/library/nginx:nope": docker.io/library/nginx:nope: not found' });
    expect(pull('mysql:5.7', 'arm64')).toMatchObject({ ok: false, message: 'rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/mysql:5.7": no match for platform in manifest: not found' });
    expect(pull('openjdk:17')).toMatchObject({ ok: true });
    expect(pull('eclipse-temurin:17-jre')).toMatchObject({ ok: true });
  });
});
