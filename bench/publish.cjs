#!/usr/bin/env node
// Publish benchmark over local git smart HTTP: one application to N node-group repositories,
// with edge-gitops (isomorphic-git, in process) and, in the same run, a baseline doing the same
// steps with the git command line (shallow clone, write files, commit, push). Prints time,
// peak memory and the ratio; for the unchanged re-publish also the time of its floor, asking
// every repository for its refs and doing nothing else. Usage: node bench/publish.cjs [N...]   (default 100 500 1000)
require('@backstage/cli/config/nodeTransform.cjs');
const { execFileSync, execFile, fork } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { promisify } = require('node:util');
// Public entry points only: what a user of the packages gets.
const { EdgePublisher, mapWithConcurrency, readBranchHead } = require('../plugins/edge-gitops-node/src');
const { renderApplicationForNodeGroup, renderRootKustomization, renderNodeGroupReadme } = require('../plugins/edge-gitops-common/src');

const run = promisify(execFile);
const sizes = process.argv.slice(2).map(Number);
const counts = sizes.length ? sizes : [100, 500, 1000];
const CONCURRENCY = 8;

const app = {
  apiVersion: 'edge-gitops.io/v1alpha1',
  kind: 'EdgeApplication',
  metadata: { name: 'bench' },
  spec: {
    targets: { selector: { matchLabels: { fleet: 'bench' } } },
    services: [
      { name: 'web', replicas: 2, containers: [{ name: 'web', image: 'nginx:1.27', ports: [{ containerPort: 80 }] }], expose: { ports: [{ port: 80 }] } },
      { name: 'agent', kind: 'DaemonSet', containers: [{ name: 'agent', image: 'busybox:1.36', command: ['sleep', 'infinity'] }] },
    ],
  },
};

let peak = 0;
setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 25).unref();

/** A git host in another process, holding n empty node-group repositories. */
async function setup(n) {
  const child = fork(path.join(__dirname, 'gitServer.cjs'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const ask = message =>
    new Promise(resolve => {
      const onMessage = m => {
        if (!m?.bench) return;
        child.off('message', onMessage);
        resolve(m);
      };
      child.on('message', onMessage);
      if (message) child.send(message);
    });
  const { url } = await ask();
  const groups = [];
  for (let i = 0; i < n; i++) {
    const name = `ng-${String(i).padStart(4, '0')}`;
    groups.push({ name, labels: { fleet: 'bench' }, git: { url: `${url}/${name}.git`, branch: 'main', path: '' } });
  }
  await ask({ create: groups.map(g => g.name) });
  const server = {
    requests: async () => (await ask({ requests: true })).requests,
    close: async () => child.disconnect(),
  };
  return { server, groups };
}

async function edgeGitops(n) {
  const { server, groups } = await setup(n);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'eg-bench-data-'));
  const publisher = new EdgePublisher({ dataDir, defaultAuthor: { name: 'bench', email: 'b@example.com' } }, async () => ({ username: 'bench', password: 'bench-token' }), CONCURRENCY);
  peak = process.memoryUsage().rss;
  const t0 = Date.now();
  const cpu0 = process.cpuUsage();
  const result = await publisher.publish(app, { nodeGroups: groups });
  const seconds = (Date.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const failed = result.outcomes.filter(o => o.status !== 'committed');
  if (failed.length) throw new Error(`${failed.length} failed: ${failed[0].reason}`);
  const firstRequests = await server.requests();
  // A second publish with nothing changed: the server is asked for its refs, nothing more.
  const t1 = Date.now();
  const cpu1 = process.cpuUsage();
  const again = await publisher.publish(app, { nodeGroups: groups });
  const unchangedSeconds = (Date.now() - t1) / 1000;
  const cpuAgain = process.cpuUsage(cpu1);
  const unchangedCpuSeconds = (cpuAgain.user + cpuAgain.system) / 1e6;
  if (again.outcomes.some(o => o.status !== 'unchanged')) throw new Error('re-publish changed something');
  const unchangedRequests = (await server.requests()) - firstRequests;
  // The floor of any unchanged re-publish: asking every repository for its refs, nothing else.
  const t2 = Date.now();
  await mapWithConcurrency(groups, CONCURRENCY, g =>
    readBranchHead(g.git, { dataDir, resolveAuth: async () => ({ username: 'bench', password: 'bench-token' }) }),
  );
  const refsOnlySeconds = (Date.now() - t2) / 1000;
  await server.close();
  // The publish cache: a thousand repositories left in /tmp would slow the next run's file system.
  fs.rmSync(dataDir, { recursive: true, force: true });
  return {
    seconds,
    cpuSeconds,
    unchangedSeconds,
    unchangedCpuSeconds,
    refsOnlySeconds,
    peakRssMiB: Math.round(peak / 2 ** 20),
    requestsPerNodeGroup: firstRequests / n,
    unchangedRequestsPerNodeGroup: unchangedRequests / n,
  };
}

async function gitCli(n) {
  const { server, groups } = await setup(n);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'eg-bench-cli-'));
  const url = g => g.git.url.replace('http://', 'http://bench:bench-token@');
  const env = { ...process.env, GIT_AUTHOR_NAME: 'bench', GIT_AUTHOR_EMAIL: 'b@example.com', GIT_COMMITTER_NAME: 'bench', GIT_COMMITTER_EMAIL: 'b@example.com' };
  const t0 = Date.now();
  await mapWithConcurrency(groups, CONCURRENCY, async g => {
    const dir = path.join(work, g.name);
    await run('git', ['clone', '--quiet', '--depth', '1', url(g), dir], { env });
    // The same files edge-gitops writes, rendered by the same code.
    const files = new Map([...renderApplicationForNodeGroup(app, g)].map(([k, v]) => [`apps/bench/${k}`, v]));
    files.set('kustomization.yaml', renderRootKustomization(['bench']));
    files.set('README.md', renderNodeGroupReadme(g));
    for (const [rel, content] of files) {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), content);
    }
    await run('git', ['-C', dir, 'add', '-A'], { env });
    await run('git', ['-C', dir, 'commit', '--quiet', '-m', 'publish bench'], { env });
    await run('git', ['-C', dir, 'push', '--quiet', 'origin', 'HEAD:main'], { env });
  });
  const seconds = (Date.now() - t0) / 1000;
  const requests = await server.requests();
  // The same re-publish with the command line: fetch, write the same files, nothing to commit.
  const t1 = Date.now();
  await mapWithConcurrency(groups, CONCURRENCY, async g => {
    const dir = path.join(work, g.name);
    await run('git', ['-C', dir, 'pull', '--quiet', '--depth', '1', 'origin', 'main'], { env });
    await run('git', ['-C', dir, 'status', '--porcelain'], { env });
  });
  const unchangedSeconds = (Date.now() - t1) / 1000;
  await server.close();
  execFileSync('rm', ['-rf', work]);
  return { seconds, unchangedSeconds, requestsPerNodeGroup: requests / n };
}

(async () => {
  for (const n of counts) {
    const ours = await edgeGitops(n);
    const baseline = await gitCli(n);
    console.log(
      JSON.stringify({
        benchmark: 'publish',
        nodeGroups: n,
        concurrency: CONCURRENCY,
        edgeGitopsSeconds: ours.seconds,
        edgeGitopsUnchangedRepublishSeconds: ours.unchangedSeconds,
        edgeGitopsCpuSeconds: Number(ours.cpuSeconds.toFixed(2)),
        edgeGitopsUnchangedCpuSeconds: Number(ours.unchangedCpuSeconds.toFixed(2)),
        refsRequestsOnlySeconds: ours.refsOnlySeconds,
        edgeGitopsPeakRssMiB: ours.peakRssMiB,
        edgeGitopsRequestsPerNodeGroup: ours.requestsPerNodeGroup,
        edgeGitopsUnchangedRequestsPerNodeGroup: ours.unchangedRequestsPerNodeGroup,
        gitCliSeconds: baseline.seconds,
        gitCliUnchangedRepublishSeconds: baseline.unchangedSeconds,
        gitCliRequestsPerNodeGroup: baseline.requestsPerNodeGroup,
        ratioGitCliToEdgeGitops: Number((baseline.seconds / ours.seconds).toFixed(2)),
        unchangedToFirstPublish: Number((ours.unchangedSeconds / ours.seconds).toFixed(3)),
        unchangedToRefsRequestsOnly: Number((ours.unchangedSeconds / ours.refsOnlySeconds).toFixed(2)),
      }),
    );
  }
  process.exit(0);
})().catch(e => {
  console.error(e);
  process.exit(1);
});
