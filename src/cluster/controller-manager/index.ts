// The components a cluster runs, in start order. Each controller lives in its own file.
import type { Component } from '../component.ts';
import { garbageCollector } from './garbage-collector.ts';
import { namespaceController, rootCACertPublisher, serviceAccountController } from './namespace.ts';
import { deploymentController } from './deployment.ts';
import { replicaSetController } from './replicaset.ts';
import { endpointsController } from './endpoints.ts';
import { daemonSetController } from './daemonset.ts';
import { nodeLifecycleController } from './node-lifecycle.ts';
import { defaultScheduler } from '../scheduler/index.ts';
import { kubelets } from '../kubelet/index.ts';
import { addonComponents } from '../addons/index.ts';
import { weaveCni } from '../bootstrap/cni.ts';

/** kube-controller-manager's controllers. */
export function controllerManagerComponents(): Component[] {
  return [garbageCollector(), namespaceController(), serviceAccountController(), rootCACertPublisher(), deploymentController(), replicaSetController(), daemonSetController(), endpointsController(), nodeLifecycleController()];
}

/** Everything createCluster starts: controllers, then scheduler and kubelets, then the add-ons (idle until their pods run). */
export function defaultComponents(): Component[] {
  return [...controllerManagerComponents(), defaultScheduler(), kubelets(), weaveCni(), ...addonComponents()];
}
