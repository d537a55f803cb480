// The three patch types kubectl sends: JSON merge patch (RFC 7386), JSON patch (RFC 6902) and a
// strategic merge patch that merges the well-known lists by their merge keys.
import { parseDocument } from 'yaml';
import { CmdError } from './errors.ts';

export type PatchType = 'json' | 'merge' | 'strategic';

type Json = any;

const isObj = (v: unknown): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A patch that cannot be applied; `decode` when it is not even a JSON patch (BadRequest on the server, 422 otherwise). */
export class PatchError extends Error {
  readonly decode: boolean;
  constructor(message: string, decode = false) {
    super(message);
    this.decode = decode;
  }
}

/** yaml.ToJSON: the patch may be JSON or YAML. */
function parsePatch(text: string): Json {
  const t = text.trim();
  if (t.startsWith('{') || t.startsWith('[')) {
    try {
      return JSON.parse(t);
    } catch {
      // fall through to YAML, which accepts flow-style JSON with single quotes and so on
    }
  }
  const doc = parseDocument(text, { version: '1.1' });
  if (doc.errors.length) throw new CmdError(`error converting YAML to JSON: yaml: ${doc.errors[0]!.message.split('\n')[0]}`);
  return doc.toJS();
}

function mergePatch(target: Json, patch: Json): Json {
  if (!isObj(patch)) return patch;
  const out: Record<string, Json> = isObj(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

/** Merge keys of the lists a strategic merge patch merges (patchMergeKey in the API types). */
const MERGE_KEYS: Record<string, string> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  env: 'name',
  volumes: 'name',
  volumeMounts: 'mountPath',
  volumeDevices: 'devicePath',
  imagePullSecrets: 'name',
  ownerReferences: 'uid',
  conditions: 'type',
  hostAliases: 'ip',
  topologySpreadConstraints: 'topologyKey',
  ports: 'port',
};

function mergeKeyFor(field: string, items: Json[]): string | undefined {
  if (field === 'ports') return items.some((i) => isObj(i) && 'containerPort' in i) ? 'containerPort' : 'port';
  return MERGE_KEYS[field];
}

function strategicMerge(target: Json, patch: Json, field = ''): Json {
  if (Array.isArray(patch)) {
    const key = mergeKeyFor(field, [...patch, ...(Array.isArray(target) ? target : [])]);
    if (!key || !Array.isArray(target) || !patch.every(isObj)) return patch.filter((p) => !(isObj(p) && p.$patch));
    const out = target.map((x) => x);
    for (const item of patch) {
      const idx = out.findIndex((t) => isObj(t) && t[key] === item[key]);
      if (item.$patch === 'delete') {
        if (idx >= 0) out.splice(idx, 1);
        continue;
      }
      if (idx >= 0) out[idx] = strategicMerge(out[idx], item);
      else out.push(stripDirectives(item));
    }
    return out;
  }
  if (!isObj(patch)) return patch;
  if (patch.$patch === 'replace') return stripDirectives(patch);
  if (patch.$patch === 'delete') return undefined;
  const out: Record<string, Json> = isObj(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (k.startsWith('$')) continue;
    if (v === null) delete out[k];
    else {
      const merged = strategicMerge(out[k], v, k);
      if (merged === undefined) delete out[k];
      else out[k] = merged;
    }
  }
  return out;
}

function stripDirectives(v: Json): Json {
  if (Array.isArray(v)) return v.map(stripDirectives);
  if (!isObj(v)) return v;
  return Object.fromEntries(Object.entries(v).filter(([k]) => !k.startsWith('$')).map(([k, x]) => [k, stripDirectives(x)]));
}

function pointer(path: string): string[] {
  if (path === '') return [];
  if (!path.startsWith('/')) throw new PatchError(`invalid JSON Pointer: ${path}`);
  return path.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** RFC 6902, worded as evanphx/json-patch reports failures. */
function jsonPatch(doc: Json, ops: Json): Json {
  if (!Array.isArray(ops)) throw new PatchError(`json: cannot unmarshal ${ops === null ? 'null' : typeof ops === 'object' ? 'object' : typeof ops === 'string' ? 'string' : 'number'} into Go value of type jsonpatch.Patch`, true);
  let cur = JSON.parse(JSON.stringify(doc));
  for (const op of ops) {
    const path = pointer(String(op.path ?? ''));
    const parentOf = (p: string[]) => {
      let node = cur;
      for (const seg of p.slice(0, -1)) {
        node = Array.isArray(node) ? node[Number(seg)] : node?.[seg];
        if (node === undefined || node === null || typeof node !== 'object') throw new PatchError(`${op.op} operation does not apply: doc is missing path: "${op.path}": missing value`);
      }
      return node;
    };
    const get = (p: string[]) => p.reduce((n: Json, seg) => (n === undefined ? undefined : Array.isArray(n) ? n[Number(seg)] : n?.[seg]), cur);
    const last = path[path.length - 1] ?? '';
    switch (op.op) {
      case 'add': {
        if (path.length === 0) {
          cur = op.value;
          break;
        }
        const parent = parentOf(path);
        if (Array.isArray(parent)) parent.splice(last === '-' ? parent.length : Number(last), 0, op.value);
        else parent[last] = op.value;
        break;
      }
      case 'remove': {
        const parent = parentOf(path);
        if (Array.isArray(parent) ? Number(last) >= parent.length : !(last in parent)) throw new PatchError(`remove operation does not apply: doc is missing path: "${op.path}": missing value`);
        if (Array.isArray(parent)) parent.splice(Number(last), 1);
        else delete parent[last];
        break;
      }
      case 'replace': {
        if (path.length === 0) {
          cur = op.value;
          break;
        }
        const parent = parentOf(path);
        if (Array.isArray(parent) ? Number(last) >= parent.length : !(last in parent)) throw new PatchError(`replace operation does not apply: doc is missing key: ${op.path}: missing value`);
        parent[Array.isArray(parent) ? Number(last) : last] = op.value;
        break;
      }
      case 'test':
        if (JSON.stringify(get(path)) !== JSON.stringify(op.value)) throw new PatchError(`testing value ${op.path} failed: test failed`);
        break;
      case 'move':
      case 'copy': {
        const from = pointer(String(op.from ?? ''));
        const value = JSON.parse(JSON.stringify(get(from) ?? null));
        if (op.op === 'move') {
          const fp = parentOf(from);
          const fl = from[from.length - 1]!;
          if (Array.isArray(fp)) fp.splice(Number(fl), 1);
          else delete fp[fl];
        }
        const parent = parentOf(path);
        if (Array.isArray(parent)) parent.splice(last === '-' ? parent.length : Number(last), 0, value);
        else parent[last] = value;
        break;
      }
      default:
        throw new PatchError(`Unexpected kind: ${op.op}`);
    }
  }
  return cur;
}

/** Apply a patch of `type` (text as typed) to a copy of `obj`. */
export function applyPatch(obj: Json, patchText: string, type: PatchType): Json {
  const patch = parsePatch(patchText);
  const copy = JSON.parse(JSON.stringify(obj));
  if (type === 'json') return jsonPatch(copy, patch);
  if (type === 'merge') return mergePatch(copy, patch);
  return strategicMerge(copy, patch);
}
