import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError } from '@backstage/errors';
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
 * Where local repositories may live: the data folder, and roots an operator lists.
 *
 * @public
 */
export interface LocalRepositoryRoots {
  /** Absolute path of the data folder; relative repo-urls live under it. */
  dataDir: string;
  /** Further absolute folders that may hold repositories (`edgeGitops.git.localRoots`). */
  localRoots?: readonly string[];
}

/** Whether `child` is inside `root` (both absolute and normalised). */
const isInside = (child: string, root: string) =>
  child === root ||
  child.startsWith(root.endsWith(path.sep) ? root : root + path.sep);

/** The real path of `p`: symlinks resolved in the deepest part of it that exists. */
function realPathOfDeepestExisting(p: string): string {
  let existing = p;
  const rest: string[] = [];
  while (!fs.existsSync(existing)) {
    const parent = path.dirname(existing);
    if (parent === existing) break;
    rest.unshift(path.basename(existing));
    existing = parent;
  }
  return path.join(fs.realpathSync(existing), ...rest);
}

/**
 * A repo-url without a scheme, or with file://, is a repository on this machine; returns
 * its absolute path, or undefined for a remote (https, http) repository.
 *
 * A repo-url comes from a catalog entity, which anyone who can register one writes: it may
 * name only a folder inside the data folder (relative paths are resolved against it) or
 * inside a root the operator listed, and no symlink may lead out of it. Anything else
 * throws an InputError, without creating or touching the path.
 *
 * @public
 */
export function resolveLocalRepositoryPath(
  url: string,
  roots: LocalRepositoryRoots,
): string | undefined {
  const isFileUrl = /^file:\/\//i.test(url);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url) && !isFileUrl) return undefined;
  let resolved: string;
  if (isFileUrl) {
    try {
      // Decodes percent-escapes (%2e%2e is ..) and refuses a host (file://host/x).
      resolved = path.resolve(fileURLToPath(url));
    } catch (e) {
      throw new InputError(
        `repository URL ${JSON.stringify(url)} is not a local file URL: ${
          (e as Error).message
        }`,
      );
    }
  } else {
    resolved = path.resolve(roots.dataDir, url);
  }
  const allowed = [roots.dataDir, ...(roots.localRoots ?? [])].map(r =>
    path.resolve(r),
  );
  const root = allowed.find(r => resolved !== r && isInside(resolved, r));
  if (!root) {
    throw new InputError(
      `repository path ${JSON.stringify(url)} is outside the data folder${
        roots.localRoots?.length ? ' and edgeGitops.git.localRoots' : ''
      }: local repositories live under ${path.resolve(roots.dataDir)}`,
    );
  }
  if (fs.existsSync(root)) {
    const real = realPathOfDeepestExisting(resolved);
    if (!isInside(real, fs.realpathSync(root)))
      throw new InputError(
        `repository path ${JSON.stringify(
          url,
        )} leads out of ${root} through a symbolic link`,
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
