// The ingress-nginx controller's data plane: a request reaching a controller pod on 80/443 is routed
// by the Ingress rules (see ingress-nginx-routing.ts) to a ready endpoint of the backend Service, with
// the headers ingress-nginx sets, nginx's own error pages, the fake self-signed certificate on 443 and
// one line per request in the controller's access log (its default `upstreaminfo` format).
import type { ApiServer, Clock, HttpRequest, HttpResponse, KubeObject, NetRequest, Random, TlsCertificate } from '../types.ts';
import type { EventRecorder } from '../component.ts';
import { nginxTimeLocal, type ContainerStore } from '../kubelet/containers.ts';
import { fnv32a } from '../registry/images.ts';
import type { ProxyProgram } from '../kube-proxy/contract.ts';
import { headerValue, httpDate } from '../kubelet/go-answers.ts';
import {
  buildServers,
  controllerConfig,
  matchLocation,
  normalizeUri,
  pickServer,
  rewriteUri,
  servedIngresses,
  type Location,
  type ServiceBackend,
} from './ingress-nginx-routing.ts';

/** What the controller needs from the cluster beyond the API: time, chance, its container's log. */
export interface IngressNginxRuntime {
  clock: Clock;
  random: Random;
  containers?: ContainerStore;
  events?: EventRecorder;
  /** round-robin cursor per controller pod and upstream */
  cursors: Map<string, number>;
}

const RUNTIMES = new WeakMap<ApiServer, IngressNginxRuntime>();

/** Give the controllers of the cluster behind `api` their clock, random source and container logs (the add-on component does this when it starts). */
export function attachIngressNginx(api: ApiServer, rt: Omit<IngressNginxRuntime, 'cursors'>): IngressNginxRuntime {
  const full = { ...rt, cursors: RUNTIMES.get(api)?.cursors ?? new Map<string, number>() };
  RUNTIMES.set(api, full);
  return full;
}

// ---------- nginx's built-in pages (server_tokens off: no version) ----------

const REASONS: Record<number, string> = {
  301: 'Moved Permanently',
  308: 'Permanent Redirect',
  400: 'Bad Request',
  403: 'Forbidden',
  404: 'Not Found',
  502: 'Bad Gateway',
  503: 'Service Temporarily Unavailable',
  504: 'Gateway Time-out',
};

/** nginx's error page for a status, CRLF line ends as nginx sends them. */
export function nginxErrorPage(status: number): string {
  const title = `${status} ${REASONS[status] ?? ''}`;
  return `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
}

const PLAIN_HTTP_TO_HTTPS =
  '<html>\r\n<head><title>400 The plain HTTP request was sent to HTTPS port</title></head>\r\n<body>\r\n<center><h1>400 Bad Request</h1></center>\r\n<center>The plain HTTP request was sent to HTTPS port</center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';

export const FAKE_CERTIFICATE_SUBJECT = 'O=Acme Co; CN=Kubernetes Ingress Controller Fake Certificate';

const bytes = (s: string) => new TextEncoder().encode(s).length;
const YEAR_MS = 365 * 24 * 3600 * 1000;

/** The controller container of the pod (the one running the ingress-nginx image). */
export function controllerContainer(pod: KubeObject, containers?: ContainerStore): string {
  const specs = (pod.spec?.containers ?? []) as any[];
  for (const c of specs) if (containers?.state(pod.metadata.namespace ?? 'default', pod.metadata.name, c.name)?.program === 'ingress-nginx') return c.name;
  return (specs.find((c) => /ingress-nginx\/controller|nginx-ingress-controller/.test(String(c.image ?? ''))) ?? specs[0])?.name ?? 'controller';
}

interface Endpoint {
  ip: string;
  port: number;
}

/** The ready endpoints of a backend Service port, as the controller's upstream lists them (IP order). */
function upstreamEndpoints(api: ApiServer, b: ServiceBackend): { svc?: KubeObject; endpoints: Endpoint[] } {
  const svc = api.tryGet('services', b.namespace, b.name, { frozenResult: true });
  if (!svc) return { endpoints: [] };
  const sp = ((svc.spec?.ports ?? []) as any[]).find((p) => (b.port.number ? p.port === b.port.number : p.name === b.port.name));
  if (!sp) return { svc, endpoints: [] };
  const out: Endpoint[] = [];
  const ep = api.tryGet('endpoints', b.namespace, b.name, { frozenResult: true });
  for (const subset of (ep?.subsets ?? []) as any[]) {
    const port = ((subset.ports ?? []) as any[]).find((p) => (p.name ?? '') === (sp.name ?? ''));
    if (!port) continue;
    for (const a of (subset.addresses ?? []) as any[]) if (a?.ip) out.push({ ip: a.ip, port: port.port });
  }
  return { svc, endpoints: out };
}

interface LogFields {
  status: number;
  bodyBytes: number;
  upstream: string;
  upstreamAddr: string;
  upstreamLength: string;
  upstreamTime: string;
  upstreamStatus: string;
  requestTime: string;
}

/**
 * ProxyProgram for program kind `ingress-nginx`: ports 80 and 443 route by the Ingress rules, 10254
 * answers /healthz and /metrics, 8443 is the admission webhook (nothing calls it here).
 */
export const ingressNginxProxy: ProxyProgram = ({ pod, port, req, api, net, self }) => {
  const podObj = api.tryGet('pods', pod.namespace, pod.name, { frozenResult: true });
  if (!podObj) return undefined;
  const rt = RUNTIMES.get(api);
  const now = rt?.clock.now();
  const probe = req.probe === true;
  const scheme = req.scheme ?? 'http';
  const dateHeader: Record<string, string> = now !== undefined ? { Date: httpDate(now) } : {};
  const cfg = controllerConfig(podObj);

  if (port === 10254) {
    const path = req.path.split('?')[0];
    if (path === '/healthz') return { response: { status: 200, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff', ...dateHeader, 'Content-Length': '2' }, body: 'ok' } };
    const body = '404 page not found\n';
    return { response: { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff', ...dateHeader, 'Content-Length': String(bytes(body)) }, body } };
  }
  if (port === 8443) {
    if (scheme !== 'https') return { response: { status: 400, headers: { ...dateHeader, 'Content-Length': '48', 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close' }, body: 'Client sent an HTTP request to an HTTPS server.\n' } };
    const body = '404 page not found\n';
    return { response: { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8', ...dateHeader, 'Content-Length': String(bytes(body)) }, body, tls: fakeCertificate(podObj, rt) } };
  }
  if (port !== 80 && port !== 443) return undefined;
  // a TLS client on the plain port gets no handshake
  if (port === 80 && scheme === 'https') return undefined;

  const page = (status: number, body: string, extra: Record<string, string> = {}): HttpResponse => ({
    status,
    headers: { ...dateHeader, 'Content-Type': 'text/html', 'Content-Length': String(bytes(body)), Connection: status === 400 ? 'close' : 'keep-alive', ...extra },
    body: req.method === 'HEAD' ? '' : body,
  });

  const reqId = headerValue(req.headers, 'X-Request-ID') ?? requestId(rt, probe, `${pod.name}|${req.path}|${now ?? 0}`);
  const hostHeader = headerValue(req.headers, 'Host') ?? req.host ?? pod.ip;
  const host = hostHeader.replace(/:\d+$/, '').toLowerCase();
  const [rawPath = '/', args = ''] = req.path.split(/\?(.*)/s);
  const uri = normalizeUri(rawPath || '/');

  const container = controllerContainer(podObj, rt?.containers);
  const log = (f: LogFields) => {
    if (probe || !rt?.containers || now === undefined) return;
    const h = (n: string) => headerValue(req.headers, n);
    const line = `${req.clientIP} - - [${nginxTimeLocal(now)}] "${req.method} ${req.path} HTTP/1.1" ${f.status} ${f.bodyBytes} "${h('Referer') ?? '-'}" "${h('User-Agent') ?? (req.userAgent || '-')}" ${requestLength(req)} ${f.requestTime} [${f.upstream}] [] ${f.upstreamAddr} ${f.upstreamLength} ${f.upstreamTime} ${f.upstreamStatus} ${reqId}`;
    rt.containers.appendLog(pod.namespace, pod.name, container, [{ stream: 'stdout', text: line }]);
  };
  const local = (status: number, upstream: string): LogFields => ({ status, bodyBytes: 0, upstream, upstreamAddr: '-', upstreamLength: '-', upstreamTime: '-', upstreamStatus: '-', requestTime: '0.000' });
  const finish = (response: HttpResponse, f: LogFields, servedBy?: { namespace: string; pod: string }) => {
    log({ ...f, bodyBytes: bytes(response.body) });
    return servedBy ? { response, servedBy } : { response };
  };

  if (port === 443 && scheme === 'http') {
    const r = page(400, PLAIN_HTTP_TO_HTTPS);
    return finish(r, local(400, '-'));
  }

  const servers = buildServers(api, cfg, servedIngresses(api, cfg));
  const server = pickServer(servers, host);
  const certSecret = server.tlsSecret ? tlsSecret(api, server.tlsSecret) : undefined;
  const tls = scheme === 'https' ? (certSecret ? secretCertificate(server.hostname, podObj, rt) : fakeCertificate(podObj, rt)) : undefined;
  const withTls = (r: HttpResponse): HttpResponse => {
    if (!tls) return r;
    const headers = certSecret ? { ...r.headers, 'Strict-Transport-Security': 'max-age=31536000; includeSubDomains' } : r.headers;
    return { ...r, headers, tls };
  };

  const match = matchLocation(server, uri);
  if (match.kind === 'none') return finish(withTls(page(404, nginxErrorPage(404))), local(404, '-'));
  const loc = match.location;
  if (loc.internal === 'healthz') return { response: withTls({ status: 200, headers: { ...dateHeader, 'Content-Type': 'text/html', 'Content-Length': '0', Connection: 'keep-alive' }, body: '' }) };
  if (match.kind === 'redirect-slash') {
    const location = `${scheme}://${host}${uri}/${args ? `?${args}` : ''}`;
    return finish(withTls(page(301, nginxErrorPage(301), { Location: location })), local(301, loc.upstream));
  }
  // lua_ingress.rewrite: HTTP to a host with a certificate (or force-ssl-redirect) goes to https, 308, trailing slash dropped
  if (scheme === 'http' && (loc.forceSslRedirect || (loc.sslRedirect && !!certSecret))) {
    const requestUri = req.path.endsWith('/') ? req.path.slice(0, -1) : req.path;
    return finish(page(308, nginxErrorPage(308), { Location: `https://${host}${requestUri}` }), local(308, loc.upstream));
  }
  if (loc.isDefBackend && !loc.backend) {
    // the controller's own default backend (127.0.0.1:8181) answers 404
    const body = nginxErrorPage(404);
    const ms = elapsed(rt, probe, 0, 2);
    return finish(withTls(page(404, body)), { ...local(404, loc.upstream), upstreamAddr: '127.0.0.1:8181', upstreamLength: String(bytes(body)), upstreamTime: ms, upstreamStatus: '404', requestTime: ms });
  }
  return proxyToBackend(loc);

  function proxyToBackend(l: Location) {
    const b = l.backend!;
    const upstreamPath = rewriteUri(l, uri, args) ?? req.path;
    const headers = proxiedHeaders(req, { reqId, hostHeader, scheme, port });
    const onward: NetRequest = { scheme: 'http', method: req.method, path: upstreamPath, headers, ...((req as { body?: string }).body ? { body: (req as { body?: string }).body } : {}), ...(probe ? { probe: true } : {}) };
    const { svc, endpoints } = upstreamEndpoints(api, b);
    let targets: Endpoint[] = endpoints;
    if (svc && (l.serviceUpstream || svc.spec?.type === 'ExternalName')) {
      const sp = ((svc.spec?.ports ?? []) as any[]).find((p) => (b.port.number ? p.port === b.port.number : p.name === b.port.name));
      const target = svc.spec?.type === 'ExternalName' ? svc.spec.externalName : svc.spec?.clusterIP;
      targets = target && sp ? [{ ip: target, port: svc.spec?.type === 'ExternalName' ? (b.port.number ?? sp.port) : sp.port }] : [];
    }
    if (!targets.length) return finish(withTls(page(503, nginxErrorPage(503))), local(503, l.upstream));
    // round robin over the upstream's endpoints; on a failed connection the next one is tried (proxy_next_upstream, 3 tries)
    const key = `${probe ? 'probe|' : ''}${pod.namespace}/${pod.name}|${l.upstream}`;
    const cursors = rt?.cursors ?? new Map<string, number>();
    let cursor = cursors.get(key) ?? (probe || !rt ? 0 : rt.random.int(targets.length));
    const addrs: string[] = [];
    const statuses: string[] = [];
    const times: string[] = [];
    let lastError: 'timeout' | 'other' = 'other';
    for (let attempt = 0; attempt < Math.min(3, targets.length); attempt++) {
      const t = targets[cursor % targets.length]!;
      cursor = (cursor + 1) % targets.length;
      const res = net.request(self, t.ip, t.port, onward);
      addrs.push(`${t.ip}:${t.port}`);
      if (res.ok) {
        cursors.set(key, cursor);
        const ms = elapsed(rt, probe, 1, 6);
        times.push(ms);
        statuses.push(String(res.response.status));
        const response = withTls(clientResponse(res.response, dateHeader, req.method));
        return finish(
          response,
          { status: res.response.status, bodyBytes: 0, upstream: l.upstream, upstreamAddr: addrs.join(', '), upstreamLength: [...statuses.slice(0, -1).map(() => '0'), String(bytes(res.response.body))].join(', '), upstreamTime: times.join(', '), upstreamStatus: statuses.join(', '), requestTime: ms },
          res.servedBy,
        );
      }
      lastError = res.error === 'timeout' ? 'timeout' : 'other';
      times.push(res.error === 'timeout' ? '5.001' : '0.000');
      statuses.push(res.error === 'timeout' ? '504' : '502');
    }
    cursors.set(key, cursor);
    const status = lastError === 'timeout' ? 504 : 502;
    return finish(withTls(page(status, nginxErrorPage(status))), {
      status,
      bodyBytes: 0,
      upstream: l.upstream,
      upstreamAddr: addrs.join(', '),
      upstreamLength: addrs.map(() => '0').join(', '),
      upstreamTime: times.join(', '),
      upstreamStatus: statuses.join(', '),
      requestTime: times[times.length - 1] ?? '0.000',
    });
  }
};

/** `$request_id`: 32 hex from the cluster's random source (a probe's comes from its own request). */
function requestId(rt: IngressNginxRuntime | undefined, probe: boolean, seed: string): string {
  if (!probe && rt) return rt.random.hex(32);
  let out = '';
  let h = fnv32a(seed);
  for (let i = 0; i < 4; i++) {
    h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) >>> 0;
    out += h.toString(16).padStart(8, '0');
  }
  return out;
}

/** A short time in nginx's `0.003` form. */
function elapsed(rt: IngressNginxRuntime | undefined, probe: boolean, min: number, max: number): string {
  const ms = probe || !rt ? min : min + rt.random.int(max - min + 1);
  return (ms / 1000).toFixed(3);
}

/** `$request_length`: request line, headers and body as the client sent them. */
function requestLength(req: HttpRequest): number {
  let n = bytes(`${req.method} ${req.path} HTTP/1.1\r\n`);
  for (const [k, v] of Object.entries(req.headers ?? {})) n += bytes(`${k}: ${v}\r\n`);
  if (!headerValue(req.headers, 'Host') && req.host) n += bytes(`Host: ${req.host}\r\n`);
  return n + 2 + bytes((req as { body?: string }).body ?? '');
}

const HOP = new Set(['host', 'connection', 'keep-alive', 'proxy', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade']);
const OVERRIDDEN = new Set(['x-request-id', 'x-real-ip', 'x-forwarded-for', 'x-forwarded-host', 'x-forwarded-port', 'x-forwarded-proto', 'x-forwarded-scheme', 'x-scheme', 'x-original-forwarded-for']);

/** The request headers ingress-nginx's location block sends upstream (proxy_set_header …), then the client's own. */
function proxiedHeaders(req: HttpRequest, o: { reqId: string; hostHeader: string; scheme: string; port: number }): Record<string, string> {
  const out: Record<string, string> = {
    Host: o.hostHeader,
    'X-Request-ID': o.reqId,
    'X-Real-IP': req.clientIP,
    'X-Forwarded-For': req.clientIP,
    'X-Forwarded-Host': o.hostHeader,
    'X-Forwarded-Port': String(o.port === 443 ? 443 : o.port),
    'X-Forwarded-Proto': o.scheme,
    'X-Forwarded-Scheme': o.scheme,
    'X-Scheme': o.scheme,
  };
  const xff = headerValue(req.headers, 'X-Forwarded-For');
  if (xff) out['X-Original-Forwarded-For'] = xff;
  for (const [k, v] of Object.entries(req.headers ?? {})) {
    const lk = k.toLowerCase();
    if (HOP.has(lk) || OVERRIDDEN.has(lk)) continue;
    out[k] = v;
  }
  if (!headerValue(out, 'User-Agent') && req.userAgent) out['User-Agent'] = req.userAgent;
  return out;
}

/** The backend's answer as the client gets it: nginx's own Date, no Server (more_clear_headers), keep-alive. */
function clientResponse(r: HttpResponse, dateHeader: Record<string, string>, method: string): HttpResponse {
  const drop = new Set(['date', 'server', 'connection', 'keep-alive', 'transfer-encoding', 'content-type', 'content-length']);
  const type = headerValue(r.headers, 'Content-Type');
  const headers: Record<string, string> = {
    ...dateHeader,
    ...(type !== undefined ? { 'Content-Type': type } : {}),
    'Content-Length': headerValue(r.headers, 'Content-Length') ?? String(bytes(r.body)),
    Connection: 'keep-alive',
  };
  for (const [k, v] of Object.entries(r.headers)) if (!drop.has(k.toLowerCase())) headers[k] = v;
  return { status: r.status, headers, body: method === 'HEAD' ? '' : r.body };
}

function tlsSecret(api: ApiServer, key: string): KubeObject | undefined {
  const [ns, name] = key.split('/') as [string, string];
  const s = api.tryGet('secrets', ns, name, { frozenResult: true });
  const data = (s?.data ?? {}) as Record<string, string>;
  return s && data['tls.crt'] && data['tls.key'] ? s : undefined;
}

/** When the controller process started (the fake certificate is made then, valid a year). */
function startedAt(pod: KubeObject, rt: IngressNginxRuntime | undefined): number {
  const c = controllerContainer(pod, rt?.containers);
  const st = rt?.containers?.state(pod.metadata.namespace ?? 'default', pod.metadata.name, c);
  if (st) return st.startedAt;
  const t = Date.parse(String(pod.status?.startTime ?? ''));
  return Number.isNaN(t) ? 0 : t;
}

function fakeCertificate(pod: KubeObject, rt: IngressNginxRuntime | undefined): TlsCertificate {
  const t = startedAt(pod, rt);
  return { selfSigned: true, subject: FAKE_CERTIFICATE_SUBJECT, issuer: FAKE_CERTIFICATE_SUBJECT, dnsNames: ['ingress.local'], notBefore: t, notAfter: t + YEAR_MS };
}

/** A certificate from an Ingress TLS secret: the course makes them with openssl, so they are self-signed for the host. */
function secretCertificate(host: string, pod: KubeObject, rt: IngressNginxRuntime | undefined): TlsCertificate {
  const t = startedAt(pod, rt);
  return { selfSigned: true, subject: `CN=${host}`, issuer: `CN=${host}`, dnsNames: [host], notBefore: t, notAfter: t + YEAR_MS };
}
