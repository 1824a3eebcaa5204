import type {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type {
  PlacementListResponse,
  PlacementRefreshResponse,
} from '@edge-gitops/plugin-edge-gitops-common';
import type { PublishResult } from '@edge-gitops/plugin-edge-gitops-node';

/**
 * The edge-gitops backend's placement index, as the publish and unpublish actions use it.
 *
 * @public
 */
export interface PlacementIndexClient {
  /**
   * The node groups whose git location holds the application, or undefined when the
   * backend cannot say (then every node group is looked at).
   */
  holding(
    application: string,
    credentials: BackstageCredentials,
    logger: LoggerService,
  ): Promise<Set<string> | undefined>;
  /** Tells the index which node groups a publish changed, so pages show it at once. */
  refresh(
    result: PublishResult,
    credentials: BackstageCredentials,
    logger: LoggerService,
  ): Promise<void>;
}

/**
 * The placement index over HTTP, on behalf of the person who ran the template. Best effort:
 * a backend that is down must not fail a publish that already landed in git, and removal
 * falls back to looking at every node group.
 *
 * @public
 */
export function placementIndexOverHttp(deps: {
  discovery: DiscoveryService;
  auth: AuthService;
}): PlacementIndexClient {
  const call = async <T>(
    credentials: BackstageCredentials,
    path: string,
    init?: { method: 'POST'; body: unknown },
  ): Promise<T> => {
    const { token } = await deps.auth.getPluginRequestToken({
      onBehalfOf: credentials,
      targetPluginId: 'edge-gitops',
    });
    const base = await deps.discovery.getBaseUrl('edge-gitops');
    const response = await fetch(`${base}${path}`, {
      method: init?.method ?? 'GET',
      headers: {
        'Content-Type': 'application/json',
        Authorization: `Bearer ${token}`,
      },
      body: init ? JSON.stringify(init.body) : undefined,
    });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return (await response.json()) as T;
  };
  return {
    async holding(application, credentials, logger) {
      try {
        const body = await call<PlacementListResponse>(
          credentials,
          `/applications/${encodeURIComponent(application)}/placements`,
        );
        return new Set(
          body.items.filter(p => p.published).map(p => p.nodeGroup),
        );
      } catch (e) {
        logger.warn(
          `the edge-gitops backend could not say where ${application} is published (${
            (e as Error).message
          }); looking at every node group`,
        );
        return undefined;
      }
    },
    async refresh(result, credentials, logger) {
      const nodeGroups = result.outcomes
        .filter(
          o =>
            (o.status === 'committed' || o.status === 'removed') && !o.branch,
        )
        .map(o => o.nodeGroup);
      if (!nodeGroups.length) return;
      try {
        const body = await call<PlacementRefreshResponse>(
          credentials,
          '/placements/refresh',
          { method: 'POST', body: { nodeGroups } },
        );
        logger.info(
          `edge-gitops placement index refreshed for ${body.nodeGroups.join(
            ', ',
          )}`,
        );
      } catch (e) {
        logger.warn(
          `could not ask the edge-gitops backend to refresh its placement index (it catches up on its schedule): ${
            (e as Error).message
          }`,
        );
      }
    },
  };
}
