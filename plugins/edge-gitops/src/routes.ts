import { createRouteRef } from '@backstage/core-plugin-api';

/** @public */
export const rootRouteRef = createRouteRef({ id: 'edge-gitops' });
/** @public */
export const nodeGroupsRouteRef = createRouteRef({
  id: 'edge-gitops:node-groups',
});
