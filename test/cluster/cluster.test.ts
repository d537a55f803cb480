import { describe, expect, it } from 'vitest';
import { createCluster } from '../../src/cluster/index.ts';

const dump = (c: ReturnType<typeof createCluster>) =>
  JSON.stringify(
    c.api.resources
      .filter((r, i, all) => all.findIndex((x) => x.plural === r.plural) === i && r.verbs.includes('list'))
      .flatMap((r) => c.api.list(r.plural)),
  );

describe('createCluster', () => {
  it('leaves no pending work: settle() right away advances nothing and writes nothing', () => {
    const c = createCluster();
    const before = dump(c);
    expect(c.settle()).toBe(0);
    expect(c.idle()).toBe(true);
    expect(dump(c)).toBe(before);
  });

  it('builds the same cluster byte for byte from the same seed', () => {
    expect(dump(createCluster({ seed: 42 }))).toBe(dump(createCluster({ seed: 42 })));
  });

  it('picks other names and addresses with another seed', () => {
    const names = (seed: number) => createCluster({ seed }).api.list('pods', 'kube-system').map((p) => p.metadata.name);
    expect(names(1)).not.toEqual(names(2));
    const ip = (seed: number) =>
      createCluster({ seed, preset: 'empty', components: [] }).api.create({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { ports: [{ port: 80 }] } }).spec.clusterIP;
    expect(ip(1)).not.toBe(ip(2));
    expect(ip(3)).toBe(ip(3));
  });

  it('reports its version and server', () => {
    const c = createCluster({ preset: 'empty' });
    expect(c.version).toMatchObject({ major: '1', minor: '32', gitVersion: 'v1.32.4', platform: 'linux/amd64' });
    expect(c.serverUrl).toBe('https://10.0.2.15:6443');
  });

  it('advances the clock and tells listeners once per step that changed something', () => {
    const c = createCluster({ preset: 'empty' });
    let calls = 0;
    c.onChange(() => calls++);
    c.advance(1000);
    expect(calls).toBe(0);
    c.api.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } });
    c.api.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b' } });
    c.advance(0);
    expect(calls).toBe(1);
    expect(c.clock.now()).toBe(Date.UTC(2026, 10, 22, 1, 0, 1));
  });

  it('runs timers in order while advancing, and settle stops at the horizon', () => {
    const c = createCluster({ preset: 'empty', components: [] });
    const seen: number[] = [];
    c.clock.after(5000, () => seen.push(c.clock.now()));
    c.clock.after(2000, () => seen.push(c.clock.now()));
    c.clock.after(10 * 60 * 1000, () => seen.push(-1));
    expect(c.settle()).toBe(5000);
    expect(seen.map((t) => t - Date.UTC(2026, 10, 22, 1, 0, 0))).toEqual([2000, 5000]);
    c.advance(10 * 60 * 1000);
    expect(seen).toContain(-1);
  });
});
