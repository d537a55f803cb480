import { describe, expect, it } from 'vitest';
import { headless } from '../helpers.ts';
import { createCluster } from '../../../src/cluster/cluster.ts';

const session = () => headless({ cluster: createCluster({ seed: 1 }) as never });

describe('trace', () => {
  it('prints a pod\'s creation as a timeline with the seven steps', async () => {
    const { run } = session();
    await run('kubectl run nginx --image=nginx');
    await run('sleep 20');
    const r = await run('trace pod/nginx');
    expect(r.status).toBe(0);
    const lines = r.out.split('\n');
    expect(lines.slice(0, 4)).toEqual([
      '+0.000s  (1)  kubectl                sent create  pod/nginx',
      '              create request to the API server',
      '+0.000s  (2)  kube-apiserver         stored in etcd  pod/nginx',
      '              validated and saved as resourceVersion 1121',
    ]);
    const steps = lines.filter((l) => l.startsWith('+'));
    expect(steps.map((l) => l.match(/\((\d)\)/)?.[1])).toEqual(['1', '2', '3', '4', '5', '6', '6', '6', '6', '7']);
    expect(steps[3]).toMatch(/^\+0\.\d{3}s  \(4\)  kube-scheduler@master  bound to (node\d)  pod\/nginx$/);
    const node = steps[3]!.match(/bound to (node\d)/)![1];
    expect(lines[lines.indexOf(steps[3]!) + 1]).toMatch(/^ {14}master: node\(s\) had untolerated taint \{node-role\.kubernetes\.io\/control-plane: \}; /);
    expect(steps[6]).toContain(`kubelet@${node}          pulled image  pod/nginx`);
    expect(steps[9]).toMatch(new RegExp(`^\\+\\d\\.\\d{3}s  \\(7\\)  kubelet@${node} +reported Running, Ready  pod/nginx$`));
  });

  it('traces a Deployment through its ReplicaSet and pods, TYPE NAME and -n forms alike', async () => {
    const { run } = session();
    await run('kubectl create deployment web --image=nginx --replicas=2');
    await run('sleep 20');
    const a = await run('trace deployment/web');
    expect(a.out).toContain('kube-controller-manager/deployment-controller  created ReplicaSet  replicaset/web-');
    expect(a.out).toContain('Deployment wants 2 replicas, no ReplicaSet matches its template');
    expect(a.out.match(/kube-controller-manager\/replicaset-controller +created Pod/g)).toHaveLength(2);
    expect((await run('trace deploy web -n default')).out).toBe(a.out);
  });

  it('says NotFound like kubectl for an unknown object, and knows no unknown types', async () => {
    const { run } = session();
    expect(await run('trace pod/nope')).toEqual({ out: 'Error from server (NotFound): pods "nope" not found\n', status: 1 });
    expect(await run('trace deployment nope -n kube-system')).toEqual({ out: 'Error from server (NotFound): deployments.apps "nope" not found\n', status: 1 });
    expect(await run('trace widgets/x')).toEqual({ out: 'error: the server doesn\'t have a resource type "widgets"\n', status: 1 });
  });

  it('without arguments prints the last 20 steps; --help says it is a course tool', async () => {
    const { run } = session();
    expect((await run('trace')).out).toBe('No steps yet: change something (kubectl run, create, apply, scale) and trace it.\n');
    await run('kubectl create deployment web --image=nginx --replicas=3');
    await run('sleep 20');
    const all = await run('trace --all');
    expect(all.out.split('\n').filter((l) => l.startsWith('+'))).toHaveLength(20);
    const help = await run('trace --help');
    expect(help.out).toContain('This is a kubeclass course tool, not a real Linux or Kubernetes command.\n');
    expect(help.status).toBe(0);
  });
});
