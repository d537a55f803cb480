// Table printers: one per resource, each a list of columns as the v1.32 server printers define them.
import type { KubeObject } from '../../cluster/types.ts';
import { age } from '../format/duration.ts';

export interface PrintEnv {
  /** virtual now, ms */
  now: number;
  /** -o wide (some cells, like load-balancer addresses, are cut short without it) */
  wide?: boolean;
}

export interface Column {
  header: string;
  /** priority-1 column: only with -o wide */
  wide?: boolean;
  cell(o: KubeObject, env: PrintEnv): string;
}

const printers = new Map<string, Column[]>();

/** Register the columns for a resource (by plural). Adding a kind = adding a printer. */
export function registerPrinter(plural: string, columns: Column[]): void {
  printers.set(plural, columns);
}

export const nameColumn: Column = { header: 'NAME', cell: (o) => o.metadata.name };
export const ageColumn: Column = { header: 'AGE', cell: (o, env) => age(o.metadata.creationTimestamp, env.now) };

/** The server's default table for kinds without a printer: NAME, AGE. */
const DEFAULT: Column[] = [nameColumn, ageColumn];

/** Columns for kinds without a printer (custom resources): the server builds them from the CRD. */
export type FallbackColumns = (plural: string) => Column[] | undefined;

export function columnsFor(plural: string, wide: boolean, fallback?: FallbackColumns): Column[] {
  const cols = printers.get(plural) ?? fallback?.(plural) ?? DEFAULT;
  return wide ? cols : cols.filter((c) => !c.wide);
}

/** labels.FormatLabels / selector String(): `k=v,k2=v2`, keys sorted, or `<none>`. */
export function formatLabels(labels: Record<string, string> | undefined, none = '<none>'): string {
  if (!labels) return none;
  const keys = Object.keys(labels).sort();
  if (keys.length === 0) return none;
  return keys.map((k) => `${k}=${labels[k]}`).join(',');
}

/** metav1.LabelSelectorAsSelector(...).String() */
export function formatLabelSelector(sel: { matchLabels?: Record<string, string>; matchExpressions?: { key: string; operator: string; values?: string[] }[] } | undefined): string {
  if (!sel) return '<none>';
  const parts: { key: string; text: string }[] = [];
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) parts.push({ key: k, text: `${k}=${v}` });
  for (const e of sel.matchExpressions ?? []) {
    const vals = [...(e.values ?? [])].sort().join(',');
    const text =
      e.operator === 'In' ? `${e.key} in (${vals})` :
      e.operator === 'NotIn' ? `${e.key} notin (${vals})` :
      e.operator === 'Exists' ? e.key :
      e.operator === 'DoesNotExist' ? `!${e.key}` : `${e.key} ${e.operator} (${vals})`;
    parts.push({ key: e.key, text });
  }
  if (parts.length === 0) return '<none>';
  parts.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return parts.map((p) => p.text).join(',');
}

export function containersAndImages(podSpec: any): [string, string] {
  const cs: any[] = podSpec?.containers ?? [];
  return [cs.map((c) => c.name).join(','), cs.map((c) => c.image).join(',')];
}

export function num(v: unknown): string {
  return String(typeof v === 'number' ? v : 0);
}
