import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CoreV1Api } from '@kubernetes/client-node';
import {
  applicationsInNodeGroup,
  NodeGroup,
  syncStatusOf,
} from '@edge-gitops/plugin-edge-gitops-common';
import { ClusterWatcher } from '../clusters/ClusterWatcher';
import { kubeConfigFor } from '../clusters/clusterConnections';
import { ensureBareRepository } from '../git/bareRepository';
import { commitTreeChanges } from '../git/treeCommit';
import { EdgePublisher } from '../publish/EdgePublisher';
import { GitHttpServer, startGitHttpServer } from '../testing/gitHttpServer';
import { SimulatedFleet, simulatedClusterOf } from './SimulatedFleet';
import { nextSchedule } from './controllers/cronJob';

jest.setTimeout(30_000);

const FAST = {
  tickMs: 20,
  gitPollMs: 200,
  applyDelayMs: 150,
  imagePullMs: 40,
  containerStartMs: 40,
  readyMs: 40,
  jobRunMs: 150,
  crashMs: 40,
  backoffMs: 100,
  maxBackoffMs: 300,
  maxProgressDeadlineMs: 1_500,
};

const group = (name: string, url = `repos/${name}.git`): NodeGroup => ({
  name,
  labels: { region: 'east', arch: 'arm64' },
  git: { url, branch: 'main', path: '' },
});

const labels = (app: string, name: string) => ({
  'app.kubernetes.io/name': name,
  'app.kubernetes.io/part-of': app,
  'app.kubernetes.io/managed-by': 'edge-gitops',
  'edge-gitops.io/node-group': 'sh-01',
});

function podTemplate(app: string, name: string, spec: object) {
  return { metadata: { labels: labels(app, name) }, spec };
}

function deployment(name: string, image: string, extra: object = {}) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default', labels: labels(name, name) },
    spec: {
      replicas: 2,
      selector: { matchLabels: labels(name, name) },
      template: podTemplate(name, name, {
        containers: [{ name, image }],
      }),
      ...extra,
    },
  };
}

async function until<T>(
  what: string,
  fn: () => T | undefined | false,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = fn();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, 50));
  }
}

/** A fleet with one cluster, read the way the backend reads clusters: client-node informers. */
async function oneCluster(opts: { now?: () => number } = {}) {
  const fleet = await SimulatedFleet.start({ timings: FAST, ...opts });
  const connection = fleet.ensure(group('sh-01'));
  const kc = kubeConfigFor(connection);
  const watcher = new ClusterWatcher('sh-01', kc, {
    initialRetryDelayMs: 100,
    maxRetryDelayMs: 200,
  });
  await watcher.start();
  const app = (name: string) =>
    applicationsInNodeGroup('sh-01', watcher.objects()).find(
      a => a.application === name,
    );
  const cluster = simulatedClusterOf(fleet, 'sh-01')!;
  const close = async () => {
    await watcher.stop();
    await fleet.stop();
  };
  return { fleet, cluster, watcher, kc, app, close };
}

describe('a simulated cluster, read over the Kubernetes API', () => {
  it('rolls a Deployment out to Ready pods, and an image that can never be pulled fails with its reason', async () => {
    const { cluster, app, close } = await oneCluster();
    try {
      cluster.apply(deployment('web', 'nginx:1.27'));
      cluster.apply(deployment('broken', 'registry.invalid/edge/broken:1.0'));
      const web = await until('web Current', () => {
        const a = app('web');
        return a?.status === 'Current' && a;
      });
      expect(web.workloads[0]).toMatchObject({ ready: 2, desired: 2 });
      const broken = await until('broken Failed', () => {
        const a = app('broken');
        return a?.status === 'Failed' && a;
      });
      expect(broken.workloads[0].message).toMatch(/Progress deadline exceeded/);
      expect(broken.workloads[0].failingPods[0].reason).toMatch(
        /ErrImagePull|ImagePullBackOff/,
      );
      expect(broken.workloads[0].warnings.map(w => w.message)).toEqual(
        expect.arrayContaining([
          expect.stringContaining('lookup registry.invalid: no such host'),
        ]),
      );
    } finally {
      await close();
    }
  });

  it('rolls a new template out within maxSurge and maxUnavailable', async () => {
    const { cluster, app, close } = await oneCluster();
    try {
      const strategy = {
        replicas: 4,
        strategy: {
          type: 'RollingUpdate',
          rollingUpdate: { maxSurge: 1, maxUnavailable: 0 },
        },
      };
      cluster.apply(deployment('web', 'nginx:1.27', strategy));
      await until('v1 Current', () => app('web')?.status === 'Current');
      let most = 0;
      let fewestReady = Number.POSITIVE_INFINITY;
      const seen = cluster.store.watch('/api/v1/pods', () => {
        const pods = cluster.store.list('v1', 'Pod');
        const active = pods.filter(p => !p.metadata.deletionTimestamp);
        most = Math.max(most, active.length);
        const ready = pods.filter(p =>
          (p.status?.conditions ?? []).some(
            (c: any) => c.type === 'Ready' && c.status === 'True',
          ),
        ).length;
        fewestReady = Math.min(fewestReady, ready);
      });
      cluster.apply(deployment('web', 'nginx:1.28', strategy));
      await until('v2 rolled out', () => {
        const pods = cluster.store.list('v1', 'Pod');
        return (
          app('web')?.status === 'Current' &&
          pods.length === 4 &&
          pods.every(p => p.spec.containers[0].image === 'nginx:1.28')
        );
      });
      seen();
      expect(most).toBeLessThanOrEqual(5);
      expect(fewestReady).toBeGreaterThanOrEqual(4);
      expect(cluster.store.list('apps/v1', 'ReplicaSet')).toHaveLength(2);
    } finally {
      await close();
    }
  });

  it('puts one DaemonSet pod on each node its selector and tolerations allow', async () => {
    const { cluster, kc, app, close } = await oneCluster();
    const daemonSet = (name: string, spec: object) => ({
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name, namespace: 'default', labels: labels(name, name) },
      spec: {
        selector: { matchLabels: labels(name, name) },
        template: podTemplate(name, name, {
          containers: [{ name, image: 'busybox:1.36' }],
          ...spec,
        }),
      },
    });
    try {
      cluster.apply(daemonSet('agent', { nodeSelector: { demo: '02' } }));
      cluster.apply(daemonSet('everywhere', {}));
      cluster.apply(
        daemonSet('with-control-plane', {
          tolerations: [{ operator: 'Exists' }],
        }),
      );
      cluster.apply(daemonSet('nowhere', { nodeSelector: { demo: '09' } }));
      await until(
        'daemon sets Current',
        () =>
          ['agent', 'everywhere', 'with-control-plane', 'nowhere'].every(
            n => app(n)?.status === 'Current',
          ) && app('with-control-plane')!.workloads[0].ready === 3,
      );
      const pods = await kc
        .makeApiClient(CoreV1Api)
        .listPodForAllNamespaces({});
      const nodesOf = (n: string) =>
        pods.items
          .filter(p => p.metadata!.labels!['app.kubernetes.io/name'] === n)
          .map(p => p.spec!.nodeName)
          .sort();
      expect(nodesOf('agent')).toEqual(['sh-01-node-2']);
      expect(nodesOf('everywhere')).toEqual(['sh-01-node-2', 'sh-01-node-3']);
      expect(nodesOf('with-control-plane')).toEqual([
        'sh-01-node-1',
        'sh-01-node-2',
        'sh-01-node-3',
      ]);
      expect(nodesOf('nowhere')).toEqual([]);
      expect(app('agent')!.workloads[0]).toMatchObject({
        ready: 1,
        desired: 1,
      });
    } finally {
      await close();
    }
  });

  it('leaves pods no node fits Unschedulable, and a crashing container in CrashLoopBackOff', async () => {
    const { cluster, app, close } = await oneCluster();
    try {
      const pinned = deployment('pinned', 'nginx:1.27');
      pinned.spec.template.spec = {
        ...pinned.spec.template.spec,
        nodeSelector: { gpu: 'nvidia-a100' },
      } as any;
      cluster.apply(pinned);
      const crash = deployment('crash', 'busybox:1.36');
      (crash.spec.template.spec as any).containers[0].command = ['false'];
      cluster.apply(crash);
      const unschedulable = await until('Unschedulable', () =>
        app('pinned')?.workloads[0].failingPods.find(
          p => p.reason === 'Unschedulable',
        ),
      );
      expect(unschedulable.message).toBe(
        "0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector.",
      );
      const crashing = await until('CrashLoopBackOff', () =>
        app('crash')?.workloads[0].failingPods.find(
          p => p.reason === 'CrashLoopBackOff',
        ),
      );
      expect(crashing.message).toMatch(/restarting failed container=crash/);
    } finally {
      await close();
    }
  });

  it('runs Jobs to completion with completions and parallelism, and fails them past backoffLimit', async () => {
    const { cluster, app, close } = await oneCluster();
    const job = (name: string, spec: object, command?: string[]) => ({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name, namespace: 'default', labels: labels(name, name) },
      spec: {
        ...spec,
        template: podTemplate(name, name, {
          containers: [{ name, image: 'busybox:1.36', command }],
          restartPolicy: 'Never',
        }),
      },
    });
    try {
      let mostActive = 0;
      const stop = cluster.store.watch('/apis/batch/v1/jobs', (_t, o) => {
        if (o.metadata.name === 'pi')
          mostActive = Math.max(mostActive, o.status?.active ?? 0);
      });
      cluster.apply(job('pi', { completions: 4, parallelism: 2 }));
      cluster.apply(job('fails', { backoffLimit: 2 }, ['false']));
      const done = await until('pi complete', () => {
        const a = app('pi');
        return a?.status === 'Current' && a;
      });
      stop();
      expect(done.workloads[0].job).toMatchObject({
        succeeded: 4,
        completions: 4,
      });
      expect(mostActive).toBe(2);
      const failed = await until('fails Failed', () => {
        const a = app('fails');
        return a?.status === 'Failed' && a;
      });
      expect(failed.workloads[0].message).toMatch(/BackoffLimitExceeded/);
      expect(failed.workloads[0].job).toMatchObject({ failed: 3 });
    } finally {
      await close();
    }
  });

  it('fires CronJobs on schedule in their time zone', async () => {
    // 09:00 in Shanghai is 01:00 UTC.
    expect(
      new Date(
        nextSchedule(
          '0 9 * * *',
          'Asia/Shanghai',
          Date.parse('2026-12-01T00:00:00Z'),
        ),
      ).toISOString(),
    ).toBe('2026-12-01T01:00:00.000Z');
    expect(
      new Date(
        nextSchedule(
          '@midnight',
          undefined,
          Date.parse('2026-12-01T10:00:00Z'),
        ),
      ).toISOString(),
    ).toBe('2026-12-02T00:00:00.000Z');

    let offset = 0;
    const { fleet, cluster, app, close } = await oneCluster({
      now: () => Date.now() + offset,
    });
    try {
      cluster.apply({
        apiVersion: 'batch/v1',
        kind: 'CronJob',
        metadata: {
          name: 'hello',
          namespace: 'default',
          labels: labels('hello', 'hello'),
        },
        spec: {
          schedule: '*/5 * * * *',
          timeZone: 'Asia/Kolkata',
          concurrencyPolicy: 'Forbid',
          jobTemplate: {
            metadata: { labels: labels('hello', 'hello') },
            spec: {
              template: podTemplate('hello', 'hello', {
                containers: [{ name: 'hello', image: 'busybox:1.36' }],
                restartPolicy: 'OnFailure',
              }),
            },
          },
        },
      });
      await until('CronJob seen', () => app('hello'));
      expect(cluster.store.list('batch/v1', 'Job')).toHaveLength(0);
      // Five minutes later (Kolkata is UTC+5:30: */5 still falls on UTC's five-minute marks).
      offset = 5 * 60_000;
      fleet.reconcileNow();
      const fired = await until('a Job completed', () => {
        const cj = cluster.store.list('batch/v1', 'CronJob')[0];
        return cj.status?.lastSuccessfulTime && cj;
      });
      const jobs = cluster.store.list('batch/v1', 'Job');
      expect(jobs).toHaveLength(1);
      expect(jobs[0].metadata.ownerReferences![0].name).toBe('hello');
      const scheduled = Date.parse(fired.status.lastScheduleTime);
      expect(new Date(scheduled).getUTCMinutes() % 5).toBe(0);
      expect(scheduled).toBeLessThanOrEqual(Date.now() + offset);
      expect(scheduled).toBeGreaterThan(Date.now() + offset - 5 * 60_000);
    } finally {
      await close();
    }
  });

  it('goes offline (connections reset) and comes back', async () => {
    const { fleet, watcher, close } = await oneCluster();
    try {
      await until('reachable', () => watcher.connection().reachable);
      fleet.setOffline('sh-01', true);
      await until('unreachable', () => !watcher.connection().reachable, 20_000);
      expect(watcher.connection().lastSeen).toBeDefined();
      fleet.setOffline('sh-01', false);
      await until(
        'reachable again',
        () => watcher.connection().reachable,
        20_000,
      );
    } finally {
      await close();
    }
  });

  it('refuses a wrong token and an unknown cluster', async () => {
    const { fleet, close } = await oneCluster();
    try {
      const kc = kubeConfigFor({
        ...fleet.ensure(group('sh-01')),
        serviceAccountToken: 'wrong',
      });
      await expect(kc.makeApiClient(CoreV1Api).listNode()).rejects.toThrow(
        /401/,
      );
      const other = kubeConfigFor({
        nodeGroup: 'x',
        url: `${fleet.url}/clusters/nope`,
        caData: fleet.caData,
        serviceAccountToken: 'x',
      });
      await expect(other.makeApiClient(CoreV1Api).listNode()).rejects.toThrow(
        /404/,
      );
    } finally {
      await close();
    }
  });
});

describe("a simulated cluster's Flux", () => {
  it('applies the head of the git location, shows Pending then Synced, and prunes what was removed', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'eg-sim-flux-'));
    const gitdir = path.join(dataDir, 'repos/sh-01.git');
    await ensureBareRepository(gitdir, 'main');
    const write = (files: Record<string, string | null>) =>
      commitTreeChanges({
        gitdir,
        branch: 'main',
        changes: new Map(Object.entries(files)),
        message: 'test',
        author: { name: 't', email: 't@localhost' },
      }).then(r => r.sha!);
    const web = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app.kubernetes.io/name: web, app.kubernetes.io/part-of: web, app.kubernetes.io/managed-by: edge-gitops}
spec:
  replicas: 1
  selector: {matchLabels: {app.kubernetes.io/name: web}}
  template:
    metadata:
      labels: {app.kubernetes.io/name: web, app.kubernetes.io/part-of: web, app.kubernetes.io/managed-by: edge-gitops}
    spec:
      containers: [{name: web, image: nginx:1.27}]
`;
    const first = await write({
      'kustomization.yaml': 'resources: [apps/web]\n',
      'apps/web/kustomization.yaml': 'resources: [web.deployment.yaml]\n',
      'apps/web/web.deployment.yaml': web,
      'apps/web/application.yaml': 'kind: EdgeApplication\n',
      'README.md': 'not a manifest',
    });
    const fleet = await SimulatedFleet.start({
      timings: { ...FAST, applyDelayMs: 600 },
      git: { dataDir, resolveAuth: async () => undefined },
    });
    const kc = kubeConfigFor(fleet.ensure(group('sh-01')));
    const watcher = new ClusterWatcher('sh-01', kc);
    await watcher.start();
    const sync = (head: string) =>
      syncStatusOf('sh-01', watcher.agentObjects(), head);
    try {
      const head1 = first;
      await until('Pending', () => sync(head1).state === 'Pending');
      await until('Synced', () => sync(head1).state === 'Synced');
      await until('web applied', () =>
        applicationsInNodeGroup('sh-01', watcher.objects()).find(
          a => a.application === 'web' && a.status === 'Current',
        ),
      );
      const deployed = simulatedClusterOf(fleet, 'sh-01')!.store.get(
        'apps/v1',
        'Deployment',
        'default',
        'web',
      )!;
      expect(deployed.metadata.labels).toMatchObject({
        'kustomize.toolkit.fluxcd.io/name': 'edge-gitops',
      });

      // Untargeted: the folder goes, the root kustomization lists nothing.
      const second = await write({
        'kustomization.yaml': 'resources: []\n',
        'apps/web/kustomization.yaml': null,
        'apps/web/web.deployment.yaml': null,
        'apps/web/application.yaml': null,
      });
      const head2 = second;
      await until('Synced again', () => sync(head2).state === 'Synced');
      await until(
        'pruned',
        () =>
          simulatedClusterOf(fleet, 'sh-01')!.store.list('v1', 'Pod').length ===
            0 &&
          !simulatedClusterOf(fleet, 'sh-01')!.store.get(
            'apps/v1',
            'Deployment',
            'default',
            'web',
          ),
      );

      // A broken manifest: the sync fails with the reason and nothing is pruned or applied.
      const third = await write({
        'kustomization.yaml': 'resources: [missing.yaml]\n',
      });
      const head3 = third;
      const failed = await until('Failed', () => {
        const s = sync(head3);
        return s.state === 'Failed' && s;
      });
      expect(failed.message).toMatch(
        /BuildFailed: .*resource missing.yaml not found/,
      );
    } finally {
      await watcher.stop();
      await fleet.stop();
    }
  });
});

describe("a simulated cluster's Flux, given a location publishing refuses", () => {
  it('still serves the cluster and says why it cannot sync', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'eg-sim-refused-'));
    const fleet = await SimulatedFleet.start({
      timings: FAST,
      git: { dataDir, resolveAuth: async () => undefined },
    });
    // A catalog entity is untrusted: its repo-url points outside the data folder.
    const outside = group('outside', '/etc/edge-gitops-elsewhere.git');
    const watcher = new ClusterWatcher(
      'outside',
      kubeConfigFor(fleet.ensure(outside)),
    );
    await watcher.start();
    try {
      const sync = await until('Failed', () => {
        const s = syncStatusOf(
          'outside',
          watcher.agentObjects(),
          'a'.repeat(40),
        );
        return s.state === 'Failed' && s;
      });
      expect(sync.message).toMatch(/^ArtifactFailed: Source is not ready: /);
      expect(watcher.connection().reachable).toBe(true);
    } finally {
      await watcher.stop();
      await fleet.stop();
    }
  });
});

describe("a simulated cluster's Flux over git smart HTTP", () => {
  const password = 'flux-s3cret-password';
  let server: GitHttpServer;
  let dataDir: string;

  beforeEach(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'eg-sim-http-'));
    server = await startGitHttpServer({
      root: fs.mkdtempSync(path.join(os.tmpdir(), 'eg-sim-http-root-')),
      username: 'edge',
      password,
    });
    server.createBareRepository('remote-1.git');
  });
  afterEach(() => server.close());

  it('fetches with the credentials publishing uses, and says why when they are refused', async () => {
    const remote = group('remote-1', `${server.url}/remote-1.git`);
    const credentials = (pw: string) => async () => ({
      username: 'edge',
      password: pw,
    });
    const published = await new EdgePublisher(
      { dataDir, defaultAuthor: { name: 't', email: 't@localhost' } },
      credentials(password),
    ).publish(
      {
        apiVersion: 'edge-gitops.io/v1alpha1',
        kind: 'EdgeApplication',
        metadata: { name: 'web' },
        spec: {
          targets: { nodeGroups: ['remote-1'] },
          services: [
            { name: 'web', containers: [{ name: 'web', image: 'nginx:1.27' }] },
          ],
        },
      },
      { nodeGroups: [remote] },
    );
    const head = published.outcomes[0].sha!;
    const syncWith = async (pw: string, expected: 'Synced' | 'Failed') => {
      const fleet = await SimulatedFleet.start({
        timings: FAST,
        git: {
          dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'eg-sim-http-data-')),
          resolveAuth: credentials(pw),
        },
      });
      const watcher = new ClusterWatcher(
        'remote-1',
        kubeConfigFor(fleet.ensure(remote)),
      );
      await watcher.start();
      try {
        const sync = await until(`${expected} with ${pw}`, () => {
          const s = syncStatusOf('remote-1', watcher.agentObjects(), head);
          return s.state === expected && s;
        });
        const running = await until('the sync settled', () => ({
          web: applicationsInNodeGroup('remote-1', watcher.objects()).find(
            a => a.application === 'web',
          ),
        }));
        return { sync, ...running };
      } finally {
        await watcher.stop();
        await fleet.stop();
      }
    };
    const good = await syncWith(password, 'Synced');
    expect(good.sync.revision).toBe(head);
    expect(good.web).toBeDefined();
    const refused = await syncWith('wrong-password', 'Failed');
    expect(refused.sync.message).toMatch(/ArtifactFailed: Source is not ready/);
    expect(refused.sync.message).not.toContain('wrong-password');
    expect(refused.web).toBeUndefined();
  });
});
