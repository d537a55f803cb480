// Building a container instance the way the kubelet and containerd do: the environment (image ENV,
// pod env with valueFrom, service links, HOSTNAME, HOME), `$(VAR)` expansion in command and args,
// the image's root file system, and the process the image runs.
import type { ApiServer, KubeObject } from '../types.ts';
import type { ResolvedImage } from '../registry/index.ts';
import { imageConfigFor, programFor, type ImageConfig, type ImageProgram } from '../registry/programs.ts';
import { releaseOf } from '../registry/index.ts';
import { distroOf, hostNetworkHostsFile, imageFileSystem, managedHostsFile, type Distro } from './image-fs.ts';
import { CLUSTER_DOMAIN } from '../dns/coredns.ts';
import { podDnsConfig, resolvConfText } from '../dns/pod-dns.ts';
import { PUBLIC_IMAGE_CREATED } from '../registry/registries.ts';

export interface ImageDetails {
  repository: string;
  tag?: string;
  version?: string;
  program: ImageProgram;
  config: ImageConfig;
  /** the CPU architecture the image's binaries are built for */
  architecture?: string;
  distro: Distro;
  /** when the image was built (ms): the modification time of its files */
  builtAt?: number;
}

/** What the runtime knows about a pulled image: from the pull result when it says, else the catalogue. */
export function imageDetails(image: ResolvedImage | undefined, specImage: string): ImageDetails {
  // a pull through the node's containerd says what the image holds; older registries only name it
  const pulled = (image as { image?: unknown } | undefined)?.image;
  const extra = (pulled ?? image ?? {}) as Partial<{ program: ImageProgram; config: ImageConfig; architecture: string; arch: string; created: string }>;
  const repository = image?.ref.repository || specImage.split(/[:@]/)[0]!;
  const program = extra.program ?? programFor(repository);
  const tag = image?.ref.tag;
  const config = extra.config ?? imageConfigFor(repository, releaseOf(repository, tag), /alpine/.test(tag ?? ''));
  let distro = distroOf(repository, program);
  let prog = program;
  if (/alpine/.test(tag ?? '') && distro === 'debian') {
    // an -alpine variant: busybox's ash and applets instead of bash and coreutils
    distro = 'alpine';
    prog = { ...program, tools: [...program.tools.filter((t) => t !== 'bash'), 'ps', 'wget', 'vi'] };
  }
  const builtAt = Date.parse(extra.created ?? PUBLIC_IMAGE_CREATED);
  return { repository, tag, version: releaseOf(repository, tag), program: prog, config, architecture: extra.architecture ?? extra.arch, distro, ...(Number.isFinite(builtAt) ? { builtAt } : {}) };
}

const envName = (s: string) => s.toUpperCase().replace(/-/g, '_');

/** Docker-links style variables for the services of the pod's namespace (enableServiceLinks) and the master service. */
function serviceEnv(api: ApiServer, namespace: string, links: boolean): [string, string][] {
  const out: [string, string][] = [];
  const services: KubeObject[] = [];
  const master = api.tryGet('services', 'default', 'kubernetes', { frozenResult: true });
  if (links) for (const s of api.list('services', namespace)) if (!(namespace === 'default' && s.metadata.name === 'kubernetes')) services.push(s);
  if (master) services.push(master);
  for (const s of services) {
    const ip = s.spec?.clusterIP;
    if (!ip || ip === 'None' || s.spec?.type === 'ExternalName') continue;
    const ports = (s.spec?.ports as any[] | undefined) ?? [];
    if (!ports.length) continue;
    const n = envName(s.metadata.name);
    out.push([`${n}_SERVICE_HOST`, ip]);
    out.push([`${n}_SERVICE_PORT`, String(ports[0].port)]);
    for (const p of ports) if (p.name) out.push([`${n}_SERVICE_PORT_${envName(p.name)}`, String(p.port)]);
    const first = ports[0];
    out.push([`${n}_PORT`, `${(first.protocol ?? 'TCP').toLowerCase()}://${ip}:${first.port}`]);
    for (const p of ports) {
      const proto = p.protocol ?? 'TCP';
      const pre = `${n}_PORT_${p.port}_${proto}`;
      out.push([pre, `${proto.toLowerCase()}://${ip}:${p.port}`]);
      out.push([`${pre}_PROTO`, proto.toLowerCase()]);
      out.push([`${pre}_PORT`, String(p.port)]);
      out.push([`${pre}_ADDR`, ip]);
    }
  }
  return out;
}

const decode = (b64: string) => {
  try {
    return atob(b64);
  } catch {
    return '';
  }
};

/** `$(VAR)` in env values, command and args; `$$(VAR)` escapes. */
export function expandRefs(s: string, env: Record<string, string>): string {
  return s.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (m, name: string | undefined) => (m === '$$' ? '$' : name !== undefined && name in env ? env[name]! : m));
}

export interface PodFacts {
  pod: KubeObject;
  podIP: string;
  hostIP: string;
  node: string;
}

/** The environment a container starts with, in the order `env` prints it. */
export function containerEnv(api: ApiServer, facts: PodFacts, spec: any, config: ImageConfig): Record<string, string> {
  const ns = facts.pod.metadata.namespace ?? 'default';
  const env: Record<string, string> = {};
  const image: [string, string][] = config.env.map((e) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)]);
  const path = image.find(([k]) => k === 'PATH');
  env.PATH = path?.[1] ?? '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
  env.HOSTNAME = podHostname(facts.pod, facts.node).hostname;
  for (const [k, v] of image) if (k !== 'PATH') env[k] = v;
  const podEnv: Record<string, string> = {};
  for (const from of (spec.envFrom as any[] | undefined) ?? []) {
    const ref = from.configMapRef ?? from.secretRef;
    const obj = ref?.name ? api.tryGet(from.configMapRef ? 'configmaps' : 'secrets', ns, ref.name, { frozenResult: true }) : undefined;
    const data = (obj?.data as Record<string, string> | undefined) ?? {};
    for (const [k, v] of Object.entries(data)) podEnv[`${from.prefix ?? ''}${k}`] = from.secretRef ? decode(v) : v;
  }
  for (const e of (spec.env as any[] | undefined) ?? []) {
    if (e.value !== undefined) {
      podEnv[e.name] = expandRefs(String(e.value), { ...env, ...podEnv });
      continue;
    }
    const vf = e.valueFrom ?? {};
    if (vf.fieldRef) {
      const f = String(vf.fieldRef.fieldPath);
      const m = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(f);
      podEnv[e.name] = m
        ? ((facts.pod.metadata as any)[m[1]!]?.[m[2]!] ?? '')
        : f === 'metadata.name' ? facts.pod.metadata.name
        : f === 'metadata.namespace' ? ns
        : f === 'metadata.uid' ? facts.pod.metadata.uid
        : f === 'spec.nodeName' ? facts.node
        : f === 'spec.serviceAccountName' ? (facts.pod.spec?.serviceAccountName ?? 'default')
        : f === 'status.podIP' ? facts.podIP
        : f === 'status.hostIP' ? facts.hostIP
        : '';
    } else if (vf.configMapKeyRef || vf.secretKeyRef) {
      const ref = vf.configMapKeyRef ?? vf.secretKeyRef;
      const obj = api.tryGet(vf.configMapKeyRef ? 'configmaps' : 'secrets', ns, ref.name, { frozenResult: true });
      const v = (obj?.data as Record<string, string> | undefined)?.[ref.key];
      if (v !== undefined) podEnv[e.name] = vf.secretKeyRef ? decode(v) : v;
    } else if (vf.resourceFieldRef) {
      podEnv[e.name] = '0';
    }
  }
  Object.assign(env, podEnv);
  for (const [k, v] of serviceEnv(api, ns, facts.pod.spec?.enableServiceLinks !== false)) if (!(k in env)) env[k] = v;
  if (!('HOME' in env)) env.HOME = '/root';
  return env;
}

/** The pod's host name and DNS domain as the kubelet derives them (GeneratePodHostNameAndDomain); the node's on the host network. */
export function podHostname(pod: KubeObject, node: string): { hostname: string; domain?: string } {
  if (pod.spec?.hostNetwork) return { hostname: node };
  // a pod name longer than a DNS label is cut to 63 characters, without a trailing '-' or '.'
  const hostname = String(pod.spec?.hostname ?? pod.metadata.name).slice(0, 63).replace(/[-.]+$/, '');
  const sub = pod.spec?.subdomain as string | undefined;
  return { hostname, ...(sub ? { domain: `${sub}.${pod.metadata.namespace ?? 'default'}.svc.${CLUSTER_DOMAIN}` } : {}) };
}

/** What the kubelet reads on the node for a pod's files: its /etc/resolv.conf and (host network) /etc/hosts. */
export interface NodeFiles {
  resolvConf: string;
  hosts: string;
}

/** The container's root file system (kubelet mounts included). */
export function containerFs(now: () => number, details: ImageDetails, facts: PodFacts, node?: NodeFiles) {
  const pod = facts.pod;
  const aliases = (pod.spec?.hostAliases as { ip?: string; hostnames?: string[] }[] | undefined) ?? [];
  const { hostname, domain } = podHostname(pod, facts.node);
  const hosts = pod.spec?.hostNetwork && node
    ? hostNetworkHostsFile(node.hosts, aliases)
    : managedHostsFile({ podIPs: facts.podIP ? [facts.podIP] : [], hostname, hostDomain: domain, hostAliases: aliases });
  return imageFileSystem(now, details.repository, details.program, details.distro, {
    hostname,
    podIP: facts.podIP,
    namespace: pod.metadata.namespace ?? 'default',
    hosts,
    resolvConf: resolvConfText(podDnsConfig(pod, node?.resolvConf ?? '')),
    builtAt: details.builtAt,
  });
}

/** The curl release an image ships: curlimages/curl's own tag, else its distribution's package. */
export function curlVersionOf(details: Pick<ImageDetails, 'repository' | 'tag' | 'program' | 'distro'>): string {
  if (/curlimages\/curl$/.test(details.repository) && /^\d+\.\d+\.\d+$/.test(details.tag ?? '')) return details.tag!;
  if (details.program.kind === 'curl' || details.distro === 'alpine') return '8.11.1';
  if (details.distro === 'centos' || details.distro === 'oracle') return '7.29.0';
  if (details.distro === 'ubuntu') return '8.5.0';
  return '7.88.1';
}
