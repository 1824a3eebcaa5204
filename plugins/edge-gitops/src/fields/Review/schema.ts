import { makeFieldSchema } from '@backstage/plugin-scaffolder-react';

/**
 * The schema of the EdgeReview field: it shows what publishing the form's application
 * would write, and holds a summary of that preview (templates need not read it).
 *
 * @public
 */
export const EdgeReviewFieldSchema = makeFieldSchema({
  output: z =>
    z.object({
      application: z.string().optional(),
      changedNodeGroups: z
        .number()
        .optional()
        .describe('How many node groups publishing changes'),
      warnings: z
        .number()
        .optional()
        .describe('How many warnings a reviewer should see'),
    }),
});

/** @public */
export type EdgeReviewValue = typeof EdgeReviewFieldSchema.TOutput;
