import fs from 'node:fs';
import path from 'node:path';
import { stringifyEntityRef } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { applicationNameInput } from './inputs';
import {
  applicationComponent,
  DEFAULT_APPLICATION_OWNER,
  toYaml,
} from '@edge-gitops/plugin-edge-gitops-common';
import { ensureApplicationCatalogFolder } from '@edge-gitops/plugin-edge-gitops-node';
import { examples } from './register.examples';

/**
 * edge-gitops:register makes the application a catalog Component with the
 * edge-gitops.io/application annotation. Its definition is kept in the data folder and
 * registered as a file location, so it works with no git host at all.
 *
 * @public
 */
export function createRegisterAction(deps: {
  catalog: CatalogService;
  dataDir: string;
}) {
  return createTemplateAction({
    id: 'edge-gitops:register',
    description: 'Registers an edge application in the catalog as a Component',
    supportsDryRun: true,
    examples,
    schema: {
      input: {
        name: applicationNameInput,
        description: z => z.string().max(512).optional(),
        owner: z =>
          z
            .string()
            .optional()
            .describe(`Owner entity ref; default ${DEFAULT_APPLICATION_OWNER}`),
      },
      output: { entityRef: z => z.string() },
    },
    async handler(ctx) {
      const entity = applicationComponent(ctx.input);
      const entityRef = stringifyEntityRef(entity);
      ctx.output('entityRef', entityRef);
      if (ctx.isDryRun) return;
      const file = path.join(
        ensureApplicationCatalogFolder(deps.dataDir),
        `${ctx.input.name}.yaml`,
      );
      await fs.promises.writeFile(file, toYaml(entity));
      // The catalog reads this folder through a file location (app-config: catalog.locations,
      // target <dataDir>/catalog/*.yaml); refreshing that location picks the new file up.
      const credentials = await ctx.getInitiatorCredentials();
      const glob = path.join(deps.dataDir, 'catalog', '*.yaml');
      const { items } = await deps.catalog.getEntities(
        { filter: { kind: 'Location', 'spec.type': 'file' } },
        { credentials },
      );
      const location = items.find(
        l => path.resolve(String(l.spec?.target)) === glob,
      );
      if (!location) {
        throw new Error(
          `the catalog has no file location for ${glob}; add it to catalog.locations in app-config`,
        );
      }
      await deps.catalog.refreshEntity(stringifyEntityRef(location), {
        credentials,
      });
      ctx.logger.info(`registered ${entityRef}`);
    },
  });
}
