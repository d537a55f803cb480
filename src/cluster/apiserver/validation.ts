import type { KubeObject, StatusCause } from '../types.ts';
import { matchesLabelSelector } from './selectors.ts';
import { deepEqual } from '../etcd.ts';

// Field errors worded as k8s.io/apimachinery/pkg/util/validation/field does.

/** Go's %#v / %q rendering of a bad value, as field.Invalid prints it. */
export function goValue(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) {
    if (v.every((x) => typeof x === 'string')) return `[]string{${v.map((x) => JSON.stringify(x)).join(', ')}}`;
    return `[]interface {}{${v.map(goValue).join(', ')}}`;
  }
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o).sort();
  if (keys.every((k) => typeof o[k] === 'string')) return `map[string]string{${keys.map((k) => `${JSON.stringify(k)}:${JSON.stringify(o[k])}`).join(', ')}}`;
  return `map[string]interface {}{${keys.map((k) => `${JSON.stringify(k)}:${goValue(o[k])}`).join(', ')}}`;
}

export const required = (field: string, detail = ''): StatusCause => ({ type: 'FieldValueRequired', field, message: detail ? `Required value: ${detail}` : 'Required value' });
export const invalidValue = (field: string, value: unknown, detail = '', rendered?: string): StatusCause => ({
  type: 'FieldValueInvalid',
  field,
  message: `Invalid value: ${rendered ?? goValue(value)}${detail ? `: ${detail}` : ''}`,
});
export const notSupported = (field: string, value: unknown, supported: string[]): StatusCause => ({
  type: 'FieldValueNotSupported',
  field,
  message: `Unsupported value: ${goValue(value)}: supported values: ${supported.map((s) => JSON.stringify(s)).join(', ')}`,
});
export const duplicate = (field: string, value: unknown): StatusCause => ({ type: 'FieldValueDuplicate', field, message: `Duplicate value: ${goValue(value)}` });
export const forbiddenField = (field: string, detail: string): StatusCause => ({ type: 'FieldValueForbidden', field, message: `Forbidden: ${detail}` });
export const tooLong = (field: string, max: number): StatusCause => ({ type: 'FieldValueTooLong', field, message: `Too long: may not be more than ${max} bytes` });

/** validation.RegexError: `msg (e.g. 'a',  or 'b', regex used for validation is 'fmt')`. */
function regexError(msg: string, fmt: string, ...examples: string[]): string {
  if (examples.length === 0) return `${msg} (regex used for validation is '${fmt}')`;
  let s = `${msg} (e.g. `;
  examples.forEach((e, i) => {
    if (i > 0) s += ' or ';
    s += `'${e}', `;
  });
  return `${s}regex used for validation is '${fmt}')`;
}
const maxLen = (n: number) => `must be no more than ${n} characters`;

const LABEL_FMT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const LABEL_RE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const SUBDOMAIN_FMT = `${LABEL_FMT}(\\.${LABEL_FMT})*`;
const SUBDOMAIN_RE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_FMT = '[a-z]([-a-z0-9]*[a-z0-9])?';
const DNS1035_RE = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const QNAME_FMT = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const QNAME_RE = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE_FMT = `(${QNAME_FMT})?`;
const LABEL_VALUE_RE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const CONFIG_KEY_FMT = '[-._a-zA-Z0-9]+';
const CONFIG_KEY_RE = /^[-._a-zA-Z0-9]+$/;

export function isDNS1123Label(v: string): string[] {
  const errs: string[] = [];
  if (v.length > 63) errs.push(maxLen(63));
  if (!LABEL_RE.test(v)) errs.push(regexError("a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character", LABEL_FMT, 'my-name', '123-abc'));
  return errs;
}

export function isDNS1123Subdomain(v: string): string[] {
  const errs: string[] = [];
  if (v.length > 253) errs.push(maxLen(253));
  if (!SUBDOMAIN_RE.test(v)) errs.push(regexError("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character", SUBDOMAIN_FMT, 'example.com'));
  return errs;
}

export function isDNS1035Label(v: string): string[] {
  const errs: string[] = [];
  if (v.length > 63) errs.push(maxLen(63));
  if (!DNS1035_RE.test(v)) errs.push(regexError("a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character", DNS1035_FMT, 'my-name', 'abc-123'));
  return errs;
}

/** Label keys and annotation keys: `[prefix/]name`. */
export function isQualifiedName(v: string): string[] {
  const errs: string[] = [];
  const parts = v.split('/');
  let name: string;
  if (parts.length === 1) name = parts[0]!;
  else if (parts.length === 2) {
    const prefix = parts[0]!;
    name = parts[1]!;
    if (prefix.length === 0) errs.push('prefix part must be non-empty');
    else for (const m of isDNS1123Subdomain(prefix)) errs.push(`prefix part ${m}`);
  } else {
    return [`a qualified name ${regexError("must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character", QNAME_FMT, 'MyName', 'my.name', '123-abc')} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`];
  }
  if (name.length === 0) errs.push('name part must be non-empty');
  else if (name.length > 63) errs.push(`name part ${maxLen(63)}`);
  if (name.length > 0 && !QNAME_RE.test(name)) errs.push(`name part ${regexError("must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character", QNAME_FMT, 'MyName', 'my.name', '123-abc')}`);
  return errs;
}

export function isValidLabelValue(v: string): string[] {
  const errs: string[] = [];
  if (v.length > 63) errs.push(maxLen(63));
  if (!LABEL_VALUE_RE.test(v)) errs.push(regexError("a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character", LABEL_VALUE_FMT, 'MyValue', 'my_value', '12345'));
  return errs;
}

export function isConfigMapKey(v: string): string[] {
  const errs: string[] = [];
  if (v.length > 253) errs.push(maxLen(253));
  if (!CONFIG_KEY_RE.test(v)) errs.push(regexError("a valid config key must consist of alphanumeric characters, '-', '_' or '.'", CONFIG_KEY_FMT, 'key.name', 'KEY_NAME', 'key-name'));
  if (v === '.') errs.push(`must not be '.'`);
  else if (v === '..') errs.push(`must not be '..'`);
  else if (v.startsWith('..')) errs.push(`must not start with '..'`);
  return errs;
}

/** IANA service names (port names). */
export function isValidPortName(v: string): string[] {
  const errs: string[] = [];
  if (v.length > 15) errs.push(maxLen(15));
  if (!/^[-a-z0-9]+$/.test(v)) errs.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  if (!/[a-z]/.test(v)) errs.push('must contain at least one letter (a-z)');
  if (/--/.test(v)) errs.push('must not contain consecutive hyphens');
  if (v.startsWith('-') || v.endsWith('-')) errs.push('must not begin or end with a hyphen');
  return errs;
}

export function isValidPortNum(p: number): string[] {
  return Number.isInteger(p) && p >= 1 && p <= 65535 ? [] : ['must be between 1 and 65535, inclusive'];
}

export function isValidIPv4(s: string): boolean {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  return !!m && m.slice(1).every((x) => Number(x) <= 255 && (x === '0' || !x.startsWith('0')));
}

export type NameRule = 'subdomain' | 'label' | 'dns1035' | 'path';

export function nameRuleFor(plural: string): NameRule {
  if (plural === 'namespaces') return 'label';
  if (plural === 'services') return 'dns1035';
  if (['roles', 'rolebindings', 'clusterroles', 'clusterrolebindings'].includes(plural)) return 'path';
  return 'subdomain';
}

function nameErrors(rule: NameRule, name: string): string[] {
  switch (rule) {
    case 'label':
      return isDNS1123Label(name);
    case 'dns1035':
      return isDNS1035Label(name);
    case 'path': {
      if (name === '.' || name === '..') return [`may not be '${name}'`];
      const errs: string[] = [];
      if (name.includes('/')) errs.push(`may not contain '/'`);
      if (name.includes('%')) errs.push(`may not contain '%'`);
      return errs;
    }
    default:
      return isDNS1123Subdomain(name);
  }
}

export function validateLabels(labels: unknown, field: string): StatusCause[] {
  const out: StatusCause[] = [];
  if (!labels || typeof labels !== 'object') return out;
  for (const [k, v] of Object.entries(labels as Record<string, unknown>)) {
    for (const m of isQualifiedName(k)) out.push(invalidValue(field, k, m));
    if (typeof v !== 'string') out.push(invalidValue(`${field}[${k}]`, v, 'must be a string'));
    else for (const m of isValidLabelValue(v)) out.push(invalidValue(field, v, m));
  }
  return out;
}

export function validateAnnotations(ann: unknown, field: string): StatusCause[] {
  const out: StatusCause[] = [];
  if (!ann || typeof ann !== 'object') return out;
  let total = 0;
  for (const [k, v] of Object.entries(ann as Record<string, unknown>)) {
    for (const m of isQualifiedName(k.toLowerCase())) out.push(invalidValue(field, k, m));
    total += k.length + String(v).length;
  }
  if (total > 256 * 1024) out.push(tooLong(field, 256 * 1024));
  return out;
}

/** ValidateObjectMeta: name (or generateName), namespace presence, labels, annotations. */
export function validateObjectMeta(obj: KubeObject, plural: string, namespaced: boolean): StatusCause[] {
  const out: StatusCause[] = [];
  const md = obj.metadata;
  const rule = nameRuleFor(plural);
  if (md.generateName) {
    const prefix = md.generateName.endsWith('-') ? md.generateName.slice(0, -1) : md.generateName;
    for (const m of nameErrors(rule, prefix)) out.push(invalidValue('metadata.generateName', md.generateName, m));
  }
  if (!md.name) out.push(required('metadata.name', 'name or generateName is required'));
  else for (const m of nameErrors(rule, md.name)) out.push(invalidValue('metadata.name', md.name, m));
  if (namespaced) {
    if (!md.namespace) out.push(required('metadata.namespace'));
  } else if (md.namespace) {
    out.push(forbiddenField('metadata.namespace', 'not allowed on this type'));
  }
  out.push(...validateLabels(md.labels, 'metadata.labels'));
  out.push(...validateAnnotations(md.annotations, 'metadata.annotations'));
  for (const [i, f] of (md.finalizers ?? []).entries()) {
    for (const m of isQualifiedName(f)) out.push(invalidValue(`metadata.finalizers[${i}]`, f, m));
  }
  return out;
}

const RESTART = ['Always', 'OnFailure', 'Never'];
const DNS_POLICY = ['ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None'];
const PULL = ['Always', 'IfNotPresent', 'Never'];
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];

function validateContainers(list: any, path: string, isInit: boolean, seen: Set<string>, volumes: Set<string>): StatusCause[] {
  const out: StatusCause[] = [];
  if (!Array.isArray(list)) return out;
  list.forEach((c: any, i: number) => {
    const p = `${path}[${i}]`;
    if (!c || typeof c !== 'object') return;
    if (!c.name) out.push(required(`${p}.name`));
    else {
      for (const m of isDNS1123Label(c.name)) out.push(invalidValue(`${p}.name`, c.name, m));
      if (seen.has(c.name)) out.push(duplicate(`${p}.name`, c.name));
      seen.add(c.name);
    }
    if (!c.image || (typeof c.image === 'string' && c.image.trim() === '')) out.push(required(`${p}.image`));
    if (c.imagePullPolicy !== undefined && !PULL.includes(c.imagePullPolicy)) out.push(notSupported(`${p}.imagePullPolicy`, c.imagePullPolicy, PULL));
    const portNames = new Set<string>();
    (Array.isArray(c.ports) ? c.ports : []).forEach((port: any, j: number) => {
      const pp = `${p}.ports[${j}]`;
      if (port?.name) {
        for (const m of isValidPortName(port.name)) out.push(invalidValue(`${pp}.name`, port.name, m));
        if (portNames.has(port.name)) out.push(duplicate(`${pp}.name`, port.name));
        portNames.add(port.name);
      }
      if (port?.containerPort === undefined || port?.containerPort === 0) out.push(required(`${pp}.containerPort`));
      else for (const m of isValidPortNum(port.containerPort)) out.push(invalidValue(`${pp}.containerPort`, port.containerPort, m));
      if (port?.hostPort) for (const m of isValidPortNum(port.hostPort)) out.push(invalidValue(`${pp}.hostPort`, port.hostPort, m));
      if (port?.protocol !== undefined && !PROTOCOLS.includes(port.protocol)) out.push(notSupported(`${pp}.protocol`, port.protocol, PROTOCOLS));
    });
    (Array.isArray(c.volumeMounts) ? c.volumeMounts : []).forEach((vm: any, j: number) => {
      const vp = `${p}.volumeMounts[${j}]`;
      if (!vm?.name) out.push(required(`${vp}.name`));
      else if (!volumes.has(vm.name)) out.push({ type: 'FieldValueNotFound', field: `${vp}.name`, message: `Not found: ${goValue(vm.name)}` });
      if (!vm?.mountPath) out.push(required(`${vp}.mountPath`));
    });
    (Array.isArray(c.env) ? c.env : []).forEach((e: any, j: number) => {
      if (!e?.name) out.push(required(`${p}.env[${j}].name`));
    });
    if (isInit && c.lifecycle === undefined && c.readinessProbe !== undefined && c.restartPolicy !== 'Always') {
      out.push(forbiddenField(`${p}.readinessProbe`, 'may not be set for init containers without restartPolicy=Always'));
    }
  });
  return out;
}

/** ValidatePodSpec (the parts a learner can get wrong). */
export function validatePodSpec(spec: any, path: string): StatusCause[] {
  const out: StatusCause[] = [];
  if (!spec || typeof spec !== 'object') return [required(path)];
  const volumes = new Set<string>();
  (Array.isArray(spec.volumes) ? spec.volumes : []).forEach((v: any, i: number) => {
    const vp = `${path}.volumes[${i}]`;
    if (!v?.name) out.push(required(`${vp}.name`));
    else {
      for (const m of isDNS1123Label(v.name)) out.push(invalidValue(`${vp}.name`, v.name, m));
      if (volumes.has(v.name)) out.push(duplicate(`${vp}.name`, v.name));
      volumes.add(v.name);
    }
  });
  const seen = new Set<string>();
  if (!Array.isArray(spec.containers) || spec.containers.length === 0) out.push(required(`${path}.containers`));
  else out.push(...validateContainers(spec.containers, `${path}.containers`, false, seen, volumes));
  out.push(...validateContainers(spec.initContainers, `${path}.initContainers`, true, seen, volumes));
  if (spec.restartPolicy !== undefined && !RESTART.includes(spec.restartPolicy)) out.push(notSupported(`${path}.restartPolicy`, spec.restartPolicy, RESTART));
  if (spec.dnsPolicy !== undefined && !DNS_POLICY.includes(spec.dnsPolicy)) out.push(notSupported(`${path}.dnsPolicy`, spec.dnsPolicy, DNS_POLICY));
  out.push(...validateLabels(spec.nodeSelector, `${path}.nodeSelector`));
  if (spec.serviceAccountName) for (const m of isDNS1123Subdomain(spec.serviceAccountName)) out.push(invalidValue(`${path}.serviceAccountName`, spec.serviceAccountName, m));
  if (spec.nodeName) for (const m of isDNS1123Subdomain(spec.nodeName)) out.push(invalidValue(`${path}.nodeName`, spec.nodeName, m));
  if (typeof spec.terminationGracePeriodSeconds === 'number' && spec.terminationGracePeriodSeconds < 0) {
    out.push(invalidValue(`${path}.terminationGracePeriodSeconds`, spec.terminationGracePeriodSeconds, 'must be greater than or equal to 0'));
  }
  if (typeof spec.activeDeadlineSeconds === 'number' && spec.activeDeadlineSeconds <= 0) {
    out.push(invalidValue(`${path}.activeDeadlineSeconds`, spec.activeDeadlineSeconds, 'must be between 1 and 2147483647, inclusive'));
  }
  (Array.isArray(spec.tolerations) ? spec.tolerations : []).forEach((t: any, i: number) => {
    const tp = `${path}.tolerations[${i}]`;
    if (t?.operator !== undefined && !['Exists', 'Equal'].includes(t.operator)) out.push(notSupported(`${tp}.operator`, t.operator, ['Equal', 'Exists']));
    if (t?.effect && !['NoSchedule', 'PreferNoSchedule', 'NoExecute'].includes(t.effect)) out.push(notSupported(`${tp}.effect`, t.effect, ['NoExecute', 'NoSchedule', 'PreferNoSchedule']));
    if (t?.operator === 'Exists' && t.value) out.push(invalidValue(`${tp}.operator`, t.operator, 'value must be empty when `operator` is \'Exists\''));
  });
  return out;
}

/** ValidatePodTemplateSpecForReplicaSet: template labels must match the selector, restartPolicy Always. */
function validateTemplateFor(spec: any, base: string, opts: { selector: any; restartAlways: boolean }): StatusCause[] {
  const out: StatusCause[] = [];
  const tpl = spec?.template;
  if (!tpl) return [required(`${base}.template`)];
  const labels = tpl.metadata?.labels;
  const sel = opts.selector;
  const selEmpty = sel && Object.keys(sel.matchLabels ?? {}).length + (sel.matchExpressions ?? []).length === 0;
  if (!selEmpty && !matchesLabelSelector(sel, labels)) {
    out.push(invalidValue(`${base}.template.metadata.labels`, labels ?? null, '`selector` does not match template `labels`', labels ? undefined : 'map[string]string(nil)'));
  }
  out.push(...validateLabels(labels, `${base}.template.metadata.labels`));
  out.push(...validateAnnotations(tpl.metadata?.annotations, `${base}.template.metadata.annotations`));
  out.push(...validatePodSpec(tpl.spec, `${base}.template.spec`));
  const rp = tpl.spec?.restartPolicy;
  if (opts.restartAlways && rp !== undefined && rp !== 'Always' && RESTART.includes(rp)) out.push(notSupported(`${base}.template.spec.restartPolicy`, rp, ['Always']));
  if (opts.restartAlways && tpl.spec?.activeDeadlineSeconds !== undefined) out.push(forbiddenField(`${base}.template.spec.activeDeadlineSeconds`, 'activeDeadlineSeconds in ReplicaSet is not Supported'));
  return out;
}

function validateSelector(sel: any, path: string, kindWord: string): StatusCause[] {
  const out: StatusCause[] = [];
  if (!sel) return [required(path)];
  out.push(...validateLabels(sel.matchLabels, `${path}.matchLabels`));
  (sel.matchExpressions ?? []).forEach((e: any, i: number) => {
    const ep = `${path}.matchExpressions[${i}]`;
    const ops = ['In', 'NotIn', 'Exists', 'DoesNotExist'];
    if (!ops.includes(e?.operator)) out.push(invalidValue(`${ep}.operator`, e?.operator ?? '', 'not a valid selector operator'));
    else if ((e.operator === 'In' || e.operator === 'NotIn') && !(e.values?.length > 0)) out.push(required(`${ep}.values`, 'must be specified when `operator` is \'In\' or \'NotIn\''));
    else if ((e.operator === 'Exists' || e.operator === 'DoesNotExist') && e.values?.length > 0) out.push(forbiddenField(`${ep}.values`, 'may not be specified when `operator` is \'Exists\' or \'DoesNotExist\''));
  });
  if (Object.keys(sel.matchLabels ?? {}).length + (sel.matchExpressions ?? []).length === 0) {
    out.push(invalidValue(path, sel, `empty selector is invalid for ${kindWord}`, '&v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}'));
  }
  return out;
}

function nonNegative(v: unknown, path: string): StatusCause[] {
  return typeof v === 'number' && v < 0 ? [invalidValue(path, v, 'must be greater than or equal to 0')] : [];
}

/** IntOrString percent/int for maxSurge/maxUnavailable. */
function intOrPercent(v: unknown, path: string): StatusCause[] {
  if (v === undefined) return [];
  if (typeof v === 'number') return nonNegative(v, path);
  if (typeof v === 'string') {
    const m = /^(\d+)%$/.exec(v);
    if (!m) return [invalidValue(path, v, "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')")];
    if (Number(m[1]) > 100) return [invalidValue(path, v, 'must not be greater than 100%')];
  }
  return [];
}
const isZero = (v: unknown) => v === 0 || v === '0%';

export function validateDeploymentSpec(spec: any): StatusCause[] {
  const out: StatusCause[] = [];
  out.push(...nonNegative(spec?.replicas, 'spec.replicas'));
  out.push(...validateSelector(spec?.selector, 'spec.selector', 'deployment'));
  out.push(...validateTemplateFor(spec, 'spec', { selector: spec?.selector, restartAlways: true }));
  const st = spec?.strategy;
  if (st?.type !== undefined && !['Recreate', 'RollingUpdate'].includes(st.type)) out.push(notSupported('spec.strategy.type', st.type, ['Recreate', 'RollingUpdate']));
  if (st?.type === 'Recreate' && st.rollingUpdate) out.push(forbiddenField('spec.strategy.rollingUpdate', 'may not be specified when strategy `type` is \'Recreate\''));
  if (st?.rollingUpdate) {
    const ru = st.rollingUpdate;
    out.push(...intOrPercent(ru.maxUnavailable, 'spec.strategy.rollingUpdate.maxUnavailable'));
    out.push(...intOrPercent(ru.maxSurge, 'spec.strategy.rollingUpdate.maxSurge'));
    if (isZero(ru.maxSurge) && isZero(ru.maxUnavailable)) out.push(invalidValue('spec.strategy.rollingUpdate.maxUnavailable', ru.maxUnavailable, 'may not be 0 when `maxSurge` is 0'));
  }
  out.push(...nonNegative(spec?.revisionHistoryLimit, 'spec.revisionHistoryLimit'));
  out.push(...nonNegative(spec?.minReadySeconds, 'spec.minReadySeconds'));
  if (typeof spec?.progressDeadlineSeconds === 'number') {
    out.push(...nonNegative(spec.progressDeadlineSeconds, 'spec.progressDeadlineSeconds'));
    if (spec.progressDeadlineSeconds <= (spec.minReadySeconds ?? 0)) out.push(invalidValue('spec.progressDeadlineSeconds', spec.progressDeadlineSeconds, 'must be greater than minReadySeconds'));
  }
  return out;
}

export function validateReplicaSetSpec(spec: any, kindWord = 'replicaset'): StatusCause[] {
  const out: StatusCause[] = [];
  out.push(...nonNegative(spec?.replicas, 'spec.replicas'));
  out.push(...nonNegative(spec?.minReadySeconds, 'spec.minReadySeconds'));
  out.push(...validateSelector(spec?.selector, 'spec.selector', kindWord));
  out.push(...validateTemplateFor(spec, 'spec', { selector: spec?.selector, restartAlways: true }));
  return out;
}

export function validateDaemonSetSpec(spec: any): StatusCause[] {
  const out: StatusCause[] = [];
  out.push(...validateSelector(spec?.selector, 'spec.selector', 'daemonset'));
  out.push(...validateTemplateFor(spec, 'spec', { selector: spec?.selector, restartAlways: true }));
  return out;
}

export function validateStatefulSetSpec(spec: any): StatusCause[] {
  const out: StatusCause[] = [];
  out.push(...nonNegative(spec?.replicas, 'spec.replicas'));
  out.push(...validateSelector(spec?.selector, 'spec.selector', 'statefulset'));
  out.push(...validateTemplateFor(spec, 'spec', { selector: spec?.selector, restartAlways: true }));
  return out;
}

export function validateJobSpec(spec: any, generatedSelector: boolean): StatusCause[] {
  const out: StatusCause[] = [];
  out.push(...nonNegative(spec?.parallelism, 'spec.parallelism'));
  out.push(...nonNegative(spec?.completions, 'spec.completions'));
  out.push(...nonNegative(spec?.backoffLimit, 'spec.backoffLimit'));
  if (!generatedSelector) out.push(...validateSelector(spec?.selector, 'spec.selector', 'job'));
  const tpl = spec?.template;
  if (!tpl) return [...out, required('spec.template')];
  out.push(...validateLabels(tpl.metadata?.labels, 'spec.template.metadata.labels'));
  out.push(...validatePodSpec(tpl.spec, 'spec.template.spec'));
  const rp = tpl.spec?.restartPolicy;
  if (rp !== 'OnFailure' && rp !== 'Never') out.push(notSupported('spec.template.spec.restartPolicy', rp ?? '', ['OnFailure', 'Never']));
  return out;
}

const SERVICE_TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];

/** `%#v` of the core.ServicePort key ValidateService builds to find a duplicate (protocol, port). */
function servicePortKey(protocol: string, port: number): string {
  return `core.ServicePort{Name:"", Protocol:${JSON.stringify(protocol)}, AppProtocol:(*string)(nil), Port:${port}, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}`;
}

/** ValidateService's spec rules, in its order (the order of the causes in a multi-error message). */
export function validateServiceSpec(spec: any): StatusCause[] {
  const out: StatusCause[] = [];
  const type = spec?.type;
  const ports: any[] = Array.isArray(spec?.ports) ? spec.ports : [];
  const headless = spec?.clusterIP === 'None' || spec?.clusterIPs?.[0] === 'None';
  if (ports.length === 0 && !headless && type !== 'ExternalName') out.push(required('spec.ports'));
  if ((type === 'LoadBalancer' || type === 'NodePort') && headless) {
    out.push(invalidValue('spec.clusterIPs[0]', 'None', `may not be set to 'None' for ${type} services`));
  }
  if (type === 'ExternalName') {
    if (spec?.clusterIPs?.length || spec?.clusterIP) out.push(forbiddenField('spec.clusterIPs', 'may not be set for ExternalName services'));
    if (spec?.ipFamilies?.length) out.push(forbiddenField('spec.ipFamilies', 'may not be set for ExternalName services'));
    if (spec?.ipFamilyPolicy) out.push(forbiddenField('spec.ipFamilyPolicy', 'may not be set for ExternalName services'));
    const cname = String(spec?.externalName ?? '').replace(/\.$/, '');
    if (cname) for (const m of isDNS1123Subdomain(cname)) out.push(invalidValue('spec.externalName', cname, m));
    else out.push(required('spec.externalName'));
  }
  const names = new Set<string>();
  ports.forEach((p: any, i: number) => {
    const pp = `spec.ports[${i}]`;
    if (ports.length > 1 && !p?.name) out.push(required(`${pp}.name`));
    else if (p?.name) {
      for (const m of isDNS1123Label(p.name)) out.push(invalidValue(`${pp}.name`, p.name, m));
      if (names.has(p.name)) out.push(duplicate(`${pp}.name`, p.name));
      else names.add(p.name);
    }
    for (const m of isValidPortNum(p?.port)) out.push(invalidValue(`${pp}.port`, p?.port ?? 0, m));
    if (!p?.protocol) out.push(required(`${pp}.protocol`));
    else if (!PROTOCOLS.includes(p.protocol)) out.push(notSupported(`${pp}.protocol`, p.protocol, PROTOCOLS));
    const tp = p?.targetPort;
    if (typeof tp === 'number') for (const m of isValidPortNum(tp)) out.push(invalidValue(`${pp}.targetPort`, tp, m));
    if (typeof tp === 'string') for (const m of isValidPortName(tp)) out.push(invalidValue(`${pp}.targetPort`, tp, m));
    if (p?.appProtocol !== undefined) for (const m of isQualifiedName(String(p.appProtocol))) out.push(invalidValue(`${pp}.appProtocol`, p.appProtocol, m));
  });
  if (spec?.selector) out.push(...validateLabels(spec.selector, 'spec.selector'));
  if (!spec?.sessionAffinity) out.push(required('spec.sessionAffinity'));
  else if (!['ClientIP', 'None'].includes(spec.sessionAffinity)) out.push(notSupported('spec.sessionAffinity', spec.sessionAffinity, ['ClientIP', 'None']));
  else if (spec.sessionAffinity === 'None' && spec.sessionAffinityConfig) out.push(forbiddenField('spec.sessionAffinityConfig', 'must not be set when session affinity is None'));
  if (spec?.clusterIP && spec.clusterIP !== 'None' && !isValidIPv4(spec.clusterIP)) {
    out.push(invalidValue('spec.clusterIPs[0]', spec.clusterIP, 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'));
  }
  (Array.isArray(spec?.externalIPs) ? spec.externalIPs : []).forEach((ip: unknown, i: number) => {
    if (typeof ip !== 'string' || !isValidIPv4(ip)) out.push(invalidValue(`spec.externalIPs[${i}]`, ip, 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'));
  });
  if (!type) out.push(required('spec.type'));
  else if (!SERVICE_TYPES.includes(type)) out.push(notSupported('spec.type', type, SERVICE_TYPES));
  if (type === 'ClusterIP') {
    ports.forEach((p: any, i: number) => {
      if (p?.nodePort) out.push(forbiddenField(`spec.ports[${i}].nodePort`, "may not be used when `type` is 'ClusterIP'"));
    });
  }
  const nodePortKeys = new Set<string>();
  ports.forEach((p: any, i: number) => {
    if (!p?.nodePort) return;
    const k = `${p.protocol}/${p.nodePort}`;
    if (nodePortKeys.has(k)) out.push(duplicate(`spec.ports[${i}].nodePort`, p.nodePort));
    nodePortKeys.add(k);
  });
  const portKeys = new Set<string>();
  ports.forEach((p: any, i: number) => {
    const k = `${p?.protocol}/${p?.port}`;
    if (portKeys.has(k)) out.push({ type: 'FieldValueDuplicate', field: `spec.ports[${i}]`, message: `Duplicate value: ${servicePortKey(String(p?.protocol ?? ''), Number(p?.port ?? 0))}` });
    portKeys.add(k);
  });
  if (spec?.allocateLoadBalancerNodePorts !== undefined && type !== 'LoadBalancer') {
    out.push(forbiddenField('spec.allocateLoadBalancerNodePorts', "may only be used when `type` is 'LoadBalancer'"));
  }
  const external = type === 'LoadBalancer' || type === 'NodePort' || (type === 'ClusterIP' && (spec?.externalIPs?.length ?? 0) > 0);
  if (!external) {
    if (spec?.externalTrafficPolicy) out.push(invalidValue('spec.externalTrafficPolicy', spec.externalTrafficPolicy, 'may only be set for externally-accessible services'));
  } else if (!spec?.externalTrafficPolicy) out.push(required('spec.externalTrafficPolicy'));
  else if (!['Cluster', 'Local'].includes(spec.externalTrafficPolicy)) out.push(notSupported('spec.externalTrafficPolicy', spec.externalTrafficPolicy, ['Cluster', 'Local']));
  if (spec?.internalTrafficPolicy === undefined) {
    if (type === 'NodePort' || type === 'LoadBalancer' || type === 'ClusterIP') out.push(required('spec.internalTrafficPolicy'));
  } else if (!['Cluster', 'Local'].includes(spec.internalTrafficPolicy)) out.push(notSupported('spec.internalTrafficPolicy', spec.internalTrafficPolicy, ['Cluster', 'Local']));
  return out;
}

const PATH_TYPES = ['Exact', 'ImplementationSpecific', 'Prefix'];
const INVALID_PATH_SEQUENCES = ['//', '/./', '/../', '%2f', '%2F'];
const INVALID_PATH_SUFFIXES = ['/..', '/.'];

/** validateIngressBackend (networking/v1): a service backend needs a name and one of port name or number. */
function validateIngressBackend(b: any, path: string): StatusCause[] {
  const out: StatusCause[] = [];
  const hasResource = b?.resource != null;
  const hasService = b?.service != null;
  if (hasResource && hasService) return [invalidValue(path, '', 'cannot set both resource and service backends')];
  if (hasResource) {
    if (!b.resource.kind) out.push(required(`${path}.resource.kind`));
    if (!b.resource.name) out.push(required(`${path}.resource.name`));
    return out;
  }
  if (!hasService) return [invalidValue(path, '', 'resource or service backend is required')];
  const svc = b.service;
  if (!svc.name) out.push(required(`${path}.service.name`));
  else for (const m of isDNS1035Label(String(svc.name))) out.push(invalidValue(`${path}.service.name`, svc.name, m));
  const portName = svc.port?.name;
  const portNumber = svc.port?.number;
  if (portName && portNumber) out.push(invalidValue(path, '', 'cannot set both port name & port number'));
  else if (portName) for (const m of isValidPortName(String(portName))) out.push(invalidValue(`${path}.service.port.name`, portName, m));
  else if (portNumber) for (const m of isValidPortNum(portNumber)) out.push(invalidValue(`${path}.service.port.number`, portNumber, m));
  else out.push(required(path, 'port name or number is required'));
  return out;
}

/** ValidateIngressSpec (networking.k8s.io/v1): rules, paths, pathType, backends, TLS hosts, class name. */
export function validateIngressSpec(spec: any): StatusCause[] {
  const out: StatusCause[] = [];
  const rules: any[] = Array.isArray(spec?.rules) ? spec.rules : [];
  if (rules.length === 0 && !spec?.defaultBackend) {
    out.push(invalidValue('spec', spec?.rules ?? null, 'either `defaultBackend` or `rules` must be specified', spec?.rules ? '[]networking.IngressRule{}' : '[]networking.IngressRule(nil)'));
  }
  if (spec?.defaultBackend) out.push(...validateIngressBackend(spec.defaultBackend, 'spec.defaultBackend'));
  rules.forEach((rule: any, i: number) => {
    const rp = `spec.rules[${i}]`;
    const host = rule?.host;
    if (host) {
      if (isValidIPv4(host)) out.push(invalidValue(`${rp}.host`, host, 'must be a DNS name, not an IP address'));
      if (String(host).includes('*')) {
        const rest = String(host).startsWith('*.') ? String(host).slice(2) : '';
        if (!rest || isDNS1123Subdomain(rest).length) {
          out.push(invalidValue(`${rp}.host`, host, "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character (e.g. '*.example.com', regex used for validation is '\\*\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"));
        }
      } else for (const m of isDNS1123Subdomain(String(host))) out.push(invalidValue(`${rp}.host`, host, m));
    }
    const http = rule?.http;
    if (!http) return;
    const paths: any[] = Array.isArray(http.paths) ? http.paths : [];
    if (paths.length === 0) out.push(required(`${rp}.http.paths`));
    paths.forEach((p: any, j: number) => {
      const pp = `${rp}.http.paths[${j}]`;
      if (p?.pathType == null) {
        out.push(required(`${pp}.pathType`, 'pathType must be specified'));
        return;
      }
      const path = typeof p.path === 'string' ? p.path : '';
      if (p.pathType === 'Exact' || p.pathType === 'Prefix') {
        if (!path.startsWith('/')) out.push(invalidValue(`${pp}.path`, path, 'must be an absolute path'));
        if (path) {
          for (const seq of INVALID_PATH_SEQUENCES) if (path.includes(seq)) out.push(invalidValue(`${pp}.path`, path, `must not contain '${seq}'`));
          for (const suf of INVALID_PATH_SUFFIXES) if (path.endsWith(suf)) out.push(invalidValue(`${pp}.path`, path, `cannot end with '${suf}'`));
        }
      } else if (p.pathType === 'ImplementationSpecific') {
        if (path && !path.startsWith('/')) out.push(invalidValue(`${pp}.path`, path, 'must be an absolute path'));
      } else {
        out.push(notSupported(`${pp}.pathType`, p.pathType, PATH_TYPES));
      }
      out.push(...validateIngressBackend(p.backend, `${pp}.backend`));
    });
  });
  (Array.isArray(spec?.tls) ? spec.tls : []).forEach((t: any, i: number) => {
    (Array.isArray(t?.hosts) ? t.hosts : []).forEach((h: unknown, j: number) => {
      if (typeof h === 'string' && !h.includes('*')) for (const m of isDNS1123Subdomain(h)) out.push(invalidValue(`spec.tls[${i}].hosts[${j}]`, h, m));
    });
    if (t?.secretName) for (const m of isDNS1123Subdomain(String(t.secretName))) out.push(invalidValue(`spec.tls[${i}].secretName`, t.secretName, m));
  });
  if (spec?.ingressClassName !== undefined && spec.ingressClassName !== null) {
    for (const m of isDNS1123Subdomain(String(spec.ingressClassName))) out.push(invalidValue('spec.ingressClassName', spec.ingressClassName, m));
  }
  return out;
}

export function validateDataKeys(obj: KubeObject): StatusCause[] {
  const out: StatusCause[] = [];
  for (const fieldName of ['data', 'binaryData', 'stringData']) {
    const d = obj[fieldName];
    if (!d || typeof d !== 'object') continue;
    for (const k of Object.keys(d as object)) for (const m of isConfigMapKey(k)) out.push(invalidValue(`${fieldName}[${k}]`, k, m));
  }
  return out;
}

/** Per-kind validation on create (metadata first, then spec, as ValidateX does). */
export function validateObject(obj: KubeObject, plural: string, namespaced: boolean): StatusCause[] {
  const out = validateObjectMeta(obj, plural, namespaced);
  switch (plural) {
    case 'pods':
      out.push(...validatePodSpec(obj.spec, 'spec'));
      break;
    case 'deployments':
      out.push(...validateDeploymentSpec(obj.spec));
      break;
    case 'replicasets':
    case 'replicationcontrollers':
      out.push(...validateReplicaSetSpec(obj.spec));
      break;
    case 'daemonsets':
      out.push(...validateDaemonSetSpec(obj.spec));
      break;
    case 'statefulsets':
      out.push(...validateStatefulSetSpec(obj.spec));
      break;
    case 'jobs':
      out.push(...validateJobSpec(obj.spec, obj.spec?.manualSelector !== true));
      break;
    case 'services':
      out.push(...validateServiceSpec(obj.spec));
      break;
    case 'ingresses':
      out.push(...validateIngressSpec(obj.spec));
      if (obj.spec?.ingressClassName && obj.metadata.annotations?.['kubernetes.io/ingress.class'] !== undefined && obj.metadata.annotations['kubernetes.io/ingress.class'] !== obj.spec.ingressClassName) {
        out.push(invalidValue('annotations.kubernetes.io/ingress.class', obj.metadata.annotations['kubernetes.io/ingress.class'], 'must match `ingressClassName` when both are specified'));
      }
      break;
    case 'configmaps':
    case 'secrets':
      out.push(...validateDataKeys(obj));
      break;
    case 'nodes':
      (obj.spec?.taints ?? []).forEach((t: any, i: number) => {
        if (!t?.key) out.push(required(`spec.taints[${i}].key`));
        if (!['NoSchedule', 'PreferNoSchedule', 'NoExecute'].includes(t?.effect)) out.push(notSupported(`spec.taints[${i}].effect`, t?.effect ?? '', ['NoSchedule', 'PreferNoSchedule', 'NoExecute']));
      });
      break;
  }
  return out;
}

const POD_UPDATABLE =
  'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)';

/** Extra rules for an update: immutable fields. */
export function validateUpdate(next: KubeObject, prev: KubeObject, plural: string): StatusCause[] {
  const out: StatusCause[] = [];
  const same = deepEqual;
  if (plural === 'pods' && !same(next.spec, prev.spec)) {
    const IGNORED = new Set(['activeDeadlineSeconds', 'tolerations', 'terminationGracePeriodSeconds', 'containers', 'initContainers']);
    const withoutImage = (list: any) => (Array.isArray(list) ? list.map((c: any) => ({ ...c, image: undefined })) : list);
    const ns = next.spec ?? {};
    const ps = prev.spec ?? {};
    const keys = new Set([...Object.keys(ns), ...Object.keys(ps)]);
    let changed = false;
    for (const k of keys) if (!IGNORED.has(k) && !same(ns[k], ps[k])) changed = true;
    if (!same(withoutImage(ns.containers), withoutImage(ps.containers)) || !same(withoutImage(ns.initContainers), withoutImage(ps.initContainers))) changed = true;
    if (changed) out.push(forbiddenField('spec', POD_UPDATABLE));
    else {
      const prevTol = ps.tolerations ?? [];
      const nextTol = ns.tolerations ?? [];
      if (!prevTol.every((t: unknown) => nextTol.some((u: unknown) => same(t, u)))) out.push(forbiddenField('spec.tolerations', 'existing toleration can not be modified except its tolerationSeconds'));
    }
  }
  if (['deployments', 'replicasets', 'daemonsets', 'statefulsets'].includes(plural) && !same(next.spec?.selector, prev.spec?.selector)) {
    out.push(invalidValue('spec.selector', next.spec?.selector, 'field is immutable', selectorGo(next.spec?.selector)));
  }
  if (plural === 'services') {
    const pi = prev.spec?.clusterIP;
    const ni = next.spec?.clusterIP;
    if (pi && pi !== 'None' && ni !== undefined && ni !== '' && ni !== pi && next.spec?.type !== 'ExternalName') {
      out.push(invalidValue('spec.clusterIPs[0]', [ni], 'may not change once set', `[]string{${JSON.stringify(ni)}}`));
    }
  }
  if (plural === 'jobs' && !same(next.spec?.template, prev.spec?.template)) {
    out.push(invalidValue('spec.template', next.spec?.template, 'field is immutable', 'core.PodTemplateSpec{...}'));
  }
  return out;
}

function selectorGo(sel: any): string {
  if (!sel) return '(*v1.LabelSelector)(nil)';
  const ml = sel.matchLabels ? goValue(sel.matchLabels) : 'map[string]string(nil)';
  return `&v1.LabelSelector{MatchLabels:${ml}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}`;
}
