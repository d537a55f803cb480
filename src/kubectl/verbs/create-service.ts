// kubectl create service clusterip|nodeport|loadbalancer|externalname and kubectl create ingress:
// the generators of create_service.go and create_ingress.go, objects built in Go field order.
import { CmdError } from '../errors.ts';
import { goQuote } from '../format/json.ts';
import { UPSTREAM_HELP } from '../help/upstream-help.ts';
import type { Invocation, Verb } from '../invocation.ts';
import { msg } from '../messages.ts';
import { parseOutput } from '../printers/output.ts';
import { dryRunOf, sortedMap, submitGenerated } from './common.ts';
import { LAST_APPLIED } from './create.ts';

type ServiceType = 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalName';

/** strconv.ParseUint(s, 10, 16), as utilsnet.ParsePort(s, true) uses it. */
function parseUint16(s: string): number {
  if (!/^\d+$/.test(s)) throw new CmdError(msg.parseUintSyntax(s));
  const n = Number(s);
  if (n > 65535) throw new CmdError(msg.parseUintRange(s));
  return n;
}

/** validation.IsValidPortName: every rule that fails, in order. */
function portNameErrors(name: string): string[] {
  const errs: string[] = [];
  if (name.length > 15) errs.push(msg.portNameTooLong);
  if (!/^[-a-z0-9]+$/.test(name)) errs.push(msg.portNameCharset);
  if (!/[a-z]/.test(name)) errs.push(msg.portNameLetter);
  if (name.includes('--')) errs.push(msg.portNameDoubleHyphen);
  if (name.length > 0 && (name.startsWith('-') || name.endsWith('-'))) errs.push(msg.portNameHyphenEnds);
  return errs;
}

/** strconv.Atoi: optional sign, digits, within int64. */
function atoi(s: string): number | undefined {
  if (!/^[+-]?\d+$/.test(s)) return undefined;
  const n = Number(s);
  return Math.abs(n) <= 9223372036854775807 ? n : undefined;
}

/** create_service.go parsePorts: `port[:targetPort]`, target a number or a port name. */
function parsePortPair(spec: string): { port: number; targetPort: number | string } {
  const parts = spec.split(':');
  const port = parseUint16(parts[0]!);
  if (parts.length === 1) return { port, targetPort: port };
  const target = parts[1]!;
  const num = atoi(target);
  if (num === undefined) {
    const errs = portNameErrors(target);
    if (errs.length) throw new CmdError(errs.join(','));
    return { port, targetPort: target };
  }
  if (num < 1 || num > 65535) throw new CmdError(msg.portNumRange);
  return { port, targetPort: num };
}

/** validation.IsDNS1123Subdomain */
function isDns1123Subdomain(s: string): boolean {
  return s.length <= 253 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(s);
}

/** Compact JSON as Go's encoder writes it (fields in the order given), for last-applied annotations. */
export function compactJson(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return goQuote(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(compactJson).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o).filter((k) => o[k] !== undefined).map((k) => `${goQuote(k)}:${compactJson(o[k])}`).join(',')}}`;
}

/** The NAME argument of a create subcommand (NameFromCommandArgs, counting up to `--`). */
function nameArg(inv: Invocation): string {
  const n = inv.dashAt >= 0 ? inv.dashAt : inv.args.length;
  if (n !== 1) throw new CmdError(msg.exactlyOneName(n), msg.seeHelpExamples(inv.path));
  return inv.args[0]!;
}

function serviceVerb(name: string, type: ServiceType): Verb {
  return {
    name,
    help: `create service ${name}`,
    required: type === 'ExternalName' ? ['external-name'] : undefined,
    async run(inv) {
      const svcName = nameArg(inv);
      const dry = dryRunOf(inv);
      if (inv.flags.str('output')) parseOutput(inv.flags.str('output'), false);
      const tcp = inv.flags.list('tcp').flatMap((t) => t.split(','));
      const clusterIP = type === 'ClusterIP' ? inv.flags.str('clusterip') : '';
      const externalName = type === 'ExternalName' ? inv.flags.str('external-name') : '';
      if (clusterIP === 'None' && type !== 'ClusterIP') throw new CmdError(msg.svcNoneNotClusterIP);
      if (clusterIP !== 'None' && tcp.length === 0 && type !== 'ExternalName') throw new CmdError(msg.svcNeedsTcp);
      if (type === 'ExternalName' && !isDns1123Subdomain(externalName)) throw new CmdError(msg.svcBadExternalName(externalName));
      const nodePort = type === 'NodePort' ? inv.flags.int('node-port') : 0;
      const ports = tcp.map((t) => {
        const { port, targetPort } = parsePortPair(t);
        return { name: t.replaceAll(':', '-'), protocol: 'TCP', port, targetPort, ...(nodePort ? { nodePort } : {}) };
      });
      const metadata: Record<string, unknown> = { name: svcName };
      if (inv.namespaceSet) metadata.namespace = inv.namespace;
      metadata.creationTimestamp = null;
      metadata.labels = { app: svcName };
      const spec: Record<string, unknown> = {};
      if (ports.length) spec.ports = ports;
      spec.selector = { app: svcName };
      if (clusterIP) spec.clusterIP = clusterIP;
      spec.type = type;
      if (externalName) spec.externalName = externalName;
      // create_service.go never reads --save-config, so the annotation is not written
      const svc = { kind: 'Service', apiVersion: 'v1', metadata, spec, status: { loadBalancer: {} } };
      return submitGenerated(inv, 'services', svc, inv.flags.str('field-manager') || 'kubectl-create', dry, (e) => new CmdError(msg.createFailed(`${type} service`, e.message)));
    },
  };
}

export const createServiceVerb: Verb = {
  name: 'service',
  aliases: ['svc'],
  help: 'create service',
  sub: [serviceVerb('clusterip', 'ClusterIP'), serviceVerb('externalname', 'ExternalName'), serviceVerb('loadbalancer', 'LoadBalancer'), serviceVerb('nodeport', 'NodePort')],
  async run(inv) {
    // cobra's DefaultSubCommandRun: help on stderr without a subcommand, an error for an unknown one
    if (inv.args.length === 0) {
      inv.ctx.err(UPSTREAM_HELP['create service'] ?? '');
      return 1;
    }
    throw new CmdError(msg.unknownSubcommand(inv.args[0]!), msg.seeHelpExamples('create service'));
  },
};

// create_ingress.go: host/path=svc:port with an optional ,tls[=secret]
const RULE = /^([\w*\-.]*)(\/.*)=([\w-]+):([\w-]+)(,(tls)=?([\w-]+)?)?/;

/** intstr.Parse: a 32-bit integer stays a number, anything else is a port name. */
export function intOrString(s: string): number | string {
  return /^[+-]?\d+$/.test(s) && Math.abs(Number(s)) <= 2147483647 ? Number(s) : s;
}

/** A backend port: `number` (omitted when zero) or `name`. */
function backendPort(port: string): Record<string, unknown> {
  const p = intOrString(port);
  if (typeof p === 'string') return { name: p };
  return p !== 0 ? { number: p } : {};
}

function backendFor(service: string): Record<string, unknown> {
  const [name, port] = service.split(':');
  return { service: { name, port: backendPort(port ?? '') } };
}

function httpPath(pathSvc: string): Record<string, unknown> {
  const parts = pathSvc.split('=');
  let path = '/' + parts[0];
  let pathType = 'Exact';
  // a trailing * means Prefix, and is dropped from the path
  if (path.endsWith('*')) {
    pathType = 'Prefix';
    path = path.slice(0, -1);
  }
  return { path, pathType, backend: backendFor(parts[1] ?? '') };
}

interface IngressTLS {
  hosts?: string[];
  secretName?: string;
}

function tlsRules(rules: string[]): IngressTLS[] {
  const seen = new Set<string>();
  const out: IngressTLS[] = [];
  for (const rule of rules) {
    const tls = rule.split(',');
    if (tls.length !== 2) continue;
    const host = rule.split('/')[0]!;
    const secretParts = tls[1]!.split('=');
    const secret = secretParts.length > 1 ? secretParts[1]! : '';
    if (seen.has(host)) continue;
    const idx = out.findIndex((t) => (t.secretName ?? '') === secret);
    if (idx > -1) {
      (out[idx]!.hosts ??= []).push(host);
      seen.add(host);
      continue;
    }
    const entry: IngressTLS = {};
    if (host !== '') entry.hosts = [host];
    if (secret !== '') entry.secretName = secret;
    if (entry.secretName || entry.hosts) out.push(entry);
    seen.add(host);
  }
  return out;
}

function ingressRules(rules: string[]): Record<string, any>[] {
  const out: Record<string, any>[] = [];
  for (const rule of rules) {
    const withoutTls = rule.split(',')[0]!;
    const slash = withoutTls.indexOf('/');
    const host = withoutTls.slice(0, slash);
    const path = httpPath(withoutTls.slice(slash + 1));
    const existing = out.find((r) => (r.host ?? '') === host);
    if (existing) {
      existing.http.paths.push(path);
      continue;
    }
    out.push({ ...(host ? { host } : {}), http: { paths: [path] } });
  }
  return out;
}

export const createIngressVerb: Verb = {
  name: 'ingress',
  aliases: ['ing'],
  help: 'create ingress',
  async run(inv) {
    const name = nameArg(inv);
    const dry = dryRunOf(inv);
    if (inv.flags.str('output')) parseOutput(inv.flags.str('output'), false);
    const rules = inv.flags.list('rule');
    const annotations = inv.flags.list('annotation');
    const defaultBackend = inv.flags.str('default-backend');
    if (!defaultBackend && rules.length === 0) throw new CmdError(msg.ingressNotEnough);
    for (const r of rules) if (!RULE.test(r)) throw new CmdError(msg.ingressRuleInvalid(r));
    for (const a of annotations) if (!a.includes('=')) throw new CmdError(msg.ingressAnnotationInvalid(a));
    if (defaultBackend && defaultBackend.split(':').length !== 2) throw new CmdError(msg.ingressDefaultBackendInvalid);

    const ann: Record<string, string> = {};
    for (const a of annotations) {
      const eq = a.indexOf('=');
      ann[a.slice(0, eq)] = a.slice(eq + 1);
    }
    const spec: Record<string, unknown> = {};
    if (inv.flags.str('class')) spec.ingressClassName = inv.flags.str('class');
    if (defaultBackend) spec.defaultBackend = backendFor(defaultBackend);
    const tls = tlsRules(rules);
    if (tls.length) spec.tls = tls;
    const ruleList = ingressRules(rules);
    if (ruleList.length) spec.rules = ruleList;
    const metadata: Record<string, unknown> = { name };
    if (inv.namespaceSet) metadata.namespace = inv.namespace;
    metadata.creationTimestamp = null;
    if (Object.keys(ann).length) metadata.annotations = sortedMap(ann);
    const ing = { kind: 'Ingress', apiVersion: 'networking.k8s.io/v1', metadata, spec, status: { loadBalancer: {} } };
    if (inv.flags.bool('save-config')) {
      // util.CreateOrUpdateAnnotation: the object as JSON, before the annotation is added
      const applied = compactJson(ing) + '\n';
      metadata.annotations = sortedMap({ ...ann, [LAST_APPLIED]: applied });
    }
    return submitGenerated(inv, 'ingresses', ing, inv.flags.str('field-manager') || 'kubectl-create', dry, (e) => new CmdError(msg.createFailed('ingress', e.message)));
  },
};
