/** Catalog annotations and labels shared by every edge-gitops package. */
export const NODE_GROUP_ENTITY_TYPE = 'edge-node-group';
export const ANNOTATION_REPO_URL = 'edge-gitops.io/repo-url';
export const ANNOTATION_REPO_BRANCH = 'edge-gitops.io/repo-branch';
export const ANNOTATION_REPO_PATH = 'edge-gitops.io/repo-path';
/** On a Component: the EdgeApplication it stands for. */
export const ANNOTATION_APPLICATION = 'edge-gitops.io/application';

/** Labels every rendered object carries (SPEC section 5). */
export const LABEL_NAME = 'app.kubernetes.io/name';
export const LABEL_PART_OF = 'app.kubernetes.io/part-of';
export const LABEL_MANAGED_BY = 'app.kubernetes.io/managed-by';
export const LABEL_NODE_GROUP = 'edge-gitops.io/node-group';
export const MANAGED_BY = 'edge-gitops';
