import type {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { NodeGroup } from '@edge-gitops/plugin-edge-gitops-common';
import {
  deniedNodeGroups,
  NODE_GROUP_CATALOG_FILTER,
  nodeGroupsFromEntities,
} from '@edge-gitops/plugin-edge-gitops-node';

/**
 * Node groups visible to the person running the template.
 *
 * @public
 */
export async function nodeGroupsFor(
  catalog: CatalogService,
  credentials: BackstageCredentials,
): Promise<NodeGroup[]> {
  const { items } = await catalog.getEntities(
    { filter: { ...NODE_GROUP_CATALOG_FILTER } },
    { credentials },
  );
  return nodeGroupsFromEntities(items).nodeGroups;
}

/** The node groups the requester sees, and those among them they may not deploy to. */
export async function nodeGroupsOfRequester(
  deps: { catalog: CatalogService; permissions: PermissionsService },
  credentials: BackstageCredentials,
): Promise<{ groups: NodeGroup[]; denied: Set<string> }> {
  const groups = await nodeGroupsFor(deps.catalog, credentials);
  const denied = await deniedNodeGroups(deps.permissions, credentials, groups);
  return { groups, denied };
}
