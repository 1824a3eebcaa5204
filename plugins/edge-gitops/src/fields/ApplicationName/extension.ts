import { createScaffolderFieldExtension } from '@backstage/plugin-scaffolder-react';
import { edgeGitopsPlugin } from '../../plugin';
import { ApplicationNameField } from './ApplicationNameField';
import { EdgeApplicationNameFieldSchema } from './schema';
import { validateApplicationName } from './validation';

/**
 * `ui:field: EdgeApplicationName`: an application name checked at the field, as the create
 * templates need it (docs/templates.md).
 *
 * @public
 */
export const EdgeApplicationNameFieldExtension = edgeGitopsPlugin.provide(
  createScaffolderFieldExtension({
    name: 'EdgeApplicationName',
    component: ApplicationNameField,
    validation: validateApplicationName as any,
    schema: EdgeApplicationNameFieldSchema.schema,
  }),
);
