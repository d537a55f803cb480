// The container runtime's side of every node: one record per container instance (a start of a
// container), its process run ahead of the virtual clock, its CRI log (current and previous instance),
// its own root file system and environment. The kubelet starts and stops instances; kubectl reads
// logs and execs into them through the ContainerRuntimeView.
import type {
  Clock,
  ContainerExecEnv,
  ContainerLogLine,
  ContainerProcessInfo,
  ContainerRuntimeView,
  FileSystem,
  HttpRequest,
  HttpResponse,
  Random,
  TimerHandle,
} from '../types.ts';
import type { ImageConfig, ImageProgram } from '../registry/programs.ts';
import type { Step } from './sh.ts';
import { lookPath, nginxTime, nginxVersion, type ProcessEntry } from './programs.ts';
import type { Distro } from './image-fs.ts';
import { httpDate, httpEchoAnswer, whoamiAnswer } from './go-answers.ts';

/** How far ahead of the clock a process is run in one go (logs are revealed as time reaches them). */
const LOOKAHEAD_MS = 10 * 60 * 1000;
/** Steps per pump, so a loop without sleeps cannot hang the page. */
const MAX_STEPS = 20_000;
/** Lines kept per instance (the kubelet rotates its log files at 10Mi). */
const MAX_LINES = 20_000;

export interface ContainerInstance {
  id: string;
  podUid: string;
  namespace: string;
  pod: string;
  container: string;
  node: string;
  startedAt: number;
  /** set when the process has exited (or was killed) */
  finishedAt?: number;
  exitCode?: number;
  /** when the process will exit by itself, once the run-ahead has reached it */
  exitAt?: number;
  exitWith?: number;
  logs: ContainerLogLine[];
  fs: FileSystem;
  env: Record<string, string>;
  program: ImageProgram;
  config: ImageConfig;
  distro: Distro;
  hostname: string;
  podIP: string;
  version?: string;
  /** the process's argv (entrypoint/command + args), for programs whose answers follow their flags */
  argv?: string[];
  processes: ProcessEntry[];
  execs: ContainerProcessInfo[];
  nextPid: number;
  gen?: Generator<Step, number>;
  /** virtual time the process has been run up to */
  cursor: number;
  partial: { stdout: string; stderr: string };
  lastNs: bigint;
  extendTimer?: TimerHandle;
  followers: Set<Follower>;
  /** called when the run-ahead finds the exit (the kubelet schedules it) */
  onExitKnown?: (inst: ContainerInstance) => void;
  /** started with stdin open: the process waits for an attached session to run it (ContainerRuntimeView.attach) */
  held?: boolean;
  requests: number;
}

interface Follower {
  delivered: number;
  onLine: (l: ContainerLogLine) => void;
  onEnd?: () => void;
  timer?: TimerHandle;
}

const key = (ns: string, pod: string, c: string) => `${ns}/${pod}/${c}`;

/** The nanosecond instant of a stored line, from its RFC 3339 timestamp. */
function nsOf(l: ContainerLogLine): bigint {
  const m = /\.(\d+)Z$/.exec(l.timestamp);
  const frac = m ? BigInt(m[1]!.padEnd(9, '0')) : 0n;
  return BigInt(Math.floor(l.time / 1000)) * 1_000_000_000n + frac;
}

/** Go's RFC3339Nano: fraction without trailing zeros. */
export function rfc3339Nano(ns: bigint): string {
  const ms = Number(ns / 1_000_000n);
  const frac = (ns % 1_000_000_000n).toString().padStart(9, '0').replace(/0+$/, '');
  return `${new Date(ms).toISOString().slice(0, 19)}${frac ? `.${frac}` : ''}Z`;
}

export interface ContainerStore extends ContainerRuntimeView {
  /** Register a started instance; its process runs ahead at once. */
  add(
    inst: Omit<ContainerInstance, 'logs' | 'cursor' | 'partial' | 'lastNs' | 'followers' | 'requests' | 'execs' | 'nextPid'>,
    bind?: (inst: ContainerInstance) => void,
  ): ContainerInstance;
  /** The current instance of a container (running or exited). */
  current(namespace: string, pod: string, container: string): ContainerInstance | undefined;
  /** Stop a running instance now (SIGTERM/SIGKILL result). */
  stop(inst: ContainerInstance, exitCode: number, lines?: { stream: 'stdout' | 'stderr'; text: string }[]): void;
  /** The process exited by itself at its exit time. */
  exited(inst: ContainerInstance): void;
  /** Forget a pod's containers (the pod object is gone). */
  forgetPod(namespace: string, pod: string, uid: string): void;
  /**
   * Lines a running container writes now (a proxy's access log, a controller reacting to the API):
   * stamped with the current time, placed among the lines its process wrote ahead. False when not running.
   */
  appendLog(namespace: string, pod: string, container: string, lines: { stream: 'stdout' | 'stderr'; text: string }[]): boolean;
}

export function createContainerStore(clock: Clock, random: Random): ContainerStore {
  const current = new Map<string, ContainerInstance>();
  const previous = new Map<string, ContainerInstance>();
  /** the last few instances of each container, newest last (the kubelet keeps dead containers a while) */
  const history = new Map<string, ContainerInstance[]>();
  const byId = (k: string, id: string | undefined) => {
    const bare = (id ?? '').replace(/^\w+:\/\//, '');
    return history.get(k)?.find((i) => i.id === bare);
  };

  const emit = (inst: ContainerInstance, stream: 'stdout' | 'stderr', text: string, at: number) => {
    const base = BigInt(at) * 1_000_000n + BigInt(100_000 + random.int(800_000));
    const ns = base > inst.lastNs ? base : inst.lastNs + BigInt(1 + random.int(20_000));
    inst.lastNs = ns;
    inst.logs.push({ time: Number(ns / 1_000_000n), timestamp: rfc3339Nano(ns), stream, text });
    // trim in chunks: a line-at-a-time splice would make a chatty container quadratic
    if (inst.logs.length > MAX_LINES + 2000) {
      const drop = inst.logs.length - MAX_LINES;
      inst.logs.splice(0, drop);
      for (const f of inst.followers) f.delivered = Math.max(0, f.delivered - drop);
    }
  };

  /** A line written at the current instant, after every line already due and before the run-ahead's future ones. */
  const insertNow = (inst: ContainerInstance, stream: 'stdout' | 'stderr', text: string) => {
    const now = clock.now();
    let at = inst.logs.length;
    while (at > 0 && inst.logs[at - 1]!.time > now) at--;
    const prev = at > 0 ? nsOf(inst.logs[at - 1]!) : 0n;
    const base = BigInt(now) * 1_000_000n + BigInt(100_000 + random.int(800_000));
    let ns = base > prev ? base : prev + BigInt(1 + random.int(20_000));
    // stay inside the current millisecond so the line is not hidden as a future one
    if (ns / 1_000_000n > BigInt(now)) ns = prev + 1n;
    inst.logs.splice(at, 0, { time: Number(ns / 1_000_000n), timestamp: rfc3339Nano(ns), stream, text });
    if (ns > inst.lastNs && at === inst.logs.length - 1) inst.lastNs = ns;
  };

  const write = (inst: ContainerInstance, stream: 'stdout' | 'stderr', text: string, at: number) => {
    const buf = inst.partial[stream] + text;
    const lines = buf.split('\n');
    inst.partial[stream] = lines.pop()!;
    for (const l of lines) emit(inst, stream, l, at);
  };

  const flush = (inst: ContainerInstance, at: number) => {
    for (const s of ['stdout', 'stderr'] as const) {
      if (inst.partial[s]) emit(inst, s, inst.partial[s], at);
      inst.partial[s] = '';
    }
  };

  /** Run the process ahead up to `until`; records the exit when reached. */
  const pump = (inst: ContainerInstance, until: number) => {
    const gen = inst.gen;
    if (!gen) return;
    let steps = 0;
    while (inst.cursor <= until && steps++ < MAX_STEPS) {
      const r = gen.next();
      if (r.done) {
        flush(inst, inst.cursor);
        inst.gen = undefined;
        inst.exitAt = inst.cursor;
        inst.exitWith = r.value;
        inst.onExitKnown?.(inst);
        return;
      }
      const step = r.value;
      if (step.kind === 'write') write(inst, step.stream, step.text, inst.cursor);
      else if (step.kind === 'sleep') inst.cursor += step.ms;
      else if (inst.cursor > clock.now()) {
        // the process acts on the cluster next: continue when the clock gets there, against the cluster as it is then
        inst.extendTimer = clock.at(inst.cursor, () => {
          inst.extendTimer = undefined;
          if (inst.finishedAt === undefined) pump(inst, clock.now() + LOOKAHEAD_MS);
          wake(inst);
        }, `runtime ${inst.pod}/${inst.container} request`, { background: step.background });
        return;
      }
    }
    if (inst.cursor === Infinity) return;
    // not finished within the window: continue when the clock gets there
    const at = Math.max(clock.now(), Math.min(inst.cursor, until));
    inst.extendTimer = clock.at(at, () => {
      inst.extendTimer = undefined;
      if (inst.finishedAt === undefined) pump(inst, clock.now() + LOOKAHEAD_MS);
      wake(inst);
    }, `runtime ${inst.pod}/${inst.container} run-ahead`, { background: true });
  };

  const visible = (inst: ContainerInstance) => {
    const now = inst.finishedAt ?? clock.now();
    let n = inst.logs.length;
    while (n > 0 && inst.logs[n - 1]!.time > now) n--;
    return inst.logs.slice(0, n);
  };

  // ---- followers (kubectl logs -f) ----
  const wake = (inst: ContainerInstance) => {
    for (const f of inst.followers) deliver(inst, f);
  };

  const deliver = (inst: ContainerInstance, f: Follower) => {
    f.timer?.cancel();
    f.timer = undefined;
    if (!inst.followers.has(f)) return;
    const now = clock.now();
    while (f.delivered < inst.logs.length && inst.logs[f.delivered]!.time <= now) f.onLine(inst.logs[f.delivered++]!);
    if (inst.finishedAt !== undefined && inst.finishedAt <= now && f.delivered >= inst.logs.length) {
      inst.followers.delete(f);
      f.onEnd?.();
      return;
    }
    const next = inst.logs[f.delivered]?.time;
    if (next !== undefined) f.timer = clock.at(next, () => deliver(inst, f), `runtime follow ${inst.pod}`, { background: true });
  };

  const toInfo = (inst: ContainerInstance, p: ProcessEntry): ContainerProcessInfo => ({ pid: p.pid, user: p.user, command: p.command, startedAt: inst.startedAt });

  const execEnv = (inst: ContainerInstance): ContainerExecEnv => ({
    containerID: inst.id,
    fs: inst.fs,
    env: { ...inst.env },
    tools: inst.program.tools,
    hostname: inst.hostname,
    distro: inst.distro,
    workingDir: inst.config.workingDir ?? '/',
    processes: () => [...inst.processes.map((p) => toInfo(inst, p)), ...inst.execs],
    spawn(command) {
      const p: ContainerProcessInfo = { pid: inst.nextPid, user: 'root', command, startedAt: clock.now() };
      inst.nextPid += 6 + random.int(3);
      inst.execs.push(p);
      return () => {
        const i = inst.execs.indexOf(p);
        if (i >= 0) inst.execs.splice(i, 1);
      };
    },
    which: (cmd) => lookPath(cmd, { program: inst.program, distro: inst.distro, fs: inst.fs, config: inst.config }),
  });

  const running = (inst: ContainerInstance | undefined) => (inst && inst.finishedAt === undefined && (inst.exitAt === undefined || inst.exitAt > clock.now()) ? inst : undefined);

  const store: ContainerStore = {
    add(init, bind) {
      const k = key(init.namespace, init.pod, init.container);
      const old = current.get(k);
      if (old && old.podUid === init.podUid) previous.set(k, old);
      else previous.delete(k);
      const inst: ContainerInstance = {
        ...init,
        logs: [],
        cursor: init.startedAt,
        partial: { stdout: '', stderr: '' },
        lastNs: 0n,
        followers: new Set(),
        requests: 0,
        execs: [],
        nextPid: Math.max(7, ...init.processes.map((p) => p.pid + 1)) + random.int(4),
      };
      current.set(k, inst);
      const h = (history.get(k) ?? []).filter((i) => i.podUid === init.podUid);
      h.push(inst);
      history.set(k, h.slice(-3));
      bind?.(inst);
      pump(inst, clock.now() + LOOKAHEAD_MS);
      return inst;
    },
    current: (ns, pod, c) => current.get(key(ns, pod, c)),
    stop(inst, exitCode, lines) {
      if (inst.finishedAt !== undefined) return;
      const now = clock.now();
      inst.extendTimer?.cancel();
      inst.extendTimer = undefined;
      inst.gen = undefined;
      // drop run-ahead output the process never got to write
      while (inst.logs.length && inst.logs[inst.logs.length - 1]!.time > now) inst.logs.pop();
      inst.partial = { stdout: '', stderr: '' };
      for (const l of lines ?? []) emit(inst, l.stream, l.text, now);
      inst.finishedAt = now;
      inst.exitCode = exitCode;
      wake(inst);
    },
    exited(inst) {
      if (inst.finishedAt !== undefined) return;
      inst.finishedAt = inst.exitAt ?? clock.now();
      inst.exitCode = inst.exitWith ?? 0;
      wake(inst);
    },
    forgetPod(ns, pod, uid) {
      for (const m of [current, previous, history] as Map<string, unknown>[]) {
        if (m === history) {
          for (const [k, list] of history) if ((list[0]?.namespace === ns && list[0]?.pod === pod && list[0]?.podUid === uid)) history.delete(k);
          continue;
        }
        for (const [k, inst] of m as Map<string, ContainerInstance>) {
          if (inst.namespace === ns && inst.pod === pod && inst.podUid === uid) {
            inst.extendTimer?.cancel();
            for (const f of inst.followers) {
              f.timer?.cancel();
              f.onEnd?.();
            }
            inst.followers.clear();
            m.delete(k);
          }
        }
      }
    },
    appendLog(ns, pod, c, lines) {
      const inst = running(current.get(key(ns, pod, c)));
      if (!inst) return false;
      for (const l of lines) for (const text of l.text.replace(/\n$/, '').split('\n')) insertNow(inst, l.stream, text);
      wake(inst);
      return true;
    },
    logs(ns, pod, c, opts) {
      const k = key(ns, pod, c);
      const inst = opts?.containerID ? byId(k, opts.containerID) : (opts?.previous ? previous : current).get(k);
      return inst ? visible(inst) : undefined;
    },
    follow(ns, pod, c, onLine, onEnd, opts) {
      const inst = opts?.containerID ? byId(key(ns, pod, c), opts.containerID) : current.get(key(ns, pod, c));
      if (!inst) {
        onEnd?.();
        return () => {};
      }
      const f: Follower = { delivered: visible(inst).length, onLine, onEnd };
      inst.followers.add(f);
      deliver(inst, f);
      return () => {
        f.timer?.cancel();
        inst.followers.delete(f);
      };
    },
    exec(ns, pod, c) {
      const inst = running(current.get(key(ns, pod, c)));
      return inst ? execEnv(inst) : undefined;
    },
    attach(ns, pod, c) {
      const inst = running(current.get(key(ns, pod, c)));
      if (!inst?.held) return undefined;
      return {
        argv: [...(inst.argv ?? [])],
        env: execEnv(inst),
        end(exitCode) {
          if (inst.finishedAt !== undefined || inst.exitAt !== undefined) return;
          inst.extendTimer?.cancel();
          inst.extendTimer = undefined;
          inst.gen = undefined;
          inst.exitAt = clock.now();
          inst.exitWith = exitCode;
          inst.onExitKnown?.(inst);
        },
      };
    },
    state(ns, pod, c) {
      const inst = current.get(key(ns, pod, c));
      if (!inst) return undefined;
      const live = !!running(inst);
      const exited = !live && inst.finishedAt === undefined ? { finishedAt: inst.exitAt, exitCode: inst.exitWith } : { finishedAt: inst.finishedAt, exitCode: inst.exitCode };
      return { containerID: inst.id, running: live, startedAt: inst.startedAt, ...(live ? {} : exited), program: inst.program.kind, ports: [...(inst.program.ports ?? [])] };
    },
    listening(ns, pod) {
      const out = new Set<number>();
      for (const inst of current.values()) {
        if (inst.namespace !== ns || inst.pod !== pod || !running(inst)) continue;
        // a Spring service listens once Tomcat has started
        if (inst.program.kind === 'java-spring' && !inst.logs.some((l) => l.text.includes('Tomcat started on port') && l.time <= clock.now())) continue;
        for (const p of inst.program.ports ?? []) out.add(p);
      }
      return [...out].sort((a, b) => a - b);
    },
    serve(ns, pod, port, req) {
      for (const inst of current.values()) {
        if (inst.namespace !== ns || inst.pod !== pod || !running(inst)) continue;
        if (!(inst.program.ports ?? []).includes(port)) continue;
        return answer(inst, req);
      }
      return undefined;
    },
  };

  const answer = (inst: ContainerInstance, req: HttpRequest): HttpResponse | undefined => {
    const now = clock.now();
    if (inst.program.kind === 'nginx') {
      const v = nginxVersion({ version: inst.version, config: inst.config });
      const path = req.path.split('?')[0] || '/';
      let file = `/usr/share/nginx/html${path}`;
      if (path.endsWith('/')) file += 'index.html';
      const errorPage = (code: number, title: string) => `<html>\r\n<head><title>${code} ${title}</title></head>\r\n<body>\r\n<center><h1>${code} ${title}</h1></center>\r\n<hr><center>nginx/${v}</center>\r\n</body>\r\n</html>\r\n`;
      let status = 200;
      let body: string;
      if (inst.fs.isDir(file)) {
        status = 301;
        body = errorPage(301, 'Moved Permanently');
      } else {
        try {
          body = inst.fs.read(file);
        } catch {
          status = 404;
          body = errorPage(404, 'Not Found');
          if (!req.probe) inst.requests++;
          if (!req.probe) write(inst, 'stderr', `${nginxTime(now)} [error] 29#29: *${inst.requests} open() "${file}" failed (2: No such file or directory), client: ${req.clientIP}, server: localhost, request: "${req.method} ${req.path} HTTP/1.1", host: "${req.host ?? inst.podIP}"\n`, now);
        }
      }
      if (status !== 404 && !req.probe) inst.requests++;
      const bytes = new TextEncoder().encode(body).length;
      if (!req.probe) {
        write(inst, 'stdout', `${req.clientIP} - - [${nginxTimeLocal(now)}] "${req.method} ${req.path} HTTP/1.1" ${status} ${req.method === 'HEAD' ? 0 : bytes} "-" "${req.userAgent || '-'}" "-"\n`, now);
        wake(inst);
      }
      return { status, headers: nginxHeaders(inst, req, { status, file, bytes, now, version: v, path }), body };
    }
    if (inst.program.kind === 'java-spring') {
      const startedLine = inst.logs.find((l) => l.text.includes(' Started ') && l.time <= now);
      if (!startedLine) return undefined;
      const body = inst.program.eureka
        ? '<!doctype html>\n<html>\n  <head>\n    <title>Eureka</title>\n  </head>\n  <body id="one">\n    <h1>System Status</h1>\n    <h1>Instances currently registered with Eureka</h1>\n    <p>No instances available</p>\n  </body>\n</html>\n'
        : '{"timestamp":"' + new Date(now).toISOString() + '","status":404,"error":"Not Found","path":"' + req.path + '"}';
      return { status: inst.program.eureka ? 200 : 404, headers: { 'Content-Type': inst.program.eureka ? 'text/html;charset=UTF-8' : 'application/json' }, body };
    }
    if (inst.program.kind === 'httpd') return { status: 200, headers: { Server: 'Apache/2.4.62 (Unix)' }, body: '<html><body><h1>It works!</h1></body></html>\n' };
    if (inst.program.kind === 'whoami') {
      if (!req.probe) inst.requests++;
      return whoamiAnswer(inst, req, now);
    }
    if (inst.program.kind === 'http-echo') {
      if (!req.probe) inst.requests++;
      const { response, log } = httpEchoAnswer(inst, req, now, req.probe ? 0 : 6_000 + random.int(40_000));
      if (log && !req.probe) {
        insertNow(inst, 'stdout', log.replace(/\n$/, ''));
        wake(inst);
      }
      return response;
    }
    return { status: 200, headers: {}, body: '' };
  };

  return store;
}

const MIME: Record<string, string> = { html: 'text/html', htm: 'text/html', shtml: 'text/html', css: 'text/css', js: 'application/javascript', json: 'application/json', png: 'image/png', txt: 'text/plain', xml: 'text/xml' };

/** The header lines nginx sends, in its order: a static file also gets Last-Modified (its mtime), ETag and Accept-Ranges. */
function nginxHeaders(inst: ContainerInstance, req: HttpRequest, r: { status: number; file: string; bytes: number; now: number; version: string; path: string }): Record<string, string> {
  const ext = /\.([A-Za-z0-9]+)$/.exec(r.file)?.[1]?.toLowerCase();
  const h: Record<string, string> = {
    Server: `nginx/${r.version}`,
    Date: httpDate(r.now),
    'Content-Type': r.status === 200 ? (ext && MIME[ext]) || 'application/octet-stream' : 'text/html',
    'Content-Length': String(r.bytes),
  };
  const mtime = r.status === 200 ? inst.fs.stat(r.file)?.mtime : undefined;
  if (mtime !== undefined) h['Last-Modified'] = httpDate(mtime);
  if (r.status === 301) {
    // absolute_redirect: the Host the client asked for, and the port when it is not 80
    const host = (req.host ?? inst.podIP).replace(/:\d+$/, '');
    const port = Number(/:(\d+)$/.exec(req.localAddr ?? '')?.[1] ?? 80);
    h.Location = `http://${host}${port === 80 ? '' : `:${port}`}${r.path}/`;
  }
  const connection = Object.entries(req.headers ?? {}).find(([k]) => k.toLowerCase() === 'connection')?.[1];
  h.Connection = connection?.toLowerCase() === 'close' ? 'close' : 'keep-alive';
  if (mtime !== undefined) {
    h.ETag = `"${Math.floor(mtime / 1000).toString(16)}-${r.bytes.toString(16)}"`;
    h['Accept-Ranges'] = 'bytes';
  }
  return h;
}

/** nginx `$time_local`: `22/Nov/2026:01:02:03 +0000`. */
export function nginxTimeLocal(ms: number): string {
  const d = new Date(ms);
  const M = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][d.getUTCMonth()];
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())}/${M}/${d.getUTCFullYear()}:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}
