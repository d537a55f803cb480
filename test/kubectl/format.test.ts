// Formatting primitives against Go's behaviour: tabwriter, HumanDuration, sigs.k8s.io/yaml, jsonpath.
import { describe, expect, it } from 'vitest';
import { humanDuration } from '../../src/kubectl/format/duration.ts';
import { parseJsonPath } from '../../src/kubectl/format/jsonpath.ts';
import { formatTable, describeWriter } from '../../src/kubectl/format/tabwriter.ts';
import { toYaml } from '../../src/kubectl/format/yaml.ts';
import { podSummary } from '../../src/kubectl/printers/pod.ts';

describe('tabwriter', () => {
  it('pads each column to its widest cell plus 3, the last column unpadded', () => {
    expect(formatTable('NAME\tREADY\tSTATUS\nmynginx-7c79c4bf97-4xq2z\t1/1\tRunning\n')).toBe(
      'NAME                       READY   STATUS\nmynginx-7c79c4bf97-4xq2z   1/1     Running\n',
    );
  });
  it('a blank line starts a new table with its own widths', () => {
    expect(formatTable('A\tB\nlong-name\tx\n\nC\tD\ny\tz\n')).toBe('A           B\nlong-name   x\n\nC     D\ny     z\n');
  });
  it('describe blocks align 2 spaces after the longest label until a line without a tab', () => {
    const w = describeWriter();
    w.write('Name:\tx\nService Account:\tdefault\nIPs:\n  IP:\t10.0.0.1\n');
    expect(w.flush()).toBe('Name:             x\nService Account:  default\nIPs:\n  IP:  10.0.0.1\n');
  });
});

describe('HumanDuration', () => {
  const cases: [number, string][] = [
    [-5000, '<invalid>'], [0, '0s'], [5000, '5s'], [119_000, '119s'], [120_000, '2m'], [130_000, '2m10s'],
    [600_000, '10m'], [7_200_000, '120m'], [10_800_000, '3h'], [11_100_000, '3h5m'], [8 * 3600_000, '8h'],
    [47 * 3600_000, '47h'], [48 * 3600_000, '2d'], [53 * 3600_000, '2d5h'], [400 * 86400_000, '400d'], [731 * 86400_000, '2y1d'],
  ];
  for (const [ms, want] of cases) it(`${ms}ms → ${want}`, () => expect(humanDuration(ms)).toBe(want));
});

describe('yaml like sigs.k8s.io/yaml', () => {
  it('sorts keys the go-yaml way, quotes only when needed, folds long strings and uses block literals', () => {
    // expected text captured from kubectl.1.32 create configmap --dry-run=client -o yaml
    const data = {
      _x: '1', B: '1', NULL: 'null', a9: '1', a10: '1', app: 'y', colon: 'a: b', empty: '', nl: 'line1\nline2\n', nl2: 'a\nb',
      ts: '2025-01-01T00:00:00Z', ver: '1.32', tab: 'a\tb', star: '*',
      long: 'Back-off restarting failed container crashy in pod crashy_default(0a1b2c3d-aaaa-bbbb-cccc-111122223333) and more words here to wrap',
    };
    expect(toYaml({ data, list: [{ b: 1, a: [] }] })).toBe(`data:
  _x: "1"
  B: "1"
  "NULL": "null"
  a9: "1"
  a10: "1"
  app: "y"
  colon: 'a: b'
  empty: ""
  long: Back-off restarting failed container crashy in pod crashy_default(0a1b2c3d-aaaa-bbbb-cccc-111122223333)
    and more words here to wrap
  nl: |
    line1
    line2
  nl2: |-
    a
    b
  star: '*'
  tab: "a\\tb"
  ts: "2025-01-01T00:00:00Z"
  ver: "1.32"
list:
- a: []
  b: 1
`);
  });
});

describe('jsonpath', () => {
  const data = { items: [{ metadata: { name: 'a' }, status: { conditions: [{ type: 'Ready', status: 'True' }] } }, { metadata: { name: 'b' }, status: { conditions: [{ type: 'Ready', status: 'False' }] } }] };
  it('joins several values with spaces', () => expect(parseJsonPath('{.items[*].metadata.name}').execute(data)).toBe('a b'));
  it('supports range and filters', () => {
    expect(parseJsonPath('{range .items[*]}{.metadata.name}={.status.conditions[?(@.type=="Ready")].status}{"\\n"}{end}').execute(data)).toBe('a=True\nb=False\n');
  });
});

describe('pod STATUS column', () => {
  const now = Date.parse('2026-11-22T01:10:00Z');
  const pod = (status: any, meta: any = {}) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', uid: 'u', resourceVersion: '1', creationTimestamp: '2026-11-22T01:00:00Z', ...meta }, spec: { containers: [{ name: 'c' }] }, status });
  it('waiting reason wins', () => {
    expect(podSummary(pod({ phase: 'Pending', containerStatuses: [{ name: 'c', ready: false, restartCount: 0, state: { waiting: { reason: 'ContainerCreating' } } }] }), now)).toEqual({ ready: '0/1', status: 'ContainerCreating', restarts: '0' });
  });
  it('restarts show how long ago the last one ended', () => {
    const s = podSummary(pod({ phase: 'Running', containerStatuses: [{ name: 'c', ready: false, restartCount: 3, state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { exitCode: 1, finishedAt: '2026-11-22T01:09:35Z' } } }] }), now);
    expect(s).toEqual({ ready: '0/1', status: 'CrashLoopBackOff', restarts: '3 (25s ago)' });
  });
  it('a deletion timestamp on a running pod reads Terminating', () => {
    expect(podSummary(pod({ phase: 'Running', containerStatuses: [{ name: 'c', ready: true, restartCount: 0, state: { running: {} } }] }, { deletionTimestamp: '2026-11-22T01:09:59Z' }), now).status).toBe('Terminating');
  });
});
