// Every registry the machines can reach, and a pull decided the way containerd 1.7 on a node decides it:
//   registries.resolvePull(node, image, platform?) → PullResult
// It asks the node (a PullHostView) how names resolve there (/etc/hosts, then the upstream DNS) and
// which endpoints its containerd tries for the registry host (config.toml as loaded at containerd's
// last start, certs.d/*/hosts.toml as they are now), then asks the server at that address.
// Failure messages are containerd's, prefixed the way the kubelet's Failed event shows them
// (`rpc error: code = … desc = …`).
import { createRegistry, type Registry, type ResolvedImage } from './index.ts';
import { fakeDigest, findRepository, releaseOf } from './images.ts';
import { parseImageReference, type ImageReference } from './reference.ts';
import { imageConfigFor, programFor } from './programs.ts';
import { createHarbor, HARBOR_HOST, HARBOR_IP, type Harbor, type ImageContent, type Layer } from './harbor.ts';

/** When the public images of the catalogue were built (their config's `created`). */
export const PUBLIC_IMAGE_CREATED = '2024-11-26T18:42:08Z';

export interface Endpoint {
  scheme: 'http' | 'https';
  /** host[:port] */
  host: string;
  skipVerify: boolean;
}

/** What a pull needs to know about the machine it runs on. */
export interface PullHostView {
  /** /etc/hosts, then the upstream DNS; undefined = no such host */
  resolve(name: string): string | undefined;
  /** `10.0.2.3:53` (first nameserver of /etc/resolv.conf) */
  nameserver(): string;
  containerd?: {
    readonly running: boolean;
    readonly criError?: string;
    endpoints(host: string): Endpoint[];
    /** registry.configs."<host>".auth username, when set */
    authUser(host: string): string | undefined;
  };
}

export type PullErrorCode = 'NotFound' | 'Unknown' | 'Unavailable' | 'Unimplemented' | 'InvalidImageName';

export interface PulledImage {
  /** manifest digest `sha256:…` (imageID is `<repository>@<digest>`) */
  digest: string;
  /** bytes as the kubelet's Pulled event reports (`Image size: N bytes.`) */
  size: number;
  architecture: string;
  os: string;
  config: ImageContent['config'];
  program: ImageContent['program'];
}

export type PullResult =
  | (ResolvedImage & { image: PulledImage })
  | { ok: false; code: PullErrorCode; reason: 'ErrImagePull' | 'InvalidImageName'; message: string };

/** A server reachable on the network: which ports answer and how. */
export interface RegistryServer {
  ip: string;
  /** ports that answer TLS */
  https: number[];
  /** ports that answer plain HTTP */
  http: number[];
}

/** Names the simulated upstream DNS (the VirtualBox NAT resolver) knows: public registries only. */
export const UPSTREAM_DNS: Readonly<Record<string, string>> = {
  'docker.io': '44.219.3.189',
  'registry-1.docker.io': '54.236.113.205',
  'index.docker.io': '54.236.113.205',
  'auth.docker.io': '18.214.31.64',
  'production.cloudflare.docker.com': '104.16.101.215',
  'registry.k8s.io': '34.96.108.209',
  'k8s.gcr.io': '142.250.206.244',
  'gcr.io': '142.250.206.244',
  'quay.io': '3.209.245.173',
  'ghcr.io': '140.82.114.34',
  'download.docker.com': '18.165.83.44',
  'github.com': '140.82.112.3',
  'www.google.com': '142.250.196.132',
};

export interface Registries {
  /** the public catalogue (Docker Hub, registry.k8s.io, …) */
  readonly catalogue: Registry;
  readonly harbor: Harbor;
  /** A pull by containerd on `node`, as the kubelet asks for it. */
  resolvePull(node: string, image: string, platform?: { os?: string; architecture: string }): PullResult;
  /** The server answering at `ip`, if any. */
  serverAt(ip: string): RegistryServer | undefined;
  /**
   * Try one request to `endpoint` from a machine: undefined when it connects, else Go's error text
   * (`dial tcp: lookup x on 10.0.2.3:53: no such host`, `… connect: connection refused`,
   * `http: server gave HTTP response to HTTPS client`).
   */
  connect(view: PullHostView, endpoint: Endpoint): string | undefined;
  /** The public image for `ref` on `arch` (docker pull, FROM): undefined when the catalogue lacks it. */
  publicImage(ref: ImageReference, arch: string): { content: ImageContent; digest: string; multiArch: boolean; architectures: string[] } | undefined;
}

/** Layers for a catalogue image: a few, summing to about its compressed size. */
export function syntheticLayers(key: string, size: number, count = 0): Layer[] {
  const n = count || Math.max(1, Math.min(7, Math.round(Math.log2(size / 1_000_000 + 2))));
  const out: Layer[] = [];
  let left = Math.round(size * 0.42);
  for (let i = 0; i < n; i++) {
    const part = i === n - 1 ? left : Math.round(left * (i === 0 ? 0.7 : 0.5));
    left -= part;
    out.push({ digest: `sha256:${fakeDigest(`${key}#layer${i}`)}`, size: Math.max(32, part) });
  }
  return out;
}

export function createRegistries(views: (node: string) => PullHostView | undefined): Registries {
  const catalogue = createRegistry();
  const harbor = createHarbor();
  const harborServer: RegistryServer = { ip: HARBOR_IP, https: [], http: [80] };
  const publicIps = new Set(Object.values(UPSTREAM_DNS));

  const serverAt = (ip: string): RegistryServer | undefined => {
    if (ip === harbor.ip) return harborServer;
    if (publicIps.has(ip)) return { ip, https: [443], http: [80] };
    return undefined;
  };

  const connect = (view: PullHostView, ep: Endpoint): string | undefined => {
    const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(ep.host);
    const name = m?.[1] ?? ep.host;
    const port = m?.[2] ? Number(m[2]) : ep.scheme === 'https' ? 443 : 80;
    const ip = /^\d+\.\d+\.\d+\.\d+$/.test(name) ? name : view.resolve(name);
    if (!ip) return `dial tcp: lookup ${name} on ${view.nameserver()}: no such host`;
    const server = serverAt(ip);
    if (ep.scheme === 'https') {
      if (server?.https.includes(port)) return undefined;
      if (server?.http.includes(port)) return 'http: server gave HTTP response to HTTPS client';
      return `dial tcp ${ip}:${port}: connect: connection refused`;
    }
    if (server?.http.includes(port)) return undefined;
    if (server?.https.includes(port)) return undefined;
    return `dial tcp ${ip}:${port}: connect: connection refused`;
  };

  const publicImage: Registries['publicImage'] = (ref, arch) => {
    const repo = findRepository(ref.repository);
    if (!repo) return undefined;
    const tag = ref.digest ? Object.entries(repo.tags).find(([, t]) => `sha256:${t.digest}` === ref.digest) : ([ref.tag!, repo.tags[ref.tag!]] as const);
    if (!tag || !tag[1]) return undefined;
    const [tagName, t] = tag;
    const key = `${ref.repository}:${tagName}:${arch}`;
    const config = imageConfigFor(ref.repository, releaseOf(ref.repository, tagName), /alpine/.test(tagName));
    const content: ImageContent = {
      id: `sha256:${fakeDigest(`${key}#config`)}`,
      architecture: arch,
      os: 'linux',
      config,
      program: programFor(ref.repository),
      layers: syntheticLayers(key, t.size),
      size: t.size,
      created: PUBLIC_IMAGE_CREATED,
    };
    return { content, digest: `sha256:${t.digest}`, multiArch: t.architectures.length > 1, architectures: t.architectures };
  };

  const resolvePull = (node: string, image: string, platform?: { os?: string; architecture: string }): PullResult => {
    const arch = platform?.architecture ?? 'amd64';
    const parsed = parseImageReference(image);
    if (!parsed.ok) return { ok: false, code: 'InvalidImageName', reason: 'InvalidImageName', message: parsed.message };
    const ref = parsed.ref;
    const view = views(node);
    const fail = (code: PullErrorCode, desc: string): PullResult => ({ ok: false, code, reason: 'ErrImagePull', message: `rpc error: code = ${code} desc = ${desc}` });
    const cd = view?.containerd;
    if (!view || !cd || !cd.running) return fail('Unavailable', 'connection error: desc = "transport: Error while dialing: dial unix /run/containerd/containerd.sock: connect: no such file or directory"');
    if (cd.criError) return fail('Unimplemented', 'unknown service runtime.v1.ImageService');
    const c = ref.canonical;
    const head = `failed to pull and unpack image "${c}": failed to resolve reference "${c}"`;
    const tagOrDigest = ref.digest ?? ref.tag!;
    let firstErr: string | undefined;
    for (const ep of cd.endpoints(ref.domain)) {
      const err = connect(view, ep);
      if (err) {
        firstErr ??= `failed to do request: Head "${ep.scheme}://${ep.host}/v2/${ref.path}/manifests/${tagOrDigest}": ${err}`;
        continue;
      }
      const host = ep.host.replace(/:\d+$/, '');
      const ip = /^\d+\.\d+\.\d+\.\d+$/.test(host) ? host : view.resolve(host);
      if (ip === harbor.ip) {
        const user = cd.authUser(ref.domain);
        const access = harbor.access(ref.path, 'pull', user);
        if (!access.ok) {
          if (access.status === 404) return fail('NotFound', `${head}: ${c}: not found`);
          return fail('Unknown', `${head}: pull access denied, repository does not exist or may require authorization: server message: unauthorized: ${access.message}`);
        }
        const m = harbor.lookup(ref.path, tagOrDigest);
        if (!m) return fail('NotFound', `${head}: ${c}: not found`);
        const img = m.image;
        // a single-platform manifest is pulled whatever its architecture: the container fails later
        return {
          ok: true,
          ref,
          imageName: c,
          imageID: `${ref.repository}@${m.digest}`,
          digest: m.digest,
          size: img.layers.reduce((s, l) => s + l.size, 0) + 1500,
          behaviour: { stop: [200, 900], ports: img.program.ports },
          image: { digest: m.digest, size: img.layers.reduce((s, l) => s + l.size, 0) + 1500, architecture: img.architecture, os: img.os, config: img.config, program: img.program },
        };
      }
      const r = catalogue.resolve(image, arch);
      if (!r.ok) return { ok: false, code: r.message.includes('code = NotFound') ? 'NotFound' : 'Unknown', reason: r.reason, message: r.message };
      const pub = publicImage(ref, arch)!;
      return { ...r, image: { digest: r.digest, size: r.size, architecture: arch, os: 'linux', config: pub.content.config, program: pub.content.program } };
    }
    return fail('Unknown', `${head}: ${firstErr ?? 'no available registry endpoint'}`);
  };

  return { catalogue, harbor, resolvePull, serverAt, connect, publicImage };
}

export { HARBOR_HOST, HARBOR_IP };
