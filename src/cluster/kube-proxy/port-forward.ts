// `kubectl port-forward` listeners: a table of sockets per machine. A connection to one is carried
// through the API server and the kubelet into the pod's network namespace, to the pod's port.
import type { PortForwardHandle } from '../types.ts';

export interface ForwardTarget {
  namespace: string;
  pod: string;
  port: number;
}

export interface Forward {
  handle: PortForwardHandle;
  target: ForwardTarget;
  onConnection: (result: 'ok' | 'refused') => void;
}

/** `localhost` binds loopback; other addresses are taken as given. */
export const normalizeBind = (address: string): string => (address === 'localhost' || address === '' ? '127.0.0.1' : address);

/** Two bindings clash when either is the wildcard or both name the same address. */
export const bindsOverlap = (a: string, b: string): boolean => a === '0.0.0.0' || b === '0.0.0.0' || a === b;

export interface ForwardTable {
  /** Bind, unless `taken` says the port is busy or another forward holds it. */
  open(host: string, address: string, localPort: number, target: ForwardTarget, onConnection: Forward['onConnection'], taken: (address: string, port: number) => boolean): PortForwardHandle | { error: 'in-use' };
  /** The forward a connection to `ip:port` on `host` reaches (ip 127.x for loopback). */
  find(host: string, ip: string, port: number): Forward | undefined;
  list(host: string): PortForwardHandle[];
}

export function createForwardTable(): ForwardTable {
  const byHost = new Map<string, Forward[]>();
  return {
    open(host, address, localPort, target, onConnection, taken) {
      const bind = normalizeBind(address);
      const list = byHost.get(host) ?? [];
      if (taken(bind, localPort) || list.some((f) => f.handle.localPort === localPort && bindsOverlap(f.handle.address, bind))) return { error: 'in-use' };
      let open = true;
      const forward: Forward = {
        target: { ...target },
        onConnection,
        handle: {
          host,
          address: bind,
          localPort,
          close() {
            if (!open) return;
            open = false;
            const cur = byHost.get(host) ?? [];
            const i = cur.indexOf(forward);
            if (i >= 0) cur.splice(i, 1);
          },
        },
      };
      list.push(forward);
      byHost.set(host, list);
      return forward.handle;
    },
    find(host, ip, port) {
      const loopback = ip.startsWith('127.');
      return (byHost.get(host) ?? []).find((f) => f.handle.localPort === port && (f.handle.address === '0.0.0.0' || f.handle.address === ip || (loopback && f.handle.address === '127.0.0.1')));
    },
    list: (host) => (byHost.get(host) ?? []).map((f) => f.handle),
  };
}
