// @ts-check
import { defineConfig } from 'astro/config';
import starlight from '@astrojs/starlight';
import mdx from '@astrojs/mdx';

export default defineConfig({
  integrations: [
    starlight({
      title: 'kubeclass',
      description:
        'A Kubernetes course in a browser tab: short chapters, a terminal and a simulated cluster that answers like a real one.',
      favicon: '/favicon.svg',
      customCss: ['./src/styles/custom.css'],
      // Chapters live in top-level content/ (see src/content.config.ts), so the sidebar is listed by slug:
      // Starlight's `autogenerate` only understands src/content/docs/.
      sidebar: [
        {
          label: 'Chapters',
          items: [
            { slug: 'architecture', label: 'Cluster architecture' },
            { slug: 'kubeadm-install', label: 'Installing a cluster with kubeadm' },
            { slug: 'deployments', label: 'Deployments, ReplicaSets and Pods' },
            { slug: 'services', label: 'Services: ClusterIP, NodePort, LoadBalancer, ExternalName' },
            { slug: 'ingress-and-discovery', label: 'Ingress and service discovery' },
            { slug: 'troubleshooting', label: 'Troubleshooting: ImagePullBackOff and CrashLoopBackOff' },
          ],
        },
      ],
    }),
    mdx(),
  ],
  vite: {
    // the lab runtime (simulator, shell, xterm) is one chunk loaded lazily when the terminal is needed
    build: { chunkSizeWarningLimit: 1200 },
  },
});
