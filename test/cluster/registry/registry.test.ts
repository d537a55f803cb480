import { describe, expect, it } from 'vitest';
import { createRegistry, parseImageReference } from '../../../src/cluster/registry/index.ts';

describe('image registry', () => {
  it('normalises references the way containerd does', () => {
    const ref = (s: string) => {
      const r = parseImageReference(s);
      return r.ok ? r.ref.canonical : r.message;
    };
    expect(ref('nginx')).toBe('docker.io/library/nginx:latest');
    expect(ref('nginx:1.25')).toBe('docker.io/library/nginx:1.25');
    expect(ref('weaveworks/weave-kube:2.8.1')).toBe('docker.io/weaveworks/weave-kube:2.8.1');
    expect(ref('registry.k8s.io/pause:3.10')).toBe('registry.k8s.io/pause:3.10');
    expect(ref('localhost:5000/app:1')).toBe('localhost:5000/app:1');
    expect(ref('Nginx')).toBe('Failed to apply default image tag "Nginx": couldn\'t parse image name "Nginx": invalid reference format: repository name (library/Nginx) must be lowercase');
  });

  it('answers a pull of nginx with its digest and size', () => {
    const r = createRegistry().resolve('nginx');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.imageName).toBe('docker.io/library/nginx:latest');
    expect(r.imageID).toMatch(/^docker\.io\/library\/nginx@sha256:[0-9a-f]{64}$/);
    expect(r.size).toBe(72195292);
    // aliases of one manifest share the digest
    const same = createRegistry().resolve('nginx:1.27');
    expect(same.ok && same.digest).toBe(r.digest);
  });

  it('fails unknown tags, repositories and hosts with containerd\'s words', () => {
    const reg = createRegistry();
    expect(reg.resolve('nginx:doesnotexist')).toEqual({
      ok: false,
      reason: 'ErrImagePull',
      message:
        'rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/nginx:doesnotexist": failed to resolve reference "docker.io/library/nginx:doesnotexist": docker.io/library/nginx:doesnotexist: not found',
    });
    const repo = reg.resolve('nginxx');
    expect(!repo.ok && repo.message).toContain('pull access denied, repository does not exist or may require authorization');
    const host = reg.resolve('harbor.example.com/library/app:1');
    expect(!host.ok && host.message).toContain('dial tcp: lookup harbor.example.com');
    reg.add({ name: 'harbor.example.com/library/app', tags: { '1': { digest: 'ab'.repeat(32), size: 1000, architectures: ['amd64'] } }, behaviour: { stop: [10, 20] } });
    expect(reg.resolve('harbor.example.com/library/app:1').ok).toBe(true);
  });
});
