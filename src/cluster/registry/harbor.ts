// The private Harbor registry `msa.harbor.com` on the `harbor` machine (10.0.2.20), served over plain
// HTTP on port 80 only (harbor.yml with the https block commented out): projects, repositories, tags,
// users. Pulls from public projects need no login; pushes need `docker login` (admin / Harbor12345).
//   harbor.lookup(path, tagOrDigest) ; harbor.push(path, tag, image, user) ; harbor.authenticate(u, p)
import type { ImageConfig, ImageProgram } from './programs.ts';

export const HARBOR_HOST = 'msa.harbor.com';
export const HARBOR_IP = '10.0.2.20';
export const HARBOR_VERSION = 'v2.11.2';

export interface Layer {
  /** `sha256:<64 hex>` */
  digest: string;
  /** compressed bytes */
  size: number;
}

/** One image for one platform, as a registry or an engine stores it. */
export interface ImageContent {
  /** `sha256:…` of the image config (docker's IMAGE ID) */
  id: string;
  architecture: string;
  os: string;
  variant?: string;
  config: ImageConfig;
  program: ImageProgram;
  layers: Layer[];
  /** uncompressed size in bytes (what `docker images` shows) */
  size: number;
  /** RFC 3339 creation time */
  created: string;
}

export interface StoredManifest {
  /** `sha256:…` of the manifest (what a pull by digest names) */
  digest: string;
  /** bytes of the manifest JSON (`size: 1234` in the push output) */
  manifestSize: number;
  image: ImageContent;
  pushedAt: number;
}

export interface HarborProject {
  name: string;
  public: boolean;
}

export type HarborAccess = { ok: true } | { ok: false; status: 401 | 404; message: string };

export interface Harbor {
  readonly host: string;
  readonly ip: string;
  projects(): HarborProject[];
  addProject(name: string, isPublic: boolean): void;
  /** `library/discovery-service` → its tags */
  repositories(): string[];
  tags(path: string): string[];
  lookup(path: string, tagOrDigest: string): StoredManifest | undefined;
  /** Check credentials as `docker login` does. */
  authenticate(user: string, password: string): boolean;
  /** Can `user` (undefined = anonymous) pull/push `path`? */
  access(path: string, action: 'pull' | 'push', user: string | undefined): HarborAccess;
  /** Store a pushed image; returns the manifest. The caller checked access. */
  push(path: string, tag: string, manifest: StoredManifest): StoredManifest;
  /** Put an image straight into the registry (labs' starting state). */
  seed(path: string, tag: string, manifest: StoredManifest): void;
}

/** Harbor's project of a repository path; a one-component path (`discovery-service`) sits at the root. */
const projectOf = (path: string) => (path.includes('/') ? path.split('/')[0]! : '');

export function createHarbor(host = HARBOR_HOST, ip = HARBOR_IP): Harbor {
  const projects = new Map<string, HarborProject>([
    ['library', { name: 'library', public: true }],
    ['', { name: '', public: true }],
  ]);
  const users = new Map<string, string>([['admin', 'Harbor12345']]);
  const repos = new Map<string, Map<string, StoredManifest>>();
  const harbor: Harbor = {
    host,
    ip,
    projects: () => [...projects.values()].filter((p) => p.name !== ''),
    addProject(name, isPublic) {
      projects.set(name, { name, public: isPublic });
    },
    repositories: () => [...repos.keys()].sort(),
    tags: (path) => [...(repos.get(path)?.keys() ?? [])].sort(),
    lookup(path, tagOrDigest) {
      const r = repos.get(path);
      if (!r) return undefined;
      if (tagOrDigest.startsWith('sha256:')) return [...r.values()].find((m) => m.digest === tagOrDigest);
      return r.get(tagOrDigest);
    },
    authenticate: (user, password) => users.get(user) === password,
    access(path, action, user) {
      const project = projects.get(projectOf(path));
      const denied = (status: 401 | 404, message: string): HarborAccess => ({ ok: false, status, message });
      if (action === 'push') {
        if (!user) return denied(401, `unauthorized to access repository: ${path}, action: push: unauthorized to access repository: ${path}, action: push`);
        if (!project) return denied(404, `project ${projectOf(path)} not found: project ${projectOf(path)} not found`);
        return { ok: true };
      }
      if (!project) return denied(401, `unauthorized to access repository: ${path}, action: pull: unauthorized to access repository: ${path}, action: pull`);
      if (!project.public && !user) return denied(401, `unauthorized to access repository: ${path}, action: pull: unauthorized to access repository: ${path}, action: pull`);
      return { ok: true };
    },
    push(path, tag, manifest) {
      let r = repos.get(path);
      if (!r) repos.set(path, (r = new Map()));
      r.set(tag, manifest);
      return manifest;
    },
    seed(path, tag, manifest) {
      if (!projects.has(projectOf(path))) projects.set(projectOf(path), { name: projectOf(path), public: true });
      harbor.push(path, tag, manifest);
    },
  };
  return harbor;
}
