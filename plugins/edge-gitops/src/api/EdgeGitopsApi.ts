import {
  createApiRef,
  DiscoveryApi,
  FetchApi,
} from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  ApplicationInNodeGroup,
  NodeGroup,
  ObjectStatus,
} from '@edge-gitops/plugin-edge-gitops-common';

export interface NodeGroupView extends NodeGroup {
  repository: { local: boolean; head: string | null };
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
}

/** An application in one node group, as the backend reads it from the cluster. */
export interface NodeGroupStatusView extends ApplicationInNodeGroup {
  connection: ClusterView;
}

export interface ApplicationStatusResponse {
  application: string;
  status: ObjectStatus;
  summary: string;
  items: NodeGroupStatusView[];
}

export interface EdgeGitopsApi {
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

  listClusters() {
    return this.get<{ items: ClusterView[] }>('/clusters');
  }

  getPlacements(application: string) {
    return this.get<{ items: PlacementView[] }>(
      `/applications/${encodeURIComponent(application)}/placements`,
    );
  }
}
