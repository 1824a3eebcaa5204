import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import { ApplicationNameField } from './ApplicationNameField';
import { EdgeApplicationNameFieldSchema } from './schema';
import { validateApplicationName } from './validation';

/** The EdgeApplicationName field for the new frontend system (FormFieldBlueprint). */
export const edgeApplicationNameFormField = createFormField({
  name: 'EdgeApplicationName',
  component: ApplicationNameField,
  validation: validateApplicationName as any,
  schema: EdgeApplicationNameFieldSchema,
});
