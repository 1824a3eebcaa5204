import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import { ReviewField } from './ReviewField';
import { EdgeReviewFieldSchema } from './schema';
import { validateReview } from './validation';

/** The EdgeReview field for the new frontend system (FormFieldBlueprint). */
export const edgeReviewFormField = createFormField({
  name: 'EdgeReview',
  component: ReviewField,
  validation: validateReview as any,
  schema: EdgeReviewFieldSchema,
});
