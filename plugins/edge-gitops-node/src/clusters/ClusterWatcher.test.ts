import { applicationsInNodeGroup } from '@edge-gitops/plugin-edge-gitops-common';
import { startKubeApiServer, KubeApiServer } from '../testing/kubeApiServer';
import { ClusterWatcher } from './ClusterWatcher';
import { kubeConfigFor } from './clusterConnections';

jest.setTimeout(30_000);

const labels = (app: string, name: string) => ({
  'app.kubernetes.io/name': name,
  'app.kubernetes.io/part-of': app,
  'app.kubernetes.io/managed-by': 'edge-gitops',
  'edge-gitops.io/node-group': 'sh-01',
});

function deployment(name: string, ready: number, extra: object = {}) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name,
      namespace: 'default',
      generation: 1,
      labels: labels('web', name),
      managedFields: [
        { manager: 'kubectl', operation: 'Apply', fieldsV1: { 'f:spec': {} } },
      ],
    },
    spec: { replicas: 2 },
    status: {
      observedGeneration: 1,
      replicas: 2,
      updatedReplicas: 2,
      readyReplicas: ready,
      availableReplicas: ready,
      conditions: [
        { type: 'Available', status: ready === 2 ? 'True' : 'False' },
        {
          type: 'Progressing',
          status: 'True',
          reason: 'NewReplicaSetAvailable',
        },
      ],
    },
    ...extra,
  };
}

async function until<T>(fn: () => T | undefined, what: string): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const v = fn();
    if (v !== undefined && v !== false) return v;
    await new Promise(r => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('ClusterWatcher against a Kubernetes API server over HTTPS', () => {
  let api: KubeApiServer;
  let watcher: ClusterWatcher | undefined;

  beforeEach(async () => {
    api = await startKubeApiServer();
    api.apply(deployment('web', 2));
    api.apply({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {
        name: 'unmanaged',
        namespace: 'default',
        labels: { app: 'x' },
      },
      spec: {},
      status: {},
    });
    api.apply({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: 'web-7f9-abc',
        namespace: 'default',
        labels: labels('web', 'web'),
      },
      status: {
        phase: 'Pending',
        containerStatuses: [
          {
            name: 'web',
            state: {
              waiting: {
                reason: 'ImagePullBackOff',
                message: 'Back-off pulling image "nginx:nope"',
              },
            },
          },
        ],
      },
    });
  });
  afterEach(async () => {
    await watcher?.stop();
    watcher = undefined;
    await api.close();
  });

  const connect = (token = api.token) =>
    new ClusterWatcher(
      'sh-01',
      kubeConfigFor({
        nodeGroup: 'sh-01',
        url: api.url,
        caData: api.caData,
        serviceAccountToken: token,
      }),
      { maxRetryDelayMs: 200 },
    );

  it('lists only managed objects, without managedFields, and reports the connection', async () => {
    watcher = connect();
    await watcher.start();
    const objects = await until(
      () => (watcher!.objects().length === 2 ? watcher!.objects() : undefined),
      'the initial list',
    );
    expect(objects.map(o => `${o.kind}/${o.metadata!.name}`).sort()).toEqual([
      'Deployment/web',
      'Pod/web-7f9-abc',
    ]);
    expect(objects.every(o => !(o.metadata as any).managedFields)).toBe(true);
    expect(watcher.connection()).toMatchObject({
      nodeGroup: 'sh-01',
      reachable: true,
      kubernetesVersion: 'v1.31.4+k3s1',
    });
    expect(
      api.requests.some(
        r =>
          r.includes(
            'labelSelector=app.kubernetes.io%2Fmanaged-by%3Dedge-gitops',
          ) ||
          r.includes('labelSelector=app.kubernetes.io/managed-by=edge-gitops'),
      ),
    ).toBe(true);
    const [status] = applicationsInNodeGroup('sh-01', objects);
    expect(status).toMatchObject({ application: 'web', status: 'Current' });
    expect(status.workloads[0]).toMatchObject({
      name: 'web',
      ready: 2,
      desired: 2,
      failingPods: [
        { pod: 'web-7f9-abc', container: 'web', reason: 'ImagePullBackOff' },
      ],
    });
  });

  it('follows changes through the watch, resumed from its resourceVersion', async () => {
    watcher = connect();
    await watcher.start();
    await until(() => watcher!.objects().length === 2, 'the initial list');
    api.apply(deployment('web', 1));
    await until(
      () =>
        watcher!
          .objects()
          .find(
            o =>
              o.kind === 'Deployment' && (o as any).status.readyReplicas === 1,
          ),
      'the watched update',
    );
    expect(applicationsInNodeGroup('sh-01', watcher.objects())[0].status).toBe(
      'InProgress',
    );
    api.remove('Pod', 'default', 'web-7f9-abc');
    await until(() => watcher!.objects().length === 1, 'the watched delete');
    expect(
      api.requests.filter(r => r.includes('watch=true')).length,
    ).toBeGreaterThanOrEqual(5);
  });

  it('relists after 410 Gone when its resourceVersion has been compacted away', async () => {
    watcher = connect();
    await watcher.start();
    await until(() => watcher!.objects().length === 2, 'the initial list');
    const lists = () =>
      api.requests.filter(
        r =>
          r.startsWith('GET /apis/apps/v1/deployments') &&
          !r.includes('watch=true'),
      ).length;
    const before = lists();
    api.apply(
      deployment('api', 2, {
        metadata: {
          name: 'api',
          namespace: 'default',
          generation: 1,
          labels: labels('web', 'api'),
        },
      }),
    );
    api.compact();
    api.dropWatches();
    await until(() => lists() > before, 'a relist');
    await until(
      () => watcher!.objects().some(o => o.metadata!.name === 'api'),
      'the object created before the compaction',
    );
  });

  it('keeps the last known objects and says why while the cluster fails, then recovers', async () => {
    watcher = connect();
    await watcher.start();
    await until(() => watcher!.objects().length === 2, 'the initial list');
    const lastSeen = watcher.connection().lastSeen;
    api.failWith(500);
    api.dropWatches();
    await until(() => !watcher!.connection().reachable, 'the failure');
    expect(watcher.connection().lastError).toBeDefined();
    expect(watcher.connection().lastSeen).toBe(lastSeen);
    expect(watcher.objects()).toHaveLength(2);
    api.failWith(undefined);
    await until(() => watcher!.connection().reachable, 'the recovery');
  });

  it('reports a refused token as unreachable with a clear reason', async () => {
    watcher = connect('wrong-token');
    await watcher.start();
    await until(() => watcher!.connection().lastError, 'an error');
    expect(watcher.connection()).toMatchObject({ reachable: false });
    expect(watcher.connection().lastError).toMatch(
      /401|Unauthorized|refused the credentials/,
    );
    expect(watcher.objects()).toEqual([]);
  });
});
