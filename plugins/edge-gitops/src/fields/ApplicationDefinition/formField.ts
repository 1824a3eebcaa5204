import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import { ApplicationDefinitionField } from './ApplicationDefinitionField';
import { EdgeApplicationDefinitionFieldSchema } from './schema';
import { validateApplicationDefinition } from './validation';

/** The EdgeApplicationDefinition field for the new frontend system (FormFieldBlueprint). */
export const edgeApplicationDefinitionFormField = createFormField({
  name: 'EdgeApplicationDefinition',
  component: ApplicationDefinitionField,
  validation: validateApplicationDefinition as any,
  schema: EdgeApplicationDefinitionFieldSchema,
});
