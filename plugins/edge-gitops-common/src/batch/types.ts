import type { EdgeApplication } from '../model/types';

/**
 * The states of a batch job (SPEC section 8). Queued, Running and Stopping are active; the
 * others are final until someone continues (Stopped) or retries (the rest but Succeeded).
 *
 * @public
 */
export type BatchJobState =
  | 'Queued'
  | 'Running'
  | 'Succeeded'
  | 'PartiallySucceeded'
  | 'Failed'
  | 'Stopping'
  | 'Stopped'
  | 'TimedOut';

/** @public */
export const ACTIVE_BATCH_STATES: readonly BatchJobState[] = [
  'Queued',
  'Running',
  'Stopping',
];

/**
 * One node group within a job: waiting for its wave (pending), committed and waiting to be
 * healthy (published), healthy, failed (with the reason), or left out (skipped: the job
 * stopped itself before its wave).
 *
 * @public
 */
export type BatchNodeGroupState =
  | 'pending'
  | 'published'
  | 'healthy'
  | 'failed'
  | 'skipped';

/**
 * A wave: not started, publishing and waiting for health (running), done and waiting the
 * pause before the next one (waiting), or finished.
 *
 * @public
 */
export type BatchWaveState =
  | 'pending'
  | 'running'
  | 'waiting'
  | 'done'
  | 'failed'
  | 'timedOut'
  | 'stopped';

/**
 * A count of node groups, or a percentage of the job's node groups such as "25%".
 *
 * @public
 */
export type CountOrPercent = number | `${number}%`;

/** What to do with a node group whose cluster cannot be reached when its wave starts. @public */
export type UnreachablePolicy = 'fail' | 'defer';

/**
 * How a job rolls out, as `POST /batch-jobs` takes it (defaults filled in).
 *
 * @public
 */
export interface BatchJobOptions {
  waves: {
    /** Node groups in the first (canary) wave; 0 for none. */
    canary: number;
    /** Node groups per later wave. */
    size: CountOrPercent;
    /** Pause after each wave before the next one starts. */
    waitSeconds: number;
  };
  /** More failed node groups than this and the job stops itself as Failed. */
  maxUnavailable: CountOrPercent;
  /** A wave whose node groups are not all healthy or failed by then ends the job TimedOut. */
  waveTimeoutSeconds: number;
  /** How long every workload must have been Current, on our commit, to count as healthy. */
  soakSeconds: number;
  unreachable: UnreachablePolicy;
}

/**
 * `POST /batch-jobs`: the application (or a changed version of one) and how to roll it out.
 *
 * @public
 */
export interface BatchJobRequest
  extends Partial<Omit<BatchJobOptions, 'waves'>> {
  application: EdgeApplication;
  waves?: Partial<BatchJobOptions['waves']>;
}

/** @public */
export interface BatchJobCreatedResponse {
  id: string;
}

/** @public */
export interface BatchWave {
  index: number;
  state: BatchWaveState;
  nodeGroups: string[];
  startedAt?: string;
  finishedAt?: string;
  /** The wave at the end that holds node groups deferred while their cluster was unreachable. */
  deferred?: boolean;
}

/** @public */
export interface BatchNodeGroup {
  name: string;
  wave: number;
  state: BatchNodeGroupState;
  /** Why it failed or was skipped: the publish error, or the workloads' failing pods. */
  reason?: string;
  /** The commit this job made (or found) in the node group's repository. */
  commit?: string;
  /** The attempt that last changed it (1 = the first run, 2 = the first retry...). */
  attempt: number;
}

/** Who did what to a job, and when. @public */
export interface BatchJobEvent {
  at: string;
  /** The user or service entity ref, or "edge-gitops" for the job's own steps. */
  actor: string;
  action:
    | 'created'
    | 'started'
    | 'stopped'
    | 'continued'
    | 'retried'
    | 'wave-started'
    | 'wave-finished'
    | 'finished';
  message: string;
}

/** Node groups per state. @public */
export type BatchProgress = Record<BatchNodeGroupState, number>;

/** A job in the list: what it rolls out, how far it got, who started it. @public */
export interface BatchJobSummary {
  id: string;
  application: string;
  state: BatchJobState;
  attempt: number;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  finishedAt?: string;
  /** The wave running now (or the last one). */
  currentWave: number;
  waveCount: number;
  progress: BatchProgress;
}

/** `GET /batch-jobs/ID`. @public */
export interface BatchJobDetail extends BatchJobSummary {
  options: BatchJobOptions;
  /** Images of the application's services, for the page's header. */
  images: string[];
  waves: BatchWave[];
  nodeGroups: BatchNodeGroup[];
  events: BatchJobEvent[];
}

/** `GET /batch-jobs?state=&application=&offset=&limit=`. @public */
export interface BatchJobListResponse {
  items: BatchJobSummary[];
  totalCount: number;
  offset: number;
  limit: number;
}
