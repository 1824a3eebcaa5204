import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import { EdgeServicesFieldSchema } from './schema';
import { ServicesField } from './ServicesField';
import { validateServices } from './validation';

/** The EdgeServices field for the new frontend system (FormFieldBlueprint). */
export const edgeServicesFormField = createFormField({
  name: 'EdgeServices',
  component: ServicesField,
  validation: validateServices as any,
  schema: EdgeServicesFieldSchema,
});
