// A small catalogue of public images: what a registry would answer for a tag (digest, size, platforms)
// and how the image's default process behaves once started (keeps running, exits, reacts to SIGTERM).
import { IMAGES } from '../bootstrap/images.ts';

/** How the container's main process behaves in the simulation. */
export interface ImageBehaviour {
  /** the default command exits by itself (busybox, alpine: a shell with no terminal) */
  exits?: { code: number; afterMs: number };
  /** time to stop on SIGTERM, [min, max] ms; 'grace' = ignores SIGTERM, killed at the end of the grace period */
  stop: [number, number] | 'grace';
  /** the ports the image listens on by default */
  ports?: number[];
}

export interface ImageTag {
  /** sha256 of the manifest list, 64 hex */
  digest: string;
  /** bytes, as containerd reports after a pull (`Image size: 72195292 bytes.`) */
  size: number;
  architectures: string[];
}

export interface ImageRepository {
  /** `docker.io/library/nginx` */
  name: string;
  tags: Record<string, ImageTag>;
  behaviour: ImageBehaviour;
}

const MULTI = ['amd64', 'arm', 'arm64', 'ppc64le', 's390x'];
const AMD_ARM = ['amd64', 'arm64'];

/** fnv1a-32 of a string, as an unsigned integer. */
export function fnv32a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** A fixed, realistic-looking sha256 for a catalogue entry (the same on every run and in every browser). */
export function fakeDigest(key: string): string {
  let out = digests.get(key);
  if (out !== undefined) return out;
  out = '';
  let h = fnv32a(key);
  for (let i = 0; i < 8; i++) {
    // murmur3's finaliser, so neighbouring words do not look alike
    h = Math.imul(h ^ (h >>> 16) ^ (i * 0x9e3779b9), 0x85ebca6b) >>> 0;
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
    h = (h ^ (h >>> 16)) >>> 0;
    out += h.toString(16).padStart(8, '0');
  }
  if (digests.size >= 4096) digests.clear();
  digests.set(key, out);
  return out;
}
const digests = new Map<string, string>();

type TagRow = [tags: string[], size: number, archs?: string[]];

function repo(name: string, rows: TagRow[], behaviour: ImageBehaviour): ImageRepository {
  const tags: Record<string, ImageTag> = {};
  for (const [names, size, archs] of rows) {
    // Aliases (latest, 1.27, 1.27.3) point at one manifest, so they share a digest.
    const digest = fakeDigest(`${name}:${names[0]}`);
    for (const t of names) tags[t] = { digest, size, architectures: archs ?? MULTI };
  }
  return { name, tags, behaviour };
}

const SERVER: ImageBehaviour = { stop: [80, 450] };
const SHELL: ImageBehaviour = { exits: { code: 0, afterMs: 20 }, stop: [20, 80] };

const K8S_VERSIONS = ['v1.32.0', 'v1.32.1', 'v1.32.2', 'v1.32.3', 'v1.32.4', 'v1.32.5'];

function k8sComponent(component: string, size: number): ImageRepository {
  const r = repo(
    `registry.k8s.io/${component}`,
    K8S_VERSIONS.map((v, i) => [[v], size + i * 4096, AMD_ARM] as TagRow),
    { stop: [150, 900] },
  );
  return withBootImages(r);
}

/** A tag whose manifest-list digest upstream manifests pin (`controller:v1.12.1@sha256:…`): keep the real one. */
function withDigest(r: ImageRepository, tag: string, digest: string): ImageRepository {
  const before = r.tags[tag]!;
  for (const [t, v] of Object.entries(r.tags)) if (v.digest === before.digest) r.tags[t] = { ...v, digest };
  return r;
}

/** The images the bootstrap cluster already has on its nodes keep the digest and size it gave them. */
function withBootImages(r: ImageRepository): ImageRepository {
  for (const img of Object.values(IMAGES)) {
    const at = img.ref.lastIndexOf(':');
    if (img.ref.slice(0, at) !== r.name) continue;
    const tag = img.ref.slice(at + 1);
    const before = r.tags[tag];
    const now = { digest: img.digest.replace(/^sha256:/, ''), size: img.sizeBytes, architectures: before?.architectures ?? AMD_ARM };
    for (const [t, v] of Object.entries(r.tags)) if (before && v.digest === before.digest) r.tags[t] = now;
    r.tags[tag] = now;
  }
  return r;
}

export const CATALOGUE: readonly ImageRepository[] = [
  repo(
    'docker.io/library/nginx',
    [
      [['latest', 'mainline', '1', '1.27', '1.27.3', 'bookworm'], 72195292],
      [['stable', '1.26', '1.26.2'], 71011257],
      [['1.25', '1.25.5'], 70544635],
      [['1.24', '1.24.0'], 56744924],
      [['1.23', '1.23.4'], 57003854],
      [['1.21', '1.21.6'], 54154473],
      [['1.19', '1.19.10'], 53606912],
      [['1.16', '1.16.1'], 51030575],
      [['1.14.2', '1.14'], 44711296],
      [['alpine', 'mainline-alpine', '1.27-alpine', '1.27.3-alpine'], 20505394],
      [['stable-alpine', '1.26-alpine'], 19963425],
      [['1.25-alpine'], 17117842],
    ],
    { stop: [60, 400], ports: [80] },
  ),
  repo(
    'docker.io/library/busybox',
    [
      [['latest', '1', '1.37', '1.37.0', 'stable'], 2155103],
      [['1.36', '1.36.1'], 2160406],
      [['1.35', '1.35.0'], 2218012],
      [['1.34', '1.34.1'], 777536],
      [['1.28', '1.28.4'], 727869],
      [['musl'], 868563],
      [['glibc'], 2194233],
    ],
    SHELL,
  ),
  repo(
    'docker.io/library/alpine',
    [
      [['latest', '3', '3.21', '3.21.0'], 3648120],
      [['3.20', '3.20.3'], 3625254],
      [['3.19', '3.19.4'], 3418409],
      [['3.18', '3.18.9'], 3414322],
      [['edge'], 3670548],
    ],
    SHELL,
  ),
  repo(
    'docker.io/library/httpd',
    [
      [['latest', '2', '2.4', '2.4.62'], 58111542],
      [['alpine', '2.4-alpine', '2.4.62-alpine'], 21973021],
    ],
    { stop: [100, 600], ports: [80] },
  ),
  repo(
    'docker.io/library/redis',
    [
      [['latest', '7', '7.4', '7.4.1'], 45032474],
      [['7.2', '7.2.6'], 42718512],
      [['6', '6.2', '6.2.16'], 40112307],
      [['alpine', '7.4-alpine'], 17366733],
    ],
    { stop: [50, 300], ports: [6379] },
  ),
  repo(
    'docker.io/library/mysql',
    [
      [['latest', '9', '9.1', '9.1.0'], 172385120, AMD_ARM],
      [['lts', '8.4', '8.4.3', '8'], 170155913, AMD_ARM],
      [['8.0', '8.0.40'], 172829411, AMD_ARM],
      [['5.7', '5.7.44'], 137312845, ['amd64']],
    ],
    { stop: [1200, 3500], ports: [3306] },
  ),
  repo(
    'docker.io/library/ubuntu',
    [
      [['latest', '24.04', 'noble'], 29754422],
      [['22.04', 'jammy'], 29538961],
      [['20.04', 'focal'], 27510542],
    ],
    SHELL,
  ),
  repo('docker.io/library/centos', [[['latest', '7', 'centos7'], 76097157, AMD_ARM]], SHELL),
  repo('docker.io/library/python', [[['latest', '3', '3.13'], 397840203, AMD_ARM], [['3.12-slim', 'slim'], 45308196, AMD_ARM]], SHELL),
  repo('docker.io/library/tomcat', [[['latest', '11', '11.0'], 168215360, AMD_ARM], [['9', '9.0'], 167052347, AMD_ARM]], { stop: [800, 2500], ports: [8080] }),
  repo('docker.io/library/wordpress', [[['latest', '6', '6.7', '6.7.1', 'php8.2-apache'], 253115398, AMD_ARM], [['6.6', '6.6.2'], 250447201, AMD_ARM]], { stop: [300, 1500], ports: [80] }),
  repo(
    'docker.io/library/openjdk',
    [
      [['17', '17-jdk', '17.0.2', '17.0.2-jdk'], 471264873, AMD_ARM],
      [['17-jdk-slim', '17-slim', '17.0.2-jdk-slim'], 227486713, AMD_ARM],
      [['11', '11-jdk', '11.0.16'], 654438401, AMD_ARM],
      [['11-jre-slim', '11.0.16-jre-slim'], 221797226, AMD_ARM],
    ],
    { stop: [800, 2500] },
  ),
  repo(
    'docker.io/library/eclipse-temurin',
    [
      [['17', '17-jdk', '17.0.13_11-jdk', '17-jdk-jammy'], 407453190, AMD_ARM],
      [['17-jre', '17.0.13_11-jre', '17-jre-jammy'], 264813117, AMD_ARM],
      [['21', 'latest', '21-jdk', '21.0.5_11-jdk'], 445203391, AMD_ARM],
      [['21-jre', '21.0.5_11-jre'], 272049315, AMD_ARM],
    ],
    { stop: [800, 2500] },
  ),
  repo('docker.io/library/node', [[['latest', '22', '22.12', '22.12.0'], 1116371298, AMD_ARM], [['22-alpine', 'alpine'], 158312877, AMD_ARM], [['20', '20.18'], 1099512315, AMD_ARM]], SHELL),
  // a scratch image with one Go binary: answers with its hostname, IPs and the request it got
  repo(
    'docker.io/traefik/whoami',
    [
      [['latest', 'v1.11', 'v1.11.0'], 7109344, ['amd64', 'arm', 'arm64', 'ppc64le', 's390x']],
      [['v1.10', 'v1.10.4'], 6687511, ['amd64', 'arm', 'arm64', 'ppc64le', 's390x']],
      [['v1.10.3'], 6652146, ['amd64', 'arm', 'arm64', 'ppc64le', 's390x']],
    ],
    { stop: [20, 80], ports: [80] },
  ),
  // distroless: one binary that answers `-text` on every path (port 5678 unless `-listen`)
  repo(
    'docker.io/hashicorp/http-echo',
    [
      [['latest', '1.0', '1.0.0'], 3550812, ['amd64', 'arm', 'arm64']],
      [['0.2.3'], 2925447, ['amd64']],
    ],
    { stop: [10, 60], ports: [5678] },
  ),
  // Alpine with curl as the default command (which exits at once without a URL)
  repo(
    'docker.io/curlimages/curl',
    [
      [['latest', '8.11.1'], 10482373, MULTI],
      [['8.10.1'], 10307229, MULTI],
      [['8.5.0'], 9684129, MULTI],
    ],
    { exits: { code: 2, afterMs: 15 }, stop: [20, 80] },
  ),
  repo('registry.k8s.io/e2e-test-images/jessie-dnsutils', [[['1.3'], 76473841, MULTI], [['1.7'], 87516240, MULTI]], SHELL),
  withDigest(
    repo('registry.k8s.io/ingress-nginx/controller', [[['v1.12.1'], 105433958, ['amd64', 'arm', 'arm64', 's390x']]], { stop: [1200, 3500], ports: [80, 443, 8443, 10254] }),
    'v1.12.1',
    'd2fbc4ec70d8aa2050dd91a91506e998765e86c96f32cffb56c503c9c34eed5b',
  ),
  withDigest(
    repo('registry.k8s.io/ingress-nginx/kube-webhook-certgen', [[['v1.5.2'], 26717263, ['amd64', 'arm', 'arm64', 's390x']]], { exits: { code: 0, afterMs: 900 }, stop: [10, 60] }),
    'v1.5.2',
    'e8825994b7a2c7497375a9b945f386506ca6a3eda80b89b74ef2db743f66a5ea',
  ),
  repo('quay.io/metallb/controller', [[['v0.14.9'], 28366714, ['amd64', 'arm', 'arm64', 'ppc64le', 's390x']], [['v0.14.8'], 28112402, ['amd64', 'arm', 'arm64', 'ppc64le', 's390x']]], { stop: [100, 600], ports: [7472, 9443] }),
  repo('quay.io/metallb/speaker', [[['v0.14.9'], 52361275, ['amd64', 'arm', 'arm64', 'ppc64le', 's390x']], [['v0.14.8'], 52028590, ['amd64', 'arm', 'arm64', 'ppc64le', 's390x']]], { stop: [100, 600], ports: [7472, 7946] }),
  repo('registry.k8s.io/echoserver', [[['1.4'], 46161283, ['amd64']], [['1.10'], 43000546, ['amd64']]], { stop: [100, 500], ports: [8080] }),
  withBootImages(repo('registry.k8s.io/pause', [[['3.10'], 320368, MULTI], [['3.9'], 321520, MULTI]], { stop: [10, 40] })),
  withBootImages(repo('registry.k8s.io/etcd', [[['3.5.16-0'], 57680541, AMD_ARM], [['3.5.15-0'], 56909194, AMD_ARM]], { stop: [300, 1200] })),
  k8sComponent('kube-apiserver', 28048806),
  k8sComponent('kube-controller-manager', 26254366),
  k8sComponent('kube-scheduler', 20658223),
  k8sComponent('kube-proxy', 30910107),
  withBootImages(repo('registry.k8s.io/coredns/coredns', [[['v1.11.3'], 18562039, AMD_ARM], [['v1.11.1'], 18182961, AMD_ARM]], { stop: [100, 500], ports: [53] })),
  withBootImages(repo('docker.io/weaveworks/weave-kube', [[['latest', '2.8.1'], 30924173, ['amd64', 'arm', 'arm64', 'ppc64le', 's390x']]], { stop: [200, 900] })),
  withBootImages(repo('docker.io/weaveworks/weave-npc', [[['latest', '2.8.1'], 12814131, ['amd64', 'arm', 'arm64', 'ppc64le', 's390x']]], { stop: [200, 900] })),
];

const BY_NAME = new Map(CATALOGUE.map((r) => [r.name, r]));

/** The repository `docker.io/library/nginx`, or undefined when no registry knows it. */
export function findRepository(name: string): ImageRepository | undefined {
  return BY_NAME.get(name);
}

/** The release a tag points at: the longest dotted version among the tags sharing its digest (`1.25` → `1.25.5`, `alpine` → `1.27.3`). */
export function releaseOf(repository: string, tag: string | undefined): string | undefined {
  if (!tag) return undefined;
  const key = `${repository}:${tag}`;
  if (releases.has(key)) return releases.get(key);
  const r = findRelease(repository, tag);
  releases.set(key, r);
  return r;
}
/** The catalogue never changes: each repository:tag is looked up once. */
const releases = new Map<string, string | undefined>();

function findRelease(repository: string, tag: string | undefined): string | undefined {
  const repo = tag ? BY_NAME.get(repository) : undefined;
  const t = repo?.tags[tag!];
  if (!repo || !t) return undefined;
  let best: string | undefined;
  for (const [name, v] of Object.entries(repo.tags)) {
    const bare = name.replace(/-alpine$/, '');
    if (v.digest !== t.digest || !/^\d+\.\d+\.\d+$/.test(bare)) continue;
    if (!best || bare.length > best.length) best = bare;
  }
  // `1.25-alpine` has no dotted alias of its own: it is the alpine build of `1.25`
  if (!best && tag!.endsWith('-alpine')) return releaseOf(repository, tag!.slice(0, -'-alpine'.length));
  return best;
}
