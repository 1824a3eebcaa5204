import type { Entity } from '@backstage/catalog-model';
import {
  ANNOTATION_APPLICATION,
  NODE_GROUP_ENTITY_TYPE,
} from '@edge-gitops/plugin-edge-gitops-common';

/**
 * A catalog Component that stands for an EdgeApplication.
 *
 * @public
 */
export const isEdgeApplication = (entity: Entity): boolean =>
  Boolean(entity.metadata.annotations?.[ANNOTATION_APPLICATION]);

/**
 * A catalog Resource that is an edge node group.
 *
 * @public
 */
export const isEdgeNodeGroup = (entity: Entity): boolean =>
  entity.kind.toLowerCase() === 'resource' &&
  entity.spec?.type === NODE_GROUP_ENTITY_TYPE;
