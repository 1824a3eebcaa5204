import type { ApiHolder } from '@backstage/core-plugin-api';
import { targetProblems } from '@edge-gitops/plugin-edge-gitops-common';
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
  // The model's problems, with paths inside this field (`nodeGroups: …`).
  for (const p of targetProblems(matchedBy(targets, items))) {
    const path = p.path.replace(/^spec\.targets\.?/, '');
    field.addError(path ? `${path}: ${p.message}` : p.message);
  }
}
