// kubectl set image and kubectl rollout status|history|undo|restart|pause|resume for Deployments,
// worded as kubectl v1.32 (the deployment controller does the rolling update itself).
import { isApiError } from '../../cluster/apiserver/errors.ts';
import type { KubeObject, ResourceInfo } from '../../cluster/types.ts';
import { CmdError } from '../errors.ts';
import type { Invocation, Verb } from '../invocation.ts';
import { msg } from '../messages.ts';
import { objectRef, parseTargets, resourceRef } from '../resources.ts';
import { describeWriter } from '../format/tabwriter.ts';
import { Out, describePodTemplate } from '../describe/common.ts';

const REVISION = 'deployment.kubernetes.io/revision';
const CHANGE_CAUSE = 'kubernetes.io/change-cause';
const SKIP = new Set(['kubectl.kubernetes.io/last-applied-configuration', REVISION, 'deployment.kubernetes.io/revision-history', 'deployment.kubernetes.io/desired-replicas', 'deployment.kubernetes.io/max-replicas', 'deprecated.deployment.rollback.to']);

interface Item {
  r: ResourceInfo;
  obj: KubeObject;
}

/** Resolve `deployment/x`, `deployment x`, `deploy x y` to objects; `required resource not specified` when empty. */
function targets(inv: Invocation, args: string[]): Item[] {
  const api = inv.ctx.cluster.api;
  if (args.length === 0) throw new CmdError(msg.rolloutNoResource);
  const out: Item[] = [];
  for (const t of parseTargets(api, args)) {
    if (t.names.length === 0) throw new CmdError(msg.rolloutNoResource);
    for (const n of t.names) out.push({ r: t.resource, obj: api.get(t.resource.plural, t.resource.namespaced ? inv.namespace : undefined, n) });
  }
  return out;
}

function requireDeployment(it: Item, what: string): void {
  if (it.r.plural !== 'deployments') throw new CmdError(`no ${what} has been implemented for ${JSON.stringify(`${it.r.group ? `${it.r.group}/` : ''}, Kind=${it.r.kind}`)}`);
}

function replicaSetsOf(inv: Invocation, d: KubeObject): KubeObject[] {
  return inv.ctx.cluster.api
    .list('replicasets', d.metadata.namespace)
    .filter((rs) => rs.metadata.ownerReferences?.some((o) => o.uid === d.metadata.uid && o.controller));
}

const revisionOf = (rs: KubeObject) => Number.parseInt(rs.metadata.annotations?.[REVISION] ?? '', 10) || 0;

/** The pod template without the controller's pod-template-hash label, for comparing and rolling back. */
function plainTemplate(t: any): any {
  const c = structuredClone(t ?? {});
  if (c.metadata?.labels) delete c.metadata.labels['pod-template-hash'];
  return c;
}

const canon = (v: unknown): string => JSON.stringify(v, (_k, x) => (x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : 1))) : x));

/** kubectl's DeploymentStatusViewer: the line for the current state, and whether the rollout is done. */
export function deploymentStatus(d: KubeObject): { text: string; done: boolean; error?: string } {
  const name = d.metadata.name;
  const s = d.status ?? {};
  if ((d.metadata.generation ?? 0) > (s.observedGeneration ?? 0)) return { text: msg.rolloutSpecUpdate, done: false };
  const progressing = ((s.conditions as any[]) ?? []).find((c) => c.type === 'Progressing');
  if (progressing?.reason === 'ProgressDeadlineExceeded') return { text: '', done: false, error: msg.rolloutDeadline(name) };
  const want = d.spec?.replicas ?? 1;
  const updated = s.updatedReplicas ?? 0;
  if (updated < want) return { text: msg.rolloutStatusWaitingUpdated(name, updated, want), done: false };
  if ((s.replicas ?? 0) > updated) return { text: msg.rolloutStatusWaitingOld(name, (s.replicas ?? 0) - updated), done: false };
  if ((s.availableReplicas ?? 0) < updated) return { text: msg.rolloutStatusWaitingAvailable(name, s.availableReplicas ?? 0, updated), done: false };
  return { text: msg.rolloutStatusDone(name), done: true };
}

const statusSub: Verb = {
  name: 'status',
  help: 'rollout status',
  async run(inv) {
    const items = targets(inv, inv.args);
    const api = inv.ctx.cluster.api;
    const watch = inv.flags.str('watch') !== 'false';
    const timeout = parseGoDuration(inv.flags.str('timeout') || '0s');
    for (const it of items) {
      requireDeployment(it, 'status viewer');
      const start = inv.ctx.cluster.clock.now();
      let lastRv = '';
      for (;;) {
        const d = api.get('deployments', it.obj.metadata.namespace, it.obj.metadata.name);
        if (d.metadata.resourceVersion !== lastRv) {
          lastRv = d.metadata.resourceVersion;
          const st = deploymentStatus(d);
          if (st.error) throw new CmdError(st.error);
          inv.ctx.out(`${st.text}\n`);
          if (st.done || !watch) break;
        }
        if (inv.ctx.signal.aborted) return 130;
        if (timeout > 0 && inv.ctx.cluster.clock.now() - start >= timeout) throw new CmdError('timed out waiting for the condition');
        await inv.ctx.sleep(inv.ctx.realtime ? 200 : 500);
      }
    }
    return 0;
  },
};

function parseGoDuration(s: string): number {
  let ms = 0;
  for (const m of s.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)) ms += Number(m[1]) * ({ ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as Record<string, number>)[m[2]!]!;
  return ms;
}

const historySub: Verb = {
  name: 'history',
  help: 'rollout history',
  async run(inv) {
    const items = targets(inv, inv.args);
    const want = inv.flags.int('revision');
    for (const it of items) {
      requireDeployment(it, 'history viewer');
      const sets = replicaSetsOf(inv, it.obj);
      const ref = objectRef(it.r, it.obj.metadata.name);
      if (!sets.length) throw new CmdError(msg.rolloutNoHistory(it.obj.metadata.name));
      const byRev = new Map<number, KubeObject>();
      // each ReplicaSet is one revision, its current one (a rolled-back revision moves to the end)
      for (const rs of sets) byRev.set(revisionOf(rs), rs);
      if (want > 0) {
        const rs = byRev.get(want);
        if (!rs) throw new CmdError(msg.rolloutHistoryRevisionNotFound);
        // printTemplate writes through a PrefixWriter with no tab writer: the tabs reach the terminal
        const o = new Out();
        describePodTemplate(o, rs.spec?.template);
        inv.ctx.out(`${ref} with revision #${want}\n${o.raw()}\n`);
        continue;
      }
      const tw = describeWriter();
      tw.write('REVISION\tCHANGE-CAUSE\n');
      for (const rev of [...byRev.keys()].sort((a, b) => a - b)) tw.write(`${rev}\t${byRev.get(rev)!.metadata.annotations?.[CHANGE_CAUSE] ?? '<none>'}\n`);
      inv.ctx.out(`${ref} \n${tw.flush()}\n`);
    }
    return 0;
  },
};

const undoSub: Verb = {
  name: 'undo',
  help: 'rollout undo',
  async run(inv) {
    const items = targets(inv, inv.args);
    const api = inv.ctx.cluster.api;
    const to = inv.flags.int('to-revision');
    for (const it of items) {
      requireDeployment(it, 'rollbacker');
      const d = it.obj;
      const ref = objectRef(it.r, d.metadata.name);
      if (d.spec?.paused) throw new CmdError(msg.rolloutPausedUndo(d.metadata.name));
      const sets = replicaSetsOf(inv, d);
      let target: KubeObject | undefined;
      if (to > 0) target = sets.find((rs) => revisionOf(rs) === to);
      else {
        const sorted = sets.slice().sort((a, b) => revisionOf(b) - revisionOf(a));
        target = sorted[1];
      }
      if (!target) throw new CmdError(msg.rolloutRevisionNotFound(to));
      const tpl = plainTemplate(target.spec?.template);
      if (canon(tpl) === canon(plainTemplate(d.spec?.template))) {
        inv.ctx.out(`${ref} skipped rollback (current template already matches revision ${to || revisionOf(target)})\n`);
        continue;
      }
      const carried: Record<string, string> = {};
      for (const [k, v] of Object.entries(target.metadata.annotations ?? {})) if (!SKIP.has(k)) carried[k] = v;
      api.patch('deployments', d.metadata.namespace, d.metadata.name, (o) => {
        o.spec = { ...o.spec, template: tpl };
        const ann = { ...(o.metadata.annotations ?? {}) };
        if (!(CHANGE_CAUSE in carried)) delete ann[CHANGE_CAUSE];
        o.metadata.annotations = { ...ann, ...carried };
      }, { fieldManager: 'kubectl-rollout' });
      inv.ctx.out(`${msg.rolloutUndone(ref)}\n`);
    }
    return 0;
  },
};

const restartSub: Verb = {
  name: 'restart',
  help: 'rollout restart',
  async run(inv) {
    const items = targets(inv, inv.args);
    const api = inv.ctx.cluster.api;
    for (const it of items) {
      requireDeployment(it, 'restarter');
      const d = it.obj;
      if (d.spec?.paused) throw new CmdError(`${resourceRef(it.r)} ${JSON.stringify(d.metadata.name)} ${msg.rolloutPausedRestart(d.metadata.name)}`);
      const at = new Date(inv.ctx.cluster.clock.now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
      api.patch('deployments', d.metadata.namespace, d.metadata.name, (o) => {
        const t = o.spec.template ?? (o.spec.template = {});
        t.metadata = { ...(t.metadata ?? {}), annotations: { ...(t.metadata?.annotations ?? {}), 'kubectl.kubernetes.io/restartedAt': at } };
      }, { fieldManager: 'kubectl-rollout' });
      inv.ctx.out(`${msg.rolloutRestarted(objectRef(it.r, d.metadata.name))}\n`);
    }
    return 0;
  },
};

function pauseResume(name: 'pause' | 'resume'): Verb {
  return {
    name,
    help: `rollout ${name}`,
    async run(inv) {
      const items = targets(inv, inv.args);
      const api = inv.ctx.cluster.api;
      const errors: string[] = [];
      for (const it of items) {
        requireDeployment(it, name === 'pause' ? 'pauser' : 'resumer');
        const d = it.obj;
        const want = name === 'pause';
        if (!!d.spec?.paused === want) {
          errors.push(`${resourceRef(it.r)} ${JSON.stringify(d.metadata.name)} ${want ? 'is already paused' : 'is not paused'}`);
          continue;
        }
        api.patch('deployments', d.metadata.namespace, d.metadata.name, (o) => {
          o.spec = { ...o.spec, paused: want || undefined };
          if (!want) delete o.spec.paused;
        }, { fieldManager: 'kubectl-rollout' });
        const ref = objectRef(it.r, d.metadata.name);
        inv.ctx.out(`${want ? msg.rolloutPaused(ref) : msg.rolloutResumed(ref)}\n`);
      }
      if (errors.length) throw new CmdError(errors.join('\n'));
      return 0;
    },
  };
}

export const rolloutVerb: Verb = {
  name: 'rollout',
  help: 'rollout',
  sub: [statusSub, historySub, undoSub, restartSub, pauseResume('pause'), pauseResume('resume')],
  async run(inv) {
    inv.ctx.out((await import('../help/upstream-help.ts')).UPSTREAM_HELP['rollout'] ?? '');
    return 0;
  },
};

// ---- kubectl set image ----

const imageSub: Verb = {
  name: 'image',
  help: 'set image',
  async run(inv) {
    const api = inv.ctx.cluster.api;
    const pairs = inv.args.filter((a) => a.includes('=') && !a.startsWith('-'));
    const resArgs = inv.args.filter((a) => !pairs.includes(a));
    if (resArgs.length === 0) throw new CmdError('You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   \'-f rsrc.yaml\'\n   \'--filename=rsrc.json\'\n   \'<resource> <name>\'\n   \'<resource>\'');
    if (pairs.length === 0) throw new CmdError(msg.setImageNeedsPairs);
    const images = pairs.map((p) => [p.slice(0, p.indexOf('=')), p.slice(p.indexOf('=') + 1)] as const);
    let items: Item[];
    try {
      items = targets(inv, resArgs);
    } catch (e) {
      if (e instanceof CmdError && e.message === msg.rolloutNoResource) throw new CmdError(msg.setImageNeedsPairs);
      throw e;
    }
    for (const it of items) {
      const plural = it.r.plural;
      const templated = ['deployments', 'replicasets', 'statefulsets', 'daemonsets', 'jobs', 'replicationcontrollers'].includes(plural);
      const spec = (o: KubeObject) => (templated ? o.spec?.template?.spec : o.spec);
      const containers = [...((spec(it.obj)?.initContainers as any[]) ?? []), ...((spec(it.obj)?.containers as any[]) ?? [])];
      for (const [c] of images) {
        if (c !== '*' && !containers.some((x) => x.name === c)) throw new CmdError(msg.setImageNoContainer(c));
      }
      try {
        api.patch(plural, it.obj.metadata.namespace, it.obj.metadata.name, (o) => {
          for (const list of [spec(o)?.initContainers, spec(o)?.containers] as any[][]) {
            for (const x of list ?? []) for (const [c, img] of images) if (c === '*' || x.name === c) x.image = img;
          }
          if (inv.flags.bool('record')) {
            o.metadata.annotations = { ...(o.metadata.annotations ?? {}), [CHANGE_CAUSE]: `kubectl set image ${inv.args.join(' ')} --record=true` };
          }
        }, { fieldManager: 'kubectl-set' });
      } catch (e) {
        if (isApiError(e)) throw e;
        throw e;
      }
      inv.ctx.out(`${msg.setImageUpdated(objectRef(it.r, it.obj.metadata.name))}\n`);
    }
    return 0;
  },
};

export const setVerb: Verb = {
  name: 'set',
  help: 'set',
  sub: [imageSub],
  unsupportedSub: ['env', 'resources', 'selector', 'serviceaccount', 'subject'],
  async run(inv) {
    inv.ctx.out((await import('../help/upstream-help.ts')).UPSTREAM_HELP['set'] ?? '');
    return 0;
  },
};
