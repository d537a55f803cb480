import { describe, expect, it } from 'vitest';
import { createCluster, type SimCluster } from '../../../src/cluster/cluster.ts';
import { goDuration, processLifetime } from '../../../src/cluster/kubelet/index.ts';

function pod(c: SimCluster, name: string, container: Record<string, unknown>, spec: Record<string, unknown> = {}) {
  return c.api.create({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default' },
    spec: { nodeName: 'node1', containers: [{ name, ...container }], ...spec },
  });
}

const evs = (c: SimCluster, name: string) =>
  (c.api.list('events', 'default').filter((e: any) => e.involvedObject.name === name) as any[]).sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
const state = (c: SimCluster, name: string) => c.api.get('pods', 'default', name).status.containerStatuses[0].state;

describe('kubelet', () => {
  it('shows ContainerCreating while it pulls, then Running with ids, IPs and conditions', () => {
    const c = createCluster({ seed: 1 });
    pod(c, 'web', { image: 'nginx' });
    c.advance(1000);
    expect(state(c, 'web')).toEqual({ waiting: { reason: 'ContainerCreating' } });
    c.settle();
    const p = c.api.get('pods', 'default', 'web');
    expect(p.status.phase).toBe('Running');
    expect(p.status.hostIP).toBe('10.0.2.16');
    expect(p.status.podIP).toMatch(/^10\.44\.0\.\d+$/);
    expect(p.status.podIPs).toEqual([{ ip: p.status.podIP }]);
    expect(p.status.conditions.map((x: any) => `${x.type}=${x.status}`)).toEqual([
      'PodReadyToStartContainers=True',
      'Initialized=True',
      'Ready=True',
      'ContainersReady=True',
      'PodScheduled=True',
    ]);
    const cs = p.status.containerStatuses[0];
    expect(cs.containerID).toMatch(/^containerd:\/\/[0-9a-f]{64}$/);
    expect(cs.image).toBe('docker.io/library/nginx:latest');
    expect(cs.imageID).toMatch(/^docker\.io\/library\/nginx@sha256:[0-9a-f]{64}$/);
    expect(cs).toMatchObject({ ready: true, started: true, restartCount: 0, lastState: {} });
    expect(evs(c, 'web').map((e) => `${e.reason} ${e.message}`).slice(2)).toEqual(['Created Created container web', 'Started Started container web']);
    expect(evs(c, 'web')[0].source).toEqual({ component: 'kubelet', host: 'node1' });
    expect(evs(c, 'web')[0].involvedObject.fieldPath).toBe('spec.containers{web}');
  });

  it('uses a cached image when the policy allows, and still asks the registry with Always', () => {
    const c = createCluster({ seed: 2 });
    pod(c, 'first', { image: 'nginx:1.25' });
    c.settle();
    pod(c, 'second', { image: 'nginx:1.25' });
    pod(c, 'third', { image: 'nginx:1.25', imagePullPolicy: 'Always' });
    const took = c.settle();
    expect(took).toBeLessThan(3000);
    expect(evs(c, 'second').filter((e) => e.reason === 'Pulled').map((e) => e.message)).toEqual(['Container image "nginx:1.25" already present on machine']);
    const third = evs(c, 'third').map((e) => e.reason);
    expect(third).toEqual(['Pulling', 'Pulled', 'Created', 'Started']);
  });

  it('fails a missing tag with ErrImagePull, then backs off with ImagePullBackOff', () => {
    const c = createCluster({ seed: 3 });
    pod(c, 'bad', { image: 'nginx:doesnotexist' });
    c.advance(2500);
    expect(state(c, 'bad').waiting.reason).toBe('ErrImagePull');
    c.advance(3000);
    expect(state(c, 'bad').waiting.reason).toBe('ImagePullBackOff');
    expect(c.api.get('pods', 'default', 'bad').status.phase).toBe('Pending');
    c.advance(120_000);
    const list = evs(c, 'bad');
    const failed = list.filter((e) => e.reason === 'Failed').map((e) => e.message);
    expect(failed).toContain(
      'Failed to pull image "nginx:doesnotexist": rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/nginx:doesnotexist": failed to resolve reference "docker.io/library/nginx:doesnotexist": docker.io/library/nginx:doesnotexist: not found',
    );
    expect(failed).toContain('Error: ErrImagePull');
    expect(failed).toContain('Error: ImagePullBackOff');
    expect(list.find((e) => e.reason === 'BackOff').message).toBe('Back-off pulling image "nginx:doesnotexist"');
    // retried with a growing back-off: a handful of pulls in two minutes, not one per resync
    const pulls = list.find((e) => e.reason === 'Pulling').count;
    expect(pulls).toBeGreaterThanOrEqual(3);
    expect(pulls).toBeLessThanOrEqual(5);
  });

  it('stops nginx promptly on delete and removes the pod object', () => {
    const c = createCluster({ seed: 4 });
    pod(c, 'web', { image: 'nginx' });
    c.settle();
    c.api.delete('pods', 'default', 'web');
    c.advance(10);
    expect(c.api.get('pods', 'default', 'web').metadata.deletionTimestamp).toBeDefined();
    expect(evs(c, 'web').filter((e) => e.reason === 'Killing').map((e) => e.message)).toEqual(['Stopping container web']);
    c.advance(1500);
    expect(c.api.tryGet('pods', 'default', 'web')).toBeUndefined();
  });

  it('waits out the grace period for a process that ignores SIGTERM', () => {
    const c = createCluster({ seed: 5 });
    pod(c, 'sleeper', { image: 'busybox', command: ['sleep', '3600'] });
    c.settle();
    expect(c.api.get('pods', 'default', 'sleeper').status.phase).toBe('Running');
    c.api.delete('pods', 'default', 'sleeper');
    c.advance(25_000);
    expect(c.api.tryGet('pods', 'default', 'sleeper')).toBeDefined();
    c.advance(6_000);
    expect(c.api.tryGet('pods', 'default', 'sleeper')).toBeUndefined();
  });

  it('restarts a container that exits, into CrashLoopBackOff', () => {
    const c = createCluster({ seed: 6 });
    pod(c, 'crashy', { image: 'busybox' });
    c.advance(60_000);
    const cs = c.api.get('pods', 'default', 'crashy').status.containerStatuses[0];
    expect(cs.restartCount).toBeGreaterThanOrEqual(2);
    expect(cs.lastState.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
    expect(evs(c, 'crashy').some((e) => e.reason === 'BackOff' && e.message.startsWith('Back-off restarting failed container crashy in pod crashy_default('))).toBe(true);
  });

  it('formats durations like Go and reads a command for how long it runs', () => {
    expect(goDuration(3412)).toBe('3.412s');
    expect(goDuration(3400)).toBe('3.4s');
    expect(goDuration(412)).toBe('412ms');
    expect(goDuration(62_500)).toBe('1m2.5s');
    expect(goDuration(300_000)).toBe('5m0s');
    expect(processLifetime({ command: ['sleep', '10'] }, { exits: { code: 0, afterMs: 20 }, stop: [1, 2] })).toEqual({ afterMs: 10_000, exitCode: 0 });
    expect(processLifetime({}, { stop: [1, 2] })).toBeUndefined();
    expect(processLifetime({ command: ['sh', '-c', 'while true; do sleep 1; done'] }, { exits: { code: 0, afterMs: 20 }, stop: [1, 2] })).toBeUndefined();
  });
});
