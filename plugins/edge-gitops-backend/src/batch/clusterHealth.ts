import type {
  NodeGroup,
  NodeGroupHealth,
} from '@edge-gitops/plugin-edge-gitops-common';
import type { ClusterStatusService } from '../service/ClusterStatusService';
import type { HealthSource } from './BatchJobRunner';

/**
 * Health as batch jobs judge it, from the same informer caches the status pages read: the
 * application's roll-up in each cluster, the revision its GitOps agent applied, and whether
 * the cluster answers.
 */
export function clusterHealth(
  clusters: ClusterStatusService,
  /** Does commit `later` of the node group's location build on `commit`? (git ancestry) */
  contains: (
    group: NodeGroup,
    later: string,
    commit: string,
  ) => Promise<boolean>,
): HealthSource {
  return async (application, nodeGroups) => {
    const byName = new Map(nodeGroups.map(g => [g.name, g]));
    const heads = new Map(nodeGroups.map(g => [g.name, g.commit]));
    const items = clusters.application(
      application,
      nodeGroups.map(g => g.name),
      heads,
    );
    return new Map(
      await Promise.all(
        items.map(async item => {
          const failing = item.workloads
            .flatMap(w =>
              w.failingPods.map(
                p =>
                  `${p.pod}: ${p.reason}${p.message ? ` (${p.message})` : ''}`,
              ),
            )
            .slice(0, 3);
          const asked = byName.get(item.nodeGroup);
          const applied = item.sync.revision;
          const health: NodeGroupHealth = {
            reachable: item.connection.reachable,
            applied,
            // A node group sharing the repository may have committed on top of ours.
            appliedContainsCommit:
              applied &&
              asked?.commit &&
              asked.group &&
              applied !== asked.commit
                ? await contains(asked.group, applied, asked.commit)
                : undefined,
            status: item.status,
            summary:
              item.status === 'Failed' && failing.length
                ? `${item.summary}; failing pods: ${failing.join('; ')}`
                : item.summary,
          };
          return [item.nodeGroup, health] as const;
        }),
      ),
    );
  };
}
