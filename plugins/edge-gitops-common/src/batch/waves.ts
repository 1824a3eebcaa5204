import type { BatchJobOptions, CountOrPercent } from './types';

/**
 * A count or a percentage of `total`, as node groups: percentages round up, so "10%" of 5 is
 * one node group, never zero.
 *
 * @public
 */
export function countOf(value: CountOrPercent, total: number): number {
  if (typeof value === 'number') return value;
  return Math.ceil((parseFloat(value) / 100) * total);
}

/**
 * The node groups of each wave, in the order given: the canary wave first (when canary is above 0),
 * then waves of `size` until none is left. Every wave holds at least one node group.
 *
 * @public
 */
export function planWaves(
  nodeGroups: readonly string[],
  waves: Pick<BatchJobOptions['waves'], 'canary' | 'size'>,
): string[][] {
  const out: string[][] = [];
  const canary = Math.min(waves.canary, nodeGroups.length);
  if (canary > 0) out.push(nodeGroups.slice(0, canary));
  const size = Math.max(1, countOf(waves.size, nodeGroups.length));
  for (let i = canary; i < nodeGroups.length; i += size)
    out.push(nodeGroups.slice(i, i + size));
  return out;
}
