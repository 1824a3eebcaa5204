import { LABEL_NAME, LABEL_PART_OF } from '../constants';
import {
  computeStatus,
  ObjectStatus,
  PodProblem,
  podProblems,
  rollUp,
} from './computeStatus';

type Obj = { kind?: string; metadata?: any; spec?: any; status?: any };

/** One workload as a person needs it: status, counts, and why pods fail. */
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
}

export interface ApplicationInNodeGroup {
  application: string;
  nodeGroup: string;
  status: ObjectStatus;
  summary: string;
  workloads: WorkloadStatus[];
}

const WORKLOADS = new Set([
  'Deployment',
  'DaemonSet',
  'Job',
  'CronJob',
  'StatefulSet',
]);

function counts(
  o: Obj,
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
 * Per application, the status of its workloads in one node group's cluster, from the
 * managed objects cached for it. Pods belong to the workload whose name and application
 * labels they carry. Expected workloads (from the published application) that the cluster
 * lacks are NotFound.
 */
export function applicationsInNodeGroup(
  nodeGroup: string,
  objects: readonly Obj[],
  expected: readonly {
    application: string;
    kind: string;
    name: string;
    namespace: string;
  }[] = [],
): ApplicationInNodeGroup[] {
  const pods = objects.filter(o => o.kind === 'Pod');
  const byApp = new Map<string, WorkloadStatus[]>();
  const add = (app: string, w: WorkloadStatus) =>
    byApp.set(app, [...(byApp.get(app) ?? []), w]);
  for (const o of objects) {
    if (!WORKLOADS.has(o.kind ?? '')) continue;
    const app = o.metadata?.labels?.[LABEL_PART_OF];
    if (!app) continue;
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
    });
  }
  for (const e of expected) {
    const found = byApp
      .get(e.application)
      ?.some(
        w =>
          w.kind === e.kind && w.name === e.name && w.namespace === e.namespace,
      );
    if (!found)
      add(e.application, {
        kind: e.kind,
        name: e.name,
        namespace: e.namespace,
        status: 'NotFound',
        message: 'Not in the cluster yet',
        failingPods: [],
      });
  }
  return [...byApp.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([application, workloads]) => {
      const r = rollUp(workloads.map(w => w.status));
      return {
        application,
        nodeGroup,
        status: r.status,
        summary: r.summary,
        workloads: workloads.sort((a, b) =>
          `${a.kind}/${a.name}`.localeCompare(`${b.kind}/${b.name}`),
        ),
      };
    });
}
