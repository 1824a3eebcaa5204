import type { ObjectStatus } from './computeStatus';

/** @public */
export type StatusCounts = Record<ObjectStatus, number>;

/**
 * Roll-up over objects, node groups or applications (see docs/status.md): any Failed is Failed,
 * else any Unknown is Unknown, else all Current is Current, else all NotFound is NotFound
 * (nothing of it exists yet), else InProgress.
 *
 * @public
 */
export function rollUp(statuses: readonly ObjectStatus[]): {
  status: ObjectStatus;
  counts: StatusCounts;
  summary: string;
} {
  const counts: StatusCounts = {
    Current: 0,
    InProgress: 0,
    Failed: 0,
    Terminating: 0,
    NotFound: 0,
    Unknown: 0,
  };
  for (const s of statuses) counts[s]++;
  let status: ObjectStatus = 'InProgress';
  if (counts.Failed > 0) status = 'Failed';
  else if (counts.Unknown > 0) status = 'Unknown';
  else if (counts.Current === statuses.length) status = 'Current';
  else if (counts.NotFound === statuses.length) status = 'NotFound';
  return {
    status,
    counts,
    summary: `${counts.Current} of ${statuses.length} current`,
  };
}

/**
 * The roll-up of one application over node groups, as the API answers it:
 * "37 of 40 node groups current".
 *
 * @public
 */
export function nodeGroupRollUp(statuses: readonly ObjectStatus[]): {
  status: ObjectStatus;
  summary: string;
} {
  const r = rollUp(statuses);
  return {
    status: r.status,
    summary: `${r.counts.Current} of ${statuses.length} node groups current`,
  };
}
