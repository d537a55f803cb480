import type { ApiServer, Clock, KubeObject, Random } from './types.ts';
import type { EventRecorder, EventSource } from './component.ts';
import { rfc3339 } from './clock.ts';

/**
 * client-go's legacy recorder: core/v1 Events named `<object>.<unix-nanos in hex>`; the same
 * object + type + reason + message + source again bumps count and lastTimestamp on the existing Event.
 */
export function createEventRecorder(api: ApiServer, clock: Clock, random: Random): EventRecorder {
  const seen = new Map<string, { namespace: string; name: string }>();
  let lastNanos = 0n;

  return {
    record(involved: KubeObject, type, reason, message, source: EventSource, opts) {
      const md = involved.metadata;
      const namespace = md.namespace || 'default';
      const fieldPath = opts?.fieldPath;
      const key = [source.component, source.host ?? '', involved.kind, namespace, md.name, md.uid, fieldPath ?? '', type, reason, message].join('\u0000');
      const now = rfc3339(clock.now());
      try {
        const prior = seen.get(key);
        if (prior) {
          const existing = api.tryGet('events', prior.namespace, prior.name, { frozenResult: true });
          if (existing) {
            api.update({ ...existing, count: Number(existing.count ?? 1) + 1, lastTimestamp: now }, { frozenResult: true });
            return;
          }
        }
        // Nanosecond timestamps keep names unique and ordered; the sub-millisecond part is chance.
        let nanos = BigInt(clock.now()) * 1000000n + BigInt(random.int(1000000));
        if (nanos <= lastNanos) nanos = lastNanos + 1n;
        lastNanos = nanos;
        const name = `${md.name}.${nanos.toString(16)}`;
        const involvedObject: Record<string, unknown> = { apiVersion: involved.apiVersion, kind: involved.kind, name: md.name };
        if (md.namespace) involvedObject.namespace = md.namespace;
        if (md.uid) involvedObject.uid = md.uid;
        if (md.resourceVersion) involvedObject.resourceVersion = md.resourceVersion;
        if (fieldPath) involvedObject.fieldPath = fieldPath;
        const ev = {
          apiVersion: 'v1',
          kind: 'Event',
          metadata: { name, namespace },
          involvedObject,
          reason,
          message,
          source: source.host ? { component: source.component, host: source.host } : { component: source.component },
          firstTimestamp: now,
          lastTimestamp: now,
          count: 1,
          type,
          eventTime: null,
          reportingComponent: source.component,
          reportingInstance: source.host ?? '',
        };
        api.create(ev, { frozenResult: true, handOver: true });
        seen.set(key, { namespace, name });
      } catch {
        // A recorder never fails its caller (e.g. the namespace is terminating).
      }
    },
  };
}
