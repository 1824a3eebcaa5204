import {
  createPermission,
  type Permission,
} from '@backstage/plugin-permission-common';

/**
 * May the user deploy to this node group? A resource permission on the node group's catalog
 * entity, so a policy can use the catalog's rules (for example: only owners of the node group).
 *
 * @public
 */
export const edgeGitopsDeployPermission = createPermission({
  name: 'edge-gitops.node-group.deploy',
  attributes: { action: 'update' },
  resourceType: 'catalog-entity',
});

/**
 * May the user change a published application (the edge-update template)? A resource
 * permission on the application's catalog Component, so a policy can use the catalog's rules
 * (for example: only the Component's owner). Each node group still needs the deploy
 * permission.
 *
 * @public
 */
export const edgeGitopsApplicationUpdatePermission = createPermission({
  name: 'edge-gitops.application.update',
  attributes: { action: 'update' },
  resourceType: 'catalog-entity',
});

/**
 * May the user publish an application that reaches into its nodes (privileged containers,
 * the host network, host PID)? Checked by `edge-gitops:publish` whenever the application
 * does; templates can also hide the choice with a `backstage:permissions` tag
 * (docs/templates.md).
 *
 * @public
 */
export const edgeGitopsHostAccessPermission = createPermission({
  name: 'edge-gitops.application.host-access',
  attributes: { action: 'create' },
});

/**
 * May the user issue and revoke the tokens a node group's reporter sends its reports
 * with? A resource permission on the node group's catalog entity (docs/reporters.md).
 *
 * @public
 */
export const edgeGitopsReporterManagePermission = createPermission({
  name: 'edge-gitops.node-group.reporter.manage',
  attributes: { action: 'update' },
  resourceType: 'catalog-entity',
});

/**
 * The resource type of batch jobs, for conditional policies (see docs/permissions.md).
 *
 * @public
 */
export const BATCH_JOB_RESOURCE_TYPE = 'edge-gitops-batch-job';

/**
 * May the user start batch jobs? (Each node group still needs the deploy permission.)
 *
 * @public
 */
export const edgeGitopsBatchCreatePermission = createPermission({
  name: 'edge-gitops.batch.create',
  attributes: { action: 'create' },
});

/** May the user stop this batch job? @public */
export const edgeGitopsBatchStopPermission = createPermission({
  name: 'edge-gitops.batch.stop',
  attributes: { action: 'update' },
  resourceType: BATCH_JOB_RESOURCE_TYPE,
});

/** May the user continue this stopped batch job? @public */
export const edgeGitopsBatchContinuePermission = createPermission({
  name: 'edge-gitops.batch.continue',
  attributes: { action: 'update' },
  resourceType: BATCH_JOB_RESOURCE_TYPE,
});

/** May the user retry what did not succeed in this batch job? @public */
export const edgeGitopsBatchRetryPermission = createPermission({
  name: 'edge-gitops.batch.retry',
  attributes: { action: 'update' },
  resourceType: BATCH_JOB_RESOURCE_TYPE,
});

/**
 * Every permission of edge-gitops, for a permissions registry. Typed as a plain list: the
 * API report stays the same whatever order the compiler lists the union of its elements in.
 *
 * @public
 */
export const edgeGitopsPermissions: Permission[] = [
  edgeGitopsDeployPermission,
  edgeGitopsBatchCreatePermission,
  edgeGitopsBatchStopPermission,
  edgeGitopsBatchContinuePermission,
  edgeGitopsBatchRetryPermission,
  edgeGitopsReporterManagePermission,
  edgeGitopsApplicationUpdatePermission,
  edgeGitopsHostAccessPermission,
];

/**
 * Why a node group was refused: the one sentence every caller shows.
 *
 * @public
 */
export const notAllowedToDeploy = (nodeGroup: string): string =>
  `you are not allowed to deploy to node group ${nodeGroup} (permission ${edgeGitopsDeployPermission.name})`;
