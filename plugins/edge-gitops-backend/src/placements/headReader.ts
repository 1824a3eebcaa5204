import type { GitLocation } from '@edge-gitops/plugin-edge-gitops-common';
import type { BranchHead } from '@edge-gitops/plugin-edge-gitops-node';

/**
 * Reads a node group's git head; cached for remote locations.
 *
 * @public
 */
export type HeadReader = (location: GitLocation) => Promise<BranchHead>;
