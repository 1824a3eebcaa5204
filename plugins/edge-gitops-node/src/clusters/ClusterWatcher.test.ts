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

  const connect = (token = api.token, server = api, logger?: any) =>
    new ClusterWatcher(
      'sh-01',
      kubeConfigFor({
        nodeGroup: 'sh-01',
        url: server.url,
        caData: server.caData,
        serviceAccountToken: token,
      }),
      {
        maxRetryDelayMs: 200,
        requestTimeoutMs: 1000,
        versionIntervalMs: 300,
        absentRetryMs: 300,
        logger,
      },
    );

  it('reopens a quiet watch after watchIdleTimeoutMs, not before, and stays reachable', async () => {
    const quiet = new ClusterWatcher(
      'sh-01',
      kubeConfigFor({
        nodeGroup: 'sh-01',
        url: api.url,
        caData: api.caData,
        serviceAccountToken: api.token,
      }),
      { watchIdleTimeoutMs: 400, versionIntervalMs: 60_000 },
    );
    watcher = quiet;
    await quiet.start();
    const watches = () =>
      api.requests.filter(r =>
        r.startsWith('GET /apis/apps/v1/deployments?watch=true'),
      ).length;
    await until(
      () => (watches() >= 3 ? true : undefined),
      'the watch reopened',
    );
    expect(quiet.connection().reachable).toBe(true);
    // With the default, the same quiet second reopens nothing.
    const before = watches();
    await quiet.stop();
    watcher = connect();
    await watcher.start();
    await new Promise(r => setTimeout(r, 1000));
    expect(watches() - before).toBe(1);
  });

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
    expect(lists()).toBeGreaterThan(before);
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

  it('logs each change of reachability once, never on every retry, and never the token', async () => {
    const logger = { info: jest.fn(), warn: jest.fn() };
    watcher = connect(api.token, api, logger);
    await watcher.start();
    await until(() => watcher!.objects().length === 2, 'the initial list');
    api.failWith(500);
    api.dropWatches();
    await until(() => !watcher!.connection().reachable, 'the failure');
    // Several retries (backoff from 1 s, capped at 200 ms here) while it stays down.
    await new Promise(r => setTimeout(r, 1500));
    api.failWith(undefined);
    await until(() => watcher!.connection().reachable, 'the recovery');
    const lines = [...logger.info.mock.calls, ...logger.warn.mock.calls].map(
      c => String(c[0]),
    );
    expect(logger.warn.mock.calls.map(c => c[0])).toEqual([
      expect.stringMatching(/^cluster of node group sh-01 is not reachable: /),
    ]);
    expect(
      logger.info.mock.calls.filter(c => /is reachable$/.test(c[0])),
    ).toHaveLength(2);
    expect(lines.join('\n')).not.toContain(api.token);
  });

  it('logs a refused token once, without the token', async () => {
    const logger = { info: jest.fn(), warn: jest.fn() };
    watcher = connect('wrong-token-do-not-log', api, logger);
    await watcher.start();
    await until(() => watcher!.connection().lastError, 'an error');
    await new Promise(r => setTimeout(r, 1000));
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(logger.warn.mock.calls[0][0]).toContain(
      'refused the credentials (HTTP 401)',
    );
    expect(logger.warn.mock.calls[0][0]).not.toContain('wrong-token');
    expect(logger.info).not.toHaveBeenCalled();
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

  const warning = (
    name: string,
    namespace: string,
    involved: { kind: string; name: string },
    reason: string,
    type = 'Warning',
  ) => ({
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name, namespace },
    involvedObject: { ...involved, namespace, apiVersion: 'v1' },
    reason,
    message: `${reason}: Back-off pulling image "nginx:nope"`,
    type,
    count: 4,
    firstTimestamp: new Date(Date.now() - 60_000).toISOString(),
    lastTimestamp: new Date().toISOString(),
    source: { component: 'kubelet', host: 'edge-1' },
  });

  it('keeps recent Warning events about managed workloads only, and follows new ones', async () => {
    api.apply(
      warning(
        'web-7f9-abc.1',
        'default',
        { kind: 'Pod', name: 'web-7f9-abc' },
        'Failed',
      ),
    );
    api.apply(
      warning(
        'web-7f9-abc.2',
        'default',
        { kind: 'Pod', name: 'web-7f9-abc' },
        'Pulling',
        'Normal',
      ),
    );
    // A namespace without managed workloads: not ours, not kept.
    api.apply(
      warning(
        'db-0.1',
        'storage',
        { kind: 'Pod', name: 'db-0' },
        'FailedMount',
      ),
    );
    watcher = connect();
    await watcher.start();
    const events = () => watcher!.objects().filter(o => o.kind === 'Event');
    await until(
      () => events().length === 1 || undefined,
      JSON.stringify(watcher.connection()),
    );
    expect(
      api.requests.some(r => r.includes('fieldSelector=type%3DWarning')),
    ).toBe(true);
    api.apply(
      warning(
        'web.1',
        'default',
        { kind: 'Deployment', name: 'web' },
        'ProgressDeadlineExceeded',
      ),
    );
    await until(() => events().length === 2, 'the watched warning event');
    const [web] = applicationsInNodeGroup('sh-01', watcher.objects());
    expect(
      web.workloads[0].warnings.map(w => `${w.object} ${w.reason}`).sort(),
    ).toEqual([
      'Deployment/web ProgressDeadlineExceeded',
      'Pod/web-7f9-abc Failed',
    ]);
    api.remove('Event', 'default', 'web.1');
    await until(() => events().length === 1, 'the deleted event');
  });

  it('reads Flux Kustomizations when the CRD is installed', async () => {
    const flux = await startKubeApiServer({ crds: ['flux'] });
    try {
      flux.apply({
        apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
        kind: 'Kustomization',
        metadata: {
          name: 'edge-gitops',
          namespace: 'flux-system',
          labels: {
            'app.kubernetes.io/managed-by': 'edge-gitops',
            'edge-gitops.io/node-group': 'sh-01',
          },
        },
        spec: { interval: '1m', path: './', prune: true },
        status: {
          lastAppliedRevision:
            'main@sha1:4f1c2a9e8b7d6c5b4a39281706f5e4d3c2b1a098',
        },
      });
      watcher = connect(flux.token, flux);
      await watcher.start();
      await until(
        () => watcher!.objects().find(o => o.kind === 'Kustomization'),
        'the Kustomization',
      );
      expect(watcher.connection()).toMatchObject({
        reachable: true,
        gitopsAgents: ['Flux'],
      });
    } finally {
      await watcher?.stop();
      watcher = undefined;
      await flux.close();
    }
  });

  it('stays reachable when no GitOps agent CRD is installed (404), and looks again later', async () => {
    watcher = connect();
    await watcher.start();
    await until(() => watcher!.objects().length === 2, 'the initial list');
    const agentLists = () =>
      api.requests.filter(r =>
        r.startsWith('GET /apis/kustomize.toolkit.fluxcd.io'),
      ).length;
    const first = agentLists();
    await until(() => agentLists() > first, 'a second look for the Flux CRD');
    expect(watcher.connection()).toMatchObject({
      reachable: true,
      gitopsAgents: [],
    });
    expect(watcher.connection().lastError).toBeUndefined();
  });

  it('marks a stalled API server unreachable after the request timeout, keeping the last known state', async () => {
    watcher = connect();
    await watcher.start();
    await until(() => watcher!.objects().length === 2, 'the initial list');
    api.stall(true);
    api.dropWatches();
    await until(
      () => /timed out after 1s/.test(watcher!.connection().lastError ?? ''),
      'the timeout',
    );
    expect(watcher.connection().reachable).toBe(false);
    expect(watcher.objects()).toHaveLength(2);
    api.stall(false);
    await until(() => watcher!.connection().reachable, 'the recovery');
  });

  it('marks a server answering garbage unreachable without losing the last known state', async () => {
    watcher = connect();
    await watcher.start();
    await until(() => watcher!.objects().length === 2, 'the initial list');
    api.sendGarbage(true);
    api.dropWatches();
    await until(() => !watcher!.connection().reachable, 'the failure');
    expect(watcher.connection().lastError).toBeDefined();
    expect(watcher.objects()).toHaveLength(2);
    api.sendGarbage(false);
    await until(() => watcher!.connection().reachable, 'the recovery');
  });
});
