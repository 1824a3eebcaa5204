import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type { JsonObject } from '@backstage/types';
import { databaseServiceFactory } from '@backstage/backend-defaults/database';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import edgeGitopsPlugin from '..';

const root = path.resolve(__dirname, '../../../..');

/** A simulated fleet that moves in tenths of a second: what the backend tests run against. */
export const FAST_SIMULATOR_TIMINGS = {
  gitPollMs: 300,
  applyDelayMs: 200,
  imagePullMs: 100,
  containerStartMs: 100,
  readyMs: 100,
  jobRunMs: 300,
  backoffMs: 200,
  maxProgressDeadlineMs: 2_000,
};
const nodeGroupsFile = path.join(root, 'examples/node-groups.yaml');

/**
 * A backend with the catalog (the node groups of examples/node-groups.yaml: sh-01, sh-02,
 * gz-01 and sz-01, the last two sharing repos/south.git), the edge-gitops plugin stepping
 * batch jobs every 0.3 s, and a fast simulated fleet. With `database`, the plugin's
 * database is that one (PostgreSQL) instead of the in-memory SQLite of the test backend.
 */
export function startBatchBackend(
  dataDir: string,
  options: { database?: JsonObject } = {},
) {
  return startTestBackend({
    features: [
      catalogPlugin,
      edgeGitopsPlugin,
      schedulerServiceFactory,
      ...(options.database ? [databaseServiceFactory] : []),
      mockServices.rootConfig.factory({
        data: {
          ...(options.database
            ? { backend: { database: options.database } }
            : {}),
          edgeGitops: {
            dataDir,
            batch: { runFrequencySeconds: 0.3 },
            simulator: {
              enabled: true,
              timings: FAST_SIMULATOR_TIMINGS,
            },
          },
          catalog: {
            rules: [{ allow: ['Resource', 'Location'] }],
            locations: [{ type: 'file', target: nodeGroupsFile }],
          },
        },
      }),
    ],
  });
}

/** Commit messages (sha first) on a local repository's main branch with a job's trailer. */
export function trailerCommits(
  dataDir: string,
  repo: string,
  id: string,
): string[] {
  const gitdir = path.join(dataDir, 'repos', `${repo}.git`);
  const log = execFileSync(
    'git',
    ['--git-dir', gitdir, 'log', '--format=%H %B%x00', 'main'],
    { encoding: 'utf8' },
  );
  return log.split('\0').filter(m => m.includes(`Batch-Job: ${id}`));
}
