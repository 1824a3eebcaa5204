import path from 'node:path';
import type { Config } from '@backstage/config';
import type { GitIdentity } from './git/treeCommit';

/**
 * The `edgeGitops` section of app-config, read once.
 *
 * @public
 */
export interface EdgeGitopsConfig {
  /** Absolute path of the folder for local repositories and caches. */
  dataDir: string;
  /** Further absolute folders that may hold local repositories (`edgeGitops.git.localRoots`). */
  localRoots?: string[];
  defaultAuthor: GitIdentity;
}

/** @public */
export function readEdgeGitopsConfig(
  config: Config,
  cwd = process.cwd(),
): EdgeGitopsConfig {
  const section = config.getOptionalConfig('edgeGitops');
  const dataDir = path.resolve(
    cwd,
    section?.getOptionalString('dataDir') ?? '.data',
  );
  const author = section?.getOptionalConfig('git.defaultAuthor');
  const localRoots = (
    section?.getOptionalStringArray('git.localRoots') ?? []
  ).map(root => path.resolve(cwd, root));
  return {
    dataDir,
    localRoots,
    defaultAuthor: {
      name: author?.getOptionalString('name') ?? 'edge-gitops',
      email: author?.getOptionalString('email') ?? 'edge-gitops@localhost',
    },
  };
}
