import { describe, expect, it } from 'vitest';
import { createCluster, type SimCluster } from '../../../src/cluster/cluster.ts';

function deploy(c: SimCluster, replicas: number, ports?: { name: string; containerPort: number }[]): void {
  c.api.create({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default' },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx', ...(ports ? { ports } : {}) }] } },
    },
  });
}

function service(c: SimCluster, selector: Record<string, string>, targetPort: number | string = 80): void {
  c.api.create({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default' }, spec: { selector, ports: [{ port: 8080, targetPort }] } });
}

const endpoints = (c: SimCluster) => c.api.tryGet('endpoints', 'default', 'web');
const readyIPs = (c: SimCluster) => ((endpoints(c)?.subsets ?? []) as any[]).flatMap((s: any) => (s.addresses ?? []).map((a: any) => `${a.ip}:${s.ports[0].port}`));

describe('endpoint controller', () => {
  it('lists the ready pods behind a Service, and follows scaling', () => {
    const c = createCluster({ seed: 3 });
    deploy(c, 2);
    service(c, { app: 'web' });
    c.settle();
    const pods = c.api.list('pods', 'default', { labelSelector: 'app=web' });
    expect(readyIPs(c).sort()).toEqual(pods.map((p) => `${p.status.podIP}:80`).sort());
    c.api.patch('deployments', 'default', 'web', (d) => void (d.spec.replicas = 4));
    c.settle();
    expect(readyIPs(c)).toHaveLength(4);
    const slice = c.api.list('endpointslices', 'default', { labelSelector: 'kubernetes.io/service-name=web' })[0]!;
    expect(slice.metadata.name).toMatch(/^web-[a-z0-9]{5}$/);
    expect((slice.endpoints as any[]).filter((e) => e.conditions.ready)).toHaveLength(4);
  });

  it('keeps a pod that is still starting out of the ready addresses', () => {
    const c = createCluster({ seed: 3 });
    service(c, { app: 'web' });
    deploy(c, 1);
    let sawNotReady = false;
    for (let t = 0; t < 20 && !readyIPs(c).length; t++) {
      c.advance(500);
      if (((endpoints(c)?.subsets ?? []) as any[]).some((s: any) => s.notReadyAddresses?.length)) sawNotReady = true;
    }
    expect(sawNotReady).toBe(true);
    expect(readyIPs(c)).toHaveLength(1);
  });

  it('a selector that matches nothing leaves the Endpoints empty — the classic mistake', () => {
    const c = createCluster({ seed: 3 });
    deploy(c, 2);
    service(c, { app: 'wbe' });
    c.settle();
    expect(endpoints(c)).toBeDefined();
    expect(endpoints(c)!.subsets).toBeUndefined();
  });

  it('resolves a named targetPort per pod and drops Endpoints with the Service', () => {
    const c = createCluster({ seed: 3 });
    deploy(c, 1, [{ name: 'http', containerPort: 80 }]);
    service(c, { app: 'web' }, 'http');
    c.settle();
    expect(readyIPs(c)[0]).toMatch(/:80$/);
    c.api.delete('services', 'default', 'web');
    c.settle();
    expect(endpoints(c)).toBeUndefined();
  });
});
