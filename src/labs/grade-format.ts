// Gradebook output: a table for people, JSON for CI autograding reporters, CSV for spreadsheets, JUnit XML for any CI.
import { barText, rowPasses } from './grade.ts';
import type { GradeRow, PassBar, WorkshopResult } from './grade.ts';

/** A workshop's title and passing score with each learner's total, for `grade --workshop`. */
export interface WorkshopReport {
  id: string;
  title: string;
  passingScore: number;
  results: WorkshopResult[];
}

export type GradeFormat = 'table' | 'json' | 'csv' | 'junit';
export const GRADE_FORMATS: GradeFormat[] = ['table', 'json', 'csv', 'junit'];

/** `12:05` (m:ss) or `1:02:05` for virtual time spent. */
export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

function statusText(r: GradeRow): string {
  return r.status === 'ok' ? 'ok' : (r.message ?? r.status);
}

function align(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd()).join('\n') + '\n';
}

/** One table per lab (a column per checkpoint), then the files that could not be graded. */
export function formatTable(rows: GradeRow[], minScore?: PassBar, workshop?: WorkshopReport): string {
  const byLab = new Map<string, GradeRow[]>();
  const unreadable: GradeRow[] = [];
  for (const r of rows) {
    if (!r.checkpoints.length) unreadable.push(r);
    else byLab.set(r.lab, [...(byLab.get(r.lab) ?? []), r]);
  }
  const parts: string[] = [];
  for (const [lab, rs] of byLab) {
    const ids = rs[0]!.checkpoints.map((c) => c.id);
    const head = ['LEARNER', 'SCORE', 'TIME', 'COMMANDS', ...ids.map((id) => id.toUpperCase()), 'STATUS'];
    const body = rs.map((r) => [
      r.learner,
      `${r.score}/${r.max}`,
      formatDuration(r.durationMs),
      String(r.commands),
      ...ids.map((id) => {
        const c = r.checkpoints.find((x) => x.id === id);
        return c ? (c.passed ? 'pass' : 'FAIL') : '-';
      }),
      statusText(r),
    ]);
    parts.push(`lab ${lab}\n` + align([head, ...body]));
  }
  if (unreadable.length) parts.push('not graded\n' + align([['FILE', 'LEARNER', 'LAB', 'STATUS'], ...unreadable.map((r) => [r.file, r.learner || '-', r.lab || '-', statusText(r)])]));
  const ok = rows.filter((r) => rowPasses(r, minScore)).length;
  parts.push(`${rows.length} submission${rows.length === 1 ? '' : 's'}: ${ok} reached ${barText(minScore)}, ${rows.length - ok} did not\n`);
  if (workshop) {
    const labs = workshop.results[0]?.labs.map((l) => l.lab) ?? [];
    const head = ['LEARNER', ...labs.map((l) => l.toUpperCase()), 'POINTS', 'PERCENT', 'RESULT'];
    const body = workshop.results.map((w) => [
      w.learner,
      ...w.labs.map((l) => (l.status === 'ok' ? `${l.score}/${l.max}` : l.status === 'missing' ? 'missing' : `0/${l.max} (${l.status})`)),
      `${w.score}/${w.max}`,
      `${w.percent}%`,
      w.passed ? 'pass' : 'FAIL',
    ]);
    const passed = workshop.results.filter((w) => w.passed).length;
    parts.push(
      `workshop ${workshop.id}: ${workshop.title} (passing score ${workshop.passingScore}% of all points)\n` +
        (body.length ? align([head, ...body]) : '') +
        `${workshop.results.length} learner${workshop.results.length === 1 ? '' : 's'}: ${passed} passed, ${workshop.results.length - passed} did not\n`,
    );
  }
  return parts.join('\n');
}

/** JSON an autograding reporter reads: `tests` with name, status, score, max_score, output; totals; and the rows. */
export function formatJson(rows: GradeRow[], minScore?: PassBar, workshop?: WorkshopReport): string {
  const tests: { name: string; status: 'pass' | 'fail' | 'error'; score: number; max_score: number; output: string }[] = [];
  for (const r of rows) {
    const who = `${r.learner || r.file} / ${r.lab || '?'}`;
    if (r.status === 'error' || r.status === 'variant mismatch') {
      tests.push({ name: `${who}: replay`, status: 'error', score: 0, max_score: r.max, output: r.message ?? r.status });
      continue;
    }
    for (const c of r.checkpoints)
      tests.push({
        name: `${who}: ${c.id}`,
        status: c.passed ? 'pass' : 'fail',
        score: c.passed ? c.points : 0,
        max_score: c.points,
        output: (c.passed ? '' : (c.detail ?? '')) + (r.status === 'altered' ? `${c.passed ? '' : '\n'}${r.message}` : ''),
      });
  }
  const score = rows.reduce((n, r) => n + r.score, 0);
  const max = rows.reduce((n, r) => n + r.max, 0);
  const passed = workshop ? workshop.results.every((w) => w.passed) : rows.every((r) => rowPasses(r, minScore));
  const doc = {
    version: 1,
    status: tests.some((t) => t.status === 'error') ? 'error' : passed ? 'pass' : 'fail',
    score,
    max_score: max,
    tests,
    submissions: rows.map((r) => ({ ...r, passed: rowPasses(r, minScore) })),
    ...(workshop ? { workshop } : {}),
  };
  return JSON.stringify(doc, null, 2) + '\n';
}

function csvCell(v: string | number): string {
  const s = String(v);
  // a leading = + - @ would run as a formula in a spreadsheet
  const safe = /^[=+\-@]/.test(s) && !/^-?\d/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One row per submission, one column per checkpoint (of every lab seen, in order). */
export function formatCsv(rows: GradeRow[]): string {
  const ids: string[] = [];
  for (const r of rows) for (const c of r.checkpoints) if (!ids.includes(c.id)) ids.push(c.id);
  const head = ['file', 'learner', 'lab', 'status', 'score', 'max', 'time_s', 'commands', ...ids, 'message'];
  const lines = [head.map(csvCell).join(',')];
  for (const r of rows) {
    const cells = [r.file, r.learner, r.lab, r.status, r.score, r.max, Math.round(r.durationMs / 1000), r.commands];
    for (const id of ids) {
      const c = r.checkpoints.find((x) => x.id === id);
      cells.push(c ? (c.passed ? 'pass' : 'fail') : '');
    }
    cells.push(r.message ?? '');
    lines.push(cells.map(csvCell).join(','));
  }
  return lines.join('\n') + '\n';
}

function xml(s: string): string {
  // characters XML 1.0 cannot carry at all are dropped
  return s.replace(/[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** JUnit XML: a testsuite per submission (properties learner, lab, file, status), a testcase per checkpoint. */
export function formatJunit(rows: GradeRow[]): string {
  let tests = 0;
  let failures = 0;
  let errors = 0;
  const suites: string[] = [];
  for (const r of rows) {
    const cases: string[] = [];
    let f = 0;
    let e = 0;
    const cls = xml(`kubeclass.${r.lab || 'unknown'}`);
    if (r.status === 'error' || r.status === 'variant mismatch') {
      e++;
      cases.push(`    <testcase classname="${cls}" name="replay"><error message="${xml(r.message ?? r.status)}"/></testcase>`);
    } else {
      for (const c of r.checkpoints) {
        if (c.passed) cases.push(`    <testcase classname="${cls}" name="${xml(c.id)}"/>`);
        else {
          f++;
          cases.push(`    <testcase classname="${cls}" name="${xml(c.id)}"><failure message="${xml(c.detail ?? 'checkpoint not passed')}">${xml(c.title)}</failure></testcase>`);
        }
      }
      if (r.status === 'altered') {
        f++;
        cases.push(`    <testcase classname="${cls}" name="claims match replay"><failure message="${xml(r.message ?? 'altered')}"/></testcase>`);
      } else cases.push(`    <testcase classname="${cls}" name="claims match replay"/>`);
    }
    tests += cases.length;
    failures += f;
    errors += e;
    const props = [
      ['learner', r.learner],
      ['lab', r.lab],
      ['file', r.file],
      ['status', r.status],
      ['score', String(r.score)],
      ['max_score', String(r.max)],
    ]
      .map(([k, v]) => `      <property name="${k}" value="${xml(v!)}"/>`)
      .join('\n');
    suites.push(
      `  <testsuite name="${xml(`${r.learner || r.file} / ${r.lab || '?'}`)}" tests="${cases.length}" failures="${f}" errors="${e}" time="${(r.durationMs / 1000).toFixed(3)}">\n    <properties>\n${props}\n    </properties>\n${cases.join('\n')}\n  </testsuite>`,
    );
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="kubeclass grade" tests="${tests}" failures="${failures}" errors="${errors}">\n${suites.join('\n')}\n</testsuites>\n`;
}

export function formatGradebook(rows: GradeRow[], format: GradeFormat, minScore?: PassBar, workshop?: WorkshopReport): string {
  switch (format) {
    case 'json':
      return formatJson(rows, minScore, workshop);
    case 'csv':
      return formatCsv(rows);
    case 'junit':
      return formatJunit(rows);
    default:
      return formatTable(rows, minScore, workshop);
  }
}
