import path from 'node:path';
import {
  NodeGroup,
  renderNodeGroupReadme,
  renderRootKustomization,
} from '@edge-gitops/plugin-edge-gitops-common';
import {
  commitTreeChanges,
  FileChanges,
  GitIdentity,
  readFileAtBranch,
} from './treeCommit';
import { ensureBareRepository } from './bareRepository';
import { withRepositoryLock } from './lock';

/**
 * A repo-url without a scheme, or with file://, is a repository on this machine.
 * Relative paths are resolved against the data folder and may not leave it.
 * Returns undefined for remote (https) repositories.
 *
 * @public
 */
export function resolveLocalRepositoryPath(
  url: string,
  dataDir: string,
): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url) && !url.startsWith('file://'))
    return undefined;
  if (url.startsWith('file://')) return new URL(url).pathname;
  if (path.isAbsolute(url)) return path.normalize(url);
  const root = path.resolve(dataDir);
  const resolved = path.resolve(root, url);
  if (resolved !== root && !resolved.startsWith(root + path.sep)) {
    throw new Error(
      `repository path ${JSON.stringify(url)} leaves the data folder`,
    );
  }
  return resolved;
}

/**
 * The files a node group's folder holds before any application is published there.
 *
 * @public
 */
export function nodeGroupSkeleton(group: NodeGroup): FileChanges {
  const prefix = group.git.path ? `${group.git.path}/` : '';
  return new Map([
    [`${prefix}README.md`, renderNodeGroupReadme(group)],
    [`${prefix}kustomization.yaml`, renderRootKustomization([])],
  ]);
}

/** @public */
export type EnsureOutcome = 'created' | 'initialised' | 'present';

/**
 * Makes sure a local bare repository exists for the node group and that its folder holds
 * at least the skeleton, so a GitOps agent pointed at it builds from the first minute.
 * Existing content is never overwritten.
 *
 * @public
 */
export async function ensureLocalRepository(
  gitdir: string,
  group: NodeGroup,
  author: GitIdentity,
): Promise<EnsureOutcome> {
  const outcome: EnsureOutcome = (await ensureBareRepository(
    gitdir,
    group.git.branch,
  ))
    ? 'created'
    : 'present';
  // Under the same lock as publishing, so a publish running meanwhile is never overwritten.
  return withRepositoryLock(gitdir, async () => {
    const prefix = group.git.path ? `${group.git.path}/` : '';
    const existing = await readFileAtBranch(
      gitdir,
      group.git.branch,
      `${prefix}kustomization.yaml`,
    );
    if (existing !== undefined) return outcome;
    await commitTreeChanges({
      gitdir,
      branch: group.git.branch,
      changes: nodeGroupSkeleton(group),
      message: `edge-gitops: initialise node group ${group.name}`,
      author,
    });
    return outcome === 'created' ? 'created' : 'initialised';
  });
}
