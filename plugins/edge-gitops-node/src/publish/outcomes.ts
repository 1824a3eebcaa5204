import { notAllowedToDeploy } from '@edge-gitops/plugin-edge-gitops-common';

/** @public */
export type OutcomeStatus =
  | 'committed'
  | 'unchanged'
  | 'removed'
  | 'failed'
  | 'absent';

/**
 * What happened in one node group.
 *
 * @public
 */
export interface NodeGroupOutcome {
  nodeGroup: string;
  status: OutcomeStatus;
  sha?: string;
  reason?: string;
  /** Files of apps/<app>/ written by this publish. */
  files?: string[];
  /** In review mode: the branch pushed for review. */
  branch?: string;
}

/** @public */
export interface PublishResult {
  application: string;
  outcomes: NodeGroupOutcome[];
  /** True when no node group failed. */
  ok: boolean;
}

/**
 * The outcome in a node group the requester may not deploy to.
 *
 * @public
 */
export function deniedOutcome(nodeGroup: string): NodeGroupOutcome {
  return { nodeGroup, status: 'failed', reason: notAllowedToDeploy(nodeGroup) };
}
