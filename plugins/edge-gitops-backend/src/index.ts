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
