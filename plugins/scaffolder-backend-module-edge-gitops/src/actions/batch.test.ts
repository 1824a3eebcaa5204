import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogModuleTemplates from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
// The real backend plugin the action calls over HTTP, in the same test backend.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import edgeGitopsBackend from '@edge-gitops/plugin-edge-gitops-backend';
import request from 'supertest';
import scaffolderModule from '..';

jest.setTimeout(60_000);

const root = path.resolve(__dirname, '../../../..');

async function waitFor<T>(fn: () => Promise<T | undefined>, what: string) {
  for (let i = 0; i < 300; i++) {
    const v = await fn();
    if (v !== undefined) return v;
    await new Promise(r => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** The catalog, the scaffolder with our actions, and the edge-gitops backend in one backend. */
async function start() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'eg-batch-action-'));
  const { server } = await startTestBackend({
    features: [
      catalogPlugin,
      catalogModuleTemplates,
      scaffolderPlugin,
      scaffolderModule,
      edgeGitopsBackend,
      mockServices.rootConfig.factory({
        data: {
          edgeGitops: { dataDir, batch: { runFrequencySeconds: 3600 } },
          catalog: {
            rules: [{ allow: ['Resource', 'Template', 'Location'] }],
            locations: [
              {
                type: 'file',
                target: path.join(root, 'examples/node-groups.yaml'),
              },
              {
                type: 'file',
                target: path.join(root, 'templates/edge-batch/template.yaml'),
              },
            ],
          },
        },
      }),
    ],
  });
  const get = (url: string) =>
    request(server)
      .get(url)
      .set('Authorization', mockCredentials.user.header());
  await waitFor(
    async () =>
      (
        await get('/api/catalog/entities/by-name/template/default/edge-batch')
      ).status === 200 &&
      (
        await get('/api/catalog/entities/by-name/resource/default/sz-01')
      ).status === 200
        ? true
        : undefined,
    'the template and the node groups in the catalog',
  );
  return { server, get };
}

async function runTask(server: any, values: Record<string, unknown>) {
  const created = await request(server)
    .post('/api/scaffolder/v2/tasks')
    .set('Authorization', mockCredentials.user.header())
    .send({ templateRef: 'template:default/edge-batch', values });
  expect(created.status).toBe(201);
  return waitFor(async () => {
    const task = await request(server)
      .get(`/api/scaffolder/v2/tasks/${created.body.id}`)
      .set('Authorization', mockCredentials.user.header());
    if (!['completed', 'failed', 'cancelled'].includes(task.body.status))
      return undefined;
    const events = await request(server)
      .get(`/api/scaffolder/v2/tasks/${created.body.id}/events`)
      .set('Authorization', mockCredentials.user.header());
    return {
      status: task.body.status as string,
      log: events.body.map((e: any) => e.body.message).join('\n'),
      output: events.body.find((e: any) => e.type === 'completion')?.body
        .output,
    };
  }, 'the task');
}

describe('edge-gitops:batch in the edge-batch template', () => {
  it("starts a job on the backend as the person who ran the template, and links to the job's page", async () => {
    const { server, get } = await start();
    const task = await runTask(server, {
      name: 'kiosk',
      image: 'nginx:1.27',
      replicas: 2,
      matchLabels: { region: 'south' },
      canary: 1,
      size: '50%',
      maxUnavailable: '1',
      soakSeconds: 10,
      waveTimeoutSeconds: 300,
      unreachable: 'defer',
    });
    if (task.status !== 'completed') throw new Error(task.log);
    const link = task.output.links[0];
    expect(link.title).toBe('Follow the batch job');
    const id = /^\/edge-gitops\/batch-jobs\/([0-9a-f-]{36})$/.exec(
      link.url,
    )![1];
    expect(task.log).toContain(`started batch job ${id} for kiosk`);

    const job = (await get(`/api/edge-gitops/batch-jobs/${id}`)).body;
    expect(job).toMatchObject({
      application: 'kiosk',
      state: 'Queued',
      createdBy: mockCredentials.user().principal.userEntityRef,
      options: {
        waves: { canary: 1, size: '50%', waitSeconds: 0 },
        maxUnavailable: 1,
        soakSeconds: 10,
        waveTimeoutSeconds: 300,
        unreachable: 'defer',
      },
    });
    // region=south: gz-01 and sz-01; the canary first.
    expect(job.waves.map((w: any) => w.nodeGroups)).toEqual([
      ['gz-01'],
      ['sz-01'],
    ]);
  });

  it("fails the step with the backend's reason when the targets match nothing", async () => {
    const { server, get } = await start();
    const task = await runTask(server, {
      name: 'nowhere',
      image: 'nginx:1.27',
      matchLabels: { region: 'mars' },
    });
    expect(task.status).toBe('failed');
    expect(task.log).toContain(
      'spec.targets: no node group matches selector region=mars',
    );
    expect((await get('/api/edge-gitops/batch-jobs')).body.totalCount).toBe(0);
  });
});
