import { createRouteRef } from '@backstage/core-plugin-api';

export const rootRouteRef = createRouteRef({ id: 'edge-gitops' });
export const nodeGroupsRouteRef = createRouteRef({
  id: 'edge-gitops:node-groups',
});
