import { notAllowedToDeploy } from '@edge-gitops/plugin-edge-gitops-common';

export type OutcomeStatus =
  | 'committed'
  | 'unchanged'
  | 'removed'
  | 'failed'
  | 'absent';

/** What happened in one node group. */
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

export interface PublishResult {
  application: string;
  outcomes: NodeGroupOutcome[];
  /** True when no node group failed. */
  ok: boolean;
}

/** The outcome in a node group the requester may not deploy to. */
export function deniedOutcome(nodeGroup: string): NodeGroupOutcome {
  return { nodeGroup, status: 'failed', reason: notAllowedToDeploy(nodeGroup) };
}
