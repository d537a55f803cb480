// What an image runs: its OCI config (entrypoint, cmd, env, ...) and a small descriptor of the
// program the kubelet's runtime simulates (nginx serving, a shell, a Spring Boot jar, ...).
//   imageConfigFor(repository) → ImageConfig     programFor(repository) → ImageProgram
import { clone } from '../etcd.ts';

/** The OCI image config fields `docker inspect` shows under Config. */
export interface ImageConfig {
  entrypoint?: string[];
  cmd?: string[];
  /** `KEY=value` */
  env: string[];
  workingDir?: string;
  /** `80/tcp` */
  exposedPorts?: string[];
  user?: string;
  labels?: Record<string, string>;
  stopSignal?: string;
}

export type ProgramKind =
  | 'nginx'
  | 'httpd'
  | 'shell'
  | 'java-spring'
  | 'java'
  | 'redis'
  | 'mysql'
  | 'wordpress'
  | 'echo-server'
  | 'whoami'
  | 'http-echo'
  | 'curl'
  | 'ingress-nginx'
  | 'metallb-controller'
  | 'metallb-speaker'
  | 'node'
  | 'python'
  | 'tomcat'
  | 'pause'
  | 'kube-component'
  | 'unknown';

/**
 * What the kubelet executes for a container of this image. `binary` is the file exec'd first (for
 * an image of another CPU architecture the runtime fails with `exec <binary>: exec format error`).
 */
export interface ImageProgram {
  kind: ProgramKind;
  /** `/docker-entrypoint.sh`, `/bin/sh`, `/usr/local/openjdk-17/bin/java` */
  binary: string;
  /** tools present in the image for `kubectl exec` (sh, bash, ls, cat, env, ps, curl, ...) */
  tools: string[];
  /** ports the program listens on */
  ports?: number[];
  /** java-spring: the application's name in the Spring banner and logs (`discovery-service`) */
  appName?: string;
  /** java-spring: the jar the entrypoint runs (`/app.jar`) */
  jar?: string;
  /** java-spring: Spring Boot version for the banner */
  springBootVersion?: string;
  /** java-spring: a Eureka server (the notes' discovery service) */
  eureka?: boolean;
}

// the everyday text and file commands both busybox and coreutils images have
const COMMON = ['head', 'tail', 'grep', 'sed', 'awk', 'mkdir', 'rm', 'rmdir', 'cp', 'mv', 'touch', 'sort', 'uniq', 'wc', 'tee', 'tr', 'cut', 'seq'];
const SH_TOOLS = ['sh', 'ls', 'cat', 'echo', 'env', 'printenv', 'ps', 'sleep', 'hostname', 'pwd', 'id', 'whoami', 'date', 'uname', 'wget', ...COMMON];
const DEBIAN_TOOLS = ['sh', 'bash', 'ls', 'cat', 'echo', 'env', 'printenv', 'hostname', 'pwd', 'id', 'whoami', 'date', 'uname', 'sleep', ...COMMON];
const PATH = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

interface Entry {
  config: ImageConfig;
  program: ImageProgram;
}

const ENTRIES: Record<string, Entry> = {
  'docker.io/library/nginx': {
    config: {
      entrypoint: ['/docker-entrypoint.sh'],
      cmd: ['nginx', '-g', 'daemon off;'],
      env: [PATH, 'NGINX_VERSION=1.27.3', 'NJS_VERSION=0.8.7', 'NJS_RELEASE=1~bookworm', 'PKG_RELEASE=1~bookworm', 'DYNPKG_RELEASE=1~bookworm'],
      exposedPorts: ['80/tcp'],
      stopSignal: 'SIGQUIT',
    },
    program: { kind: 'nginx', binary: '/docker-entrypoint.sh', tools: [...DEBIAN_TOOLS, 'curl', 'nginx'], ports: [80] },
  },
  'docker.io/library/httpd': {
    config: { cmd: ['httpd-foreground'], env: [PATH.replace('PATH=', 'PATH=/usr/local/apache2/bin:'), 'HTTPD_PREFIX=/usr/local/apache2', 'HTTPD_VERSION=2.4.62'], workingDir: '/usr/local/apache2', exposedPorts: ['80/tcp'], stopSignal: 'SIGWINCH' },
    program: { kind: 'httpd', binary: '/usr/local/bin/httpd-foreground', tools: DEBIAN_TOOLS, ports: [80] },
  },
  'docker.io/library/busybox': {
    config: { cmd: ['sh'], env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'] },
    program: { kind: 'shell', binary: '/bin/sh', tools: [...SH_TOOLS, 'nc', 'nslookup', 'vi', 'top'] },
  },
  'docker.io/library/alpine': {
    config: { cmd: ['/bin/sh'], env: [PATH] },
    program: { kind: 'shell', binary: '/bin/sh', tools: [...SH_TOOLS, 'apk', 'nslookup'] },
  },
  'docker.io/library/ubuntu': {
    config: { cmd: ['/bin/bash'], env: [PATH] },
    program: { kind: 'shell', binary: '/bin/bash', tools: [...DEBIAN_TOOLS, 'apt-get'] },
  },
  'docker.io/library/centos': {
    config: { cmd: ['/bin/bash'], env: [PATH] },
    program: { kind: 'shell', binary: '/bin/bash', tools: [...DEBIAN_TOOLS, 'yum', 'curl'] },
  },
  'docker.io/library/redis': {
    config: { entrypoint: ['docker-entrypoint.sh'], cmd: ['redis-server'], env: [PATH, 'REDIS_VERSION=7.4.1'], workingDir: '/data', exposedPorts: ['6379/tcp'] },
    program: { kind: 'redis', binary: '/usr/local/bin/docker-entrypoint.sh', tools: [...DEBIAN_TOOLS, 'redis-cli'], ports: [6379] },
  },
  'docker.io/library/mysql': {
    config: { entrypoint: ['docker-entrypoint.sh'], cmd: ['mysqld'], env: [PATH, 'MYSQL_MAJOR=innovation', 'MYSQL_VERSION=9.1.0-1.el9', 'MYSQL_SHELL_VERSION=9.1.0-1.el9'], exposedPorts: ['3306/tcp', '33060/tcp'] },
    program: { kind: 'mysql', binary: '/usr/local/bin/docker-entrypoint.sh', tools: [...DEBIAN_TOOLS, 'mysql'], ports: [3306] },
  },
  'docker.io/library/wordpress': {
    config: { entrypoint: ['docker-entrypoint.sh'], cmd: ['apache2-foreground'], env: [PATH, 'PHP_VERSION=8.2.26', 'WORDPRESS_VERSION=6.7.1'], workingDir: '/var/www/html', exposedPorts: ['80/tcp'], stopSignal: 'SIGWINCH' },
    program: { kind: 'wordpress', binary: '/usr/local/bin/docker-entrypoint.sh', tools: [...DEBIAN_TOOLS, 'curl', 'php'], ports: [80] },
  },
  'docker.io/library/openjdk': {
    config: { cmd: ['jshell'], env: ['PATH=/usr/local/openjdk-17/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'JAVA_HOME=/usr/local/openjdk-17', 'LANG=C.UTF-8', 'JAVA_VERSION=17.0.2'] },
    program: { kind: 'java', binary: '/usr/local/openjdk-17/bin/jshell', tools: DEBIAN_TOOLS },
  },
  'docker.io/library/eclipse-temurin': {
    config: { entrypoint: ['/__cacert_entrypoint.sh'], cmd: ['jshell'], env: ['JAVA_HOME=/opt/java/openjdk', 'PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'LANG=en_US.UTF-8', 'JAVA_VERSION=jdk-17.0.13+11'] },
    program: { kind: 'java', binary: '/__cacert_entrypoint.sh', tools: DEBIAN_TOOLS },
  },
  'docker.io/library/node': {
    config: { entrypoint: ['docker-entrypoint.sh'], cmd: ['node'], env: [PATH, 'NODE_VERSION=22.12.0', 'YARN_VERSION=1.22.22'] },
    program: { kind: 'node', binary: '/usr/local/bin/docker-entrypoint.sh', tools: [...DEBIAN_TOOLS, 'node', 'npm', 'curl'] },
  },
  'docker.io/library/python': {
    config: { cmd: ['python3'], env: [PATH, 'LANG=C.UTF-8', 'PYTHON_VERSION=3.13.1'] },
    program: { kind: 'python', binary: '/usr/local/bin/python3', tools: [...DEBIAN_TOOLS, 'python3', 'pip', 'curl'] },
  },
  'docker.io/library/tomcat': {
    config: { cmd: ['catalina.sh', 'run'], env: ['CATALINA_HOME=/usr/local/tomcat', 'JAVA_HOME=/opt/java/openjdk'], workingDir: '/usr/local/tomcat', exposedPorts: ['8080/tcp'] },
    program: { kind: 'tomcat', binary: '/usr/local/tomcat/bin/catalina.sh', tools: DEBIAN_TOOLS, ports: [8080] },
  },
  'docker.io/traefik/whoami': {
    config: { entrypoint: ['/whoami'], env: [PATH], exposedPorts: ['80/tcp'] },
    program: { kind: 'whoami', binary: '/whoami', tools: [], ports: [80] },
  },
  'docker.io/hashicorp/http-echo': {
    config: {
      entrypoint: ['/http-echo'],
      env: [PATH, 'SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt', 'ECHO_TEXT=hello-world'],
      exposedPorts: ['5678/tcp'],
      user: '65532',
      workingDir: '/home/nonroot',
      labels: { maintainer: 'HashiCorp Consul Team <consul@hashicorp.com>', name: 'http-echo', summary: 'A test webserver that echos a response. You know, for kids.', vendor: 'HashiCorp', version: '1.0.0' },
    },
    program: { kind: 'http-echo', binary: '/http-echo', tools: [], ports: [5678] },
  },
  'docker.io/curlimages/curl': {
    config: {
      entrypoint: ['/entrypoint.sh'],
      cmd: ['curl'],
      env: [PATH, 'CURL_CA_BUNDLE=/cacert.pem'],
      user: 'curl_user',
      workingDir: '/home/curl_user',
      labels: { 'org.opencontainers.image.description': 'minimal image for curl', 'org.opencontainers.image.source': 'https://github.com/curl/curl-container', version: '8.11.1' },
    },
    program: { kind: 'curl', binary: '/entrypoint.sh', tools: [...SH_TOOLS, 'curl', 'nslookup', 'nc', 'vi'] },
  },
  'registry.k8s.io/e2e-test-images/jessie-dnsutils': {
    config: { cmd: ['/bin/bash'], env: [PATH] },
    program: { kind: 'shell', binary: '/bin/bash', tools: [...DEBIAN_TOOLS, 'ps', 'nslookup', 'dig', 'host', 'nsupdate'] },
  },
  'registry.k8s.io/ingress-nginx/controller': {
    config: {
      entrypoint: ['/usr/bin/dumb-init', '--'],
      cmd: ['/nginx-ingress-controller'],
      env: [PATH, 'LUA_PATH=/usr/local/share/luajit-2.1.0-beta3/?.lua;/usr/local/share/lua/5.1/?.lua;/usr/local/lib/lua/?.lua;;', 'LD_LIBRARY_PATH=/usr/local/lib:/modules_mount/etc/nginx/modules/otel'],
      workingDir: '/etc/nginx',
      user: 'www-data',
      exposedPorts: ['80/tcp', '443/tcp'],
      stopSignal: 'SIGTERM',
    },
    program: { kind: 'ingress-nginx', binary: '/usr/bin/dumb-init', tools: [...SH_TOOLS, 'bash', 'curl', 'nginx', 'nslookup'], ports: [80, 443, 8443, 10254] },
  },
  'registry.k8s.io/ingress-nginx/kube-webhook-certgen': {
    config: { entrypoint: ['/kube-webhook-certgen'], env: [PATH], user: '65532' },
    program: { kind: 'kube-component', binary: '/kube-webhook-certgen', tools: [] },
  },
  'quay.io/metallb/controller': {
    config: { entrypoint: ['/controller'], env: [PATH, 'SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt'], user: '65534' },
    program: { kind: 'metallb-controller', binary: '/controller', tools: [], ports: [7472, 9443] },
  },
  'quay.io/metallb/speaker': {
    config: { entrypoint: ['/speaker'], env: [PATH, 'SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt'] },
    program: { kind: 'metallb-speaker', binary: '/speaker', tools: [], ports: [7472, 7946] },
  },
  'registry.k8s.io/echoserver': {
    config: { cmd: ['/usr/local/bin/run.sh'], env: [PATH], exposedPorts: ['8080/tcp'] },
    program: { kind: 'echo-server', binary: '/usr/local/bin/run.sh', tools: SH_TOOLS, ports: [8080] },
  },
  // weave-net's router: launch.sh runs it; the init container's init.sh installs the CNI plugin and config
  'docker.io/weaveworks/weave-kube': {
    config: { entrypoint: ['/home/weave/launch.sh'], env: [PATH] },
    program: { kind: 'kube-component', binary: '/home/weave/launch.sh', tools: SH_TOOLS },
  },
  'registry.k8s.io/pause': {
    config: { entrypoint: ['/pause'], env: [PATH] },
    program: { kind: 'pause', binary: '/pause', tools: [] },
  },
};

const UNKNOWN: Entry = { config: { env: [PATH] }, program: { kind: 'unknown', binary: '/bin/sh', tools: SH_TOOLS } };

/** nginx's ENV lines per release (the official Dockerfiles changed them over the years). */
const NGINX_ENV: Record<string, string[]> = {
  '1.27.3': ['NGINX_VERSION=1.27.3', 'NJS_VERSION=0.8.7', 'NJS_RELEASE=1~bookworm', 'PKG_RELEASE=1~bookworm', 'DYNPKG_RELEASE=1~bookworm'],
  '1.26.2': ['NGINX_VERSION=1.26.2', 'NJS_VERSION=0.8.5', 'NJS_RELEASE=1~bookworm', 'PKG_RELEASE=1~bookworm'],
  '1.25.5': ['NGINX_VERSION=1.25.5', 'NJS_VERSION=0.8.4', 'PKG_RELEASE=1~bookworm'],
  '1.24.0': ['NGINX_VERSION=1.24.0', 'NJS_VERSION=0.7.12', 'PKG_RELEASE=1~bullseye'],
  '1.23.4': ['NGINX_VERSION=1.23.4', 'NJS_VERSION=0.7.11', 'PKG_RELEASE=1~bullseye'],
  '1.21.6': ['NGINX_VERSION=1.21.6', 'NJS_VERSION=0.7.3', 'PKG_RELEASE=1~bullseye'],
  '1.19.10': ['NGINX_VERSION=1.19.10', 'NJS_VERSION=0.5.3', 'PKG_RELEASE=1~buster'],
  '1.16.1': ['NGINX_VERSION=1.16.1', 'NJS_VERSION=0.3.8', 'PKG_RELEASE=1~buster'],
  '1.14.2': ['NGINX_VERSION=1.14.2-1~stretch', 'NJS_VERSION=1.14.2.0.2.6-1~stretch'],
};

/** The image config; `version` (the release the tag points at, `1.25.5`) picks version-specific ENV. */
export function imageConfigFor(repository: string, version?: string, alpine = false): ImageConfig {
  const e = ENTRIES[repository];
  if (e && repository === 'docker.io/library/nginx' && version && NGINX_ENV[version]) {
    const config = clone(e.config);
    // the alpine variants number their packages plainly (`PKG_RELEASE=1`)
    config.env = [PATH, ...NGINX_ENV[version]!.map((v) => (alpine ? v.replace(/=1~\w+$/, '=1') : v))];
    return config;
  }
  if (e) return clone(e.config);
  if (repository.startsWith('registry.k8s.io/') || repository.startsWith('k8s.gcr.io/') || repository.startsWith('docker.io/weaveworks/')) {
    const bin = `/usr/local/bin/${repository.split('/').pop()}`;
    return { entrypoint: [bin], env: [PATH] };
  }
  return clone(UNKNOWN.config);
}

export function programFor(repository: string): ImageProgram {
  const e = ENTRIES[repository];
  if (e) return clone(e.program);
  if (repository.startsWith('registry.k8s.io/') || repository.startsWith('k8s.gcr.io/') || repository.startsWith('docker.io/weaveworks/')) {
    return { kind: 'kube-component', binary: `/usr/local/bin/${repository.split('/').pop()}`, tools: [] };
  }
  return clone(UNKNOWN.program);
}

/**
 * The program a Dockerfile's final config runs: the base image's program, turned into a Spring
 * Boot service when the entrypoint runs `java -jar`.
 */
export function programForConfig(base: ImageProgram, config: ImageConfig, appName: string): ImageProgram {
  const argv = [...(config.entrypoint ?? []), ...(config.entrypoint ? [] : (config.cmd ?? []))];
  const javaHome = config.env.find((e) => e.startsWith('JAVA_HOME='))?.slice('JAVA_HOME='.length);
  if (argv[0] === 'java' || argv[0]?.endsWith('/java')) {
    const jarAt = argv.indexOf('-jar');
    const binary = argv[0] === 'java' ? `${javaHome ?? '/usr/local/openjdk-17'}/bin/java` : argv[0]!;
    const ports = (config.exposedPorts ?? []).map((p) => Number(p.split('/')[0])).filter((n) => n > 0);
    return {
      kind: 'java-spring',
      binary,
      tools: base.tools,
      ports: ports.length ? ports : [8080],
      appName,
      jar: jarAt >= 0 ? argv[jarAt + 1] : undefined,
      springBootVersion: '3.1.5',
      eureka: /discovery|eureka/.test(appName),
    };
  }
  if (config.entrypoint || config.cmd) {
    const first = argv[0] ?? base.binary;
    const sameAsBase = base.binary.endsWith(first) || first === 'nginx' || first === 'httpd-foreground';
    if (sameAsBase) return clone(base);
    return { ...clone(base), binary: first.startsWith('/') ? first : base.binary };
  }
  return clone(base);
}
