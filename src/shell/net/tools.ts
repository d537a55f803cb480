// Which network tools a place has, and which build of each: the CentOS 7 machines have curl 7.29.0
// only; inside a pod the image decides (busybox wget and nslookup, Debian's curl, curlimages' curl 8,
// dnsutils' bind tools).
import type { Cluster, NetOrigin } from '../../cluster/types.ts';
import type { ContainerSession, Program, ProgramContext } from '../../kubectl/context.ts';
import { makeCurl, type CurlBuild } from './curl.ts';
import { makeBusyboxWget } from './wget.ts';
import { makeBindNslookup, makeBusyboxNslookup, makeDig, makeHost } from './dns-tools.ts';
import { hostOrigin } from './http.ts';

/** curl on CentOS 7.9 (curl-7.29.0-59.el7_9), NSS for TLS. */
export const CENTOS7_CURL: CurlBuild = {
  version: '7.29.0',
  versionText:
    'curl 7.29.0 (x86_64-redhat-linux-gnu) libcurl/7.29.0 NSS/3.53.1 zlib/1.2.7 libidn/1.28 libssh2/1.8.0\n' +
    'Protocols: dict file ftp ftps gopher http https imap imaps ldap ldaps pop3 pop3s rtsp scp sftp smtp smtps telnet tftp \n' +
    'Features: AsynchDNS GSS-Negotiate IDN IPv6 Largefile NTLM NTLM_WB SSL libz unix-sockets \n',
  origin: hostOrigin,
  caFile: '/etc/pki/tls/certs/ca-bundle.crt',
};

/** The machines' curl. */
export const hostCurl: Program = makeCurl(CENTOS7_CURL);

function versionText(version: string, distro: string): string {
  if (version === '7.88.1')
    return (
      'curl 7.88.1 (x86_64-pc-linux-gnu) libcurl/7.88.1 OpenSSL/3.0.15 zlib/1.2.13 brotli/1.0.9 zstd/1.5.4 libidn2/2.3.3 libpsl/0.21.2 (+libidn2/2.3.3) libssh2/1.10.0 nghttp2/1.52.0 librtmp/2.3 OpenLDAP/2.5.13\n' +
      'Release-Date: 2023-02-20, security patched: 7.88.1-10+deb12u8\n' +
      'Protocols: dict file ftp ftps gopher gophers http https imap imaps ldap ldaps mqtt pop3 pop3s rtmp rtsp scp sftp smb smbs smtp smtps telnet tftp\n' +
      'Features: alt-svc AsynchDNS brotli GSS-API HSTS HTTP2 HTTPS-proxy IDN IPv6 Kerberos Largefile libz NTLM NTLM_WB PSL SPNEGO SSL threadsafe TLS-SRP UnixSockets zstd\n'
    );
  if (version.startsWith('8.'))
    return (
      `curl ${version} (x86_64-pc-linux-${distro === 'alpine' ? 'musl' : 'gnu'}) libcurl/${version} OpenSSL/3.3.2 zlib/1.3.1 brotli/1.1.0 zstd/1.5.6 c-ares/1.34.3 libidn2/2.3.7 libpsl/0.21.5 libssh2/1.11.1 nghttp2/1.64.0\n` +
      'Release-Date: 2024-12-11\n' +
      'Protocols: dict file ftp ftps gopher gophers http https imap imaps ipfs ipns mqtt pop3 pop3s rtsp scp sftp smb smbs smtp smtps telnet tftp ws wss\n' +
      'Features: alt-svc AsynchDNS brotli HSTS HTTP2 HTTPS-proxy IDN IPv6 Largefile libz NTLM PSL SSL threadsafe TLS-SRP UnixSockets zstd\n'
    );
  if (version === '7.29.0') return CENTOS7_CURL.versionText;
  return (
    `curl ${version} (x86_64-pc-linux-gnu) libcurl/${version} OpenSSL/1.1.1n zlib/1.2.11 brotli/1.0.9 libidn2/2.3.0 libpsl/0.21.0 (+libidn2/2.3.0) libssh2/1.9.0 nghttp2/1.43.0 librtmp/2.3\n` +
    'Protocols: dict file ftp ftps gopher http https imap imaps ldap ldaps mqtt pop3 pop3s rtmp rtsp scp sftp smb smbs smtp smtps telnet tftp\n' +
    'Features: alt-svc AsynchDNS brotli GSS-API HTTP2 HTTPS-proxy IDN IPv6 Kerberos Largefile libz NTLM NTLM_WB PSL SPNEGO SSL TLS-SRP UnixSockets\n'
  );
}

/** The curl release an image ships: its own tag for curlimages/curl, else the distribution's package. */
function containerCurlVersion(session: ContainerSession, cluster: Cluster): string {
  const pod = cluster.api.tryGet?.('pods', session.namespace, session.pod);
  const containers = [...((pod?.spec?.containers ?? []) as { name: string; image?: string }[]), ...((pod?.spec?.initContainers ?? []) as { name: string; image?: string }[])];
  const image = containers.find((c) => c.name === session.container)?.image ?? '';
  const tag = /curlimages\/curl:(\d+\.\d+\.\d+)/.exec(image)?.[1];
  if (tag) return tag;
  const env = session.env;
  if (env.distro === 'alpine' || /curlimages\/curl/.test(image)) return '8.11.1';
  if (env.distro === 'centos' || env.distro === 'oracle') return '7.29.0';
  if (env.distro === 'ubuntu') return '8.5.0';
  const release = Object.values(env.env).join(' ');
  if (/bullseye/.test(release)) return '7.74.0';
  if (/buster/.test(release)) return '7.64.0';
  if (/stretch/.test(release)) return '7.52.1';
  return '7.88.1';
}

/** The network programs a container has (only those its image ships; the shell checks `tools`). */
export function containerNetPrograms(session: ContainerSession, cluster: Cluster): Record<string, Program> {
  const origin = (_ctx: ProgramContext): NetOrigin => ({ kind: 'pod', namespace: session.namespace, pod: session.pod });
  const env = session.env;
  const busybox = env.distro === 'busybox' || env.distro === 'alpine';
  const version = containerCurlVersion(session, cluster);
  const debian = env.distro === 'debian' || env.distro === 'ubuntu';
  const curl = makeCurl({
    version,
    versionText: versionText(version, env.distro),
    origin,
    caFile: env.env.CURL_CA_BUNDLE ?? (debian ? '/etc/ssl/certs/ca-certificates.crt' : env.distro === 'centos' ? '/etc/pki/tls/certs/ca-bundle.crt' : '/etc/ssl/certs/ca-certificates.crt'),
    caPath: debian ? '/etc/ssl/certs' : undefined,
  });
  return {
    curl,
    wget: makeBusyboxWget(origin),
    nslookup: busybox ? makeBusyboxNslookup(origin) : makeBindNslookup(origin),
    host: makeHost(origin),
    dig: makeDig(origin),
  };
}
