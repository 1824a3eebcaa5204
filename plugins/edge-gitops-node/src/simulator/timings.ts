/**
 * How fast the simulated fleet moves, in milliseconds. Short by default so that a
 * Deployment is ready within a few seconds; `edgeGitops.simulator.timings` overrides them.
 *
 * @public
 */
export interface SimulatorTimings {
  /** How often the controllers look at every cluster. */
  tickMs: number;
  /** How often each cluster's Flux asks its git location for a new revision. */
  gitPollMs: number;
  /** From seeing a new revision to having applied it (git sync is Pending meanwhile). */
  applyDelayMs: number;
  /** Pulling an image. */
  imagePullMs: number;
  /** From a pulled image to a running container. */
  containerStartMs: number;
  /** From a running container to a Ready pod (the readiness probe passing). */
  readyMs: number;
  /** How long a Job's container runs before it exits 0. */
  jobRunMs: number;
  /** How long a failing container (`command: ["false"]`) runs before it exits 1. */
  crashMs: number;
  /** First back-off after a failed pull or a crash; doubled each time up to maxBackoffMs. */
  backoffMs: number;
  maxBackoffMs: number;
  /** Deployments fail their rollout after this, or their own progressDeadlineSeconds if sooner. */
  maxProgressDeadlineMs: number;
}

/** @public */
export const DEFAULT_SIMULATOR_TIMINGS: SimulatorTimings = {
  tickMs: 200,
  gitPollMs: 5_000,
  applyDelayMs: 1_000,
  imagePullMs: 800,
  containerStartMs: 400,
  readyMs: 800,
  jobRunMs: 3_000,
  crashMs: 800,
  backoffMs: 2_000,
  maxBackoffMs: 20_000,
  maxProgressDeadlineMs: 60_000,
};
