import { createPermission } from '@backstage/plugin-permission-common';

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

/** @public */
export const edgeGitopsPermissions = [edgeGitopsDeployPermission];

/**
 * Why a node group was refused: the one sentence every caller shows.
 *
 * @public
 */
export const notAllowedToDeploy = (nodeGroup: string): string =>
  `you are not allowed to deploy to node group ${nodeGroup} (permission ${edgeGitopsDeployPermission.name})`;
