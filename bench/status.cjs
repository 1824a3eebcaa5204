#!/usr/bin/env node
// Status benchmark: N clusters of the simulated fleet (Kubernetes API over HTTPS, with
// controllers and kubelets, in a child process so that the memory measured here is the
// backend's alone) with 50 managed workloads each. Measures the time until every cluster is cached,
// warm p50/p95 of answering one application's status from the informer caches, peak memory,
// and in the same run the per-request fan-out (list every cluster on every request, as
// Backstage's Kubernetes plugin does), with the ratio. Then reporting mode: R node groups
// whose reporters send every 30 s (the backend's report store on SQLite, the feed, the status
// service) while status requests are answered: warm p50/p95 and memory.
// Usage: node bench/status.cjs [N...] [--reporting R...]   (default 100 1000 --reporting 10000)
require('@backstage/cli/config/nodeTransform.cjs');
const { AppsV1Api } = require('@kubernetes/client-node');
const { fork } = require('node:child_process');
// Public entry points only: what a user of the packages gets.
const { kubeConfigFor: kc, mapWithConcurrency, SimulatedFleet } = require('../plugins/edge-gitops-node/src');
const { ClusterStatusService, ReportStore, ReporterTokens, ReportFeed, migrateToLatest } = require('../plugins/edge-gitops-backend/src');
const { applicationsInNodeGroup, nodeGroupReportFor } = require('../plugins/edge-gitops-common/src');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const WORKLOADS = 50;
const SERVERS_MODE = process.argv[2] === '--servers';
const CHILD_MODE = process.argv[2] === '--reporting-child' || process.argv[2] === '--watched-child';
const args = process.argv.slice(2);
const reportingAt = args.indexOf('--reporting');
const watchedArgs = reportingAt < 0 ? args : args.slice(0, reportingAt);
const reportingArgs = reportingAt < 0 ? [] : args.slice(reportingAt + 1);
const sizes = SERVERS_MODE || CHILD_MODE ? [] : watchedArgs.map(Number);
const counts = sizes.length ? sizes : reportingAt < 0 ? [100, 1000] : [];
const reportingCounts = reportingArgs.length ? reportingArgs.map(Number) : [10000];
const logger = { info() {}, warn() {}, error() {}, debug() {}, child() { return logger; } };

let peak = 0;
setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50).unref();

function deployment(group, i) {
  const app = `app-${i % 10}`;
  const labels = { 'app.kubernetes.io/name': `svc-${i}`, 'app.kubernetes.io/part-of': app, 'app.kubernetes.io/managed-by': 'edge-gitops', 'edge-gitops.io/node-group': group };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: `svc-${i}`, namespace: 'default', labels },
    spec: { replicas: 2, selector: { matchLabels: { 'app.kubernetes.io/name': `svc-${i}` } }, template: { metadata: { labels }, spec: { containers: [{ name: 'main', image: `registry.example.com/svc-${i}:1.0.0`, resources: { limits: { cpu: '500m', memory: '256Mi' } } }] } } },
  };
}

const percentile = (xs, p) => xs.slice().sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

/**
 * Child process: the simulated fleet with N clusters, 50 Deployments of 2 replicas each
 * (their controllers and kubelets roll them out while the backend caches them) and a synced
 * Flux Kustomization, until told to stop.
 */
async function serveClusters(n) {
  const fleet = await SimulatedFleet.start();
  const connections = [];
  for (let c = 0; c < n; c++) {
    const group = `ng-${String(c).padStart(4, '0')}`;
    const connection = fleet.ensure({ name: group, labels: { region: 'bench' }, git: { url: `repos/${group}.git`, branch: 'main', path: '' } });
    const cluster = fleet.cluster(group);
    for (let i = 0; i < WORKLOADS; i++) cluster.apply(deployment(group, i));
    cluster.apply({ apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', metadata: { name: 'edge-gitops', namespace: 'flux-system', labels: { 'app.kubernetes.io/managed-by': 'edge-gitops', 'edge-gitops.io/node-group': group } }, spec: { path: './' }, status: { lastAppliedRevision: `main@sha1:${'a'.repeat(40)}`, conditions: [{ type: 'Ready', status: 'True', reason: 'ReconciliationSucceeded' }] } });
    connections.push(connection);
  }
  process.on('message', async m => {
    if (m === 'rss') process.send({ bench: true, rss: process.memoryUsage().rss });
    if (m === 'stop') {
      await fleet.stop();
      process.exit(0);
    }
  });
  process.send({ bench: true, connections });
}

function startServers(n) {
  // The fleet is not the backend: it runs without the backend's heap limit.
  const execArgv = process.execArgv.filter(a => !a.startsWith('--max-old-space-size') && a !== '--expose-gc');
  const child = fork(__filename, ['--servers', String(n)], { stdio: 'inherit', execArgv });
  // Backstage's nodeTransform also talks over this channel (module loads): only ours count.
  const next = () => new Promise((resolve, reject) => {
    const on = m => { if (m && m.bench) { child.off('message', on); resolve(m); } };
    child.on('message', on);
    child.once('error', reject);
  });
  return next().then(({ connections }) => ({
    connections,
    rss: () => { child.send('rss'); return next().then(m => m.rss); },
    stop: () => new Promise(resolve => { child.once('exit', resolve); child.send('stop'); }),
  }));
}

async function run(n) {
  const cluster = await startServers(n);
  const { connections } = cluster;
  const before = process.memoryUsage().rss;
  peak = before;
  const t0 = Date.now();
  const service = new ClusterStatusService(connections, logger);
  service.start();
  const groups = connections.map(c => c.nodeGroup);
  const heads = new Map(groups.map(g => [g, 'a'.repeat(40)]));
  // Progress on stderr every 15 s: a thousand clusters take a while.
  const progress = setInterval(() => {
    const apps = service.applications();
    const current = apps.reduce((n, a) => n + a.nodeGroups.filter(g => g.status === 'Current').length, 0);
    console.error(`# ${((Date.now() - t0) / 1000).toFixed(0)}s: ${service.clusters().filter(c => c.reachable).length}/${n} clusters reachable, ${current}/${n * 10} application placements Current`);
  }, 15_000);
  for (;;) {
    const ready = service.clusters().filter(c => c.reachable).length;
    const cached = service.application('app-3', groups, heads).every(i => i.workloads.length === WORKLOADS / 10 && i.sync.state === 'Synced');
    if (ready === n && cached) break;
    if (Date.now() - t0 > 600_000) throw new Error('not cached after 10 minutes');
    await new Promise(r => setTimeout(r, 1000));
  }
  const cachedSeconds = (Date.now() - t0) / 1000;
  // The simulated controllers roll every Deployment out meanwhile: wait until all are Current.
  for (;;) {
    const apps = service.applications();
    if (apps.length === 10 && apps.every(a => a.status === 'Current' && a.nodeGroups.length === n)) break;
    if (Date.now() - t0 > 900_000) throw new Error('not all Current after 15 minutes');
    await new Promise(r => setTimeout(r, 1000));
  }
  const currentSeconds = (Date.now() - t0) / 1000;
  clearInterval(progress);

  const warm = [];
  for (let r = 0; r < 200; r++) {
    const s = process.hrtime.bigint();
    const items = service.application(`app-${r % 10}`, groups, heads);
    if (items.length !== n || items.some(i => i.sync.state !== 'Synced')) throw new Error('wrong answer');
    warm.push(Number(process.hrtime.bigint() - s) / 1e6);
  }

  const peakCachedMiB = Math.round(peak / 2 ** 20);
  if (global.gc) global.gc();
  const settled = process.memoryUsage();
  peak = process.memoryUsage().rss;
  // Baseline: every request lists every cluster (concurrency 50), then computes the same answer.
  const clients = connections.map(c => ({ group: c.nodeGroup, api: kc(c).makeApiClient(AppsV1Api) }));
  const fanout = [];
  for (let r = 0; r < 5; r++) {
    const s = process.hrtime.bigint();
    const lists = await mapWithConcurrency(clients, 50, async c => {
      const list = await c.api.listDeploymentForAllNamespaces({ labelSelector: 'app.kubernetes.io/managed-by=edge-gitops' });
      return applicationsInNodeGroup(c.group, list.items.map(o => ({ ...o, kind: 'Deployment' }))).find(a => a.application === `app-${r}`);
    });
    if (lists.length !== n) throw new Error('wrong fan-out answer');
    fanout.push(Number(process.hrtime.bigint() - s) / 1e6);
  }
  const serversRss = await cluster.rss();
  await service.stop();
  await cluster.stop();
  return {
    benchmark: 'status',
    clusters: n,
    workloadsPerCluster: WORKLOADS,
    secondsUntilAllCached: cachedSeconds,
    secondsUntilAllCurrent: currentSeconds,
    warmP50Ms: Number(percentile(warm, 50).toFixed(2)),
    warmP95Ms: Number(percentile(warm, 95).toFixed(2)),
    fanoutP50Ms: Number(percentile(fanout, 50).toFixed(1)),
    fanoutP95Ms: Number(percentile(fanout, 95).toFixed(1)),
    ratioFanoutToCacheP50: Math.round(percentile(fanout, 50) / percentile(warm, 50)),
    // The simulated fleet runs in a child process: this process is the backend's share.
    rssBeforeWatchersMiB: Math.round(before / 2 ** 20),
    simulatedFleetRssMiB: Math.round(serversRss / 2 ** 20),
    peakRssCachedMiB: peakCachedMiB,
    // After the caches filled, with garbage collected when --expose-gc allows it.
    heapUsedCachedMiB: Math.round(settled.heapUsed / 2 ** 20),
    externalCachedMiB: Math.round(settled.external / 2 ** 20),
    rssCachedMiB: Math.round(settled.rss / 2 ** 20),
    peakRssDuringFanoutMiB: Math.round(peak / 2 ** 20),
  };
}

/** What one node group's reporter computes: 10 applications of 5 Deployments each. */
function reportedState(group, round) {
  const applications = {};
  for (let a = 0; a < 10; a++) applications[`app-${a}`] = reportedApplication(group, round, a);
  return {
    cluster: { reachable: true, kubernetesVersion: 'v1.31.4+k3s1', gitopsAgents: ['Flux'] },
    applications,
    agents: [{ apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', metadata: { name: 'edge-gitops', namespace: 'flux-system', labels: { 'app.kubernetes.io/managed-by': 'edge-gitops', 'edge-gitops.io/node-group': group } }, status: { lastAppliedRevision: `main@sha1:${'a'.repeat(40)}`, conditions: [{ type: 'Ready', status: 'True', reason: 'ReconciliationSucceeded' }] } }],
  };
}

/** After the first round, one application of every tenth node group is rolling out. */
const rollingIn = (group, round) => (round > 0 && Number(group.slice(3)) % 10 === 0 ? round % 10 : -1);

/** The application that changed in this round, if any. */
function rollingApplication(group, round) {
  const a = rollingIn(group, round);
  return a < 0 ? undefined : reportedApplication(group, round, a);
}

function reportedApplication(group, round, a) {
  const name = `app-${a}`;
  const rolling = a === rollingIn(group, round);
  return {
      application: name,
      nodeGroup: group,
      status: rolling ? 'InProgress' : 'Current',
      summary: rolling ? '4 of 5 current' : '5 of 5 current',
      workloads: Array.from({ length: 5 }, (_, i) => ({
        kind: 'Deployment',
        name: `svc-${a * 5 + i}`,
        namespace: 'default',
        status: rolling && i === 0 ? 'InProgress' : 'Current',
        message: 'Deployment is available. Replicas: 2',
        ready: rolling && i === 0 ? 1 : 2,
        desired: 2,
        images: [`registry.example.com/svc-${a * 5 + i}:1.0.0`],
        warnings: [],
        pods: [],
      })),
  };
}

/** Seconds a fresh instance takes to load every reported state. */
async function timeRestartLoad(store, tokens) {
  const restarted = new ClusterStatusService([], logger);
  const t = Date.now();
  await new ReportFeed({ store, tokens, clusters: restarted, silentAfterMs: 90_000 }).refresh({ force: true });
  await restarted.stop();
  return (Date.now() - t) / 1000;
}

/**
 * Reporting mode: R reporters (in this process, as HTTP would deliver them) report every
 * 30 s, spread evenly, into the report store on SQLite; status requests meanwhile go through
 * the feed (a load of what arrived, at most once a second) and the status service.
 */
async function runReporting(n) {
  const knex = require('knex')({ client: 'better-sqlite3', connection: { filename: path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'eg-bench-reports-')), 'db.sqlite') }, useNullAsDefault: true });
  await migrateToLatest(knex);
  const before = process.memoryUsage().rss;
  peak = before;
  const store = new ReportStore(knex);
  const tokens = new ReporterTokens(knex);
  const service = new ClusterStatusService([], logger);
  const feed = new ReportFeed({ store, tokens, clusters: service, silentAfterMs: 90_000 });
  const groups = Array.from({ length: n }, (_, i) => `ng-${String(i).padStart(5, '0')}`);
  // The reporters live in the edge clusters: this process keeps none of their state, only
  // each one's sequence. A round-1 delta holds the one application that changed, if any.
  const sequences = new Map();
  const report = async (group, round) => {
    const sequence = (sequences.get(group) ?? 0) + 1;
    let r;
    if (round === 0) r = { ...nodeGroupReportFor(reportedState(group, 0), undefined), sequence };
    else {
      // A delta is what arrives over HTTP: the one application that changed, or nothing.
      // Built alone, as a reporter would send it: the whole state built and thrown away
      // per report would be garbage the backend never makes.
      const changed = rollingApplication(group, round);
      r = { sequence, snapshot: false, applications: changed ? { [changed.application]: changed } : {} };
    }
    const answer = await store.apply(group, r, feed.held(group));
    if (!answer.accepted) throw new Error(`${group}: ${JSON.stringify(answer)}`);
    feed.took(answer.stored);
    sequences.set(group, sequence);
    return JSON.stringify(r).length;
  };
  const sample = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  // Every reporter's first report, a snapshot.
  const t0 = Date.now();
  let snapshotBytes = 0;
  for (const g of groups) snapshotBytes += await report(g, 0);
  const snapshotSeconds = (Date.now() - t0) / 1000;
  // A fresh instance loads them all (what a restart does). In a function of its own: what
  // it loaded must not stay reachable from this one's frame and count as the backend's.
  const restartLoadSeconds = await timeRestartLoad(store, tokens);

  // 30 s of steady state: n / 30 deltas per second, status requests between them.
  const heads = new Map(groups.map(g => [g, 'a'.repeat(40)]));
  const warm = [];
  // An application placed on 100 node groups (a region), asked about the same way.
  const region = groups.slice(0, 100);
  const warmRegion = [];
  let deltaBytes = 0;
  let deltas = 0;
  const seconds = 30;
  const perTick = Math.ceil(n / (seconds * 10));
  const t2 = Date.now();
  for (let tick = 0; tick < seconds * 10; tick++) {
    for (let k = 0; k < perTick; k++) {
      const i = tick * perTick + k;
      if (i >= n) break;
      deltaBytes += await report(groups[i], 1);
      deltas++;
    }
    // A fleet-wide application every fifth tick (2 per second), a region's every tick (10
    // per second): the feed loads at most once a second, whichever request comes first.
    if (tick % 5 === 0) {
      const s = process.hrtime.bigint();
      await feed.refresh();
      const items = service.application(`app-${(tick / 5) % 10}`, groups, heads);
      warm.push(Number(process.hrtime.bigint() - s) / 1e6);
      if (items.length !== n || items.some(i => i.sync.state !== 'Synced')) throw new Error(`wrong reporting answer: ${items.length} items, ${JSON.stringify(items.find(i => i.sync.state !== 'Synced'))?.slice(0, 600)}`);
    }
    const r0 = process.hrtime.bigint();
    await feed.refresh();
    if (service.application(`app-${tick % 10}`, region, heads).length !== region.length) throw new Error('wrong region answer');
    warmRegion.push(Number(process.hrtime.bigint() - r0) / 1e6);
    const wait = t2 + (tick + 1) * 100 - Date.now();
    if (wait > 0) await new Promise(r => setTimeout(r, wait));
  }
  const steadySeconds = (Date.now() - t2) / 1000;
  clearInterval(sample);
  const result = {
    benchmark: 'status-reporting',
    nodeGroups: n,
    applicationsPerNodeGroup: 10,
    snapshotsSeconds: snapshotSeconds,
    snapshotBytesPerNodeGroup: Math.round(snapshotBytes / n),
    // What the fleet sends (every node group every 30 s) and what this run took in.
    deltasPerSecondRequired: Number((n / seconds).toFixed(1)),
    deltasPerSecond: Number((deltas / steadySeconds).toFixed(1)),
    deltaBytesPerReport: Math.round(deltaBytes / Math.max(1, deltas)),
    restartLoadSeconds,
    warmP50Ms: Number(percentile(warm, 50).toFixed(2)),
    warmP95Ms: Number(percentile(warm, 95).toFixed(2)),
    warmMaxMs: Number(Math.max(...warm).toFixed(2)),
    regionOf100WarmP50Ms: Number(percentile(warmRegion, 50).toFixed(2)),
    regionOf100WarmP95Ms: Number(percentile(warmRegion, 95).toFixed(2)),
    rssBeforeMiB: Math.round(before / 2 ** 20),
    rssAfterMiB: Math.round(process.memoryUsage().rss / 2 ** 20),
    heapUsedAfterMiB: Math.round(process.memoryUsage().heapUsed / 2 ** 20),
    peakRssMiB: Math.round(Math.max(peak, process.memoryUsage().rss) / 2 ** 20),
  };
  // What the backend keeps, garbage collected.
  if (global.gc) global.gc();
  result.heapUsedAfterGcMiB = Math.round(process.memoryUsage().heapUsed / 2 ** 20);
  result.rssAfterGcMiB = Math.round(process.memoryUsage().rss / 2 ** 20);
  await service.stop();
  await knex.destroy();
  return result;
}

/**
 * The backend's part of each run (watched, reporting) runs in a process of its own with
 * the heap a 1 GiB container gives Node: V8 grows its heap lazily up to its limit, so
 * without one RSS says more about the collector's patience than about what the backend
 * keeps. The simulated fleet's own process has no such limit.
 */
const HEAP_LIMIT_MIB = 768;
function inChild(mode, n) {
  return new Promise((resolve, reject) => {
    const child = fork(__filename, [mode, String(n)], {
      execArgv: [...process.execArgv, `--max-old-space-size=${HEAP_LIMIT_MIB}`, '--expose-gc'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    child.on('message', m => m && m.bench && resolve(m.result));
    child.once('exit', code => code && reject(new Error(`reporting bench exited ${code}`)));
  });
}

(async () => {
  if (SERVERS_MODE) return serveClusters(Number(process.argv[3]));
  if (CHILD_MODE) {
    const n = Number(process.argv[3]);
    const result = process.argv[2] === '--reporting-child' ? await runReporting(n) : await run(n);
    process.send({ bench: true, result: { ...result, heapLimitMiB: HEAP_LIMIT_MIB } });
    return setTimeout(() => process.exit(0), 100);
  }
  for (const n of counts) console.log(JSON.stringify(await inChild('--watched-child', n)));
  for (const n of reportingCounts) console.log(JSON.stringify(await inChild('--reporting-child', n)));
  process.exit(0);
})().catch(e => {
  console.error(e);
  process.exit(1);
});
