// Every text kubectl prints that is not data: errors, confirmations, hints. Worded as upstream v1.32.

const q = (s: string) => JSON.stringify(s);

export const msg = {
  // flag parsing (pflag)
  unknownFlag: (name: string) => `unknown flag: --${name}`,
  unknownShorthand: (c: string, rest: string) => `unknown shorthand flag: '${c}' in ${rest}`,
  flagNeedsArgument: (flag: string) => `flag needs an argument: ${flag}`,
  flagInvalidInt: (v: string, flag: string) => `invalid argument ${q(v)} for ${q(flag)} flag: strconv.ParseInt: parsing ${q(v)}: invalid syntax`,
  flagInvalidBool: (v: string, flag: string) => `invalid argument ${q(v)} for ${q(flag)} flag: strconv.ParseBool: parsing ${q(v)}: invalid syntax`,
  seeHelpUsage: (path: string) => `See 'kubectl ${path} --help' for usage.`,
  seeHelpExamples: (path: string) => `See 'kubectl ${path} -h' for help and examples`,
  requiredFlags: (names: string[]) => `required flag(s) ${names.map(q).join(', ')} not set`,

  // commands (cobra)
  unknownCommand: (name: string, parent = 'kubectl') => `unknown command ${q(name)} for ${q(parent)}`,
  didYouMean: 'Did you mean this?',
  notSupported: (path: string) =>
    `"kubectl ${path}" is a real kubectl command, but the kubectl in this simulated cluster does not support it yet.`,
  notSupportedHint: 'Supported: get, describe, create (deployment, service, ingress, namespace, configmap, secret generic), run, expose, port-forward, patch, edit, replace, scale, delete, apply, label, annotate, logs, exec, cp, attach, set image, rollout, cordon, uncordon, drain, taint, top, auth can-i, wait, events, version, cluster-info, api-resources, api-versions.',
  unknownSubcommand: (name: string) => `unknown command ${q(name)}`,
  unexpectedArgsCreate: (args: string[]) => `Unexpected args: [${args.join(' ')}]`,

  // logs and exec (server texts come from the kubelet and the API server)
  logsUsage: "expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command",
  defaultedContainer: (name: string, all: string) => `Defaulted container ${q(name)} out of: ${all}`,
  foundPods: (n: number, name: string) => `Found ${n} pods, using pod/${name}`,
  containerNotValid: (c: string, pod: string) => `container ${c} is not valid for pod ${pod}`,
  waitingToStart: (c: string, pod: string, why: string) => `container ${q(c)} in pod ${q(pod)} is waiting to start: ${why}`,
  waitingNoLogs: (c: string, pod: string) => `container ${q(c)} in pod ${q(pod)} is waiting to start - no logs yet`,
  containerTerminated: (c: string, pod: string) => `container ${q(c)} in pod ${q(pod)} is terminated`,
  previousNotFound: (c: string, pod: string) => `previous terminated container ${q(c)} in pod ${q(pod)} not found`,
  noPodsForSelector: 'No resources found in default namespace.',
  cannotLogObject: (ref: string) => `cannot get the logs from ${ref}: selector for ${ref} not implemented`,
  execNoPod: 'pod, type/name or --filename must be specified',
  execNoCommand: 'you must specify at least one command for the container',
  execWithoutDash: 'exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead',
  execCompleted: (phase: string) => `cannot exec into a container in a completed pod; current phase is ${phase}`,
  execContainerNotFound: (c: string) => `unable to upgrade connection: container not found (${q(c)})`,
  execNoHost: (pod: string) => `pod ${pod} does not have a host assigned`,
  execNotFound: (id: string, detail: string) =>
    `Internal error occurred: error executing command in container: failed to exec in container: failed to start exec ${q(id)}: OCI runtime exec failed: exec failed: unable to start container process: ${detail}: unknown`,
  commandTerminated: (code: number) => `command terminated with exit code ${code}`,
  execNotInteractive: 'Unable to use a TTY - input is not a terminal or the right kind of file',

  // set image and rollout
  setImageUpdated: (ref: string) => `${ref} image updated`,
  setImageNoChange: (ref: string) => `${ref} image updated`,
  setImageNoContainer: (c: string) => `unable to find container named ${q(c)}`,
  setImageNeedsPairs: 'at least one image update is required',
  rolloutNoResource: 'required resource not specified',
  rolloutStatusWaitingUpdated: (n: string, updated: number, want: number) => `Waiting for deployment ${q(n)} rollout to finish: ${updated} out of ${want} new replicas have been updated...`,
  rolloutStatusWaitingOld: (n: string, old: number) => `Waiting for deployment ${q(n)} rollout to finish: ${old} old replicas are pending termination...`,
  rolloutStatusWaitingAvailable: (n: string, avail: number, updated: number) => `Waiting for deployment ${q(n)} rollout to finish: ${avail} of ${updated} updated replicas are available...`,
  rolloutStatusDone: (n: string) => `deployment ${q(n)} successfully rolled out`,
  rolloutDeadline: (n: string) => `deployment ${q(n)} exceeded its progress deadline`,
  rolloutSpecUpdate: 'Waiting for deployment spec update to be observed...',
  rolloutNoHistory: (n: string) => `no rollout history found for deployment ${q(n)}`,
  rolloutRevisionNotFound: (rev: number) => `unable to find specified revision ${rev} in history`,
  rolloutHistoryRevisionNotFound: 'unable to find the specified revision',
  rolloutUndone: (ref: string) => `${ref} rolled back`,
  rolloutSkipped: (ref: string) => `${ref} skipped rollback (current template already matches revision)`,
  rolloutRestarted: (ref: string) => `${ref} restarted`,
  rolloutPaused: (ref: string) => `${ref} paused`,
  rolloutAlreadyPaused: (ref: string) => `${ref} already paused`,
  rolloutResumed: (ref: string) => `${ref} resumed`,
  rolloutNotPaused: (ref: string) => `${ref} is not paused`,
  rolloutPausedUndo: (n: string) => `you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume deployment/${n}' and try again`,
  rolloutPausedRestart: (n: string) => `can't restart paused deployment (run rollout resume first)`,
  rolloutUnsupported: (kind: string) => `no rollbacker has been implemented for ${q(kind)}`,

  // resource arguments
  getNoType:
    'You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.\n\n' +
    'error: Required resource not specified.\n' +
    'Use "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).\n' +
    "See 'kubectl get -h' for help and examples",
  describeNoType: 'You must specify the type of resource to describe. Use "kubectl api-resources" for a complete list of supported resources.',
  noResourceType: (t: string) => `the server doesn't have a resource type ${q(t)}`,
  provideResources:
    "You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'",
  typeNameSlash: (arg: string) => `there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'`,
  slashNeedsName: (arg: string) => `arguments in resource/name form must have a single resource and name`,
  nameWithSelector: 'name cannot be provided when a selector is specified',
  selectorNeedsResource: 'at least one resource must be specified to use a selector',
  allNamespacesNeedsList: 'a resource cannot be retrieved by name across all namespaces',
  noResourcesIn: (ns: string) => `No resources found in ${ns} namespace.`,
  noResources: 'No resources found',
  mustSpecifyFilename: 'must specify one of -f and -k',
  exactlyOneName: (n: number) => `exactly one NAME is required, got ${n}`,
  nameRequired: 'NAME is required for run',

  // output
  badOutput: (f: string) =>
    `unable to match a printer suitable for the output format ${q(f)}, allowed formats are: custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml`,
  badOutputNoTable: (f: string) =>
    `unable to match a printer suitable for the output format ${q(f)}, allowed formats are: go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml`,
  goTemplateUnsupported: 'go-template output is not supported by the kubectl in this simulated cluster; use -o jsonpath=… or -o custom-columns=…',
  customColumnsEmpty: 'custom-columns format specified but no custom columns given',
  customColumnsBad: (spec: string) => `unexpected custom-columns spec: ${spec}, expected <header>:<json-path-expr>`,
  jsonpathMissing: 'template format specified but no template given',
  jsonpathParse: (err: string) => `error parsing jsonpath ${err}`,
  jsonpathNotFound: (key: string) => `error executing jsonpath ${q('')}: ${key} is not found`,
  sortByBad: (field: string) => `couldn't find any field with path ${q(field)} in the list of objects`,
  watchOneKind: 'you may only specify a single resource type',
  validateBad: (v: string) => `invalid - validate option ${JSON.stringify(v)}; must be one of: strict (or true), warn, ignore (or false)`,
  dryRunBad: (v: string) => `Invalid dry-run value (${v}). Must be "none", "server", or "client".`,
  versionOutputBad: "--output must be 'yaml' or 'json'",
  versionShortDeprecated: 'Flag --short has been deprecated, and will be removed in the future. The --short output will become the default.\n',
  versionInfoDeprecated: 'WARNING: This version information is deprecated and will be replaced with the output from kubectl version --short.  Use --output=yaml|json to get the full version.\n',
  versionExtraArgs: (args: string[]) => `extra arguments: [${args.join(' ')}]`,
  unexpectedArgs: (args: string[]) => `unexpected arguments: [${args.join(' ')}]`,
  apiResourcesOutputBad: (f: string) => `--output ${f} is not available`,

  // results
  created: (ref: string, dry: string) => `${ref} created${dryTag(dry)}`,
  configured: (ref: string, dry: string) => `${ref} configured${dryTag(dry)}`,
  unchanged: (ref: string, dry: string) => `${ref} unchanged${dryTag(dry)}`,
  scaled: (ref: string, dry: string) => `${ref} scaled${dryTag(dry)}`,
  deleted: (ref: string, dry: string) => `${ref} deleted${dryTag(dry)}`,
  forceDeleted: (ref: string) => `${ref} force deleted`,
  immediateDeletion:
    'Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.',
  gracePeriodNeedsForce: '--grace-period must have --force specified',
  nowAndGrace: '--now and --grace-period cannot be specified together',
  missingLastApplied: (resource: string) =>
    `Warning: resource ${resource} is missing the kubectl.kubernetes.io/last-applied-configuration annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.`,

  // scale
  scaleNoObjects: (err: string) => `no objects passed to scale ${err}`,
  scaleReplicasNegative: 'The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0',
  scaleCurrentMismatch: (expected: number, actual: number) =>
    `Expected replicas to be ${expected}, was ${actual}`,
  scaleNotScalable: (ref: string) => `cannot scale ${ref}`,

  // run
  runRestartBad: (v: string) => `invalid restart policy: ${v}`,
  runEnvBad: (v: string) => `invalid env: ${v}`,
  runLabelsBad: (v: string) => `unexpected label spec: ${v}`,
  runLabelEmptyKey: 'unexpected empty label key',
  runImageInvalid: (image: string) => `Invalid image name ${q(image)}: invalid reference format`,
  runTtyNeedsStdin: '-i/--stdin is required for containers with -t/--tty=true',
  runExposeNeedsPort: '--port must be set when exposing a service',
  runRmNeedsAttach: '--rm should only be used for attached containers',
  runDryRunAttached: "--dry-run=[server|client] can't be used with attached containers options (--attach, --stdin, or --tty)",
  runPullPolicyBad: (v: string) => `invalid image pull policy: ${v}`,
  runPodTerminated: (ns: string, name: string, reason: string, message: string) => `pod ${ns}/${name} terminated (${reason})\n${message}`,
  runPodFailedUnknown: (ns: string, name: string) => `pod ${ns}/${name} failed with unknown exit code`,
  runPodLeftIn: (ns: string, name: string, phase: string) => `pod ${ns}/${name} left in phase ${phase}`,
  timedOut: 'timed out waiting for the condition',

  // attach (kubectl run -i, kubectl attach)
  attachPrompt: "If you don't see a command prompt, try pressing enter.",
  ttyNotTerminal: 'Unable to use a TTY - input is not a terminal or the right kind of file',
  ttyNotAllocated: (container: string) => `Unable to use a TTY - container ${container} did not allocate one`,
  sessionEnded: (pod: string, container: string) => `Session ended, resume using 'kubectl attach ${pod} -c ${container} -i -t' command when the pod is running`,
  attachNeedsArg: 'at least 1 argument is required for attach',
  attachTooMany: (args: string[]) => `expected POD, TYPE/NAME, or TYPE NAME, (at most 2 arguments) saw ${args.length}: [${args.join(' ')}]`,
  attachNoContainer: (container: string, pod: string) => `cannot attach to the container: container ${container} not found in pod ${pod}`,
  attachNotRunning: (container: string) => `unable to upgrade connection: container not found (${q(container)})`,
  attachCompleted: (phase: string) => `cannot attach a container in a completed pod; current phase is ${phase}`,
  attachFallback: (pod: string, err: string) => `warning: couldn't attach to pod/${pod}, falling back to streaming logs: ${err}`,
  atoiInvalid: (v: string) => `strconv.Atoi: parsing ${q(v)}: invalid syntax`,

  // label / annotate
  pairsAfterResources: (pairType: string, arg: string) => `all resources must be specified before ${pairType} changes: ${arg}`,
  labelSpecInvalid: (spec: string) => `invalid label spec: ${spec}`,
  labelSpecUnknown: (spec: string) => `unknown label spec: ${spec}`,
  labelValueInvalid: (spec: string, errs: string) => `invalid label value: ${q(spec)}: ${errs}`,
  labelValueRegex:
    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
  labelModifyAndRemove: 'can not both modify and remove a label in the same command',
  annotationModifyAndRemove: (keys: string) => `can not both modify and remove the following annotation(s) in the same command: ${keys}`,
  pairFormatInvalid: (pairType: string, args: string) => `invalid ${pairType} format: ${args}`,
  listAndOutput: '--list and --output may not be specified together',
  allAndSelector: 'cannot set --all and --selector at the same time',
  resourcesForPairs: 'one or more resources must be specified as <resource> <name> or <resource>/<name>',
  pairUpdateRequired: (noun: string) => `at least one ${noun} update is required`,
  labelOverwrite: (key: string, value: string) => `'${key}' already has a value (${value}), and --overwrite is false`,
  annotationOverwrite: (list: string) => `--overwrite is false but found the following declared annotation(s): ${list}`,
  labelNotFound: (key: string) => `label ${q(key)} not found.`,

  // create
  createFailed: (what: string, err: string) => `failed to create ${what}: ${err}`,

  // create service (generators and client-side checks of create_service.go)
  svcNoneNotClusterIP: 'ClusterIP=None can only be used with ClusterIP service type',
  svcNeedsTcp: 'at least one tcp port specifier must be provided',
  svcBadExternalName: (n: string) => `invalid service external name ${n}`,
  parseUintSyntax: (v: string) => `strconv.ParseUint: parsing ${q(v)}: invalid syntax`,
  parseUintRange: (v: string) => `strconv.ParseUint: parsing ${q(v)}: value out of range`,
  portNumRange: 'must be between 1 and 65535, inclusive',
  portNameTooLong: 'must be no more than 15 characters',
  portNameCharset: 'must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
  portNameLetter: 'must contain at least one letter (a-z)',
  portNameDoubleHyphen: 'must not contain consecutive hyphens',
  portNameHyphenEnds: 'must not begin or end with a hyphen',

  // create ingress
  ingressNotEnough:
    'not enough information provided: every ingress has to either specify a default-backend (which catches all traffic) or a list of rules (which catch specific paths)',
  ingressRuleInvalid: (rule: string) => `rule ${rule} is invalid and should be in format host/path=svcname:svcport[,tls[=secret]]`,
  ingressAnnotationInvalid: (a: string) => `annotation ${a} is invalid and should be in format key=[value]`,
  ingressDefaultBackendInvalid: 'default-backend should be in format servicename:serviceport',

  // expose (expose.go and polymorphichelpers)
  exposed: (ref: string, dry: string) => `${ref} exposed${dryTag(dry)}`,
  cannotExpose: (groupKind: string) => `cannot expose a ${groupKind}`,
  exposeNoSelector: (why: string) => `couldn't retrieve selectors via --selector flag or introspection: ${why}`,
  exposePodNoLabels: 'the pod has no labels and cannot be exposed',
  exposeServiceNoSelector: 'the service has no pod selector set',
  exposeNoSelectors: (what: string) => `invalid ${what}: no selectors, therefore cannot be exposed`,
  exposeExpressions: (exprs: string) => `couldn't convert expressions - ${q(exprs)} to map-based selector format`,
  exposeNoPort: "couldn't find port via --port flag or introspection",
  exposeLabelSpec: (s: string) => `unexpected label spec: ${s}`,
  exposeEmptyLabelKey: 'unexpected empty label key',
  exposeSessionAffinity: (s: string) => `unknown session affinity: ${s}`,
  exposeOverrideType: (t: string) => `invalid override type: ${t}`,

  // port-forward (portforward.go, client-go tools/portforward)
  pfUsage: 'TYPE/NAME and list of ports are required for port-forward',
  pfTimeoutZero: '--pod-running-timeout must be higher than zero',
  pfNotRunning: (phase: string) => `unable to forward port because pod is not running. Current status=${phase}`,
  pfForwarding: (hostPort: string, remote: number) => `Forwarding from ${hostPort} -> ${remote}`,
  pfHandling: (local: number) => `Handling connection for ${local}`,
  pfUnableToListen: (local: number, errs: string[]) => `Unable to listen on port ${local}: Listeners failed to create with the following errors: [${errs.join(' ')}]`,
  pfListenerInUse: (proto: string, hostPort: string) => `unable to create listener: Error listen ${proto} ${hostPort}: bind: address already in use`,
  pfListenAny: (pairs: string) => `unable to listen on any of the requested ports: [${pairs}]`,
  pfLost: 'lost connection to pod',
  pfInvalidIP: (a: string) => `${a} is not a valid IP`,
  pfInvalidPortFormat: (p: string) => `invalid port format '${p}'`,
  pfLocalPort: (p: string, err: string) => `error parsing local port '${p}': ${err}`,
  pfRemotePort: (p: string, err: string) => `error parsing remote port '${p}': ${err}`,
  pfRemoteZero: 'remote port must be > 0',
  pfRemoteEmpty: 'remote port cannot be empty',
  pfUdp: (port: string) => `UDP protocol is not supported for ${port}`,
  svcNoServicePort: (svc: string, port: number) => `Service ${svc} does not have a service port ${port}`,
  svcNoNamedPort: (svc: string, name: string) => `Service '${svc}' does not have a named port '${name}'`,
  podNoNamedPort: (pod: string, name: string) => `Pod '${pod}' does not have a named port '${name}'`,
  cannotAttach: (goType: string, why: string) => `cannot attach to ${goType}: ${why}`,
  svcWithoutSelector: (name: string) => `invalid service '${name}': Service is defined without a selector`,
  selectorNotImplemented: (goType: string) => `selector for ${goType} not implemented`,
  timedOutWaiting: 'timed out waiting for the condition',
  pfConnectionRefused: (local: number, remote: number, sandbox: string, netns: string) =>
    `an error occurred forwarding ${local} -> ${remote}: error forwarding port ${remote} to pod ${sandbox}, uid : failed to execute portforward in network namespace "/var/run/netns/cni-${netns}": failed to connect to localhost:${remote} inside namespace "${sandbox}", IPv4: dial tcp4 127.0.0.1:${remote}: connect: connection refused IPv6 dial tcp6 [::1]:${remote}: connect: connection refused `,
  pfNoNetwork: 'port-forward needs the simulated cluster network, and this cluster has none',

  // patch
  patchNeedsPatch: 'must specify --patch or --patch-file containing the contents of the patch',
  patchBoth: 'cannot specify --patch and --patch-file together',
  patchLocalWithArgs: 'cannot specify --local and server resources',
  patchLocalServer: 'cannot specify --local and --dry-run=server - did you mean --dry-run=client?',
  patchTypeBad: (t: string) => `--type must be one of [json merge strategic], not ${q(t)}`,
  patched: (ref: string, dry: string) => `${ref} patched${dryTag(dry)}`,
  patchedNoChange: (ref: string, dry: string) => `${ref} patched (no change)${dryTag(dry)}`,
  patchUnparsable: (p: string, err: string) => `unable to parse ${q(p)}: ${err}`,
  patchReadFile: (err: string) => `unable to read patch file: ${err}`,
  patchMissingField: (key: string) => `Object to be patched is missing field (${key})`,
  patchSmpLocal: (gvk: string) => `strategic merge patch is not supported for ${gvk} locally, try --type merge`,

  // files and manifests
  pathNotExist: (p: string) => `the path ${q(p)} does not exist`,
  urlStatus: (u: string, status: string, code: number) => `unable to read URL ${q(u)}, server reported ${status}, status code=${code}`,
  unableToConnect: (why: string) => `Unable to connect to the server: ${why}`,
  connectionRefused: (host: string) => `The connection to the server ${host} was refused - did you specify the right host or port?`,
  urlUnsupported: (u: string) =>
    `reading manifests from a URL (${u}) is not supported in this simulated cluster; save the file first (cat > file.yaml <<EOF ... EOF) and use -f file.yaml`,
  yamlParse: (file: string, detail: string) => `error parsing ${file}: error converting YAML to JSON: yaml: ${detail}`,
  jsonParse: (file: string, detail: string) => `error parsing ${file}: ${detail}`,
  validating: (file: string, what: string) =>
    `error validating ${q(file)}: error validating data: ${what}; if you choose to ignore these errors, turn validation off with --validate=false`,
  noMatchKind: (name: string, ns: string, file: string, kind: string, version: string) =>
    `resource mapping not found for name: ${q(name)} namespace: ${q(ns)} from ${q(file)}: no matches for kind ${q(kind)} in version ${q(version)}\nensure CRDs are installed first`,
  noObjectsPassed: (verb: string) => `no objects passed to ${verb}`,
  errorWhen: (verb: string, file: string, err: string) => `error when ${verb} ${q(file)}: ${err}`,
  strictDecoding: (kind: string, version: string, fields: string[]) =>
    `${kind} in version ${q(version)} cannot be handled as a ${kind}: strict decoding error: ${fields.map((f) => `unknown field ${q(f)}`).join(', ')}`,

  namespaceMismatch: (own: string, flag: string) =>
    `the namespace from the provided object ${q(own)} does not match the namespace ${q(flag)}. You must pass '--namespace=${own}' to perform this operation.`,
  deleteNoName: 'resource(s) were provided, but no name was specified',
  noScaler: (kind: string) => `no scaler has been implemented for {"" ${q(kind)}}`,
  waitTimeout: (ref: string) => `timed out waiting for the condition on ${ref}`,

  // cordon, uncordon, drain (pkg/cmd/drain, pkg/drain)
  nodeUsage: (verb: string) => `USAGE: ${verb} NODE [flags]`,
  nodeAndSelector: 'cannot specify both a node name and a --selector option',
  podSelectorBad: '--pod-selector=<pod_selector> must be a valid label selector',
  flagInvalidDuration: (v: string, flag: string, why: string) => `invalid argument ${q(v)} for ${q(flag)} flag: ${why}`,
  nodeCordoned: (ref: string, desired: boolean, already: boolean, dry: string) =>
    `${ref} ${already ? 'already ' : ''}${desired ? 'cordoned' : 'uncordoned'}${dryTag(dry)}`,
  nodeDrained: (ref: string, dry: string) => `${ref} drained${dryTag(dry)}`,
  drainDaemonSetFatal: 'DaemonSet-managed Pods (use --ignore-daemonsets to ignore)',
  drainDaemonSetWarning: 'ignoring DaemonSet-managed Pods',
  drainLocalStorageFatal: 'Pods with local storage (use --delete-emptydir-data to override)',
  drainLocalStorageWarning: 'deleting Pods with local storage',
  drainUnmanagedFatal: 'Pods that declare no controller (use --force to override)',
  drainUnmanagedWarning: 'deleting Pods that declare no controller',
  drainCannotDelete: (what: string, pods: string[]) => `cannot delete ${what}: ${pods.join(', ')}`,
  drainWarning: (text: string) => `Warning: ${text}`,
  drainEvicting: (ns: string, name: string, dry: string) => `evicting pod ${ns}/${name}${dryTag(dry)}`,
  drainPodEvicted: (name: string) => `pod/${name} evicted`,
  drainUnable: (node: string, err: string) => `error: unable to drain node ${q(node)} due to error: ${err}, continuing command...`,
  drainPendingNodes: 'There are pending nodes to be drained:',
  drainPendingPods: (node: string, err: string) => `There are pending pods in node ${q(node)} when an error occurred: ${err}`,
  drainWaitTimeout: (pod: string, ns: string) => `error when waiting for pod ${q(pod)} in namespace ${q(ns)} to terminate: context deadline exceeded`,

  // cluster-info
  clusterInfoDump: "To further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.",
  clusterInfoUnsupportedDump: 'cluster-info dump is not supported by the kubectl in this simulated cluster',
};

function dryTag(dry: string): string {
  return dry === 'client' ? ' (dry run)' : dry === 'server' ? ' (server dry run)' : '';
}

