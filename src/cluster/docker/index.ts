// The Docker engine on a machine (master, harbor): local images, build from a Dockerfile in the
// machine's files, tag, rmi, save/load (image tars in the file system), login, push to and pull from
// registries, with Docker 26's texts. The `docker` shell program (src/shell/programs/docker.ts) parses
// arguments and calls these; each call returns what dockerd/the CLI print and the exit code.
//   engine.run(argv, { cwd, columns, stdin }) → { code, out, err }
// Network rules (registry/registries.ts connect): a registry is tried over https; only a registry
// listed in /etc/docker/daemon.json "insecure-registries" (read when docker starts) falls back to http.
import type { FileSystem } from '../types.ts';
import type { Unit, UnitSpec } from '../hosts/services.ts';
import { logrusTime } from '../hosts/services.ts';
import { setApparentSize } from '../hosts/fs.ts';
import { fakeDigest } from '../registry/images.ts';
import { parseImageReference, type ImageReference } from '../registry/reference.ts';
import type { Endpoint, PullHostView, Registries } from '../registry/registries.ts';
import { syntheticLayers } from '../registry/registries.ts';
import type { ImageContent } from '../registry/harbor.ts';
import { programForConfig, type ImageConfig } from '../registry/programs.ts';
import { buildImage } from './build.ts';
import { formatTemplate, goJson, inspectImage, rfc3339Nano, TemplateError } from './inspect.ts';

export const DOCKER_VERSION = '26.1.4';
const DEFAULT_DOCKER_VERSION = DOCKER_VERSION;
const DOCKER_DAEMON_JSON = '/etc/docker/daemon.json';
export const TAR_MAGIC = 'kubeclass-docker-archive';

export interface LocalImage extends ImageContent {
  /** `kimtaeheon/discoveryservice:1.0` as docker shows it (no docker.io/library/ prefix) */
  repoTags: string[];
  repoDigests: string[];
  /** virtual ms when the image was created (build) or pulled */
  createdAt: number;
  /** `buildkit.dockerfile.v0` for images built here */
  comment?: string;
  /** RFC 3339 (nanoseconds) of the last `docker tag` / build naming; unset prints Go's zero time */
  lastTagTime?: string;
}

export interface DockerMachine extends PullHostView {
  readonly name: string;
  readonly fs: FileSystem;
  readonly arch: string;
  unit(name: string): Unit | undefined;
}

export interface DockerResult {
  code: number;
  out: string;
  err: string;
  /** stderr was written before stdout (login's warnings come before `Login Succeeded`) */
  errFirst?: boolean;
}

export interface DockerEngine {
  readonly machine: string;
  /** the daemon runs */
  readonly running: boolean;
  images(): LocalImage[];
  /** by `name[:tag]`, full/short id */
  find(ref: string): LocalImage | undefined;
  /** Put an image in the local store (labs: the learner's pre-built arm64 image). */
  addImage(content: ImageContent, tags: string[]): LocalImage;
  /** The tar `docker save` writes, for seeding labs. */
  archive(images: LocalImage[]): string;
  /** daemon.json as read at the last start */
  readonly daemon: { insecureRegistries: string[]; cgroupDriver: 'systemd' | 'cgroupfs' };
  /** Run `docker <argv>` (argv without `docker`). */
  run(argv: string[], opts: { cwd: string; columns?: number; stdin?: string | null }): DockerResult;
  /** hooked by the unit: read daemon.json; an error text means dockerd exits */
  start(): string | undefined;
  /** hooked by the unit after it starts */
  bindUnit(u: () => Unit | undefined): void;
}

/** Docker's `docker.io/library/nginx:latest` → `nginx:latest` familiar form. */
export function familiar(ref: ImageReference): string {
  let name = ref.repository;
  if (name.startsWith('docker.io/library/')) name = name.slice('docker.io/library/'.length);
  else if (name.startsWith('docker.io/')) name = name.slice('docker.io/'.length);
  return ref.digest ? `${name}@${ref.digest}` : `${name}:${ref.tag}`;
}

/** units.HumanSizeWithPrecision(size, 3): decimal units, 3 significant digits. */
export function humanSize(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let v = bytes;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${Number(v.toPrecision(3))}${units[i]}`;
}

/** go-units HumanDuration + " ago" (docker's CreatedSince). */
export function humanAgo(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (s < 1) return 'Less than a second ago';
  if (s === 1) return '1 second ago';
  if (s < 60) return `${s} seconds ago`;
  const m = Math.floor(s / 60);
  if (m === 1) return 'About a minute ago';
  if (m < 60) return `${m} minutes ago`;
  const h = Math.round(s / 3600);
  if (h === 1) return 'About an hour ago';
  if (h < 48) return `${h} hours ago`;
  if (h < 24 * 7 * 2) return `${Math.floor(h / 24)} days ago`;
  if (h < 24 * 30 * 2) return `${Math.floor(h / 24 / 7)} weeks ago`;
  if (h < 24 * 365 * 2) return `${Math.floor(h / 24 / 30)} months ago`;
  return `${Math.floor(h / 24 / 365)} years ago`;
}

/** tabwriter(minwidth 10, padding 3) as docker's table format prints. */
export function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return rows.map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(Math.max(10, widths[c]! + 3)))).join('').trimEnd() + '\n').join('');
}

const NO_DAEMON = 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\n';

export function DOCKER_UNIT(engine: DockerEngine): UnitSpec {
  return {
    name: 'docker',
    description: 'Docker Application Container Engine',
    path: '/usr/lib/systemd/system/docker.service',
    docs: ['https://docs.docker.com'],
    exec: '/usr/bin/dockerd -H fd:// --containerd=/run/containerd/containerd.sock',
    ident: 'dockerd',
    memory: '84.2M',
    restartAlways: true,
    restartSec: 2,
    onStart: () => engine.start(),
    startLog: (at) => [
      `time="${logrusTime(at, 11)}" level=info msg="Starting up"`,
      `time="${logrusTime(at + 120, 12)}" level=info msg="Loading containers: start."`,
      `time="${logrusTime(at + 310, 13)}" level=info msg="Loading containers: done."`,
      `time="${logrusTime(at + 350, 14)}" level=info msg="Docker daemon" commit=de5c9cf containerd-snapshotter=false storage-driver=overlay2 version=${DOCKER_VERSION}`,
      `time="${logrusTime(at + 352, 15)}" level=info msg="Daemon has completed initialization"`,
      `time="${logrusTime(at + 380, 16)}" level=info msg="API listen on /run/docker.sock"`,
    ],
  };
}

interface Auths {
  [server: string]: { auth: string };
}

export interface DockerEngineOptions {
  machine: DockerMachine;
  now: () => number;
  registries: Registries;
  /** the installed docker-ce version (`20.10.24`); default DOCKER_VERSION */
  version?: () => string;
  /** the daemon's command-line flags (ExecStart of docker.service), read at each start; default none */
  flags?: () => string[];
}

/** `--exec-opt native.cgroupdriver=systemd` / `--exec-opt=…` values among dockerd's flags. */
export function execOptsFromFlags(flags: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < flags.length; i++) {
    const f = flags[i]!;
    if (f === '--exec-opt' && flags[i + 1] !== undefined) out.push(flags[++i]!);
    else if (f.startsWith('--exec-opt=')) out.push(f.slice('--exec-opt='.length));
  }
  return out;
}

export function createDockerEngine(deps: DockerEngineOptions): DockerEngine {
  const { machine, now, registries } = deps;
  const DOCKER_VERSION = deps.version?.() ?? DEFAULT_DOCKER_VERSION;
  const fs = machine.fs;
  const store = new Map<string, LocalImage>();
  let unitOf: () => Unit | undefined = () => undefined;
  let daemon: DockerEngine['daemon'] = { insecureRegistries: [], cgroupDriver: 'cgroupfs' };

  fs.mkdir('/etc/docker', { parents: true });
  fs.mkdir('/var/lib/docker', { parents: true });

  const parse = (name: string) => {
    const r = parseImageReference(name);
    return r.ok ? r.ref : undefined;
  };
  const key = (ref: ImageReference) => familiar(ref);

  const find = (name: string): LocalImage | undefined => {
    const byId = name.replace(/^sha256:/, '');
    if (/^[0-9a-f]{4,64}$/.test(byId)) {
      const hits = [...store.values()].filter((i) => i.id.slice(7).startsWith(byId));
      if (hits.length === 1) return hits[0];
    }
    const ref = parse(name);
    if (!ref) return undefined;
    const k = key(ref);
    return [...store.values()].find((i) => i.repoTags.includes(k));
  };

  const addImage = (content: ImageContent, tags: string[]): LocalImage => {
    let img = store.get(content.id);
    if (!img) {
      img = { ...structuredClone(content), repoTags: [], repoDigests: [], createdAt: Date.parse(content.created) || now() };
      store.set(content.id, img);
    }
    for (const t of tags) {
      const ref = parse(t);
      if (!ref) continue;
      const k = key(ref);
      for (const other of store.values()) other.repoTags = other.repoTags.filter((x) => x !== k);
      img.repoTags.push(k);
    }
    return img;
  };

  const removeDangling = () => {
    for (const [id, i] of store) if (!i.repoTags.length && !i.repoDigests.length) store.delete(id);
  };

  const readAuths = (): Auths => {
    try {
      const j = JSON.parse(fs.read('/root/.docker/config.json')) as { auths?: Auths };
      return j.auths ?? {};
    } catch {
      return {};
    }
  };

  const loggedInUser = (server: string): string | undefined => {
    const a = readAuths()[server];
    if (!a) return undefined;
    try {
      return atob(a.auth).split(':')[0];
    } catch {
      return undefined;
    }
  };

  /** Connect as dockerd does: https first; http only for insecure registries. */
  const reach = (host: string): { ok: true; scheme: 'http' | 'https' } | { ok: false; error: string } => {
    const regHost = host === 'docker.io' ? 'registry-1.docker.io' : host;
    const https: Endpoint = { scheme: 'https', host: regHost, skipVerify: false };
    const e1 = registries.connect(machine, https);
    if (!e1) return { ok: true, scheme: 'https' };
    const insecure = daemon.insecureRegistries.some((r) => r === host || r === host.replace(/:\d+$/, ''));
    if (insecure && !e1.startsWith('dial tcp: lookup')) {
      const e2 = registries.connect(machine, { scheme: 'http', host: regHost, skipVerify: false });
      if (!e2) return { ok: true, scheme: 'http' };
    }
    return { ok: false, error: `Get "https://${regHost}/v2/": ${e1}` };
  };

  const ok = (out: string): DockerResult => ({ code: 0, out, err: '' });
  const fail = (err: string, code = 1, out = ''): DockerResult => ({ code, out, err });

  const pull = (name: string, quietFrom?: boolean): { result: DockerResult; image?: LocalImage } => {
    const ref = parse(name);
    if (!ref) return { result: fail(`invalid reference format\n`) };
    let out = '';
    if (!name.includes(':') && !name.includes('@') && !quietFrom) out += 'Using default tag: latest\n';
    const r = reach(ref.domain);
    if (!r.ok) return { result: fail(`Error response from daemon: ${r.error}\n`, 1, out) };
    const regHost = ref.domain;
    const f = familiar(ref);
    if (registries.harbor.host === regHost || machine.resolve(regHost.replace(/:\d+$/, '')) === registries.harbor.ip) {
      const user = loggedInUser(regHost);
      const access = registries.harbor.access(ref.path, 'pull', user);
      const m = access.ok ? registries.harbor.lookup(ref.path, ref.digest ?? ref.tag!) : undefined;
      if (!access.ok) return { result: fail(`Error response from daemon: unauthorized: ${access.message}\n`, 1, out) };
      if (!m) return { result: fail(`Error response from daemon: manifest for ${f} not found: manifest unknown: artifact ${ref.path}:${ref.tag} not found\n`, 1, out) };
      const img = addImage(m.image, ref.digest ? [] : [f]);
      img.repoDigests = [...new Set([...img.repoDigests, `${ref.repository}@${m.digest}`])];
      out += `${ref.tag}: Pulling from ${ref.path}\n` + m.image.layers.map((l) => `${l.digest.slice(7, 19)}: Pull complete\n`).join('') + `Digest: ${m.digest}\nStatus: Downloaded newer image for ${f}\n${ref.canonical}\n`;
      return { result: ok(out), image: img };
    }
    const pub = registries.publicImage(ref, machine.arch);
    if (!pub) {
      const repoKnown = registries.catalogue.resolve(`${ref.repository}:latest`).ok || registries.catalogue.resolve(ref.repository + ':1').ok;
      if (ref.domain === 'docker.io' && !repoKnown) {
        const shown = ref.repository.replace(/^docker\.io\/(library\/)?/, '');
        return { result: fail(`Error response from daemon: pull access denied for ${shown}, repository does not exist or may require 'docker login': denied: requested access to the resource is denied\n`, 1, out) };
      }
      return { result: fail(`Error response from daemon: manifest for ${f} not found: manifest unknown: manifest unknown\n`, 1, out) };
    }
    if (!pub.architectures.includes(machine.arch)) return { result: fail(`Error response from daemon: no matching manifest for linux/${machine.arch} in the manifest list entries\n`, 1, out) };
    const existing = find(f);
    if (existing && existing.id === pub.content.id) {
      out += `${ref.tag}: Pulling from ${ref.path}\nDigest: ${pub.digest}\nStatus: Image is up to date for ${f}\n${ref.canonical}\n`;
      return { result: ok(out), image: existing };
    }
    const img = addImage(pub.content, [f]);
    img.repoDigests = [`${f.replace(/[:@].*$/, '')}@${pub.digest}`];
    out += `${ref.tag}: Pulling from ${ref.path}\n` + pub.content.layers.map((l) => `${l.digest.slice(7, 19)}: Pull complete\n`).join('') + `Digest: ${pub.digest}\nStatus: Downloaded newer image for ${f}\n${ref.canonical}\n`;
    return { result: ok(out), image: img };
  };

  const archive = (images: LocalImage[]): string =>
    JSON.stringify({ [TAR_MAGIC]: 1, images: images.map((i) => ({ ...i, createdAt: undefined })) });

  const engine: DockerEngine = {
    machine: machine.name,
    get running() {
      return unitOf()?.running ?? true;
    },
    get daemon() {
      return daemon;
    },
    images: () => [...store.values()].sort((a, b) => b.createdAt - a.createdAt),
    find,
    addImage,
    archive,
    bindUnit(u) {
      unitOf = u;
    },
    start() {
      const flagOpts = execOptsFromFlags(deps.flags?.() ?? []);
      const flagDriver = flagOpts.find((o) => o.startsWith('native.cgroupdriver='))?.split('=')[1];
      if (!fs.exists(DOCKER_DAEMON_JSON)) {
        daemon = { insecureRegistries: [], cgroupDriver: flagDriver === 'systemd' ? 'systemd' : 'cgroupfs' };
        return undefined;
      }
      const text = fs.read(DOCKER_DAEMON_JSON);
      let j: { 'insecure-registries'?: string[]; 'exec-opts'?: string[] };
      try {
        j = text.trim() ? JSON.parse(text) : {};
      } catch (e) {
        const msg = e instanceof Error ? e.message : String(e);
        return `unable to configure the Docker daemon with file ${DOCKER_DAEMON_JSON}: ${goJsonError(msg)}`;
      }
      // dockerd refuses a directive given both as a flag and in daemon.json
      if (flagOpts.length && j['exec-opts'] !== undefined) return `unable to configure the Docker daemon with file ${DOCKER_DAEMON_JSON}: the following directives are specified both as a flag and in the configuration file: exec-opts: (from flag: [${flagOpts.join(' ')}], from file: [${j['exec-opts'].join(' ')}])`;
      const driver = (flagOpts.length ? flagOpts : j['exec-opts'] ?? []).find((o) => o.startsWith('native.cgroupdriver='))?.split('=')[1];
      daemon = { insecureRegistries: j['insecure-registries'] ?? [], cgroupDriver: driver === 'systemd' ? 'systemd' : 'cgroupfs' };
      return undefined;
    },
    run(argv, opts) {
      const [cmd, ...rest] = argv;
      if (cmd === 'version' || cmd === '--version' || cmd === '-v') return version(cmd !== 'version');
      if (!engine.running) return fail(NO_DAEMON);
      switch (cmd) {
        case 'images':
        case 'image':
          if (cmd === 'image' && rest[0] === 'inspect') return inspect(rest.slice(1), 'image');
          if (cmd === 'image' && rest[0] !== 'ls') return fail(`docker: 'image ${rest[0] ?? ''}' is not a docker command.\nSee 'docker --help'\n`);
          return images(cmd === 'image' ? rest.slice(1) : rest);
        case 'inspect':
          return inspect(rest, 'object');
        case 'tag':
          return tag(rest);
        case 'rmi':
          return rmi(rest);
        case 'save':
          return save(rest);
        case 'load':
          return load(rest);
        case 'login':
          return login(rest, opts.stdin ?? null);
        case 'logout':
          return logout(rest);
        case 'push':
          return push(rest);
        case 'pull': {
          const names = rest.filter((a) => !a.startsWith('-'));
          if (names.length !== 1) return usage('pull', 'exactly 1 argument', 'docker pull [OPTIONS] NAME[:TAG|@DIGEST]', 'Download an image from a registry');
          return pull(names[0]!).result;
        }
        case 'build':
          return buildImage({ engine, machine, rest, cwd: opts.cwd, columns: opts.columns ?? 80, now, pull, addImage, find, usage, programForConfig, fakeDigest, syntheticLayers });
        case 'info':
          return info();
        case 'ps':
          return ok('CONTAINER ID   IMAGE     COMMAND   CREATED   STATUS    PORTS     NAMES\n');
        default:
          return fail(`docker: '${cmd}' is not a docker command.\nSee 'docker --help'\n`);
      }
    },
  };

  function usage(cmd: string, need: string, use: string, short: string): DockerResult {
    return fail(`"docker ${cmd}" requires ${need}.\nSee 'docker ${cmd} --help'.\n\nUsage:  ${use}\n\n${short}\n`);
  }

  function version(short: boolean): DockerResult {
    if (short) return ok(`Docker version ${DOCKER_VERSION}, build 5650f9b\n`);
    let out = `Client: Docker Engine - Community\n Version:           ${DOCKER_VERSION}\n API version:       1.45\n Go version:        go1.21.11\n Git commit:        5650f9b\n Built:             Wed Jun  5 11:32:04 2024\n OS/Arch:           linux/amd64\n Context:           default\n`;
    if (!engine.running) return { code: 1, out: out + '\n', err: NO_DAEMON };
    out += `\nServer: Docker Engine - Community\n Engine:\n  Version:          ${DOCKER_VERSION}\n  API version:      1.45 (minimum version 1.24)\n  Go version:       go1.21.11\n  Git commit:       de5c9cf\n  Built:            Wed Jun  5 11:31:02 2024\n  OS/Arch:          linux/amd64\n  Experimental:     false\n containerd:\n  Version:          1.7.24\n  GitCommit:        88bf19b2105c8b17560993bee28a01ddc2f97182\n runc:\n  Version:          1.2.2\n  GitCommit:        v1.2.2-0-g7cb3632\n docker-init:\n  Version:          0.19.0\n  GitCommit:        de40ad0\n`;
    return ok(out);
  }

  function images(args: string[]): DockerResult {
    const quiet = args.includes('-q') || args.includes('--quiet');
    const filter = args.find((a) => !a.startsWith('-'));
    const rows: string[][] = [['REPOSITORY', 'TAG', 'IMAGE ID', 'CREATED', 'SIZE']];
    const ids: string[] = [];
    for (const img of engine.images()) {
      const tags = img.repoTags.length ? img.repoTags : ['<none>:<none>'];
      for (const t of tags) {
        const at = t.lastIndexOf(':');
        const repo = t.slice(0, at);
        if (filter && repo !== filter && t !== filter) continue;
        rows.push([repo, t.slice(at + 1), img.id.slice(7, 19), humanAgo(now() - img.createdAt), humanSize(img.size)]);
        ids.push(img.id.slice(7, 19));
      }
    }
    if (quiet) return ok(ids.map((i) => i + '\n').join(''));
    return ok(table(rows));
  }

  function tag(args: string[]): DockerResult {
    const names = args.filter((a) => !a.startsWith('-'));
    if (names.length !== 2) return usage('tag', 'exactly 2 arguments', 'docker tag SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]', 'Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE');
    const [src, dst] = names as [string, string];
    const img = find(src);
    if (!img) return fail(`Error response from daemon: No such image: ${src.includes(':') || /^[0-9a-f]{12,}$/.test(src) ? src : `${src}:latest`}\n`);
    if (!parse(dst)) return fail(`Error parsing reference: "${dst}" is not a valid repository/tag: invalid reference format\n`);
    addImage(img, [dst]).lastTagTime = rfc3339Nano(now());
    return ok('');
  }

  function inspect(args: string[], what: 'image' | 'object'): DockerResult {
    let format: string | undefined;
    const names: string[] = [];
    for (let i = 0; i < args.length; i++) {
      const a = args[i]!;
      if (a === '-f' || a === '--format') format = args[++i];
      else if (a.startsWith('--format=')) format = a.slice(9);
      else if (a.startsWith('-f') && a.length > 2) format = a.slice(2);
      else if (a === '--type') i++;
      else if (a.startsWith('--type=') || a === '-s' || a === '--size') continue;
      else names.push(a);
    }
    const cmd = what === 'image' ? 'image inspect' : 'inspect';
    if (!names.length) return usage(cmd, 'at least 1 argument', what === 'image' ? 'docker image inspect [OPTIONS] IMAGE [IMAGE...]' : 'docker inspect [OPTIONS] NAME|ID [NAME|ID...]', what === 'image' ? 'Display detailed information on one or more images' : 'Return low-level information on Docker objects');
    const found: ReturnType<typeof inspectImage>[] = [];
    const errs: string[] = [];
    for (const n of names) {
      const img = find(n);
      if (img) found.push(inspectImage(img));
      else errs.push(`Error: No such ${what}: ${n}`);
    }
    let out = '';
    if (format === undefined || format === '' || format === 'json') {
      out = format === 'json' ? found.map((j) => goJson(j, '') + '\n').join('') : goJson(found) + '\n';
    } else {
      try {
        for (const j of found) out += formatTemplate(format, j) + '\n';
      } catch (e) {
        if (!(e instanceof TemplateError)) throw e;
        return fail(`${e.message}\n`, 1, out);
      }
    }
    return errs.length ? { code: 1, out, err: errs.join('\n') + '\n' } : ok(out);
  }

  function rmi(args: string[]): DockerResult {
    const names = args.filter((a) => !a.startsWith('-'));
    if (!names.length) return usage('rmi', 'at least 1 argument', 'docker rmi [OPTIONS] IMAGE [IMAGE...]', 'Remove one or more images');
    let out = '';
    let err = '';
    for (const n of names) {
      const img = find(n);
      if (!img) {
        err += `Error response from daemon: No such image: ${n}\n`;
        continue;
      }
      const ref = parse(n);
      const k = ref && !/^[0-9a-f]{12,64}$/.test(n) ? familiar(ref) : undefined;
      const untag = k && img.repoTags.includes(k) ? [k] : [...img.repoTags];
      for (const t of untag) out += `Untagged: ${t}\n`;
      img.repoTags = img.repoTags.filter((t) => !untag.includes(t));
      if (!img.repoTags.length) {
        for (const d of img.repoDigests) out += `Untagged: ${d}\n`;
        img.repoDigests = [];
        out += `Deleted: ${img.id}\n`;
        removeDangling();
      }
    }
    return { code: err ? 1 : 0, out, err };
  }

  function save(args: string[]): DockerResult {
    let output: string | undefined;
    const names: string[] = [];
    for (let i = 0; i < args.length; i++) {
      const a = args[i]!;
      if (a === '-o' || a === '--output') output = args[++i];
      else if (a.startsWith('--output=')) output = a.slice(9);
      else if (a.startsWith('-o') && a.length > 2) output = a.slice(2);
      else names.push(a);
    }
    if (!names.length) return usage('save', 'at least 1 argument', 'docker save [OPTIONS] IMAGE [IMAGE...]', 'Save one or more images to a tar archive (streamed to STDOUT by default)');
    const imgs: LocalImage[] = [];
    for (const n of names) {
      const img = find(n);
      if (!img) return fail(`Error response from daemon: reference does not exist\n`);
      const ref = parse(n);
      imgs.push({ ...img, repoTags: ref && img.repoTags.includes(familiar(ref)) ? [familiar(ref)] : img.repoTags });
    }
    if (!output) return fail('cowardly refusing to save to a terminal. Use the -o flag or redirect\n');
    const path = output.startsWith('/') ? output : `${optsCwd}/${output}`;
    fs.write(path, archive(imgs));
    setApparentSize(fs, path, imgs.reduce((s, i) => s + i.size, 0) + 10240 * imgs.length);
    return ok('');
  }

  let optsCwd = '/root';
  const runInner = engine.run;
  engine.run = (argv, opts) => {
    optsCwd = opts.cwd;
    return runInner(argv, opts);
  };

  function load(args: string[]): DockerResult {
    let input: string | undefined;
    const quiet = args.includes('-q') || args.includes('--quiet');
    for (let i = 0; i < args.length; i++) {
      const a = args[i]!;
      if (a === '-i' || a === '--input') input = args[++i];
      else if (a.startsWith('--input=')) input = a.slice(8);
      else if (a !== '-q' && a !== '--quiet') return fail(`"docker load" accepts no arguments.\nSee 'docker load --help'.\n\nUsage:  docker load [OPTIONS]\n\nLoad an image from a tar archive or STDIN\n`);
    }
    if (!input) return fail('requested load from stdin, but stdin is empty\n');
    const path = input.startsWith('/') ? input : `${optsCwd}/${input}`;
    if (!fs.exists(path)) return fail(`open ${path}: no such file or directory\n`);
    let payload: { images?: LocalImage[] } | undefined;
    try {
      const j = JSON.parse(fs.read(path)) as Record<string, unknown>;
      if (j[TAR_MAGIC]) payload = j as { images: LocalImage[] };
    } catch {
      payload = undefined;
    }
    if (!payload?.images) return fail('Error response from daemon: unexpected EOF\n');
    let out = '';
    const known = new Set([...store.values()].flatMap((i) => i.layers.map((l) => l.digest)));
    for (const img of payload.images) {
      for (const l of img.layers) {
        if (known.has(l.digest) || quiet) continue;
        const sz = humanSize(Math.round(l.size * 2.3));
        out += `${l.digest.slice(7, 19)}: Loading layer [==================================================>]  ${sz}/${sz}\n`;
        known.add(l.digest);
      }
      const { repoTags, ...content } = img;
      addImage({ ...content, created: img.created }, repoTags);
      if (repoTags.length) for (const t of repoTags) out += `Loaded image: ${t}\n`;
      else out += `Loaded image ID: ${img.id}\n`;
    }
    return ok(out);
  }

  function login(args: string[], stdin: string | null): DockerResult {
    let user: string | undefined;
    let pass: string | undefined;
    let passStdin = false;
    let server: string | undefined;
    for (let i = 0; i < args.length; i++) {
      const a = args[i]!;
      if (a === '-u' || a === '--username') user = args[++i];
      else if (a.startsWith('--username=')) user = a.slice(11);
      else if (a === '-p' || a === '--password') pass = args[++i];
      else if (a.startsWith('--password=')) pass = a.slice(11);
      else if (a === '--password-stdin') passStdin = true;
      else server = a;
    }
    let out = '';
    let err = '';
    if (pass !== undefined) err += 'WARNING! Using --password via the CLI is insecure. Use --password-stdin.\n';
    if (passStdin) pass = (stdin ?? '').replace(/\n$/, '');
    const host = server ?? 'docker.io';
    const key = server ?? 'https://index.docker.io/v1/';
    if (user === undefined || pass === undefined) {
      const existing = loggedInUser(key);
      if (existing && user === undefined) {
        out += `Authenticating with existing credentials...\n`;
        return { code: 0, out: out + 'Login Succeeded\n', err };
      }
      return { code: 1, out, err: err + 'Error: Cannot perform an interactive login from a non TTY device\n' };
    }
    const r = reach(host);
    if (!r.ok) return { code: 1, out, err: err + `Error response from daemon: ${r.error}\n` };
    const ip = machine.resolve(host.replace(/:\d+$/, ''));
    if (ip === registries.harbor.ip) {
      if (!registries.harbor.authenticate(user, pass)) return { code: 1, out, err: err + `Error response from daemon: login attempt to ${r.scheme}://${host}/v2/ failed with status: 401 Unauthorized\n` };
    } else return { code: 1, out, err: err + 'Error response from daemon: Get "https://registry-1.docker.io/v2/": unauthorized: incorrect username or password\n' };
    const cfg = readConfig();
    cfg.auths = { ...(cfg.auths ?? {}), [key]: { auth: btoa(`${user}:${pass}`) } };
    fs.mkdir('/root/.docker', { parents: true });
    fs.write('/root/.docker/config.json', JSON.stringify(cfg, null, '\t') + '\n');
    err += 'WARNING! Your password will be stored unencrypted in /root/.docker/config.json.\nConfigure a credential helper to remove this warning. See\nhttps://docs.docker.com/engine/reference/commandline/login/#credentials-store\n\n';
    return { code: 0, out: out + 'Login Succeeded\n', err, errFirst: true };
  }

  function readConfig(): { auths?: Auths } {
    try {
      return JSON.parse(fs.read('/root/.docker/config.json')) as { auths?: Auths };
    } catch {
      return {};
    }
  }

  function logout(args: string[]): DockerResult {
    const key = args[0] ?? 'https://index.docker.io/v1/';
    const cfg = readConfig();
    if (!cfg.auths?.[key]) return ok(`Not logged in to ${args[0] ?? 'https://index.docker.io/v1/'}\n`);
    delete cfg.auths[key];
    fs.write('/root/.docker/config.json', JSON.stringify(cfg, null, '\t') + '\n');
    return ok(`Removing login credentials for ${key}\n`);
  }

  function push(args: string[]): DockerResult {
    const names = args.filter((a) => !a.startsWith('-'));
    if (names.length !== 1) return usage('push', 'exactly 1 argument', 'docker push [OPTIONS] NAME[:TAG]', 'Upload an image to a registry');
    const name = names[0]!;
    const ref = parse(name);
    if (!ref) return fail('invalid reference format\n');
    let out = '';
    if (!name.slice(name.lastIndexOf('/') + 1).includes(':')) out += 'Using default tag: latest\n';
    const img = find(familiar(ref));
    if (!img) return fail(`An image does not exist locally with the tag: ${familiar(ref).replace(/:latest$/, '')}\n`, 1, out);
    out += `The push refers to repository [${ref.repository}]\n`;
    const layerLines = (word: string) => [...img.layers].reverse().map((l) => `${l.digest.slice(7, 19)}: ${word}\n`).join('');
    const r = reach(ref.domain);
    if (!r.ok) return fail(`${r.error}\n`, 1, out + layerLines('Preparing'));
    const ip = machine.resolve(ref.domain.replace(/:\d+$/, ''));
    if (ip !== registries.harbor.ip) return fail('denied: requested access to the resource is denied\n', 1, out + layerLines('Preparing') + layerLines('Waiting'));
    const access = registries.harbor.access(ref.path, 'push', loggedInUser(ref.domain));
    if (!access.ok) return fail(`unauthorized: ${access.message}\n`, 1, out + layerLines('Preparing'));
    const manifestJson = 2 + img.layers.length * 200 + 400;
    const digest = `sha256:${fakeDigest(`${img.id}#manifest#${ref.repository}`)}`;
    const existing = new Set(registries.harbor.repositories().flatMap((p) => registries.harbor.tags(p).map((t) => registries.harbor.lookup(p, t)!.image.layers.map((l) => l.digest)).flat()));
    registries.harbor.push(ref.path, ref.tag!, { digest, manifestSize: manifestJson, image: structuredClone({ ...img, repoTags: undefined, repoDigests: undefined, createdAt: undefined }) as unknown as ImageContent, pushedAt: now() });
    img.repoDigests = [...new Set([...img.repoDigests, `${ref.repository}@${digest}`])];
    out += [...img.layers].reverse().map((l) => `${l.digest.slice(7, 19)}: ${existing.has(l.digest) ? 'Layer already exists' : 'Pushed'}\n`).join('');
    out += `${ref.tag}: digest: ${digest} size: ${manifestJson}\n`;
    return ok(out);
  }

  function info(): DockerResult {
    const imgs = store.size;
    const out = `Client: Docker Engine - Community
 Version:    ${DOCKER_VERSION}
 Context:    default
 Debug Mode: false
 Plugins:
  buildx: Docker Buildx (Docker Inc.)
    Version:  v0.14.1
    Path:     /usr/libexec/docker/cli-plugins/docker-buildx
  compose: Docker Compose (Docker Inc.)
    Version:  v2.27.1
    Path:     /usr/libexec/docker/cli-plugins/docker-compose

Server:
 Containers: 0
  Running: 0
  Paused: 0
  Stopped: 0
 Images: ${imgs}
 Server Version: ${DOCKER_VERSION}
 Storage Driver: overlay2
  Backing Filesystem: xfs
  Supports d_type: true
  Using metacopy: false
  Native Overlay Diff: true
  userxattr: false
 Logging Driver: json-file
 Cgroup Driver: ${daemon.cgroupDriver}
 Cgroup Version: 1
 Plugins:
  Volume: local
  Network: bridge host ipvlan macvlan null overlay
  Log: awslogs fluentd gcplogs gelf journald json-file local splunk syslog
 Swarm: inactive
 Runtimes: io.containerd.runc.v2 runc
 Default Runtime: runc
 Init Binary: docker-init
 containerd version: 88bf19b2105c8b17560993bee28a01ddc2f97182
 runc version: v1.2.2-0-g7cb3632
 init version: de40ad0
 Security Options:
  seccomp
   Profile: builtin
 Kernel Version: 3.10.0-1160.el7.x86_64
 Operating System: CentOS Linux 7 (Core)
 OSType: linux
 Architecture: x86_64
 CPUs: 2
 Total Memory: 3.7GiB
 Name: ${machine.name}
 ID: ${fakeDigest(machine.name).slice(0, 8)}-${fakeDigest(machine.name).slice(8, 12)}-${fakeDigest(machine.name).slice(12, 16)}-${fakeDigest(machine.name).slice(16, 20)}-${fakeDigest(machine.name).slice(20, 32)}
 Docker Root Dir: /var/lib/docker
 Debug Mode: false
 Experimental: false
 Insecure Registries:
${[...daemon.insecureRegistries, '127.0.0.0/8'].map((r) => `  ${r}`).join('\n')}
 Live Restore Enabled: false

`;
    return ok(out);
  }

  return engine;
}

/** encoding/json's syntax error wording for a JSON.parse failure (approximate offset-free form). */
function goJsonError(msg: string): string {
  const m = /Unexpected token '?(.)'?/.exec(msg);
  if (m) return `invalid character '${m[1]}' looking for beginning of object key string`;
  if (/end of JSON|Unexpected end/.test(msg)) return 'unexpected EOF';
  return msg;
}

export type { ImageConfig };
