// Several kinds in one `get` (kind-prefixed names, one table per kind) and manifests written for any
// version a CRD serves, not only the preferred one.
import { describe, expect, it } from 'vitest';
import { cells, session } from './harness.ts';

describe('get with several kinds', () => {
  it('get svc,ep NAME prints a table per kind, names prefixed by kind, a blank line between', async () => {
    const s = session();
    await s.run('create deployment mynginx --image=nginx --replicas=2');
    await s.run('expose deployment mynginx --port=80 --type=NodePort');
    s.cluster.advance(60_000);
    const out = (await s.run('get svc,ep mynginx')).stdout;
    const [svc, ep, ...rest] = out.split('\n\n');
    expect(rest).toEqual([]);
    expect(cells(svc!)).toEqual([
      ['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE'],
      ['service/mynginx', 'NodePort', expect.stringMatching(/^10\.\d+\.\d+\.\d+$/), '<none>', expect.stringMatching(/^80:3\d{4}\/TCP$/), '60s'],
    ]);
    expect(cells(ep!)).toEqual([
      ['NAME', 'ENDPOINTS', 'AGE'],
      ['endpoints/mynginx', expect.stringMatching(/^10\.\d+\.\d+\.\d+:80,10\.\d+\.\d+\.\d+:80$/), '60s'],
    ]);
    expect((await s.run('get svc,ep nosuch')).stderr).toBe('Error from server (NotFound): services "nosuch" not found\nError from server (NotFound): endpoints "nosuch" not found\n');
  });

  it('get all lists the services with their rows between the pods and the workloads', async () => {
    const s = session();
    await s.run('create deployment mynginx --image=nginx');
    await s.run('expose deployment mynginx --port=80 --type=NodePort');
    s.cluster.advance(60_000);
    const tables = (await s.run('get all')).stdout.trimEnd().split('\n\n').map(cells);
    expect(tables.map((t) => t[1]![0]!.split('/')[0])).toEqual(['pod', 'service', 'deployment.apps', 'replicaset.apps']);
    expect(tables[1]).toEqual([
      ['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE'],
      ['service/kubernetes', 'ClusterIP', '10.96.0.1', '<none>', '443/TCP', expect.any(String)],
      ['service/mynginx', 'NodePort', expect.stringMatching(/^10\.\d+\.\d+\.\d+$/), '<none>', expect.stringMatching(/^80:3\d{4}\/TCP$/), '60s'],
    ]);
  });
});

const CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: bgppeers.metallb.io
spec:
  group: metallb.io
  names:
    kind: BGPPeer
    listKind: BGPPeerList
    plural: bgppeers
    singular: bgppeer
  scope: Namespaced
  versions:
  - name: v1alpha1
    served: false
    storage: false
    schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
  - name: v1beta1
    served: true
    storage: false
    schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
  - name: v1beta2
    served: true
    storage: true
    schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
`;

const peer = (version: string) => `apiVersion: metallb.io/${version}\nkind: BGPPeer\nmetadata:\n  name: peer\nspec:\n  myASN: 64500\n  peerASN: 64501\n  peerAddress: 10.0.2.1\n`;

describe('manifests for a served, non-preferred version', () => {
  it('apply, delete and label accept any version the CRD serves; an unserved one has no mapping', async () => {
    const s = session();
    s.write('crd.yaml', CRD);
    await s.run('apply -f crd.yaml');
    s.cluster.advance(2000);
    expect((await s.run('api-resources --api-group=metallb.io')).stdout).toContain('metallb.io/v1beta2');
    s.write('old.yaml', peer('v1beta1'));
    expect(await s.run('apply -f old.yaml')).toEqual({ stdout: 'bgppeer.metallb.io/peer created\n', stderr: '', code: 0 });
    expect((await s.run('apply -f old.yaml')).stdout).toBe('bgppeer.metallb.io/peer unchanged\n');
    expect((await s.run('label -f old.yaml tier=edge')).stdout).toBe('bgppeer.metallb.io/peer labeled\n');
    expect((await s.run('delete -f old.yaml')).stdout).toBe('bgppeer.metallb.io "peer" deleted\n');
    s.write('new.yaml', peer('v1beta2'));
    expect((await s.run('create -f new.yaml')).stdout).toBe('bgppeer.metallb.io/peer created\n');
    s.write('gone.yaml', peer('v1alpha1'));
    const r = await s.run('apply -f gone.yaml');
    expect(r.stderr).toBe('error: resource mapping not found for name: "peer" namespace: "" from "gone.yaml": no matches for kind "BGPPeer" in version "metallb.io/v1alpha1"\nensure CRDs are installed first\n');
    expect(r.code).toBe(1);
  });

  it('built-in kinds keep only their own versions', async () => {
    const s = session();
    s.write('d.yaml', 'apiVersion: apps/v1beta1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 1\n');
    expect((await s.run('apply -f d.yaml')).stderr).toBe('error: resource mapping not found for name: "web" namespace: "" from "d.yaml": no matches for kind "Deployment" in version "apps/v1beta1"\nensure CRDs are installed first\n');
  });
});
