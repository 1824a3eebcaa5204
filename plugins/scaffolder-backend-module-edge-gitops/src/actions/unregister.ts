import fs from 'node:fs';
import path from 'node:path';
import {
  ANNOTATION_LOCATION,
  Entity,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import type { PermissionsService } from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { catalogEntityDeletePermission } from '@backstage/plugin-catalog-common/alpha';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { ANNOTATION_APPLICATION } from '@edge-gitops/plugin-edge-gitops-common';
import { applicationNameInput } from './inputs';
import { examples } from './unregister.examples';

/**
 * The file edge-gitops:register wrote for an entity, when the entity comes from one:
 * `file:<dataDir>/catalog/<name>.yaml`. Anything else was registered some other way.
 */
function registeredFile(entity: Entity, dataDir: string): string | undefined {
  const location = entity.metadata.annotations?.[ANNOTATION_LOCATION] ?? '';
  if (!location.startsWith('file:')) return undefined;
  const file = path.resolve(location.slice('file:'.length));
  const folder = path.resolve(dataDir, 'catalog');
  return path.dirname(file) === folder ? file : undefined;
}

/**
 * edge-gitops:unregister removes the application's Component from the catalog: the one
 * edge-gitops:register wrote (its file and the entity). A Component defined elsewhere (a
 * repository's catalog-info.yaml) would come back at the next refresh, so it is named,
 * with where to remove it, instead. Needs the catalog's delete permission on the entity.
 *
 * @public
 */
export function createUnregisterAction(deps: {
  catalog: CatalogService;
  permissions: PermissionsService;
  dataDir: string;
}) {
  return createTemplateAction({
    id: 'edge-gitops:unregister',
    description:
      "Removes an edge application's Component from the catalog (the one edge-gitops:register made)",
    supportsDryRun: true,
    examples,
    schema: {
      input: { name: applicationNameInput },
      output: {
        removed: z =>
          z.array(z.string()).describe('Entity refs removed from the catalog'),
        kept: z =>
          z
            .array(z.object({ entityRef: z.string(), reason: z.string() }))
            .describe(
              'Components of the application left where they are defined',
            ),
      },
    },
    async handler(ctx) {
      const credentials = await ctx.getInitiatorCredentials();
      const { items } = await deps.catalog.getEntities(
        {
          filter: {
            kind: 'Component',
            [`metadata.annotations.${ANNOTATION_APPLICATION}`]: ctx.input.name,
          },
        },
        { credentials },
      );
      const removed: string[] = [];
      const kept: { entityRef: string; reason: string }[] = [];
      for (const entity of items) {
        const entityRef = stringifyEntityRef(entity);
        const file = registeredFile(entity, deps.dataDir);
        if (!file) {
          kept.push({
            entityRef,
            reason: `defined at ${
              entity.metadata.annotations?.[ANNOTATION_LOCATION] ??
              'an unknown location'
            }: remove it there`,
          });
          continue;
        }
        // Asked before anything changes: a refused delete must not leave the file gone.
        const [decision] = await deps.permissions.authorize(
          [
            {
              permission: catalogEntityDeletePermission,
              resourceRef: entityRef,
            },
          ],
          { credentials },
        );
        if (decision.result !== AuthorizeResult.ALLOW)
          throw new NotAllowedError(
            `you may not remove ${entityRef} from the catalog`,
          );
        removed.push(entityRef);
        if (ctx.isDryRun) continue;
        // The file first: the location must not bring the entity back after it is removed.
        await fs.promises.rm(file, { force: true });
        await deps.catalog.removeEntityByUid(entity.metadata.uid!, {
          credentials,
        });
        ctx.logger.info(`removed ${entityRef} from the catalog`);
      }
      for (const k of kept)
        ctx.logger.warn(`${k.entityRef} stays in the catalog: ${k.reason}`);
      if (!items.length)
        ctx.logger.info(
          `the catalog has no Component for application ${ctx.input.name}`,
        );
      ctx.output('removed', removed);
      ctx.output('kept', kept);
    },
  });
}
