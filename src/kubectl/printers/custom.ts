// Tables for custom resources: NAME, then the CRD's additionalPrinterColumns (the API server's
// tableconvertor), or NAME and AGE when the CRD declares none.
import type { ApiServer, KubeObject } from '../../cluster/types.ts';
import { age } from '../format/duration.ts';
import { evalPath, jsonPathText } from '../format/jsonpath.ts';
import { nameColumn, type Column, type FallbackColumns } from './table.ts';

interface PrinterColumn {
  name: string;
  type: string;
  jsonPath: string;
  priority?: number;
}

/** The CRD serving a resource, found by its `<plural>.<group>` name. */
export function crdFor(api: ApiServer, plural: string): KubeObject | undefined {
  const r = api.resolve(plural);
  if (!r || !r.group) return undefined;
  return api.tryGet('customresourcedefinitions', undefined, `${r.plural}.${r.group}`);
}

/** One cell as the tableconvertor fills it: strings through jsonpath, typed values by column type; missing is empty. */
function cellOf(col: PrinterColumn, o: KubeObject, now: number): string {
  let values: unknown[];
  try {
    values = evalPath(col.jsonPath, o);
  } catch {
    return '';
  }
  const v = values[0];
  if (v === undefined || v === null) return '';
  switch (col.type) {
    case 'date':
      return typeof v === 'string' ? age(v, now) : '';
    case 'integer':
    case 'number':
    case 'boolean':
      return typeof v === 'object' ? '' : String(v);
    default:
      return jsonPathText(v);
  }
}

export function crdColumns(api: ApiServer): FallbackColumns {
  return (plural) => {
    const crd = crdFor(api, plural);
    if (!crd) return undefined;
    const r = api.resolve(plural)!;
    const versions: any[] = crd.spec?.versions ?? [];
    const version = versions.find((v) => v.name === r.version) ?? versions[0];
    const declared: PrinterColumn[] = version?.additionalPrinterColumns ?? crd.spec?.additionalPrinterColumns ?? [];
    const list = declared.length ? declared : [{ name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' }];
    return [
      nameColumn,
      ...list.map((c): Column => ({ header: c.name.toUpperCase(), wide: (c.priority ?? 0) > 0, cell: (o, env) => cellOf(c, o, env.now) })),
    ];
  };
}
