export { bootstrapEmpty, bootstrapKubeadm, KUBEADM_HISTORY_MS } from './kubeadm.ts';
export { IMAGES, K8S_VERSION } from './images.ts';
