import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestBackend,
} from '@backstage/backend-test-utils';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import {
  EdgePublisher,
  nodeGroupsFromEntities,
} from '@edge-gitops/plugin-edge-gitops-node';
import request from 'supertest';
import { parseAllDocuments } from 'yaml';
import edgeGitopsPlugin from '.';
import { eventually } from './testing/eventually';

jest.setTimeout(60_000);

const root = path.resolve(__dirname, '../../..');
const nodeGroupsFile = path.join(root, 'examples/node-groups.yaml');

describe('edge-gitops backend plugin', () => {
  let backend: TestBackend;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'eg-backend-'));
    backend = await startTestBackend({
      features: [
        catalogPlugin,
        edgeGitopsPlugin,
        // The real scheduler: the plugin creates local repositories from a scheduled task.
        schedulerServiceFactory,
        mockServices.rootConfig.factory({
          data: {
            edgeGitops: { dataDir },
            catalog: {
              rules: [{ allow: ['Resource', 'Location'] }],
              locations: [{ type: 'file', target: nodeGroupsFile }],
            },
          },
        }),
      ],
    });
  });

  // The real scheduler keeps timers: stop the backend so the worker exits.
  afterAll(() => backend.stop());

  const get = (url: string) =>
    request(backend.server)
      .get(url)
      .set('Authorization', mockCredentials.user.header());

  it('lists node groups from the catalog with their git locations', async () => {
    const body = await eventually(async () => {
      const res = await get('/api/edge-gitops/node-groups');
      expect(res.status).toBe(200);
      return res.body.items.length === 4 ? res.body : undefined;
    }, 'four node groups');
    expect(body.items.map((g: any) => g.name)).toEqual([
      'gz-01',
      'sh-01',
      'sh-02',
      'sz-01',
    ]);
    expect(body.items[0]).toMatchObject({
      labels: { region: 'south', arch: 'amd64', gpu: 'false' },
      git: { url: 'repos/south.git', branch: 'main', path: 'gz-01' },
      repository: { local: true },
    });
    expect(body.issues).toEqual([]);
  });

  it('creates the local repositories of the sample node groups on start', async () => {
    const south = path.join(dataDir, 'repos/south.git');
    const tree = () => {
      try {
        return execFileSync(
          'git',
          ['--git-dir', south, 'ls-tree', '-r', '--name-only', 'main'],
          { encoding: 'utf8', stdio: 'pipe' },
        )
          .trim()
          .split('\n');
      } catch {
        return [];
      }
    };
    // gz-01 and sz-01 share south.git: each gets its own folder, one commit after the other.
    const files = await eventually(
      async () => (tree().length === 4 ? tree() : undefined),
      'both folders in south.git',
    );
    expect(files).toEqual([
      'gz-01/README.md',
      'gz-01/kustomization.yaml',
      'sz-01/README.md',
      'sz-01/kustomization.yaml',
    ]);
    expect(
      execFileSync(
        'git',
        ['--git-dir', south, 'show', 'main:gz-01/README.md'],
        { encoding: 'utf8' },
      ),
    ).toContain('kind: GitRepository');
    const res = await get('/api/edge-gitops/node-groups');
    expect(
      res.body.items.every((g: any) => typeof g.repository.head === 'string'),
    ).toBe(true);
  });

  it('shows where an application is published', async () => {
    const entities = parseAllDocuments(
      fs.readFileSync(nodeGroupsFile, 'utf8'),
    ).map(d => d.toJS());
    const publisher = new EdgePublisher(
      { dataDir, defaultAuthor: { name: 't', email: 't@example.com' } },
      async () => undefined,
    );
    await publisher.publish(
      {
        apiVersion: 'edge-gitops.io/v1alpha1',
        kind: 'EdgeApplication',
        metadata: { name: 'web' },
        spec: {
          targets: { nodeGroups: ['sh-02', 'gz-01'] },
          services: [
            { name: 'web', containers: [{ name: 'web', image: 'nginx:1.27' }] },
          ],
        },
      },
      { nodeGroups: nodeGroupsFromEntities(entities).nodeGroups },
    );
    // The index notices each node group's moved head within its minimum interval (2 s),
    // one node group at a time: wait for both rather than for the first.
    const res = await eventually(async () => {
      const r = await get('/api/edge-gitops/applications/web/placements');
      const published = (r.body.items ?? []).filter((p: any) => p.published);
      return published.length === 2 ? r : undefined;
    }, 'web in the placement index on gz-01 and sh-02');
    expect(res.status).toBe(200);
    expect(res.body.items.map((p: any) => [p.nodeGroup, p.published])).toEqual([
      ['gz-01', true],
      ['sh-01', false],
      ['sh-02', true],
      ['sz-01', false],
    ]);
    expect(res.body.items[0].files).toEqual([
      'application.yaml',
      'kustomization.yaml',
      'web.deployment.yaml',
    ]);
  });

  it('answers the application as git holds it, for edge-update to edit', async () => {
    // "web" was published to gz-01 and sh-02 by the test before.
    const res = await eventually(async () => {
      const r = await get('/api/edge-gitops/applications/web/definition');
      return r.status === 200 ? r : undefined;
    }, 'the definition of web');
    expect(res.body).toMatchObject({
      application: 'web',
      nodeGroup: 'gz-01',
      commit: expect.stringMatching(/^[0-9a-f]{40}$/),
    });
    const doc = parseAllDocuments(res.body.yaml).map(d => d.toJS());
    expect(doc).toEqual([
      expect.objectContaining({
        kind: 'EdgeApplication',
        metadata: { name: 'web' },
        spec: expect.objectContaining({
          targets: { nodeGroups: ['sh-02', 'gz-01'] },
        }),
      }),
    ]);
    const missing = await get(
      '/api/edge-gitops/applications/nobody/definition',
    );
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toBe(
      'no node group you can see holds an application named nobody',
    );
  });

  it('previews a change per node group without writing anything', async () => {
    // "web" is in gz-01 and sh-02; the form moves it to sh-02 and sz-01 with a new image.
    const heads = () =>
      ['south', 'sh-02'].map(repo =>
        execFileSync(
          'git',
          [
            '--git-dir',
            path.join(dataDir, `repos/${repo}.git`),
            'rev-parse',
            'main',
          ],
          { encoding: 'utf8' },
        ),
      );
    const before = heads();
    const preview = (application: unknown) =>
      request(backend.server)
        .post('/api/edge-gitops/applications/preview')
        .set('Authorization', mockCredentials.user.header())
        .send({ application });
    const res = await preview({
      apiVersion: 'edge-gitops.io/v1alpha1',
      kind: 'EdgeApplication',
      // What an unfilled form leaves ('' and {}) and a picker's entity refs, as templates pass them.
      metadata: { name: 'web', description: '', labels: {} },
      spec: {
        targets: { nodeGroups: ['resource:default/sh-02', 'sz-01'] },
        services: [
          {
            name: 'web',
            containers: [
              {
                name: 'web',
                image: 'nginx:1.28',
                securityContext: { privileged: true },
                env: [],
              },
            ],
          },
        ],
      },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      application: 'web',
      valid: true,
      errors: [],
    });
    expect(res.body.warnings).toEqual([
      expect.objectContaining({
        path: 'spec.services[0].containers[0].securityContext.privileged',
      }),
    ]);
    const byGroups = Object.fromEntries(
      res.body.changes.map((c: any) => [
        c.nodeGroups.join(','),
        c.files.map((f: any) => `${f.status} ${f.path}`),
      ]),
    );
    expect(byGroups).toEqual({
      'gz-01': [
        'removed gz-01/apps/web/application.yaml',
        'removed gz-01/apps/web/kustomization.yaml',
        'removed gz-01/apps/web/web.deployment.yaml',
        'changed gz-01/kustomization.yaml',
      ],
      'sh-02': [
        'changed apps/web/application.yaml',
        'changed apps/web/web.deployment.yaml',
      ],
      'sz-01': [
        'added sz-01/apps/web/application.yaml',
        'added sz-01/apps/web/kustomization.yaml',
        'added sz-01/apps/web/web.deployment.yaml',
        'changed sz-01/kustomization.yaml',
      ],
    });
    const deployment = res.body.changes
      .find((c: any) => c.nodeGroups[0] === 'sh-02')
      .files.find((f: any) => f.path.endsWith('web.deployment.yaml'));
    expect(deployment.before).toContain('image: nginx:1.27');
    expect(deployment.after).toContain('image: nginx:1.28');
    expect(heads()).toEqual(before);

    const bad = await preview({
      apiVersion: 'edge-gitops.io/v1alpha1',
      kind: 'EdgeApplication',
      metadata: { name: 'web' },
      spec: {
        targets: { nodeGroups: ['sh-02'] },
        services: [{ name: 'web', containers: [{ name: 'web', image: '' }] }],
      },
    });
    expect(bad.body).toMatchObject({ valid: false, changes: [] });
    expect(bad.body.errors.map((e: any) => e.path)).toContain(
      'spec.services[0].containers[0].image',
    );
    const nowhere = await preview({
      apiVersion: 'edge-gitops.io/v1alpha1',
      kind: 'EdgeApplication',
      metadata: { name: 'web' },
      spec: {
        targets: { selector: { matchLabels: { region: 'mars' } } },
        services: [
          { name: 'web', containers: [{ name: 'web', image: 'a:1' }] },
        ],
      },
    });
    expect(nowhere.body.errors).toEqual([
      expect.objectContaining({
        path: 'spec.targets',
        message: 'no node group matches selector region=mars',
      }),
    ]);
  });

  it('answers errors in Backstage error shape: 400 for a bad name, 401 without credentials', async () => {
    const bad = await get('/api/edge-gitops/applications/..%2Fetc/placements');
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({
      name: 'InputError',
      message: expect.stringContaining('must be a DNS-1123 label'),
    });
    const anonymous = await request(backend.server)
      .get('/api/edge-gitops/node-groups')
      .set('Authorization', mockCredentials.none.header());
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.name).toBe('AuthenticationError');
    const health = await request(backend.server)
      .get('/api/edge-gitops/health')
      .set('Authorization', mockCredentials.none.header());
    expect(health.body).toEqual({ status: 'ok' });
  });
});
