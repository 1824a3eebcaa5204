import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { EdgePublisher } from '@edge-gitops/plugin-edge-gitops-node';
import { createPublishAction } from './actions/publish';
import { createUnpublishAction } from './actions/unpublish';
import { createRegisterAction } from './actions/register';
import { createUnregisterAction } from './actions/unregister';
import { createRenderAction } from './actions/render';
import { createBatchAction } from './actions/batch';
import { placementIndexOverHttp } from './actions/placementIndexClient';

/**
 * Registers the edge-gitops scaffolder actions. They are thin: the work is in -node.
 *
 * @public
 */
export const scaffolderModuleEdgeGitops = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'edge-gitops',
  register(env) {
    env.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
        catalog: catalogServiceRef,
        permissions: coreServices.permissions,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
      },
      async init({
        scaffolder,
        config,
        catalog,
        permissions,
        discovery,
        auth,
      }) {
        const publisher = EdgePublisher.fromConfig(config);
        const placements = placementIndexOverHttp({ discovery, auth });
        scaffolder.addActions(
          createRenderAction({
            catalog,
            validation: {
              allowClusterScoped: publisher.config.allowClusterScoped,
            },
          }),
          createPublishAction({
            catalog,
            permissions,
            publisher,
            placements,
            appBaseUrl: config.getOptionalString('app.baseUrl'),
          }),
          createUnpublishAction({
            catalog,
            permissions,
            publisher,
            placements,
          }),
          createRegisterAction({ catalog, dataDir: publisher.config.dataDir }),
          createUnregisterAction({
            catalog,
            permissions,
            dataDir: publisher.config.dataDir,
          }),
          createBatchAction({ discovery, auth }),
        );
      },
    });
  },
});
