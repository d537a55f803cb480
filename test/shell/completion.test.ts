import { describe, expect, it } from 'vitest';
import type { Cluster } from '../../src/cluster/types.ts';
import { completeKubectl } from '../../src/kubectl/index.ts';
import { createCluster } from '../../src/cluster/cluster.ts';
import { terminal } from './helpers.ts';

const PROMPT = '[root@master ~]# ';

/** A stand-in for kubectl's completer: verbs, then resource types, then names. */
function fakeKubectl(words: string[], _cluster: Cluster): string[] {
  void _cluster;
  if (words.length <= 1) return ['apply', 'create', 'delete', 'describe', 'get'];
  if (words.length === 2) return ['deployments', 'deployments.apps', 'namespaces', 'nodes', 'pods'];
  return ['mynginx-6b9c7b6c9-abcde', 'mynginx-6b9c7b6c9-fghij', 'web'];
}

describe('tab completion', () => {
  it('completes the only candidate and adds a space', () => {
    const t = terminal({ completeKubectl: fakeKubectl });
    t.session.input('kubectl ge\t');
    expect(t.screen.text()).toBe(PROMPT + 'kubectl get ');
    t.session.input('po\t');
    expect(t.screen.text()).toBe(PROMPT + 'kubectl get pods ');
  });

  it('passes the words after kubectl (the last one partial) to the completer', () => {
    const calls: string[][] = [];
    const t = terminal({ completeKubectl: (w) => (calls.push(w), []) });
    t.session.input('kubectl get pods -n kube-system my\t');
    t.session.input('\x15echo $(kubectl get \t');
    expect(calls).toEqual([
      ['get', 'pods', '-n', 'kube-system', 'my'],
      ['get', ''],
    ]);
  });

  it('completes the common prefix, then lists on the second Tab and redraws the line', () => {
    const t = terminal({ completeKubectl: fakeKubectl });
    t.session.input('kubectl get pods my\t');
    expect(t.screen.text()).toBe(PROMPT + 'kubectl get pods mynginx-6b9c7b6c9-');
    t.session.input('\t');
    expect(t.screen.text()).toBe(PROMPT + 'kubectl get pods mynginx-6b9c7b6c9-');
    t.session.input('\t');
    expect(t.screen.lines()).toEqual([PROMPT + 'kubectl get pods mynginx-6b9c7b6c9-', 'mynginx-6b9c7b6c9-abcde  mynginx-6b9c7b6c9-fghij', PROMPT + 'kubectl get pods mynginx-6b9c7b6c9-']);
    t.session.input('f\t');
    expect(t.screen.lines().at(-1)).toBe(PROMPT + 'kubectl get pods mynginx-6b9c7b6c9-fghij ');
  });

  it('completes command names in the first word, including injected programs and aliases', () => {
    const t = terminal({ programs: { lab: async () => 0 }, completeKubectl: fakeKubectl });
    t.session.input('kubec\t');
    expect(t.screen.text()).toBe(PROMPT + 'kubectl ');
    t.session.input('\x15la\t');
    expect(t.screen.text()).toBe(PROMPT + 'lab ');
  });

  it('completes file names, directories with a slash, and after kubectl -f', async () => {
    const t = terminal({ completeKubectl: fakeKubectl });
    t.session.input('mkdir manifests; echo x > manifests/web.yaml; echo y > notes.txt\r');
    await new Promise((r) => setTimeout(r, 0));
    t.session.input('cat man\t');
    expect(t.screen.lines().at(-1)).toBe(PROMPT + 'cat manifests/');
    t.session.input('\t');
    expect(t.screen.lines().at(-1)).toBe(PROMPT + 'cat manifests/web.yaml ');
    t.session.input('\x15kubectl apply -f no\t');
    expect(t.screen.lines().at(-1)).toBe(PROMPT + 'kubectl apply -f notes.txt ');
  });

  it('completes in the middle of a line and keeps the rest', () => {
    const t = terminal({ completeKubectl: fakeKubectl });
    t.session.input('kubectl ge pods\x1b[D\x1b[D\x1b[D\x1b[D\x1b[D\t');
    expect(t.screen.text()).toBe(PROMPT + 'kubectl get pods');
    t.session.input('X');
    expect(t.screen.text()).toBe(PROMPT + 'kubectl get Xpods');
  });

  it('with the real kubectl completer: `kubectl get depl` completes to `deployments `', () => {
    const t = terminal({ cluster: createCluster({ seed: 1 }) });
    t.session.input('kubectl get depl\t');
    expect(t.screen.text()).toBe(PROMPT + 'kubectl get deployments ');
    expect(completeKubectl(['get', 'depl'], t.cluster)).toContain('deployments');
  });
});
