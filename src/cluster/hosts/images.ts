// The container runtime's image store on each node (containerd's `crictl images`), which the
// kubelet reads before pulling and node status.images reports.

export interface CachedImage {
  /** `docker.io/library/nginx:latest` */
  ref: string;
  /** `docker.io/library/nginx@sha256:<64 hex>` */
  repoDigest: string;
  /** `sha256:<64 hex>` (the image id crictl shows) */
  id: string;
  sizeBytes: number;
}

export interface ImageCache {
  /** Is the image (as written in a pod spec: `nginx`, `nginx:1.25`, `registry.k8s.io/pause:3.10`) on the node? */
  has(node: string, image: string): boolean;
  get(node: string, image: string): CachedImage | undefined;
  /** Record a pulled image on the node. */
  add(node: string, image: string, digest: string, sizeBytes: number, id?: string): CachedImage;
  remove(node: string, image: string): void;
  /** Images on the node, largest first (the order node status lists them). */
  list(node: string): CachedImage[];
  /** The node status `images` field for `node`. */
  nodeStatusImages(node: string): { names: string[]; sizeBytes: number }[];
}

/** Normalise an image reference the way containerd does: `nginx` → `docker.io/library/nginx:latest`. */
export function normalizeImage(image: string): { repo: string; tag: string | undefined; digest: string | undefined; ref: string } {
  let rest = image.trim();
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const slash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > slash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  const first = rest.split('/')[0]!;
  const hasRegistry = rest.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  let repo = hasRegistry ? rest : `docker.io/${rest}`;
  if (!hasRegistry && !rest.includes('/')) repo = `docker.io/library/${rest}`;
  if (!tag && !digest) tag = 'latest';
  const ref = digest ? `${repo}@${digest}` : `${repo}:${tag}`;
  return { repo, tag, digest, ref };
}

export function createImageCache(): ImageCache {
  const nodes = new Map<string, Map<string, CachedImage>>();
  const of = (node: string) => {
    let m = nodes.get(node);
    if (!m) nodes.set(node, (m = new Map()));
    return m;
  };
  const lookup = (node: string, image: string) => {
    const n = normalizeImage(image);
    const m = nodes.get(node);
    if (!m) return undefined;
    if (n.digest) {
      for (const img of m.values()) if (img.repoDigest === `${n.repo}@${n.digest}`) return img;
      return undefined;
    }
    return m.get(n.ref);
  };
  const cache: ImageCache = {
    has: (node, image) => lookup(node, image) !== undefined,
    get: lookup,
    add(node, image, digest, sizeBytes, id) {
      const n = normalizeImage(image);
      const d = digest.startsWith('sha256:') ? digest : `sha256:${digest}`;
      const img: CachedImage = { ref: n.digest ? `${n.repo}@${d}` : n.ref, repoDigest: `${n.repo}@${d}`, id: id ?? d, sizeBytes };
      of(node).set(img.ref, img);
      return img;
    },
    remove(node, image) {
      const img = lookup(node, image);
      if (img) nodes.get(node)?.delete(img.ref);
    },
    list(node) {
      return [...(nodes.get(node)?.values() ?? [])].sort((a, b) => b.sizeBytes - a.sizeBytes || (a.ref < b.ref ? -1 : 1));
    },
    nodeStatusImages(node) {
      return cache.list(node).slice(0, 50).map((i) => ({ names: i.ref.includes('@') ? [i.repoDigest] : [i.repoDigest, i.ref], sizeBytes: i.sizeBytes }));
    },
  };
  return cache;
}
