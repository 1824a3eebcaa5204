import type { ClusterConnectionState } from '../api/types';
import type { ObservedObject } from '../status/kubeObject';
import type { ApplicationInNodeGroup } from '../status/applicationStatus';

/**
 * What a reporter in an edge cluster knows: its cluster's connection, the status of each
 * application there (computed in the cluster with the same rules as the backend's), and
 * the GitOps agents' objects the sync status is read from.
 *
 * @public
 */
export interface ReportedClusterState {
  cluster: Omit<ClusterConnectionState, 'nodeGroup' | 'lastSeen' | 'simulated'>;
  applications: Record<string, ApplicationInNodeGroup>;
  /** Flux Kustomizations and Argo CD Applications with edge-gitops' labels, trimmed. */
  agents: ObservedObject[];
}

/**
 * `POST /node-groups/NAME/reports`: one report. A snapshot carries the whole state; a
 * delta only what changed since the report before it (sequence - 1): applications whose
 * status changed (null: gone from the cluster), the agents' objects and the connection
 * when they changed.
 *
 * @public
 */
export interface NodeGroupReport {
  /** One more than the reporter's previous report; a snapshot may start anywhere. */
  sequence: number;
  snapshot: boolean;
  cluster?: ReportedClusterState['cluster'];
  applications: Record<string, ApplicationInNodeGroup | null>;
  agents?: ObservedObject[];
}

/**
 * The backend's answer to a report. `snapshot: 'required'` asks for a full report: the
 * delta did not follow the last report the backend holds (a gap, a restart of either side).
 *
 * @public
 */
export interface NodeGroupReportAnswer {
  accepted: boolean;
  /** The sequence the backend now holds for the node group. */
  sequence?: number;
  snapshot?: 'required';
}

/**
 * The state a node group's reports add up to, as the backend keeps it.
 *
 * @public
 */
export interface StoredReport {
  sequence: number;
  state: ReportedClusterState;
}

/**
 * Applies a report to what the backend holds: a snapshot replaces it, a delta that follows
 * it (sequence + 1) is merged in, anything else asks for a snapshot.
 *
 * @public
 */
export function applyNodeGroupReport(
  held: StoredReport | undefined,
  report: NodeGroupReport,
): { stored: StoredReport } | { snapshotRequired: true } {
  if (report.snapshot) {
    const applications: Record<string, ApplicationInNodeGroup> = {};
    for (const [name, app] of Object.entries(report.applications))
      if (app) applications[name] = app;
    return {
      stored: {
        sequence: report.sequence,
        state: {
          cluster: report.cluster ?? { reachable: true },
          applications,
          agents: report.agents ?? [],
        },
      },
    };
  }
  if (!held || report.sequence !== held.sequence + 1)
    return { snapshotRequired: true };
  const applications = { ...held.state.applications };
  for (const [name, app] of Object.entries(report.applications)) {
    if (app) applications[name] = app;
    else delete applications[name];
  }
  return {
    stored: {
      sequence: report.sequence,
      state: {
        cluster: report.cluster ?? held.state.cluster,
        applications,
        agents: report.agents ?? held.state.agents,
      },
    },
  };
}

const same = (a: unknown, b: unknown) =>
  JSON.stringify(a) === JSON.stringify(b);

/**
 * The report that brings the backend from `sent` (what it acknowledged) to `now`: a delta
 * with only what changed, or a snapshot when there is nothing to build on.
 *
 * @public
 */
export function nodeGroupReportFor(
  now: ReportedClusterState,
  sent: StoredReport | undefined,
): NodeGroupReport {
  if (!sent)
    return {
      sequence: 1,
      snapshot: true,
      cluster: now.cluster,
      applications: now.applications,
      agents: now.agents,
    };
  const applications: NodeGroupReport['applications'] = {};
  for (const [name, app] of Object.entries(now.applications))
    if (!same(app, sent.state.applications[name])) applications[name] = app;
  for (const name of Object.keys(sent.state.applications))
    if (!(name in now.applications)) applications[name] = null;
  return {
    sequence: sent.sequence + 1,
    snapshot: false,
    applications,
    ...(same(now.cluster, sent.state.cluster) ? {} : { cluster: now.cluster }),
    ...(same(now.agents, sent.state.agents) ? {} : { agents: now.agents }),
  };
}

/**
 * Whether a report is well formed enough to store (it comes from outside): the names,
 * numbers and shapes the backend relies on. Returns the problem, or undefined.
 *
 * @public
 */
export function nodeGroupReportProblem(body: unknown): string | undefined {
  const r = body as Partial<NodeGroupReport> | undefined;
  if (!r || typeof r !== 'object') return 'the report must be a JSON object';
  if (!Number.isSafeInteger(r.sequence) || (r.sequence as number) < 0)
    return 'sequence: must be a non-negative integer';
  if (typeof r.snapshot !== 'boolean') return 'snapshot: must be true or false';
  if (
    !r.applications ||
    typeof r.applications !== 'object' ||
    Array.isArray(r.applications)
  )
    return 'applications: must be an object of application name to status (or null)';
  for (const [name, app] of Object.entries(r.applications)) {
    if (app === null) continue;
    if (
      typeof app !== 'object' ||
      typeof app.status !== 'string' ||
      !Array.isArray(app.workloads) ||
      app.application !== name
    )
      return `applications.${name}: must be the status of application ${name}`;
  }
  if (r.agents !== undefined && !Array.isArray(r.agents))
    return 'agents: must be a list of objects';
  if (
    r.cluster !== undefined &&
    (typeof r.cluster !== 'object' || typeof r.cluster.reachable !== 'boolean')
  )
    return 'cluster: must say whether the API server answers (reachable)';
  return undefined;
}
