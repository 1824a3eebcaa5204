import type {
  ApplicationPlacement,
  GitLocation,
  NodeGroup,
} from '@edge-gitops/plugin-edge-gitops-common';
import {
  BranchHead,
  listFilesAtBranch,
  LocalRepositoryRoots,
  resolveLocalRepositoryPath,
} from '@edge-gitops/plugin-edge-gitops-node';

/**
 * Reads a node group's git head; cached for remote locations.
 *
 * @public
 */
export type HeadReader = (location: GitLocation) => Promise<BranchHead>;

/**
 * Which node groups hold apps/<name> at the head of their git location. Read from local
 * repositories; a remote one answers not published (its files are not fetched here).
 *
 * @public
 */
export class PlacementReader {
  constructor(
    private readonly roots: LocalRepositoryRoots,
    private readonly readHead: HeadReader,
  ) {}

  placements(
    application: string,
    groups: readonly NodeGroup[],
  ): Promise<ApplicationPlacement[]> {
    return Promise.all(groups.map(g => this.placementIn(application, g)));
  }

  private async placementIn(
    application: string,
    group: NodeGroup,
  ): Promise<ApplicationPlacement> {
    let gitdir: string | undefined;
    try {
      gitdir = resolveLocalRepositoryPath(group.git.url, this.roots);
    } catch {
      gitdir = undefined; // a refused location holds nothing we read
    }
    if (!gitdir)
      return { nodeGroup: group.name, published: false, head: null, files: [] };
    const folder = [group.git.path, 'apps', application]
      .filter(Boolean)
      .join('/');
    const [{ head }, files] = await Promise.all([
      this.readHead(group.git),
      listFilesAtBranch(gitdir, group.git.branch, folder).catch(
        () => [] as string[],
      ),
    ]);
    return {
      nodeGroup: group.name,
      published: files.length > 0,
      head: head ?? null,
      files,
    };
  }
}
