// `docker build` (BuildKit via buildx, Docker 26): parse the Dockerfile in the build context, pull the
// base image for the target platform, apply ENV/WORKDIR/EXPOSE/ENTRYPOINT/CMD/ARG/USER/LABEL, check
// COPY/ADD sources exist, and print BuildKit's progress in its final (tty) form.
import type { DockerEngine, DockerMachine, DockerResult, LocalImage } from './index.ts';
import type { ImageContent, Layer } from '../registry/harbor.ts';
import type { ImageConfig, ImageProgram } from '../registry/programs.ts';
import { parseImageReference } from '../registry/reference.ts';
import { resolvePath } from '../hosts/fs.ts';
import { rfc3339Nano } from './inspect.ts';

interface BuildDeps {
  engine: DockerEngine;
  machine: DockerMachine;
  rest: string[];
  cwd: string;
  columns: number;
  now: () => number;
  pull: (name: string, quiet?: boolean) => { result: DockerResult; image?: LocalImage };
  addImage: (content: ImageContent, tags: string[]) => LocalImage;
  find: (ref: string) => LocalImage | undefined;
  usage: (cmd: string, need: string, use: string, short: string) => DockerResult;
  programForConfig: (base: ImageProgram, config: ImageConfig, appName: string) => ImageProgram;
  fakeDigest: (key: string) => string;
  syntheticLayers: (key: string, size: number, count?: number) => Layer[];
}

interface Instr {
  line: number;
  op: string;
  args: string;
  raw: string;
}


/** Dockerfile lines with continuations joined; comments dropped. */
export function parseDockerfile(text: string): Instr[] {
  const out: Instr[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    let l = lines[i]!.replace(/\r$/, '');
    const start = i + 1;
    if (/^\s*#/.test(l) || !l.trim()) continue;
    while (l.endsWith('\\') && i + 1 < lines.length) l = l.slice(0, -1) + ' ' + lines[++i]!.trim();
    const m = /^\s*(\S+)\s*(.*)$/.exec(l)!;
    out.push({ line: start, op: m[1]!.toUpperCase(), args: m[2]!.trim(), raw: l.trim() });
  }
  return out;
}

/** JSON form `["java","-jar","/app.jar"]` or shell form `java -jar /app.jar` (→ /bin/sh -c). */
function execForm(args: string): string[] {
  if (args.startsWith('[')) {
    try {
      const v = JSON.parse(args) as unknown;
      if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v as string[];
    } catch {
      // not JSON: shell form
    }
  }
  return ['/bin/sh', '-c', args];
}

const pad = (text: string, time: string, columns: number) => {
  const w = Math.max(40, columns);
  const room = w - time.length - 1;
  const t = text.length > room ? text.slice(0, room) : text;
  return t.padEnd(room) + ' ' + time;
};

export function buildImage(d: BuildDeps): DockerResult {
  const tags: string[] = [];
  let platform: string | undefined;
  let file: string | undefined;
  const buildArgs: Record<string, string> = {};
  const pos: string[] = [];
  let quiet = false;
  for (let i = 0; i < d.rest.length; i++) {
    const a = d.rest[i]!;
    const val = () => d.rest[++i] ?? '';
    if (a === '-t' || a === '--tag') tags.push(val());
    else if (a.startsWith('--tag=')) tags.push(a.slice(6));
    else if (a.startsWith('-t') && a.length > 2) tags.push(a.slice(2));
    else if (a === '--platform') platform = val();
    else if (a.startsWith('--platform=')) platform = a.slice(11);
    else if (a === '-f' || a === '--file') file = val();
    else if (a.startsWith('--file=')) file = a.slice(7);
    else if (a === '--build-arg') {
      const [k, ...v] = val().split('=');
      buildArgs[k!] = v.join('=');
    } else if (a === '-q' || a === '--quiet') quiet = true;
    else if (a === '--no-cache' || a === '--pull' || a === '--rm' || a === '--load') continue;
    else if (a.startsWith('-')) return { code: 1, out: '', err: `unknown flag: ${a}\nSee 'docker buildx build --help'.\n` };
    else pos.push(a);
  }
  if (pos.length !== 1) return { code: 1, out: '', err: `ERROR: "docker buildx build" requires exactly 1 argument.\nSee 'docker buildx build --help'.\n\nUsage:  docker buildx build [OPTIONS] PATH | URL | -\n\nStart a build\n` };
  for (const t of tags) {
    if (!parseImageReference(t).ok) return { code: 1, out: '', err: `ERROR: invalid tag "${t}": invalid reference format\n` };
  }
  const arch = platform ? platform.replace(/^linux\//, '').split('/')[0]! : d.machine.arch;
  if (platform && !/^linux\/(amd64|arm64|arm|386|ppc64le|s390x)(\/v\d)?$/.test(platform)) return { code: 1, out: '', err: `ERROR: failed to parse platform ${platform}: "${platform}": unknown operating system or architecture: invalid argument\n` };
  const ctxDir = resolvePath(d.cwd, pos[0]!);
  const fs = d.machine.fs;
  const start = d.now();
  const steps: string[] = [];
  let t = 0;
  const step = (name: string, secs: number, subs: [string, number][] = []) => {
    t += secs;
    steps.push(pad(` => ${name}`, `${secs.toFixed(1)}s`, d.columns));
    for (const [s, n] of subs) steps.push(pad(` => => ${s}`, `${n.toFixed(1)}s`, d.columns));
  };
  const header = (done: number, total: number, word: string) => pad(`[+] Building ${(t + 0.1).toFixed(1)}s (${done}/${total}) ${word}`, 'docker:default', d.columns);
  const dfPath = file ? resolvePath(d.cwd, file) : `${ctxDir}/Dockerfile`;
  if (!fs.isDir(ctxDir)) return { code: 1, out: '', err: `ERROR: unable to prepare context: path "${pos[0]}" not found\n` };
  if (!fs.exists(dfPath)) {
    step('[internal] load build definition from Dockerfile', 0.0, [['transferring dockerfile: 2B', 0.0]]);
    const out = [header(1, 1, 'FINISHED'), ...steps].join('\n') + '\n';
    return { code: 1, out, err: `ERROR: failed to solve: failed to read dockerfile: open ${file ?? 'Dockerfile'}: no such file or directory\n` };
  }
  const text = fs.read(dfPath);
  const instrs = parseDockerfile(text);
  step(`[internal] load build definition from ${file ? file.split('/').pop() : 'Dockerfile'}`, 0.0, [[`transferring dockerfile: ${new TextEncoder().encode(text).length}B`, 0.0]]);
  const from = instrs.find((i) => i.op === 'FROM');
  if (!from) return { code: 1, out: [header(1, 1, 'FINISHED'), ...steps].join('\n') + '\n', err: 'ERROR: failed to solve: dockerfile parse error on line 1: no build stage in current context\n' };
  const args: Record<string, string> = { ...buildArgs };
  const baseName = from.args.split(/\s+/).filter((w) => !w.startsWith('--'))[0]!.replace(/\$\{?(\w+)\}?/g, (_, k: string) => args[k] ?? '');
  const baseRef = parseImageReference(baseName);
  if (!baseRef.ok) return { code: 1, out: '', err: `ERROR: failed to solve: failed to parse stage name "${baseName}": invalid reference format\n` };
  const canonical = baseRef.ref.canonical;
  step(`[internal] load metadata for ${canonical}`, 1.9);
  step('[internal] load .dockerignore', 0.0, [['transferring context: 2B', 0.0]]);
  // the base image for the target platform: the local one when it matches, else a pull
  let base = d.find(baseName);
  if (!base || base.architecture !== arch) {
    const pulled = pullFor(d, baseName, arch);
    if ('error' in pulled) {
      const out = [header(2, 3, 'FINISHED'), ...steps, pad(` => ERROR [internal] load metadata for ${canonical}`, '0.5s', d.columns)].join('\n') + '\n';
      return { code: 1, out: out + `------\n > [internal] load metadata for ${canonical}:\n------\n`, err: `ERROR: failed to solve: ${baseName}: ${pulled.error}\n` };
    }
    base = pulled.image;
  }
  const total = instrs.filter((i) => ['FROM', 'RUN', 'COPY', 'ADD', 'WORKDIR'].includes(i.op)).length;
  const config: ImageConfig = structuredClone(base.config);
  config.env = [...config.env];
  const layers: Layer[] = [...base.layers];
  let size = base.size;
  let n = 0;
  const digestOfBase = base.repoDigests[0]?.split('@')[1] ?? base.id;
  let contextBytes = 0;
  let contextShown = false;
  for (const ins of instrs) {
    const expand = (s: string) => s.replace(/\$\{?(\w+)\}?/g, (m, k: string) => args[k] ?? config.env.find((e) => e.startsWith(`${k}=`))?.slice(k.length + 1) ?? m);
    switch (ins.op) {
      case 'FROM':
        n++;
        step(`[${n}/${total}] FROM ${canonical}@${digestOfBase}`, 9.4, [[`resolve ${canonical}@${digestOfBase}`, 0.0]]);
        break;
      case 'ARG': {
        const [k, ...v] = ins.args.split('=');
        if (!(k! in args)) args[k!] = v.join('=');
        break;
      }
      case 'ENV': {
        const m = /^(\w+)(?:=|\s+)(.*)$/.exec(ins.args);
        if (m) {
          const v = expand(m[2]!.replace(/^"(.*)"$/, '$1'));
          config.env = config.env.filter((e) => !e.startsWith(`${m[1]}=`));
          config.env.push(`${m[1]}=${v}`);
        }
        break;
      }
      case 'WORKDIR':
        n++;
        config.workingDir = resolvePath(config.workingDir ?? '/', expand(ins.args));
        step(`[${n}/${total}] WORKDIR ${ins.args}`, 0.1);
        break;
      case 'EXPOSE':
        config.exposedPorts = [...new Set([...(config.exposedPorts ?? []), ...ins.args.split(/\s+/).map((p) => (p.includes('/') ? p : `${p}/tcp`))])];
        break;
      case 'ENTRYPOINT':
        config.entrypoint = execForm(ins.args);
        config.cmd = undefined;
        break;
      case 'CMD':
        config.cmd = execForm(ins.args);
        break;
      case 'USER':
        config.user = ins.args;
        break;
      case 'LABEL':
        break;
      case 'RUN':
        n++;
        step(`[${n}/${total}] RUN ${ins.args}`, 1.2);
        layers.push({ digest: `sha256:${d.fakeDigest(`${ctxDir}#${ins.raw}#${arch}`)}`, size: 4096 });
        size += 8192;
        break;
      case 'COPY':
      case 'ADD': {
        n++;
        const words = ins.args.split(/\s+/).filter((w) => !w.startsWith('--'));
        const srcs = words.slice(0, -1);
        let bytes = 0;
        for (const s of srcs) {
          const matches = glob(fs, ctxDir, expand(s));
          if (!matches.length) {
            const shownSteps = [...steps];
            if (!contextShown) shownSteps.push(pad(' => [internal] load build context', '0.0s', d.columns), pad(' => => transferring context: 2B', '0.0s', d.columns));
            shownSteps.push(pad(` => ERROR [${n}/${total}] ${ins.op} ${ins.args}`, '0.0s', d.columns));
            const out = [header(n + 2, total + 3, 'FINISHED'), ...shownSteps].join('\n') + '\n' + `------\n > [${n}/${total}] ${ins.op} ${ins.args}:\n------\nDockerfile:${ins.line}\n--------------------\n${String(ins.line).padStart(3)} | >>> ${ins.raw}\n--------------------\n`;
            return { code: 1, out, err: `ERROR: failed to solve: failed to compute cache key: failed to calculate checksum of ref ${d.fakeDigest(ctxDir).slice(0, 25)}::${d.fakeDigest(s).slice(0, 25)}: "/${s.replace(/^\.?\//, '')}": not found\n` };
          }
          for (const f of matches) bytes += fs.stat(f)?.size ?? 0;
        }
        contextBytes += bytes;
        if (!contextShown) {
          contextShown = true;
          step('[internal] load build context', 0.1, [[`transferring context: ${human(contextBytes)}`, 0.1]]);
        }
        step(`[${n}/${total}] ${ins.op} ${ins.args}`, 0.2);
        layers.push({ digest: `sha256:${d.fakeDigest(`${ctxDir}#${ins.raw}#${bytes}#${arch}`)}`, size: Math.round(bytes * 0.9) + 512 });
        size += bytes;
        break;
      }
      default:
        break;
    }
  }
  const appName = (tags[0] ? parseImageReference(tags[0]).ok && (parseImageReference(tags[0]) as { ok: true; ref: { path: string } }).ref.path.split('/').pop()! : 'app') || 'app';
  const created = new Date(start).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const program = d.programForConfig(base.program, config, appName);
  const id = `sha256:${d.fakeDigest(`${ctxDir}#${text}#${arch}#${base.id}#${JSON.stringify(config)}`)}`;
  const content: ImageContent = { id, architecture: arch, os: 'linux', config, program, layers, size, created };
  const existing = d.engine.images().find((i) => i.id === id);
  const built = d.addImage(content, tags);
  built.comment = 'buildkit.dockerfile.v0';
  if (tags.length) built.lastTagTime = rfc3339Nano(start);
  if (existing) existing.createdAt = existing.createdAt ?? start;
  const exportSubs: [string, number][] = [['exporting layers', 0.3], [`writing image ${id}`, 0.0]];
  for (const tg of tags) {
    const r = parseImageReference(tg);
    if (r.ok) exportSubs.push([`naming to ${r.ref.canonical}`, 0.0]);
  }
  step('exporting to image', 0.3, exportSubs);
  if (quiet) return { code: 0, out: `${id}\n`, err: '' };
  const out = [header(total + 3, total + 3, 'FINISHED'), ...steps].join('\n') + '\n';
  return { code: 0, out, err: '' };
}

function human(bytes: number): string {
  if (bytes < 1000) return `${bytes}B`;
  if (bytes < 1e6) return `${(bytes / 1e3).toFixed(2)}kB`;
  return `${(bytes / 1e6).toFixed(2)}MB`;
}

/** COPY sources: a path or a `*` pattern in the last component, relative to the context. */
function glob(fs: DockerMachine['fs'], ctx: string, pattern: string): string[] {
  const p = resolvePath(ctx, pattern);
  if (!p.includes('*')) return fs.exists(p) ? [p] : [];
  const dir = p.slice(0, p.lastIndexOf('/')) || '/';
  const re = new RegExp('^' + p.slice(p.lastIndexOf('/') + 1).replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*') + '$');
  if (!fs.isDir(dir)) return [];
  return fs.list(dir).filter((n) => re.test(n)).map((n) => `${dir}/${n}`);
}

/** The base image for `arch`: the engine pulls it for that platform (the public catalogue). */
function pullFor(d: BuildDeps, name: string, arch: string): { image: LocalImage } | { error: string } {
  if (arch === d.machine.arch) {
    const r = d.pull(name, true);
    if (r.image) return { image: r.image };
    return { error: r.result.err.replace(/^Error response from daemon: /, '').trim() };
  }
  // another platform: the same image's variant for that architecture (the host-platform one is pulled alongside)
  const r = d.pull(name, true);
  if (!r.image) return { error: r.result.err.replace(/^Error response from daemon: /, '').trim() };
  const copy: LocalImage = { ...structuredClone(r.image), architecture: arch, id: `sha256:${d.fakeDigest(`${r.image.id}#${arch}`)}`, repoTags: [], layers: r.image.layers.map((l) => ({ ...l, digest: `sha256:${d.fakeDigest(`${l.digest}#${arch}`)}` })) };
  return { image: copy };
}
