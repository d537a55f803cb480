// kubectl port-forward TYPE/NAME [LOCAL_PORT:]REMOTE_PORT...: pick the pod (AttachablePodForObject),
// translate service and named ports, then listen on the machine's loopback through cluster.net
// (portforward.go and client-go tools/portforward) until Ctrl-C, a kill of the job, or a lost connection.
import type { KubeObject, PortForwardHandle, ResourceInfo } from '../../cluster/types.ts';
import { CmdError } from '../errors.ts';
import type { Invocation, Verb } from '../invocation.ts';
import { msg } from '../messages.ts';
import { formatLabelSelector, formatLabels } from '../printers/table.ts';
import { parseTargets } from '../resources.ts';
import { podRunningTimeout } from './attach.ts';
import { activePodsLess } from './exec.ts';
import { runUntilSettled } from './get.ts';
import { waitFor } from './common.ts';

/** The Go type kubectl names in AttachablePodForObject errors: `*v1.Service`, `*v1.Deployment`. */
const goType = (r: ResourceInfo) => `*${r.version}.${r.kind}`;

/** polymorphichelpers.SelectorsForObject as a label selector string. */
function podSelector(obj: KubeObject, r: ResourceInfo): string {
  switch (r.kind) {
    case 'ReplicaSet':
    case 'StatefulSet':
    case 'DaemonSet':
    case 'Deployment':
    case 'Job':
      return formatLabelSelector(obj.spec?.selector).replace(/^<none>$/, '');
    case 'ReplicationController':
      return formatLabels(obj.spec?.selector, '');
    case 'Service':
      if (!obj.spec?.selector || Object.keys(obj.spec.selector).length === 0) throw new CmdError(msg.cannotAttach(goType(r), msg.svcWithoutSelector(obj.metadata.name)));
      return formatLabels(obj.spec.selector, '');
    default:
      throw new CmdError(msg.cannotAttach(goType(r), msg.selectorNotImplemented(goType(r))));
  }
}

/** GetFirstPod sorted by sort.Reverse(ActivePods); with no pod yet, the first one that appears within the timeout. */
async function attachablePod(inv: Invocation, obj: KubeObject, r: ResourceInfo, timeoutMs: number): Promise<KubeObject> {
  if (r.kind === 'Pod') return obj;
  const api = inv.ctx.cluster.api;
  const ns = obj.metadata.namespace ?? inv.namespace;
  const selector = podSelector(obj, r);
  const pods = api.list('pods', ns, { labelSelector: selector || undefined }).slice();
  if (pods.length) {
    pods.sort((a, b) => (activePodsLess(b, a) ? -1 : activePodsLess(a, b) ? 1 : 0));
    return pods[0]!;
  }
  let seen: KubeObject | undefined;
  const stop = api.watch('pods', ns, (ev) => {
    if (seen || ev.type === 'DELETED') return;
    if (api.list('pods', ns, { labelSelector: selector || undefined, fieldSelector: `metadata.name=${ev.object.metadata.name}` }).length) seen = ev.object;
  });
  try {
    await waitFor(inv, () => seen !== undefined, timeoutMs);
  } finally {
    stop();
  }
  if (!seen) throw new CmdError(msg.timedOutWaiting);
  return seen;
}

function splitPort(p: string): [string, string] {
  const parts = p.split(':');
  return parts.length === 2 ? [parts[0]!, parts[1]!] : [parts[0]!, parts[0]!];
}

const isNum = (s: string) => /^[+-]?\d+$/.test(s);

function containerPortByName(pod: KubeObject, name: string): number {
  for (const c of [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])]) for (const p of c.ports ?? []) if (p.name === name) return p.containerPort;
  throw new CmdError(msg.podNoNamedPort(pod.metadata.name, name));
}

/** translateServicePortToTargetPort: service ports become the chosen pod's container ports. */
function translateServicePorts(ports: string[], svc: KubeObject, pod: KubeObject): string[] {
  return ports.map((spec) => {
    let [local, remote] = splitPort(spec);
    let portnum: number;
    if (isNum(remote)) portnum = Number(remote);
    else {
      const sp = (svc.spec?.ports ?? []).find((p: any) => p.name === remote);
      if (!sp) throw new CmdError(msg.svcNoNamedPort(svc.metadata.name, remote));
      portnum = sp.port;
      if (local === remote) local = String(portnum);
    }
    const sp = (svc.spec?.ports ?? []).find((p: any) => p.port === portnum);
    if (!sp) throw new CmdError(msg.svcNoServicePort(svc.metadata.name, portnum));
    let container: number;
    if (svc.spec?.clusterIP === 'None') container = portnum;
    else if (sp.targetPort === undefined || typeof sp.targetPort === 'number' || isNum(String(sp.targetPort))) container = Number(sp.targetPort ?? 0) || sp.port;
    else container = containerPortByName(pod, String(sp.targetPort));
    remote = String(container);
    return local !== remote ? `${local}:${remote}` : remote;
  });
}

/** convertPodNamedPortToNumber */
function translatePodPorts(ports: string[], pod: KubeObject): string[] {
  return ports.map((spec) => {
    const [local, remote] = splitPort(spec);
    if (remote === '') throw new CmdError(msg.pfRemoteEmpty);
    const container = isNum(remote) ? remote : String(containerPortByName(pod, remote));
    return local !== remote ? `${local}:${container}` : container;
  });
}

/** checkUDPPortInService / checkUDPPortInPod: a port only served over UDP cannot be forwarded. */
function checkUdp(ports: string[], declared: { port: number; name?: string; protocol?: string }[]): void {
  const udp = new Set(declared.filter((p) => p.protocol === 'UDP').map((p) => p.port));
  const tcp = new Set(declared.filter((p) => (p.protocol ?? 'TCP') === 'TCP').map((p) => p.port));
  for (const spec of ports) {
    const remote = splitPort(spec)[1];
    const n = isNum(remote) ? Number(remote) : declared.find((p) => p.name === remote)?.port;
    if (n !== undefined && udp.has(n) && !tcp.has(n)) throw new CmdError(msg.pfUdp(remote));
  }
}

interface Forward {
  local: number;
  remote: number;
}

/** client-go parsePorts */
function parsePorts(ports: string[]): Forward[] {
  return ports.map((spec) => {
    const parts = spec.split(':');
    if (parts.length > 2) throw new CmdError(msg.pfInvalidPortFormat(spec));
    const localText = parts.length === 1 ? parts[0]! : parts[0] || '0';
    const remoteText = parts.length === 1 ? parts[0]! : parts[1]!;
    const u16 = (s: string, wrap: (s: string, e: string) => string) => {
      if (!/^\d+$/.test(s)) throw new CmdError(wrap(s, msg.parseUintSyntax(s)));
      if (Number(s) > 65535) throw new CmdError(wrap(s, msg.parseUintRange(s)));
      return Number(s);
    };
    const local = u16(localText, msg.pfLocalPort);
    const remote = u16(remoteText, msg.pfRemotePort);
    if (remote === 0) throw new CmdError(msg.pfRemoteZero);
    return { local, remote };
  });
}

interface ListenAddress {
  address: string;
  protocol: 'tcp4' | 'tcp6';
  failureMode: 'all' | 'any';
}

/** client-go parseAddresses: localhost is both loopbacks; sorted as strings. */
function parseAddresses(list: string[]): ListenAddress[] {
  const parsed = new Map<string, ListenAddress>();
  for (const a of list) {
    if (a === 'localhost') {
      if (!parsed.has('127.0.0.1')) parsed.set('127.0.0.1', { address: '127.0.0.1', protocol: 'tcp4', failureMode: 'all' });
      if (!parsed.has('::1')) parsed.set('::1', { address: '::1', protocol: 'tcp6', failureMode: 'all' });
    } else if (/^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.test(a) && a.split('.').every((x) => Number(x) <= 255)) {
      parsed.set(a, { address: a, protocol: 'tcp4', failureMode: 'any' });
    } else if (a.includes(':') && /^[0-9a-fA-F:.]+$/.test(a)) {
      parsed.set(a, { address: a, protocol: 'tcp6', failureMode: 'any' });
    } else throw new CmdError(msg.pfInvalidIP(a));
  }
  return [...parsed.values()].sort((x, y) => (x.address < y.address ? -1 : x.address > y.address ? 1 : 0));
}

const joinHostPort = (host: string, port: number) => (host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`);

/** Stable pseudo-random hex from a string (the sandbox id and netns name kubelet errors show). */
function hexOf(seed: string, n: number): string {
  let out = '';
  let h = 0x811c9dc5;
  for (let round = 0; out.length < n; round++) {
    for (const ch of `${seed}#${round}`) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
    out += h.toString(16).padStart(8, '0');
  }
  return out.slice(0, n);
}

/** A klog error line as kubectl writes it: `E1122 01:36:58.123456   12345 file.go:424] ...`. */
function klogError(now: number, pid: number, where: string, text: string): string {
  const d = new Date(now);
  const p = (x: number, w = 2) => String(x).padStart(w, '0');
  const micros = p((now % 1000) * 1000 + (pid % 997), 6);
  return `E${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}.${micros} ${String(pid).padStart(7)} ${where}] ${text}\n`;
}

export const portForwardVerb: Verb = {
  name: 'port-forward',
  help: 'port-forward',
  async run(inv) {
    const { ctx, flags } = inv;
    const api = ctx.cluster.api;
    if (inv.args.length < 2) throw new CmdError(msg.pfUsage, msg.seeHelpExamples('port-forward'));
    const timeoutMs = podRunningTimeout(inv, 'port-forward');
    if (timeoutMs <= 0) throw new CmdError(msg.pfTimeoutZero, msg.seeHelpExamples('port-forward'));

    const arg = inv.args[0]!;
    const [target] = arg.includes('/') ? parseTargets(api, [arg]) : [{ resource: api.resolve('pods')!, names: [arg] }];
    const r = target!.resource;
    const obj = api.get(r.plural, r.namespaced ? inv.namespace : undefined, target!.names[0]!);
    let pod = await attachablePod(inv, obj, r, timeoutMs);
    const portArgs = inv.args.slice(1);
    let portSpecs: string[];
    if (r.kind === 'Service') {
      checkUdp(portArgs, obj.spec?.ports ?? []);
      portSpecs = translateServicePorts(portArgs, obj, pod);
    } else {
      checkUdp(portArgs, (pod.spec?.containers ?? []).flatMap((c: any) => (c.ports ?? []).map((p: any) => ({ port: p.containerPort, name: p.name, protocol: p.protocol }))));
      portSpecs = translatePodPorts(portArgs, pod);
    }

    // RunPortForward reads the pod again and insists it runs
    const ns = pod.metadata.namespace ?? inv.namespace;
    pod = api.get('pods', ns, pod.metadata.name);
    if (pod.status?.phase !== 'Running') throw new CmdError(msg.pfNotRunning(pod.status?.phase ?? ''));
    const addresses = parseAddresses(flags.list('address').flatMap((a) => a.split(',')).filter(Boolean).concat(flags.changed('address') ? [] : ['localhost']));
    const forwards = parsePorts(portSpecs);
    const net = ctx.cluster.net;
    if (!net) throw new CmdError(msg.pfNoNetwork);

    const host = ctx.host ?? 'master';
    const handles: PortForwardHandle[] = [];
    let lost: (() => void) | undefined;
    let isLost = false;
    const pid = 2000 + (Math.floor(ctx.cluster.clock.now() / 1000) % 28000);
    const sandbox = hexOf(pod.metadata.uid, 64);
    const netns = hexOf(`${pod.metadata.uid}/netns`, 32).replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5');
    const before = net.forwards(host);
    const inUse = (addr: string, port: number, list = net.forwards(host)) => list.some((f) => f.localPort === port && (f.address === addr || f.address === '0.0.0.0' || addr === '0.0.0.0'));
    const freePort = () => {
      for (;;) {
        const p = 32768 + ctx.cluster.random.int(60999 - 32768 + 1);
        if (!inUse('127.0.0.1', p)) return p;
      }
    };

    let anyListening = false;
    for (const fw of forwards) {
      const errors: string[] = [];
      const fails = { all: 0, any: 0 };
      const oks = { all: 0, any: 0 };
      for (const a of addresses) {
        if (fw.local === 0) fw.local = freePort();
        const hp = joinHostPort(a.address, fw.local);
        let ok: boolean;
        if (a.protocol === 'tcp6') {
          // the simulated machines have no IPv6 stack: ::1 is taken exactly when 127.0.0.1 is
          ok = !(a.address === '::1' && inUse('127.0.0.1', fw.local, before));
        } else {
          const local = fw.local;
          const handle = net.portForward(host, a.address, local, { namespace: ns, pod: pod.metadata.name, port: fw.remote }, (result) => {
            if (isLost) return;
            ctx.out(msg.pfHandling(local) + '\n');
            if (result === 'refused') {
              const text = msg.pfConnectionRefused(local, fw.remote, sandbox, netns);
              ctx.err(klogError(ctx.cluster.clock.now(), pid, 'portforward.go:424', `"Unhandled Error" err=${JSON.stringify(text)}`));
              isLost = true;
              lost?.();
            }
          });
          ok = !('error' in handle);
          if (!('error' in handle)) handles.push(handle);
        }
        if (ok) {
          oks[a.failureMode]++;
          ctx.out(msg.pfForwarding(hp, fw.remote) + '\n');
        } else {
          fails[a.failureMode]++;
          errors.push(msg.pfListenerInUse(a.protocol, hp));
        }
      }
      const failed = (oks.all === 0 && fails.all > 0) || fails.any > 0;
      if (failed) ctx.err(msg.pfUnableToListen(fw.local, errors) + '\n');
      else anyListening = true;
    }
    const closeAll = () => {
      for (const h of handles) h.close();
      handles.length = 0;
    };
    if (!anyListening) {
      closeAll();
      throw new CmdError(msg.pfListenAny(forwards.map((f) => `{${f.local} ${f.remote}}`).join(' ')));
    }

    // the session ends when the pod goes away
    const stopWatch = api.watch('pods', ns, (ev) => {
      if (ev.type === 'DELETED' && ev.object.metadata.name === pod.metadata.name && !isLost) {
        isLost = true;
        lost?.();
      }
    });
    try {
      await new Promise<void>((resolve) => {
        lost = resolve;
        if (isLost || ctx.signal.aborted) return resolve();
        ctx.signal.addEventListener('abort', () => resolve(), { once: true });
        // a headless foreground run cannot be interrupted: it forwards while the cluster settles, like `get -w`
        if (!ctx.realtime && !ctx.background) void runUntilSettled(inv, () => isLost).then(() => resolve());
      });
    } finally {
      stopWatch();
      closeAll();
    }
    if (isLost) throw new CmdError(msg.pfLost);
    return 0;
  },
};
