// kubectl finds its cluster as the real client does: --kubeconfig, $KUBECONFIG, ~/.kube/config on the
// machine it runs on, and says what upstream v1.32 says when there is none or the server does not answer.
import { describe, expect, it } from 'vitest';
import { createCluster } from '../../src/cluster/cluster.ts';
import { machinesOf } from '../../src/cluster/hosts/index.ts';
import type { Cluster } from '../../src/cluster/types.ts';
import { kubectlAccess, loadKubeconfig } from '../../src/kubectl/kubeconfig.ts';
import { ShellSession } from '../../src/shell/session.ts';

async function shell(cluster: Cluster, script: string, host = 'master') {
  const s = new ShellSession({ cluster, realtime: false, host });
  let out = '';
  const status = await s.runScript(script, (t) => (out += t));
  return { out, status };
}

/** The bare preset with the kubectl binary on PATH (as `yum install kubectl` leaves it, package record aside). */
function bare(): Cluster {
  const c = createCluster({ preset: 'bare' });
  for (const m of ['master', 'node1']) machinesOf(c.hosts)!.machine(m)!.os.addCommands(['kubectl']);
  return c;
}

const E_LINE = /^E\d{4} \d\d:\d\d:\d\d\.\d{6} {1,7}\d+ memcache\.go:265\] "Unhandled Error" err="couldn't get current server API group list: Get \\"http:\/\/localhost:8080\/api\?timeout=32s\\": dial tcp 127\.0\.0\.1:8080: connect: connection refused"$/;
const REFUSED_8080 = 'The connection to the server localhost:8080 was refused - did you specify the right host or port?';

describe('kubectl without a kubeconfig (bare machines)', () => {
  it('get nodes tries localhost:8080: five discovery errors in klog format, then the refusal', async () => {
    const c = bare();
    const r = await shell(c, 'kubectl get nodes; echo rc=$?');
    const lines = r.out.trimEnd().split('\n');
    expect(lines.slice(0, 5).every((l) => E_LINE.test(l))).toBe(true);
    expect(lines.slice(5)).toEqual([REFUSED_8080, 'rc=1']);
  });

  it('each command fails its own way: version, cluster-info, create deployment, apply -f', async () => {
    const c = bare();
    const r = await shell(c, ['kubectl version', 'kubectl cluster-info 2>&1 | grep -v ^E', 'kubectl create deployment web --image=nginx', "printf 'apiVersion: v1\\nkind: Namespace\\nmetadata:\\n  name: x\\n' > ns.yaml", 'kubectl apply -f ns.yaml', 'kubectl logs web 2>&1 | grep -c ^E'].join('\n'));
    expect(r.out).toBe(
      [
        'Client Version: v1.32.5',
        'Kustomize Version: v5.5.0',
        REFUSED_8080,
        '',
        "To further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.",
        REFUSED_8080,
        'error: failed to create deployment: Post "http://localhost:8080/apis/apps/v1/namespaces/default/deployments?fieldManager=kubectl-create&fieldValidation=Strict": dial tcp 127.0.0.1:8080: connect: connection refused',
        'error: error validating "ns.yaml": error validating data: failed to download openapi: Get "http://localhost:8080/openapi/v2?timeout=32s": dial tcp 127.0.0.1:8080: connect: connection refused; if you choose to ignore these errors, turn validation off with --validate=false',
        '4',
        '',
      ].join('\n'),
    );
  });

  it('client-only commands work without a server', async () => {
    const c = bare();
    const r = await shell(c, ['kubectl version --client', 'kubectl create deployment web --image=nginx --dry-run=client', 'kubectl completion bash | head -2', 'kubectl config view', 'kubectl config current-context; echo rc=$?', 'kubectl config get-contexts'].join('\n'));
    expect(r.out).toBe(
      [
        'Client Version: v1.32.5',
        'Kustomize Version: v5.5.0',
        'deployment.apps/web created (dry run)',
        '',
        '# Copyright 2016 The Kubernetes Authors.',
        'apiVersion: v1',
        'clusters: null',
        'contexts: null',
        'current-context: ""',
        'kind: Config',
        'preferences: {}',
        'users: null',
        'error: current-context is not set',
        'rc=1',
        'CURRENT   NAME   CLUSTER   AUTHINFO   NAMESPACE',
        '',
      ].join('\n'),
    );
  });

  it('a kubeconfig that is not YAML, or a missing --kubeconfig, is an error before any connection', async () => {
    const c = bare();
    const r = await shell(c, ['mkdir -p ~/.kube', "printf 'apiVersion: v1\\n  clusters: x\\n' > ~/.kube/config", 'kubectl get pods', 'kubectl --kubeconfig /tmp/none get pods', 'echo hello > /tmp/word; kubectl --kubeconfig=/tmp/word get pods'].join('\n'));
    expect(r.out.split('\n')[0]).toBe('error: error loading config file "/root/.kube/config": yaml: line 2: mapping values are not allowed in this context');
    expect(r.out.split('\n')[1]).toBe('error: stat /tmp/none: no such file or directory');
    expect(r.out.split('\n')[2]).toMatch(/^error: error loading config file "\/tmp\/word": couldn't get version\/kind; json parse error: json: cannot unmarshal string into Go value/);
  });
});

describe('kubectl on the kubeadm preset', () => {
  it('works for root on the master, and fails with localhost:8080 on a worker until the config is copied there', async () => {
    const c = createCluster({ seed: 3 });
    const r = await shell(c, ['kubectl get nodes --no-headers | wc -l', 'ssh node1', 'kubectl get nodes 2>&1 | tail -1', 'exit', 'scp /etc/kubernetes/admin.conf node1:/root/admin.conf', 'ssh node1 kubectl --kubeconfig /root/admin.conf get nodes --no-headers | wc -l', 'ssh node1 "KUBECONFIG=/root/admin.conf kubectl get ns default --no-headers | wc -l"'].join('\n'));
    const lines = r.out.split('\n').filter((l) => !/^(Last login|logout|Connection to)/.test(l));
    expect(lines).toEqual(['4', REFUSED_8080, '4', '1', '']);
  });

  it('config reads the file: current-context, the server by jsonpath, data omitted unless --raw', async () => {
    const c = createCluster({ seed: 3 });
    const r = await shell(c, "kubectl config current-context\nkubectl config view --minify -o jsonpath='{.clusters[0].cluster.server}'; echo\nkubectl config view | grep -c DATA+OMITTED\nkubectl config view --raw | grep -c DATA+OMITTED");
    expect(r.out).toBe('kubernetes-admin@kubernetes\nhttps://10.0.2.15:6443\n3\n0\n');
  });

  it('the API server down (kubelet stopped on the master) is refused at 10.0.2.15:6443', async () => {
    const c = createCluster({ seed: 3 });
    const r = await shell(c, 'systemctl stop kubelet\nkubectl get pods 2>&1 | tail -1\nkubectl get pods 2>&1 | head -1');
    const lines = r.out.trimEnd().split('\n');
    expect(lines.at(-2)).toBe('The connection to the server 10.0.2.15:6443 was refused - did you specify the right host or port?');
    expect(lines.at(-1)).toContain('Get \\"https://10.0.2.15:6443/api?timeout=32s\\": dial tcp 10.0.2.15:6443: connect: connection refused"');
  });

  it('kubectlAccess: what a fresh root login on each machine gets, with KUBECONFIG from ~/.bashrc', () => {
    const c = createCluster({ seed: 3 });
    expect(kubectlAccess(c, 'master')).toEqual({ ok: true, server: 'https://10.0.2.15:6443' });
    expect(kubectlAccess(c, 'node2')).toEqual({ ok: false, message: REFUSED_8080 + '\n' });
    const fs = c.hosts.get('node2')!.fs;
    fs.write('/etc/kubernetes/admin.conf', c.hosts.get('master')!.fs.read('/etc/kubernetes/admin.conf'));
    fs.write('/root/.bashrc', fs.read('/root/.bashrc') + 'export KUBECONFIG=/etc/kubernetes/admin.conf\n');
    expect(kubectlAccess(c, 'node2')).toEqual({ ok: true, server: 'https://10.0.2.15:6443' });
  });
});

describe('kubectl version follows the installed package', () => {
  const withKubectl = (version: string) => {
    const c = createCluster({ seed: 5 });
    machinesOf(c.hosts)!.machine('master')!.os.packages.add({ name: 'kubectl', version, release: '0', arch: 'x86_64', repo: '@kubernetes', installedAt: 0 });
    return c;
  };

  it('1.21 prints version.Info and knows --short', async () => {
    const r = await shell(withKubectl('1.21.1'), 'kubectl version --client\nkubectl version --short --client');
    expect(r.out).toBe(
      'Client Version: version.Info{Major:"1", Minor:"21", GitVersion:"v1.21.1", GitCommit:"5e58841cce77d4bc13713ad2b91fa0d961e69192", GitTreeState:"clean", BuildDate:"2021-05-12T14:12:29Z", GoVersion:"go1.16.4", Compiler:"gc", Platform:"linux/amd64"}\nClient Version: v1.21.1\n',
    );
  });

  it('from 1.28 --short is an unknown flag', async () => {
    const r = await shell(withKubectl('1.32.4'), 'kubectl version --short; echo rc=$?\nkubectl version --client');
    expect(r.out).toBe("error: unknown flag: --short\nSee 'kubectl version --help' for usage.\nrc=1\nClient Version: v1.32.4\nKustomize Version: v5.5.0\n");
  });
});

describe('loadKubeconfig', () => {
  it('merges a $KUBECONFIG list: first file wins, missing entries are skipped', () => {
    const c = createCluster({ preset: 'bare' });
    const fs = c.hosts.get('master')!.fs;
    fs.write('/tmp/a', 'apiVersion: v1\nkind: Config\nclusters:\n- name: one\n  cluster:\n    server: https://10.0.2.15:6443\ncontexts:\n- name: ctx\n  context:\n    cluster: one\n    user: u\ncurrent-context: ctx\n');
    fs.write('/tmp/b', 'apiVersion: v1\nkind: Config\nclusters:\n- name: one\n  cluster:\n    server: https://1.2.3.4:6443\n- name: two\n  cluster:\n    server: https://10.0.2.16:6443\ncurrent-context: other\n');
    const r = loadKubeconfig(fs, { HOME: '/root', KUBECONFIG: '/tmp/missing:/tmp/a:/tmp/b' });
    expect(r.ok && r.view.files).toEqual(['/tmp/a', '/tmp/b']);
    expect(r.ok && r.view.currentContext).toBe('ctx');
    expect(r.ok && r.view.clusters.map((x) => `${x.name}=${x.server}`)).toEqual(['one=https://10.0.2.15:6443', 'two=https://10.0.2.16:6443']);
  });
});
