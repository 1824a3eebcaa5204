import {
  isNodeGroupEntity,
  NodeGroup,
  NodeGroupEntityLike,
  nodeGroupFromEntity,
  NodeGroupIssue,
  NODE_GROUP_ENTITY_TYPE,
} from '@edge-gitops/plugin-edge-gitops-common';

/** @public */
export interface NodeGroupList {
  nodeGroups: NodeGroup[];
  /** Entities that look like node groups but cannot be used, with the reason. */
  issues: NodeGroupIssue[];
}

/**
 * Turns catalog entities into node groups, keeping the broken ones apart with a reason.
 *
 * @public
 */
export function nodeGroupsFromEntities(
  entities: readonly NodeGroupEntityLike[],
): NodeGroupList {
  const nodeGroups: NodeGroup[] = [];
  const issues: NodeGroupIssue[] = [];
  for (const entity of entities) {
    if (!isNodeGroupEntity(entity)) continue;
    try {
      nodeGroups.push(nodeGroupFromEntity(entity));
    } catch (e) {
      issues.push({
        entity: entity.metadata.name,
        message: (e as Error).message,
      });
    }
  }
  const claimed = refuseSharedLocations(nodeGroups);
  issues.push(...claimed.issues);
  claimed.nodeGroups.sort((a, b) => a.name.localeCompare(b.name));
  return { nodeGroups: claimed.nodeGroups, issues };
}

/**
 * The repository a URL names, compared loosely (host case, a trailing slash or `.git`)
 * so that spelling it differently does not make it another repository.
 */
function repositoryIdentity(url: string): string {
  return url
    .trim()
    .replace(/\/+$/, '')
    .replace(/\.git$/, '')
    .toLowerCase();
}

/** Whether two folders of one branch overlap: the same, or one inside the other. */
function overlaps(a: string, b: string): boolean {
  return (
    a === b ||
    a === '' ||
    b === '' ||
    a.startsWith(`${b}/`) ||
    b.startsWith(`${a}/`)
  );
}

/**
 * One git location belongs to one node group. Entities are untrusted: anyone who can
 * register one could otherwise point a look-alike node group, on which a permission check
 * passes, at another team's repository folder. Every claimant of a shared location is
 * refused, since nothing says which came first; an operator fixes the entities.
 */
function refuseSharedLocations(groups: NodeGroup[]): NodeGroupList {
  const byBranch = new Map<string, NodeGroup[]>();
  for (const group of groups) {
    const key = `${repositoryIdentity(group.git.url)}#${group.git.branch}`;
    byBranch.set(key, [...(byBranch.get(key) ?? []), group]);
  }
  const nodeGroups: NodeGroup[] = [];
  const issues: NodeGroupIssue[] = [];
  for (const group of groups) {
    const others = byBranch
      .get(`${repositoryIdentity(group.git.url)}#${group.git.branch}`)!
      .filter(o => o !== group && overlaps(o.git.path, group.git.path))
      .map(o => o.name);
    if (!others.length) {
      nodeGroups.push(group);
      continue;
    }
    issues.push({
      entity: group.name,
      message: `its git location (${group.git.url}, branch ${
        group.git.branch
      }, path /${group.git.path}) is also claimed by node group ${others.join(
        ', ',
      )}: one git location belongs to one node group, so none of them is used until the entities are fixed`,
    });
  }
  return { nodeGroups, issues };
}

/**
 * The catalog filter that selects node group entities.
 *
 * @public
 */
export const NODE_GROUP_CATALOG_FILTER = {
  kind: 'Resource',
  'spec.type': NODE_GROUP_ENTITY_TYPE,
} as const;
