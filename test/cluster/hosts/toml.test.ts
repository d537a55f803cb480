import { describe, expect, it } from 'vitest';
import { parseToml } from '../../../src/cluster/hosts/toml.ts';

describe('TOML reader', () => {
  it('reads tables, quoted dotted keys, strings, booleans, integers and arrays', () => {
    const r = parseToml(`version = 2
[plugins."io.containerd.grpc.v1.cri".registry.mirrors."msa.harbor.com"]
  endpoint = ["http://msa.harbor.com", 'https://b'] # comment
[a]
b.c = true
n = 1_000
list = [
  1,
  2,
]
`);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.version).toBe(2);
    expect((r.value as any).plugins['io.containerd.grpc.v1.cri'].registry.mirrors['msa.harbor.com'].endpoint).toEqual(['http://msa.harbor.com', 'https://b']);
    expect((r.value as any).a).toEqual({ b: { c: true }, n: 1000, list: [1, 2] });
  });

  it('reports errors at their line and column in go-toml v1 wording', () => {
    const unquoted = parseToml('version = 2\n\n[x]\n  endpoint = [http://msa.harbor.com]\n');
    expect(unquoted).toMatchObject({ ok: false, error: { line: 4, col: 15, text: '(4, 15): no value can start with h' } });
    const unclosed = parseToml('[plugins."io.containerd.grpc.v1.cri".registry\nx = 1\n');
    expect(unclosed.ok || unclosed.error.text).toBe('(1, 1): unclosed table key');
    const str = parseToml('a = 1\nb = "open\n');
    expect(str.ok || str.error.text).toBe('(2, 5): unclosed string');
    const twice = parseToml('[a]\nx = 1\n[a]\n');
    expect(twice.ok || twice.error.text).toBe('(3, 2): duplicated tables');
    const dup = parseToml('x = 1\nx = 2\n');
    expect(dup.ok || dup.error.text).toBe('(2, 1): The following key was defined twice: x');
    const noEq = parseToml('insecure_skip_verify true\n');
    expect(noEq.ok || noEq.error.text).toBe('(1, 22): was expecting token =, but got "t" instead');
  });
});
