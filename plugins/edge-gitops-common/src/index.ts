/**
 * Model, validation, rendering, status rules and the HTTP API's types of edge-gitops.
 * Pure functions only: this package runs in the browser, the backend and the CLI alike.
 *
 * @packageDocumentation
 */

// The EdgeApplication model
export {
  API_VERSION,
  KIND,
  WORKLOAD_KINDS,
  type WorkloadKind,
  type Quantity,
  type IntOrString,
  type StringMap,
  type LabelSelectorRequirement,
  type LabelSelector,
  type Targets,
  type EnvVar,
  type EnvFromSource,
  type ContainerPort,
  type ResourceRequirements,
  type VolumeMount,
  type ProbeHandler,
  type Probe,
  type LifecycleHandler,
  type SecurityContext,
  type Container,
  type Volume,
  type Toleration,
  type UpdateStrategy,
  type JobParameters,
  type CronJobParameters,
  type ServicePort,
  type Expose,
  type EdgeService,
  type ServiceOverride,
  type Override,
  type KubernetesObject,
  type EdgeApplication,
} from './model/types';
export {
  MAX_DOCUMENT_BYTES,
  MAX_DEPTH,
  exceedsDepth,
  parseYamlDocuments,
  type ParsedDocument,
} from './model/parse';
export { manifestsFromYamlText } from './model/manifestsText';
export { parseApplicationYaml } from './model/applicationYaml';
export { hostAccessProblems } from './validation/hostAccess';
export {
  pruneEmpty,
  applicationFromFormInput,
  applicationOfFormData,
  type ApplicationFormData,
} from './model/applicationForm';
export {
  resolveTargets,
  requireTargets,
  targetProblems,
  resolveForNodeGroup,
  TargetsError,
  type TargetResolution,
  type ResolvedApplication,
} from './model/targets';

// Names, labels and annotations
export {
  applicationNameTaken,
  DNS1123_LABEL,
  DNS1123_LABEL_HINT,
  DNS1123_SUBDOMAIN,
  isDns1123Label,
} from './names';
export {
  NODE_GROUP_ENTITY_TYPE,
  ANNOTATION_REPO_URL,
  ANNOTATION_REPO_BRANCH,
  ANNOTATION_REPO_PATH,
  ANNOTATION_APPLICATION,
  LABEL_NAME,
  LABEL_PART_OF,
  LABEL_MANAGED_BY,
  LABEL_NODE_GROUP,
  MANAGED_BY,
} from './constants';

// Node groups
export {
  NodeGroupError,
  isNodeGroupEntity,
  normaliseRepoPath,
  nodeGroupFromEntity,
  gitRepositoryKey,
  type GitLocation,
  type NodeGroup,
  type NodeGroupEntityLike,
} from './nodeGroup';

// Kubernetes helpers
export { cronScheduleProblem } from './kube/cron';
export { matchesSelector, formatSelector } from './kube/labelSelector';
export { parseQuantity } from './kube/quantity';

// Validation
export { validateApplication } from './validation/validateApplication';
export {
  CLUSTER_SCOPED_KINDS,
  type ValidationOptions,
} from './validation/rules/manifests';
export {
  Problems,
  joinPath,
  type Severity,
  type Problem,
  type ValidationResult,
} from './validation/problems';
export { checkPlacement } from './validation/placement';
export { edgeApplicationJsonSchema } from './validation/applicationSchema';
export {
  KIND_FIELDS,
  UPDATE_STRATEGIES,
} from './validation/rules/workloadKinds';

// Rendering and the git layout of a node group
export {
  renderApplicationForNodeGroup,
  type RenderedFiles,
} from './render/renderApplication';
export { DEFAULTS, standardLabels } from './render/workloads';
export {
  toYaml,
  renderRootKustomization,
  renderKustomization,
  renderNodeGroupReadme,
  isNodeGroupReadme,
  fluxKustomizationFor,
  fluxGitRepositoryFor,
  argoApplicationFor,
} from './layout/nodeGroupFiles';
export { commitUrl } from './layout/commitUrl';

// Publishing: commit messages and review summaries
export {
  summarizeChange,
  commitMessage,
  type ChangeSummary,
  type CommitMessageInput,
} from './publish/changeSummary';
export {
  reviewMarkdown,
  filePatch,
  fileCounts,
  type FileDiff,
  type NodeGroupDiff,
} from './publish/reviewMarkdown';

// Permissions
export {
  edgeGitopsDeployPermission,
  edgeGitopsBatchCreatePermission,
  edgeGitopsBatchStopPermission,
  edgeGitopsBatchContinuePermission,
  edgeGitopsBatchRetryPermission,
  edgeGitopsReporterManagePermission,
  edgeGitopsApplicationUpdatePermission,
  BATCH_JOB_RESOURCE_TYPE,
  edgeGitopsPermissions,
  edgeGitopsHostAccessPermission,
  notAllowedToDeploy,
} from './permissions';

// Status
export {
  computeStatus,
  POD_SCHEDULE_WINDOW_MS,
  podProblems,
  type ObjectStatus,
  type StatusResult,
  type PodProblem,
} from './status/computeStatus';
export { rollUp, nodeGroupRollUp, type StatusCounts } from './status/rollUp';
export type { ObservedObject } from './status/kubeObject';
export {
  applicationsInNodeGroup,
  withExpectedWorkloads,
  eventTime,
  MAX_EVENTS_PER_WORKLOAD,
  type WarningEvent,
  type WorkloadStatus,
  type ApplicationInNodeGroup,
} from './status/applicationStatus';
export {
  syncStatusOf,
  commitOfRevision,
  FLUX_KUSTOMIZATION_API,
  ARGO_APPLICATION_API,
  type SyncState,
  type SyncStatus,
} from './status/syncStatus';

// The placement index: what each node group's git location holds
export {
  placedApplication,
  FOLLOWED_WORKLOAD_KINDS,
  type PlacedApplication,
  type PlacedWorkload,
} from './placement/placedApplication';

// The catalog Component of an application
export {
  applicationComponent,
  applicationComponentFilter,
  DEFAULT_APPLICATION_OWNER,
  type ApplicationComponent,
} from './applicationComponent';

// Batch jobs
export {
  ACTIVE_BATCH_STATES,
  type BatchJobState,
  type BatchNodeGroupState,
  type BatchWaveState,
  type CountOrPercent,
  type UnreachablePolicy,
  type BatchJobOptions,
  type BatchJobRequest,
  type BatchJobCreatedResponse,
  type BatchWave,
  type BatchNodeGroup,
  type BatchJobEvent,
  type BatchProgress,
  type BatchJobSummary,
  type BatchJobDetail,
  type BatchJobListResponse,
} from './batch/types';
export { countOf, planWaves } from './batch/waves';
export {
  DEFAULT_BATCH_OPTIONS,
  parseBatchJobRequest,
  type ParsedBatchJobRequest,
} from './batch/batchRequest';
export {
  decideBatchStep,
  finalBatchState,
  type NodeGroupHealth,
  type BatchStepGroup,
  type BatchSnapshot,
  type BatchGroupUpdate,
  type BatchStep,
} from './batch/progress';

// Search
export { fuzzyMatch } from './search/fuzzy';

// The HTTP API of the backend plugin
/** @public */
export type {
  GitopsAgent,
  ClusterConnectionState,
  RepositoryState,
  NodeGroupItem,
  NodeGroupIssue,
  NodeGroupListResponse,
  ClusterListResponse,
  SimulatedClusterResponse,
  ReporterToken,
  ReporterTokenListResponse,
  ReporterTokenIssuedResponse,
  ApplicationPlacement,
  PlacementListResponse,
  NodeGroupApplicationsResponse,
  PlacementRefreshResponse,
  NodeGroupApplicationStatus,
  ApplicationStatusResponse,
  ApplicationDefinitionResponse,
  ApplicationPreviewRequest,
  ApplicationPreviewResponse,
  PreviewChange,
  ApplicationSummary,
  ApplicationListQuery,
  ApplicationListResponse,
} from './api/types';
export { pageOf, MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE } from './api/pagination';
export {
  applyNodeGroupReport,
  nodeGroupReportFor,
  nodeGroupReportProblem,
  type NodeGroupReport,
  type NodeGroupReportAnswer,
  type ReportedClusterState,
  type StoredReport,
} from './reports/nodeGroupReport';
export {
  reporterManifests,
  renderReporterFolder,
  REPORTER_FOLDER,
  REPORTER_NAMESPACE,
  REPORTER_TOKEN_SECRET,
} from './reports/reporterManifests';
