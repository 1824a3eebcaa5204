import {
  commitMessage,
  EdgeApplication,
  gitRepositoryKey,
  NodeGroup,
  requireTargets,
} from '@edge-gitops/plugin-edge-gitops-common';
import type { BranchWorkspace } from '../git/repository';
import { commitTreeChanges, GitIdentity } from '../git/treeCommit';
import { NodeGroupFolder } from './nodeGroupFolder';
import { planNodeGroup } from './plan';
import { mapWithConcurrency } from './pool';

/** Bad targets are an input error; callers of the publisher know it by this name. */
export { TargetsError as PublishInputError } from '@edge-gitops/plugin-edge-gitops-common';

export type OutcomeStatus =
  | 'committed'
  | 'unchanged'
  | 'removed'
  | 'failed'
  | 'absent';

/** What happened in one node group (SPEC section 6). */
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

export interface PublishOptions {
  /** Every known node group: targeted ones get the application, others lose it. */
  nodeGroups: readonly NodeGroup[];
  workspaceFor: (group: NodeGroup) => BranchWorkspace;
  author: GitIdentity;
  requestedBy?: string;
  concurrency?: number;
  /** Fixed commit time, for reproducible shas in tests. */
  timestamp?: number;
  onOutcome?: (outcome: NodeGroupOutcome) => void;
  /** Node groups the requester may not change: targeted ones fail, others are left alone. */
  denied?: ReadonlySet<string>;
  /** Review mode: commit to this branch, based on each node group's branch, and push it. */
  reviewBranch?: string;
}

/** The default review branch of an application. */
export const reviewBranchFor = (appName: string) => `edge-gitops/${appName}`;

async function updateNodeGroup(
  appName: string,
  app: EdgeApplication | undefined,
  group: NodeGroup,
  opts: PublishOptions,
): Promise<NodeGroupOutcome> {
  const workspace = opts.workspaceFor(group);
  // Nothing to remove from a repository that does not exist; do not create it.
  if (!app && workspace.isMissing())
    return { nodeGroup: group.name, status: 'absent' };
  const review = opts.reviewBranch;
  type Step = NodeGroupOutcome & { changed: boolean };
  const step = await workspace.update<Step>(
    async (gitdir, head) => {
      const plan = await planNodeGroup(
        new NodeGroupFolder(gitdir, group, head),
        appName,
        app,
        group,
      );
      if (plan.absent)
        return { nodeGroup: group.name, status: 'absent', changed: false };
      if (plan.problems.length) {
        return {
          nodeGroup: group.name,
          status: 'failed',
          reason: plan.problems.map(p => `${p.path}: ${p.message}`).join('; '),
          changed: false,
        };
      }
      const result = await commitTreeChanges({
        gitdir,
        branch: review ?? group.git.branch,
        baseBranch: review ? group.git.branch : undefined,
        changes: plan.changes,
        author: opts.author,
        timestamp: opts.timestamp,
        message: commitMessage({
          application: appName,
          nodeGroup: group.name,
          action: app ? 'publish' : 'remove',
          summary: plan.summary,
          requestedBy: opts.requestedBy,
        }),
      });
      const base = {
        nodeGroup: group.name,
        files: app ? plan.files : undefined,
        ...(review ? { branch: review } : {}),
      };
      if (result.kind === 'unchanged')
        return {
          ...base,
          status: 'unchanged',
          sha: result.sha,
          changed: false,
        };
      return {
        ...base,
        status: app ? 'committed' : 'removed',
        sha: result.sha,
        changed: true,
      };
    },
    s => s.changed,
    review ? { pushBranch: review } : undefined,
  );
  const { changed: _changed, ...outcome } = step;
  return outcome;
}

/** Node groups that share a repository branch go one after another through one clone. */
export function groupByRepository(
  nodeGroups: readonly NodeGroup[],
): NodeGroup[][] {
  const byRepository = new Map<string, NodeGroup[]>();
  for (const group of nodeGroups) {
    const key = gitRepositoryKey(group.git);
    byRepository.set(key, [...(byRepository.get(key) ?? []), group]);
  }
  return [...byRepository.values()];
}

/** The names of the node groups an application targets; bad targets throw TargetsError. */
export function targetedNames(
  app: EdgeApplication,
  nodeGroups: readonly NodeGroup[],
): Set<string> {
  return new Set(requireTargets(app, nodeGroups).map(g => g.name));
}

/**
 * Runs fn for every node group: node groups that share a repository branch one after
 * another (one clone, one lock), repositories concurrently up to the bound. Undefined
 * results are dropped; the rest come back sorted by node group.
 */
export async function forEachNodeGroup<T extends { nodeGroup: string }>(
  nodeGroups: readonly NodeGroup[],
  concurrency: number,
  fn: (group: NodeGroup) => Promise<T | undefined>,
): Promise<T[]> {
  const perRepository = await mapWithConcurrency(
    groupByRepository(nodeGroups),
    concurrency,
    async groups => {
      const results: T[] = [];
      for (const group of groups) {
        const r = await fn(group);
        if (r !== undefined) results.push(r);
      }
      return results;
    },
  );
  return perRepository
    .flat()
    .sort((a, b) => a.nodeGroup.localeCompare(b.nodeGroup));
}

/**
 * Publishes an application (or, with app undefined, removes appName) in every node group:
 * targeted groups get it, the others lose it. One node group failing never stops the others.
 */
export async function publishApplication(
  appName: string,
  app: EdgeApplication | undefined,
  opts: PublishOptions,
): Promise<PublishResult> {
  const targeted = app
    ? targetedNames(app, opts.nodeGroups)
    : new Set<string>();
  const outcomes = await forEachNodeGroup(
    opts.nodeGroups,
    opts.concurrency ?? 8,
    async group => {
      let outcome: NodeGroupOutcome;
      if (opts.denied?.has(group.name)) {
        if (!targeted.has(group.name)) return undefined;
        outcome = {
          nodeGroup: group.name,
          status: 'failed',
          reason: `you are not allowed to deploy to node group ${group.name} (permission edge-gitops.node-group.deploy)`,
        };
      } else {
        try {
          outcome = await updateNodeGroup(
            appName,
            targeted.has(group.name) ? app : undefined,
            group,
            opts,
          );
        } catch (e) {
          outcome = {
            nodeGroup: group.name,
            status: 'failed',
            reason: (e as Error).message,
          };
        }
      }
      if (outcome.status === 'absent')
        return targeted.has(group.name) ? outcome : undefined;
      opts.onOutcome?.(outcome);
      return outcome;
    },
  );
  return {
    application: appName,
    outcomes,
    ok: outcomes.every(o => o.status !== 'failed'),
  };
}
