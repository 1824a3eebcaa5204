import crypto from 'node:crypto';
import type { PermissionsService } from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  EdgeApplication,
  NodeGroup,
  renderApplicationForNodeGroup,
  requireTargets,
  reviewMarkdown,
} from '@edge-gitops/plugin-edge-gitops-common';
import {
  deniedOutcome,
  EdgePublisher,
  PublishResult,
  describePullRequest,
  PullRequestOutcome,
  reviewBranchFor,
} from '@edge-gitops/plugin-edge-gitops-node';
import { applicationFromInput } from './applicationInput';
import { nodeGroupsOfRequester } from './nodeGroups';
import { examples } from './publish.examples';
import {
  emitPublishResult,
  publishFailure,
  publishOutputSchema,
} from './publishOutput';
import { placementError } from './placementError';
import {
  ExistingApplication,
  existingApplication,
  nameTakenMessage,
} from './existingApplication';
import { InputError } from '@backstage/errors';
import { assertUpdateAllowed } from './updateAllowed';
import { assertHostAccessAllowed } from './hostAccessAllowed';
import type { PlacementIndexClient } from './placementIndexClient';

/**
 * What the publish and unpublish actions need from the backend.
 *
 * @public
 */
export interface PublishActionDeps {
  catalog: CatalogService;
  permissions: PermissionsService;
  publisher: EdgePublisher;
  /** The app's URL (app.baseUrl): pull requests link back to the application's page. */
  appBaseUrl?: string;
  /** The backend's placement index (the module reaches it over HTTP). */
  placements?: PlacementIndexClient;
}

function dryRunResult(
  app: EdgeApplication,
  groups: NodeGroup[],
  denied: Set<string>,
): PublishResult {
  const outcomes: PublishResult['outcomes'] = requireTargets(app, groups).map(
    group => {
      if (denied.has(group.name)) return deniedOutcome(group.name);
      const problem = placementError(app, group);
      if (problem)
        return { nodeGroup: group.name, status: 'failed', reason: problem };
      const files = [...renderApplicationForNodeGroup(app, group).keys()];
      return {
        nodeGroup: group.name,
        status: 'unchanged',
        reason: `dry run: would write ${files.length} files to apps/${app.metadata.name}/`,
        files,
      };
    },
  );
  return {
    application: app.metadata.name,
    outcomes,
    ok: outcomes.every(o => o.status !== 'failed'),
  };
}

/**
 * edge-gitops:publish commits the application into every targeted node group's git location.
 *
 * @public
 */
export function createPublishAction(deps: PublishActionDeps) {
  return createTemplateAction({
    id: 'edge-gitops:publish',
    supportsDryRun: true,
    examples,
    description:
      'Publishes an EdgeApplication to the git locations of its node groups, and removes it from node groups no longer targeted',
    schema: {
      input: {
        application: z =>
          z
            .union([z.record(z.string(), z.unknown()), z.string()])
            .describe(
              'The EdgeApplication document, or its YAML text (as edge-update edits it)',
            ),
        failOnError: z =>
          z
            .boolean()
            .optional()
            .describe('Fail the step when any node group fails (default true)'),
        review: z =>
          z
            .boolean()
            .optional()
            .describe(
              'Push a review branch per node group instead of committing to its branch',
            ),
        reviewBranch: z =>
          z
            .string()
            .regex(/^[A-Za-z0-9._/-]+$/)
            .optional()
            .describe('Review branch name; default edge-gitops/<application>'),
        create: z =>
          z
            .boolean()
            .optional()
            .describe(
              'Create templates set it: refuse a name that git or the catalog already holds, before anything is written',
            ),
        hostAccess: z =>
          z
            .boolean()
            .optional()
            .describe(
              'false refuses privileged containers, the host network and host PID (templates reserve host access to some people: docs/templates.md)',
            ),
        update: z =>
          z
            .boolean()
            .optional()
            .describe(
              'Update templates set it: the application must exist, and the requester needs edge-gitops.application.update on its Component',
            ),
      },
      output: publishOutputSchema,
    },
    async handler(ctx) {
      const { app, result: validation } = applicationFromInput(
        ctx.input.application,
        { allowClusterScoped: deps.publisher.config.allowClusterScoped },
      );
      for (const w of validation.warnings)
        ctx.logger.warn(`${w.path}: ${w.message}`);
      await assertHostAccessAllowed(
        app,
        ctx.input.hostAccess,
        deps.permissions,
        await ctx.getInitiatorCredentials(),
      );
      const { groups, denied } = await nodeGroupsOfRequester(
        deps,
        await ctx.getInitiatorCredentials(),
      );
      if (ctx.input.create && ctx.input.update)
        throw new InputError('create and update: a template sets one of them');
      if (ctx.input.update) {
        // Checked before anything is written, and again on a retry: permissions may change.
        const credentials = await ctx.getInitiatorCredentials();
        await assertUpdateAllowed(
          app.metadata.name,
          await existingApplication(
            app.metadata.name,
            deps,
            groups,
            credentials,
            ctx.logger,
          ),
          deps.permissions,
          credentials,
        );
      }
      if (ctx.input.create) {
        // Creating never overwrites: a taken name fails before anything is written. The
        // answer is checkpointed: a retried task must not find the application it created.
        const taken = (await ctx.checkpoint({
          key: `edge-gitops.create.${app.metadata.name}`,
          fn: async () => ({
            ...(await existingApplication(
              app.metadata.name,
              deps,
              groups,
              await ctx.getInitiatorCredentials(),
              ctx.logger,
            )),
          }),
        })) as ExistingApplication;
        if (taken.inGit.length || taken.inCatalog.length)
          throw new InputError(nameTakenMessage(app.metadata.name, taken));
      }
      if (ctx.isDryRun) {
        // Everything but the commit: targets, permissions and rendering are checked for real.
        const result = dryRunResult(app, groups, denied);
        for (const o of result.outcomes)
          ctx.logger.info(
            `${o.nodeGroup}: ${o.status}${o.reason ? ` (${o.reason})` : ''}`,
          );
        emitPublishResult(ctx, result, groups);
        return;
      }
      const reviewBranch = ctx.input.review
        ? ctx.input.reviewBranch ?? reviewBranchFor(app.metadata.name)
        : undefined;
      const inputHash = crypto
        .createHash('sha256')
        .update(JSON.stringify({ app, reviewBranch }))
        .digest('hex')
        .slice(0, 16);
      // A retried task finds the result of the first run instead of publishing twice.
      const result = (await ctx.checkpoint({
        key: `edge-gitops.publish.${app.metadata.name}.${inputHash}`,
        fn: async () => {
          const r = await deps.publisher.publish(app, {
            nodeGroups: groups,
            denied,
            reviewBranch,
            requestedBy: ctx.user?.ref,
            author: ctx.user?.entity?.spec?.profile?.email
              ? {
                  name:
                    ctx.user.entity.spec.profile.displayName ??
                    ctx.user.entity.metadata.name,
                  email: ctx.user.entity.spec.profile.email,
                }
              : undefined,
            onOutcome: o =>
              ctx.logger.info(
                `${o.nodeGroup}: ${o.status}${
                  o.sha ? ` ${o.sha.slice(0, 8)}` : ''
                }${o.reason ? ` (${o.reason})` : ''}`,
              ),
          });
          return JSON.parse(JSON.stringify(r));
        },
      })) as PublishResult;
      await deps.placements?.refresh(
        result,
        await ctx.getInitiatorCredentials(),
        ctx.logger,
      );
      emitPublishResult(ctx, result, groups);
      if (reviewBranch && result.ok) {
        // What a reviewer needs: the branch and the change per node group against its branch.
        const diffs = await deps.publisher.diff(app, { nodeGroups: groups });
        ctx.output(
          'review',
          reviewMarkdown(app.metadata.name, diffs, validation.warnings),
        );
        // One pull request per repository, opened or updated (checkpointed like the push).
        const pullRequests = (await ctx.checkpoint({
          key: `edge-gitops.pull-requests.${app.metadata.name}.${inputHash}`,
          fn: async () =>
            JSON.parse(
              JSON.stringify(
                await deps.publisher.openPullRequests(app, result, {
                  nodeGroups: groups,
                  warnings: validation.warnings,
                  diffs,
                  link: deps.appBaseUrl
                    ? {
                        title: `${app.metadata.name} in Backstage`,
                        url: `${deps.appBaseUrl}/catalog/default/component/${app.metadata.name}`,
                      }
                    : undefined,
                }),
              ),
            ),
        })) as PullRequestOutcome[];
        for (const pr of pullRequests) ctx.logger.info(describePullRequest(pr));
        ctx.output('pullRequests', pullRequests);
      }
      if (!result.ok && ctx.input.failOnError !== false)
        throw publishFailure(result, 'publishing');
    },
  });
}
