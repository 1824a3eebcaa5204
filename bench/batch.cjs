#!/usr/bin/env node
// Batch job benchmark: one job over N node groups (local repositories, SQLite file database),
// run to the end by the same runner the backend schedules. The clusters here apply every
// commit at once and report it Current (reading real clusters is the status benchmark's part),
// so what is timed is the orchestration's own cost: claiming, deciding, database writes and
// publishing each wave. Printed with the SQL statements per node group, and against the
// baseline a user would otherwise run in the same process: one plain publish to all N.
// Usage: node bench/batch.cjs [N...]   (default 100 1000)
require('@backstage/cli/config/nodeTransform.cjs');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const knexFactory = require('knex');
const { EdgePublisher } = require('../plugins/edge-gitops-node/src');
const { planWaves } = require('../plugins/edge-gitops-common/src');
const { BatchJobStore } = require('../plugins/edge-gitops-backend/src/batch/BatchJobStore');
const { BatchJobRunner } = require('../plugins/edge-gitops-backend/src/batch/BatchJobRunner');

const sizes = process.argv.slice(2).map(Number);
const counts = sizes.length ? sizes : [100, 1000];

const app = name => ({
  apiVersion: 'edge-gitops.io/v1alpha1',
  kind: 'EdgeApplication',
  metadata: { name },
  spec: {
    targets: { selector: { matchLabels: { fleet: 'bench' } } },
    // Service names are unique per namespace across applications: one per application.
    services: [{ name, replicas: 2, containers: [{ name: 'web', image: 'nginx:1.27', ports: [{ containerPort: 80 }] }] }],
  },
});

const silent = { info() {}, warn: m => console.error(m), error: m => console.error(m), debug() {}, child() { return silent; } };

async function once(n) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'eg-bench-batch-'));
  const groups = Array.from({ length: n }, (_, i) => ({
    name: `ng-${String(i).padStart(4, '0')}`,
    labels: { fleet: 'bench' },
    git: { url: `repos/ng-${String(i).padStart(4, '0')}.git`, branch: 'main', path: '' },
  }));
  const publisher = new EdgePublisher({ dataDir, defaultAuthor: { name: 'bench', email: 'b@example.com' } }, async () => undefined, 8);

  // The repositories exist and hold one application before anything is timed.
  if (!(await publisher.publish(app('existing'), { nodeGroups: groups })).ok) throw new Error('setup publish failed');
  // Baseline: what a person would run without batch jobs, one publish to every node group.
  let t0 = Date.now();
  const plain = await publisher.publish(app('plain'), { nodeGroups: groups });
  if (!plain.ok) throw new Error('baseline publish failed');
  const baseline = (Date.now() - t0) / 1000;

  const db = knexFactory({ client: 'better-sqlite3', connection: { filename: path.join(dataDir, 'plugin.sqlite') }, useNullAsDefault: true });
  const store = await BatchJobStore.create(db);
  // SQL statements of the runner only (not of this script's polling).
  let queries = 0;
  let counting = false;
  db.on('query', () => counting && (queries += 1));
  let publishMs = 0;
  const runner = new BatchJobRunner({
    store,
    publish: async (a, call) => {
      const p0 = Date.now();
      try {
        return await publisher.publish(a, call);
      } finally {
        publishMs += Date.now() - p0;
      }
    },
    // Clusters that applied every commit already and run it: no waiting on clusters.
    health: async (_app, asked) => new Map(asked.map(g => [g.name, { reachable: true, applied: g.commit, status: g.commit ? 'Current' : 'NotFound', summary: 'bench' }])),
    nodeGroups: async () => groups,
    logger: silent,
  });
  const options = { waves: { canary: 10, size: '10%', waitSeconds: 0 }, maxUnavailable: 0, waveTimeoutSeconds: 600, soakSeconds: 0, unreachable: 'fail' };
  const waves = planWaves(groups.map(g => g.name), options.waves);
  t0 = Date.now();
  counting = true;
  await store.insert({ id: 'bench-job', spec: { application: app('waves'), options }, waves, createdBy: 'user:default/bench', now: Date.now() });
  counting = false;
  let rounds = 0;
  for (;;) {
    counting = true;
    await runner.runOnce();
    counting = false;
    rounds += 1;
    const { state } = await db('batch_jobs').where({ id: 'bench-job' }).first();
    if (!['Queued', 'Running', 'Stopping'].includes(state)) {
      if (state !== 'Succeeded') throw new Error(`job ended ${state}`);
      break;
    }
  }
  const total = (Date.now() - t0) / 1000;
  await db.destroy();
  fs.rmSync(dataDir, { recursive: true, force: true });
  return { n, waves: waves.length, rounds, total, publish: publishMs / 1000, queries, baseline };

}

(async () => {
  console.log('node groups | waves | job total s | of which publishing s | orchestration s | SQL statements | per node group | baseline: one plain publish s');
  for (const n of counts) {
    const r = await once(n);
    console.log(
      `${r.n} | ${r.waves} | ${r.total.toFixed(2)} | ${r.publish.toFixed(2)} | ${(r.total - r.publish).toFixed(2)} | ${r.queries} | ${(r.queries / r.n).toFixed(2)} | ${r.baseline.toFixed(2)}`,
    );
  }
})().catch(e => {
  console.error(e);
  process.exit(1);
});
