import { describe, expect, it } from 'vitest';
import { createCluster } from '../../../src/cluster/index.ts';
import type { NewObject } from '../../../src/cluster/types.ts';
import { isApiError } from '../../../src/cluster/apiserver/errors.ts';

const api = () => createCluster({ preset: 'empty', components: [] }).api;

function errorOf(f: () => unknown): { reason: string; message: string } {
  try {
    f();
  } catch (e) {
    if (isApiError(e)) return { reason: e.reason, message: e.message };
    throw e;
  }
  throw new Error('expected an API error');
}

const svc = (name: string, spec: Record<string, unknown>): NewObject => ({ apiVersion: 'v1', kind: 'Service', metadata: { name }, spec: { selector: { app: 'web' }, ...spec } });
const ing = (name: string, spec: Record<string, unknown>, annotations?: Record<string, string>): NewObject => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'Ingress',
  metadata: { name, ...(annotations ? { annotations } : {}) },
  spec,
});
const path = (p: Record<string, unknown>) => ({ rules: [{ host: 'example.com', http: { paths: [p] } }] });
const backend = { service: { name: 'blog', port: { number: 80 } } };

describe('Service validation as the API server words it', () => {
  it('refuses a nodePort outside 30000-32767 and one another Service holds', () => {
    const a = api();
    expect(errorOf(() => a.create(svc('np', { type: 'NodePort', ports: [{ port: 80, nodePort: 80 }] }))).message).toBe(
      'Service "np" is invalid: spec.ports[0].nodePort: Invalid value: 80: provided port is not in the valid range. The range of valid ports is 30000-32767',
    );
    a.create(svc('first', { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] }));
    expect(errorOf(() => a.create(svc('second', { type: 'NodePort', ports: [{ name: 'a', port: 80, nodePort: 30081 }, { name: 'b', port: 81, nodePort: 30080 }] }))).message).toBe(
      'Service "second" is invalid: spec.ports[1].nodePort: Invalid value: 30080: provided port is already allocated',
    );
    // the failed create held nothing: 30081 is still free
    expect(a.create(svc('third', { type: 'NodePort', ports: [{ port: 80, nodePort: 30081 }] })).spec.ports[0].nodePort).toBe(30081);
  });

  it('reports a duplicate port as the core.ServicePort key ValidateService builds', () => {
    expect(errorOf(() => api().create(svc('dup', { ports: [{ name: 'a', port: 80 }, { name: 'b', port: 80, targetPort: 8080 }] }))).message).toBe(
      'Service "dup" is invalid: spec.ports[1]: Duplicate value: core.ServicePort{Name:"", Protocol:"TCP", AppProtocol:(*string)(nil), Port:80, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}',
    );
    expect(errorOf(() => api().create(svc('dupnp', { type: 'NodePort', ports: [{ name: 'a', port: 80, nodePort: 30100 }, { name: 'b', port: 81, nodePort: 30100 }] }))).message).toBe(
      'Service "dupnp" is invalid: spec.ports[1].nodePort: Duplicate value: 30100',
    );
    // the same port number over TCP and UDP is two ports
    expect(api().create(svc('dns', { ports: [{ name: 'dns', port: 53, protocol: 'UDP' }, { name: 'dns-tcp', port: 53 }] })).spec.ports).toHaveLength(2);
  });

  it('checks a named targetPort as an IANA service name', () => {
    expect(errorOf(() => api().create(svc('t', { ports: [{ port: 80, targetPort: '8080' }] }))).message).toBe(
      'Service "t" is invalid: spec.ports[0].targetPort: Invalid value: "8080": must contain at least one letter (a-z)',
    );
    expect(errorOf(() => api().create(svc('t', { ports: [{ port: 80, targetPort: 'http_port' }] }))).message).toBe(
      'Service "t" is invalid: spec.ports[0].targetPort: Invalid value: "http_port": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
    );
    expect(errorOf(() => api().create(svc('t', { ports: [{ port: 80, targetPort: 'a-very-long-port-name' }] }))).message).toBe(
      'Service "t" is invalid: spec.ports[0].targetPort: Invalid value: "a-very-long-port-name": must be no more than 15 characters',
    );
    expect(api().create(svc('t', { ports: [{ port: 80, targetPort: 'http' }] })).spec.ports[0].targetPort).toBe('http');
  });

  it('wants an externalName for an ExternalName Service, and no cluster IP', () => {
    expect(errorOf(() => api().create(svc('ext', { type: 'ExternalName' }))).message).toBe('Service "ext" is invalid: spec.externalName: Required value');
    expect(errorOf(() => api().create(svc('ext', { type: 'ExternalName', externalName: 'db.example.com', clusterIP: '10.96.0.50' }))).message).toBe(
      'Service "ext" is invalid: spec.clusterIPs: Forbidden: may not be set for ExternalName services',
    );
    const ok = api().create(svc('ext', { type: 'ExternalName', externalName: 'db.example.com.' }));
    expect(ok.spec.clusterIP).toBeUndefined();
  });

  it('does not let a headless Service be a NodePort', () => {
    expect(errorOf(() => api().create(svc('h', { type: 'NodePort', clusterIP: 'None', ports: [{ port: 80 }] }))).message).toBe(
      `Service "h" is invalid: spec.clusterIPs[0]: Invalid value: "None": may not be set to 'None' for NodePort services`,
    );
  });

  it('lists several problems in ValidateService order (the defaulted targetPort fails with its port)', () => {
    expect(errorOf(() => api().create(svc('m', { type: 'Balancer', ports: [{ port: 80 }, { port: 70000 }] }))).message).toBe(
      'Service "m" is invalid: [spec.ports[0].name: Required value, spec.ports[1].name: Required value, spec.ports[1].port: Invalid value: 70000: must be between 1 and 65535, inclusive, spec.ports[1].targetPort: Invalid value: 70000: must be between 1 and 65535, inclusive, spec.type: Unsupported value: "Balancer": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"]',
    );
  });

  it('drops what a type change leaves behind: node ports, traffic policy and the load-balancer status', () => {
    const a = api();
    a.create(svc('lb', { type: 'LoadBalancer', ports: [{ port: 80 }] }));
    a.patch('services', 'default', 'lb', (s) => {
      s.status = { loadBalancer: { ingress: [{ ip: '10.0.2.200' }] } };
    });
    expect(a.get('services', 'default', 'lb').status.loadBalancer.ingress).toEqual([{ ip: '10.0.2.200', ipMode: 'VIP' }]);
    const back = a.patch('services', 'default', 'lb', (s) => {
      s.spec.type = 'ClusterIP';
    });
    expect(back.spec.ports[0].nodePort).toBeUndefined();
    expect(back.spec.externalTrafficPolicy).toBeUndefined();
    expect(back.spec.allocateLoadBalancerNodePorts).toBeUndefined();
    expect(back.status).toEqual({ loadBalancer: {} });
    const np = a.patch('services', 'default', 'lb', (s) => {
      s.spec.type = 'NodePort';
    });
    expect(np.spec.externalTrafficPolicy).toBe('Cluster');
    expect(np.spec.ports[0].nodePort).toBeGreaterThanOrEqual(30000);
  });

  it('refuses externalTrafficPolicy on a Service that cannot be reached from outside', () => {
    expect(errorOf(() => api().create(svc('c', { ports: [{ port: 80 }], externalTrafficPolicy: 'Local' }))).message).toBe(
      'Service "c" is invalid: spec.externalTrafficPolicy: Invalid value: "Local": may only be set for externally-accessible services',
    );
  });
});

describe('Ingress (networking.k8s.io/v1) validation and defaults', () => {
  it('requires pathType', () => {
    expect(errorOf(() => api().create(ing('i', path({ path: '/blog', backend })))).message).toBe(
      'Ingress.networking.k8s.io "i" is invalid: spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified',
    );
  });

  it('checks paths against their pathType', () => {
    expect(errorOf(() => api().create(ing('i', path({ path: 'blog', pathType: 'Prefix', backend })))).message).toBe(
      'Ingress.networking.k8s.io "i" is invalid: spec.rules[0].http.paths[0].path: Invalid value: "blog": must be an absolute path',
    );
    expect(errorOf(() => api().create(ing('i', path({ path: '/blog', pathType: 'Regex', backend })))).message).toBe(
      'Ingress.networking.k8s.io "i" is invalid: spec.rules[0].http.paths[0].pathType: Unsupported value: "Regex": supported values: "Exact", "ImplementationSpecific", "Prefix"',
    );
  });

  it('wants a backend service name and one of port name or number', () => {
    expect(errorOf(() => api().create(ing('i', path({ path: '/', pathType: 'Prefix', backend: { service: { name: 'blog' } } })))).message).toBe(
      'Ingress.networking.k8s.io "i" is invalid: spec.rules[0].http.paths[0].backend: Required value: port name or number is required',
    );
    expect(errorOf(() => api().create(ing('i', path({ path: '/', pathType: 'Prefix', backend: { service: { port: { number: 80 } } } })))).message).toBe(
      'Ingress.networking.k8s.io "i" is invalid: spec.rules[0].http.paths[0].backend.service.name: Required value',
    );
    expect(errorOf(() => api().create(ing('i', path({ path: '/', pathType: 'Prefix', backend: { service: { name: 'blog', port: { name: 'http', number: 80 } } } })))).message).toBe(
      'Ingress.networking.k8s.io "i" is invalid: spec.rules[0].http.paths[0].backend: Invalid value: "": cannot set both port name & port number',
    );
    expect(errorOf(() => api().create(ing('i', {}))).message).toBe(
      'Ingress.networking.k8s.io "i" is invalid: spec: Invalid value: []networking.IngressRule(nil): either `defaultBackend` or `rules` must be specified',
    );
    expect(errorOf(() => api().create(ing('i', { rules: [{ host: '10.0.2.16', http: { paths: [{ path: '/', pathType: 'Prefix', backend }] } }] }))).message).toBe(
      'Ingress.networking.k8s.io "i" is invalid: spec.rules[0].host: Invalid value: "10.0.2.16": must be a DNS name, not an IP address',
    );
  });

  it('stores an empty load-balancer status and refuses the old v1beta1 backend fields under strict validation', () => {
    const a = api();
    expect(a.create(ing('ok', path({ path: '/blog', pathType: 'Prefix', backend }))).status).toEqual({ loadBalancer: {} });
    const old = path({ path: '/blog', pathType: 'Prefix', backend: { serviceName: 'blog', servicePort: 80 } });
    expect(errorOf(() => a.create(ing('old', old), { fieldValidation: 'Strict' }))).toEqual({
      reason: 'BadRequest',
      message:
        'Ingress in version "v1" cannot be handled as a Ingress: strict decoding error: unknown field "spec.rules[0].http.paths[0].backend.serviceName", unknown field "spec.rules[0].http.paths[0].backend.servicePort"',
    });
  });

  it('gives a class-less Ingress the default IngressClass', () => {
    const a = api();
    const plain = a.create(ing('before', path({ path: '/', pathType: 'Prefix', backend })));
    expect(plain.spec.ingressClassName).toBeUndefined();
    a.create({ apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass', metadata: { name: 'nginx', annotations: { 'ingressclass.kubernetes.io/is-default-class': 'true' } }, spec: { controller: 'k8s.io/ingress-nginx' } });
    expect(a.create(ing('after', path({ path: '/', pathType: 'Prefix', backend }))).spec.ingressClassName).toBe('nginx');
    expect(a.create(ing('legacy', path({ path: '/', pathType: 'Prefix', backend }), { 'kubernetes.io/ingress.class': 'other' })).spec.ingressClassName).toBeUndefined();
  });
});

describe('validating admission webhooks', () => {
  const webhook = (failurePolicy = 'Fail'): NewObject => ({
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingWebhookConfiguration',
    metadata: { name: 'guard' },
    webhooks: [
      {
        name: 'guard.example.com',
        admissionReviewVersions: ['v1'],
        clientConfig: { service: { name: 'guard-svc', namespace: 'default', path: '/validate-configmaps' } },
        failurePolicy,
        rules: [{ apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['configmaps'] }],
        sideEffects: 'None',
      },
    ],
  });
  const cm = (name: string): NewObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { k: 'v' } });

  it('fails a matching write while the webhook Service has no ready endpoint, and lets others through', () => {
    const c = createCluster({ preset: 'empty', components: [] });
    c.api.create(webhook());
    expect(errorOf(() => c.api.create(cm('x')))).toEqual({
      reason: 'InternalError',
      message:
        'Internal error occurred: failed calling webhook "guard.example.com": failed to call webhook: Post "https://guard-svc.default.svc:443/validate-configmaps?timeout=10s": service "guard-svc" not found',
    });
    c.api.create(svc('guard-svc', { ports: [{ port: 443, targetPort: 9443 }] }));
    c.api.create({ apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'guard-svc' }, subsets: [{ notReadyAddresses: [{ ip: '10.44.0.9' }], ports: [{ port: 9443 }] }] });
    expect(errorOf(() => c.api.create(cm('x'))).message).toContain(': no endpoints available for service "guard-svc"');
    expect(c.api.create({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' } }).metadata.name).toBe('s');
  });

  it('asks the server registered for the path once an endpoint is ready, and tells its denial', () => {
    const c = createCluster({ preset: 'empty', components: [] });
    c.api.create(webhook());
    c.api.create(svc('guard-svc', { ports: [{ port: 443, targetPort: 9443 }] }));
    c.api.create({ apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'guard-svc' }, subsets: [{ addresses: [{ ip: '10.44.0.9' }], ports: [{ port: 9443 }] }] });
    c.api.registerWebhookServer('/validate-configmaps', (req) => (req.name.startsWith('bad') ? `${req.operation} of ${req.name} refused` : undefined));
    expect(c.api.create(cm('good')).metadata.name).toBe('good');
    expect(errorOf(() => c.api.create(cm('bad-one')))).toEqual({ reason: 'Forbidden', message: 'admission webhook "guard.example.com" denied the request: CREATE of bad-one refused' });
  });

  it('lets the write through when the failure policy is Ignore', () => {
    const c = createCluster({ preset: 'empty', components: [] });
    c.api.create(webhook('Ignore'));
    expect(c.api.create(cm('x')).metadata.name).toBe('x');
  });
});
