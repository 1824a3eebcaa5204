import type {
  AuthService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  NODE_GROUP_CATALOG_FILTER,
  NodeGroupList,
  nodeGroupsFromEntities,
} from '@edge-gitops/plugin-edge-gitops-node';

/**
 * Reads node groups from the catalog, on behalf of a caller or of this plugin itself.
 *
 * @public
 */
export class NodeGroupCatalog {
  constructor(
    private readonly catalog: CatalogService,
    private readonly auth: AuthService,
  ) {}

  async list(credentials?: BackstageCredentials): Promise<NodeGroupList> {
    const { items } = await this.catalog.getEntities(
      { filter: { ...NODE_GROUP_CATALOG_FILTER } },
      {
        credentials:
          credentials ?? (await this.auth.getOwnServiceCredentials()),
      },
    );
    return nodeGroupsFromEntities(items);
  }
}
