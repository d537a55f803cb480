// Services and networking on the simulated cluster: create service, create ingress, expose, patch,
// port-forward, the network printers and describers, custom resources and manifests from a URL.
import { describe, expect, it } from 'vitest';
import type { NetResult } from '../../src/cluster/types.ts';
import { kubectl } from '../../src/kubectl/index.ts';
import { cells, session, type Session } from './harness.ts';

/** The notes' state before the Services chapter: mynginx with 4 ready replicas serving port 80. */
async function withMynginx(opts: { port?: boolean } = {}): Promise<Session> {
  const s = session();
  await s.run(`create deployment mynginx --image=nginx --replicas=4${opts.port ? ' --port=80' : ''}`);
  s.cluster.advance(60_000);
  return s;
}

describe('create service', () => {
  it('nodeport --tcp=80:80 gives a NodePort Service whose endpoints are the four mynginx pods', async () => {
    const s = await withMynginx();
    const r = await s.run('create service nodeport mynginx --tcp=80:80');
    expect(r).toEqual({ stdout: 'service/mynginx created\n', stderr: '', code: 0 });
    s.cluster.advance(1000);
    const svc = cells((await s.run('get svc mynginx -o wide')).stdout);
    expect(svc[0]).toEqual(['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE', 'SELECTOR']);
    expect(svc[1][1]).toBe('NodePort');
    expect(svc[1][2]).toMatch(/^10\.(9[6-9]|1[01]\d)\.\d+\.\d+$/);
    expect(svc[1][4]).toMatch(/^80:3\d{4}\/TCP$/);
    expect(svc[1][6]).toBe('app=mynginx');
    const ep = cells((await s.run('get endpoints mynginx')).stdout);
    expect(ep[1][1]).toMatch(/^(10\.\d+\.\d+\.\d+:80,){2}10\.\d+\.\d+\.\d+:80 \+ 1 more\.\.\.$/);
    const d = (await s.run('describe svc mynginx')).stdout;
    expect(d).toMatch(/^Port:\s+80-80  80\/TCP$/m);
    expect(d).toMatch(/^NodePort:\s+80-80  3\d{4}\/TCP$/m);
    expect(d).toMatch(/^Endpoints:\s+(10\.\d+\.\d+\.\d+:80,){2}10\.\d+\.\d+\.\d+:80 \+ 1 more\.\.\.$/m);
  });

  it('wraps the server errors as create_service.go does: AlreadyExists and a taken node port', async () => {
    const s = await withMynginx();
    await s.run('create service nodeport mynginx --tcp=80:80 --node-port=30080');
    expect((await s.run('get svc mynginx')).stdout).toMatch(/ 80:30080\/TCP /);
    const again = await s.run('create service nodeport mynginx --tcp=80:80');
    expect(again.stderr).toBe('error: failed to create NodePort service: services "mynginx" already exists\n');
    expect(again.code).toBe(1);
    const taken = await s.run('create service nodeport other --tcp=80:80 --node-port=30080');
    expect(taken.stderr).toBe('error: failed to create NodePort service: Service "other" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated\n');
  });

  it('clusterip None is headless, externalname has no cluster IP, loadbalancer waits for an address', async () => {
    const s = session();
    expect((await s.run('create service clusterip hl --clusterip=None')).stdout).toBe('service/hl created\n');
    await s.run('create service externalname db --external-name=db.example.com');
    await s.run('create service loadbalancer lb --tcp=80:8080');
    const rows = cells((await s.run('get svc')).stdout);
    const row = (n: string) => rows.find((r) => r[0] === n)!;
    expect(row('hl').slice(1, 5)).toEqual(['ClusterIP', 'None', '<none>', '<none>']);
    expect(row('db').slice(1, 5)).toEqual(['ExternalName', '<none>', 'db.example.com', '<none>']);
    expect(row('lb')[3]).toBe('<pending>');
    expect(row('lb')[4]).toMatch(/^80:3\d{4}\/TCP$/);
  });

  it('--dry-run=server validates without storing', async () => {
    const s = session();
    expect((await s.run('create service clusterip web --tcp=80 --dry-run=server')).stdout).toBe('service/web created (server dry run)\n');
    expect((await s.run('get svc web')).stderr).toBe('Error from server (NotFound): services "web" not found\n');
  });
});

describe('expose', () => {
  it('the notes flow: expose deployment mynginx --type=NodePort --port=80', async () => {
    const s = await withMynginx();
    expect(await s.run('expose deployment mynginx --type=NodePort --port=80')).toEqual({ stdout: 'service/mynginx exposed\n', stderr: '', code: 0 });
    const svc = s.cluster.api.get('services', 'default', 'mynginx');
    expect(svc.spec.selector).toEqual({ app: 'mynginx' });
    expect(svc.metadata.labels).toEqual({ app: 'mynginx' });
    expect(svc.spec.ports).toEqual([{ port: 80, protocol: 'TCP', targetPort: 80, nodePort: svc.spec.ports[0].nodePort }]);
    const again = await s.run('expose deployment mynginx --type=NodePort --port=80');
    expect(again.stderr).toBe('Error from server (AlreadyExists): services "mynginx" already exists\n');
  });

  it('without --port it needs container ports: the notes pod has none', async () => {
    const s = session();
    await s.run('run nginx-app --image=nginx');
    const r = await s.run('expose pod nginx-app --type=NodePort');
    expect(r).toEqual({ stdout: '', stderr: "error: couldn't find port via --port flag or introspection\n", code: 1 });
    expect((await s.run('expose pod nginx-app --type=NodePort --port=80')).stdout).toBe('service/nginx-app exposed\n');
    expect(s.cluster.api.get('services', 'default', 'nginx-app').spec.selector).toEqual({ run: 'nginx-app' });
  });

  it('a deployment with a container port needs no --port; a Node cannot be exposed', async () => {
    const s = await withMynginx({ port: true });
    expect((await s.run('expose deploy mynginx --name=web')).stdout).toBe('service/web exposed\n');
    expect(s.cluster.api.get('services', 'default', 'web').spec.ports[0].port).toBe(80);
    expect((await s.run('expose node node1 --port=80')).stderr).toBe('error: cannot expose a Node\n');
    expect((await s.run('expose deployment')).stderr).toBe('error: resource(s) were provided, but no name was specified\n');
  });

  it('--save-config stores the generated Service as last-applied, but --dry-run=client prints none', async () => {
    const s = await withMynginx({ port: true });
    expect((await s.run('expose deploy mynginx --save-config --dry-run=client -o yaml')).stdout).not.toContain('last-applied-configuration');
    expect((await s.run('expose deploy mynginx --save-config')).stdout).toBe('service/mynginx exposed\n');
    const applied = s.cluster.api.get('services', 'default', 'mynginx').metadata.annotations?.['kubectl.kubernetes.io/last-applied-configuration'];
    expect(applied).toBe(
      '{"kind":"Service","apiVersion":"v1","metadata":{"name":"mynginx","creationTimestamp":null,"labels":{"app":"mynginx"}},"spec":{"ports":[{"protocol":"TCP","port":80,"targetPort":80}],"selector":{"app":"mynginx"}},"status":{"loadBalancer":{}}}\n',
    );
  });

  it('a Deployment whose selector uses matchExpressions cannot be exposed', async () => {
    const s = session();
    s.write('d.yaml', `apiVersion: apps/v1
kind: Deployment
metadata:
  name: expr
spec:
  selector:
    matchExpressions:
    - key: app
      operator: In
      values: [expr]
  template:
    metadata:
      labels:
        app: expr
    spec:
      containers:
      - name: nginx
        image: nginx
`);
    await s.run('apply -f d.yaml');
    const r = await s.run('expose deployment expr --port=80');
    expect(r.stderr).toBe(`error: couldn't retrieve selectors via --selector flag or introspection: invalid deployment: no selectors, therefore cannot be exposed\n`);
  });
});

describe('create ingress and the ingress printers', () => {
  it('prefix and exact paths by a trailing *, and describe resolves the backends through the EndpointSlices', async () => {
    const s = await withMynginx();
    await s.run('expose deployment mynginx --port=80');
    const r = await s.run('create ingress blog --class=nginx --rule=example.com/blog*=mynginx:80 --rule=example.com/news=news:80');
    expect(r.stdout).toBe('ingress.networking.k8s.io/blog created\n');
    const ing = s.cluster.api.get('ingresses', 'default', 'blog');
    expect(ing.spec.rules[0].http.paths.map((p: any) => [p.path, p.pathType])).toEqual([['/blog', 'Prefix'], ['/news', 'Exact']]);
    s.cluster.advance(1000);
    expect(cells((await s.run('get ingress')).stdout)).toEqual([
      ['NAME', 'CLASS', 'HOSTS', 'ADDRESS', 'PORTS', 'AGE'],
      ['blog', 'nginx', 'example.com', '80', '1s'],
    ]);
    const d = (await s.run('describe ingress blog')).stdout;
    expect(d).toMatch(/^ {15}\/blog   mynginx:80 \((10\.\d+\.\d+\.\d+:80,){2}10\.\d+\.\d+\.\d+:80 \+ 1 more\.\.\.\)$/m);
    expect(d).toContain('/news   news:80 (<error: services "news" not found>)');
  });

  it('get endpointslices shows address type, ports and up to three endpoints', async () => {
    const s = await withMynginx();
    await s.run('expose deployment mynginx --port=80');
    s.cluster.advance(1000);
    const rows = cells((await s.run('get endpointslices')).stdout);
    expect(rows[0]).toEqual(['NAME', 'ADDRESSTYPE', 'PORTS', 'ENDPOINTS', 'AGE']);
    const mine = rows.find((r) => r[0]!.startsWith('mynginx-'))!;
    expect(mine[0]).toMatch(/^mynginx-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(mine.slice(1, 3)).toEqual(['IPv4', '80']);
    expect(mine[3]).toMatch(/^(10\.\d+\.\d+\.\d+,){2}10\.\d+\.\d+\.\d+ \+ 1 more\.\.\.$/);
  });
});

describe('patch', () => {
  it('strategic merge by default, (no change) when nothing moves, merge and json types', async () => {
    const s = await withMynginx();
    await s.run('expose deployment mynginx --port=80');
    expect((await s.run(['patch', 'svc', 'mynginx', '-p', '{"spec":{"type":"NodePort"}}'])).stdout).toBe('service/mynginx patched\n');
    expect((await s.run(['patch', 'svc', 'mynginx', '-p', '{"spec":{"type":"NodePort"}}'])).stdout).toBe('service/mynginx patched (no change)\n');
    expect(s.cluster.api.get('services', 'default', 'mynginx').spec.type).toBe('NodePort');
    await s.run(['patch', 'svc', 'mynginx', '--type=merge', '-p', '{"metadata":{"labels":{"tier":"web"}}}']);
    expect(s.cluster.api.get('services', 'default', 'mynginx').metadata.labels).toEqual({ app: 'mynginx', tier: 'web' });
    await s.run(['patch', 'svc', 'mynginx', '--type=json', '-p', '[{"op":"replace","path":"/spec/ports/0/port","value":8080}]']);
    expect(s.cluster.api.get('services', 'default', 'mynginx').spec.ports[0].port).toBe(8080);
  });

  it('fixing a selector that matched nothing brings the endpoints', async () => {
    const s = await withMynginx();
    await s.run('create service clusterip web --tcp=80:80');
    s.cluster.advance(1000);
    expect(cells((await s.run('get endpoints web')).stdout)[1]![1]).toBe('<none>');
    await s.run(['patch', 'svc', 'web', '-p', '{"spec":{"selector":{"app":"mynginx"}}}']);
    s.cluster.advance(1000);
    expect(cells((await s.run('get endpoints web')).stdout)[1]![1]).toMatch(/ \+ 1 more\.\.\.$/);
  });

  it('a strategic merge keeps the other containers of a list merged by name', async () => {
    const s = await withMynginx();
    await s.run(['patch', 'deployment', 'mynginx', '-p', '{"spec":{"template":{"spec":{"containers":[{"name":"nginx","image":"nginx:1.25"}]}}}}']);
    const c = s.cluster.api.get('deployments', 'default', 'mynginx').spec.template.spec.containers;
    expect(c.map((x: any) => [x.name, x.image])).toEqual([['nginx', 'nginx:1.25']]);
  });

  it('missing objects and bad patches fail as on a real cluster', async () => {
    const s = session();
    expect((await s.run(['patch', 'svc', 'nosuch', '-p', '{}'])).stderr).toBe('Error from server (NotFound): services "nosuch" not found\n');
    const bad = await s.run(['patch', 'svc', 'kubernetes', '--type=json', '-p', '[{"op":"remove","path":"/spec/nothere"}]']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe('The request is invalid: the server rejected our request due to an error in our request\n');
    const notAList = await s.run(['patch', 'svc', 'kubernetes', '--type=json', '-p', '{"op":"remove"}']);
    expect(notAList.stderr).toBe('Error from server (BadRequest): json: cannot unmarshal object into Go value of type jsonpatch.Patch\n');
  });
});

/** Run kubectl the way a background job (`cmd &`) does: it returns when `stop()` aborts it. */
function background(s: Session, args: string[]): { out: () => string; err: () => string; stop: () => Promise<number>; done: Promise<number> } {
  let stdout = '';
  let stderr = '';
  const ac = new AbortController();
  const done = kubectl({
    args,
    stdin: null,
    out: (t) => void (stdout += t),
    err: (t) => void (stderr += t),
    cluster: s.cluster,
    fs: s.fs,
    cwd: '/root',
    env: {},
    sleep: async () => {},
    signal: ac.signal,
    tty: false,
    realtime: false,
    background: true,
    columns: 120,
    host: 'master',
  });
  return { out: () => stdout, err: () => stderr, done, stop: () => (ac.abort(), done) };
}

const flush = () => new Promise((r) => setTimeout(r, 0));
const get = (s: Session, port: number): NetResult => s.cluster.net!.request({ kind: 'host', host: 'master' }, '127.0.0.1', port, { scheme: 'http', method: 'GET', path: '/', headers: {} });

describe('port-forward', () => {
  it('listens on both loopbacks; curl to localhost reaches a mynginx pod and each connection is reported', async () => {
    const s = await withMynginx();
    await s.run('expose deployment mynginx --port=80');
    const pf = background(s, ['port-forward', 'svc/mynginx', '8080:80']);
    await flush();
    expect(pf.out()).toBe('Forwarding from 127.0.0.1:8080 -> 80\nForwarding from [::1]:8080 -> 80\n');
    const r = get(s, 8080);
    expect(r.ok && r.response.status).toBe(200);
    expect(r.ok && r.response.body).toContain('Welcome to nginx!');
    expect(r.ok && r.servedBy?.pod).toMatch(/^mynginx-/);
    expect(pf.out()).toBe('Forwarding from 127.0.0.1:8080 -> 80\nForwarding from [::1]:8080 -> 80\nHandling connection for 8080\n');
    expect(await pf.stop()).toBe(0);
    // the listener is gone with the command
    expect(s.cluster.net!.forwards('master')).toEqual([]);
  });

  it('a port held by another port-forward cannot be listened on', async () => {
    const s = await withMynginx();
    const first = background(s, ['port-forward', 'deploy/mynginx', '8080:80']);
    await flush();
    const second = await s.run('port-forward deploy/mynginx 8080:80');
    expect(second.stderr).toBe(
      'Unable to listen on port 8080: Listeners failed to create with the following errors: [unable to create listener: Error listen tcp4 127.0.0.1:8080: bind: address already in use unable to create listener: Error listen tcp6 [::1]:8080: bind: address already in use]\n' +
        'error: unable to listen on any of the requested ports: [{8080 80}]\n',
    );
    expect(second.code).toBe(1);
    await first.stop();
  });

  it('a connection the pod refuses ends the session: the klog line, then lost connection to pod', async () => {
    const s = await withMynginx();
    const pf = background(s, ['port-forward', 'deploy/mynginx', '9000:81']);
    await flush();
    const r = get(s, 9000);
    expect(r.ok).toBe(false);
    expect(await pf.done).toBe(1);
    expect(pf.out()).toBe('Forwarding from 127.0.0.1:9000 -> 81\nForwarding from [::1]:9000 -> 81\nHandling connection for 9000\n');
    const lines = pf.err().split('\n');
    expect(lines[0]).toMatch(
      /^E\d{4} \d\d:\d\d:\d\d\.\d{6} +\d+ portforward\.go:424\] "Unhandled Error" err="an error occurred forwarding 9000 -> 81: error forwarding port 81 to pod [0-9a-f]{64}, uid : failed to execute portforward in network namespace \\"\/var\/run\/netns\/cni-[0-9a-f-]{36}\\": failed to connect to localhost:81 inside namespace \\"[0-9a-f]{64}\\", IPv4: dial tcp4 127\.0\.0\.1:81: connect: connection refused IPv6 dial tcp6 \[::1\]:81: connect: connection refused "$/,
    );
    expect(lines[1]).toBe('error: lost connection to pod');
    expect(s.cluster.net!.forwards('master')).toEqual([]);
  });

  it('deleting the pod ends the session', async () => {
    const s = session();
    await s.run('run web --image=nginx');
    s.cluster.advance(30_000);
    const pf = background(s, ['port-forward', 'web', ':80']);
    await flush();
    expect(pf.out()).toMatch(/^Forwarding from 127\.0\.0\.1:(\d+) -> 80\nForwarding from \[::1\]:\1 -> 80\n$/);
    const local = Number(/:(\d+) ->/.exec(pf.out())![1]);
    expect(local).toBeGreaterThanOrEqual(32768);
    await s.run('delete pod web --grace-period=0 --force');
    s.cluster.advance(5000);
    expect(await pf.done).toBe(1);
    expect(pf.err()).toBe('error: lost connection to pod\n');
  });

  it('headless in the foreground it forwards while the cluster settles, then returns', async () => {
    const s = await withMynginx();
    const r = await s.run('port-forward deploy/mynginx 8080:80');
    expect(r).toEqual({ stdout: 'Forwarding from 127.0.0.1:8080 -> 80\nForwarding from [::1]:8080 -> 80\n', stderr: '', code: 0 });
    expect(s.cluster.net!.forwards('master')).toEqual([]);
  });

  it('a pod that is not running cannot be forwarded to', async () => {
    const s = session();
    s.write('p.yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: stuck\nspec:\n  nodeSelector:\n    disk: ssd\n  containers:\n  - name: nginx\n    image: nginx\n');
    await s.run('apply -f p.yaml');
    s.cluster.advance(5000);
    expect((await s.run('port-forward stuck 8080:80')).stderr).toBe('error: unable to forward port because pod is not running. Current status=Pending\n');
  });

  it('says so on a cluster without a network', async () => {
    const s = session({ preset: 'empty' });
    s.write('p.yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: nginx\n    image: nginx\n');
    await s.run('apply -f p.yaml');
    s.cluster.api.patch('pods', 'default', 'p', (o) => {
      o.status = { phase: 'Running' };
    });
    // a cluster as the contract allows it: no `net`
    const bare = { ...s.cluster, net: undefined };
    let stderr = '';
    const code = await kubectl({ args: ['port-forward', 'p', '8080:80'], stdin: null, out: () => {}, err: (t) => void (stderr += t), cluster: bare, fs: s.fs, cwd: '/root', env: {}, sleep: async () => {}, signal: new AbortController().signal, tty: false, realtime: false, columns: 120 });
    expect(code).toBe(1);
    expect(stderr).toBe('error: port-forward needs the simulated cluster network, and this cluster has none\n');
  });
});

describe('custom resources', () => {
  it('get prints the CRD columns, describe the generic layout, api-resources lists the kind', async () => {
    const s = session();
    s.write('crd.yaml', `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: ipaddresspools.metallb.io
spec:
  group: metallb.io
  names:
    kind: IPAddressPool
    listKind: IPAddressPoolList
    plural: ipaddresspools
    singular: ipaddresspool
  scope: Namespaced
  versions:
  - name: v1beta1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        x-kubernetes-preserve-unknown-fields: true
    additionalPrinterColumns:
    - {name: Auto Assign, type: boolean, jsonPath: .spec.autoAssign}
    - {name: Addresses, type: string, jsonPath: .spec.addresses}
    - {name: Age, type: date, jsonPath: .metadata.creationTimestamp, priority: 1}
`);
    s.write('pool.yaml', 'apiVersion: metallb.io/v1beta1\nkind: IPAddressPool\nmetadata:\n  name: first-pool\nspec:\n  addresses: [10.0.2.100-10.0.2.120]\n  autoAssign: true\n');
    await s.run('apply -f crd.yaml');
    s.cluster.advance(1000);
    expect((await s.run('apply -f pool.yaml')).stdout).toBe('ipaddresspool.metallb.io/first-pool created\n');
    s.cluster.advance(5000);
    expect(cells((await s.run('get ipaddresspools')).stdout)).toEqual([
      ['NAME', 'AUTO ASSIGN', 'ADDRESSES'],
      ['first-pool', 'true', '["10.0.2.100-10.0.2.120"]'],
    ]);
    expect(cells((await s.run('get ipaddresspools -o wide')).stdout)[1]).toEqual(['first-pool', 'true', '["10.0.2.100-10.0.2.120"]', '5s']);
    const d = (await s.run('describe ipaddresspool first-pool')).stdout;
    expect(d).toMatch(/^API Version:  metallb\.io\/v1beta1\nKind:         IPAddressPool\nMetadata:\n  Creation Timestamp:/m);
    expect(d).toContain('Spec:\n  Addresses:\n    10.0.2.100-10.0.2.120\n  Auto Assign:  true\n');
    expect((await s.run('api-resources --api-group=metallb.io')).stdout).toBe('NAME             SHORTNAMES   APIVERSION           NAMESPACED   KIND\nipaddresspools                metallb.io/v1beta1   true         IPAddressPool\n');
    expect(cells((await s.run('get crd')).stdout)[0]).toEqual(['NAME', 'CREATED AT']);
  });
});

describe('manifests from a URL', () => {
  const INGRESS_NGINX = 'https://raw.githubusercontent.com/kubernetes/ingress-nginx/controller-v1.12.1/deploy/static/provider/baremetal/deploy.yaml';

  it('apply -f https://… fetches the published manifest from the master', async () => {
    const s = session();
    const r = await s.run(`apply -f ${INGRESS_NGINX}`);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('namespace/ingress-nginx created\n');
    expect(r.stdout).toContain('ingressclass.networking.k8s.io/nginx created\n');
  });

  it('a 404 and an unknown host fail with the URL visitor and connection wording', async () => {
    const s = session();
    const missing = await s.run('apply -f https://raw.githubusercontent.com/nope/deploy.yaml');
    expect(missing.stderr).toBe('error: unable to read URL "https://raw.githubusercontent.com/nope/deploy.yaml", server reported 404 Not Found, status code=404\n');
    const typo = await s.run('create -f https://raw.githubusercontnet.com/x.yaml');
    expect(typo.stderr).toBe('Unable to connect to the server: dial tcp: lookup raw.githubusercontnet.com on 10.0.2.3:53: no such host\n');
    expect(typo.code).toBe(1);
  });
});
