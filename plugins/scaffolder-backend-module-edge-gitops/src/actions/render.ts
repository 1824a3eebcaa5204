import path from 'node:path';
import fs from 'node:fs';
import { InputError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  renderApplicationForNodeGroup,
  requireTargets,
  ValidationOptions,
} from '@edge-gitops/plugin-edge-gitops-common';
import { applicationFromInput } from './applicationInput';
import { nodeGroupsFor } from './nodeGroups';
import { examples } from './render.examples';
import { placementError } from './placementError';

/**
 * edge-gitops:render writes apps/<app>/ for every targeted node group into the workspace.
 *
 * @public
 */
export function createRenderAction(deps: {
  catalog: CatalogService;
  validation?: ValidationOptions;
}) {
  return createTemplateAction({
    id: 'edge-gitops:render',
    description:
      'Renders an EdgeApplication into Kubernetes manifests per targeted node group, in the workspace',
    supportsDryRun: true,
    examples,
    schema: {
      input: {
        application: z =>
          z
            .record(z.string(), z.unknown())
            .describe('The EdgeApplication document'),
        targetPath: z =>
          z
            .string()
            .optional()
            .describe('Folder in the workspace; default edge-gitops'),
      },
      output: {
        nodeGroups: z => z.array(z.string()),
        files: z => z.number(),
      },
    },
    async handler(ctx) {
      const { app, result } = applicationFromInput(
        ctx.input.application,
        deps.validation,
      );
      for (const w of result.warnings)
        ctx.logger.warn(`${w.path}: ${w.message}`);
      const groups = await nodeGroupsFor(
        deps.catalog,
        await ctx.getInitiatorCredentials(),
      );
      const targets = requireTargets(app, groups);
      const root = path.resolve(
        ctx.workspacePath,
        ctx.input.targetPath ?? 'edge-gitops',
      );
      if (!root.startsWith(path.resolve(ctx.workspacePath)))
        throw new InputError('targetPath: must stay inside the workspace');
      let files = 0;
      for (const group of targets) {
        const problem = placementError(app, group);
        if (problem)
          throw new InputError(`node group ${group.name}: ${problem}`);
        for (const [rel, content] of renderApplicationForNodeGroup(
          app,
          group,
        )) {
          const file = path.join(
            root,
            group.name,
            'apps',
            app.metadata.name,
            rel,
          );
          await fs.promises.mkdir(path.dirname(file), { recursive: true });
          await fs.promises.writeFile(file, content);
          files++;
        }
        ctx.logger.info(`${group.name}: rendered ${app.metadata.name}`);
      }
      ctx.output(
        'nodeGroups',
        targets.map(g => g.name),
      );
      ctx.output('files', files);
    },
  });
}
