// The recorder as the lab page uses it: attached to an interactive terminal session.
import { describe, expect, it } from 'vitest';
import { loadLab } from '../../src/labs/load.ts';
import { createRecorder } from '../../src/labs/recorder.ts';
import { replaySubmission } from '../../src/labs/replay.ts';
import { createLabSession } from '../../src/labs/runtime.ts';
import { labFor } from '../../src/labs/variants.ts';
import { ShellSession } from '../../src/shell/session.ts';

async function typed(shell: ShellSession, keys: string): Promise<void> {
  shell.input(keys);
  for (let i = 0; i < 200 && shell.busy; i++) await new Promise((r) => setTimeout(r, 0));
}

describe('recorder', { timeout: 60_000 }, () => {
  it('records typed commands with virtual times since the start, and its submission replays to the same claims', async () => {
    const { lab, variant } = labFor(loadLab('scale-deployment'), 'zoe');
    const session = await createLabSession({ lab, seed: variant.seed, realtime: false });
    const recorder = createRecorder({ session, learner: 'zoe', seed: variant.seed, course: '0.1.0' });
    const shell = new ShellSession({ cluster: session.cluster, realtime: false });
    shell.start();
    recorder.attach(shell);
    const name = String(variant.params.name);
    await typed(shell, `kubectl create deployment ${name} --image=nginx\r`);
    session.cluster.advance(15_000);
    await typed(shell, `kubectl scale deployment ${name} --replicas=${variant.params.replicas}\r`);
    session.cluster.advance(30_000);
    const sub = recorder.submission();
    expect(sub.events).toEqual([
      { kind: 'command', t: 0, line: `kubectl create deployment ${name} --image=nginx` },
      { kind: 'command', t: 15_000, line: `kubectl scale deployment ${name} --replicas=${variant.params.replicas}` },
    ]);
    expect(sub.claimedAt).toBe(45_000);
    expect(sub.claimed.find((c) => c.id === 'create-deployment')?.passed).toBe(true);
    expect(sub.claimed.find((c) => c.id === 'pod-replaced')?.passed).toBe(false);
    // the replay at the same moment agrees with every claim (not altered)
    const r = await replaySubmission(sub, loadLab('scale-deployment'));
    expect(r.status).toBe('ok');
    expect(r.results.find((c) => c.id === 'scaled')?.passed).toBe(true);
    recorder.dispose();
    session.dispose();
  });

  it('starts over when the lab is reset', async () => {
    const { lab, variant } = labFor(loadLab('scale-deployment'), 'yan');
    const session = await createLabSession({ lab, seed: variant.seed, realtime: false });
    const recorder = createRecorder({ session, learner: 'yan', seed: variant.seed, course: '0.1.0' });
    const shell = new ShellSession({ cluster: session.cluster, realtime: false });
    recorder.attach(shell);
    await typed(shell, 'kubectl get pods\r');
    expect(recorder.events()).toHaveLength(1);
    await session.reset();
    expect(recorder.events()).toEqual([]);
    expect(recorder.elapsed()).toBe(0);
    session.dispose();
  });
});
