// How ingress-nginx turns Ingress objects into nginx servers and locations, and which location a
// request lands on (internal/ingress/controller/controller.go, location.go, template.go): one server
// per host plus the catch-all `_`; ImplementationSpecific paths are Prefix; a Prefix `/foo` becomes
// `location /foo/` plus `location = /foo`; rewrite-target or use-regex turns every location of the
// host into a case-insensitive regex `~* "^path"`, tried longest first.
import type { ApiServer, KubeObject } from '../types.ts';

export const CONTROLLER_CLASS = 'k8s.io/ingress-nginx';
export const DEFAULT_UPSTREAM = 'upstream-default-backend';
export const CATCH_ALL = '_';
const ANN = 'nginx.ingress.kubernetes.io/';

/** The controller's flags that decide what it serves (from its container's args). */
export interface ControllerConfig {
  /** --ingress-class: the legacy annotation value it accepts (default `nginx`) */
  ingressClass: string;
  /** --controller-class: the IngressClass spec.controller it owns */
  controllerClass: string;
  /** --watch-ingress-without-class */
  watchWithoutClass: boolean;
  /** --ingress-class-by-name: an IngressClass named like --ingress-class counts whatever its controller */
  classByName: boolean;
  /** --watch-namespace (empty: all) */
  watchNamespace?: string;
  /** --publish-service `ns/name`: status addresses come from this Service */
  publishService?: string;
  /** --publish-status-address */
  publishStatusAddress?: string;
  /** --election-id */
  electionId: string;
  /** --configmap `ns/name` */
  configMap?: string;
  /** --default-backend-service `ns/name` */
  defaultBackendService?: string;
  /** --validating-webhook address (`:8443`), when set */
  validatingWebhook?: string;
  webhookCert?: string;
  webhookKey?: string;
}

/** Read the controller's flags from the pod spec (`$(POD_NAMESPACE)` expanded as the kubelet does). */
export function controllerConfig(pod: KubeObject): ControllerConfig {
  const ns = pod.metadata.namespace ?? 'default';
  const c = ((pod.spec?.containers ?? []) as any[]).find((x) => /ingress-nginx|nginx-ingress/.test(String(x.image ?? ''))) ?? pod.spec?.containers?.[0] ?? {};
  const argv: string[] = [...(c.command ?? []), ...(c.args ?? [])].map((a: unknown) =>
    String(a).replace(/\$\(POD_NAMESPACE\)/g, ns).replace(/\$\(POD_NAME\)/g, pod.metadata.name),
  );
  const flag = (name: string): string | undefined => {
    for (let i = 0; i < argv.length; i++) {
      const a = argv[i]!;
      if (a === `--${name}` || a === `-${name}`) return argv[i + 1] !== undefined && !argv[i + 1]!.startsWith('-') ? argv[i + 1] : 'true';
      if (a.startsWith(`--${name}=`) || a.startsWith(`-${name}=`)) return a.slice(a.indexOf('=') + 1);
    }
    return undefined;
  };
  const bool = (name: string) => {
    const v = flag(name);
    return v !== undefined && v !== 'false';
  };
  return {
    ingressClass: flag('ingress-class') ?? 'nginx',
    controllerClass: flag('controller-class') ?? CONTROLLER_CLASS,
    watchWithoutClass: bool('watch-ingress-without-class'),
    classByName: bool('ingress-class-by-name'),
    watchNamespace: flag('watch-namespace') || undefined,
    publishService: flag('publish-service') || undefined,
    publishStatusAddress: flag('publish-status-address') || undefined,
    electionId: flag('election-id') ?? 'ingress-controller-leader',
    configMap: flag('configmap') || undefined,
    defaultBackendService: flag('default-backend-service') || undefined,
    validatingWebhook: flag('validating-webhook') || undefined,
    webhookCert: flag('validating-webhook-certificate') || undefined,
    webhookKey: flag('validating-webhook-key') || undefined,
  };
}

/** The IngressClasses this controller owns (its lister drops the others). */
function ownedClasses(api: ApiServer, cfg: ControllerConfig): KubeObject[] {
  return api.list('ingressclasses').filter((ic) => ic.spec?.controller === cfg.controllerClass || (cfg.classByName && ic.metadata.name === cfg.ingressClass));
}

/**
 * store.GetIngressClass: the class an Ingress is served under, or the error the controller logs when
 * it ignores it. (A default IngressClass is the API server's business: its admission fills in
 * spec.ingressClassName when the Ingress is created.)
 */
export function ingressClassOf(api: ApiServer, cfg: ControllerConfig, ing: KubeObject): { ok: true; name: string } | { ok: false; error: string } {
  const owned = ownedClasses(api, cfg);
  const className = ing.spec?.ingressClassName as string | undefined;
  if (className) {
    const ic = owned.find((c) => c.metadata.name === className);
    return ic ? { ok: true, name: ic.metadata.name } : { ok: false, error: `no object matching key "${className}" in local store` };
  }
  const annotation = ing.metadata.annotations?.['kubernetes.io/ingress.class'];
  if (annotation !== undefined) {
    return annotation === cfg.ingressClass ? { ok: true, name: annotation } : { ok: false, error: 'ingress class annotation is not equal to the expected by Ingress Controller' };
  }
  if (cfg.watchWithoutClass) return { ok: true, name: CATCH_ALL };
  return { ok: false, error: 'ingress does not contain a valid IngressClass' };
}

/** The Ingresses this controller serves, oldest first (sortIngressSlice). */
export function servedIngresses(api: ApiServer, cfg: ControllerConfig): KubeObject[] {
  const all = api.list('ingresses', cfg.watchNamespace).filter((ing) => !ing.metadata.deletionTimestamp && ingressClassOf(api, cfg, ing).ok);
  return all.sort((a, b) => {
    const ta = a.metadata.creationTimestamp ?? '';
    const tb = b.metadata.creationTimestamp ?? '';
    if (ta !== tb) return ta < tb ? -1 : 1;
    const ka = `${a.metadata.namespace}/${a.metadata.name}`;
    const kb = `${b.metadata.namespace}/${b.metadata.name}`;
    return ka > kb ? -1 : ka < kb ? 1 : 0;
  });
}

export interface ServiceBackend {
  namespace: string;
  name: string;
  port: { number?: number; name?: string };
}

export interface Location {
  /** the nginx location path (`/foo/` for a normalised Prefix) */
  path: string;
  /** the Ingress path it came from */
  ingressPath: string;
  pathType: 'Exact' | 'Prefix';
  /** `default-whoami-80`, or upstream-default-backend */
  upstream: string;
  backend?: ServiceBackend;
  isDefBackend: boolean;
  ingress?: KubeObject;
  rewriteTarget?: string;
  useRegex: boolean;
  sslRedirect: boolean;
  forceSslRedirect: boolean;
  serviceUpstream: boolean;
  /** a built-in answer of the catch-all server (`/healthz`) */
  internal?: 'healthz';
}

export interface Server {
  hostname: string;
  locations: Location[];
  /** the Ingress TLS secret for this host (`ns/name`), when one names it */
  tlsSecret?: string;
}

export function upstreamName(namespace: string, svc: { name: string; port?: { number?: number; name?: string } } | undefined): string {
  if (svc?.port?.number && svc.port.number > 0) return `${namespace}-${svc.name}-${svc.port.number}`;
  if (svc?.port?.name) return `${namespace}-${svc.name}-${svc.port.name}`;
  return `${namespace}-INVALID`;
}

interface Annotations {
  rewriteTarget?: string;
  useRegex: boolean;
  sslRedirect: boolean;
  forceSslRedirect: boolean;
  serviceUpstream: boolean;
}

function annotationsOf(ing: KubeObject): Annotations {
  const a = ing.metadata.annotations ?? {};
  const t = (k: string) => a[ANN + k] === 'true';
  return {
    rewriteTarget: a[ANN + 'rewrite-target'] || undefined,
    useRegex: t('use-regex'),
    sslRedirect: a[ANN + 'ssl-redirect'] !== 'false',
    forceSslRedirect: t('force-ssl-redirect'),
    serviceUpstream: t('service-upstream'),
  };
}

function applyAnnotations(loc: Location, anns: Annotations): void {
  loc.rewriteTarget = anns.rewriteTarget;
  loc.useRegex = anns.useRegex;
  loc.sslRedirect = anns.sslRedirect;
  loc.forceSslRedirect = anns.forceSslRedirect;
  loc.serviceUpstream = anns.serviceUpstream;
}

const needsRewrite = (l: Location) => !!l.rewriteTarget && l.rewriteTarget !== l.path;

function serviceBackend(namespace: string, b: any): ServiceBackend | undefined {
  const svc = b?.service;
  if (!svc?.name) return undefined;
  return { namespace, name: String(svc.name), port: { ...(svc.port?.number ? { number: Number(svc.port.number) } : {}), ...(svc.port?.name ? { name: String(svc.port.name) } : {}) } };
}

function baseLocation(path: string, upstream: string, isDefBackend: boolean): Location {
  return { path, ingressPath: path, pathType: 'Prefix', upstream, isDefBackend, useRegex: false, sslRedirect: true, forceSslRedirect: false, serviceUpstream: false };
}

/** The servers nginx.conf would have for these Ingresses (getBackendServers + createServers + updateServerLocations). */
export function buildServers(api: ApiServer, cfg: ControllerConfig, ingresses: KubeObject[]): Map<string, Server> {
  const defaultUpstream = cfg.defaultBackendService ? `${cfg.defaultBackendService.replace('/', '-')}-80` : DEFAULT_UPSTREAM;
  const servers = new Map<string, Server>();
  const catchAllRoot = baseLocation('/', defaultUpstream, true);
  servers.set(CATCH_ALL, { hostname: CATCH_ALL, locations: [catchAllRoot] });

  // createServers: one server per host; its root location uses the first Ingress's default backend
  for (const ing of ingresses) {
    const ns = ing.metadata.namespace ?? 'default';
    const anns = annotationsOf(ing);
    let un = defaultUpstream;
    let unBackend: ServiceBackend | undefined;
    const db = serviceBackend(ns, ing.spec?.defaultBackend);
    if (db) {
      un = upstreamName(ns, db);
      unBackend = db;
      if (catchAllRoot.isDefBackend && !(ing.spec?.rules ?? []).length) {
        // an Ingress with a backend and no rules becomes the catch-all
        catchAllRoot.isDefBackend = false;
        catchAllRoot.upstream = un;
        catchAllRoot.backend = db;
        catchAllRoot.ingress = ing;
        catchAllRoot.serviceUpstream = anns.serviceUpstream;
      }
    }
    for (const rule of (ing.spec?.rules ?? []) as any[]) {
      const host = rule.host || CATCH_ALL;
      if (servers.has(host)) continue;
      const root = baseLocation('/', un, true);
      root.backend = unBackend;
      root.ingress = ing;
      applyAnnotations(root, anns);
      servers.set(host, { hostname: host, locations: [root] });
    }
  }

  // TLS: the first Ingress naming a host in spec.tls gives its certificate
  for (const ing of ingresses) {
    for (const t of (ing.spec?.tls ?? []) as any[]) {
      for (const h of (t.hosts ?? []) as string[]) {
        const s = servers.get(h);
        if (s && !s.tlsSecret && t.secretName) s.tlsSecret = `${ing.metadata.namespace ?? 'default'}/${t.secretName}`;
      }
    }
  }

  // getBackendServers: the rules' paths become locations; the first Ingress wins a path
  for (const ing of ingresses) {
    const ns = ing.metadata.namespace ?? 'default';
    const anns = annotationsOf(ing);
    for (const rule of (ing.spec?.rules ?? []) as any[]) {
      const server = servers.get(rule.host || CATCH_ALL)!;
      for (const p of (rule.http?.paths ?? []) as any[]) {
        const backend = serviceBackend(ns, p.backend);
        if (!backend) continue;
        const path: string = p.path || '/';
        const pathType: 'Exact' | 'Prefix' = p.pathType === 'Exact' ? 'Exact' : 'Prefix';
        const upstream = upstreamName(ns, backend);
        let add = true;
        for (const loc of server.locations) {
          if (loc.path !== path) continue;
          if (loc.pathType !== pathType) break;
          add = false;
          if (!loc.isDefBackend) break;
          loc.upstream = upstream;
          loc.backend = backend;
          loc.isDefBackend = false;
          loc.ingress = ing;
          applyAnnotations(loc, anns);
          break;
        }
        if (add) {
          const loc = baseLocation(path, upstream, false);
          loc.pathType = pathType;
          loc.backend = backend;
          loc.ingress = ing;
          applyAnnotations(loc, anns);
          server.locations.push(loc);
        }
      }
    }
  }

  for (const server of servers.values()) {
    const locs = server.locations;
    locs.sort((a, b) => (a.path > b.path ? -1 : a.path < b.path ? 1 : 0));
    locs.sort((a, b) => b.path.length - a.path.length);
    server.locations = normalizeLocations(locs);
    if (server.hostname === CATCH_ALL) {
      const hz = baseLocation('/healthz', '', true);
      hz.internal = 'healthz';
      server.locations.push(hz);
    }
  }
  return servers;
}

/** updateServerLocations: a Prefix `/foo` becomes `/foo/` plus an Exact `/foo` (unless rewritten or regex). */
function normalizeLocations(locations: Location[]): Location[] {
  const exact = new Set(locations.filter((l) => l.pathType === 'Exact').map((l) => l.path));
  const out: Location[] = [];
  for (const loc of locations) {
    if (loc.path === '/' || loc.pathType !== 'Prefix' || needsRewrite(loc) || loc.useRegex) {
      out.push(loc);
      continue;
    }
    const original = loc.path;
    loc.path = original.endsWith('/') ? original : `${original}/`;
    out.push(loc);
    if (!exact.has(original)) out.push({ ...loc, path: original, pathType: 'Exact' });
  }
  return out;
}

/** The server for a Host (port stripped): exact name, then the longest matching `*.` wildcard, else `_`. */
export function pickServer(servers: Map<string, Server>, host: string): Server {
  const h = host.replace(/:\d+$/, '').replace(/\.$/, '').toLowerCase();
  const exact = servers.get(h);
  if (exact) return exact;
  let best: Server | undefined;
  for (const s of servers.values()) {
    if (!s.hostname.startsWith('*.')) continue;
    const suffix = s.hostname.slice(1);
    if (h.endsWith(suffix) && h.length > suffix.length && (!best || s.hostname.length > best.hostname.length)) best = s;
  }
  return best ?? servers.get(CATCH_ALL)!;
}

/** nginx's $uri: percent-decoded, slashes merged, `.` and `..` resolved. */
export function normalizeUri(path: string): string {
  let p = path;
  try {
    p = decodeURIComponent(p);
  } catch {
    // an invalid escape stays as sent
  }
  const out: string[] = [];
  for (const seg of p.split('/').slice(1)) {
    if (seg === '.') continue;
    if (seg === '..') {
      out.pop();
      continue;
    }
    out.push(seg);
  }
  const joined = `/${out.join('/')}`.replace(/\/{2,}/g, '/');
  return joined;
}

/** Whether a server's locations are all regexes (enforceRegexModifier). */
export const enforcesRegex = (server: Server) => server.locations.some((l) => !l.internal && (needsRewrite(l) || l.useRegex));

function regexOf(path: string, anchored: boolean): RegExp | undefined {
  try {
    return new RegExp(`${anchored ? '^' : ''}${path}`, 'i');
  } catch {
    return undefined;
  }
}

export type Match = { kind: 'location'; location: Location; server: Server } | { kind: 'redirect-slash'; location: Location; server: Server } | { kind: 'none'; server: Server };

/** nginx's location search for a $uri in a server. */
export function matchLocation(server: Server, uri: string): Match {
  const internal = server.locations.filter((l) => l.internal);
  const locs = server.locations.filter((l) => !l.internal);
  // the catch-all's own `location /healthz` is a plain prefix
  const hz = internal.find((l) => uri.startsWith(l.path));
  if (enforcesRegex(server)) {
    // a matching regex wins over the longest prefix; the prefix answers only when none matches
    for (const l of locs) {
      const re = regexOf(l.path, true);
      if (re?.test(uri)) return { kind: 'location', location: l, server };
    }
    return hz ? { kind: 'location', location: hz, server } : { kind: 'none', server };
  }
  const exact = locs.find((l) => l.pathType === 'Exact' && l.path === uri);
  if (exact) return { kind: 'location', location: exact, server };
  let best: Location | undefined;
  for (const l of [...locs.filter((x) => x.pathType === 'Prefix'), ...internal]) {
    if (uri.startsWith(l.path) && (!best || l.path.length > best.path.length)) best = l;
  }
  // `location /foo/` answers `/foo` with a 301 to `/foo/` (proxy_pass auto_redirect)
  const slash = locs.find((l) => l.pathType === 'Prefix' && l.path.endsWith('/') && l.path === `${uri}/`);
  if (slash && (!best || slash.path.length > best.path.length)) return { kind: 'redirect-slash', location: slash, server };
  return best ? { kind: 'location', location: best, server } : { kind: 'none', server };
}

/**
 * `rewrite "(?i)<path>" <target> break;`: the whole $uri becomes the target with `$1`…`$9` filled in;
 * the query string is appended unless the target brings its own.
 */
export function rewriteUri(loc: Location, uri: string, args: string): string | undefined {
  if (!loc.rewriteTarget || loc.rewriteTarget === loc.path) return undefined;
  const re = regexOf(loc.path, false);
  const m = re?.exec(uri);
  if (!m) return undefined;
  const target = loc.rewriteTarget.replace(/\$(\d)/g, (_, d: string) => m[Number(d)] ?? '');
  if (target.includes('?')) return args ? `${target}&${args}` : target;
  return args ? `${target}?${args}` : target;
}
