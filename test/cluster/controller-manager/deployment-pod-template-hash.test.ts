import { describe, expect, it } from 'vitest';
import { computeHash, equalIgnoreHash, safeEncodeString } from '../../../src/cluster/controller-manager/pod-template-hash.ts';

const template = (image: string) => ({ metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image }] } });

describe('pod-template-hash', () => {
  it('encodes decimal digits into the vowel-free alphabet like rand.SafeEncodeString', () => {
    expect(safeEncodeString('0123456789')).toBe('456789bcdf');
  });

  it('is stable for a template and differs between templates', () => {
    const a = computeHash(template('nginx'));
    expect(a).toMatch(/^[456789bcdf]{8,10}$/);
    expect(computeHash(template('nginx'))).toBe(a);
    // key order does not matter, content does
    expect(computeHash({ spec: template('nginx').spec, metadata: template('nginx').metadata })).toBe(a);
    expect(computeHash(template('nginx:1.25'))).not.toBe(a);
    expect(computeHash(template('nginx'), 1)).not.toBe(a);
  });

  it('compares templates ignoring the pod-template-hash label', () => {
    const withHash = { ...template('nginx'), metadata: { labels: { app: 'web', 'pod-template-hash': 'abc' } } };
    expect(equalIgnoreHash(withHash, template('nginx'))).toBe(true);
    expect(equalIgnoreHash(withHash, template('httpd'))).toBe(false);
  });
});
