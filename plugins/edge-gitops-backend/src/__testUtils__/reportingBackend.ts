import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { JsonObject } from '@backstage/types';
import { databaseServiceFactory } from '@backstage/backend-defaults/database';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import edgeGitopsPlugin from '..';

const root = path.resolve(__dirname, '../../../..');
const nodeGroupsFile = path.join(root, 'examples/node-groups.yaml');

/**
 * A backend that watches no cluster (no simulator, no edgeGitops.clusters): what it knows
 * of clusters comes from reporters. The catalog holds examples/node-groups.yaml. With
 * `database`, the plugin's database is that one (PostgreSQL).
 */
export async function startReportingBackend(
  dataDir: string,
  options: {
    database?: JsonObject;
    silentAfterSeconds?: number;
    /** Refuse this permission to everyone (others are allowed). */
    deny?: string;
  } = {},
) {
  const { deny } = options;
  const backend = await startTestBackend({
    features: [
      catalogPlugin,
      edgeGitopsPlugin,
      schedulerServiceFactory,
      ...(options.database ? [databaseServiceFactory] : []),
      ...(deny
        ? [
            mockServices.permissions.mock({
              authorize: async (requests: any[]) =>
                requests.map(r => ({
                  result:
                    r.permission.name === deny
                      ? AuthorizeResult.DENY
                      : AuthorizeResult.ALLOW,
                })),
              authorizeConditional: async (requests: any[]) =>
                requests.map(() => ({ result: AuthorizeResult.ALLOW })),
            } as any).factory,
          ]
        : []),
      mockServices.rootConfig.factory({
        data: {
          ...(options.database
            ? { backend: { database: options.database } }
            : {}),
          edgeGitops: {
            dataDir,
            reporters: { silentAfterSeconds: options.silentAfterSeconds ?? 90 },
          },
          catalog: {
            rules: [{ allow: ['Resource', 'Location'] }],
            locations: [{ type: 'file', target: nodeGroupsFile }],
          },
        },
      }),
    ],
  });
  const { port } = backend.server.address() as AddressInfo;
  return { backend, url: `http://127.0.0.1:${port}` };
}

/** The Deployment `web` of node group sz-01, `ready` of 2 replicas ready. */
export function webDeployment(ready: number) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'web',
      namespace: 'default',
      generation: 1,
      labels: {
        'app.kubernetes.io/name': 'web',
        'app.kubernetes.io/part-of': 'web',
        'app.kubernetes.io/managed-by': 'edge-gitops',
        'edge-gitops.io/node-group': 'sz-01',
      },
    },
    spec: { replicas: 2 },
    status: {
      observedGeneration: 1,
      replicas: 2,
      updatedReplicas: 2,
      readyReplicas: ready,
      availableReplicas: ready,
      conditions: [
        {
          type: 'Progressing',
          status: 'True',
          reason: 'NewReplicaSetAvailable',
        },
      ],
    },
  };
}
