import type { ApiHolder } from '@backstage/core-plugin-api';
import { edgeGitopsApiRef } from '../../api/EdgeGitopsApi';
import type { EdgeTargetsValue } from './schema';
import { matchedBy } from './targetsValue';

/**
 * Checks the targets at the field, with the messages publishing gives: every named node
 * group exists, and the targets match at least one node group.
 */
export async function validateTargets(
  targets: EdgeTargetsValue | undefined,
  field: { addError(message: string): void },
  context: { apiHolder: ApiHolder },
): Promise<void> {
  const api = context.apiHolder.get(edgeGitopsApiRef);
  if (!api) return;
  const { items } = await api.listNodeGroups();
  const resolved = matchedBy(targets, items);
  if (resolved.unknownNames.length)
    field.addError(
      `nodeGroups: no node group named ${resolved.unknownNames.join(', ')}`,
    );
  else if (resolved.emptyBecause) field.addError(resolved.emptyBecause);
}
