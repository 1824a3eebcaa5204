import { createRouteRef, createSubRouteRef } from '@backstage/core-plugin-api';

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
