import {
  checkPlacement,
  EdgeApplication,
  NodeGroup,
} from '@edge-gitops/plugin-edge-gitops-common';

/**
 * Why the application cannot go to this node group on its own terms (architecture), if so.
 *
 * @public
 */
export function placementError(
  app: EdgeApplication,
  group: NodeGroup,
): string | undefined {
  const errors = checkPlacement(app, group, []).filter(
    p => p.severity === 'error',
  );
  return errors.length
    ? errors.map(e => `${e.path}: ${e.message}`).join('; ')
    : undefined;
}
