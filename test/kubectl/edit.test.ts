// kubectl edit as a learner uses it: the object in vi (or nano), saved changes patched onto the live
// object, a refused change reopened with the server's reasons, and nothing sent when nothing changed.
import { describe, expect, it } from 'vitest';
import { createCluster } from '../../src/cluster/cluster.ts';
import type { Cluster } from '../../src/cluster/types.ts';
import { typed } from './typed.ts';

async function shell(cluster: Cluster, ...lines: string[]) {
  return { out: (await typed(cluster, ...lines)).replace(/Vim: Warning: Input is not from a terminal\n/g, '') };
}

describe('kubectl edit', () => {
  it('opens the object as YAML under kubectl\'s header; a saved change is patched onto the live object', async () => {
    const c = createCluster({ seed: 4 });
    const r = await shell(c, 'kubectl create deployment web --image=nginx', 'kubectl edit deploy web', ':%s/replicas: 1/replicas: 3/', ':%s/image: nginx/image: nginx:1.27/', ':wq', 'ls /tmp');
    expect(r.out).toMatch(/deployment\.apps\/web edited\n/);
    const d = c.api.get('deployments', 'default', 'web');
    expect(d.spec.replicas).toBe(3);
    expect(d.spec.template.spec.containers[0].image).toBe('nginx:1.27');
    // the temporary file is gone once the edit went through
    expect(c.hosts.get('master')!.fs.list('/tmp').filter((f) => f.startsWith('kubectl-edit-'))).toEqual([]);
  });

  it('says "Edit cancelled, no changes made." when the file is closed unchanged or emptied', async () => {
    const c = createCluster({ seed: 4 });
    const before = c.api.get('services', 'default', 'kubernetes').metadata.resourceVersion;
    const r = await shell(c, 'kubectl edit svc kubernetes', ':q', 'kubectl edit svc/kubernetes', ':%d', ':wq');
    expect(r.out).toBe('Edit cancelled, no changes made.\nEdit cancelled, no changes made.\n');
    expect(c.api.get('services', 'default', 'kubernetes').metadata.resourceVersion).toBe(before);
  });

  it('reopens a change the server refuses with its reasons on top; closing it unchanged keeps a copy', async () => {
    const c = createCluster({ seed: 4 });
    const r = await shell(c, 'kubectl create deployment web --image=nginx', 'kubectl edit deploy web', ':%s/replicas: 1/replicas: -1/', ':wq', ':q', 'echo rc=$?', 'head -7 /tmp/kubectl-edit-*.yaml');
    expect(r.out).toMatch(/error: Edit cancelled, no valid changes were saved\.\nA copy of your changes has been stored to "\/tmp\/kubectl-edit-\d{10}\.yaml"\nrc=1\n/);
    expect(r.out).toContain("# Please edit the object below. Lines beginning with a '#' will be ignored,\n# and an empty file will abort the edit. If an error occurs while saving this file will be\n# reopened with the relevant failures.\n#\n# deployments.apps \"web\" was not valid:\n# * spec.replicas: Invalid value: -1: must be greater than or equal to 0\n#\n");
    expect(c.api.get('deployments', 'default', 'web').spec.replicas).toBe(1);
  });

  it('fixes a syntax error on the second try, as the reopened file invites', async () => {
    const c = createCluster({ seed: 4 });
    const r = await shell(c, 'kubectl create deployment web --image=nginx', 'kubectl edit deploy web', ':%s/^spec:/spec: [/', ':wq', ':%s/^spec: \\[/spec:/', ':%s/replicas: 1/replicas: 2/', ':wq');
    expect(r.out).toMatch(/deployment\.apps\/web edited\n$/);
    expect(c.api.get('deployments', 'default', 'web').spec.replicas).toBe(2);
  });

  it('refuses an editor the machine does not have, and asks for resources', async () => {
    const c = createCluster({ seed: 4 });
    const r = await shell(c, 'KUBE_EDITOR=code kubectl edit svc kubernetes; echo rc=$?', 'kubectl edit; echo rc=$?');
    expect(r.out).toBe(
      'error: there was a problem with the editor "code"\nrc=1\n' +
        "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'\nrc=1\n",
    );
  });

  it('edits while controllers keep writing status: the patch applies to the live object, no conflict', async () => {
    const c = createCluster({ seed: 4 });
    // the Deployment's status changes between the fetch and the save as its Pod starts
    const r = await shell(c, 'kubectl create deployment web --image=nginx --replicas=2', 'kubectl edit deploy web', ':%s/replicas: 2/replicas: 4/', ':wq', 'sleep 30', 'kubectl get deploy web');
    expect(r.out).toMatch(/deployment\.apps\/web edited\n/);
    expect(r.out).toMatch(/\nweb +4\/4 +4 +4 /);
  });
});
