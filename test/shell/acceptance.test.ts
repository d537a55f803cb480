import { describe, expect, it } from 'vitest';
import type { Program } from '../../src/kubectl/context.ts';
import { headless } from './helpers.ts';

/** A fake kubectl that knows three pods, enough for the shell plumbing around it. */
function fakeKubectl(calls: string[][]): Program {
  const pods = ['mynginx-6b9c7b6c9-4xk2p', 'mynginx-6b9c7b6c9-8jq7z', 'mynginx-6b9c7b6c9-tw5mn'];
  return async (ctx) => {
    calls.push(ctx.args);
    const a = ctx.args.join(' ');
    if (a === 'get pods -l app=mynginx -o name') {
      ctx.out(pods.map((p) => `pod/${p}\n`).join(''));
      return 0;
    }
    if (ctx.args[0] === 'delete' && ctx.args[1] === 'pod') {
      for (const name of ctx.args.slice(2)) ctx.out(`pod "${name}" deleted\n`);
      await ctx.sleep(2000);
      return 0;
    }
    ctx.err(`error: unexpected ${a}\n`);
    return 1;
  };
}

describe('the lab session pattern (acceptance 01)', () => {
  it('deletes the first pod named by $(kubectl get … -o name | head -1 | cut -d/ -f2)', async () => {
    const calls: string[][] = [];
    const { run, cluster } = headless({ programs: { kubectl: fakeKubectl(calls) } });
    const r = await run('kubectl delete pod $(kubectl get pods -l app=mynginx -o name | head -1 | cut -d/ -f2)\nsleep 40\n');
    expect(r.out).toBe('pod "mynginx-6b9c7b6c9-4xk2p" deleted\n');
    expect(calls.at(-1)).toEqual(['delete', 'pod', 'mynginx-6b9c7b6c9-4xk2p']);
    expect(cluster.advanced).toEqual([2000, 40000]);
  });

  it('runs the accept.mjs marker protocol: output between echo markers, no prompts', async () => {
    const calls: string[][] = [];
    const { run } = headless({ programs: { kubectl: fakeKubectl(calls) } });
    const r = await run(['echo __KC_MARK_0__', 'kubectl get pods -l app=mynginx -o name | wc -l', 'echo __KC_MARK_1__', ''].join('\n'));
    expect(r.out).toBe('__KC_MARK_0__\n3\n__KC_MARK_1__\n');
  });
});
