// The lab format reference page, generated from the zod schema's descriptions (src/labs/schema.ts).
// Run: node_modules/.bin/node scripts/gen-lab-reference.ts   (test/scripts checks the page is up to date)
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { labSchema } from '../src/labs/schema.ts';

/** A JSON Schema node as zod 4 writes it (only what the page reads). */
interface Node {
  type?: string | string[];
  description?: string;
  default?: unknown;
  properties?: Record<string, Node>;
  required?: string[];
  items?: Node;
  prefixItems?: Node[];
  additionalProperties?: Node | boolean;
  anyOf?: Node[];
  oneOf?: Node[];
  enum?: unknown[];
  const?: unknown;
  $ref?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  minItems?: number;
}

export const REFERENCE_PATH = fileURLToPath(new URL('../content/guides/lab-format.mdx', import.meta.url));

/** Text outside code spans, made safe for MDX (no JSX, no expressions) on one line. */
function text(s: string): string {
  return s
    .split(/(`[^`]*`)/)
    .map((part, i) =>
      i % 2 ? part : part.replace(/\\/g, '\\\\').replace(/[{}<>]/g, (c) => `&#${c.charCodeAt(0)};`).replace(/\|/g, '\\|'),
    )
    .join('')
    .replace(/\s*\n\s*/g, ' ');
}

/** A description as a sentence: capital first letter, a full stop. */
function sentence(s: string): string {
  const t = text(s.trim());
  if (!t) return '';
  return (t[0]!.toUpperCase() + t.slice(1)).replace(/([^.!?`)])$/, '$1.');
}

const code = (v: unknown) => `\`${typeof v === 'string' && v !== '' ? v : JSON.stringify(v)}\``;

const variantsOf = (n: Node): Node[] | undefined => n.anyOf ?? n.oneOf;
const isObject = (n: Node) => n.type === 'object' && !!n.properties;
const checkTypeOf = (n: Node): string | undefined => n.properties?.type?.const as string | undefined;

function typeName(n: Node, checkRef: string): string {
  if (n.$ref === checkRef) return '[check](#checks)';
  if (n.const !== undefined) return code(n.const);
  if (n.enum) return n.enum.map(code).join(' \\| ');
  const vs = variantsOf(n);
  if (vs && vs.every(isObject)) return `object (${vs.length} forms, below)`;
  if (vs) return vs.map((v) => typeName(v, checkRef)).join(' or ');
  if (n.prefixItems) return `[${n.prefixItems.map((p) => typeName(p, checkRef)).join(', ')}]`;
  if (n.type === 'array' && n.items) return `list of ${typeName(n.items, checkRef)}`;
  if (n.type === 'object' && !n.properties && n.additionalProperties && typeof n.additionalProperties === 'object')
    return `map of name → ${typeName(n.additionalProperties, checkRef)}`;
  if (n.type === 'integer') {
    const lo = n.minimum !== undefined && n.minimum > -9007199254740991 ? n.minimum : undefined;
    const hi = n.maximum !== undefined && n.maximum < 9007199254740991 ? n.maximum : undefined;
    return lo !== undefined && hi !== undefined ? `integer ${lo}–${hi}` : lo !== undefined ? `integer ≥ ${lo}` : 'integer';
  }
  if (n.type === 'string' && n.pattern === '^[a-z0-9]+(?:-[a-z0-9]+)*$') return 'kebab-case string';
  if (isObject(n)) return 'object';
  return Array.isArray(n.type) ? n.type.join(' or ') : (n.type ?? 'any');
}

interface Section {
  heading: string;
  /** the field path this table describes, e.g. `tasks[].checkpoints[]` (empty for the lab itself) */
  path: string;
  level: number;
  description?: string;
  node: Node;
}

/** The object nodes a field leads to (through lists, maps and unions), for their own tables below. */
function objectsUnder(n: Node, checkRef: string): Node[] {
  if (n.$ref === checkRef) return [];
  if (isObject(n)) return [n];
  const vs = variantsOf(n);
  if (vs) return vs.flatMap((v) => objectsUnder(v, checkRef));
  if (n.type === 'array' && n.items) return objectsUnder(n.items, checkRef);
  if (n.additionalProperties && typeof n.additionalProperties === 'object') return objectsUnder(n.additionalProperties, checkRef);
  return [];
}

function suffixOf(n: Node): string {
  if (n.type === 'array') return '[]';
  if (n.type === 'object' && !n.properties && n.additionalProperties) return '.<name>';
  return '';
}

function table(sec: Section, checkRef: string, out: string[], queue: Section[]): void {
  out.push(`${'#'.repeat(sec.level)} ${sec.heading}`, '');
  if (sec.description) out.push(sentence(sec.description), '');
  const props = sec.node.properties ?? {};
  const required = new Set(sec.node.required ?? []);
  // a list rather than a table: descriptions are long and the content column is narrow
  for (const [key, p] of Object.entries(props)) {
    const def = p.default !== undefined ? `default ${code(p.default)}` : required.has(key) ? '**required**' : 'optional';
    out.push(`- **\`${key}\`** · ${typeName(p, checkRef)} · ${def} — ${sentence(p.description ?? '')}`);
    const objs = objectsUnder(p, checkRef);
    const path = `${sec.path ? `${sec.path}.` : ''}${key}${suffixOf(p)}`;
    objs.forEach((o, i) =>
      queue.push({
        heading: `\`${path}\`${objs.length > 1 ? ` (form ${i + 1})` : ''}`,
        path,
        level: Math.min(sec.level + 1, 4),
        description: o.description ?? p.description,
        node: o,
      }),
    );
  }
  out.push('');
}

function walk(first: Section, checkRef: string, out: string[]): void {
  const queue: Section[] = [first];
  // depth first, so a field's own table follows its parent's
  while (queue.length) {
    const sec = queue.shift()!;
    const children: Section[] = [];
    table(sec, checkRef, out, children);
    queue.unshift(...children);
  }
}

/** The whole reference page (MDX), deterministic for a given schema. */
export function labReference(): string {
  const js = z.toJSONSchema(labSchema, { io: 'input', unrepresentable: 'any' }) as Node & { $defs?: Record<string, Node> };
  const defs = js.$defs ?? {};
  const [checkName, checkNode] = Object.entries(defs).find(([, d]) => (variantsOf(d) ?? []).some((v) => checkTypeOf(v) === 'exists')) ?? [];
  if (!checkName || !checkNode) throw new Error('the check union is not in the JSON Schema $defs');
  const checkRef = `#/$defs/${checkName}`;
  const checks = variantsOf(checkNode)!;

  const out: string[] = [
    '---',
    'title: Lab format reference',
    'description: Every field of lab.yaml, its type, default and meaning, generated from the schema that validates labs.',
    '---',
    '',
    '{/* Generated by scripts/gen-lab-reference.ts from src/labs/schema.ts. Do not edit: change the schema\'s .describe() texts and run the script. */}',
    '',
    'This page is generated from the zod schema that validates every `lab.yaml` (`src/labs/schema.ts`),',
    'so it cannot drift from what `kubeclass lab validate` accepts. The [authoring guide](/guides/authoring/)',
    'walks through a lab; this page lists every field: its name, type, default (or **required**, or',
    'optional without a default) and meaning. `npx kubeclass lab schema` prints the same format as JSON Schema.',
    '',
    `There are ${checks.length} kinds of [check](#checks): ${checks.map((c) => `[\`${checkTypeOf(c)}\`](#${checkTypeOf(c)!.toLowerCase()})`).join(', ')}.`,
    '',
  ];
  walk({ heading: 'The lab', path: '', level: 2, description: js.description, node: js }, checkRef, out);
  out.push(
    '## Checks',
    '',
    text(
      'A check is a predicate over the cluster as it is now (and what its watches saw happen), never over what was typed. Checkpoints and state hints (`when`) take one. `type` picks the kind; the other fields depend on it. `allOf`, `anyOf` and `not` combine checks.',
    ),
    '',
  );
  for (const c of checks) {
    const t = checkTypeOf(c)!;
    walk({ heading: `\`${t}\``, path: t, level: 3, description: c.description, node: c }, checkRef, out);
  }
  return out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd() + '\n';
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(REFERENCE_PATH, labReference());
  console.log(`wrote ${REFERENCE_PATH}`);
}
