// kubectl taint, top, auth and create configmap/secret as learners type them on the notes' cluster.
import { describe, expect, it } from 'vitest';
import { createCluster } from '../../src/cluster/cluster.ts';
import { typed } from './typed.ts';

const shell = typed;

describe('kubectl taint', () => {
  it('adds, refuses a duplicate without --overwrite, modifies and removes taints with kubectl\'s words', async () => {
    const c = createCluster({ seed: 6 });
    const out = await shell(
      c,
      'kubectl taint nodes node1 dedicated=web:NoSchedule',
      'kubectl taint nodes node1 dedicated=web:NoSchedule',
      'kubectl taint nodes node1 dedicated=db:NoSchedule --overwrite',
      'kubectl get node node1 -o jsonpath="{.spec.taints}"; echo',
      'kubectl taint nodes node1 dedicated:NoSchedule-',
      'kubectl taint nodes node1 dedicated-',
    );
    expect(out).toBe(
      [
        'node/node1 tainted',
        'error: Node node1 already has dedicated taint(s) with same effect(s) and --overwrite is false',
        'node/node1 modified',
        '[{"key":"dedicated","value":"db","effect":"NoSchedule"}]',
        'node/node1 untainted',
        'error: taint "dedicated" not found',
        '',
      ].join('\n'),
    );
    expect(c.api.get('nodes', undefined, 'node1').spec?.taints).toBeUndefined();
  });

  it('checks the taint and the resource as kubectl does', async () => {
    const c = createCluster({ seed: 6 });
    const out = await shell(c, 'kubectl taint nodes node1 foo=bar:Sometimes', 'kubectl taint node1 a=b:NoSchedule', 'kubectl taint nodes node1', 'kubectl taint nodes node1 a=b', 'kubectl taint nodes a=b:NoSchedule', 'kubectl taint nodes nope a=b:NoSchedule');
    expect(out).toBe(
      [
        'error: invalid taint effect: Sometimes, unsupported taint effect',
        "See 'kubectl taint -h' for help and examples",
        'error: invalid resource type node1, only ["node" "nodes"] are supported',
        "See 'kubectl taint -h' for help and examples",
        'error: at least one taint update is required',
        "error: invalid taint spec: a=b, name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
        "See 'kubectl taint -h' for help and examples",
        "error: at least one resource name must be specified since 'all' parameter is not set",
        "See 'kubectl taint -h' for help and examples",
        'Error from server (NotFound): nodes "nope" not found',
        '',
      ].join('\n'),
    );
  });

  it('keeps new Pods off tainted nodes unless they tolerate the taint', async () => {
    const c = createCluster({ seed: 6 });
    await shell(c, 'kubectl taint nodes node2 node3 gpu=true:NoSchedule', 'kubectl create deployment web --image=nginx --replicas=6', 'sleep 30');
    const nodes = c.api.list('pods', 'default').map((p) => p.spec?.nodeName);
    expect(nodes).toHaveLength(6);
    expect(new Set(nodes)).toEqual(new Set(['node1']));
  });
});

describe('kubectl top and auth', () => {
  it('top: the notes\' cluster runs no metrics-server, so the Metrics API is not available', async () => {
    const out = await shell(createCluster({ seed: 6 }), 'kubectl top nodes; echo rc=$?', 'kubectl top pod -A');
    expect(out).toBe('error: Metrics API not available\nrc=1\nerror: Metrics API not available\n');
  });

  it('auth can-i answers for kubernetes-admin, warns about unknown verbs and types; whoami shows the admin', async () => {
    const out = await shell(createCluster({ seed: 6 }), 'kubectl auth can-i create pods', 'kubectl auth can-i delete nodes --as=jane; echo rc=$?', 'kubectl auth can-i frob foos', 'kubectl auth whoami');
    expect(out).toBe(
      "yes\nno\nrc=1\nWarning: verb 'frob' is not a known verb\nWarning: the server doesn't have a resource type 'foos'\nyes\nATTRIBUTE   VALUE\nUsername    kubernetes-admin\nGroups      [kubeadm:cluster-admins system:authenticated]\n",
    );
  });
});

describe('kubectl create configmap / secret generic', () => {
  it('gathers files, literals and env files like kubectl, and prints the same dry-run YAML', async () => {
    const c = createCluster({ seed: 6 });
    const out = await shell(c, 'echo hello > greeting.txt', 'kubectl create configmap app --from-literal=mode=dev --from-literal=level=3 --from-file=greeting.txt --dry-run=client -o yaml', 'printf "a=1\\n# note\\nb=two\\n" > app.env', 'kubectl create cm env --from-env-file=app.env', 'kubectl create secret generic db --from-literal=password=s3cret --from-literal=user=admin', 'kubectl get secret db');
    expect(out).toMatch(/^apiVersion: v1\ndata:\n  greeting\.txt: \|\n    hello\n  level: "3"\n  mode: dev\nkind: ConfigMap\nmetadata:\n  creationTimestamp: null\n  name: app\nconfigmap\/env created\nsecret\/db created\nNAME +TYPE +DATA +AGE\ndb +Opaque +2 +\d+s\n$/);
    expect(c.api.get('configmaps', 'default', 'env').data).toEqual({ a: '1', b: 'two' });
    expect(c.api.get('secrets', 'default', 'db').data).toEqual({ password: 'czNjcmV0', user: 'YWRtaW4=' });
  });

  it('refuses bad keys, duplicates, a literal without a value and mixing an env file, as kubectl does', async () => {
    const out = await shell(createCluster({ seed: 6 }), 'kubectl create configmap x --from-literal=a=1 --from-literal=a=2', 'kubectl create configmap x --from-literal="bad key=1"', 'kubectl create secret generic s --from-literal=password', 'kubectl create configmap x --from-env-file=e --from-literal=a=1', 'kubectl create configmap x --from-file=nope.txt', 'kubectl create configmap');
    expect(out).toBe(
      [
        'error: cannot add key "a", another key by that name already exists in Data for ConfigMap "x"',
        `error: "bad key" is not a valid key name for a ConfigMap: a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')`,
        'error: invalid literal source password, expected key=value',
        'error: from-env-file cannot be combined with from-file or from-literal',
        'error: error reading nope.txt: no such file or directory',
        'error: exactly one NAME is required, got 0',
        "See 'kubectl create configmap -h' for help and examples",
        '',
      ].join('\n'),
    );
  });
});

describe('kubectl events and api-versions', () => {
  it('events: oldest first, filtered --for an object or --types, its own words when there are none', async () => {
    const c = createCluster({ seed: 6 });
    const out = await shell(c, 'kubectl events', 'kubectl run x --image=nginx', 'kubectl run y --image=nope:zzz', 'sleep 10', 'kubectl events --for pod/x', 'kubectl events --types=Warning --no-headers | head -1');
    const lines = out.split('\n');
    expect(lines[0]).toBe('No events found in default namespace.');
    expect(out).toMatch(/\nLAST SEEN +TYPE +REASON +OBJECT +MESSAGE\n\d+s +Normal +Scheduled +pod\/x +Successfully assigned default\/x to node\d\n/);
    const forX = out.slice(out.indexOf('LAST SEEN'), out.lastIndexOf('\n', out.lastIndexOf('Warning')));
    expect(forX).not.toContain('pod/y');
    expect(lines.at(-2)).toMatch(/^\d+s +Warning +Failed +pod\/y +/);
  });

  it('api-versions lists every group/version the server serves, sorted, v1 last', async () => {
    const out = await shell(createCluster({ seed: 6 }), 'kubectl api-versions');
    const versions = out.trimEnd().split('\n');
    expect(versions).toContain('apps/v1');
    expect(versions).toContain('autoscaling/v1');
    expect(versions).toContain('autoscaling/v2');
    expect(versions.at(-1)).toBe('v1');
    expect([...versions].sort()).toEqual(versions);
  });
});
