// The ingress-nginx controller's control loop as the cluster sees it: while a controller pod runs it
// lists the Ingresses of its class (a `Sync` event "Scheduled for sync" from nginx-ingress-controller on
// each, a RELOAD event on the pod when nginx's configuration changes), and its leader writes
// status.loadBalancer.ingress — on this bare-metal NodePort install, the internal IPs of the nodes
// running ready controller pods — right after it is elected and then every 60 seconds. Ingresses of
// another class, or of none, are left alone: their ADDRESS stays empty. The controller's log follows.
import type { Component, ComponentContext } from '../component.ts';
import type { KubeObject, TimerHandle, WatchEvent } from '../types.ts';
import { klogLine, INGRESS_NGINX } from '../kubelet/go-programs.ts';
import { isPodReady } from '../controller-manager/workload.ts';
import { attachIngressNginx, controllerContainer, type IngressNginxRuntime } from './ingress-nginx.ts';
import { controllerConfig, ingressClassOf, servedIngresses, type ControllerConfig } from './ingress-nginx-routing.ts';

export const INGRESS_NGINX_COMPONENT = 'ingress-nginx-controller';
const SOURCE = { component: 'nginx-ingress-controller' };
/** status.go UpdateInterval */
const STATUS_INTERVAL_MS = 60_000;

interface Instance {
  uid: string;
  namespace: string;
  name: string;
  container: string;
  containerID: string;
  startedAt: number;
  cfg: ControllerConfig;
  group: string;
  /** the startup sequence has run: the instance reacts to Ingress changes */
  synced: boolean;
  timers: TimerHandle[];
  reloadPending?: TimerHandle;
  lastUs: number;
}

interface Group {
  key: string;
  leader?: string;
  leaderAt: number;
  tick?: TimerHandle;
  tickAt?: number;
  tickBackground?: boolean;
}

/** The controller's status and event loop (one per cluster; idle until a controller pod runs). */
export function ingressNginxComponent(): Component {
  return { name: INGRESS_NGINX_COMPONENT, start };
}

const isControllerImage = (image: unknown) => /(^|\/)ingress-nginx\/controller(:|@|$)/.test(String(image ?? ''));

function start(ctx: ComponentContext): void {
  const { api, clock, random, events } = ctx;
  const rt: IngressNginxRuntime = attachIngressNginx(api, { clock, random, containers: ctx.containers, events });
  const instances = new Map<string, Instance>();
  const groups = new Map<string, Group>();
  const r = (min: number, max: number) => min + random.int(max - min + 1);

  // ---------- logging ----------
  const klog = (inst: Instance, level: 'I' | 'W', file: string, msg: string) => {
    inst.lastUs = Math.max(inst.lastUs + r(15, 400), clock.now() * 1000 + r(0, 999));
    rt.containers?.appendLog(inst.namespace, inst.name, inst.container, [{ stream: 'stderr', text: klogLine(level, inst.lastUs, INGRESS_NGINX.pid, file, msg) }]);
  };
  const kobj = (o: KubeObject) => `${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`;
  /** An Event, and the line the controller's broadcaster logs for it (StartLogging(klog.Infof)). */
  const event = (inst: Instance, involved: KubeObject, reason: string, message: string) => {
    const ref = `Event(v1.ObjectReference{Kind:"${involved.kind}", Namespace:"${involved.metadata.namespace ?? ''}", Name:"${involved.metadata.name}", UID:"${involved.metadata.uid}", APIVersion:"${involved.apiVersion}", ResourceVersion:"${involved.metadata.resourceVersion}", FieldPath:""}): type: 'Normal' reason: '${reason}' ${message}`;
    klog(inst, 'I', 'event.go:377', ref);
    events.record(involved, 'Normal', reason, message, SOURCE);
  };

  // ---------- which pods are controllers ----------
  const controllerOf = (pod: KubeObject): { container: string; containerID: string; startedAt: number } | undefined => {
    if (pod.metadata.deletionTimestamp || pod.status?.phase !== 'Running') return undefined;
    const specs = (pod.spec?.containers ?? []) as any[];
    const ns = pod.metadata.namespace ?? 'default';
    for (const c of specs) {
      const st = ctx.containers?.state(ns, pod.metadata.name, c.name);
      const isController = st ? st.program === 'ingress-nginx' : isControllerImage(c.image);
      if (!isController) continue;
      const cs = ((pod.status?.containerStatuses ?? []) as any[]).find((s) => s.name === c.name);
      if (st && !st.running) return undefined;
      if (!st && !cs?.state?.running) return undefined;
      const startedAt = st?.startedAt ?? Date.parse(cs?.state?.running?.startedAt ?? '');
      return { container: c.name, containerID: st?.containerID ?? String(cs?.containerID ?? ''), startedAt };
    }
    return undefined;
  };
  const isReady = (pod: KubeObject | undefined) => !!pod && pod.status?.phase === 'Running' && isPodReady(pod);

  // ---------- status addresses (status.go runningAddresses) ----------
  const nodeAddress = (nodeName: string): string | undefined => {
    const node = api.tryGet('nodes', undefined, nodeName, { frozenResult: true });
    const addrs = (node?.status?.addresses ?? []) as { type: string; address: string }[];
    return addrs.find((a) => a.type === 'ExternalIP')?.address ?? addrs.find((a) => a.type === 'InternalIP')?.address ?? nodeName;
  };
  const runningAddresses = (leader: Instance): string[] => {
    const cfg = leader.cfg;
    if (cfg.publishStatusAddress) return cfg.publishStatusAddress.split(/,\s*/).filter(Boolean);
    if (cfg.publishService) {
      const [ns, name] = cfg.publishService.split('/') as [string, string];
      const svc = api.tryGet('services', ns, name, { frozenResult: true });
      if (!svc) return [];
      const type = svc.spec?.type ?? 'ClusterIP';
      if (type === 'ExternalName') return [svc.spec.externalName];
      if (type === 'ClusterIP') return [svc.spec.clusterIP];
      if (type === 'NodePort') return svc.spec?.externalIPs?.length ? [...svc.spec.externalIPs] : [svc.spec.clusterIP];
      const lb = ((svc.status?.loadBalancer?.ingress ?? []) as any[]).map((i) => i.ip ?? i.hostname).filter(Boolean);
      for (const ip of (svc.spec?.externalIPs ?? []) as string[]) if (!lb.includes(ip)) lb.push(ip);
      return lb;
    }
    const out: string[] = [];
    for (const inst of instances.values()) {
      if (inst.group !== leader.group) continue;
      const pod = api.tryGet('pods', inst.namespace, inst.name, { frozenResult: true });
      if (!isReady(pod)) continue;
      const addr = nodeAddress(pod!.spec?.nodeName ?? '');
      if (addr && !out.includes(addr)) out.push(addr);
    }
    return out.sort();
  };
  const logNotReady = (leader: Instance) => {
    if (leader.cfg.publishService || leader.cfg.publishStatusAddress) return;
    for (const inst of instances.values()) {
      if (inst.group !== leader.group) continue;
      const pod = api.tryGet('pods', inst.namespace, inst.name, { frozenResult: true });
      if (pod && !isReady(pod)) klog(leader, 'I', 'status.go:219', `"POD is not ready" pod="${kobj(pod)}" node="${pod.spec?.nodeName ?? ''}"`);
    }
  };
  const sameStatus = (ing: KubeObject, addrs: string[]) => {
    const cur = ((ing.status?.loadBalancer?.ingress ?? []) as any[]).map((i) => i.ip ?? i.hostname).sort();
    return cur.length === addrs.length && cur.every((a, i) => a === addrs[i]);
  };
  const lbEntry = (a: string) => (/^\d+\.\d+\.\d+\.\d+$/.test(a) ? { ip: a } : { hostname: a });
  const statusJson = (list: any[] | undefined) => (list === undefined ? 'null' : JSON.stringify(list));

  /** statusSync.sync: the leader writes the addresses into every Ingress it serves whose status differs. */
  const syncStatus = (leader: Instance) => {
    logNotReady(leader);
    const addrs = runningAddresses(leader);
    for (const ing of servedIngresses(api, leader.cfg)) {
      if (sameStatus(ing, addrs)) continue;
      const current = ing.status?.loadBalancer?.ingress as any[] | undefined;
      klog(leader, 'I', 'status.go:304', `"updating Ingress status" namespace="${ing.metadata.namespace}" ingress="${ing.metadata.name}" currentValue=${statusJson(current)} newValue=${JSON.stringify(addrs.map(lbEntry))}`);
      writeStatus(ing, addrs);
    }
  };
  const writeStatus = (ing: KubeObject, addrs: string[]) => {
    try {
      api.patch('ingresses', ing.metadata.namespace, ing.metadata.name, (o) => {
        o.status = { ...(o.status ?? {}), loadBalancer: addrs.length ? { ingress: addrs.map(lbEntry) } : {} };
      }, { fieldManager: 'nginx-ingress-controller' });
    } catch {
      // gone meanwhile
    }
  };
  const needsStatus = (leader: Instance) => {
    const addrs = runningAddresses(leader);
    return servedIngresses(api, leader.cfg).some((ing) => !sameStatus(ing, addrs));
  };

  /** The next 60-second tick of a group's leader; it only keeps the clock busy when there is a status to write. */
  const schedule = (g: Group) => {
    const leader = g.leader ? instances.get(g.leader) : undefined;
    if (!leader) {
      g.tick?.cancel();
      g.tick = undefined;
      return;
    }
    const now = clock.now();
    const k = Math.max(1, Math.ceil((now - g.leaderAt) / STATUS_INTERVAL_MS));
    let at = g.leaderAt + k * STATUS_INTERVAL_MS;
    if (at <= now) at += STATUS_INTERVAL_MS;
    const background = !needsStatus(leader);
    if (g.tick && g.tickAt === at && g.tickBackground === background) return;
    g.tick?.cancel();
    g.tickAt = at;
    g.tickBackground = background;
    g.tick = clock.at(at, () => {
      g.tick = undefined;
      g.tickAt = undefined;
      const l = g.leader ? instances.get(g.leader) : undefined;
      if (l) syncStatus(l);
      schedule(g);
    }, `ingress-nginx status ${g.key}`, { background });
  };
  const rescheduleAll = () => {
    for (const g of groups.values()) schedule(g);
  };

  // ---------- nginx reloads ----------
  const reload = (inst: Instance) => {
    if (inst.reloadPending) return;
    inst.reloadPending = clock.after(r(2, 6), () => {
      inst.reloadPending = undefined;
      if (instances.get(inst.uid) !== inst) return;
      klog(inst, 'I', 'controller.go:196', '"Configuration changes detected, backend reload required"');
      const t = clock.after(r(20, 80), () => {
        if (instances.get(inst.uid) !== inst) return;
        klog(inst, 'I', 'controller.go:216', '"Backend successfully reloaded"');
        const pod = api.tryGet('pods', inst.namespace, inst.name, { frozenResult: true });
        if (pod) event(inst, pod, 'RELOAD', 'NGINX reload triggered due to a change in configuration');
      }, 'ingress-nginx reload');
      inst.timers.push(t);
    }, 'ingress-nginx sync');
  };

  // ---------- a controller process starting ----------
  const startup = (inst: Instance) => {
    const at = (offset: number, fn: () => void) => {
      const t = clock.at(Math.max(clock.now(), inst.startedAt + offset), () => {
        if (instances.get(inst.uid) === inst) fn();
      }, `ingress-nginx ${inst.name} startup`);
      inst.timers.push(t);
    };
    const cfg = inst.cfg;
    const base = r(300, 380);
    at(base, () => {
      if (!cfg.configMap) return;
      const [ns, name] = cfg.configMap.split('/') as [string, string];
      const cm = api.tryGet('configmaps', ns, name, { frozenResult: true });
      if (cm) event(inst, cm, 'CREATE', `ConfigMap ${ns}/${name}`);
    });
    const listed = base + r(1050, 1150);
    at(listed, () => {
      for (const ing of api.list('ingresses', cfg.watchNamespace)) {
        const cls = ingressClassOf(api, cfg, ing);
        if (!cls.ok) {
          klog(inst, 'I', 'store.go:436', `"Ignoring ingress because of error while validating ingress class" ingress="${kobj(ing)}" error="${cls.error.replace(/"/g, '\\"')}"`);
          continue;
        }
        klog(inst, 'I', 'store.go:440', `"Found valid IngressClass" ingress="${kobj(ing)}" ingressclass="${cls.name}"`);
        event(inst, ing, 'Sync', 'Scheduled for sync');
      }
    });
    const process = listed + r(90, 110);
    at(process, () => {
      klog(inst, 'I', 'nginx.go:317', '"Starting NGINX process"');
      klog(inst, 'I', 'leaderelection.go:257', `attempting to acquire leader lease ${inst.namespace}/${cfg.electionId}...`);
      if (cfg.validatingWebhook) klog(inst, 'I', 'nginx.go:337', `"Starting validation webhook" address="${cfg.validatingWebhook}" certPath="${cfg.webhookCert ?? ''}" keyPath="${cfg.webhookKey ?? ''}"`);
      klog(inst, 'I', 'controller.go:196', '"Configuration changes detected, backend reload required"');
    });
    at(process + r(8, 14), () => {
      const g = groups.get(inst.group)!;
      const current = g.leader ? instances.get(g.leader) : undefined;
      if (!current) {
        g.leader = inst.uid;
        g.leaderAt = clock.now();
        klog(inst, 'I', 'leaderelection.go:271', `successfully acquired lease ${inst.namespace}/${cfg.electionId}`);
        klog(inst, 'I', 'status.go:85', `"New leader elected" identity="${inst.name}"`);
        syncStatus(inst);
        schedule(g);
      } else {
        klog(inst, 'I', 'status.go:85', `"New leader elected" identity="${current.name}"`);
      }
    });
    at(process + r(70, 110), () => {
      klog(inst, 'I', 'controller.go:216', '"Backend successfully reloaded"');
      klog(inst, 'I', 'controller.go:227', '"Initial sync, sleeping for 1 second"');
      const pod = api.tryGet('pods', inst.namespace, inst.name, { frozenResult: true });
      if (pod) event(inst, pod, 'RELOAD', 'NGINX reload triggered due to a change in configuration');
      inst.synced = true;
    });
  };

  const stop = (inst: Instance) => {
    for (const t of inst.timers) t.cancel();
    inst.reloadPending?.cancel();
    instances.delete(inst.uid);
    const g = groups.get(inst.group);
    if (!g || g.leader !== inst.uid) return;
    g.leader = undefined;
    // another running instance takes over the lease; the last one leaving clears the addresses (shutdown)
    const next = [...instances.values()].filter((i) => i.group === inst.group && i.synced).sort((a, b) => a.startedAt - b.startedAt)[0];
    if (next) {
      g.leader = next.uid;
      g.leaderAt = clock.now();
      klog(next, 'I', 'leaderelection.go:271', `successfully acquired lease ${next.namespace}/${next.cfg.electionId}`);
      klog(next, 'I', 'status.go:85', `"New leader elected" identity="${next.name}"`);
    } else if (![...instances.values()].some((i) => i.group === inst.group)) {
      for (const ing of servedIngresses(api, inst.cfg)) if ((ing.status?.loadBalancer?.ingress ?? []).length) writeStatus(ing, []);
    }
    schedule(g);
  };

  const syncPod = (pod: KubeObject, deleted: boolean) => {
    const uid = pod.metadata.uid;
    const existing = instances.get(uid);
    const ctl = deleted ? undefined : controllerOf(pod);
    if (existing && (!ctl || ctl.containerID !== existing.containerID)) stop(existing);
    if (!ctl || (existing && instances.get(uid) === existing)) return;
    const cfg = controllerConfig(pod);
    const group = `${pod.metadata.namespace}|${cfg.electionId}`;
    if (!groups.has(group)) groups.set(group, { key: group, leaderAt: 0 });
    const inst: Instance = {
      uid,
      namespace: pod.metadata.namespace ?? 'default',
      name: pod.metadata.name,
      container: ctl.container ?? controllerContainer(pod, ctx.containers),
      containerID: ctl.containerID,
      startedAt: Number.isFinite(ctl.startedAt) ? ctl.startedAt : clock.now(),
      cfg,
      group,
      synced: false,
      timers: [],
      lastUs: 0,
    };
    instances.set(uid, inst);
    startup(inst);
  };

  // ---------- reacting to Ingresses ----------
  const configOf = (ing: KubeObject) => JSON.stringify([ing.spec, ing.metadata.annotations ?? {}, ing.metadata.deletionTimestamp ?? null]);
  const onIngress = (ev: WatchEvent) => {
    for (const inst of instances.values()) {
      if (!inst.synced) continue;
      if (inst.cfg.watchNamespace && inst.cfg.watchNamespace !== ev.object.metadata.namespace) continue;
      const cur = ev.object;
      const curCls = ingressClassOf(api, inst.cfg, cur);
      if (ev.type === 'ADDED') {
        if (!curCls.ok) {
          klog(inst, 'I', 'store.go:436', `"Ignoring ingress because of error while validating ingress class" ingress="${kobj(cur)}" error="${curCls.error.replace(/"/g, '\\"')}"`);
          continue;
        }
        klog(inst, 'I', 'store.go:440', `"Found valid IngressClass" ingress="${kobj(cur)}" ingressclass="${curCls.name}"`);
        event(inst, cur, 'Sync', 'Scheduled for sync');
        reload(inst);
      } else if (ev.type === 'MODIFIED') {
        const oldCls = ev.old ? ingressClassOf(api, inst.cfg, ev.old) : curCls;
        if (!oldCls.ok && curCls.ok) {
          klog(inst, 'I', 'store.go:486', `"creating ingress" ingress="${kobj(cur)}" ingressclass="${curCls.name}"`);
          event(inst, cur, 'Sync', 'Scheduled for sync');
          reload(inst);
        } else if (oldCls.ok && !curCls.ok) {
          klog(inst, 'I', 'store.go:489', `"removing ingress because of unknown ingressclass" ingress="${kobj(cur)}"`);
          reload(inst);
        } else if (curCls.ok) {
          event(inst, cur, 'Sync', 'Scheduled for sync');
          if (!ev.old || configOf(ev.old) !== configOf(cur)) reload(inst);
        }
      } else if (curCls.ok) {
        reload(inst);
      }
    }
    rescheduleAll();
  };

  api.watch('pods', undefined, (ev) => {
    syncPod(ev.object, ev.type === 'DELETED');
    if (groups.size) rescheduleAll();
  });
  api.watch('ingresses', undefined, onIngress);
  api.watch('ingressclasses', undefined, () => rescheduleAll());
  api.watch('services', undefined, () => {
    if (groups.size) rescheduleAll();
  });
  for (const pod of api.list('pods')) syncPod(pod, false);
}
