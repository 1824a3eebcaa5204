import { makeFieldSchema } from '@backstage/plugin-scaffolder-react';

/**
 * The schema of the EdgeServices field: `spec.services` of the EdgeApplication, and which
 * kinds of service the template offers.
 *
 * @public
 */
export const EdgeServicesFieldSchema = makeFieldSchema({
  // Each item is an EdgeService (the model's type); its JSON Schema is the model's.
  output: z => z.array(z.any()),
  uiOptions: z =>
    z.object({
      kinds: z
        .array(z.enum(['Deployment', 'DaemonSet', 'Job', 'CronJob']))
        .optional()
        .describe('The kinds a person can add (default: all four)'),
      hostAccessField: z
        .string()
        .optional()
        .describe(
          'A boolean form field that must be true before privileged, host network and host PID are offered (a page a permission policy can hide)',
        ),
    }),
});

/** @public */
export type EdgeServicesUiOptions = NonNullable<
  (typeof EdgeServicesFieldSchema.TProps.uiSchema)['ui:options']
>;
