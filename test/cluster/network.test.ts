import { describe, expect, it } from 'vitest';
import { createPodNetwork } from '../../src/cluster/network.ts';

describe('weave-net pod addresses', () => {
  it('hands node1 10.44.0.1 first, then the lowest free address', () => {
    const net = createPodNetwork();
    expect(net.allocate('node1', 'a')).toBe('10.44.0.1');
    expect(net.allocate('node1', 'b')).toBe('10.44.0.2');
    expect(net.allocate('node2', 'c')).toBe('10.36.0.1');
    expect(net.allocate('node3', 'd')).toBe('10.40.0.1');
    net.release('a');
    expect(net.allocate('node1', 'e')).toBe('10.44.0.1');
    expect(net.allocate('node1', 'e')).toBe('10.44.0.1');
    expect(net.ipOf('b')).toBe('10.44.0.2');
  });

  it('keeps the master bridge address and reports each node range', () => {
    const net = createPodNetwork();
    expect(net.allocate('master', 'x')).toBe('10.32.0.2');
    expect(net.rangeOf('node1')).toBe('10.44.0.0/14');
  });
});
