// Turning lab.yaml text into a validated Lab. Pure (no fs), so the browser can use it on `?raw` imports.
import { isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { Node as YamlNode } from 'yaml';
import { labParamsSchema, labSchema } from './schema.ts';
import type { Lab } from './schema.ts';
import { defaultParams, fillTemplate, placeholders, registerTemplate, undeclaredPlaceholders } from './variants.ts';

export interface LabProblem {
  /** `tasks[1].checkpoints[0].check.op`, or '' for the document */
  path: string;
  /** 1-based line in the source, when known */
  line?: number;
  message: string;
}

/** A lab that cannot be used. `message` lists every problem as `source:line: path: message`. */
export class LabError extends Error {
  readonly source: string;
  readonly problems: LabProblem[];
  constructor(source: string, problems: LabProblem[]) {
    super(problems.map((p) => formatProblem(source, p)).join('\n'));
    this.name = 'LabError';
    this.source = source;
    this.problems = problems;
  }
}

function formatProblem(source: string, p: LabProblem): string {
  const where = p.line ? `${source}:${p.line}` : source;
  return p.path ? `${where}: ${p.path}: ${p.message}` : `${where}: ${p.message}`;
}

export interface ParseLabOptions {
  /** shown in error messages, e.g. labs/scale-deployment/lab.yaml */
  source?: string;
  /** files beside lab.yaml, by relative path, for `start.manifests` and `start.files[].from` entries that name a file */
  files?: Record<string, string> | ((path: string) => string | undefined);
}

/** `tasks[1].checkpoints[0].id` */
export function formatPath(path: readonly PropertyKey[]): string {
  let s = '';
  for (const k of path) {
    if (typeof k === 'number') s += `[${k}]`;
    else s += s ? `.${String(k)}` : String(k);
  }
  return s;
}

/** Is this manifests entry a file name rather than inline YAML? */
export function isManifestPath(entry: string): boolean {
  return !entry.includes('\n') && /\.(ya?ml|json)$/.test(entry.trim());
}

/** Parse and validate a lab. Throws LabError with lines and field paths. */
export function parseLab(text: string, opts: ParseLabOptions = {}): Lab {
  const source = opts.source ?? 'lab.yaml';
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length) {
    throw new LabError(
      source,
      doc.errors.map((e) => ({
        path: '',
        line: e.linePos?.[0]?.line ?? lineCounter.linePos(e.pos[0]).line,
        message: `YAML: ${e.message.split('\n')[0]}`,
      })),
    );
  }
  let data: unknown = doc.toJS();
  const lineOf = (path: readonly PropertyKey[]): number | undefined => {
    // Walk down as far as the YAML goes, so a missing field points at its parent.
    for (let n = path.length; n >= 0; n--) {
      const node = doc.getIn(path.slice(0, n) as unknown[], true) as YamlNode | undefined;
      if (node && (isMap(node) || isSeq(node) || isScalar(node)) && node.range) return lineCounter.linePos(node.range[0]).line;
    }
    return undefined;
  };
  // A lab with {{ params.x }}: validate the default variant, and keep the placeholder form for instantiate().
  const template = withFilesRead(data, opts.files);
  const declared = template && typeof template === 'object' ? (template as { params?: unknown }).params : undefined;
  const hasTemplate = declared !== undefined || placeholders(template).length > 0;
  if (hasTemplate) {
    const names = declared && typeof declared === 'object' ? Object.keys(declared) : [];
    const bad = undeclaredPlaceholders(template, names);
    if (bad.length) throw new LabError(source, bad.map((b) => ({ path: formatPath(b.path), line: lineOf(b.path), message: b.message })));
    const params = labParamsSchema.safeParse(declared);
    // bad declarations fall through: the lab schema reports them with their lines
    if (params.success) data = fillTemplate(template, defaultParams({ params: params.data }));
  }
  const result = labSchema.safeParse(data);
  if (!result.success) {
    throw new LabError(
      source,
      result.error.issues.map((issue) => ({
        path: formatPath(issue.path),
        line: lineOf(issue.path),
        message: issue.code === 'invalid_type' && / received undefined$/.test(issue.message) ? 'required, but missing' : issue.message,
      })),
    );
  }
  const lab = result.data;
  resolveFiles(lab, source, opts.files, (path) => {
    const node = doc.getIn(path, true) as YamlNode | undefined;
    return node?.range ? lineCounter.linePos(node.range[0]).line : undefined;
  });
  if (hasTemplate) registerTemplate(lab, template);
  return lab;
}

/** A copy of the raw lab data with the manifests and files it names beside it read in (placeholders may be in them too). */
function withFilesRead(data: unknown, files: ParseLabOptions['files']): unknown {
  if (!files || !data || typeof data !== 'object') return data;
  const read = (p: string): string | undefined => {
    const clean = p.trim().replace(/^\.\//, '');
    return typeof files === 'function' ? files(clean) : files[clean];
  };
  const lab = { ...(data as Record<string, unknown>) };
  const start = lab.start;
  if (!start || typeof start !== 'object') return lab;
  const s = { ...(start as Record<string, unknown>) };
  if (Array.isArray(s.manifests))
    s.manifests = s.manifests.map((m: unknown) => (typeof m === 'string' && isManifestPath(m) ? (read(m) ?? m) : m));
  if (Array.isArray(s.files))
    s.files = s.files.map((f: unknown) => {
      if (!f || typeof f !== 'object') return f;
      const { from, ...rest } = f as Record<string, unknown>;
      const text = typeof from === 'string' && !('content' in rest) ? read(from) : undefined;
      return text === undefined ? f : { ...rest, content: text };
    });
  lab.start = s;
  return lab;
}

function resolveFiles(
  lab: Lab,
  source: string,
  files: ParseLabOptions['files'],
  lineOf: (path: (string | number)[]) => number | undefined,
): void {
  const read = (p: string): string | undefined => {
    const clean = p.trim().replace(/^\.\//, '');
    if (!files) return undefined;
    return typeof files === 'function' ? files(clean) : files[clean];
  };
  const problems: LabProblem[] = [];
  lab.start.manifests = lab.start.manifests.map((entry, i) => {
    if (!isManifestPath(entry)) return entry;
    const text = read(entry);
    if (text === undefined) {
      const path = ['start', 'manifests', i];
      problems.push({ path: formatPath(path), line: lineOf(path), message: `file "${entry.trim()}" not found beside the lab` });
      return entry;
    }
    return text;
  });
  lab.start.files.forEach((f, i) => {
    if (f.from === undefined) return;
    const text = read(f.from);
    if (text === undefined) {
      const path = ['start', 'files', i, 'from'];
      problems.push({ path: formatPath(path), line: lineOf(path), message: `file "${f.from}" not found beside the lab` });
    } else f.content = text;
  });
  if (problems.length) throw new LabError(source, problems);
}
