// A bare cluster with a shell on master, CentOS-Base.repo in place, for the yum tests.
import { createCluster } from '../../../src/cluster/cluster.ts';
import { provisionRepos } from '../../../src/cluster/hosts/packages/repos.ts';
import type { Machine } from '../../../src/cluster/hosts/index.ts';
import { headless } from '../helpers.ts';

export function bareShell() {
  const cluster = createCluster({ preset: 'bare' });
  for (const n of cluster.hosts.names()) provisionRepos(cluster.hosts.machine(n)!.fs);
  const h = headless({ cluster: cluster as never });
  const machine = (name = 'master'): Machine => cluster.hosts.machine(name)!;
  return { ...h, cluster, machine };
}

/** The pkgs.k8s.io repo file as kubernetes.io gives it, written with a heredoc. */
export const PKGS_REPO_HEREDOC = [
  'cat <<EOF | tee /etc/yum.repos.d/kubernetes.repo',
  '[kubernetes]',
  'name=Kubernetes',
  'baseurl=https://pkgs.k8s.io/core:/stable:/v1.32/rpm/',
  'enabled=1',
  'gpgcheck=1',
  'gpgkey=https://pkgs.k8s.io/core:/stable:/v1.32/rpm/repodata/repomd.xml.key',
  'exclude=kubelet kubeadm kubectl cri-tools kubernetes-cni',
  'EOF',
  '',
].join('\n');
