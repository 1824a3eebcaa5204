import { makeFieldSchema } from '@backstage/plugin-scaffolder-react';

/**
 * The schema of the EdgeApplicationName field: a string, and whether the template creates
 * the application (then a taken name is refused at the field).
 *
 * @public
 */
export const EdgeApplicationNameFieldSchema = makeFieldSchema({
  output: z => z.string(),
  uiOptions: z =>
    z.object({
      create: z
        .boolean()
        .optional()
        .describe(
          'Refuse a name git or the catalog already holds (default true: create templates)',
        ),
    }),
});

/** @public */
export type EdgeApplicationNameUiOptions = NonNullable<
  (typeof EdgeApplicationNameFieldSchema.TProps.uiSchema)['ui:options']
>;
