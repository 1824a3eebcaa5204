import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { NodeGroup } from '@edge-gitops/plugin-edge-gitops-common';
import {
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
