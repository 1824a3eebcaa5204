import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  ApplicationInNodeGroup,
  applicationsInNodeGroup,
  ApplicationSummary,
  ClusterConnectionState,
  NodeGroupApplicationStatus,
  nodeGroupRollUp,
  ObjectStatus,
  PlacedWorkload,
  SyncStatus,
  syncStatusOf,
  withExpectedWorkloads,
  type ObservedObject,
} from '@edge-gitops/plugin-edge-gitops-common';
import type { ReportedNodeGroup } from '../reports/ReportStore';
import {
  ClusterConnectionConfig,
  ClusterWatcher,
  kubeConfigFor,
  mapWithConcurrency,
} from '@edge-gitops/plugin-edge-gitops-node';

/**
 * Clusters whose first list runs at the same time. Starting a thousand at once parses every
 * initial list together and makes the process peak far above its steady state.
 */
const START_CONCURRENCY = 64;

/** What the service knows of one node group's cluster, whichever way it learnt it. */
interface ClusterSource {
  connection(): ClusterConnectionState;
  agentObjects(): ObservedObject[];
  apps(): Map<string, ApplicationInNodeGroup>;
  /** The agent's sync against a git head, derived again only when the agents changed. */
  syncOf(head: string | undefined): SyncStatus;
}

/** Remembers the last sync derived, per head: status requests ask with the same heads. */
function syncMemo(nodeGroup: string, agents: () => ObservedObject[]) {
  let last: { head: string | undefined; sync: SyncStatus } | undefined;
  return (head: string | undefined) => {
    if (!last || last.head !== head)
      last = { head, sync: syncStatusOf(nodeGroup, agents(), head) };
    return last.sync;
  };
}

/**
 * A reporting node group's cluster, from its last report: the statuses the reporter
 * computed (the node group's name is ours, not the report's), unreachable once the
 * reporter has been silent for longer than `silentAfterMs`. A class with plain fields: a
 * fleet-wide status request reads ten thousand of them, and each extra hop is a cache miss.
 */
class ReportedSource implements ClusterSource {
  private readonly live: ClusterConnectionState;
  private readonly silent: ClusterConnectionState;
  private readonly silentAt: number;
  private readonly applications: Map<string, ApplicationInNodeGroup>;
  private readonly syncMemo: (head: string | undefined) => SyncStatus;

  constructor(
    nodeGroup: string,
    readonly report: ReportedNodeGroup | undefined,
    silentAfterMs: number,
  ) {
    const lastSeen = report
      ? new Date(report.reportedAt).toISOString()
      : undefined;
    const cluster = report?.state.cluster;
    this.live = {
      ...(cluster ?? {}),
      nodeGroup,
      mode: 'reporting',
      reachable: Boolean(cluster?.reachable),
      ...(lastSeen ? { lastSeen } : {}),
    };
    this.silent = {
      ...this.live,
      reachable: false,
      lastError: report
        ? 'the reporter has not reported since it was last seen'
        : 'no report yet: install the reporter in the cluster (docs/reporters.md)',
    };
    this.silentAt = report ? report.reportedAt + silentAfterMs : -Infinity;
    this.applications = new Map(
      Object.entries(report?.state.applications ?? {}).map(([name, a]) => [
        name,
        {
          application: name,
          nodeGroup,
          status: a.status,
          summary: a.summary,
          workloads: a.workloads,
        },
      ]),
    );
    this.syncMemo = syncMemo(nodeGroup, () => this.agentObjects());
  }

  connection(): ClusterConnectionState {
    return Date.now() <= this.silentAt ? this.live : this.silent;
  }

  agentObjects(): ObservedObject[] {
    return this.report?.state.agents ?? [];
  }

  apps(): Map<string, ApplicationInNodeGroup> {
    return this.applications;
  }

  syncOf(head: string | undefined): SyncStatus {
    return this.syncMemo(head);
  }
}

/**
 * Reports that arrived (loaded from the database by the caller, or just stored) and,
 * when known, which node groups have a live reporter token.
 *
 * @public
 */
export interface ReportedClusters {
  /** New or newer states; node groups not in the list keep theirs. */
  states: readonly ReportedNodeGroup[];
  /** Node groups with a live token (they report even before their first report). */
  reporting?: ReadonlySet<string>;
  /** A reporter silent for longer is Unknown, with its last known state. */
  silentAfterMs: number;
}

/**
 * Owns one ClusterWatcher per configured node group and answers from their caches: a
 * request never reaches the clusters. A cluster that does not answer is Unknown, with the
 * time it was last seen and the state it last had.
 *
 * @public
 */
export class ClusterStatusService {
  private readonly watchers = new Map<string, ClusterWatcher>();
  /** Node groups whose cluster is simulated (edgeGitops.simulator). */
  private readonly simulated = new Set<string>();
  private started = false;
  /** Node groups whose reporter pushes their status (reporting mode), by name. */
  private reported = new Map<string, ReportedSource>();
  /** Per node group, its applications as last derived, and the cache version they came from. */
  private readonly derived = new Map<
    string,
    { version: number; apps: Map<string, ApplicationInNodeGroup> }
  >();

  constructor(
    connections: ClusterConnectionConfig[],
    private readonly logger: LoggerService,
  ) {
    for (const c of connections) {
      try {
        this.watchers.set(
          c.nodeGroup,
          new ClusterWatcher(c.nodeGroup, kubeConfigFor(c), { logger }),
        );
      } catch (e) {
        logger.warn(
          `edgeGitops.clusters.${c.nodeGroup}: ${(e as Error).message}`,
        );
      }
    }
  }

  /** Node groups with a connection from app-config (a real cluster always wins). */
  configured(nodeGroup: string): boolean {
    return this.watchers.has(nodeGroup) && !this.simulated.has(nodeGroup);
  }

  /** Watches a simulated cluster; a node group with a configured connection keeps it. */
  addSimulated(connection: ClusterConnectionConfig): void {
    if (this.watchers.has(connection.nodeGroup)) return;
    const watcher = new ClusterWatcher(
      connection.nodeGroup,
      kubeConfigFor(connection),
      { logger: this.logger },
    );
    this.watchers.set(connection.nodeGroup, watcher);
    this.simulated.add(connection.nodeGroup);
    if (this.started)
      void watcher
        .start()
        .catch(e =>
          this.logger.warn(
            `simulated cluster of node group ${connection.nodeGroup}: ${
              (e as Error).message
            }`,
          ),
        );
  }

  /** Stops watching a simulated cluster whose node group left the catalog. */
  async removeSimulated(nodeGroup: string): Promise<void> {
    if (!this.simulated.has(nodeGroup)) return;
    const watcher = this.watchers.get(nodeGroup);
    this.watchers.delete(nodeGroup);
    this.simulated.delete(nodeGroup);
    this.derived.delete(nodeGroup);
    await watcher?.stop();
  }

  private connectionOf(
    nodeGroup: string,
    watcher: ClusterWatcher,
  ): ClusterConnectionState {
    const state: ClusterConnectionState = {
      ...watcher.connection(),
      mode: 'watched',
    };
    return this.simulated.has(nodeGroup)
      ? { ...state, simulated: true }
      : state;
  }

  /**
   * Takes in what reporters sent. A node group in reporting mode (a live token, or a
   * report) answers from its last report, even while a watcher exists for it: a token says
   * the cluster reports. Silence is judged when read, so nothing needs re-taking as time
   * passes. Cost follows the reports given, not the fleet.
   */
  putReports(reports: ReportedClusters): void {
    for (const report of reports.states) {
      const previous = this.reported.get(report.nodeGroup);
      // The same report again (another instance's overlap window): keep the derived maps.
      if (
        previous?.report &&
        previous.report.sequence === report.sequence &&
        previous.report.reportedAt === report.reportedAt
      )
        continue;
      this.reported.set(
        report.nodeGroup,
        new ReportedSource(report.nodeGroup, report, reports.silentAfterMs),
      );
    }
    if (reports.reporting) {
      for (const nodeGroup of reports.reporting)
        if (!this.reported.has(nodeGroup))
          this.reported.set(
            nodeGroup,
            new ReportedSource(nodeGroup, undefined, reports.silentAfterMs),
          );
      // A token revoked before any report: back to being watched (or nothing).
      for (const [nodeGroup, source] of this.reported)
        if (!source.report && !reports.reporting.has(nodeGroup))
          this.reported.delete(nodeGroup);
    }
  }

  /** The last report held for a node group in reporting mode. */
  reportOf(nodeGroup: string): ReportedNodeGroup | undefined {
    return this.reported.get(nodeGroup)?.report;
  }

  /** The cluster of a node group: reported, watched, or none. */
  private sourceOf(nodeGroup: string): ClusterSource | undefined {
    const reported = this.reported.get(nodeGroup);
    if (reported) return reported;
    const watcher = this.watchers.get(nodeGroup);
    if (!watcher) return undefined;
    return {
      connection: () => this.connectionOf(nodeGroup, watcher),
      agentObjects: () => watcher.agentObjects(),
      apps: () => this.appsOf(nodeGroup, watcher),
      syncOf: head => syncStatusOf(nodeGroup, watcher.agentObjects(), head),
    };
  }

  /** Every node group with a cluster source, sorted. */
  private nodeGroupsWithSource(): string[] {
    return [
      ...new Set([...this.watchers.keys(), ...this.reported.keys()]),
    ].sort((a, b) => a.localeCompare(b));
  }

  /** Starts every watcher in the background, a bounded number at a time. */
  start(): void {
    this.started = true;
    void mapWithConcurrency([...this.watchers.values()], START_CONCURRENCY, w =>
      w
        .start()
        .catch(e =>
          this.logger.warn(
            `cluster of node group ${w.nodeGroup}: ${(e as Error).message}`,
          ),
        ),
    );
  }

  async stop(): Promise<void> {
    await Promise.all([...this.watchers.values()].map(w => w.stop()));
  }

  /** The applications of one cluster, derived again only when its cache changed. */
  private appsOf(
    nodeGroup: string,
    watcher: ClusterWatcher,
  ): Map<string, ApplicationInNodeGroup> {
    const hit = this.derived.get(nodeGroup);
    if (hit && hit.version === watcher.version) return hit.apps;
    const version = watcher.version;
    const apps = new Map(
      applicationsInNodeGroup(nodeGroup, watcher.objects()).map(a => [
        a.application,
        a,
      ]),
    );
    this.derived.set(nodeGroup, { version, apps });
    return apps;
  }

  clusters(): ClusterConnectionState[] {
    return this.nodeGroupsWithSource().map(n => this.sourceOf(n)!.connection());
  }

  /** How the node group's cluster is connected, or why it is not. */
  connection(nodeGroup: string): ClusterConnectionState {
    return (
      this.sourceOf(nodeGroup)?.connection() ?? {
        nodeGroup,
        reachable: false,
        lastError: `no edgeGitops.clusters.${nodeGroup} in app-config, and no reporter`,
      }
    );
  }

  /** Whether the node group's cluster applied `head`, from its Flux or Argo CD object. */
  sync(nodeGroup: string, head: string | undefined): SyncStatus {
    const source = this.sourceOf(nodeGroup);
    return syncSeen(source, source?.connection(), head);
  }

  /**
   * The application in each of the given node groups (those it is published to), with
   * each node group's sync against the given git heads. The workloads git places in a node
   * group (`expected`) that its cluster lacks are NotFound. Runs once per node group of
   * the fleet for a fleet-wide application: each resolves its source and connection once,
   * and items are built field by field (no spreads of what a reporter sent).
   */
  application(
    name: string,
    nodeGroups: readonly string[],
    heads: ReadonlyMap<string, string | undefined> = new Map(),
    expected: ReadonlyMap<string, readonly PlacedWorkload[]> = new Map(),
  ): Omit<NodeGroupApplicationStatus, 'git'>[] {
    return nodeGroups.map(nodeGroup => {
      const source = this.sourceOf(nodeGroup);
      const connection = source?.connection() ?? this.connection(nodeGroup);
      const sync = syncSeen(source, connection, heads.get(nodeGroup));
      if (!source) {
        return {
          application: name,
          nodeGroup,
          status: 'Unknown',
          summary: 'no cluster connection is configured',
          workloads: [],
          connection,
          sync,
        };
      }
      const known = withExpectedWorkloads(
        name,
        nodeGroup,
        source.apps().get(name),
        expected.get(nodeGroup) ?? [],
      );
      const workloads = known?.workloads ?? [];
      if (!connection.reachable) {
        // Unknown, but with the last known workloads and when the cluster was seen.
        const what =
          connection.mode === 'reporting'
            ? 'reporter silent'
            : 'cluster not reachable';
        return {
          application: name,
          nodeGroup,
          status: 'Unknown',
          summary: `${what}${
            connection.lastSeen ? `, last seen ${connection.lastSeen}` : ''
          }; last known: ${known?.status ?? 'NotFound'}`,
          workloads,
          connection,
          sync,
        };
      }
      return known
        ? {
            application: name,
            nodeGroup,
            status: known.status,
            summary: known.summary,
            workloads,
            connection,
            sync,
          }
        : {
            application: name,
            nodeGroup,
            status: 'NotFound',
            summary: 'no workload of this application in the cluster',
            workloads,
            connection,
            sync,
          };
    });
  }

  /** The node groups whose cluster (last) reported a workload of the application. */
  nodeGroupsRunning(name: string): string[] {
    return this.nodeGroupsWithSource().filter(n =>
      this.sourceOf(n)!.apps().has(name),
    );
  }

  /**
   * Every application git holds (`published`: per application, the node groups whose
   * location holds it and the workloads placed there) or a cluster runs, with its roll-up
   * over those node groups.
   */
  applications(
    published: ReadonlyMap<
      string,
      ReadonlyMap<string, readonly PlacedWorkload[]>
    > = new Map(),
  ): ApplicationSummary[] {
    const byApp = new Map<string, Map<string, ObjectStatus>>();
    const groupsOf = (app: string) => {
      let groups = byApp.get(app);
      if (!groups) byApp.set(app, (groups = new Map()));
      return groups;
    };
    for (const nodeGroup of this.nodeGroupsWithSource()) {
      const source = this.sourceOf(nodeGroup)!;
      const reachable = source.connection().reachable;
      for (const a of source.apps().values()) {
        const placed = published.get(a.application)?.get(nodeGroup) ?? [];
        const status =
          withExpectedWorkloads(a.application, nodeGroup, a, placed)?.status ??
          a.status;
        groupsOf(a.application).set(nodeGroup, reachable ? status : 'Unknown');
      }
    }
    // Published where no cluster shows it: NotFound, or Unknown when nobody can tell.
    for (const [application, groups] of published)
      for (const [nodeGroup, workloads] of groups) {
        const seen = groupsOf(application);
        if (seen.has(nodeGroup)) continue;
        const source = this.sourceOf(nodeGroup);
        seen.set(
          nodeGroup,
          source?.connection().reachable && workloads.length
            ? 'NotFound'
            : 'Unknown',
        );
      }
    return [...byApp.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([application, groups]) => {
        const nodeGroups = [...groups.entries()]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([nodeGroup, status]) => ({ nodeGroup, status }));
        return {
          application,
          publishedTo: published.get(application)?.size ?? 0,
          ...nodeGroupRollUp(nodeGroups.map(n => n.status)),
          nodeGroups,
        };
      });
  }
}

/** The sync a source's agents show against `head`; Unknown while the cluster is not seen. */
function syncSeen(
  source: ClusterSource | undefined,
  connection: ClusterConnectionState | undefined,
  head: string | undefined,
): SyncStatus {
  if (!source || !connection)
    return {
      state: 'Unknown',
      head,
      message: 'No cluster connection is configured',
    };
  const known = source.syncOf(head);
  if (connection.reachable) return known;
  return {
    ...known,
    state: 'Unknown',
    message: `Cluster not reachable; last known: ${known.state} (${known.message})`,
  };
}
