// kubectl wait as tutorials use it between steps (conditions, jsonpath values, deletion, timeouts), kubectl replace and kubectl cp.
import { describe, expect, it } from 'vitest';
import { createCluster } from '../../src/cluster/cluster.ts';
import { typed } from './typed.ts';

const shell = typed;

describe('kubectl wait', () => {
  it('lets virtual time pass until each object meets the condition, then says so per object', async () => {
    const c = createCluster({ seed: 8 });
    const start = c.clock.now();
    const out = await shell(c, 'kubectl create deployment web --image=nginx --replicas=2', 'kubectl wait --for=condition=Available deployment/web --timeout=60s', 'kubectl wait --for=jsonpath="{.status.phase}"=Running pod -l app=web');
    const pods = c.api.list('pods', 'default').map((p) => p.metadata.name).sort();
    expect(out).toBe(`deployment.apps/web created\ndeployment.apps/web condition met\n${pods.map((p) => `pod/${p} condition met\n`).join('')}`);
    // the Deployment became Available only after its Pods started: the wait took virtual time
    expect(c.clock.now() - start).toBeGreaterThan(4000);
    expect(c.api.get('deployments', 'default', 'web').status?.availableReplicas).toBe(2);
  });

  it('waits for a deletion, and returns at once when the object is already gone', async () => {
    const c = createCluster({ seed: 8 });
    const out = await shell(c, 'kubectl run one --image=busybox -- sleep 3600', 'sleep 20', 'kubectl delete pod one --wait=false', 'kubectl wait --for=delete pod/one --timeout=60s; echo rc=$?', 'kubectl wait --for=delete pod/one; echo rc=$?');
    expect(out).toBe('pod/one created\npod "one" deleted\npod/one condition met\nrc=0\nrc=0\n');
  });

  it('times out with kubectl\'s words, and reports what cannot be waited for', async () => {
    const c = createCluster({ seed: 8 });
    const out = await shell(c, 'kubectl run sleeper --image=busybox -- sleep 3600', 'kubectl wait --for=condition=Complete pod/sleeper --timeout=5s; echo rc=$?', 'kubectl wait --for=condition=Ready pod/nope', 'kubectl wait --for=condition=Ready pod -l app=none', 'kubectl wait pod/sleeper', 'kubectl wait --for=jsonpath={.status pod/sleeper');
    expect(out).toBe(
      [
        'pod/sleeper created',
        'error: timed out waiting for the condition on pods/sleeper',
        'rc=1',
        'Error from server (NotFound): pods "nope" not found',
        'error: no matching resources found',
        'error: unrecognized condition: ""',
        "error: unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'",
        '',
      ].join('\n'),
    );
  });
});

describe('kubectl replace', () => {
  it('puts the file in place of the stored object; --force deletes and creates it; a missing object is an error', async () => {
    const c = createCluster({ seed: 8 });
    const out = await shell(
      c,
      'kubectl create deployment web --image=nginx --dry-run=client -o yaml > web.yaml',
      'kubectl replace -f web.yaml',
      'kubectl apply -f web.yaml',
      'sed -i "s/replicas: 1/replicas: 3/" web.yaml',
      'kubectl replace -f web.yaml',
      'kubectl replace --force -f web.yaml',
      'kubectl replace',
    );
    expect(out).toBe(
      [
        'Error from server (NotFound): error when replacing "web.yaml": deployments.apps "web" not found',
        'deployment.apps/web created',
        'deployment.apps/web replaced',
        'deployment.apps "web" deleted',
        'deployment.apps/web replaced',
        'error: must specify one of -f and -k',
        '',
      ].join('\n'),
    );
    expect(c.api.get('deployments', 'default', 'web').spec.replicas).toBe(3);
  });
});

describe('kubectl cp', () => {
  it('copies a file and a directory out of a running container, and a file into it, through its tar', async () => {
    const c = createCluster({ seed: 8 });
    const out = await shell(
      c,
      'kubectl run web --image=nginx',
      'sleep 20',
      'kubectl cp web:/etc/nginx/nginx.conf nginx.conf',
      'kubectl cp web:/etc/nginx conf',
      'ls conf conf/conf.d',
      'echo "<h1>hi</h1>" > index.html',
      'kubectl cp index.html web:/usr/share/nginx/html/index.html',
      'kubectl exec web -- cat /usr/share/nginx/html/index.html',
    );
    expect(out).toBe("pod/web created\ntar: Removing leading `/' from member names\ntar: Removing leading `/' from member names\nconf:\nconf.d\nmime.types\nnginx.conf\n\nconf/conf.d:\ndefault.conf\n<h1>hi</h1>\n");
    expect(c.hosts.get('master')!.fs.read('/root/nginx.conf')).toContain('worker_processes  auto;');
  });

  it('fails as kubectl does: a missing path on either side, no tar in the image, no remote side', async () => {
    const c = createCluster({ seed: 8 });
    const out = await shell(c, 'kubectl run web --image=nginx', 'kubectl run tiny --image=registry.k8s.io/pause:3.10', 'sleep 20', 'kubectl cp web:/nope x; echo rc=$?', 'kubectl cp nope.txt web:/tmp/', 'kubectl cp web:/etc/hostname tiny:/x', 'kubectl cp /etc/hosts tiny:/x 2>&1 | grep -o \'exec: "tar": executable file not found\'', 'kubectl cp a b');
    expect(out).toBe(
      [
        'pod/web created',
        'pod/tiny created',
        "tar: Removing leading `/' from member names",
        'tar: nope: Cannot stat: No such file or directory',
        'tar: Exiting with failure status due to previous errors',
        'command terminated with exit code 2',
        'rc=1',
        "error: nope.txt doesn't exist in local filesystem",
        'error: one of src or dest must be a local file specification',
        "See 'kubectl cp -h' for help and examples",
        'exec: "tar": executable file not found',
        'error: one of src or dest must be a remote file specification',
        "See 'kubectl cp -h' for help and examples",
        '',
      ].join('\n'),
    );
  });
});
