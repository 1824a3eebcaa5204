import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import { EdgeTargetsFieldSchema } from './schema';
import { TargetsField } from './TargetsField';
import { validateTargets } from './validation';

/** The EdgeTargets field for the new frontend system (FormFieldBlueprint). */
export const edgeTargetsFormField = createFormField({
  name: 'EdgeTargets',
  component: TargetsField,
  validation: validateTargets as any,
  schema: EdgeTargetsFieldSchema,
});
