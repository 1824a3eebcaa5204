import {
  ApplicationStatusResponse,
  NodeGroup,
  nodeGroupRollUp,
} from '@edge-gitops/plugin-edge-gitops-common';
import type { ClusterStatusService } from './ClusterStatusService';
import type { HeadReader, PlacementReader } from './placements';

/**
 * One application in every node group it is published to (git) or seen in (clusters),
 * with each node group's sync against its git head and the roll-up over node groups.
 *
 * @public
 */
export async function applicationStatus(
  application: string,
  groups: readonly NodeGroup[],
  deps: {
    placements: PlacementReader;
    clusters: ClusterStatusService;
    readHead: HeadReader;
  },
): Promise<ApplicationStatusResponse> {
  const byName = new Map(groups.map(g => [g.name, g]));
  const placed = await deps.placements.placements(application, groups);
  const names = [
    ...new Set([
      ...placed.filter(p => p.published).map(p => p.nodeGroup),
      ...deps.clusters.nodeGroupsRunning(application),
    ]),
  ].sort();
  const heads = await headsOf(names, placed, byName, deps.readHead);
  const items = deps.clusters
    .application(application, names, heads)
    .map(item => ({ ...item, git: byName.get(item.nodeGroup)?.git ?? null }));
  return {
    application,
    ...nodeGroupRollUp(items.map(i => i.status)),
    items,
  };
}

/**
 * The git head of each node group: local heads came with the placements; remote locations
 * are asked (a node group can run the application from a remote repository).
 */
async function headsOf(
  names: readonly string[],
  placed: readonly { nodeGroup: string; head: string | null }[],
  byName: ReadonlyMap<string, NodeGroup>,
  readHead: HeadReader,
): Promise<Map<string, string | undefined>> {
  const known = new Map(placed.map(p => [p.nodeGroup, p.head]));
  return new Map(
    await Promise.all(
      names.map(async name => {
        const local = known.get(name);
        if (local) return [name, local] as const;
        const group = byName.get(name);
        const head = group ? (await readHead(group.git)).head : undefined;
        return [name, head] as const;
      }),
    ),
  );
}
