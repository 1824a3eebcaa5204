import {
  ApplicationListResponse,
  ApplicationSummary,
  fuzzyMatch,
  pageOf,
} from '@edge-gitops/plugin-edge-gitops-common';

/**
 * One page of the applications whose name fuzzily matches `q`.
 *
 * @public
 */
export function applicationPage(
  all: readonly ApplicationSummary[],
  query: { q?: unknown; offset?: unknown; limit?: unknown },
): ApplicationListResponse {
  const q = typeof query.q === 'string' ? query.q : '';
  const { offset, limit } = pageOf(query);
  const matching = all.filter(a => fuzzyMatch(a.application, q));
  return {
    items: matching.slice(offset, offset + limit),
    totalItems: matching.length,
    offset,
    limit,
  };
}
