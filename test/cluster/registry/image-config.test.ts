import { describe, expect, it } from 'vitest';
import { imageConfigFor, releaseOf } from '../../../src/cluster/registry/index.ts';

describe('image config per release', () => {
  it('resolves a tag to the release its digest points at', () => {
    expect(releaseOf('docker.io/library/nginx', '1.25')).toBe('1.25.5');
    expect(releaseOf('docker.io/library/nginx', 'latest')).toBe('1.27.3');
    expect(releaseOf('docker.io/library/nginx', '1.25-alpine')).toBe('1.25.5');
    expect(releaseOf('docker.io/library/nginx', 'nosuch')).toBeUndefined();
  });

  it('gives nginx the ENV lines of that release, as `env` in the container shows them', () => {
    expect(imageConfigFor('docker.io/library/nginx', '1.25.5').env).toContain('NGINX_VERSION=1.25.5');
    expect(imageConfigFor('docker.io/library/nginx', '1.25.5').env.some((e) => e.startsWith('DYNPKG_RELEASE='))).toBe(false);
    expect(imageConfigFor('docker.io/library/nginx', '1.14.2').env).toContain('NGINX_VERSION=1.14.2-1~stretch');
    expect(imageConfigFor('docker.io/library/nginx', '1.27.3', true).env).toContain('PKG_RELEASE=1');
  });
});
