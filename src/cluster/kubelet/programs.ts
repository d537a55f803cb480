// What a container's main process does once runc has started it: the image's entrypoint/cmd (or the
// pod's command/args) decide; nginx prints its entrypoint and notice lines and serves, busybox runs a
// shell script, a Spring Boot jar prints its banner and starts Tomcat, a binary for another CPU
// architecture fails with `exec …: exec format error`. Each program is a generator of output and
// sleeps (see sh.ts), run ahead of the virtual clock by the container store.
import type { FileSystem } from '../types.ts';
import type { ImageConfig, ImageProgram } from '../registry/programs.ts';
import { formatDate, runShell, type ShellFlavor, type Step } from './sh.ts';
import type { Distro } from './image-fs.ts';
import { goProgram } from './go-programs.ts';
import type { NetTools } from './net-tools.ts';

export interface ProcessInput {
  repository: string;
  /** tag as pulled (`1.25`), for version-dependent output */
  tag?: string;
  /** full version of the image's program, when known (`1.27.3`) */
  version?: string;
  program: ImageProgram;
  config: ImageConfig;
  distro: Distro;
  /** the image's CPU architecture and the node's */
  imageArch: string;
  nodeArch: string;
  command?: string[];
  args?: string[];
  env: Record<string, string>;
  fs: FileSystem;
  hostname: string;
  /** node kernel, for nginx's `OS:` line */
  kernel: string;
  cpus: number;
  now(): number;
  random(): number;
  /** the cluster network as seen from this pod (wget, curl, nslookup reach it) */
  net?: NetTools;
}

export interface ProcessEntry {
  pid: number;
  user: string;
  command: string;
}

export type StartOutcome =
  | { ok: true; argv: string[]; run: Generator<Step, number>; processes: ProcessEntry[] }
  /** runc could not start the process: the task fails with this text (StartError, exit 128) */
  | { ok: false; message: string };

/** containerd 1.7's wording around a runc start failure. */
export function startErrorText(detail: string): string {
  return `failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: ${detail}: unknown`;
}

const base = (p: string) => p.slice(p.lastIndexOf('/') + 1);

/** The process argv: command replaces the entrypoint (and drops cmd); args replace cmd. */
export function containerArgv(config: ImageConfig, command?: string[], args?: string[]): string[] {
  if (command && command.length) return [...command, ...(args ?? [])];
  return [...(config.entrypoint ?? []), ...(args && args.length ? args : (config.cmd ?? []))];
}

function flavorOf(distro: Distro, argv0: string): ShellFlavor {
  if (base(argv0) === 'bash') return 'bash';
  return distro === 'busybox' || distro === 'alpine' ? 'ash' : 'dash';
}

/** Where PATH lookup finds `cmd` in this image, or undefined. */
export function lookPath(cmd: string, input: Pick<ProcessInput, 'program' | 'distro' | 'fs' | 'config'>): string | undefined {
  const { program, distro, fs } = input;
  if (cmd.includes('/')) return fs.exists(cmd) && !fs.isDir(cmd) ? cmd : undefined;
  if (base(program.binary) === cmd) return program.binary;
  const path = input.config.env.find((e) => e.startsWith('PATH='))?.slice(5) ?? '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
  for (const dir of path.split(':')) if (fs.exists(`${dir}/${cmd}`) && !fs.isDir(`${dir}/${cmd}`)) return `${dir}/${cmd}`;
  if (program.tools.includes(cmd)) return distro === 'busybox' || distro === 'alpine' ? `/bin/${cmd}` : `/usr/bin/${cmd}`;
  if (program.kind === 'nginx' && (cmd === 'nginx' || cmd === 'nginx-debug')) return `/usr/sbin/${cmd}`;
  if (cmd.endsWith('.sh') && program.binary.endsWith(`/${cmd}`)) return program.binary;
  return undefined;
}

/** Start the container's main process. */
export function startProcess(input: ProcessInput): StartOutcome {
  const argv = containerArgv(input.config, input.command, input.args);
  if (argv.length === 0) return { ok: false, message: startErrorText('exec: "": executable file not found in $PATH') };
  const found = lookPath(argv[0]!, input);
  if (!found) {
    const detail = argv[0]!.includes('/') ? `exec: "${argv[0]}": stat ${argv[0]}: no such file or directory` : `exec: "${argv[0]}": executable file not found in $PATH`;
    return { ok: false, message: startErrorText(detail) };
  }
  const processes: ProcessEntry[] = [{ pid: 1, user: 'root', command: argv.join(' ') }];
  if (input.imageArch !== input.nodeArch) {
    // runc's init execs the binary after the start: the kernel refuses it, runc init prints and exits 255
    return { ok: true, argv, processes, run: execFormatError(found) };
  }
  return { ok: true, argv, processes, run: dispatch(argv, input, processes) };
}

function* execFormatError(path: string): Generator<Step, number> {
  yield { kind: 'write', stream: 'stderr', text: `exec ${path}: exec format error\n` };
  return 255;
}

function* forever(): Generator<Step, number> {
  yield { kind: 'sleep', ms: Infinity };
  return 0;
}

function shellQuote(a: string): string {
  return /^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`;
}

function* dispatch(argv: string[], input: ProcessInput, procs: ProcessEntry[]): Generator<Step, number> {
  const cmd = base(argv[0]!);
  const { program } = input;
  if (cmd === 'sh' || cmd === 'bash' || cmd === 'ash') {
    const flavor = flavorOf(input.distro, argv[0]!);
    let i = 1;
    while (argv[i] && /^-[a-bd-z]+$/.test(argv[i]!)) i++;
    if (argv[i] === '-c' || /^-\w*c$/.test(argv[i] ?? '')) {
      const script = argv[i + 1] ?? '';
      const rest = argv.slice(i + 2);
      return yield* runShell(script, shellEnv(input, rest[0] ?? argv[0]!, rest.slice(1), flavor));
    }
    if (argv[i] !== undefined) {
      let text: string | undefined;
      try {
        text = input.fs.read(argv[i]!.startsWith('/') ? argv[i]! : `/${argv[i]}`);
      } catch {
        yield { kind: 'write', stream: 'stderr', text: flavor === 'ash' ? `${argv[0]}: can't open '${argv[i]}': No such file or directory\n` : `${argv[0]}: 0: cannot open ${argv[i]}: No such file\n` };
        return flavor === 'ash' ? 2 : 2;
      }
      return yield* runShell(text, shellEnv(input, argv[i]!, argv.slice(i + 1), flavor));
    }
    // no script and no terminal: the shell reads an empty stdin and exits at once
    return 0;
  }
  const go = goProgram(argv, input, procs, (c) => lookPath(c, input) !== undefined, (rest) => dispatch(rest, input, procs));
  if (go) return yield* go;
  if (program.kind === 'nginx' && cmd === 'docker-entrypoint.sh') {
    if (argv[1] === 'nginx' || argv[1] === 'nginx-debug') {
      yield* nginxEntrypoint(input);
      return yield* nginx(input, procs);
    }
    if (argv.length > 1) return yield* dispatch(argv.slice(1), input, procs);
    return 0;
  }
  if (program.kind === 'nginx' && (cmd === 'nginx' || cmd === 'nginx-debug')) {
    if (argv.includes('-v')) {
      yield { kind: 'write', stream: 'stderr', text: `nginx version: nginx/${nginxVersion(input)}\n` };
      return 0;
    }
    return yield* nginx(input, procs);
  }
  if (cmd === 'java' || (program.kind === 'java-spring' && argv[0] === program.binary)) {
    const jarAt = argv.indexOf('-jar');
    if (jarAt >= 0) {
      const jar = argv[jarAt + 1] ?? '';
      const path = jar.startsWith('/') ? jar : `/${jar}`;
      if (!input.fs.exists(path)) {
        yield { kind: 'write', stream: 'stdout', text: `Error: Unable to access jarfile ${jar}\n` };
        return 1;
      }
      if (program.kind === 'java-spring') return yield* springBoot(input, jar);
      return yield* forever();
    }
    if (argv.includes('-version') || argv.includes('--version')) {
      yield { kind: 'write', stream: 'stderr', text: 'openjdk version "17.0.2" 2022-01-18\nOpenJDK Runtime Environment (build 17.0.2+8-86)\nOpenJDK 64-Bit Server VM (build 17.0.2+8-86, mixed mode, sharing)\n' };
      return 0;
    }
    return yield* forever();
  }
  if (cmd === 'jshell') {
    // no terminal: jshell reads an empty stdin and exits
    return 0;
  }
  if (argv[0] === program.binary || cmd === base(program.binary) || argv[0] === (input.config.entrypoint ?? [])[0]) {
    return yield* server(input);
  }
  // a shell script run by its path: the kernel hands it to the interpreter its #! line names
  if (argv[0]!.startsWith('/') && input.fs.exists(argv[0]!) && !input.fs.isDir(argv[0]!)) {
    const text = input.fs.read(argv[0]!);
    if (/^#!\s*\/bin\/(ba)?sh\b/.test(text)) return yield* runShell(text.replace(/^#![^\n]*\n/, ''), shellEnv(input, argv[0]!, argv.slice(1), flavorOf(input.distro, 'sh')));
  }
  // any other command: one simple command for the shell
  return yield* runShell(argv.map(shellQuote).join(' '), shellEnv(input, argv[0]!, [], flavorOf(input.distro, 'sh')));
}

function shellEnv(input: ProcessInput, name: string, args: string[], flavor: ShellFlavor) {
  return { vars: input.env, fs: input.fs, tools: input.program.tools, flavor, now: input.now, hostname: input.hostname, name, args, net: input.net, cwd: input.config.workingDir ?? '/' };
}

// ---------- nginx ----------

export function nginxVersion(input: Pick<ProcessInput, 'version' | 'config'>): string {
  return input.version ?? input.config.env.find((e) => e.startsWith('NGINX_VERSION='))?.slice(14) ?? '1.27.3';
}

function versionAtLeast(v: string, major: number, minor: number): boolean {
  const [a = 0, b = 0] = v.split('.').map(Number);
  return a > major || (a === major && b >= minor);
}

function* nginxEntrypoint(input: ProcessInput): Generator<Step, void> {
  const v = nginxVersion(input);
  if (!versionAtLeast(v, 1, 19)) return;
  const out = (text: string): Step => ({ kind: 'write', stream: 'stdout', text: `${text}\n` });
  yield { kind: 'sleep', ms: 3 + Math.floor(input.random() * 6) };
  yield out('/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration');
  yield out('/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/');
  yield out('/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh');
  yield { kind: 'sleep', ms: 1 + Math.floor(input.random() * 4) };
  yield out('10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf');
  yield out('10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf');
  if (versionAtLeast(v, 1, 25)) yield out('/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh');
  yield out('/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh');
  if (versionAtLeast(v, 1, 21)) yield out('/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh');
  yield { kind: 'sleep', ms: 1 + Math.floor(input.random() * 4) };
  yield out('/docker-entrypoint.sh: Configuration complete; ready for start up');
}

function nginxCompiler(v: string, alpine: boolean): string {
  if (alpine) return versionAtLeast(v, 1, 27) ? 'gcc 13.2.1 20240309 (Alpine 13.2.1_git20240309) ' : 'gcc 12.2.1 20220924 (Alpine 12.2.1_git20220924-r10) ';
  if (versionAtLeast(v, 1, 25)) return 'gcc 12.2.0 (Debian 12.2.0-14) ';
  if (versionAtLeast(v, 1, 21)) return 'gcc 10.2.1 20210110 (Debian 10.2.1-6) ';
  if (versionAtLeast(v, 1, 17)) return 'gcc 8.3.0 (Debian 8.3.0-6) ';
  return 'gcc 6.3.0 20170516 (Debian 6.3.0-18+deb9u1) ';
}

/** nginx's error-log time: `2026/11/22 01:00:05`. */
export const nginxTime = (ms: number) => formatDate(ms, '%Y/%m/%d %T');

function* nginx(input: ProcessInput, procs: ProcessEntry[]): Generator<Step, number> {
  const v = nginxVersion(input);
  const alpine = input.distro === 'alpine' || /alpine/.test(input.tag ?? '');
  const notice = (text: string): Step => ({ kind: 'write', stream: 'stderr', text: `${nginxTime(input.now())} [notice] 1#1: ${text}\n` });
  yield { kind: 'sleep', ms: 2 + Math.floor(input.random() * 5) };
  yield notice('using the "epoll" event method');
  yield notice(`nginx/${v}`);
  yield notice(`built by ${nginxCompiler(v, alpine)}`);
  yield notice(`OS: Linux ${input.kernel}`);
  yield notice('getrlimit(RLIMIT_NOFILE): 1048576:1048576');
  yield notice('start worker processes');
  procs[0]!.command = 'nginx: master process nginx -g daemon off;';
  const first = versionAtLeast(v, 1, 19) ? 29 : 6;
  for (let i = 0; i < input.cpus; i++) {
    yield notice(`start worker process ${first + i}`);
    procs.push({ pid: first + i, user: 'nginx', command: 'nginx: worker process' });
  }
  return yield* forever();
}

// ---------- Spring Boot ----------

const SPRING_BANNER = [
  '',
  '  .   ____          _            __ _ _',
  " /\\\\ / ___'_ __ _ _(_)_ __  __ _ \\ \\ \\ \\",
  "( ( )\\___ | '_ | '_| | '_ \\/ _` | \\ \\ \\ \\",
  " \\\\/  ___)| |_)| | | | | || (_| |  ) ) ) )",
  "  '  |____| .__|_| |_|_| |_\\__, | / / / /",
  ' =========|_|==============|___/=/_/_/_/',
];

const camel = (s: string) => s.split(/[-_.]/).filter(Boolean).map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');

/** Java's Double.toString for a whole number of milliseconds as seconds: 6.9, 6.123, 7.0. */
export function javaSeconds(ms: number): string {
  const s = (ms / 1000).toString();
  return s.includes('.') ? s : `${s}.0`;
}

/** Spring Boot's log time: `2026-11-22T01:00:07.123Z`. */
const springTime = (ms: number) => new Date(ms).toISOString();

/** `%-40.40logger{39}`: shorten package parts until the name fits, then pad. */
function logger(name: string): string {
  const parts = name.split('.');
  let i = 0;
  while (parts.join('.').length > 39 && i < parts.length - 1) {
    parts[i] = parts[i]![0]!;
    i++;
  }
  let s = parts.join('.');
  if (s.length > 40) s = s.slice(s.length - 40);
  return s.padEnd(40);
}

function* springBoot(input: ProcessInput, jar: string): Generator<Step, number> {
  const p = input.program;
  const app = camel(p.appName ?? 'demo') + 'Application';
  const pkg = `com.example.${(p.appName ?? 'demo').replace(/[^a-z0-9]/gi, '').toLowerCase()}`;
  const port = p.ports?.[0] ?? 8080;
  const r = (min: number, max: number) => min + Math.floor(input.random() * (max - min));
  const t0 = input.now();
  const jvmBoot = r(600, 900);
  yield { kind: 'sleep', ms: jvmBoot };
  const out = (text: string): Step => ({ kind: 'write', stream: 'stdout', text: `${text}\n` });
  const log = (level: string, thread: string, name: string, msg: string): Step =>
    out(`${springTime(input.now())} ${level.padStart(5)} 1 --- [${thread.padStart(15).slice(-15)}] ${logger(name)} : ${msg}`);
  for (const line of SPRING_BANNER) yield out(line);
  yield out(` :: Spring Boot ::                (v${p.springBootVersion ?? '3.1.5'})`);
  yield out('');
  const startAt = input.now();
  yield { kind: 'sleep', ms: r(80, 200) };
  yield log('INFO', 'main', `${pkg}.${app}`, `Starting ${app} v0.0.1-SNAPSHOT using Java 17.0.2 with PID 1 (${jar.startsWith('/') ? jar : `/${jar}`} started by root in /)`);
  yield log('INFO', 'main', `${pkg}.${app}`, 'No active profile set, falling back to 1 default profile: "default"');
  yield { kind: 'sleep', ms: r(1200, 1800) };
  yield log('INFO', 'main', 'org.springframework.cloud.context.scope.GenericScope', `BeanFactory id=${hexish(input, 8)}-${hexish(input, 4)}-${hexish(input, 4)}-${hexish(input, 4)}-${hexish(input, 12)}`);
  yield { kind: 'sleep', ms: r(300, 600) };
  yield log('INFO', 'main', 'org.springframework.boot.web.embedded.tomcat.TomcatWebServer', `Tomcat initialized with port(s): ${port} (http)`);
  yield log('INFO', 'main', 'org.apache.catalina.core.StandardService', 'Starting service [Tomcat]');
  yield log('INFO', 'main', 'org.apache.catalina.core.StandardEngine', 'Starting Servlet engine: [Apache Tomcat/10.1.15]');
  yield { kind: 'sleep', ms: r(100, 250) };
  yield log('INFO', 'main', 'o.a.c.c.C.[Tomcat].[localhost].[/]', 'Initializing Spring embedded WebApplicationContext');
  const initMs = input.now() - startAt + r(400, 700);
  yield log('INFO', 'main', 'org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext', `Root WebApplicationContext: initialization completed in ${initMs} ms`);
  if (p.eureka) {
    yield { kind: 'sleep', ms: r(600, 1100) };
    yield log('INFO', 'main', 'com.netflix.discovery.provider.DiscoveryJerseyProvider', 'Using JSON encoding codec LegacyJacksonJson');
    yield log('INFO', 'main', 'com.netflix.discovery.provider.DiscoveryJerseyProvider', 'Using JSON decoding codec LegacyJacksonJson');
    yield log('INFO', 'main', 'com.netflix.discovery.provider.DiscoveryJerseyProvider', 'Using XML encoding codec XStreamXml');
    yield log('INFO', 'main', 'com.netflix.discovery.provider.DiscoveryJerseyProvider', 'Using XML decoding codec XStreamXml');
    yield { kind: 'sleep', ms: r(900, 1500) };
    yield log('INFO', 'main', 'com.netflix.eureka.DefaultEurekaServerContext', 'Initializing ...');
    yield log('INFO', 'main', 'com.netflix.eureka.cluster.PeerEurekaNodes', 'Adding new peer nodes [http://localhost:8761/eureka/]');
    yield log('INFO', 'main', 'com.netflix.eureka.DefaultEurekaServerContext', 'Initialized');
    yield { kind: 'sleep', ms: r(300, 600) };
    yield log('INFO', 'main', 'org.springframework.boot.actuate.endpoint.web.EndpointLinksResolver', 'Exposing 1 endpoint(s) beneath base path \'/actuator\'');
    yield log('INFO', 'main', 'org.springframework.cloud.netflix.eureka.server.EurekaServerInitializerConfiguration', 'Started Eureka Server');
  } else {
    yield { kind: 'sleep', ms: r(900, 1600) };
  }
  yield { kind: 'sleep', ms: r(200, 500) };
  yield log('INFO', 'main', 'org.springframework.boot.web.embedded.tomcat.TomcatWebServer', `Tomcat started on port(s): ${port} (http) with context path ''`);
  if (p.eureka) yield log('INFO', 'main', 'org.springframework.cloud.netflix.eureka.serviceregistry.EurekaAutoServiceRegistration', `Updating port to ${port}`);
  const took = input.now() - startAt + r(5, 40);
  const uptime = input.now() - t0 + r(5, 40);
  yield log('INFO', 'main', `${pkg}.${app}`, `Started ${app} in ${javaSeconds(took)} seconds (process running for ${javaSeconds(uptime)})`);
  if (!p.eureka) return yield* forever();
  for (;;) {
    yield { kind: 'sleep', ms: 60_000 };
    yield log('INFO', 'a-EvictionTimer', 'com.netflix.eureka.registry.AbstractInstanceRegistry', 'Running the evict task with compensationTime 0ms');
  }
}

function hexish(input: ProcessInput, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += Math.floor(input.random() * 16).toString(16);
  return s;
}

// ---------- other servers ----------

function* server(input: ProcessInput): Generator<Step, number> {
  const kind = input.program.kind;
  const now = () => input.now();
  if (kind === 'httpd') {
    yield { kind: 'sleep', ms: 20 };
    const d = new Date(now());
    const stamp = `${formatDate(now(), '%a %b %d %T')}.${String(d.getUTCMilliseconds()).padStart(3, '0')}000 ${d.getUTCFullYear()}`;
    yield { kind: 'write', stream: 'stderr', text: `AH00558: httpd: Could not reliably determine the server's fully qualified domain name, using ${input.env.POD_IP ?? '10.44.0.1'}. Set the 'ServerName' directive globally to suppress this message\n` };
    yield { kind: 'write', stream: 'stderr', text: `AH00558: httpd: Could not reliably determine the server's fully qualified domain name, using ${input.env.POD_IP ?? '10.44.0.1'}. Set the 'ServerName' directive globally to suppress this message\n` };
    yield { kind: 'write', stream: 'stderr', text: `[${stamp}] [mpm_event:notice] [pid 1:tid 1] AH00489: Apache/2.4.62 (Unix) configured -- resuming normal operations\n` };
    yield { kind: 'write', stream: 'stderr', text: `[${stamp}] [core:notice] [pid 1:tid 1] AH00094: Command line: 'httpd -D FOREGROUND'\n` };
    return yield* forever();
  }
  if (kind === 'redis') {
    yield { kind: 'sleep', ms: 15 };
    const t = () => {
      const d = new Date(now());
      return `${formatDate(now(), '%d %b %Y %T')}.${String(d.getUTCMilliseconds()).padStart(3, '0')}`;
    };
    yield { kind: 'write', stream: 'stdout', text: `1:C ${t()} # WARNING Memory overcommit must be enabled! Without it, a background save or replication may fail under low memory condition.\n` };
    yield { kind: 'write', stream: 'stdout', text: `1:C ${t()} * oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo\n` };
    yield { kind: 'write', stream: 'stdout', text: `1:C ${t()} * Redis version=7.4.1, bits=64, commit=00000000, modified=0, pid=1, just started\n` };
    yield { kind: 'write', stream: 'stdout', text: `1:M ${t()} * Running mode=standalone, port=6379.\n` };
    yield { kind: 'write', stream: 'stdout', text: `1:M ${t()} * Server initialized\n` };
    yield { kind: 'write', stream: 'stdout', text: `1:M ${t()} * Ready to accept connections tcp\n` };
    return yield* forever();
  }
  return yield* forever();
}
