/**
 * Catalog annotations and labels shared by every edge-gitops package.
 *
 * @public
 */
export const NODE_GROUP_ENTITY_TYPE = 'edge-node-group';
/** @public */
export const ANNOTATION_REPO_URL = 'edge-gitops.io/repo-url';
/** @public */
export const ANNOTATION_REPO_BRANCH = 'edge-gitops.io/repo-branch';
/** @public */
export const ANNOTATION_REPO_PATH = 'edge-gitops.io/repo-path';
/**
 * On a Component: the EdgeApplication it stands for.
 *
 * @public
 */
export const ANNOTATION_APPLICATION = 'edge-gitops.io/application';

/**
 * Labels every rendered object carries (see docs/node-groups.md).
 *
 * @public
 */
export const LABEL_NAME = 'app.kubernetes.io/name';
/** @public */
export const LABEL_PART_OF = 'app.kubernetes.io/part-of';
/** @public */
export const LABEL_MANAGED_BY = 'app.kubernetes.io/managed-by';
/** @public */
export const LABEL_NODE_GROUP = 'edge-gitops.io/node-group';
/** @public */
export const MANAGED_BY = 'edge-gitops';
