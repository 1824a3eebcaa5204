import {
  checkPlacement,
  commitMessage,
  EdgeApplication,
  gitRepositoryKey,
  NodeGroup,
  renderApplicationForNodeGroup,
  renderNodeGroupReadme,
  renderRootKustomization,
  resolveTargets,
  summarizeChange,
} from '@edge-gitops/plugin-edge-gitops-common';
import type { BranchWorkspace } from '../git/repository';
import { commitTreeChanges, FileChanges, GitIdentity } from '../git/treeCommit';
import { NodeGroupFolder } from './nodeGroupFolder';
import { mapWithConcurrency } from './pool';

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
}

export interface PublishResult {
  application: string;
  outcomes: NodeGroupOutcome[];
  /** True when no node group failed. */
  ok: boolean;
}

export class PublishInputError extends Error {}

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
}

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
  type Step = NodeGroupOutcome & { changed: boolean };
  const step = await workspace.update<Step>(
    async (gitdir, head) => {
      const folder = new NodeGroupFolder(gitdir, group, head);
      const existing = await folder.applications();
      const present = existing.includes(appName);
      const previous = present ? await folder.application(appName) : undefined;
      if (!app && !present)
        return { nodeGroup: group.name, status: 'absent', changed: false };

      const changes: FileChanges = new Map();
      changes.set(folder.path(`apps/${appName}`), null);
      let files: string[] | undefined;
      if (app) {
        const others = (
          await Promise.all(
            existing.filter(a => a !== appName).map(a => folder.application(a)),
          )
        ).filter((a): a is EdgeApplication => Boolean(a));
        const problems = checkPlacement(app, group, others).filter(
          p => p.severity === 'error',
        );
        if (problems.length) {
          return {
            nodeGroup: group.name,
            status: 'failed',
            reason: problems.map(p => `${p.path}: ${p.message}`).join('; '),
            changed: false,
          };
        }
        const rendered = renderApplicationForNodeGroup(app, group);
        files = [...rendered.keys()];
        for (const [rel, content] of rendered)
          changes.set(folder.path(`apps/${appName}/${rel}`), content);
      }
      const apps = app
        ? [...existing.filter(a => a !== appName), appName]
        : existing.filter(a => a !== appName);
      changes.set(
        folder.path('kustomization.yaml'),
        renderRootKustomization(apps),
      );
      if (!(await folder.hasFile('README.md')))
        changes.set(folder.path('README.md'), renderNodeGroupReadme(group));

      const result = await commitTreeChanges({
        gitdir,
        branch: group.git.branch,
        changes,
        author: opts.author,
        timestamp: opts.timestamp,
        message: commitMessage({
          application: appName,
          nodeGroup: group.name,
          action: app ? 'publish' : 'remove',
          summary: summarizeChange(previous, app),
          requestedBy: opts.requestedBy,
        }),
      });
      if (result.kind === 'unchanged')
        return {
          nodeGroup: group.name,
          status: 'unchanged',
          sha: result.sha,
          files,
          changed: false,
        };
      return {
        nodeGroup: group.name,
        status: app ? 'committed' : 'removed',
        sha: result.sha,
        files,
        changed: true,
      };
    },
    s => s.changed,
  );
  const { changed: _changed, ...outcome } = step;
  return outcome;
}

/**
 * Publishes an application (or, with app undefined, removes appName) in every node group:
 * targeted groups get it, the others lose it. Node groups sharing a repository branch are
 * handled one after another; repositories run concurrently up to the bound. One node
 * group failing never stops the others.
 */
export async function publishApplication(
  appName: string,
  app: EdgeApplication | undefined,
  opts: PublishOptions,
): Promise<PublishResult> {
  let targeted = new Set<string>();
  if (app) {
    const targets = resolveTargets(app, opts.nodeGroups);
    if (targets.unknownNames.length) {
      throw new PublishInputError(
        `spec.targets.nodeGroups: no node group named ${targets.unknownNames.join(
          ', ',
        )} (have: ${opts.nodeGroups.map(g => g.name).join(', ')})`,
      );
    }
    if (targets.emptyBecause)
      throw new PublishInputError(`spec.targets: ${targets.emptyBecause}`);
    targeted = new Set(targets.nodeGroups.map(g => g.name));
  }
  const byRepository = new Map<string, NodeGroup[]>();
  for (const group of opts.nodeGroups) {
    const key = gitRepositoryKey(group.git);
    byRepository.set(key, [...(byRepository.get(key) ?? []), group]);
  }
  const perRepository = await mapWithConcurrency(
    [...byRepository.values()],
    opts.concurrency ?? 8,
    async groups => {
      const outcomes: NodeGroupOutcome[] = [];
      for (const group of groups) {
        let outcome: NodeGroupOutcome;
        if (opts.denied?.has(group.name)) {
          if (targeted.has(group.name)) {
            outcome = {
              nodeGroup: group.name,
              status: 'failed',
              reason: `you are not allowed to deploy to node group ${group.name} (permission edge-gitops.node-group.deploy)`,
            };
            opts.onOutcome?.(outcome);
            outcomes.push(outcome);
          }
          continue;
        }
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
        if (outcome.status !== 'absent') opts.onOutcome?.(outcome);
        outcomes.push(outcome);
      }
      return outcomes;
    },
  );
  const outcomes = perRepository
    .flat()
    .filter(o => o.status !== 'absent' || targeted.has(o.nodeGroup))
    .sort((a, b) => a.nodeGroup.localeCompare(b.nodeGroup));
  return {
    application: appName,
    outcomes,
    ok: outcomes.every(o => o.status !== 'failed'),
  };
}
