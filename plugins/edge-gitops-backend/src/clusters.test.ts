import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import {
  EdgePublisher,
  nodeGroupsFromEntities,
  resolveBranch,
} from '@edge-gitops/plugin-edge-gitops-node';
import {
  KubeApiServer,
  startKubeApiServer,
} from '@edge-gitops/plugin-edge-gitops-node/testUtils';
import request from 'supertest';
import { parseAllDocuments } from 'yaml';
import edgeGitopsPlugin from '.';
import { eventually } from './testing/eventually';

jest.setTimeout(60_000);

const root = path.resolve(__dirname, '../../..');
const nodeGroupsFile = path.join(root, 'examples/node-groups.yaml');

function deployment(nodeGroup: string, ready: number) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'web',
      namespace: 'default',
      generation: 3,
      labels: {
        'app.kubernetes.io/name': 'web',
        'app.kubernetes.io/part-of': 'web',
        'app.kubernetes.io/managed-by': 'edge-gitops',
        'edge-gitops.io/node-group': nodeGroup,
      },
    },
    spec: { replicas: 2 },
    status: {
      observedGeneration: 3,
      replicas: 2,
      updatedReplicas: 2,
      readyReplicas: ready,
      availableReplicas: ready,
      conditions: [
        {
          type: 'Progressing',
          status: 'True',
          reason: 'NewReplicaSetAvailable',
        },
      ],
    },
  };
}

const agentLabels = (nodeGroup: string) => ({
  'app.kubernetes.io/managed-by': 'edge-gitops',
  'edge-gitops.io/node-group': nodeGroup,
});

describe('application status from three clusters, one of them down', () => {
  let backend: TestBackend;
  let sh01: KubeApiServer;
  let sh02: KubeApiServer;
  let sh01Head: string;
  let publisher: EdgePublisher;
  let nodeGroups: ReturnType<typeof nodeGroupsFromEntities>['nodeGroups'];

  beforeAll(async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'eg-status-'));
    // sh-01 runs Flux, sh-02 Argo CD.
    sh01 = await startKubeApiServer({
      version: 'v1.31.4+k3s1',
      crds: ['flux'],
    });
    sh02 = await startKubeApiServer({ version: 'v1.30.2', crds: ['argocd'] });
    sh01.apply(deployment('sh-01', 2));
    sh02.apply(deployment('sh-02', 1));
    sh02.apply({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'web-5d9f7-k2x8p.187a', namespace: 'default' },
      involvedObject: {
        kind: 'Pod',
        name: 'web-5d9f7-k2x8p',
        namespace: 'default',
      },
      reason: 'FailedScheduling',
      message: '0/1 nodes are available: 1 Insufficient memory.',
      type: 'Warning',
      count: 7,
      lastTimestamp: new Date().toISOString(),
      source: { component: 'default-scheduler' },
    });
    const entities = parseAllDocuments(
      fs.readFileSync(nodeGroupsFile, 'utf8'),
    ).map(d => d.toJS());
    publisher = new EdgePublisher(
      { dataDir, defaultAuthor: { name: 't', email: 't@example.com' } },
      async () => undefined,
    );
    nodeGroups = nodeGroupsFromEntities(entities).nodeGroups;
    await publisher.publish(
      {
        apiVersion: 'edge-gitops.io/v1alpha1',
        kind: 'EdgeApplication',
        metadata: { name: 'web' },
        spec: {
          targets: { nodeGroups: ['sh-01', 'sh-02', 'gz-01'] },
          services: [
            {
              name: 'web',
              replicas: 2,
              containers: [{ name: 'web', image: 'nginx:1.27' }],
            },
          ],
        },
      },
      { nodeGroups },
    );
    sh01Head = (await resolveBranch(
      path.join(dataDir, 'repos/sh-01.git'),
      'main',
    ))!;
    sh01.apply({
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
      kind: 'Kustomization',
      metadata: {
        name: 'edge-gitops',
        namespace: 'flux-system',
        labels: agentLabels('sh-01'),
      },
      spec: { interval: '1m', path: './', prune: true },
      status: {
        lastAppliedRevision: `main@sha1:${sh01Head}`,
        lastAttemptedRevision: `main@sha1:${sh01Head}`,
        conditions: [
          { type: 'Ready', status: 'True', reason: 'ReconciliationSucceeded' },
        ],
      },
    });
    sh02.apply({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: {
        name: 'edge-gitops-sh-02',
        namespace: 'argocd',
        labels: agentLabels('sh-02'),
      },
      spec: { project: 'default' },
      status: {
        sync: {
          status: 'OutOfSync',
          revision: '0123456789abcdef0123456789abcdef01234567',
        },
        operationState: { phase: 'Running', message: 'waiting for completion' },
        resources: [{ kind: 'Deployment', name: 'web', status: 'OutOfSync' }],
      },
    });
    backend = await startTestBackend({
      features: [
        catalogPlugin,
        edgeGitopsPlugin,
        schedulerServiceFactory,
        mockServices.rootConfig.factory({
          data: {
            edgeGitops: {
              dataDir,
              clusters: {
                'sh-01': {
                  url: sh01.url,
                  caData: sh01.caData,
                  serviceAccountToken: sh01.token,
                },
                'sh-02': {
                  url: sh02.url,
                  caData: sh02.caData,
                  serviceAccountToken: sh02.token,
                },
                // Nothing listens here: the cluster is down.
                'gz-01': {
                  url: 'https://127.0.0.1:9',
                  skipTLSVerify: true,
                  serviceAccountToken: 'x',
                },
              },
            },
            catalog: {
              rules: [{ allow: ['Resource', 'Location'] }],
              locations: [{ type: 'file', target: nodeGroupsFile }],
            },
          },
        }),
      ],
    });
  });

  afterAll(async () => {
    await backend.stop();
    await sh01.close();
    await sh02.close();
  });

  const get = (url: string) =>
    request(backend.server)
      .get(url)
      .set('Authorization', mockCredentials.user.header());
  const post = (url: string, body: unknown) =>
    request(backend.server)
      .post(url)
      .send(body as object)
      .set('Authorization', mockCredentials.user.header());

  it('shows each cluster connection: reachable with its version, or the error', async () => {
    const items = await eventually(async () => {
      const res = await get('/api/edge-gitops/clusters');
      const up = res.body.items.filter((c: any) => c.reachable).length;
      const down = res.body.items.find((c: any) => c.nodeGroup === 'gz-01');
      return up === 2 && down?.lastError ? res.body.items : undefined;
    }, 'two reachable clusters and one error');
    expect(
      items.map((c: any) => [c.nodeGroup, c.reachable, c.kubernetesVersion]),
    ).toEqual([
      ['gz-01', false, undefined],
      ['sh-01', true, 'v1.31.4+k3s1'],
      ['sh-02', true, 'v1.30.2'],
    ]);
  });

  it('answers the application per node group; the cluster that is down is Unknown without breaking the others', async () => {
    const body = await eventually(async () => {
      const res = await get('/api/edge-gitops/applications/web/status');
      // Published node groups come from the catalog, which ingests the samples within seconds.
      const ready =
        res.body.items?.length === 3 &&
        res.body.items.find((i: any) => i.nodeGroup === 'sh-01')?.status ===
          'Current';
      return ready ? res.body : undefined;
    }, 'three node groups, sh-01 current');
    expect(body.items.map((i: any) => [i.nodeGroup, i.status])).toEqual([
      ['gz-01', 'Unknown'],
      ['sh-01', 'Current'],
      ['sh-02', 'InProgress'],
    ]);
    expect(body.status).toBe('Unknown');
    expect(body.summary).toBe('1 of 3 node groups current');
    const inProgress = body.items.find((i: any) => i.nodeGroup === 'sh-02');
    expect(inProgress.workloads[0]).toMatchObject({
      kind: 'Deployment',
      name: 'web',
      ready: 1,
      desired: 2,
      message: 'Available: 1/2',
    });
  });

  it('gives each node group its sync against the git head and each workload its recent warnings', async () => {
    const body = await eventually(async () => {
      const res = await get('/api/edge-gitops/applications/web/status');
      const argo = res.body.items?.find((i: any) => i.nodeGroup === 'sh-02');
      return argo?.workloads[0]?.warnings.length && argo.sync.agent
        ? res.body
        : undefined;
    }, 'the warning event and the Argo CD application');
    const by = (g: string) => body.items.find((i: any) => i.nodeGroup === g);
    expect(by('sh-01').sync).toEqual({
      state: 'Synced',
      agent: 'Flux',
      source: 'flux-system/edge-gitops',
      revision: sh01Head,
      head: sh01Head,
      message: `Applied ${sh01Head.slice(0, 7)}`,
    });
    expect(by('sh-02').sync).toMatchObject({
      state: 'Pending',
      agent: 'Argo CD',
      revision: '0123456789abcdef0123456789abcdef01234567',
    });
    expect(by('sh-02').sync.message).toMatch(
      /^OutOfSync at 0123456, head is [0-9a-f]{7}: syncing$/,
    );
    expect(by('gz-01').sync.state).toBe('Unknown');
    expect(by('sh-02').workloads[0].warnings).toEqual([
      {
        object: 'Pod/web-5d9f7-k2x8p',
        reason: 'FailedScheduling',
        message: '0/1 nodes are available: 1 Insufficient memory.',
        count: 7,
        lastSeen: expect.any(String),
      },
    ]);
  });

  it('lists node groups with their cluster connection and sync', async () => {
    const res = await get('/api/edge-gitops/node-groups');
    expect(res.status).toBe(200);
    const by = (g: string) => res.body.items.find((i: any) => i.name === g);
    expect(by('sh-01')).toMatchObject({
      repository: { local: true, head: sh01Head },
      connection: { reachable: true, gitopsAgents: ['Flux'] },
      sync: { state: 'Synced' },
    });
    expect(by('gz-01').connection.reachable).toBe(false);
    expect(by('sz-01')).toMatchObject({
      connection: {
        reachable: false,
        lastError:
          'no edgeGitops.clusters.sz-01 in app-config, and no reporter',
      },
      sync: { state: 'Unknown' },
    });
  });

  it('lists applications with a roll-up, searched fuzzily and paginated', async () => {
    const res = await get('/api/edge-gitops/applications?q=wb&limit=10');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ totalItems: 1, offset: 0, limit: 10 });
    // Published to three node groups (the index), one of which nobody can see (gz-01 down).
    expect(res.body.items[0]).toMatchObject({
      application: 'web',
      publishedTo: 3,
      status: 'Unknown',
      summary: '1 of 3 node groups current',
    });
    const none = await get('/api/edge-gitops/applications?q=zzz');
    expect(none.body.items).toEqual([]);
  });

  it('reports the workloads git places that a cluster lacks as NotFound, as soon as a pipeline pushed them', async () => {
    // Published from the command line: nothing tells the backend but the moved head.
    await publisher.publish(
      {
        apiVersion: 'edge-gitops.io/v1alpha1',
        kind: 'EdgeApplication',
        metadata: { name: 'api' },
        spec: {
          targets: { nodeGroups: ['sh-01'] },
          services: [
            {
              name: 'api',
              containers: [
                {
                  name: 'api',
                  image: 'registry.local/api:2.0',
                  ports: [{ containerPort: 8080, hostPort: 18080 }],
                },
              ],
            },
            {
              name: 'agent',
              kind: 'DaemonSet',
              containers: [{ name: 'agent', image: 'registry.local/agent:1' }],
            },
          ],
        },
      },
      { nodeGroups },
    );
    const body = await eventually(async () => {
      const res = await get('/api/edge-gitops/applications/api/status');
      return res.body.items?.length === 1 ? res.body : undefined;
    }, 'api published to sh-01');
    expect(body).toMatchObject({
      status: 'NotFound',
      items: [{ nodeGroup: 'sh-01', status: 'NotFound' }],
    });
    expect(
      body.items[0].workloads.map((w: any) => [w.kind, w.name, w.status]),
    ).toEqual([
      ['DaemonSet', 'agent', 'NotFound'],
      ['Deployment', 'api', 'NotFound'],
    ]);

    const list = await get('/api/edge-gitops/applications?q=api');
    expect(list.body.items[0]).toMatchObject({
      application: 'api',
      publishedTo: 1,
      status: 'NotFound',
      nodeGroups: [{ nodeGroup: 'sh-01', status: 'NotFound' }],
    });

    const held = await get('/api/edge-gitops/node-groups/sh-01/applications');
    expect(held.status).toBe(200);
    expect(held.body.head).toMatch(/^[0-9a-f]{40}$/);
    expect(
      held.body.items.map((a: any) => [a.application, a.images, a.hostPorts]),
    ).toEqual([
      [
        'api',
        ['registry.local/agent:1', 'registry.local/api:2.0'],
        ['18080/TCP'],
      ],
      ['web', ['nginx:1.27'], []],
    ]);
    const placements = await get(
      '/api/edge-gitops/applications/api/placements',
    );
    expect(
      placements.body.items
        .filter((p: any) => p.published)
        .map((p: any) => [p.nodeGroup, p.head, p.images]),
    ).toEqual([
      [
        'sh-01',
        held.body.head,
        ['registry.local/agent:1', 'registry.local/api:2.0'],
      ],
    ]);
  });

  it('refreshes the index on request, naming a bad field or an unknown node group', async () => {
    const ok = await post('/api/edge-gitops/placements/refresh', {
      nodeGroups: ['sh-01'],
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ nodeGroups: ['sh-01'] });
    const bad = await post('/api/edge-gitops/placements/refresh', {
      nodeGroups: 'sh-01',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe(
      'nodeGroups: must be a list of node group names',
    );
    const unknown = await post('/api/edge-gitops/placements/refresh', {
      nodeGroups: ['nowhere'],
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toBe(
      'nodeGroups: no node group "nowhere" in the catalog',
    );
    const missing = await get(
      '/api/edge-gitops/node-groups/nowhere/applications',
    );
    expect(missing.status).toBe(404);
  });
});
