// kubectl run -i/-t/--attach/--rm and kubectl attach, through the shell as a learner types them: the one-off
// debugging pod, the container shell until `exit`, the pod's end and the clean-up afterwards.
import { describe, expect, it } from 'vitest';
import { createCluster } from '../../src/cluster/cluster.ts';
import { ShellSession } from '../../src/shell/session.ts';

function shell(seed = 1) {
  const cluster = createCluster({ seed });
  const s = new ShellSession({ cluster, realtime: false, typingDelayMs: 1000 });
  const run = async (script: string) => {
    let out = '';
    const code = await s.runScript(script, (t) => (out += t));
    return { out, code };
  };
  return { cluster, s, run };
}

const PROMPT = "If you don't see a command prompt, try pressing enter.\n";

describe('kubectl run -it --rm (a one-off pod)', () => {
  it('runs nslookup in the pod once, then deletes the pod', async () => {
    const { run, cluster } = shell(71);
    const r = await run('kubectl run -it --rm tmp --image=busybox:1.28 --restart=Never -- nslookup kubernetes');
    expect(r.out.startsWith(PROMPT)).toBe(true);
    expect(r.out).toContain('Server:');
    // the answer comes from the attached session only: the kubelet does not run it a second time
    expect(r.out.match(/10\.96\.0\.1(?!\d)/g)).toHaveLength(1);
    expect(r.out.endsWith('pod "tmp" deleted\n') || /pod "tmp" deleted\npod default\/tmp terminated \(Error\)\n$/.test(r.out)).toBe(true);
    cluster.advance(60_000);
    expect((await run('kubectl get pods')).out).toBe('No resources found in default namespace.\n');
  });

  it('with --restart=Never returns the container exit code after deleting the pod', async () => {
    const { run } = shell(72);
    const r = await run(`kubectl run -i --rm tmp --image=busybox --restart=Never -- sh -c 'echo working; exit 4'`);
    expect(r.out).toBe(`${PROMPT}working\npod "tmp" deleted\npod default/tmp terminated (Error)\n`);
    expect(r.code).toBe(4);
    const ok = await run('kubectl run -i --rm ok --image=busybox --restart=Never -- echo hello');
    expect(ok.out).toBe(`${PROMPT}hello\npod "ok" deleted\n`);
    expect(ok.code).toBe(0);
  });

  it('-it -- sh gives the container shell until exit; the default restart policy prints the reattach hint', async () => {
    const { run, cluster } = shell(73);
    const r = await run(`kubectl run -it --rm tmp --image=busybox -- sh
hostname
ps
exit`);
    expect(r.out).toBe(
      `${PROMPT}tmp\nPID   USER     TIME  COMMAND\n    1 root      0:00 sh\n    7 root      0:00 ps\n` +
        "Session ended, resume using 'kubectl attach tmp -c tmp -i -t' command when the pod is running\npod \"tmp\" deleted\n",
    );
    expect((await run('hostname')).out).toBe('master\n');
    cluster.advance(60_000);
    expect((await run('kubectl get pod tmp')).out).toBe('Error from server (NotFound): pods "tmp" not found\n');
  });

  it('without --rm the pod stays, finished with the exit status of the session', async () => {
    const { run, cluster } = shell(74);
    const r = await run(`kubectl run -it keep --image=busybox --restart=Never -- sh
exit 3`);
    expect(r.out).toBe(`${PROMPT}pod default/keep terminated (Error)\n`);
    expect(r.code).toBe(3);
    cluster.advance(2000);
    expect((await run('kubectl get pod keep -o jsonpath={.status.containerStatuses[0].state.terminated.exitCode}')).out).toBe('3');
    const spec = await run('kubectl get pod keep -o jsonpath={.spec.containers[0].stdin},{.spec.containers[0].stdinOnce},{.spec.containers[0].tty},{.spec.restartPolicy}');
    expect(spec.out).toBe('true,true,true,Never');
  });

  it('a restarted container can be attached to again, and its files are new', async () => {
    const { run, cluster } = shell(75);
    await run(`kubectl run -it box --image=busybox
echo one > /tmp/note
exit`);
    cluster.advance(20_000);
    expect((await run('kubectl get pod box')).out).toMatch(/\nbox\s+1\/1\s+Running\s+1 \(\d+s ago\)\s+\d+s\n$/);
    const again = await run(`kubectl attach box -c box -i -t
cat /tmp/note
exit`);
    expect(again.out).toMatch(/^If you don't see a command prompt, try pressing enter\.\ncat: .*\/tmp\/note.*: No such file or directory\nSession ended, resume using 'kubectl attach box -c box -i -t' command when the pod is running\n$/);
  });

  it('gives up after --pod-running-timeout, deleting the pod first', async () => {
    const { run, cluster } = shell(76);
    const start = cluster.clock.now();
    const r = await run('kubectl run -it --rm bad --image=nginx:nosuchtag --restart=Never --pod-running-timeout=20s -- sh');
    expect(r.out).toBe('pod "bad" deleted\nerror: timed out waiting for the condition\n');
    expect(r.code).toBe(1);
    expect(cluster.clock.now() - start).toBeGreaterThanOrEqual(20_000);
  });

  it('without -i creates the pod as before; -i --attach=false keeps its shell waiting on stdin', async () => {
    const { run, cluster } = shell(77);
    expect((await run('kubectl run plain --image=busybox -- sleep 3600')).out).toBe('pod/plain created\n');
    expect((await run('kubectl run waiting -i --attach=false --image=busybox -- sh')).out).toBe('pod/waiting created\n');
    cluster.advance(30_000);
    expect((await run('kubectl get pod waiting --no-headers')).out).toMatch(/^waiting\s+1\/1\s+Running\s+0\s+/);
  });

  it('--attach without -i shows the output of a command that ran to completion', async () => {
    const { run } = shell(78);
    const r = await run('kubectl run --attach once --image=busybox --restart=Never -- echo attached');
    expect(r.out).toBe('attached\n');
    expect((await run('kubectl logs once')).out).toBe('attached\n');
  });

  it('piped input is not a terminal: no TTY, the command still runs', async () => {
    const { run } = shell(79);
    const r = await run('echo x | kubectl run -it --rm tty --image=busybox --restart=Never -- echo ran');
    expect(r.out).toBe(`Unable to use a TTY - input is not a terminal or the right kind of file\n${PROMPT}ran\npod "tty" deleted\n`);
  });
});

describe('kubectl attach', () => {
  it('checks its arguments and the pod', async () => {
    const { run } = shell(80);
    expect((await run('kubectl attach')).out).toBe('error: at least 1 argument is required for attach\n');
    expect((await run('kubectl attach a b c')).out).toBe('error: expected POD, TYPE/NAME, or TYPE NAME, (at most 2 arguments) saw 3: [a b c]\n');
    expect((await run('kubectl attach nosuch')).out).toBe('Error from server (NotFound): pods "nosuch" not found\n');
    await run(`kubectl run done --image=busybox --restart=Never -- true
sleep 10`);
    expect((await run('kubectl attach done')).out).toBe('error: cannot attach a container in a completed pod; current phase is Succeeded\n');
    await run(`kubectl run web --image=nginx
sleep 10`);
    expect((await run('kubectl attach -it web -q')).out).toBe('');
    expect((await run('kubectl attach -it web')).out).toBe(`error: Unable to use a TTY - container web did not allocate one\n${PROMPT}`);
  });
});
