import { createScaffolderFieldExtension } from '@backstage/plugin-scaffolder-react';
import { edgeGitopsPlugin } from '../../plugin';
import { ApplicationDefinitionField } from './ApplicationDefinitionField';
import { EdgeApplicationDefinitionFieldSchema } from './schema';
import { validateApplicationDefinition } from './validation';

/**
 * `ui:field: EdgeApplicationDefinition`: the application as git holds it, loaded for
 * editing and checked at the field with the model's messages (edge-update,
 * docs/templates.md).
 *
 * @public
 */
export const EdgeApplicationDefinitionFieldExtension = edgeGitopsPlugin.provide(
  createScaffolderFieldExtension({
    name: 'EdgeApplicationDefinition',
    component: ApplicationDefinitionField,
    validation: validateApplicationDefinition as any,
    schema: EdgeApplicationDefinitionFieldSchema.schema,
  }),
);
