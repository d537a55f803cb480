// The root file system a container sees: the image's files (by distribution and program) plus what
// the kubelet mounts (/etc/hosts, /etc/resolv.conf, the service account token). Each container
// instance gets its own copy, so writes stay in that container and vanish when it restarts.
import type { FileSystem } from '../types.ts';
import { copyFileSystem, createFileSystem } from '../hosts/fs.ts';
import { OS_RELEASE as CENTOS7_OS_RELEASE } from '../hosts/index.ts';
import type { ImageProgram } from '../registry/programs.ts';

/** The distribution underneath an image: decides the shell's wording and the prompt of `exec -it`. */
export type Distro = 'debian' | 'busybox' | 'alpine' | 'ubuntu' | 'centos' | 'oracle' | 'none';

export function distroOf(repository: string, program: ImageProgram): Distro {
  const name = repository.split('/').pop() ?? '';
  if (name === 'busybox') return 'busybox';
  if (name === 'alpine' || program.binary === '/bin/sh' && !program.tools.includes('bash') && program.tools.includes('apk')) return 'alpine';
  // curlimages/curl and the ingress-nginx controller are built on Alpine
  if (program.kind === 'curl' || program.kind === 'ingress-nginx') return 'alpine';
  // scratch and distroless images: one static binary, no shell
  if (['whoami', 'http-echo', 'metallb-controller', 'metallb-speaker'].includes(program.kind)) return 'none';
  if (name === 'ubuntu' || name === 'tomcat') return 'ubuntu';
  if (name === 'centos') return 'centos';
  if (name === 'mysql') return 'oracle';
  if (program.kind === 'pause' || program.kind === 'kube-component' || program.kind === 'echo-server' && !program.tools.length) return 'none';
  return 'debian';
}

const OS_RELEASE: Record<string, string> = {
  debian: `PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
NAME="Debian GNU/Linux"
VERSION_ID="12"
VERSION="12 (bookworm)"
VERSION_CODENAME=bookworm
ID=debian
HOME_URL="https://www.debian.org/"
SUPPORT_URL="https://www.debian.org/support"
BUG_REPORT_URL="https://bugs.debian.org/"
`,
  alpine: `NAME="Alpine Linux"
ID=alpine
VERSION_ID=3.21.0
PRETTY_NAME="Alpine Linux v3.21"
HOME_URL="https://alpinelinux.org/"
BUG_REPORT_URL="https://gitlab.alpinelinux.org/alpine/aports/-/issues"
`,
  ubuntu: `PRETTY_NAME="Ubuntu 24.04.1 LTS"
NAME="Ubuntu"
VERSION_ID="24.04"
VERSION="24.04.1 LTS (Noble Numbat)"
VERSION_CODENAME=noble
ID=ubuntu
ID_LIKE=debian
HOME_URL="https://www.ubuntu.com/"
SUPPORT_URL="https://help.ubuntu.com/"
BUG_REPORT_URL="https://bugs.launchpad.net/ubuntu/"
PRIVACY_POLICY_URL="https://www.ubuntu.com/legal/terms-and-policies/privacy-policy"
UBUNTU_CODENAME=noble
LOGO=ubuntu-logo
`,
  centos: CENTOS7_OS_RELEASE,
  oracle: `NAME="Oracle Linux Server"
VERSION="9.5"
ID="ol"
ID_LIKE="fedora"
VERSION_ID="9.5"
PRETTY_NAME="Oracle Linux Server 9.5"
ANSI_COLOR="0;31"
CPE_NAME="cpe:/o:oracle:linux:9:5:server"
HOME_URL="https://linux.oracle.com/"
`,
};

/** The nginx welcome page (615 bytes, as `curl` reports it). */
export const NGINX_INDEX = `<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href="http://nginx.org/">nginx.org</a>.<br/>
Commercial support is available at
<a href="http://nginx.com/">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
`;

const NGINX_50X = `<!DOCTYPE html>
<html>
<head>
<title>Error</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>An error occurred.</h1>
<p>Sorry, the page you are looking for is currently unavailable.<br/>
Please try again later.</p>
<p>If you are the system administrator of this resource then you should check
the error log for details.</p>
<p><em>Faithfully yours, nginx.</em></p>
</body>
</html>
`;

const NGINX_DEFAULT_CONF = `server {
    listen       80;
    listen  [::]:80;
    server_name  localhost;

    #access_log  /var/log/nginx/host.access.log  main;

    location / {
        root   /usr/share/nginx/html;
        index  index.html index.htm;
    }

    #error_page  404              /404.html;

    # redirect server error pages to the static page /50x.html
    #
    error_page   500 502 503 504  /50x.html;
    location = /50x.html {
        root   /usr/share/nginx/html;
    }

    # proxy the PHP scripts to Apache listening on 127.0.0.1:80
    #
    #location ~ \\.php$ {
    #    proxy_pass   http://127.0.0.1;
    #}

    # pass PHP scripts to FastCGI server listening on 127.0.0.1:9000
    #
    #location ~ \\.php$ {
    #    root           html;
    #    fastcgi_pass   127.0.0.1:9000;
    #    fastcgi_index  index.php;
    #    fastcgi_param  SCRIPT_FILENAME  /scripts$fastcgi_script_name;
    #    include        fastcgi_params;
    #}

    # deny access to .htaccess files, if Apache's document root
    # concurs with nginx's one
    #
    #location ~ /\\.ht {
    #    deny  all;
    #}
}

`;

const NGINX_CONF = `
user  nginx;
worker_processes  auto;

error_log  /var/log/nginx/error.log notice;
pid        /var/run/nginx.pid;


events {
    worker_connections  1024;
}


http {
    include       /etc/nginx/mime.types;
    default_type  application/octet-stream;

    log_format  main  '$remote_addr - $remote_user [$time_local] "$request" '
                      '$status $body_bytes_sent "$http_referer" '
                      '"$http_user_agent" "$http_x_forwarded_for"';

    access_log  /var/log/nginx/access.log  main;

    sendfile        on;
    #tcp_nopush     on;

    keepalive_timeout  65;

    #gzip  on;

    include /etc/nginx/conf.d/*.conf;
}
`;

const BUSYBOX_APPLETS = ['[', '[[', 'ash', 'awk', 'basename', 'cat', 'chmod', 'chown', 'cp', 'cut', 'date', 'df', 'dirname', 'du', 'echo', 'env', 'false', 'find', 'free', 'grep', 'gzip', 'head', 'hostname', 'id', 'ifconfig', 'kill', 'ln', 'ls', 'mkdir', 'more', 'mv', 'nc', 'netstat', 'nslookup', 'ping', 'printenv', 'printf', 'ps', 'pwd', 'rm', 'sed', 'sh', 'sleep', 'sort', 'tail', 'tar', 'tee', 'telnet', 'test', 'top', 'touch', 'tr', 'true', 'uname', 'uptime', 'vi', 'wc', 'wget', 'which', 'whoami', 'xargs'];

const JESSIE_OS_RELEASE = `PRETTY_NAME="Debian GNU/Linux 8 (jessie)"
NAME="Debian GNU/Linux"
VERSION_ID="8"
VERSION="8 (jessie)"
ID=debian
HOME_URL="http://www.debian.org/"
SUPPORT_URL="http://www.debian.org/support/"
BUG_REPORT_URL="https://bugs.debian.org/"
`;

/** curlimages/curl's entrypoint: a first argument that is a flag or no command becomes an argument of curl. */
const CURL_ENTRYPOINT = `#!/bin/sh
set -e

# a flag or an unknown command as the first word: hand everything to curl
case "\${1}" in
  -*) set -- curl "$@" ;;
  *) command -v "\${1}" >/dev/null 2>&1 || set -- curl "$@" ;;
esac

exec "$@"
`;

export interface PodFiles {
  hostname: string;
  podIP: string;
  namespace: string;
  /** /etc/hosts as the kubelet writes it (managedHostsFile); default: the managed file for hostname and podIP */
  hosts?: string;
  /** /etc/resolv.conf as containerd writes it from the kubelet's DNS config; default: ClusterFirst's */
  resolvConf?: string;
  /** when the image was built (ms): its files carry this modification time (nginx's Last-Modified) */
  builtAt?: number;
}

/** The kubelet's managed /etc/hosts (pkg/kubelet/kubelet_pods.go managedHostsFileContent). */
export function managedHostsFile(o: { podIPs: string[]; hostname: string; hostDomain?: string; hostAliases?: { ip?: string; hostnames?: string[] }[] }): string {
  let text = '# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n';
  for (const ip of o.podIPs) text += o.hostDomain ? `${ip}\t${o.hostname}.${o.hostDomain}\t${o.hostname}\n` : `${ip}\t${o.hostname}\n`;
  return text + hostAliasEntries(o.hostAliases);
}

/** A host-network pod's /etc/hosts: the node's own, under the kubelet's header. */
export function hostNetworkHostsFile(nodeHosts: string, hostAliases?: { ip?: string; hostnames?: string[] }[]): string {
  return `# Kubernetes-managed hosts file (host network).\n${nodeHosts}${hostAliasEntries(hostAliases)}`;
}

function hostAliasEntries(aliases: { ip?: string; hostnames?: string[] }[] | undefined): string {
  if (!aliases?.length) return '';
  return `\n# Entries added by HostAliases.\n${aliases.map((a) => `${a.ip ?? ''}\t${(a.hostnames ?? []).join('\t')}\n`).join('')}`;
}

function put(fs: FileSystem, path: string, content: string): void {
  const dir = path.slice(0, path.lastIndexOf('/')) || '/';
  if (!fs.exists(dir)) fs.mkdir(dir, { parents: true });
  fs.write(path, content);
}

/** The image layers already built, by image and program: each container's root starts as a copy of one. */
const layers = new Map<string, FileSystem>();

/** A fresh root file system for one container instance. */
export function imageFileSystem(now: () => number, repository: string, program: ImageProgram, distro: Distro, pod: PodFiles, extra?: Record<string, string>): FileSystem {
  // the image's files date from its build; what the kubelet mounts and what the process writes, from now
  let fs: FileSystem;
  if (pod.builtAt !== undefined && !extra) {
    const key = [repository, distro, pod.builtAt, program.kind, program.binary, program.tools.join(','), program.jar ?? ''].join('\0');
    let layer = layers.get(key);
    if (!layer) {
      const builtAt = pod.builtAt;
      layer = createFileSystem(() => builtAt);
      imageLayer(layer, repository, program, distro);
      if (layers.size >= 256) layers.delete(layers.keys().next().value!);
      layers.set(key, layer);
    }
    fs = copyFileSystem(layer, now);
  } else {
    let stamp: number | undefined = pod.builtAt;
    fs = createFileSystem(() => stamp ?? now());
    imageLayer(fs, repository, program, distro, extra);
    stamp = undefined;
  }
  // what the kubelet mounts into every container
  put(fs, '/etc/hostname', `${pod.hostname}\n`);
  put(fs, '/etc/hosts', pod.hosts ?? managedHostsFile({ podIPs: pod.podIP ? [pod.podIP] : [], hostname: pod.hostname }));
  put(fs, '/etc/resolv.conf', pod.resolvConf ?? `search ${pod.namespace}.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n`);
  const sa = '/var/run/secrets/kubernetes.io/serviceaccount';
  put(fs, `${sa}/namespace`, pod.namespace);
  put(fs, `${sa}/ca.crt`, '-----BEGIN CERTIFICATE-----\nMIIDBTCCAe2gAwIBAgIIKubeClassCAwDQYJKoZIhvcNAQELBQAwFTETMBEGA1UE\nAxMKa3ViZXJuZXRlczAeFw0yNjExMTkwMDAwMDBaFw0zNjExMTcwMDAwMDBaMBUx\n-----END CERTIFICATE-----\n');
  put(fs, `${sa}/token`, 'eyJhbGciOiJSUzI1NiIsImtpZCI6Imt1YmVjbGFzcyJ9.eyJhdWQiOlsiaHR0cHM6Ly9rdWJlcm5ldGVzLmRlZmF1bHQuc3ZjLmNsdXN0ZXIubG9jYWwiXX0.c2lnbmF0dXJl');
  return fs;
}

/** The image's own files (by distribution and program), written into `fs`. */
function imageLayer(fs: FileSystem, repository: string, program: ImageProgram, distro: Distro, extra?: Record<string, string>): void {
  for (const d of ['/bin', '/dev', '/etc', '/home', '/proc', '/root', '/sys', '/tmp', '/usr', '/usr/bin', '/usr/local', '/usr/local/bin', '/var', '/var/log']) fs.mkdir(d, { parents: true });
  if (distro !== 'busybox' && distro !== 'none') {
    for (const d of ['/lib', '/media', '/mnt', '/opt', '/run', '/sbin', '/srv', '/usr/lib', '/usr/sbin', '/usr/share', '/var/lib', '/var/cache']) fs.mkdir(d, { parents: true });
  }
  const os = OS_RELEASE[distro];
  if (os) put(fs, distro === 'debian' || distro === 'ubuntu' ? '/usr/lib/os-release' : '/etc/os-release', os);
  if (os && (distro === 'debian' || distro === 'ubuntu')) put(fs, '/etc/os-release', os);
  if (distro === 'debian') put(fs, '/etc/debian_version', '12.8\n');
  if (repository.endsWith('/jessie-dnsutils')) {
    // the Kubernetes e2e DNS image is still Debian 8
    put(fs, '/usr/lib/os-release', JESSIE_OS_RELEASE);
    put(fs, '/etc/os-release', JESSIE_OS_RELEASE);
    put(fs, '/etc/debian_version', '8.11\n');
  }
  if (distro === 'alpine') put(fs, '/etc/alpine-release', '3.21.0\n');
  if (distro === 'busybox') for (const a of BUSYBOX_APPLETS) put(fs, `/bin/${a}`, '');
  // coreutils and friends every Debian-family image has
  if (distro === 'debian' || distro === 'ubuntu' || distro === 'centos' || distro === 'oracle') {
    for (const t of ['awk', 'basename', 'chmod', 'cp', 'cut', 'dirname', 'find', 'grep', 'gzip', 'head', 'ln', 'mkdir', 'mv', 'printf', 'rm', 'sed', 'sort', 'tail', 'tar', 'tee', 'touch', 'tr', 'uniq', 'wc', 'xargs', 'test', 'true', 'false', 'dash', 'bash']) put(fs, `/usr/bin/${t}`, '');
    put(fs, '/bin/sh', '');
  }
  // the image's commands, where PATH finds them (debian's /bin is merged into /usr/bin)
  for (const t of program.tools) {
    if (!fs.exists(`/bin/${t}`)) put(fs, `/bin/${t}`, '');
    if (distro !== 'busybox' && distro !== 'alpine' && !fs.exists(`/usr/bin/${t}`)) put(fs, `/usr/bin/${t}`, '');
  }
  if (program.kind === 'nginx') put(fs, '/usr/sbin/nginx', '');
  put(fs, '/etc/passwd', distro === 'busybox' ? 'root:x:0:0:root:/root:/bin/sh\ndaemon:x:1:1:daemon:/usr/sbin:/bin/false\nbin:x:2:2:bin:/bin:/bin/false\nsys:x:3:3:sys:/dev:/bin/false\nsync:x:4:100:sync:/bin:/bin/sync\nmail:x:8:8:mail:/var/spool/mail:/bin/false\nwww-data:x:33:33:www-data:/var/www:/bin/false\noperator:x:37:37:Operator:/var:/bin/false\nnobody:x:65534:65534:nobody:/home:/bin/false\n' : 'root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\nbin:x:2:2:bin:/bin:/usr/sbin/nologin\nsys:x:3:3:sys:/dev:/usr/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n');
  if (program.kind === 'nginx') {
    put(fs, '/usr/share/nginx/html/index.html', NGINX_INDEX);
    put(fs, '/usr/share/nginx/html/50x.html', NGINX_50X);
    put(fs, '/etc/nginx/nginx.conf', NGINX_CONF);
    put(fs, '/etc/nginx/conf.d/default.conf', NGINX_DEFAULT_CONF);
    put(fs, '/etc/nginx/mime.types', 'types {\n    text/html                                        html htm shtml;\n    text/css                                         css;\n    application/javascript                           js;\n    application/json                                 json;\n    image/png                                        png;\n}\n');
    put(fs, '/docker-entrypoint.sh', '#!/bin/sh\n# vim:sw=4:ts=4:et\n\nset -e\n');
    for (const f of ['10-listen-on-ipv6-by-default.sh', '15-local-resolvers.envsh', '20-envsubst-on-templates.sh', '30-tune-worker-processes.sh']) put(fs, `/docker-entrypoint.d/${f}`, '#!/bin/sh\n');
    put(fs, '/var/log/nginx/access.log', '');
    put(fs, '/var/log/nginx/error.log', '');
    put(fs, '/var/cache/nginx/.keep', '');
  }
  if (program.kind === 'httpd') put(fs, '/usr/local/apache2/htdocs/index.html', '<html><body><h1>It works!</h1></body></html>\n');
  if (program.kind === 'curl') {
    put(fs, '/entrypoint.sh', CURL_ENTRYPOINT);
    put(fs, '/usr/bin/curl', '');
    put(fs, '/cacert.pem', '');
    fs.mkdir('/home/curl_user', { parents: true });
  }
  if (program.kind === 'ingress-nginx') {
    for (const f of ['/nginx-ingress-controller', '/wait-shutdown', '/dbg', '/usr/bin/nginx', '/usr/bin/dumb-init']) put(fs, f, '');
    put(fs, '/etc/nginx/template/nginx.tmpl', '');
    put(fs, '/etc/ingress-controller/ssl/default-fake-certificate.pem', '');
  }
  if (program.kind === 'java-spring' || program.kind === 'java') {
    const home = program.binary.replace(/\/bin\/[^/]+$/, '');
    if (home.startsWith('/')) put(fs, `${home}/release`, 'JAVA_VERSION="17.0.2"\n');
    if (program.jar) put(fs, program.jar.startsWith('/') ? program.jar : `/${program.jar}`, '');
  }
  if (repository === 'docker.io/weaveworks/weave-kube') put(fs, '/home/weave/init.sh', '#!/bin/sh\n# install the CNI plugin and config on the host\n');
  if (program.binary.startsWith('/') && program.kind !== 'nginx') put(fs, program.binary, fs.exists(program.binary) ? fs.read(program.binary) : '');
  for (const [path, content] of Object.entries(extra ?? {})) put(fs, path, content);
}
