import {
  createExternalRouteRef,
  createRouteRef,
  createSubRouteRef,
} from '@backstage/core-plugin-api';

/** @public */
export const rootRouteRef = createRouteRef({ id: 'edge-gitops' });
/** @public */
export const nodeGroupsRouteRef = createRouteRef({
  id: 'edge-gitops:node-groups',
});
/** @public */
export const batchJobsRouteRef = createRouteRef({
  id: 'edge-gitops:batch-jobs',
});
/** @public */
export const batchJobRouteRef = createSubRouteRef({
  id: 'edge-gitops:batch-job',
  parent: batchJobsRouteRef,
  path: '/:id',
});

/**
 * A software template's page (the scaffolder's `selectedTemplate` route): the entity tab
 * links to `edge-remove` with the application filled in. Optional: without the binding the
 * link is not shown.
 *
 * @public
 */
export const templateRouteRef = createExternalRouteRef({
  id: 'edge-gitops:template',
  optional: true,
  params: ['namespace', 'templateName'],
});
