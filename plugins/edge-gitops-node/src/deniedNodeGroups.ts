import type {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  edgeGitopsDeployPermission,
  NodeGroup,
} from '@edge-gitops/plugin-edge-gitops-common';

/**
 * Node groups the requester may not deploy to, asked of the permission framework in one call.
 *
 * @public
 */
export async function deniedNodeGroups(
  permissions: PermissionsService,
  credentials: BackstageCredentials,
  groups: readonly NodeGroup[],
): Promise<Set<string>> {
  if (groups.length === 0) return new Set();
  const decisions = await permissions.authorize(
    groups.map(g => ({
      permission: edgeGitopsDeployPermission,
      resourceRef: `resource:default/${g.name}`,
    })),
    { credentials },
  );
  return new Set(
    groups
      .filter((_, i) => decisions[i].result !== AuthorizeResult.ALLOW)
      .map(g => g.name),
  );
}
