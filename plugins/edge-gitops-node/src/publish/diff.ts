import type {
  EdgeApplication,
  FileDiff,
  NodeGroupDiff,
} from '@edge-gitops/plugin-edge-gitops-common';
import { NodeGroupFolder } from './nodeGroupFolder';
import { planNodeGroup } from './plan';
import { groupByRepository, PublishOptions, targetedNames } from './publisher';
import { mapWithConcurrency } from './pool';

/**
 * What a publish would change in every node group, file by file, without committing:
 * the same plan as publishing, compared with what each git location holds now.
 */
export async function diffApplication(
  appName: string,
  app: EdgeApplication | undefined,
  opts: Pick<PublishOptions, 'nodeGroups' | 'workspaceFor' | 'concurrency'>,
): Promise<NodeGroupDiff[]> {
  const targeted = app
    ? targetedNames(app, opts.nodeGroups)
    : new Set<string>();
  const perRepository = await mapWithConcurrency(
    groupByRepository(opts.nodeGroups),
    opts.concurrency ?? 8,
    async groups => {
      const diffs: NodeGroupDiff[] = [];
      for (const group of groups) {
        const groupApp = targeted.has(group.name) ? app : undefined;
        const workspace = opts.workspaceFor(group);
        if (!groupApp && workspace.isMissing()) continue;
        try {
          const diff = await workspace.update(
            async (gitdir, head) => {
              const folder = new NodeGroupFolder(gitdir, group, head);
              const plan = await planNodeGroup(
                folder,
                appName,
                groupApp,
                group,
              );
              if (plan.absent) return undefined;
              if (plan.problems.length)
                return {
                  nodeGroup: group.name,
                  files: [],
                  summary: plan.summary,
                  problems: plan.problems,
                };
              const files: FileDiff[] = [];
              const prefix = folder.path(`apps/${appName}/`);
              const before = await folder.applicationFiles(appName);
              for (const [repoPath, after] of plan.changes) {
                if (after === null) continue;
                const rel = repoPath.startsWith(prefix)
                  ? repoPath.slice(prefix.length)
                  : undefined;
                const old =
                  rel !== undefined
                    ? before.get(rel)
                    : await folder.read(repoPath.slice(folder.path('').length));
                if (rel !== undefined) before.delete(rel);
                if (old === after) continue;
                files.push({
                  path: repoPath,
                  status: old === undefined ? 'added' : 'changed',
                  before: old,
                  after,
                });
              }
              for (const [rel, old] of before)
                files.push({
                  path: `${prefix}${rel}`,
                  status: 'removed',
                  before: old,
                });
              files.sort((a, b) => a.path.localeCompare(b.path));
              return {
                nodeGroup: group.name,
                files,
                summary: plan.summary,
                problems: [],
              };
            },
            () => false,
          );
          if (diff) diffs.push(diff);
        } catch (e) {
          diffs.push({
            nodeGroup: group.name,
            files: [],
            summary: { added: [], changed: [], removed: [], images: [] },
            problems: [
              { severity: 'error', path: '', message: (e as Error).message },
            ],
          });
        }
      }
      return diffs;
    },
  );
  return perRepository
    .flat()
    .sort((a, b) => a.nodeGroup.localeCompare(b.nodeGroup));
}
