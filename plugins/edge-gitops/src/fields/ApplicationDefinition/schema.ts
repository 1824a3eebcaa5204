import { makeFieldSchema } from '@backstage/plugin-scaffolder-react';

/**
 * The schema of the EdgeApplicationDefinition field: the application's YAML text, loaded
 * from git for the application named by another field of the form (`nameField`).
 *
 * @public
 */
export const EdgeApplicationDefinitionFieldSchema = makeFieldSchema({
  output: z => z.string(),
  uiOptions: z =>
    z.object({
      nameField: z
        .string()
        .optional()
        .describe(
          'The form field holding the application name (default: name)',
        ),
    }),
});

/** @public */
export type EdgeApplicationDefinitionUiOptions = NonNullable<
  (typeof EdgeApplicationDefinitionFieldSchema.TProps.uiSchema)['ui:options']
>;
