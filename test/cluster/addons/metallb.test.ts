import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { createCluster, type SimCluster } from '../../../src/cluster/cluster.ts';
import type { KubeObject, NewObject } from '../../../src/cluster/types.ts';
import { isApiError } from '../../../src/cluster/apiserver/errors.ts';
import { loadBalancerReachable } from '../../../src/cluster/addons/index.ts';
import { METALLB_IMAGES, METALLB_NATIVE_PATH, METALLB_NATIVE_URL, METALLB_NATIVE_YAML } from '../../../src/cluster/internet/manifests/metallb-native.ts';
import { parseAddresses, parsePools, sha256Hex } from '../../../src/cluster/addons/metallb-config.ts';

const docs = () => parseAllDocuments(METALLB_NATIVE_YAML).map((d) => d.toJS() as NewObject);

/** `kubectl apply -f metallb-native.yaml`, then wait until MetalLB's pods run. */
function installMetalLB(c: SimCluster): void {
  for (const o of docs()) c.api.create(o);
  c.settle();
}
const pool = (spec: Record<string, unknown> = { addresses: ['10.0.2.200-10.0.2.220'] }, name = 'first-pool', ns = 'metallb-system'): NewObject => ({
  apiVersion: 'metallb.io/v1beta1',
  kind: 'IPAddressPool',
  metadata: { name, namespace: ns },
  spec,
});
const l2 = (spec: Record<string, unknown> = {}): NewObject => ({ apiVersion: 'metallb.io/v1beta1', kind: 'L2Advertisement', metadata: { name: 'l2', namespace: 'metallb-system' }, spec });
function web(c: SimCluster, name = 'web', spec: Record<string, unknown> = {}, annotations?: Record<string, string>): void {
  if (!c.api.tryGet('deployments', 'default', 'web')) {
    c.api.create({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx' }] } } } });
  }
  c.api.create({ apiVersion: 'v1', kind: 'Service', metadata: { name, ...(annotations ? { annotations } : {}) }, spec: { type: 'LoadBalancer', selector: { app: 'web' }, ports: [{ port: 80 }], ...spec } });
}
const lbIPs = (c: SimCluster, name = 'web') => ((c.api.get('services', 'default', name).status?.loadBalancer?.ingress as any[] | undefined) ?? []).map((i) => i.ip);
const svcEvents = (c: SimCluster, name = 'web') =>
  (c.api.list('events', 'default').filter((e: any) => e.involvedObject.kind === 'Service' && e.involvedObject.name === name) as any[]).map((e) => [e.type, e.reason, e.source.component, e.message]);

function errorOf(f: () => unknown): { reason: string; message: string } {
  try {
    f();
  } catch (e) {
    if (isApiError(e)) return { reason: e.reason, message: e.message };
    throw e;
  }
  throw new Error('expected an API error');
}

describe('the metallb-native.yaml manifest', () => {
  it('is served from the v0.14.9 tag on raw.githubusercontent.com and holds the whole install', () => {
    expect(METALLB_NATIVE_PATH).toBe('/metallb/metallb/v0.14.9/config/manifests/metallb-native.yaml');
    expect(METALLB_NATIVE_URL).toBe('https://raw.githubusercontent.com/metallb/metallb/v0.14.9/config/manifests/metallb-native.yaml');
    const objs = docs();
    expect(objs.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'Namespace/metallb-system',
      'CustomResourceDefinition/bfdprofiles.metallb.io',
      'CustomResourceDefinition/bgpadvertisements.metallb.io',
      'CustomResourceDefinition/bgppeers.metallb.io',
      'CustomResourceDefinition/communities.metallb.io',
      'CustomResourceDefinition/ipaddresspools.metallb.io',
      'CustomResourceDefinition/l2advertisements.metallb.io',
      'CustomResourceDefinition/servicel2statuses.metallb.io',
      'ServiceAccount/controller',
      'ServiceAccount/speaker',
      'Role/controller',
      'Role/pod-lister',
      'ClusterRole/metallb-system:controller',
      'ClusterRole/metallb-system:speaker',
      'RoleBinding/controller',
      'RoleBinding/pod-lister',
      'ClusterRoleBinding/metallb-system:controller',
      'ClusterRoleBinding/metallb-system:speaker',
      'ConfigMap/metallb-excludel2',
      'Secret/metallb-webhook-cert',
      'Service/metallb-webhook-service',
      'Deployment/controller',
      'DaemonSet/speaker',
      'ValidatingWebhookConfiguration/metallb-webhook-configuration',
    ]);
    expect(objs[0]!.metadata.labels).toEqual({ 'pod-security.kubernetes.io/audit': 'privileged', 'pod-security.kubernetes.io/enforce': 'privileged', 'pod-security.kubernetes.io/warn': 'privileged' });
    const images = objs.flatMap((o) => (o.spec?.template?.spec?.containers ?? []).map((x: any) => x.image));
    expect(images).toEqual([...METALLB_IMAGES]);
    const speaker = objs.find((o) => o.kind === 'DaemonSet')!;
    expect(speaker.spec.template.spec.hostNetwork).toBe(true);
    expect(speaker.spec.template.spec.tolerations).toContainEqual({ effect: 'NoSchedule', key: 'node-role.kubernetes.io/control-plane', operator: 'Exists' });
  });

  it('installs on the course cluster: a controller pod and a speaker on every node, master included', () => {
    const c = createCluster({ seed: 1 });
    installMetalLB(c);
    const pods = c.api.list('pods', 'metallb-system');
    expect(pods.filter((p) => p.metadata.name.startsWith('controller-')).map((p) => p.status.phase)).toEqual(['Running']);
    expect(pods.filter((p) => p.metadata.name.startsWith('speaker-')).map((p) => p.spec.nodeName).sort()).toEqual(['master', 'node1', 'node2', 'node3']);
    expect(c.api.get('daemonsets', 'metallb-system', 'speaker').status).toMatchObject({ desiredNumberScheduled: 4, numberReady: 4 });
    // the controller writes the memberlist key the speakers mount
    expect(Object.keys(c.api.get('secrets', 'metallb-system', 'memberlist').data as object)).toEqual(['secretkey']);
    expect(c.api.resources.filter((r) => r.group === 'metallb.io').map((r) => `${r.plural}/${r.version}`)).toEqual([
      'bfdprofiles/v1beta1', 'bgpadvertisements/v1beta1', 'bgppeers/v1beta2', 'communities/v1beta1', 'ipaddresspools/v1beta1', 'l2advertisements/v1beta1', 'servicel2statuses/v1beta1',
    ]);
  });
});

describe('MetalLB webhooks', () => {
  it('refuses a pool while the controller is not ready yet, then wants it in metallb-system', () => {
    const c = createCluster({ seed: 2 });
    for (const o of docs()) c.api.create(o);
    expect(errorOf(() => c.api.create(pool()))).toEqual({
      reason: 'InternalError',
      message:
        'Internal error occurred: failed calling webhook "ipaddresspoolvalidationwebhook.metallb.io": failed to call webhook: Post "https://metallb-webhook-service.metallb-system.svc:443/validate-metallb-io-v1beta1-ipaddresspool?timeout=10s": no endpoints available for service "metallb-webhook-service"',
    });
    c.settle();
    expect(errorOf(() => c.api.create(pool(undefined, 'first-pool', 'default')))).toEqual({
      reason: 'Forbidden',
      message: 'admission webhook "ipaddresspoolvalidationwebhook.metallb.io" denied the request: resource must be created in metallb-system namespace',
    });
    expect(errorOf(() => c.api.create(pool({ addresses: ['10.0.2.220-10.0.2.200'] })))).toEqual({
      reason: 'Forbidden',
      message:
        'admission webhook "ipaddresspoolvalidationwebhook.metallb.io" denied the request: parsing address pool first-pool: invalid CIDR "10.0.2.220-10.0.2.200" in pool "first-pool": invalid IP range "10.0.2.220-10.0.2.200": start IP "10.0.2.220" is after the end IP "10.0.2.200"',
    });
    c.api.create(pool());
    expect(errorOf(() => c.api.create(pool({ addresses: ['10.0.2.216/29'] }, 'second')))).toMatchObject({
      message: 'admission webhook "ipaddresspoolvalidationwebhook.metallb.io" denied the request: CIDR "10.0.2.216/29" in pool "second" overlaps with already defined CIDR "10.0.2.216/30"',
    });
  });
});

describe('LoadBalancer Services with MetalLB', () => {
  it('assigns the first address of the pool and tells so in an event', () => {
    const c = createCluster({ seed: 3 });
    installMetalLB(c);
    const created = c.api.create(pool());
    expect(created.spec).toEqual({ addresses: ['10.0.2.200-10.0.2.220'], autoAssign: true, avoidBuggyIPs: false });
    web(c);
    c.settle();
    const svc = c.api.get('services', 'default', 'web');
    expect(svc.status).toEqual({ loadBalancer: { ingress: [{ ip: '10.0.2.200', ipMode: 'VIP' }] } });
    expect(svc.metadata.annotations).toEqual({ 'metallb.io/ip-allocated-from-pool': 'first-pool' });
    expect(svcEvents(c)).toEqual([['Normal', 'IPAllocated', 'metallb-controller', 'Assigned IP ["10.0.2.200"]']]);
    // allocated but not announced: no L2Advertisement, so nobody answers ARP for it
    expect(loadBalancerReachable(c.api, '10.0.2.200')).toBe(false);
  });

  it('announces the address from one node once an L2Advertisement selects the pool', () => {
    const c = createCluster({ seed: 4 });
    installMetalLB(c);
    c.api.create(pool());
    c.api.create(l2());
    web(c);
    c.settle();
    expect(lbIPs(c)).toEqual(['10.0.2.200']);
    // the speakers elect the node whose sha256("<node>#<ip>") sorts first, never the excluded master
    const winner = ['node1', 'node2', 'node3'].sort((a, b) => (sha256Hex(`${a}#10.0.2.200`) < sha256Hex(`${b}#10.0.2.200`) ? -1 : 1))[0];
    expect(winner).toBe('node1');
    expect(svcEvents(c)).toContainEqual(['Normal', 'nodeAssigned', 'metallb-speaker', 'announcing from node "node1" with protocol "layer2"']);
    const statuses = c.api.list('servicel2statuses', 'metallb-system');
    expect(statuses.map((s) => [s.metadata.name.slice(0, 3), s.status, s.metadata.labels])).toEqual([
      ['l2-', { node: 'node1', serviceName: 'web', serviceNamespace: 'default' }, { 'metallb.io/node': 'node1', 'metallb.io/service-name': 'web', 'metallb.io/service-namespace': 'default' }],
    ]);
    expect(loadBalancerReachable(c.api, '10.0.2.200')).toBe(true);
    expect(loadBalancerReachable(c.api, '10.0.2.201')).toBe(false);
  });

  it('moves the announcement when its node is excluded from external load balancers', () => {
    const c = createCluster({ seed: 5 });
    installMetalLB(c);
    c.api.create(pool());
    c.api.create(l2());
    web(c);
    c.settle();
    c.api.patch('nodes', undefined, 'node1', (n) => {
      n.metadata.labels = { ...n.metadata.labels, 'node.kubernetes.io/exclude-from-external-load-balancers': '' };
    });
    c.settle();
    expect(c.api.list('servicel2statuses', 'metallb-system').map((s) => s.status.node)).not.toContain('node1');
    expect(c.api.list('servicel2statuses', 'metallb-system')).toHaveLength(1);
    expect(loadBalancerReachable(c.api, '10.0.2.200')).toBe(true);
  });

  it('stays <pending> without any pool, and reports a full pool with MetalLB\'s words', () => {
    const c = createCluster({ seed: 6 });
    installMetalLB(c);
    web(c);
    c.settle();
    expect(c.api.get('services', 'default', 'web').status).toEqual({ loadBalancer: {} });
    // no pools at all: the controller keeps quiet (it returns before allocating)
    expect(svcEvents(c)).toEqual([]);
    c.api.create(pool({ addresses: ['10.0.2.200/32'] }));
    web(c, 'web2');
    c.settle();
    expect(lbIPs(c)).toEqual(['10.0.2.200']);
    expect(lbIPs(c, 'web2')).toEqual([]);
    expect(svcEvents(c, 'web2')).toEqual([['Warning', 'AllocationFailed', 'metallb-controller', 'Failed to allocate IP for "default/web2": no available IPs']]);
  });

  it('honours a requested address, from the annotation or spec.loadBalancerIP, and refuses one outside the pools', () => {
    const c = createCluster({ seed: 7 });
    installMetalLB(c);
    c.api.create(pool());
    web(c, 'by-field', { loadBalancerIP: '10.0.2.210' });
    web(c, 'by-annotation', {}, { 'metallb.io/loadBalancerIPs': '10.0.2.211' });
    web(c, 'by-old-annotation', {}, { 'metallb.universe.tf/loadBalancerIPs': '10.0.2.212' });
    web(c, 'outside', { loadBalancerIP: '10.0.2.99' });
    c.settle();
    expect(lbIPs(c, 'by-field')).toEqual(['10.0.2.210']);
    expect(lbIPs(c, 'by-annotation')).toEqual(['10.0.2.211']);
    expect(lbIPs(c, 'by-old-annotation')).toEqual(['10.0.2.212']);
    expect(svcEvents(c, 'by-old-annotation')).toContainEqual(['Warning', 'deprecatedAnnotation', 'metallb-controller', 'Service uses deprecated annotation metallb.universe.tf/loadBalancerIPs']);
    expect(lbIPs(c, 'outside')).toEqual([]);
    expect(svcEvents(c, 'outside')).toEqual([['Warning', 'AllocationFailed', 'metallb-controller', 'Failed to allocate IP for "default/outside": ["10.0.2.99"] is not allowed in config']]);
  });

  it('gives the address back when a Service stops being a LoadBalancer', () => {
    const c = createCluster({ seed: 8 });
    installMetalLB(c);
    c.api.create(pool({ addresses: ['10.0.2.200/32'] }));
    web(c, 'first');
    c.settle();
    web(c, 'second');
    c.settle();
    expect(lbIPs(c, 'first')).toEqual(['10.0.2.200']);
    expect(lbIPs(c, 'second')).toEqual([]);
    c.api.patch('services', 'default', 'first', (s) => {
      s.spec.type = 'NodePort';
    });
    c.settle();
    const first = c.api.get('services', 'default', 'first');
    expect(first.status).toEqual({ loadBalancer: {} });
    expect(first.metadata.annotations).toBeUndefined();
    expect(lbIPs(c, 'second')).toEqual(['10.0.2.200']);
  });

  it('gives a deleted Service\'s address to the next one', () => {
    const c = createCluster({ seed: 9 });
    installMetalLB(c);
    c.api.create(pool({ addresses: ['10.0.2.200/32'] }));
    web(c, 'first');
    c.settle();
    web(c, 'second');
    c.settle();
    c.api.delete('services', 'default', 'first');
    c.settle();
    expect(lbIPs(c, 'second')).toEqual(['10.0.2.200']);
  });

  it('does nothing while the controller pod is not running', () => {
    const c = createCluster({ seed: 10 });
    installMetalLB(c);
    c.api.create(pool());
    c.api.patch('deployments', 'metallb-system', 'controller', (d) => {
      d.spec.replicas = 0;
    });
    c.settle();
    web(c);
    c.settle();
    expect(lbIPs(c)).toEqual([]);
    c.api.patch('deployments', 'metallb-system', 'controller', (d) => {
      d.spec.replicas = 1;
    });
    c.settle();
    expect(lbIPs(c)).toEqual(['10.0.2.200']);
  });
});

describe('MetalLB replays', () => {
  it('gives the same cluster, byte for byte, for the same seed and steps', () => {
    const once = () => {
      const c = createCluster({ seed: 13 });
      installMetalLB(c);
      c.api.create(pool());
      c.api.create(l2());
      web(c);
      c.settle();
      const dump: unknown[] = [];
      for (const r of c.api.resources) if (r.verbs.includes('list')) dump.push(...c.api.list(r.plural).map((o) => [r.plural, o]));
      return JSON.stringify(dump);
    };
    expect(once()).toBe(once());
  });
});

describe('LoadBalancer Services without MetalLB', () => {
  it('stay <pending> for good, and their address reaches nothing', () => {
    const c = createCluster({ seed: 11 });
    web(c);
    c.settle();
    c.advance(10 * 60 * 1000);
    const svc: KubeObject = c.api.get('services', 'default', 'web');
    expect(svc.status).toEqual({ loadBalancer: {} });
    expect(svc.spec.ports[0].nodePort).toBeGreaterThanOrEqual(30000);
    expect(loadBalancerReachable(c.api, '10.0.2.200')).toBe(false);
  });

  it('treat an address a lab wrote into the status as a working cloud load balancer', () => {
    const c = createCluster({ seed: 12 });
    web(c);
    c.settle();
    c.api.patch('services', 'default', 'web', (s) => {
      s.status = { loadBalancer: { ingress: [{ ip: '192.168.56.240' }] } };
    });
    expect(loadBalancerReachable(c.api, '192.168.56.240')).toBe(true);
    expect(loadBalancerReachable(c.api, '192.168.56.241')).toBe(false);
  });
});

describe('MetalLB address parsing', () => {
  it('splits a range into the CIDRs MetalLB works with', () => {
    const cidrs = parseAddresses('10.0.2.200-10.0.2.220');
    expect(Array.isArray(cidrs) && cidrs.map((x) => `${x.base >>> 24}.${(x.base >>> 16) & 255}.${(x.base >>> 8) & 255}.${x.base & 255}/${x.bits}`)).toEqual([
      '10.0.2.200/29',
      '10.0.2.208/29',
      '10.0.2.216/30',
      '10.0.2.220/32',
    ]);
    expect(parseAddresses('10.0.2.300/32')).toBe('invalid CIDR "10.0.2.300/32"');
    expect(parsePools([{ apiVersion: 'metallb.io/v1beta1', kind: 'IPAddressPool', metadata: { name: 'p', uid: '', resourceVersion: '', creationTimestamp: '' }, spec: {} }])).toBe(
      'parsing address pool p: pool has no prefixes defined',
    );
  });
});
