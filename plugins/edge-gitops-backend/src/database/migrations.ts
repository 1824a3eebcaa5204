import { resolvePackagePath } from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';

/**
 * Brings the plugin's database (batch jobs, placement index, reports) to the latest schema.
 *
 * @public
 */
export async function migrateToLatest(knex: Knex): Promise<void> {
  await knex.migrate.latest({
    directory: resolvePackagePath(
      '@edge-gitops/plugin-edge-gitops-backend',
      'migrations',
    ),
  });
}
