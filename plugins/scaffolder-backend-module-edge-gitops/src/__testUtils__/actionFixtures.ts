import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { EdgePublisher } from '@edge-gitops/plugin-edge-gitops-node';

/** A node group entity whose repository is a local bare repository under the data folder. */
export function nodeGroupEntity(
  name: string,
  labels: Record<string, string> = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name,
      namespace: 'default',
      labels,
      annotations: {
        'edge-gitops.io/repo-url': `repos/${name}.git`,
        'edge-gitops.io/repo-branch': 'main',
        'edge-gitops.io/repo-path': '/',
      },
    },
    spec: { type: 'edge-node-group', owner: 'group:default/platform' },
  };
}

/**
 * What an action runs against in a test: a data folder of its own, an in-memory catalog
 * holding two node groups (east-1, east-2), a permission service that denies the node
 * groups named in `denied`, and a real publisher writing bare repositories.
 */
export function actionFixture(opts: { denied?: string[] } = {}) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'eg-action-'));
  const catalog = catalogServiceMock({
    entities: [
      nodeGroupEntity('east-1', { region: 'east' }),
      nodeGroupEntity('east-2', { region: 'east' }),
    ],
  });
  const permissions = mockServices.permissions.mock({
    authorize: async (requests: any[]) =>
      requests.map(r => ({
        result: opts.denied?.some(
          n => r.resourceRef === `resource:default/${n}`,
        )
          ? AuthorizeResult.DENY
          : AuthorizeResult.ALLOW,
      })),
  } as any);
  const publisher = new EdgePublisher(
    { dataDir, defaultAuthor: { name: 'test', email: 'test@localhost' } },
    async () => undefined,
  );
  const gitdir = (group: string) => path.join(dataDir, 'repos', `${group}.git`);
  const git = (group: string, ...args: string[]) =>
    execFileSync('git', ['--git-dir', gitdir(group), ...args], {
      encoding: 'utf8',
    });
  return { dataDir, catalog, permissions, publisher, gitdir, git };
}

/**
 * The scaffolder keeps a step's checkpoint results with its task, so a retried task gets
 * them back instead of running `fn` again. One store, shared by the contexts of one task.
 */
export function checkpointStore() {
  const results = new Map<string, unknown>();
  return async <T>(o: { key: string; fn: () => Promise<T> | T }) => {
    if (!results.has(o.key)) results.set(o.key, await o.fn());
    return results.get(o.key) as T;
  };
}

/** An action context from the scaffolder's helper, with what it does not let us set. */
export function actionContext<I extends Record<string, any>>(
  input: I,
  extra: {
    isDryRun?: boolean;
    checkpoint?: ReturnType<typeof checkpointStore>;
  } = {},
) {
  const ctx = createMockActionContext({
    input,
    user: { ref: 'user:default/alice' },
  } as any);
  return Object.assign(ctx, extra) as typeof ctx & { input: I };
}

/** The values an action wrote to its outputs. */
export function outputsOf(ctx: { output: any }): Record<string, any> {
  return Object.fromEntries((ctx.output as jest.Mock).mock.calls);
}

/** A valid application for the two node groups, with one Deployment. */
export const application = (image = 'nginx:1.27', extra: object = {}) => ({
  apiVersion: 'edge-gitops.io/v1alpha1',
  kind: 'EdgeApplication',
  metadata: { name: 'kiosk' },
  spec: {
    targets: { selector: { matchLabels: { region: 'east' } } },
    services: [{ name: 'kiosk', containers: [{ name: 'web', image }] }],
    ...extra,
  },
});
