import {
  createApiRef,
  DiscoveryApi,
  FetchApi,
} from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  ApplicationInNodeGroup,
  GitLocation,
  NodeGroup,
  ObjectStatus,
  SyncStatus,
} from '@edge-gitops/plugin-edge-gitops-common';

/** A node group with its git head, its cluster's connection and whether the cluster applied the head. */
export interface NodeGroupView extends NodeGroup {
  repository: { local: boolean; head: string | null; error?: string };
  connection: ClusterView;
  sync: SyncStatus;
}

export interface NodeGroupListResponse {
  items: NodeGroupView[];
  issues: { entity: string; message: string }[];
}

/** Where an application is published: one row per node group holding apps/<app>. */
export interface PlacementView {
  nodeGroup: string;
  published: boolean;
  head: string | null;
  files: string[];
}

export interface ClusterView {
  nodeGroup: string;
  reachable: boolean;
  lastSeen?: string;
  lastError?: string;
  kubernetesVersion?: string;
  gitopsAgents?: ('Flux' | 'Argo CD')[];
  warnings?: string[];
}

/** An application in one node group, as the backend reads it from the cluster. */
export interface NodeGroupStatusView extends ApplicationInNodeGroup {
  connection: ClusterView;
  sync: SyncStatus;
  git: GitLocation | null;
}

export interface ApplicationStatusResponse {
  application: string;
  status: ObjectStatus;
  summary: string;
  items: NodeGroupStatusView[];
}

/** An application seen in the clusters, with its roll-up over node groups. */
export interface ApplicationSummaryView {
  application: string;
  status: ObjectStatus;
  summary: string;
  nodeGroups: { nodeGroup: string; status: ObjectStatus }[];
}

export interface EdgeGitopsApi {
  listApplications(query?: {
    q?: string;
    offset?: number;
    limit?: number;
  }): Promise<{ items: ApplicationSummaryView[]; totalItems: number }>;
  listNodeGroups(): Promise<NodeGroupListResponse>;
  getPlacements(application: string): Promise<{ items: PlacementView[] }>;
  getApplicationStatus(application: string): Promise<ApplicationStatusResponse>;
  listClusters(): Promise<{ items: ClusterView[] }>;
}

export const edgeGitopsApiRef = createApiRef<EdgeGitopsApi>({
  id: 'plugin.edge-gitops.service',
});

/** Talks to the edge-gitops backend plugin with the signed-in user's token. */
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

  listApplications(
    query: { q?: string; offset?: number; limit?: number } = {},
  ) {
    const params = new URLSearchParams();
    if (query.q) params.set('q', query.q);
    if (query.offset !== undefined) params.set('offset', String(query.offset));
    if (query.limit !== undefined) params.set('limit', String(query.limit));
    const qs = params.toString();
    return this.get<{ items: ApplicationSummaryView[]; totalItems: number }>(
      `/applications${qs ? `?${qs}` : ''}`,
    );
  }

  listClusters() {
    return this.get<{ items: ClusterView[] }>('/clusters');
  }

  getPlacements(application: string) {
    return this.get<{ items: PlacementView[] }>(
      `/applications/${encodeURIComponent(application)}/placements`,
    );
  }
}
