// Files the outside web publishes (manifests that `kubectl apply -f https://…` and `curl -O` fetch).
// Data, not code: to publish another manifest (weave-net, MetalLB), add a row here.
import { INGRESS_NGINX_BAREMETAL_PATH, INGRESS_NGINX_BAREMETAL_YAML } from './ingress-nginx.ts';
import { METALLB_NATIVE_HOST, METALLB_NATIVE_PATH, METALLB_NATIVE_YAML } from './metallb-native.ts';

export interface PublishedFile {
  /** the site that serves it: `raw.githubusercontent.com` */
  host: string;
  /** path without query: `/kubernetes/ingress-nginx/controller-v1.12.1/deploy/static/provider/baremetal/deploy.yaml` */
  path: string;
  body: string;
  /** default `text/plain; charset=utf-8` (raw.githubusercontent.com serves everything as plain text) */
  contentType?: string;
}

export const PUBLISHED: PublishedFile[] = [
  { host: 'raw.githubusercontent.com', path: INGRESS_NGINX_BAREMETAL_PATH, body: INGRESS_NGINX_BAREMETAL_YAML },
  { host: METALLB_NATIVE_HOST, path: METALLB_NATIVE_PATH, body: METALLB_NATIVE_YAML },
];

/** The file at `https://<host><path>`, or undefined. */
export function publishedFile(host: string, path: string, files: readonly PublishedFile[] = PUBLISHED): PublishedFile | undefined {
  const bare = path.split(/[?#]/)[0]!;
  return files.find((f) => f.host === host && f.path === bare);
}
