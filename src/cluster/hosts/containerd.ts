// containerd 1.7's configuration as the CRI plugin sees it: /etc/containerd/config.toml (read only when
// containerd starts) and /etc/containerd/certs.d/<host>/hosts.toml (read at every pull).
//   loadContainerdConfig(fs) → { ok: true, config } | { ok: false, error }   (the exit message)
//   registryEndpoints(config, fs, host) → the endpoints containerd tries for a registry, in order
// What each registry setting really does in containerd 1.7 (pkg/cri/server/image_pull.go):
//  - legacy (config_path = ""): endpoints = registry.mirrors."<host>".endpoint, plus https://<host>
//    unless one of them already names <host>. An endpoint without scheme is https (http for localhost).
//    registry.configs."<host>".tls.insecure_skip_verify only skips certificate checks on https: it
//    never makes containerd speak plain HTTP. So a plain-HTTP registry needs endpoint = ["http://..."].
//  - config_path set: certs.d/<host>/hosts.toml `server` and [host."…"] entries (scheme as written);
//    no hosts.toml → https://<host>. Setting mirrors (or configs.*.tls) as well makes the CRI plugin
//    fail to load: "`mirrors` cannot be set when `config_path` is provided".
import type { FileSystem } from '../types.ts';
import { parseToml, tomlGet, type TomlTable, type TomlValue } from './toml.ts';
import { deepFreeze } from '../etcd.ts';

export const CONTAINERD_CONFIG = '/etc/containerd/config.toml';
export const CONTAINERD_VERSION = '1.7.24';
export const CONTAINERD_REVISION = '88bf19b2105c8b17560993bee28a01ddc2f97182';

export interface RegistryEndpoint {
  scheme: 'http' | 'https';
  /** host[:port] */
  host: string;
  /** TLS verification is skipped (insecure_skip_verify / skip_verify) */
  skipVerify: boolean;
  /** where the setting came from, for explanations */
  source: 'default' | 'mirror' | 'hosts.toml';
}

export interface RegistryAuth {
  username?: string;
  password?: string;
  auth?: string;
}

export interface ContainerdConfig {
  /** the parsed TOML */
  raw: TomlTable;
  version: number;
  disabledPlugins: string[];
  /** plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options.SystemdCgroup */
  systemdCgroup: boolean;
  sandboxImage: string;
  /** registry.config_path ('' = legacy mirrors/configs) */
  configPath: string;
  mirrors: Record<string, string[]>;
  configs: Record<string, { insecureSkipVerify?: boolean; auth?: RegistryAuth }>;
  /** why the CRI plugin did not load (containerd still runs, the kubelet cannot talk to it) */
  criError?: string;
}

export type LoadResult = { ok: true; config: ContainerdConfig } | { ok: false; error: string };

const CRI = 'io.containerd.grpc.v1.cri';

/** `containerd config default` (1.7), with SystemdCgroup = true as the install notes set it. */
export const DEFAULT_CONTAINERD_CONFIG = `disabled_plugins = []
imports = []
oom_score = 0
plugin_dir = ""
required_plugins = []
root = "/var/lib/containerd"
state = "/run/containerd"
temp = ""
version = 2

[cgroup]
  path = ""

[debug]
  address = ""
  format = ""
  gid = 0
  level = ""
  uid = 0

[grpc]
  address = "/run/containerd/containerd.sock"
  gid = 0
  max_recv_message_size = 16777216
  max_send_message_size = 16777216
  tcp_address = ""
  tcp_tls_ca = ""
  tcp_tls_cert = ""
  tcp_tls_key = ""
  uid = 0

[metrics]
  address = ""
  grpc_histogram = false

[plugins]

  [plugins."io.containerd.gc.v1.scheduler"]
    deletion_threshold = 0
    mutation_threshold = 100
    pause_threshold = 0.02
    schedule_delay = "0s"
    startup_delay = "100ms"

  [plugins."io.containerd.grpc.v1.cri"]
    cdi_spec_dirs = ["/etc/cdi", "/var/run/cdi"]
    device_ownership_from_security_context = false
    disable_apparmor = false
    disable_cgroup = false
    disable_hugetlb_controller = true
    disable_proc_mount = false
    disable_tcp_service = true
    drain_exec_sync_io_timeout = "0s"
    enable_cdi = false
    enable_selinux = false
    enable_tls_streaming = false
    enable_unprivileged_icmp = false
    enable_unprivileged_ports = false
    ignore_deprecation_warnings = []
    ignore_image_defined_volumes = false
    image_pull_progress_timeout = "5m0s"
    max_concurrent_downloads = 3
    max_container_log_line_size = 16384
    netns_mounts_under_state_dir = false
    restrict_oom_score_adj = false
    sandbox_image = "registry.k8s.io/pause:3.8"
    selinux_category_range = 1024
    stats_collect_period = 10
    stream_idle_timeout = "4h0m0s"
    stream_server_address = "127.0.0.1"
    stream_server_port = "0"
    systemd_cgroup = false
    tolerate_missing_hugetlb_controller = true
    unset_seccomp_profile = ""

    [plugins."io.containerd.grpc.v1.cri".cni]
      bin_dir = "/opt/cni/bin"
      conf_dir = "/etc/cni/net.d"
      conf_template = ""
      ip_pref = ""
      max_conf_num = 1
      setup_serially = false

    [plugins."io.containerd.grpc.v1.cri".containerd]
      default_runtime_name = "runc"
      disable_snapshot_annotations = true
      discard_unpacked_layers = false
      ignore_blockio_not_enabled_errors = false
      ignore_rdt_not_enabled_errors = false
      no_pivot = false
      snapshotter = "overlayfs"

      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes]

        [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
          base_runtime_spec = ""
          cni_conf_dir = ""
          cni_max_conf_num = 0
          container_annotations = []
          pod_annotations = []
          privileged_without_host_devices = false
          privileged_without_host_devices_all_devices_allowed = false
          runtime_engine = ""
          runtime_path = ""
          runtime_root = ""
          runtime_type = "io.containerd.runc.v2"
          sandbox_mode = "podsandbox"
          snapshotter = ""

          [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
            BinaryName = ""
            CriuImagePath = ""
            CriuPath = ""
            CriuWorkPath = ""
            IoGid = 0
            IoUid = 0
            NoNewKeyring = false
            NoPivotRoot = false
            Root = ""
            ShimCgroup = ""
            SystemdCgroup = true

    [plugins."io.containerd.grpc.v1.cri".image_decryption]
      key_model = "node"

    [plugins."io.containerd.grpc.v1.cri".registry]
      config_path = ""

      [plugins."io.containerd.grpc.v1.cri".registry.auths]

      [plugins."io.containerd.grpc.v1.cri".registry.configs]

      [plugins."io.containerd.grpc.v1.cri".registry.headers]

      [plugins."io.containerd.grpc.v1.cri".registry.mirrors]

    [plugins."io.containerd.grpc.v1.cri".x509_key_pair_streaming]
      tls_cert_file = ""
      tls_key_file = ""

  [plugins."io.containerd.internal.v1.opt"]
    path = "/opt/containerd"

  [plugins."io.containerd.internal.v1.restart"]
    interval = "10s"

  [plugins."io.containerd.internal.v1.tracing"]

  [plugins."io.containerd.metadata.v1.bolt"]
    content_sharing_policy = "shared"

  [plugins."io.containerd.monitor.v1.cgroups"]
    no_prometheus = false

  [plugins."io.containerd.runtime.v2.task"]
    platforms = ["linux/amd64"]
    sched_core = false

  [plugins."io.containerd.service.v1.diff-service"]
    default = ["walking"]

  [plugins."io.containerd.snapshotter.v1.overlayfs"]
    mount_options = []
    root_path = ""
    sync_remove = false
    upperdir_label = false

[proxy_plugins]

[stream_processors]

[timeouts]
  "io.containerd.timeout.bolt.open" = "0s"
  "io.containerd.timeout.metrics.shimstats" = "2s"
  "io.containerd.timeout.shim.cleanup" = "5s"
  "io.containerd.timeout.shim.load" = "5s"
  "io.containerd.timeout.shim.shutdown" = "3s"
  "io.containerd.timeout.task.state" = "2s"

[ttrpc]
  address = ""
  gid = 0
  uid = 0
`;

const asTable = (v: TomlValue | undefined): TomlTable | undefined => (typeof v === 'object' && !Array.isArray(v) ? v : undefined);
const asString = (v: TomlValue | undefined): string | undefined => (typeof v === 'string' ? v : undefined);

/** Configurations already read, by path and text: every node reads the same file at every containerd start. */
const loaded = new Map<string, LoadResult>();

/** Read /etc/containerd/config.toml as `containerd` does at start. A missing file means built-in defaults. */
export function loadContainerdConfig(fs: FileSystem, path = CONTAINERD_CONFIG): LoadResult {
  const text = fs.exists(path) ? fs.read(path) : '';
  const key = `${path}\0${text}`;
  let hit = loaded.get(key);
  if (!hit) {
    hit = deepFreeze(readContainerdConfig(text, path));
    if (loaded.size >= 64) loaded.delete(loaded.keys().next().value!);
    loaded.set(key, hit);
  }
  return hit;
}

function readContainerdConfig(text: string, path: string): LoadResult {
  const parsed = parseToml(text);
  if (!parsed.ok) return { ok: false, error: `failed to load TOML: ${path}: ${parsed.error.text}` };
  const raw = parsed.value;
  const cri = asTable(tomlGet(raw, 'plugins', CRI));
  const registry = asTable(tomlGet(cri, 'registry'));
  const mirrors: Record<string, string[]> = {};
  for (const [host, m] of Object.entries(asTable(tomlGet(registry, 'mirrors')) ?? {})) {
    const ep = asTable(m)?.endpoint;
    mirrors[host] = Array.isArray(ep) ? ep.filter((e): e is string => typeof e === 'string') : [];
  }
  const configs: ContainerdConfig['configs'] = {};
  let tlsSet = false;
  for (const [host, c] of Object.entries(asTable(tomlGet(registry, 'configs')) ?? {})) {
    const t = asTable(c);
    const tls = asTable(t?.tls);
    const auth = asTable(t?.auth);
    if (tls) tlsSet = true;
    configs[host] = {
      insecureSkipVerify: tls?.insecure_skip_verify === true ? true : undefined,
      auth: auth ? { username: asString(auth.username), password: asString(auth.password), auth: asString(auth.auth) } : undefined,
    };
  }
  const version = typeof raw.version === 'number' ? raw.version : 1;
  if (version > 2) return { ok: false, error: `unsupported config version \`${version}\`` };
  const configPath = asString(registry?.config_path) ?? '';
  let criError: string | undefined;
  if (configPath && Object.keys(mirrors).length) criError = 'invalid plugin config: `mirrors` cannot be set when `config_path` is provided';
  else if (configPath && tlsSet) criError = 'invalid plugin config: `configs.tls` cannot be set when `config_path` is provided';
  const disabled = Array.isArray(raw.disabled_plugins) ? raw.disabled_plugins.filter((p): p is string => typeof p === 'string') : [];
  if (disabled.includes('cri') || disabled.includes(CRI)) criError = criError ?? 'cri plugin disabled';
  const sc = tomlGet(cri, 'containerd', 'runtimes', 'runc', 'options', 'SystemdCgroup');
  return {
    ok: true,
    config: {
      raw,
      version,
      disabledPlugins: disabled,
      systemdCgroup: sc === true,
      sandboxImage: asString(cri?.sandbox_image) ?? 'registry.k8s.io/pause:3.8',
      configPath,
      mirrors,
      configs,
      criError,
    },
  };
}

const isLocalhost = (host: string) => {
  const h = host.replace(/:\d+$/, '');
  return h === 'localhost' || h.startsWith('127.') || h === '[::1]';
};

function parseEndpoint(e: string): { scheme: 'http' | 'https'; host: string } | undefined {
  const m = /^(?:(https?):\/\/)?([^/]+)/.exec(e.trim());
  if (!m) return undefined;
  const host = m[2]!;
  const scheme = (m[1] as 'http' | 'https' | undefined) ?? (isLocalhost(host) ? 'http' : 'https');
  return { scheme, host };
}

/** The registry hosts containerd tries for `host` (docker.io → registry-1.docker.io), in order. */
export function registryEndpoints(config: ContainerdConfig, fs: FileSystem, host: string): RegistryEndpoint[] {
  const defaultHost = host === 'docker.io' ? 'registry-1.docker.io' : host;
  if (config.configPath) {
    const out: RegistryEndpoint[] = [];
    for (const root of config.configPath.split(':').filter(Boolean)) {
      const dirName = host.replace(/:(\d+)$/, '_$1_');
      const file = `${root.replace(/\/$/, '')}/${dirName}/hosts.toml`;
      const fallback = `${root.replace(/\/$/, '')}/_default/hosts.toml`;
      const path = fs.exists(file) ? file : fs.exists(fallback) ? fallback : undefined;
      if (!path) continue;
      const parsed = parseToml(fs.read(path));
      // containerd logs "failed to decode hosts.toml" and falls back to the default host
      if (!parsed.ok) break;
      const t = parsed.value;
      for (const [h, cfg] of Object.entries(asTable(t.host) ?? {})) {
        const ep = parseEndpoint(h);
        if (ep) out.push({ ...ep, skipVerify: asTable(cfg)?.skip_verify === true, source: 'hosts.toml' });
      }
      const server = asString(t.server);
      const ep = server ? parseEndpoint(server) : { scheme: 'https' as const, host: defaultHost };
      if (ep) out.push({ ...ep, skipVerify: t.skip_verify === true, source: server ? 'hosts.toml' : 'default' });
      return out;
    }
    return [{ scheme: 'https', host: defaultHost, skipVerify: false, source: 'default' }];
  }
  const mirror = config.mirrors[host] ?? config.mirrors['*'] ?? [];
  const out: RegistryEndpoint[] = [];
  for (const e of mirror) {
    const ep = parseEndpoint(e);
    if (ep) out.push({ ...ep, skipVerify: config.configs[ep.host]?.insecureSkipVerify === true, source: 'mirror' });
  }
  if (!out.some((e) => e.host === host)) {
    out.push({ scheme: isLocalhost(defaultHost) ? 'http' : 'https', host: defaultHost, skipVerify: config.configs[defaultHost]?.insecureSkipVerify === true, source: 'default' });
  }
  return out;
}

/** How containerd first reaches `host`: plain HTTP, HTTPS, or HTTPS without certificate checks. */
export function registryAccess(config: ContainerdConfig, fs: FileSystem, host: string): 'http' | 'https' | 'https-insecure' {
  const first = registryEndpoints(config, fs, host)[0]!;
  return first.scheme === 'http' ? 'http' : first.skipVerify ? 'https-insecure' : 'https';
}

/** Credentials from registry.configs."<host>".auth (what the CRI plugin sends when the pod has no pull secret). */
export function registryAuth(config: ContainerdConfig, host: string): RegistryAuth | undefined {
  return config.configs[host]?.auth;
}

// ---------- containerd.io as the rpm installs it (bare machines) ----------

/** What `containerd config default` prints: the defaults, SystemdCgroup = false. */
export const CONTAINERD_CONFIG_DEFAULT_OUTPUT = DEFAULT_CONTAINERD_CONFIG.replace('SystemdCgroup = true', 'SystemdCgroup = false');

/** The version of containerd.io the docker-ce-stable repo installs. */
export const CONTAINERD_IO_VERSION = '1.6.33';
export const CONTAINERD_IO_REVISION = 'd2d58213f83a351ca8f528a95fbd145f5654e957';

/** /etc/containerd/config.toml as containerd.io ships it: the CRI plugin is disabled (Docker only needs containerd's core). */
export const CONTAINERD_IO_CONFIG = `#   Copyright 2018-2022 Docker Inc.

#   Licensed under the Apache License, Version 2.0 (the "License");
#   you may not use this file except in compliance with the License.
#   You may obtain a copy of the License at

#       http://www.apache.org/licenses/LICENSE-2.0

#   Unless required by applicable law or agreed to in writing, software
#   distributed under the License is distributed on an "AS IS" BASIS,
#   WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
#   See the License for the specific language governing permissions and
#   limitations under the License.

disabled_plugins = ["cri"]

#root = "/var/lib/containerd"
#state = "/run/containerd"
#subreaper = true
#oom_score = 0

#[grpc]
#  address = "/run/containerd/containerd.sock"
#  uid = 0
#  gid = 0

#[debug]
#  address = "/run/containerd/debug.sock"
#  uid = 0
#  gid = 0
#  level = "info"
`;

/** The grpc error the kubelet and kubeadm get from a containerd whose CRI plugin did not load. */
export const CRI_UNIMPLEMENTED = 'rpc error: code = Unimplemented desc = unknown service runtime.v1.RuntimeService';
