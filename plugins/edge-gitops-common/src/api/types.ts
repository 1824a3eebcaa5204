/**
 * The HTTP API of the edge-gitops backend plugin (`/api/edge-gitops`): what each route
 * answers. The backend builds these and the frontend client reads them, so both sides are
 * checked against one definition.
 */
import type { GitLocation, NodeGroup } from '../nodeGroup';
import type { ObjectStatus } from '../status/computeStatus';
import type { ApplicationInNodeGroup } from '../status/applicationStatus';
import type { SyncStatus } from '../status/syncStatus';
import type { Problem } from '../validation/problems';
import type { ChangeSummary } from '../publish/changeSummary';
import type { FileDiff } from '../publish/reviewMarkdown';
import type {
  PlacedApplication,
  PlacedWorkload,
} from '../placement/placedApplication';

/**
 * The GitOps agents whose objects tell the revision a cluster applied.
 *
 * @public
 */
export type GitopsAgent = 'Flux' | 'Argo CD';

/**
 * The runtime state of a node group's cluster connection, as last observed. (How to reach
 * the cluster is configuration: `ClusterConnectionConfig` in the node package.)
 *
 * @public
 */
export interface ClusterConnectionState {
  nodeGroup: string;
  reachable: boolean;
  /** ISO time of the last successful answer from the API server. */
  lastSeen?: string;
  /** Why the cluster is not reachable (never contains a token). */
  lastError?: string;
  kubernetesVersion?: string;
  /** Agents whose API the cluster serves (their CRDs are installed). */
  gitopsAgents?: GitopsAgent[];
  /** What works only partly, e.g. events not readable with the token's RBAC. */
  warnings?: string[];
  /** The cluster is one of the simulated fleet's (edgeGitops.simulator), not a real one. */
  simulated?: boolean;
  /**
   * How the backend learns about the cluster: it watches the API server (`watched`), or a
   * reporter in the cluster pushes its status out (`reporting`, docs/reporters.md).
   */
  mode?: 'watched' | 'reporting';
}

/**
 * The git side of a node group: whether the repository is local and its branch head.
 *
 * @public
 */
export interface RepositoryState {
  local: boolean;
  /** The commit the branch points at; null when the branch does not exist (yet). */
  head: string | null;
  /** Why the head could not be read (credentials redacted). */
  error?: string;
}

/**
 * `GET /node-groups`: one node group with its git head, cluster connection and sync.
 *
 * @public
 */
export interface NodeGroupItem extends NodeGroup {
  repository: RepositoryState;
  connection: ClusterConnectionState;
  sync: SyncStatus;
}

/**
 * A catalog entity that looks like a node group but cannot be used, and why.
 *
 * @public
 */
export interface NodeGroupIssue {
  entity: string;
  message: string;
}

/** @public */
export interface NodeGroupListResponse {
  items: NodeGroupItem[];
  issues: NodeGroupIssue[];
}

/**
 * `GET /clusters`
 *
 * @public
 */
export interface ClusterListResponse {
  items: ClusterConnectionState[];
}

/**
 * Where an application is published: one row per node group, holding apps/<app> or not, as
 * the placement index last read the node group's git location.
 *
 * @public
 */
export interface ApplicationPlacement {
  nodeGroup: string;
  published: boolean;
  /** The commit the index read the branch at; null when never read or the branch is empty. */
  head: string | null;
  /** Files under apps/<app>/ at the head, relative to that folder. */
  files: string[];
  /** Workloads the node group's cluster should run for the application. */
  workloads: PlacedWorkload[];
  images: string[];
  /** Ports bound on the node, e.g. "8080/TCP". */
  hostPorts: string[];
  /** When the index last read the location (ISO 8601); null when never. */
  indexedAt: string | null;
  /** Why the location could not be read the last time; the rest is the last known. */
  error?: string;
}

/**
 * `GET /node-groups/:name/applications`: what the node group's git location holds.
 *
 * @public
 */
export interface NodeGroupApplicationsResponse {
  nodeGroup: string;
  head: string | null;
  indexedAt: string | null;
  error?: string;
  items: PlacedApplication[];
}

/**
 * `GET /applications/:name/placements`
 *
 * @public
 */
export interface PlacementListResponse {
  items: ApplicationPlacement[];
}

/**
 * `POST /placements/refresh` with `{ nodeGroups?: string[] }`: the node groups read again.
 *
 * @public
 */
export interface PlacementRefreshResponse {
  nodeGroups: string[];
}

/**
 * An application in one node group: its workloads, the connection and the git sync.
 *
 * @public
 */
export interface NodeGroupApplicationStatus extends ApplicationInNodeGroup {
  connection: ClusterConnectionState;
  sync: SyncStatus;
  git: GitLocation | null;
}

/**
 * `GET /applications/:name/definition`: the EdgeApplication as git holds it (its
 * `application.yaml`, the same in every node group it is published to), what edge-update
 * loads into its form.
 *
 * @public
 */
export interface ApplicationDefinitionResponse {
  application: string;
  /** The node group whose git location it was read from, and the commit read. */
  nodeGroup: string;
  commit: string | null;
  /** The application.yaml text. */
  yaml: string;
}

/**
 * `POST /applications/preview`: the EdgeApplication a form would publish (as a template
 * passes it to `edge-gitops:publish`).
 *
 * @public
 */
export interface ApplicationPreviewRequest {
  application: unknown;
}

/**
 * One change the preview found, with every node group that gets exactly this change
 * (a fleet of identical node groups is one entry, not a thousand).
 *
 * @public
 */
export interface PreviewChange {
  nodeGroups: string[];
  /** The files written, changed or removed, with their content before and after. */
  files: FileDiff[];
  summary: ChangeSummary;
  /** Why these node groups cannot take the application (placement, git). */
  problems: Problem[];
}

/**
 * `POST /applications/preview`: a dry run of publishing. Validation's problems, the warnings
 * a reviewer should see, and per node group what its git location would get compared with
 * what it holds now. Nothing is written.
 *
 * @public
 */
export interface ApplicationPreviewResponse {
  application: string;
  valid: boolean;
  errors: Problem[];
  warnings: Problem[];
  /** Node groups the application targets or that hold it now (those lose it). */
  changes: PreviewChange[];
  /** Targeted node groups whose git location already holds exactly this. */
  unchanged: string[];
}

/**
 * `GET /applications/:name/status`
 *
 * @public
 */
export interface ApplicationStatusResponse {
  application: string;
  status: ObjectStatus;
  /** e.g. "37 of 40 node groups current" */
  summary: string;
  items: NodeGroupApplicationStatus[];
}

/**
 * An application that git holds or a cluster runs, with its roll-up over node groups.
 *
 * @public
 */
export interface ApplicationSummary {
  application: string;
  /** How many node groups' git locations hold it (the placement index). */
  publishedTo: number;
  status: ObjectStatus;
  /** e.g. "37 of 40 node groups current" */
  summary: string;
  nodeGroups: { nodeGroup: string; status: ObjectStatus }[];
}

/**
 * `GET /applications?q=&offset=&limit=`
 *
 * @public
 */
export interface ApplicationListQuery {
  /** Fuzzy search over application names. */
  q?: string;
  offset?: number;
  /** 1 to 200; 50 when not given. */
  limit?: number;
}

/** @public */
export interface ApplicationListResponse {
  items: ApplicationSummary[];
  totalItems: number;
  offset: number;
  limit: number;
}

/**
 * `POST /simulator/clusters/:nodeGroup/offline` and `.../online`.
 *
 * @public
 */
export interface SimulatedClusterResponse {
  nodeGroup: string;
  offline: boolean;
}

/**
 * A token a node group's reporter sends its reports with (never the secret itself).
 *
 * @public
 */
export interface ReporterToken {
  id: string;
  nodeGroup: string;
  /** Entity ref of the person who issued it. */
  createdBy: string;
  createdAt: string;
  lastUsedAt?: string;
  revokedAt?: string;
}

/**
 * `GET /node-groups/NAME/reporter-tokens`.
 *
 * @public
 */
export interface ReporterTokenListResponse {
  items: ReporterToken[];
  /**
   * The manifests that run the node group's reporter (YAML stream): the backend's URL and
   * the image from its configuration, the token from a Secret created by hand.
   */
  manifests: string;
}

/**
 * `POST /node-groups/NAME/reporter-tokens`: the secret, shown this once (only its hash is
 * kept).
 *
 * @public
 */
export interface ReporterTokenIssuedResponse {
  token: string;
  item: ReporterToken;
}
