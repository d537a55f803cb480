// What the lab sees happen on the cluster's watches: pod creations and deletions, and Events.
// Checks that speak of history ("a pod was deleted", "an event was seen") read from here, never from typed commands.
import type { Cluster, KubeObject, Labels } from '../cluster/types.ts';

export interface PodDeletion {
  uid: string;
  name: string;
  namespace: string;
  labels: Labels;
  /** order among everything observed; a pod with a larger creation seq was created after this deletion */
  seq: number;
  /** virtual ms when the deletion was first seen (deletionTimestamp set or object gone) */
  at: number;
}

export interface SeenEvent {
  namespace: string;
  reason: string;
  type: string;
  message: string;
  involvedKind: string;
  involvedName: string;
  at: number;
}

export interface Observations {
  readonly deletions: readonly PodDeletion[];
  readonly events: readonly SeenEvent[];
  /** order in which a pod was created during the lab; -1 for pods that existed when observation began */
  creationSeq(uid: string): number;
  /** subscribe to every new observation (deletion or event) */
  onObserve(cb: () => void): () => void;
  stop(): void;
}

export function observe(cluster: Cluster): Observations {
  let seq = 0;
  const created = new Map<string, number>();
  const deletions: PodDeletion[] = [];
  const deletedUids = new Set<string>();
  const events: SeenEvent[] = [];
  const listeners = new Set<() => void>();
  const notify = () => listeners.forEach((cb) => cb());

  const recordDeletion = (pod: KubeObject) => {
    if (deletedUids.has(pod.metadata.uid)) return;
    deletedUids.add(pod.metadata.uid);
    deletions.push({
      uid: pod.metadata.uid,
      name: pod.metadata.name,
      namespace: pod.metadata.namespace ?? 'default',
      labels: { ...(pod.metadata.labels ?? {}) },
      seq: ++seq,
      at: cluster.clock.now(),
    });
    notify();
  };

  const stops: (() => void)[] = [];
  stops.push(
    cluster.api.watch('pods', undefined, (ev) => {
      const pod = ev.object;
      if (ev.type === 'ADDED') {
        if (!created.has(pod.metadata.uid)) created.set(pod.metadata.uid, ++seq);
      } else if (ev.type === 'MODIFIED') {
        if (pod.metadata.deletionTimestamp) recordDeletion(pod);
      } else recordDeletion(ev.old ?? pod);
    }),
  );
  try {
    stops.push(
      cluster.api.watch('events', undefined, (ev) => {
        if (ev.type === 'DELETED') return;
        const e = ev.object as KubeObject & {
          reason?: string;
          type?: string;
          message?: string;
          involvedObject?: { kind?: string; name?: string };
        };
        events.push({
          namespace: e.metadata.namespace ?? 'default',
          reason: e.reason ?? '',
          type: e.type ?? '',
          message: e.message ?? '',
          involvedKind: e.involvedObject?.kind ?? '',
          involvedName: e.involvedObject?.name ?? '',
          at: cluster.clock.now(),
        });
        notify();
      }),
    );
  } catch {
    // A cluster without the events resource simply reports none.
  }

  return {
    deletions,
    events,
    creationSeq: (uid) => created.get(uid) ?? -1,
    onObserve(cb) {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
    stop() {
      for (const s of stops.splice(0)) s();
      listeners.clear();
    },
  };
}
