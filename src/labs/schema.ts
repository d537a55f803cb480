// The lab format. A lab is data: this zod schema is both the validator and the reference for authors
// (every field carries a description; `kubeclass lab schema` prints it as JSON Schema).
import { z } from 'zod';
import { parsePath } from './path.ts';

const kebab = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const idSchema = z
  .string()
  .regex(kebab, 'must be kebab-case: lowercase letters, digits and single dashes, e.g. "scale-to-four"');

/** A scalar a field is compared with. */
export const scalarSchema = z
  .union([z.string(), z.number(), z.boolean()])
  .describe('a string, number or boolean compared with the field');

export const opSchema = z
  .enum(['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'matches', 'exists', 'notExists'])
  .describe(
    'comparison: eq/ne compare as text (numbers as numbers), gt/gte/lt/lte compare numbers, matches tests a regular expression, exists/notExists ask whether the field is set (no value). A missing field fails every op except notExists.',
  );
export type Op = z.infer<typeof opSchema>;

const pathSchema = z
  .string()
  .min(1)
  .superRefine((p, ctx) => {
    try {
      parsePath(p);
    } catch (e) {
      ctx.addIssue({ code: 'custom', message: (e as Error).message });
    }
  })
  .describe(
    'a field path into the object as `kubectl get -o yaml` shows it: `spec.replicas`, `status.readyReplicas`, `spec.template.spec.containers[0].image`, `status.conditions[type=Ready].status`, `metadata.labels["app.kubernetes.io/name"]`',
  );

function needsValue(c: { op: Op; value?: unknown }): boolean {
  return c.op === 'exists' || c.op === 'notExists' || c.value !== undefined;
}
function validRegex(c: { op: Op; value?: unknown }): boolean {
  if (c.op !== 'matches') return true;
  try {
    new RegExp(String(c.value));
    return true;
  } catch {
    return false;
  }
}
function validPattern(p: string | undefined): boolean {
  if (p === undefined) return true;
  try {
    new RegExp(p, 'm');
    return true;
  } catch {
    return false;
  }
}
const regexRequiredAt = (field: string) => ({ message: 'not a valid regular expression', path: [field] });
const valueRequired = { message: 'a value is required for this op (only exists and notExists take none)', path: ['value'] };
const regexRequired = { message: 'not a valid regular expression', path: ['value'] };

/** One field condition on an object, used by `field` and by `where` filters. */
export const conditionSchema = z
  .object({
    path: pathSchema,
    op: opSchema.default('eq'),
    value: scalarSchema.optional(),
  })
  .refine(needsValue, valueRequired)
  .refine(validRegex, regexRequired)
  .describe('a condition on one field of an object');
export type Condition = z.infer<typeof conditionSchema>;

const resource = z
  .string()
  .min(1)
  .describe('the resource type as kubectl accepts it: pods, pod, po, deployment, deploy, deployments.apps, svc, ...');
const namespace = z
  .string()
  .default('default')
  .describe('namespace to look in (ignored for cluster-scoped resources); "*" means every namespace');
const selector = z.string().min(1).describe('a label selector as `kubectl get -l` takes it: `app=mynginx`, `tier in (web,api)`');
const where = z.array(conditionSchema).describe('only objects for which every condition holds count');

const existsSchema = z
  .object({
    type: z.literal('exists').describe('at least one object matches'),
    resource,
    name: z.string().min(1).optional().describe('exact object name'),
    selector: selector.optional(),
    namespace,
    where: where.optional(),
  })
  .describe('passes when an object of the resource matches name/selector/where');

const notExistsSchema = z
  .object({
    type: z.literal('notExists').describe('no object matches (objects being deleted still count as existing)'),
    resource,
    name: z.string().min(1).optional().describe('exact object name'),
    selector: selector.optional(),
    namespace,
    where: where.optional(),
  })
  .describe('passes when no object of the resource matches');

const fieldSchema = z
  .object({
    type: z.literal('field').describe('a field of one named object compares to a value'),
    resource,
    name: z.string().min(1).describe('exact object name'),
    namespace,
    path: pathSchema,
    op: opSchema.default('eq'),
    value: scalarSchema.optional(),
  })
  .refine(needsValue, valueRequired)
  .refine(validRegex, regexRequired)
  .describe('passes when the named object exists and its field satisfies op/value');

const countSchema = z
  .object({
    type: z.literal('count').describe('how many objects match'),
    resource,
    selector: selector.optional(),
    namespace,
    where: where.optional(),
    op: z.enum(['eq', 'ne', 'gt', 'gte', 'lt', 'lte']).default('eq').describe('how the count compares with value'),
    value: z.number().int().min(0).describe('the number of objects to compare with'),
  })
  .describe('passes when the number of matching objects compares to value, e.g. pods app=mynginx that are Running = 4');

const podsReadySchema = z
  .object({
    type: z.literal('podsReady').describe('pods behind a selector are Running and Ready'),
    selector,
    namespace,
    count: z.number().int().min(0).optional().describe('exactly this many pods are Ready and none other matches'),
    min: z.number().int().min(1).optional().describe('at least this many pods are Ready'),
  })
  .refine((c) => c.count === undefined || c.min === undefined, { message: 'give count or min, not both', path: ['min'] })
  .describe(
    'pods that match the selector and are not terminating: Running with condition Ready=True. Without count or min: at least one, and all of them Ready.',
  );

const eventSchema = z
  .object({
    type: z.literal('event').describe('an Event was recorded since the lab started'),
    reason: z.string().min(1).describe('the event reason, e.g. Killing, SuccessfulCreate, FailedScheduling, BackOff'),
    involvedKind: z.string().optional().describe('kind of the involved object, e.g. Pod, ReplicaSet'),
    involvedName: z.string().optional().describe('regular expression the involved object name must match, e.g. ^mynginx-'),
    namespace: z.string().optional().describe('namespace of the event; any when omitted'),
    eventType: z.enum(['Normal', 'Warning']).optional().describe('Normal or Warning; any when omitted'),
    message: z.string().optional().describe('regular expression the event message must match'),
  })
  .describe('passes when a matching Event was created or bumped after the starting state settled');

const replacedSchema = z
  .object({
    type: z.literal('replaced').describe('a pod was deleted and its controller replaced it'),
    selector,
    namespace,
    count: z.number().int().min(1).describe('how many pods must be Ready again after the replacement'),
    keepsOthers: z
      .boolean()
      .default(true)
      .describe('also require at least one Ready pod that is older than the deletion ("one pod younger than the others")'),
  })
  .describe(
    'passes when a pod matching the selector was deleted during the lab (seen on the watch, not in what was typed), `count` matching pods are Ready again, and at least one of them was created after that deletion',
  );

const machines = z
  .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
  .describe('a machine of the cluster (`master`, `node1`, `node2`, `node3`, `harbor`), or a list: every machine listed must satisfy the check');

const imageOfSchema = z
  .object({
    resource: resource.default('deployments'),
    name: z.string().min(1).describe('exact object name'),
    namespace: z.string().default('default').describe('namespace of the object'),
    container: z
      .union([z.number().int().min(0), z.string().min(1)])
      .default(0)
      .describe('which container: an index into the pod template\'s containers, or a container name'),
  })
  .describe('the image an object names: a Deployment/ReplicaSet/StatefulSet/DaemonSet/Job template or a Pod, as it is now');

const registryImageSchema = z
  .object({
    type: z.literal('registryImage').describe('an image is stored in its registry (or a machine\'s Docker engine) for a platform'),
    image: z.string().min(1).optional().describe('the image reference, e.g. `msa.harbor.com/discovery-service:latest` (no tag means :latest)'),
    imageOf: imageOfSchema.optional(),
    os: z.string().min(1).default('linux').describe('the operating system the stored image is for'),
    architecture: z.string().min(1).optional().describe('the CPU architecture the stored image is for: amd64, arm64, ...; any when omitted'),
    engine: z
      .string()
      .min(1)
      .optional()
      .describe('look in the local images of this machine\'s Docker engine (`docker images` on master or harbor) instead of the registry'),
    pullableFrom: machines
      .optional()
      .describe('also: containerd on each of these machines can pull the image now (its /etc/hosts, its running config.toml), as the kubelet would'),
  })
  .refine((c) => (c.image === undefined) !== (c.imageOf === undefined), { message: 'give image or imageOf, exactly one', path: ['image'] })
  .describe(
    'passes when the image (named, or the one an object names) exists in its registry — Harbor msa.harbor.com or the public catalogue — for os/architecture; judged on the registry, not on pods',
  );

const fileSchema = z
  .object({
    type: z.literal('file').describe('a file on a machine exists, has a line, or matches a regular expression'),
    machine: machines,
    path: z.string().regex(/^\//, 'must be an absolute path').describe('absolute path on the machine, e.g. /etc/hosts'),
    exists: z.boolean().default(true).describe('false: passes when the file does not exist (line and matches are then not allowed)'),
    line: z.string().optional().describe('some line of the file equals this text, ignoring leading/trailing blanks and runs of blanks'),
    matches: z.string().optional().describe('a regular expression (multiline: ^ and $ match at line ends) the content must match'),
    equalsField: z
      .object({
        resource: z.string().min(1).describe('the resource as kubectl accepts it: pods, deploy, nodes, ...'),
        name: z.string().min(1).describe('the object\'s name'),
        namespace: z.string().min(1).default('default').describe('its namespace (ignored for cluster-scoped kinds)'),
        path: z.string().min(1).describe('the field, as in a field check: spec.nodeName, status.podIP'),
      })
      .optional()
      .describe('the content, leading and trailing blanks and newlines trimmed, equals this field of this object as it is now (e.g. the node a pod was scheduled to)'),
  })
  .refine((c) => c.exists || (c.line === undefined && c.matches === undefined && c.equalsField === undefined), {
    message: 'line, matches and equalsField need exists: true',
    path: ['exists'],
  })
  .refine((c) => validPattern(c.matches), regexRequiredAt('matches'))
  .describe('passes when the file satisfies exists/line/matches/equalsField on every machine listed');

const resolvesSchema = z
  .object({
    type: z.literal('resolves').describe('a machine resolves a host name, as its resolver would (/etc/hosts first, then DNS)'),
    machine: machines,
    name: z.string().min(1).describe('the host name, e.g. msa.harbor.com'),
    ip: z.string().min(1).optional().describe('the address it must resolve to; any address when omitted'),
  })
  .describe('passes when every machine listed resolves the name (to ip, when given) right now');

const serviceSchema = z
  .object({
    type: z.literal('service').describe('a systemd unit on a machine is in a state'),
    machine: machines,
    unit: z.string().min(1).describe('the unit: containerd, kubelet, docker, sshd (with or without .service)'),
    state: z
      .enum(['active', 'inactive', 'failed', 'activating'])
      .optional()
      .describe('what `systemctl is-active <unit>` must say; `active` when neither state nor enabled is given'),
    enabled: z
      .boolean()
      .optional()
      .describe('what `systemctl is-enabled <unit>` must say: true = enabled (starts at boot), false = disabled; not judged when omitted'),
  })
  .describe('passes when the unit is in that state (and enabled or disabled, when asked) on every machine listed');

const packageSchema = z
  .object({
    type: z.literal('package').describe('an rpm package is installed on a machine'),
    machine: machines,
    name: z.string().min(1).describe('the package name as `rpm -q` takes it: kubeadm, kubelet, kubectl, bash-completion, docker-ce, containerd.io'),
    version: z
      .string()
      .min(1)
      .optional()
      .describe('the upstream version it must have: `1.21.1` exactly, or `1.21` for any 1.21.x; any version when omitted'),
  })
  .describe('passes when the package is in the rpm database of every machine listed (yum install / rpm -i put it there)');

const selinuxModeSchema = z.enum(['enforcing', 'permissive', 'disabled']);

const osSchema = z
  .object({
    type: z.literal('os').describe('the running operating system of a machine: swap, kernel modules, kernel parameters, SELinux'),
    machine: machines,
    swap: z.boolean().optional().describe('swap is active now (`swapon --show` lists a device): false = swap is off'),
    modules: z.array(z.string().min(1)).optional().describe('kernel modules that must be loaded now (`lsmod`), e.g. br_netfilter'),
    sysctl: z
      .record(z.string(), z.string())
      .optional()
      .describe('kernel parameters and the values they must have now (`sysctl KEY`), e.g. `{ net.ipv4.ip_forward: "1" }`; a key that does not exist fails'),
    selinux: z
      .union([selinuxModeSchema, z.array(selinuxModeSchema).min(1)])
      .optional()
      .describe('the SELinux mode now (`getenforce`, lowercase), or a list of modes any of which passes, e.g. [permissive, disabled]'),
    commands: z.array(z.string().min(1)).optional().describe('commands that must be on PATH, e.g. kubeadm'),
    firewallAllows: z
      .array(z.number().int().min(1).max(65535))
      .optional()
      .describe('TCP ports another machine can reach now: always when firewalld is stopped, else when its public zone opens them, e.g. [6443, 10250]'),
    bootSwap: z.boolean().optional().describe('swap after the next boot: /etc/fstab has an uncommented swap entry (false = it has none)'),
    bootSelinux: z
      .union([selinuxModeSchema, z.array(selinuxModeSchema).min(1)])
      .optional()
      .describe('the SELinux mode after the next boot: the SELINUX= line of /etc/selinux/config (or /etc/sysconfig/selinux when that was written later), or a list of modes'),
    bootSysctl: z
      .record(z.string(), z.string())
      .optional()
      .describe('kernel parameters as the sysctl files set them at boot (/usr/lib/sysctl.d, /etc/sysctl.d, /etc/sysctl.conf; the last setting wins), e.g. `{ net.bridge.bridge-nf-call-iptables: "1" }`'),
  })
  .describe('passes when every machine listed is in that state now, and (the boot* fields) would come back in it after a reboot');

const containerRuntimeSchema = z
  .object({
    type: z.literal('containerRuntime').describe('a container runtime answers the kubelet on a machine'),
    machine: machines,
    runtime: z.enum(['containerd', 'docker']).optional().describe('which runtime: containerd (its own CRI) or docker (dockershim, kubelet < 1.24); any when omitted'),
    cgroupDriver: z
      .enum(['systemd', 'cgroupfs'])
      .optional()
      .describe('the cgroup driver the running runtime uses (Docker\'s native.cgroupdriver, containerd\'s SystemdCgroup); any when omitted'),
  })
  .describe(
    'passes when a CRI endpoint kubeadm would detect on each machine runs and answers (for the kubelet version installed there; any version before one is), with the runtime and cgroup driver asked for',
  );

const kubectlAccessSchema = z
  .object({
    type: z.literal('kubectlAccess').describe('kubectl run by root on a machine reaches the API server with a working kubeconfig'),
    machine: z.string().min(1).default('master').describe('the machine whose root user runs kubectl'),
  })
  .describe(
    'passes when kubectl typed by root in a fresh login shell on the machine would reach an API server: kubectl is installed, a kubeconfig is found (~/.kube/config, or a KUBECONFIG exported in ~/.bashrc or ~/.bash_profile) and the server it names answers from there — not "The connection to the server localhost:8080 was refused"',
  );

const podRefSchema = z
  .object({
    namespace: z.string().default('default').describe('namespace of the pod'),
    name: z.string().min(1).optional().describe('exact pod name'),
    selector: selector.optional().describe('a label selector: the first Ready pod it matches (by name) is used, e.g. `app=web`'),
  })
  .refine((p) => (p.name === undefined) !== (p.selector === undefined), { message: 'give name or selector, exactly one', path: ['name'] })
  .describe('a running pod, by name or by selector');

const originSchema = z
  .union([
    z.object({ host: z.string().min(1).describe('a machine: master, node1, node2, node3 or harbor') }).strict(),
    z.object({ pod: podRefSchema }).strict(),
  ])
  .describe('where the request or DNS query starts: a machine\'s shell (`{ host: master }`) or a pod\'s network (`{ pod: { selector: app=web } }`), as `kubectl exec` into it would');

const serviceRefSchema = z
  .object({
    name: z.string().min(1).describe('the Service name'),
    namespace: z.string().default('default').describe('the Service namespace'),
    port: z
      .union([z.number().int().min(1).max(65535), z.string().min(1)])
      .optional()
      .describe('which of its ports: the Service port number or the port name; the first port when omitted'),
  })
  .describe('a Service, as the target of a request');

const viaSchema = z
  .enum(['clusterIP', 'nodePort', 'loadBalancer', 'dns'])
  .describe(
    'with `service`, how it is addressed (default clusterIP): clusterIP = its ClusterIP at the Service port; nodePort = a node\'s IP at the node port; loadBalancer = its EXTERNAL-IP at the Service port; dns = its DNS name at the Service port (`name` from a pod in the same namespace, `name.namespace` otherwise)',
  );

const httpSchema = z
  .object({
    type: z.literal('http').describe('an HTTP request from a machine or a pod gets the expected answer'),
    from: originSchema.default({ host: 'master' }),
    url: z
      .string()
      .regex(/^https?:\/\/[^/\s]+/, 'must be an http:// or https:// URL')
      .optional()
      .describe('the literal URL to request, e.g. `http://backend/` or `http://10.0.2.16:30080/`; or give `service` instead'),
    service: serviceRefSchema.optional(),
    via: viaSchema.optional(),
    node: z.string().min(1).optional().describe('via nodePort: the node whose IP is requested (master, node1, ...); node1 when neither node nor everyNode is given'),
    everyNode: z.boolean().default(false).describe('via nodePort: request every node\'s IP (master included); every one must pass'),
    path: z.string().regex(/^\//, 'must start with /').optional().describe('the path (with query) for a `service` target; default `/`'),
    headers: z.record(z.string(), z.string()).default({}).describe('request headers, e.g. `{ Host: example.com }` to reach an Ingress rule'),
    status: z.number().int().min(100).max(599).default(200).describe('the HTTP status the answer must have'),
    bodyContains: z.string().optional().describe('text the response body must contain, e.g. `Welcome to nginx!`'),
    servedBy: z
      .object({
        count: z.number().int().min(1).default(1).describe('at least this many different pods answered'),
        selector: selector.optional().describe('every answering pod must match this label selector (e.g. `app=blog`)'),
        bodyNamesPod: z
          .boolean()
          .default(false)
          .describe('every answer\'s body contains the name of the pod that sent it (whoami does; nginx does once its index.html holds $HOSTNAME)'),
      })
      .optional()
      .describe('which pods answered: across `requests` requests, at least `count` different pods, all matching `selector` when given'),
    requests: z
      .number()
      .int()
      .min(1)
      .max(50)
      .optional()
      .describe('how many requests to send (each must pass); default 1, or 10 with servedBy'),
  })
  .refine((c) => (c.url === undefined) !== (c.service === undefined), { message: 'give url or service, exactly one', path: ['url'] })
  .refine((c) => c.url === undefined || c.path === undefined, { message: 'path belongs in the url', path: ['path'] })
  .refine((c) => c.url === undefined || c.via === undefined, { message: 'via belongs with service, not url', path: ['via'] })
  .refine((c) => c.via === 'nodePort' || (c.node === undefined && !c.everyNode), { message: 'node and everyNode need via: nodePort', path: ['node'] })
  .describe(
    'passes when a request from `from` to the target answers with `status`, contains `bodyContains`, and (servedBy) came from enough different pods. Judged by looking, without touching: no access-log lines, no draw from the cluster\'s random',
  );

const dnsSchema = z
  .object({
    type: z.literal('dns').describe('a name resolves from a pod or a machine'),
    from: originSchema.default({ host: 'master' }),
    name: z.string().min(1).describe('the name as a program would look it up: `backend`, `backend.default.svc.cluster.local`, `kubernetes.default`'),
    to: z
      .union([
        z.object({ ip: z.string().min(1).describe('the address') }).strict(),
        z
          .object({
            service: z.string().min(1).describe('a Service name: its ClusterIP (a headless Service: the IPs of its ready endpoints)'),
            namespace: z.string().default('default').describe('the Service namespace'),
          })
          .strict(),
      ])
      .optional()
      .describe('what it must resolve to: `{ ip: 10.96.0.10 }` or `{ service: backend }`; any address when omitted'),
  })
  .describe('passes when the lookup from `from` (cluster DNS and its search path in pods; /etc/hosts, then DNS on machines) answers with the expected address');

const endpointsSchema = z
  .object({
    type: z.literal('endpoints').describe('the Endpoints of a Service hold ready addresses'),
    service: z.string().min(1).describe('the Service name (its Endpoints object has the same name)'),
    namespace: z.string().default('default').describe('the Service namespace'),
    count: z.number().int().min(0).optional().describe('exactly this many ready addresses'),
    min: z.number().int().min(1).optional().describe('at least this many ready addresses'),
    matchesPods: z
      .object({
        selector: selector.optional().describe('the pods to compare with; the Service\'s own selector when omitted'),
      })
      .optional()
      .describe('the ready addresses are exactly the IPs of the Running and Ready pods the selector matches'),
  })
  .refine((c) => c.count === undefined || c.min === undefined, { message: 'give count or min, not both', path: ['min'] })
  .describe('passes when the Service\'s Endpoints list ready addresses: exactly `count`, at least `min`, or at least one');

/** The output shape of a check. Written by hand because the union is recursive. */
export type Check =
  | z.output<typeof existsSchema>
  | z.output<typeof notExistsSchema>
  | z.output<typeof fieldSchema>
  | z.output<typeof countSchema>
  | z.output<typeof podsReadySchema>
  | z.output<typeof eventSchema>
  | z.output<typeof replacedSchema>
  | z.output<typeof registryImageSchema>
  | z.output<typeof fileSchema>
  | z.output<typeof resolvesSchema>
  | z.output<typeof serviceSchema>
  | z.output<typeof packageSchema>
  | z.output<typeof osSchema>
  | z.output<typeof containerRuntimeSchema>
  | z.output<typeof kubectlAccessSchema>
  | z.output<typeof httpSchema>
  | z.output<typeof dnsSchema>
  | z.output<typeof endpointsSchema>
  | { type: 'allOf'; checks: Check[] }
  | { type: 'anyOf'; checks: Check[] }
  | { type: 'not'; check: Check };

// Built once on first use: a fresh union per call would make JSON Schema generation recurse forever.
let checkUnion: z.ZodType<Check> | undefined;
export const checkSchema: z.ZodType<Check> = z.lazy(() => (checkUnion ??= buildCheckUnion())) as z.ZodType<Check>;

function buildCheckUnion(): z.ZodType<Check> {
  return z.discriminatedUnion('type', [
    existsSchema,
    notExistsSchema,
    fieldSchema,
    countSchema,
    podsReadySchema,
    eventSchema,
    replacedSchema,
    registryImageSchema,
    fileSchema,
    resolvesSchema,
    serviceSchema,
    packageSchema,
    osSchema,
    containerRuntimeSchema,
    kubectlAccessSchema,
    httpSchema,
    dnsSchema,
    endpointsSchema,
    z
      .object({
        type: z.literal('allOf').describe('every check passes'),
        checks: z.array(checkSchema).min(1).describe('the checks'),
      })
      .describe('passes when every check passes'),
    z
      .object({
        type: z.literal('anyOf').describe('at least one check passes'),
        checks: z.array(checkSchema).min(1).describe('the checks'),
      })
      .describe('passes when at least one check passes'),
    z
      .object({
        type: z.literal('not').describe('the check fails'),
        check: checkSchema.describe('the check that must fail'),
      })
      .describe('passes when the inner check fails'),
  ]) as z.ZodType<Check>;
}

export const checkpointSchema = z
  .object({
    id: idSchema.describe('unique within the lab; the page marks the element data-checkpoint="<id>"'),
    title: z.string().min(1).describe('one line the learner sees next to the tick'),
    points: z.number().int().min(0).default(1).describe('weight in the score'),
    check: checkSchema.describe('the declarative predicate over cluster state'),
  })
  .describe('one thing the learner must reach, judged on the cluster state, never on the commands typed');
export type Checkpoint = z.infer<typeof checkpointSchema>;

export const stateHintSchema = z
  .object({
    text: z.string().min(1).describe('the hint (markdown), e.g. "the Service has no endpoints: compare its selector with the pod labels"'),
    when: checkSchema.describe('a check on the cluster now: the hint is shown while it passes (write it to catch a particular mistake, e.g. `{ type: not, check: { type: endpoints, service: web } }`)'),
  })
  .strict()
  .describe('a hint that depends on the state: shown before the ordered hints while its `when` check passes');
export type StateHint = z.infer<typeof stateHintSchema>;

export const taskSchema = z
  .object({
    id: idSchema.describe('unique within the lab'),
    title: z.string().min(1).describe('short imperative title, e.g. "Scale to four replicas"'),
    description: z.string().default('').describe('markdown: what to do and why'),
    checkpoints: z.array(checkpointSchema).min(1).describe('the checkpoints that prove this task done'),
    hints: z
      .array(z.union([z.string().min(1), stateHintSchema]))
      .default([])
      .describe(
        'hints: a plain string is an ordered hint (from a nudge to the command; `lab hint` shows one more per call); `{ text, when }` is a state hint, shown first whenever its check passes on the cluster now',
      ),
  })
  // ordered and state hints are split so the page and `lab hint` each take the list they use
  .transform(({ hints, ...task }) => ({
    ...task,
    hints: hints.filter((h): h is string => typeof h === 'string'),
    stateHints: hints.filter((h): h is StateHint => typeof h !== 'string'),
  }))
  .describe('a step of the lab');
export type Task = z.infer<typeof taskSchema>;

export const startFileSchema = z
  .object({
    path: z.string().min(1).describe('where the file goes on the master, absolute or relative to /root'),
    content: z.string().optional().describe('the file content, inline'),
    from: z.string().min(1).optional().describe('or: a file beside lab.yaml whose content is copied (resolved when the lab is loaded)'),
  })
  .refine((f) => (f.content === undefined) !== (f.from === undefined), { message: 'give content or from, exactly one', path: ['content'] })
  .describe('a file the learner finds on the master when the lab starts');

export const startSchema = z
  .object({
    manifests: z
      .array(z.string().min(1))
      .default([])
      .describe('applied with `kubectl apply -f -` in order: inline YAML, or a file path relative to the lab folder (e.g. broken-deploy.yaml)'),
    commands: z
      .array(z.string().min(1))
      .default([])
      .describe('shell command lines run headless after the manifests, e.g. `kubectl create deployment web --image=nginx`'),
    files: z.array(startFileSchema).default([]).describe('files placed on the master before the commands run'),
    settle: z.boolean().default(true).describe('run the cluster until nothing changes before the learner starts'),
    preset: z
      .enum(['kubeadm', 'bare'])
      .default('kubeadm')
      .describe(
        'the machines the lab starts from: `kubeadm` (default) = the four-machine cluster the notes build, up and running; `bare` = four bare CentOS 7 machines (master 10.0.2.15, node1..3 10.0.2.16-18) with no Kubernetes installed and no API objects, for installing a cluster with kubeadm',
      ),
  })
  .describe('the starting cluster: the kubeadm cluster of the notes (or bare machines, with preset: bare) plus these changes');
export type Start = z.infer<typeof startSchema>;

const paramName = /^[A-Za-z_][A-Za-z0-9_]*$/;
const paramValue = z.union([z.string().min(1), z.number()]);

export const labParamSchema = z
  .object({
    description: z.string().min(1).describe('what the parameter changes, for authors and instructors, e.g. "the Deployment\'s name"'),
    choices: z.array(paramValue).min(1).optional().describe('draw one of these values (strings or numbers), e.g. `[nginx:1.25, nginx:1.26]`'),
    range: z
      .tuple([z.number().int(), z.number().int()])
      .optional()
      .describe('draw a whole number from min to max, both included, e.g. `[3, 6]`'),
    name: z
      .object({
        prefix: z.string().default('').describe('text before the word, e.g. `web-`'),
        words: z
          .array(z.string().regex(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/, 'must be lowercase letters, digits and dashes'))
          .min(2)
          .describe('the words to draw from, e.g. `[shop, blog, wiki]`'),
        suffix: z.string().default('').describe('text after the word'),
      })
      .optional()
      .describe('draw a name: prefix + one of the words + suffix (a Deployment name, an app label)'),
    default: paramValue.describe('the value used when no learner id is set (the page before a learner id is given, the docs, `lab test` without variants)'),
  })
  .refine((p) => [p.choices, p.range, p.name].filter((x) => x !== undefined).length === 1, {
    message: 'give exactly one of choices, range or name',
    path: ['choices'],
  })
  .refine((p) => !p.range || p.range[0] <= p.range[1], { message: 'range is [min, max] with min <= max', path: ['range'] })
  .refine(
    (p) =>
      p.choices
        ? p.choices.some((c) => c === p.default)
        : p.range
          ? typeof p.default === 'number' && Number.isInteger(p.default) && p.default >= p.range[0] && p.default <= p.range[1]
          : p.name
            ? typeof p.default === 'string'
            : true,
    { message: 'default must be one of the values the parameter can take (a choice, a whole number in the range, or a name)', path: ['default'] },
  )
  .describe('one parameter of a per-learner variant: how its value is drawn, and its default');
export type LabParam = z.infer<typeof labParamSchema>;

export const labParamsSchema = z
  .record(z.string().regex(paramName, 'parameter names are letters, digits and _ (used as {{ params.name }})'), labParamSchema)
  .describe(
    'per-learner variants: parameters drawn from the learner id and the lab seed (the same learner always gets the same values; the cluster seed follows too). Write `{{ params.<name> }}` in any string of the lab (text, start, checks, hints, solution, files beside it); a string that is only a placeholder takes the value\'s type, so `value: "{{ params.replicas }}"` compares with a number',
  );

export const labSchema = z
  .object({
    id: idSchema.describe('the lab id, also its folder name under labs/'),
    title: z.string().min(1).describe('the lab title'),
    chapter: z
      .string()
      .regex(/^[a-z0-9]+(?:[-/][a-z0-9]+)*$/, 'must be a content slug such as "deployments"')
      .describe('slug of the chapter (folder under content/) the lab belongs to'),
    summary: z.string().min(1).describe('markdown, one or two sentences: what the learner will do'),
    intro: z.string().default('').describe('markdown shown above the tasks'),
    seed: z.number().int().min(0).default(1).describe('default seed of the cluster (names, IPs); graders may override it'),
    params: labParamsSchema.optional(),
    start: startSchema.default({ manifests: [], commands: [], files: [], settle: true, preset: 'kubeadm' }),
    tasks: z.array(taskSchema).min(1).describe('the tasks, in order'),
    solution: z
      .object({
        commands: z
          .array(z.string())
          .min(1)
          .describe('a shell script, one line per entry (heredoc bodies included), with `sleep` where a real cluster needs time'),
        alternatives: z
          .array(
            z
              .object({
                title: z.string().min(1).describe('what this way does differently, e.g. "kubectl expose instead of kubectl create service"'),
                commands: z.array(z.string()).min(1).describe('the whole script of this way, from the untouched start'),
              })
              .describe('another way to solve the lab'),
          )
          .default([])
          .describe('other complete solutions that must pass every checkpoint too; `kubeclass lab test` replays each from a fresh start'),
      })
      .describe('the reference solution; `kubeclass lab test` replays it and expects every checkpoint to pass'),
    mutations: z
      .object({
        skip: z
          .array(
            z
              .object({
                match: z.string().min(1).describe('text the mutation\'s description contains, as `kubeclass lab test` prints it, e.g. `node3: docker stopped`'),
                reason: z.string().min(1).describe('why this near miss is not tried (too slow to settle, or an accepted answer), printed in the report'),
              })
              .describe('one mutation left out'),
          )
          .default([])
          .describe('mutations `kubeclass lab test` does not try'),
      })
      .default({ skip: [] })
      .describe(
        'mutation tests: from the solved state `kubeclass lab test` derives near misses of what the checkpoints read (one replica fewer, another image, a port off by one, a selector changed, a Service of another type, a Pod not Ready, a file changed, a package removed, swap on, ...) and wants each to fail at least one checkpoint',
      ),
  })
  .superRefine((lab, ctx) => {
    const tasks = new Set<string>();
    const cps = new Set<string>();
    lab.tasks.forEach((t, i) => {
      if (tasks.has(t.id)) ctx.addIssue({ code: 'custom', path: ['tasks', i, 'id'], message: `duplicate task id "${t.id}"` });
      tasks.add(t.id);
      t.checkpoints.forEach((c, j) => {
        if (cps.has(c.id))
          ctx.addIssue({ code: 'custom', path: ['tasks', i, 'checkpoints', j, 'id'], message: `duplicate checkpoint id "${c.id}"` });
        cps.add(c.id);
      });
    });
  })
  .describe('a lab: a starting cluster, tasks with checkpoints and hints, and a solution that proves it');
export type Lab = z.infer<typeof labSchema>;
/** What an author writes (defaults not yet filled in). */
export type LabInput = z.input<typeof labSchema>;
