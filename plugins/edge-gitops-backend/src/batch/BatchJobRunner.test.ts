import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import type {
  EdgeApplication,
  NodeGroupHealth,
} from '@edge-gitops/plugin-edge-gitops-common';
import {
  EdgePublisher,
  nodeGroupsFromEntities,
} from '@edge-gitops/plugin-edge-gitops-node';
import knexFactory, { Knex } from 'knex';
import { parseAllDocuments } from 'yaml';
import { trailerCommits } from '../__testUtils__/batchBackend';
import { BatchJobRunner, HealthSource, WavePublisher } from './BatchJobRunner';
import { BatchJobStore } from './BatchJobStore';

const nodeGroups = nodeGroupsFromEntities(
  parseAllDocuments(
    fs.readFileSync(
      path.resolve(__dirname, '../../../../examples/node-groups.yaml'),
      'utf8',
    ),
  ).map(d => d.toJS()),
).nodeGroups;

const app: EdgeApplication = {
  apiVersion: 'edge-gitops.io/v1alpha1',
  kind: 'EdgeApplication',
  metadata: { name: 'resumed' },
  spec: {
    targets: { nodeGroups: ['sh-01', 'sh-02'] },
    services: [
      { name: 'resumed', containers: [{ name: 'web', image: 'nginx:1.27' }] },
    ],
  },
};

/**
 * Clusters that apply every commit at once and run it: this test is about the database and
 * git when a backend dies mid-wave (reading real clusters is batch.test.ts's part).
 */
const appliesEverything: HealthSource = async (_app, groups) =>
  new Map(
    groups.map(g => [
      g.name,
      {
        reachable: true,
        applied: g.commit,
        status: g.commit ? 'Current' : 'NotFound',
        summary: 'test cluster',
      } satisfies NodeGroupHealth,
    ]),
  );

describe('BatchJobRunner', () => {
  let dataDir: string;
  let db: Knex;
  let store: BatchJobStore;
  let publisher: EdgePublisher;
  let now = 1_000;

  beforeEach(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'eg-runner-'));
    // A file, as a restarted backend would open it again.
    db = knexFactory({
      client: 'better-sqlite3',
      connection: { filename: path.join(dataDir, 'plugin.sqlite') },
      useNullAsDefault: true,
    });
    store = await BatchJobStore.create(db);
    publisher = new EdgePublisher(
      { dataDir, defaultAuthor: { name: 't', email: 't@example.com' } },
      async () => undefined,
    );
    await store.insert({
      id: 'job-1',
      spec: {
        application: app,
        options: {
          waves: { canary: 1, size: 1, waitSeconds: 0 },
          maxUnavailable: 0,
          waveTimeoutSeconds: 600,
          soakSeconds: 0,
          unreachable: 'fail',
        },
      },
      waves: [['sh-01'], ['sh-02']],
      createdBy: 'user:default/jane',
      now,
    });
  });
  afterEach(async () => {
    await db.destroy();
  });

  const runner = (owner: string, publish: WavePublisher) =>
    new BatchJobRunner({
      store,
      publish,
      health: appliesEverything,
      nodeGroups: async () => nodeGroups,
      logger: mockServices.logger.mock(),
      owner,
      now: () => now,
    });

  it('resumes after a crash between the push and its record without a second commit', async () => {
    // The first instance pushes, then dies before it records the commit.
    const crashing = runner('instance-a', async (a, call) => {
      await publisher.publish(a, call);
      throw new Error('the process died');
    });
    expect(await crashing.runOnce()).toBe(1);
    expect(trailerCommits(dataDir, 'sh-01', 'job-1')).toHaveLength(1);
    expect((await store.detail('job-1'))!.nodeGroups[0].state).toBe('pending');

    // Another instance waits for the lease to run out, then goes on.
    const next = runner('instance-b', (a, call) => publisher.publish(a, call));
    now += 5_000;
    expect(await next.runOnce()).toBe(0);
    now += 60_000;
    for (let i = 0; i < 5; i++) {
      await next.runOnce();
      now += 1_000;
    }
    const job = (await store.detail('job-1'))!;
    expect(job.state).toBe('Succeeded');
    const [pushed] = trailerCommits(dataDir, 'sh-01', 'job-1');
    expect(trailerCommits(dataDir, 'sh-01', 'job-1')).toHaveLength(1);
    expect(trailerCommits(dataDir, 'sh-02', 'job-1')).toHaveLength(1);
    // The commit recorded is the one the crashed instance pushed.
    expect(job.nodeGroups[0]).toMatchObject({
      name: 'sh-01',
      state: 'healthy',
      commit: pushed.slice(0, 40),
    });
    expect(pushed).toContain('Requested-by: user:default/jane');
  });

  it('writes nothing once another instance holds the lease', async () => {
    const a = runner('instance-a', (x, call) => publisher.publish(x, call));
    expect(await store.claim('instance-a', now, 60_000)).toEqual(['job-1']);
    const stored = (await store.step('job-1'))!;
    // The lease runs out and instance-b takes the job over.
    now += 61_000;
    expect(await store.claim('instance-b', now, 60_000)).toEqual(['job-1']);
    const applied = await store.apply(
      stored,
      { job: 'Running', publish: [], defer: [], groups: [], events: [] },
      { owner: a.owner, now, leaseMs: 60_000 },
    );
    expect(applied).toBe(false);
    expect((await store.detail('job-1'))!.state).toBe('Queued');
  });
});
