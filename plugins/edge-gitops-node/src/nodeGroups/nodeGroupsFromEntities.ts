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
  nodeGroups.sort((a, b) => a.name.localeCompare(b.name));
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
