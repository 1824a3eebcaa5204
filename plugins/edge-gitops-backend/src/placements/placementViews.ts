import type {
  ApplicationPlacement,
  NodeGroup,
  NodeGroupApplicationsResponse,
} from '@edge-gitops/plugin-edge-gitops-common';
import type { IndexedHead, IndexedPlacement } from './PlacementIndex';

const isoOf = (ms: number | undefined) =>
  ms === undefined ? null : new Date(ms).toISOString();

/** One row per node group: what the index holds of the application there. */
export function applicationPlacements(
  groups: readonly NodeGroup[],
  placed: readonly IndexedPlacement[],
  heads: ReadonlyMap<string, IndexedHead>,
): ApplicationPlacement[] {
  const byGroup = new Map(placed.map(p => [p.nodeGroup, p]));
  return groups.map(g => {
    const p = byGroup.get(g.name);
    const h = heads.get(g.name);
    return {
      nodeGroup: g.name,
      published: Boolean(p),
      head: h?.head ?? null,
      files: p?.files ?? [],
      workloads: p?.workloads ?? [],
      images: p?.images ?? [],
      hostPorts: p?.hostPorts ?? [],
      indexedAt: isoOf(h?.indexedAt),
      ...(h?.error ? { error: h.error } : {}),
    };
  });
}

/** The applications one node group's git location holds. */
export function nodeGroupApplications(
  nodeGroup: string,
  placed: readonly IndexedPlacement[],
  head: IndexedHead | undefined,
): NodeGroupApplicationsResponse {
  return {
    nodeGroup,
    head: head?.head ?? null,
    indexedAt: isoOf(head?.indexedAt),
    ...(head?.error ? { error: head.error } : {}),
    items: placed.map(({ nodeGroup: _n, head: _h, ...app }) => app),
  };
}
