import type { NodeGroupListResponse } from '@edge-gitops/plugin-edge-gitops-common';
import type { NodeGroupList } from '@edge-gitops/plugin-edge-gitops-node';
import type { ClusterStatusService } from './ClusterStatusService';
import type { HeadReader } from '../placements/headReader';

/**
 * Node groups as the catalog has them, each with the head of its git location, its
 * cluster's connection and whether the cluster applied that head.
 *
 * @public
 */
export async function nodeGroupItems(
  list: NodeGroupList,
  deps: {
    readHead: HeadReader;
    clusters: ClusterStatusService;
  },
): Promise<NodeGroupListResponse> {
  const items = await Promise.all(
    list.nodeGroups.map(async group => {
      // One resolution of the location: the head reader says whether it is local too.
      const { local, head, error } = await deps.readHead(group.git);
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
