/**
 * Every timing default of the node package, in one place. Callers override them per use
 * (tests shorten them); these are what production runs with.
 */

/**
 * Git: locks, pushes and how long a remote head is trusted.
 *
 * @public
 */
export const GIT_TIMINGS = {
  /** How long a publish waits for another writer of the same repository. */
  lockTimeoutMs: 60_000,
  /** A lock file older than this was left by a crashed process and is taken over. */
  staleLockMs: 120_000,
  /** A remote branch head (ls-remote) is asked again after this long. */
  remoteHeadTtlMs: 15_000,
  /** First wait before applying a change again after a rejected push; doubles, with jitter. */
  pushBackoffBaseMs: 100,
  /** The longest wait between rejected pushes. */
  pushBackoffMaxMs: 5_000,
  /** Connecting to a git host taking longer fails the request. */
  httpConnectTimeoutMs: 10_000,
  /** A git host silent for longer than this in the middle of a request fails it. */
  httpIdleTimeoutMs: 30_000,
  /** Everything one node group's publish does over HTTP must end within this. */
  nodeGroupDeadlineMs: 120_000,
} as const;

/**
 * Cluster reading: how patient and how persistent a ClusterWatcher is.
 *
 * @public
 */
export const CLUSTER_WATCH_TIMINGS = {
  /** A list or the version check taking longer makes the cluster unreachable. */
  requestTimeoutMs: 15_000,
  /** First retry after an error; doubled on every further error. */
  initialRetryDelayMs: 1_000,
  /** The longest wait between retries. */
  maxRetryDelayMs: 30_000,
  /** How often the Kubernetes version is asked (also a liveness check). */
  versionIntervalMs: 30_000,
  /** How often to look again for agent CRDs, or events, the cluster did not serve. */
  absentRetryMs: 5 * 60_000,
  /**
   * A watch that says nothing for this long is opened again. client-node's default (30 s)
   * reopens every quiet watch twice a minute, each time over a new TLS connection: at a
   * thousand clusters that is hundreds of handshakes a second. A dead cluster is noticed by
   * the version check instead; this stays under undici's 300 s body timeout.
   */
  watchIdleTimeoutMs: 280_000,
} as const;

/** @public */
export type ClusterWatchTimings = {
  -readonly [K in keyof typeof CLUSTER_WATCH_TIMINGS]: number;
};

/**
 * Warning events kept per cluster.
 *
 * @public
 */
export const WARNING_EVENT_LIMITS: { maxEvents: number; maxAgeMs: number } = {
  /** Events kept per cluster at most; the oldest go first. */
  maxEvents: 1_000,
  /** Events last seen longer ago than this are dropped ("recent" warnings). */
  maxAgeMs: 60 * 60_000,
};
