// The image registries the cluster can reach: answers a pull the way containerd would (digest and size,
// or the exact error text the kubelet puts in its Failed event).
import { CATALOGUE, type ImageBehaviour, type ImageRepository } from './images.ts';
import { parseImageReference, type ImageReference } from './reference.ts';

export type { ImageBehaviour, ImageRepository, ImageTag } from './images.ts';
export { CATALOGUE, releaseOf } from './images.ts';
export { parseImageReference, type ImageReference } from './reference.ts';
export { createRegistries, UPSTREAM_DNS, syntheticLayers } from './registries.ts';
export type { Endpoint, PullHostView, PullResult, PulledImage, PullErrorCode, Registries, RegistryServer } from './registries.ts';
export { createHarbor, HARBOR_HOST, HARBOR_IP, HARBOR_VERSION } from './harbor.ts';
export type { Harbor, HarborProject, ImageContent, Layer, StoredManifest } from './harbor.ts';
export { imageConfigFor, programFor, programForConfig } from './programs.ts';
export type { ImageConfig, ImageProgram, ProgramKind } from './programs.ts';

export interface ResolvedImage {
  ok: true;
  ref: ImageReference;
  /** what containerStatuses[].image shows: `docker.io/library/nginx:latest` */
  imageName: string;
  /** what containerStatuses[].imageID shows: `docker.io/library/nginx@sha256:...` */
  imageID: string;
  /** `sha256:...` */
  digest: string;
  size: number;
  behaviour: ImageBehaviour;
}

export interface ImageError {
  ok: false;
  /** container waiting reason: ErrImagePull for pull failures, InvalidImageName for a bad reference */
  reason: 'ErrImagePull' | 'InvalidImageName';
  /** the error text (`rpc error: code = NotFound desc = ...`, or the InvalidImageName message) */
  message: string;
}

export type ImageResolution = ResolvedImage | ImageError;

/** Registries whose hosts exist; any other host fails DNS. */
const KNOWN_HOSTS = new Set(['docker.io', 'registry.k8s.io', 'k8s.gcr.io', 'gcr.io', 'quay.io', 'ghcr.io']);

export interface Registry {
  /** Resolve a pull of `image` (as written in the pod spec) for a node of `arch`. */
  resolve(image: string, arch?: string): ImageResolution;
  /** Publish a repository (a lab's private Harbor project, a learner's own image). */
  add(repo: ImageRepository): void;
  /** Hosts that answer (add a private registry's host here, e.g. `harbor.example.com`). */
  addHost(host: string): void;
}

export function createRegistry(repos: readonly ImageRepository[] = CATALOGUE): Registry {
  const byName = new Map(repos.map((r) => [r.name, r]));
  const hosts = new Set(KNOWN_HOSTS);
  return {
    add(repo) {
      byName.set(repo.name, repo);
      hosts.add(repo.name.split('/')[0]!);
    },
    addHost(host) {
      hosts.add(host);
    },
    resolve(image, arch = 'amd64') {
      const parsed = parseImageReference(image);
      if (!parsed.ok) return { ok: false, reason: 'InvalidImageName', message: parsed.message };
      const ref = parsed.ref;
      const c = ref.canonical;
      const head = `failed to pull and unpack image "${c}": failed to resolve reference "${c}"`;
      if (!hosts.has(ref.domain)) {
        const tagOrDigest = ref.digest ?? ref.tag;
        return {
          ok: false,
          reason: 'ErrImagePull',
          message: `rpc error: code = Unknown desc = ${head}: failed to do request: Head "https://${ref.domain}/v2/${ref.path}/manifests/${tagOrDigest}": dial tcp: lookup ${ref.domain.split(':')[0]} on 10.0.2.3:53: no such host`,
        };
      }
      const repo = byName.get(ref.repository);
      if (!repo) {
        if (ref.domain === 'docker.io') {
          return {
            ok: false,
            reason: 'ErrImagePull',
            message: `rpc error: code = Unknown desc = ${head}: pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed`,
          };
        }
        return { ok: false, reason: 'ErrImagePull', message: `rpc error: code = NotFound desc = ${head}: ${c}: not found` };
      }
      const tag = ref.digest
        ? Object.values(repo.tags).find((t) => `sha256:${t.digest}` === ref.digest)
        : repo.tags[ref.tag!];
      if (!tag) return { ok: false, reason: 'ErrImagePull', message: `rpc error: code = NotFound desc = ${head}: ${c}: not found` };
      if (!tag.architectures.includes(arch)) {
        return {
          ok: false,
          reason: 'ErrImagePull',
          message: `rpc error: code = NotFound desc = failed to pull and unpack image "${c}": no match for platform in manifest: not found`,
        };
      }
      const digest = `sha256:${tag.digest}`;
      return {
        ok: true,
        ref,
        imageName: c,
        imageID: `${ref.repository}@${digest}`,
        digest,
        size: tag.size,
        behaviour: repo.behaviour,
      };
    },
  };
}
