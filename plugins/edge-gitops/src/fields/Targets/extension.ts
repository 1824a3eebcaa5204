import { createScaffolderFieldExtension } from '@backstage/plugin-scaffolder-react';
import { edgeGitopsPlugin } from '../../plugin';
import { EdgeTargetsFieldSchema } from './schema';
import { TargetsField } from './TargetsField';
import { validateTargets } from './validation';

/**
 * `ui:field: EdgeTargets`: node groups by name or label and the node selector, with the
 * node groups that match shown live (docs/templates.md).
 *
 * @public
 */
export const EdgeTargetsFieldExtension = edgeGitopsPlugin.provide(
  createScaffolderFieldExtension({
    name: 'EdgeTargets',
    component: TargetsField,
    validation: validateTargets as any,
    schema: EdgeTargetsFieldSchema.schema,
  }),
);
