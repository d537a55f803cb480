// A minimal awk: `[pattern] { print … }` rules, -F, $N/$NF/NR/NF, string literals, BEGIN/END.
import type { Program } from '../../kubectl/context.ts';
import { ereToJs, getopt, inputs, last, lines, usage, UsageError } from './common.ts';

interface Rule {
  pattern: string;
  items: string[][] | null;
}

class AwkError extends Error {}

function parseProgram(src: string): Rule[] {
  const rules: Rule[] = [];
  let i = 0;
  while (i < src.length) {
    while (i < src.length && /[\s;]/.test(src[i])) i++;
    if (i >= src.length) break;
    const brace = src.indexOf('{', i);
    const pattern = (brace < 0 ? src.slice(i) : src.slice(i, brace)).trim();
    if (brace < 0) {
      rules.push({ pattern, items: null });
      break;
    }
    const close = src.indexOf('}', brace);
    if (close < 0) throw new AwkError(`awk: cmd. line:1: ${src}\nawk: cmd. line:1: ${' '.repeat(src.length)}^ unexpected newline or end of string`);
    const body = src.slice(brace + 1, close).trim();
    i = close + 1;
    const m = /^print\b(.*)$/s.exec(body);
    if (body && !m) throw new AwkError(`awk: only 'print' is supported here: ${body}`);
    const args = m ? m[1].trim() : '';
    const items = args ? splitTop(args, ',').map((a) => a.trim().match(/"(?:[^"\\]|\\.)*"|\$\([^)]*\)|\$?[A-Za-z0-9_]+/g) ?? []) : [['$0']];
    rules.push({ pattern, items });
  }
  return rules;
}

function splitTop(s: string, sep: string): string[] {
  const out: string[] = [];
  let cur = '';
  let inStr = false;
  for (const c of s) {
    if (c === '"') inStr = !inStr;
    if (c === sep && !inStr) {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

export const awk: Program = async (ctx) => {
  let p;
  try {
    p = getopt('awk', ctx.args, { values: 'Fv', long: { 'field-separator=': 'F' } });
  } catch (e) {
    if (e instanceof UsageError) return usage(ctx, 'awk', e, 2);
    throw e;
  }
  const [program, ...files] = p.operands;
  if (program === undefined) {
    ctx.err('Usage: awk [POSIX or GNU style options] -f progfile [--] file ...\nUsage: awk [POSIX or GNU style options] [--] \'program\' file ...\n');
    return 2;
  }
  let rules: Rule[];
  try {
    rules = parseProgram(program);
  } catch (e) {
    if (e instanceof AwkError) {
      ctx.err(e.message + '\n');
      return 2;
    }
    throw e;
  }
  const fsArg = last(p, 'F');
  const split = (line: string) => (fsArg === undefined || fsArg === ' ' ? line.trim().split(/\s+/).filter(Boolean) : line.split(fsArg.length === 1 ? fsArg : new RegExp(ereToJs(fsArg))));
  let out = '';
  let nr = 0;
  const value = (tok: string, line: string, fields: string[]): string => {
    if (tok.startsWith('"')) return tok.slice(1, -1).replace(/\\n/g, '\n').replace(/\\t/g, '\t').replace(/\\(.)/g, '$1');
    if (tok === 'NR') return String(nr);
    if (tok === 'NF') return String(fields.length);
    if (tok.startsWith('$')) {
      let idx = tok.slice(1).replace(/^\((.*)\)$/, '$1');
      idx = idx.replace(/NF/g, String(fields.length));
      const n = idx.includes('-') ? idx.split('-').map(Number).reduce((a, b) => a - b) : Number(idx);
      if (n === 0) return line;
      return fields[n - 1] ?? '';
    }
    return /^\d+$/.test(tok) ? tok : '';
  };
  const exec = (r: Rule, line: string, fields: string[]) => {
    out += (r.items ?? [['$0']]).map((toks) => toks.map((t) => value(t, line, fields)).join('')).join(' ') + '\n';
  };
  const test = (pattern: string, line: string, fields: string[]): boolean => {
    if (!pattern) return true;
    const re = /^\/(.*)\/$/.exec(pattern);
    if (re) return new RegExp(ereToJs(re[1])).test(line);
    const cmp = /^(\$?[A-Za-z0-9_]+)\s*(==|!=|>=|<=|>|<|~)\s*("(?:[^"]*)"|\/.*\/|\$?[A-Za-z0-9_]+)$/.exec(pattern);
    if (cmp) {
      const l = value(cmp[1], line, fields);
      if (cmp[2] === '~') return new RegExp(ereToJs(cmp[3].slice(1, -1))).test(l);
      const r = value(cmp[3], line, fields);
      const num = /^-?\d+(\.\d+)?$/.test(l) && /^-?\d+(\.\d+)?$/.test(r);
      const a: string | number = num ? Number(l) : l;
      const b: string | number = num ? Number(r) : r;
      return { '==': a === b, '!=': a !== b, '>=': a >= b, '<=': a <= b, '>': a > b, '<': a < b }[cmp[2]]!;
    }
    return false;
  };
  for (const r of rules) if (r.pattern === 'BEGIN') exec(r, '', []);
  const ins = inputs(ctx, 'awk', files);
  for (const f of ins) {
    if (f.text === null) continue;
    for (const line of lines(f.text)) {
      nr++;
      const fields = split(line);
      for (const r of rules) {
        if (r.pattern === 'BEGIN' || r.pattern === 'END') continue;
        if (test(r.pattern, line, fields)) exec(r, line, fields);
      }
    }
  }
  for (const r of rules) if (r.pattern === 'END') exec(r, '', []);
  ctx.out(out);
  return ins.some((f) => f.text === null) ? 2 : 0;
};
