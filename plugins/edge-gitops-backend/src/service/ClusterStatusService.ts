import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  ApplicationInNodeGroup,
  applicationsInNodeGroup,
  ApplicationSummary,
  ClusterConnectionState,
  NodeGroupApplicationStatus,
  nodeGroupRollUp,
  ObjectStatus,
  SyncStatus,
  syncStatusOf,
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
   * each node group's sync against the given git heads.
   */
  application(
    name: string,
    nodeGroups: readonly string[],
    heads: ReadonlyMap<string, string | undefined> = new Map(),
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
      const found = this.appsOf(nodeGroup, watcher).get(name);
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

  /** Every application seen in any cluster, with its roll-up over node groups. */
  applications(): ApplicationSummary[] {
    const byApp = new Map<
      string,
      { nodeGroup: string; status: ObjectStatus }[]
    >();
    for (const [nodeGroup, w] of this.watchers) {
      const reachable = w.connection().reachable;
      for (const a of this.appsOf(nodeGroup, w).values()) {
        byApp.set(a.application, [
          ...(byApp.get(a.application) ?? []),
          { nodeGroup, status: reachable ? a.status : 'Unknown' },
        ]);
      }
    }
    return [...byApp.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([application, nodeGroups]) => ({
        application,
        ...nodeGroupRollUp(nodeGroups.map(n => n.status)),
        nodeGroups,
      }));
  }
}
