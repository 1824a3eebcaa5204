import path from 'node:path';
import type { Config } from '@backstage/config';
import type { GitIdentity } from './git/treeCommit';
import type { GitHttpTimeouts } from './git/gitHttp';

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
  /** `edgeGitops.publish.allowClusterScoped`: YAML-mode cluster-scoped objects are allowed (and shown to reviewers). */
  allowClusterScoped?: boolean;
  /** `edgeGitops.git.timeouts`; defaults where unset. */
  gitTimeouts?: Partial<GitHttpTimeouts>;
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
  const timeouts = section?.getOptionalConfig('git.timeouts');
  const ms = (key: string) => {
    const seconds = timeouts?.getOptionalNumber(key);
    if (seconds === undefined) return undefined;
    if (!(seconds > 0))
      throw new Error(
        `edgeGitops.git.timeouts.${key} must be a positive number of seconds`,
      );
    return seconds * 1000;
  };
  const gitTimeouts = Object.fromEntries(
    Object.entries({
      connectTimeoutMs: ms('connectSeconds'),
      idleTimeoutMs: ms('idleSeconds'),
      nodeGroupDeadlineMs: ms('nodeGroupSeconds'),
    }).filter(([, v]) => v !== undefined),
  ) as Partial<GitHttpTimeouts>;
  return {
    dataDir,
    localRoots,
    allowClusterScoped:
      section?.getOptionalBoolean('publish.allowClusterScoped') ?? false,
    gitTimeouts,
    defaultAuthor: {
      name: author?.getOptionalString('name') ?? 'edge-gitops',
      email: author?.getOptionalString('email') ?? 'edge-gitops@localhost',
    },
  };
}
