/**
 * edge-gitops backend plugin.
 *
 * @packageDocumentation
 */
export { edgeGitopsPlugin as default } from './plugin';
/**
 * The cluster status cache behind the API: one ClusterWatcher per configured cluster,
 * answering from memory. Exported for embedding and for the status benchmark.
 */
export {
  ClusterStatusService,
  type ReportedClusters,
} from './service/ClusterStatusService';
export type { ReportedNodeGroup } from './reports/ReportStore';
/**
 * Reporting mode's parts (docs/reporters.md): the last reported state per node group and
 * the reporter tokens in the plugin's database, and the feed that brings reports into the
 * cluster status service. Exported for embedding and for the status benchmark.
 */
export { ReportStore } from './reports/ReportStore';
export { ReporterTokens } from './reports/ReporterTokens';
export { ReportFeed } from './reports/ReportFeed';
export { migrateToLatest } from './database/migrations';
