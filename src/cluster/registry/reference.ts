// Image references as containerd and the kubelet normalise them (distribution/reference): `nginx` is
// `docker.io/library/nginx:latest`.

export interface ImageReference {
  /** what the pod spec says: `nginx` */
  raw: string;
  /** `docker.io` */
  domain: string;
  /** `library/nginx` */
  path: string;
  /** `docker.io/library/nginx` */
  repository: string;
  /** `latest` when neither tag nor digest was given */
  tag?: string;
  /** `sha256:...` */
  digest?: string;
  /** `docker.io/library/nginx:latest` (or `...@sha256:...`) */
  canonical: string;
}

export type ParsedReference = { ok: true; ref: ImageReference } | { ok: false; message: string };

const DEFAULT_DOMAIN = 'docker.io';
const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^sha256:[0-9a-f]{64}$/;

/** Parse like the kubelet (applyDefaultImageTag + ParseNormalizedNamed). Errors carry the kubelet's InvalidImageName text. */
export function parseImageReference(raw: string): ParsedReference {
  const fail = (why: string): ParsedReference => ({
    ok: false,
    message: `Failed to apply default image tag "${raw}": couldn't parse image name "${raw}": invalid reference format${why}`,
  });
  if (raw === '' || raw !== raw.trim()) return fail('');
  let rest = raw;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) return fail('');
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) return fail('');
  }
  let domain = DEFAULT_DOMAIN;
  let path = rest;
  const slash = rest.indexOf('/');
  if (slash >= 0) {
    const first = rest.slice(0, slash);
    if (first.includes('.') || first.includes(':') || first === 'localhost' || first !== first.toLowerCase()) {
      domain = first;
      path = rest.slice(slash + 1);
    }
  }
  if (domain === 'index.docker.io') domain = DEFAULT_DOMAIN;
  if (domain === DEFAULT_DOMAIN && !path.includes('/')) path = `library/${path}`;
  if (path !== path.toLowerCase()) return fail(`: repository name (${path}) must be lowercase`);
  if (!path.split('/').every((c) => COMPONENT.test(c))) return fail('');
  if (!tag && !digest) tag = 'latest';
  const repository = `${domain}/${path}`;
  const canonical = digest ? `${repository}@${digest}` : `${repository}:${tag}`;
  return { ok: true, ref: { raw, domain, path, repository, tag, digest, canonical } };
}
