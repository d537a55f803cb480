// What the shell's HTTP clients share beyond what they share with the container tools (net-wording.ts):
// redirects, status lines, and which side of a connection (a machine's shell or a pod) a command runs on.
import { hostHeader, type Url } from '../../cluster/kubelet/net-wording.ts';
import type { ClusterNetwork, HttpResponse, NetOrigin } from '../../cluster/types.ts';
import type { ProgramContext } from '../../kubectl/context.ts';

export function urlString(u: Url): string {
  return `${u.scheme}://${hostHeader(u)}${u.path}`;
}

/** Resolve a Location header against the URL that answered. */
export function resolveLocation(base: Url, location: string): string {
  if (/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(location)) return location;
  if (location.startsWith('//')) return `${base.scheme}:${location}`;
  if (location.startsWith('/')) return `${base.scheme}://${hostHeader(base)}${location}`;
  const dir = base.path.split('?')[0]!.replace(/[^/]*$/, '');
  return `${base.scheme}://${hostHeader(base)}${dir}${location}`;
}

/** `HTTP/1.1 200 OK` as the server sends it (one copy, shared with a container's own tools). */
export { headLines, statusLine } from '../../cluster/kubelet/net-wording.ts';

/** Where a command's connections start: the machine the shell is on. */
export function hostOrigin(ctx: ProgramContext): NetOrigin {
  return { kind: 'host', host: ctx.host ?? 'master' };
}

export function netOf(ctx: ProgramContext): ClusterNetwork | undefined {
  return ctx.cluster.net;
}

/** The machine's first nameserver (resolv.conf), what host-side DNS tools report. */
export function nameserver(ctx: ProgramContext): string {
  try {
    const m = /^nameserver\s+(\S+)/m.exec(ctx.fs.read('/etc/resolv.conf'));
    if (m) return m[1]!;
  } catch {
    // no resolv.conf: glibc falls back to the local host
  }
  return '127.0.0.1';
}
