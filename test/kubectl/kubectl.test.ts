// kubectl against the simulated cluster: what a learner sees for the chapter's commands and mistakes.
import { describe, expect, it } from 'vitest';
import { completeKubectl } from '../../src/kubectl/index.ts';
import { cells, session } from './harness.ts';

const WEB = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx
`;

describe('get', () => {
  it('nodes: columns and roles as the reference table', async () => {
    const s = session();
    const r = await s.run('get nodes');
    const rows = cells(r.stdout);
    expect(rows[0]).toEqual(['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION']);
    expect(rows[1].slice(0, 3)).toEqual(['master', 'Ready', 'control-plane']);
    expect(rows[2].slice(0, 3)).toEqual(['node1', 'Ready', '<none>']);
    // every column starts where its header starts: widths are widest cell + 3
    const lines = r.stdout.trimEnd().split('\n');
    const at = lines[0].indexOf('STATUS');
    for (const l of lines.slice(1)) expect(l[at - 1]).toBe(' ');
    expect(lines[0].indexOf('STATUS')).toBe('master'.length + 3);
  });

  it('pods go ContainerCreating → Running; -o wide adds IP, NODE, NOMINATED NODE, READINESS GATES', async () => {
    const s = session();
    await s.run('create deployment mynginx --image=nginx');
    s.cluster.advance(1000);
    const early = cells((await s.run('get pods')).stdout);
    expect(early[0]).toEqual(['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE']);
    expect(early[1][0]).toMatch(/^mynginx-[bcdfghjklmnpqrstvwxz2456789]+-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(early[1].slice(1, 4)).toEqual(['0/1', 'ContainerCreating', '0']);
    s.cluster.advance(30_000);
    const wide = cells((await s.run('get pods -o wide')).stdout);
    expect(wide[0]).toEqual(['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', 'IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES']);
    expect(wide[1].slice(1, 4)).toEqual(['1/1', 'Running', '0']);
    expect(wide[1][5]).toMatch(/^10\.\d+\.\d+\.\d+$/);
    expect(wide[1][6]).toMatch(/^node[123]$/);
    expect(wide[1].slice(7)).toEqual(['<none>', '<none>']);
  });

  it('a deleted pod shows Terminating until the kubelet finishes', async () => {
    const s = session();
    await s.run('run nginx --image=nginx');
    s.cluster.advance(30_000);
    s.cluster.api.delete('pods', 'default', 'nginx');
    const rows = cells((await s.run('get pods')).stdout);
    expect(rows[1][2]).toBe('Terminating');
  });

  it('several kinds print one table each with kind/ prefixes, deployments and rs columns', async () => {
    const s = session();
    await s.run('create deployment mynginx --image=nginx --replicas=2');
    s.cluster.advance(30_000);
    const out = (await s.run('get deploy,rs')).stdout;
    const [deploy, rs] = out.split('\n\n');
    expect(cells(deploy)[0]).toEqual(['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE']);
    expect(cells(deploy)[1].slice(0, 4)).toEqual(['deployment.apps/mynginx', '2/2', '2', '2']);
    expect(cells(rs)[0]).toEqual(['NAME', 'DESIRED', 'CURRENT', 'READY', 'AGE']);
    expect(cells(rs)[1][0]).toMatch(/^replicaset\.apps\/mynginx-/);
    const all = (await s.run('get all')).stdout;
    expect(all.split('\n\n').map((t) => t.split('\n')[1].split('/')[0])).toEqual(['pod', 'service', 'deployment.apps', 'replicaset.apps']);
  });

  it('services: TYPE CLUSTER-IP EXTERNAL-IP PORT(S)', async () => {
    const s = session();
    const rows = cells((await s.run('get svc')).stdout);
    expect(rows[0]).toEqual(['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE']);
    expect(rows[1].slice(0, 5)).toEqual(['kubernetes', 'ClusterIP', '10.96.0.1', '<none>', '443/TCP']);
  });

  it('-o name, jsonpath (no trailing newline), yaml of one object and json lists', async () => {
    const s = session();
    await s.run('run nginx --image=nginx');
    expect((await s.run('get pods -o name')).stdout).toBe('pod/nginx\n');
    expect((await s.run('get svc -o name')).stdout).toBe('service/kubernetes\n');
    expect((await s.run(['get', 'pods', '-o', 'jsonpath={.items[*].metadata.name}'])).stdout).toBe('nginx');
    const yaml = (await s.run('get pod nginx -o yaml')).stdout;
    expect(yaml.startsWith('apiVersion: v1\nkind: Pod\nmetadata:\n')).toBe(true);
    expect(yaml).toMatch(/\n  creationTimestamp: "\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"\n/);
    expect(yaml).toContain('\n  labels:\n    run: nginx\n');
    const json = (await s.run('get pods -o json')).stdout;
    expect(json.startsWith('{\n    "apiVersion": "v1",\n    "items": [\n        {\n')).toBe(true);
    expect(json.endsWith('    "kind": "List",\n    "metadata": {\n        "resourceVersion": ""\n    }\n}\n')).toBe(true);
  });

  it('empty results go to stderr with exit 0', async () => {
    const s = session();
    expect(await s.run('get pods')).toEqual({ stdout: '', stderr: 'No resources found in default namespace.\n', code: 0 });
    expect((await s.run('get pods -n foo')).stderr).toBe('No resources found in foo namespace.\n');
    expect((await s.run('get statefulsets -A')).stderr).toBe('No resources found\n');
  });

  it('--show-labels, -L and -l', async () => {
    const s = session();
    await s.run('run a --image=nginx --labels=app=web,tier=fe');
    await s.run('run b --image=nginx');
    const rows = cells((await s.run('get pods --show-labels -L tier')).stdout);
    expect(rows[0]).toEqual(['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', 'TIER', 'LABELS']);
    expect(rows[1].slice(-2)).toEqual(['fe', 'app=web,tier=fe']);
    expect((await s.run('get pods -l app=web -o name')).stdout).toBe('pod/a\n');
  });
});

describe('errors as upstream prints them', () => {
  it('NotFound, AlreadyExists, unknown type', async () => {
    const s = session();
    expect(await s.run('get deployment nope')).toEqual({ stdout: '', stderr: 'Error from server (NotFound): deployments.apps "nope" not found\n', code: 1 });
    await s.run('run nginx --image=nginx');
    expect((await s.run('run nginx --image=nginx')).stderr).toBe('Error from server (AlreadyExists): pods "nginx" already exists\n');
    await s.run('create deployment web --image=nginx');
    expect((await s.run('create deployment web --image=nginx')).stderr).toBe('error: failed to create deployment: deployments.apps "web" already exists\n');
    expect((await s.run('get foo')).stderr).toBe('error: the server doesn\'t have a resource type "foo"\n');
    expect((await s.run('scale deployment nosuch --replicas=2')).stderr).toBe('error: no objects passed to scale deployments.apps "nosuch" not found\n');
  });

  it('an invalid name comes back from the server wrapped by create deployment', async () => {
    const s = session();
    const r = await s.run('create deployment Bad_Name --image=nginx');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: failed to create deployment: Deployment\.apps "Bad_Name" is invalid: metadata\.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain/);
  });

  it('Invalid with one cause prints inline', async () => {
    const s = session();
    s.write('inv.yaml', WEB.replace('name: web\nspec', 'name: inv1\nspec').replace('labels:\n        app: web', 'labels:\n        app: other'));
    const r = await s.run('apply -f inv.yaml');
    expect(r.stderr).toBe('The Deployment "inv1" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"other"}: `selector` does not match template `labels`\n');
  });

  it('a misspelt field is refused by strict validation unless --validate=false', async () => {
    const s = session();
    s.write('unk.yaml', WEB.replace('replicas: 2', 'replica: 2'));
    const strict = await s.run('apply -f unk.yaml');
    expect(strict.stderr).toBe('Error from server (BadRequest): error when creating "unk.yaml": Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.replica"\n');
    expect(strict.code).toBe(1);
    expect((await s.run('create -f unk.yaml --validate=foo')).stderr).toBe('error: invalid - validate option "foo"; must be one of: strict (or true), warn, ignore (or false)\n');
    expect((await s.run('apply -f unk.yaml --validate=false')).stdout).toBe('deployment.apps/web created\n');
  });

  it('YAML errors in the second document count lines from that document', async () => {
    const s = session();
    s.write('multi.yaml', 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n    labels: {}\n');
    expect((await s.run('apply -f multi.yaml')).stderr).toBe('error: error parsing multi.yaml: error converting YAML to JSON: yaml: line 5: mapping values are not allowed in this context\n');
  });

  it('an unknown kind is a resource mapping error', async () => {
    const s = session();
    s.write('badkind.yaml', 'apiVersion: v1\nkind: Deploymnt\nmetadata:\n  name: x\n');
    expect((await s.run('apply -f badkind.yaml')).stderr).toBe('error: resource mapping not found for name: "x" namespace: "" from "badkind.yaml": no matches for kind "Deploymnt" in version "v1"\nensure CRDs are installed first\n');
  });

  it('verbs kubectl has but this one does not say so; unknown verbs get cobra suggestions', async () => {
    const s = session();
    const r = await s.run('explain deployment');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('"kubectl explain" is a real kubectl command');
    expect((await s.run('gets pods')).stderr).toBe('error: unknown command "gets" for "kubectl"\n\nDid you mean this?\n\tset\n\tget\n');
  });
});

describe('apply, scale, delete', () => {
  it('apply prints created, then unchanged, then configured after a change', async () => {
    const s = session();
    s.write('web.yaml', WEB);
    expect((await s.run('apply -f web.yaml')).stdout).toBe('deployment.apps/web created\n');
    s.cluster.advance(30_000);
    expect((await s.run('apply -f web.yaml')).stdout).toBe('deployment.apps/web unchanged\n');
    s.write('web.yaml', WEB.replace('replicas: 2', 'replicas: 3'));
    expect((await s.run('apply -f web.yaml')).stdout).toBe('deployment.apps/web configured\n');
    expect(s.cluster.api.get('deployments', 'default', 'web').spec.replicas).toBe(3);
    const ann = s.cluster.api.get('deployments', 'default', 'web').metadata.annotations?.['kubectl.kubernetes.io/last-applied-configuration'];
    expect(ann).toMatch(/^\{"apiVersion":"apps\/v1","kind":"Deployment","metadata":\{"annotations":\{\},"name":"web","namespace":"default"\},"spec":\{"replicas":3,/);
  });

  it('apply from stdin and over an imperatively created object warns about the annotation', async () => {
    const s = session();
    await s.run('create deployment web --image=nginx');
    const r = await s.run('apply -f -', WEB);
    expect(r.stderr).toContain('Warning: resource deployments/web is missing the kubectl.kubernetes.io/last-applied-configuration annotation');
    expect(r.stdout).toBe('deployment.apps/web configured\n');
  });

  it('scale prints scaled and the controller follows', async () => {
    const s = session();
    await s.run('create deployment mynginx --image=nginx');
    expect((await s.run('scale deployment mynginx --replicas=4')).stdout).toBe('deployment.apps/mynginx scaled\n');
    s.cluster.advance(60_000);
    expect(cells((await s.run('get deploy mynginx')).stdout)[1].slice(0, 4)).toEqual(['mynginx', '4/4', '4', '4']);
  });

  it('delete prints the quoted name and returns only when the pod is gone', async () => {
    const s = session();
    await s.run('run nginx --image=nginx');
    s.cluster.advance(30_000);
    const r = await s.run('delete pod nginx');
    expect(r.stdout).toBe('pod "nginx" deleted\n');
    expect(s.cluster.api.tryGet('pods', 'default', 'nginx')).toBeUndefined();
    expect((await s.run('delete pods --all')).stdout).toBe('No resources found\n');
    expect((await s.run('delete pod nosuch')).stderr).toBe('Error from server (NotFound): pods "nosuch" not found\n');
  });
});

describe('describe', () => {
  it('pod: header block, containers, conditions, events', async () => {
    const s = session();
    await s.run('run nginx --image=nginx');
    s.cluster.advance(30_000);
    const out = (await s.run('describe pod nginx')).stdout;
    const lines = out.split('\n');
    expect(lines[0]).toBe('Name:             nginx');
    expect(lines).toContain('Namespace:        default');
    expect(lines).toContain('Labels:           run=nginx');
    expect(lines).toContain('Status:           Running');
    expect(out).toMatch(/\nContainers:\n {2}nginx:\n {4}Container ID:   containerd:\/\/[0-9a-f]+\n {4}Image:          nginx\n/);
    expect(out).toContain('\nConditions:\n  Type                        Status\n  PodReadyToStartContainers   True \n');
    expect(out).toMatch(/\nEvents:\n {2}Type {4}Reason {5}Age {3}From {15}Message\n {2}---- {4}------ {5}---- {2}---- {15}-------\n {2}Normal {2}Scheduled {2}30s {3}default-scheduler {2}Successfully assigned default\/nginx to node\d\n/);
  });

  it('deployment: replicas line, pod template and NewReplicaSet', async () => {
    const s = session();
    await s.run('create deployment mynginx --image=nginx --replicas=3');
    s.cluster.advance(60_000);
    const out = (await s.run('describe deploy mynginx')).stdout;
    expect(out).toContain('\nReplicas:               3 desired | 3 updated | 3 total | 3 available | 0 unavailable\n');
    expect(out).toContain('\nRollingUpdateStrategy:  25% max unavailable, 25% max surge\nPod Template:\n  Labels:  app=mynginx\n  Containers:\n   nginx:\n    Image:         nginx\n');
    expect(out).toMatch(/\nNewReplicaSet: {3}mynginx-[a-z0-9]+ \(3\/3 replicas created\)\n/);
    // prefix matching as upstream: `describe deploy mynx` finds nothing, `describe deploy myng` finds mynginx
    expect((await s.run('describe deploy myng')).stdout).toBe(out);
  });
});

describe('watch and completion', () => {
  it('get -w streams rows while the headless clock runs, then returns', async () => {
    const s = session();
    await s.run('create deployment mynginx --image=nginx');
    s.cluster.advance(1000);
    const out = (await s.run('get pods -w')).stdout;
    const rows = cells(out);
    expect(rows[0]).toEqual(['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE']);
    expect(rows[1][2]).toBe('ContainerCreating');
    expect(rows[rows.length - 1][2]).toBe('Running');
  });

  it('completes commands, resource types, object names, flags and namespaces', async () => {
    const s = session();
    await s.run('run nginx --image=nginx');
    expect(completeKubectl(['ge'], s.cluster)).toEqual(['get']);
    expect(completeKubectl(['get', 'depl'], s.cluster)).toEqual(['deployments']);
    expect(completeKubectl(['get', 'pods', 'ng'], s.cluster)).toEqual(['nginx']);
    expect(completeKubectl(['get', 'pods', '--show-l'], s.cluster)).toEqual(['--show-labels']);
    expect(completeKubectl(['get', 'pods', '-n', 'kube-'], s.cluster)).toEqual(['kube-node-lease', 'kube-public', 'kube-system']);
  });
});
