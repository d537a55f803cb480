// The cluster's traffic: kube-proxy's Service rules (iptables mode: ClusterIP, NodePort, external and
// LoadBalancer addresses, a random ready endpoint or ClientIP affinity), weave's pod routes, the
// machines' own daemons, port-forwards, cluster DNS (CoreDNS) and the resolvers of machines and pods.
//   net.request({ kind: 'host', host: 'master' }, '10.0.2.16', 30080, { scheme: 'http', method: 'GET', path: '/', headers: {} })
//   net.lookup({ kind: 'pod', namespace: 'default', pod: 'web-…' }, 'mynginx')
import type {
  ApiServer,
  Clock,
  ClusterNetwork,
  ContainerRuntimeView,
  DnsResult,
  Host,
  Hosts,
  HttpRequest,
  HttpResponse,
  KubeObject,
  NetLookupOptions,
  NetOrigin,
  NetRequest,
  NetResult,
  PortForwardHandle,
  Random,
  VersionInfo,
} from '../types.ts';
import type { Internet, ProxyProgram } from './contract.ts';
import { POD_CIDR, SERVICE_CIDR, inCidr, isIPv4, weaveAddress } from '../network.ts';
import { lookupEtcHosts, machinesOf, NAMESERVER } from '../hosts/index.ts';
import { answerMachinePort, machineSockets, type MachineRole } from '../hosts/listeners.ts';
import { buildSnapshot, type Snapshot } from './snapshot.ts';
import { bindsOverlap, createForwardTable, type Forward } from './port-forward.ts';
import { coreDnsAnswer, coreDnsReverse } from '../dns/coredns.ts';
import { isPodReady } from '../controller-manager/workload.ts';
import { parseResolvConf, searchResolve, type DnsAnswer, type ResolverConfig } from '../dns/resolver.ts';
import { podDnsConfig, resolvConfText } from '../dns/pod-dns.ts';

export type { ProxyProgram, Internet, WebSite } from './contract.ts';

export interface ClusterNetworkDeps {
  api: ApiServer;
  clock: Clock;
  /** endpoint picks and client ports (a stream of its own, so traffic does not shift pod names) */
  random: Random;
  hosts: Hosts;
  runtime: ContainerRuntimeView;
  version: VersionInfo;
  /** pod programs that proxy onwards (ingress-nginx), by program kind */
  proxyPrograms?: Readonly<Record<string, ProxyProgram>>;
  /** whether a LoadBalancer address is announced (MetalLB's speaker) */
  loadBalancerReachable?: (api: ApiServer, ip: string) => boolean;
  /** the outside web behind VirtualBox's NAT */
  internet?: Internet;
  /** names VirtualBox's DNS (10.0.2.3) knows besides the Internet's sites */
  upstreamNames?: Readonly<Record<string, string>>;
  /** the API's revision: the routing tables are rebuilt when it moves (without it, on every call) */
  revision?: () => number;
  /** whether a machine's daemon listens now (kubeadm's control plane on a bare cluster); default: its unit runs */
  daemonRunning?: (machine: string, daemon: string) => boolean;
}

export type LookupOptions = NetLookupOptions;

export interface RequestOptions {
  /** a check's probe (lab checkpoints): endpoint picks come from a stream of their own, so probing does not change what the learner's requests hit */
  probe?: boolean;
}

/** ClusterNetwork with the simulator's extras. */
export interface SimClusterNetwork extends ClusterNetwork {
  lookup(from: NetOrigin, name: string, opts?: LookupOptions): DnsResult;
  reverse(from: NetOrigin, ip: string, opts?: LookupOptions): string | undefined;
  request(from: NetOrigin, host: string, port: number, req: NetRequest, opts?: RequestOptions): NetResult;
  /** The address a pod sees a connection from `from` come from (a pod's IP; a machine's weave address). */
  sourceAddress(from: NetOrigin): string | undefined;
}

/** Where traffic starts, as the network sees it. */
interface Origin {
  /** the machine the packets leave (a pod's node; the host itself) */
  machine: string;
  /** the Kubernetes node, when the machine is one (harbor is not) */
  node?: string;
  /** a pod on the pod network (not hostNetwork) */
  pod?: KubeObject;
  /** the pod object for pods, hostNetwork or not (its DNS policy) */
  podObject?: KubeObject;
  /** the address packets carry toward the LAN */
  lanIP: string;
  /** the address packets carry toward the pod network */
  podNetIP: string;
}

type Scheme = 'http' | 'https';
type Fail = Extract<NetResult, { ok: false }>['error'];

const SESSION_AFFINITY_DEFAULT_S = 10800;
/** nested connections (an ingress controller proxying onwards) before giving up: a routing loop */
const MAX_DEPTH = 8;
const LAN = '10.0.2.0/24';
/** VirtualBox's NAT gateway and DNS proxy: they exist, nothing there speaks HTTP */
const NAT_ADDRESSES = new Set(['10.0.2.2', NAMESERVER]);

const header = (headers: Record<string, string>, name: string): string | undefined => {
  const want = name.toLowerCase();
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === want) return v;
  return undefined;
};

const isRunning = (pod: KubeObject | undefined): pod is KubeObject => !!pod && pod.status?.phase !== 'Succeeded' && pod.status?.phase !== 'Failed';

export function createClusterNetwork(deps: ClusterNetworkDeps): SimClusterNetwork {
  const { api, hosts, runtime } = deps;
  const machines = machinesOf(hosts);
  const proxyPrograms = deps.proxyPrograms ?? {};
  const lbReachable = deps.loadBalancerReachable ?? (() => true);
  const forwards = createForwardTable();
  const affinity = new Map<string, { ip: string; port: number; until: number }>();
  // probes never draw from the random stream, so a lab check does not change which pod answers the learner
  let probeCounter = 0;
  const probeTurn = new Map<string, number>();

  // ---- routing tables, rebuilt when the API moves ----
  let snap: Snapshot | undefined;
  let snapKey = '';
  const snapshot = (): Snapshot => {
    const key = deps.revision ? `${deps.revision()}/${hosts.names().length}` : '';
    if (!snap || !key || key !== snapKey) {
      snap = buildSnapshot(api, hosts);
      snapKey = key;
    }
    return snap;
  };

  let depth = 0;
  let probing = false;
  const pickIndex = (n: number) => (probing ? probeCounter++ % n : deps.random.int(n));
  /** an ephemeral source port (Linux ip_local_port_range 32768-60999) */
  const clientPort = () => 32768 + pickIndex(28232);

  // ---- machines ----
  const roleOf = (s: Snapshot, name: string): MachineRole => {
    const m = machines?.machine(name);
    if (m) return m.role;
    const node = s.nodes.get(name);
    if (!node) return 'registry';
    return node.metadata.labels && 'node-role.kubernetes.io/control-plane' in node.metadata.labels ? 'control-plane' : 'worker';
  };
  const unitRunning = (name: string, unit: string) => machines?.machine(name)?.unit(unit)?.running ?? true;
  /** when the machine joined the cluster (its certificates date from then) */
  const sinceOf = (s: Snapshot, name: string) => Date.parse(s.nodes.get(name)?.metadata.creationTimestamp ?? '') || deps.clock.now();
  const uuid = () => {
    const hex = '0123456789abcdef';
    let s = '';
    for (let i = 0; i < 32; i++) s += hex[pickIndex(16)];
    return `${s.slice(0, 8)}-${s.slice(8, 12)}-4${s.slice(13, 16)}-${'89ab'[pickIndex(4)]}${s.slice(17, 20)}-${s.slice(20)}`;
  };

  const originOf = (s: Snapshot, from: NetOrigin): Origin | undefined => {
    if (from.kind === 'host') {
      const lanIP = s.machineIP.get(from.host);
      if (!lanIP) return undefined;
      const node = s.nodes.has(from.host) ? from.host : undefined;
      return { machine: from.host, node, lanIP, podNetIP: (node && weaveAddress(node)) ?? lanIP };
    }
    const pod = api.tryGet('pods', from.namespace, from.pod, { frozenResult: true });
    const node = pod?.spec?.nodeName as string | undefined;
    if (!pod || !node || !isRunning(pod)) return undefined;
    const nodeIP = s.machineIP.get(node) ?? pod.status?.hostIP;
    if (pod.spec?.hostNetwork) {
      if (!nodeIP) return undefined;
      return { machine: node, node, podObject: pod, lanIP: nodeIP, podNetIP: weaveAddress(node) ?? nodeIP };
    }
    const ip = pod.status?.podIP as string | undefined;
    if (!ip) return undefined;
    // weave masquerades pod traffic that leaves the pod network as the node's address
    return { machine: node, node, pod, podObject: pod, lanIP: nodeIP ?? ip, podNetIP: ip };
  };

  const httpRequest = (req: NetRequest, clientIP: string, localAddr: string, fallbackHost: string): HttpRequest & { scheme: Scheme } => ({
    method: req.method,
    path: req.path || '/',
    clientIP,
    clientPort: clientPort(),
    userAgent: header(req.headers, 'User-Agent') ?? '',
    host: header(req.headers, 'Host') ?? fallbackHost,
    headers: { ...req.headers },
    scheme: req.scheme,
    localAddr,
    ...(probing ? { probe: true } : {}),
  });

  const ok = (ip: string, response: HttpResponse, servedBy?: { namespace: string; pod: string }): NetResult => ({ ok: true, ip, response, ...(servedBy ? { servedBy } : {}) });
  const fail = (ip: string, error: Fail): NetResult => ({ ok: false, error, ip });

  /** The program kind of the container listening on `port` in the pod. */
  const programOn = (pod: KubeObject, port: number): string | undefined => {
    const { namespace, name } = pod.metadata;
    for (const c of (pod.spec?.containers ?? []) as any[]) {
      const st = runtime.state(namespace!, name, c.name);
      if (st?.running && st.ports.includes(port)) return st.program;
    }
    return undefined;
  };

  /** A connection reaching a pod's network namespace at `port`. */
  const deliverPod = (pod: KubeObject, port: number, req: NetRequest, ctx: { connected: string; clientIP: string; fallbackHost: string; localIP?: string }): NetResult => {
    const namespace = pod.metadata.namespace!;
    const name = pod.metadata.name;
    if (!isRunning(pod)) return fail(ctx.connected, 'unreachable');
    if (!runtime.listening(namespace, name).includes(port)) return fail(ctx.connected, 'refused');
    const podIP = (pod.status?.podIP as string | undefined) ?? ctx.connected;
    const hr = httpRequest(req, ctx.clientIP, `${ctx.localIP ?? podIP}:${port}`, ctx.fallbackHost);
    const kind = programOn(pod, port);
    const proxy = kind ? proxyPrograms[kind] : undefined;
    if (proxy) {
      const r = proxy({ pod: { namespace, name, ip: podIP }, port, req: hr, api, net, self: { kind: 'pod', namespace, pod: name } });
      if (!r) return fail(ctx.connected, 'reset');
      return ok(ctx.connected, r.response, r.servedBy ?? { namespace, pod: name });
    }
    const response = runtime.serve(namespace, name, port, hr);
    if (!response) return fail(ctx.connected, 'refused');
    return ok(ctx.connected, response, { namespace, pod: name });
  };

  // ---- Services ----
  interface Endpoint {
    ip: string;
    port: number;
    nodeName?: string;
  }

  /** The ready endpoints of a Service port (Endpoints subsets carry the target port resolved per pod). */
  const readyEndpoints = (svc: KubeObject, sp: any): Endpoint[] => {
    const ep = api.tryGet('endpoints', svc.metadata.namespace, svc.metadata.name, { frozenResult: true });
    const out: Endpoint[] = [];
    for (const subset of (ep?.subsets ?? []) as any[]) {
      const port = ((subset.ports ?? []) as any[]).find((p) => (p.name ?? '') === (sp.name ?? '') && (p.protocol ?? 'TCP') === (sp.protocol ?? 'TCP'));
      if (!port) continue;
      for (const a of (subset.addresses ?? []) as any[]) if (a?.ip) out.push({ ip: a.ip, port: port.port, nodeName: a.nodeName });
    }
    return out;
  };

  const servicePort = (svc: KubeObject, match: (p: any) => boolean): any => ((svc.spec?.ports ?? []) as any[]).find((p) => (p.protocol ?? 'TCP') === 'TCP' && match(p));

  interface RouteCtx {
    connected: string;
    fallbackHost: string;
    /** the client's address before any SNAT (affinity is keyed on it) */
    clientIP: string;
    /** the address the endpoint sees */
    seenIP: string;
    /** only endpoints on this node (a Local traffic policy) */
    localTo?: string;
  }

  /** kube-proxy's KUBE-SVC chain: REJECT without endpoints, DROP without local ones, else a random (or sticky) endpoint. */
  const routeService = (s: Snapshot, svc: KubeObject, sp: any, req: NetRequest, rc: RouteCtx): NetResult => {
    const all = readyEndpoints(svc, sp);
    if (!all.length) return fail(rc.connected, 'refused');
    const candidates = rc.localTo ? all.filter((e) => e.nodeName === rc.localTo) : all;
    if (!candidates.length) return fail(rc.connected, 'timeout');
    let chosen: Endpoint | undefined;
    const sticky = svc.spec?.sessionAffinity === 'ClientIP';
    const key = `${svc.metadata.uid}|${sp.name ?? ''}|${rc.clientIP}`;
    const now = deps.clock.now();
    if (sticky) {
      const held = affinity.get(key);
      if (held && held.until > now) chosen = candidates.find((e) => e.ip === held.ip && e.port === held.port);
    }
    if (!chosen && probing) {
      // a probe takes the endpoints in turn, so a few requests see them all
      const turn = probeTurn.get(key) ?? 0;
      probeTurn.set(key, turn + 1);
      chosen = candidates[turn % candidates.length]!;
    }
    chosen ??= candidates[candidates.length === 1 ? 0 : pickIndex(candidates.length)]!;
    if (sticky && !probing) {
      const timeout = Number(svc.spec?.sessionAffinityConfig?.clientIP?.timeoutSeconds ?? SESSION_AFFINITY_DEFAULT_S);
      affinity.set(key, { ip: chosen.ip, port: chosen.port, until: now + timeout * 1000 });
    }
    return deliverAddress(s, chosen.ip, chosen.port, req, { connected: rc.connected, clientIP: rc.seenIP, fallbackHost: rc.fallbackHost });
  };

  /** After DNAT: an endpoint address (a pod, a machine such as the API server's, or an address outside). */
  const deliverAddress = (s: Snapshot, ip: string, port: number, req: NetRequest, ctx: { connected: string; clientIP: string; fallbackHost: string }): NetResult => {
    const pod = s.podsByIP.get(ip);
    if (pod) return deliverPod(pod, port, req, ctx);
    const machine = s.machineByIP.get(ip);
    if (machine) {
      const r = machineOwn(s, machine, ip, port, req, ctx, false);
      return r ?? fail(ctx.connected, 'refused');
    }
    if (inCidr(ip, POD_CIDR)) return fail(ctx.connected, 'unreachable');
    return outside(ip, port, req, ctx.connected, ctx.fallbackHost, ctx.clientIP);
  };

  // ---- machines ----
  /** What answers on the machine itself: hostNetwork pods, port-forwards bound there, its daemons. */
  const machineOwn = (s: Snapshot, machine: string, ip: string, port: number, req: NetRequest, ctx: { connected: string; clientIP: string; fallbackHost: string }, loopback: boolean): NetResult | undefined => {
    for (const pod of s.hostNetPods.get(machine) ?? []) {
      if (runtime.listening(pod.metadata.namespace!, pod.metadata.name).includes(port)) return deliverPod(pod, port, req, { ...ctx, localIP: loopback ? '127.0.0.1' : (s.machineIP.get(machine) ?? ip) });
    }
    const fwd = forwards.find(machine, loopback ? '127.0.0.1' : ip, port);
    if (fwd) return throughForward(fwd, req, ctx);
    const hr = httpRequest(req, ctx.clientIP, `${loopback ? '127.0.0.1' : ip}:${port}`, ctx.fallbackHost);
    const answer = answerMachinePort({ name: machine, role: roleOf(s, machine), unitRunning: (u) => unitRunning(machine, u), daemonRunning: deps.daemonRunning && ((d) => deps.daemonRunning!(machine, d)), version: deps.version, uuid, since: sinceOf(s, machine) }, port, loopback, hr);
    if (!answer) return undefined;
    if (answer.kind === 'reset') return fail(ctx.connected, 'reset');
    return ok(ctx.connected, answer.response);
  };

  const throughForward = (fwd: Forward, req: NetRequest, ctx: { connected: string; fallbackHost: string }): NetResult => {
    const { namespace, pod: name, port } = fwd.target;
    const pod = api.tryGet('pods', namespace, name, { frozenResult: true });
    const listening = isRunning(pod) && runtime.listening(namespace, name).includes(port);
    fwd.onConnection(listening ? 'ok' : 'refused');
    // kubectl accepted the local connection; when the pod side fails it closes it without a reply
    if (!listening) return fail(ctx.connected, 'reset');
    const r = deliverPod(pod!, port, req, { connected: ctx.connected, clientIP: '127.0.0.1', fallbackHost: ctx.fallbackHost, localIP: '127.0.0.1' });
    return r.ok ? r : fail(ctx.connected, 'reset');
  };

  /** A connection to one of a machine's addresses: kube-proxy's NodePort and external-IP rules first, then the portmap hostPorts, then the machine's own sockets. */
  const toMachine = (s: Snapshot, o: Origin, machine: string, ip: string, port: number, req: NetRequest, fallbackHost: string): NetResult => {
    const node = s.nodes.has(machine) ? machine : undefined;
    // the machine's own address when local; a pod's own address inside the pod network; else what leaves for the LAN
    const onPodNet = inCidr(ip, POD_CIDR);
    const clientIP = o.machine === machine ? (o.pod ? o.podNetIP : ip) : onPodNet ? o.podNetIP : o.lanIP;
    if (node && s.proxyNodes.has(node)) {
      const svc = s.nodePorts.get(port);
      const sp = svc && servicePort(svc, (p) => p.nodePort === port);
      if (svc && sp) return routeExternal(s, o, svc, sp, node, req, { connected: ip, fallbackHost, clientIP });
      for (const ext of s.externalIPs.get(ip) ?? []) {
        const esp = servicePort(ext, (p) => p.port === port);
        if (esp) return routeExternal(s, o, ext, esp, node, req, { connected: ip, fallbackHost, clientIP });
      }
    }
    if (node) {
      const hp = s.hostPorts.get(`${node}:${port}`);
      if (hp) return deliverPod(hp.pod, hp.port, req, { connected: ip, clientIP, fallbackHost });
    }
    // firewalld's INPUT chain: other machines reach only the zone's open ports (REJECT icmp-host-prohibited)
    if (o.machine !== machine && machines?.machine(machine)?.os.firewall.allows(port) === false) return fail(ip, 'unreachable');
    return machineOwn(s, machine, ip, port, req, { connected: ip, clientIP, fallbackHost }, false) ?? fail(ip, 'refused');
  };

  /** Traffic from outside a Service (a NodePort, an external or LoadBalancer address) arriving on `node`. */
  const routeExternal = (s: Snapshot, o: Origin, svc: KubeObject, sp: any, node: string, req: NetRequest, ctx: { connected: string; fallbackHost: string; clientIP: string }): NetResult => {
    // kube-proxy sends traffic that starts on the node itself down the cluster-wide chain, even under Local
    const local = svc.spec?.externalTrafficPolicy === 'Local' && o.machine !== node;
    const seenIP = local ? ctx.clientIP : (weaveAddress(node) ?? s.machineIP.get(node) ?? ctx.clientIP);
    return routeService(s, svc, sp, req, { connected: ctx.connected, fallbackHost: ctx.fallbackHost, clientIP: ctx.clientIP, seenIP, ...(local ? { localTo: node } : {}) });
  };

  /** Beyond the LAN: the outside web through VirtualBox's NAT. */
  const outside = (ip: string, port: number, req: NetRequest, connected: string, fallbackHost: string, clientIP: string): NetResult => {
    const site = deps.internet?.site(ip);
    if (!site || !site.ports.includes(port)) return fail(connected, 'timeout');
    return ok(connected, site.serve(httpRequest(req, clientIP, `${ip}:${port}`, fallbackHost)));
  };

  /** Route one connection from `o` to `ip:port`. */
  const connect = (s: Snapshot, o: Origin, ip: string, port: number, req: NetRequest, fallbackHost: string): NetResult => {
    if (ip.startsWith('127.')) {
      if (o.pod) return deliverPod(o.pod, port, req, { connected: ip, clientIP: '127.0.0.1', fallbackHost, localIP: '127.0.0.1' });
      // kube-proxy's KUBE-NODEPORTS matches every local address, loopback included (--iptables-localhost-nodeports, route_localnet)
      const svc = o.node && s.proxyNodes.has(o.node) ? s.nodePorts.get(port) : undefined;
      const sp = svc && servicePort(svc, (p) => p.nodePort === port);
      if (svc && sp) return routeExternal(s, o, svc, sp, o.node!, req, { connected: ip, fallbackHost, clientIP: '127.0.0.1' });
      return machineOwn(s, o.machine, ip, port, req, { connected: ip, clientIP: '127.0.0.1', fallbackHost }, true) ?? fail(ip, 'refused');
    }
    const machine = s.machineByIP.get(ip);
    if (machine) return toMachine(s, o, machine, ip, port, req, fallbackHost);
    const inCluster = !!o.node;
    const proxied = !!o.node && s.proxyNodes.has(o.node);
    if (inCidr(ip, POD_CIDR)) {
      // machines off the pod network send it to the NAT gateway, which drops it
      if (!inCluster) return fail(ip, 'timeout');
      const pod = s.podsByIP.get(ip);
      if (!pod) return fail(ip, 'unreachable');
      return deliverPod(pod, port, req, { connected: ip, clientIP: o.podNetIP, fallbackHost });
    }
    const svc = s.svcByClusterIP.get(ip);
    if (svc) {
      // no kube-proxy rules on this node: the virtual address is routed nowhere
      if (!proxied) return fail(ip, 'timeout');
      const sp = servicePort(svc, (p) => p.port === port);
      if (!sp) return fail(ip, 'timeout');
      const localTo = svc.spec?.internalTrafficPolicy === 'Local' ? o.node : undefined;
      return routeService(s, svc, sp, req, { connected: ip, fallbackHost, clientIP: o.pod ? o.podNetIP : o.lanIP, seenIP: o.podNetIP, ...(localTo ? { localTo } : {}) });
    }
    const lb = s.lbIPs.get(ip);
    const ext = s.externalIPs.get(ip);
    if (lb || ext) {
      const svcs = [...(lb ?? []), ...(ext ?? [])];
      const target = svcs.map((x) => ({ svc: x, sp: servicePort(x, (p) => p.port === port) })).find((t) => t.sp);
      const announced = lb ? lbReachable(api, ip) : false;
      // nodes catch these addresses in their own rules; from elsewhere the address must be announced
      const receiving = proxied ? o.node! : announced ? announcingNode(s, target?.svc) : undefined;
      if (!receiving || !target) return fail(ip, 'timeout');
      if (lb && !announced) return fail(ip, 'timeout');
      return routeExternal(s, o, target.svc, target.sp, receiving, req, { connected: ip, fallbackHost, clientIP: o.pod ? o.podNetIP : o.lanIP });
    }
    if (inCidr(ip, SERVICE_CIDR)) return fail(ip, 'timeout');
    if (inCidr(ip, LAN)) return fail(ip, NAT_ADDRESSES.has(ip) ? 'refused' : 'unreachable');
    return outside(ip, port, req, ip, fallbackHost, o.lanIP);
  };

  /** The node a LoadBalancer address arrives on from outside: one with a ready endpoint of its own under Local, else the first node running kube-proxy. */
  const announcingNode = (s: Snapshot, svc: KubeObject | undefined): string | undefined => {
    const nodes = [...s.proxyNodes].sort();
    if (svc?.spec?.externalTrafficPolicy === 'Local') {
      const local = new Set<string>();
      for (const sp of (svc.spec?.ports ?? []) as any[]) for (const e of readyEndpoints(svc, sp)) if (e.nodeName) local.add(e.nodeName);
      return nodes.find((n) => local.has(n));
    }
    return nodes[0];
  };

  // ---- DNS ----
  const upstream = (fqdn: string): DnsAnswer => {
    const ip = deps.internet?.resolve(fqdn) ?? deps.upstreamNames?.[fqdn];
    return ip ? { rcode: 'NOERROR', addresses: [ip] } : { rcode: 'NXDOMAIN' };
  };

  const hostOf = (name: string): Host | undefined => hosts.get(name);

  const readFile = (fs: { read(p: string): string } | undefined, path: string): string => {
    try {
      return fs ? fs.read(path) : '';
    } catch {
      return '';
    }
  };

  /** The root file system of a running container of the pod (its /etc/hosts, as the kubelet wrote it). */
  const podFs = (pod: KubeObject) => {
    for (const c of (pod.spec?.containers ?? []) as any[]) {
      const env = runtime.exec(pod.metadata.namespace!, pod.metadata.name, c.name);
      if (env) return env.fs;
    }
    return undefined;
  };

  /** The resolver configuration of a process at `o`: the pod's /etc/resolv.conf (as the kubelet wrote it, or as edited since), else the machine's. */
  const resolverOf = (o: Origin): ResolverConfig => {
    const nodeText = readFile(hostOf(o.machine)?.fs, '/etc/resolv.conf');
    const pod = o.podObject;
    if (!pod) return parseResolvConf(nodeText);
    const fs = podFs(pod);
    if (fs?.exists('/etc/resolv.conf')) return parseResolvConf(readFile(fs, '/etc/resolv.conf'));
    return parseResolvConf(resolvConfText(podDnsConfig(pod, nodeText)));
  };

  /** CoreDNS answers when a coredns pod is behind the address and the asking node can reach it. */
  const dnsServerAt = (s: Snapshot, o: Origin, server: string): ((fqdn: string) => DnsAnswer) | undefined => {
    if (server === NAMESERVER) return upstream;
    const viaCoreDns = (fqdn: string) => coreDnsAnswer({ api, upstream }, fqdn);
    const svc = s.svcByClusterIP.get(server);
    if (svc) {
      if (!o.node || !s.proxyNodes.has(o.node)) return undefined;
      const sp = ((svc.spec?.ports ?? []) as any[]).find((p) => p.port === 53);
      const eps = sp ? readyEndpoints(svc, sp) : [];
      return eps.some((e) => isCoreDnsPod(s.podsByIP.get(e.ip))) ? viaCoreDns : undefined;
    }
    const pod = s.podsByIP.get(server);
    if (pod && o.node && isCoreDnsPod(pod) && isPodReady(pod)) return viaCoreDns;
    return undefined;
  };

  const isCoreDnsPod = (pod: KubeObject | undefined) => !!pod && pod.metadata.labels?.['k8s-app'] === 'kube-dns' && isRunning(pod);

  const hostsFileOf = (o: Origin): string => (o.podObject ? readFile(podFs(o.podObject), '/etc/hosts') : readFile(hostOf(o.machine)?.fs, '/etc/hosts'));

  const lookup = (from: NetOrigin, name: string, opts?: LookupOptions): DnsResult => {
    const bare = name.replace(/\.$/, '');
    if (isIPv4(bare)) return { ok: true, server: '', tried: [], name: bare, addresses: [bare] };
    const s = snapshot();
    const o = originOf(s, from);
    if (!o) return { ok: false, server: '', tried: [], reason: 'timeout' };
    if (!opts?.dnsOnly) {
      const hit = lookupEtcHosts(hostsFileOf(o), bare);
      if (hit) return { ok: true, server: '/etc/hosts', tried: [], name: bare.toLowerCase(), addresses: [hit] };
    }
    return searchResolve(resolverOf(o), name, (server, fqdn) => dnsServerAt(s, o, server)?.(fqdn) ?? { rcode: 'timeout' });
  };

  const reverse = (from: NetOrigin, ip: string, opts?: LookupOptions): string | undefined => {
    if (!isIPv4(ip)) return undefined;
    const s = snapshot();
    const o = originOf(s, from);
    if (!o) return undefined;
    if (!opts?.dnsOnly) {
      for (const raw of hostsFileOf(o).split('\n')) {
        const [addr, first] = raw.replace(/#.*/, '').trim().split(/\s+/);
        if (addr === ip && first) return first;
      }
    }
    for (const server of resolverOf(o).nameservers) {
      const answer = dnsServerAt(s, o, server);
      if (!answer) continue;
      if (server !== NAMESERVER) {
        const name = coreDnsReverse(api, ip, (x) => s.svcByClusterIP.get(x));
        if (name) return name;
      }
      return deps.internet?.site(ip)?.names[0];
    }
    return undefined;
  };

  // ---- the ClusterNetwork ----
  const request = (from: NetOrigin, host: string, port: number, req: NetRequest, opts?: RequestOptions): NetResult => {
    if (depth >= MAX_DEPTH) return { ok: false, error: 'reset' };
    const wasProbing = probing;
    depth++;
    // connections an ingress controller opens for a probe are probes too
    if (opts?.probe || req.probe) probing = true;
    try {
      const target = host.replace(/^\[|\]$/g, '');
      let ip = target;
      if (!isIPv4(target)) {
        if (target === 'localhost') ip = '127.0.0.1';
        else {
          const dns = lookup(from, target);
          if (!dns.ok || !dns.addresses.length) return { ok: false, error: 'resolve', dns };
          ip = dns.addresses[0]!;
        }
      }
      const s = snapshot();
      const o = originOf(s, from);
      if (!o) return fail(ip, 'unreachable');
      const fallbackHost = port === (req.scheme === 'https' ? 443 : 80) ? host : `${host}:${port}`;
      return connect(s, o, ip, port, req, fallbackHost);
    } finally {
      depth--;
      probing = wasProbing;
    }
  };

  const portForward: ClusterNetwork['portForward'] = (host, address, localPort, target, onConnection) => {
    const s = snapshot();
    const role = roleOf(s, host);
    const taken = (bind: string, port: number) =>
      machineSockets(role).some((sock) => sock.port === port && bindsOverlap(sock.address, bind)) ||
      (s.hostNetPods.get(host) ?? []).some((p) => runtime.listening(p.metadata.namespace!, p.metadata.name).includes(port));
    return forwards.open(host, address, localPort, target, onConnection, taken);
  };

  const net: SimClusterNetwork = {
    lookup,
    reverse,
    request,
    portForward,
    forwards: (host: string): PortForwardHandle[] => forwards.list(host),
    sourceAddress(from) {
      const o = originOf(snapshot(), from);
      return o?.podNetIP;
    },
  };
  return net;
}
