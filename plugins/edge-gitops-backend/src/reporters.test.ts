import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mockCredentials, TestBackend } from '@backstage/backend-test-utils';
import {
  ClusterReporter,
  ClusterWatcher,
  kubeConfigFor,
  ReporterTokenRefusedError,
  SimulatedFleet,
} from '@edge-gitops/plugin-edge-gitops-node';
import {
  KubeApiServer,
  startKubeApiServer,
} from '@edge-gitops/plugin-edge-gitops-node/testUtils';
import request from 'supertest';
import { parseAllDocuments } from 'yaml';
import {
  startReportingBackend,
  webDeployment,
} from './__testUtils__/reportingBackend';
import { eventually } from './testing/eventually';

jest.setTimeout(90_000);

describe('reporters: edge clusters the backend cannot reach push their status', () => {
  let backend: TestBackend;
  let url: string;
  let cluster: KubeApiServer;
  let watcher: ClusterWatcher;
  const user = () => mockCredentials.user.header();

  beforeAll(async () => {
    cluster = await startKubeApiServer({ version: 'v1.31.4+k3s1' });
    cluster.apply(webDeployment(1));
    ({ backend, url } = await startReportingBackend(
      fs.mkdtempSync(path.join(os.tmpdir(), 'eg-reporters-')),
      { silentAfterSeconds: 2 },
    ));
    await eventually(async () => {
      const res = await request(backend.server)
        .get('/api/edge-gitops/node-groups')
        .set('Authorization', user());
      return res.body.items?.some((g: any) => g.name === 'sz-01')
        ? true
        : undefined;
    }, 'the catalog holds the sample node groups');
    // The reporter's side: the same watcher the backend uses, inside the edge cluster.
    watcher = new ClusterWatcher(
      'sz-01',
      kubeConfigFor({
        nodeGroup: 'sz-01',
        url: cluster.url,
        caData: cluster.caData,
        serviceAccountToken: cluster.token,
      }),
    );
    await watcher.start();
    await eventually(
      async () => (watcher.objects().length ? true : undefined),
      'the watcher caches the Deployment',
    );
  });
  afterAll(async () => {
    await watcher?.stop();
    await cluster?.close();
    await backend?.stop();
  });

  const status = async () =>
    (
      await request(backend.server)
        .get('/api/edge-gitops/applications/web/status')
        .set('Authorization', user())
    ).body;

  const issueToken = async (nodeGroup = 'sz-01') => {
    const res = await request(backend.server)
      .post(`/api/edge-gitops/node-groups/${nodeGroup}/reporter-tokens`)
      .set('Authorization', user());
    expect(res.status).toBe(201);
    expect(res.body.token).toMatch(/^egr_/);
    return res.body as { token: string; item: { id: string } };
  };

  it('takes a snapshot, then deltas; a gap or a restarted reporter resyncs; a revoked token is refused; silence is Unknown', async () => {
    // Before any token: sz-01 has no cluster source at all.
    expect((await status()).items).toEqual([]);

    const issued = await issueToken();
    // The secret is shown once: the list has the token's id, never the secret or its hash.
    const listed = await request(backend.server)
      .get('/api/edge-gitops/node-groups/sz-01/reporter-tokens')
      .set('Authorization', user());
    expect(listed.body.items).toEqual([
      expect.objectContaining({ id: issued.item.id, nodeGroup: 'sz-01' }),
    ]);
    expect(JSON.stringify(listed.body)).not.toContain(issued.token);
    // With the manifests that run the reporter there: read-only, token from a Secret.
    const manifests = parseAllDocuments(listed.body.manifests).map(d =>
      d.toJS(),
    );
    expect(manifests.map(m => m.kind)).toEqual([
      'Namespace',
      'ServiceAccount',
      'ClusterRole',
      'ClusterRoleBinding',
      'Deployment',
    ]);
    const role = manifests.find(m => m.kind === 'ClusterRole');
    expect(
      [...new Set(role.rules.flatMap((r: any) => r.verbs))].sort(),
    ).toEqual(['get', 'list', 'watch']);
    const container = manifests.find(m => m.kind === 'Deployment').spec.template
      .spec.containers[0];
    expect(container.args).toEqual(
      expect.arrayContaining(['report', '--node-group', 'sz-01']),
    );
    expect(JSON.stringify(manifests)).toContain('edge-gitops-reporter-token');

    const reporter = new ClusterReporter({
      nodeGroup: 'sz-01',
      backendUrl: url,
      token: issued.token,
      watcher,
    });
    const first = await reporter.reportOnce();
    expect(first).toMatchObject({ accepted: true, sequence: 1 });
    expect(first.report.snapshot).toBe(true);
    const one = await status();
    expect(one.items).toEqual([
      expect.objectContaining({
        nodeGroup: 'sz-01',
        status: 'InProgress',
        connection: expect.objectContaining({
          mode: 'reporting',
          reachable: true,
          kubernetesVersion: 'v1.31.4+k3s1',
        }),
      }),
    ]);

    // The rollout finishes in the cluster: the next report is a delta with only web in it.
    cluster.apply(webDeployment(2));
    await eventually(
      async () =>
        reporter.state().applications.web?.status === 'Current'
          ? true
          : undefined,
      'the reporter sees web Current',
    );
    const second = await reporter.reportOnce();
    expect(second.report).toMatchObject({ sequence: 2, snapshot: false });
    expect(Object.keys(second.report.applications)).toEqual(['web']);
    expect((await status()).items[0].status).toBe('Current');

    // A second reporter process (a restart) starts with a snapshot at sequence 1 ...
    const restarted = new ClusterReporter({
      nodeGroup: 'sz-01',
      backendUrl: url,
      token: issued.token,
      watcher,
    });
    expect((await restarted.reportOnce()).report.snapshot).toBe(true);
    // ... so the first one's next delta (3) no longer follows: the backend asks for a
    // snapshot, and the reporter sends one at once.
    const resynced = await reporter.reportOnce();
    expect(resynced).toMatchObject({ accepted: true });
    expect(resynced.report.snapshot).toBe(true);

    // A wrong token is refused, with nothing in the answer about the token.
    const wrong = await request(backend.server)
      .post('/api/edge-gitops/node-groups/sz-01/reports')
      .set('Authorization', 'Bearer egr_not-a-token')
      .send({ sequence: 9, snapshot: true, applications: {} });
    expect(wrong.status).toBe(401);
    expect(JSON.stringify(wrong.body)).not.toContain('egr_not-a-token');
    // A token of another node group does not report for this one.
    const other = await request(backend.server)
      .post('/api/edge-gitops/node-groups/sh-01/reports')
      .set('Authorization', `Bearer ${issued.token}`)
      .send({ sequence: 1, snapshot: true, applications: {} });
    expect(other.status).toBe(401);
    // A malformed report names what is wrong.
    const malformed = await request(backend.server)
      .post('/api/edge-gitops/node-groups/sz-01/reports')
      .set('Authorization', `Bearer ${issued.token}`)
      .send({ sequence: 'x', snapshot: true, applications: {} });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.message).toContain('sequence');

    // Revoked: refused from then on.
    const revoked = await request(backend.server)
      .delete(
        `/api/edge-gitops/node-groups/sz-01/reporter-tokens/${issued.item.id}`,
      )
      .set('Authorization', user());
    expect(revoked.status).toBe(204);
    await expect(reporter.reportOnce()).rejects.toBeInstanceOf(
      ReporterTokenRefusedError,
    );

    // Nothing reported for longer than silentAfterSeconds: Unknown, last known state kept.
    const silent = await eventually(async () => {
      const s = await status();
      return s.items[0]?.status === 'Unknown' ? s : undefined;
    }, 'sz-01 Unknown after its reporter fell silent');
    expect(silent.items[0].summary).toMatch(
      /^reporter silent, last seen .+; last known: Current$/,
    );
    expect(silent.items[0].connection).toMatchObject({
      mode: 'reporting',
      reachable: false,
    });
    expect(silent.items[0].workloads).toEqual([
      expect.objectContaining({ kind: 'Deployment', name: 'web' }),
    ]);
  });

  it('issues tokens only for node groups the person sees', async () => {
    const missing = await request(backend.server)
      .post('/api/edge-gitops/node-groups/no-such-group/reporter-tokens')
      .set('Authorization', user());
    expect(missing.status).toBe(404);
  });

  it('refuses tokens to people without the reporter permission', async () => {
    const denied = await startReportingBackend(
      fs.mkdtempSync(path.join(os.tmpdir(), 'eg-reporters-denied-')),
      { deny: 'edge-gitops.node-group.reporter.manage' },
    );
    try {
      const res = await eventually(async () => {
        const r = await request(denied.backend.server)
          .post('/api/edge-gitops/node-groups/sz-01/reporter-tokens')
          .set('Authorization', user());
        return r.status === 404 ? undefined : r; // the catalog is still reading
      }, 'an answer once the catalog holds sz-01');
      expect(res.status).toBe(403);
      expect(res.body.error.message).toBe(
        'you may not manage the reporter of node group sz-01 (permission edge-gitops.node-group.reporter.manage)',
      );
    } finally {
      await denied.backend.stop();
    }
  });

  it("reports a simulated cluster's rollout as its controllers make progress", async () => {
    const fleet = await SimulatedFleet.start();
    const connection = fleet.ensure({
      name: 'gz-01',
      labels: { region: 'south' },
      git: { url: 'repos/south.git', branch: 'main', path: 'gz-01' },
    });
    const simulated = new ClusterWatcher('gz-01', kubeConfigFor(connection));
    try {
      const deployment = webDeployment(0);
      deployment.metadata.labels['edge-gitops.io/node-group'] = 'gz-01';
      (deployment.spec as any) = {
        replicas: 2,
        selector: { matchLabels: { 'app.kubernetes.io/name': 'web' } },
        template: {
          metadata: { labels: deployment.metadata.labels },
          spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] },
        },
      };
      delete (deployment as any).status;
      fleet.cluster('gz-01')!.apply(deployment);
      await simulated.start();
      const issued = await issueToken('gz-01');
      const reporter = new ClusterReporter({
        nodeGroup: 'gz-01',
        backendUrl: url,
        token: issued.token,
        watcher: simulated,
      });
      // The reporter runs as in a cluster; the backend follows the simulated rollout.
      const stop = new AbortController();
      const running = reporter.run(200, stop.signal);
      const current = await eventually(async () => {
        const res = await request(backend.server)
          .get('/api/edge-gitops/applications/web/status')
          .set('Authorization', user());
        const item = res.body.items?.find((i: any) => i.nodeGroup === 'gz-01');
        return item?.status === 'Current' ? item : undefined;
      }, 'gz-01 Current through its reporter');
      stop.abort();
      await running;
      expect(current.connection).toMatchObject({
        mode: 'reporting',
        reachable: true,
      });
      expect(current.workloads[0]).toMatchObject({
        kind: 'Deployment',
        ready: 2,
        desired: 2,
      });
    } finally {
      await simulated.stop();
      await fleet.stop();
    }
  });
});
