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
import type { EdgeApplication } from '@edge-gitops/plugin-edge-gitops-common';
import {
  EdgePublisher,
  nodeGroupsFromEntities,
} from '@edge-gitops/plugin-edge-gitops-node';
import request from 'supertest';
import { parse, parseAllDocuments } from 'yaml';
import edgeGitopsPlugin from '.';
import { eventually } from './testing/eventually';
import { FAST_SIMULATOR_TIMINGS } from './__testUtils__/batchBackend';

// The CronJob test waits for the next minute of the wall clock.
jest.setTimeout(120_000);

const root = path.resolve(__dirname, '../../..');
const nodeGroupsFile = path.join(root, 'examples/node-groups.yaml');
const sample = (name: string): EdgeApplication =>
  parse(
    fs.readFileSync(
      path.join(root, `examples/applications/${name}.yaml`),
      'utf8',
    ),
  );

const web = (
  nodeGroups: string[],
  name = 'web',
  image = 'nginx:1.27',
): EdgeApplication => ({
  apiVersion: 'edge-gitops.io/v1alpha1',
  kind: 'EdgeApplication',
  metadata: { name },
  spec: {
    targets: { nodeGroups },
    services: [{ name, replicas: 2, containers: [{ name, image }] }],
  },
});

describe('the simulated fleet behind the backend', () => {
  let backend: TestBackend;
  let publisher: EdgePublisher;
  const nodeGroups = nodeGroupsFromEntities(
    parseAllDocuments(fs.readFileSync(nodeGroupsFile, 'utf8')).map(d =>
      d.toJS(),
    ),
  ).nodeGroups;

  beforeAll(async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'eg-simulator-'));
    publisher = new EdgePublisher(
      { dataDir, defaultAuthor: { name: 't', email: 't@example.com' } },
      async () => undefined,
    );
    // Every minute on the minute: the test waits for the next one.
    const everyMinute = sample('hello-cron');
    everyMinute.spec.services![0].cronJob!.schedule = '* * * * *';
    for (const app of [
      web(['sh-01', 'sh-02']),
      web(['sh-01'], 'broken', 'registry.invalid/edge/web:1.0'),
      sample('app01'),
      sample('pi'),
      everyMinute,
    ])
      await publisher.publish(app, { nodeGroups });
    backend = await startTestBackend({
      features: [
        catalogPlugin,
        edgeGitopsPlugin,
        schedulerServiceFactory,
        mockServices.rootConfig.factory({
          data: {
            edgeGitops: {
              dataDir,
              simulator: {
                enabled: true,
                timings: FAST_SIMULATOR_TIMINGS,
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
    await backend?.stop();
  });

  const get = (url: string) =>
    request(backend.server)
      .get(url)
      .set('Authorization', mockCredentials.user.header());
  const post = (url: string) =>
    request(backend.server)
      .post(url)
      .set('Authorization', mockCredentials.user.header());
  const status = (app: string) =>
    get(`/api/edge-gitops/applications/${app}/status`).then(r => r.body);
  const item = (body: any, nodeGroup: string) =>
    body.items?.find((i: any) => i.nodeGroup === nodeGroup);

  it('gives every node group a simulated cluster, said so in the API', async () => {
    const items = await eventually(async () => {
      const res = await get('/api/edge-gitops/clusters');
      return res.body.items?.length === 4 &&
        res.body.items.every((c: any) => c.reachable && c.gitopsAgents?.length)
        ? res.body.items
        : undefined;
    }, 'four reachable clusters');
    expect(
      items.map((c: any) => [c.nodeGroup, c.simulated, c.gitopsAgents]),
    ).toEqual([
      ['gz-01', true, ['Flux']],
      ['sh-01', true, ['Flux']],
      ['sh-02', true, ['Flux']],
      ['sz-01', true, ['Flux']],
    ]);
  });

  it('syncs what was published and runs it: the Deployment Current, git Synced to the head', async () => {
    const body = await eventually(async () => {
      const b = await status('web');
      return b.items?.length === 2 && b.status === 'Current' ? b : undefined;
    }, 'web Current on sh-01 and sh-02');
    const sh01 = item(body, 'sh-01');
    expect(sh01.sync).toMatchObject({ state: 'Synced', agent: 'Flux' });
    expect(sh01.sync.revision).toMatch(/^[0-9a-f]{40}$/);
    expect(sh01.sync.revision).toBe(sh01.sync.head);
    expect(sh01.workloads[0]).toMatchObject({
      kind: 'Deployment',
      ready: 2,
      desired: 2,
    });
  });

  it('fails an image that can never be pulled, with its reason', async () => {
    const body = await eventually(async () => {
      const b = await status('broken');
      return item(b, 'sh-01')?.status === 'Failed' ? b : undefined;
    }, 'broken Failed');
    const workload = item(body, 'sh-01').workloads[0];
    expect(workload.message).toMatch(/Progress deadline exceeded/);
    expect(workload.failingPods[0].reason).toMatch(
      /ErrImagePull|ImagePullBackOff/,
    );
    expect(workload.warnings.map((w: any) => w.message).join('\n')).toMatch(
      /Failed to pull image "registry.invalid\/edge\/web:1.0".*no such host/,
    );
  });

  it('lands the DaemonSet only on the nodes its node selector matches', async () => {
    const body = await eventually(async () => {
      const b = await status('app01');
      return b.status === 'Current' ? b : undefined;
    }, 'app01 Current');
    // One node per cluster is labelled demo=02.
    for (const nodeGroup of ['sh-01', 'sh-02'])
      expect(item(body, nodeGroup).workloads[0]).toMatchObject({
        kind: 'DaemonSet',
        ready: 1,
        desired: 1,
      });
  });

  it('runs a Job to completion', async () => {
    const body = await eventually(async () => {
      const b = await status('pi');
      return b.status === 'Current' ? b : undefined;
    }, 'pi complete');
    expect(item(body, 'sh-02').workloads[0]).toMatchObject({
      kind: 'Job',
      job: { succeeded: 1, completions: 1 },
    });
  });

  it('prunes what was untargeted', async () => {
    await publisher.publish(web(['sh-02']), { nodeGroups });
    await eventually(async () => {
      const res = await get('/api/edge-gitops/applications?q=web');
      const app = res.body.items?.find((a: any) => a.application === 'web');
      return app &&
        app.nodeGroups.map((n: any) => n.nodeGroup).join() === 'sh-02'
        ? app
        : undefined;
    }, 'web only on sh-02');
    const body = await status('web');
    expect(body.items.map((i: any) => i.nodeGroup)).toEqual(['sh-02']);
  });

  it('takes a cluster offline (Unknown, with when it was last seen) and brings it back', async () => {
    const off = await post('/api/edge-gitops/simulator/clusters/sh-02/offline');
    expect(off.status).toBe(200);
    expect(off.body).toEqual({ nodeGroup: 'sh-02', offline: true });
    const unknown = await eventually(async () => {
      const b = await status('pi');
      return item(b, 'sh-02')?.status === 'Unknown'
        ? item(b, 'sh-02')
        : undefined;
    }, 'sh-02 Unknown');
    expect(unknown.summary).toMatch(
      /^cluster not reachable, last seen \d{4}-.*; last known: Current$/,
    );
    expect(unknown.connection).toMatchObject({
      reachable: false,
      simulated: true,
    });
    await post('/api/edge-gitops/simulator/clusters/sh-02/online').expect(200);
    await eventually(async () => {
      const b = await status('pi');
      return item(b, 'sh-02')?.status === 'Current' ? b : undefined;
    }, 'sh-02 back');
  });

  it('refuses the simulator routes without a signed-in user or for an unknown node group', async () => {
    await request(backend.server)
      .post('/api/edge-gitops/simulator/clusters/sh-02/offline')
      .set('Authorization', mockCredentials.user.invalidHeader())
      .expect(401);
    await request(backend.server)
      .post('/api/edge-gitops/simulator/clusters/sh-02/offline')
      .set('Authorization', mockCredentials.service.header())
      .expect(403);
    const unknown = await post(
      '/api/edge-gitops/simulator/clusters/nope/offline',
    );
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatchObject({
      name: 'NotFoundError',
      message: 'node group "nope" has no simulated cluster',
    });
  });

  it('fires a CronJob on its schedule', async () => {
    const body = await eventually(
      async () => {
        const b = await status('hello-cron');
        const cronJob = item(b, 'gz-01')?.workloads.find(
          (w: any) => w.kind === 'CronJob',
        );
        return cronJob?.cronJob?.lastSuccessfulTime ? b : undefined;
      },
      'a Job of the CronJob completed',
      900,
    );
    const workloads = item(body, 'gz-01').workloads;
    const cronJob = workloads.find((w: any) => w.kind === 'CronJob');
    expect(new Date(cronJob.cronJob.lastScheduleTime).getUTCSeconds()).toBe(0);
    expect(workloads.some((w: any) => w.kind === 'Job')).toBe(true);
  });
});
