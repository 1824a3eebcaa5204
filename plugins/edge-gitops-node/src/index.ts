/**
 * Node-only parts of edge-gitops: git publishing, node group resolution and cluster reading.
 * The backend plugin, the scaffolder module and the CLI use these; everything else in the
 * package is internal.
 *
 * @packageDocumentation
 */

// Configuration
export {
  readEdgeGitopsConfig,
  type EdgeGitopsConfig,
  type ReporterPlacement,
  type SimulatorConfig,
} from './config';
export {
  GIT_TIMINGS,
  CLUSTER_WATCH_TIMINGS,
  type ClusterWatchTimings,
} from './timings';

// Node groups and the application catalog folder
export {
  nodeGroupsFromEntities,
  NODE_GROUP_CATALOG_FILTER,
  type NodeGroupList,
} from './nodeGroups/nodeGroupsFromEntities';
export { ensureApplicationCatalogFolder } from './applicationCatalog';

// Git
export {
  createGitAuthResolver,
  gitAuthResolverFromConfig,
  gitAuthResolverFromEnv,
  redact,
  type GitAuth,
  type GitAuthResolver,
  type PlainGitHost,
} from './git/credentials';
export {
  createGitHttp,
  DEFAULT_GIT_HTTP_TIMEOUTS,
  GitTimeoutError,
  type GitHttpClient,
  type GitHttpTimeouts,
} from './git/gitHttp';
export { DamagedRepositoryError } from './git/repositoryCheck';
export {
  resolveLocalRepositoryPath,
  ensureLocalRepository,
  type LocalRepositoryRoots,
  type EnsureOutcome,
} from './git/localRepository';
export {
  readBranchHead,
  createBranchHeadReader,
  type BranchHead,
  type BranchHeadOptions,
} from './git/branchHead';
export {
  resolveBranch,
  readFileAtBranch,
  listFilesAtBranch,
  type GitIdentity,
} from './git/treeCommit';

// Publishing
export {
  EdgePublisher,
  describePullRequest,
  type PublishCall,
  type PullRequestOutcome,
} from './publish/EdgePublisher';
export {
  PullRequestOpener,
  type PullRequestRequest,
  type PullRequestResult,
} from './pullRequests/pullRequestHosts';
export { reviewBranchFor } from './publish/publishApplication';
export type { NodeGroupContents } from './publish/nodeGroupContents';
export {
  deniedOutcome,
  type NodeGroupOutcome,
  type OutcomeStatus,
  type PublishResult,
} from './publish/outcomes';
export { mapWithConcurrency } from './publish/pool';

// Clusters
export {
  readClusterConnections,
  kubeConfigFor,
  reporterKubeConfig,
  type ClusterConnectionConfig,
} from './clusters/clusterConnections';
export {
  ClusterWatcher,
  type ClusterWatcherOptions,
} from './clusters/ClusterWatcher';
export {
  ClusterReporter,
  ReporterTokenRefusedError,
  type ClusterReporterOptions,
} from './clusters/ClusterReporter';
/** @public */
export type { WarningEventLimits } from './clusters/warningEventStore';

// The simulated fleet
export {
  SimulatedFleet,
  type SimulatedFleetOptions,
  type SimulatedClusterView,
  type SimulatedObject,
} from './simulator/SimulatedFleet';
export {
  DEFAULT_SIMULATOR_TIMINGS,
  type SimulatorTimings,
} from './simulator/timings';
export type { GitSourceOptions } from './simulator/gitSource';
export { deniedNodeGroups } from './deniedNodeGroups';
