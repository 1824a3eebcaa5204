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

/**
 * The `application.yaml` of one application in a node group's folder at the branch head
 * (the EdgeApplication as published), or undefined when the folder does not hold it.
 */
export async function readApplicationDocument(
  group: NodeGroup,
  workspace: BranchWorkspace,
  name: string,
): Promise<{ head: string; yaml: string } | undefined> {
  if (workspace.isMissing()) return undefined;
  return workspace.update(
    async (gitdir, head) => {
      if (!head) return undefined;
      const folder = new NodeGroupFolder(gitdir, group, head);
      const yaml = (await folder.applicationFiles(name)).get(
        'application.yaml',
      );
      return yaml === undefined ? undefined : { head, yaml };
    },
    () => false,
  );
}
