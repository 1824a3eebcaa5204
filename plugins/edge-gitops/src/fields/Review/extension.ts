import { createScaffolderFieldExtension } from '@backstage/plugin-scaffolder-react';
import { edgeGitopsPlugin } from '../../plugin';
import { ReviewField } from './ReviewField';
import { EdgeReviewFieldSchema } from './schema';
import { validateReview } from './validation';

/**
 * `ui:field: EdgeReview`: before publishing, the manifests and the change each node group
 * would get, the warnings a reviewer should see and the validation problems (docs/templates.md).
 *
 * @public
 */
export const EdgeReviewFieldExtension = edgeGitopsPlugin.provide(
  createScaffolderFieldExtension({
    name: 'EdgeReview',
    component: ReviewField,
    validation: validateReview as any,
    schema: EdgeReviewFieldSchema.schema,
  }),
);
