import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { EdgeGitopsClient, edgeGitopsApiRef } from './api/EdgeGitopsApi';
import {
  batchJobsRouteRef,
  nodeGroupsRouteRef,
  rootRouteRef,
  templateRouteRef,
} from './routes';

/** @public */
export const edgeGitopsPlugin = createPlugin({
  id: 'edge-gitops',
  apis: [
    createApiFactory({
      api: edgeGitopsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new EdgeGitopsClient(deps),
    }),
  ],
  routes: {
    root: rootRouteRef,
    nodeGroups: nodeGroupsRouteRef,
    batchJobs: batchJobsRouteRef,
  },
  externalRoutes: {
    template: templateRouteRef,
  },
});

/**
 * All edge applications of the catalog.
 *
 * @public
 */
export const EdgeApplicationsPage = edgeGitopsPlugin.provide(
  createRoutableExtension({
    name: 'EdgeApplicationsPage',
    component: () =>
      import('./components/ApplicationsPage').then(m => m.ApplicationsPage),
    mountPoint: rootRouteRef,
  }),
);

/**
 * All node groups with their git locations.
 *
 * @public
 */
export const EdgeNodeGroupsPage = edgeGitopsPlugin.provide(
  createRoutableExtension({
    name: 'EdgeNodeGroupsPage',
    component: () =>
      import('./components/NodeGroupsPage').then(m => m.NodeGroupsPage),
    mountPoint: nodeGroupsRouteRef,
  }),
);

/**
 * Entity tab of an application Component: where it is published.
 *
 * @public
 */
export const EdgeApplicationStatusContent = edgeGitopsPlugin.provide(
  createComponentExtension({
    name: 'EdgeApplicationStatusContent',
    component: {
      lazy: () =>
        import('./components/ApplicationPlacements').then(
          m => m.ApplicationPlacementsContent,
        ),
    },
  }),
);

/**
 * Overview card of an application Component.
 *
 * @public
 */
export const EdgeApplicationStatusCard = edgeGitopsPlugin.provide(
  createComponentExtension({
    name: 'EdgeApplicationStatusCard',
    component: {
      lazy: () =>
        import('./components/ApplicationPlacements').then(
          m => m.ApplicationPlacementsCard,
        ),
    },
  }),
);

/**
 * Entity tab of a node group Resource: how to connect its cluster.
 *
 * @public
 */
export const EdgeNodeGroupContent = edgeGitopsPlugin.provide(
  createComponentExtension({
    name: 'EdgeNodeGroupContent',
    component: {
      lazy: () =>
        import('./components/NodeGroupConnect').then(m => m.NodeGroupConnect),
    },
  }),
);

/**
 * Batch jobs: the list, and each job with its waves, node groups and stop / continue /
 * retry. Mount it at /edge-gitops/batch-jobs.
 *
 * @public
 */
export const EdgeBatchJobsPage = edgeGitopsPlugin.provide(
  createRoutableExtension({
    name: 'EdgeBatchJobsPage',
    component: () =>
      import('./components/batch/BatchJobsPage').then(m => m.BatchJobsPage),
    mountPoint: batchJobsRouteRef,
  }),
);
