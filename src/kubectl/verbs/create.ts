// kubectl create -f, create deployment, create namespace.
import { isApiError } from '../../cluster/apiserver/errors.ts';
import type { KubeObject, NewObject, ResourceInfo } from '../../cluster/types.ts';
import { CmdError, errorText, wrapApiError } from '../errors.ts';
import type { Invocation, Verb } from '../invocation.ts';
import { parseManifests, readSources, streamManifests, type Manifest } from '../manifest.ts';
import { msg } from '../messages.ts';
import { parseOutput } from '../printers/output.ts';
import { dryRunOf, fieldValidationOf, printResult, submitGenerated } from './common.ts';
import { createIngressVerb, createServiceVerb } from './create-service.ts';
import { createConfigMap, createSecret } from './create-data.ts';

export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** The resource for a manifest, or the "resource mapping not found" error. */
export function mappingFor(inv: Invocation, m: Manifest): ResourceInfo {
  const api = inv.ctx.cluster.api;
  const [group, version] = m.obj.apiVersion.includes('/') ? m.obj.apiVersion.split('/') : ['', m.obj.apiVersion];
  const r = api.resources.find((x) => x.kind === m.obj.kind && x.group === group && x.version === version) ?? servedCustomVersion(inv, group!, version!, m.obj.kind);
  if (!r) throw new CmdError(msg.noMatchKind(m.obj.metadata?.name ?? '', m.obj.metadata?.namespace ?? '', m.source, m.obj.kind, m.obj.apiVersion));
  return r;
}

/**
 * Discovery lists every version a CRD serves, not only the preferred one: a manifest written for another
 * served version (metallb.io/v1beta1 BGPPeer while v1beta2 is preferred) maps to the same resource.
 */
function servedCustomVersion(inv: Invocation, group: string, version: string, kind: string): ResourceInfo | undefined {
  const api = inv.ctx.cluster.api;
  if (!group || !api.resolve('customresourcedefinitions')) return undefined;
  const preferred = api.resources.find((x) => x.kind === kind && x.group === group);
  if (!preferred) return undefined;
  const crd = api.tryGet('customresourcedefinitions', undefined, `${preferred.plural}.${group}`);
  const served = ((crd?.spec?.versions as { name: string; served?: boolean }[] | undefined) ?? []).some((v) => v.name === version && v.served === true);
  return served ? { ...preferred, version } : undefined;
}

/** Namespace a manifest goes to: its own, or -n, or default; a conflict with -n is an error. */
export function namespaceFor(inv: Invocation, r: ResourceInfo, m: Manifest): string | undefined {
  if (!r.namespaced) return undefined;
  const own = m.obj.metadata?.namespace;
  if (own && inv.namespaceSet && own !== inv.namespace) throw new CmdError(msg.namespaceMismatch(own, inv.namespace));
  return own || inv.namespace;
}

export function loadManifests(inv: Invocation): Manifest[] {
  const files = inv.flags.list('filename');
  if (files.length === 0) throw new CmdError(msg.mustSpecifyFilename);
  return parseManifests(readSources(inv.ctx, files, inv.flags.bool('recursive')));
}

/**
 * The manifests before any parse error, and the error to report after acting on them: kubectl's
 * builder streams documents, so `create -f`/`apply -f` act on the earlier documents of a file first.
 */
export function streamManifestsOf(inv: Invocation): { manifests: Manifest[]; error?: CmdError } {
  const files = inv.flags.list('filename');
  if (files.length === 0) throw new CmdError(msg.mustSpecifyFilename);
  const { manifests, errors } = streamManifests(readSources(inv.ctx, files, inv.flags.bool('recursive')));
  return { manifests, error: errors.length ? new CmdError(errors.map((e) => e.message).join('\n')) : undefined };
}

const createFile: Verb['run'] = async (inv) => {
  if (inv.args.length) throw new CmdError(msg.unexpectedArgsCreate(inv.args), msg.seeHelpExamples('create'));
  if (inv.flags.str('output')) parseOutput(inv.flags.str('output'), false);
  const { manifests, error } = streamManifestsOf(inv);
  const dry = dryRunOf(inv);
  const fieldValidation = fieldValidationOf(inv);
  const api = inv.ctx.cluster.api;
  let failed = false;
  for (const m of manifests) {
    const r = mappingFor(inv, m);
    const ns = namespaceFor(inv, r, m);
    const obj: NewObject = JSON.parse(JSON.stringify(m.obj));
    if (ns) obj.metadata.namespace = ns;
    if (inv.flags.bool('save-config')) {
      obj.metadata.annotations = { ...(obj.metadata.annotations ?? {}), [LAST_APPLIED]: JSON.stringify(m.obj) + '\n' };
    }
    if (dry === 'client') {
      printResult(inv, r, obj as KubeObject, (ref) => msg.created(ref, dry));
      continue;
    }
    try {
      const created = api.create(obj, { dryRun: dry === 'server', fieldManager: 'kubectl-create', fieldValidation });
      printResult(inv, r, created, (ref) => msg.created(ref, dry));
    } catch (e) {
      if (!isApiError(e)) throw e;
      inv.ctx.err(errorText(e.reason === 'Invalid' ? e : wrapApiError(e, 'creating', m.source)));
      failed = true;
    }
  }
  if (error) throw error;
  return failed ? 1 : 0;
};

/** Container name from an image: basename without tag or digest. */
export function containerNameFor(image: string, suffix: () => string): string {
  let name = image.split('/').pop() ?? image;
  if (name.includes(':')) name = name.split(':')[0];
  if (name.includes('@')) name = name.split('@')[0];
  if (/[_.]/.test(name)) name = `${name.replace(/[_.]/g, '-')}-${suffix()}`;
  return name;
}

const createDeployment: Verb = {
  name: 'deployment',
  aliases: ['deploy'],
  help: 'create deployment',
  required: ['image'],
  async run(inv) {
    if (inv.args.length !== 1) throw new CmdError(msg.exactlyOneName(inv.args.length), msg.seeHelpExamples('create deployment'));
    const dry = dryRunOf(inv);
    if (inv.flags.str('output')) parseOutput(inv.flags.str('output'), false);
    const name = inv.args[0];
    const labels = { app: name };
    const images = inv.flags.list('image');
    const port = inv.flags.int('port');
    const containers = images.map((image, i) => {
      const c: Record<string, unknown> = { name: containerNameFor(image, () => inv.ctx.cluster.random.suffix(5)), image };
      if (i === 0 && port > 0) c.ports = [{ containerPort: port }];
      c.resources = {};
      return c;
    });
    const metadata: Record<string, unknown> = { name };
    if (inv.namespaceSet) metadata.namespace = inv.namespace;
    metadata.creationTimestamp = null;
    metadata.labels = labels;
    const deploy = {
      kind: 'Deployment',
      apiVersion: 'apps/v1',
      metadata,
      spec: {
        replicas: inv.flags.int('replicas'),
        selector: { matchLabels: { ...labels } },
        template: { metadata: { creationTimestamp: null, labels: { ...labels } }, spec: { containers } },
        strategy: {},
      },
      status: {},
    };
    return submitGenerated(inv, 'deployments', deploy, 'kubectl-create', dry, (e) => new CmdError(msg.createFailed('deployment', e.message)));
  },
};

const createNamespace: Verb = {
  name: 'namespace',
  aliases: ['ns'],
  help: 'create namespace',
  async run(inv) {
    if (inv.args.length !== 1) throw new CmdError(msg.exactlyOneName(inv.args.length), msg.seeHelpExamples('create namespace'));
    const dry = dryRunOf(inv);
    if (inv.flags.str('output')) parseOutput(inv.flags.str('output'), false);
    const ns = { kind: 'Namespace', apiVersion: 'v1', metadata: { name: inv.args[0], creationTimestamp: null }, spec: {}, status: {} };
    const r = inv.ctx.cluster.api.resolve('namespaces')!;
    if (dry === 'client') {
      printResult(inv, r, ns as unknown as KubeObject, (ref) => msg.created(ref, dry), false);
      return 0;
    }
    const created = inv.ctx.cluster.api.create({ kind: 'Namespace', apiVersion: 'v1', metadata: { name: inv.args[0] }, spec: {} }, { dryRun: dry === 'server', fieldManager: 'kubectl-create' });
    printResult(inv, r, created, (ref) => msg.created(ref, dry));
    return 0;
  },
};

export const createVerb: Verb = {
  name: 'create',
  help: 'create',
  sub: [createConfigMap, createDeployment, createIngressVerb, createNamespace, createSecret, createServiceVerb],
  unsupportedSub: ['clusterrole', 'clusterrolebinding', 'cronjob', 'cj', 'job', 'poddisruptionbudget', 'pdb', 'priorityclass', 'pc', 'quota', 'resourcequota', 'role', 'rolebinding', 'serviceaccount', 'sa', 'token'],
  run: createFile,
};
