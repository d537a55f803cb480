import type { KubeObject, Labels } from '../types.ts';

/** One parsed requirement of a label selector string. */
export interface Requirement {
  key: string;
  op: 'in' | 'notin' | 'exists' | '!' | '=' | '!=';
  values: string[];
}

/** Thrown for a selector the server cannot parse; the apiserver turns it into BadRequest. */
export class SelectorError extends Error {}

/** Parse `app=web,tier!=db`, `env in (a,b)`, `!key`, `key`. Empty string = everything. */
export function parseLabelSelector(s: string): Requirement[] {
  const out: Requirement[] = [];
  let i = 0;
  const ws = () => {
    while (i < s.length && s[i] === ' ') i++;
  };
  const ident = () => {
    ws();
    const start = i;
    while (i < s.length && !' ,=!()'.includes(s[i]!)) i++;
    return s.slice(start, i);
  };
  while (i < s.length) {
    ws();
    if (i >= s.length) break;
    let neg = false;
    if (s[i] === '!') {
      neg = true;
      i++;
    }
    const key = ident();
    if (!key) throw new SelectorError(`unable to parse requirement: found '${s[i] ?? ''}', expected: identifier`);
    ws();
    if (neg) {
      out.push({ key, op: '!', values: [] });
    } else if (i >= s.length || s[i] === ',') {
      out.push({ key, op: 'exists', values: [] });
    } else if (s.startsWith('==', i)) {
      i += 2;
      out.push({ key, op: '=', values: [ident()] });
    } else if (s[i] === '=') {
      i += 1;
      out.push({ key, op: '=', values: [ident()] });
    } else if (s.startsWith('!=', i)) {
      i += 2;
      out.push({ key, op: '!=', values: [ident()] });
    } else {
      const word = ident();
      if (word !== 'in' && word !== 'notin') throw new SelectorError(`unable to parse requirement: found '${word}', expected: in, notin, =, ==, !=, gt, lt`);
      ws();
      if (s[i] !== '(') throw new SelectorError(`unable to parse requirement: found '${s[i] ?? ''}', expected: '('`);
      i++;
      const values: string[] = [];
      for (;;) {
        const v = ident();
        values.push(v);
        ws();
        if (s[i] === ',') {
          i++;
          continue;
        }
        if (s[i] === ')') {
          i++;
          break;
        }
        throw new SelectorError(`unable to parse requirement: found '${s[i] ?? ''}', expected: ',', ')' or identifier`);
      }
      out.push({ key, op: word, values: values.filter((v) => v !== '') });
    }
    ws();
    if (i < s.length) {
      if (s[i] !== ',') throw new SelectorError(`unable to parse requirement: found '${s[i]}', expected: ','`);
      i++;
    }
  }
  return out;
}

export function matchesRequirements(reqs: readonly Requirement[], labels: Labels | undefined): boolean {
  for (const r of reqs) {
    const has = labels !== undefined && Object.prototype.hasOwnProperty.call(labels, r.key);
    const v = has ? labels![r.key] : undefined;
    switch (r.op) {
      case 'exists':
        if (!has) return false;
        break;
      case '!':
        if (has) return false;
        break;
      case '=':
        if (v !== r.values[0]) return false;
        break;
      case '!=':
        if (v === r.values[0]) return false;
        break;
      case 'in':
        if (!has || !r.values.includes(v!)) return false;
        break;
      case 'notin':
        if (has && r.values.includes(v!)) return false;
        break;
    }
  }
  return true;
}

/** metav1.LabelSelector: { matchLabels, matchExpressions }. */
export interface LabelSelector {
  matchLabels?: Labels;
  matchExpressions?: { key: string; operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'; values?: string[] }[];
}

/** Does a LabelSelector (as in Deployment.spec.selector) match these labels? An empty selector matches everything; undefined matches nothing. */
export function matchesLabelSelector(sel: LabelSelector | undefined | null, labels: Labels | undefined): boolean {
  if (!sel) return false;
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) if (labels?.[k] !== v) return false;
  for (const e of sel.matchExpressions ?? []) {
    const has = labels !== undefined && Object.prototype.hasOwnProperty.call(labels, e.key);
    const v = labels?.[e.key];
    const vals = e.values ?? [];
    if (e.operator === 'In' && (!has || !vals.includes(v!))) return false;
    if (e.operator === 'NotIn' && has && vals.includes(v!)) return false;
    if (e.operator === 'Exists' && !has) return false;
    if (e.operator === 'DoesNotExist' && has) return false;
  }
  return true;
}

/** `app=web,tier in (a,b)` — how kubectl prints a LabelSelector (metav1.FormatLabelSelector). */
export function formatLabelSelector(sel: LabelSelector | undefined | null): string {
  if (!sel) return '<none>';
  const parts: string[] = [];
  for (const k of Object.keys(sel.matchLabels ?? {}).sort()) parts.push(`${k}=${sel.matchLabels![k]}`);
  for (const e of sel.matchExpressions ?? []) {
    const vals = [...(e.values ?? [])].sort().join(',');
    if (e.operator === 'In') parts.push(`${e.key} in (${vals})`);
    else if (e.operator === 'NotIn') parts.push(`${e.key} notin (${vals})`);
    else if (e.operator === 'Exists') parts.push(e.key);
    else parts.push(`!${e.key}`);
  }
  return parts.length ? parts.join(',') : '<none>';
}

export interface FieldRequirement {
  path: string[];
  field: string;
  op: '=' | '!=';
  value: string;
}

export function parseFieldSelector(s: string): FieldRequirement[] {
  const out: FieldRequirement[] = [];
  for (const raw of s.split(',')) {
    const part = raw.trim();
    if (!part) continue;
    const m = /^([^=!]+?)\s*(==|!=|=)\s*(.*)$/.exec(part);
    if (!m) throw new SelectorError(`invalid selector: '${s}'; can't understand '${part}'`);
    out.push({ field: m[1]!, path: m[1]!.split('.'), op: m[2] === '!=' ? '!=' : '=', value: m[3]! });
  }
  return out;
}

export function matchesFields(reqs: readonly FieldRequirement[], obj: KubeObject): boolean {
  for (const r of reqs) {
    let v: any = obj;
    for (const p of r.path) v = v == null ? undefined : v[p];
    const s = v == null ? '' : String(v);
    if (r.op === '=' ? s !== r.value : s === r.value) return false;
  }
  return true;
}

// Field labels each resource's registry accepts (GetAttrs / AddFieldLabelConversionFunc).
const FIELD_LABELS: Record<string, string[]> = {
  pods: ['spec.nodeName', 'spec.restartPolicy', 'spec.schedulerName', 'spec.serviceAccountName', 'spec.hostNetwork', 'status.phase', 'status.podIP', 'status.podIPs', 'status.nominatedNodeName'],
  events: ['involvedObject.kind', 'involvedObject.namespace', 'involvedObject.name', 'involvedObject.uid', 'involvedObject.apiVersion', 'involvedObject.resourceVersion', 'involvedObject.fieldPath', 'reason', 'reportingComponent', 'source', 'type'],
  secrets: ['type'],
  nodes: ['spec.unschedulable'],
  namespaces: ['status.phase'],
  replicasets: ['status.replicas'],
  replicationcontrollers: ['status.replicas'],
  jobs: ['status.successful'],
  services: ['spec.clusterIP', 'spec.type'],
};

/** `field label not supported: foo` for a field the resource cannot be selected by. */
export function checkFieldLabels(plural: string, reqs: FieldRequirement[]): void {
  const allowed = FIELD_LABELS[plural] ?? [];
  for (const r of reqs) {
    if (r.field === 'metadata.name' || r.field === 'metadata.namespace' || allowed.includes(r.field)) continue;
    throw new SelectorError(`field label not supported: ${r.field}`);
  }
  for (const r of reqs) if (plural === 'events' && r.field === 'source') r.path = ['source', 'component'];
}
