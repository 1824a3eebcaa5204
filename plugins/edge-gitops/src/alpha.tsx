/**
 * edge-gitops for Backstage's new frontend system: the same API client, pages, entity tab
 * and card as the legacy exports, as extensions.
 *
 * @packageDocumentation
 */
import {
  compatWrapper,
  convertLegacyRouteRef,
  convertLegacyRouteRefs,
} from '@backstage/core-compat-api';
import { discoveryApiRef, fetchApiRef } from '@backstage/core-plugin-api';
import {
  ApiBlueprint,
  createFrontendPlugin,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';
import { EdgeGitopsClient, edgeGitopsApiRef } from './api/EdgeGitopsApi';
import { isEdgeApplication, isEdgeNodeGroup } from './conditions';
import {
  batchJobsRouteRef,
  nodeGroupsRouteRef,
  rootRouteRef,
  templateRouteRef,
} from './routes';

/** @alpha */
export const edgeGitopsApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: edgeGitopsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new EdgeGitopsClient(deps),
    }),
});

/** @alpha */
export const edgeApplicationsPage = PageBlueprint.make({
  name: 'applications',
  params: {
    path: '/edge-gitops',
    title: 'Edge applications',
    routeRef: convertLegacyRouteRef(rootRouteRef),
    loader: () =>
      import('./components/ApplicationsPage').then(m =>
        compatWrapper(<m.ApplicationsPage />),
      ),
  },
});

/** @alpha */
export const edgeNodeGroupsPage = PageBlueprint.make({
  name: 'node-groups',
  params: {
    path: '/edge-gitops/node-groups',
    title: 'Edge node groups',
    routeRef: convertLegacyRouteRef(nodeGroupsRouteRef),
    loader: () =>
      import('./components/NodeGroupsPage').then(m =>
        compatWrapper(<m.NodeGroupsPage />),
      ),
  },
});

/** @alpha Batch jobs: the list and each job's page. */
export const edgeBatchJobsPage = PageBlueprint.make({
  name: 'batch-jobs',
  params: {
    path: '/edge-gitops/batch-jobs',
    title: 'Edge batch jobs',
    routeRef: convertLegacyRouteRef(batchJobsRouteRef),
    loader: () =>
      import('./components/batch/BatchJobsPage').then(m =>
        compatWrapper(<m.BatchJobsPage />),
      ),
  },
});

/** @alpha Entity tab of an application Component: status per node group and placements. */
export const edgeApplicationEntityContent = EntityContentBlueprint.make({
  name: 'application',
  params: {
    path: 'edge',
    title: 'Edge deployment',
    filter: isEdgeApplication,
    loader: () =>
      import('./components/ApplicationPlacements').then(m =>
        compatWrapper(<m.ApplicationPlacementsContent />),
      ),
  },
});

/** @alpha Overview card of an application Component: the roll-up. */
export const edgeApplicationEntityCard = EntityCardBlueprint.make({
  name: 'application',
  params: {
    filter: isEdgeApplication,
    loader: () =>
      import('./components/ApplicationPlacements').then(m =>
        compatWrapper(<m.ApplicationPlacementsCard />),
      ),
  },
});

/** @alpha Entity tab of a node group Resource: its cluster and how to connect it. */
export const edgeNodeGroupEntityContent = EntityContentBlueprint.make({
  name: 'node-group',
  params: {
    path: 'edge-connect',
    title: 'Connect cluster',
    filter: isEdgeNodeGroup,
    loader: () =>
      import('./components/NodeGroupConnect').then(m =>
        compatWrapper(<m.NodeGroupConnect />),
      ),
  },
});

/** @alpha `ui:field: EdgeApplicationName` in the new frontend system's scaffolder. */
export const edgeApplicationNameFormField = FormFieldBlueprint.make({
  name: 'edge-application-name',
  params: {
    field: () =>
      import('./fields/ApplicationName/formField').then(
        m => m.edgeApplicationNameFormField,
      ),
  },
});

/** @alpha `ui:field: EdgeApplicationDefinition` in the new frontend system's scaffolder. */
export const edgeApplicationDefinitionFormField = FormFieldBlueprint.make({
  name: 'edge-application-definition',
  params: {
    field: () =>
      import('./fields/ApplicationDefinition/formField').then(
        m => m.edgeApplicationDefinitionFormField,
      ),
  },
});

/** @alpha `ui:field: EdgeTargets` in the new frontend system's scaffolder. */
export const edgeTargetsFormField = FormFieldBlueprint.make({
  name: 'edge-targets',
  params: {
    field: () =>
      import('./fields/Targets/formField').then(m => m.edgeTargetsFormField),
  },
});

/** @alpha `ui:field: EdgeServices` in the new frontend system's scaffolder. */
export const edgeServicesFormField = FormFieldBlueprint.make({
  name: 'edge-services',
  params: {
    field: () =>
      import('./fields/Services/formField').then(m => m.edgeServicesFormField),
  },
});

/** @alpha `ui:field: EdgeReview` in the new frontend system's scaffolder. */
export const edgeReviewFormField = FormFieldBlueprint.make({
  name: 'edge-review',
  params: {
    field: () =>
      import('./fields/Review/formField').then(m => m.edgeReviewFormField),
  },
});

/** @alpha */
export default createFrontendPlugin({
  pluginId: 'edge-gitops',
  title: 'Edge GitOps',
  routes: convertLegacyRouteRefs({
    root: rootRouteRef,
    nodeGroups: nodeGroupsRouteRef,
    batchJobs: batchJobsRouteRef,
  }),
  // Bind to the scaffolder's template page: app.routes.bindings
  // { edge-gitops.template: scaffolder.selectedTemplate }.
  externalRoutes: convertLegacyRouteRefs({ template: templateRouteRef }),
  extensions: [
    edgeGitopsApi,
    edgeApplicationsPage,
    edgeNodeGroupsPage,
    edgeBatchJobsPage,
    edgeApplicationEntityContent,
    edgeApplicationEntityCard,
    edgeNodeGroupEntityContent,
    edgeApplicationNameFormField,
    edgeApplicationDefinitionFormField,
    edgeTargetsFormField,
    edgeServicesFormField,
    edgeReviewFormField,
  ],
});
