// kubectl logs, exec, set image and rollout against the simulated runtime, through the shell as a learner types them.
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

describe('kubectl logs', () => {
  it('prints the container log, --tail, --timestamps, -p and the kubelet errors', async () => {
    const { run, cluster } = shell(31);
    await run(`kubectl run web --image=nginx
kubectl run crashy --image=busybox -- sh -c 'echo "started"; exit 1'
kubectl run bad --image=nginx:doesnotexist`);
    cluster.advance(30_000);
    const tail = await run('kubectl logs web --tail=2');
    expect(tail.out.split('\n').filter(Boolean).map((l) => l.replace(/^\S+ \S+ /, ''))).toEqual(['[notice] 1#1: start worker process 29', '[notice] 1#1: start worker process 30']);
    expect((await run('kubectl logs web --tail=1 --timestamps')).out).toMatch(/^2026-11-22T01:00:\d\d\.\d+Z \d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d \[notice\] 1#1: start worker process 30\n$/);
    expect((await run('kubectl logs crashy')).out).toBe('started\n');
    expect((await run('kubectl logs crashy -p')).out).toBe('started\n');
    expect((await run('kubectl logs web -p')).out).toBe('Error from server (BadRequest): previous terminated container "web" in pod "web" not found\n');
    expect((await run('kubectl logs bad')).out).toMatch(/^Error from server \(BadRequest\): container "bad" in pod "bad" is waiting to start: (trying and failing to pull image|image can't be pulled)\n$/);
    expect((await run('kubectl logs nosuch')).out).toBe('Error from server (NotFound): pods "nosuch" not found\n');
    expect((await run('kubectl logs web -c nope')).out).toBe('Error from server (BadRequest): container nope is not valid for pod web\n');
    const none = await run('kubectl logs');
    expect(none.out).toBe("error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command\nSee 'kubectl logs -h' for help and examples\n");
    expect(none.code).toBe(1);
  });

  it('says a container is creating, picks a pod for deploy/NAME and follows with -f', async () => {
    const { run, cluster } = shell(32);
    await run('kubectl run slow --image=mysql');
    cluster.advance(800);
    expect((await run('kubectl logs slow')).out).toBe('Error from server (BadRequest): container "slow" in pod "slow" is waiting to start: ContainerCreating\n');
    await run(`kubectl create deployment web --image=nginx --replicas=2
kubectl run count --image=busybox --restart=Never -- sh -c 'for i in 1 2 3; do echo line $i; sleep 5; done'`);
    cluster.advance(10_000);
    const d = await run('kubectl logs deploy/web --tail=1');
    expect(d.out).toMatch(/^Found 2 pods, using pod\/web-[a-z0-9]+-[a-z0-9]{5}\n/);
    const f = await run('kubectl logs -f count');
    expect(f.out).toBe('line 1\nline 2\nline 3\n');
    const sel = await run('kubectl logs -l app=web --tail=1 --prefix');
    expect(sel.out.split('\n').filter(Boolean)).toHaveLength(2);
    expect(sel.out).toMatch(/^\[pod\/web-\S+\/nginx\] /);
  });
});

describe('kubectl exec', () => {
  it('runs a command in the container and reports what is missing from the image', async () => {
    const { run, cluster } = shell(33);
    await run(`kubectl run box --image=busybox -- sleep 3600
kubectl run web --image=nginx
kubectl run crashy --image=busybox -- false`);
    cluster.advance(20_000);
    expect((await run('kubectl exec box -- ps')).out).toMatch(/^PID   USER     TIME  COMMAND\n    1 root      0:00 sleep 3600\n +\d+ root      0:00 ps\n$/);
    expect((await run('kubectl exec box -- hostname')).out).toBe('box\n');
    expect((await run('kubectl exec web -- cat /usr/share/nginx/html/index.html')).out).toContain('<h1>Welcome to nginx!</h1>');
    const ps = await run('kubectl exec web -- ps');
    expect(ps.out).toMatch(/^error: Internal error occurred: error executing command in container: failed to exec in container: failed to start exec "[0-9a-f]{64}": OCI runtime exec failed: exec failed: unable to start container process: exec: "ps": executable file not found in \$PATH: unknown\n$/);
    expect(ps.code).toBe(1);
    expect((await run('kubectl exec crashy -- sh')).out).toBe('error: unable to upgrade connection: container not found ("crashy")\n');
    const code = await run(`kubectl exec box -- sh -c 'exit 3'`);
    expect(code.out).toBe('command terminated with exit code 3\n');
    expect(code.code).toBe(3);
    expect((await run('kubectl exec box')).out).toBe('error: you must specify at least one command for the container\n');
    expect((await run('kubectl exec')).out).toBe('error: pod, type/name or --filename must be specified\n');
  });

  it('opens an interactive shell inside the container with its prompt, files and tools, and exit returns', async () => {
    const { run, s } = shell(34);
    await run('kubectl create deployment mynginx --image=nginx');
    await run('sleep 20');
    const pod = (await run("kubectl get pods -o jsonpath='{.items[0].metadata.name}'")).out;
    await run(`kubectl exec -it ${pod} -- /bin/bash`);
    expect(s.prompt()).toBe(`root@${pod}:/# `);
    const inside = await run(`echo changed > /usr/share/nginx/html/index.html
curl -s localhost
cd /etc/nginx
pwd
ps`);
    expect(inside.out).toBe('changed\n/etc/nginx\nbash: ps: command not found\n');
    expect(s.prompt()).toBe(`root@${pod}:/etc/nginx# `);
    const out = await run('exit 0');
    expect(out.out).toBe('exit\n');
    expect(s.prompt()).toBe('[root@master ~]# ');
    expect((await run('kubectl logs deploy/mynginx --tail=1')).out).toMatch(/^127\.0\.0\.1 - - \[22\/Nov\/2026:\d\d:\d\d:\d\d \+0000\] "GET \/ HTTP\/1\.1" 200 8 "-" "curl\/7\.88\.1" "-"\n$/);
    await run(`kubectl run box --image=busybox -- sleep 3600
sleep 10
kubectl exec -it box -- sh`);
    expect(s.prompt()).toBe('/ # ');
    expect((await run('bash')).out).toBe('sh: bash: not found\n');
    expect((await run('exit')).out).toBe('command terminated with exit code 127\n');
    expect(s.prompt()).toBe('[root@master ~]# ');
  });
});

describe('kubectl set image and rollout', () => {
  it('rolls out a new image, shows history with change causes, undoes a bad image', async () => {
    const { run } = shell(35);
    await run('kubectl create deployment web --image=nginx:1.25 --replicas=3');
    expect((await run('kubectl rollout status deployment/web')).out).toMatch(/deployment "web" successfully rolled out\n$/);
    expect((await run('kubectl set image deployment/web nginx=nginx:1.27')).out).toBe('deployment.apps/web image updated\n');
    await run('kubectl annotate deployment/web kubernetes.io/change-cause="image to 1.27"');
    const st = await run('kubectl rollout status deploy/web');
    expect(st.out).toContain('Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated...\n');
    expect(st.out).toMatch(/deployment "web" successfully rolled out\n$/);
    expect((await run('kubectl rollout history deployment/web')).out).toBe('deployment.apps/web \nREVISION  CHANGE-CAUSE\n1         <none>\n2         image to 1.27\n\n');
    expect((await run('kubectl set image deployment/web foo=nginx')).out).toBe('error: unable to find container named "foo"\n');
    await run('kubectl set image deployment/web nginx=nginx:doesnotexist');
    const stuck = await run('kubectl rollout status deployment/web --timeout=20s');
    expect(stuck.out).toContain('Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated...\n');
    expect(stuck.out).toMatch(/\nerror: timed out waiting for the condition\n$/);
    expect(stuck.code).toBe(1);
    expect((await run('kubectl rollout undo deployment/web')).out).toBe('deployment.apps/web rolled back\n');
    await run('kubectl rollout status deployment/web');
    expect((await run("kubectl get deploy web -o jsonpath='{.spec.template.spec.containers[0].image}'")).out).toBe('nginx:1.27');
    expect((await run('kubectl rollout history deployment/web')).out).toBe('deployment.apps/web \nREVISION  CHANGE-CAUSE\n1         <none>\n3         image to 1.27\n4         image to 1.27\n\n');
    expect((await run('kubectl rollout undo deployment/web --to-revision=9')).out).toBe('error: unable to find specified revision 9 in history\n');
    expect((await run('kubectl rollout restart deployment/web')).out).toBe('deployment.apps/web restarted\n');
    expect((await run('kubectl rollout pause deployment/web')).out).toBe('deployment.apps/web paused\n');
    expect((await run('kubectl rollout pause deployment/web')).out).toBe('error: deployments.apps "web" is already paused\n');
    expect((await run('kubectl rollout undo deployment/web')).out).toBe("error: you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume deployment/web' and try again\n");
    expect((await run('kubectl rollout resume deployment/web')).out).toBe('deployment.apps/web resumed\n');
    expect((await run('kubectl rollout status')).out).toBe('error: required resource not specified\n');
  });
});

describe('kubectl exec argument forms', () => {
  it('refuses the pre-1.31 `exec POD COMMAND` form the way kubectl 1.32 does, and runs the `--` form', async () => {
    const { run, cluster } = shell(5);
    await run('kubectl run web --image=nginx');
    cluster.advance(30_000);
    const old = await run('kubectl exec web ls');
    expect(old.out).toBe("error: exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead\nSee 'kubectl exec -h' for help and examples\n");
    expect(old.code).toBe(1);
    expect((await run('kubectl exec web -- ls /usr/share/nginx/html')).out).toBe('50x.html\nindex.html\n');
  });
});
