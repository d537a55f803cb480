// kubectl expose (-f FILE | TYPE NAME): a Service for a deployment, replica set, replication controller,
// pod or service, with the selector and ports read from the object (expose.go + polymorphichelpers).
import type { KubeObject, NewObject, ResourceInfo } from '../../cluster/types.ts';
import { CmdError } from '../errors.ts';
import type { Invocation, Verb } from '../invocation.ts';
import { parseManifests, readSources } from '../manifest.ts';
import { msg } from '../messages.ts';
import { applyPatch, type PatchType } from '../patch.ts';
import { parseOutput } from '../printers/output.ts';
import { parseTargets } from '../resources.ts';
import { dryRunOf, sortedMap, submitGenerated } from './common.ts';
import { LAST_APPLIED, mappingFor } from './create.ts';
import { compactJson, intOrString } from './create-service.ts';

interface Exposable {
  obj: KubeObject | NewObject;
  r: ResourceInfo;
}

/** polymorphichelpers.canBeExposed: the kinds expose knows, by group and kind. */
const EXPOSABLE = new Set(['/ReplicationController', '/Service', '/Pod', 'apps/Deployment', 'apps/ReplicaSet', 'extensions/Deployment', 'extensions/ReplicaSet']);

/** Go's `%+v` of []LabelSelectorRequirement. */
function exprsText(exprs: any[]): string {
  return `[${exprs.map((e) => `{Key:${e.key} Operator:${e.operator} Values:[${(e.values ?? []).join(' ')}]}`).join(' ')}]`;
}

/** MapBasedSelectorForObject: `k=v,...`, or why there is none. */
function selectorFor(obj: KubeObject | NewObject): Record<string, string> {
  const spec = obj.spec ?? {};
  switch (obj.kind) {
    case 'ReplicationController':
      return spec.selector ?? {};
    case 'Pod':
      if (!obj.metadata.labels || Object.keys(obj.metadata.labels).length === 0) throw new CmdError(msg.exposeNoSelector(msg.exposePodNoLabels));
      return obj.metadata.labels;
    case 'Service':
      if (!spec.selector) throw new CmdError(msg.exposeNoSelector(msg.exposeServiceNoSelector));
      return spec.selector;
    default: {
      const what = obj.kind === 'Deployment' ? 'deployment' : 'replicaset';
      if (!spec.selector || Object.keys(spec.selector.matchLabels ?? {}).length === 0) throw new CmdError(msg.exposeNoSelector(msg.exposeNoSelectors(what)));
      if ((spec.selector.matchExpressions ?? []).length) throw new CmdError(msg.exposeNoSelector(msg.exposeExpressions(exprsText(spec.selector.matchExpressions))));
      return spec.selector.matchLabels;
    }
  }
}

function podSpecOf(obj: KubeObject | NewObject): any {
  return obj.kind === 'Pod' ? obj.spec : obj.spec?.template?.spec;
}

/** PortsForObject: container ports (or a service's ports), duplicates dropped, as strings. */
function portsFor(obj: KubeObject | NewObject): string[] {
  const out: string[] = [];
  const add = (p: unknown) => {
    const k = String(p);
    if (!out.includes(k)) out.push(k);
  };
  if (obj.kind === 'Service') for (const p of obj.spec?.ports ?? []) add(p.port);
  else for (const c of podSpecOf(obj)?.containers ?? []) for (const p of c.ports ?? []) add(p.containerPort);
  return out;
}

/** MultiProtocolsForObject: port → protocols, in declaration order. */
function protocolsFor(obj: KubeObject | NewObject): Map<string, string[]> {
  const m = new Map<string, string[]>();
  const add = (port: unknown, proto: string | undefined) => {
    const k = String(port);
    m.set(k, [...(m.get(k) ?? []), proto || 'TCP']);
  };
  if (obj.kind === 'Service') for (const p of obj.spec?.ports ?? []) add(p.port, p.protocol);
  else for (const c of podSpecOf(obj)?.containers ?? []) for (const p of c.ports ?? []) add(p.containerPort, p.protocol);
  return m;
}

/** expose.go parseLabels: `k=v,k2=v2` only. */
function parseLabels(spec: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of spec.split(',')) {
    const kv = part.split('=');
    if (kv.length !== 2) throw new CmdError(msg.exposeLabelSpec(part));
    if (kv[0] === '') throw new CmdError(msg.exposeEmptyLabelKey);
    out[kv[0]!] = kv[1]!;
  }
  return out;
}

/** ExposeServiceOptions.createService: the Service, fields in Go order. */
function buildService(inv: Invocation, target: Exposable): Record<string, any> {
  const { flags } = inv;
  const obj = target.obj;
  const selector = flags.str('selector') ? parseLabels(flags.str('selector')) : selectorFor(obj);
  const headless = flags.str('cluster-ip') === 'None';
  let portString = flags.str('port');
  if (!portString) {
    const ports = portsFor(obj);
    if (ports.length === 0 && !headless) throw new CmdError(msg.exposeNoPort);
    portString = ports.join(',');
  }
  const protocolMap = protocolsFor(obj);
  const labelSpec = flags.str('labels');
  const labels = labelSpec ? parseLabels(labelSpec) : obj.metadata.labels && Object.keys(obj.metadata.labels).length ? { ...obj.metadata.labels } : undefined;
  // service names are DNS-1035 labels: at most 63 characters
  const name = flags.str('name') || (obj.metadata.name ?? '').slice(0, 63);
  const protocolFlag = flags.str('protocol');
  const ports: Record<string, unknown>[] = [];
  if (portString) {
    const list = portString.split(',');
    list.forEach((p, i) => {
      if (!/^[+-]?\d+$/.test(p)) throw new CmdError(msg.atoiInvalid(p));
      const port = Number(p);
      const portName = list.length > 1 ? `port-${i + 1}` : '';
      let protocol = protocolFlag;
      if (!protocol) {
        protocol = 'TCP';
        const found = protocolMap.get(p);
        if (found && found.length > 1) {
          for (const proto of found) ports.push({ name: `port-${i + 1}-${proto.toLowerCase()}`, protocol: proto, port });
          return;
        }
        if (found) protocol = found[0]!;
      }
      ports.push({ ...(portName ? { name: portName } : {}), protocol, port });
    });
  }
  const target_ = flags.str('target-port');
  for (const p of ports) p.targetPort = target_ ? intOrString(target_) : p.port;
  const metadata: Record<string, unknown> = { name };
  if (inv.namespaceSet && dryRunOf(inv) === 'client') metadata.namespace = inv.namespace;
  metadata.creationTimestamp = null;
  if (labels) metadata.labels = sortedMap(labels);
  const spec: Record<string, unknown> = {};
  if (ports.length) spec.ports = ports;
  spec.selector = sortedMap(selector);
  const clusterIP = flags.str('cluster-ip');
  if (clusterIP) spec.clusterIP = clusterIP;
  const type = flags.str('type');
  if (type) spec.type = type;
  if (flags.str('external-ip')) spec.externalIPs = [flags.str('external-ip')];
  const affinity = flags.str('session-affinity');
  if (affinity) {
    if (affinity !== 'None' && affinity !== 'ClientIP') throw new CmdError(msg.exposeSessionAffinity(affinity));
    spec.sessionAffinity = affinity;
  }
  if (type === 'LoadBalancer' && flags.str('load-balancer-ip')) spec.loadBalancerIP = flags.str('load-balancer-ip');
  return { kind: 'Service', apiVersion: 'v1', metadata, spec, status: { loadBalancer: {} } };
}

/** The Go field order of ServiceSpec (what -o json shows after --overrides went through the typed Service). */
function reorderSpec(svc: Record<string, any>): Record<string, any> {
  const order = [
    'ports', 'selector', 'clusterIP', 'clusterIPs', 'type', 'externalIPs', 'sessionAffinity', 'loadBalancerIP', 'loadBalancerSourceRanges', 'externalName',
    'externalTrafficPolicy', 'healthCheckNodePort', 'publishNotReadyAddresses', 'sessionAffinityConfig', 'ipFamilies', 'ipFamilyPolicy',
    'allocateLoadBalancerNodePorts', 'loadBalancerClass', 'internalTrafficPolicy', 'trafficDistribution',
  ];
  const spec = svc.spec as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of order) if (k in spec) out[k] = spec[k];
  for (const k of Object.keys(spec)) if (!(k in out)) out[k] = spec[k];
  return { ...svc, spec: out };
}

/** The objects named on the command line or in -f files. */
function targets(inv: Invocation): Exposable[] {
  const api = inv.ctx.cluster.api;
  const files = inv.flags.list('filename');
  if (files.length === 0 && inv.args.length === 0) throw new CmdError(msg.provideResources);
  const out: Exposable[] = [];
  if (files.length) {
    for (const m of parseManifests(readSources(inv.ctx, files, inv.flags.bool('recursive')))) out.push({ obj: m.obj, r: mappingFor(inv, m) });
  }
  for (const t of parseTargets(api, inv.args)) {
    if (t.names.length === 0) throw new CmdError(msg.deleteNoName);
    for (const n of t.names) out.push({ obj: api.get(t.resource.plural, t.resource.namespaced ? inv.namespace : undefined, n), r: t.resource });
  }
  return out;
}

export const exposeVerb: Verb = {
  name: 'expose',
  help: 'expose',
  async run(inv) {
    const { flags } = inv;
    const dry = dryRunOf(inv);
    if (flags.str('output')) parseOutput(flags.str('output'), false);
    const overrideType = (flags.str('override-type') || 'merge') as PatchType;
    for (const t of targets(inv)) {
      const groupKind = t.r.group ? `${t.r.kind}.${t.r.group}` : t.r.kind;
      if (!EXPOSABLE.has(`${t.r.group}/${t.r.kind}`)) throw new CmdError(msg.cannotExpose(groupKind));
      let svc = buildService(inv, t);
      if (flags.str('overrides') && !['json', 'merge', 'strategic'].includes(overrideType)) throw new CmdError(msg.exposeOverrideType(overrideType));
      if (flags.str('overrides')) svc = reorderSpec(applyPatch(svc, flags.str('overrides'), overrideType) as Record<string, any>);
      // --save-config annotates what is sent, never what --dry-run=client prints
      if (flags.bool('save-config') && dry !== 'client') {
        svc = { ...svc, metadata: { ...svc.metadata, annotations: { ...(svc.metadata.annotations ?? {}), [LAST_APPLIED]: compactJson(svc) + '\n' } } };
      }
      submitGenerated(inv, 'services', svc, flags.str('field-manager') || 'kubectl-expose', dry, undefined, msg.exposed);
    }
    return 0;
  },
};
