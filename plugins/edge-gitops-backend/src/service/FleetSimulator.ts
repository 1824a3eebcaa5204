import type { LoggerService } from '@backstage/backend-plugin-api';
import type { NodeGroup } from '@edge-gitops/plugin-edge-gitops-common';
import {
  EdgeGitopsConfig,
  GitAuthResolver,
  SimulatedFleet,
} from '@edge-gitops/plugin-edge-gitops-node';
import type { ClusterStatusService } from './ClusterStatusService';

/**
 * Gives every node group without a configured cluster a simulated one
 * (`edgeGitops.simulator.enabled`), and watches it with the same ClusterWatcher as a
 * real cluster. Node groups that leave the catalog lose theirs.
 *
 * @public
 */
export class FleetSimulator {
  private constructor(
    private readonly fleet: SimulatedFleet,
    private readonly clusters: ClusterStatusService,
    private readonly logger: LoggerService,
  ) {}

  static async start(opts: {
    config: EdgeGitopsConfig;
    resolveAuth: GitAuthResolver;
    clusters: ClusterStatusService;
    logger: LoggerService;
  }): Promise<FleetSimulator> {
    const { config } = opts;
    const fleet = await SimulatedFleet.start({
      timings: config.simulator?.timings,
      nodesPerCluster: config.simulator?.nodesPerCluster,
      git: {
        dataDir: config.dataDir,
        localRoots: config.localRoots,
        resolveAuth: opts.resolveAuth,
        gitTimeouts: config.gitTimeouts,
      },
    });
    opts.logger.info(
      `simulated fleet listening on ${fleet.url}: node groups without edgeGitops.clusters get a simulated cluster`,
    );
    return new FleetSimulator(fleet, opts.clusters, opts.logger);
  }

  /** Matches the simulated clusters to the catalog's node groups. */
  async sync(nodeGroups: readonly NodeGroup[]): Promise<void> {
    const wanted = new Set<string>();
    for (const group of nodeGroups) {
      if (this.clusters.configured(group.name)) continue;
      wanted.add(group.name);
      const isNew = !this.fleet.cluster(group.name);
      this.clusters.addSimulated(this.fleet.ensure(group));
      if (isNew)
        this.logger.info(`node group ${group.name} has a simulated cluster`);
    }
    for (const name of this.fleet.names())
      if (!wanted.has(name)) {
        await this.clusters.removeSimulated(name);
        this.fleet.remove(name);
      }
  }

  /** Takes a node group's simulated cluster offline or back; false when it has none. */
  setOffline(nodeGroup: string, offline: boolean): boolean {
    const done = this.fleet.setOffline(nodeGroup, offline);
    if (done)
      this.logger.info(
        `simulated cluster of node group ${nodeGroup} is ${
          offline ? 'offline' : 'online'
        }`,
      );
    return done;
  }

  stop(): Promise<void> {
    return this.fleet.stop();
  }
}
