import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import {
  createBranchHeadReader,
  EdgePublisher,
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
import { edgeGitopsPermissions } from '@edge-gitops/plugin-edge-gitops-common';
import { BatchJobStore } from './batch/BatchJobStore';
import { BatchJobRunner } from './batch/BatchJobRunner';
import { BatchJobService } from './batch/BatchJobService';
import { clusterHealth } from './batch/clusterHealth';
import { migrateToLatest } from './database/migrations';
import { ReportStore } from './reports/ReportStore';
import { ReporterTokens } from './reports/ReporterTokens';
import { ReportFeed } from './reports/ReportFeed';
import { REPORTS_PATH } from './reports/reportRoutes';
import { PlacementIndex } from './placements/PlacementIndex';
import { PlacementReconciler } from './placements/PlacementReconciler';
import {
  batchJobResourceRef,
  isBatchJobCreator,
} from './batch/permissionRules';

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
        database: coreServices.database,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
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
        database,
        permissions,
        permissionsRegistry,
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

        const db = await database.getClient();
        if (!database.migrations?.skip) await migrateToLatest(db);
        const publisher = EdgePublisher.fromConfig(config);
        const readHead = createBranchHeadReader({
          dataDir: edgeConfig.dataDir,
          localRoots: edgeConfig.localRoots,
          resolveAuth,
          gitTimeouts: edgeConfig.gitTimeouts,
        });

        // The placement index: what each node group's git location holds, in the database.
        // Publishes here refresh it at once; the schedule catches everyone else's pushes.
        const placementIndex = new PlacementIndex(db);
        const reconciler = new PlacementReconciler({
          index: placementIndex,
          readHead,
          readContents: group => publisher.contents(group),
          logger: logger.child({ task: 'edge-gitops-placements' }),
        });
        await scheduler.scheduleTask({
          id: 'edge-gitops-placements',
          frequency: {
            seconds:
              config.getOptionalNumber(
                'edgeGitops.placements.reconcileFrequencySeconds',
              ) ?? 30,
          },
          timeout: { minutes: 10 },
          initialDelay: { seconds: 2 },
          scope: 'global',
          fn: async () =>
            reconciler.reconcile((await nodeGroups.list()).nodeGroups),
        });

        // Batch jobs: stored in this plugin's database, run by every instance's scheduler;
        // leases in the database make sure one instance runs each job.
        const store = new BatchJobStore(db);
        permissionsRegistry.addPermissions(edgeGitopsPermissions);
        permissionsRegistry.addResourceType({
          resourceRef: batchJobResourceRef,
          rules: [isBatchJobCreator],
          getResources: async ids =>
            Promise.all(ids.map(id => store.detail(id))),
        });
        const runner = new BatchJobRunner({
          store,
          publish: async (app, call) => {
            const result = await publisher.publish(app, call);
            const changed = new Set(
              result.outcomes
                .filter(o => o.status === 'committed' || o.status === 'removed')
                .map(o => o.nodeGroup),
            );
            await reconciler.refresh(
              call.nodeGroups.filter(g => changed.has(g.name)),
              { reread: true },
            );
            return result;
          },
          health: clusterHealth(clusters, (group, later, commit) =>
            publisher.contains(group, later, commit),
          ),
          nodeGroups: async () => (await nodeGroups.list()).nodeGroups,
          logger: logger.child({ task: 'edge-gitops-batch-jobs' }),
        });
        lifecycle.addShutdownHook(() => runner.releaseAll());
        await scheduler.scheduleTask({
          id: 'edge-gitops-batch-jobs',
          frequency: {
            seconds:
              config.getOptionalNumber(
                'edgeGitops.batch.runFrequencySeconds',
              ) ?? 2,
          },
          timeout: { minutes: 10 },
          initialDelay: { seconds: 2 },
          scope: 'local',
          fn: async () => {
            await runner.runOnce();
          },
        });
        const batchJobs = new BatchJobService({
          store,
          permissions,
          nodeGroups: async credentials =>
            (await nodeGroups.list(credentials)).nodeGroups,
        });

        // Reporting mode: reporters in edge clusters push their status; the last state of
        // every node group is in the database, so restarts and other instances answer the same.
        const reportStore = new ReportStore(db);
        const reporterTokens = new ReporterTokens(db);
        const reportFeed = new ReportFeed({
          store: reportStore,
          tokens: reporterTokens,
          clusters,
          silentAfterMs:
            1000 *
            (config.getOptionalNumber(
              'edgeGitops.reporters.silentAfterSeconds',
            ) ?? 90),
        });

        httpRouter.use(
          await createRouter({
            batchJobs,
            httpAuth,
            nodeGroups,
            clusters,
            simulator,
            readHead,
            readDocument: (group, name) =>
              publisher.applicationDocument(group, name),
            preview: {
              diff: (app, groups) =>
                publisher.diff(app, { nodeGroups: groups }),
              validation: {
                allowClusterScoped: publisher.config.allowClusterScoped,
              },
            },
            placements: { index: placementIndex, reconciler },
            reports: {
              store: reportStore,
              tokens: reporterTokens,
              feed: reportFeed,
              permissions,
              logger,
              reporter: {
                backendUrl:
                  config.getOptionalString('edgeGitops.reporters.backendUrl') ??
                  config.getOptionalString('backend.baseUrl') ??
                  'http://localhost:7007',
                image:
                  config.getOptionalString('edgeGitops.reporters.image') ??
                  'edge-gitops:dev',
              },
            },
          }),
        );
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
        // Reporters carry their own token (checked by the route), not a Backstage one.
        httpRouter.addAuthPolicy({
          path: REPORTS_PATH,
          allow: 'unauthenticated',
        });
      },
    });
  },
});
