import { CronTime } from 'cron';
import type { KubeObject } from '../kubeApi/objectStore';
import {
  ClusterContext,
  controllerRef,
  iso,
  ownedBy,
  updateStatus,
} from './context';

/** Kubernetes' macros the cron package spells differently. */
const MACROS: Record<string, string> = {
  '@midnight': '@daily',
  '@annually': '@yearly',
};

/** The first time after `from` that the schedule fires, in its time zone (UTC by default). */
export function nextSchedule(
  schedule: string,
  timeZone: string | undefined,
  from: number,
): number {
  const source = MACROS[schedule.trim()] ?? schedule.trim();
  const zone = timeZone || 'UTC';
  return new CronTime(source, zone)
    .getNextDateFrom(new Date(from), zone)
    .toMillis();
}

const finished = (job: KubeObject) =>
  (job.status?.conditions ?? []).find(
    (c: any) => ['Complete', 'Failed'].includes(c.type) && c.status === 'True',
  )?.type as 'Complete' | 'Failed' | undefined;

/**
 * CronJobs create a Job whenever their schedule fires in their time zone, honouring
 * suspend and concurrencyPolicy (Allow, Forbid, Replace), record lastScheduleTime and
 * lastSuccessfulTime, and keep only the configured history of finished Jobs.
 */
export function reconcileCronJobs(ctx: ClusterContext): void {
  for (const cj of ctx.store.list('batch/v1', 'CronJob')) reconcile(ctx, cj);
}

function reconcile(ctx: ClusterContext, cj: KubeObject) {
  const jobs = ownedBy(ctx, 'batch/v1', 'Job', cj).sort((a, b) =>
    (a.metadata.creationTimestamp ?? '').localeCompare(
      b.metadata.creationTimestamp ?? '',
    ),
  );
  const running = jobs.filter(j => !finished(j));
  let lastSuccessfulTime = cj.status?.lastSuccessfulTime;
  for (const j of jobs)
    if (
      finished(j) === 'Complete' &&
      j.status?.completionTime > (lastSuccessfulTime ?? '')
    )
      lastSuccessfulTime = j.status.completionTime;
  let lastScheduleTime: string | undefined = cj.status?.lastScheduleTime;
  let active = running;
  let next: number | undefined;
  try {
    const from = Date.parse(
      lastScheduleTime ?? cj.metadata.creationTimestamp ?? iso(ctx.now),
    );
    next = nextSchedule(
      String(cj.spec?.schedule ?? ''),
      cj.spec?.timeZone,
      from,
    );
  } catch (e) {
    ctx.events.record(
      cj,
      'Warning',
      'InvalidSchedule',
      `invalid schedule: ${(e as Error).message}`,
      'cronjob-controller',
    );
  }
  if (next !== undefined && next <= ctx.now && cj.spec?.suspend !== true) {
    // Only the most recent missed time runs, as the controller does after downtime.
    let due = next;
    for (let n = 0; n < 100; n++) {
      const after = nextSchedule(
        String(cj.spec.schedule),
        cj.spec?.timeZone,
        due,
      );
      if (after > ctx.now) break;
      due = after;
    }
    const policy = cj.spec?.concurrencyPolicy ?? 'Allow';
    if (policy === 'Forbid' && running.length) {
      ctx.events.record(
        cj,
        'Normal',
        'JobAlreadyActive',
        'Not starting job because prior execution is running and concurrency policy is Forbid',
        'cronjob-controller',
      );
    } else {
      if (policy === 'Replace')
        for (const j of running) {
          ctx.store.remove(
            'batch/v1',
            'Job',
            j.metadata.namespace,
            j.metadata.name,
          );
          ctx.events.record(
            cj,
            'Normal',
            'SuccessfulDelete',
            `Deleted job ${j.metadata.name}`,
            'cronjob-controller',
          );
        }
      const template = cj.spec?.jobTemplate ?? {};
      const job = ctx.store.apply({
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: {
          name: `${cj.metadata.name}-${Math.floor(due / 60_000)}`,
          namespace: cj.metadata.namespace,
          labels: template.metadata?.labels ?? {},
          annotations: {
            ...(template.metadata?.annotations ?? {}),
            'batch.kubernetes.io/cronjob-scheduled-timestamp': iso(due),
          },
          ownerReferences: [controllerRef(cj)],
        },
        spec: template.spec ?? {},
      });
      if (job) {
        ctx.events.record(
          cj,
          'Normal',
          'SuccessfulCreate',
          `Created job ${job.metadata.name}`,
          'cronjob-controller',
        );
        active = [...(policy === 'Replace' ? [] : running), job];
      }
      lastScheduleTime = iso(due);
    }
    next = nextSchedule(String(cj.spec.schedule), cj.spec?.timeZone, due);
  }
  if (next !== undefined) ctx.wake(Math.max(next, ctx.now + 1));
  // History limits: the oldest finished Jobs beyond them go.
  const keep = {
    Complete: cj.spec?.successfulJobsHistoryLimit ?? 3,
    Failed: cj.spec?.failedJobsHistoryLimit ?? 1,
  };
  for (const kind of ['Complete', 'Failed'] as const) {
    const done = jobs.filter(j => finished(j) === kind);
    for (const j of done.slice(0, Math.max(0, done.length - keep[kind])))
      ctx.store.remove(
        'batch/v1',
        'Job',
        j.metadata.namespace,
        j.metadata.name,
      );
  }
  updateStatus(ctx, cj, {
    ...(active.length
      ? {
          active: active.map(j => ({
            apiVersion: 'batch/v1',
            kind: 'Job',
            name: j.metadata.name,
            namespace: j.metadata.namespace,
            uid: j.metadata.uid,
          })),
        }
      : {}),
    ...(lastScheduleTime ? { lastScheduleTime } : {}),
    ...(lastSuccessfulTime ? { lastSuccessfulTime } : {}),
  });
}
