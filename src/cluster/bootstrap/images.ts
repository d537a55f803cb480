import { fakeHex } from './pki.ts';

/** An image the bootstrap cluster already has on its nodes. */
export interface BootImage {
  image: string;
  ref: string;
  digest: string;
  sizeBytes: number;
}

const img = (image: string, ref: string, sizeBytes: number): BootImage => ({ image, ref, digest: `sha256:${fakeHex(`digest:${ref}`, 64)}`, sizeBytes });

export const K8S_VERSION = 'v1.32.4';

export const IMAGES = {
  pause: img('registry.k8s.io/pause:3.10', 'registry.k8s.io/pause:3.10', 320368),
  etcd: img('registry.k8s.io/etcd:3.5.16-0', 'registry.k8s.io/etcd:3.5.16-0', 57680541),
  apiserver: img(`registry.k8s.io/kube-apiserver:${K8S_VERSION}`, `registry.k8s.io/kube-apiserver:${K8S_VERSION}`, 28679024),
  controllerManager: img(`registry.k8s.io/kube-controller-manager:${K8S_VERSION}`, `registry.k8s.io/kube-controller-manager:${K8S_VERSION}`, 26268914),
  scheduler: img(`registry.k8s.io/kube-scheduler:${K8S_VERSION}`, `registry.k8s.io/kube-scheduler:${K8S_VERSION}`, 20657902),
  proxy: img(`registry.k8s.io/kube-proxy:${K8S_VERSION}`, `registry.k8s.io/kube-proxy:${K8S_VERSION}`, 30906350),
  coredns: img('registry.k8s.io/coredns/coredns:v1.11.3', 'registry.k8s.io/coredns/coredns:v1.11.3', 18562039),
  weave: img('weaveworks/weave-kube:2.8.1', 'docker.io/weaveworks/weave-kube:2.8.1', 30924173),
  weaveNpc: img('weaveworks/weave-npc:2.8.1', 'docker.io/weaveworks/weave-npc:2.8.1', 12814131),
};

export const MASTER_IMAGES = Object.values(IMAGES);
export const WORKER_IMAGES = [IMAGES.pause, IMAGES.proxy, IMAGES.weave, IMAGES.weaveNpc];
