/**
 * Scaffolder actions of edge-gitops: edge-gitops:render, :publish, :unpublish and :register.
 *
 * @packageDocumentation
 */
export { scaffolderModuleEdgeGitops as default } from './module';
export { createRenderAction } from './actions/render';
export { createPublishAction, type PublishActionDeps } from './actions/publish';
export { createUnpublishAction } from './actions/unpublish';
export { createRegisterAction } from './actions/register';
export { createUnregisterAction } from './actions/unregister';
export {
  createBatchAction,
  type BatchActionDeps,
  type BatchActionInput,
} from './actions/batch';
export {
  placementIndexOverHttp,
  type PlacementIndexClient,
} from './actions/placementIndexClient';
