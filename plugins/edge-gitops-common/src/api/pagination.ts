import type { ApplicationListQuery } from './types';

/**
 * The largest page `GET /applications` answers, and the page when none is asked for.
 *
 * @public
 */
export const MAX_PAGE_SIZE = 200;
/** @public */
export const DEFAULT_PAGE_SIZE = 50;

/**
 * Offset and limit of a list request from untrusted query values: numbers within bounds,
 * defaults otherwise (a bad value never fails the request).
 *
 * @public
 */
export function pageOf(query: {
  offset?: unknown;
  limit?: unknown;
}): Required<Pick<ApplicationListQuery, 'offset' | 'limit'>> {
  const offset = Math.max(0, Math.floor(Number(query.offset ?? 0)) || 0);
  const limit = Math.min(
    MAX_PAGE_SIZE,
    Math.max(
      1,
      Math.floor(Number(query.limit ?? DEFAULT_PAGE_SIZE)) || DEFAULT_PAGE_SIZE,
    ),
  );
  return { offset, limit };
}
