// The sites on the outside web: raw.githubusercontent.com serving the published manifests and
// example.com's page. Each is data plus a small serve function with the headers the real site sends.
import type { HttpRequest, HttpResponse, TlsCertificate } from '../types.ts';
import type { WebSite } from '../kube-proxy/contract.ts';
import { fakeDigest } from '../registry/images.ts';
import { httpDate } from '../kubelet/go-answers.ts';
import { PUBLISHED, publishedFile, type PublishedFile } from './manifests/index.ts';
import { installSites } from './install-sites.ts';

type SiteRequest = HttpRequest & { scheme: 'http' | 'https' };

/** A site and every address its name resolves to (the first is what the resolver hands out). */
export interface SiteEntry {
  site: WebSite;
  addresses: string[];
}

const bytes = (s: string) => new TextEncoder().encode(s).length;
const YEAR_MS = 365 * 24 * 3600 * 1000;

// ---------- raw.githubusercontent.com ----------

/** GitHub's CDN (Fastly) addresses for raw.githubusercontent.com. */
export const RAW_GITHUB_IPS = ['185.199.108.133', '185.199.109.133', '185.199.110.133', '185.199.111.133'];

const RAW_GITHUB_CERT: TlsCertificate = {
  selfSigned: false,
  subject: 'CN=*.github.io',
  issuer: 'C=GB; ST=Greater Manchester; L=Salford; O=Sectigo Limited; CN=Sectigo RSA Domain Validation Secure Server CA',
  dnsNames: ['*.github.io', 'github.io', '*.githubusercontent.com', 'githubusercontent.com'],
  notBefore: Date.UTC(2026, 2, 7),
  notAfter: Date.UTC(2027, 2, 7, 23, 59, 59),
};

function rawGithub(files: readonly PublishedFile[], now?: () => number): WebSite {
  const host = 'raw.githubusercontent.com';
  return {
    names: [host],
    ip: RAW_GITHUB_IPS[0]!,
    ports: [80, 443],
    serve(req: SiteRequest): HttpResponse {
      const date: Record<string, string> = now ? { Date: httpDate(now()) } : {};
      if (req.scheme === 'http') {
        // Fastly answers plain HTTP with a redirect to the same path over TLS
        return { status: 301, headers: { Connection: 'close', 'Content-Length': '0', Location: `https://${host}${req.path}`, ...date }, body: '' };
      }
      const security = {
        'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; sandbox",
        'Strict-Transport-Security': 'max-age=31536000',
        'X-Content-Type-Options': 'nosniff',
        'X-Frame-Options': 'deny',
        'X-XSS-Protection': '1; mode=block',
      };
      const file = publishedFile(host, req.path, files);
      const head = req.method === 'HEAD';
      if (!file) {
        const body = '404: Not Found';
        return {
          status: 404,
          headers: { Connection: 'keep-alive', 'Content-Length': String(bytes(body)), ...security, 'Content-Type': 'text/plain; charset=utf-8', ...date, Via: '1.1 varnish', 'Access-Control-Allow-Origin': '*' },
          body: head ? '' : body,
          tls: RAW_GITHUB_CERT,
        };
      }
      return {
        status: 200,
        headers: {
          Connection: 'keep-alive',
          'Content-Length': String(bytes(file.body)),
          'Cache-Control': 'max-age=300',
          ...security,
          'Content-Type': file.contentType ?? 'text/plain; charset=utf-8',
          ETag: `"${fakeDigest(`${host}${file.path}`)}"`,
          'Accept-Ranges': 'bytes',
          ...date,
          Via: '1.1 varnish',
          'X-Cache': 'HIT',
          Vary: 'Authorization,Accept-Encoding,Origin',
          'Access-Control-Allow-Origin': '*',
          'Cross-Origin-Resource-Policy': 'cross-origin',
          'Source-Age': '0',
        },
        body: head ? '' : file.body,
        tls: RAW_GITHUB_CERT,
      };
    },
  };
}

// ---------- example.com ----------

export const EXAMPLE_COM_IP = '23.215.0.136';

/** example.com's page (the classic IANA version, 1256 bytes). */
export const EXAMPLE_DOMAIN_PAGE = `<!doctype html>
<html>
<head>
    <title>Example Domain</title>

    <meta charset="utf-8" />
    <meta http-equiv="Content-type" content="text/html; charset=utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <style type="text/css">
    body {
        background-color: #f0f0f2;
        margin: 0;
        padding: 0;
        font-family: -apple-system, system-ui, BlinkMacSystemFont, "Segoe UI", "Open Sans", "Helvetica Neue", Helvetica, Arial, sans-serif;
        
    }
    div {
        width: 600px;
        margin: 5em auto;
        padding: 2em;
        background-color: #fdfdff;
        border-radius: 0.5em;
        box-shadow: 2px 3px 7px 2px rgba(0,0,0,0.02);
    }
    a:link, a:visited {
        color: #38488f;
        text-decoration: none;
    }
    @media (max-width: 700px) {
        div {
            margin: 0 auto;
            width: auto;
        }
    }
    </style>    
</head>

<body>
<div>
    <h1>Example Domain</h1>
    <p>This domain is for use in illustrative examples in documents. You may use this
    domain in literature without prior coordination or asking for permission.</p>
    <p><a href="https://www.iana.org/domains/example">More information...</a></p>
</div>
</body>
</html>
`;

const EXAMPLE_CERT: TlsCertificate = {
  selfSigned: false,
  subject: 'C=US; ST=California; L=Los Angeles; O=Internet Corporation for Assigned Names and Numbers; CN=*.example.com',
  issuer: 'C=US; O=DigiCert Inc; CN=DigiCert Global G3 TLS ECC SHA384 2020 CA1',
  dnsNames: ['*.example.com', 'example.com'],
  notBefore: Date.UTC(2026, 0, 15),
  notAfter: Date.UTC(2026, 0, 15) + YEAR_MS,
};

function exampleCom(now?: () => number): WebSite {
  return {
    names: ['example.com', 'www.example.com'],
    ip: EXAMPLE_COM_IP,
    ports: [80, 443],
    serve(req: SiteRequest): HttpResponse {
      const path = req.path.split('?')[0] || '/';
      // the page comes back for every path; only / and /index.html are found
      const status = path === '/' || path === '/index.html' ? 200 : 404;
      return {
        status,
        headers: {
          'Content-Type': 'text/html',
          ETag: '"84238dfc8092e5d9c0dac8ef93371a07:1736799080.121134"',
          'Last-Modified': 'Mon, 13 Jan 2025 20:11:20 GMT',
          'Cache-Control': 'max-age=1711',
          ...(now ? { Date: httpDate(now()) } : {}),
          'Content-Length': String(bytes(EXAMPLE_DOMAIN_PAGE)),
          Connection: 'keep-alive',
        },
        body: req.method === 'HEAD' ? '' : EXAMPLE_DOMAIN_PAGE,
        ...(req.scheme === 'https' ? { tls: EXAMPLE_CERT } : {}),
      };
    },
  };
}

// ---------- the other hosts PUBLISHED names (weave-net's) ----------

/** Where the other publishing hosts resolve: GitHub (Seoul), the weave launcher (AWS), GitHub's release CDN. */
const PUBLISHER_IPS: Record<string, string[]> = {
  'github.com': ['20.200.245.247'],
  'cloud.weave.works': ['54.230.112.84'],
  'objects.githubusercontent.com': ['185.199.108.154'],
};

function publisher(host: string, files: readonly PublishedFile[], now?: () => number): WebSite {
  const cert: TlsCertificate = { selfSigned: false, subject: `CN=${host}`, issuer: "C=US; O=Let's Encrypt; CN=R3", dnsNames: [host], notBefore: Date.UTC(2026, 8, 1), notAfter: Date.UTC(2026, 11, 30) };
  return {
    names: [host],
    ip: PUBLISHER_IPS[host]![0]!,
    ports: [80, 443],
    serve(req: SiteRequest): HttpResponse {
      const date: Record<string, string> = now ? { Date: httpDate(now()) } : {};
      if (req.scheme === 'http') return { status: 301, headers: { 'Content-Length': '0', Location: `https://${host}${req.path}`, ...date }, body: '' };
      const file = publishedFile(host, req.path, files);
      if (!file) return { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': '9', ...date }, body: req.method === 'HEAD' ? '' : 'Not Found', tls: cert };
      if (file.redirect) return { status: 302, headers: { 'Content-Type': 'text/html; charset=utf-8', Location: file.redirect, 'Content-Length': '0', ...date }, body: '', tls: cert };
      return { status: 200, headers: { 'Content-Type': file.contentType ?? 'text/plain; charset=utf-8', 'Content-Length': String(bytes(file.body)), ...date }, body: req.method === 'HEAD' ? '' : file.body, tls: cert };
    },
  };
}

/** The outside web's sites, in lookup order. */
export function defaultSites(opts: { now?: () => number; files?: readonly PublishedFile[] } = {}): SiteEntry[] {
  return [
    { site: rawGithub(opts.files ?? PUBLISHED, opts.now), addresses: RAW_GITHUB_IPS },
    { site: exampleCom(opts.now), addresses: [EXAMPLE_COM_IP, '96.7.128.175', '23.192.228.84'] },
    ...Object.keys(PUBLISHER_IPS)
      .filter((h) => (opts.files ?? PUBLISHED).some((f) => f.host === h))
      .map((h) => ({ site: publisher(h, opts.files ?? PUBLISHED, opts.now), addresses: PUBLISHER_IPS[h]! })),
    // the kubeadm install notes' downloads: get.docker.com, repo files and keys (install-sites.ts)
    ...installSites(opts),
  ];
}
