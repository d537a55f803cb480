// The ValidatingAdmissionWebhook plugin: a ValidatingWebhookConfiguration whose rules match a write sends
// it to a Service in the cluster. No ready endpoint behind that Service fails the write (failurePolicy
// Fail), as on a real cluster right after an add-on's manifest is applied; a webhook server that a
// component registered for the path then allows or denies.
import type { ApiServer, KubeObject, ResourceInfo } from '../types.ts';
import type { Etcd } from '../etcd.ts';
import { ApiError } from './errors.ts';

export type AdmissionOperation = 'CREATE' | 'UPDATE' | 'DELETE';

export interface AdmissionRequest {
  operation: AdmissionOperation;
  resource: ResourceInfo;
  namespace: string;
  name: string;
  /** the object as it would be stored (undefined for DELETE) */
  object?: KubeObject;
  oldObject?: KubeObject;
  api: ApiServer;
}

/** A webhook server's answer: undefined allows; a string denies with that message. */
export type WebhookServer = (req: AdmissionRequest) => string | undefined;

const matches = (list: unknown, value: string) => Array.isArray(list) && (list.includes('*') || list.includes(value));

/** Every webhook of every configuration that applies to this write, in name order. */
function matchingWebhooks(etcd: Etcd, op: AdmissionOperation, r: ResourceInfo, version: string): any[] {
  const out: any[] = [];
  for (const cfg of etcd.list('validatingwebhookconfigurations')) {
    for (const hook of ((cfg as any).webhooks as any[] | undefined) ?? []) {
      const rules: any[] = hook?.rules ?? [];
      const hit = rules.some(
        (rule) =>
          matches(rule?.apiGroups, r.group) &&
          matches(rule?.apiVersions, version) &&
          matches(rule?.resources, r.plural) &&
          (matches(rule?.operations, op) || (Array.isArray(rule?.operations) && rule.operations.includes('*'))) &&
          (!rule?.scope || rule.scope === '*' || rule.scope === (r.namespaced ? 'Namespaced' : 'Cluster')),
      );
      if (hit) out.push(hook);
    }
  }
  return out;
}

/** Call the webhooks that match; throws the API server's error for an unreachable server or a denial. */
export function admitWithWebhooks(etcd: Etcd, servers: ReadonlyMap<string, WebhookServer>, req: AdmissionRequest, version: string): void {
  if (etcd.count('validatingwebhookconfigurations') === 0) return;
  for (const hook of matchingWebhooks(etcd, req.operation, req.resource, version)) {
    const svc = hook.clientConfig?.service;
    const failOpen = hook.failurePolicy === 'Ignore';
    const name = String(hook.name ?? '');
    if (!svc) continue;
    const path = svc.path ?? '';
    const url = `https://${svc.name}.${svc.namespace}.svc:${svc.port ?? 443}${path}?timeout=${hook.timeoutSeconds ?? 10}s`;
    const fail = (why: string) => {
      if (failOpen) return;
      throw new ApiError('InternalError', `Internal error occurred: failed calling webhook "${name}": failed to call webhook: Post "${url}": ${why}`, { group: req.resource.group, kind: req.resource.plural, name: req.name });
    };
    if (!etcd.get('services', svc.namespace, svc.name)) {
      fail(`service "${svc.name}" not found`);
      continue;
    }
    const ep = etcd.get('endpoints', svc.namespace, svc.name);
    const ready = ((ep as any)?.subsets as any[] | undefined)?.some((s) => (s?.addresses?.length ?? 0) > 0);
    if (!ready) {
      fail(`no endpoints available for service "${svc.name}"`);
      continue;
    }
    const server = servers.get(path);
    const denied = server?.(req);
    if (denied !== undefined) {
      throw new ApiError('Forbidden', `admission webhook "${name}" denied the request: ${denied}`, { group: req.resource.group, kind: req.resource.plural, name: req.name });
    }
  }
}
