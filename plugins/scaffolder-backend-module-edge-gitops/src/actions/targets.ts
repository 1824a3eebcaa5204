import { InputError } from '@backstage/errors';
import {
  checkPlacement,
  EdgeApplication,
  NodeGroup,
  requireTargets,
  TargetsError,
} from '@edge-gitops/plugin-edge-gitops-common';

/** The targeted node groups; wrong targets become an InputError, as the scaffolder expects. */
export function targetsOf(
  app: EdgeApplication,
  groups: readonly NodeGroup[],
): NodeGroup[] {
  try {
    return requireTargets(app, groups);
  } catch (e) {
    if (e instanceof TargetsError) throw new InputError(e.message);
    throw e;
  }
}

/** Why the application cannot go to this node group on its own terms (architecture), if so. */
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
