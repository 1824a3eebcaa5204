import {
  NodeGroup,
  PlacedApplication,
  placedApplication,
} from '@edge-gitops/plugin-edge-gitops-common';
import type { BranchWorkspace } from '../git/branchWorkspace';
import { NodeGroupFolder } from './nodeGroupFolder';

/**
 * What a node group's folder holds at the head of its branch.
 *
 * @public
 */
export interface NodeGroupContents {
  /** The commit read; undefined when the branch (or the local repository) does not exist. */
  head?: string;
  applications: PlacedApplication[];
}

/**
 * Reads every application of a node group's folder at the branch head: a local repository
 * directly, a remote one through the publish cache (one shallow fetch, nothing pushed).
 * A missing local repository holds nothing and is not created.
 */
export async function readNodeGroupContents(
  group: NodeGroup,
  workspace: BranchWorkspace,
): Promise<NodeGroupContents> {
  if (workspace.isMissing()) return { applications: [] };
  return workspace.update(
    async (gitdir, head) => {
      const folder = new NodeGroupFolder(gitdir, group, head);
      const applications: PlacedApplication[] = [];
      for (const name of await folder.applications())
        applications.push(
          placedApplication(name, await folder.applicationFiles(name)),
        );
      return { head, applications };
    },
    () => false,
  );
}
