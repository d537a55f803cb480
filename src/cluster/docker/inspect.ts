// `docker inspect` / `docker image inspect`: the image as Docker 26 (API 1.45) prints it, and the small
// part of Go's text/template that `--format` needs: `{{.Architecture}}`, `{{.Config.Cmd}}`, `{{json .Config}}`.
import type { LocalImage } from './index.ts';
import { fakeDigest } from '../registry/images.ts';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** An image in the order Docker's ImageInspect struct marshals its fields. */
export function inspectImage(img: LocalImage): { [k: string]: Json } {
  const c = img.config;
  const ports = c.exposedPorts?.length ? Object.fromEntries(c.exposedPorts.map((p) => [p, {}])) : undefined;
  const config: { [k: string]: Json } = {
    Hostname: '',
    Domainname: '',
    User: c.user ?? '',
    AttachStdin: false,
    AttachStdout: false,
    AttachStderr: false,
    ...(ports ? { ExposedPorts: ports } : {}),
    Tty: false,
    OpenStdin: false,
    StdinOnce: false,
    Env: [...c.env],
    Cmd: c.cmd ? [...c.cmd] : null,
    Image: '',
    Volumes: null,
    WorkingDir: c.workingDir ?? '',
    Entrypoint: c.entrypoint ? [...c.entrypoint] : null,
    OnBuild: null,
    Labels: c.labels && Object.keys(c.labels).length ? { ...c.labels } : null,
    ...(c.stopSignal ? { StopSignal: c.stopSignal } : {}),
  };
  const overlay = (i: number) => `/var/lib/docker/overlay2/${fakeDigest(`${img.id}#overlay${i}`)}`;
  const top = overlay(img.layers.length);
  const lower = img.layers.slice(0, -1).map((_, i) => `${overlay(i)}/diff`).reverse().join(':');
  return {
    Id: img.id,
    RepoTags: [...img.repoTags],
    RepoDigests: [...img.repoDigests],
    Parent: '',
    Comment: img.comment ?? '',
    Created: img.created,
    DockerVersion: '',
    Author: '',
    Config: config,
    Architecture: img.architecture,
    ...(img.variant ? { Variant: img.variant } : {}),
    Os: img.os,
    Size: img.size,
    GraphDriver: {
      Data: {
        ...(lower ? { LowerDir: lower } : {}),
        MergedDir: `${top}/merged`,
        UpperDir: `${top}/diff`,
        WorkDir: `${top}/work`,
      },
      Name: 'overlay2',
    },
    RootFS: { Type: 'layers', Layers: img.layers.map((l) => `sha256:${fakeDigest(`${l.digest}#diffid`)}`) },
    Metadata: { LastTagTime: img.lastTagTime ?? '0001-01-01T00:00:00Z' },
  };
}

/** encoding/json MarshalIndent(v, "", "    ") with Go's HTML escaping of <, > and &. */
export function goJson(v: Json, indent = '    '): string {
  const esc = (s: string) => JSON.stringify(s).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
  const walk = (x: Json, pad: string): string => {
    if (x === null) return 'null';
    if (typeof x === 'string') return esc(x);
    if (typeof x !== 'object') return String(x);
    const inner = pad + indent;
    if (Array.isArray(x)) return x.length ? `[\n${x.map((e) => inner + walk(e, inner)).join(',\n')}\n${pad}]` : '[]';
    const keys = Object.keys(x);
    return keys.length ? `{\n${keys.map((k) => `${inner}${esc(k)}: ${walk(x[k]!, inner)}`).join(',\n')}\n${pad}}` : '{}';
  };
  return indent ? walk(v, '') : compact(v, esc);
}

function compact(v: Json, esc: (s: string) => string): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return esc(v);
  if (typeof v !== 'object') return String(v);
  if (Array.isArray(v)) return `[${v.map((e) => compact(e, esc)).join(',')}]`;
  return `{${Object.keys(v).map((k) => `${esc(k)}:${compact(v[k]!, esc)}`).join(',')}}`;
}

/** Go's %v of a decoded value (fmt prints maps with sorted keys). */
function goValue(v: Json | undefined): string {
  if (v === undefined) return '<no value>';
  if (v === null) return '<nil>';
  if (typeof v !== 'object') return String(v);
  if (Array.isArray(v)) return `[${v.map(goValue).join(' ')}]`;
  return `map[${Object.keys(v).sort().map((k) => `${k}:${goValue(v[k]!)}`).join(' ')}]`;
}

/** Go's RFC3339Nano in UTC: trailing zeros of the fraction dropped. */
export function rfc3339Nano(ms: number): string {
  const iso = new Date(ms).toISOString();
  const frac = `${iso.slice(20, 23)}${String((ms * 7919) % 1000000).padStart(6, '0')}`.replace(/0+$/, '');
  return `${iso.slice(0, 19)}${frac ? `.${frac}` : ''}Z`;
}

export class TemplateError extends Error {}

/** Execute a `--format` template on one value: text, `{{.A.B}}`, `{{json .A}}`, `{{index .A 0}}`, `{{upper .A}}`, `{{lower .A}}`. */
export function formatTemplate(tpl: string, data: Json): string {
  let out = '';
  let i = 0;
  while (i < tpl.length) {
    const open = tpl.indexOf('{{', i);
    if (open < 0) {
      out += tpl.slice(i);
      break;
    }
    out += tpl.slice(i, open);
    const close = tpl.indexOf('}}', open + 2);
    if (close < 0) throw new TemplateError(`template parsing error: template: :1: unclosed action`);
    const action = tpl.slice(open + 2, close).replace(/^-\s*/, '').replace(/\s*-$/, '').trim();
    out += evalAction(action, data, open);
    i = close + 2;
  }
  return out;
}

function lookup(path: string, data: Json, col: number): Json | undefined {
  if (path === '.') return data;
  if (!/^(\.[A-Za-z_][\w]*)+$/.test(path)) throw new TemplateError(`template parsing error: template: :1: unexpected "${path}" in command`);
  let cur: Json | undefined = data;
  for (const key of path.slice(1).split('.')) {
    if (cur === null || cur === undefined) return undefined;
    if (typeof cur !== 'object' || Array.isArray(cur)) throw new TemplateError(`template: :1:${col + 3}: executing "" at <${path}>: can't evaluate field ${key} in type ${Array.isArray(cur) ? '[]interface {}' : typeof cur}`);
    cur = cur[key];
  }
  return cur;
}

function evalAction(action: string, data: Json, col: number): string {
  const words = action.split(/\s+/).filter(Boolean);
  if (!words.length) throw new TemplateError('template parsing error: template: :1: missing value for command');
  const [fn, ...args] = words as [string, ...string[]];
  if (fn.startsWith('.')) {
    if (args.length) throw new TemplateError(`template: :1:${col + 3}: executing "" at <${fn}>: ${fn} is not a method but has arguments`);
    return goValue(lookup(fn, data, col));
  }
  const arg = (n: number) => {
    const a = args[n];
    if (a === undefined) throw new TemplateError(`template: :1:${col + 3}: executing "" at <${fn}>: wrong number of args for ${fn}: want ${n + 1} got ${args.length}`);
    return lookup(a, data, col);
  };
  switch (fn) {
    case 'json': {
      const v = arg(0);
      return v === undefined ? 'null' : goJson(v, '');
    }
    case 'upper':
      return goValue(arg(0)).toUpperCase();
    case 'lower':
      return goValue(arg(0)).toLowerCase();
    case 'index': {
      const v = arg(0);
      const k = args[1];
      if (k === undefined) throw new TemplateError(`template: :1:${col + 3}: executing "" at <index>: wrong number of args for index: want at least 1 got 0`);
      if (Array.isArray(v)) {
        const n = Number(k);
        if (!Number.isInteger(n) || n < 0 || n >= v.length) throw new TemplateError(`template: :1:${col + 3}: executing "" at <index ${args[0]} ${k}>: error calling index: index out of range: ${k}`);
        return goValue(v[n]);
      }
      if (v && typeof v === 'object') return goValue(v[k.replace(/^"|"$/g, '')]);
      return '<no value>';
    }
    default:
      throw new TemplateError(`template parsing error: template: :1: function "${fn}" not defined`);
  }
}

export type { Json };
