/*
 * The edge-gitops sample backend: catalog, scaffolder, guest sign-in, permissions,
 * and the edge-gitops plugins, on an embedded SQLite database.
 */
import { createBackend } from '@backstage/backend-defaults';

const backend = createBackend();

backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));

backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);

backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(
  import('@edge-gitops/plugin-scaffolder-backend-module-edge-gitops'),
);

// The sample allows everything; an organisation installs its own policy instead.
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(
  import('@backstage/plugin-permission-backend-module-allow-all-policy'),
);

backend.add(import('@edge-gitops/plugin-edge-gitops-backend'));

backend.start();
