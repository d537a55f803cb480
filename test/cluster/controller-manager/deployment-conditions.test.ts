import { describe, expect, it } from 'vitest';
import { createCluster, type SimCluster } from '../../../src/cluster/cluster.ts';

function deploy(c: SimCluster, name: string, replicas: number) {
  c.api.create({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default' },
    spec: { replicas, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'nginx', image: 'nginx' }] } } },
  });
}

const conditions = (c: SimCluster, name: string) => c.api.get('deployments', 'default', name).status.conditions as any[];
const rows = (c: SimCluster, name: string) => conditions(c, name).map((x) => `${x.type} ${x.status} ${x.reason}`);

// `kubectl describe deploy` prints conditions in stored order; SetDeploymentCondition appends a changed one.
describe('Deployment conditions (SetDeploymentCondition)', () => {
  it('after a rollout lists Available before Progressing, as describe shows on a real cluster', () => {
    const c = createCluster({ seed: 1 });
    c.settle();
    deploy(c, 'web', 3);
    c.settle();
    expect(rows(c, 'web')).toEqual(['Available True MinimumReplicasAvailable', 'Progressing True NewReplicaSetAvailable']);
  });

  it('keeps Progressing lastTransitionTime while its status stays True, and refreshes lastUpdateTime', () => {
    const c = createCluster({ seed: 1 });
    c.settle();
    deploy(c, 'web', 3);
    const t0 = c.clock.now();
    c.advance(100);
    const created = conditions(c, 'web').find((x) => x.type === 'Progressing');
    expect(created.status).toBe('True');
    c.advance(30_000);
    c.settle();
    const done = conditions(c, 'web').find((x) => x.type === 'Progressing');
    expect(done.reason).toBe('NewReplicaSetAvailable');
    expect(done.lastTransitionTime).toBe(created.lastTransitionTime);
    expect(Date.parse(done.lastUpdateTime)).toBeGreaterThan(t0 + 1000);
  });

  it('after scaling up, Available moves last (it flipped), Progressing stays put (upstream leaves a complete rollout alone)', () => {
    const c = createCluster({ seed: 1 });
    c.settle();
    deploy(c, 'web', 1);
    c.settle();
    c.api.patch('deployments', 'default', 'web', (d) => {
      d.spec.replicas = 4;
    });
    c.settle();
    expect(rows(c, 'web')).toEqual(['Progressing True NewReplicaSetAvailable', 'Available True MinimumReplicasAvailable']);
  });
});
