import {
  ANNOTATION_REPO_BRANCH,
  ANNOTATION_REPO_PATH,
  ANNOTATION_REPO_URL,
  NODE_GROUP_ENTITY_TYPE,
} from './constants';
import { DNS1123_LABEL_HINT, isDns1123Label } from './names';

/**
 * Where a node group's GitOps agent reads its manifests from.
 *
 * @public
 */
export interface GitLocation {
  /** https URL, file URL, or a path (relative paths are resolved by the caller). */
  url: string;
  branch: string;
  /** Folder inside the repository, normalised: '' for the root, else 'a/b' without slashes at the ends. */
  path: string;
}

/**
 * A set of edge nodes that syncs exactly one git location (see docs/node-groups.md).
 *
 * @public
 */
export interface NodeGroup {
  name: string;
  title?: string;
  description?: string;
  owner?: string;
  labels: Record<string, string>;
  git: GitLocation;
}

/**
 * The subset of a catalog entity this module reads; keeps common free of catalog-model.
 *
 * @public
 */
export interface NodeGroupEntityLike {
  kind?: string;
  metadata: {
    name: string;
    title?: string;
    description?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  spec?: Record<string, unknown> | { [key: string]: any };
}

/** @public */
export class NodeGroupError extends Error {
  constructor(
    readonly nodeGroup: string,
    readonly field: string,
    message: string,
  ) {
    super(`node group ${nodeGroup}: ${field}: ${message}`);
    this.name = 'NodeGroupError';
  }
}

/** @public */
export function isNodeGroupEntity(entity: NodeGroupEntityLike): boolean {
  return (
    (entity.kind === undefined || entity.kind.toLowerCase() === 'resource') &&
    entity.spec?.type === NODE_GROUP_ENTITY_TYPE
  );
}

/**
 * Normalises a path inside a repository and refuses anything that would leave it.
 * Returns '' for the repository root.
 *
 * @public
 */
export function normaliseRepoPath(
  raw: string | undefined,
  nodeGroup: string,
): string {
  const field = `metadata.annotations["${ANNOTATION_REPO_PATH}"]`;
  const value = (raw ?? '/').trim();
  if (value.includes('\0') || value.includes('\\')) {
    throw new NodeGroupError(
      nodeGroup,
      field,
      'must not contain NUL or backslashes',
    );
  }
  const parts = value.split('/').filter(p => p !== '' && p !== '.');
  if (parts.some(p => p === '..')) {
    throw new NodeGroupError(
      nodeGroup,
      field,
      `"${value}" must not contain ".."`,
    );
  }
  return parts.join('/');
}

/**
 * What is wrong with a repo-url, if anything. Entities are untrusted: a URL carrying
 * credentials would end up in caches, commits and errors; schemes other than https, http
 * and file, and scp-like `user@host:path`, are not something edge-gitops can reach. (Where
 * a local path may point is decided with the data folder, in the node package.)
 */
function repoUrlProblem(url: string): string | undefined {
  if (/[\0\r\n]/.test(url)) return 'must not contain NUL or line breaks';
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
  if (scheme && !['https', 'http', 'file'].includes(scheme))
    return `${scheme}: URLs are not supported; use https://, http:// or a path`;
  if (!scheme && /^[^/]*@[^/]*:/.test(url))
    return 'scp-like "user@host:path" is not supported; use an https:// URL';
  if (scheme === 'https' || scheme === 'http') {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return 'is not a valid URL';
    }
    if (parsed.username || parsed.password)
      return 'must not carry credentials; configure them in app-config (integrations or edgeGitops.git.hosts)';
  }
  return undefined;
}

/**
 * Reads a node group from its catalog entity (kind Resource, spec.type edge-node-group).
 *
 * @public
 */
export function nodeGroupFromEntity(entity: NodeGroupEntityLike): NodeGroup {
  const name = entity.metadata.name;
  // The name becomes folder names, labels and file paths: nothing but a DNS-1123 label.
  if (!isDns1123Label(name))
    throw new NodeGroupError(String(name), 'metadata.name', DNS1123_LABEL_HINT);
  if (!isNodeGroupEntity(entity)) {
    throw new NodeGroupError(
      name,
      'spec.type',
      `must be "${NODE_GROUP_ENTITY_TYPE}" on a Resource`,
    );
  }
  const annotations = entity.metadata.annotations ?? {};
  const url = annotations[ANNOTATION_REPO_URL]?.trim();
  if (!url) {
    throw new NodeGroupError(
      name,
      `metadata.annotations["${ANNOTATION_REPO_URL}"]`,
      'is required: the git repository this node group syncs',
    );
  }
  const urlProblem = repoUrlProblem(url);
  if (urlProblem)
    throw new NodeGroupError(
      name,
      `metadata.annotations["${ANNOTATION_REPO_URL}"]`,
      urlProblem,
    );
  const owner = entity.spec?.owner;
  return {
    name,
    ...(entity.metadata.title ? { title: entity.metadata.title } : {}),
    ...(entity.metadata.description
      ? { description: entity.metadata.description }
      : {}),
    ...(typeof owner === 'string' ? { owner } : {}),
    labels: { ...(entity.metadata.labels ?? {}) },
    git: {
      url,
      branch: annotations[ANNOTATION_REPO_BRANCH]?.trim() || 'main',
      path: normaliseRepoPath(annotations[ANNOTATION_REPO_PATH], name),
    },
  };
}

/**
 * Node groups that share a repository and branch are published through one clone.
 *
 * @public
 */
export function gitRepositoryKey(location: GitLocation): string {
  return `${location.url}#${location.branch}`;
}
