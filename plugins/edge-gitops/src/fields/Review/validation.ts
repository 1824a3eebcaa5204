import type { ApiHolder } from '@backstage/core-plugin-api';
import {
  applicationOfFormData,
  ApplicationFormData,
  ApplicationPreviewResponse,
} from '@edge-gitops/plugin-edge-gitops-common';
import { edgeGitopsApiRef } from '../../api/EdgeGitopsApi';

/** What stops publishing, one line each: the model's problems, then node groups' problems. */
export function blockingProblems(
  preview: ApplicationPreviewResponse,
): string[] {
  return [
    ...preview.errors.map(e => `${e.path}: ${e.message}`),
    ...preview.changes.flatMap(c =>
      c.problems.map(
        p =>
          `${c.nodeGroups.join(', ')}: ${p.path ? `${p.path}: ` : ''}${
            p.message
          }`,
      ),
    ),
  ];
}

/**
 * The review step cannot be passed while the backend's dry run refuses the application:
 * the same messages publishing would fail with, before anything is written.
 */
export async function validateReview(
  _value: unknown,
  field: { addError(message: string): void },
  context: { apiHolder: ApiHolder; formData?: ApplicationFormData },
): Promise<void> {
  const api = context.apiHolder.get(edgeGitopsApiRef);
  if (!api || !context.formData) return;
  const preview = await api.previewApplication(
    applicationOfFormData(context.formData),
  );
  for (const message of blockingProblems(preview)) field.addError(message);
}
