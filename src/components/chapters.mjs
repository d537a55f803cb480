// The chapters in reading order: the sidebar (astro.config.mjs) and the progress page both list them.
export const chapters = [
  { slug: 'architecture', label: 'Cluster architecture' },
  { slug: 'kubeadm-install', label: 'Installing a cluster with kubeadm' },
  { slug: 'deployments', label: 'Deployments, ReplicaSets and Pods' },
  { slug: 'services', label: 'Services: ClusterIP, NodePort, LoadBalancer, ExternalName' },
  { slug: 'ingress-and-discovery', label: 'Ingress and service discovery' },
  { slug: 'troubleshooting', label: 'Troubleshooting: ImagePullBackOff and CrashLoopBackOff' },
];
