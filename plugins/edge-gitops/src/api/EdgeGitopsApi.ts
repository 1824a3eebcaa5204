import {
  createApiRef,
  DiscoveryApi,
  FetchApi,
} from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  ApplicationListQuery,
  ApplicationListResponse,
  ApplicationStatusResponse,
  ClusterListResponse,
  NodeGroupListResponse,
  PlacementListResponse,
} from '@edge-gitops/plugin-edge-gitops-common';

/**
 * The edge-gitops backend's HTTP API (docs/http-api.md); its types live in the common package.
 *
 * @public
 */
export interface EdgeGitopsApi {
  listApplications(
    query?: ApplicationListQuery,
  ): Promise<ApplicationListResponse>;
  listNodeGroups(): Promise<NodeGroupListResponse>;
  getPlacements(application: string): Promise<PlacementListResponse>;
  getApplicationStatus(application: string): Promise<ApplicationStatusResponse>;
  listClusters(): Promise<ClusterListResponse>;
}

/** @public */
export const edgeGitopsApiRef = createApiRef<EdgeGitopsApi>({
  id: 'plugin.edge-gitops.service',
});

/**
 * Talks to the edge-gitops backend plugin with the signed-in user's token.
 *
 * @public
 */
export class EdgeGitopsClient implements EdgeGitopsApi {
  constructor(
    private readonly deps: { discoveryApi: DiscoveryApi; fetchApi: FetchApi },
  ) {}

  private async get<T>(path: string): Promise<T> {
    const base = await this.deps.discoveryApi.getBaseUrl('edge-gitops');
    const response = await this.deps.fetchApi.fetch(`${base}${path}`);
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return (await response.json()) as T;
  }

  listNodeGroups() {
    return this.get<NodeGroupListResponse>('/node-groups');
  }

  getApplicationStatus(application: string) {
    return this.get<ApplicationStatusResponse>(
      `/applications/${encodeURIComponent(application)}/status`,
    );
  }

  listApplications(query: ApplicationListQuery = {}) {
    const params = new URLSearchParams();
    if (query.q) params.set('q', query.q);
    if (query.offset !== undefined) params.set('offset', String(query.offset));
    if (query.limit !== undefined) params.set('limit', String(query.limit));
    const qs = params.toString();
    return this.get<ApplicationListResponse>(
      `/applications${qs ? `?${qs}` : ''}`,
    );
  }

  listClusters() {
    return this.get<ClusterListResponse>('/clusters');
  }

  getPlacements(application: string) {
    return this.get<PlacementListResponse>(
      `/applications/${encodeURIComponent(application)}/placements`,
    );
  }
}
