// The shell's network tools on the simulated cluster: curl from the machines, tools inside pods,
// and `kubectl port-forward … &` serving a later curl.
import { describe, expect, it } from 'vitest';
import { createCluster } from '../../../src/cluster/cluster.ts';
import { headless, terminal } from '../helpers.ts';

async function withNginx(seed: number) {
  const cluster = createCluster({ seed });
  cluster.settle();
  const h = headless({ cluster, typingDelayMs: 1000 });
  await h.run('kubectl create deployment mynginx --image=nginx --replicas=3\nkubectl expose deployment mynginx --type=NodePort --port=80\nkubectl rollout status deployment mynginx\n');
  const svc = cluster.api.get('services', 'default', 'mynginx');
  return { ...h, cluster, clusterIP: svc.spec.clusterIP as string, nodePort: svc.spec.ports[0].nodePort as number };
}

describe('curl on the machines', () => {
  it('reaches a NodePort on every node’s IP and the ClusterIP, from master and from node1', async () => {
    const { run, clusterIP, nodePort } = await withNginx(61);
    for (const ip of ['10.0.2.15', '10.0.2.16', '10.0.2.17', '10.0.2.18']) {
      const r = await run(`curl -s ${ip}:${nodePort}`);
      expect(r.status).toBe(0);
      expect(r.out).toContain('<title>Welcome to nginx!</title>');
    }
    await run('ssh node1');
    const fromNode = await run(`curl -s -o /dev/null -w '%{http_code}\\n' ${clusterIP}`);
    expect(fromNode).toEqual({ out: '200\n', status: 0 });
    const noPort = await run(`curl -sS ${clusterIP}:8080`);
    expect(noPort.status).not.toBe(0);
    expect(noPort.out).toMatch(/^curl: \((7|28)\) Failed connect to 10\.\d+\.\d+\.\d+:8080; Connection (refused|timed out)\n$/);
  });

  it('serves localhost:8080 through a port-forward running in the background', async () => {
    const { run } = await withNginx(62);
    const r = await run('kubectl port-forward svc/mynginx 8080:80 &\ncurl -s localhost:8080 | grep title\njobs\n');
    expect(r.out).toMatch(/^\[1\] \d{4}\n/);
    expect(r.out.replace(/^\[1\] \d{4}\n/, '')).toBe('Forwarding from 127.0.0.1:8080 -> 80\nForwarding from [::1]:8080 -> 80\nHandling connection for 8080\n<title>Welcome to nginx!</title>\n[1]+  Running                 kubectl port-forward svc/mynginx 8080:80 &\n');
    // the script ended, and with it the port-forward: the port is free again
    const after = await run('curl -sS localhost:8080');
    expect(after).toEqual({ out: 'curl: (7) Failed connect to localhost:8080; Connection refused\n', status: 7 });
  });
});

describe('tools inside pods', () => {
  it('busybox nslookup and wget find the Service by name', async () => {
    const { run, clusterIP } = await withNginx(63);
    await run('kubectl run box --image=busybox -- sleep 3600\nsleep 20\n');
    const ns = await run('kubectl exec box -- nslookup mynginx');
    expect(ns.out.split('\n').slice(0, 6)).toEqual(['Server:\t\t10.96.0.10', 'Address:\t10.96.0.10:53', '', 'Name:\tmynginx.default.svc.cluster.local', `Address: ${clusterIP}`, '']);
    expect(ns.out).toMatch(/\*\* server can't find mynginx\.svc\.cluster\.local: NXDOMAIN\n\n[\s\S]*command terminated with exit code 1\n$/);
    const w = await run('kubectl exec box -- wget -O- mynginx');
    expect(w.out).toMatch(new RegExp(`^Connecting to mynginx \\(${clusterIP.replace(/\./g, '\\.')}:80\\)\nwriting to stdout\n-                    100% \\|\\*{32}\\|   615  0:00:00 ETA\n`));
    expect(w.out).toContain('<title>Welcome to nginx!</title>');
    const bad = await run('kubectl exec box -- wget -qO- nosuch');
    expect(bad.out).toBe("wget: bad address 'nosuch'\ncommand terminated with exit code 1\n");
  });

  it('the nginx image’s curl 7.88.1 answers from another pod and words failures its own way', async () => {
    const { run } = await withNginx(64);
    const ok = await run('kubectl exec deploy/mynginx -- curl -s mynginx');
    expect(ok.out).toContain('<title>Welcome to nginx!</title>');
    const bad = await run('kubectl exec deploy/mynginx -- curl -sS nosuch');
    expect(bad.out).toBe('curl: (6) Could not resolve host: nosuch\ncommand terminated with exit code 6\n');
    const logs = await run('kubectl logs -l app=mynginx --tail=1 --prefix');
    expect(logs.out).toMatch(/"GET \/ HTTP\/1\.1" 200 615 "-" "curl\/7\.88\.1"/);
  });

  it('inside a container, which and type see the image’s tools only', async () => {
    const { run } = await withNginx(65);
    await run('kubectl run box --image=busybox -- sleep 3600\nsleep 20\n');
    expect((await run('kubectl exec box -- which wget')).out).toBe('/bin/wget\n');
    expect((await run('kubectl exec box -- which curl')).out).toBe('command terminated with exit code 1\n');
    expect((await run("kubectl exec deploy/mynginx -- sh -c 'type curl'")).out).toBe('curl is /usr/bin/curl\n');
  });
});

describe('what exists where', () => {
  it('the machines have curl and no wget or nslookup; Tab completes curl', async () => {
    const { run, session } = headless();
    expect((await run('type curl; which curl')).out).toBe('curl is /usr/bin/curl\n/usr/bin/curl\n');
    expect(await run('wget http://x')).toEqual({ out: 'bash: wget: command not found\n', status: 127 });
    expect((await run('nslookup x; dig x; host x')).out).toBe('bash: nslookup: command not found\nbash: dig: command not found\nbash: host: command not found\n');
    void session;
    const t = terminal();
    t.session.input('cur\t');
    expect(t.screen.text()).toBe('[root@master ~]# curl ');
    t.session.input('\x15wge\t');
    expect(t.screen.text()).toBe('[root@master ~]# wge');
  });

  it('inside a busybox container, Tab completes wget but not curl', async () => {
    const { cluster, run } = await withNginx(66);
    await run('kubectl run box --image=busybox -- sleep 3600\nsleep 20\n');
    const t = terminal({ cluster });
    t.session.input('kubectl exec -it box -- sh\r');
    await t.settle();
    t.session.input('wge\t');
    expect(t.screen.lines().at(-1)).toBe('/ # wget ');
    t.session.input('\x15cur\t');
    expect(t.screen.lines().at(-1)).toBe('/ # cur');
  });
});
