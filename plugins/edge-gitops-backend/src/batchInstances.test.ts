import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mockCredentials, TestBackend } from '@backstage/backend-test-utils';
import type {
  BatchJobDetail,
  EdgeApplication,
} from '@edge-gitops/plugin-edge-gitops-common';
import knexFactory, { Knex } from 'knex';
import request from 'supertest';
import { BatchJobStore } from './batch/BatchJobStore';
import {
  startBatchBackend,
  trailerCommits,
} from './__testUtils__/batchBackend';
import { startPostgres } from './__testUtils__/postgres';
import { eventually } from './testing/eventually';

jest.setTimeout(240_000);

const app = (name: string): EdgeApplication => ({
  apiVersion: 'edge-gitops.io/v1alpha1',
  kind: 'EdgeApplication',
  metadata: { name },
  spec: {
    targets: { nodeGroups: ['gz-01', 'sh-01', 'sh-02', 'sz-01'] },
    services: [{ name, containers: [{ name, image: 'nginx:1.27' }] }],
  },
});

describe('batch jobs on PostgreSQL, several backend instances', () => {
  let pg: Awaited<ReturnType<typeof startPostgres>>;

  beforeAll(async () => {
    pg = await startPostgres();
  });
  afterAll(() => pg?.stop());

  it('gives each job to exactly one of two instances claiming at once', async () => {
    const clients: Knex[] = [0, 1].map(() =>
      knexFactory({
        client: 'pg',
        connection: { ...pg.connection, database: 'postgres' },
        pool: { min: 0, max: 5 },
      }),
    );
    try {
      const [a, b] = [
        await BatchJobStore.create(clients[0]),
        await BatchJobStore.create(clients[1], { skipMigrations: true }),
      ];
      const ids = Array.from({ length: 20 }, (_, i) => `job-${i}`);
      for (const id of ids)
        await a.insert({
          id,
          spec: { application: app('claimed'), options: {} as any },
          waves: [['sh-01']],
          createdBy: 'user:default/test',
          now: 1,
        });
      const [byA, byB] = await Promise.all([
        a.claim('instance-a', 1000, 60_000),
        b.claim('instance-b', 1000, 60_000),
      ]);
      expect([...byA, ...byB].sort()).toEqual([...ids].sort());
      expect(byA.filter(id => byB.includes(id))).toEqual([]);
      // A lease that ran out is taken over; one still held is not.
      expect((await b.claim('instance-b', 30_000, 60_000)).sort()).toEqual(
        [...byB].sort(),
      );
      expect((await b.claim('instance-b', 70_000, 60_000)).sort()).toEqual(
        [...ids].sort(),
      );
    } finally {
      await Promise.all(clients.map(c => c.destroy()));
    }
  });

  it('runs every wave once with two backends sharing the database and the repositories', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'eg-batch-pg-'));
    const database = { client: 'pg', connection: pg.connection };
    const backends: TestBackend[] = [];
    try {
      // One after the other: the first creates the plugin's database and runs migrations.
      backends.push(await startBatchBackend(dataDir, { database }));
      backends.push(await startBatchBackend(dataDir, { database }));
      const [a, b] = backends.map(backend => ({
        get: (url: string) =>
          request(backend.server)
            .get(url)
            .set('Authorization', mockCredentials.user.header()),
        post: (url: string, body?: object) =>
          request(backend.server)
            .post(url)
            .set('Authorization', mockCredentials.user.header())
            .send(body),
      }));
      for (const x of [a, b])
        await eventually(async () => {
          const res = await x.get('/api/edge-gitops/clusters');
          return res.body.items?.length === 4 &&
            res.body.items.every((c: any) => c.reachable)
            ? true
            : undefined;
        }, 'four reachable simulated clusters');

      const ids: string[] = [];
      for (const name of ['pg-one', 'pg-two', 'pg-three']) {
        const res = await a.post('/api/edge-gitops/batch-jobs', {
          application: app(name),
          waves: { canary: 1, size: 2 },
          soakSeconds: 1,
        });
        expect(res.status).toBe(201);
        ids.push(res.body.id);
      }
      // Asked of the other instance: the state lives in the shared database.
      const done: BatchJobDetail[] = [];
      for (const id of ids)
        done.push(
          await eventually(
            async () => {
              const j: BatchJobDetail = (
                await b.get(`/api/edge-gitops/batch-jobs/${id}`)
              ).body;
              return ['Succeeded', 'Failed', 'TimedOut'].includes(j.state)
                ? j
                : undefined;
            },
            `job ${id} finished`,
            1200,
          ),
        );
      for (const job of done) {
        expect(job.state).toBe('Succeeded');
        const started = job.events.filter(e => e.action === 'wave-started');
        expect(started).toHaveLength(job.waves.length);
        // One commit per node group: sh-01 and sh-02 have a repository each, gz-01 and
        // sz-01 share repos/south.git.
        expect(trailerCommits(dataDir, 'sh-01', job.id)).toHaveLength(1);
        expect(trailerCommits(dataDir, 'sh-02', job.id)).toHaveLength(1);
        expect(trailerCommits(dataDir, 'south', job.id)).toHaveLength(2);
      }
      const list = await a.get('/api/edge-gitops/batch-jobs?state=Succeeded');
      expect(list.body.totalCount).toBe(3);
    } finally {
      for (const backend of backends) await backend.stop();
    }
  });
});
