// The daemons that listen on the machines themselves (not in pods): sshd everywhere, the kubelet on
// every node, kube-apiserver and its neighbours on the master, Harbor's nginx on the harbor VM.
import type { HttpRequest, HttpResponse, TlsCertificate, VersionInfo } from '../types.ts';

export type MachineRole = 'control-plane' | 'worker' | 'registry';

export interface MachinePortContext {
  /** the machine's host name */
  name: string;
  role: MachineRole;
  /** virtual ms the machine joined the cluster: its certificates date from then */
  since: number;
  /** whether a systemd unit runs (true when the machine has no such bookkeeping) */
  unitRunning(unit: string): boolean;
  /** whether the daemon behind a socket listens (kubeadm's control plane on a bare cluster); checked besides its unit */
  daemonRunning?(daemon: string): boolean;
  version: VersionInfo;
  /** request ids (kube-apiserver's Audit-Id) */
  uuid(): string;
}

/** A daemon's listening socket: bound to every address, or to loopback only. */
export interface MachineSocket {
  port: number;
  address: '0.0.0.0' | '127.0.0.1';
  daemon: string;
  unit: string;
}

export type MachineAnswer = { kind: 'response'; response: HttpResponse } | { kind: 'reset' };

const SOCKETS: Record<MachineRole, MachineSocket[]> = {
  'control-plane': [
    { port: 22, address: '0.0.0.0', daemon: 'sshd', unit: 'sshd' },
    { port: 2379, address: '0.0.0.0', daemon: 'etcd', unit: 'kubelet' },
    { port: 2380, address: '0.0.0.0', daemon: 'etcd', unit: 'kubelet' },
    { port: 6443, address: '0.0.0.0', daemon: 'kube-apiserver', unit: 'kubelet' },
    { port: 10248, address: '127.0.0.1', daemon: 'kubelet', unit: 'kubelet' },
    { port: 10250, address: '0.0.0.0', daemon: 'kubelet', unit: 'kubelet' },
    { port: 10257, address: '127.0.0.1', daemon: 'kube-controller', unit: 'kubelet' },
    { port: 10259, address: '127.0.0.1', daemon: 'kube-scheduler', unit: 'kubelet' },
  ],
  worker: [
    { port: 22, address: '0.0.0.0', daemon: 'sshd', unit: 'sshd' },
    { port: 10248, address: '127.0.0.1', daemon: 'kubelet', unit: 'kubelet' },
    { port: 10250, address: '0.0.0.0', daemon: 'kubelet', unit: 'kubelet' },
  ],
  registry: [
    { port: 22, address: '0.0.0.0', daemon: 'sshd', unit: 'sshd' },
    { port: 80, address: '0.0.0.0', daemon: 'harbor', unit: 'docker' },
  ],
};

/** The sockets a machine's daemons hold (the static pods of the master count: they run whether or not the kubelet does, but go with it here). */
export function machineSockets(role: MachineRole): readonly MachineSocket[] {
  return SOCKETS[role];
}

const TLS_PORTS = new Set([2379, 2380, 6443, 10250, 10257, 10259]);

/**
 * What the machine's own daemon on `port` answers, or undefined when nothing listens there.
 * `loopback`: the client connected to 127.0.0.1 (some daemons listen only there).
 */
export function answerMachinePort(ctx: MachinePortContext, port: number, loopback: boolean, req: HttpRequest & { scheme: 'http' | 'https' }): MachineAnswer | undefined {
  const socket = SOCKETS[ctx.role].find((s) => s.port === port && (s.address === '0.0.0.0' || loopback));
  if (!socket || !ctx.unitRunning(socket.unit) || (ctx.daemonRunning && !ctx.daemonRunning(socket.daemon))) return undefined;
  // an SSH banner or a TLS handshake is not an HTTP answer: the client sees the connection close
  if (socket.daemon === 'sshd' || socket.daemon === 'etcd') return { kind: 'reset' };
  const tls = TLS_PORTS.has(port);
  if (tls && req.scheme === 'http') return respond(400, { 'Content-Type': 'text/plain; charset=utf-8' }, 'Client sent an HTTP request to an HTTPS server.\n');
  if (!tls && req.scheme === 'https') return { kind: 'reset' };
  const tlsOf = (response: HttpResponse): MachineAnswer => ({ kind: 'response', response: req.scheme === 'https' ? { ...response, tls: certificate(ctx, socket.daemon) } : response });
  switch (socket.daemon) {
    case 'kube-apiserver':
    case 'kube-controller':
    case 'kube-scheduler':
      return tlsOf(apiServerAnswer(ctx, req, socket.daemon === 'kube-apiserver'));
    case 'kubelet':
      return tlsOf(kubeletAnswer(port, req));
    case 'harbor':
      return { kind: 'response', response: harborAnswer(req) };
  }
  return undefined;
}

const YEAR_MS = 365 * 24 * 3600 * 1000;

/**
 * The serving certificate: kubeadm's apiserver.crt (signed by the cluster CA, which no client trusts by
 * default), or the self-signed pair the kubelet and the other components make for themselves.
 */
function certificate(ctx: MachinePortContext, daemon: string): TlsCertificate {
  const notBefore = Math.floor(ctx.since / 1000) * 1000;
  const stamp = Math.floor(ctx.since / 1000);
  if (daemon === 'kube-apiserver') {
    return {
      selfSigned: true,
      subject: 'CN=kube-apiserver',
      issuer: 'CN=kubernetes',
      dnsNames: [ctx.name, 'kubernetes', 'kubernetes.default', 'kubernetes.default.svc', 'kubernetes.default.svc.cluster.local'],
      notBefore,
      notAfter: notBefore + YEAR_MS,
    };
  }
  const host = daemon === 'kubelet' ? ctx.name : 'localhost';
  return { selfSigned: true, subject: `CN=${host}@${stamp}`, issuer: `CN=${host}-ca@${stamp}`, dnsNames: [host], notBefore, notAfter: notBefore + YEAR_MS };
}

const respond = (status: number, headers: Record<string, string>, body: string): MachineAnswer => ({ kind: 'response', response: withLength(status, headers, body) });

function withLength(status: number, headers: Record<string, string>, body: string): HttpResponse {
  return { status, headers: { ...headers, 'Content-Length': String(new TextEncoder().encode(body).length) }, body };
}

const HEALTH_PATHS = /^\/(healthz|livez|readyz)(\/.*)?$/;

/** The kube-apiserver (and the controller-manager/scheduler, which share its HTTP stack) to a client without credentials. */
function apiServerAnswer(ctx: MachinePortContext, req: HttpRequest, isApiServer: boolean): HttpResponse {
  const [rawPath, query = ''] = req.path.split('?') as [string, string?];
  const path = rawPath || '/';
  const plain = { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' };
  const audit = { 'Audit-Id': ctx.uuid(), 'Cache-Control': 'no-cache, private' };
  if (HEALTH_PATHS.test(path)) return withLength(200, { ...audit, ...plain }, 'ok');
  if (isApiServer && (path === '/version' || path === '/version/')) {
    return withLength(200, { ...audit, 'Content-Type': 'application/json' }, JSON.stringify(ctx.version, null, 2));
  }
  const status = forbiddenStatus(req.method, path, query);
  return withLength(403, { ...audit, 'Content-Type': 'application/json', 'X-Content-Type-Options': 'nosniff' }, encodeStatus(status, isPretty(req, query)));
}

/** The apiserver pretty-prints for curl, wget and browsers (handlers/responsewriters isPrettyPrint). */
function isPretty(req: HttpRequest, query: string): boolean {
  const pp = new URLSearchParams(query).get('pretty');
  if (pp !== null && pp !== '') return pp === 'true' || pp === '1' || pp === 't' || pp === 'T' || pp === 'TRUE' || pp === 'True';
  const ua = req.userAgent ?? '';
  return ua.startsWith('curl') || ua.startsWith('Wget') || ua.startsWith('Mozilla/5.0');
}

/** The JSON serializer: indented without a final newline when pretty, else one line and a newline. */
function encodeStatus(status: object, pretty: boolean): string {
  return pretty ? JSON.stringify(status, null, 2) : `${JSON.stringify(status)}\n`;
}

const VERBS: Record<string, string> = { GET: 'get', HEAD: 'get', POST: 'create', PUT: 'update', PATCH: 'patch', DELETE: 'delete' };

/** The Forbidden Status for an anonymous request, worded as the RBAC authorizer's reason. */
function forbiddenStatus(method: string, path: string, query: string): object {
  const user = 'User "system:anonymous"';
  const parts = path.split('/').filter(Boolean);
  let group: string | undefined;
  let rest: string[] = [];
  if (parts[0] === 'api' && parts.length >= 3) {
    group = '';
    rest = parts.slice(2);
  } else if (parts[0] === 'apis' && parts.length >= 4) {
    group = parts[1]!;
    rest = parts.slice(3);
  }
  if (group === undefined || !rest.length) {
    // non-resource requests use the HTTP method as the verb
    return status(`forbidden: ${user} cannot ${method.toLowerCase()} path "${path}"`, {});
  }
  let namespace: string | undefined;
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  const [resource, name, sub] = rest as [string, string?, string?];
  let verb = VERBS[method.toUpperCase()] ?? method.toLowerCase();
  if (!name && verb === 'get') verb = new URLSearchParams(query).get('watch') === 'true' ? 'watch' : 'list';
  if (!name && verb === 'delete') verb = 'deletecollection';
  const what = sub ? `${resource}/${sub}` : resource;
  const scope = namespace ? `in the namespace "${namespace}"` : 'at the cluster scope';
  const subject = name ? `${resource} "${name}"` : resource;
  return status(`${subject} is forbidden: ${user} cannot ${verb} resource "${what}" in API group "${group}" ${scope}`, { ...(name ? { name } : {}), kind: resource });
}

function status(message: string, details: Record<string, string>): object {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason: 'Forbidden', details, code: 403 };
}

/** The kubelet: its API wants a client certificate (kubeadm disables anonymous auth); the health port is open on loopback. */
function kubeletAnswer(port: number, req: HttpRequest): HttpResponse {
  const path = req.path.split('?')[0] || '/';
  const plain = { 'Content-Type': 'text/plain; charset=utf-8' };
  if (port === 10248) {
    if (path === '/healthz') return withLength(200, plain, 'ok');
    return withLength(404, { ...plain, 'X-Content-Type-Options': 'nosniff' }, '404 page not found\n');
  }
  return withLength(401, plain, 'Unauthorized');
}

const HARBOR_PORTAL = `<!doctype html>
<html>
<head>
  <meta charset="utf-8">
  <title>Harbor</title>
  <base href="/">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <link rel="icon" type="image/x-icon" href="favicon.ico?v=2">
</head>
<body>
  <harbor-app>
    <div class="spinner spinner-lg app-loading app-loading-fixed">
      Loading...
    </div>
  </harbor-app>
</body>
</html>
`;

/** Harbor's front nginx: the portal, the ping API and the registry's token challenge. */
function harborAnswer(req: HttpRequest): HttpResponse {
  const path = req.path.split('?')[0] || '/';
  const server = { Server: 'nginx' };
  if (path === '/api/v2.0/ping') return withLength(200, { ...server, 'Content-Type': 'text/plain; charset=utf-8' }, 'Pong');
  if (path === '/v2' || path === '/v2/') {
    return withLength(
      401,
      { ...server, 'Content-Type': 'application/json; charset=utf-8', 'Docker-Distribution-Api-Version': 'registry/2.0', 'Www-Authenticate': `Bearer realm="http://${req.host?.replace(/:\d+$/, '') ?? 'msa.harbor.com'}/service/token",service="harbor-registry"` },
      '{"errors":[{"code":"UNAUTHORIZED","message":"unauthorized: unauthorized"}]}\n',
    );
  }
  return withLength(200, { ...server, 'Content-Type': 'text/html' }, HARBOR_PORTAL);
}
