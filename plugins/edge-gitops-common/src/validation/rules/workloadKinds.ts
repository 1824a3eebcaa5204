import { cronScheduleProblem } from '../../kube/cron';
import type { EdgeService, WorkloadKind } from '../../model/types';
import { joinPath, Problems } from '../problems';
import { isPlainObject } from '../schemaDsl';

const isBatch = (kind: WorkloadKind) => kind === 'Job' || kind === 'CronJob';

/**
 * Which service fields apply to which workload kinds, and what to say when one is set on a
 * kind it does not apply to. Fields not listed here apply to every kind.
 *
 * @public
 */
export const KIND_FIELDS: Partial<
  Record<
    keyof EdgeService,
    { kinds: readonly WorkloadKind[]; refuse: (kind: WorkloadKind) => string }
  >
> = {
  replicas: {
    kinds: ['Deployment'],
    refuse: kind =>
      `is for Deployments only; a ${kind} ${
        kind === 'DaemonSet'
          ? 'runs one pod per matching node'
          : 'uses job.completions and job.parallelism'
      }`,
  },
  progressDeadlineSeconds: {
    kinds: ['Deployment'],
    refuse: kind => `is for Deployments only, not a ${kind}`,
  },
  minReadySeconds: {
    kinds: ['Deployment', 'DaemonSet'],
    refuse: kind => `does not apply to a ${kind}`,
  },
  revisionHistoryLimit: {
    kinds: ['Deployment', 'DaemonSet'],
    refuse: kind => `does not apply to a ${kind}`,
  },
  job: {
    kinds: ['Job', 'CronJob'],
    refuse: kind => `applies to Job and CronJob, not a ${kind}`,
  },
  cronJob: {
    kinds: ['CronJob'],
    refuse: kind => `applies to CronJob only, not a ${kind}`,
  },
};

/**
 * Update strategy types per kind; an empty list means the kind has no update strategy.
 *
 * @public
 */
export const UPDATE_STRATEGIES: Record<WorkloadKind, readonly string[]> = {
  Deployment: ['RollingUpdate', 'Recreate'],
  DaemonSet: ['RollingUpdate', 'OnDelete'],
  Job: [],
  CronJob: [],
};

/**
 * The fields of a service checked against its kind (the table above), and the kind's own rules.
 *
 * @public
 */
export function checkWorkloadKind(
  s: EdgeService,
  kind: WorkloadKind,
  path: string,
  p: Problems,
): void {
  for (const [field, rule] of Object.entries(KIND_FIELDS)) {
    if (
      s[field as keyof EdgeService] !== undefined &&
      !rule.kinds.includes(kind)
    )
      p.error(joinPath(path, field), rule.refuse(kind));
  }
  checkRestartPolicy(s, kind, path, p);
  checkUpdateStrategy(s, kind, path, p);
  checkBatch(s, kind, path, p);
}

function checkRestartPolicy(
  s: EdgeService,
  kind: WorkloadKind,
  path: string,
  p: Problems,
) {
  if (s.restartPolicy === undefined) return;
  if (isBatch(kind) && s.restartPolicy === 'Always') {
    p.error(
      joinPath(path, 'restartPolicy'),
      `a ${kind} needs OnFailure or Never, not Always`,
    );
  } else if (!isBatch(kind) && s.restartPolicy !== 'Always') {
    p.error(
      joinPath(path, 'restartPolicy'),
      `a ${kind} only supports Always, got ${s.restartPolicy}`,
    );
  }
}

function checkUpdateStrategy(
  s: EdgeService,
  kind: WorkloadKind,
  path: string,
  p: Problems,
) {
  const strategy = s.updateStrategy;
  if (!isPlainObject(strategy)) return;
  const allowed = UPDATE_STRATEGIES[kind] ?? [];
  const at = joinPath(path, 'updateStrategy');
  if (allowed.length === 0) p.error(at, `a ${kind} has no update strategy`);
  else if (strategy.type && !allowed.includes(strategy.type)) {
    p.error(
      joinPath(at, 'type'),
      `a ${kind} supports ${allowed.join(' or ')}, not ${strategy.type}`,
    );
  } else if (
    strategy.type &&
    strategy.type !== 'RollingUpdate' &&
    (strategy.maxSurge !== undefined || strategy.maxUnavailable !== undefined)
  ) {
    p.error(
      at,
      `maxSurge and maxUnavailable apply to RollingUpdate only, not ${strategy.type}`,
    );
  }
}

/** A CronJob needs a schedule that parses; a Job's parallelism above completions is a warning. */
function checkBatch(
  s: EdgeService,
  kind: WorkloadKind,
  path: string,
  p: Problems,
) {
  if (kind === 'CronJob' && s.cronJob === undefined)
    p.error(
      joinPath(path, 'cronJob'),
      'is required for a CronJob: at least cronJob.schedule',
    );
  if (typeof s.cronJob?.schedule === 'string') {
    const problem = cronScheduleProblem(s.cronJob.schedule);
    if (problem)
      p.error(
        joinPath(joinPath(path, 'cronJob'), 'schedule'),
        `${JSON.stringify(s.cronJob.schedule)} ${problem}`,
      );
  }
  const job = s.job;
  if (
    job &&
    typeof job.parallelism === 'number' &&
    typeof job.completions === 'number' &&
    job.parallelism > job.completions &&
    job.completions > 0
  ) {
    p.warn(
      joinPath(joinPath(path, 'job'), 'parallelism'),
      `is above completions (${job.completions}); only ${job.completions} pods will run at once`,
    );
  }
}
