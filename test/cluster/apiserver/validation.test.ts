import { describe, expect, it } from 'vitest';
import { createCluster } from '../../../src/cluster/index.ts';
import type { NewObject } from '../../../src/cluster/types.ts';
import { isApiError } from '../../../src/cluster/apiserver/errors.ts';

const api = () => createCluster({ preset: 'empty', components: [] }).api;

function deployment(name: string, over: { selector?: unknown; labels?: Record<string, string> | null; replicas?: number; containers?: unknown[] } = {}): NewObject {
  const spec: Record<string, unknown> = {
    template: { metadata: over.labels === null ? {} : { labels: over.labels ?? { app: 'web' } }, spec: { containers: over.containers ?? [{ name: 'nginx', image: 'nginx' }] } },
  };
  if (over.selector !== null) spec.selector = over.selector ?? { matchLabels: { app: 'web' } };
  if (over.replicas !== undefined) spec.replicas = over.replicas;
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name }, spec };
}

function errorOf(f: () => unknown): { reason: string; message: string } {
  try {
    f();
  } catch (e) {
    if (isApiError(e)) return { reason: e.reason, message: e.message };
    throw e;
  }
  throw new Error('expected an API error');
}

const SUBDOMAIN =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

describe('API server validation messages', () => {
  it('rejects an uppercase Deployment name with the RFC 1123 subdomain message', () => {
    const e = errorOf(() => api().create(deployment('Web')));
    expect(e.reason).toBe('Invalid');
    expect(e.message).toBe(`Deployment.apps "Web" is invalid: metadata.name: Invalid value: "Web": ${SUBDOMAIN}`);
  });

  it('rejects a namespace name that is not an RFC 1123 label', () => {
    const e = errorOf(() => api().create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'my.ns' } }));
    expect(e.message).toBe(
      `Namespace "my.ns" is invalid: metadata.name: Invalid value: "my.ns": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`,
    );
  });

  it('rejects a Service name starting with a digit (DNS-1035)', () => {
    const e = errorOf(() => api().create({ apiVersion: 'v1', kind: 'Service', metadata: { name: '1web' }, spec: { ports: [{ port: 80 }] } }));
    expect(e.message).toBe(
      `Service "1web" is invalid: metadata.name: Invalid value: "1web": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')`,
    );
  });

  it('says the selector does not match the template labels', () => {
    const e = errorOf(() => api().create(deployment('inv1', { selector: { matchLabels: { app: 'other' } } })));
    expect(e.message).toBe('Deployment.apps "inv1" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`');
  });

  it('lists every cause of a Deployment without selector', () => {
    const e = errorOf(() => api().create(deployment('inv2', { selector: null })));
    expect(e.message).toBe(
      'Deployment.apps "inv2" is invalid: [spec.selector: Required value, spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`]',
    );
  });

  it('rejects negative replicas and a container without image', () => {
    expect(errorOf(() => api().create(deployment('neg', { replicas: -1 }))).message).toBe('Deployment.apps "neg" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0');
    expect(errorOf(() => api().create(deployment('noimg', { containers: [{ name: 'app' }] }))).message).toBe('Deployment.apps "noimg" is invalid: spec.template.spec.containers[0].image: Required value');
  });

  it('checks pods: containers required, names unique, names are labels', () => {
    const pod = (containers: unknown[]): NewObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers } });
    expect(errorOf(() => api().create(pod([]))).message).toBe('Pod "p" is invalid: spec.containers: Required value');
    expect(errorOf(() => api().create(pod([{ name: 'a', image: 'x' }, { name: 'a', image: 'y' }]))).message).toBe('Pod "p" is invalid: spec.containers[1].name: Duplicate value: "a"');
    expect(errorOf(() => api().create(pod([{ name: 'Web', image: 'x' }]))).message).toContain('spec.containers[0].name: Invalid value: "Web": a lowercase RFC 1123 label must consist of');
  });

  it('rejects bad label values with the label message', () => {
    const e = errorOf(() => api().create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', labels: { app: 'bad value' } } }));
    expect(e.message).toBe(
      `ConfigMap "c" is invalid: metadata.labels: Invalid value: "bad value": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
    );
  });

  it('forbids pod spec changes other than images on update', () => {
    const a = api();
    a.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } });
    const p = a.get('pods', 'default', 'p');
    p.spec.containers[0].ports = [{ containerPort: 80 }];
    const e = errorOf(() => a.update(p));
    expect(e.message).toMatch(/^Pod "p" is invalid: spec: Forbidden: pod updates may not change fields other than `spec.containers\[\*\].image`,/);
    const q = a.get('pods', 'default', 'p');
    q.spec.containers[0].image = 'nginx:1.27';
    expect(a.update(q).spec.containers[0].image).toBe('nginx:1.27');
  });

  it('rejects an unsupported restartPolicy in a Deployment template', () => {
    const d = deployment('rp');
    (d.spec.template.spec as Record<string, unknown>).restartPolicy = 'Never';
    expect(errorOf(() => api().create(d)).message).toBe('Deployment.apps "rp" is invalid: spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"');
  });
});

describe('decoding the request body (kubectl --validate=strict)', () => {
  it('rejects unknown fields with the strict decoding message', () => {
    const d = deployment('unk') as NewObject & { spec: Record<string, unknown> };
    d.spec.replica = 3;
    const e = errorOf(() => api().create(d, { fieldValidation: 'Strict' }));
    expect(e.reason).toBe('BadRequest');
    expect(e.message).toBe('Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.replica"');
    expect(api().create(d, { fieldValidation: 'Ignore' }).metadata.name).toBe('unk');
  });

  it('rejects a value of the wrong JSON type like encoding/json', () => {
    const d = deployment('typ') as NewObject & { spec: Record<string, unknown> };
    d.spec.replicas = '3';
    expect(errorOf(() => api().create(d, { fieldValidation: 'Strict' })).message).toBe(
      'Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32',
    );
  });
});
