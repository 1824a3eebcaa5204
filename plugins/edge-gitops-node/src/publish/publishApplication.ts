import crypto from 'node:crypto';
import {
  commitMessage,
  EdgeApplication,
  NodeGroup,
  requireTargets,
} from '@edge-gitops/plugin-edge-gitops-common';
import type { BranchWorkspace } from '../git/branchWorkspace';
import { commitTreeChanges, GitIdentity } from '../git/treeCommit';
import { forEachNodeGroup } from './forEachNodeGroup';
import { NodeGroupFolder } from './nodeGroupFolder';
import { deniedOutcome, NodeGroupOutcome, PublishResult } from './outcomes';
import { planNodeGroup } from './plan';
import type { ReporterPlacement } from '../config';

/** @public */
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
  /** The batch job publishing: its id goes into each commit's Batch-Job trailer. */
  batchJob?: string;
  /**
   * Publish to these targeted node groups only (a batch job's wave); every other node group
   * is left alone, and a named one the application no longer targets fails.
   */
  only?: ReadonlySet<string>;
  /** What earlier publishes in this process found (see PublishMemo). */
  memo?: PublishMemo;
  /** Place the reporter in each node group folder written (edgeGitops.reporters). */
  reporter?: ReporterPlacement;
}

/**
 * Per node group folder and application: the outcome an input gave at a commit. The same
 * input at the same commit gives the same outcome, so a re-publish whose cached head is a
 * commit it already answered for skips rendering and planning (the server is still asked
 * whether its branch is there).
 *
 * @public
 */
export type PublishMemo = Map<
  string,
  { input: string; head: string; outcome: NodeGroupOutcome }
>;

/** Entries a publisher's memo keeps (about 1 KB each). */
const MEMO_LIMIT = 20_000;

const inputOf = (
  appName: string,
  app: EdgeApplication | undefined,
  group: NodeGroup,
) =>
  crypto
    .createHash('sha256')
    .update(JSON.stringify([appName, app ?? null, group]))
    .digest('hex');

/**
 * The default review branch of an application.
 *
 * @public
 */
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
  // Review branches are pushed every time (the server may have deleted them): no memo.
  const memo = review ? undefined : opts.memo;
  const memoKey = `${group.git.url}#${group.git.branch}:${group.git.path}:${appName}`;
  const input = memo ? inputOf(appName, app, group) : '';
  const remember = (head: string | undefined, outcome: NodeGroupOutcome) => {
    if (!memo || !head) return;
    memo.delete(memoKey);
    memo.set(memoKey, { input, head, outcome });
    // Oldest first: a long-running backend keeps what it published recently.
    if (memo.size > MEMO_LIMIT) memo.delete(memo.keys().next().value!);
  };
  const step = await workspace.update<Step>(
    async (gitdir, head) => {
      const known = memo?.get(memoKey);
      if (head && known?.input === input && known.head === head)
        return { ...known.outcome, changed: false };
      const plan = await planNodeGroup(
        new NodeGroupFolder(gitdir, group, head),
        appName,
        app,
        group,
        { reporter: opts.reporter },
      );
      if (plan.absent) {
        remember(head, { nodeGroup: group.name, status: 'absent' });
        return { nodeGroup: group.name, status: 'absent', changed: false };
      }
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
          batchJob: opts.batchJob,
        }),
      });
      const base = {
        nodeGroup: group.name,
        files: app ? plan.files : undefined,
        ...(review ? { branch: review } : {}),
      };
      // Once pushed, the new commit answers this input with "unchanged"; if the push does not
      // happen, the branch is fetched again and the head differs.
      remember(
        result.kind === 'unchanged' ? head : result.sha,
        // After a removal the folder no longer holds the application: absent next time.
        app || result.kind === 'unchanged'
          ? { ...base, status: 'unchanged', sha: result.sha }
          : { nodeGroup: group.name, status: 'absent' },
      );
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

/**
 * The names of the node groups an application targets; bad targets throw TargetsError.
 *
 * @public
 */
export function targetedNames(
  app: EdgeApplication,
  nodeGroups: readonly NodeGroup[],
): Set<string> {
  return new Set(requireTargets(app, nodeGroups).map(g => g.name));
}

/**
 * Publishes an application (or, with app undefined, removes appName) in every node group:
 * targeted groups get it, the others lose it. One node group failing never stops the others.
 *
 * @public
 */
export async function publishApplication(
  appName: string,
  app: EdgeApplication | undefined,
  opts: PublishOptions,
): Promise<PublishResult> {
  const targeted = app
    ? targetedNames(app, opts.nodeGroups)
    : new Set<string>();
  const only = opts.only;
  const outcomes = await forEachNodeGroup(
    only ? opts.nodeGroups.filter(g => only.has(g.name)) : opts.nodeGroups,
    opts.concurrency ?? 8,
    async group => {
      let outcome: NodeGroupOutcome;
      if (only && !targeted.has(group.name)) {
        outcome = {
          nodeGroup: group.name,
          status: 'failed',
          reason: 'the application no longer targets this node group',
        };
      } else if (opts.denied?.has(group.name)) {
        if (!targeted.has(group.name)) return undefined;
        outcome = deniedOutcome(group.name);
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
