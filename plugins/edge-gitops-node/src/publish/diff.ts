import type {
  EdgeApplication,
  FileDiff,
  NodeGroupDiff,
} from '@edge-gitops/plugin-edge-gitops-common';
import type { FileChanges } from '../git/treeCommit';
import { NodeGroupFolder } from './nodeGroupFolder';
import { planNodeGroup } from './plan';
import { forEachNodeGroup } from './forEachNodeGroup';
import { PublishOptions, targetedNames } from './publishApplication';

/**
 * What a publish would change in every node group, file by file, without committing:
 * the same plan as publishing, compared with what each git location holds now.
 *
 * @public
 */
export async function diffApplication(
  appName: string,
  app: EdgeApplication | undefined,
  opts: Pick<
    PublishOptions,
    'nodeGroups' | 'workspaceFor' | 'concurrency' | 'reporter'
  >,
): Promise<NodeGroupDiff[]> {
  const targeted = app
    ? targetedNames(app, opts.nodeGroups)
    : new Set<string>();
  return forEachNodeGroup<NodeGroupDiff>(
    opts.nodeGroups,
    opts.concurrency ?? 8,
    async group => {
      const groupApp = targeted.has(group.name) ? app : undefined;
      try {
        // Inside the try: a location that is refused (outside the data folder) is that
        // node group's problem, not the whole diff's.
        const workspace = opts.workspaceFor(group);
        if (!groupApp && workspace.isMissing()) return undefined;
        return await workspace.update<NodeGroupDiff | undefined>(
          async (gitdir, head) => {
            const folder = new NodeGroupFolder(gitdir, group, head);
            const plan = await planNodeGroup(folder, appName, groupApp, group, {
              reporter: opts.reporter,
            });
            if (plan.absent) return undefined;
            const files = plan.problems.length
              ? []
              : await fileDiffs(folder, appName, plan.changes);
            return {
              nodeGroup: group.name,
              files,
              summary: plan.summary,
              problems: plan.problems,
            };
          },
          () => false,
        );
      } catch (e) {
        return {
          nodeGroup: group.name,
          files: [],
          summary: { added: [], changed: [], removed: [], images: [] },
          problems: [
            { severity: 'error', path: '', message: (e as Error).message },
          ],
        };
      }
    },
  );
}

/** Each planned write against the folder's current content; files the plan drops are removed. */
async function fileDiffs(
  folder: NodeGroupFolder,
  appName: string,
  changes: FileChanges,
): Promise<FileDiff[]> {
  const files: FileDiff[] = [];
  const prefix = folder.path(`apps/${appName}/`);
  const before = await folder.applicationFiles(appName);
  for (const [repoPath, after] of changes) {
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
    files.push({ path: `${prefix}${rel}`, status: 'removed', before: old });
  return files.sort((a, b) => a.path.localeCompare(b.path));
}
