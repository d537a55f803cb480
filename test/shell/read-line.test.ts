// A program asking `[y/N]` at the terminal reads the line the learner types next (kubeadm reset, yum without -y).
import { describe, expect, it } from 'vitest';
import { createCluster } from '../../src/cluster/cluster.ts';
import { terminal } from './helpers.ts';

describe('a prompt read from the terminal', () => {
  it('echoes what is typed and takes the answer when Enter is pressed', async () => {
    const t = terminal({ cluster: createCluster({ seed: 3 }) });
    t.session.input('kubeadm reset\r');
    await t.settle();
    expect(t.screen.lines().at(-1)).toBe('[reset] Are you sure you want to proceed? [y/N]: ');
    t.session.input('nx\x7f');
    await t.settle();
    expect(t.screen.lines().at(-1)!.trimEnd()).toBe('[reset] Are you sure you want to proceed? [y/N]: n');
    t.session.input('\r');
    await t.settle();
    expect(t.screen.lines().slice(-3)).toEqual(['error execution phase preflight: aborted reset operation', 'To see the stack trace of this error execute with --v=5 or higher', '[root@master ~]# ']);
  });

  it('Ctrl-C at the prompt cancels the program', async () => {
    const t = terminal({ cluster: createCluster({ seed: 3 }) });
    t.session.input('kubeadm reset\r');
    await t.settle();
    t.session.input('\x03');
    await t.settle();
    expect(t.screen.lines().at(-1)).toBe('[root@master ~]# ');
    // the control plane is still there
    t.session.input('kubectl get nodes --no-headers | wc -l\r');
    await t.settle();
    expect(t.screen.lines().slice(-2)).toEqual(['4', '[root@master ~]# ']);
  });
});
