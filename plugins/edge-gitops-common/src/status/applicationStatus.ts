import {
  FOLLOWED_WORKLOAD_KINDS,
  PlacedWorkload,
} from '../placement/placedApplication';
import type { ObservedObject } from './kubeObject';
import { LABEL_NAME, LABEL_PART_OF } from '../constants';
import {
  computeStatus,
  ObjectStatus,
  PodProblem,
  podProblems,
} from './computeStatus';
import { rollUp } from './rollUp';

/**
 * A Warning event about a workload or one of its ReplicaSets, Jobs or pods.
 *
 * @public
 */
export interface WarningEvent {
  /** kind/name of the object the event is about, e.g. "Pod/web-7f9c-abcde". */
  object: string;
  reason: string;
  message: string;
  count: number;
  /** ISO time the event was last seen. */
  lastSeen?: string;
}

/**
 * Warning events kept per workload: the newest ones are what a person acts on.
 *
 * @public
 */
export const MAX_EVENTS_PER_WORKLOAD = 5;

/**
 * One workload as a person needs it: status, counts, and why pods fail.
 *
 * @public
 */
export interface WorkloadStatus {
  kind: string;
  name: string;
  namespace: string;
  status: ObjectStatus;
  message: string;
  ready?: number;
  desired?: number;
  job?: {
    succeeded: number;
    failed: number;
    active: number;
    completions: number;
  };
  cronJob?: {
    lastScheduleTime?: string;
    lastSuccessfulTime?: string;
    suspended: boolean;
  };
  failingPods: PodProblem[];
  /** Recent Warning events, newest first, at most MAX_EVENTS_PER_WORKLOAD. */
  warnings: WarningEvent[];
}

/** @public */
export interface ApplicationInNodeGroup {
  application: string;
  nodeGroup: string;
  status: ObjectStatus;
  summary: string;
  workloads: WorkloadStatus[];
}

function counts(
  o: ObservedObject,
): Pick<WorkloadStatus, 'ready' | 'desired' | 'job' | 'cronJob'> {
  const s = o.status ?? {};
  switch (o.kind) {
    case 'Deployment':
    case 'StatefulSet':
      return { ready: s.readyReplicas ?? 0, desired: o.spec?.replicas ?? 1 };
    case 'DaemonSet':
      return {
        ready: s.numberReady ?? 0,
        desired: s.desiredNumberScheduled ?? 0,
      };
    case 'Job':
      return {
        job: {
          succeeded: s.succeeded ?? 0,
          failed: s.failed ?? 0,
          active: s.active ?? 0,
          completions: o.spec?.completions ?? 1,
        },
      };
    case 'CronJob':
      return {
        cronJob: {
          lastScheduleTime: s.lastScheduleTime,
          lastSuccessfulTime: s.lastSuccessfulTime,
          suspended: o.spec?.suspend === true,
        },
      };
    default:
      return {};
  }
}

/**
 * When an event was last seen, from whichever field its API version filled in.
 *
 * @public
 */
export function eventTime(e: ObservedObject): string | undefined {
  return (
    e.series?.lastObservedTime ??
    e.lastTimestamp ??
    e.eventTime ??
    e.metadata?.creationTimestamp
  );
}

/** Kinds whose events belong to the workload whose name prefixes theirs. */
const OWNED_KINDS: Record<string, string[]> = {
  Deployment: ['ReplicaSet', 'Pod'],
  DaemonSet: ['Pod', 'ControllerRevision'],
  StatefulSet: ['Pod', 'ControllerRevision'],
  Job: ['Pod'],
  CronJob: ['Job', 'Pod'],
};

/**
 * Assigns Warning events to workloads: the workload itself, or the objects it owns, whose
 * names start with "<workload>-" (ReplicaSets, pods, a CronJob's Jobs). The longest
 * matching workload name wins, so "web-api-x" goes to web-api, not web.
 */
function warningsByWorkload(
  workloads: readonly ObservedObject[],
  events: readonly ObservedObject[],
): Map<ObservedObject, WarningEvent[]> {
  const out = new Map<ObservedObject, WarningEvent[]>();
  for (const e of events) {
    if (e.type !== 'Warning') continue;
    const about = e.involvedObject ?? e.regarding;
    if (!about?.name) continue;
    const ns = about.namespace ?? e.metadata?.namespace;
    let owner: ObservedObject | undefined;
    for (const w of workloads) {
      if ((w.metadata.namespace ?? 'default') !== (ns ?? 'default')) continue;
      const name: string = w.metadata.name;
      const exact = about.kind === w.kind && about.name === name;
      const owned =
        OWNED_KINDS[w.kind!]?.includes(about.kind) &&
        about.name.startsWith(`${name}-`);
      if (
        (exact || owned) &&
        (!owner || name.length > owner.metadata.name.length)
      )
        owner = w;
    }
    if (!owner) continue;
    out.set(owner, [
      ...(out.get(owner) ?? []),
      {
        object: `${about.kind}/${about.name}`,
        reason: e.reason ?? '',
        message: String(e.message ?? e.note ?? '').slice(0, 1000),
        count: e.series?.count ?? e.count ?? 1,
        lastSeen: eventTime(e),
      },
    ]);
  }
  for (const [w, list] of out)
    out.set(
      w,
      distinct(list)
        .sort((a, b) => (b.lastSeen ?? '').localeCompare(a.lastSeen ?? ''))
        .slice(0, MAX_EVENTS_PER_WORKLOAD),
    );
  return out;
}

/**
 * One entry per reason and message: the same failure on every pod of a workload is one
 * problem (counts added, the newest object and time kept), so the few entries shown are
 * different problems and the telling one ("no such host") is not crowded out by repeats.
 */
function distinct(list: readonly WarningEvent[]): WarningEvent[] {
  const byText = new Map<string, WarningEvent>();
  for (const e of list) {
    const key = `${e.reason}\0${e.message}`;
    const seen = byText.get(key);
    if (!seen) byText.set(key, { ...e });
    else {
      const newer = (e.lastSeen ?? '') > (seen.lastSeen ?? '');
      byText.set(key, {
        ...(newer ? e : seen),
        count: seen.count + e.count,
      });
    }
  }
  return [...byText.values()];
}

const sameWorkload = (a: PlacedWorkload, b: PlacedWorkload) =>
  a.kind === b.kind && a.name === b.name && a.namespace === b.namespace;

const notFound = (w: PlacedWorkload): WorkloadStatus => ({
  kind: w.kind,
  name: w.name,
  namespace: w.namespace,
  status: 'NotFound',
  message: 'Not in the cluster yet',
  failingPods: [],
  warnings: [],
});

function summarised(
  application: string,
  nodeGroup: string,
  workloads: WorkloadStatus[],
): ApplicationInNodeGroup {
  const r = rollUp(workloads.map(w => w.status));
  return {
    application,
    nodeGroup,
    status: r.status,
    summary: r.summary,
    workloads: [...workloads].sort((a, b) =>
      `${a.kind}/${a.name}`.localeCompare(`${b.kind}/${b.name}`),
    ),
  };
}

/**
 * The application in one node group as its cluster shows it (`found`, undefined when the
 * cluster has none of it), completed with the workloads git places there that the cluster
 * lacks: those are NotFound, so a published workload missing from its cluster is never
 * silently absent.
 *
 * @public
 */
export function withExpectedWorkloads(
  application: string,
  nodeGroup: string,
  found: ApplicationInNodeGroup | undefined,
  expected: readonly PlacedWorkload[],
): ApplicationInNodeGroup | undefined {
  const missing = expected.filter(
    e => !found?.workloads.some(w => sameWorkload(w, e)),
  );
  if (!missing.length) return found;
  return summarised(application, nodeGroup, [
    ...(found?.workloads ?? []),
    ...missing.map(notFound),
  ]);
}

/**
 * Per application, the status of its workloads in one node group's cluster, from the
 * managed objects cached for it. Pods belong to the workload whose name and application
 * labels they carry; Warning events (kind Event among the objects) go to the workload they are
 * about. Expected workloads (from the published application) that the cluster
 * lacks are NotFound.
 *
 * @public
 */
export function applicationsInNodeGroup(
  nodeGroup: string,
  objects: readonly ObservedObject[],
  expected: readonly (PlacedWorkload & { application: string })[] = [],
): ApplicationInNodeGroup[] {
  const pods = objects.filter(o => o.kind === 'Pod');
  const managed = objects.filter(
    o =>
      FOLLOWED_WORKLOAD_KINDS.has(o.kind ?? '') &&
      o.metadata?.labels?.[LABEL_PART_OF],
  );
  const warnings = warningsByWorkload(
    managed,
    objects.filter(o => o.kind === 'Event'),
  );
  const byApp = new Map<string, WorkloadStatus[]>();
  const add = (app: string, w: WorkloadStatus) =>
    byApp.set(app, [...(byApp.get(app) ?? []), w]);
  for (const o of managed) {
    const app = o.metadata.labels[LABEL_PART_OF];
    const name = o.metadata.name;
    const { status, message } = computeStatus(o);
    const failingPods = pods
      .filter(
        p =>
          p.metadata?.namespace === o.metadata.namespace &&
          p.metadata?.labels?.[LABEL_PART_OF] === app &&
          p.metadata?.labels?.[LABEL_NAME] === o.metadata.labels?.[LABEL_NAME],
      )
      .flatMap(p => podProblems(p));
    add(app, {
      kind: o.kind!,
      name,
      namespace: o.metadata.namespace ?? 'default',
      status,
      message,
      ...counts(o),
      failingPods,
      warnings: warnings.get(o) ?? [],
    });
  }
  for (const e of expected) {
    const mine = byApp.get(e.application) ?? [];
    if (!mine.some(w => sameWorkload(w, e)))
      byApp.set(e.application, [...mine, notFound(e)]);
  }
  return [...byApp.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([application, workloads]) =>
      summarised(application, nodeGroup, workloads),
    );
}
