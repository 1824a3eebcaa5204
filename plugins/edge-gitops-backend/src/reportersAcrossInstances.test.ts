import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mockCredentials, TestBackend } from '@backstage/backend-test-utils';
import {
  ClusterReporter,
  ClusterWatcher,
  kubeConfigFor,
} from '@edge-gitops/plugin-edge-gitops-node';
import {
  KubeApiServer,
  startKubeApiServer,
} from '@edge-gitops/plugin-edge-gitops-node/testUtils';
import request from 'supertest';
import { startPostgres } from './__testUtils__/postgres';
import {
  startReportingBackend,
  webDeployment,
} from './__testUtils__/reportingBackend';
import { eventually } from './testing/eventually';

jest.setTimeout(240_000);

describe('reports on PostgreSQL, several backend instances', () => {
  let pg: Awaited<ReturnType<typeof startPostgres>>;
  let cluster: KubeApiServer;
  let watcher: ClusterWatcher;
  const backends: TestBackend[] = [];

  beforeAll(async () => {
    pg = await startPostgres();
    cluster = await startKubeApiServer({ version: 'v1.30.2' });
    cluster.apply(webDeployment(2));
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
  });
  afterAll(async () => {
    await Promise.all(backends.map(b => b.stop()));
    await watcher?.stop();
    await cluster?.close();
    await pg?.stop();
  });

  it('answers the same whichever instance received the report, and after a restart', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'eg-reports-pg-'));
    const database = { client: 'pg', connection: pg.connection };
    const a = await startReportingBackend(dataDir, { database });
    const b = await startReportingBackend(dataDir, { database });
    backends.push(a.backend, b.backend);
    const status = (backend: TestBackend) =>
      request(backend.server)
        .get('/api/edge-gitops/applications/web/status')
        .set('Authorization', mockCredentials.user.header());

    const issued = await eventually(async () => {
      const res = await request(a.backend.server)
        .post('/api/edge-gitops/node-groups/sz-01/reporter-tokens')
        .set('Authorization', mockCredentials.user.header());
      return res.status === 201 ? res.body : undefined;
    }, 'a token once the catalog holds sz-01');
    await eventually(
      async () =>
        watcher.objects().some(o => o.kind === 'Deployment') ? true : undefined,
      'the reporter side caches web',
    );

    // One reporter behind a load balancer that sends each request to the next instance.
    let next = 0;
    const instances = [a.url, b.url];
    const balanced: typeof fetch = (input, init) =>
      fetch(
        String(input).replace(
          'http://load-balancer',
          instances[next++ % instances.length],
        ),
        init,
      );
    const reporter = new ClusterReporter({
      nodeGroup: 'sz-01',
      backendUrl: 'http://load-balancer',
      token: issued.token,
      watcher,
      fetch: balanced,
    });
    // The snapshot reaches A; B answers with it (it reads the database within a second).
    expect((await reporter.reportOnce()).accepted).toBe(true);
    const fromB = await eventually(async () => {
      const res = await status(b.backend);
      return res.body.items?.length ? res.body : undefined;
    }, 'B answers with what A received');
    expect(fromB.items[0]).toMatchObject({
      nodeGroup: 'sz-01',
      status: 'Current',
      connection: { mode: 'reporting', reachable: true },
    });

    // The next report reaches B: a delta following the sequence A stored.
    cluster.apply(webDeployment(1));
    await eventually(
      async () =>
        reporter.state().applications.web?.status === 'InProgress'
          ? true
          : undefined,
      'the reporter sees web InProgress',
    );
    const delta = await reporter.reportOnce();
    expect(delta.report).toMatchObject({ snapshot: false, sequence: 2 });
    expect(delta.accepted).toBe(true);
    expect(next).toBe(2);

    // A restarts: its pages are not blank, they show the last reported state.
    await a.backend.stop();
    backends.splice(backends.indexOf(a.backend), 1);
    const a2 = await startReportingBackend(dataDir, { database });
    backends.push(a2.backend);
    const afterRestart = await eventually(async () => {
      const res = await status(a2.backend);
      return res.body.items?.length ? res.body : undefined;
    }, 'the restarted instance answers from the database');
    expect(afterRestart.items[0]).toMatchObject({
      nodeGroup: 'sz-01',
      status: 'InProgress',
      connection: { mode: 'reporting' },
    });
  });
});
