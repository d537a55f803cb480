// -o: the output format chosen on the command line, and the non-table printers (yaml, json, name, jsonpath, custom-columns).
import type { KubeObject } from '../../cluster/types.ts';
import { CmdError } from '../errors.ts';
import { toJson } from '../format/json.ts';
import { JsonPathError, evalPath, jsonPathText, parseJsonPath } from '../format/jsonpath.ts';
import { formatTable } from '../format/tabwriter.ts';
import { toYaml } from '../format/yaml.ts';
import { msg } from '../messages.ts';

export type OutputKind = 'table' | 'wide' | 'yaml' | 'json' | 'name' | 'jsonpath' | 'jsonpath-as-json' | 'custom-columns';

export interface OutputSpec {
  kind: OutputKind;
  /** template or column spec */
  arg: string;
}

const TEMPLATE_FORMATS = ['go-template', 'go-template-file', 'template', 'templatefile', 'jsonpath-file', 'custom-columns-file'];

/** Parse -o. `table` says whether the command prints tables (get) or only objects (create, run, ...). */
export function parseOutput(o: string, table: boolean): OutputSpec {
  if (o === '') return { kind: 'table', arg: '' };
  const eq = o.indexOf('=');
  const name = eq >= 0 ? o.slice(0, eq) : o;
  const arg = eq >= 0 ? o.slice(eq + 1) : '';
  const bad = () => new CmdError(table ? msg.badOutput(o) : msg.badOutputNoTable(o));
  switch (name) {
    case 'wide':
      if (!table || eq >= 0) throw bad();
      return { kind: 'wide', arg };
    case 'yaml':
    case 'json':
    case 'name':
      if (eq >= 0) throw bad();
      return { kind: name, arg };
    case 'jsonpath':
    case 'jsonpath-as-json':
      if (arg === '') throw new CmdError(msg.jsonpathMissing);
      try {
        parseJsonPath(arg);
      } catch (e) {
        throw new CmdError(msg.jsonpathParse(`${arg}: ${(e as Error).message}`));
      }
      return { kind: name, arg };
    case 'custom-columns':
      if (!table) throw bad();
      if (arg === '') throw new CmdError(msg.customColumnsEmpty);
      for (const part of arg.split(',')) if (!part.includes(':')) throw new CmdError(msg.customColumnsBad(part));
      return { kind: 'custom-columns', arg };
  }
  if (TEMPLATE_FORMATS.includes(name)) throw new CmdError(msg.goTemplateUnsupported);
  throw bad();
}

/** Drop managedFields as kubectl does unless --show-managed-fields. */
export function forDisplay(obj: KubeObject, showManagedFields = false): KubeObject {
  if (showManagedFields || !(obj.metadata as any)?.managedFields) return obj;
  const { managedFields: _drop, ...meta } = obj.metadata as any;
  void _drop;
  return { ...obj, metadata: meta };
}

/** The object to print with yaml/json/jsonpath: the single item, or a `kind: List`. */
export function asPrintable(objs: KubeObject[], single: boolean): unknown {
  if (single && objs.length === 1) return objs[0];
  return { apiVersion: 'v1', items: objs, kind: 'List', metadata: { resourceVersion: '' } };
}

export function printStructured(spec: OutputSpec, data: unknown, sortKeys = true): string {
  switch (spec.kind) {
    case 'yaml':
      return toYaml(data);
    case 'json':
      return toJson(data, { sortKeys });
    case 'jsonpath':
      try {
        return parseJsonPath(spec.arg).execute(data);
      } catch (e) {
        if (e instanceof JsonPathError) throw new CmdError(msg.jsonpathParse(`${spec.arg}: ${e.message}`));
        throw e;
      }
    case 'jsonpath-as-json': {
      const values = evalPath(spec.arg, data);
      return toJson(values, { indent: '    ' });
    }
    default:
      throw new Error(`not a structured format: ${spec.kind}`);
  }
}

/** -o custom-columns=NAME:.metadata.name,...: a table with the given headers; missing values `<none>`. */
export function printCustomColumns(spec: string, objs: KubeObject[], noHeaders: boolean): string {
  const cols = spec.split(',').map((part) => {
    const i = part.indexOf(':');
    return { header: part.slice(0, i), path: part.slice(i + 1) };
  });
  let text = noHeaders ? '' : cols.map((c) => c.header).join('\t') + '\n';
  for (const o of objs) {
    text += cols
      .map((c) => {
        const vals = evalPath(c.path, o);
        return vals.length === 0 || vals[0] === undefined ? '<none>' : vals.map(jsonPathText).join(',');
      })
      .join('\t') + '\n';
  }
  return formatTable(text);
}
