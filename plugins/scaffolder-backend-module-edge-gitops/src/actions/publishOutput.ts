import { NotAllowedError } from '@backstage/errors';
import {
  notAllowedToDeploy,
  type NodeGroup,
} from '@edge-gitops/plugin-edge-gitops-common';
import type { PublishResult } from '@edge-gitops/plugin-edge-gitops-node';
import { outcomeMarkdown } from './outcomeSummary';

/**
 * The outputs of edge-gitops:publish and edge-gitops:unpublish.
 *
 * @public
 */
export const publishOutputSchema = {
  results: (z: any) =>
    z.array(
      z.object({
        nodeGroup: z.string(),
        status: z.string(),
        sha: z.string().optional(),
        reason: z.string().optional(),
      }),
    ),
  summary: (z: any) => z.string(),
  committed: (z: any) => z.array(z.string()),
  review: (z: any) => z.string().optional(),
  pullRequests: (z: any) =>
    z
      .array(
        z.object({
          repository: z.string(),
          nodeGroups: z.array(z.string()),
          url: z.string().optional(),
          number: z.number().optional(),
          action: z.string().optional(),
          error: z.string().optional(),
          skipped: z.string().optional(),
        }),
      )
      .optional(),
};

/**
 * Writes a publish result to the step's outputs: per node group, as a table (commits linked
 * to the node groups' git hosts), and what changed.
 *
 * @public
 */
export function emitPublishResult(
  ctx: { output(name: string, value: any): void },
  result: PublishResult,
  nodeGroups: readonly NodeGroup[] = [],
) {
  ctx.output(
    'results',
    result.outcomes.map(({ files: _f, ...o }) => o),
  );
  ctx.output('summary', outcomeMarkdown(result, nodeGroups));
  ctx.output(
    'committed',
    result.outcomes
      .filter(o => o.status === 'committed' || o.status === 'removed')
      .map(o => o.nodeGroup),
  );
}

/**
 * The error a step fails with when node groups failed: NotAllowedError when every failure
 * was a refused permission (the caller can tell it apart), a plain Error otherwise.
 *
 * @public
 */
export function publishFailure(result: PublishResult, doing: string): Error {
  const failed = result.outcomes.filter(o => o.status === 'failed');
  const message = `${doing} failed in ${failed.length} node group(s): ${failed
    .map(f => `${f.nodeGroup}: ${f.reason}`)
    .join('; ')}`;
  const denied = failed.every(
    f => f.reason === notAllowedToDeploy(f.nodeGroup),
  );
  return denied ? new NotAllowedError(message) : new Error(message);
}
