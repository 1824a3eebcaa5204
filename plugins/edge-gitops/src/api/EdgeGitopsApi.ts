import {
  createApiRef,
  DiscoveryApi,
  FetchApi,
} from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  ApplicationDefinitionResponse,
  ApplicationPreviewResponse,
  BatchJobCreatedResponse,
  BatchJobDetail,
  BatchJobListResponse,
  BatchJobRequest,
  BatchJobState,
  ApplicationListQuery,
  ApplicationListResponse,
  ApplicationStatusResponse,
  ClusterListResponse,
  NodeGroupApplicationsResponse,
  NodeGroupListResponse,
  PlacementListResponse,
  ReporterTokenIssuedResponse,
  ReporterTokenListResponse,
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
  /** What a node group's git location holds (the placement index). */
  listNodeGroupApplications(
    nodeGroup: string,
  ): Promise<NodeGroupApplicationsResponse>;
  getPlacements(application: string): Promise<PlacementListResponse>;
  /** The application as git holds it (application.yaml): what edge-update edits. */
  getApplicationDefinition(
    application: string,
  ): Promise<ApplicationDefinitionResponse>;
  getApplicationStatus(application: string): Promise<ApplicationStatusResponse>;
  /** A dry run of publishing the EdgeApplication a form holds (the review step). */
  previewApplication(application: unknown): Promise<ApplicationPreviewResponse>;
  listClusters(): Promise<ClusterListResponse>;
  listBatchJobs(query?: {
    state?: BatchJobState[];
    application?: string;
    offset?: number;
    limit?: number;
  }): Promise<BatchJobListResponse>;
  getBatchJob(id: string): Promise<BatchJobDetail>;
  createBatchJob(request: BatchJobRequest): Promise<BatchJobCreatedResponse>;
  /** Stop, continue or retry a job; answers the job as it is then. */
  requestBatchJob(
    id: string,
    request: 'stop' | 'continue' | 'retry',
  ): Promise<BatchJobDetail>;
  /** A node group's reporter tokens and the manifests that run its reporter. */
  listReporterTokens(nodeGroup: string): Promise<ReporterTokenListResponse>;
  /** Issues a token: the answer holds the secret, which is never shown again. */
  issueReporterToken(nodeGroup: string): Promise<ReporterTokenIssuedResponse>;
  revokeReporterToken(nodeGroup: string, id: string): Promise<void>;
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

  private async get<T>(path: string, init?: RequestInit): Promise<T> {
    const base = await this.deps.discoveryApi.getBaseUrl('edge-gitops');
    const response = await this.deps.fetchApi.fetch(`${base}${path}`, init);
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return (await response.json()) as T;
  }

  private post<T>(path: string, body?: unknown): Promise<T> {
    return this.get<T>(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body ?? {}),
    });
  }

  listBatchJobs(
    query: {
      state?: BatchJobState[];
      application?: string;
      offset?: number;
      limit?: number;
    } = {},
  ) {
    const params = new URLSearchParams();
    if (query.state?.length) params.set('state', query.state.join(','));
    if (query.application) params.set('application', query.application);
    if (query.offset !== undefined) params.set('offset', String(query.offset));
    if (query.limit !== undefined) params.set('limit', String(query.limit));
    const qs = params.toString();
    return this.get<BatchJobListResponse>(`/batch-jobs${qs ? `?${qs}` : ''}`);
  }

  getBatchJob(id: string) {
    return this.get<BatchJobDetail>(`/batch-jobs/${encodeURIComponent(id)}`);
  }

  createBatchJob(request: BatchJobRequest) {
    return this.post<BatchJobCreatedResponse>('/batch-jobs', request);
  }

  requestBatchJob(id: string, request: 'stop' | 'continue' | 'retry') {
    return this.post<BatchJobDetail>(
      `/batch-jobs/${encodeURIComponent(id)}/${request}`,
    );
  }

  listNodeGroups() {
    return this.get<NodeGroupListResponse>('/node-groups');
  }

  listNodeGroupApplications(nodeGroup: string) {
    return this.get<NodeGroupApplicationsResponse>(
      `/node-groups/${encodeURIComponent(nodeGroup)}/applications`,
    );
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

  previewApplication(application: unknown) {
    return this.post<ApplicationPreviewResponse>('/applications/preview', {
      application,
    });
  }

  getApplicationDefinition(application: string) {
    return this.get<ApplicationDefinitionResponse>(
      `/applications/${encodeURIComponent(application)}/definition`,
    );
  }

  listReporterTokens(nodeGroup: string) {
    return this.get<ReporterTokenListResponse>(
      `/node-groups/${encodeURIComponent(nodeGroup)}/reporter-tokens`,
    );
  }

  issueReporterToken(nodeGroup: string) {
    return this.post<ReporterTokenIssuedResponse>(
      `/node-groups/${encodeURIComponent(nodeGroup)}/reporter-tokens`,
    );
  }

  async revokeReporterToken(nodeGroup: string, id: string): Promise<void> {
    const base = await this.deps.discoveryApi.getBaseUrl('edge-gitops');
    const response = await this.deps.fetchApi.fetch(
      `${base}/node-groups/${encodeURIComponent(
        nodeGroup,
      )}/reporter-tokens/${encodeURIComponent(id)}`,
      { method: 'DELETE' },
    );
    if (!response.ok) throw await ResponseError.fromResponse(response);
  }
}
