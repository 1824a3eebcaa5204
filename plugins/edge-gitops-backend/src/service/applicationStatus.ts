import {
  ApplicationStatusResponse,
  NodeGroup,
  nodeGroupRollUp,
} from '@edge-gitops/plugin-edge-gitops-common';
import type { ClusterStatusService } from './ClusterStatusService';
import type { PlacementIndex } from '../placements/PlacementIndex';
import type { PlacementReconciler } from '../placements/PlacementReconciler';

/**
 * One application in every node group it is published to (the placement index) or seen in
 * (clusters), with each node group's sync against its git head and the roll-up over node
 * groups. A workload git places in a node group that its cluster lacks is NotFound.
 *
 * @public
 */
export async function applicationStatus(
  application: string,
  groups: readonly NodeGroup[],
  deps: {
    index: PlacementIndex;
    reconciler: PlacementReconciler;
    clusters: ClusterStatusService;
  },
): Promise<ApplicationStatusResponse> {
  const byName = new Map(groups.map(g => [g.name, g]));
  // Heads that moved since the index read them (a CLI publish) are read before answering.
  const heads = await deps.reconciler.refresh(groups, { recent: 'skip' });
  const placed = await deps.index.forApplication(application);
  const mine = placed.filter(p => byName.has(p.nodeGroup));
  const names = [
    ...new Set([
      ...mine.map(p => p.nodeGroup),
      ...deps.clusters.nodeGroupsRunning(application),
    ]),
  ].sort();
  const items = deps.clusters
    .application(
      application,
      names,
      new Map(names.map(n => [n, heads.get(n)?.head ?? undefined])),
      new Map(mine.map(p => [p.nodeGroup, p.workloads])),
    )
    .map(item => ({ ...item, git: byName.get(item.nodeGroup)?.git ?? null }));
  return {
    application,
    ...nodeGroupRollUp(items.map(i => i.status)),
    items,
  };
}
