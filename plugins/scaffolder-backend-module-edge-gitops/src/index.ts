/**
 * Scaffolder actions of edge-gitops: edge-gitops:render, :publish, :unpublish and :register.
 *
 * @packageDocumentation
 */
export { scaffolderModuleEdgeGitops as default } from './module';
export { createRenderAction } from './actions/render';
export { createPublishAction, createUnpublishAction } from './actions/publish';
export { createRegisterAction } from './actions/register';
