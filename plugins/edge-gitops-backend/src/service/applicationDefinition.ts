import { NotFoundError } from '@backstage/errors';
import type {
  ApplicationDefinitionResponse,
  NodeGroup,
} from '@edge-gitops/plugin-edge-gitops-common';
import type { PlacementIndex } from '../placements/PlacementIndex';

/** Reads an application's `application.yaml` from one node group's git location. */
export type ApplicationDocumentReader = (
  group: NodeGroup,
  name: string,
) => Promise<{ head: string; yaml: string } | undefined>;

/**
 * The EdgeApplication as git holds it, from the first node group (of those the caller
 * sees) that the placement index says holds it and whose git answers. The document is the
 * same in every node group, so one read is enough.
 */
export async function applicationDefinition(
  application: string,
  groups: readonly NodeGroup[],
  deps: { index: PlacementIndex; readDocument: ApplicationDocumentReader },
): Promise<ApplicationDefinitionResponse> {
  const byName = new Map(groups.map(g => [g.name, g]));
  const holding = (await deps.index.forApplication(application))
    .map(p => byName.get(p.nodeGroup))
    .filter((g): g is NodeGroup => Boolean(g));
  for (const group of holding) {
    try {
      const found = await deps.readDocument(group, application);
      if (found)
        return {
          application,
          nodeGroup: group.name,
          commit: found.head,
          yaml: found.yaml,
        };
    } catch {
      // This node group's git does not answer now: the next one holds the same document.
    }
  }
  throw new NotFoundError(
    holding.length
      ? `application ${application}: no node group's git location could be read`
      : `no node group you can see holds an application named ${application}`,
  );
}
