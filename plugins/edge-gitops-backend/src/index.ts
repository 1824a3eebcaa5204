/**
 * edge-gitops backend plugin.
 *
 * @packageDocumentation
 */
export { edgeGitopsPlugin as default } from './plugin';
