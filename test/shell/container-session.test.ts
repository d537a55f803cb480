// `kubectl exec -it POD -- /bin/bash` in the terminal: the prompt, commands and files are the container's until `exit`.
import { describe, expect, it } from 'vitest';
import { createCluster } from '../../src/cluster/cluster.ts';
import { terminal } from './helpers.ts';

async function typed(t: ReturnType<typeof terminal>, line: string) {
  t.session.input(`${line}\r`);
  await t.settle();
}

describe('a shell inside a container', () => {
  it('draws the image shell prompt, runs its tools over its files, and exit comes back', async () => {
    const cluster = createCluster({ seed: 41 });
    const t = terminal({ cluster });
    await typed(t, 'kubectl run web --image=nginx');
    await typed(t, 'kubectl run box --image=busybox -- sleep 3600');
    cluster.advance(20_000);
    await typed(t, 'kubectl exec -it web -- /bin/bash');
    expect(t.screen.lines().at(-1)).toBe('root@web:/# ');
    await typed(t, 'cat /etc/hostname');
    expect(t.screen.lines().slice(-2)).toEqual(['web', 'root@web:/# ']);
    await typed(t, 'kubectl get pods');
    expect(t.screen.lines().slice(-2)).toEqual(['bash: kubectl: command not found', 'root@web:/# ']);
    await typed(t, 'cd /usr/share/nginx/html');
    expect(t.screen.lines().at(-1)).toBe('root@web:/usr/share/nginx/html# ');
    await typed(t, 'exit');
    expect(t.screen.lines().slice(-2)).toEqual(['exit', '[root@master ~]# ']);
    // the machine's files are back
    await typed(t, 'cat /etc/hostname');
    expect(t.screen.lines().slice(-2)).toEqual(['master', '[root@master ~]# ']);
    await typed(t, 'kubectl exec -it box -- sh');
    expect(t.screen.lines().at(-1)).toBe('/ # ');
    await typed(t, 'ps');
    expect(t.screen.lines().slice(-5)).toEqual(['PID   USER     TIME  COMMAND', '    1 root      0:00 sleep 3600', expect.stringMatching(/^ +\d+ root      0:00 sh$/), expect.stringMatching(/^ +\d+ root      0:00 ps$/), '/ # ']);
    await typed(t, 'exit');
    expect(t.screen.lines().at(-1)).toBe('[root@master ~]# ');
  });
});
