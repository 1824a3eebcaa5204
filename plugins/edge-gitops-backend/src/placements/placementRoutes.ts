import type { Router } from 'express';
import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import type {
  NodeGroup,
  NodeGroupApplicationsResponse,
  PlacementListResponse,
  PlacementRefreshResponse,
} from '@edge-gitops/plugin-edge-gitops-common';
import type express from 'express';
import { applicationNameOf } from '../service/requests';
import type { PlacementIndex } from './PlacementIndex';
import type { PlacementReconciler } from './PlacementReconciler';
import { applicationPlacements, nodeGroupApplications } from './placementViews';

/** What the placement routes need. */
export interface PlacementRouteDeps {
  index: PlacementIndex;
  reconciler: PlacementReconciler;
  caller: (req: express.Request) => Promise<BackstageCredentials>;
  nodeGroups: (credentials: BackstageCredentials) => Promise<NodeGroup[]>;
}

/** `nodeGroups` of a refresh request: absent (all) or a list of names. */
function requestedNodeGroups(body: unknown): string[] | undefined {
  const value = (body as { nodeGroups?: unknown } | undefined)?.nodeGroups;
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.some(v => typeof v !== 'string'))
    throw new InputError('nodeGroups: must be a list of node group names');
  return value;
}

/**
 * The placement index over HTTP (docs/http-api.md): where an application is published,
 * what a node group holds, and a refresh publishers call after pushing.
 */
export function placementRoutes(router: Router, deps: PlacementRouteDeps) {
  const { index, reconciler, caller, nodeGroups } = deps;

  router.get('/applications/:name/placements', async (req, res) => {
    const name = applicationNameOf(req);
    const groups = await nodeGroups(await caller(req));
    const heads = await reconciler.refresh(groups, { recent: 'skip' });
    const placed = await index.forApplication(name);
    const body: PlacementListResponse = {
      items: applicationPlacements(groups, placed, heads),
    };
    res.json(body);
  });

  router.get('/node-groups/:nodeGroup/applications', async (req, res) => {
    const groups = await nodeGroups(await caller(req));
    const group = groups.find(g => g.name === req.params.nodeGroup);
    if (!group)
      throw new NotFoundError(
        `no node group ${JSON.stringify(req.params.nodeGroup)} in the catalog`,
      );
    const heads = await reconciler.refresh([group], { recent: 'skip' });
    const placed = await index.forNodeGroup(group.name);
    const body: NodeGroupApplicationsResponse = nodeGroupApplications(
      group.name,
      placed,
      heads.get(group.name),
    );
    res.json(body);
  });

  // After a publish: the folders are read again now, whatever a cached head says.
  router.post('/placements/refresh', async (req, res) => {
    const names = requestedNodeGroups(req.body);
    const groups = await nodeGroups(await caller(req));
    const unknown = (names ?? []).filter(n => !groups.some(g => g.name === n));
    if (unknown.length)
      throw new InputError(
        `nodeGroups: no node group ${unknown
          .map(n => JSON.stringify(n))
          .join(', ')} in the catalog`,
      );
    const chosen = names ? groups.filter(g => names.includes(g.name)) : groups;
    await reconciler.refresh(chosen, { reread: true });
    const body: PlacementRefreshResponse = {
      nodeGroups: chosen.map(g => g.name),
    };
    res.json(body);
  });
}
