import {
  gitRepositoryKey,
  NodeGroup,
} from '@edge-gitops/plugin-edge-gitops-common';
import { mapWithConcurrency } from './pool';

/**
 * Node groups that share a repository branch go one after another through one clone.
 *
 * @public
 */
export function groupByRepository(
  nodeGroups: readonly NodeGroup[],
): NodeGroup[][] {
  const byRepository = new Map<string, NodeGroup[]>();
  for (const group of nodeGroups) {
    const key = gitRepositoryKey(group.git);
    byRepository.set(key, [...(byRepository.get(key) ?? []), group]);
  }
  return [...byRepository.values()];
}

/**
 * Runs fn for every node group: node groups that share a repository branch one after
 * another (one clone, one lock), repositories concurrently up to the bound. Undefined
 * results are dropped; the rest come back sorted by node group.
 *
 * @public
 */
export async function forEachNodeGroup<T extends { nodeGroup: string }>(
  nodeGroups: readonly NodeGroup[],
  concurrency: number,
  fn: (group: NodeGroup) => Promise<T | undefined>,
): Promise<T[]> {
  const perRepository = await mapWithConcurrency(
    groupByRepository(nodeGroups),
    concurrency,
    async groups => {
      const results: T[] = [];
      for (const group of groups) {
        const r = await fn(group);
        if (r !== undefined) results.push(r);
      }
      return results;
    },
  );
  return perRepository
    .flat()
    .sort((a, b) => a.nodeGroup.localeCompare(b.nodeGroup));
}
