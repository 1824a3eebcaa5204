import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { applicationNameInput } from './inputs';
import {} from '@edge-gitops/plugin-edge-gitops-common';
import type { PublishResult } from '@edge-gitops/plugin-edge-gitops-node';
import { nodeGroupsOfRequester } from './nodeGroups';
import type { PublishActionDeps } from './publish';
import { examples } from './unpublish.examples';
import {
  emitPublishResult,
  publishFailure,
  publishOutputSchema,
} from './publishOutput';

/**
 * edge-gitops:unpublish removes the application from every node group.
 *
 * @public
 */
export function createUnpublishAction(deps: PublishActionDeps) {
  return createTemplateAction({
    id: 'edge-gitops:unpublish',
    examples,
    description: 'Removes an application from every node group git location',
    schema: {
      input: {
        name: applicationNameInput,
      },
      output: publishOutputSchema,
    },
    async handler(ctx) {
      const { groups, denied } = await nodeGroupsOfRequester(
        deps,
        await ctx.getInitiatorCredentials(),
      );
      // Only the node groups whose git holds the application are touched (the index says
      // which); without an answer, every node group is looked at.
      const holding = await deps.placements?.holding(
        ctx.input.name,
        await ctx.getInitiatorCredentials(),
        ctx.logger,
      );
      const result = (await ctx.checkpoint({
        key: `edge-gitops.unpublish.${ctx.input.name}`,
        fn: async () =>
          JSON.parse(
            JSON.stringify(
              await deps.publisher.unpublish(ctx.input.name, {
                nodeGroups: holding
                  ? groups.filter(g => holding.has(g.name))
                  : groups,
                denied,
                requestedBy: ctx.user?.ref,
                onOutcome: o =>
                  ctx.logger.info(
                    `${o.nodeGroup}: ${o.status}${
                      o.reason ? ` (${o.reason})` : ''
                    }`,
                  ),
              }),
            ),
          ),
      })) as PublishResult;
      await deps.placements?.refresh(
        result,
        await ctx.getInitiatorCredentials(),
        ctx.logger,
      );
      emitPublishResult(ctx, result);
      if (!result.ok) throw publishFailure(result, 'removing');
    },
  });
}
