import type { KubeObject } from '../kubeApi/objectStore';
import {
  ClusterContext,
  isReady,
  iso,
  ownedBy,
  podFromTemplate,
  randomSuffix,
  updateStatus,
  withCondition,
} from './context';

const restartsOf = (p: KubeObject) =>
  (p.status?.containerStatuses ?? []).reduce(
    (n: number, c: any) => n + (c.restartCount ?? 0),
    0,
  );

/**
 * Jobs run pods to completion: up to `parallelism` at a time until `completions` succeed.
 * Failed pods, and restarts of OnFailure pods, count against backoffLimit; past it the Job
 * fails with BackoffLimitExceeded, past activeDeadlineSeconds with DeadlineExceeded.
 */
export function reconcileJobs(ctx: ClusterContext): void {
  for (const job of ctx.store.list('batch/v1', 'Job')) reconcile(ctx, job);
}

function reconcile(ctx: ClusterContext, job: KubeObject) {
  const conditions: any[] = job.status?.conditions ?? [];
  if (
    conditions.some(
      c => ['Complete', 'Failed'].includes(c.type) && c.status === 'True',
    )
  )
    return;
  const completions: number = job.spec?.completions ?? 1;
  const parallelism: number = job.spec?.parallelism ?? 1;
  const backoffLimit: number = job.spec?.backoffLimit ?? 6;
  const pods = ownedBy(ctx, 'v1', 'Pod', job);
  const succeeded = pods.filter(p => p.status?.phase === 'Succeeded').length;
  const failedPods = pods.filter(p => p.status?.phase === 'Failed').length;
  const active = pods.filter(
    p => p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed',
  );
  const failures = failedPods + active.reduce((n, p) => n + restartsOf(p), 0);
  const startTime = job.status?.startTime ?? iso(ctx.now);
  const deadline = job.spec?.activeDeadlineSeconds;
  const base = {
    startTime,
    active: active.length,
    succeeded,
    failed: failedPods,
    ready: active.filter(isReady).length,
  };
  const finish = (
    type: 'Complete' | 'Failed',
    reason: string,
    message: string,
  ) => {
    for (const p of active)
      ctx.store.remove('v1', 'Pod', p.metadata.namespace, p.metadata.name);
    let next = withCondition(
      conditions,
      {
        type: type === 'Complete' ? 'SuccessCriteriaMet' : 'FailureTarget',
        status: 'True',
        reason,
        message,
      },
      ctx.now,
    );
    next = withCondition(
      next,
      { type, status: 'True', reason, message },
      ctx.now,
    );
    updateStatus(ctx, job, {
      ...base,
      active: 0,
      ready: 0,
      conditions: next,
      ...(type === 'Complete' ? { completionTime: iso(ctx.now) } : {}),
    });
    ctx.events.record(
      job,
      type === 'Complete' ? 'Normal' : 'Warning',
      type === 'Complete' ? 'Completed' : reason,
      type === 'Complete' ? 'Job completed' : message,
      'job-controller',
    );
  };
  if (succeeded >= completions) {
    finish(
      'Complete',
      'CompletionsReached',
      'Reached expected number of succeeded pods',
    );
    return;
  }
  if (failures > backoffLimit) {
    finish(
      'Failed',
      'BackoffLimitExceeded',
      'Job has reached the specified backoff limit',
    );
    return;
  }
  if (deadline !== undefined) {
    const end = Date.parse(startTime) + deadline * 1000;
    if (ctx.now >= end) {
      finish(
        'Failed',
        'DeadlineExceeded',
        'Job was active longer than specified deadline',
      );
      return;
    }
    ctx.wake(end);
  }
  if (job.spec?.suspend !== true) {
    const want = Math.min(parallelism, completions - succeeded);
    for (let i = active.length; i < want; i++) {
      const pod = ctx.store.apply(
        podFromTemplate(
          job,
          job.spec?.template,
          `${job.metadata.name}-${randomSuffix()}`,
          {
            'batch.kubernetes.io/job-name': job.metadata.name,
            'job-name': job.metadata.name,
          },
        ),
      )!;
      base.active++;
      ctx.events.record(
        job,
        'Normal',
        'SuccessfulCreate',
        `Created pod: ${pod.metadata.name}`,
        'job-controller',
      );
    }
  }
  updateStatus(ctx, job, { ...job.status, ...base });
}
