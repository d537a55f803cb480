// Seed 004's seven steps of "create a pod", as the trace numbers them (TraceStep.flowStep).
// The notes say "the controller" notices the new pod and asks for it to be assigned (their 3-4); in a
// real cluster that watcher is kube-scheduler, so steps 3-4 are the scheduler's and the API server's
// "store the assignment" is folded into step 4, leaving the kubelet's two halves as 5-7.

export interface FlowStep {
  step: number;
  /** who acts */
  actor: string;
  /** what happens, in one line */
  text: string;
}

export const FLOW_STEPS: readonly FlowStep[] = [
  { step: 1, actor: 'kubectl', text: 'sends the request to create the pod to the API server' },
  { step: 2, actor: 'kube-apiserver', text: 'validates the pod and writes it to etcd' },
  { step: 3, actor: 'kube-scheduler', text: 'sees, through its watch, a pod with no node yet' },
  { step: 4, actor: 'kube-scheduler', text: 'picks a node and binds the pod to it; the API server stores the binding in etcd (not running yet)' },
  { step: 5, actor: 'kubelet', text: 'on that node sees, through its watch, a pod bound to it that is not running' },
  { step: 6, actor: 'kubelet', text: 'asks the container runtime to pull the image and create and start the containers' },
  { step: 7, actor: 'kubelet', text: 'reports the pod\'s status; the API server writes "bound and running" to etcd' },
];
