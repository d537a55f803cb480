// The Services and Ingress labs judge what a learner would get wrong: the wrong Service name, pods relabelled
// instead of a fixed selector, an Ingress the controller ignores.
import { describe, expect, it } from 'vitest';
import { loadLab } from '../../src/labs/load.ts';
import { createLabSession } from '../../src/labs/runtime.ts';
import { replay } from '../../src/labs/verify.ts';

const tick = () => new Promise((r) => setTimeout(r, 0));
const byId = (results: { id: string; passed: boolean; detail?: string }[]) => Object.fromEntries(results.map((r) => [r.id, r]));

describe('expose-nodeport', () => {
  it('starts with four Ready mynginx pods and no Service; the lab terminal reaches the cluster network', async () => {
    const s = await createLabSession({ lab: loadLab('expose-nodeport'), realtime: false });
    const out = await replay(s, 'kubectl get deploy mynginx\nkubectl get svc\n');
    expect(out).toMatch(/^mynginx\s+4\/4\s+4\s+4\s/m);
    expect(out).not.toMatch(/^mynginx\s+NodePort/m);
    // the handle a terminal is built on forwards the traffic layer, so curl in the page works
    expect(s.cluster.net).toBe(s.current.net);
    expect(s.cluster.net).toBeDefined();
    s.dispose();
  });

  it('judges the Service the learner made: a wrong port fails, a selector that matches nothing leaves no endpoints', async () => {
    const s = await createLabSession({ lab: loadLab('expose-nodeport'), realtime: false });
    await replay(s, 'kubectl create service nodeport mynginx --tcp=8080:80\nsleep 2\n');
    let r = byId(s.evaluate());
    expect(r['service-nodeport']).toMatchObject({ passed: false, detail: 'service mynginx: spec.ports[0].port is 8080 (want 80)' });
    expect(r['four-endpoints']!.passed).toBe(true);
    await s.reset();
    const yaml = ['apiVersion: v1', 'kind: Service', 'metadata:', '  name: mynginx', 'spec:', '  type: NodePort', '  selector:', '    app: nginx', '  ports:', '  - port: 80', '    targetPort: 80'];
    await replay(s, `cat > svc.yaml <<EOF\n${yaml.join('\n')}\nEOF\nkubectl apply -f svc.yaml\nsleep 2\n`);
    r = byId(s.evaluate());
    expect(r['service-nodeport']!.passed).toBe(true);
    expect(r['four-endpoints']).toMatchObject({ passed: false, detail: 'endpoints mynginx: no ready addresses (want 4)' });
    expect(r['node1-answers']).toMatchObject({ passed: false, detail: expect.stringMatching(/^GET http:\/\/10\.0\.2\.16:\d+\/ from master: connection refused$/) });
    s.dispose();
  });

  it('the extra task wants the answers to name their pods', async () => {
    const s = await createLabSession({ lab: loadLab('expose-nodeport'), realtime: false });
    await replay(s, 'kubectl expose deployment mynginx --type=NodePort --port=80\nsleep 2\n');
    const r = byId(s.evaluate());
    expect(r['every-node-answers']!.passed).toBe(true);
    expect(r['several-pods']).toMatchObject({ passed: false, detail: expect.stringContaining('answered without its name') });
    s.dispose();
  });
});

describe('live checkpoints', () => {
  it('a page changed inside the containers (no API object moves) turns the checkpoint green as the clock runs', async () => {
    const s = await createLabSession({ lab: loadLab('expose-nodeport'), realtime: false });
    await replay(s, 'kubectl create service nodeport mynginx --tcp=80:80\nsleep 1\n');
    const seen: string[][] = [];
    s.onProgress((p) => seen.push(p.results.filter((r) => r.passed).map((r) => r.id)));
    for (const pod of s.cluster.api.list('pods', 'default', { labelSelector: 'app=mynginx' })) {
      const env = s.cluster.runtime!.exec('default', pod.metadata.name, 'nginx')!;
      env.fs.write('/usr/share/nginx/html/index.html', `${pod.metadata.name}\n`);
    }
    await tick();
    expect(seen).toEqual([]);
    s.cluster.advance(1000);
    await tick();
    expect(seen.at(-1)).toContain('several-pods');
    s.dispose();
  });
});

describe('service-discovery', () => {
  it('the name resolves from the start, but nothing answers until the selector is fixed', async () => {
    const s = await createLabSession({ lab: loadLab('service-discovery'), realtime: false });
    const out = await replay(s, 'kubectl get endpoints backend\nkubectl exec deploy/web -- wget -qO- http://backend\n');
    expect(out).toMatch(/^backend\s+<none>\s/m);
    const r = byId(s.evaluate());
    expect(r['backend-endpoints']).toMatchObject({ passed: false, detail: 'endpoints backend: no ready addresses (want 2)' });
    expect(r['backend-answers']).toMatchObject({ passed: false, detail: expect.stringMatching(/^GET http:\/\/backend\/ from pod web-\S+: connection refused$/) });
    s.dispose();
  });

  it('relabelling the pods instead of fixing the Service does not pass', async () => {
    const s = await createLabSession({ lab: loadLab('service-discovery'), realtime: false });
    await replay(s, 'kubectl label pods -l app=backend app=backend-api --overwrite\nsleep 30\n');
    const r = byId(s.evaluate());
    expect(r['backend-endpoints']!.passed).toBe(false);
    expect(r['backend-endpoints']!.detail).toMatch(/but the Ready pods with app=backend are /);
    s.dispose();
  });
});

describe('ingress-routing', () => {
  it('starts with ingress-nginx Ready and answering 404 for example.com', async () => {
    const s = await createLabSession({ lab: loadLab('ingress-routing'), realtime: false });
    const out = await replay(s, 'kubectl get pods -n ingress-nginx\n');
    expect(out).toMatch(/^ingress-nginx-controller-\S+\s+1\/1\s+Running/m);
    const r = byId(s.evaluate());
    expect(r['blog-route']).toMatchObject({ passed: false, detail: expect.stringMatching(/answered 404 \(want 200\)/) });
    s.dispose();
  });

  it('an Ingress without the nginx class is ignored by the controller', async () => {
    const s = await createLabSession({ lab: loadLab('ingress-routing'), realtime: false });
    await replay(s, 'kubectl create ingress example --rule="example.com/blog*=blog:80" --rule="example.com/news*=news:80"\nsleep 5\n');
    const r = byId(s.evaluate());
    expect(r['ingress-exists']!.passed).toBe(false);
    expect(r['blog-route']).toMatchObject({ passed: false, detail: expect.stringMatching(/answered 404 \(want 200\)/) });
    expect(r['unmatched-404']!.passed).toBe(false);
    s.dispose();
  });
});
