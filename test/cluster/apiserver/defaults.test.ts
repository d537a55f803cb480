import { describe, expect, it } from 'vitest';
import { createCluster } from '../../../src/cluster/index.ts';

const api = () => createCluster({ preset: 'empty', components: [] }).api;

describe('defaulting as a v1.32 API server does it', () => {
  it('fills a Deployment the way `kubectl get deploy -o yaml` shows it', () => {
    // What `kubectl create deployment web --image=nginx` sends (checked with kubectl.1.32 --dry-run=client -o yaml).
    const d = api().create({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { creationTimestamp: null, labels: { app: 'web' }, name: 'web' } as never,
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'web' } },
        strategy: {},
        template: { metadata: { creationTimestamp: null, labels: { app: 'web' } }, spec: { containers: [{ image: 'nginx', name: 'nginx', resources: {} }] } },
      },
      status: {},
    });
    expect(d.metadata).toMatchObject({ name: 'web', namespace: 'default', generation: 1, labels: { app: 'web' } });
    expect(d.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(d.metadata.creationTimestamp).toBe('2026-11-22T01:00:00Z');
    expect(d.spec).toEqual({
      progressDeadlineSeconds: 600,
      replicas: 1,
      revisionHistoryLimit: 10,
      selector: { matchLabels: { app: 'web' } },
      strategy: { rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' }, type: 'RollingUpdate' },
      template: {
        metadata: { creationTimestamp: null, labels: { app: 'web' } },
        spec: {
          containers: [{ image: 'nginx', imagePullPolicy: 'Always', name: 'nginx', resources: {}, terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File' }],
          dnsPolicy: 'ClusterFirst',
          restartPolicy: 'Always',
          schedulerName: 'default-scheduler',
          securityContext: {},
          terminationGracePeriodSeconds: 30,
        },
      },
    });
    expect(d.status).toEqual({});
  });

  it('admits a Pod with service-account token volume, tolerations, priority and status', () => {
    const p = api().create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'nginx', labels: { run: 'nginx' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27', ports: [{ containerPort: 80 }] }] } });
    const vol = p.spec.volumes[0].name as string;
    expect(vol).toMatch(/^kube-api-access-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(p.spec).toMatchObject({
      dnsPolicy: 'ClusterFirst',
      enableServiceLinks: true,
      preemptionPolicy: 'PreemptLowerPriority',
      priority: 0,
      restartPolicy: 'Always',
      schedulerName: 'default-scheduler',
      securityContext: {},
      serviceAccount: 'default',
      serviceAccountName: 'default',
      terminationGracePeriodSeconds: 30,
      tolerations: [
        { effect: 'NoExecute', key: 'node.kubernetes.io/not-ready', operator: 'Exists', tolerationSeconds: 300 },
        { effect: 'NoExecute', key: 'node.kubernetes.io/unreachable', operator: 'Exists', tolerationSeconds: 300 },
      ],
    });
    expect(p.spec.containers[0]).toEqual({
      image: 'nginx:1.27',
      imagePullPolicy: 'IfNotPresent',
      name: 'nginx',
      ports: [{ containerPort: 80, protocol: 'TCP' }],
      resources: {},
      terminationMessagePath: '/dev/termination-log',
      terminationMessagePolicy: 'File',
      volumeMounts: [{ mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', name: vol, readOnly: true }],
    });
    expect(p.spec.volumes[0].projected.sources.map((s: object) => Object.keys(s)[0])).toEqual(['serviceAccountToken', 'configMap', 'downwardAPI']);
    expect(p.status).toEqual({ phase: 'Pending', qosClass: 'BestEffort' });
    expect(p.metadata.generation).toBeUndefined();
  });

  it('computes the QoS class from requests and limits', () => {
    const a = api();
    const pod = (name: string, resources: object) => a.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: [{ name: 'c', image: 'x', resources }] } }).status.qosClass;
    expect(pod('g', { limits: { cpu: '1', memory: '1Gi' } })).toBe('Guaranteed');
    expect(pod('b', { requests: { cpu: '100m' } })).toBe('Burstable');
  });

  it('gives a ClusterIP Service an address from 10.96.0.0/12 and the v1.32 defaults', () => {
    const s = api().create({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } });
    expect(s.spec.clusterIP).toMatch(/^10\.(9[6-9]|10\d|11[01])\.\d+\.\d+$/);
    expect(s.spec).toMatchObject({
      clusterIPs: [s.spec.clusterIP],
      internalTrafficPolicy: 'Cluster',
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }],
      sessionAffinity: 'None',
      type: 'ClusterIP',
    });
    expect(s.status).toEqual({ loadBalancer: {} });
  });

  it('gives NodePort Services a port in 30000-32767 and honours or rejects a requested one', () => {
    const a = api();
    const np = (name: string, nodePort?: number) =>
      a.create({ apiVersion: 'v1', kind: 'Service', metadata: { name }, spec: { type: 'NodePort', ports: [{ port: 80, ...(nodePort ? { nodePort } : {}) }] } });
    const s = np('a');
    expect(s.spec.ports[0].nodePort).toBeGreaterThanOrEqual(30000);
    expect(s.spec.ports[0].nodePort).toBeLessThanOrEqual(32767);
    expect(s.spec.externalTrafficPolicy).toBe('Cluster');
    expect(np('b', 30080).spec.ports[0].nodePort).toBe(30080);
    expect(() => np('c', 30080)).toThrow('Service "c" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated');
    expect(() => np('d', 80)).toThrow('spec.ports[0].nodePort: Invalid value: 80: provided port is not in the valid range. The range of valid ports is 30000-32767');
  });

  it('rejects a requested clusterIP that is taken', () => {
    const a = api();
    a.create({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'one' }, spec: { clusterIP: '10.96.5.5', ports: [{ port: 80 }] } });
    expect(() => a.create({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'two' }, spec: { clusterIP: '10.96.5.5', ports: [{ port: 80 }] } })).toThrow(
      'Service "two" is invalid: spec.clusterIPs: Invalid value: []string{"10.96.5.5"}: failed to allocate IP 10.96.5.5: provided IP is already allocated',
    );
  });

  it('defaults a Namespace with the kubernetes finalizer, name label and Active phase', () => {
    const ns = api().create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'dev' } });
    expect(ns.spec).toEqual({ finalizers: ['kubernetes'] });
    expect(ns.metadata.labels).toEqual({ 'kubernetes.io/metadata.name': 'dev' });
    expect(ns.status).toEqual({ phase: 'Active' });
  });

  it('appends five suffix characters to generateName', () => {
    const cm = api().create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: 'web-' } });
    expect(cm.metadata.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(cm.metadata.generateName).toBe('web-');
  });
});
