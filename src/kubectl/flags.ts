// pflag-style parsing: --flag=value, --flag value, -n ns, -nns, -oyaml, -o=yaml, bool flags, `--`.
import { UPSTREAM_HELP } from './help/upstream-help.ts';
import { msg } from './messages.ts';

export type FlagKind = 'bool' | 'string' | 'int' | 'array';

export interface FlagSpec {
  name: string;
  short?: string;
  kind: FlagKind;
  /** the default as upstream help prints it, unquoted */
  def: string;
}

export interface ParsedArgs {
  /** values by long name; arrays for repeatable flags */
  values: Map<string, string | string[] | boolean>;
  /** long names set on the command line */
  changed: Set<string>;
  positional: string[];
  /** index in positional where `--` appeared, or -1 */
  dashAt: number;
  help: boolean;
}

const cache = new Map<string, FlagSpec[]>();

/** Flags of one upstream help page (its "Options:" section). */
export function flagsFromHelp(page: string): FlagSpec[] {
  const hit = cache.get(page);
  if (hit) return hit;
  const text = UPSTREAM_HELP[page] ?? '';
  const specs: FlagSpec[] = [];
  const re = /^ {4}(?:-(\S), )?--([A-Za-z0-9-]+)=(.*):$/gm;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const raw = m[3];
    let kind: FlagKind = 'string';
    let def = raw;
    if (raw === 'true' || raw === 'false') kind = 'bool';
    else if (raw.startsWith('[')) {
      kind = 'array';
      def = '';
    } else if (raw.startsWith("'")) def = raw.slice(1, -1);
    else if (/^-?\d+$/.test(raw)) kind = 'int';
    specs.push({ name: m[2], short: m[1], kind, def });
  }
  cache.set(page, specs);
  return specs;
}

export class FlagError extends Error {}

/** Parse `args` against the command's flags plus the global ones, like pflag with interspersed args. */
export function parseFlags(args: string[], specs: FlagSpec[]): ParsedArgs {
  const byName = new Map<string, FlagSpec>();
  const byShort = new Map<string, FlagSpec>();
  for (const s of [...specs, ...flagsFromHelp('options')]) {
    if (!byName.has(s.name)) byName.set(s.name, s);
    if (s.short && !byShort.has(s.short)) byShort.set(s.short, s);
  }
  const res: ParsedArgs = { values: new Map(), changed: new Set(), positional: [], dashAt: -1, help: false };
  const set = (spec: FlagSpec, value: string, shown: string) => {
    res.changed.add(spec.name);
    if (spec.kind === 'bool') {
      const b = parseBool(value);
      if (b === undefined) throw new FlagError(msg.flagInvalidBool(value, shown));
      res.values.set(spec.name, b);
    } else if (spec.kind === 'int') {
      if (!/^[-+]?\d+$/.test(value)) throw new FlagError(msg.flagInvalidInt(value, shown));
      res.values.set(spec.name, String(Number(value)));
    } else if (spec.kind === 'array') {
      const prev = res.values.get(spec.name);
      const list = Array.isArray(prev) ? prev : [];
      // string slices split on commas (stringSlice); stringArray flags keep commas, both look alike here
      res.values.set(spec.name, [...list, value]);
    } else res.values.set(spec.name, value);
  };
  const display = (s: FlagSpec) => (s.short ? `-${s.short}, --${s.name}` : `--${s.name}`);
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') {
      res.dashAt = res.positional.length;
      res.positional.push(...args.slice(i + 1));
      break;
    }
    if (a.startsWith('--') ) {
      const eq = a.indexOf('=');
      const name = eq >= 0 ? a.slice(2, eq) : a.slice(2);
      if (name === 'help') {
        res.help = true;
        continue;
      }
      const spec = byName.get(name);
      if (!spec) throw new FlagError(msg.unknownFlag(name));
      if (eq >= 0) set(spec, a.slice(eq + 1), display(spec));
      else if (spec.kind === 'bool') set(spec, 'true', display(spec));
      else if (i + 1 < args.length) set(spec, args[++i], display(spec));
      else throw new FlagError(msg.flagNeedsArgument(`--${name}`));
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      let rest = a.slice(1);
      while (rest.length > 0) {
        const c = rest[0];
        if (c === 'h' && !byShort.has('h')) {
          res.help = true;
          rest = rest.slice(1);
          continue;
        }
        const spec = byShort.get(c);
        if (!spec) throw new FlagError(msg.unknownShorthand(c, '-' + rest));
        if (spec.kind === 'bool') {
          if (rest[1] === '=') {
            set(spec, rest.slice(2), display(spec));
            rest = '';
          } else {
            set(spec, 'true', display(spec));
            rest = rest.slice(1);
          }
          continue;
        }
        let value = rest.slice(1);
        if (value.startsWith('=')) value = value.slice(1);
        else if (value === '') {
          if (i + 1 >= args.length) throw new FlagError(msg.flagNeedsArgument(`'${c}' in -${c}`));
          value = args[++i];
        }
        set(spec, value, display(spec));
        rest = '';
      }
      continue;
    }
    res.positional.push(a);
  }
  return res;
}

function parseBool(v: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(v)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(v)) return false;
  return undefined;
}

/** Typed access to parsed values with upstream defaults. */
export class Flags {
  readonly parsed: ParsedArgs;
  private readonly specs: Map<string, FlagSpec>;
  constructor(parsed: ParsedArgs, specs: FlagSpec[]) {
    this.parsed = parsed;
    this.specs = new Map([...flagsFromHelp('options'), ...specs].map((s) => [s.name, s]));
  }
  changed(name: string): boolean {
    return this.parsed.changed.has(name);
  }
  bool(name: string): boolean {
    const v = this.parsed.values.get(name);
    if (typeof v === 'boolean') return v;
    return this.specs.get(name)?.def === 'true';
  }
  str(name: string): string {
    const v = this.parsed.values.get(name);
    if (typeof v === 'string') return v;
    return this.specs.get(name)?.def ?? '';
  }
  int(name: string): number {
    return Number(this.str(name) || '0');
  }
  list(name: string): string[] {
    const v = this.parsed.values.get(name);
    return Array.isArray(v) ? v : [];
  }
}
