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
      const result = (await ctx.checkpoint({
        key: `edge-gitops.unpublish.${ctx.input.name}`,
        fn: async () =>
          JSON.parse(
            JSON.stringify(
              await deps.publisher.unpublish(ctx.input.name, {
                nodeGroups: groups,
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
      emitPublishResult(ctx, result);
      if (!result.ok) throw publishFailure(result, 'removing');
    },
  });
}
