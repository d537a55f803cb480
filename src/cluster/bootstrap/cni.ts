// The pod network as the kubelet sees it: a node is Ready only once a CNI config sits in
// /etc/cni/net.d (weave-net's init container writes one). Shared by the kubelet and kubeadm's lifecycle.
import type { FileSystem, KubeObject } from '../types.ts';
import type { Component } from '../component.ts';
import { isApiError } from '../apiserver/errors.ts';
import { rfc3339 } from '../clock.ts';
import { machinesOf } from '../hosts/index.ts';
import { WEAVE_CONFLIST } from './kubeadm.ts';
import { minorOf } from './versions.ts';

export const CNI_CONF_DIR = '/etc/cni/net.d';
export const WEAVE_CONFLIST_PATH = `${CNI_CONF_DIR}/10-weave.conflist`;
export { WEAVE_CONFLIST };

/** A machine the kubelet needs a CNI config on: one kubeadm set up (the 'empty' preset's nodes have no kubelet config and keep their old readiness). */
export function needsCni(fs: FileSystem): boolean {
  return fs.exists('/var/lib/kubelet/config.yaml');
}

/** libcni loads *.conf, *.conflist and *.json from the directory. */
export function hasCniConfig(fs: FileSystem): boolean {
  if (!fs.isDir(CNI_CONF_DIR)) return false;
  return fs.list(CNI_CONF_DIR).some((f) => /\.(conf|conflist|json)$/.test(f) && !fs.isDir(`${CNI_CONF_DIR}/${f}`));
}

/** The Ready condition's message before a CNI config exists, worded as the node's kubelet and runtime word it. */
export function networkNotReadyMessage(node: KubeObject | undefined): string {
  const kubelet: string = node?.status?.nodeInfo?.kubeletVersion ?? 'v1.32.4';
  const runtime: string = node?.status?.nodeInfo?.containerRuntimeVersion ?? 'containerd://';
  // kubelet < 1.24 said "runtime network not ready"; dockershim reported its own reason
  const prefix = minorOf(kubelet) < 24 ? 'runtime network not ready' : 'container runtime network not ready';
  const why = runtime.startsWith('docker://') ? 'docker: network plugin is not ready: cni config uninitialized' : 'Network plugin returns error: cni plugin not initialized';
  return `${prefix}: NetworkReady=false reason:NetworkPluginNotReady message:${why}`;
}

/**
 * weave-net's effect on a node: once its pod runs there, the init container has put the CNI config and
 * plugin in place and the weave router sets the node's NetworkUnavailable condition to False.
 */
export function weaveCni(): Component {
  return {
    name: 'weave-net',
    start(ctx) {
      const machines = machinesOf(ctx.hosts);
      const onPod = (pod: KubeObject) => {
        if (pod.metadata.namespace !== 'kube-system' || pod.metadata.labels?.name !== 'weave-net') return;
        const node: string | undefined = pod.spec?.nodeName;
        if (!node || pod.status?.phase !== 'Running' || pod.metadata.deletionTimestamp) return;
        const fs = machines?.machine(node)?.fs;
        if (fs && !fs.exists(WEAVE_CONFLIST_PATH)) {
          fs.mkdir(CNI_CONF_DIR, { parents: true });
          fs.write(WEAVE_CONFLIST_PATH, WEAVE_CONFLIST);
          fs.mkdir('/opt/cni/bin', { parents: true });
          for (const bin of ['weave-net', 'weave-ipam', 'weave-plugin-2.8.1']) if (!fs.exists(`/opt/cni/bin/${bin}`)) fs.write(`/opt/cni/bin/${bin}`, '\x7fELF');
        }
        const n = ctx.api.tryGet('nodes', undefined, node, { frozenResult: true });
        const conds = (n?.status?.conditions as any[] | undefined) ?? [];
        if (!n || conds.some((c) => c.type === 'NetworkUnavailable' && c.status === 'False')) return;
        const t = rfc3339(ctx.clock.now());
        const cond = { lastHeartbeatTime: t, lastTransitionTime: t, message: 'Weave pod has set this', reason: 'WeaveIsUp', status: 'False', type: 'NetworkUnavailable' };
        try {
          ctx.api.updateStatus({ ...n, status: { ...n.status, conditions: [cond, ...conds.filter((c) => c.type !== 'NetworkUnavailable')] } }, { frozenResult: true });
        } catch (e) {
          if (!isApiError(e)) throw e;
        }
      };
      for (const p of ctx.api.list('pods', 'kube-system', { labelSelector: 'name=weave-net' })) onPod(p);
      ctx.api.watch('pods', 'kube-system', (ev) => {
        if (ev.type !== 'DELETED') onPod(ev.object);
      });
    },
  };
}
