import type { NodeGroupListResponse } from '@edge-gitops/plugin-edge-gitops-common';
import {
  LocalRepositoryRoots,
  NodeGroupList,
  resolveLocalRepositoryPath,
} from '@edge-gitops/plugin-edge-gitops-node';
import type { ClusterStatusService } from './ClusterStatusService';
import type { HeadReader } from './placements';

/**
 * Node groups as the catalog has them, each with the head of its git location, its
 * cluster's connection and whether the cluster applied that head.
 *
 * @public
 */
export async function nodeGroupItems(
  list: NodeGroupList,
  deps: {
    roots: LocalRepositoryRoots;
    readHead: HeadReader;
    clusters: ClusterStatusService;
  },
): Promise<NodeGroupListResponse> {
  const items = await Promise.all(
    list.nodeGroups.map(async group => {
      let local = true;
      try {
        local = Boolean(resolveLocalRepositoryPath(group.git.url, deps.roots));
      } catch {
        // refused: readHead below says why
      }
      const { head, error } = await deps.readHead(group.git);
      return {
        ...group,
        repository: { local, head: head ?? null, ...(error ? { error } : {}) },
        connection: deps.clusters.connection(group.name),
        sync: deps.clusters.sync(group.name, head),
      };
    }),
  );
  return { items, issues: list.issues };
}
