// Reading -f sources (file, directory, `-`), splitting YAML documents, and go-yaml-worded parse errors.
import { parseDocument } from 'yaml';
import type { NewObject } from '../cluster/types.ts';
import type { ProgramContext } from './context.ts';
import { CmdError, RawError } from './errors.ts';
import { msg } from './messages.ts';

export interface Manifest {
  /** the name as the user wrote it (`web.yaml`, `dir/web.yaml`, `STDIN`) */
  source: string;
  obj: NewObject;
}

interface Source {
  name: string;
  text: string;
}

const EXTENSIONS = ['.json', '.yaml', '.yml'];

export function resolvePath(cwd: string, p: string): string {
  const abs = p.startsWith('/') ? p : `${cwd.replace(/\/$/, '')}/${p}`;
  const parts: string[] = [];
  for (const seg of abs.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') parts.pop();
    else parts.push(seg);
  }
  return '/' + parts.join('/');
}

export function readSources(ctx: ProgramContext, filenames: string[], recursive: boolean): Source[] {
  const out: Source[] = [];
  for (const f of filenames) {
    if (f === '-') {
      out.push({ name: 'STDIN', text: ctx.stdin ?? '' });
      continue;
    }
    if (/^https?:\/\//.test(f)) {
      out.push({ name: f, text: readUrl(ctx, f) });
      continue;
    }
    const abs = resolvePath(ctx.cwd, f);
    if (!ctx.fs.exists(abs)) throw new CmdError(msg.pathNotExist(f));
    if (ctx.fs.isDir(abs)) walk(ctx, abs, f.replace(/\/$/, ''), recursive, out);
    else out.push({ name: f, text: ctx.fs.read(abs) });
  }
  return out;
}

const STATUS_TEXT: Record<number, string> = {
  200: 'OK', 301: 'Moved Permanently', 302: 'Found', 304: 'Not Modified', 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden',
  404: 'Not Found', 405: 'Method Not Allowed', 429: 'Too Many Requests', 500: 'Internal Server Error', 502: 'Bad Gateway',
  503: 'Service Unavailable', 504: 'Gateway Timeout',
};

/** The URLVisitor: GET with Go's http client from this machine, three tries for network errors and 5xx. */
function readUrl(ctx: ProgramContext, url: string, redirects = 0): string {
  const net = ctx.cluster.net;
  if (!net) throw new CmdError(msg.urlUnsupported(url));
  const m = /^(https?):\/\/([^/:?#]+)(?::(\d+))?([^#]*)/.exec(url);
  if (!m) throw new CmdError(msg.urlUnsupported(url));
  const scheme = m[1] as 'http' | 'https';
  const host = m[2]!;
  const port = m[3] ? Number(m[3]) : scheme === 'https' ? 443 : 80;
  const path = m[4] ? (m[4].startsWith('/') ? m[4] : `/${m[4]}`) : '/';
  const hostHeader = m[3] ? `${host}:${m[3]}` : host;
  let failure: Error = new CmdError(msg.urlUnsupported(url));
  for (let attempt = 0; attempt < 3; attempt++) {
    const r = net.request({ kind: 'host', host: ctx.host ?? 'master' }, host, port, {
      scheme,
      method: 'GET',
      path,
      headers: { Host: hostHeader, 'User-Agent': 'Go-http-client/1.1', 'Accept-Encoding': 'gzip' },
    });
    if (r.ok) {
      const code = r.response.status;
      if (code === 200) return r.response.body;
      // Go's http client follows up to 10 redirects (GitHub's release downloads answer 302)
      const location = r.response.headers.Location ?? r.response.headers.location;
      if ([301, 302, 303, 307, 308].includes(code) && location && redirects < 10) return readUrl(ctx, /^https?:\/\//.test(location) ? location : `${scheme}://${hostHeader}${location}`, redirects + 1);
      failure = new CmdError(msg.urlStatus(url, `${code} ${STATUS_TEXT[code] ?? ''}`.trimEnd(), code));
      if (code >= 500 && code < 600) continue;
      throw failure;
    }
    // cmdutil.CheckErr prints a *url.Error without its `Get "..."` part
    const target = `${r.ip ?? host}:${port}`;
    switch (r.error) {
      case 'resolve':
        failure = new RawError(msg.unableToConnect(r.dns && !r.dns.ok && r.dns.reason === 'timeout' ? `dial tcp: lookup ${host}: i/o timeout` : `dial tcp: lookup ${host} on ${r.dns?.server ?? '10.0.2.3'}:53: no such host`));
        break;
      case 'refused':
        failure = new RawError(msg.connectionRefused(hostHeader));
        break;
      case 'timeout':
        failure = new RawError(msg.unableToConnect(`dial tcp ${target}: connect: connection timed out`));
        break;
      case 'unreachable':
        failure = new RawError(msg.unableToConnect(`dial tcp ${target}: connect: no route to host`));
        break;
      case 'reset':
        failure = new RawError(msg.unableToConnect('EOF'));
        break;
    }
  }
  throw failure;
}

function walk(ctx: ProgramContext, abs: string, shown: string, recursive: boolean, out: Source[]): void {
  for (const entry of ctx.fs.list(abs)) {
    const childAbs = `${abs}/${entry}`;
    const childShown = `${shown}/${entry}`;
    if (ctx.fs.isDir(childAbs)) {
      if (recursive) walk(ctx, childAbs, childShown, recursive, out);
    } else if (EXTENSIONS.some((e) => entry.endsWith(e))) out.push({ name: childShown, text: ctx.fs.read(childAbs) });
  }
}

/** Split on `---` lines as kubectl's YAMLReader does; each chunk keeps its own line numbers. */
function splitDocuments(text: string): string[] {
  const docs: string[] = [];
  let cur: string[] = [];
  for (const line of text.split('\n')) {
    if (/^---(\s|$)/.test(line)) {
      docs.push(cur.join('\n'));
      cur = [];
    } else cur.push(line);
  }
  docs.push(cur.join('\n'));
  return docs;
}

/** Parse every source into objects; errors are worded like kubectl's (go-yaml line numbers). Throws the first error. */
export function parseManifests(sources: Source[]): Manifest[] {
  const { manifests, errors } = streamManifests(sources);
  if (errors.length) throw errors[0];
  return manifests;
}

/**
 * Parse as kubectl's resource builder streams: the documents of a source before a bad one are kept,
 * the bad one ends that source (its error is collected), and the other sources carry on.
 */
export function streamManifests(sources: Source[]): { manifests: Manifest[]; errors: CmdError[] } {
  const manifests: Manifest[] = [];
  const errors: CmdError[] = [];
  for (const src of sources) {
    try {
      parseSource(src, manifests);
    } catch (e) {
      if (!(e instanceof CmdError)) throw e;
      errors.push(e);
    }
  }
  return { manifests, errors };
}

function parseSource(src: Source, out: Manifest[]): void {
  const trimmed = src.text.trimStart();
  const chunks = trimmed.startsWith('{') || trimmed.startsWith('[') ? [src.text] : splitDocuments(src.text);
  for (const chunk of chunks) {
    const value = parseChunk(src.name, chunk);
    if (value === null || value === undefined) continue;
    if (typeof value !== 'object' || Array.isArray(value)) throw new CmdError(msg.yamlParse(src.name, `unmarshal errors:\n  line 1: cannot unmarshal !!${Array.isArray(value) ? 'seq' : 'str'} into Go value of type map[string]interface {}`));
    const obj = value as Record<string, unknown>;
    if (obj.kind === 'List' && Array.isArray(obj.items)) {
      for (const item of obj.items) out.push(validate(src.name, item as Record<string, unknown>));
    } else out.push(validate(src.name, obj));
  }
}

function validate(source: string, obj: Record<string, unknown>): Manifest {
  const missing: string[] = [];
  if (!obj.apiVersion) missing.push('apiVersion not set');
  if (!obj.kind) missing.push('kind not set');
  if (missing.length === 1) throw new CmdError(msg.validating(source, missing[0]));
  if (missing.length > 1) throw new CmdError(msg.validating(source, `[${missing.join(', ')}]`));
  if (!obj.metadata || typeof obj.metadata !== 'object') obj.metadata = {};
  return { source, obj: obj as unknown as NewObject };
}

function parseChunk(name: string, chunk: string): unknown {
  const t = chunk.trimStart();
  if (t.startsWith('{') || t.startsWith('[')) {
    try {
      return JSON.parse(chunk);
    } catch (e) {
      const m = String((e as Error).message);
      throw new CmdError(msg.jsonParse(name, /end of|Unterminated/i.test(m) ? 'unexpected EOF' : `invalid character looking for beginning of value`));
    }
  }
  const doc = parseDocument(chunk, { version: '1.1', uniqueKeys: false, prettyErrors: false, merge: true });
  const err = doc.errors[0];
  if (err) throw new CmdError(msg.yamlParse(name, goYamlError(chunk, err.code, err.pos[0], err.message)));
  return doc.toJS({ maxAliasCount: -1 });
}

function lineAt(text: string, pos: number): number {
  let line = 1;
  for (let i = 0; i < pos && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

/** Map an eemeli/yaml error onto go-yaml v2's wording and line number. */
function goYamlError(text: string, code: string, pos: number, message: string): string {
  const lines = text.split('\n');
  switch (code) {
    case 'BLOCK_AS_IMPLICIT_KEY':
    case 'MULTILINE_IMPLICIT_KEY': {
      // go-yaml fails at the colon that starts the unexpected mapping value
      const re = /:(?=[ \t]|$)/gm;
      re.lastIndex = pos;
      const m = re.exec(text);
      return `line ${lineAt(text, m ? m.index : pos)}: mapping values are not allowed in this context`;
    }
    case 'TAB_AS_INDENT': {
      // go-yaml only objects to the tab inside a plain scalar that may continue on the next line;
      // anywhere else the tab is simply a character that cannot start a token
      const line = lineAt(text, pos);
      let prev = '';
      for (let i = line - 2; i >= 0 && prev === ''; i--) prev = lines[i].trimEnd();
      // a comment also ends the scalar
      const plain = prev !== '' && !/(^|\s)#/.test(prev) && !/(:|^-|\s-|['"{}\[\],|>][-+0-9]*)$/.test(prev.trimStart()) && !/^---/.test(prev);
      return `line ${line}: ${plain ? 'found a tab character that violates indentation' : 'found character that cannot start any token'}`;
    }
    case 'BAD_INDENT': {
      const line = lineAt(text, pos);
      if (/Flow sequence/.test(message)) return `line ${line - 1}: did not find expected ',' or ']'`;
      if (/Flow mapping/.test(message)) return `line ${line - 1}: did not find expected ',' or '}'`;
      const bad = lines[line - 1] ?? '';
      const ind = indentOf(bad);
      for (let i = line - 2; i >= 0; i--) {
        const l = lines[i];
        if (l.trim() === '' || l.trimStart().startsWith('#')) continue;
        if (indentOf(l) > ind) continue;
        if (indentOf(l) === ind && l.trimStart().startsWith('- ')) return `line ${line - 1}: did not find expected '-' indicator`;
        break;
      }
      return `line ${line - 1}: did not find expected key`;
    }
    case 'MISSING_CHAR':
      if (/Sequence item without - indicator/.test(message)) return `line ${lineAt(text, pos) - 1}: ${sequenceDedent(lines, lineAt(text, pos))}`;
    // falls through
    case 'UNEXPECTED_TOKEN':
      if (/quote/.test(message)) {
        const eofLine = text.endsWith('\n') ? text.split('\n').length : text.split('\n').length;
        return `line ${eofLine}: found unexpected end of stream`;
      }
      if (/\]/.test(message)) return `line ${lineAt(text, pos) - 1}: did not find expected ',' or ']'`;
      if (/\}/.test(message)) return `line ${lineAt(text, pos) - 1}: did not find expected ',' or '}'`;
      return `line ${lineAt(text, pos)}: did not find expected node content`;
    default:
      return `line ${lineAt(text, pos)}: ${message.split('\n')[0].replace(/^./, (c) => c.toLowerCase())}`;
  }
}

/**
 * A line indented between a block sequence's items and its parent: go-yaml ends an indentless
 * sequence (dash in the parent key's column) and then misses a key, or misses the next `-`.
 */
function sequenceDedent(lines: string[], line: number): string {
  const ind = indentOf(lines[line - 1] ?? '');
  let dash = -1;
  let i = line - 2;
  for (; i >= 0; i--) {
    const l = lines[i];
    if (l.trim() === '' || l.trimStart().startsWith('#') || indentOf(l) >= ind) continue;
    if (l.trimStart().startsWith('-')) dash = indentOf(l);
    break;
  }
  if (dash < 0) return 'did not find expected key';
  for (i--; i >= 0; i--) {
    const l = lines[i];
    if (l.trim() === '' || l.trimStart().startsWith('#')) continue;
    if (indentOf(l) > dash || (indentOf(l) === dash && l.trimStart().startsWith('-'))) continue;
    return indentOf(l) === dash ? 'did not find expected key' : "did not find expected '-' indicator";
  }
  return "did not find expected '-' indicator";
}
