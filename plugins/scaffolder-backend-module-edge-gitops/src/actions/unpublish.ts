import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { applicationNameInput } from './inputs';
import type { NodeGroup } from '@edge-gitops/plugin-edge-gitops-common';
import {
  deniedOutcome,
  type NodeGroupContents,
  type PublishResult,
} from '@edge-gitops/plugin-edge-gitops-node';
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
    supportsDryRun: true,
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
      if (ctx.isDryRun) {
        // Which node groups would lose it, read from git; nothing is written.
        const result = await removalDryRun(ctx.input.name, groups, denied, {
          holding,
          contents: group => deps.publisher.contents(group),
        });
        for (const o of result.outcomes)
          ctx.logger.info(`${o.nodeGroup}: ${o.status} (${o.reason})`);
        emitPublishResult(ctx, result, groups);
        return;
      }
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
      emitPublishResult(ctx, result, groups);
      if (!result.ok) throw publishFailure(result, 'removing');
    },
  });
}

/** The node groups holding the application (the placement index's answer, or git's). */
async function removalDryRun(
  name: string,
  groups: readonly NodeGroup[],
  denied: ReadonlySet<string>,
  deps: {
    holding?: ReadonlySet<string>;
    contents(group: NodeGroup): Promise<NodeGroupContents>;
  },
): Promise<PublishResult> {
  const outcomes: PublishResult['outcomes'] = [];
  for (const group of groups) {
    const holds = deps.holding
      ? deps.holding.has(group.name)
      : (await deps.contents(group)).applications.some(
          a => a.application === name,
        );
    if (!holds) continue;
    outcomes.push(
      denied.has(group.name)
        ? deniedOutcome(group.name)
        : {
            nodeGroup: group.name,
            status: 'unchanged',
            reason: `dry run: would remove apps/${name}/`,
          },
    );
  }
  return {
    application: name,
    outcomes,
    ok: outcomes.every(o => o.status !== 'failed'),
  };
}
