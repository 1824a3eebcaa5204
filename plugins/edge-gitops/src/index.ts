/**
 * edge-gitops frontend plugin: applications, node groups and their status.
 *
 * @packageDocumentation
 */
export {
  edgeGitopsPlugin,
  EdgeApplicationsPage,
  EdgeNodeGroupsPage,
  EdgeBatchJobsPage,
  EdgeApplicationStatusContent,
  EdgeApplicationStatusCard,
  EdgeNodeGroupContent,
} from './plugin';
export { isEdgeApplication, isEdgeNodeGroup } from './conditions';
export {
  edgeGitopsApiRef,
  EdgeGitopsClient,
  type EdgeGitopsApi,
} from './api/EdgeGitopsApi';
export { EdgeApplicationNameFieldExtension } from './fields/ApplicationName/extension';
export {
  EdgeApplicationNameFieldSchema,
  type EdgeApplicationNameUiOptions,
} from './fields/ApplicationName/schema';
export { EdgeTargetsFieldExtension } from './fields/Targets/extension';
export {
  EdgeTargetsFieldSchema,
  type EdgeTargetsValue,
} from './fields/Targets/schema';
export { EdgeReviewFieldExtension } from './fields/Review/extension';
export {
  EdgeReviewFieldSchema,
  type EdgeReviewValue,
} from './fields/Review/schema';
export { EdgeServicesFieldExtension } from './fields/Services/extension';
export {
  EdgeServicesFieldSchema,
  type EdgeServicesUiOptions,
} from './fields/Services/schema';
export { EdgeApplicationDefinitionFieldExtension } from './fields/ApplicationDefinition/extension';
export {
  EdgeApplicationDefinitionFieldSchema,
  type EdgeApplicationDefinitionUiOptions,
} from './fields/ApplicationDefinition/schema';
