// STUB (contract in control-plane.ts): the helper building kubeadm init/join replaces this file.
import type { ComponentContext } from '../component.ts';
import type { ControlPlaneLifecycle } from './control-plane.ts';

export function createControlPlane(_ctx: ComponentContext, opts: { preset: 'kubeadm' | 'empty' | 'bare' }): ControlPlaneLifecycle {
  const initialized = opts.preset === 'kubeadm';
  const no = (): never => {
    throw new Error('kubeadm lifecycle not implemented yet');
  };
  return {
    initialized,
    kubernetesVersion: initialized ? 'v1.32.4' : undefined,
    controlPlaneNode: initialized ? 'master' : undefined,
    joined: initialized ? ['node1', 'node2', 'node3'] : [],
    caCertHash: undefined,
    init: no,
    checkJoin: no,
    join: no,
    reset: no,
    tokens: () => [],
    createToken: no,
  };
}
