// Stand-ins for the cluster's certificates: fixed bytes shaped like kubeadm's PEM files, so
// kubeconfigs and kube-root-ca.crt look real and stay identical run to run.

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Deterministic pseudo-random base64 text of `n` characters from a label (xorshift over an FNV hash). */
const fakeCache = new Map<string, string>();
export function fakeBase64(label: string, n: number): string {
  const k = `${n}:${label}`;
  let out = fakeCache.get(k);
  if (out === undefined) {
    out = fakeBase64Raw(label, n);
    if (fakeCache.size < 1024) fakeCache.set(k, out);
  }
  return out;
}

function fakeBase64Raw(label: string, n: number): string {
  let h = 2166136261;
  for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 16777619) >>> 0;
  let x = h || 1;
  let s = '';
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    s += B64[x & 63];
  }
  return s;
}

/** Deterministic hex of `n` characters from a label. */
export function fakeHex(label: string, n: number): string {
  const HEX = '0123456789abcdef';
  return [...fakeBase64(label, n)].map((c) => HEX[B64.indexOf(c) & 15]).join('');
}

function pem(kind: string, label: string, bodyChars: number): string {
  // Real certificates start with MII…; the rest is opaque to every reader here.
  const body = 'MII' + fakeBase64(label, bodyChars - 3);
  const lines = body.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${kind}-----\n${lines.join('\n')}\n-----END ${kind}-----\n`;
}

/** The cluster CA (/etc/kubernetes/pki/ca.crt), as kube-root-ca.crt and kubeconfigs carry it. */
export const CA_PEM = pem('CERTIFICATE', 'kubernetes-ca', 1060);
export const ADMIN_CERT_PEM = pem('CERTIFICATE', 'kubernetes-admin', 1100);
export const ADMIN_KEY_PEM = pem('RSA PRIVATE KEY', 'kubernetes-admin-key', 1588);

// The same kubeconfigs are encoded for every cluster; keep the few distinct results.
const b64Cache = new Map<string, string>();
export function b64(s: string): string {
  let out = b64Cache.get(s);
  if (out === undefined) {
    out = b64Raw(s);
    if (b64Cache.size < 256) b64Cache.set(s, out);
  }
  return out;
}

function b64Raw(s: string): string {
  const bytes = new TextEncoder().encode(s);
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const b0 = bytes[i]!;
    const b1 = bytes[i + 1];
    const b2 = bytes[i + 2];
    out += B64[b0 >> 2]! + B64[((b0 & 3) << 4) | ((b1 ?? 0) >> 4)]!;
    out += b1 === undefined ? '=' : B64[((b1 & 15) << 2) | ((b2 ?? 0) >> 6)]!;
    out += b2 === undefined ? '=' : B64[b2 & 63]!;
  }
  return out;
}

/** /etc/kubernetes/admin.conf (and /root/.kube/config after the notes' `cp`). */
export function adminKubeconfig(server: string): string {
  return `apiVersion: v1
clusters:
- cluster:
    certificate-authority-data: ${b64(CA_PEM)}
    server: ${server}
  name: kubernetes
contexts:
- context:
    cluster: kubernetes
    user: kubernetes-admin
  name: kubernetes-admin@kubernetes
current-context: kubernetes-admin@kubernetes
kind: Config
preferences: {}
users:
- name: kubernetes-admin
  user:
    client-certificate-data: ${b64(ADMIN_CERT_PEM)}
    client-key-data: ${b64(ADMIN_KEY_PEM)}
`;
}

/** /etc/kubernetes/kubelet.conf on a node. */
export function kubeletKubeconfig(server: string, node: string): string {
  return `apiVersion: v1
clusters:
- cluster:
    certificate-authority-data: ${b64(CA_PEM)}
    server: ${server}
  name: kubernetes
contexts:
- context:
    cluster: kubernetes
    user: system:node:${node}
  name: system:node:${node}@kubernetes
current-context: system:node:${node}@kubernetes
kind: Config
preferences: {}
users:
- name: system:node:${node}
  user:
    client-certificate: /var/lib/kubelet/pki/kubelet-client-current.pem
    client-key: /var/lib/kubelet/pki/kubelet-client-current.pem
`;
}
