import { describe, expect, it } from 'vitest';
import { createRegistry } from '../../../src/cluster/registry/index.ts';
import { imageConfigFor, programFor } from '../../../src/cluster/registry/programs.ts';

describe('the networking chapter’s images', () => {
  const reg = createRegistry();

  it('pulls each image the chapter and its add-ons use', () => {
    for (const image of [
      'traefik/whoami',
      'traefik/whoami:v1.10',
      'traefik/whoami:v1.10.3',
      'hashicorp/http-echo',
      'hashicorp/http-echo:1.0',
      'curlimages/curl',
      'curlimages/curl:8.11.1',
      'busybox',
      'busybox:1.28',
      'registry.k8s.io/e2e-test-images/jessie-dnsutils:1.3',
      'registry.k8s.io/ingress-nginx/controller:v1.12.1',
      'quay.io/metallb/controller:v0.14.9',
      'quay.io/metallb/speaker:v0.14.9',
    ]) {
      const r = reg.resolve(image);
      expect(r.ok, image).toBe(true);
      if (r.ok) expect(r.size, image).toBeGreaterThan(500_000);
    }
  });

  it('pins the ingress-nginx controller by the digest its manifest names', () => {
    const pinned = reg.resolve('registry.k8s.io/ingress-nginx/controller:v1.12.1@sha256:d2fbc4ec70d8aa2050dd91a91506e998765e86c96f32cffb56c503c9c34eed5b');
    expect(pinned.ok && pinned.imageID).toBe('registry.k8s.io/ingress-nginx/controller@sha256:d2fbc4ec70d8aa2050dd91a91506e998765e86c96f32cffb56c503c9c34eed5b');
    const wrong = reg.resolve(`registry.k8s.io/ingress-nginx/controller:v1.12.1@sha256:${'0'.repeat(64)}`);
    expect(wrong.ok).toBe(false);
  });

  it('shares one manifest between a tag and its aliases, and knows the CPU architectures', () => {
    const a = reg.resolve('traefik/whoami:v1.10');
    const b = reg.resolve('traefik/whoami:v1.10.4');
    expect(a.ok && b.ok && a.digest === b.digest).toBe(true);
    expect(reg.resolve('hashicorp/http-echo:1.0', 'arm64').ok).toBe(true);
    const old = reg.resolve('hashicorp/http-echo:0.2.3', 'arm64');
    expect(!old.ok && old.message).toContain('no match for platform in manifest');
  });

  it('describes what each image runs and where it listens', () => {
    expect(programFor('docker.io/traefik/whoami')).toMatchObject({ kind: 'whoami', binary: '/whoami', ports: [80], tools: [] });
    expect(programFor('docker.io/hashicorp/http-echo')).toMatchObject({ kind: 'http-echo', binary: '/http-echo', ports: [5678] });
    expect(imageConfigFor('docker.io/hashicorp/http-echo').env).toContain('ECHO_TEXT=hello-world');
    expect(programFor('registry.k8s.io/ingress-nginx/controller')).toMatchObject({ kind: 'ingress-nginx', ports: [80, 443, 8443, 10254] });
    expect(imageConfigFor('registry.k8s.io/ingress-nginx/controller')).toMatchObject({ entrypoint: ['/usr/bin/dumb-init', '--'], cmd: ['/nginx-ingress-controller'], user: 'www-data' });
    expect(imageConfigFor('docker.io/curlimages/curl')).toMatchObject({ entrypoint: ['/entrypoint.sh'], cmd: ['curl'], user: 'curl_user' });
    expect(programFor('quay.io/metallb/controller')).toMatchObject({ kind: 'metallb-controller', ports: [7472, 9443] });
    expect(programFor('quay.io/metallb/speaker')).toMatchObject({ kind: 'metallb-speaker', ports: [7472, 7946] });
  });

  it('has the tools the chapter runs with kubectl exec', () => {
    expect(programFor('docker.io/library/busybox').tools).toEqual(expect.arrayContaining(['wget', 'nslookup', 'sh']));
    expect(programFor('docker.io/curlimages/curl').tools).toEqual(expect.arrayContaining(['curl', 'sh', 'nslookup']));
    expect(programFor('registry.k8s.io/e2e-test-images/jessie-dnsutils').tools).toEqual(expect.arrayContaining(['nslookup', 'dig', 'host', 'bash']));
    expect(programFor('registry.k8s.io/ingress-nginx/controller').tools).toEqual(expect.arrayContaining(['bash', 'curl']));
  });
});
