// The outside web the machines reach through VirtualBox's NAT (DNS 10.0.2.3): a few public sites, with
// raw.githubusercontent.com serving the manifests the course installs (see manifests/index.ts).
import type { Internet, WebSite } from '../kube-proxy/contract.ts';
import { defaultSites, type SiteEntry } from './sites.ts';
import type { PublishedFile } from './manifests/index.ts';

export { PUBLISHED, publishedFile, type PublishedFile } from './manifests/index.ts';
export { INGRESS_NGINX_BAREMETAL_PATH, INGRESS_NGINX_BAREMETAL_YAML } from './manifests/ingress-nginx.ts';
export { EXAMPLE_COM_IP, EXAMPLE_DOMAIN_PAGE, RAW_GITHUB_IPS, defaultSites, type SiteEntry } from './sites.ts';

export interface InternetOptions {
  /** the cluster clock, for the sites' Date headers (no Date header without it) */
  now?: () => number;
  /** the files raw.githubusercontent.com serves (default PUBLISHED) */
  files?: readonly PublishedFile[];
  /** more sites (a lab's own), looked up after the default ones */
  sites?: readonly SiteEntry[];
}

export function createInternet(opts: InternetOptions = {}): Internet {
  const entries = [...defaultSites({ now: opts.now, files: opts.files }), ...(opts.sites ?? [])];
  const byName = new Map<string, WebSite>();
  const byIP = new Map<string, WebSite>();
  for (const e of entries) {
    for (const n of e.site.names) if (!byName.has(n)) byName.set(n, e.site);
    for (const ip of [e.site.ip, ...e.addresses]) if (!byIP.has(ip)) byIP.set(ip, e.site);
  }
  return {
    resolve(name) {
      const site = byName.get(name.toLowerCase().replace(/\.$/, ''));
      return site?.ip;
    },
    site(ip) {
      return byIP.get(ip);
    },
  };
}
