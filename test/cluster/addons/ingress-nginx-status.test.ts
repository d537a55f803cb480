import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { createCluster, type SimCluster } from '../../../src/cluster/cluster.ts';
import { defaultComponents } from '../../../src/cluster/controller-manager/index.ts';
import { ingressNginxComponent, INGRESS_NGINX_COMPONENT } from '../../../src/cluster/addons/ingress-nginx-status.ts';
import { INGRESS_NGINX_BAREMETAL_YAML } from '../../../src/cluster/internet/index.ts';
import type { KubeObject } from '../../../src/cluster/types.ts';

const NS = 'ingress-nginx';

/** The kubeadm cluster with the ingress-nginx add-on running (once, whether or not the defaults include it). */
function cluster(seed = 7): SimCluster {
  const defaults = defaultComponents();
  const has = defaults.some((c) => c.name === INGRESS_NGINX_COMPONENT);
  return createCluster({ seed, components: has ? defaults : [...defaults, ingressNginxComponent()] });
}

/** `kubectl apply -f deploy.yaml`, object by object. */
function install(c: SimCluster): string[] {
  const created: string[] = [];
  for (const doc of parseAllDocuments(INGRESS_NGINX_BAREMETAL_YAML)) {
    const obj = doc.toJS() as KubeObject;
    c.api.create(obj);
    created.push(`${obj.kind}/${obj.metadata.name}`);
  }
  return created;
}

function whoami(c: SimCluster) {
  c.api.create({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'whoami', namespace: 'default' },
    spec: { replicas: 2, selector: { matchLabels: { app: 'whoami' } }, template: { metadata: { labels: { app: 'whoami' } }, spec: { containers: [{ name: 'whoami', image: 'traefik/whoami:v1.10', ports: [{ containerPort: 80 }] }] } } },
  });
  c.api.create({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'whoami', namespace: 'default' }, spec: { selector: { app: 'whoami' }, ports: [{ port: 80, targetPort: 80 }] } });
}

const ingress = (c: SimCluster, name: string, host: string, extra: Record<string, unknown> = {}) =>
  c.api.create({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name, namespace: 'default' },
    spec: { ...extra, rules: [{ host, http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'whoami', port: { number: 80 } } } }] } }] },
  });

const controllerPod = (c: SimCluster) => c.api.list('pods', NS)[0]!;
const nodeIP = (c: SimCluster, node: string) => (c.api.get('nodes', undefined, node).status.addresses as any[]).find((a) => a.type === 'InternalIP').address as string;
const logText = (c: SimCluster) => (c.runtime.logs(NS, controllerPod(c).metadata.name, 'controller') ?? []).map((l) => l.text);
const syncEvents = (c: SimCluster, name: string) =>
  c.api.list('events', 'default').filter((e: any) => e.involvedObject.kind === 'Ingress' && e.involvedObject.name === name && e.reason === 'Sync') as any[];

describe('ingress-nginx controller in the cluster', () => {
  it('installs from the bare-metal manifest: the image pulls and the Deployment becomes ready', () => {
    const c = cluster();
    const created = install(c);
    expect(created).toContain('Deployment/ingress-nginx-controller');
    expect(created).toContain('IngressClass/nginx');
    expect(created).not.toContain('Job/ingress-nginx-admission-create');
    c.settle();
    const deploy = c.api.get('deployments', NS, 'ingress-nginx-controller');
    expect(deploy.status.readyReplicas).toBe(1);
    const pod = controllerPod(c);
    expect(pod.status.phase).toBe('Running');
    expect(pod.status.containerStatuses[0].imageID).toBe('registry.k8s.io/ingress-nginx/controller@sha256:d2fbc4ec70d8aa2050dd91a91506e998765e86c96f32cffb56c503c9c34eed5b');
    const svc = c.api.get('services', NS, 'ingress-nginx-controller');
    expect(svc.spec.type).toBe('NodePort');
    expect(svc.spec.ports.map((p: any) => [p.name, p.port, p.targetPort])).toEqual([['http', 80, 'http'], ['https', 443, 'https']]);
    const logs = logText(c);
    expect(logs.slice(0, 6)).toEqual([
      '-------------------------------------------------------------------------------',
      'NGINX Ingress controller',
      '  Release:       v1.12.1',
      '  Build:         51c2b819690bbf1709b844dbf321a9acf6eda5a7',
      '  Repository:    https://github.com/kubernetes/ingress-nginx',
      '  nginx version: nginx/1.25.5',
    ]);
    expect(logs.some((l) => /^I\d{4} \d\d:\d\d:\d\d\.\d{6}       7 nginx\.go:271\] "Starting NGINX Ingress controller"$/.test(l))).toBe(true);
    expect(logs.some((l) => l.endsWith(`successfully acquired lease ${NS}/ingress-nginx-leader`))).toBe(true);
  });

  it('gives Ingresses of its class the node address and a Sync event; others keep an empty ADDRESS', () => {
    const c = cluster();
    install(c);
    whoami(c);
    c.settle();
    ingress(c, 'classed', 'example.com', { ingressClassName: 'nginx' });
    ingress(c, 'classless', 'plain.com');
    ingress(c, 'foreign', 'other.com', { ingressClassName: 'traefik' });
    c.settle();
    const ip = nodeIP(c, controllerPod(c).spec.nodeName);
    expect(c.api.get('ingresses', 'default', 'classed').status.loadBalancer.ingress).toEqual([{ ip }]);
    expect(c.api.get('ingresses', 'default', 'classless').status?.loadBalancer?.ingress).toBeUndefined();
    expect(c.api.get('ingresses', 'default', 'foreign').status?.loadBalancer?.ingress).toBeUndefined();

    const events = syncEvents(c, 'classed');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'Normal', reason: 'Sync', message: 'Scheduled for sync', source: { component: 'nginx-ingress-controller' } });
    // once when seen, once more after its status was written
    expect(events[0].count).toBe(2);
    expect(syncEvents(c, 'classless')).toEqual([]);

    const logs = logText(c);
    expect(logs).toContainEqual(expect.stringContaining('store.go:440] "Found valid IngressClass" ingress="default/classed" ingressclass="nginx"'));
    expect(logs).toContainEqual(expect.stringContaining('"Ignoring ingress because of error while validating ingress class" ingress="default/classless" error="ingress does not contain a valid IngressClass"'));
    expect(logs).toContainEqual(expect.stringContaining(`"updating Ingress status" namespace="default" ingress="classed" currentValue=null newValue=[{"ip":"${ip}"}]`));
  });

  it('routes a request at a node IP and the NodePort to a whoami pod, and logs it', () => {
    const c = cluster();
    install(c);
    whoami(c);
    ingress(c, 'classed', 'example.com', { ingressClassName: 'nginx' });
    c.settle();
    const nodePort = c.api.get('services', NS, 'ingress-nginx-controller').spec.ports[0].nodePort as number;
    const r = c.net.request({ kind: 'host', host: 'master' }, '10.0.2.17', nodePort, { scheme: 'http', method: 'GET', path: '/', headers: { Host: 'example.com', 'User-Agent': 'curl/7.29.0', Accept: '*/*' } });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.servedBy?.pod).toMatch(/^whoami-/);
    expect(r.response.body).toContain(`Hostname: ${r.servedBy!.pod}\n`);
    expect(r.response.body).toContain('GET / HTTP/1.1\r\nHost: example.com\r\nUser-Agent: curl/7.29.0\r\nAccept: */*\r\nX-Forwarded-For: ');
    const controllerIP = controllerPod(c).status.podIP as string;
    expect(r.response.body).toMatch(new RegExp(`RemoteAddr: ${controllerIP.replace(/\./g, '\\.')}:\\d+\\n`));
    const last = logText(c).at(-1)!;
    expect(last).toMatch(/ - - \[\d\d\/Nov\/2026:\d\d:\d\d:\d\d \+0000\] "GET \/ HTTP\/1\.1" 200 \d+ "-" "curl\/7\.29\.0" 75 0\.00\d \[default-whoami-80\] \[\] 10\.\d+\.\d+\.\d+:80 \d+ 0\.00\d 200 [0-9a-f]{32}$/);

    const miss = c.net.request({ kind: 'host', host: 'master' }, '10.0.2.16', nodePort, { scheme: 'http', method: 'GET', path: '/', headers: { Host: 'nobody.com', 'User-Agent': 'curl/7.29.0', Accept: '*/*' } });
    expect(miss.ok && miss.response.status).toBe(404);
  });

  it('clears the addresses when the last controller goes away', () => {
    const c = cluster();
    install(c);
    whoami(c);
    ingress(c, 'classed', 'example.com', { ingressClassName: 'nginx' });
    c.settle();
    expect(c.api.get('ingresses', 'default', 'classed').status.loadBalancer.ingress).toHaveLength(1);
    c.api.patch('deployments', NS, 'ingress-nginx-controller', (d) => {
      d.spec.replicas = 0;
    });
    c.settle();
    expect(c.api.list('pods', NS)).toEqual([]);
    expect(c.api.get('ingresses', 'default', 'classed').status.loadBalancer.ingress).toBeUndefined();
  });
});
