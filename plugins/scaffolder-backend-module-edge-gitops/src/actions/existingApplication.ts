import type {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  applicationComponentFilter,
  applicationNameTaken,
  NodeGroup,
} from '@edge-gitops/plugin-edge-gitops-common';
import type { EdgePublisher } from '@edge-gitops/plugin-edge-gitops-node';
import type { PlacementIndexClient } from './placementIndexClient';

/** Where an application name is already taken: node groups whose git holds it, catalog entities. */
export interface ExistingApplication {
  inGit: string[];
  inCatalog: string[];
}

/**
 * Whether an application name is taken, in git or in the catalog. Git is asked through the
 * backend's placement index; when it cannot answer, every node group's folder is read.
 */
export async function existingApplication(
  name: string,
  deps: {
    catalog: CatalogService;
    publisher: EdgePublisher;
    placements?: PlacementIndexClient;
  },
  groups: readonly NodeGroup[],
  credentials: BackstageCredentials,
  logger: LoggerService,
): Promise<ExistingApplication> {
  const [entities, holding] = await Promise.all([
    deps.catalog.getEntities(
      { filter: applicationComponentFilter(name) },
      { credentials },
    ),
    deps.placements?.holding(name, credentials, logger),
  ]);
  let inGit: string[];
  if (holding) inGit = groups.filter(g => holding.has(g.name)).map(g => g.name);
  else {
    const held = await Promise.all(
      groups.map(async g => {
        try {
          const { applications } = await deps.publisher.contents(g);
          return applications.some(a => a.application === name) ? g.name : '';
        } catch {
          return ''; // a node group that cannot be read holds nothing we can see
        }
      }),
    );
    inGit = held.filter(Boolean);
  }
  return {
    inGit,
    inCatalog: [
      ...new Set(entities.items.map(e => stringifyEntityRef(e))),
    ].sort(),
  };
}

/** The message a create refuses a taken name with: at the name field, saying where it is. */
export function nameTakenMessage(name: string, taken: ExistingApplication) {
  return `metadata.name: ${applicationNameTaken(name, taken)}`;
}
