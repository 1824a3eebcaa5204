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
} from '@edge-gitops/plugin-edge-gitops-common';
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

  private connectionOf(nodeGroup: string, watcher: ClusterWatcher) {
    const state = watcher.connection();
    return this.simulated.has(nodeGroup)
      ? { ...state, simulated: true }
      : state;
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
    return [...this.watchers]
      .map(([nodeGroup, w]) => this.connectionOf(nodeGroup, w))
      .sort((a, b) => a.nodeGroup.localeCompare(b.nodeGroup));
  }

  /** How the node group's cluster is connected, or why it is not. */
  connection(nodeGroup: string): ClusterConnectionState {
    const watcher = this.watchers.get(nodeGroup);
    return (
      (watcher && this.connectionOf(nodeGroup, watcher)) ?? {
        nodeGroup,
        reachable: false,
        lastError: `no edgeGitops.clusters.${nodeGroup} in app-config`,
      }
    );
  }

  /** Whether the node group's cluster applied `head`, from its Flux or Argo CD object. */
  sync(nodeGroup: string, head: string | undefined): SyncStatus {
    const watcher = this.watchers.get(nodeGroup);
    if (!watcher)
      return {
        state: 'Unknown',
        head,
        message: 'No cluster connection is configured',
      };
    const known = syncStatusOf(nodeGroup, watcher.agentObjects(), head);
    const connection = watcher.connection();
    if (connection.reachable) return known;
    return {
      ...known,
      state: 'Unknown',
      message: `Cluster not reachable; last known: ${known.state} (${known.message})`,
    };
  }

  /**
   * The application in each of the given node groups (those it is published to), with
   * each node group's sync against the given git heads. The workloads git places in a node
   * group (`expected`) that its cluster lacks are NotFound.
   */
  application(
    name: string,
    nodeGroups: readonly string[],
    heads: ReadonlyMap<string, string | undefined> = new Map(),
    expected: ReadonlyMap<string, readonly PlacedWorkload[]> = new Map(),
  ): Omit<NodeGroupApplicationStatus, 'git'>[] {
    return nodeGroups.map(nodeGroup => {
      const sync = this.sync(nodeGroup, heads.get(nodeGroup));
      const watcher = this.watchers.get(nodeGroup);
      if (!watcher) {
        return {
          application: name,
          nodeGroup,
          status: 'Unknown',
          summary: 'no cluster connection is configured',
          workloads: [],
          connection: this.connection(nodeGroup),
          sync,
        };
      }
      const connection = this.connectionOf(nodeGroup, watcher);
      const found = withExpectedWorkloads(
        name,
        nodeGroup,
        this.appsOf(nodeGroup, watcher).get(name),
        expected.get(nodeGroup) ?? [],
      );
      const known = found ?? {
        application: name,
        nodeGroup,
        status: 'NotFound' as const,
        summary: 'no workload of this application in the cluster',
        workloads: [],
      };
      // Unreachable: Unknown, but with the last known workloads and when the cluster was seen.
      if (!connection.reachable) {
        return {
          ...known,
          status: 'Unknown',
          summary: `cluster not reachable${
            connection.lastSeen ? `, last seen ${connection.lastSeen}` : ''
          }; last known: ${known.status}`,
          connection,
          sync,
        };
      }
      return { ...known, connection, sync };
    });
  }

  /** The node groups whose cluster (last) reported a workload of the application. */
  nodeGroupsRunning(name: string): string[] {
    return [...this.watchers]
      .filter(([nodeGroup, w]) => this.appsOf(nodeGroup, w).has(name))
      .map(([nodeGroup]) => nodeGroup);
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
    for (const [nodeGroup, w] of this.watchers) {
      const reachable = w.connection().reachable;
      for (const a of this.appsOf(nodeGroup, w).values()) {
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
        const watcher = this.watchers.get(nodeGroup);
        seen.set(
          nodeGroup,
          watcher?.connection().reachable && workloads.length
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
