// CustomResourceDefinitions (apiextensions.k8s.io/v1): validation and defaults of the CRD itself, the
// status the naming and establishing controllers give it, and what its structural schema does to custom
// objects here: `default` values and unknown-field detection for --validate=strict. No other schema checks.
import type { KubeObject, ResourceInfo, StatusCause } from '../types.ts';
import { compareKubeVersions, type CustomResource, type CustomVersion } from './resources.ts';
import { invalidValue, isDNS1035Label, isDNS1123Subdomain, notSupported, required } from './validation.ts';

export const CRD_PLURAL = 'customresourcedefinitions';

const STD_VERBS = ['delete', 'deletecollection', 'get', 'list', 'patch', 'create', 'update', 'watch'];

/** v1 defaulting: singular and listKind from kind, conversion None, version flags. */
export function defaultCrd(crd: KubeObject): void {
  const spec = crd.spec;
  if (!spec || typeof spec !== 'object') return;
  const names = (spec.names ??= {});
  if (!names.singular && names.kind) names.singular = String(names.kind).toLowerCase();
  if (!names.listKind && names.kind) names.listKind = `${names.kind}List`;
  spec.conversion ??= { strategy: 'None' };
}

/** ValidateCustomResourceDefinition (the rules a hand-written CRD can break). */
export function validateCrd(crd: KubeObject): StatusCause[] {
  const out: StatusCause[] = [];
  const spec = crd.spec ?? {};
  const names = spec.names ?? {};
  const group = spec.group;
  if (crd.metadata.name && names.plural && group && crd.metadata.name !== `${names.plural}.${group}`) {
    out.push(invalidValue('metadata.name', crd.metadata.name, 'must be spec.names.plural+"."+spec.group'));
  }
  if (!group) out.push(required('spec.group'));
  else if (isDNS1123Subdomain(group).length) out.push(invalidValue('spec.group', group, isDNS1123Subdomain(group).join(',')));
  else if (String(group).split('.').length < 2) out.push(invalidValue('spec.group', group, 'should be a domain with at least one dot'));
  if (!spec.scope) out.push(required('spec.scope'));
  else if (spec.scope !== 'Cluster' && spec.scope !== 'Namespaced') out.push(notSupported('spec.scope', spec.scope, ['Cluster', 'Namespaced']));
  const versions: any[] = Array.isArray(spec.versions) ? spec.versions : [];
  if (versions.length === 0) out.push(required('spec.versions'));
  const seen = new Set<string>();
  let unique = true;
  versions.forEach((v, i) => {
    const errs = isDNS1035Label(String(v?.name ?? ''));
    if (errs.length) out.push(invalidValue(`spec.versions[${i}].name`, v?.name ?? '', errs.join(',')));
    if (seen.has(v?.name)) unique = false;
    seen.add(v?.name);
  });
  const rendered = '[]apiextensions.CustomResourceDefinitionVersion{...}';
  if (!unique) out.push(invalidValue('spec.versions', versions, 'must contain unique version names', rendered));
  if (versions.length && versions.filter((v) => v?.storage === true).length !== 1) out.push(invalidValue('spec.versions', versions, 'must have exactly one version marked as storage version', rendered));
  if (!names.plural) out.push(required('spec.names.plural'));
  if (!names.singular) out.push(required('spec.names.singular'));
  if (!names.kind) out.push(required('spec.names.kind'));
  if (!names.listKind) out.push(required('spec.names.listKind'));
  const label = (field: string, v: unknown, prefix = '') => {
    if (typeof v !== 'string' || v === '') return;
    const errs = isDNS1035Label(prefix ? v.toLowerCase() : v);
    if (errs.length) out.push(invalidValue(field, v, prefix + errs.join(',')));
  };
  label('spec.names.plural', names.plural);
  label('spec.names.singular', names.singular);
  label('spec.names.kind', names.kind, 'may have mixed case, but should otherwise match: ');
  label('spec.names.listKind', names.listKind, 'may have mixed case, but should otherwise match: ');
  (Array.isArray(names.shortNames) ? names.shortNames : []).forEach((s: unknown, i: number) => label(`spec.names.shortNames[${i}]`, s));
  if (names.kind && names.kind === names.listKind) out.push(invalidValue('spec.names.listKind', names.listKind, 'kind and listKind may not be the same'));
  (Array.isArray(names.categories) ? names.categories : []).forEach((s: unknown, i: number) => label(`spec.names.categories[${i}]`, s));
  return out;
}

/** Immutable parts of a CRD on update (group and plural name the storage; scope and kind once established). */
export function validateCrdUpdate(next: KubeObject, prev: KubeObject): StatusCause[] {
  const out: StatusCause[] = [];
  const same = (a: unknown, b: unknown, field: string) => {
    if (a !== b) out.push(invalidValue(field, a, 'field is immutable'));
  };
  same(next.spec?.scope, prev.spec?.scope, 'spec.scope');
  same(next.spec?.names?.kind, prev.spec?.names?.kind, 'spec.names.kind');
  same(next.spec?.group, prev.spec?.group, 'spec.group');
  same(next.spec?.names?.plural, prev.spec?.names?.plural, 'spec.names.plural');
  return out;
}

/** The status once the naming and establishing controllers have run (they answer within milliseconds). */
export function crdStatus(crd: KubeObject, now: string, prev?: any): any {
  const names = crd.spec.names;
  const accepted: Record<string, unknown> = { kind: names.kind, listKind: names.listKind, plural: names.plural, singular: names.singular };
  if (names.shortNames?.length) accepted.shortNames = [...names.shortNames];
  if (names.categories?.length) accepted.categories = [...names.categories];
  const since = (type: string) => prev?.conditions?.find((c: any) => c.type === type)?.lastTransitionTime ?? now;
  const storage = (crd.spec.versions as any[]).find((v) => v.storage)?.name;
  const stored: string[] = [...(prev?.storedVersions ?? [])];
  if (storage && !stored.includes(storage)) stored.push(storage);
  return {
    acceptedNames: accepted,
    conditions: [
      { lastTransitionTime: since('NamesAccepted'), message: 'no conflicts found', reason: 'NoConflicts', status: 'True', type: 'NamesAccepted' },
      { lastTransitionTime: since('Established'), message: 'the initial names have been accepted', reason: 'InitialNamesAccepted', status: 'True', type: 'Established' },
    ],
    storedVersions: stored,
  };
}

/** What the API server registers for a stored CRD. */
export function customResourceOf(crd: KubeObject): CustomResource {
  const spec = crd.spec;
  const versions: CustomVersion[] = (spec.versions as any[]).map((v) => ({
    name: v.name,
    served: v.served !== false,
    storage: v.storage === true,
    schema: v.schema?.openAPIV3Schema,
    status: !!v.subresources && 'status' in v.subresources,
    additionalPrinterColumns: v.additionalPrinterColumns,
  }));
  const served = versions.filter((v) => v.served).map((v) => v.name).sort(compareKubeVersions);
  const info: ResourceInfo = {
    plural: spec.names.plural,
    singular: spec.names.singular ?? String(spec.names.kind).toLowerCase(),
    shortNames: [...(spec.names.shortNames ?? [])],
    kind: spec.names.kind,
    group: spec.group,
    version: served[0] ?? versions[0]!.name,
    namespaced: spec.scope === 'Namespaced',
    verbs: STD_VERBS,
  };
  if (spec.names.categories?.length) info.categories = [...spec.names.categories];
  return { crd: crd.metadata.name, info: Object.freeze(info), versions };
}

/** The CRD version an object's apiVersion names. */
export function versionOf(c: CustomResource, apiVersion: string): CustomVersion | undefined {
  const v = apiVersion.slice(apiVersion.indexOf('/') + 1);
  return c.versions.find((x) => x.name === v);
}

// ---------- structural schema: defaults and unknown fields ----------

type Schema = Record<string, any>;

/** Apply `default` values of the schema where the object lacks the field (after decoding, before validation). */
export function applyDefaults(value: unknown, schema: Schema | undefined): void {
  if (!schema || value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    if (schema.items) for (const x of value) applyDefaults(x, schema.items);
    return;
  }
  const o = value as Record<string, unknown>;
  const props: Record<string, Schema> | undefined = schema.properties;
  if (props) {
    for (const [k, sub] of Object.entries(props)) {
      if (o[k] === undefined && sub && 'default' in sub) o[k] = structuredCloneJson(sub.default);
      if (o[k] !== undefined) applyDefaults(o[k], sub);
    }
  } else if (schema.additionalProperties && typeof schema.additionalProperties === 'object') {
    for (const x of Object.values(o)) applyDefaults(x, schema.additionalProperties);
  }
}

const structuredCloneJson = <T>(v: T): T => (v === undefined ? v : JSON.parse(JSON.stringify(v)));

const META_FIELDS = new Set([
  'name', 'generateName', 'namespace', 'selfLink', 'uid', 'resourceVersion', 'generation', 'creationTimestamp', 'deletionTimestamp',
  'deletionGracePeriodSeconds', 'labels', 'annotations', 'ownerReferences', 'finalizers', 'managedFields',
]);

/** Fields the schema does not declare (what pruning would drop), as `spec.adresses`; only checked under fieldValidation=Strict. */
export function unknownFields(obj: Record<string, unknown>, schema: Schema | undefined): string[] {
  const out: string[] = [];
  if (!schema) return out;
  const walk = (v: unknown, s: Schema | undefined, path: string) => {
    if (!s || v === null || typeof v !== 'object' || s['x-kubernetes-preserve-unknown-fields'] === true) return;
    if (Array.isArray(v)) {
      v.forEach((x, i) => walk(x, s.items, `${path}[${i}]`));
      return;
    }
    const o = v as Record<string, unknown>;
    if (s.properties) {
      for (const [k, x] of Object.entries(o)) {
        const p = path ? `${path}.${k}` : k;
        const sub = s.properties[k];
        if (!sub) out.push(p);
        else walk(x, sub, p);
      }
    } else if (s.additionalProperties && typeof s.additionalProperties === 'object') {
      for (const [k, x] of Object.entries(o)) walk(x, s.additionalProperties, path ? `${path}.${k}` : k);
    }
  };
  for (const [k, v] of Object.entries(obj)) {
    if (k === 'apiVersion' || k === 'kind') continue;
    if (k === 'metadata') {
      if (v && typeof v === 'object') for (const m of Object.keys(v)) if (!META_FIELDS.has(m)) out.push(`metadata.${m}`);
      continue;
    }
    const sub = schema.properties?.[k];
    if (!sub) {
      if (schema['x-kubernetes-preserve-unknown-fields'] !== true) out.push(k);
      continue;
    }
    walk(v, sub, k);
  }
  return out;
}
