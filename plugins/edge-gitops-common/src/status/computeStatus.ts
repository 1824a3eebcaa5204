import type { ObservedObject } from './kubeObject';
/**
 * Status of Kubernetes objects with the vocabulary and rules of kstatus
 * (sigs.k8s.io/cli-utils/pkg/kstatus), plus our rules for Jobs and CronJobs (docs/status.md).
 * Pure: objects in, status out.
 *
 * @public
 */
export type ObjectStatus =
  | 'Current'
  | 'InProgress'
  | 'Failed'
  | 'Terminating'
  | 'NotFound'
  | 'Unknown';

/** @public */
export interface StatusResult {
  status: ObjectStatus;
  message: string;
}

type Condition = {
  type: string;
  status: string;
  reason?: string;
  message?: string;
};

/** The conditions that are objects: anything else in the list (null, numbers) is ignored. */
const conditions = (o: ObservedObject): Condition[] =>
  Array.isArray(o.status?.conditions)
    ? o.status.conditions.filter(
        (c: unknown) => c !== null && typeof c === 'object',
      )
    : [];
const condition = (o: ObservedObject, type: string) =>
  conditions(o).find(c => c.type === type);
const isTrue = (o: ObservedObject, type: string) =>
  condition(o, type)?.status === 'True';
const num = (v: unknown, fallback = 0) =>
  typeof v === 'number' ? v : fallback;
const result = (status: ObjectStatus, message: string): StatusResult => ({
  status,
  message,
});

/** Rules every kind shares: deletion, observed generation, Reconciling and Stalled. */
function generic(o: ObservedObject): StatusResult | undefined {
  if (o.metadata?.deletionTimestamp)
    return result('Terminating', 'Resource scheduled for deletion');
  const observed = o.status?.observedGeneration;
  const generation = o.metadata?.generation;
  if (
    typeof observed === 'number' &&
    typeof generation === 'number' &&
    observed < generation
  ) {
    return result(
      'InProgress',
      `Controller has not observed generation ${generation} yet (at ${observed})`,
    );
  }
  const stalled = condition(o, 'Stalled');
  if (stalled?.status === 'True')
    return result('Failed', stalled.message || stalled.reason || 'Stalled');
  const reconciling = condition(o, 'Reconciling');
  if (reconciling?.status === 'True')
    return result(
      'InProgress',
      reconciling.message || reconciling.reason || 'Reconciling',
    );
  return undefined;
}

function deployment(o: ObservedObject): StatusResult {
  const progressing = condition(o, 'Progressing');
  if (progressing?.reason === 'ProgressDeadlineExceeded') {
    return result(
      'Failed',
      `Progress deadline exceeded${
        progressing.message ? `: ${progressing.message}` : ''
      }`,
    );
  }
  const spec = num(o.spec?.replicas, 1);
  const s = o.status ?? {};
  const [replicas, updated, ready, available] = [
    s.replicas,
    s.updatedReplicas,
    s.readyReplicas,
    s.availableReplicas,
  ].map(v => num(v));
  if (spec > replicas)
    return result('InProgress', `Replicas: ${replicas}/${spec}`);
  if (updated < spec)
    return result('InProgress', `Updated: ${updated}/${spec}`);
  if (replicas > spec)
    return result('InProgress', `Pending termination: ${replicas - spec}`);
  if (available < spec)
    return result('InProgress', `Available: ${available}/${spec}`);
  if (ready < spec) return result('InProgress', `Ready: ${ready}/${spec}`);
  if (
    progressing &&
    !(
      progressing.status === 'True' &&
      progressing.reason === 'NewReplicaSetAvailable'
    )
  ) {
    return result('InProgress', 'ReplicaSet not yet available');
  }
  if (condition(o, 'Available') && !isTrue(o, 'Available'))
    return result('InProgress', 'Deployment not Available');
  return result('Current', `Deployment is available. Replicas: ${replicas}`);
}

function daemonSet(o: ObservedObject): StatusResult {
  const s = o.status ?? {};
  if (s.desiredNumberScheduled === undefined)
    return result('InProgress', 'Missing .status.desiredNumberScheduled');
  const desired = num(s.desiredNumberScheduled);
  const [current, updated, ready, available] = [
    s.currentNumberScheduled,
    s.updatedNumberScheduled,
    s.numberReady,
    s.numberAvailable,
  ].map(v => num(v));
  if (current < desired)
    return result('InProgress', `Current: ${current}/${desired}`);
  if (updated < desired)
    return result('InProgress', `Updated: ${updated}/${desired}`);
  if (available < desired)
    return result('InProgress', `Available: ${available}/${desired}`);
  if (ready < desired)
    return result('InProgress', `Ready: ${ready}/${desired}`);
  return result(
    'Current',
    `All replicas scheduled as expected. Replicas: ${desired}`,
  );
}

function statefulSet(o: ObservedObject): StatusResult {
  // A user-managed roll out: the controller never replaces pods by itself.
  if (o.spec?.updateStrategy?.type === 'OnDelete')
    return result(
      'Current',
      'StatefulSet is using the OnDelete update strategy',
    );
  const spec = num(o.spec?.replicas, 1);
  const s = o.status ?? {};
  const [replicas, ready, current, updated] = [
    s.replicas,
    s.readyReplicas,
    s.currentReplicas,
    s.updatedReplicas,
  ].map(v => num(v));
  if (spec > replicas)
    return result('InProgress', `Replicas: ${replicas}/${spec}`);
  if (ready < spec) return result('InProgress', `Ready: ${ready}/${spec}`);
  if (replicas > spec)
    return result('InProgress', `Pending termination: ${replicas - spec}`);
  const partition = o.spec?.updateStrategy?.rollingUpdate?.partition;
  if (typeof partition === 'number') {
    const expected = spec - partition;
    if (updated < expected)
      return result(
        'InProgress',
        `Updated: ${updated}/${expected} (partitioned roll out)`,
      );
    return result(
      'Current',
      `Partitioned roll out complete. Updated: ${updated}`,
    );
  }
  if (current < spec)
    return result('InProgress', `Current: ${current}/${spec}`);
  if (s.currentRevision !== s.updateRevision)
    return result('InProgress', `Waiting for update to ${s.updateRevision}`);
  return result(
    'Current',
    `All replicas scheduled as expected. Replicas: ${spec}`,
  );
}

function replicaSet(o: ObservedObject): StatusResult {
  const failure = condition(o, 'ReplicaFailure');
  if (failure?.status === 'True')
    return result(
      'InProgress',
      `ReplicaFailure: ${failure.message ?? failure.reason ?? ''}`.trim(),
    );
  const spec = num(o.spec?.replicas, 1);
  const s = o.status ?? {};
  const [labeled, available, ready, replicas] = [
    s.fullyLabeledReplicas,
    s.availableReplicas,
    s.readyReplicas,
    s.replicas,
  ].map(v => num(v));
  if (spec > labeled)
    return result('InProgress', `Labelled: ${labeled}/${spec}`);
  if (spec > available)
    return result('InProgress', `Available: ${available}/${spec}`);
  if (spec > ready) return result('InProgress', `Ready: ${ready}/${spec}`);
  if (replicas > spec)
    return result('InProgress', `Pending termination: ${replicas - spec}`);
  return result('Current', `ReplicaSet is available. Replicas: ${spec}`);
}

/** @public */
export interface PodProblem {
  pod: string;
  container?: string;
  reason: string;
  message?: string;
}

/**
 * Why a pod is not running as it should: what a person needs to act.
 *
 * @public
 */
export function podProblems(pod: ObservedObject): PodProblem[] {
  const name = pod.metadata?.name ?? '';
  const problems: PodProblem[] = [];
  const scheduled = condition(pod, 'PodScheduled');
  if (scheduled?.status === 'False' && scheduled.reason === 'Unschedulable') {
    problems.push({
      pod: name,
      reason: 'Unschedulable',
      message: scheduled.message,
    });
  }
  const listed = (v: unknown): any[] =>
    Array.isArray(v) ? v.filter(c => c !== null && typeof c === 'object') : [];
  const statuses = [
    ...listed(pod.status?.initContainerStatuses),
    ...listed(pod.status?.containerStatuses),
  ];
  for (const c of statuses) {
    const waiting = c.state?.waiting;
    if (
      waiting?.reason &&
      waiting.reason !== 'ContainerCreating' &&
      waiting.reason !== 'PodInitializing'
    ) {
      problems.push({
        pod: name,
        container: c.name,
        reason: waiting.reason,
        message: waiting.message,
      });
    }
    const terminated = c.state?.terminated ?? c.lastState?.terminated;
    if (
      terminated?.reason === 'OOMKilled' ||
      (terminated && terminated.exitCode !== 0 && terminated.reason === 'Error')
    ) {
      problems.push({
        pod: name,
        container: c.name,
        reason: terminated.reason,
        message: `exit code ${terminated.exitCode}`,
      });
    }
  }
  return problems;
}

/**
 * How long a pod may wait for a node before "cannot be scheduled" is a failure (kstatus).
 *
 * @public
 */
export const POD_SCHEDULE_WINDOW_MS = 15_000;

function podStatus(o: ObservedObject, now: number): StatusResult {
  const phase = o.status?.phase;
  if (phase === 'Succeeded')
    return result('Current', 'Pod has completed successfully');
  // kstatus says Current here (the pod did finish); a pod that ended badly is what a person
  // must look at, so it stays Failed (docs/status.md).
  if (phase === 'Failed')
    return result(
      'Failed',
      `Pod has completed, but not successfully${
        o.status?.reason ? `: ${o.status.reason}` : ''
      }`,
    );
  const crash = podProblems(o).find(p => p.reason === 'CrashLoopBackOff');
  if (crash)
    return result(
      'Failed',
      `Container ${crash.container} is in CrashLoopBackOff`,
    );
  if (phase === 'Running' && isTrue(o, 'Ready'))
    return result('Current', 'Pod is Ready');
  const scheduled = condition(o, 'PodScheduled');
  if (
    phase === 'Pending' &&
    scheduled?.status === 'False' &&
    scheduled.reason === 'Unschedulable'
  ) {
    const created = Date.parse(o.metadata?.creationTimestamp ?? '');
    if (!Number.isNaN(created) && now - created < POD_SCHEDULE_WINDOW_MS)
      return result('InProgress', 'Pod has not been scheduled');
    return result(
      'Failed',
      `Pod could not be scheduled${
        scheduled.message ? `: ${scheduled.message}` : ''
      }`,
    );
  }
  const problem = podProblems(o)[0];
  if (problem)
    return result(
      'InProgress',
      `${problem.reason}${problem.container ? ` (${problem.container})` : ''}${
        problem.message ? `: ${problem.message}` : ''
      }`,
    );
  if (phase === 'Running')
    return result('InProgress', 'Pod is running but is not Ready');
  return result('InProgress', `Pod phase is ${phase ?? 'unknown'}`);
}

function persistentVolumeClaim(o: ObservedObject): StatusResult {
  const phase = o.status?.phase ?? 'unknown';
  return phase === 'Bound'
    ? result('Current', 'PVC is Bound')
    : result('InProgress', `PVC is not Bound. phase: ${phase}`);
}

function service(o: ObservedObject): StatusResult {
  if (o.spec?.type !== 'LoadBalancer')
    return result('Current', 'Service is ready');
  if (!o.spec?.clusterIP)
    return result(
      'InProgress',
      'ClusterIP not set. Service type: LoadBalancer',
    );
  // Stricter than kstatus: a load balancer is usable once it has an address.
  const ingress = o.status?.loadBalancer?.ingress;
  if (!Array.isArray(ingress) || ingress.length === 0)
    return result('InProgress', 'LoadBalancer has no address yet');
  const first = ingress[0] ?? {};
  return result(
    'Current',
    `LoadBalancer at ${first.ip ?? first.hostname ?? 'an address'}`,
  );
}

function podDisruptionBudget(): StatusResult {
  // Its controller sets no condition; observedGeneration (checked before) is all there is.
  return result('Current', 'AllowedDisruptions has been computed');
}

function customResourceDefinition(o: ObservedObject): StatusResult {
  const names = condition(o, 'NamesAccepted');
  if (names?.status === 'False')
    return result(
      'Failed',
      names.message || names.reason || 'Names not accepted',
    );
  const established = condition(o, 'Established');
  if (established?.status === 'False' && established.reason !== 'Installing')
    return result(
      'Failed',
      established.message || established.reason || 'Not established',
    );
  if (established?.status === 'True')
    return result('Current', 'CRD is established');
  return result('InProgress', 'Install in progress');
}

function job(o: ObservedObject): StatusResult {
  const s = o.status ?? {};
  const completions = num(o.spec?.completions, 1);
  const counts = `succeeded ${num(s.succeeded)}/${completions}, failed ${num(
    s.failed,
  )}, active ${num(s.active)}`;
  const failed = condition(o, 'Failed');
  if (failed?.status === 'True')
    return result(
      'Failed',
      `Job failed${failed.reason ? ` (${failed.reason})` : ''}: ${counts}`,
    );
  if (isTrue(o, 'Complete'))
    return result('Current', `Job completed: ${counts}`);
  return result('InProgress', `Job in progress: ${counts}`);
}

function cronJob(o: ObservedObject): StatusResult {
  const s = o.status ?? {};
  const suspended = o.spec?.suspend === true ? ' (suspended)' : '';
  const lastSchedule = s.lastScheduleTime
    ? Date.parse(s.lastScheduleTime)
    : undefined;
  const lastSuccess = s.lastSuccessfulTime
    ? Date.parse(s.lastSuccessfulTime)
    : undefined;
  const active = Array.isArray(s.active) ? s.active.length : 0;
  if (
    lastSchedule !== undefined &&
    active === 0 &&
    (lastSuccess === undefined || lastSuccess < lastSchedule)
  ) {
    return result(
      'Failed',
      `Last run at ${s.lastScheduleTime} did not succeed${
        lastSuccess ? `; last success at ${s.lastSuccessfulTime}` : ''
      }${suspended}`,
    );
  }
  if (lastSchedule === undefined)
    return result('Current', `Not run yet${suspended}`);
  return result(
    'Current',
    `Last ran at ${s.lastScheduleTime}${
      active ? `, ${active} active` : ''
    }${suspended}`,
  );
}

/** The rule of each kind with one (kstatus's table); other kinds use the generic rules. */
const BY_KIND: Record<
  string,
  (o: ObservedObject, now: number) => StatusResult
> = {
  Deployment: deployment,
  DaemonSet: daemonSet,
  StatefulSet: statefulSet,
  ReplicaSet: replicaSet,
  Pod: podStatus,
  Job: job,
  CronJob: cronJob,
  PersistentVolumeClaim: persistentVolumeClaim,
  Service: service,
  PodDisruptionBudget: podDisruptionBudget,
  CustomResourceDefinition: customResourceDefinition,
};

/**
 * The status of one object.
 *
 * @public
 */
export function computeStatus(
  o: ObservedObject | undefined,
  /** The time rules that wait use (a pod's schedule window); the clock by default. */
  now: number = Date.now(),
): StatusResult {
  if (!o || typeof o !== 'object')
    return result('NotFound', 'Resource not found');
  if (typeof o.kind !== 'string')
    return result('Unknown', 'Object has no kind');
  try {
    return statusOfKind(o, now);
  } catch (e) {
    // Objects come from clusters and files: a shape no rule expects is Unknown, never a crash.
    return result(
      'Unknown',
      `Cannot read the status of this ${o.kind}: ${String(
        (e as Error)?.message ?? e,
      ).slice(0, 200)}`,
    );
  }
}

function statusOfKind(o: ObservedObject, now: number): StatusResult {
  const common = generic(o);
  if (common) return common;
  // Own properties only: a kind such as "__proto__" or "toString" names no rule.
  const rule = Object.hasOwn(BY_KIND, o.kind!) ? BY_KIND[o.kind!] : undefined;
  if (rule) return rule(o, now);
  // Other kinds: a Ready condition if there is one, else current once it exists.
  const ready = condition(o, 'Ready');
  if (ready?.status === 'False')
    return result('InProgress', ready.message || ready.reason || 'Not Ready');
  return result('Current', 'Resource is current');
}
