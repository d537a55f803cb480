// Shared set-up for the traffic tests: the kubeadm cluster with a Deployment and a Service.
import { createCluster, type SimCluster } from '../../../src/cluster/cluster.ts';
import type { NetOrigin, NetRequest, NetResult } from '../../../src/cluster/types.ts';

export const GET: NetRequest = { scheme: 'http', method: 'GET', path: '/', headers: { 'User-Agent': 'curl/7.29.0', Accept: '*/*' } };
export const MASTER: NetOrigin = { kind: 'host', host: 'master' };
export const NODE_IPS: Record<string, string> = { master: '10.0.2.15', node1: '10.0.2.16', node2: '10.0.2.17', node3: '10.0.2.18' };

export function cluster(seed = 3): SimCluster {
  return createCluster({ seed });
}

export function deploy(c: SimCluster, name: string, replicas: number, opts: { image?: string; labels?: Record<string, string>; ports?: any[]; podSpec?: Record<string, unknown> } = {}): void {
  const labels = opts.labels ?? { app: name };
  c.api.create({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default' },
    spec: {
      replicas,
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: { containers: [{ name: 'main', image: opts.image ?? 'nginx', ...(opts.ports ? { ports: opts.ports } : {}) }], ...(opts.podSpec ?? {}) } },
    },
  });
}

export function service(c: SimCluster, name: string, spec: Record<string, unknown>): { clusterIP: string; nodePort?: number } {
  c.api.create({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'default' }, spec: { selector: { app: name }, ports: [{ port: 80, targetPort: 80 }], ...spec } });
  c.settle();
  const svc = c.api.get('services', 'default', name);
  return { clusterIP: svc.spec.clusterIP, nodePort: svc.spec.ports?.[0]?.nodePort };
}

export const podsOf = (c: SimCluster, app: string) => c.api.list('pods', 'default', { labelSelector: `app=${app}` });

export const servedBy = (r: NetResult): string | undefined => (r.ok ? r.servedBy?.pod : undefined);

export const errorOf = (r: NetResult): string | undefined => (r.ok ? undefined : r.error);

/** The last access-log line of a pod's nginx. */
export const lastLog = (c: SimCluster, pod: string) => c.runtime.logs('default', pod, 'main')?.filter((l) => l.stream === 'stdout').pop()?.text;
