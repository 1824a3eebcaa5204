import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import {
  createBranchHeadReader,
  ensureApplicationCatalogFolder,
  gitAuthResolverFromConfig,
  readClusterConnections,
  readEdgeGitopsConfig,
} from '@edge-gitops/plugin-edge-gitops-node';
import { NodeGroupCatalog } from './service/NodeGroupCatalog';
import { ClusterStatusService } from './service/ClusterStatusService';
import { ensureLocalRepositories } from './service/localRepositories';
import { createRouter } from './service/router';
import { FleetSimulator } from './service/FleetSimulator';

/**
 * The edge-gitops backend plugin: node groups, application status and batch jobs.
 *
 * @public
 */
export const edgeGitopsPlugin = createBackendPlugin({
  pluginId: 'edge-gitops',
  register(env) {
    env.registerInit({
      deps: {
        logger: coreServices.logger,
        config: coreServices.rootConfig,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        scheduler: coreServices.scheduler,
        lifecycle: coreServices.lifecycle,
        catalog: catalogServiceRef,
      },
      async init({
        logger,
        config,
        httpRouter,
        httpAuth,
        auth,
        scheduler,
        lifecycle,
        catalog,
      }) {
        const edgeConfig = readEdgeGitopsConfig(config);
        const nodeGroups = new NodeGroupCatalog(catalog, auth);
        ensureApplicationCatalogFolder(edgeConfig.dataDir);

        // Local repositories appear once the catalog has read the node groups; re-checked
        // every 15 s (a look at each folder) so node groups added later get theirs soon.
        await scheduler.scheduleTask({
          id: 'edge-gitops-local-repositories',
          frequency: { seconds: 15 },
          timeout: { minutes: 1 },
          initialDelay: { seconds: 3 },
          scope: 'local',
          fn: async () =>
            ensureLocalRepositories(
              await nodeGroups.list(),
              edgeConfig,
              logger,
            ),
        });

        // One informer cache per configured cluster; requests are answered from it.
        const clusters = new ClusterStatusService(
          readClusterConnections(config),
          logger,
        );
        clusters.start();
        lifecycle.addShutdownHook(() => clusters.stop());

        const resolveAuth = gitAuthResolverFromConfig(config);
        let simulator: FleetSimulator | undefined;
        if (edgeConfig.simulator?.enabled) {
          const fleet = await FleetSimulator.start({
            config: edgeConfig,
            resolveAuth,
            clusters,
            logger,
          });
          simulator = fleet;
          lifecycle.addShutdownHook(() => fleet.stop());
          // Node groups appear in the catalog a few seconds after start, then any time.
          await scheduler.scheduleTask({
            id: 'edge-gitops-simulator',
            frequency: { seconds: 5 },
            timeout: { minutes: 1 },
            initialDelay: { seconds: 1 },
            scope: 'local',
            fn: async () => fleet.sync((await nodeGroups.list()).nodeGroups),
          });
        }

        httpRouter.use(
          await createRouter({
            httpAuth,
            nodeGroups,
            config: edgeConfig,
            clusters,
            simulator,
            readHead: createBranchHeadReader({
              dataDir: edgeConfig.dataDir,
              localRoots: edgeConfig.localRoots,
              resolveAuth,
              gitTimeouts: edgeConfig.gitTimeouts,
            }),
          }),
        );
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});
