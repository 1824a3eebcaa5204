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
        // every minute so node groups added later get theirs too.
        await scheduler.scheduleTask({
          id: 'edge-gitops-local-repositories',
          frequency: { minutes: 1 },
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

        httpRouter.use(
          await createRouter({
            httpAuth,
            nodeGroups,
            config: edgeConfig,
            clusters,
            readHead: createBranchHeadReader({
              dataDir: edgeConfig.dataDir,
              localRoots: edgeConfig.localRoots,
              resolveAuth: gitAuthResolverFromConfig(config),
              gitTimeouts: edgeConfig.gitTimeouts,
            }),
          }),
        );
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});
