import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mockCredentials, TestBackend } from '@backstage/backend-test-utils';
import type {
  BatchJobDetail,
  EdgeApplication,
} from '@edge-gitops/plugin-edge-gitops-common';
import request from 'supertest';
import {
  startBatchBackend,
  trailerCommits,
} from './__testUtils__/batchBackend';
import { eventually } from './testing/eventually';

jest.setTimeout(120_000);

/** Every node group of examples/node-groups.yaml: sh-01, sh-02 (region east), gz-01, sz-01. */
const app = (name: string, image: string): EdgeApplication => ({
  apiVersion: 'edge-gitops.io/v1alpha1',
  kind: 'EdgeApplication',
  metadata: { name },
  spec: {
    targets: { nodeGroups: ['gz-01', 'sh-01', 'sh-02', 'sz-01'] },
    services: [{ name, replicas: 1, containers: [{ name, image }] }],
  },
});

describe('batch jobs', () => {
  let backend: TestBackend;
  let dataDir: string;

  const get = (url: string) =>
    request(backend.server)
      .get(url)
      .set('Authorization', mockCredentials.user.header());
  const post = (url: string, body?: object) =>
    request(backend.server)
      .post(url)
      .set('Authorization', mockCredentials.user.header())
      .send(body);
  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'eg-batch-'));
    backend = await startBatchBackend(dataDir);
    // The node groups (and their simulated clusters) are there before any job starts.
    await eventually(async () => {
      const res = await get('/api/edge-gitops/clusters');
      return res.body.items?.length === 4 &&
        res.body.items.every((c: any) => c.reachable)
        ? true
        : undefined;
    }, 'four reachable simulated clusters');
  });

  afterAll(async () => {
    await backend?.stop();
  });

  const job = (id: string): Promise<BatchJobDetail> =>
    get(`/api/edge-gitops/batch-jobs/${id}`).then(r => r.body);
  const until = (id: string, states: string[], attempts = 900) =>
    eventually(
      async () => {
        const j = await job(id);
        return states.includes(j.state) ? j : undefined;
      },
      `job ${id} ${states.join(' or ')}`,
      attempts,
    );

  it('rolls an application out in waves, each gated on health at our commit', async () => {
    const created = await post('/api/edge-gitops/batch-jobs', {
      application: app('wave-web', 'nginx:1.27'),
      waves: { canary: 1, size: 2 },
      soakSeconds: 1,
      waveTimeoutSeconds: 60,
    });
    expect(created.status).toBe(201);
    const { id } = created.body;
    const done = await until(id, [
      'Succeeded',
      'Failed',
      'TimedOut',
      'PartiallySucceeded',
    ]);
    expect(done.state).toBe('Succeeded');
    expect(done.createdBy).toBe('user:default/mock');
    expect(done.waves.map(w => [w.nodeGroups, w.state])).toEqual([
      [['gz-01'], 'done'],
      [['sh-01', 'sh-02'], 'done'],
      [['sz-01'], 'done'],
    ]);
    // Waves ran one after the other: each started after the one before had finished.
    for (let i = 1; i < done.waves.length; i++)
      expect(Date.parse(done.waves[i].startedAt!)).toBeGreaterThanOrEqual(
        Date.parse(done.waves[i - 1].finishedAt!),
      );
    for (const g of done.nodeGroups) {
      expect(g).toMatchObject({ state: 'healthy', attempt: 1 });
      expect(g.commit).toMatch(/^[0-9a-f]{40}$/);
    }
    // One commit per node group, carrying the job's trailer and who asked.
    const sh01 = trailerCommits(dataDir, 'sh-01', id);
    expect(sh01).toHaveLength(1);
    expect(sh01[0]).toContain('Requested-by: user:default/mock');
    expect(sh01[0].slice(0, 40)).toBe(
      done.nodeGroups.find(g => g.name === 'sh-01')!.commit,
    );
    expect(done.events.map(e => e.action)).toEqual([
      'created',
      'started',
      'wave-started',
      'wave-finished',
      'wave-started',
      'wave-finished',
      'wave-started',
      'wave-finished',
      'finished',
    ]);
    expect(done.events[0].actor).toBe('user:default/mock');

    const list = await get(
      '/api/edge-gitops/batch-jobs?application=wave-web&state=Succeeded',
    );
    expect(list.body.items.map((j: any) => [j.id, j.progress.healthy])).toEqual(
      [[id, 4]],
    );
  });

  it('stops itself beyond maxUnavailable, says why, and a retry runs only what failed', async () => {
    const created = await post('/api/edge-gitops/batch-jobs', {
      application: app('bad-pull', 'registry.invalid/edge/web:1.0'),
      waves: { canary: 1, size: 2 },
      maxUnavailable: 0,
      soakSeconds: 1,
      waveTimeoutSeconds: 60,
    });
    const { id } = created.body;
    const failed = await until(id, ['Failed', 'Succeeded', 'TimedOut']);
    expect(failed.state).toBe('Failed');
    const canary = failed.nodeGroups.find(g => g.name === 'gz-01')!;
    expect(canary.state).toBe('failed');
    expect(canary.reason).toMatch(
      /ErrImagePull|ImagePullBackOff|Progress deadline/,
    );
    expect(
      failed.nodeGroups.filter(g => g.state === 'skipped').map(g => g.name),
    ).toEqual(['sh-01', 'sh-02', 'sz-01']);
    expect(failed.waves.map(w => w.state)).toEqual([
      'failed',
      'pending',
      'pending',
    ]);

    // Retrying a job that is not finished is refused with the reason.
    const refused = await post(`/api/edge-gitops/batch-jobs/${id}/continue`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(
      /is Failed: only a Stopped job can be continued/,
    );

    const retried = await post(`/api/edge-gitops/batch-jobs/${id}/retry`);
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ state: 'Queued', attempt: 2 });
    expect(
      retried.body.nodeGroups.every((g: any) => g.state === 'pending'),
    ).toBe(true);
    const again = await until(id, ['Failed', 'Succeeded', 'TimedOut']);
    expect(again.state).toBe('Failed');
    expect(again.attempt).toBe(2);
    expect(again.nodeGroups.find(g => g.name === 'gz-01')!.attempt).toBe(2);
    // The same content again: no second commit.
    expect(trailerCommits(dataDir, 'south', id)).toHaveLength(1);
    expect(again.events.filter(e => e.action === 'retried')).toHaveLength(1);
  });

  it('is stopped between waves and continued from where it stopped', async () => {
    const created = await post('/api/edge-gitops/batch-jobs', {
      application: app('paused-web', 'nginx:1.27'),
      waves: { canary: 1, size: 1, waitSeconds: 3 },
      soakSeconds: 0,
    });
    const { id } = created.body;
    await eventually(
      async () => {
        const j = await job(id);
        return j.waves[0].state === 'waiting' ? j : undefined;
      },
      'the canary wave done, waiting',
      600,
    );
    const stopping = await post(`/api/edge-gitops/batch-jobs/${id}/stop`);
    expect(stopping.status).toBe(200);
    expect(stopping.body.state).toBe('Stopping');
    const stopped = await until(id, ['Stopped']);
    expect(stopped.nodeGroups.map(g => g.state)).toEqual([
      'healthy',
      'pending',
      'pending',
      'pending',
    ]);
    expect(
      (await post(`/api/edge-gitops/batch-jobs/${id}/continue`)).body.state,
    ).toBe('Running');
    const done = await until(id, ['Succeeded', 'Failed', 'TimedOut']);
    expect(done.state).toBe('Succeeded');
    expect(done.events.map(e => e.action)).toEqual(
      expect.arrayContaining(['stopped', 'continued']),
    );
    expect(done.events.find(e => e.action === 'stopped')!.actor).toBe(
      'user:default/mock',
    );
  });

  it('defers a node group whose cluster is offline to the end of the job', async () => {
    await post('/api/edge-gitops/simulator/clusters/sh-02/offline').expect(200);
    await eventually(async () => {
      const res = await get('/api/edge-gitops/clusters');
      const sh02 = res.body.items.find((c: any) => c.nodeGroup === 'sh-02');
      return sh02.reachable ? undefined : sh02;
    }, 'sh-02 seen unreachable');
    const created = await post('/api/edge-gitops/batch-jobs', {
      application: app('deferred-web', 'nginx:1.27'),
      waves: { canary: 0, size: 4 },
      soakSeconds: 0,
      // The watcher reconnects with backoff after the cluster is back: give it time.
      waveTimeoutSeconds: 120,
      unreachable: 'defer',
    });
    const { id } = created.body;
    const deferred = await eventually(
      async () => {
        const j = await job(id);
        return j.waves.length === 2 && j.waves[0].state === 'done'
          ? j
          : undefined;
      },
      'the first wave done with sh-02 deferred',
      600,
    );
    expect(deferred.waves[1]).toMatchObject({
      nodeGroups: ['sh-02'],
      deferred: true,
    });
    await post('/api/edge-gitops/simulator/clusters/sh-02/online').expect(200);
    const done = await until(
      id,
      ['Succeeded', 'Failed', 'TimedOut', 'PartiallySucceeded'],
      1500,
    );
    expect(done.state).toBe('Succeeded');
    expect(done.nodeGroups.find(g => g.name === 'sh-02')).toMatchObject({
      wave: 1,
      state: 'healthy',
    });
  }, 300_000);

  it('refuses bad requests with the field named, and unknown jobs with 404', async () => {
    const bad = await post('/api/edge-gitops/batch-jobs', {
      application: app('x', 'nginx:1.27'),
      waves: { size: '0%' },
      unreachable: 'wait',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.name).toBe('InputError');
    expect(bad.body.error.message).toMatch(
      /waves\.size: .*; unreachable: must be "fail" or "defer"/,
    );
    const unknown = await post('/api/edge-gitops/batch-jobs', {
      application: {
        ...app('x', 'nginx:1.27'),
        spec: {
          ...app('x', 'nginx:1.27').spec,
          targets: { nodeGroups: ['nowhere'] },
        },
      },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toMatch(/no node group named nowhere/);
    expect((await get('/api/edge-gitops/batch-jobs/nope')).status).toBe(404);
    expect((await get('/api/edge-gitops/batch-jobs?state=Done')).status).toBe(
      400,
    );
    const anonymous = await request(backend.server)
      .get('/api/edge-gitops/batch-jobs')
      .set('Authorization', mockCredentials.none.header());
    expect(anonymous.status).toBe(401);
    const forged = await request(backend.server)
      .post('/api/edge-gitops/batch-jobs/nope/stop')
      .set('Authorization', mockCredentials.user.invalidHeader());
    expect(forged.status).toBe(401);
  });
});
