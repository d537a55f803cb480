// Files the outside web publishes (manifests that `kubectl apply -f https://…` and `curl -O` fetch).
// Data, not code: to publish another manifest (weave-net, MetalLB), add a row here.
import { INGRESS_NGINX_BAREMETAL_PATH, INGRESS_NGINX_BAREMETAL_YAML } from './ingress-nginx.ts';
import { METALLB_NATIVE_HOST, METALLB_NATIVE_PATH, METALLB_NATIVE_YAML } from './metallb-native.ts';
import { WEAVE_ASSET_HOST, WEAVE_ASSET_PATH, WEAVE_CLOUD_HOST, WEAVE_CLOUD_PATH, WEAVE_CLOUD_YAML, WEAVE_RELEASE_HOST, WEAVE_RELEASE_PATH, WEAVE_RELEASE_YAML } from './weave-net.ts';

export interface PublishedFile {
  /** the site that serves it: `raw.githubusercontent.com` */
  host: string;
  /** path without query: `/kubernetes/ingress-nginx/controller-v1.12.1/deploy/static/provider/baremetal/deploy.yaml` */
  path: string;
  body: string;
  /** default `text/plain; charset=utf-8` (raw.githubusercontent.com serves everything as plain text) */
  contentType?: string;
  /** answered with 302 Found to this URL instead of the body (GitHub's release downloads) */
  redirect?: string;
}

export const PUBLISHED: PublishedFile[] = [
  { host: 'raw.githubusercontent.com', path: INGRESS_NGINX_BAREMETAL_PATH, body: INGRESS_NGINX_BAREMETAL_YAML },
  { host: METALLB_NATIVE_HOST, path: METALLB_NATIVE_PATH, body: METALLB_NATIVE_YAML },
  { host: WEAVE_CLOUD_HOST, path: WEAVE_CLOUD_PATH, body: WEAVE_CLOUD_YAML, contentType: 'application/x-yaml' },
  { host: WEAVE_RELEASE_HOST, path: WEAVE_RELEASE_PATH, body: '', redirect: `https://${WEAVE_ASSET_HOST}${WEAVE_ASSET_PATH}?response-content-disposition=attachment%3B%20filename%3Dweave-daemonset-k8s.yaml&response-content-type=application%2Foctet-stream` },
  { host: WEAVE_ASSET_HOST, path: WEAVE_ASSET_PATH, body: WEAVE_RELEASE_YAML, contentType: 'application/octet-stream' },
];

/** The file at `https://<host><path>`, or undefined. */
export function publishedFile(host: string, path: string, files: readonly PublishedFile[] = PUBLISHED): PublishedFile | undefined {
  const bare = path.split(/[?#]/)[0]!;
  return files.find((f) => f.host === host && f.path === bare);
}
