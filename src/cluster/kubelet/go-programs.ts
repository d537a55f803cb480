// The small Go servers of the networking chapter as processes: traefik/whoami, hashicorp/http-echo,
// the ingress-nginx controller's startup, MetalLB's controller and speaker, and curlimages/curl's
// entrypoint. Each parses its flags the way Go's `flag` package does and logs what the real binary logs.
import type { ImageProgram } from '../registry/programs.ts';
import type { FileSystem } from '../types.ts';
import type { Step } from './sh.ts';
import { curl as curlTool, type NetTools } from './net-tools.ts';

/** The subset of a process's input these programs read (see ProcessInput in programs.ts). */
export interface GoProcessInput {
  program: ImageProgram;
  env: Record<string, string>;
  now(): number;
  random(): number;
  fs?: FileSystem;
  config?: { workingDir?: string };
  /** the cluster network as this pod (curlimages/curl's transfer) */
  net?: NetTools;
}

export interface GoProcessEntry {
  pid: number;
  user: string;
  command: string;
}

const out = (text: string): Step => ({ kind: 'write', stream: 'stdout', text });
const err = (text: string): Step => ({ kind: 'write', stream: 'stderr', text });
const sleep = (ms: number): Step => ({ kind: 'sleep', ms });
const p2 = (n: number) => String(n).padStart(2, '0');

function* forever(): Generator<Step, number> {
  yield sleep(Infinity);
  return 0;
}

/** Go's `log` package prefix (LstdFlags, the container's UTC clock): `2026/11/22 01:00:05 `. */
export function goLogTime(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}/${p2(d.getUTCMonth() + 1)}/${p2(d.getUTCDate())} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`;
}

/** A klog header line at `us` (µs since the epoch): `I1122 01:00:05.123456       7 main.go:205] "Creating API client" host="…"`. */
export function klogLine(level: 'I' | 'W' | 'E', us: number, pid: number, file: string, msg: string): string {
  const d = new Date(Math.floor(us / 1000));
  const frac = String(us % 1_000_000).padStart(6, '0');
  return `${level}${p2(d.getUTCMonth() + 1)}${p2(d.getUTCDate())} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}.${frac} ${String(pid).padStart(7)} ${file}] ${msg}`;
}

/** Go's time.Duration String for a short duration in nanoseconds: `15.602µs`, `1.2ms`. */
export function goDurationNs(ns: number): string {
  const trim = (v: number, digits: number) => v.toFixed(digits).replace(/\.?0+$/, '');
  if (ns < 1000) return `${ns}ns`;
  if (ns < 1_000_000) return `${trim(ns / 1000, 3)}µs`;
  if (ns < 1_000_000_000) return `${trim(ns / 1_000_000, 6)}ms`;
  return `${trim(ns / 1_000_000_000, 9)}s`;
}

// ---------- Go's flag package ----------

interface FlagDef {
  name: string;
  kind: 'string' | 'int' | 'bool';
  usage: string;
  /** shown as `(default …)` when not the zero value */
  def?: string;
}

interface ParsedFlags {
  values: Record<string, string>;
  rest: string[];
  error?: string;
}

/** Parse like flag.Parse: `-x v`, `-x=v`, `--x=v`, booleans without a value; stops at the first non-flag or `--`. */
export function parseGoFlags(args: string[], defs: FlagDef[]): ParsedFlags {
  const values: Record<string, string> = {};
  let i = 0;
  while (i < args.length) {
    const a = args[i]!;
    if (a === '--') return { values, rest: args.slice(i + 1) };
    if (!a.startsWith('-') || a === '-') break;
    const body = a.replace(/^--?/, '');
    const eq = body.indexOf('=');
    const name = eq >= 0 ? body.slice(0, eq) : body;
    const def = defs.find((d) => d.name === name);
    if (name === 'help' || name === 'h') return { values, rest: [], error: 'help' };
    if (!def) return { values, rest: [], error: `flag provided but not defined: -${name}` };
    if (def.kind === 'bool') {
      values[name] = eq >= 0 ? body.slice(eq + 1) : 'true';
      i++;
      continue;
    }
    if (eq >= 0) {
      values[name] = body.slice(eq + 1);
      i++;
      continue;
    }
    if (i + 1 >= args.length) return { values, rest: [], error: `flag needs an argument: -${name}` };
    values[name] = args[i + 1]!;
    i += 2;
  }
  return { values, rest: args.slice(i) };
}

/** flag.PrintDefaults, under `Usage of <binary>:`. */
function usage(binary: string, defs: FlagDef[]): string {
  let s = `Usage of ${binary}:\n`;
  for (const d of [...defs].sort((a, b) => a.name.localeCompare(b.name))) {
    const type = d.kind === 'bool' ? '' : ` ${d.kind}`;
    const dflt = d.def !== undefined ? ` (default ${d.kind === 'string' ? JSON.stringify(d.def) : d.def})` : '';
    s += `  -${d.name}${type}\n    \t${d.usage}${dflt}\n`;
  }
  return s;
}

function* flagError(binary: string, defs: FlagDef[], error: string): Generator<Step, number> {
  if (error !== 'help') yield err(`${error}\n`);
  yield err(usage(binary, defs));
  return error === 'help' ? 0 : 2;
}

// ---------- traefik/whoami ----------

const WHOAMI_FLAGS: FlagDef[] = [
  { name: 'verbose', kind: 'bool', usage: 'Enable verbose logging' },
  { name: 'cert', kind: 'string', usage: 'give me a certificate' },
  { name: 'key', kind: 'string', usage: 'give me a key' },
  { name: 'cacert', kind: 'string', usage: 'give me a CA chain, enforces mutual TLS' },
  { name: 'port', kind: 'string', usage: 'give me a port number', def: '80' },
  { name: 'name', kind: 'string', usage: 'give me a name' },
];

function whoamiOptions(args: string[], env: Record<string, string>) {
  const f = parseGoFlags(args, WHOAMI_FLAGS);
  return { ...f, port: f.values.port ?? (env.WHOAMI_PORT_NUMBER || '80'), name: f.values.name ?? env.WHOAMI_NAME ?? '' };
}

function* whoami(args: string[], input: GoProcessInput): Generator<Step, number> {
  const o = whoamiOptions(args, input.env);
  if (o.error) return yield* flagError('/whoami', WHOAMI_FLAGS.map((d) => (d.name === 'port' ? { ...d, def: input.env.WHOAMI_PORT_NUMBER || '80' } : d)), o.error);
  yield sleep(2 + Math.floor(input.random() * 4));
  const tls = o.values.cert && o.values.key;
  yield err(`${goLogTime(input.now())} Starting up ${tls ? 'with TLS ' : ''}on port ${o.port}\n`);
  return yield* forever();
}

// ---------- hashicorp/http-echo ----------

const HTTP_ECHO_FLAGS: FlagDef[] = [
  { name: 'listen', kind: 'string', usage: 'address and port to listen', def: ':5678' },
  { name: 'text', kind: 'string', usage: 'text to put on the webpage' },
  { name: 'version', kind: 'bool', usage: 'display version information' },
  { name: 'status-code', kind: 'int', usage: 'http response code, e.g.: 200', def: '200' },
];

/** What http-echo was started with: the text it answers, the status code and where it listens. */
export function httpEchoOptions(args: string[], env: Record<string, string>) {
  const f = parseGoFlags(args, HTTP_ECHO_FLAGS);
  const text = f.values.text || env.ECHO_TEXT || '';
  const listen = f.values.listen ?? ':5678';
  const status = Number(f.values['status-code'] ?? 200);
  return { ...f, text, listen, status: Number.isInteger(status) ? status : 200 };
}

function* httpEcho(args: string[], input: GoProcessInput): Generator<Step, number> {
  const o = httpEchoOptions(args, input.env);
  if (o.error) return yield* flagError('/http-echo', HTTP_ECHO_FLAGS, o.error);
  if (!o.text) {
    yield err('Missing -text option or ECHO_TEXT env var!\n');
    return 127;
  }
  if (o.rest.length > 0) {
    yield err('Too many arguments!\n');
    return 127;
  }
  yield sleep(2 + Math.floor(input.random() * 4));
  yield err(`${goLogTime(input.now())} [INFO] server is listening on ${o.listen}\n`);
  return yield* forever();
}

/** The ports a container's process listens on, when its flags decide (whoami `-port`, http-echo `-listen`). */
export function listenPorts(program: ImageProgram, argv: string[], env: Record<string, string>): number[] | undefined {
  const args = argv.slice(1);
  const portOf = (s: string) => {
    const n = Number(s.slice(s.lastIndexOf(':') + 1));
    return Number.isInteger(n) && n > 0 && n < 65536 ? n : undefined;
  };
  if (program.kind === 'whoami' && argv[0] === program.binary) {
    const p = portOf(whoamiOptions(args, env).port);
    return p ? [p] : [];
  }
  if (program.kind === 'http-echo' && argv[0] === program.binary) {
    const p = portOf(httpEchoOptions(args, env).listen);
    return p ? [p] : [];
  }
  return undefined;
}

// ---------- ingress-nginx ----------

export const INGRESS_NGINX = {
  release: 'v1.12.1',
  build: '51c2b819690bbf1709b844dbf321a9acf6eda5a7',
  repository: 'https://github.com/kubernetes/ingress-nginx',
  nginx: '1.25.5',
  /** the controller process's PID under dumb-init: klog prints it on every line */
  pid: 7,
};

/** version.String(), as `fmt.Println` prints it first thing (the blank line comes from `nginx -v`'s newline). */
export function ingressNginxBanner(): string {
  const rule = '-'.repeat(79);
  return `${rule}\nNGINX Ingress controller\n  Release:       ${INGRESS_NGINX.release}\n  Build:         ${INGRESS_NGINX.build}\n  Repository:    ${INGRESS_NGINX.repository}\n  nginx version: nginx/${INGRESS_NGINX.nginx}\n\n${rule}\n\n`;
}

// The API server the controller finds (the simulated cluster's kube-apiserver release).
const KUBE = { major: '1', minor: '32', git: 'v1.32.4', commit: '59526cd4867447956156ae3a602fcbac10a2c335' };

function* ingressNginx(binary: string, args: string[], input: GoProcessInput, procs: GoProcessEntry[]): Generator<Step, number> {
  yield out(ingressNginxBanner());
  if (args.includes('--version') || args.includes('-version')) return 0;
  const r = (min: number, max: number) => min + Math.floor(input.random() * (max - min));
  const pid = INGRESS_NGINX.pid;
  let lastUs = 0;
  const log = (level: 'I' | 'W', file: string, msg: string) => {
    lastUs = Math.max(lastUs + r(20, 400), input.now() * 1000 + r(0, 1000));
    return err(`${klogLine(level, lastUs, pid, file, msg)}\n`);
  };
  const host = input.env.KUBERNETES_SERVICE_HOST ?? '10.96.0.1';
  const port = input.env.KUBERNETES_SERVICE_PORT ?? '443';
  // the pod runs as www-data (runAsUser 101): dumb-init as PID 1, the controller under it
  if (procs[0]) procs[0].user = 'www-data';
  procs.push({ pid, user: 'www-data', command: [binary, ...args].join(' ') });
  yield sleep(r(1, 3));
  yield log('W', 'client_config.go:667', 'Neither --kubeconfig nor --master was specified.  Using the inClusterConfig.  This might not work.');
  yield log('I', 'main.go:205', `"Creating API client" host="https://${host}:${port}"`);
  yield sleep(r(6, 14));
  yield log('I', 'main.go:248', `"Running in Kubernetes cluster" major="${KUBE.major}" minor="${KUBE.minor}" git="${KUBE.git}" state="clean" commit="${KUBE.commit}" platform="linux/amd64"`);
  yield sleep(r(80, 240));
  yield log('I', 'main.go:101', '"SSL fake certificate created" file="/etc/ingress-controller/ssl/default-fake-certificate.pem"');
  const cert = args.find((a) => a.startsWith('--validating-webhook-certificate='))?.split('=')[1];
  const key = args.find((a) => a.startsWith('--validating-webhook-key='))?.split('=')[1];
  if (cert && key) {
    yield sleep(r(10, 20));
    yield log('I', 'ssl.go:535', `"loading tls certificate" path="${cert}" key="${key}"`);
  }
  yield sleep(r(5, 12));
  yield log('I', 'nginx.go:271', '"Starting NGINX Ingress controller"');
  // the rest of the log (leader election, syncs, reloads) follows the cluster: the ingress-nginx add-on writes it
  yield sleep(r(1100, 1250));
  procs.push({ pid: 26, user: 'www-data', command: 'nginx: master process /usr/bin/nginx -c /etc/nginx/nginx.conf' });
  procs.push({ pid: 30, user: 'www-data', command: 'nginx: worker process' }, { pid: 31, user: 'www-data', command: 'nginx: worker process' }, { pid: 32, user: 'www-data', command: 'nginx: cache manager process' });
  return yield* forever();
}

// ---------- MetalLB ----------

const METALLB = { version: '0.14.9', go: 'go1.22.7' };

/** go-kit's JSON logger: keys sorted, `ts` in RFC 3339 seconds. */
function metallbLine(ms: number, fields: Record<string, string | number>): string {
  const ts = new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
  const all: Record<string, string | number> = { ...fields, ts };
  const keys = Object.keys(all).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${JSON.stringify(all[k])}`).join(',')}}\n`;
}

function* metallb(component: 'controller' | 'speaker', input: GoProcessInput): Generator<Step, number> {
  const r = (min: number, max: number) => min + Math.floor(input.random() * (max - min));
  yield sleep(r(20, 60));
  yield out(metallbLine(input.now(), {
    branch: 'dev',
    caller: component === 'controller' ? 'main.go:178' : 'main.go:106',
    commit: 'dev',
    goversion: `gc / ${METALLB.go} / amd64`,
    level: 'info',
    msg: `MetalLB ${component} starting version ${METALLB.version} (commit dev, branch dev)`,
    version: METALLB.version,
  }));
  yield sleep(r(30, 90));
  if (component === 'controller') {
    yield out(metallbLine(input.now(), { caller: 'k8s.go:400', level: 'info', msg: 'secret successfully created', op: 'CreateMlSecret' }));
  } else {
    for (const iface of ['enp0s3', 'weave']) yield out(metallbLine(input.now(), { caller: 'announcer.go:126', event: 'createARPResponder', interface: iface, level: 'info', msg: 'created ARP responder for interface' }));
  }
  yield sleep(r(5, 20));
  yield out(metallbLine(input.now(), { caller: 'k8s.go:423', level: 'info', msg: 'Starting Manager', op: 'Run' }));
  return yield* forever();
}

// ---------- curlimages/curl ----------

function* curl(args: string[], input: GoProcessInput): Generator<Step, number> {
  if (input.net && input.fs) return yield* curlTool(args, input.net, { fs: input.fs, cwd: input.config?.workingDir ?? '/', background: false });
  if (!args.some((a) => !a.startsWith('-'))) {
    yield err("curl: try 'curl --help' or 'curl --manual' for more information\n");
    return 2;
  }
  // without a network (a runtime outside a cluster) the transfer finishes without output
  return 0;
}

// ---------- dispatch ----------

/**
 * Run one of these programs when argv names its binary; undefined when argv is something else
 * (a shell, another tool) and the generic dispatcher should handle it.
 */
export function goProgram(
  argv: string[],
  input: GoProcessInput,
  procs: GoProcessEntry[],
  isCommand: (cmd: string) => boolean,
  dispatch: (argv: string[]) => Generator<Step, number>,
): Generator<Step, number> | undefined {
  const { program } = input;
  const cmd = (argv[0] ?? '').slice((argv[0] ?? '').lastIndexOf('/') + 1);
  const args = argv.slice(1);
  if (program.kind === 'whoami' && argv[0] === program.binary) return whoami(args, input);
  if (program.kind === 'http-echo' && argv[0] === program.binary) return httpEcho(args, input);
  if (program.kind === 'metallb-controller' && argv[0] === program.binary) return metallb('controller', input);
  if (program.kind === 'metallb-speaker' && argv[0] === program.binary) return metallb('speaker', input);
  if (program.kind === 'ingress-nginx') {
    if (cmd === 'dumb-init') {
      const rest = args[0] === '--' ? args.slice(1) : args;
      if (rest[0] === '/nginx-ingress-controller' || rest[0] === 'nginx-ingress-controller') return ingressNginx(rest[0], rest.slice(1), input, procs);
      return rest.length ? dispatch(rest) : undefined;
    }
    if (cmd === 'nginx-ingress-controller') return ingressNginx(argv[0]!, args, input, procs);
  }
  if (program.kind === 'curl') {
    if (cmd === 'entrypoint.sh') {
      // the entrypoint hands a flag or an unknown first word to curl
      const first = args[0];
      const rest = first === undefined || first.startsWith('-') || !isCommand(first) ? ['curl', ...args] : args;
      if (rest[0] === 'curl') return curl(rest.slice(1), input);
      return dispatch(rest);
    }
    if (cmd === 'curl') return curl(args, input);
  }
  return undefined;
}
