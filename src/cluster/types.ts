// The public shape of the simulated cluster. Everything outside src/cluster codes against this file.
// Objects are plain JSON (what `kubectl get -o json` would show), never class instances.

export type Labels = Record<string, string>;

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface ManagedFieldsEntry {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time: string;
}

export interface ObjectMeta {
  name: string;
  generateName?: string;
  namespace?: string;
  uid: string;
  resourceVersion: string;
  generation?: number;
  /** RFC 3339, second precision, e.g. 2026-11-22T01:27:42Z */
  creationTimestamp: string;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  labels?: Labels;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  finalizers?: string[];
}

/** Any API object. `spec`/`status` are typed per kind below; other kinds keep their top-level fields (data, subsets, ...). */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  spec?: any;
  status?: any;
  [field: string]: unknown;
}

/** What a caller hands to create(): metadata may lack uid/resourceVersion/creationTimestamp, and name when generateName is set. */
export interface NewObject {
  apiVersion: string;
  kind: string;
  metadata: Partial<ObjectMeta> & { name?: string };
  spec?: any;
  status?: any;
  [field: string]: unknown;
}

/** Discovery: one row of `kubectl api-resources`. */
export interface ResourceInfo {
  /** e.g. "deployments" */
  plural: string;
  /** e.g. "deployment" */
  singular: string;
  shortNames: string[];
  kind: string;
  /** "" for the core group, "apps", "batch", "networking.k8s.io", ... */
  group: string;
  version: string;
  namespaced: boolean;
  verbs: string[];
  categories?: string[];
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface WatchEvent {
  type: WatchEventType;
  object: KubeObject;
  /** the object before a MODIFIED/DELETED change, when known */
  old?: KubeObject;
}

export type WatchHandler = (event: WatchEvent) => void;

export interface ListOptions {
  /** `app=web,tier!=db`, `env in (a,b)`, `!key`, `key` */
  labelSelector?: string;
  /** `metadata.name=x`, `spec.nodeName=node1`, `status.phase!=Running`, `involvedObject.name=x` */
  fieldSelector?: string;
}

export interface ReadOptions {
  /** return the stored object itself (deep-frozen, read-only) instead of a mutable copy */
  frozenResult?: boolean;
}

export interface WriteOptions {
  /** validate and default, but do not store (`--dry-run=server`) */
  dryRun?: boolean;
  /** recorded in managedFields; "kubectl-create", "kubectl-client-side-apply", "kube-controller-manager", ... */
  fieldManager?: string;
  /**
   * Return the stored object itself (deep-frozen, read-only) instead of a mutable copy: saves a deep
   * copy for callers that only read the result (controllers, the kubelet).
   */
  frozenResult?: boolean;
  /** create: the caller hands a fresh object over and never touches it again, so it is stored without a defensive copy */
  handOver?: boolean;
  /**
   * Decode the body like the server does for kubectl (`--validate=strict` sends Strict): wrong JSON
   * types fail with BadRequest in any mode; unknown fields fail only with 'Strict'. Unset = no decoding checks.
   */
  fieldValidation?: 'Strict' | 'Warn' | 'Ignore';
}

export interface DeleteOptions extends WriteOptions {
  /** overrides the object's terminationGracePeriodSeconds; 0 with force deletes at once */
  gracePeriodSeconds?: number;
  propagationPolicy?: 'Foreground' | 'Background' | 'Orphan';
}

/** An API status error, as the server returns it. kubectl turns it into `Error from server (<reason>): <message>`. */
export interface StatusCause {
  type: string; // FieldValueRequired, FieldValueInvalid, FieldValueNotSupported, FieldValueDuplicate, ...
  field: string; // spec.template.metadata.labels
  message: string; // Invalid value: "Web": a lowercase RFC 1123 subdomain must consist of ...
}

export type StatusReason =
  | 'NotFound'
  | 'AlreadyExists'
  | 'Invalid'
  | 'BadRequest'
  | 'Conflict'
  | 'Forbidden'
  | 'MethodNotAllowed'
  | 'Gone'
  | 'InternalError';

export interface ApiServer {
  /** Every resource the server knows, in discovery order. */
  readonly resources: readonly ResourceInfo[];
  /**
   * Resolve what a user typed to a resource: plural, singular, short name, Kind, or `plural.group`
   * (`po`, `pod`, `pods`, `Pod`, `deploy`, `deployments.apps`, `deployment.apps`). Case-insensitive.
   */
  resolve(typed: string): ResourceInfo | undefined;
  /** Validate, default and store. Throws ApiError (AlreadyExists, Invalid, NotFound for a missing namespace, BadRequest). */
  create(obj: NewObject, opts?: WriteOptions): KubeObject;
  /** Throws ApiError NotFound: `pods "x" not found`. Namespace is ignored for cluster-scoped kinds. */
  get(plural: string, namespace: string | undefined, name: string): KubeObject;
  /** Like get, but undefined instead of NotFound. `frozenResult` returns the stored read-only object, uncopied. */
  tryGet(plural: string, namespace: string | undefined, name: string, opts?: ReadOptions): KubeObject | undefined;
  /**
   * namespace undefined = all namespaces. Sorted by namespace then name.
   * The items are the stored objects themselves, deep-frozen (read-only): to change one, use patch(),
   * or get() / clone() a mutable copy. (Watch event objects are frozen the same way.)
   */
  list(plural: string, namespace?: string, opts?: ListOptions): KubeObject[];
  /**
   * Replace metadata (labels, annotations, ownerReferences, finalizers) and spec; status is kept.
   * Validates; bumps generation when spec changes. resourceVersion, when set, must match (Conflict).
   */
  update(obj: KubeObject, opts?: WriteOptions): KubeObject;
  /** Replace status only (the /status subresource). Only `frozenResult` of the options applies. */
  updateStatus(obj: KubeObject, opts?: WriteOptions): KubeObject;
  /** Read-modify-write helper: mutate a copy of the stored object, then update (and updateStatus if status changed). */
  patch(plural: string, namespace: string | undefined, name: string, mutate: (obj: KubeObject) => void, opts?: WriteOptions): KubeObject;
  /**
   * Delete. Pods on a node get deletionTimestamp (graceful, the kubelet finishes it); objects with
   * finalizers get deletionTimestamp; everything else goes at once. Dependents are garbage-collected
   * through ownerReferences (Background by default). Returns the object as last stored.
   */
  delete(plural: string, namespace: string | undefined, name: string, opts?: DeleteOptions): KubeObject;
  /** Watch one resource (or '*' for every resource) in one namespace or all. Returns an unsubscribe. */
  watch(plural: string | '*', namespace: string | undefined, handler: WatchHandler): () => void;
}

/** Options for a timer. */
export interface ClockOptions {
  /** periodic housekeeping (resyncs, flushes): does not keep settle() busy */
  background?: boolean;
}

/** A virtual clock. Time is milliseconds since the Unix epoch. */
export interface Clock {
  now(): number;
  /** Run `fn` when the clock reaches `at` (ms). Same-time timers run in the order they were scheduled. */
  at(at: number, fn: () => void, label?: string, opts?: ClockOptions): TimerHandle;
  /** Run `fn` after `ms`. */
  after(ms: number, fn: () => void, label?: string, opts?: ClockOptions): TimerHandle;
  /** Timestamp of the next pending timer, or undefined. */
  nextAt(): number | undefined;
}

export interface TimerHandle {
  cancel(): void;
}

/** The one seeded random source. */
export interface Random {
  /** [0, 1) */
  next(): number;
  /** integer in [0, n) */
  int(n: number): number;
  /** pick one element */
  pick<T>(items: readonly T[]): T;
  /** n characters from the Kubernetes name alphabet `bcdfghjklmnpqrstvwxz2456789` */
  suffix(n?: number): string;
  /** a v4-shaped UUID */
  uuid(): string;
  /** n lowercase hex characters (container IDs, digests) */
  hex(n: number): string;
}

export interface ClusterOptions {
  /** Seed for every random choice. Same seed + same commands at same virtual times = same bytes. Default 1. */
  seed?: number;
  /** Virtual start time (ms since epoch). Default: a fixed instant, so headless runs are reproducible. */
  startTime?: number;
  /**
   * 'kubeadm' (default): the four-machine cluster the notes build, up for 3 days.
   * 'empty': an API server with only namespaces and no nodes (for unit tests).
   * 'bare': four bare CentOS 7 machines (master, node1..3) with no Kubernetes: the kubeadm-install lab.
   */
  preset?: 'kubeadm' | 'empty' | 'bare';
}

export interface Cluster {
  readonly api: ApiServer;
  readonly clock: Clock;
  readonly random: Random;
  readonly hosts: Hosts;
  /** e.g. { major: '1', minor: '32', gitVersion: 'v1.32.4', ... } */
  readonly version: VersionInfo;
  /** `https://10.0.2.15:6443` */
  readonly serverUrl: string;
  /** Move the clock forward by `ms`, running every controller, timer and watch that falls due, in order. */
  advance(ms: number): void;
  /**
   * Run until nothing is pending (no queued work, no timer due within `horizonMs`, default 5 min of
   * virtual time, beyond which only periodic/long timers remain). Returns the virtual ms advanced.
   */
  settle(opts?: { horizonMs?: number; maxMs?: number }): number;
  /** True when no work is queued at the current instant (timers in the future may remain). */
  idle(): boolean;
  /** Called after any stored object changes (after the work at that instant has run). */
  onChange(listener: () => void): () => void;
  /** The container runtimes of the nodes: logs, exec environments (absent on clusters without kubelets). */
  readonly runtime?: ContainerRuntimeView;
  /** Traffic: DNS, kube-proxy's Service routing, pod and node addresses, port-forwards, the outside web (absent on clusters without kubelets). */
  readonly net?: ClusterNetwork;
  /** Which component did what to which object, and why: the control-plane trace (absent on bare test clusters). */
  readonly trace?: ControlPlaneTrace;
}

// ---------- the control-plane trace (src/cluster/trace) ----------

/** The components a trace step names, as the architecture chapter calls them. */
export type TraceActor =
  | 'kubectl'
  | 'kube-apiserver'
  | 'etcd'
  | 'kube-controller-manager'
  | 'kube-scheduler'
  | 'kubelet'
  | 'container-runtime'
  | 'kube-proxy'
  | 'coredns';

/** One thing one component did, at one virtual instant. */
export interface TraceStep {
  /** increasing id (stable for a given seed and command sequence) */
  id: number;
  /** virtual ms */
  time: number;
  actor: TraceActor;
  /** the machine it ran on (`master`, `node2`), when it matters */
  host?: string;
  /** the controller inside kube-controller-manager (`deployment-controller`, `replicaset-controller`, `endpoint-controller`, ...) */
  controller?: string;
  /** a short verb phrase: `stored`, `created ReplicaSet`, `bound to node2`, `pulled image`, `started container`, `updated rules` */
  action: string;
  /** the object acted on */
  object: { kind: string; namespace?: string; name: string; uid?: string };
  /** why, in one sentence a learner can read: `2 pods wanted, 0 exist`, `node1: Insufficient cpu; master: untolerated taint` */
  reason?: string;
  /** what caused it: the id of the step that triggered this one (a watch event it reacted to) */
  cause?: number;
  /** seed 004's seven steps of "create a pod", when this step is one of them (1..7) */
  flowStep?: number;
}

export interface ControlPlaneTrace {
  /** Steps in order, optionally only those about one object and what it owns (pod → its containers; deployment → its ReplicaSets and pods). */
  steps(filter?: { kind?: string; namespace?: string; name?: string; since?: number }): TraceStep[];
  /** Called for each new step; returns an unsubscriber. */
  onStep(listener: (step: TraceStep) => void): () => void;
}

// ---------- traffic (src/cluster/kube-proxy, src/cluster/dns) ----------

/** Where a connection or a DNS query starts: a machine's shell (master, node1..3, harbor), or a pod's network namespace. */
export type NetOrigin = { kind: 'host'; host: string } | { kind: 'pod'; namespace: string; pod: string };

/** One DNS answer, as a stub resolver sees it. */
export type DnsResult =
  | {
      ok: true;
      /** the server that answered: `10.96.0.10` in pods (ClusterFirst), the machine's nameserver on hosts; `/etc/hosts` when that file answered */
      server: string;
      /** fully qualified names tried first that did not exist (search path), in order */
      tried: string[];
      /** the name that answered, fully qualified without the trailing dot: `mynginx.default.svc.cluster.local` */
      name: string;
      /** for an ExternalName Service (CNAME) or an outside alias: the canonical name */
      cname?: string;
      /** IPv4 addresses (a headless Service: one per ready pod, sorted) */
      addresses: string[];
    }
  | {
      ok: false;
      server: string;
      tried: string[];
      /** NXDOMAIN: no such name; timeout: no DNS server answered (coredns down, no endpoints for kube-dns) */
      reason: 'NXDOMAIN' | 'timeout';
    };

/** What a client sends over one connection. */
export interface NetRequest {
  scheme: 'http' | 'https';
  method: string;
  /** path with query: `/blog?x=1` */
  path: string;
  /** request headers as sent (Host, User-Agent, Accept, ...); `Host` defaults to the host[:port] the client was given */
  headers: Record<string, string>;
  body?: string;
  /**
   * A lab checkpoint looking, not a learner's request: nothing is logged and the cluster's seeded random
   * is not drawn from (so grading never changes what the learner sees); endpoints are taken in turn.
   */
  probe?: boolean;
}

/** Outcome of connecting to host:port and sending one request. */
export type NetResult =
  | {
      ok: true;
      /** the address the client connected to */
      ip: string;
      response: HttpResponse;
      /** the pod that finally answered (through Service routing, an ingress controller, a port-forward), when a pod did */
      servedBy?: { namespace: string; pod: string };
    }
  | {
      ok: false;
      /**
       * resolve: the name did not resolve (see `dns`); refused: nothing listens / kube-proxy REJECT (a Service without endpoints);
       * timeout: packets dropped (an address no machine has, a NodePort with externalTrafficPolicy Local and no local pod) — the client waits its own timeout;
       * unreachable: no route to host; reset: the connection was accepted and closed without a reply (curl "Empty reply from server").
       */
      error: 'resolve' | 'refused' | 'timeout' | 'unreachable' | 'reset';
      ip?: string;
      dns?: DnsResult;
    };

/** How a name is looked up: getaddrinfo (curl, wget, ping) reads /etc/hosts first; nslookup and dig ask the DNS server only. */
export interface NetLookupOptions {
  dnsOnly?: boolean;
}

/** A `kubectl port-forward` listener on a machine. */
export interface PortForwardHandle {
  readonly host: string;
  readonly address: string;
  readonly localPort: number;
  close(): void;
}

export interface ClusterNetwork {
  /** Resolve `name` as a resolver at `from` does: pods use cluster DNS (search path, ndots:5), machines use /etc/hosts, then their nameserver. An IP resolves to itself. */
  lookup(from: NetOrigin, name: string, opts?: NetLookupOptions): DnsResult;
  /** Reverse lookup (PTR) of an IP from `from`: `10-44-0-1.default.pod.cluster.local`, `kube-dns.kube-system.svc.cluster.local`, or undefined. */
  reverse(from: NetOrigin, ip: string, opts?: NetLookupOptions): string | undefined;
  /**
   * Connect from `from` to `host` (a name or an IPv4 address) at `port` and send one request: pod IPs,
   * ClusterIPs (kube-proxy picks a ready endpoint at random, or by ClientIP affinity), any node's IP at a
   * NodePort, LoadBalancer IPs, the machines' own ports (sshd 22, kube-apiserver 6443, kubelet 10250,
   * Harbor 80), 127.0.0.1 port-forwards, and the outside web. A pod that answers logs the request.
   */
  request(from: NetOrigin, host: string, port: number, req: NetRequest): NetResult;
  /** `kubectl port-forward`: listen on `address` (127.0.0.1) of machine `host`; each connection calls onConnection, then reaches the pod's port. Error text when the local port is taken. */
  portForward(host: string, address: string, localPort: number, target: { namespace: string; pod: string; port: number }, onConnection: (result: 'ok' | 'refused') => void): PortForwardHandle | { error: 'in-use' };
  /** Ports in use on a machine's loopback by port-forwards (for `ss`/`netstat`-like tools and error messages). */
  forwards(host: string): PortForwardHandle[];
}

/** One line a container wrote, as the kubelet's CRI log file keeps it. */
export interface ContainerLogLine {
  /** virtual ms */
  time: number;
  /** RFC 3339 with nanoseconds, as `kubectl logs --timestamps` prints it: `2026-11-22T01:00:05.123456789Z` */
  timestamp: string;
  stream: 'stdout' | 'stderr';
  text: string;
}

export interface ContainerProcessInfo {
  pid: number;
  user: string;
  command: string;
  /** virtual ms */
  startedAt: number;
}

/** What `kubectl exec` runs against: the container's own root file system, environment and tools. */
export interface ContainerExecEnv {
  containerID: string;
  /** the container's root file system (writes stay in this container instance) */
  fs: FileSystem;
  /** PATH, HOSTNAME, image ENV, pod env, service links, HOME */
  env: Record<string, string>;
  /** commands that exist in the image (`sh`, `bash`, `ls`, `cat`, `curl`, ...) */
  tools: readonly string[];
  hostname: string;
  /** decides the prompt and the shell's wording */
  distro: 'debian' | 'busybox' | 'alpine' | 'ubuntu' | 'centos' | 'oracle' | 'none';
  workingDir: string;
  /** the container's processes, PID 1 first */
  processes(): ContainerProcessInfo[];
  /** Register a process started by exec (shown by ps while it runs); returns its remover. */
  spawn(command: string): () => void;
  /** Where PATH lookup finds `cmd` in the image, or undefined (`exec: "bash": executable file not found in $PATH`). */
  which(cmd: string): string | undefined;
}

/** A session attached to a held main process (see ContainerRuntimeView.attach). */
export interface ContainerAttachment {
  /** the process's argv as the runtime resolved it (entrypoint/command + args) */
  argv: string[];
  /** the container as the attached process sees it */
  env: ContainerExecEnv;
  /** the process ended (its command finished, or stdin closed and the shell exited): the container exits with `exitCode` */
  end(exitCode: number): void;
}

export interface ContainerInstanceState {
  /** 64 hex, without `containerd://` */
  containerID: string;
  running: boolean;
  /** virtual ms */
  startedAt: number;
  finishedAt?: number;
  exitCode?: number;
  /** what the image runs: nginx, shell, java-spring, ... */
  program: string;
  ports: number[];
}

export interface HttpRequest {
  method: string;
  path: string;
  /** the address the request comes from (a pod IP, a node's weave address) */
  clientIP: string;
  userAgent: string;
  host?: string;
  /** every request header as the client sent it (whoami echoes them) */
  headers?: Record<string, string>;
  scheme?: 'http' | 'https';
  /** the address and port the client connected to, as the pod sees it after kube-proxy's DNAT (`10.44.0.1:80`) */
  localAddr?: string;
  /** the client's source port */
  clientPort?: number;
  /** a lab checkpoint's probe (NetRequest.probe): answer without logging and without drawing from the seeded random */
  probe?: boolean;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** https only: the certificate the server presented (curl checks it unless `-k`) */
  tls?: TlsCertificate;
}

/** A server certificate as `curl -v` describes it. */
export interface TlsCertificate {
  /** issued by itself, not by a CA the client trusts: curl fails with `SSL certificate problem: self-signed certificate` */
  selfSigned: boolean;
  /** `O=Acme Co; CN=Kubernetes Ingress Controller Fake Certificate` (curl's form) */
  subject: string;
  issuer: string;
  /** the subjectAltName DNS names (`ingress.local`); a host not among them fails `-k`-less checks with curl's name-mismatch error */
  dnsNames: string[];
  /** virtual ms */
  notBefore: number;
  notAfter: number;
}

export interface ContainerRuntimeView {
  /**
   * The log of the current container instance (or the previous one): undefined when there is no such
   * instance. Lines appear as virtual time passes.
   */
  logs(namespace: string, pod: string, container: string, opts?: { previous?: boolean; containerID?: string }): ContainerLogLine[] | undefined;
  /** Call `onLine` for each new line of the running instance; `onEnd` when it exits. Returns a canceller. */
  follow(namespace: string, pod: string, container: string, onLine: (line: ContainerLogLine) => void, onEnd?: () => void, opts?: { containerID?: string }): () => void;
  /** The exec environment of a running container, or undefined when it is not running. */
  exec(namespace: string, pod: string, container: string): ContainerExecEnv | undefined;
  /**
   * kubectl attach (and `kubectl run -i`): the main process of a running container started with stdin open
   * (spec.stdin) whose process reads that stdin (a shell, or a command the pod names). The runtime holds such a
   * process (running, silent) until an attached session runs it and ends it; undefined for any other container.
   */
  attach?(namespace: string, pod: string, container: string): ContainerAttachment | undefined;
  /** The current instance of a container as the runtime sees it, or undefined before its first start. */
  state(namespace: string, pod: string, container: string): ContainerInstanceState | undefined;
  /** Ports the pod's running containers listen on (what a Service's targetPort can reach). */
  listening(namespace: string, pod: string): number[];
  /** A request to a port of a pod: answered by the container listening there (nginx logs it). undefined: nothing listens. */
  serve(namespace: string, pod: string, port: number, req: HttpRequest): HttpResponse | undefined;
}

export interface VersionInfo {
  major: string;
  minor: string;
  gitVersion: string;
  gitCommit: string;
  gitTreeState: string;
  buildDate: string;
  goVersion: string;
  compiler: string;
  platform: string;
}

/** The machines of the cluster (master, node1..3): network names and a file system each. */
export interface Hosts {
  names(): string[];
  get(name: string): Host | undefined;
}

export interface Host {
  readonly name: string;
  readonly ip: string;
  readonly fs: FileSystem;
}

/** A small POSIX-like file system. Paths are absolute; the shell resolves relative ones against its cwd. */
export interface FileSystem {
  exists(path: string): boolean;
  isDir(path: string): boolean;
  /** Throws FsError ENOENT / EISDIR. */
  read(path: string): string;
  /** Creates or replaces; parent must exist (ENOENT) and be a directory (ENOTDIR). */
  write(path: string, content: string): void;
  append(path: string, content: string): void;
  mkdir(path: string, opts?: { parents?: boolean }): void;
  /** Names in a directory, sorted. Throws ENOENT / ENOTDIR. */
  list(path: string): string[];
  remove(path: string, opts?: { recursive?: boolean }): void;
  stat(path: string): { type: 'file' | 'dir'; size: number; mtime: number } | undefined;
}
