import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  EdgeGitopsConfig,
  ensureLocalRepository,
  NodeGroupList,
  resolveLocalRepositoryPath,
} from '@edge-gitops/plugin-edge-gitops-node';

/**
 * Creates the local repositories of node groups whose repo-url is a path, so the embedded
 * defaults can publish with no git host. Remote repositories are left alone.
 *
 * @public
 */
export async function ensureLocalRepositories(
  list: NodeGroupList,
  config: EdgeGitopsConfig,
  logger: LoggerService,
): Promise<void> {
  // Node groups sharing a repository are initialised one after another: the same branch ref.
  for (const group of list.nodeGroups) {
    let gitdir: string | undefined;
    try {
      gitdir = resolveLocalRepositoryPath(group.git.url, config);
      if (!gitdir) continue;
      const outcome = await ensureLocalRepository(
        gitdir,
        group,
        config.defaultAuthor,
      );
      if (outcome !== 'present') {
        logger.info(
          `node group ${group.name}: ${outcome} local repository ${gitdir}`,
        );
      }
    } catch (e) {
      logger.warn(
        `node group ${group.name}: cannot prepare local repository: ${
          (e as Error).message
        }`,
      );
    }
  }
  for (const issue of list.issues) {
    logger.warn(
      `catalog entity ${issue.entity} is not a usable node group: ${issue.message}`,
    );
  }
}
