import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  EdgeApplication,
  NodeGroup,
  nodeGroupFromEntity,
} from '@edge-gitops/plugin-edge-gitops-common';
import { mockServices } from '@backstage/backend-test-utils';
import knexFactory from 'knex';
import {
  createBranchHeadReader,
  EdgePublisher,
} from '@edge-gitops/plugin-edge-gitops-node';
import { migrateToLatest } from '../database/migrations';
import { PlacementIndex } from '../placements/PlacementIndex';
import { PlacementReconciler } from '../placements/PlacementReconciler';

const group = (name: string, url: string): NodeGroup =>
  nodeGroupFromEntity({
    kind: 'Resource',
    metadata: {
      name,
      labels: { region: 'east' },
      annotations: {
        'edge-gitops.io/repo-url': url,
        'edge-gitops.io/repo-branch': 'main',
      },
    },
    spec: { type: 'edge-node-group' },
  });

/**
 * A data folder with three node groups: east-1 and east-2 in local repositories, remote-1
 * on an HTTPS host nobody answers for. `web` is published to east-1 only. The placement
 * index lives in a fresh SQLite database.
 */
export async function publishedFleet() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'eg-services-'));
  const groups = [
    group('east-1', 'repos/east-1.git'),
    group('east-2', 'repos/east-2.git'),
    group('remote-1', 'https://git.invalid/edge/remote-1.git'),
  ];
  const app: EdgeApplication = {
    apiVersion: 'edge-gitops.io/v1alpha1',
    kind: 'EdgeApplication',
    metadata: { name: 'web' },
    spec: {
      targets: { nodeGroups: ['east-1'] },
      services: [
        { name: 'web', containers: [{ name: 'web', image: 'nginx:1.27' }] },
      ],
    },
  };
  const publisher = new EdgePublisher(
    { dataDir, defaultAuthor: { name: 'test', email: 'test@localhost' } },
    async () => undefined,
  );
  const result = await publisher.publish(app, {
    nodeGroups: groups.filter(g => g.name !== 'remote-1'),
  });
  const readHead = createBranchHeadReader({
    dataDir,
    resolveAuth: async () => undefined,
  });
  const db = knexFactory({
    client: 'better-sqlite3',
    connection: { filename: path.join(dataDir, 'plugin.sqlite') },
    useNullAsDefault: true,
  });
  await migrateToLatest(db);
  const index = new PlacementIndex(db);
  const reconciler = new PlacementReconciler({
    index,
    readHead,
    readContents: g => publisher.contents(g),
    logger: mockServices.logger.mock(),
  });
  return {
    dataDir,
    groups,
    app,
    head: result.outcomes[0].sha!,
    readHead,
    publisher,
    db,
    index,
    reconciler,
  };
}
